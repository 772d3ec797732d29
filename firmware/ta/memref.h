/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory references handed to Trusted Applications.
 *
 * A memref is a checked view of client memory: the layer that built it (the
 * OP-TEE ABI for normal-world clients) has already proven that every byte of
 * it lies in one kind of memory (non-secure RAM or a secure data path range)
 * and which accesses its direction grants. The bytes are reached through
 * segments: a contiguous physical range (a temporary memref or a buffer with
 * a physical address) or a run of 4 KiB pages (registered shared memory,
 * whose pages are scattered). TAs never see physical addresses: they copy
 * with the helpers below or walk the segments with a cursor.
 *
 * A memref is only valid during the call it was passed to.
 */
#ifndef TA_MEMREF_H
#define TA_MEMREF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tee_api.h"

#define MEMREF_PAGE_SIZE	4096u
#define MEMREF_PAGE_SHIFT	12

enum memref_kind {
	MEMREF_KIND_NULL = 0,	/* no buffer (GP NULL memref, size may be set) */
	MEMREF_KIND_NSEC = 1,	/* wholly in non-secure memory */
	MEMREF_KIND_SECURE = 2,	/* wholly in one secure data path range */
};

#define MEMREF_ACCESS_READ	0x1u
#define MEMREF_ACCESS_WRITE	0x2u

/*
 * @base: contiguous view: PA of byte 0; paged view: offset of byte 0 in the
 * page pages[0] (< 4096).
 */
struct memref {
	uint64_t size;		/* GP memref.size: the TA may update it */
	uint64_t bound;		/* bytes backed by the view, fixed by the builder */
	uint64_t base;
	const uint64_t *pages;	/* paged: PAs of 4 KiB pages; NULL: contiguous */
	uint8_t kind;		/* enum memref_kind */
	uint8_t access;		/* MEMREF_ACCESS_* granted by the direction */
};

/* Builders (used by the layer that validated the memory). */
void memref_init_null(struct memref *m, uint64_t size);
void memref_init_contig(struct memref *m, enum memref_kind kind,
			uint8_t access, uint64_t pa, uint64_t size);
void memref_init_paged(struct memref *m, enum memref_kind kind,
		       uint8_t access, const uint64_t *pages,
		       uint64_t first_offset, uint64_t size);

/*
 * TEE_CheckMemoryAccessRights() for a memref: TEE_SUCCESS when the whole
 * [0, size) is backed and has the kind (TEE_MEMORY_ACCESS_SECURE or
 * _NONSECURE) and rights (_READ, _WRITE) asked for, else
 * TEE_ERROR_ACCESS_DENIED. A NULL memref never passes.
 */
TEE_Result memref_check_access(const struct memref *m, uint32_t flags);

static inline bool memref_is_secure(const struct memref *m)
{
	return m->kind == MEMREF_KIND_SECURE;
}

/*
 * Copies; each checks bounds (against @bound, overflow-safe) and the rights
 * (read on the source, write on the destination) and returns 0, or -1
 * without touching memory.
 */
int memref_read(const struct memref *m, uint64_t off, void *dst, size_t len);
int memref_write(const struct memref *m, uint64_t off, const void *src,
		 size_t len);
int memref_copy(const struct memref *dst, uint64_t dst_off,
		const struct memref *src, uint64_t src_off, uint64_t len);

/*
 * [0, len) of @m as one physically contiguous run with @access, or NULL
 * (len 0, out of bounds, rights missing, not contiguous). Segments that
 * happen to follow each other count as one run. @access 0 only looks at
 * where the bytes are; write access drops the frame log's entries for
 * them, as every write does, so take it just before writing.
 */
uint8_t *memref_contig(const struct memref *m, uint64_t len, uint8_t access);

/*
 * Segment cursor over [off, off + len) of a memref, for in-place work:
 *
 *	if (memref_cursor_init(&c, m, 0, m->size, MEMREF_ACCESS_READ |
 *			       MEMREF_ACCESS_WRITE))
 *		return error;
 *	while (memref_cursor_next(&c, &p, &n))
 *		work on p[0..n-1];
 */
struct memref_cursor {
	const struct memref *m;
	uint64_t off;
	uint64_t end;
};

int memref_cursor_init(struct memref_cursor *c, const struct memref *m,
		       uint64_t off, uint64_t len, uint8_t access);
bool memref_cursor_next(struct memref_cursor *c, uint8_t **ptr, size_t *len);

#endif /* TA_MEMREF_H */

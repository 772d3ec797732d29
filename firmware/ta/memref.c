// SPDX-License-Identifier: GPL-2.0
/*
 * Memory references: segmented views of validated client memory and the
 * copy helpers TAs use on them.
 *
 * Every write into secure memory goes through here (memref_write(),
 * memref_copy(), a cursor with write access), and each one first drops the
 * frame log's entries for the bytes about to change (frame_log.h).
 */
#include <string.h>

#include "frame_log.h"
#include "fw.h"
#include "memref.h"

void memref_init_null(struct memref *m, uint64_t size)
{
	memset(m, 0, sizeof(*m));
	m->kind = MEMREF_KIND_NULL;
	m->size = size;
}

void memref_init_contig(struct memref *m, enum memref_kind kind,
			uint8_t access, uint64_t pa, uint64_t size)
{
	memset(m, 0, sizeof(*m));
	m->kind = (uint8_t)kind;
	m->access = access;
	m->base = pa;
	m->size = size;
	m->bound = size;
}

void memref_init_paged(struct memref *m, enum memref_kind kind,
		       uint8_t access, const uint64_t *pages,
		       uint64_t first_offset, uint64_t size)
{
	memset(m, 0, sizeof(*m));
	m->kind = (uint8_t)kind;
	m->access = access;
	m->pages = pages;
	m->base = first_offset;
	m->size = size;
	m->bound = size;
}

/* [off, off + len) inside [0, bound), without overflow. */
static bool in_bound(const struct memref *m, uint64_t off, uint64_t len)
{
	return off <= m->bound && len <= m->bound - off;
}

static bool can_access(const struct memref *m, uint8_t access)
{
	if (m->kind == MEMREF_KIND_NULL)
		return false;
	return (m->access & access) == access;
}

TEE_Result memref_check_access(const struct memref *m, uint32_t flags)
{
	uint8_t access = 0;

	if (m->kind == MEMREF_KIND_NULL)
		return TEE_ERROR_ACCESS_DENIED;
	if ((flags & TEE_MEMORY_ACCESS_SECURE) &&
	    m->kind != MEMREF_KIND_SECURE)
		return TEE_ERROR_ACCESS_DENIED;
	if ((flags & TEE_MEMORY_ACCESS_NONSECURE) &&
	    m->kind != MEMREF_KIND_NSEC)
		return TEE_ERROR_ACCESS_DENIED;
	if (flags & TEE_MEMORY_ACCESS_READ)
		access |= MEMREF_ACCESS_READ;
	if (flags & TEE_MEMORY_ACCESS_WRITE)
		access |= MEMREF_ACCESS_WRITE;
	if (!can_access(m, access))
		return TEE_ERROR_ACCESS_DENIED;
	if (m->size > m->bound)
		return TEE_ERROR_ACCESS_DENIED;
	return TEE_SUCCESS;
}

/*
 * Physical address of byte @off (< bound) and the length of the contiguous
 * run that starts there, clipped to the view.
 */
static uint64_t seg_at(const struct memref *m, uint64_t off, uint64_t *run)
{
	uint64_t x, in_page, n;

	if (!m->pages) {
		*run = m->bound - off;
		return m->base + off;
	}
	x = m->base + off;
	in_page = x & (MEMREF_PAGE_SIZE - 1);
	n = MEMREF_PAGE_SIZE - in_page;
	if (n > m->bound - off)
		n = m->bound - off;
	*run = n;
	return m->pages[x >> MEMREF_PAGE_SHIFT] + in_page;
}

/* The frame log forgets what [off, off + len) of a secure @m held. */
static void forget_written(const struct memref *m, uint64_t off, uint64_t len)
{
	uint64_t run, pa;

	if (m->kind != MEMREF_KIND_SECURE)
		return;
	while (len) {
		pa = seg_at(m, off, &run);
		run = run < len ? run : len;
		frame_log_forget((uintptr_t)fw_phys_to_ptr(pa), run);
		off += run;
		len -= run;
	}
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

int memref_read(const struct memref *m, uint64_t off, void *dst, size_t len)
{
	uint8_t *d = dst;
	uint64_t run, pa;

	if (!can_access(m, MEMREF_ACCESS_READ) || !in_bound(m, off, len))
		return -1;
	while (len) {
		pa = seg_at(m, off, &run);
		run = min_u64(run, len);
		memmove(d, fw_phys_to_ptr(pa), run);
		d += run;
		off += run;
		len -= run;
	}
	return 0;
}

int memref_write(const struct memref *m, uint64_t off, const void *src,
		 size_t len)
{
	const uint8_t *s = src;
	uint64_t run, pa;

	if (!can_access(m, MEMREF_ACCESS_WRITE) || !in_bound(m, off, len))
		return -1;
	forget_written(m, off, len);
	while (len) {
		pa = seg_at(m, off, &run);
		run = min_u64(run, len);
		memmove(fw_phys_to_ptr(pa), s, run);
		s += run;
		off += run;
		len -= run;
	}
	return 0;
}

int memref_copy(const struct memref *dst, uint64_t dst_off,
		const struct memref *src, uint64_t src_off, uint64_t len)
{
	uint64_t drun, srun, dpa, spa, n;

	if (!can_access(dst, MEMREF_ACCESS_WRITE) ||
	    !can_access(src, MEMREF_ACCESS_READ) ||
	    !in_bound(dst, dst_off, len) || !in_bound(src, src_off, len))
		return -1;
	forget_written(dst, dst_off, len);
	while (len) {
		dpa = seg_at(dst, dst_off, &drun);
		spa = seg_at(src, src_off, &srun);
		n = min_u64(min_u64(drun, srun), len);
		/* the two views may overlap: memmove, word-wise either way */
		memmove(fw_phys_to_ptr(dpa), fw_phys_to_ptr(spa), n);
		dst_off += n;
		src_off += n;
		len -= n;
	}
	return 0;
}

int memref_cursor_init(struct memref_cursor *c, const struct memref *m,
		       uint64_t off, uint64_t len, uint8_t access)
{
	if (!can_access(m, access) || !in_bound(m, off, len))
		return -1;
	if (access & MEMREF_ACCESS_WRITE)
		forget_written(m, off, len);
	c->m = m;
	c->off = off;
	c->end = off + len;
	return 0;
}

bool memref_cursor_next(struct memref_cursor *c, uint8_t **ptr, size_t *len)
{
	uint64_t run, pa;

	if (c->off >= c->end)
		return false;
	pa = seg_at(c->m, c->off, &run);
	run = min_u64(run, c->end - c->off);
	*ptr = fw_phys_to_ptr(pa);
	*len = run;
	c->off += run;
	return true;
}

uint8_t *memref_contig(const struct memref *m, uint64_t len, uint8_t access)
{
	struct memref_cursor c;
	uint8_t *start, *p;
	uintptr_t next;
	size_t n;

	if (memref_cursor_init(&c, m, 0, len, access) ||
	    !memref_cursor_next(&c, &start, &n))
		return NULL;
	next = (uintptr_t)start + n;
	while (memref_cursor_next(&c, &p, &n)) {
		if ((uintptr_t)p != next)
			return NULL;
		next += n;
	}
	return start;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The frame log: which whole frames (and bitstreams) the secure world
 * wrote into secure memory, and where.
 *
 * The video TA logs each frame it completes (DECODE_FRAME, CONVERT_XRGB)
 * and each bitstream it decrypts (DECRYPT_SAMPLE), the JPEG engine TA each
 * frame it decodes into secure memory. The video TA answers DIGEST, and
 * takes CONVERT_XRGB sources, only for logged frames, the engine takes
 * only logged bitstreams as secure input; so no command can be pointed at
 * a caller-chosen window of secure memory. Any write by the secure world
 * into secure memory drops the entries it overlaps (memref.c calls
 * frame_log_forget() for every secure destination; the scrub PTA for the
 * range it clears), so an entry always describes what its range still
 * holds.
 *
 * Addresses are the secure world's own (physical, in the firmware). The log
 * is shared by all sessions; standard calls are serialised, so it needs no
 * lock. Pure logic: the host tests build it unchanged.
 */
#ifndef TA_FRAME_LOG_H
#define TA_FRAME_LOG_H

#include <stdbool.h>
#include <stdint.h>

#define FRAME_LOG_ENTRIES	64u
#define FRAME_LOG_DIGEST_SIZE	32u

struct frame_entry {
	uintptr_t start;		/* first byte of the frame */
	uint64_t span;			/* bytes from start the layout spans */
	uint32_t pixfmt;		/* SDP_VIDEO_PIXFMT_* */
	uint32_t width;
	uint32_t height;
	uint32_t stride;
	uint32_t uv_offset;		/* NV12; 0 otherwise */
	bool has_digest;		/* digest[] computed */
	uint8_t digest[FRAME_LOG_DIGEST_SIZE];
};

/*
 * Log @f (its digest not yet computed): replaces an entry with the same
 * start, else takes a free slot, else the oldest entry's.
 */
void frame_log_add(const struct frame_entry *f);

/* The entry for (start, pixfmt, stride, uv_offset), or NULL. */
struct frame_entry *frame_log_find(uintptr_t start, uint32_t pixfmt,
				   uint32_t stride, uint32_t uv_offset);

/* Drop every entry whose span overlaps [start, start + len). */
void frame_log_forget(uintptr_t start, uint64_t len);

/* Number of live entries (tests). */
unsigned int frame_log_count(void);

/* Empty the log. */
void frame_log_reset(void);

#endif /* TA_FRAME_LOG_H */

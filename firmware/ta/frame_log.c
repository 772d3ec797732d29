// SPDX-License-Identifier: GPL-2.0
/*
 * The frame log (frame_log.h): a small table, oldest entry replaced first.
 */
#include <string.h>

#include "frame_log.h"

struct slot {
	struct frame_entry f;
	uint64_t seq;			/* 0: free; else order of logging */
};

static struct slot slots[FRAME_LOG_ENTRIES];
static uint64_t next_seq = 1;

/* [a, a + alen) and [b, b + blen) overlap; lengths may be 0. */
static bool overlaps(uintptr_t a, uint64_t alen, uintptr_t b, uint64_t blen)
{
	if (!alen || !blen)
		return false;
	return a < b ? b - a < alen : a - b < blen;
}

void frame_log_add(const struct frame_entry *f)
{
	struct slot *s, *pick = NULL;
	unsigned int i;

	for (i = 0; i < FRAME_LOG_ENTRIES; i++) {
		s = &slots[i];
		if (s->seq && s->f.start == f->start) {
			pick = s;
			break;
		}
		if (!pick || (pick->seq && (!s->seq || s->seq < pick->seq)))
			pick = s;
	}
	pick->f = *f;
	pick->f.has_digest = false;
	pick->seq = next_seq++;
}

struct frame_entry *frame_log_find(uintptr_t start, uint32_t pixfmt,
				   uint32_t stride, uint32_t uv_offset)
{
	struct slot *s;
	unsigned int i;

	for (i = 0; i < FRAME_LOG_ENTRIES; i++) {
		s = &slots[i];
		if (s->seq && s->f.start == start && s->f.pixfmt == pixfmt &&
		    s->f.stride == stride && s->f.uv_offset == uv_offset)
			return &s->f;
	}
	return NULL;
}

void frame_log_forget(uintptr_t start, uint64_t len)
{
	struct slot *s;
	unsigned int i;

	for (i = 0; i < FRAME_LOG_ENTRIES; i++) {
		s = &slots[i];
		if (s->seq && overlaps(s->f.start, s->f.span, start, len))
			memset(s, 0, sizeof(*s));
	}
}

unsigned int frame_log_count(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < FRAME_LOG_ENTRIES; i++)
		n += slots[i].seq != 0;
	return n;
}

void frame_log_reset(void)
{
	memset(slots, 0, sizeof(slots));
	next_seq = 1;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Memory classification: which physical ranges are non-secure RAM the
 * normal world may share, which are secure data path memory, and which
 * temporary memrefs the OP-TEE boundary takes.
 */
#include "layout.h"
#include "memclass.h"

struct mem_range {
	uint64_t base;
	uint64_t size;
};

static const struct mem_range ns_ram = { HEX(RAM_ADDR), HEX(RAM_SIZE) };

static const struct mem_range sdp_ranges[] = {
	{ HEX(SDP_ADDR), HEX(SDP_SIZE) },
	{ HEX(RESTRICTED_UI_ADDR), HEX(RESTRICTED_UI_SIZE) },
};

static const struct mem_range secure_ranges[] = {
	{ HEX(SEC_RAM_ADDR), HEX(SEC_RAM_SIZE) },
	{ HEX(SDP_ADDR), HEX(SDP_SIZE) },
	{ HEX(RESTRICTED_UI_ADDR), HEX(RESTRICTED_UI_SIZE) },
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* The restricted carveout must not hand out the firmware's own memory. */
_Static_assert(HEX(SDP_ADDR) >= HEX(FW_RAM_ADDR) + HEX(FW_RAM_SIZE) ||
	       HEX(SDP_ADDR) + HEX(SDP_SIZE) <= HEX(FW_RAM_ADDR),
	       "SDP range overlaps firmware RAM");

/* [pa, pa + size) inside r, without overflow (size 0: the byte at pa). */
static bool contains(const struct mem_range *r, uint64_t pa, uint64_t size)
{
	if (!size)
		size = 1;
	return pa >= r->base && pa - r->base < r->size &&
	       size <= r->size - (pa - r->base);
}

static bool overlaps(const struct mem_range *r, uint64_t pa, uint64_t size)
{
	uint64_t last;

	if (!size)
		size = 1;
	last = pa + (size - 1);
	if (last < pa)			/* wraps: treat as reaching the top */
		last = UINT64_MAX;
	return pa <= r->base + (r->size - 1) && r->base <= last;
}

bool memclass_is_nsec(uint64_t pa, uint64_t size)
{
	unsigned int i;

	if (!contains(&ns_ram, pa, size))
		return false;
	for (i = 0; i < ARRAY_SIZE(secure_ranges); i++)
		if (overlaps(&secure_ranges[i], pa, size))
			return false;
	return true;
}

bool memclass_is_sdp(uint64_t pa, uint64_t size)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sdp_ranges); i++)
		if (contains(&sdp_ranges[i], pa, size))
			return true;
	return false;
}

bool memclass_overlaps_sdp(uint64_t pa, uint64_t size)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sdp_ranges); i++)
		if (overlaps(&sdp_ranges[i], pa, size))
			return true;
	return false;
}

enum tmem_class memclass_tmem(uint64_t pa, uint64_t size)
{
	if (!pa)
		return TMEM_NULL;
	if (memclass_is_sdp(pa, size))
		return TMEM_SDP;
	return TMEM_INVALID;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory classification of physical ranges, from board/layout.h.
 *
 * Secure data path (SDP) ranges: the restricted carveout in secure RAM
 * (SDP_ADDR/SDP_SIZE) and restricted-ui in DRAM (RESTRICTED_UI_*).
 * Secure ranges: all of secure RAM plus the SDP ranges.
 * A range is "SDP" when it lies wholly inside one SDP range, "non-secure"
 * when it lies wholly inside normal RAM and overlaps no secure range.
 * Zero-length ranges are classified as the one byte at @pa.
 */
#ifndef OPTEE_MEMCLASS_H
#define OPTEE_MEMCLASS_H

#include <stdbool.h>
#include <stdint.h>

enum mem_class {
	MEM_CLASS_INVALID = 0,	/* mixed, outside RAM, firmware memory, ... */
	MEM_CLASS_NSEC,
	MEM_CLASS_SDP,
};

bool memclass_is_nsec(uint64_t pa, uint64_t size);
bool memclass_is_sdp(uint64_t pa, uint64_t size);
/* Any byte of [pa, pa + size) in an SDP range. */
bool memclass_overlaps_sdp(uint64_t pa, uint64_t size);
enum mem_class memclass_of(uint64_t pa, uint64_t size);

#endif /* OPTEE_MEMCLASS_H */

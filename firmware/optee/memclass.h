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
 *
 * A temporary memref (TMEM) is classified as OP-TEE 4.x's set_tmem_param()
 * does (core/tee/entry_std.c): buffer PA 0 is a NULL memref, whatever its
 * size and shm_ref; any other range must lie wholly inside one SDP range.
 * OP-TEE would also take a range wholly inside its static shared memory
 * (CFG_CORE_RESERVED_SHM) as non-secure; this firmware has none (it
 * offers no OPTEE_SMC_SEC_CAP_HAVE_RESERVED_SHM and GET_SHM_CONFIG is
 * ENOTAVAIL), so a TMEM anywhere else, normal RAM included, is refused:
 * the normal world shares its own RAM as registered memory (RMEM), as
 * Linux's driver does with dynamic shared memory.
 */
#ifndef OPTEE_MEMCLASS_H
#define OPTEE_MEMCLASS_H

#include <stdbool.h>
#include <stdint.h>

enum tmem_class {
	TMEM_INVALID = 0,	/* refused: TEE_ERROR_BAD_PARAMETERS */
	TMEM_NULL,		/* PA 0: a NULL memref */
	TMEM_SDP,		/* wholly inside one SDP range */
};

bool memclass_is_nsec(uint64_t pa, uint64_t size);
bool memclass_is_sdp(uint64_t pa, uint64_t size);
/* Any byte of [pa, pa + size) in an SDP range. */
bool memclass_overlaps_sdp(uint64_t pa, uint64_t size);
enum tmem_class memclass_tmem(uint64_t pa, uint64_t size);

#endif /* OPTEE_MEMCLASS_H */

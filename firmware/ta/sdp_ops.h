/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The three secure data path operations shared by the SDP test TA and the
 * invoke-tests pseudo-TA. Each checks the memory kind and rights of both
 * buffers before it touches either; on a failed check it returns @denied
 * (the TA answers TEE_ERROR_ACCESS_DENIED, the pseudo-TA
 * TEE_ERROR_BAD_PARAMETERS).
 */
#ifndef TA_SDP_OPS_H
#define TA_SDP_OPS_H

#include "ta.h"

/* The byte transform of the SDP test: b := (uint8_t)(~b + 1). */
static inline uint8_t sdp_transform_byte(uint8_t b)
{
	return (uint8_t)(~b + 1);
}

/*
 * Copy @src (kind @src_kind: TEE_MEMORY_ACCESS_SECURE or _NONSECURE) into
 * @dst (kind @dst_kind). dst->size < src->size: dst->size := src->size and
 * TEE_ERROR_SHORT_BUFFER. On success dst->size := src->size.
 */
TEE_Result sdp_copy(struct memref *dst, const struct memref *src,
		    uint32_t dst_kind, uint32_t src_kind, TEE_Result denied);

/* Transform every byte of the secure @m in place. */
TEE_Result sdp_transform(const struct memref *m, TEE_Result denied);

#endif /* TA_SDP_OPS_H */

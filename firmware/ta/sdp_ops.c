// SPDX-License-Identifier: GPL-2.0
/*
 * Secure data path operations shared by the SDP test TA and pseudo-TA.
 */
#include "sdp_ops.h"

TEE_Result sdp_copy(struct memref *dst, const struct memref *src,
		    uint32_t dst_kind, uint32_t src_kind, TEE_Result denied)
{
	if (dst->size < src->size) {
		dst->size = src->size;
		return TEE_ERROR_SHORT_BUFFER;
	}
	if (memref_check_access(src, TEE_MEMORY_ACCESS_ANY_OWNER |
				     TEE_MEMORY_ACCESS_READ | src_kind) ||
	    memref_check_access(dst, TEE_MEMORY_ACCESS_ANY_OWNER |
				     TEE_MEMORY_ACCESS_WRITE | dst_kind))
		return denied;
	if (memref_copy(dst, 0, src, 0, src->size))
		return denied;
	dst->size = src->size;
	return TEE_SUCCESS;
}

TEE_Result sdp_transform(const struct memref *m, TEE_Result denied)
{
	struct memref_cursor c;
	uint8_t *p;
	size_t n, i;

	if (memref_check_access(m, TEE_MEMORY_ACCESS_ANY_OWNER |
				   TEE_MEMORY_ACCESS_READ |
				   TEE_MEMORY_ACCESS_WRITE |
				   TEE_MEMORY_ACCESS_SECURE) ||
	    memref_cursor_init(&c, m, 0, m->size,
			       MEMREF_ACCESS_READ | MEMREF_ACCESS_WRITE))
		return denied;
	while (memref_cursor_next(&c, &p, &n))
		for (i = 0; i < n; i++)
			p[i] = sdp_transform_byte(p[i]);
	return TEE_SUCCESS;
}

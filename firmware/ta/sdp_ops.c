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

/*
 * sdp_transform_byte() on each byte of a word at once: ~b + 1 in every
 * byte lane, the +1 kept from carrying into the next lane.
 */
static uint64_t transform_word(uint64_t w)
{
	const uint64_t low7 = 0x7f7f7f7f7f7f7f7fULL;
	const uint64_t ones = 0x0101010101010101ULL;

	w = ~w;
	return ((w & low7) + ones) ^ (w & ~low7);
}

/* Secure memory is Normal memory: words, aligned stores. */
static void transform_run(uint8_t *p, size_t n)
{
	uint64_t *w;

	for (; n && ((uintptr_t)p & 7); n--, p++)
		*p = sdp_transform_byte(*p);
	for (w = (uint64_t *)p; n >= 8; n -= 8, w++)
		*w = transform_word(*w);
	for (p = (uint8_t *)w; n; n--, p++)
		*p = sdp_transform_byte(*p);
}

TEE_Result sdp_transform(const struct memref *m, TEE_Result denied)
{
	struct memref_cursor c;
	uint8_t *p;
	size_t n;

	if (memref_check_access(m, TEE_MEMORY_ACCESS_ANY_OWNER |
				   TEE_MEMORY_ACCESS_READ |
				   TEE_MEMORY_ACCESS_WRITE |
				   TEE_MEMORY_ACCESS_SECURE) ||
	    memref_cursor_init(&c, m, 0, m->size,
			       MEMREF_ACCESS_READ | MEMREF_ACCESS_WRITE))
		return denied;
	while (memref_cursor_next(&c, &p, &n))
		transform_run(p, n);
	return TEE_SUCCESS;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AES-128-CTR over whole blocks with the Armv8 Cryptographic Extension
 * (AESE, AESMC).
 *
 * void aes128_ce_ctr_blocks(const uint8_t rk[176], uint8_t ctr[16],
 *			     const uint8_t *in, uint8_t *out, size_t n);
 *
 * For j = 0..n-1 (n >= 1): out block j = in block j XOR AES(rk, ctr + j),
 * the counter block a 128-bit big-endian integer that wraps modulo 2^128
 * (as aes.c's ctr_add()); ctr is left at ctr + n. rk is struct
 * aes128_key's round keys, bytes in FIPS-197 order, which is the byte
 * order AESE takes. in == out is allowed. Any alignment for every pointer
 * (byte-element vector loads and stores). Only called through aes.c, which
 * checks crypto_ce_paths() and caps n at CRYPTO_CE_MAX_BLOCKS.
 *
 * As sha256_ce.S: IRQ and FIQ masked for the call, and every V register
 * touched saved at entry and restored before return, so the normal world's
 * registers come back unchanged and no round key or keystream is left in a
 * vector register.
 *
 * Plain assembly whose one header is crypto_ce_asm.h (ce_enter/ce_leave):
 * the host tests build this file too (tests/host-crypto).
 */
#include "crypto_ce_asm.h"

	.arch	armv8-a+crypto

	/* Round keys in v0-v10, counter block v11, data v12 */
	ce_func aes128_ce_ctr_blocks
	ce_enter x9, 16			/* touches v0-v12 */

	ld1	{v0.16b-v3.16b}, [x0], #64
	ld1	{v4.16b-v7.16b}, [x0], #64
	ld1	{v8.16b-v10.16b}, [x0]

	/* Counter as two native 64-bit halves: x5 high, x6 low. */
	ld1	{v11.16b}, [x1]
	mov	x5, v11.d[0]
	mov	x6, v11.d[1]
	rev	x5, x5
	rev	x6, x6

1:	rev	x7, x5
	rev	x8, x6
	fmov	d11, x7
	mov	v11.d[1], x8
	aese	v11.16b, v0.16b
	aesmc	v11.16b, v11.16b
	aese	v11.16b, v1.16b
	aesmc	v11.16b, v11.16b
	aese	v11.16b, v2.16b
	aesmc	v11.16b, v11.16b
	aese	v11.16b, v3.16b
	aesmc	v11.16b, v11.16b
	aese	v11.16b, v4.16b
	aesmc	v11.16b, v11.16b
	aese	v11.16b, v5.16b
	aesmc	v11.16b, v11.16b
	aese	v11.16b, v6.16b
	aesmc	v11.16b, v11.16b
	aese	v11.16b, v7.16b
	aesmc	v11.16b, v11.16b
	aese	v11.16b, v8.16b
	aesmc	v11.16b, v11.16b
	aese	v11.16b, v9.16b
	eor	v11.16b, v11.16b, v10.16b	/* keystream block */
	ld1	{v12.16b}, [x2], #16
	eor	v12.16b, v12.16b, v11.16b
	st1	{v12.16b}, [x3], #16
	adds	x6, x6, #1
	adc	x5, x5, xzr
	subs	x4, x4, #1
	b.ne	1b

	rev	x7, x5
	rev	x8, x6
	fmov	d11, x7
	mov	v11.d[1], x8
	st1	{v11.16b}, [x1]

	ce_leave x9, 16
	ret
	.size	aes128_ce_ctr_blocks, . - aes128_ce_ctr_blocks

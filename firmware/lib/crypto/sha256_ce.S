/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SHA-256 block function with the Armv8 Cryptographic Extension
 * (SHA256H, SHA256H2, SHA256SU0, SHA256SU1).
 *
 * void sha256_ce_blocks(uint32_t h[8], const uint8_t *p, size_t n);
 *
 * Compresses n >= 1 64-byte blocks at p (any alignment: byte-element loads)
 * into the chaining value h (4-byte aligned), exactly as sha256.c's
 * sha256_blocks_generic(). Only called through sha256.c, which checks
 * crypto_ce_paths() and caps n at CRYPTO_CE_MAX_BLOCKS.
 *
 * EL3 saves none of the normal world's FP/SIMD registers, and an interrupt
 * taken meanwhile would not save them either. So the routine masks IRQ and
 * FIQ for its (bounded) duration, saves all 128 bits of every V register
 * it touches on the stack at entry and restores them before it returns:
 * the caller's vector registers come back unchanged, which also leaves no
 * message or state words behind in them.
 *
 * Plain assembly whose one header is crypto_ce_asm.h (ce_enter/ce_leave):
 * the host tests build this file too (tests/host-crypto).
 */
#include "crypto_ce_asm.h"

	.arch	armv8-a+crypto

	/* Registers: round constants K in v16-v31, one vector per 4 rounds */
	dga	.req	v0	/* chaining value a..d */
	dgb	.req	v1	/* chaining value e..h */
	dg0	.req	v2	/* working a..d */
	dg1	.req	v3	/* working e..h */
	dg2	.req	v4	/* a..d before the round group */
	wk	.req	v5	/* W + K of the round group */

	/*
	 * Four rounds. Message schedule vectors w0..w3 hold W[t..t+15];
	 * with \upd = 1, w0 is then replaced by W[t+16..t+19].
	 */
	.macro	rounds4, k, w0, w1, w2, w3, upd
	add	wk.4s, \w0\().4s, \k\().4s
	.if	\upd
	sha256su0 \w0\().4s, \w1\().4s
	.endif
	mov	dg2.16b, dg0.16b
	sha256h	q2, q3, wk.4s			/* dg0, dg1 */
	sha256h2 q3, q4, wk.4s			/* dg1, dg2 */
	.if	\upd
	sha256su1 \w0\().4s, \w2\().4s, \w3\().4s
	.endif
	.endm

	ce_func sha256_ce_blocks
	ce_enter x9, 32			/* touches v0-v9, v16-v31 */

	adrp	x10, .Lsha256_k
	add	x10, x10, :lo12:.Lsha256_k
	ld1	{v16.4s-v19.4s}, [x10], #64
	ld1	{v20.4s-v23.4s}, [x10], #64
	ld1	{v24.4s-v27.4s}, [x10], #64
	ld1	{v28.4s-v31.4s}, [x10]
	ld1	{dga.4s, dgb.4s}, [x0]

1:	ld1	{v6.16b-v9.16b}, [x1], #64
	rev32	v6.16b, v6.16b			/* big-endian message words */
	rev32	v7.16b, v7.16b
	rev32	v8.16b, v8.16b
	rev32	v9.16b, v9.16b
	mov	dg0.16b, dga.16b
	mov	dg1.16b, dgb.16b

	rounds4	v16, v6, v7, v8, v9, 1
	rounds4	v17, v7, v8, v9, v6, 1
	rounds4	v18, v8, v9, v6, v7, 1
	rounds4	v19, v9, v6, v7, v8, 1
	rounds4	v20, v6, v7, v8, v9, 1
	rounds4	v21, v7, v8, v9, v6, 1
	rounds4	v22, v8, v9, v6, v7, 1
	rounds4	v23, v9, v6, v7, v8, 1
	rounds4	v24, v6, v7, v8, v9, 1
	rounds4	v25, v7, v8, v9, v6, 1
	rounds4	v26, v8, v9, v6, v7, 1
	rounds4	v27, v9, v6, v7, v8, 1
	rounds4	v28, v6, v7, v8, v9, 0
	rounds4	v29, v7, v8, v9, v6, 0
	rounds4	v30, v8, v9, v6, v7, 0
	rounds4	v31, v9, v6, v7, v8, 0

	add	dga.4s, dga.4s, dg0.4s
	add	dgb.4s, dgb.4s, dg1.4s
	subs	x2, x2, #1
	b.ne	1b

	st1	{dga.4s, dgb.4s}, [x0]

	ce_leave x9, 32
	ret
	.size	sha256_ce_blocks, . - sha256_ce_blocks

	.section .rodata.sha256_ce_k, "a"
	.balign	16
.Lsha256_k:
	.word	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5
	.word	0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5
	.word	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3
	.word	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174
	.word	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc
	.word	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da
	.word	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7
	.word	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967
	.word	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13
	.word	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85
	.word	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3
	.word	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070
	.word	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5
	.word	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3
	.word	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208
	.word	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * void ce_regs_call(void *fn, const uint64_t args[5],
 *		     const uint8_t vin[512], uint8_t vout[512]);
 *
 * Loads v0-v31 from vin, calls fn(args[0], ..., args[4]) and stores v0-v31
 * to vout: test_crypto_ce.c checks that a CE routine hands back every
 * vector register unchanged. v8-v15 (callee-saved d8-d15 under AAPCS64)
 * are kept for the C caller.
 */
	.text
	.global	ce_regs_call
	.type	ce_regs_call, %function
	.balign	4
ce_regs_call:
	stp	x29, x30, [sp, #-96]!
	mov	x29, sp
	stp	x19, x20, [sp, #16]
	stp	d8, d9, [sp, #32]
	stp	d10, d11, [sp, #48]
	stp	d12, d13, [sp, #64]
	stp	d14, d15, [sp, #80]
	mov	x19, x3
	mov	x16, x0
	mov	x17, x1

	ldp	q0, q1, [x2, #0]
	ldp	q2, q3, [x2, #32]
	ldp	q4, q5, [x2, #64]
	ldp	q6, q7, [x2, #96]
	ldp	q8, q9, [x2, #128]
	ldp	q10, q11, [x2, #160]
	ldp	q12, q13, [x2, #192]
	ldp	q14, q15, [x2, #224]
	ldp	q16, q17, [x2, #256]
	ldp	q18, q19, [x2, #288]
	ldp	q20, q21, [x2, #320]
	ldp	q22, q23, [x2, #352]
	ldp	q24, q25, [x2, #384]
	ldp	q26, q27, [x2, #416]
	ldp	q28, q29, [x2, #448]
	ldp	q30, q31, [x2, #480]

	ldr	x4, [x17, #32]
	ldp	x2, x3, [x17, #16]
	ldp	x0, x1, [x17]
	blr	x16

	stp	q0, q1, [x19, #0]
	stp	q2, q3, [x19, #32]
	stp	q4, q5, [x19, #64]
	stp	q6, q7, [x19, #96]
	stp	q8, q9, [x19, #128]
	stp	q10, q11, [x19, #160]
	stp	q12, q13, [x19, #192]
	stp	q14, q15, [x19, #224]
	stp	q16, q17, [x19, #256]
	stp	q18, q19, [x19, #288]
	stp	q20, q21, [x19, #320]
	stp	q22, q23, [x19, #352]
	stp	q24, q25, [x19, #384]
	stp	q26, q27, [x19, #416]
	stp	q28, q29, [x19, #448]
	stp	q30, q31, [x19, #480]

	ldp	d14, d15, [sp, #80]
	ldp	d12, d13, [sp, #64]
	ldp	d10, d11, [sp, #48]
	ldp	d8, d9, [sp, #32]
	ldp	x19, x20, [sp, #16]
	ldp	x29, x30, [sp], #96
	ret
	.size	ce_regs_call, . - ce_regs_call
	.section .note.GNU-stack, "", %progbits

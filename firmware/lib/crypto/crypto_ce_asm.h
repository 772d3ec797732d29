/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry and exit of the Cryptographic Extension routines (aes_ce.S,
 * sha256_ce.S), for assembly only: the EL3 rules of crypto_ce.h.
 *
 * ce_enter \daif, \regs: old DAIF into general register \daif, IRQ and
 * FIQ masked, then q0-q15 (\regs = 16) or q0-q31 (\regs = 32) saved on
 * the stack, all 128 bits. ce_leave \daif, \regs undoes both, in reverse.
 * A routine saves at least every V register it touches and keeps \daif
 * and sp intact in between.
 */
#ifndef FW_CRYPTO_CE_ASM_H
#define FW_CRYPTO_CE_ASM_H

	.macro	ce_enter, daif, regs
	.if	\regs != 16 && \regs != 32
	.error	"ce_enter: regs must be 16 or 32"
	.endif
	mrs	\daif, daif
	msr	daifset, #3			/* IRQ, FIQ */
	sub	sp, sp, #(16 * \regs)
	stp	q0, q1, [sp, #0]
	stp	q2, q3, [sp, #32]
	stp	q4, q5, [sp, #64]
	stp	q6, q7, [sp, #96]
	stp	q8, q9, [sp, #128]
	stp	q10, q11, [sp, #160]
	stp	q12, q13, [sp, #192]
	stp	q14, q15, [sp, #224]
	.if	\regs == 32
	stp	q16, q17, [sp, #256]
	stp	q18, q19, [sp, #288]
	stp	q20, q21, [sp, #320]
	stp	q22, q23, [sp, #352]
	stp	q24, q25, [sp, #384]
	stp	q26, q27, [sp, #416]
	stp	q28, q29, [sp, #448]
	stp	q30, q31, [sp, #480]
	.endif
	.endm

	.macro	ce_leave, daif, regs
	.if	\regs == 32
	ldp	q16, q17, [sp, #256]
	ldp	q18, q19, [sp, #288]
	ldp	q20, q21, [sp, #320]
	ldp	q22, q23, [sp, #352]
	ldp	q24, q25, [sp, #384]
	ldp	q26, q27, [sp, #416]
	ldp	q28, q29, [sp, #448]
	ldp	q30, q31, [sp, #480]
	.endif
	ldp	q0, q1, [sp, #0]
	ldp	q2, q3, [sp, #32]
	ldp	q4, q5, [sp, #64]
	ldp	q6, q7, [sp, #96]
	ldp	q8, q9, [sp, #128]
	ldp	q10, q11, [sp, #160]
	ldp	q12, q13, [sp, #192]
	ldp	q14, q15, [sp, #224]
	add	sp, sp, #(16 * \regs)
	msr	daif, \daif
	.endm

	/* Start a global function in its own section (--gc-sections). */
	.macro	ce_func, name
	.section .text.\name, "ax"
	.global	\name
	.type	\name, %function
	.balign	4
\name:
	.endm

#endif /* FW_CRYPTO_CE_ASM_H */

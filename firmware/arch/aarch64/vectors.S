/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EL3 exception vectors. Two exceptions are expected. An SMC from the
 * normal world (lower EL, AArch64): save x0..x30, ELR and SPSR on this CPU's
 * EL3 stack, call smc_dispatch(frame, cpu), restore everything and return.
 * x0..x17 of the frame are the struct smc_regs the services read and write.
 * SP_EL0 and the FP/SIMD registers are not saved: EL3 runs on SP_EL3 and the
 * C code is built with -mgeneral-regs-only. And an FIQ at EL3, which only a
 * secure thread takes (FIQs are masked everywhere else): thread.S suspends
 * the thread.
 *
 * Anything else (a fault in the firmware, an interrupt or SError routed here
 * by mistake, a trapped instruction) is fatal: el3_unexpected_exception()
 * reports ESR/ELR/FAR and powers off.
 */
#include <platform_def.h>
#include <arch.h>

/* kind: vector slot 0..15, in the order of the table */
.macro unexpected kind
	.balign	0x80
	mov	x5, sp
	mov	x6, x30
	mov	x4, #\kind
	b	el3_unexpected
.endm

	.section .text.vectors, "ax"
	.balign	0x800
	.global	el3_vectors
el3_vectors:
	/* Current EL with SP_EL0 */
	unexpected 0
	unexpected 1
	unexpected 2
	unexpected 3
	/* Current EL with SP_EL3: an FIQ stops a secure thread (thread.S) */
	unexpected 4
	unexpected 5
	.balign	0x80
	sub	sp, sp, #SMC_FRAME_SIZE
	stp	x0, x1, [sp, #0x00]
	b	el3_thread_fiq
	unexpected 7
	/* Lower EL, AArch64: synchronous = SMC */
	.balign	0x80
	sub	sp, sp, #SMC_FRAME_SIZE
	stp	x0, x1, [sp, #0x00]
	mrs	x0, esr_el3
	lsr	x1, x0, #ESR_EC_SHIFT
	cmp	x1, #ESR_EC_SMC64
	b.eq	smc_entry
	add	sp, sp, #SMC_FRAME_SIZE
	mov	x5, xzr
	mov	x6, x30
	mov	x4, #8
	b	el3_unexpected
	unexpected 9
	unexpected 10
	unexpected 11
	/* Lower EL, AArch32 */
	unexpected 12
	unexpected 13
	unexpected 14
	unexpected 15

smc_entry:
	frame_save_x2_x30

	mov	x0, sp
	mrs	x1, tpidr_el3
	bl	smc_dispatch

	frame_restore
	eret
	dsb	nsh			/* no straight-line speculation */
	isb

/*
 * el3_unexpected_exception(esr, elr, far, spsr, kind, sp, lr): x4 = kind
 * (vector slot), x5 = SP at the exception (0: from a lower EL), x6 = LR.
 */
el3_unexpected:
	mrs	x0, esr_el3
	mrs	x1, elr_el3
	mrs	x2, far_el3
	mrs	x3, spsr_el3
	cpu_stack_top x7, x8		/* the fault may be a stack overflow */
	mov	sp, x7
	bl	el3_unexpected_exception
1:	wfi
	b	1b

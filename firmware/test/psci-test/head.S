/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Normal-world test payload for the firmware's PSCI/SMCCC service: loaded
 * where the kernel goes, entered like a kernel (NS EL2, x0 = DTB), with an
 * arm64 Image header so that the firmware accepts it.
 */
	.section .text.head, "ax"
	.global _head
_head:
	b	primary_entry		/* code0 */
	.long	0			/* code1 */
	.quad	0			/* text_offset */
	.quad	_end - _head		/* image_size */
	.quad	0			/* flags */
	.quad	0, 0, 0			/* res2..res4 */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* res5 */

primary_entry:
	adrp	x9, entry_regs
	add	x9, x9, :lo12:entry_regs
	stp	x0, x1, [x9]
	stp	x2, x3, [x9, #16]
	adrp	x9, stack0_top
	add	x9, x9, :lo12:stack0_top
	mov	sp, x9
	bl	primary_main
1:	wfi
	b	1b

/* CPU_ON entry: x0 = context id */
	.global secondary_entry
secondary_entry:
	adrp	x9, sec_entry_regs
	add	x9, x9, :lo12:sec_entry_regs
	stp	x0, x1, [x9]
	stp	x2, x3, [x9, #16]
	adrp	x9, stack1_top
	add	x9, x9, :lo12:stack1_top
	mov	sp, x9
	bl	secondary_main
1:	wfi
	b	1b

/*
 * void smc_full(const uint64_t in[18], uint64_t out[31]): SMC with x0..x17
 * from in[], x18..x30 set to 0xc0de0000 + n; out[] = x0..x30 afterwards.
 */
	.global smc_full
smc_full:
	stp	x29, x30, [sp, #-96]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	stp	x1, x18, [sp, #-16]!
	.irp n, 18,19,20,21,22,23,24,25,26,27,28,29,30
	movz	x\n, #0xc0de, lsl #16
	add	x\n, x\n, #\n
	.endr
	mov	x17, x0
	ldp	x0, x1, [x17, #0]
	ldp	x2, x3, [x17, #16]
	ldp	x4, x5, [x17, #32]
	ldp	x6, x7, [x17, #48]
	ldp	x8, x9, [x17, #64]
	ldp	x10, x11, [x17, #80]
	ldp	x12, x13, [x17, #96]
	ldp	x14, x15, [x17, #112]
	ldr	x16, [x17, #128]
	ldr	x17, [x17, #136]
	smc	#0
	str	x0, [sp, #-16]!
	ldr	x0, [sp, #16]		/* out */
	stp	x1, x2, [x0, #8]
	stp	x3, x4, [x0, #24]
	stp	x5, x6, [x0, #40]
	stp	x7, x8, [x0, #56]
	stp	x9, x10, [x0, #72]
	stp	x11, x12, [x0, #88]
	stp	x13, x14, [x0, #104]
	stp	x15, x16, [x0, #120]
	stp	x17, x18, [x0, #136]
	stp	x19, x20, [x0, #152]
	stp	x21, x22, [x0, #168]
	stp	x23, x24, [x0, #184]
	stp	x25, x26, [x0, #200]
	stp	x27, x28, [x0, #216]
	stp	x29, x30, [x0, #232]
	ldr	x1, [sp], #16
	str	x1, [x0]
	ldp	x1, x18, [sp], #16
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #96
	ret

/* EL2 vectors: a synchronous exception at EL2 is recorded and skipped. */
	.balign	0x800
	.global el2_vectors
el2_vectors:
	.rept	4
	.balign	0x80
	b	.
	.endr
	.balign	0x80			/* current EL, SP_EL2: sync */
	stp	x0, x1, [sp, #-16]!
	adrp	x0, el2_fault_esr
	add	x0, x0, :lo12:el2_fault_esr
	mrs	x1, esr_el2
	str	x1, [x0]
	mrs	x1, elr_el2
	add	x1, x1, #4
	msr	elr_el2, x1
	ldp	x0, x1, [sp], #16
	eret
	.rept	11
	.balign	0x80
	b	.
	.endr

	.bss
	.balign	16
	.space	8192
stack0_top:
	.space	8192
stack1_top:

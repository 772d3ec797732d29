/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reset entry. QEMU starts every CPU here, at EL3, PC 0 (flash), MMU off,
 * DAIF masked. Each CPU sets up its EL3 state and stack; CPU 0 copies .data
 * to secure RAM and zeroes .bss (secure RAM keeps its contents across a
 * reset), the others wait in fw_secondary_main() for PSCI CPU_ON.
 */
#include <platform_def.h>
#include <arch.h>

	.section .text.entry, "ax"
	.global _start
_start:
	adr	x0, el3_vectors
	msr	vbar_el3, x0
	ldr	x0, =SCTLR_EL3_VALUE
	msr	sctlr_el3, x0
	msr	cptr_el3, xzr		/* no FP/SIMD or trace traps */
	msr	mdcr_el3, xzr
	/* Cortex-A57 CPUECTLR_EL1.SMPEN: coherency on hardware (QEMU: WI) */
	mrs	x0, S3_1_C15_C2_1
	orr	x0, x0, #(1 << 6)
	msr	S3_1_C15_C2_1, x0
	isb

	/* CPU index = Aff1 * PLAT_CPUS_PER_CLUSTER + Aff0; others park. */
	mrs	x0, mpidr_el1
	ubfx	x1, x0, #0, #8		/* Aff0 */
	ubfx	x2, x0, #8, #8		/* Aff1 */
	ubfx	x3, x0, #16, #8		/* Aff2 */
	ubfx	x4, x0, #32, #8		/* Aff3 */
	orr	x3, x3, x4
	cbnz	x3, park
	cmp	x1, #PLAT_CPUS_PER_CLUSTER
	b.hs	park
	mov	x3, #PLAT_CPUS_PER_CLUSTER
	madd	x1, x2, x3, x1
	cmp	x1, #FW_MAX_CPUS
	b.hs	park
	msr	tpidr_el3, x1

	/* Stack: top of this CPU's slot; canary at its bottom. */
	cpu_stack_top x2, x3
	mov	sp, x2
	sub	x2, x2, #FW_STACK_SIZE
	ldr	x3, =STACK_CANARY
	str	x3, [x2]

	cbnz	x1, 3f

	/* CPU 0: .data from flash to RAM, zero .bss (both 16-byte aligned). */
	ldr	x0, =__data_start
	ldr	x1, =__data_end
	ldr	x2, =__data_load
1:	cmp	x0, x1
	b.hs	2f
	ldp	x3, x4, [x2], #16
	stp	x3, x4, [x0], #16
	b	1b
2:	ldr	x0, =__bss_start
	ldr	x1, =__bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:	dsb	sy
	bl	fw_primary_main
	b	park

3:	mov	x0, x1
	bl	fw_secondary_main

park:
	wfi
	b	park

	.ltorg

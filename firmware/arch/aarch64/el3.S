/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Leaving EL3 for the normal world at EL2 (arm64 booting.rst: MMU off,
 * DAIF masked, x0 = argument, x1..x3 = 0).
 */
#include <platform_def.h>
#include <arch.h>

/* void el3_enter_ns_el2(uint64_t entry, uint64_t arg), noreturn */
func el3_enter_ns_el2
	/* EL2 state the normal world may rely on before it sets its own */
	ldr	x2, =SCTLR_EL2_VALUE
	msr	sctlr_el2, x2
	mov	x2, #HCR_EL2_RW
	msr	hcr_el2, x2
	mov	x2, #CNTHCTL_EL2_VALUE
	msr	cnthctl_el2, x2
	msr	cntvoff_el2, xzr
	mrs	x2, midr_el1
	msr	vpidr_el2, x2
	mrs	x2, mpidr_el1
	msr	vmpidr_el2, x2

	/* EL3: lower ELs non-secure AArch64, return to EL2h */
	mov	x2, #SCR_EL3_NS_VALUE
	msr	scr_el3, x2
	msr	elr_el3, x0
	mov	x2, #SPSR_EL2H_DAIF
	msr	spsr_el3, x2

	/* The next SMC from this CPU starts on an empty EL3 stack. */
	cpu_stack_top x2, x3
	mov	sp, x2
	isb

	mov	x0, x1
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	mov	x4, xzr
	mov	x5, xzr
	mov	x6, xzr
	mov	x7, xzr
	mov	x8, xzr
	mov	x9, xzr
	mov	x10, xzr
	mov	x11, xzr
	mov	x12, xzr
	mov	x13, xzr
	mov	x14, xzr
	mov	x15, xzr
	mov	x16, xzr
	mov	x17, xzr
	mov	x18, xzr
	mov	x19, xzr
	mov	x20, xzr
	mov	x21, xzr
	mov	x22, xzr
	mov	x23, xzr
	mov	x24, xzr
	mov	x25, xzr
	mov	x26, xzr
	mov	x27, xzr
	mov	x28, xzr
	mov	x29, xzr
	mov	x30, xzr
	eret
	dsb	nsh
	isb
endfunc el3_enter_ns_el2

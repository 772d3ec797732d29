/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Secure threads (optee/thread.c): switching between the SMC that runs a
 * thread, on this CPU's EL3 stack, and the thread, on a stack of its own.
 *
 * thread_run() keeps the callee-saved registers and SP of the SMC side in
 * this CPU's struct cpu_ctx, moves SP to the thread's saved frame and
 * ERETs into it, at EL3. Two ways lead back, both with DAIF masked and
 * both ending in cpu_ctx_return, which restores that context and returns
 * from thread_run() with w0:
 * - the thread's function returns: thread_entry calls thread_finished();
 * - a normal-world interrupt arrives (an FIQ at EL3, SCR_EL3.FIQ set by
 *   thread_run()): el3_thread_fiq saves the whole thread on its own stack
 *   and calls thread_suspended(). A later thread_run() on the saved frame,
 *   from any CPU, resumes it where it stopped.
 * Nothing of the thread stays on a CPU's EL3 stack, so a thread may be
 * resumed on another CPU. FP/SIMD registers are not part of a thread: the
 * C code has none, and the crypto routines that use them mask interrupts.
 */
#include <platform_def.h>
#include <arch.h>

/* x10 = this CPU's struct cpu_ctx (clobbers x9) */
.macro this_cpu_ctx
	mrs	x9, tpidr_el3
	adrp	x10, cpu_ctx
	add	x10, x10, :lo12:cpu_ctx
	add	x10, x10, x9, lsl #CPU_CTX_SHIFT
.endm

/* uint32_t thread_run(uint64_t sp) */
func thread_run
	this_cpu_ctx
	stp	x19, x20, [x10, #0x00]
	stp	x21, x22, [x10, #0x10]
	stp	x23, x24, [x10, #0x20]
	stp	x25, x26, [x10, #0x30]
	stp	x27, x28, [x10, #0x40]
	stp	x29, x30, [x10, #0x50]
	mov	x11, sp
	str	x11, [x10, #CPU_CTX_SP]

	mrs	x11, scr_el3
	orr	x11, x11, #(1 << SCR_EL3_FIQ_BIT)
	msr	scr_el3, x11

	mov	sp, x0
	frame_restore
	eret
	dsb	nsh
	isb
endfunc thread_run

/* Back to the SMC side of this CPU with w0 as thread_run()'s result. */
func cpu_ctx_return
	mrs	x11, scr_el3
	bic	x11, x11, #(1 << SCR_EL3_FIQ_BIT)
	msr	scr_el3, x11

	this_cpu_ctx
	ldp	x19, x20, [x10, #0x00]
	ldp	x21, x22, [x10, #0x10]
	ldp	x23, x24, [x10, #0x20]
	ldp	x25, x26, [x10, #0x30]
	ldp	x27, x28, [x10, #0x40]
	ldp	x29, x30, [x10, #0x50]
	ldr	x11, [x10, #CPU_CTX_SP]
	mov	sp, x11
	isb
	ret
endfunc cpu_ctx_return

/* A new thread starts here, on its empty stack, x0 = its argument. */
func thread_entry
	bl	thread_main
	msr	daifset, #3
	bl	thread_finished
	b	cpu_ctx_return
endfunc thread_entry

/*
 * From the FIQ vector (current EL, SP_EL3), x0 and x1 already saved at
 * [sp] of a frame the vector reserved on the thread's stack.
 */
func el3_thread_fiq
	frame_save_x2_x30
	mov	x0, sp
	bl	thread_suspended
	b	cpu_ctx_return
endfunc el3_thread_fiq

	.section .bss.cpu_ctx, "aw", %nobits
	.balign	16
cpu_ctx:
	.space	FW_MAX_CPUS << CPU_CTX_SHIFT

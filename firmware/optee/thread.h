/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Secure threads: where standard calls run (optee_smc.c).
 *
 * Each standard call (CALL_WITH_ARG) takes a free thread and runs on its
 * stack. Unless the caller had its interrupts masked, the thread runs with
 * FIQs open, and a normal-world interrupt (an FIQ at EL3 under GICv3)
 * suspends it: the SMC returns OPTEE_SMC_RETURN_RPC_FOREIGN_INTR with the
 * thread's id in a3, the normal world takes its interrupt and resumes the
 * thread with CALL_RETURN_FROM_RPC, on any CPU. This is OP-TEE's
 * foreign-interrupt RPC, which Linux's optee driver handles as it is.
 *
 * A thread runs the message layer and the TAs holding the TEE core lock
 * (ta_core_lock(), ta/ta.h), so that code written for one call at a time
 * stays so; the TAs let it go only around long computations on memory
 * they have reserved (ta_window_*), which is when two threads run at once.
 */
#ifndef OPTEE_THREAD_H
#define OPTEE_THREAD_H

#include <stdbool.h>
#include <stdint.h>

/* Threads, as GET_THREAD_COUNT reports them: one per CPU of QEMU's virt. */
#define OPTEE_THREADS		2

/* Result of a thread_* call: the SMC's a0, and a3 for an RPC. */
struct thread_result {
	uint32_t a0;
	uint32_t a3;
};

/*
 * Run optee_entry_std(@arg_pa) on a free thread; @preemptible: the
 * normal world's interrupts may suspend it. a0 is the standard call's
 * result, OPTEE_SMC_RETURN_RPC_FOREIGN_INTR (a3: the thread) or
 * OPTEE_SMC_RETURN_ETHREAD_LIMIT when every thread is taken.
 */
struct thread_result thread_std_call(uint64_t arg_pa, bool preemptible);

/*
 * Resume suspended thread @id (CALL_RETURN_FROM_RPC's a3). a0 as for
 * thread_std_call(), or OPTEE_SMC_RETURN_ERESUME when @id names no
 * suspended thread.
 */
struct thread_result thread_resume(uint64_t id, bool preemptible);

#endif /* OPTEE_THREAD_H */

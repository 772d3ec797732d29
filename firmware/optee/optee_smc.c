// SPDX-License-Identifier: GPL-2.0
/*
 * The OP-TEE SMC ABI for Linux's unmodified drivers/tee/optee (SMC
 * conduit): the fast calls of its probe and the standard call that carries
 * messages. Standard calls run on the secure threads of thread.h
 * (GET_THREAD_COUNT); a call that finds every thread taken is answered
 * ETHREAD_LIMIT, and the driver waits for one to finish. The only RPC is
 * the foreign interrupt: a normal-world interrupt suspends the thread, the
 * SMC returns so that the normal world takes it, and CALL_RETURN_FROM_RPC
 * resumes the thread.
 */
#include <stdbool.h>
#include <stdint.h>

#include "fw.h"
#include "optee_entry.h"
#include "optee_smc_defs.h"
#include "smc.h"
#include "thread.h"

/* GET_OS_REVISION: this firmware, not an OP-TEE release. */
#define OS_REVISION_MAJOR	1u
#define OS_REVISION_MINOR	0u

#define SEC_CAPS	(OPTEE_SMC_SEC_CAP_DYNAMIC_SHM | \
			 OPTEE_SMC_SEC_CAP_MEMREF_NULL)

static void set_result(struct smc_regs *regs, uint32_t a0, uint32_t a1,
		       uint32_t a2, uint32_t a3)
{
	regs->x[0] = a0;
	regs->x[1] = a1;
	regs->x[2] = a2;
	regs->x[3] = a3;
}

/* A standard call's result; the thread's id in a3 for an RPC. */
static void set_std_result(struct smc_regs *regs, struct thread_result r)
{
	if (r.a0 == OPTEE_SMC_RETURN_RPC_FOREIGN_INTR)
		set_result(regs, r.a0, 0, 0, r.a3);
	else
		set_result(regs, r.a0, 0, 0, 0);
}

void optee_smc_handler(struct smc_regs *regs, unsigned int cpu)
{
	uint32_t fid = (uint32_t)regs->x[0];
	bool preemptible = !smc_caller_irqs_masked(regs);
	uint64_t pa;

	(void)cpu;	/* a thread may move between CPUs */

	switch (fid) {
	case OPTEE_SMC_CALLS_UID:
		set_result(regs, OPTEE_MSG_UID_0, OPTEE_MSG_UID_1,
			   OPTEE_MSG_UID_2, OPTEE_MSG_UID_3);
		break;
	case OPTEE_SMC_CALLS_REVISION:
		set_result(regs, OPTEE_MSG_REVISION_MAJOR,
			   OPTEE_MSG_REVISION_MINOR, 0, 0);
		break;
	case OPTEE_SMC_CALL_GET_OS_REVISION:
		set_result(regs, OS_REVISION_MAJOR, OS_REVISION_MINOR, 0, 0);
		break;
	case OPTEE_SMC_GET_THREAD_COUNT:
		set_result(regs, OPTEE_SMC_RETURN_OK, OPTEE_THREADS, 0, 0);
		break;
	case OPTEE_SMC_EXCHANGE_CAPABILITIES:
		/* Like OP-TEE: refuse normal-world capabilities we don't know. */
		if ((uint32_t)regs->x[1] & ~OPTEE_SMC_NSEC_CAP_UNIPROCESSOR)
			set_result(regs, OPTEE_SMC_RETURN_ENOTAVAIL, 0, 0, 0);
		else
			set_result(regs, OPTEE_SMC_RETURN_OK, SEC_CAPS, 0, 0);
		break;
	case OPTEE_SMC_GET_SHM_CONFIG:		/* no reserved shared memory */
	case OPTEE_SMC_DISABLE_SHM_CACHE:	/* nothing is ever cached */
		set_result(regs, OPTEE_SMC_RETURN_ENOTAVAIL, 0, 0, 0);
		break;
	case OPTEE_SMC_ENABLE_SHM_CACHE:
		set_result(regs, OPTEE_SMC_RETURN_OK, 0, 0, 0);
		break;
	case OPTEE_SMC_CALL_WITH_ARG:
		pa = (regs->x[1] & 0xffffffffu) << 32 |
		     (regs->x[2] & 0xffffffffu);
		set_std_result(regs, thread_std_call(pa, preemptible));
		break;
	case OPTEE_SMC_CALL_RETURN_FROM_RPC:
		set_std_result(regs, thread_resume((uint32_t)regs->x[3],
						   preemptible));
		break;
	default:
		regs->x[0] = SMC_UNKNOWN;
		break;
	}
}

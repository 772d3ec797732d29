// SPDX-License-Identifier: GPL-2.0
/*
 * The OP-TEE SMC ABI for Linux's unmodified drivers/tee/optee (SMC
 * conduit): the fast calls of its probe and the standard call that carries
 * messages. The secure side offers one thread (GET_THREAD_COUNT = 1), so
 * the driver never issues two standard calls at once; a second one that
 * arrives anyway (another CPU) is answered ETHREAD_LIMIT. Calls run to
 * completion: no RPC is ever returned.
 */
#include <stdbool.h>
#include <stdint.h>

#include "fw.h"
#include "optee_entry.h"
#include "optee_smc_defs.h"
#include "smc.h"

/* GET_OS_REVISION: this firmware, not an OP-TEE release. */
#define OS_REVISION_MAJOR	1u
#define OS_REVISION_MINOR	0u

#define SEC_CAPS	(OPTEE_SMC_SEC_CAP_DYNAMIC_SHM | \
			 OPTEE_SMC_SEC_CAP_MEMREF_NULL)

/* CPUs that may enter the standard call lock; more are refused. */
#define OPTEE_MAX_CPUS	8

#if defined(__aarch64__)
#define full_barrier()	__asm__ volatile("dsb sy" ::: "memory")
#else
#define full_barrier()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#endif

/*
 * One standard call at a time, across CPUs, without exclusives (EL3 runs
 * with the MMU off: Device memory). Dekker-style try-lock on per-CPU flags:
 * raise ours, barrier, back off if any other is up. Two CPUs racing may
 * both back off; both then get ETHREAD_LIMIT and retry, never both enter.
 */
static volatile uint32_t std_busy[OPTEE_MAX_CPUS];

static bool std_call_enter(unsigned int cpu)
{
	unsigned int i;

	if (cpu >= OPTEE_MAX_CPUS || std_busy[cpu])
		return false;
	std_busy[cpu] = 1;
	full_barrier();
	for (i = 0; i < OPTEE_MAX_CPUS; i++) {
		if (i != cpu && std_busy[i]) {
			std_busy[cpu] = 0;
			full_barrier();
			return false;
		}
	}
	return true;
}

static void std_call_exit(unsigned int cpu)
{
	full_barrier();
	std_busy[cpu] = 0;
	full_barrier();
}

static uint32_t call_with_arg(struct smc_regs *regs, unsigned int cpu)
{
	uint64_t pa = (regs->x[1] & 0xffffffffu) << 32 |
		      (regs->x[2] & 0xffffffffu);
	uint32_t ret;

	if (!std_call_enter(cpu))
		return OPTEE_SMC_RETURN_ETHREAD_LIMIT;
	ret = optee_entry_std(pa);
	std_call_exit(cpu);
	return ret;
}

static void set_result(struct smc_regs *regs, uint32_t a0, uint32_t a1,
		       uint32_t a2, uint32_t a3)
{
	regs->x[0] = a0;
	regs->x[1] = a1;
	regs->x[2] = a2;
	regs->x[3] = a3;
}

void optee_smc_handler(struct smc_regs *regs, unsigned int cpu)
{
	uint32_t fid = (uint32_t)regs->x[0];

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
		set_result(regs, OPTEE_SMC_RETURN_OK, 1, 0, 0);
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
		set_result(regs, call_with_arg(regs, cpu), 0, 0, 0);
		break;
	case OPTEE_SMC_CALL_RETURN_FROM_RPC:	/* no RPC is ever pending */
		set_result(regs, OPTEE_SMC_RETURN_ERESUME, 0, 0, 0);
		break;
	default:
		regs->x[0] = SMC_UNKNOWN;
		break;
	}
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SMC calling convention between the EL3 entry code and the services.
 */
#ifndef FW_SMC_H
#define FW_SMC_H

#include <stdbool.h>
#include <stdint.h>

/*
 * x0..x17 of the calling CPU at the SMC. A service reads its arguments from
 * x[0..7] and writes its results into x[0..3]; the entry code restores every
 * register from here on return (SMCCC 1.1: x4..x17 preserved unless written).
 */
struct smc_regs {
	uint64_t x[18];
};

#define SMC_UNKNOWN	0xffffffffffffffffULL	/* -1: unknown function ID */

/*
 * True if the caller of the SMC whose registers are @regs (as the entry
 * code passed them) had IRQs masked when it issued it.
 */
bool smc_caller_irqs_masked(const struct smc_regs *regs);

/*
 * The OP-TEE SMC ABI (firmware/optee): handles every function ID owned by
 * the Trusted OS - fast calls 0xB2000000..0xB200FFFF, standard calls
 * 0x32000000..0x3200FFFF and the Trusted OS general queries 0xBF00FF00..
 * 0xBF00FFFF (CALLS_UID, CALLS_REVISION). Sets x[0] = SMC_UNKNOWN for IDs it
 * does not know. Called with the calling CPU's index (0..FW_MAX_CPUS-1).
 *
 * EL3 core notes: FW_MAX_CPUS is in <platform_def.h>. The handler runs on
 * the calling CPU's EL3 stack (FW_STACK_SIZE, 32 KiB) with interrupts
 * masked; another CPU may be in the firmware at the same time, so shared
 * state needs a struct fw_lock (<lock.h>). Standard calls run on secure
 * threads (firmware/optee/thread.h), which the normal world's interrupts
 * may suspend. For SMC32 function IDs only the
 * low 32 bits of x[1..7] are arguments (SMCCC: the upper halves are not
 * defined); results go in x[0..3] (zero-extended 32-bit values for SMC32).
 * Register values are restored as they are in @regs on return, so x[4..17]
 * stay preserved unless the handler writes them.
 */
void optee_smc_handler(struct smc_regs *regs, unsigned int cpu);

/* At SYSTEM_OFF and SYSTEM_RESET: the Trusted OS's figures, to the log. */
void optee_report(void);

#endif /* FW_SMC_H */

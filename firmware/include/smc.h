/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SMC calling convention between the EL3 entry code and the services.
 */
#ifndef FW_SMC_H
#define FW_SMC_H

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
 * The OP-TEE SMC ABI (firmware/optee): handles every function ID owned by
 * the Trusted OS - fast calls 0xB2000000..0xB200FFFF, standard calls
 * 0x32000000..0x3200FFFF and the Trusted OS general queries 0xBF00FF00..
 * 0xBF00FFFF (CALLS_UID, CALLS_REVISION). Sets x[0] = SMC_UNKNOWN for IDs it
 * does not know. Called with the calling CPU's index (0..FW_MAX_CPUS-1).
 */
void optee_smc_handler(struct smc_regs *regs, unsigned int cpu);

#endif /* FW_SMC_H */

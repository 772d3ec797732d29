// SPDX-License-Identifier: GPL-2.0
/*
 * SMC dispatch by owning entity (SMCCC 1.1): Arm architecture calls here,
 * standard service (PSCI) to psci.c, Trusted OS calls to the OP-TEE ABI
 * layer, everything else unknown. Registers not written by a handler are
 * restored unchanged (x4..x17 preserved).
 */
#include <arch.h>
#include <fw.h>
#include <psci.h>
#include <smc.h>

#define SMCCC_VERSION		0x80000000
#define SMCCC_VERSION_1_1	0x10001

#define OEN(fid)		(((fid) >> 24) & 0x3f)
#define OEN_ARCH		0
#define OEN_STD			4

static bool is_trusted_os_call(uint32_t fid)
{
	return (fid & 0xffff0000) == 0xb2000000 ||	/* fast calls */
	       (fid & 0xffff0000) == 0x32000000 ||	/* yielding calls */
	       (fid & 0xffffff00) == 0xbf00ff00;	/* UID, revision */
}

/* Until the OP-TEE ABI layer (firmware/optee) links in: no Trusted OS. */
__attribute__((weak)) void optee_smc_handler(struct smc_regs *regs,
					     unsigned int cpu)
{
	(void)cpu;
	regs->x[0] = SMC_UNKNOWN;
}

__attribute__((weak)) void optee_report(void)
{
}

/* SMCCC_VERSION is 1.1; SMCCC_ARCH_FEATURES: no workarounds, no SOC_ID. */
static void arch_call(struct smc_regs *regs, uint32_t fid)
{
	if (fid == SMCCC_VERSION)
		regs->x[0] = SMCCC_VERSION_1_1;
	else
		regs->x[0] = SMC_UNKNOWN;
}

/* @regs starts the SMC frame, which holds the caller's SPSR. */
bool smc_caller_irqs_masked(const struct smc_regs *regs)
{
	const struct el3_frame *frame = (const struct el3_frame *)regs;

	return frame->spsr & SPSR_I;
}

void smc_dispatch(struct smc_regs *regs, unsigned int cpu)
{
	uint32_t fid = (uint32_t)regs->x[0];

	if (is_trusted_os_call(fid))
		optee_smc_handler(regs, cpu);
	else if (OEN(fid) == OEN_ARCH)
		arch_call(regs, fid);
	else if (OEN(fid) == OEN_STD)
		psci_smc_handler(regs, cpu);
	else
		regs->x[0] = SMC_UNKNOWN;

	if (!el3_stack_intact(cpu))
		fw_panic("EL3 stack overflow on cpu%u (SMC %#x)", cpu, fid);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Unexpected exceptions at EL3 and the EL3 stack canary.
 */
#include <arch.h>
#include <fw.h>
#include <platform_def.h>

extern uint64_t __stacks_start[];

bool el3_stack_intact(unsigned int cpu)
{
	const volatile uint64_t *bottom =
		__stacks_start + (uint64_t)cpu * (FW_STACK_SIZE / 8);

	return *bottom == STACK_CANARY;
}

static const char *const vector_names[16] = {
	"sync, EL3 on SP_EL0", "IRQ, EL3 on SP_EL0",
	"FIQ, EL3 on SP_EL0", "SError, EL3 on SP_EL0",
	"sync, EL3", "IRQ, EL3", "FIQ, EL3", "SError, EL3",
	"sync from lower EL (not SMC)", "IRQ from lower EL",
	"FIQ from lower EL", "SError from lower EL",
	"sync from AArch32", "IRQ from AArch32",
	"FIQ from AArch32", "SError from AArch32",
};

void el3_unexpected_exception(uint64_t esr, uint64_t elr, uint64_t far,
			      uint64_t spsr, unsigned int kind, uint64_t sp,
			      uint64_t lr)
{
	fw_panic("unexpected exception (%s): ESR_EL3 %#llx (EC %#llx) "
		 "ELR_EL3 %#llx FAR_EL3 %#llx SPSR_EL3 %#llx SP %#llx LR %#llx",
		 kind < 16 ? vector_names[kind] : "?",
		 (unsigned long long)esr,
		 (unsigned long long)(esr >> ESR_EC_SHIFT) & 0x3f,
		 (unsigned long long)elr, (unsigned long long)far,
		 (unsigned long long)spsr, (unsigned long long)sp,
		 (unsigned long long)lr);
}

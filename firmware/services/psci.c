// SPDX-License-Identifier: GPL-2.0
/*
 * PSCI 1.0, as Linux 6.12 uses it, for CPUs with one power level.
 *
 * Per-CPU state machine (one struct psci_cpu per CPU, in .bss, so every CPU
 * but the boot CPU starts OFF):
 *
 *   OFF --CPU_ON (caller, under psci_lock)--> ON_PENDING
 *   ON_PENDING --target leaves its wait loop--> ON
 *   ON --CPU_OFF (the CPU itself, under psci_lock)--> OFF
 *
 * Each transition has one writer; the lock (lib/lock.c, a bakery lock)
 * serialises CPU_ON callers and the "last CPU on" check of
 * CPU_OFF. The target of CPU_ON waits in WFE in psci_cpu_wait_for_on(): the
 * caller stores entry and context id, DSB, then the state, DSB, SEV. An OFF
 * CPU runs nothing but that loop, on its own EL3 stack.
 */
#include <arch.h>
#include <fw.h>
#include <lock.h>
#include <platform.h>
#include <psci.h>

#define PSCI_VERSION		0x84000000
#define PSCI_CPU_SUSPEND	0x84000001
#define PSCI_CPU_SUSPEND64	0xc4000001
#define PSCI_CPU_OFF		0x84000002
#define PSCI_CPU_ON		0x84000003
#define PSCI_CPU_ON64		0xc4000003
#define PSCI_AFFINITY_INFO	0x84000004
#define PSCI_AFFINITY_INFO64	0xc4000004
#define PSCI_MIGRATE_INFO_TYPE	0x84000006
#define PSCI_SYSTEM_OFF		0x84000008
#define PSCI_SYSTEM_RESET	0x84000009
#define PSCI_FEATURES		0x8400000a
#define SMCCC_VERSION		0x80000000	/* discovered via PSCI_FEATURES */

#define PSCI_VERSION_1_0	0x10000
#define PSCI_TOS_NOT_PRESENT_MP	2	/* no Trusted OS migration needed */

#define PSCI_SUCCESS		0
#define PSCI_NOT_SUPPORTED	-1
#define PSCI_INVALID_PARAMETERS	-2
#define PSCI_DENIED		-3
#define PSCI_ALREADY_ON		-4
#define PSCI_ON_PENDING		-5
#define PSCI_INVALID_ADDRESS	-9

/* AFFINITY_INFO return values */
#define AFF_ON			0
#define AFF_OFF			1
#define AFF_ON_PENDING		2

/* power_state (original format): StateType bit 16 (0 standby), level 25:24 */
#define POWER_STATE_TYPE	(1u << 16)
#define POWER_STATE_LEVEL	(3u << 24)

enum cpu_state { CPU_OFF = 0, CPU_ON_PENDING, CPU_ON };

struct psci_cpu {
	volatile uint32_t state;
	volatile uint64_t entry;
	volatile uint64_t context;
};

static struct psci_cpu cpus[FW_MAX_CPUS];
static struct fw_lock psci_lock;

void psci_init(unsigned int boot_cpu)
{
	cpus[boot_cpu].state = CPU_ON;
	dsb();
}

void psci_cpu_wait_for_on(unsigned int cpu)
{
	struct psci_cpu *me = &cpus[cpu];
	uint64_t entry, context;

	while (me->state != CPU_ON_PENDING)
		wfe();
	dsb();
	entry = me->entry;
	context = me->context;
	me->state = CPU_ON;
	dsb();
	plat_gic_cpu_on();
	el3_enter_ns_el2(entry, context);
}

static int32_t cpu_on(uint64_t target, uint64_t entry, uint64_t context)
{
	int pos = plat_core_pos_by_mpidr(target);
	struct psci_cpu *t;
	int32_t ret;

	if (pos < 0)
		return PSCI_INVALID_PARAMETERS;
	if (!plat_ns_entry_valid(entry))
		return PSCI_INVALID_ADDRESS;
	t = &cpus[pos];

	fw_lock_acquire(&psci_lock);
	if (t->state == CPU_ON) {
		ret = PSCI_ALREADY_ON;
	} else if (t->state == CPU_ON_PENDING) {
		ret = PSCI_ON_PENDING;
	} else {
		t->entry = entry;
		t->context = context;
		dsb();
		t->state = CPU_ON_PENDING;
		dsb();
		sev();
		ret = PSCI_SUCCESS;
	}
	fw_lock_release(&psci_lock);

	if (ret == PSCI_SUCCESS)
		fw_log("PSCI: CPU_ON cpu%d entry %#llx", pos,
		       (unsigned long long)entry);
	return ret;
}

/* Returns only on failure; otherwise the CPU waits for the next CPU_ON. */
static int32_t cpu_off(unsigned int cpu)
{
	unsigned int i;

	fw_lock_acquire(&psci_lock);
	for (i = 0; i < FW_MAX_CPUS; i++) {
		if (i != cpu && cpus[i].state != CPU_OFF)
			break;
	}
	if (i == FW_MAX_CPUS) {
		fw_lock_release(&psci_lock);
		return PSCI_DENIED;	/* the last CPU stays on */
	}
	plat_gic_cpu_off();
	cpus[cpu].state = CPU_OFF;
	dsb();
	fw_lock_release(&psci_lock);

	fw_log("PSCI: CPU_OFF cpu%u", cpu);
	psci_cpu_wait_for_on(cpu);
}

static int32_t affinity_info(uint64_t target, uint64_t lowest_level)
{
	int pos = plat_core_pos_by_mpidr(target);

	if (pos < 0 || lowest_level != 0)
		return PSCI_INVALID_PARAMETERS;
	switch (cpus[pos].state) {
	case CPU_ON:
		return AFF_ON;
	case CPU_ON_PENDING:
		return AFF_ON_PENDING;
	default:
		return AFF_OFF;
	}
}

/* Standby only (a WFI); there are no power-down states. */
static int32_t cpu_suspend(uint32_t power_state)
{
	if (power_state & (POWER_STATE_TYPE | POWER_STATE_LEVEL))
		return PSCI_INVALID_PARAMETERS;
	dsb();
	wfi();
	return PSCI_SUCCESS;
}

static int32_t features(uint32_t fid)
{
	switch (fid) {
	case PSCI_VERSION:
	case PSCI_CPU_SUSPEND:
	case PSCI_CPU_SUSPEND64:	/* original power_state format, no OSI */
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON:
	case PSCI_CPU_ON64:
	case PSCI_AFFINITY_INFO:
	case PSCI_AFFINITY_INFO64:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
	case SMCCC_VERSION:
		return PSCI_SUCCESS;
	default:
		return PSCI_NOT_SUPPORTED;
	}
}

void psci_smc_handler(struct smc_regs *regs, unsigned int cpu)
{
	uint32_t fid = (uint32_t)regs->x[0];
	uint64_t a1 = regs->x[1], a2 = regs->x[2], a3 = regs->x[3];
	int32_t ret;

	/* SMC32 calls: arguments are the low 32 bits of the registers */
	if (!(fid & (1u << 30))) {
		a1 = (uint32_t)a1;
		a2 = (uint32_t)a2;
		a3 = (uint32_t)a3;
	}

	switch (fid) {
	case PSCI_VERSION:
		ret = PSCI_VERSION_1_0;
		break;
	case PSCI_CPU_SUSPEND:
	case PSCI_CPU_SUSPEND64:
		ret = cpu_suspend((uint32_t)a1);
		break;
	case PSCI_CPU_OFF:
		ret = cpu_off(cpu);
		break;
	case PSCI_CPU_ON:
	case PSCI_CPU_ON64:
		ret = cpu_on(a1, a2, a3);
		break;
	case PSCI_AFFINITY_INFO:
	case PSCI_AFFINITY_INFO64:
		ret = affinity_info(a1, a2);
		break;
	case PSCI_MIGRATE_INFO_TYPE:
		ret = PSCI_TOS_NOT_PRESENT_MP;
		break;
	case PSCI_SYSTEM_OFF:
		optee_report();
		fw_log("PSCI: SYSTEM_OFF");
		plat_system_off();
	case PSCI_SYSTEM_RESET:
		optee_report();
		fw_log("PSCI: SYSTEM_RESET");
		plat_system_reset();
	case PSCI_FEATURES:
		ret = features((uint32_t)a1);
		break;
	default:
		/* TRNG and the rest of the standard service */
		regs->x[0] = SMC_UNKNOWN;
		return;
	}
	regs->x[0] = (uint64_t)(int64_t)ret;
}

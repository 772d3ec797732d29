// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU virt topology and address checks.
 */
#include <fw.h>
#include <platform.h>

int plat_core_pos_by_mpidr(uint64_t mpidr)
{
	uint64_t aff0 = mpidr & 0xff, aff1 = (mpidr >> 8) & 0xff;
	unsigned int pos;

	/* Only affinity fields may be set (PSCI: bits 63:40, 31:24 zero). */
	if (mpidr & ~0xffffULL)
		return -1;
	if (aff0 >= PLAT_CPUS_PER_CLUSTER)
		return -1;
	pos = aff1 * PLAT_CPUS_PER_CLUSTER + aff0;
	if (pos >= plat_cpu_count())
		return -1;
	return (int)pos;
}

bool plat_ns_entry_valid(uint64_t pc)
{
	return !(pc & 3) && pc >= PLAT_NS_RAM_BASE &&
	       pc - PLAT_NS_RAM_BASE < PLAT_NS_RAM_SIZE;
}

/* The EL3 MMU maps identity (mmap.c): physical addresses as they are. */
void *fw_phys_to_ptr(uint64_t pa)
{
	return (void *)(uintptr_t)pa;
}

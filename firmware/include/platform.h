/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the platform layer (plat/<board>/) provides to the rest of the
 * firmware. Constants: <platform_def.h>.
 */
#ifndef FW_PLATFORM_H
#define FW_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>
#include <platform_def.h>

/*
 * Boot CPU, MMU off, first thing: build the EL3 translation tables of this
 * platform's memory map (<mmu.h>); each CPU then enables them.
 */
void plat_mmu_setup(void);

/* Secure console. */
void plat_console_init(void);
void plat_console_putc(char c);
void plat_console_flush(void);

/*
 * GIC: the boot CPU configures the distributor (every interrupt Group 1
 * non-secure) once, after .bss and the PSCI state are initialised; that
 * also releases the other CPUs from plat_wait_cold_boot(). Each CPU sets up
 * its own redistributor and CPU interface when it comes on.
 */
void plat_gic_init(void);
void plat_gic_cpu_on(void);
void plat_gic_cpu_off(void);
unsigned int plat_gic_spi_lines(void);

/* Secondary CPUs at cold boot: wait until the boot CPU's init is done. */
void plat_wait_cold_boot(void);

/* CPUs present (redistributors found, at most FW_MAX_CPUS). */
unsigned int plat_cpu_count(void);

/* CPU index of @mpidr (affinity fields only), or -1 if no such CPU. */
int plat_core_pos_by_mpidr(uint64_t mpidr);

/* May the normal world be entered at @pc (CPU_ON entry point)? */
bool plat_ns_entry_valid(uint64_t pc);

void plat_system_off(void) __attribute__((noreturn));
void plat_system_reset(void) __attribute__((noreturn));

#endif /* FW_PLATFORM_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PSCI 1.0 service (services/psci.c).
 */
#ifndef FW_PSCI_H
#define FW_PSCI_H

#include <smc.h>

/* The boot CPU is on, every other CPU off. */
void psci_init(unsigned int boot_cpu);

/* Every standard-service (OEN 4) function ID: PSCI, TRNG. */
void psci_smc_handler(struct smc_regs *regs, unsigned int cpu);

/* Wait, off, until CPU_ON for @cpu, then enter the normal world. */
void psci_cpu_wait_for_on(unsigned int cpu) __attribute__((noreturn));

#endif /* FW_PSCI_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Spinlock for EL3 code running on several CPUs at once (lib/lock.c).
 *
 * With the MMU off every EL3 data access is Device-nGnRnE, where exclusive
 * loads/stores (and so C11 atomics) are not guaranteed to work. This is
 * Lamport's bakery lock, which needs only plain loads and stores ordered by
 * DSB, as TF-A uses when it has no coherent memory; WFE/SEV avoid busy
 * polling. Fair (FIFO), not recursive. A zeroed struct is an unlocked lock,
 * so a lock in .bss needs no initialisation.
 */
#ifndef FW_LOCK_H
#define FW_LOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <platform_def.h>

struct fw_lock {
	volatile uint32_t choosing[FW_MAX_CPUS];
	volatile uint32_t ticket[FW_MAX_CPUS];
};

void fw_lock_acquire(struct fw_lock *lock);
void fw_lock_release(struct fw_lock *lock);

/*
 * For fatal paths: acquire unless the calling CPU already holds @lock or it
 * stays taken for about @spins polls. Returns true if the lock was acquired
 * (then release it as usual).
 */
bool fw_lock_acquire_bounded(struct fw_lock *lock, unsigned long spins);

#endif /* FW_LOCK_H */

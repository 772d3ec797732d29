/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Spinlock for EL3 code running on several CPUs at once (lib/lock.c).
 *
 * Lamport's bakery lock: plain loads and stores ordered by DSB, as TF-A
 * uses when it has no coherent memory. It dates from when the EL3 MMU was
 * off and every access Device-nGnRnE, where exclusives (and so C11 atomics)
 * are not guaranteed to work; it works unchanged on the Normal memory the
 * MMU maps now (<mmu.h>). WFE/SEV avoid busy polling. Fair (FIFO), not
 * recursive. A zeroed struct is an unlocked lock, so a lock in .bss needs
 * no initialisation.
 *
 * Holding a lock masks interrupts on the holder's CPU (the DAIF it had is
 * kept in the lock and restored on release; nest locks last-in first-out).
 * A secure thread that the normal world's interrupts may suspend
 * (optee/thread.c) can therefore never be suspended with a lock held, and
 * no CPU ever waits for a lock whose holder sits in the normal world.
 */
#ifndef FW_LOCK_H
#define FW_LOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <platform_def.h>

struct fw_lock {
	volatile uint32_t choosing[FW_MAX_CPUS];
	volatile uint32_t ticket[FW_MAX_CPUS];
	uint64_t daif[FW_MAX_CPUS];	/* the holder's DAIF before it */
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

// SPDX-License-Identifier: GPL-2.0
/*
 * Bakery lock (see <lock.h>): plain loads and stores, each step completed
 * with DSB SY so that every CPU observes them in order (it was written for
 * the MMU-off days of Device memory, and needs no exclusives). Waiters
 * sleep in WFE, with interrupts masked; every step that may unblock a
 * waiter ends with SEV.
 */
#include <arch.h>
#include <lock.h>

static bool before(uint32_t ticket_a, unsigned int a, uint32_t ticket_b,
		   unsigned int b)
{
	return ticket_a < ticket_b || (ticket_a == ticket_b && a < b);
}

static uint32_t take_ticket(struct fw_lock *lock, unsigned int me)
{
	uint32_t max = 0;

	lock->choosing[me] = 1;
	dsb();
	for (unsigned int i = 0; i < FW_MAX_CPUS; i++) {
		if (lock->ticket[i] > max)
			max = lock->ticket[i];
	}
	lock->ticket[me] = max + 1;
	dsb();
	lock->choosing[me] = 0;
	dsb();
	sev();
	return max + 1;
}

/* Must CPU @me (ticket @mine) let CPU @i go first? */
static bool must_wait(struct fw_lock *lock, unsigned int i, unsigned int me,
		      uint32_t mine)
{
	uint32_t t;

	if (lock->choosing[i])
		return true;
	dsb();
	t = lock->ticket[i];
	return t && before(t, i, mine, me);
}

/* Wait for every CPU ahead of us; with @spins, give up after that many polls. */
static bool wait_turn(struct fw_lock *lock, unsigned int me, uint32_t mine,
		      unsigned long spins)
{
	for (unsigned int i = 0; i < FW_MAX_CPUS; i++) {
		if (i == me)
			continue;
		while (must_wait(lock, i, me, mine)) {
			if (!spins)
				wfe();
			else if (!--spins)
				return false;
		}
	}
	dsb();
	return true;
}

static void drop_ticket(struct fw_lock *lock, unsigned int me)
{
	dsb();
	lock->ticket[me] = 0;
	dsb();
	sev();
}

/* Mask IRQ and FIQ; returns the DAIF to restore. */
static uint64_t mask_interrupts(void)
{
	uint64_t daif = read_sysreg(daif);

	__asm__ volatile("msr daifset, #3" : : : "memory");
	return daif;
}

void fw_lock_acquire(struct fw_lock *lock)
{
	uint64_t daif = mask_interrupts();
	unsigned int me = fw_cpu_index();

	wait_turn(lock, me, take_ticket(lock, me), 0);
	lock->daif[me] = daif;
}

bool fw_lock_acquire_bounded(struct fw_lock *lock, unsigned long spins)
{
	uint64_t daif = mask_interrupts();
	unsigned int me = fw_cpu_index();

	if (lock->ticket[me])
		goto fail;	/* held (or being taken) by this CPU */
	if (wait_turn(lock, me, take_ticket(lock, me), spins ? spins : 1)) {
		lock->daif[me] = daif;
		return true;
	}
	drop_ticket(lock, me);
fail:
	write_sysreg(daif, daif);
	return false;
}

void fw_lock_release(struct fw_lock *lock)
{
	unsigned int me = fw_cpu_index();
	uint64_t daif = lock->daif[me];

	drop_ticket(lock, me);
	write_sysreg(daif, daif);
}

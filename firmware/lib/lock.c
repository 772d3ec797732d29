// SPDX-License-Identifier: GPL-2.0
/*
 * Bakery lock (see <lock.h>): plain loads and stores, each step completed
 * with DSB SY so that every CPU observes them in order even though all EL3
 * data accesses are to Device memory (MMU off). Waiters sleep in WFE; every
 * step that may unblock a waiter ends with SEV.
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

void fw_lock_acquire(struct fw_lock *lock)
{
	unsigned int me = fw_cpu_index();

	wait_turn(lock, me, take_ticket(lock, me), 0);
}

bool fw_lock_acquire_bounded(struct fw_lock *lock, unsigned long spins)
{
	unsigned int me = fw_cpu_index();

	if (lock->ticket[me])
		return false;	/* held (or being taken) by this CPU */
	if (wait_turn(lock, me, take_ticket(lock, me), spins ? spins : 1))
		return true;
	fw_lock_release(lock);
	return false;
}

void fw_lock_release(struct fw_lock *lock)
{
	dsb();
	lock->ticket[fw_cpu_index()] = 0;
	dsb();
	sev();
}

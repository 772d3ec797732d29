// SPDX-License-Identifier: GPL-2.0
/*
 * Secure threads (thread.h): the pool, and the C ends of the switches in
 * arch/aarch64/thread.S.
 *
 * A thread is FREE, RUNNING (on one CPU) or SUSPENDED (its whole context
 * saved on its own stack, waiting for CALL_RETURN_FROM_RPC). State changes
 * happen under thread_lock. A suspended thread holds no lock (holding one
 * masks interrupts, lock.h), so fast calls and other CPUs never wait for
 * it.
 *
 * Whenever a thread leaves a CPU, the normal world's timers (its EL1
 * physical and virtual timer) tell how long an expired timer's interrupt
 * has waited for the secure world: the longest such wait is the figure a
 * preemptible secure world keeps small (issue 12's target is 5 ms), and
 * optee_report() prints it at SYSTEM_OFF.
 */
#include <stddef.h>

#include <arch.h>
#include <fw.h>
#include <lock.h>
#include <platform_def.h>

#include "optee_entry.h"
#include "optee_smc_defs.h"
#include "thread.h"
#include "../ta/ta.h"

/* Room for the TAs' deepest calls, like the CPUs' EL3 stacks. */
#define THREAD_STACK_SIZE	FW_STACK_SIZE

enum thread_state { THREAD_FREE, THREAD_RUNNING, THREAD_SUSPENDED };

struct fw_thread {
	enum thread_state state;
	uint64_t arg_pa;	/* the message of its standard call */
	uint64_t sp;		/* while suspended: its saved frame */
};

static struct fw_thread threads[OPTEE_THREADS];
static uint64_t thread_stacks[OPTEE_THREADS][THREAD_STACK_SIZE / 8]
	__attribute__((aligned(16)));
static struct fw_thread *running[FW_MAX_CPUS];
static struct fw_lock thread_lock;
static struct fw_thread *core_owner;	/* holds the TEE core lock */
static unsigned long core_locks;	/* times it was taken */

/* Under thread_lock; times in counter ticks. */
static struct {
	uint32_t calls, foreign_exits, masked_calls;
	uint32_t on_cpus, most_on_cpus;	/* threads running at once */
	uint32_t waits_over_1ms, waits_over_5ms;
	uint64_t longest_run;	/* a thread's longest stay on a CPU */
	uint64_t longest_wait;	/* the longest a timer interrupt waited */
	uint64_t run_start[FW_MAX_CPUS];
} stats;

#define CNT_CTL_ENABLE		(1u << 0)
#define CNT_CTL_IMASK		(1u << 1)
#define CNT_CTL_ISTATUS		(1u << 2)

/* How long a timer of @ctl and @cval has been raising its interrupt. */
static uint64_t timer_overdue(uint64_t ctl, uint64_t cval, uint64_t count)
{
	if ((ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK | CNT_CTL_ISTATUS)) !=
	    (CNT_CTL_ENABLE | CNT_CTL_ISTATUS) || count < cval)
		return 0;
	return count - cval;
}

/* The longest any normal-world timer interrupt has been pending. */
static uint64_t timers_overdue(void)
{
	uint64_t p, v;

	/* SCR_EL3.NS is set: these are the normal world's registers */
	p = timer_overdue(read_sysreg(cntp_ctl_el0), read_sysreg(cntp_cval_el0),
			  read_sysreg(cntpct_el0));
	v = timer_overdue(read_sysreg(cntv_ctl_el0), read_sysreg(cntv_cval_el0),
			  read_sysreg(cntvct_el0));
	return p > v ? p : v;
}

static unsigned int thread_id(const struct fw_thread *t)
{
	return (unsigned int)(t - threads);
}

static void check_stack(const struct fw_thread *t)
{
	if (thread_stacks[thread_id(t)][0] != STACK_CANARY)
		fw_panic("secure thread %u: stack overflow", thread_id(t));
}

static struct thread_result run(struct fw_thread *t, bool preemptible)
{
	struct el3_frame *frame = (struct el3_frame *)t->sp;
	struct thread_result r = { 0, thread_id(t) };

	if (preemptible)
		frame->spsr &= ~(uint64_t)SPSR_F;
	else
		frame->spsr |= SPSR_F;
	fw_lock_acquire(&thread_lock);
	if (++stats.on_cpus > stats.most_on_cpus)
		stats.most_on_cpus = stats.on_cpus;
	fw_lock_release(&thread_lock);
	running[fw_cpu_index()] = t;
	stats.run_start[fw_cpu_index()] = read_sysreg(cntpct_el0);
	r.a0 = thread_run(t->sp);
	return r;
}

struct thread_result thread_std_call(uint64_t arg_pa, bool preemptible)
{
	struct thread_result busy = { OPTEE_SMC_RETURN_ETHREAD_LIMIT, 0 };
	struct fw_thread *t = NULL;
	struct el3_frame *frame;
	uint64_t *stack;
	unsigned int i;

	fw_lock_acquire(&thread_lock);
	for (i = 0; i < OPTEE_THREADS && !t; i++) {
		if (threads[i].state == THREAD_FREE) {
			t = &threads[i];
			t->state = THREAD_RUNNING;
			stats.calls++;
			stats.masked_calls += !preemptible;
		}
	}
	fw_lock_release(&thread_lock);
	if (!t)
		return busy;

	/* A fresh context: thread_entry(t), on the empty stack. */
	stack = thread_stacks[thread_id(t)];
	stack[0] = STACK_CANARY;
	frame = (struct el3_frame *)&stack[THREAD_STACK_SIZE / 8] - 1;
	*frame = (struct el3_frame){
		.x[0] = (uint64_t)t,
		.elr = (uint64_t)thread_entry,
		.spsr = SPSR_EL3H_DAIF,
	};
	t->arg_pa = arg_pa;
	t->sp = (uint64_t)frame;
	return run(t, preemptible);
}

struct thread_result thread_resume(uint64_t id, bool preemptible)
{
	struct thread_result bad = { OPTEE_SMC_RETURN_ERESUME, 0 };
	struct fw_thread *t = NULL;

	fw_lock_acquire(&thread_lock);
	if (id < OPTEE_THREADS && threads[id].state == THREAD_SUSPENDED) {
		t = &threads[id];
		t->state = THREAD_RUNNING;
	}
	fw_lock_release(&thread_lock);
	if (!t)
		return bad;
	return run(t, preemptible);
}

uint32_t thread_main(uint64_t arg)
{
	const struct fw_thread *t = (const struct fw_thread *)arg;
	uint32_t ret;

	ta_core_lock();
	ret = optee_entry_std(t->arg_pa);
	ta_core_unlock();
	return ret;
}

/*
 * The TEE core lock (ta.h). Its owner is a thread, not a CPU: it is held
 * across suspensions. A waiter sleeps in WFE with interrupts open, so it
 * can be suspended too; every fw_lock release ends with SEV.
 */
static bool core_try_lock(void)
{
	struct fw_thread *me;
	bool got;

	fw_lock_acquire(&thread_lock);	/* and no migration meanwhile */
	me = running[fw_cpu_index()];
	if (!core_owner) {
		core_owner = me;
		core_locks++;
	}
	got = core_owner == me;
	fw_lock_release(&thread_lock);
	return got;
}

void ta_core_lock(void)
{
	while (!core_try_lock())
		wfe();
}

void ta_core_unlock(void)
{
	fw_lock_acquire(&thread_lock);
	core_owner = NULL;
	fw_lock_release(&thread_lock);
}

unsigned long ta_core_locks(void)
{
	return core_locks;
}

void ta_core_wait(void)
{
	ta_core_unlock();
	wfe();
	ta_core_lock();
}

/* The thread running on this CPU leaves it, for @state. */
static void leave_cpu(enum thread_state state, uint64_t sp)
{
	unsigned int cpu = fw_cpu_index();
	struct fw_thread *t = running[cpu];
	uint64_t ran = read_sysreg(cntpct_el0) - stats.run_start[cpu];
	uint64_t overdue = timers_overdue();
	uint64_t ms_ticks = read_sysreg(cntfrq_el0) / 1000;

	if (!t)
		fw_panic("FIQ at EL3 outside a secure thread");
	running[cpu] = NULL;
	check_stack(t);
	fw_lock_acquire(&thread_lock);
	stats.on_cpus--;
	t->state = state;
	t->sp = sp;
	if (state == THREAD_SUSPENDED)
		stats.foreign_exits++;
	if (ran > stats.longest_run)
		stats.longest_run = ran;
	if (overdue > stats.longest_wait)
		stats.longest_wait = overdue;
	stats.waits_over_1ms += overdue > ms_ticks;
	stats.waits_over_5ms += overdue > 5 * ms_ticks;
	fw_lock_release(&thread_lock);
}

uint32_t thread_finished(uint32_t ret)
{
	leave_cpu(THREAD_FREE, 0);
	return ret;
}

uint32_t thread_suspended(struct el3_frame *frame)
{
	leave_cpu(THREAD_SUSPENDED, (uint64_t)frame);
	return OPTEE_SMC_RETURN_RPC_FOREIGN_INTR;
}

static uint64_t ticks_to_us(uint64_t ticks)
{
	uint64_t hz = read_sysreg(cntfrq_el0);

	return hz ? ticks * 1000000 / hz : 0;
}

void optee_report(void)
{
	unsigned long entered, overlapped;

	ta_window_counts(&entered, &overlapped);
	fw_log("secure threads: %lu TA windows, %lu of them while another "
	       "thread worked", entered, overlapped);
	fw_lock_acquire(&thread_lock);
	fw_log("secure threads: %u standard calls (%u with interrupts masked), "
	       "%u foreign-interrupt exits, longest run %llu us; "
	       "timer interrupts waiting: longest %llu us, %u over 1 ms, "
	       "%u over 5 ms; %u of %u threads ran at once",
	       stats.calls, stats.masked_calls, stats.foreign_exits,
	       (unsigned long long)ticks_to_us(stats.longest_run),
	       (unsigned long long)ticks_to_us(stats.longest_wait),
	       stats.waits_over_1ms, stats.waits_over_5ms,
	       stats.most_on_cpus, OPTEE_THREADS);
	fw_lock_release(&thread_lock);
}

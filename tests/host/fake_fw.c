// SPDX-License-Identifier: GPL-2.0
/*
 * Host versions of the firmware core services for the pure-logic sources.
 *
 * fw_phys_to_ptr() is the single door from firmware code to "physical"
 * memory, so it doubles as a checker: any access outside normal RAM and the
 * secure data path part of secure RAM (e.g. the firmware's own 4 MiB, or an
 * address nobody validated) aborts the test.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "fake_fw.h"
#include "fw.h"
#include "smc.h"
#include "../../firmware/ta/ta.h"
#include "../../firmware/optee/optee_entry.h"
#include "../../firmware/optee/optee_smc_defs.h"
#include "../../firmware/optee/thread.h"

static uint8_t *ns_mem;
static uint8_t *sec_mem;
static char log_buf[16384];
static size_t log_len;
static void (*phys_hook)(void);
static unsigned int phys_hook_skip;

static void *map(uint64_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap fake memory");
		abort();
	}
	return p;
}

void fake_mem_init(void)
{
	if (ns_mem)
		return;
	ns_mem = map(NS_RAM_SIZE);
	sec_mem = map(SEC_RAM_SIZE_B);
}

void fake_mem_clear(void)
{
	fake_mem_init();
	madvise(ns_mem, NS_RAM_SIZE, MADV_DONTNEED);
	madvise(sec_mem, SEC_RAM_SIZE_B, MADV_DONTNEED);
}

void *pa_ptr(uint64_t pa)
{
	fake_mem_init();
	if (pa >= NS_RAM_BASE && pa - NS_RAM_BASE < NS_RAM_SIZE)
		return ns_mem + (pa - NS_RAM_BASE);
	if (pa >= SEC_RAM_BASE && pa - SEC_RAM_BASE < SEC_RAM_SIZE_B)
		return sec_mem + (pa - SEC_RAM_BASE);
	fprintf(stderr, "pa_ptr: %#llx is not fake memory\n",
		(unsigned long long)pa);
	abort();
}

void fake_set_phys_hook(void (*hook)(void), unsigned int skip)
{
	phys_hook = hook;
	phys_hook_skip = skip;
}

void *fw_phys_to_ptr(uint64_t pa)
{
	if (phys_hook && phys_hook_skip) {
		phys_hook_skip--;
	} else if (phys_hook) {
		void (*hook)(void) = phys_hook;

		phys_hook = NULL;
		hook();
	}
	if (pa >= FW_RAM_BASE && pa - FW_RAM_BASE < FW_RAM_SIZE_B) {
		fprintf(stderr, "fw_phys_to_ptr: firmware RAM %#llx\n",
			(unsigned long long)pa);
		abort();
	}
	return pa_ptr(pa);
}

void fw_log(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	if (getenv("HOST_TEST_LOG"))
		vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (log_len >= sizeof(log_buf) - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(log_buf + log_len, sizeof(log_buf) - log_len, fmt, ap);
	va_end(ap);
	if (n > 0)
		log_len += (size_t)n;
	if (log_len > sizeof(log_buf) - 1)
		log_len = sizeof(log_buf) - 1;
}

const char *fake_log(void)
{
	return log_buf;
}

void fake_log_clear(void)
{
	log_len = 0;
	log_buf[0] = 0;
}

void fw_panic(const char *fmt, ...)
{
	va_list ap;

	fputs("PANIC: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	abort();
}

/*
 * firmware/optee/thread.c runs standard calls on secure threads at EL3;
 * here a call runs inline and there is one thread: a call made while one
 * runs (from a phys hook) or while one is suspended finds it taken. A
 * call is suspended only when a test asks for it, before it starts.
 */
static bool thread_taken;
static bool suspend_next, suspended;
static unsigned int suspend_id;
static uint64_t suspended_pa;

void fake_thread_suspend_next(unsigned int id)
{
	suspend_next = true;
	suspend_id = id;
}

static struct thread_result run_thread(uint64_t arg_pa)
{
	struct thread_result r;

	thread_taken = true;
	r.a0 = optee_entry_std(arg_pa);
	r.a3 = 0;
	thread_taken = false;
	return r;
}

struct thread_result thread_std_call(uint64_t arg_pa, bool preemptible)
{
	struct thread_result r = { OPTEE_SMC_RETURN_ETHREAD_LIMIT, 0 };

	if (thread_taken || suspended)
		return r;
	if (suspend_next && preemptible) {
		suspend_next = false;
		suspended = true;
		suspended_pa = arg_pa;
		r.a0 = OPTEE_SMC_RETURN_RPC_FOREIGN_INTR;
		r.a3 = suspend_id;
		return r;
	}
	return run_thread(arg_pa);
}

struct thread_result thread_resume(uint64_t id, bool preemptible)
{
	struct thread_result r = { OPTEE_SMC_RETURN_ERESUME, 0 };

	(void)preemptible;
	if (!suspended || id != suspend_id)
		return r;
	suspended = false;
	return run_thread(suspended_pa);
}

bool smc_caller_irqs_masked(const struct smc_regs *regs)
{
	(void)regs;
	return false;
}

/*
 * The TEE core lock of optee/thread.c: one thread here, so taking it is a
 * no-op, and nothing can ever have to wait for another thread.
 */
void ta_core_lock(void)
{
}

void ta_core_unlock(void)
{
}

unsigned long ta_core_locks(void)
{
	return 0;
}

void ta_core_wait(void)
{
	fw_panic("ta_core_wait: nothing else runs in the host tests");
}

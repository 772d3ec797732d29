// SPDX-License-Identifier: GPL-2.0
/*
 * Normal-world checks of the EL3 firmware's PSCI 1.0 / SMCCC 1.1 service,
 * TAP on the normal UART, then SYSTEM_OFF. Covers what Linux on this board
 * does not exercise: CPU_OFF and a second CPU_ON, CPU_SUSPEND, argument
 * validation, register preservation under concurrent SMCs from both CPUs,
 * the entry state at NS EL2, and external aborts on secure RAM being taken
 * in the normal world.
 */
#include <stdbool.h>
#include <stdint.h>

#define UART		0x09000000UL
#define GICR_SGI	(0x080a0000UL + 0x10000)	/* CPU 0 */
#define SECURE_RAM	0x0e000000UL
#define DTB_ADDR	0x40000000UL

#define PSCI_VERSION		0x84000000
#define PSCI_CPU_SUSPEND	0xc4000001
#define PSCI_CPU_OFF		0x84000002
#define PSCI_CPU_ON		0xc4000003
#define PSCI_CPU_ON32		0x84000003
#define PSCI_AFFINITY_INFO	0xc4000004
#define PSCI_MIGRATE		0xc4000005
#define PSCI_MIGRATE_INFO_TYPE	0x84000006
#define PSCI_SYSTEM_OFF		0x84000008
#define PSCI_SYSTEM_RESET2	0xc4000012
#define PSCI_FEATURES		0x8400000a
#define SMCCC_VERSION		0x80000000
#define SMCCC_ARCH_FEATURES	0x80000001
#define SMCCC_ARCH_WORKAROUND_1	0x80008000
#define TRNG_VERSION		0x84000050
#define OPTEE_CALLS_UID		0xbf00ff01

#define NOT_SUPPORTED	((uint64_t)-1)
#define INVALID_PARAMS	((uint64_t)-2)
#define DENIED		((uint64_t)-3)
#define ALREADY_ON	((uint64_t)-4)
#define INVALID_ADDRESS	((uint64_t)-9)

void smc_full(const uint64_t in[18], uint64_t out[31]);
extern char secondary_entry[], el2_vectors[];

uint64_t entry_regs[4], sec_entry_regs[4];
volatile uint64_t el2_fault_esr;

/* cpu1's report, written by cpu1 before it calls CPU_OFF */
static volatile uint64_t sec_ctx, sec_el, sec_sctlr, sec_x1_3, sec_round;
static volatile uint64_t sec_stress_errors, sec_stress_done;
static volatile uint32_t sec_mode;	/* 0: report and off, 1: stress */

static unsigned int test_no, failures;

static void putc_(char c)
{
	while (*(volatile uint32_t *)(UART + 0x18) & (1 << 5))
		;
	*(volatile uint32_t *)UART = c;
}

static void puts_(const char *s)
{
	while (*s) {
		if (*s == '\n')
			putc_('\r');
		putc_(*s++);
	}
}

static void puthex(uint64_t v)
{
	puts_("0x");
	for (int i = 60; i >= 0; i -= 4)
		putc_("0123456789abcdef"[(v >> i) & 0xf]);
}

static void ok(bool cond, const char *what, uint64_t got)
{
	unsigned int n = ++test_no;
	char num[8];
	int i = 0;

	if (!cond)
		failures++;
	puts_(cond ? "ok " : "not ok ");
	do {
		num[i++] = '0' + n % 10;
		n /= 10;
	} while (n);
	while (i)
		putc_(num[--i]);
	puts_(" - ");
	puts_(what);
	if (!cond) {
		puts_(" (got ");
		puthex(got);
		puts_(")");
	}
	puts_("\n");
}

/* One SMC; also checks that x4..x30 come back as they were. */
static uint64_t smc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3,
		    bool *preserved)
{
	uint64_t in[18], out[31];
	bool same = true;

	in[0] = fid;
	in[1] = a1;
	in[2] = a2;
	in[3] = a3;
	for (int i = 4; i < 18; i++)
		in[i] = 0x5eed000000000000ULL + i * 0x1111;
	smc_full(in, out);
	for (int i = 4; i < 18; i++)
		same &= out[i] == in[i];
	for (int i = 18; i < 31; i++)
		same &= out[i] == 0xc0de0000ULL + i;
	if (preserved)
		*preserved = same;
	else if (!same)
		ok(false, "x4..x30 preserved", fid);
	return out[0];
}

static uint64_t call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return smc(fid, a1, a2, a3, 0);
}

static uint64_t current_el(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, CurrentEL" : "=r"(v));
	return (v >> 2) & 3;
}

static uint64_t sctlr_el2(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, sctlr_el2" : "=r"(v));
	return v;
}

static void dsb(void)
{
	__asm__ volatile("dsb sy" : : : "memory");
}

static bool wait_for(volatile uint64_t *v, uint64_t want)
{
	for (unsigned long i = 0; i < 200000000UL; i++) {
		if (*v == want)
			return true;
	}
	return false;
}

static uint64_t wait_off(void)
{
	uint64_t r = 0;

	for (unsigned long i = 0; i < 20000000UL; i++) {
		r = call(PSCI_AFFINITY_INFO, 1, 0, 0);
		if (r == 1)
			break;
	}
	return r;
}

static void stress(volatile uint64_t *errors, volatile uint64_t *done)
{
	uint64_t errs = 0;
	bool preserved;

	for (int i = 0; i < 3000; i++) {
		if (smc(PSCI_VERSION, i, 0, 0, &preserved) != 0x10000 ||
		    !preserved)
			errs++;
		if (smc(PSCI_AFFINITY_INFO, 0, 0, 0, &preserved) != 0 ||
		    !preserved)
			errs++;
		smc(OPTEE_CALLS_UID, 0, 0, 0, &preserved);
		if (!preserved)
			errs++;
	}
	*errors = errs;
	dsb();
	*done = 1;
	dsb();
}

void secondary_main(void)
{
	if (sec_mode == 1) {
		stress(&sec_stress_errors, &sec_stress_done);
	} else {
		sec_el = current_el();
		sec_sctlr = sctlr_el2();
		sec_x1_3 = sec_entry_regs[1] | sec_entry_regs[2] |
			   sec_entry_regs[3];
		dsb();
		sec_ctx = sec_entry_regs[0];
		dsb();
	}
	call(PSCI_CPU_OFF, 0, 0, 0);
	sec_round = 0xdead;	/* CPU_OFF returned */
}

static void cpu_on_round(uint64_t ctx, const char *what)
{
	uint64_t r;

	sec_ctx = 0;
	dsb();
	r = call(PSCI_CPU_ON, 1, (uintptr_t)secondary_entry, ctx);
	ok(r == 0, what, r);
	ok(wait_for(&sec_ctx, ctx), "cpu1 entered with x0 = context id",
	   sec_ctx);
	r = wait_off();
	ok(r == 1, "cpu1 OFF again after its CPU_OFF", r);
}

void primary_main(void)
{
	uint64_t r, id;
	bool preserved;

	puts_("# psci-test: firmware PSCI/SMCCC from the normal world\n");

	/* entry state */
	ok(current_el() == 2, "cpu0 entered at EL2", current_el());
	ok(!(sctlr_el2() & 1), "cpu0 entered with the MMU off", sctlr_el2());
	ok(entry_regs[0] == DTB_ADDR, "cpu0 x0 = DTB address", entry_regs[0]);
	ok(!(entry_regs[1] | entry_regs[2] | entry_regs[3]),
	   "cpu0 x1..x3 = 0", entry_regs[1] | entry_regs[2] | entry_regs[3]);

	/* versions and discovery */
	r = smc(PSCI_VERSION, 0, 0, 0, &preserved);
	ok(r == 0x10000, "PSCI_VERSION = 1.0", r);
	ok(preserved, "x4..x17 and x18..x30 preserved across an SMC", 0);
	r = call(SMCCC_VERSION, 0, 0, 0);
	ok(r == 0x10001, "SMCCC_VERSION = 1.1", r);
	r = call(PSCI_FEATURES, SMCCC_VERSION, 0, 0);
	ok(r == 0, "PSCI_FEATURES(SMCCC_VERSION) = 0", r);
	r = call(PSCI_FEATURES, PSCI_CPU_ON, 0, 0);
	ok(r == 0, "PSCI_FEATURES(CPU_ON) = 0", r);
	r = call(PSCI_FEATURES, PSCI_MIGRATE, 0, 0);
	ok(r == NOT_SUPPORTED, "PSCI_FEATURES(MIGRATE) not supported", r);
	r = call(PSCI_FEATURES, PSCI_SYSTEM_RESET2, 0, 0);
	ok(r == NOT_SUPPORTED, "PSCI_FEATURES(SYSTEM_RESET2) not supported",
	   r);
	r = call(PSCI_MIGRATE_INFO_TYPE, 0, 0, 0);
	ok(r == 2, "MIGRATE_INFO_TYPE = 2", r);
	r = call(SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_1, 0, 0);
	ok(r == NOT_SUPPORTED, "SMCCC_ARCH_FEATURES(WORKAROUND_1) = -1", r);
	r = call(TRNG_VERSION, 0, 0, 0);
	ok(r == NOT_SUPPORTED, "TRNG_VERSION = -1", r);
	r = call(0xc2001234, 0, 0, 0);
	ok(r == NOT_SUPPORTED, "unknown function ID = -1", r);
	r = call(PSCI_MIGRATE, 0, 0, 0);
	ok(r == NOT_SUPPORTED, "MIGRATE = -1", r);
	r = smc(OPTEE_CALLS_UID, 0, 0, 0, &preserved);
	ok(preserved, "Trusted OS call returns, registers preserved", r);

	/* argument checks */
	r = call(PSCI_AFFINITY_INFO, 0, 0, 0);
	ok(r == 0, "AFFINITY_INFO(cpu0) = ON", r);
	r = call(PSCI_AFFINITY_INFO, 1, 0, 0);
	ok(r == 1, "AFFINITY_INFO(cpu1) = OFF before CPU_ON", r);
	r = call(PSCI_AFFINITY_INFO, 1, 1, 0);
	ok(r == INVALID_PARAMS, "AFFINITY_INFO level 1 = INVALID_PARAMETERS",
	   r);
	r = call(PSCI_AFFINITY_INFO, 2, 0, 0);
	ok(r == INVALID_PARAMS, "AFFINITY_INFO(cpu2) = INVALID_PARAMETERS", r);
	r = call(PSCI_CPU_ON, 0x100, (uintptr_t)secondary_entry, 0);
	ok(r == INVALID_PARAMS, "CPU_ON(0x100) = INVALID_PARAMETERS", r);
	r = call(PSCI_CPU_ON, 0x80000001, (uintptr_t)secondary_entry, 0);
	ok(r == INVALID_PARAMS, "CPU_ON(MPIDR with bit 31) = INVALID_PARAMETERS",
	   r);
	r = call(PSCI_CPU_ON, 1, SECURE_RAM, 0);
	ok(r == INVALID_ADDRESS, "CPU_ON into secure RAM = INVALID_ADDRESS", r);
	r = call(PSCI_CPU_ON, 1, (uintptr_t)secondary_entry + 2, 0);
	ok(r == INVALID_ADDRESS, "CPU_ON misaligned entry = INVALID_ADDRESS",
	   r);
	r = call(PSCI_CPU_ON, 0, (uintptr_t)secondary_entry, 0);
	ok(r == ALREADY_ON, "CPU_ON(cpu0) = ALREADY_ON", r);
	r = call(PSCI_CPU_OFF, 0, 0, 0);
	ok(r == DENIED, "CPU_OFF of the last CPU on = DENIED", r);
	r = call(PSCI_CPU_SUSPEND, 1u << 16, (uintptr_t)secondary_entry, 0);
	ok(r == INVALID_PARAMS, "CPU_SUSPEND power-down = INVALID_PARAMETERS",
	   r);

	/* CPU_ON, CPU_OFF, CPU_ON again (64- and 32-bit calls) */
	cpu_on_round(0x1234567890abcdefULL, "CPU_ON(cpu1) = SUCCESS");
	ok(sec_el == 2, "cpu1 entered at EL2", sec_el);
	ok(!(sec_sctlr & 1), "cpu1 entered with the MMU off", sec_sctlr);
	ok(sec_x1_3 == 0, "cpu1 x1..x3 = 0", sec_x1_3);
	cpu_on_round(0x77, "CPU_ON(cpu1) after CPU_OFF = SUCCESS");
	sec_ctx = 0;
	dsb();
	r = call(PSCI_CPU_ON32, 0xffffffff00000001ULL,
		 0xffffffff00000000ULL | (uintptr_t)secondary_entry,
		 0xffffffff00000042ULL);
	ok(r == 0, "CPU_ON SMC32 ignores the upper halves", r);
	ok(wait_for(&sec_ctx, 0x42), "cpu1 x0 = 32-bit context id", sec_ctx);
	ok(wait_off() == 1, "cpu1 OFF after its third CPU_OFF", 0);
	ok(sec_round != 0xdead, "CPU_OFF never returned", sec_round);

	/* both CPUs in the firmware at once */
	sec_mode = 1;
	sec_stress_done = 0;
	dsb();
	r = call(PSCI_CPU_ON, 1, (uintptr_t)secondary_entry, 0);
	{
		volatile uint64_t errors = 0, done = 0;

		stress(&errors, &done);
		ok(errors == 0, "cpu0: 9000 SMCs during cpu1's, all correct",
		   errors);
	}
	ok(r == 0 && wait_for(&sec_stress_done, 1) && sec_stress_errors == 0,
	   "cpu1: 9000 SMCs during cpu0's, all correct", sec_stress_errors);
	ok(wait_off() == 1, "cpu1 OFF after the stress run", 0);

	/* CPU_SUSPEND standby: WFI, woken by the EL1 physical timer (PPI 30) */
	*(volatile uint32_t *)(GICR_SGI + 0x100) = 1u << 30;	/* ISENABLER0 */
	__asm__ volatile("msr S3_0_C4_C6_0, %0" : : "r"(0xffUL));	/* PMR */
	__asm__ volatile("msr S3_0_C12_C12_7, %0" : : "r"(1UL));	/* IGRPEN1 */
	__asm__ volatile("msr cntp_tval_el0, %0; msr cntp_ctl_el0, %1; isb"
			 : : "r"(62500UL), "r"(1UL));
	r = smc(PSCI_CPU_SUSPEND, 0, 0, 0, &preserved);
	__asm__ volatile("mrs %0, cntp_ctl_el0" : "=r"(id));
	ok(r == 0 && preserved, "CPU_SUSPEND standby returns SUCCESS", r);
	ok(id & 4, "... after the timer interrupt was raised", id);
	__asm__ volatile("msr cntp_ctl_el0, xzr; isb");

	/* secure RAM faults in the normal world (SCR_EL3.EA = 0) */
	__asm__ volatile("msr vbar_el2, %0; isb" : : "r"(el2_vectors));
	el2_fault_esr = 0;
	(void)*(volatile uint32_t *)(SECURE_RAM + 0x100);
	r = el2_fault_esr;
	ok((r >> 26) == 0x25 && (r & 0x3f) == 0x10,
	   "secure RAM read: synchronous external abort at NS EL2", r);

	puts_("1..");
	{
		char num[8];
		int i = 0;
		unsigned int n = test_no;

		do {
			num[i++] = '0' + n % 10;
			n /= 10;
		} while (n);
		while (i)
			putc_(num[--i]);
	}
	puts_(failures ? "\n# psci-test: FAILED\n" : "\n# psci-test: PASS\n");
	call(PSCI_SYSTEM_OFF, 0, 0, 0);
	puts_("not ok - SYSTEM_OFF returned\n");
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Cold boot on QEMU virt: the boot CPU initialises the console, PSCI and the
 * GIC, checks what QEMU loaded for the normal world and enters Linux at NS
 * EL2 (kernel Image at KERNEL_ADDR, x0 = DTB at DTB_ADDR); the other CPUs
 * wait for PSCI CPU_ON.
 */
#include <arch.h>
#include <fw.h>
#include <mmu.h>
#include <platform.h>
#include <psci.h>

#include "../../lib/crypto/crypto_ce.h"

#define IMAGE_MAGIC		0x644d5241	/* "ARM\x64" at offset 0x38 */
#define FDT_MAGIC		0xd00dfeed

extern char __data_load[], __data_start[], __data_end[], __bss_end[];
extern char __stacks_start[];

_Static_assert(PLAT_FW_RAM_BASE >= PLAT_SEC_RAM_BASE &&
	       PLAT_FW_RAM_BASE + PLAT_FW_RAM_SIZE <=
	       PLAT_SEC_RAM_BASE + PLAT_SEC_RAM_SIZE,
	       "FW_RAM must lie in secure RAM");
_Static_assert(PLAT_NS_KERNEL_BASE % 0x200000 == 0,
	       "arm64 Image needs a 2 MiB aligned base");

static uint32_t be32(uint32_t v)
{
	return __builtin_bswap32(v);
}

/* Refuse to jump into garbage: QEMU's loader writes no error anywhere. */
static void check_normal_world(void)
{
	const volatile uint32_t *dtb = fw_phys_to_ptr(PLAT_NS_DTB_BASE);
	const volatile uint64_t *image = fw_phys_to_ptr(PLAT_NS_KERNEL_BASE);
	uint32_t dtb_size;

	if (!((read_sysreg(id_aa64pfr0_el1) >> 8) & 0xf))
		fw_panic("no EL2 to enter Linux at: QEMU needs virtualization=on");

	if (be32(dtb[0]) != FDT_MAGIC)
		fw_panic("no DTB at %#x (magic %#x)", PLAT_NS_DTB_BASE,
			 be32(dtb[0]));
	dtb_size = be32(dtb[1]);
	if (dtb_size > PLAT_NS_KERNEL_BASE - PLAT_NS_DTB_BASE)
		fw_panic("DTB at %#x is %u bytes and overlaps the kernel at %#x",
			 PLAT_NS_DTB_BASE, dtb_size, PLAT_NS_KERNEL_BASE);
	if ((uint32_t)image[7] != IMAGE_MAGIC)
		fw_panic("no arm64 kernel Image at %#x", PLAT_NS_KERNEL_BASE);
	fw_log("sdp-fw: kernel Image at %#x (%llu KiB), DTB at %#x (%u bytes)",
	       PLAT_NS_KERNEL_BASE, (unsigned long long)image[2] >> 10,
	       PLAT_NS_DTB_BASE, dtb_size);
}

static void banner(void)
{
	unsigned long image = (unsigned long)__data_load +
			      (unsigned long)(__data_end - __data_start);
	unsigned long data = __bss_end - __data_start;
	unsigned long used = __bss_end - (char *)PLAT_FW_RAM_BASE;

	fw_log("sdp-fw: EL3 firmware, QEMU virt secure, %u CPUs, GICv3 with "
	       "%u SPIs", plat_cpu_count(), 32 * plat_gic_spi_lines());
	fw_log("sdp-fw: flash 0x%x: %lu KiB image; FW_RAM 0x%x+0x%x: stacks "
	       "%u x %u KiB, data+bss %lu KiB, %lu KiB free",
	       PLAT_FLASH_BASE, (image - PLAT_FLASH_BASE) >> 10,
	       PLAT_FW_RAM_BASE, PLAT_FW_RAM_SIZE, FW_MAX_CPUS,
	       FW_STACK_SIZE >> 10, data >> 10,
	       (PLAT_FW_RAM_SIZE - used) >> 10);
	fw_log("sdp-fw: SDP carveout 0x%x+0x%x in secure RAM", HEX(SDP_ADDR),
	       HEX(SDP_SIZE));
	fw_log("sdp-fw: EL3 MMU on: RAM Normal write-back cacheable (normal "
	       "RAM non-secure but restricted-ui), devices Device-nGnRnE");
	fw_log("sdp-fw: crypto: %s", crypto_ce_describe());
}

void fw_primary_main(void)
{
	/*
	 * Caches on before anything else: start.S wrote .data, .bss and this
	 * CPU's stack with the MMU off, straight to memory; no stale line of
	 * them may survive into the cached view.
	 */
	plat_mmu_setup();
	dcache_inval_range((uintptr_t)__stacks_start,
			   (size_t)(__bss_end - __stacks_start));
	mmu_enable_this_cpu();
	plat_console_init();
	psci_init(0);
	plat_gic_init();	/* releases the other CPUs to wait for CPU_ON */
	plat_gic_cpu_on();
	banner();
	check_normal_world();
	fw_log("sdp-fw: entering Linux at NS EL2 %#x, x0 = %#x",
	       PLAT_NS_KERNEL_BASE, PLAT_NS_DTB_BASE);
	el3_enter_ns_el2(PLAT_NS_KERNEL_BASE, PLAT_NS_DTB_BASE);
}

void fw_secondary_main(unsigned int cpu)
{
	plat_wait_cold_boot();
	mmu_enable_this_cpu();	/* the tables are built by now */
	psci_cpu_wait_for_on(cpu);
}

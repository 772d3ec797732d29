// SPDX-License-Identifier: GPL-2.0
/*
 * The EL3 memory map of QEMU virt (<mmu.h>): what the firmware may touch,
 * identity mapped. Memory is Normal write-back cacheable (but for the
 * firmware's .rodata_nc pages: non-cacheable), device registers
 * Device-nGnRnE; everything else (flash1, PCI, ...) is unmapped.
 */
#include <mmu.h>
#include <platform.h>

#define MIB(x)		((x) << 20)
#define SZ_2M		MIB(2)

#define UI_BASE		((uint64_t)HEX(RESTRICTED_UI_ADDR))
#define UI_END		(UI_BASE + HEX(RESTRICTED_UI_SIZE))
#define NS_RAM_END	((uint64_t)PLAT_NS_RAM_BASE + PLAT_NS_RAM_SIZE)

_Static_assert(PLAT_GICR_BASE + PLAT_GICR_SIZE <= PLAT_DEV_BASE &&
	       PLAT_UART_BASE >= PLAT_DEV_BASE &&
	       PLAT_UART_BASE < PLAT_DEV_BASE + PLAT_DEV_SIZE &&
	       PLAT_GPIO_BASE >= PLAT_DEV_BASE &&
	       PLAT_GPIO_BASE < PLAT_DEV_BASE + PLAT_DEV_SIZE,
	       "device registers outside the Device regions");
_Static_assert(UI_BASE > PLAT_NS_RAM_BASE && UI_END < NS_RAM_END &&
	       UI_BASE % SZ_2M == 0 && UI_END % SZ_2M == 0,
	       "restricted-ui must be 2 MiB aligned, inside normal RAM");

extern char __rodata_nc_start[], __rodata_nc_end[];

void plat_mmu_setup(void)
{
	const uint64_t nc = (uintptr_t)__rodata_nc_start;
	const uint64_t nc_end = (uintptr_t)__rodata_nc_end;
	const struct mmu_region regions[] = {
		{ PLAT_FLASH_BASE, nc - PLAT_FLASH_BASE,
		  MMU_NORMAL | MMU_RO | MMU_EXEC, "flash0 (firmware image)" },
		/* secret-indexed tables: no cache-timing channel */
		{ nc, nc_end - nc, MMU_NORMAL_NC | MMU_RO, ".rodata_nc" },
		{ nc_end, PLAT_FLASH_BASE + PLAT_FLASH_SIZE - nc_end,
		  MMU_NORMAL | MMU_RO | MMU_EXEC, "flash0 (firmware image)" },
		{ PLAT_GICD_BASE, PLAT_DEV_BASE - PLAT_GICD_BASE, MMU_DEVICE,
		  "GICD, GICR" },
		{ PLAT_DEV_BASE, PLAT_DEV_SIZE, MMU_DEVICE, "PL011, PL061" },
		/* FW_RAM and the SDP carveout */
		{ PLAT_SEC_RAM_BASE, PLAT_SEC_RAM_SIZE, MMU_NORMAL,
		  "secure RAM" },
		/*
		 * The normal world's RAM, non-secure, but for restricted-ui:
		 * an SDP range, which hardware would protect with its TZASC
		 * (QEMU cannot), so the firmware only ever accesses it as
		 * secure memory.
		 */
		{ PLAT_NS_RAM_BASE, UI_BASE - PLAT_NS_RAM_BASE,
		  MMU_NORMAL | MMU_NS, "normal RAM" },
		{ UI_BASE, UI_END - UI_BASE, MMU_NORMAL, "restricted-ui" },
		{ UI_END, NS_RAM_END - UI_END, MMU_NORMAL | MMU_NS,
		  "normal RAM" },
	};

	mmu_build(regions, sizeof(regions) / sizeof(regions[0]));
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The EL3 MMU (arch/aarch64/mmu.c): an identity map of the regions the
 * platform lists, 4 KiB granule, 32-bit address space, in 2 MiB blocks
 * where a region covers a whole aligned 2 MiB, else in 4 KiB pages.
 *
 * The boot CPU builds the tables once (mmu_build(), MMU off, before any
 * other CPU leaves plat_wait_cold_boot()) and every CPU, the boot CPU
 * first, turns its MMU and caches on with mmu_enable_this_cpu() before it
 * touches shared RAM. From then on RAM is Normal write-back cacheable
 * memory: any access size and alignment is legal there. Only the regions
 * marked MMU_DEVICE (device registers) are Device-nGnRnE, where accesses
 * must stay naturally aligned and of the register's width (<arch.h>'s
 * mmio_*). Nothing outside the listed regions is mapped: an access there is
 * a translation fault (PANIC).
 */
#ifndef FW_MMU_H
#define FW_MMU_H

#include <stddef.h>
#include <stdint.h>

/* Region attributes: a memory type and optional flags. */
#define MMU_NORMAL	0x0	/* Normal, write-back cacheable, inner shareable */
#define MMU_DEVICE	0x1	/* Device-nGnRnE, never executable */
#define MMU_NORMAL_NC	0x2	/* Normal, non-cacheable */
#define MMU_TYPE_MASK	0x3
#define MMU_RO		0x4	/* read-only (default: read-write) */
#define MMU_EXEC	0x8	/* executable (only read-only Normal regions) */
#define MMU_NS		0x10	/* non-secure physical address space */

struct mmu_region {
	uint64_t base;		/* 4 KiB aligned */
	uint64_t size;		/* multiple of 4 KiB */
	unsigned int attr;
	const char *name;	/* for the boot log and panics */
};

/*
 * Build the identity map of @n @regions (non-overlapping, below 4 GiB)
 * into the static tables; a region that breaks the rules is a panic.
 * Boot CPU only, MMU off.
 */
void mmu_build(const struct mmu_region *regions, unsigned int n);

/*
 * Discard any cached copy of [@start, @start + @size) (DC IVAC): for RAM
 * written with the MMU off, before the D-cache is turned on.
 */
void dcache_inval_range(uintptr_t start, size_t size);

/* Invalidate this CPU's TLB, turn its MMU, D-cache and I-cache on. */
void mmu_enable_this_cpu(void);

#endif /* FW_MMU_H */

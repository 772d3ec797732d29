// SPDX-License-Identifier: GPL-2.0
/*
 * EL3 translation tables (see <mmu.h>): a 4-entry level 1 table (1 GiB
 * each, 32-bit VA and PA) pointing to level 2 tables of 2 MiB blocks, all
 * static in .bss (secure RAM). Blocks are enough for this platform: every
 * region it maps is 2 MiB aligned.
 */
#include <arch.h>
#include <fw.h>
#include <mmu.h>
#include <platform_def.h>

#define L1_ENTRIES	4
#define L2_ENTRIES	512
#define L2_TABLES	2		/* level 2 tables available */
#define L1_SHIFT	30
#define L2_SHIFT	21
#define BLOCK_SIZE	(1ULL << L2_SHIFT)
#define VA_TOP		(1ULL << 32)

/* Descriptor bits (VMSAv8-64, stage 1, EL3 regime). */
#define DESC_TABLE	0x3ULL
#define DESC_BLOCK	0x1ULL
#define DESC_ATTRIDX(i)	((uint64_t)(i) << 2)
#define DESC_NS		(1ULL << 5)
#define DESC_AP_RES1	(1ULL << 6)	/* AP[1]: RES1 in the EL3 regime */
#define DESC_AP_RO	(1ULL << 7)	/* AP[2] */
#define DESC_SH_INNER	(3ULL << 8)
#define DESC_AF		(1ULL << 10)
#define DESC_XN		(1ULL << 54)
#define DESC_ADDR_MASK	0x0000fffffffff000ULL

static uint64_t l1_table[L1_ENTRIES] __attribute__((aligned(4096)));
static uint64_t l2_tables[L2_TABLES][L2_ENTRIES]
	__attribute__((aligned(4096)));
static unsigned int l2_used;

static uint64_t block_desc(uint64_t pa, unsigned int attr)
{
	uint64_t d = pa | DESC_BLOCK | DESC_AF | DESC_AP_RES1;

	if ((attr & 1) == MMU_DEVICE)
		d |= DESC_ATTRIDX(MAIR_IDX_DEVICE) | DESC_XN;
	else
		d |= DESC_ATTRIDX(MAIR_IDX_NORMAL) | DESC_SH_INNER;
	if (attr & MMU_RO)
		d |= DESC_AP_RO;
	if (!(attr & MMU_EXEC))
		d |= DESC_XN;
	if (attr & MMU_NS)
		d |= DESC_NS;
	return d;
}

/* The level 2 table that covers @va, allocated on first use. */
static uint64_t *l2_for(uint64_t va, const char *name)
{
	uint64_t *l1e = &l1_table[va >> L1_SHIFT];
	uint64_t *t;

	if (*l1e)
		return (uint64_t *)(uintptr_t)(*l1e & DESC_ADDR_MASK);
	if (l2_used == L2_TABLES)
		fw_panic("mmu: region %s needs more than %u level 2 tables",
			 name, L2_TABLES);
	t = l2_tables[l2_used++];
	*l1e = (uint64_t)(uintptr_t)t | DESC_TABLE;
	return t;
}

void mmu_build(const struct mmu_region *regions, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		const struct mmu_region *r = &regions[i];
		uint64_t va;

		if ((r->base | r->size) & (BLOCK_SIZE - 1) || !r->size ||
		    r->base >= VA_TOP || r->size > VA_TOP - r->base ||
		    ((r->attr & MMU_EXEC) &&
		     ((r->attr & 1) == MMU_DEVICE || !(r->attr & MMU_RO))))
			fw_panic("mmu: region %s %#llx+%#llx attr %#x: not "
				 "mappable", r->name,
				 (unsigned long long)r->base,
				 (unsigned long long)r->size, r->attr);
		for (va = r->base; va < r->base + r->size; va += BLOCK_SIZE) {
			uint64_t *e = &l2_for(va, r->name)[(va >> L2_SHIFT) %
							   L2_ENTRIES];

			if (*e)
				fw_panic("mmu: region %s overlaps another at "
					 "%#llx", r->name,
					 (unsigned long long)va);
			*e = block_desc(va, r->attr);
		}
	}
	/* The tables were written with the MMU off: straight to memory. */
	dsb();
}

void dcache_inval_range(uintptr_t start, size_t size)
{
	uint64_t line = 4ULL << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	uintptr_t p = start & ~(uintptr_t)(line - 1);

	dsb();
	for (; p < start + size; p += line)
		__asm__ volatile("dc ivac, %0" : : "r"(p) : "memory");
	dsb();
}

void mmu_enable_this_cpu(void)
{
	write_sysreg(MAIR_EL3_VALUE, mair_el3);
	write_sysreg(TCR_EL3_VALUE, tcr_el3);
	write_sysreg((uintptr_t)l1_table, ttbr0_el3);
	__asm__ volatile("tlbi alle3\n\tdsb ish" : : : "memory");
	isb();
	write_sysreg(SCTLR_EL3_MMU_VALUE, sctlr_el3);
	isb();
}

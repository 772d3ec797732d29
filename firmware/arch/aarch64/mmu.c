// SPDX-License-Identifier: GPL-2.0
/*
 * EL3 translation tables (see <mmu.h>): a 4-entry level 1 table (1 GiB
 * each, 32-bit VA and PA), level 2 tables of 2 MiB blocks and, where a
 * region does not cover a whole aligned 2 MiB, level 3 tables of 4 KiB
 * pages; all static in .bss (secure RAM).
 */
#include <arch.h>
#include <fw.h>
#include <mmu.h>
#include <platform_def.h>

#define L1_ENTRIES	4
#define ENTRIES		512
#define SUB_TABLES	4		/* level 2 and 3 tables available */
#define L1_SHIFT	30
#define L2_SHIFT	21
#define L3_SHIFT	12
#define BLOCK_SIZE	(1ULL << L2_SHIFT)
#define PAGE_SIZE	(1ULL << L3_SHIFT)
#define VA_TOP		(1ULL << 32)

/* Descriptor bits (VMSAv8-64, stage 1, EL3 regime). */
#define DESC_VALID	0x1ULL
#define DESC_TABLE	0x3ULL		/* levels 1 and 2 */
#define DESC_BLOCK	0x1ULL		/* levels 1 and 2 */
#define DESC_PAGE	0x3ULL		/* level 3 */
#define DESC_TYPE_MASK	0x3ULL
#define DESC_ATTRIDX(i)	((uint64_t)(i) << 2)
#define DESC_NS		(1ULL << 5)
#define DESC_AP_RES1	(1ULL << 6)	/* AP[1]: RES1 in the EL3 regime */
#define DESC_AP_RO	(1ULL << 7)	/* AP[2] */
#define DESC_SH_INNER	(3ULL << 8)
#define DESC_AF		(1ULL << 10)
#define DESC_XN		(1ULL << 54)
#define DESC_ADDR_MASK	0x0000fffffffff000ULL

static uint64_t l1_table[L1_ENTRIES] __attribute__((aligned(4096)));
static uint64_t sub_tables[SUB_TABLES][ENTRIES] __attribute__((aligned(4096)));
static unsigned int sub_used;

static uint64_t leaf_desc(uint64_t pa, unsigned int attr, uint64_t type)
{
	uint64_t d = pa | type | DESC_AF | DESC_AP_RES1;

	switch (attr & MMU_TYPE_MASK) {
	case MMU_DEVICE:
		d |= DESC_ATTRIDX(MAIR_IDX_DEVICE) | DESC_XN;
		break;
	case MMU_NORMAL_NC:
		d |= DESC_ATTRIDX(MAIR_IDX_NORMAL_NC) | DESC_SH_INNER;
		break;
	default:
		d |= DESC_ATTRIDX(MAIR_IDX_NORMAL) | DESC_SH_INNER;
		break;
	}
	if (attr & MMU_RO)
		d |= DESC_AP_RO;
	if (!(attr & MMU_EXEC))
		d |= DESC_XN;
	if (attr & MMU_NS)
		d |= DESC_NS;
	return d;
}

/*
 * The next-level table that table entry @e points to, allocated on first
 * use; NULL if @e holds a block.
 */
static uint64_t *next_table(uint64_t *e, const char *name)
{
	uint64_t *t;

	if (*e)
		return (*e & DESC_TYPE_MASK) == DESC_TABLE ?
		       (uint64_t *)(uintptr_t)(*e & DESC_ADDR_MASK) : NULL;
	if (sub_used == SUB_TABLES)
		fw_panic("mmu: region %s needs more than %u tables", name,
			 SUB_TABLES);
	t = sub_tables[sub_used++];
	*e = (uint64_t)(uintptr_t)t | DESC_TABLE;
	return t;
}

static void map_region(const struct mmu_region *r)
{
	uint64_t va = r->base, end = r->base + r->size;

	while (va < end) {
		uint64_t *l2 = next_table(&l1_table[va >> L1_SHIFT], r->name);
		uint64_t *e = &l2[(va >> L2_SHIFT) % ENTRIES];
		uint64_t *l3;

		if (!(va & (BLOCK_SIZE - 1)) && end - va >= BLOCK_SIZE && !*e) {
			*e = leaf_desc(va, r->attr, DESC_BLOCK);
			va += BLOCK_SIZE;
			continue;
		}
		l3 = next_table(e, r->name);
		if (!l3 || l3[(va >> L3_SHIFT) % ENTRIES])
			fw_panic("mmu: region %s overlaps another at %#llx",
				 r->name, (unsigned long long)va);
		l3[(va >> L3_SHIFT) % ENTRIES] =
			leaf_desc(va, r->attr, DESC_PAGE);
		va += PAGE_SIZE;
	}
}

void mmu_build(const struct mmu_region *regions, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		const struct mmu_region *r = &regions[i];
		unsigned int type = r->attr & MMU_TYPE_MASK;

		if ((r->base | r->size) & (PAGE_SIZE - 1) || !r->size ||
		    r->base >= VA_TOP || r->size > VA_TOP - r->base ||
		    type > MMU_NORMAL_NC ||
		    ((r->attr & MMU_EXEC) &&
		     (type == MMU_DEVICE || !(r->attr & MMU_RO))))
			fw_panic("mmu: region %s %#llx+%#llx attr %#x: not "
				 "mappable", r->name,
				 (unsigned long long)r->base,
				 (unsigned long long)r->size, r->attr);
		map_region(r);
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

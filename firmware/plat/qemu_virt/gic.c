// SPDX-License-Identifier: GPL-2.0
/*
 * GICv3 set-up for a normal world that owns every interrupt: all SPIs,
 * PPIs and SGIs Group 1 non-secure, affinity routing on, the system
 * register interface enabled for EL2 and EL1. Linux configures the rest.
 */
#include <arch.h>
#include <fw.h>
#include <platform.h>

#define GICD_CTLR		0x0000
#define GICD_TYPER		0x0004
#define GICD_IGROUPR(n)		(0x0080 + 4 * (n))
#define GICD_IGRPMODR(n)	(0x0d00 + 4 * (n))

#define CTLR_ENABLE_G0		(1u << 0)
#define CTLR_ENABLE_G1NS	(1u << 1)
#define CTLR_ENABLE_G1S		(1u << 2)
#define CTLR_ARE_S		(1u << 4)
#define CTLR_ARE_NS		(1u << 5)
#define CTLR_RWP		(1u << 31)

#define GICR_FRAME_SIZE		0x20000		/* RD_base + SGI_base */
#define GICR_TYPER		0x0008
#define GICR_WAKER		0x0014
#define GICR_SGI		0x10000
#define GICR_IGROUPR0		(GICR_SGI + 0x0080)
#define GICR_IGRPMODR0		(GICR_SGI + 0x0d00)

#define TYPER_LAST		(1u << 4)
#define WAKER_PROCESSOR_SLEEP	(1u << 1)
#define WAKER_CHILDREN_ASLEEP	(1u << 2)

/* ICC_SRE_EL3/EL2: SRE, DFB, DIB, Enable (lower EL may use SRE) */
#define ICC_SRE_VALUE		0xf

static unsigned int spi_lines, cpu_count;

static void gicd_wait_rwp(void)
{
	while (mmio_read32(PLAT_GICD_BASE + GICD_CTLR) & CTLR_RWP)
		;
}

static void gicd_set_ctlr(uint32_t val)
{
	mmio_write32(PLAT_GICD_BASE + GICD_CTLR, val);
	gicd_wait_rwp();
}

void plat_gic_init(void)
{
	uintptr_t rd;
	unsigned int n;

	/* ID_AA64PFR0_EL1.GIC: GICv3 system register interface */
	if (!((read_sysreg(id_aa64pfr0_el1) >> 24) & 0xf))
		fw_panic("no GICv3 CPU interface: QEMU needs gic-version=3");
	gicd_set_ctlr(0);
	gicd_set_ctlr(CTLR_ARE_S | CTLR_ARE_NS);

	spi_lines = mmio_read32(PLAT_GICD_BASE + GICD_TYPER) & 0x1f;
	for (n = 1; n <= spi_lines; n++) {
		mmio_write32(PLAT_GICD_BASE + GICD_IGROUPR(n), ~0u);
		mmio_write32(PLAT_GICD_BASE + GICD_IGRPMODR(n), 0);
	}
	for (rd = PLAT_GICR_BASE;
	     rd < PLAT_GICR_BASE + PLAT_GICR_SIZE && cpu_count < FW_MAX_CPUS;
	     rd += GICR_FRAME_SIZE) {
		cpu_count++;
		if (mmio_read64(rd + GICR_TYPER) & TYPER_LAST)
			break;
	}

	/*
	 * EnableGrp1S is also the cold-boot gate (plat_wait_cold_boot()):
	 * .bss, the translation tables and the PSCI state are ready by now.
	 * Not ARE_S: QEMU implements no legacy mode, its ARE bits read as one
	 * from reset.
	 */
	dsb();
	gicd_set_ctlr(CTLR_ARE_S | CTLR_ARE_NS | CTLR_ENABLE_G0 |
		      CTLR_ENABLE_G1NS | CTLR_ENABLE_G1S);
	dsb();
	sev();
}

unsigned int plat_gic_spi_lines(void)
{
	return spi_lines;
}

unsigned int plat_cpu_count(void)
{
	return cpu_count;
}

void plat_wait_cold_boot(void)
{
	while (!(mmio_read32(PLAT_GICD_BASE + GICD_CTLR) & CTLR_ENABLE_G1S))
		wfe();
	dsb();
}

/* This CPU's redistributor: the frame whose GICR_TYPER.Affinity is ours. */
static uintptr_t gicr_this_cpu(void)
{
	uint64_t mpidr = read_sysreg(mpidr_el1);
	uint32_t aff = (uint32_t)(((mpidr >> 8) & 0xff000000) |
				  (mpidr & 0xffffff));
	uintptr_t rd;

	for (rd = PLAT_GICR_BASE; rd < PLAT_GICR_BASE + PLAT_GICR_SIZE;
	     rd += GICR_FRAME_SIZE) {
		uint64_t typer = mmio_read64(rd + GICR_TYPER);

		if ((uint32_t)(typer >> 32) == aff)
			return rd;
		if (typer & TYPER_LAST)
			break;
	}
	fw_panic("GICv3: no redistributor for MPIDR %#llx",
		 (unsigned long long)mpidr);
}

void plat_gic_cpu_on(void)
{
	uintptr_t rd = gicr_this_cpu();

	mmio_write32(rd + GICR_WAKER,
		     mmio_read32(rd + GICR_WAKER) & ~WAKER_PROCESSOR_SLEEP);
	while (mmio_read32(rd + GICR_WAKER) & WAKER_CHILDREN_ASLEEP)
		;
	mmio_write32(rd + GICR_IGROUPR0, ~0u);
	mmio_write32(rd + GICR_IGRPMODR0, 0);

	write_sysreg(ICC_SRE_VALUE, S3_6_C12_C12_5);	/* ICC_SRE_EL3 */
	isb();
	write_sysreg(ICC_SRE_VALUE, S3_4_C12_C9_5);	/* ICC_SRE_EL2 */
	isb();
	write_sysreg(0, S3_6_C12_C12_4);		/* ICC_CTLR_EL3 */
	isb();
}

void plat_gic_cpu_off(void)
{
	uintptr_t rd = gicr_this_cpu();

	mmio_write32(rd + GICR_WAKER,
		     mmio_read32(rd + GICR_WAKER) | WAKER_PROCESSOR_SLEEP);
	while (!(mmio_read32(rd + GICR_WAKER) & WAKER_CHILDREN_ASLEEP))
		;
}

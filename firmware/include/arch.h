/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AArch64 EL3: register values, barriers, system register access, and the
 * interface between the assembly entry code and C.
 */
#ifndef ARCH_H
#define ARCH_H

/*
 * SCTLR_ELx RES1 bits (ARMv8.0) and the EL3 values. At reset (start.S):
 * MMU and D-cache off, I-cache on, SP alignment and alignment checks on;
 * with the MMU off every data access is Device memory, where hardware
 * faults on unaligned accesses anyway (QEMU does not model that, SCTLR.A
 * makes it fault there too). Once the tables are built (mmu.h): MMU,
 * D-cache and I-cache on, writable memory never executable (WXN), SP
 * alignment checks on, alignment checks off (Normal memory takes unaligned
 * accesses; Device memory still faults on them).
 */
#define SCTLR_RES1		0x30c50830
#define SCTLR_M			(1 << 0)
#define SCTLR_A			(1 << 1)
#define SCTLR_C			(1 << 2)
#define SCTLR_SA		(1 << 3)
#define SCTLR_I			(1 << 12)
#define SCTLR_WXN		(1 << 19)
#define SCTLR_EL3_VALUE		(SCTLR_RES1 | SCTLR_I | SCTLR_SA | SCTLR_A)
#define SCTLR_EL3_MMU_VALUE	(SCTLR_RES1 | SCTLR_WXN | SCTLR_I | \
				 SCTLR_SA | SCTLR_C | SCTLR_M)

/*
 * EL3 translation (arch/aarch64/mmu.c). MAIR_EL3: attribute 0 Normal
 * write-back read/write-allocate (inner and outer), attribute 1
 * Device-nGnRnE, attribute 2 Normal non-cacheable. TCR_EL3: RES1 bits 31
 * and 23, 32-bit PA (PS 0), 4 KiB granule, walks inner shareable
 * write-back cacheable, T0SZ 32 (32-bit VA: the walk starts at level 1).
 */
#define MAIR_IDX_NORMAL		0
#define MAIR_IDX_DEVICE		1
#define MAIR_IDX_NORMAL_NC	2
#define MAIR_EL3_VALUE		0x4400ffULL
#define TCR_EL3_VALUE		((1ULL << 31) | (1ULL << 23) | (3ULL << 12) | \
				 (1ULL << 10) | (1ULL << 8) | 32ULL)
#define SCTLR_EL2_VALUE		SCTLR_RES1

/* SCR_EL3 for the normal world: NS, RES1 bits 5:4, HCE, SIF, RW (AArch64).
 * IRQ, FIQ, EA = 0 (routed to the normal world), SMD = 0 (SMC enabled). */
#define SCR_EL3_NS_VALUE	0x731
/* SCR_EL3.FIQ: set while a secure thread runs (optee/thread.c), so that
 * the normal world's interrupts, FIQs at EL3 under GICv3, stop it. */
#define SCR_EL3_FIQ_BIT		2

/* SPSR_EL3 of a new secure thread: EL3h, DAIF masked (run() opens F). */
#define SPSR_EL3H_DAIF		0x3cd
#define SPSR_I			(1 << 7)
#define SPSR_F			(1 << 6)

#define HCR_EL2_RW		(1 << 31)
#define CNTHCTL_EL2_VALUE	3	/* EL1PCTEN | EL1PCEN */
#define SPSR_EL2H_DAIF		0x3c9	/* EL2h, D, A, I, F masked */

#define ESR_EC_SHIFT		26
#define ESR_EC_SMC64		0x17

/*
 * struct smc_regs (x0..x17) starts the SMC frame; then x18..x30, ELR, SPSR.
 * A secure thread's saved context (struct el3_frame) has the same layout.
 */
#define SMC_FRAME_X30		240
#define SMC_FRAME_ELR		256
#define SMC_FRAME_SIZE		272

/* struct cpu_ctx: x19..x30 and SP of the SMC that runs a secure thread. */
#define CPU_CTX_SP		96
#define CPU_CTX_SHIFT		7	/* 128 bytes per CPU */

/* Lowest 8 bytes of every EL3 stack; checked after each SMC. */
#define STACK_CANARY		0x5afe57ac6b0771e5

#ifdef __ASSEMBLER__

/* xd = top of this CPU's EL3 stack (TPIDR_EL3 holds the CPU index). */
.macro cpu_stack_top xd, xtmp
	mrs	\xd, tpidr_el3
	add	\xd, \xd, #1
	mov	\xtmp, #FW_STACK_SIZE
	mul	\xd, \xd, \xtmp
	adrp	\xtmp, __stacks_start
	add	\xtmp, \xtmp, :lo12:__stacks_start
	add	\xd, \xd, \xtmp
.endm

/*
 * An exception frame (SMC_FRAME_*) at SP whose x0 and x1 are already
 * stored: store x2..x30, ELR_EL3 and SPSR_EL3 (clobbers x0, x1).
 */
.macro frame_save_x2_x30
	stp	x2, x3, [sp, #0x10]
	stp	x4, x5, [sp, #0x20]
	stp	x6, x7, [sp, #0x30]
	stp	x8, x9, [sp, #0x40]
	stp	x10, x11, [sp, #0x50]
	stp	x12, x13, [sp, #0x60]
	stp	x14, x15, [sp, #0x70]
	stp	x16, x17, [sp, #0x80]
	stp	x18, x19, [sp, #0x90]
	stp	x20, x21, [sp, #0xa0]
	stp	x22, x23, [sp, #0xb0]
	stp	x24, x25, [sp, #0xc0]
	stp	x26, x27, [sp, #0xd0]
	stp	x28, x29, [sp, #0xe0]
	str	x30, [sp, #SMC_FRAME_X30]
	mrs	x0, elr_el3
	mrs	x1, spsr_el3
	stp	x0, x1, [sp, #SMC_FRAME_ELR]
.endm

/* Load ELR_EL3, SPSR_EL3 and x0..x30 from the frame at SP and pop it. */
.macro frame_restore
	ldp	x0, x1, [sp, #SMC_FRAME_ELR]
	msr	elr_el3, x0
	msr	spsr_el3, x1
	ldp	x2, x3, [sp, #0x10]
	ldp	x4, x5, [sp, #0x20]
	ldp	x6, x7, [sp, #0x30]
	ldp	x8, x9, [sp, #0x40]
	ldp	x10, x11, [sp, #0x50]
	ldp	x12, x13, [sp, #0x60]
	ldp	x14, x15, [sp, #0x70]
	ldp	x16, x17, [sp, #0x80]
	ldp	x18, x19, [sp, #0x90]
	ldp	x20, x21, [sp, #0xa0]
	ldp	x22, x23, [sp, #0xb0]
	ldp	x24, x25, [sp, #0xc0]
	ldp	x26, x27, [sp, #0xd0]
	ldp	x28, x29, [sp, #0xe0]
	ldr	x30, [sp, #SMC_FRAME_X30]
	ldp	x0, x1, [sp, #0x00]
	add	sp, sp, #SMC_FRAME_SIZE
.endm

.macro func name
	.section .text.\name, "ax"
	.global \name
	.type \name, %function
	.balign 4
\name:
.endm

.macro endfunc name
	.size \name, . - \name
.endm

#else /* !__ASSEMBLER__ */

#include <stdbool.h>
#include <stdint.h>
#include <smc.h>

#define read_sysreg(reg) ({						\
	uint64_t __v;							\
	__asm__ volatile("mrs %0, " #reg : "=r"(__v));			\
	__v;								\
})

#define write_sysreg(val, reg)						\
	__asm__ volatile("msr " #reg ", %x0" : : "rZ"((uint64_t)(val)))

static inline void dsb(void) { __asm__ volatile("dsb sy" : : : "memory"); }
static inline void isb(void) { __asm__ volatile("isb" : : : "memory"); }
static inline void sev(void) { __asm__ volatile("sev" : : : "memory"); }
static inline void wfe(void) { __asm__ volatile("wfe" : : : "memory"); }
static inline void wfi(void) { __asm__ volatile("wfi" : : : "memory"); }

static inline uint32_t mmio_read32(uintptr_t addr)
{
	return *(volatile uint32_t *)addr;
}

static inline void mmio_write32(uintptr_t addr, uint32_t val)
{
	*(volatile uint32_t *)addr = val;
}

static inline uint64_t mmio_read64(uintptr_t addr)
{
	return *(volatile uint64_t *)addr;
}

/* Index of the calling CPU (0..FW_MAX_CPUS-1), set by the reset code. */
static inline unsigned int fw_cpu_index(void)
{
	return (unsigned int)read_sysreg(tpidr_el3);
}

/*
 * Enter the normal world at NS EL2, MMU off, DAIF masked, x0 = @arg and
 * every other general register zero. Resets this CPU's EL3 stack.
 */
void el3_enter_ns_el2(uint64_t entry, uint64_t arg) __attribute__((noreturn));

/* True while the canary at the bottom of @cpu's EL3 stack is intact. */
bool el3_stack_intact(unsigned int cpu);

/* Called by the assembly: */
void fw_primary_main(void) __attribute__((noreturn));
void fw_secondary_main(unsigned int cpu) __attribute__((noreturn));
void smc_dispatch(struct smc_regs *regs, unsigned int cpu);

/* The registers of an exception taken to EL3 (SMC_FRAME_* above). */
struct el3_frame {
	uint64_t x[31];
	uint64_t pad;
	uint64_t elr;
	uint64_t spsr;
};

/*
 * Run the secure thread whose context is the frame at @sp (it becomes the
 * thread's stack pointer once popped), until it finishes or is suspended;
 * returns what thread_finished() or thread_suspended() returned. Sets
 * SCR_EL3.FIQ for the time the thread runs.
 */
uint32_t thread_run(uint64_t sp);
/* The first instruction of every secure thread (x0 = its argument). */
void thread_entry(void);
/* C ends of thread.S (optee/thread.c), called with DAIF masked: */
uint32_t thread_main(uint64_t arg);
uint32_t thread_finished(uint32_t ret);
uint32_t thread_suspended(struct el3_frame *frame);
void el3_unexpected_exception(uint64_t esr, uint64_t elr, uint64_t far,
			      uint64_t spsr, unsigned int kind, uint64_t sp,
			      uint64_t lr) __attribute__((noreturn));

#endif /* __ASSEMBLER__ */

#endif /* ARCH_H */

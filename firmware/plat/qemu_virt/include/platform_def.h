/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QEMU virt (secure=on, virtualization=on, gic-version=3): addresses and
 * sizes. Memory layout from board/layout.h, device addresses from QEMU's
 * hw/arm/virt.c memory map. Safe to include from C, assembly and the linker
 * script.
 */
#ifndef PLATFORM_DEF_H
#define PLATFORM_DEF_H

#include <layout.h>

/* CPUs this firmware serves; CPU index = MPIDR Aff1 * 16 + Aff0. */
#define FW_MAX_CPUS		4
#define PLAT_CPUS_PER_CLUSTER	16	/* QEMU virt with GICv3 */

/* EL3 stack per CPU: the services (PSCI, OP-TEE ABI, TAs) run on it. */
#define FW_STACK_SIZE		0x8000

/* Secure flash 0 (-bios): .text, .rodata and the .data image, read-only. */
#define PLAT_FLASH_BASE		0x00000000
#define PLAT_FLASH_SIZE		0x04000000

/* Secure-only RAM, not zeroed on reset; the firmware's part of it. */
#define PLAT_SEC_RAM_BASE	HEX(SEC_RAM_ADDR)
#define PLAT_SEC_RAM_SIZE	HEX(SEC_RAM_SIZE)
#define PLAT_FW_RAM_BASE	HEX(FW_RAM_ADDR)
#define PLAT_FW_RAM_SIZE	HEX(FW_RAM_SIZE)

/* Normal world: RAM, where QEMU put the DTB and the loader the kernel. */
#define PLAT_NS_RAM_BASE	HEX(RAM_ADDR)
#define PLAT_NS_RAM_SIZE	HEX(RAM_SIZE)
#define PLAT_NS_DTB_BASE	HEX(DTB_ADDR)
#define PLAT_NS_KERNEL_BASE	HEX(KERNEL_ADDR)

/* Devices. */
#define PLAT_GICD_BASE		0x08000000
#define PLAT_GICR_BASE		0x080a0000
#define PLAT_GICR_SIZE		0x00f60000	/* up to 123 redistributors */
#define PLAT_DEV_BASE		0x09000000	/* PL011s, PL061s, ... */
#define PLAT_DEV_SIZE		0x00200000
#define PLAT_UART_BASE		0x09040000	/* secure PL011, 2nd -serial */
#define PLAT_UART_CLK_HZ	24000000
#define PLAT_UART_BAUD		115200
#define PLAT_GPIO_BASE		0x090b0000	/* secure PL061 */
#define PLAT_GPIO_POWEROFF	0		/* pin 0: QEMU powers off */
#define PLAT_GPIO_RESET		1		/* pin 1: QEMU resets */

#endif /* PLATFORM_DEF_H */

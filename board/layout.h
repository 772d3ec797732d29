/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory layout of the QEMU virt boards: the one source of truth for the
 * devicetree overlays (through cpp) and the runner (scripts/run-qemu.py reads
 * the BOARD_* and *_ADDR/SIZE lines). Values are hex without "0x" so that they
 * can form unit addresses; use HEX() to get a C/DTS number.
 */
#ifndef SDP_BOARD_LAYOUT_H
#define SDP_BOARD_LAYOUT_H

#define _HEX(x)			0x##x
#define HEX(x)			_HEX(x)

/* Normal RAM: QEMU -m (RAM_SIZE in MiB) puts it at 0x40000000. */
#define RAM_ADDR		40000000
#define RAM_SIZE		40000000

/* Where the firmware finds the DTB (QEMU puts it there) and the kernel. */
#define DTB_ADDR		40000000
#define KERNEL_ADDR		40200000

/*
 * Secure board (virt,secure=on): 16 MiB of secure-only RAM. The firmware
 * keeps its data, stacks and tables in the first 4 MiB; the rest is the
 * restricted carveout (restricted@e400000), an SDP range.
 */
#define SEC_RAM_ADDR		e000000
#define SEC_RAM_SIZE		01000000
#define FW_RAM_ADDR		e000000
#define FW_RAM_SIZE		00400000
#define SDP_ADDR		e400000
#define SDP_SIZE		00c00000

/* The initramfs, loaded by QEMU's generic loader; at most 64 MiB. */
#define INITRD_ADDR		44000000
#define INITRD_MAX		04000000

/*
 * Restricted carveouts in normal DRAM (no-map): both heaps of the plain virt
 * board; on the secure board restricted-ui stays here as a second SDP range
 * (QEMU cannot enforce it: it is normal RAM).
 */
#define RESTRICTED_ADDR		70000000
#define RESTRICTED_SIZE		04000000
#define RESTRICTED_UI_ADDR	74000000
#define RESTRICTED_UI_SIZE	01000000

#endif /* SDP_BOARD_LAYOUT_H */

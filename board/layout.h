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

/* Normal RAM: QEMU -m 1024 puts it at 0x40000000. */
#define BOARD_RAM_MB		1024
#define RAM_ADDR		40000000

/* The initramfs, loaded by QEMU's generic loader; at most 64 MiB. */
#define INITRD_ADDR		44000000
#define INITRD_MAX		04000000

/* Restricted carveouts (no-map, in normal DRAM on this board). */
#define RESTRICTED_ADDR		70000000
#define RESTRICTED_SIZE		04000000
#define RESTRICTED_UI_ADDR	74000000
#define RESTRICTED_UI_SIZE	01000000

#endif /* SDP_BOARD_LAYOUT_H */

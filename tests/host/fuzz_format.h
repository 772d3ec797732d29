/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Input format of the message-boundary fuzzer (fuzz_msg.c), shared with the
 * seed generator (gen_seeds.c).
 *
 * An input is a sequence of records { u8 op; u8 sel; u16 len (LE);
 * u8 bytes[len] }, each acting on fake normal-world memory or the SMC
 * interface; the secure side is reset before every input:
 *   FZ_OP_MSG   bytes -> a message at the address picked by sel (a table of
 *               good and bad ones), then CALL_WITH_ARG on it
 *   FZ_OP_LIST  bytes -> the page-list area at offset sel * 64
 *   FZ_OP_DATA  bytes -> the data area at offset sel * 1024
 *   FZ_OP_FAST  bytes = up to 4 LE u32 (a0..a3): a raw SMC
 * The data area starts out registered as cookie FZ_COOKIE (FZ_DATA_PAGES
 * pages, from offset FZ_COOKIE_OFFSET), like driver-registered memory.
 */
#ifndef HOST_FUZZ_FORMAT_H
#define HOST_FUZZ_FORMAT_H

#include <stdint.h>

#include "layout.h"

#define FZ_OP_MSG		0
#define FZ_OP_LIST		1
#define FZ_OP_DATA		2
#define FZ_OP_FAST		3
#define FZ_NUM_OPS		4

#define FZ_MAX_RECORDS		32

#define FZ_ARG_PA		0x48000000ull
#define FZ_LIST_PA		0x48001000ull	/* 4 list pages */
#define FZ_LIST_SIZE		0x4000u
#define FZ_DATA_PA		0x48010000ull
#define FZ_DATA_PAGES		64u
#define FZ_DATA_SIZE		(FZ_DATA_PAGES * 4096u)
#define FZ_PRELIST_PA		0x48008000ull	/* list of the pre-registration */
#define FZ_COOKIE		0xc00c1eull
#define FZ_COOKIE_OFFSET	0x10u

/* A secure buffer for seeds: in the carveout. */
#define FZ_SDP_PA		((uint64_t)HEX(SDP_ADDR) + 0x10000)

/* Message addresses selectable by FZ_OP_MSG's sel (mod the count). */
#define FZ_ARG_ADDRS { \
	FZ_ARG_PA, \
	FZ_ARG_PA + 4, \
	(uint64_t)HEX(RESTRICTED_UI_ADDR) - 32, \
	(uint64_t)HEX(RAM_ADDR) + HEX(RAM_SIZE) - 64, \
	(uint64_t)HEX(RAM_ADDR) + HEX(RAM_SIZE) - 32, \
	(uint64_t)HEX(SDP_ADDR), \
	(uint64_t)HEX(SEC_RAM_ADDR), \
	0, \
}
#define FZ_NUM_ARG_ADDRS	8

#endif /* HOST_FUZZ_FORMAT_H */

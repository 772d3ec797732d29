/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The invoke-tests pseudo-TA of OP-TEE (core/pta/tests/invoke.c): the
 * secure data path commands only.
 */
#ifndef TA_PTA_INVOKE_TESTS_H
#define TA_PTA_INVOKE_TESTS_H

/* d96a5b40-c3e5-21e3-8794-1002a5d5c61b */
#define PTA_INVOKE_TESTS_UUID \
	{ 0xd96a5b40, 0xc3e5, 0x21e3, \
	  { 0x87, 0x94, 0x10, 0x02, 0xa5, 0xd5, 0xc6, 0x1b } }

#define PTA_INVOKE_TESTS_CMD_COPY_NSEC_TO_SEC	3
#define PTA_INVOKE_TESTS_CMD_READ_MODIFY_SEC	4
#define PTA_INVOKE_TESTS_CMD_COPY_SEC_TO_NSEC	5
/*
 * This project's own (not OP-TEE's): the secure world's tables, for tests
 * that check nothing is left behind (tests/guest/sdp_fuzz.c).
 *   [0] VALUE_OUTPUT  a = open sessions, every owner (the caller's own
 *                     session and the kernel's counts too), b = registered
 *                     shared-memory objects (live cookies)
 *   [1] VALUE_OUTPUT  a = pages held by those registrations, b = 0
 *   [2] NONE          [3] NONE
 */
#define PTA_INVOKE_TESTS_CMD_TABLE_COUNTS	0x100

#endif /* TA_PTA_INVOKE_TESTS_H */

/* SPDX-License-Identifier: GPL-2.0 */
/* A TA that exists only in the host tests, to exercise the framework. */
#ifndef HOST_TEST_TA_H
#define HOST_TEST_TA_H

/* 5dbd2fa2-0c4e-4b6a-9a3e-7e57e57e57e5 */
#define TEST_TA_UUID \
	{ 0x5dbd2fa2, 0x0c4e, 0x4b6a, \
	  { 0x9a, 0x3e, 0x7e, 0x57, 0xe5, 0x7e, 0x57, 0xe5 } }

#define TEST_TA_CMD_VALUES	0	/* inout a+=1,b+=2; output a=0x11,b=0x22 */
#define TEST_TA_CMD_RECURSE	1	/* open self, invoke RECURSE, return it */
#define TEST_TA_CMD_LEAK	2	/* open a session to the SDP TA, keep it */
#define TEST_TA_CMD_NARROW	3	/* forward [0] as INOUT to SDP TRANSFORM */
#define TEST_TA_CMD_WHOAMI	4	/* out value: login of our client */

#define TEST_TA_OPEN_REFUSE	0xdead	/* open with value a = this: refused */

#include "../../firmware/ta/tee_api.h"

/* The client identity of the last open_session the test TA saw. */
extern struct ta_identity test_last_client;

#endif

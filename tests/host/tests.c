// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of the secure world's pure logic: memory classification,
 * memrefs, registered shared memory, the OP-TEE SMC/message boundary, the
 * TA framework and the built-in TAs, end to end through
 * optee_smc_handler() with fake physical memory. TAP output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nsworld.h"
#include "test_harness.h"
#include "test_ta.h"
#include "../../firmware/optee/memclass.h"
#include "../../firmware/optee/optee_entry.h"
#include "../../firmware/optee/shm.h"
#include "../../firmware/ta/jpeg_engine_ta.h"
#include "../../firmware/ta/memref.h"
#include "../../firmware/ta/pta_device.h"
#include "../../firmware/ta/pta_invoke_tests.h"
#include "../../firmware/ta/pta_rmem.h"
#include "../../firmware/ta/sdp_ta.h"
#include "../../firmware/ta/ta_client.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

int cur_fail;

/* ---- shorthands ------------------------------------------------------ */

#define V_IN	OPTEE_MSG_ATTR_TYPE_VALUE_INPUT
#define V_OUT	OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT
#define V_INOUT	OPTEE_MSG_ATTR_TYPE_VALUE_INOUT
#define R_IN	OPTEE_MSG_ATTR_TYPE_RMEM_INPUT
#define R_OUT	OPTEE_MSG_ATTR_TYPE_RMEM_OUTPUT
#define R_INOUT	OPTEE_MSG_ATTR_TYPE_RMEM_INOUT
#define T_IN	OPTEE_MSG_ATTR_TYPE_TMEM_INPUT
#define T_OUT	OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT
#define T_INOUT	OPTEE_MSG_ATTR_TYPE_TMEM_INOUT
#define NONCONTIG OPTEE_MSG_ATTR_NONCONTIG

#define TA_ORIG		TEE_ORIGIN_TRUSTED_APP
#define TEE_ORIG	TEE_ORIGIN_TEE

static const TEE_UUID sdp_uuid = TA_SDP_BASIC_UUID;
static const TEE_UUID pta_uuid = PTA_INVOKE_TESTS_UUID;
static const TEE_UUID dev_uuid = PTA_DEVICE_UUID;
static const TEE_UUID test_uuid = TEST_TA_UUID;
static const TEE_UUID rmem_uuid = PTA_RMEM_UUID;
static const TEE_UUID engine_uuid = TA_JPEG_ENGINE_UUID;

/*
 * GET_DEVICES' list (OP-TEE's uuid_to_octets): the rmem PTA's UUID, then
 * the JPEG engine TA's.
 */
static const uint8_t rmem_octets[16] = {
	0xd2, 0x54, 0x55, 0xd6, 0x6d, 0xfd, 0x40, 0x34,
	0x8a, 0x4e, 0xb8, 0x04, 0xa5, 0xe8, 0xac, 0xdb,
};
static const uint8_t engine_octets[16] = {
	0x23, 0x62, 0xcf, 0x6d, 0x69, 0xad, 0x42, 0xa3,
	0xb6, 0xc7, 0x1b, 0x9e, 0xb7, 0x4e, 0xca, 0x7c,
};

/* @p holds the GET_DEVICES list: both UUIDs, in that order. */
static bool is_device_list(const uint8_t *p)
{
	return !memcmp(p, rmem_octets, 16) &&
	       !memcmp(p + 16, engine_octets, 16);
}

/* Secure buffers used by the tests: in the carveout and in restricted-ui. */
#define SDP_BUF		(SDP_BASE + 0x100000)
#define RUI_BUF		(RUI_BASE + 0x2000)

static struct ns_shm shm_a, shm_b, shm_c;

static uint32_t rng_state = 1;

static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static void fill_random(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len--)
		*p++ = (uint8_t)rnd();
}

static uint8_t xform(uint8_t b)
{
	return (uint8_t)(~b + 1);
}

static uint32_t open_ta(const TEE_UUID *uuid)
{
	uint32_t s = 0, o = 0;

	CHECK_EQ(ns_open(uuid, TEE_LOGIN_PUBLIC, NULL, 0, &s, &o),
		 TEE_SUCCESS);
	CHECK(s != 0);
	return s;
}

static struct optee_msg_param pr[6];

static uint32_t invoke2(uint32_t sess, uint32_t cmd, struct optee_msg_param a,
			struct optee_msg_param b, uint32_t *origin)
{
	pr[0] = a;
	pr[1] = b;
	pr[2] = p_none();
	pr[3] = p_none();
	return ns_invoke(sess, cmd, pr, 4, origin);
}

static uint32_t invoke1(uint32_t sess, uint32_t cmd, struct optee_msg_param a,
			uint32_t *origin)
{
	return invoke2(sess, cmd, a, p_none(), origin);
}

/* ---- memory classification --------------------------------------------- */

static void test_memclass_nsec_inside_ram(void)
{
	CHECK(memclass_is_nsec(NS_RAM_BASE, 1));
	CHECK(memclass_is_nsec(NS_RAM_BASE, 0x1000));
	CHECK(memclass_is_nsec(NS_RAM_BASE + NS_RAM_SIZE - 1, 1));
	CHECK(memclass_is_nsec(NS_HEAP_BASE, 0x100000));
}

static void test_memclass_nsec_rejects_outside_ram(void)
{
	CHECK(!memclass_is_nsec(0, 1));
	CHECK(!memclass_is_nsec(NS_RAM_BASE - 1, 1));
	CHECK(!memclass_is_nsec(NS_RAM_BASE - 1, 2));
	CHECK(!memclass_is_nsec(NS_RAM_BASE + NS_RAM_SIZE, 1));
	CHECK(!memclass_is_nsec(NS_RAM_BASE + NS_RAM_SIZE - 1, 2));
	CHECK(!memclass_is_nsec(NS_RAM_BASE, NS_RAM_SIZE + 1));
	CHECK(!memclass_is_nsec(0x09000000, 0x1000));	/* UART */
}

static void test_memclass_nsec_rejects_overflow(void)
{
	CHECK(!memclass_is_nsec(UINT64_MAX, 2));
	CHECK(!memclass_is_nsec(NS_RAM_BASE, UINT64_MAX));
	CHECK(!memclass_is_nsec(NS_RAM_BASE + 0x1000, UINT64_MAX - 0x800));
	CHECK(!memclass_is_sdp(SDP_BASE, UINT64_MAX));
	CHECK(!memclass_is_sdp(UINT64_MAX - 1, 4));
}

static void test_memclass_nsec_rejects_secure_ranges(void)
{
	CHECK(!memclass_is_nsec(SEC_RAM_BASE, 1));
	CHECK(!memclass_is_nsec(SDP_BASE, 0x1000));
	CHECK(!memclass_is_nsec(RUI_BASE, 1));
	CHECK(!memclass_is_nsec(RUI_BASE - 1, 2));		/* straddles in */
	CHECK(!memclass_is_nsec(RUI_BASE + RUI_SIZE_B - 1, 2));	/* out */
	CHECK(!memclass_is_nsec(RUI_BASE - 0x1000, 0x3000));	/* covers */
	CHECK(memclass_is_nsec(RUI_BASE - 0x1000, 0x1000));	/* touches */
	CHECK(memclass_is_nsec(RUI_BASE + RUI_SIZE_B, 0x1000));
}

static void test_memclass_sdp_ranges(void)
{
	CHECK(memclass_is_sdp(SDP_BASE, SDP_SIZE_B));
	CHECK(memclass_is_sdp(SDP_BASE + SDP_SIZE_B - 1, 1));
	CHECK(memclass_is_sdp(RUI_BASE, RUI_SIZE_B));
	CHECK(!memclass_is_sdp(SDP_BASE - 1, 2));
	CHECK(!memclass_is_sdp(SDP_BASE, SDP_SIZE_B + 1));
	CHECK(!memclass_is_sdp(RUI_BASE + RUI_SIZE_B - 4, 8));
	CHECK(!memclass_is_sdp(FW_RAM_BASE, 0x1000));	/* firmware's own */
	CHECK(!memclass_is_sdp(NS_HEAP_BASE, 1));
	/* spanning the two SDP ranges is neither */
	CHECK(!memclass_is_sdp(SDP_BASE, RUI_BASE + 1 - SDP_BASE));
	CHECK(memclass_is_sdp(RUI_BASE + 8, 8));
}

static void test_memclass_zero_size_is_one_byte(void)
{
	CHECK(memclass_is_nsec(NS_RAM_BASE, 0));
	CHECK(!memclass_is_nsec(NS_RAM_BASE + NS_RAM_SIZE, 0));
	CHECK(memclass_is_sdp(SDP_BASE + SDP_SIZE_B - 1, 0));
	CHECK(!memclass_is_sdp(SDP_BASE + SDP_SIZE_B, 0));
}

/*
 * Temporary memrefs, as OP-TEE's set_tmem_param() takes them: PA 0 is a
 * NULL memref whatever the size; otherwise wholly inside one SDP range.
 * There is no static shared memory, so normal RAM is never a TMEM.
 */
static void test_memclass_tmem_null(void)
{
	CHECK_EQ(memclass_tmem(0, 0), TMEM_NULL);
	CHECK_EQ(memclass_tmem(0, 16), TMEM_NULL);
	CHECK_EQ(memclass_tmem(0, UINT64_MAX), TMEM_NULL);
}

static void test_memclass_tmem_inside_sdp(void)
{
	CHECK_EQ(memclass_tmem(SDP_BASE, SDP_SIZE_B), TMEM_SDP);
	CHECK_EQ(memclass_tmem(SDP_BASE, 1), TMEM_SDP);
	CHECK_EQ(memclass_tmem(SDP_BASE + SDP_SIZE_B - 16, 16), TMEM_SDP);
	CHECK_EQ(memclass_tmem(RUI_BASE, RUI_SIZE_B), TMEM_SDP);
	CHECK_EQ(memclass_tmem(RUI_BASE + 8, 8), TMEM_SDP);
}

static void test_memclass_tmem_refuses_normal_ram(void)
{
	CHECK_EQ(memclass_tmem(NS_HEAP_BASE, 64), TMEM_INVALID);
	CHECK_EQ(memclass_tmem(NS_RAM_BASE, 1), TMEM_INVALID);
	CHECK_EQ(memclass_tmem(NS_RAM_BASE, NS_RAM_SIZE), TMEM_INVALID);
	CHECK_EQ(memclass_tmem(RUI_BASE - 0x1000, 0x1000), TMEM_INVALID);
	CHECK_EQ(memclass_tmem(RUI_BASE + RUI_SIZE_B, 0x1000),
		 TMEM_INVALID);
	CHECK_EQ(memclass_tmem(NS_RAM_BASE + NS_RAM_SIZE - 1, 1),
		 TMEM_INVALID);
}

static void test_memclass_tmem_refuses_other_memory(void)
{
	CHECK_EQ(memclass_tmem(FW_RAM_BASE, 0x1000), TMEM_INVALID);
	CHECK_EQ(memclass_tmem(SEC_RAM_BASE, 1), TMEM_INVALID);
	CHECK_EQ(memclass_tmem(0x09000000, 0x1000), TMEM_INVALID); /* UART */
	CHECK_EQ(memclass_tmem(0x1000, 16), TMEM_INVALID);	/* flash */
}

static void test_memclass_tmem_refuses_straddling(void)
{
	CHECK_EQ(memclass_tmem(SDP_BASE - 1, 2), TMEM_INVALID);
	CHECK_EQ(memclass_tmem(SDP_BASE - 0x1000, 0x2000), TMEM_INVALID);
	CHECK_EQ(memclass_tmem(SDP_BASE + SDP_SIZE_B - 1, 2), TMEM_INVALID);
	CHECK_EQ(memclass_tmem(SDP_BASE, SDP_SIZE_B + 1), TMEM_INVALID);
	CHECK_EQ(memclass_tmem(RUI_BASE - 8, 16), TMEM_INVALID);
	CHECK_EQ(memclass_tmem(RUI_BASE + RUI_SIZE_B - 8, 16), TMEM_INVALID);
	/* from one SDP range into the other, through normal RAM */
	CHECK_EQ(memclass_tmem(SDP_BASE, RUI_BASE + 1 - SDP_BASE),
		 TMEM_INVALID);
}

static void test_memclass_tmem_zero_size(void)
{
	CHECK_EQ(memclass_tmem(SDP_BASE, 0), TMEM_SDP);
	CHECK_EQ(memclass_tmem(SDP_BASE + SDP_SIZE_B - 1, 0), TMEM_SDP);
	CHECK_EQ(memclass_tmem(SDP_BASE + SDP_SIZE_B, 0), TMEM_INVALID);
	CHECK_EQ(memclass_tmem(SDP_BASE - 1, 0), TMEM_INVALID);
	CHECK_EQ(memclass_tmem(NS_HEAP_BASE, 0), TMEM_INVALID);
}

static void test_memclass_tmem_refuses_overflow(void)
{
	CHECK_EQ(memclass_tmem(SDP_BASE + 0x1000, UINT64_MAX), TMEM_INVALID);
	CHECK_EQ(memclass_tmem(SDP_BASE, UINT64_MAX - SDP_BASE + 1),
		 TMEM_INVALID);			/* ends at 2^64: wraps to 0 */
	CHECK_EQ(memclass_tmem(UINT64_MAX - 4, 16), TMEM_INVALID);
	CHECK_EQ(memclass_tmem(UINT64_MAX, UINT64_MAX), TMEM_INVALID);
}

/* ---- memrefs ------------------------------------------------------------- */

static void test_memref_contig_bounds(void)
{
	struct memref m;
	uint8_t buf[16];

	memref_init_contig(&m, MEMREF_KIND_NSEC,
			   MEMREF_ACCESS_READ | MEMREF_ACCESS_WRITE,
			   NS_HEAP_BASE, 16);
	memset(buf, 0xab, sizeof(buf));
	CHECK_EQ(memref_write(&m, 0, buf, 16), 0);
	CHECK_EQ(memref_write(&m, 1, buf, 16), -1);
	CHECK_EQ(memref_write(&m, 16, buf, 0), 0);
	CHECK_EQ(memref_write(&m, 17, buf, 0), -1);
	CHECK_EQ(memref_read(&m, UINT64_MAX, buf, 2), -1);
	CHECK_EQ(memref_read(&m, 8, buf, SIZE_MAX), -1);
	CHECK(all_bytes(pa_ptr(NS_HEAP_BASE), 16, 0xab));
	CHECK(all_bytes(pa_ptr(NS_HEAP_BASE + 16), 16, 0));
}

static void test_memref_rights_follow_direction(void)
{
	struct memref in, out;
	uint8_t b = 1;

	memref_init_contig(&in, MEMREF_KIND_NSEC, MEMREF_ACCESS_READ,
			   NS_HEAP_BASE, 8);
	memref_init_contig(&out, MEMREF_KIND_SECURE, MEMREF_ACCESS_WRITE,
			   SDP_BUF, 8);
	CHECK_EQ(memref_write(&in, 0, &b, 1), -1);
	CHECK_EQ(memref_read(&out, 0, &b, 1), -1);
	CHECK_EQ(memref_copy(&in, 0, &out, 0, 1), -1);
	CHECK_EQ(memref_copy(&out, 0, &in, 0, 8), 0);
	CHECK_EQ(memref_check_access(&in, TEE_MEMORY_ACCESS_READ |
				     TEE_MEMORY_ACCESS_NONSECURE), TEE_SUCCESS);
	CHECK_EQ(memref_check_access(&in, TEE_MEMORY_ACCESS_WRITE),
		 TEE_ERROR_ACCESS_DENIED);
	CHECK_EQ(memref_check_access(&in, TEE_MEMORY_ACCESS_SECURE),
		 TEE_ERROR_ACCESS_DENIED);
	CHECK_EQ(memref_check_access(&out, TEE_MEMORY_ACCESS_WRITE |
				     TEE_MEMORY_ACCESS_SECURE), TEE_SUCCESS);
	CHECK_EQ(memref_check_access(&out, TEE_MEMORY_ACCESS_NONSECURE),
		 TEE_ERROR_ACCESS_DENIED);
}

static void test_memref_null_never_accessible(void)
{
	struct memref m;
	struct memref_cursor c;
	uint8_t b;

	memref_init_null(&m, 100);
	CHECK_EQ(m.size, 100);
	CHECK_EQ(memref_check_access(&m, 0), TEE_ERROR_ACCESS_DENIED);
	CHECK_EQ(memref_read(&m, 0, &b, 0), -1);
	CHECK_EQ(memref_cursor_init(&c, &m, 0, 0, 0), -1);
}

static void test_memref_check_size_beyond_bound(void)
{
	struct memref m;

	memref_init_contig(&m, MEMREF_KIND_SECURE, MEMREF_ACCESS_READ,
			   SDP_BUF, 32);
	m.size = 33;	/* a TA that grew its size cannot widen the view */
	CHECK_EQ(memref_check_access(&m, TEE_MEMORY_ACCESS_READ),
		 TEE_ERROR_ACCESS_DENIED);
}

static void test_memref_paged_segments(void)
{
	uint64_t pages[3] = { NS_HEAP_BASE + 0x5000, NS_HEAP_BASE + 0x1000,
			      NS_HEAP_BASE + 0x9000 };
	struct memref m;
	struct memref_cursor c;
	uint8_t *p, buf[8200];
	size_t n, total = 0, segs = 0, i;

	/* 8200 bytes from offset 100 of page 0, over three pages */
	memref_init_paged(&m, MEMREF_KIND_NSEC,
			  MEMREF_ACCESS_READ | MEMREF_ACCESS_WRITE, pages, 100,
			  8200);
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 7);
	CHECK_EQ(memref_write(&m, 0, buf, sizeof(buf)), 0);
	CHECK_EQ(*(uint8_t *)pa_ptr(pages[0] + 100), buf[0]);
	CHECK_EQ(*(uint8_t *)pa_ptr(pages[1]), buf[4096 - 100]);
	CHECK_EQ(*(uint8_t *)pa_ptr(pages[2] + 8200 - 8192 + 100 - 1),
		 buf[8199]);
	CHECK_EQ(memref_cursor_init(&c, &m, 0, m.size, MEMREF_ACCESS_READ), 0);
	while (memref_cursor_next(&c, &p, &n)) {
		CHECK(!memcmp(p, buf + total, n));
		total += n;
		segs++;
	}
	CHECK_EQ(total, 8200);
	CHECK_EQ(segs, 3);
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(memref_read(&m, 4000, buf, 200), 0);
	for (i = 0; i < 200; i++)
		CHECK_EQ(buf[i], (uint8_t)((4000 + i) * 7));
}

static void test_memref_copy_paged_to_contig(void)
{
	uint64_t pages[2] = { NS_HEAP_BASE + 0x3000, NS_HEAP_BASE };
	struct memref src, dst;
	uint8_t *s0 = pa_ptr(pages[0]), *s1 = pa_ptr(pages[1]);
	uint8_t *d = pa_ptr(SDP_BUF);
	size_t i;

	for (i = 0; i < 4096; i++) {
		s0[i] = (uint8_t)i;
		s1[i] = (uint8_t)(i ^ 0x55);
	}
	memref_init_paged(&src, MEMREF_KIND_NSEC, MEMREF_ACCESS_READ, pages,
			  4000, 196);
	memref_init_contig(&dst, MEMREF_KIND_SECURE, MEMREF_ACCESS_WRITE,
			   SDP_BUF, 196);
	CHECK_EQ(memref_copy(&dst, 0, &src, 0, 196), 0);
	for (i = 0; i < 96; i++)
		CHECK_EQ(d[i], (uint8_t)(4000 + i));
	for (i = 96; i < 196; i++)
		CHECK_EQ(d[i], (uint8_t)((i - 96) ^ 0x55));
	CHECK_EQ(memref_copy(&dst, 1, &src, 0, 196), -1);
	CHECK_EQ(memref_copy(&dst, 0, &src, 1, 196), -1);
}

/* ---- registered shared memory -------------------------------------------- */

static void test_shm_register_and_view(void)
{
	struct memref m;
	uint8_t data[100], back[100];

	CHECK_EQ(ns_shm_register(&shm_a, 0x1000, 10000, 0x123, false),
		 TEE_SUCCESS);
	CHECK_EQ(shm_count(), 1);
	CHECK_EQ(shm_pool_used(), 3);
	fill_random(data, sizeof(data));
	ns_shm_write(&shm_a, 4000, data, sizeof(data));
	CHECK_EQ(shm_memref(0x1000, 4000, 100, MEMREF_ACCESS_READ, &m),
		 TEE_SUCCESS);
	CHECK_EQ(m.kind, MEMREF_KIND_NSEC);
	CHECK_EQ(memref_read(&m, 0, back, 100), 0);
	CHECK(!memcmp(data, back, 100));
	CHECK_EQ(shm_memref(0x1000, 0, 10000, MEMREF_ACCESS_READ, &m),
		 TEE_SUCCESS);
	CHECK_EQ(shm_memref(0x1000, 10000, 0, MEMREF_ACCESS_READ, &m),
		 TEE_SUCCESS);
}

static void test_shm_view_rejects_out_of_range(void)
{
	struct memref m;

	CHECK_EQ(ns_shm_register(&shm_a, 0x1000, 5000, 0, false), TEE_SUCCESS);
	CHECK_EQ(shm_memref(0x1000, 4999, 2, 0, &m), TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(shm_memref(0x1000, 4999, 5000, 0, &m),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(shm_memref(0x1000, 5000, 1, 0, &m), TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(shm_memref(0x1000, 5001, 0, 0, &m), TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(shm_memref(0x1000, 2, UINT64_MAX, 0, &m),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(shm_memref(0x1000, UINT64_MAX, 2, 0, &m),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(shm_memref(0x2000, 0, 1, 0, &m), TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(shm_memref(0, 0, 0, 0, &m), TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(shm_memref(0x1000, 4999, 1, 0, &m), TEE_SUCCESS);
}

static void test_shm_register_rejects_bad_cookie_and_size(void)
{
	CHECK_EQ(ns_shm_register(&shm_a, 0, 4096, 0, false),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(ns_shm_register(&shm_a, 0x1000, 0, 0, false),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(ns_register_raw(T_OUT | NONCONTIG, 0x1000,
				 ns_alloc(4096), UINT64_MAX),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(shm_count(), 0);
	CHECK_EQ(shm_pool_used(), 0);
}

/*
 * As on OP-TEE (its registered-shm list: new in front, found from the
 * front): a cookie registered again hides the older registration, which
 * comes back when the newer one is unregistered.
 */
static void test_shm_register_double_cookie_newest_first(void)
{
	struct memref m;

	CHECK_EQ(ns_shm_register(&shm_a, 0x1000, 4096, 0, false), TEE_SUCCESS);
	CHECK_EQ(ns_shm_register(&shm_b, 0x1000, 8192, 0, false), TEE_SUCCESS);
	CHECK_EQ(shm_count(), 2);
	CHECK_EQ(shm_pool_used(), 3);
	CHECK_EQ(shm_memref(0x1000, 0, 8192, 0, &m), TEE_SUCCESS);
	CHECK_EQ(m.pages[0], shm_b.pages[0]);
	CHECK_EQ(ns_shm_unregister(0x1000), TEE_SUCCESS);
	CHECK_EQ(shm_count(), 1);
	CHECK_EQ(shm_pool_used(), 1);
	/* the first registration is intact */
	CHECK_EQ(shm_memref(0x1000, 0, 4096, 0, &m), TEE_SUCCESS);
	CHECK_EQ(m.pages[0], shm_a.pages[0]);
	CHECK_EQ(shm_memref(0x1000, 0, 4097, 0, &m), TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(ns_shm_unregister(0x1000), TEE_SUCCESS);
	CHECK_EQ(ns_shm_unregister(0x1000), TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(shm_count(), 0);
}

static void test_shm_register_rejects_unaligned_page(void)
{
	uint64_t list = ns_alloc(4096), *l = pa_ptr(list);

	l[0] = ns_alloc(8192) + 8;
	CHECK_EQ(ns_register_raw(T_OUT | NONCONTIG, 0x1000, list, 100),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(shm_pool_used(), 0);
}

static void test_shm_register_rejects_secure_pages(void)
{
	uint64_t list = ns_alloc(4096), *l = pa_ptr(list);
	uint64_t bad[] = { SDP_BASE, SEC_RAM_BASE, RUI_BASE,
			   RUI_BASE + RUI_SIZE_B - 4096, 0, 0x09000000,
			   NS_RAM_BASE + NS_RAM_SIZE, UINT64_MAX & ~4095ull };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		l[0] = ns_alloc(4096);
		l[1] = bad[i];
		CHECK_EQ(ns_register_raw(T_OUT | NONCONTIG, 0x1000, list, 8000),
			 TEE_ERROR_BAD_PARAMETERS);
	}
	CHECK_EQ(shm_count(), 0);
	CHECK_EQ(shm_pool_used(), 0);
}

static void test_shm_register_rejects_bad_list_page(void)
{
	CHECK_EQ(ns_register_raw(T_OUT | NONCONTIG, 0x1000, SDP_BASE, 100),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(ns_register_raw(T_OUT | NONCONTIG, 0x1000, RUI_BASE, 100),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(ns_register_raw(T_OUT | NONCONTIG, 0x1000,
				 NS_RAM_BASE + NS_RAM_SIZE, 100),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(ns_register_raw(T_OUT | NONCONTIG, 0x1000, 0x123, 100),
		 TEE_ERROR_BAD_PARAMETERS);
}

static void test_shm_register_rejects_bad_next_list_page(void)
{
	uint64_t list = ns_alloc(4096), *l = pa_ptr(list);
	uint64_t pages = ns_alloc(512 * 4096);
	uint64_t bad[] = { 0, list + 8, SDP_BASE, RUI_BASE,
			   NS_RAM_BASE + NS_RAM_SIZE };
	unsigned int i;

	for (i = 0; i < 511; i++)
		l[i] = pages + i * 4096ull;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		l[511] = bad[i];
		CHECK_EQ(ns_register_raw(T_OUT | NONCONTIG, 0x1000, list,
					 512 * 4096),
			 TEE_ERROR_BAD_PARAMETERS);
	}
	CHECK_EQ(shm_pool_used(), 0);
	/* a list that loops on itself is read for exactly npages entries */
	l[511] = list;
	CHECK_EQ(ns_register_raw(T_OUT | NONCONTIG, 0x1000, list, 600 * 4096),
		 TEE_SUCCESS);
	CHECK_EQ(shm_pool_used(), 600);
}

static void test_shm_register_chained_lists_scattered(void)
{
	static uint8_t data[1200 * 4096 / 4];
	struct memref m;
	uint8_t back[64];
	uint64_t size = 1200 * 4096 - 1000;

	CHECK_EQ(ns_shm_register(&shm_a, 0x77, size, 1000, true), TEE_SUCCESS);
	CHECK_EQ(shm_pool_used(), 1200);
	fill_random(data, sizeof(data));
	ns_shm_write(&shm_a, size - sizeof(data), data, sizeof(data));
	CHECK_EQ(shm_memref(0x77, 0, size, MEMREF_ACCESS_READ, &m),
		 TEE_SUCCESS);
	CHECK_EQ(memref_read(&m, size - 64, back, 64), 0);
	CHECK(!memcmp(back, data + sizeof(data) - 64, 64));
	CHECK_EQ(memref_read(&m, size - sizeof(data) + 4000, back, 64), 0);
	CHECK(!memcmp(back, data + 4000, 64));
}

static void test_shm_register_size_limit(void)
{
	CHECK_EQ(ns_shm_register(&shm_a, 0x10, SHM_MAX_PAGES * 4096ull, 0,
				 false), TEE_SUCCESS);
	CHECK_EQ(shm_pool_used(), SHM_MAX_PAGES);
	/* one byte more, or an offset that needs one more page */
	CHECK_EQ(ns_shm_register(&shm_b, 0x11, SHM_MAX_PAGES * 4096ull + 1, 0,
				 false), TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(ns_shm_register(&shm_b, 0x12, SHM_MAX_PAGES * 4096ull, 1,
				 false), TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(shm_pool_used(), SHM_MAX_PAGES);
}

static void test_shm_table_full(void)
{
	uint64_t i;

	for (i = 0; i < SHM_MAX_ENTRIES; i++)
		CHECK_EQ(ns_shm_register(&shm_a, 0x100 + i, 100, 0, false),
			 TEE_SUCCESS);
	CHECK_EQ(ns_shm_register(&shm_a, 0x999, 100, 0, false),
		 TEE_ERROR_OUT_OF_MEMORY);
	CHECK_EQ(ns_shm_unregister(0x100 + 5), TEE_SUCCESS);
	CHECK_EQ(ns_shm_register(&shm_a, 0x999, 100, 0, false), TEE_SUCCESS);
	CHECK_EQ(shm_count(), SHM_MAX_ENTRIES);
}

static void test_shm_pool_full(void)
{
	uint64_t i, per = SHM_MAX_PAGES * 4096ull;

	for (i = 0; i < SHM_POOL_PAGES / SHM_MAX_PAGES; i++)
		CHECK_EQ(ns_shm_register(&shm_a, 0x100 + i, per, 0, false),
			 TEE_SUCCESS);
	CHECK_EQ(shm_pool_used(), SHM_POOL_PAGES);
	CHECK_EQ(ns_shm_register(&shm_a, 0x999, 1, 0, false),
		 TEE_ERROR_OUT_OF_MEMORY);
	CHECK_EQ(ns_shm_unregister(0x100), TEE_SUCCESS);
	CHECK_EQ(ns_shm_register(&shm_a, 0x999, 1, 0, false), TEE_SUCCESS);
}

static void test_shm_unregister_compacts_pool(void)
{
	struct memref m;
	uint8_t d1[50], d2[50], back[50];

	CHECK_EQ(ns_shm_register(&shm_a, 0xa, 3 * 4096, 0, true), TEE_SUCCESS);
	CHECK_EQ(ns_shm_register(&shm_b, 0xb, 5 * 4096, 0, true), TEE_SUCCESS);
	CHECK_EQ(ns_shm_register(&shm_c, 0xc, 2 * 4096, 0, true), TEE_SUCCESS);
	fill_random(d1, sizeof(d1));
	fill_random(d2, sizeof(d2));
	ns_shm_write(&shm_b, 4 * 4096 + 7, d1, sizeof(d1));
	ns_shm_write(&shm_c, 4096 + 9, d2, sizeof(d2));
	CHECK_EQ(shm_pool_used(), 10);
	CHECK_EQ(ns_shm_unregister(0xa), TEE_SUCCESS);
	CHECK_EQ(shm_pool_used(), 7);
	CHECK_EQ(shm_memref(0xb, 4 * 4096 + 7, 50, MEMREF_ACCESS_READ, &m), 0);
	CHECK_EQ(memref_read(&m, 0, back, 50), 0);
	CHECK(!memcmp(back, d1, 50));
	CHECK_EQ(shm_memref(0xc, 4096 + 9, 50, MEMREF_ACCESS_READ, &m), 0);
	CHECK_EQ(memref_read(&m, 0, back, 50), 0);
	CHECK(!memcmp(back, d2, 50));
	CHECK_EQ(shm_memref(0xa, 0, 1, 0, &m), TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(ns_shm_unregister(0xa), TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(ns_shm_unregister(0xc), TEE_SUCCESS);
	CHECK_EQ(ns_shm_unregister(0xb), TEE_SUCCESS);
	CHECK_EQ(shm_pool_used(), 0);
	CHECK_EQ(shm_count(), 0);
}

static void test_msg_register_rejects_bad_attr(void)
{
	uint64_t list = ns_alloc(4096), pa;
	struct optee_msg_arg *arg;

	*(uint64_t *)pa_ptr(list) = ns_alloc(4096);
	CHECK_EQ(ns_register_raw(T_OUT, 0x1, list, 100),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(ns_register_raw(R_OUT | NONCONTIG, 0x1, list, 100),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(ns_register_raw(T_OUT | NONCONTIG | OPTEE_MSG_ATTR_META, 0x1,
				 list, 100), TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(ns_register_raw(T_OUT | NONCONTIG | (1u << 16), 0x1, list,
				 100), TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(ns_register_raw(T_IN | NONCONTIG, 0x1, list, 100),
		 TEE_SUCCESS);
	/* two params */
	arg = ns_msg(2, &pa);
	arg->cmd = OPTEE_MSG_CMD_REGISTER_SHM;
	arg->params[0].attr = T_OUT | NONCONTIG;
	arg->params[0].u.tmem.buf_ptr = list;
	arg->params[0].u.tmem.size = 100;
	arg->params[0].u.tmem.shm_ref = 0x2;
	CHECK_EQ(ns_call(pa), OPTEE_SMC_RETURN_OK);
	CHECK_EQ(arg->ret, TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(arg->ret_origin, TEE_ORIG);
	CHECK_EQ(shm_count(), 1);
}

static void test_msg_unregister_rejects_bad_params(void)
{
	uint64_t pa;
	struct optee_msg_arg *arg;

	CHECK_EQ(ns_shm_register(&shm_a, 0x1000, 100, 0, false), TEE_SUCCESS);
	arg = ns_msg(1, &pa);
	arg->cmd = OPTEE_MSG_CMD_UNREGISTER_SHM;
	arg->params[0].attr = T_IN;
	arg->params[0].u.rmem.shm_ref = 0x1000;
	CHECK_EQ(ns_call(pa), OPTEE_SMC_RETURN_OK);
	CHECK_EQ(arg->ret, TEE_ERROR_BAD_PARAMETERS);
	arg = ns_msg(0, &pa);
	arg->cmd = OPTEE_MSG_CMD_UNREGISTER_SHM;
	CHECK_EQ(ns_call(pa), OPTEE_SMC_RETURN_OK);
	CHECK_EQ(arg->ret, TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(ns_shm_unregister(0x1001), TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(ns_shm_unregister(0), TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(shm_count(), 1);
	CHECK_EQ(ns_shm_unregister(0x1000), TEE_SUCCESS);
}

/* ---- SMC function IDs ------------------------------------------------------ */

static void test_smc_calls_uid(void)
{
	struct smc_regs r;

	ns_smc(OPTEE_SMC_CALLS_UID, 0, 0, 0, &r);
	CHECK_EQ(r.x[0], 0x384fb3e0);
	CHECK_EQ(r.x[1], 0xe7f811e3);
	CHECK_EQ(r.x[2], 0xaf630002);
	CHECK_EQ(r.x[3], 0xa5d5c51b);
	CHECK_EQ(r.x[4], 0x5a5a5a5a00000004ull);	/* x4.. untouched */
}

static void test_smc_revisions(void)
{
	struct smc_regs r;

	ns_smc(OPTEE_SMC_CALLS_REVISION, 0, 0, 0, &r);
	CHECK_EQ(r.x[0], 2);
	CHECK_EQ(r.x[1], 0);
	ns_smc(OPTEE_SMC_CALL_GET_OS_REVISION, 0, 0, 0, &r);
	CHECK_EQ(r.x[0], 1);
	CHECK_EQ(r.x[1], 0);
	CHECK_EQ(r.x[2], 0);
}

static void test_smc_thread_count_is_two(void)
{
	struct smc_regs r;

	ns_smc(OPTEE_SMC_GET_THREAD_COUNT, 0, 0, 0, &r);
	CHECK_EQ(r.x[0], OPTEE_SMC_RETURN_OK);
	CHECK_EQ(r.x[1], 2);
}

static void test_smc_exchange_capabilities(void)
{
	struct smc_regs r;

	ns_smc(OPTEE_SMC_EXCHANGE_CAPABILITIES, 0, 0, 0, &r);
	CHECK_EQ(r.x[0], OPTEE_SMC_RETURN_OK);
	CHECK_EQ(r.x[1], OPTEE_SMC_SEC_CAP_DYNAMIC_SHM |
		 OPTEE_SMC_SEC_CAP_MEMREF_NULL);
	CHECK_EQ(r.x[2], 0);
	CHECK_EQ(r.x[3], 0);
	ns_smc(OPTEE_SMC_EXCHANGE_CAPABILITIES,
	       OPTEE_SMC_NSEC_CAP_UNIPROCESSOR, 0, 0, &r);
	CHECK_EQ(r.x[0], OPTEE_SMC_RETURN_OK);
	ns_smc(OPTEE_SMC_EXCHANGE_CAPABILITIES, 2, 0, 0, &r);
	CHECK_EQ(r.x[0], OPTEE_SMC_RETURN_ENOTAVAIL);
	/* SMC32: the upper half of x1 is not an argument */
	ns_smc(OPTEE_SMC_EXCHANGE_CAPABILITIES, 0xffffffff00000000ull, 0, 0,
	       &r);
	CHECK_EQ(r.x[0], OPTEE_SMC_RETURN_OK);
}

static void test_smc_shm_cache(void)
{
	CHECK_EQ(ns_smc(OPTEE_SMC_DISABLE_SHM_CACHE, 0, 0, 0, NULL),
		 OPTEE_SMC_RETURN_ENOTAVAIL);
	CHECK_EQ(ns_smc(OPTEE_SMC_ENABLE_SHM_CACHE, 0, 0, 0, NULL),
		 OPTEE_SMC_RETURN_OK);
	CHECK_EQ(ns_smc(OPTEE_SMC_DISABLE_SHM_CACHE, 0, 0, 0, NULL),
		 OPTEE_SMC_RETURN_ENOTAVAIL);
	CHECK_EQ(ns_smc(OPTEE_SMC_GET_SHM_CONFIG, 0, 0, 0, NULL),
		 OPTEE_SMC_RETURN_ENOTAVAIL);
}

static void test_smc_unknown_functions(void)
{
	struct smc_regs r;
	const uint32_t ids[] = { 0xB2000002, 0xB2000010, 0xB2000011,
				 0x32000012, 0x32000013, 0xB200FFFF,
				 0xBF00FF00, 0x3200FFFF };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		ns_smc(ids[i], 0, 0, 0, &r);
		CHECK_EQ(r.x[0], SMC_UNKNOWN);
		CHECK_EQ(r.x[1], 0);	/* a1 as passed */
	}
	CHECK_EQ(ns_smc(OPTEE_SMC_CALL_RETURN_FROM_RPC, 0, 0, 0, NULL),
		 OPTEE_SMC_RETURN_ERESUME);
}

static uint64_t reentry_pa;
static uint64_t reentry_a0[3];

static void reenter(void)
{
	struct smc_regs r;

	memset(&r, 0, sizeof(r));
	r.x[0] = OPTEE_SMC_CALL_WITH_ARG;
	r.x[1] = reentry_pa >> 32;
	r.x[2] = reentry_pa & 0xffffffffu;
	optee_smc_handler(&r, 1);
	reentry_a0[0] = r.x[0];
	r.x[0] = OPTEE_SMC_CALL_WITH_ARG;
	r.x[1] = reentry_pa >> 32;
	r.x[2] = reentry_pa & 0xffffffffu;
	optee_smc_handler(&r, 0);
	reentry_a0[1] = r.x[0];
	r.x[0] = OPTEE_SMC_GET_THREAD_COUNT;
	optee_smc_handler(&r, 1);
	reentry_a0[2] = r.x[0];
}

static void test_smc_std_call_reentry_gets_thread_limit(void)
{
	uint64_t pa;
	struct optee_msg_arg *arg = ns_msg(0, &pa);

	arg->cmd = OPTEE_MSG_CMD_CANCEL;
	reentry_pa = pa;
	fake_set_phys_hook(reenter, 0);
	CHECK_EQ(ns_call(pa), OPTEE_SMC_RETURN_OK);
	CHECK_EQ(reentry_a0[0], OPTEE_SMC_RETURN_ETHREAD_LIMIT);
	CHECK_EQ(reentry_a0[1], OPTEE_SMC_RETURN_ETHREAD_LIMIT);
	CHECK_EQ(reentry_a0[2], OPTEE_SMC_RETURN_OK);	/* fast calls go */
	/* and the lock was released */
	arg->ret = 0x1234;
	CHECK_EQ(ns_call(pa), OPTEE_SMC_RETURN_OK);
	CHECK_EQ(arg->ret, TEE_SUCCESS);
}

/*
 * A suspended call (the fake suspends it once, as a normal-world interrupt
 * would) returns the foreign-interrupt RPC with the thread in a3 and a1, a2
 * zero; CALL_RETURN_FROM_RPC with that a3 finishes it, another a3 does not.
 */
static void test_smc_foreign_interrupt_rpc(void)
{
	struct smc_regs r;
	uint64_t pa;
	struct optee_msg_arg *arg = ns_msg(0, &pa);

	arg->cmd = OPTEE_MSG_CMD_CANCEL;
	arg->ret = 0x1234;
	fake_thread_suspend_next(5);
	memset(&r, 0, sizeof(r));
	r.x[0] = OPTEE_SMC_CALL_WITH_ARG;
	r.x[1] = 0xdead00000000ull | (pa >> 32);	/* SMC32: low half */
	r.x[2] = pa & 0xffffffffu;
	r.x[3] = 77;
	optee_smc_handler(&r, 0);
	CHECK_EQ(r.x[0], OPTEE_SMC_RETURN_RPC_FOREIGN_INTR);
	CHECK_EQ(r.x[1], 0);
	CHECK_EQ(r.x[2], 0);
	CHECK_EQ(r.x[3], 5);
	CHECK_EQ(arg->ret, 0x1234);		/* not run yet */

	memset(&r, 0, sizeof(r));
	r.x[0] = OPTEE_SMC_CALL_RETURN_FROM_RPC;
	r.x[3] = 4;
	optee_smc_handler(&r, 1);
	CHECK_EQ(r.x[0], OPTEE_SMC_RETURN_ERESUME);
	r.x[0] = OPTEE_SMC_CALL_RETURN_FROM_RPC;
	r.x[3] = 0xffffffff00000005ull;		/* SMC32: low half */
	optee_smc_handler(&r, 1);
	CHECK_EQ(r.x[0], OPTEE_SMC_RETURN_OK);
	CHECK_EQ(r.x[3], 0);
	CHECK_EQ(arg->ret, TEE_SUCCESS);
	r.x[0] = OPTEE_SMC_CALL_RETURN_FROM_RPC;
	r.x[3] = 5;
	optee_smc_handler(&r, 1);
	CHECK_EQ(r.x[0], OPTEE_SMC_RETURN_ERESUME);
}

/* ---- the message boundary -------------------------------------------------- */

static void test_msg_arg_must_be_aligned(void)
{
	uint64_t pa;
	struct optee_msg_arg *arg = ns_msg(0, &pa);

	arg->cmd = OPTEE_MSG_CMD_CANCEL;
	CHECK_EQ(ns_call(pa + 4), OPTEE_SMC_RETURN_EBADADDR);
	CHECK_EQ(ns_call(pa + 1), OPTEE_SMC_RETURN_EBADADDR);
	CHECK_EQ(ns_call(pa + 8), OPTEE_SMC_RETURN_OK);
	CHECK(strstr(fake_log(), "refused") != NULL);
}

static void test_msg_arg_must_be_nonsecure_ram(void)
{
	CHECK_EQ(ns_call(0), OPTEE_SMC_RETURN_EBADADDR);
	CHECK_EQ(ns_call(0x1000), OPTEE_SMC_RETURN_EBADADDR);
	CHECK_EQ(ns_call(SEC_RAM_BASE), OPTEE_SMC_RETURN_EBADADDR);
	CHECK_EQ(ns_call(SDP_BUF), OPTEE_SMC_RETURN_EBADADDR);
	CHECK_EQ(ns_call(RUI_BUF), OPTEE_SMC_RETURN_EBADADDR);
	CHECK_EQ(ns_call(NS_RAM_BASE + NS_RAM_SIZE), OPTEE_SMC_RETURN_EBADADDR);
	CHECK_EQ(ns_call(0xfffffffffffffff8ull), OPTEE_SMC_RETURN_EBADADDR);
	CHECK_EQ(ns_call(NS_RAM_BASE + NS_RAM_SIZE - 16),
		 OPTEE_SMC_RETURN_EBADADDR);
}

static void test_msg_arg_params_must_fit(void)
{
	/* header just below restricted-ui, params would run into it */
	uint64_t pa = RUI_BASE - 32;
	struct optee_msg_arg *arg = pa_ptr(pa);

	arg->cmd = OPTEE_MSG_CMD_CANCEL;
	arg->num_params = 0;
	CHECK_EQ(ns_call(pa), OPTEE_SMC_RETURN_OK);
	arg->num_params = 1;
	arg->ret = 0x77;
	CHECK_EQ(ns_call(pa), OPTEE_SMC_RETURN_EBADADDR);
	CHECK_EQ(arg->ret, 0x77);	/* nothing written */
	/* and at the end of RAM */
	pa = NS_RAM_BASE + NS_RAM_SIZE - 64;
	arg = pa_ptr(pa);
	arg->cmd = OPTEE_MSG_CMD_CANCEL;
	arg->num_params = 1;
	CHECK_EQ(ns_call(pa), OPTEE_SMC_RETURN_OK);
	CHECK_EQ(arg->ret, TEE_ERROR_BAD_PARAMETERS);
	arg->num_params = 2;
	CHECK_EQ(ns_call(pa), OPTEE_SMC_RETURN_EBADADDR);
}

static void test_msg_num_params_bounded(void)
{
	uint64_t pa;
	struct optee_msg_arg *arg = ns_msg(7, &pa);

	arg->cmd = OPTEE_MSG_CMD_CANCEL;
	CHECK_EQ(ns_call(pa), OPTEE_SMC_RETURN_EBADADDR);
	arg->num_params = 0xffffffff;
	CHECK_EQ(ns_call(pa), OPTEE_SMC_RETURN_EBADADDR);
	arg->num_params = 0x80000001;
	CHECK_EQ(ns_call(pa), OPTEE_SMC_RETURN_EBADADDR);
	arg->num_params = 6;
	CHECK_EQ(ns_call(pa), OPTEE_SMC_RETURN_OK);
	CHECK_EQ(arg->ret, TEE_ERROR_BAD_PARAMETERS);
}

static void test_msg_arg_pa_uses_low_halves(void)
{
	uint64_t pa;
	struct optee_msg_arg *arg = ns_msg(0, &pa);
	struct smc_regs r;

	arg->cmd = OPTEE_MSG_CMD_CANCEL;
	arg->ret = 0x55;
	ns_smc(OPTEE_SMC_CALL_WITH_ARG, 0xabcdef0000000000ull,
	       0x1234567800000000ull | pa, 0, &r);
	CHECK_EQ(r.x[0], OPTEE_SMC_RETURN_OK);
	CHECK_EQ(arg->ret, TEE_SUCCESS);
	CHECK_EQ(r.x[1], 0);
	CHECK_EQ(r.x[2], 0);
	CHECK_EQ(r.x[3], 0);
	/* a nonzero high word is a different (bad) address */
	CHECK_EQ(ns_smc(OPTEE_SMC_CALL_WITH_ARG, 1, pa, 0, NULL),
		 OPTEE_SMC_RETURN_EBADADDR);
}

static void test_msg_unknown_command(void)
{
	uint32_t cmds[] = { 6, 7, 8, 11, 0xffffffff };
	uint64_t pa;
	struct optee_msg_arg *arg;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		arg = ns_msg(0, &pa);
		arg->cmd = cmds[i];
		arg->ret = 0x99;
		CHECK_EQ(ns_call(pa), OPTEE_SMC_RETURN_EBADCMD);
		CHECK_EQ(arg->ret, 0x99);
	}
}

static void test_msg_cancel(void)
{
	uint64_t pa;
	struct optee_msg_arg *arg = ns_msg(0, &pa);

	arg->cmd = OPTEE_MSG_CMD_CANCEL;
	arg->session = 12345;
	CHECK_EQ(ns_call(pa), OPTEE_SMC_RETURN_OK);
	CHECK_EQ(arg->ret, TEE_SUCCESS);
	CHECK_EQ(arg->ret_origin, TEE_ORIG);
	arg = ns_msg(1, &pa);
	arg->cmd = OPTEE_MSG_CMD_CANCEL;
	CHECK_EQ(ns_call(pa), OPTEE_SMC_RETURN_OK);
	CHECK_EQ(arg->ret, TEE_ERROR_BAD_PARAMETERS);
}

static struct optee_msg_arg *racing_arg;
static int racing_done;

/* The normal world rewrites its message while the secure side works. */
static void rewrite_msg(void)
{
	racing_arg->num_params = 6;
	racing_arg->session = 0x5555;
	racing_arg->params[0].attr = T_INOUT;
	racing_arg->params[0].u.tmem.buf_ptr = FW_RAM_BASE;
	racing_arg->params[0].u.tmem.size = 0x100000;
	racing_arg->params[1].attr = R_OUT;
	racing_done = 1;
}

static void test_msg_parsed_from_secure_copy(void)
{
	uint32_t s = open_ta(&sdp_uuid);
	uint64_t pa;
	struct optee_msg_arg *arg = ns_msg(2, &pa);
	uint8_t *b = pa_ptr(SDP_BUF);

	memset(b, 1, 32);
	arg->cmd = OPTEE_MSG_CMD_INVOKE_COMMAND;
	arg->func = TA_SDP_BASIC_CMD_TRANSFORM;
	arg->session = s;
	arg->params[0] = p_tmem(T_INOUT, SDP_BUF, 32);
	racing_arg = arg;
	/* after the header and the params were fetched: the first TA access */
	fake_set_phys_hook(rewrite_msg, 2);
	CHECK_EQ(ns_call(pa), OPTEE_SMC_RETURN_OK);
	CHECK(racing_done);
	CHECK_EQ(arg->ret, TEE_SUCCESS);
	CHECK(all_bytes(b, 32, 0xff));
	CHECK(all_bytes(b + 32, 32, 0));
	/* the reply is the secure copy: the rewrite is gone */
	CHECK_EQ(arg->num_params, 2);
	CHECK_EQ(arg->session, s);
	CHECK_EQ(arg->params[0].u.tmem.buf_ptr, SDP_BUF);
	CHECK_EQ(arg->params[1].attr, 0);
}

/* ---- sessions ---------------------------------------------------------- */

static void test_open_unknown_uuid(void)
{
	TEE_UUID u = sdp_uuid;
	uint32_t s = 77, o = 0;

	u.clockSeqAndNode[7] ^= 1;
	CHECK_EQ(ns_open(&u, TEE_LOGIN_PUBLIC, NULL, 0, &s, &o),
		 TEE_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(o, TEE_ORIG);
	CHECK_EQ(s, 0);
	CHECK_EQ(ta_session_count(), 0);
}

static void test_open_uuid_octet_order(void)
{
	uint64_t pa;
	struct optee_msg_arg *arg = ns_msg(2, &pa);
	/* the 16 octets the driver copies from the ioctl */
	const uint8_t oct[16] = { 0x12, 0x34, 0x56, 0x78, 0x5b, 0x69, 0x11,
				  0xe4, 0x9d, 0xbb, 0x10, 0x1f, 0x74, 0xf0,
				  0x00, 0x99 };

	arg->cmd = OPTEE_MSG_CMD_OPEN_SESSION;
	arg->params[0].attr = V_IN | OPTEE_MSG_ATTR_META;
	arg->params[1].attr = V_IN | OPTEE_MSG_ATTR_META;
	memcpy(arg->params[0].u.octets, oct, 16);
	CHECK_EQ(ns_call(pa), OPTEE_SMC_RETURN_OK);
	CHECK_EQ(arg->ret, TEE_SUCCESS);
	CHECK_EQ(arg->ret_origin, TA_ORIG);
	CHECK(arg->session != 0);
}

static void test_open_requires_meta_params(void)
{
	uint64_t pa;
	struct optee_msg_arg *arg;
	uint64_t attrs[][2] = {
		{ V_IN, V_IN | OPTEE_MSG_ATTR_META },
		{ V_IN | OPTEE_MSG_ATTR_META, V_IN },
		{ V_INOUT | OPTEE_MSG_ATTR_META, V_IN | OPTEE_MSG_ATTR_META },
		{ V_IN | OPTEE_MSG_ATTR_META | NONCONTIG,
		  V_IN | OPTEE_MSG_ATTR_META },
	};
	uint8_t oct[16];
	unsigned int i;

	tee_uuid_to_octets(oct, &sdp_uuid);
	for (i = 0; i < ARRAY_SIZE(attrs); i++) {
		arg = ns_msg(2, &pa);
		arg->cmd = OPTEE_MSG_CMD_OPEN_SESSION;
		arg->params[0].attr = attrs[i][0];
		arg->params[1].attr = attrs[i][1];
		memcpy(arg->params[0].u.octets, oct, 16);
		arg->session = 99;
		CHECK_EQ(ns_call(pa), OPTEE_SMC_RETURN_OK);
		CHECK_EQ(arg->ret, TEE_ERROR_BAD_PARAMETERS);
		CHECK_EQ(arg->ret_origin, TEE_ORIG);
		CHECK_EQ(arg->session, 0);
	}
	for (i = 0; i < 2; i++) {
		arg = ns_msg(i, &pa);
		arg->cmd = OPTEE_MSG_CMD_OPEN_SESSION;
		if (i)
			arg->params[0].attr = V_IN | OPTEE_MSG_ATTR_META;
		CHECK_EQ(ns_call(pa), OPTEE_SMC_RETURN_OK);
		CHECK_EQ(arg->ret, TEE_ERROR_BAD_PARAMETERS);
	}
	CHECK_EQ(ta_session_count(), 0);
}

static void test_open_login_classes(void)
{
	const uint64_t ok[] = { TEE_LOGIN_PUBLIC, TEE_LOGIN_USER,
				TEE_LOGIN_GROUP, TEE_LOGIN_APPLICATION,
				TEE_LOGIN_APPLICATION_USER,
				TEE_LOGIN_APPLICATION_GROUP,
				TEE_LOGIN_REE_KERNEL_MIN,
				TEE_LOGIN_REE_KERNEL_MAX };
	const uint64_t bad[] = { 3, 7, 0x7fffffff, TEE_LOGIN_TRUSTED_APP,
				 0xc0000000, 0x100000000ull,
				 0xffffffff00000000ull };
	struct optee_msg_param p = p_value(V_OUT, 0, 0, 0);
	uint32_t s, o, i;

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		CHECK_EQ(ns_open(&test_uuid, (uint32_t)ok[i], NULL, 0, &s, &o),
			 TEE_SUCCESS);
		CHECK_EQ(invoke1(s, TEST_TA_CMD_WHOAMI, p, &o), TEE_SUCCESS);
		CHECK_EQ(pr[0].u.value.a, ok[i]);
		CHECK_EQ(ns_close(s), TEE_SUCCESS);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		uint64_t pa;
		struct optee_msg_arg *arg = ns_msg(2, &pa);

		arg->cmd = OPTEE_MSG_CMD_OPEN_SESSION;
		arg->params[0].attr = V_IN | OPTEE_MSG_ATTR_META;
		arg->params[1].attr = V_IN | OPTEE_MSG_ATTR_META;
		tee_uuid_to_octets(arg->params[0].u.octets, &test_uuid);
		arg->params[1].u.value.c = bad[i];
		CHECK_EQ(ns_call(pa), OPTEE_SMC_RETURN_OK);
		CHECK_EQ(arg->ret, TEE_ERROR_BAD_PARAMETERS);
		CHECK_EQ(arg->ret_origin, TEE_ORIG);
	}
	CHECK_EQ(ta_session_count(), 0);
}

static void test_open_client_identity_reaches_ta(void)
{
	uint64_t pa;
	struct optee_msg_arg *arg = ns_msg(2, &pa);
	uint8_t oct[16];
	TEE_UUID want;
	unsigned int i;

	for (i = 0; i < 16; i++)
		oct[i] = (uint8_t)(0xa0 + i);
	tee_uuid_from_octets(&want, oct);
	arg->cmd = OPTEE_MSG_CMD_OPEN_SESSION;
	arg->params[0].attr = V_IN | OPTEE_MSG_ATTR_META;
	arg->params[1].attr = V_IN | OPTEE_MSG_ATTR_META;
	tee_uuid_to_octets(arg->params[0].u.octets, &test_uuid);
	memcpy(arg->params[1].u.octets, oct, 16);
	arg->params[1].u.value.c = TEE_LOGIN_APPLICATION;
	CHECK_EQ(ns_call(pa), OPTEE_SMC_RETURN_OK);
	CHECK_EQ(arg->ret, TEE_SUCCESS);
	CHECK_EQ(test_last_client.login, TEE_LOGIN_APPLICATION);
	CHECK(tee_uuid_equal(&test_last_client.uuid, &want));
	CHECK_EQ(test_last_client.uuid.timeLow, 0xa0a1a2a3);
	/* PUBLIC: the client UUID octets are ignored */
	arg->params[1].u.value.c = TEE_LOGIN_PUBLIC;
	CHECK_EQ(ns_call(pa), OPTEE_SMC_RETURN_OK);
	CHECK_EQ(test_last_client.login, TEE_LOGIN_PUBLIC);
	CHECK_EQ(test_last_client.uuid.timeLow, 0);
}

static void test_open_with_user_params(void)
{
	struct optee_msg_param p[4];
	uint32_t s, o;

	p[0] = p_value(V_IN, TEST_TA_OPEN_REFUSE, 0, 0);
	CHECK_EQ(ns_open(&test_uuid, 0, p, 1, &s, &o),
		 TEE_ERROR_ACCESS_DENIED);
	CHECK_EQ(o, TA_ORIG);
	CHECK_EQ(s, 0);
	CHECK_EQ(ta_session_count(), 0);
	p[0] = p_value(V_IN, 1, 0, 0);
	p[1] = p_none();
	p[2] = p_none();
	p[3] = p_value(V_INOUT, 5, 6, 7);
	CHECK_EQ(ns_open(&test_uuid, 0, p, 4, &s, &o), TEE_SUCCESS);
	CHECK(s != 0);
	/* a fifth user param, or meta among them: refused */
	p[0] = p_value(V_IN | OPTEE_MSG_ATTR_META, 1, 0, 0);
	CHECK_EQ(ns_open(&test_uuid, 0, p, 4, &s, &o),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(o, TEE_ORIG);
	CHECK_EQ(ta_session_count(), 1);
}

static void test_open_session_limit(void)
{
	uint32_t s[TA_MAX_CLIENT_SESSIONS], extra, o, i;

	for (i = 0; i < TA_MAX_CLIENT_SESSIONS; i++)
		CHECK_EQ(ns_open(&sdp_uuid, 0, NULL, 0, &s[i], &o),
			 TEE_SUCCESS);
	CHECK_EQ(ns_open(&sdp_uuid, 0, NULL, 0, &extra, &o),
		 TEE_ERROR_OUT_OF_MEMORY);
	CHECK_EQ(o, TEE_ORIG);
	CHECK_EQ(extra, 0);
	/* TA-to-TA sessions have their own room: cmd 4 still works */
	CHECK_EQ(invoke1(s[0], TA_SDP_BASIC_CMD_INVOKE_TRANSFORM,
			 p_tmem(T_INOUT, SDP_BUF, 16), &o), TEE_SUCCESS);
	CHECK_EQ(ns_close(s[3]), TEE_SUCCESS);
	CHECK_EQ(ns_open(&sdp_uuid, 0, NULL, 0, &extra, &o), TEE_SUCCESS);
	for (i = 0; i < TA_MAX_CLIENT_SESSIONS; i++)
		if (i != 3)
			CHECK_EQ(ns_close(s[i]), TEE_SUCCESS);
	CHECK_EQ(ns_close(extra), TEE_SUCCESS);
	CHECK_EQ(ta_session_count(), 0);
}

static void test_session_ids_unique_and_nonzero(void)
{
	uint32_t a, b, c, o;

	CHECK_EQ(ns_open(&sdp_uuid, 0, NULL, 0, &a, &o), TEE_SUCCESS);
	CHECK_EQ(ns_open(&sdp_uuid, 0, NULL, 0, &b, &o), TEE_SUCCESS);
	CHECK_EQ(ns_close(a), TEE_SUCCESS);
	CHECK_EQ(ns_open(&sdp_uuid, 0, NULL, 0, &c, &o), TEE_SUCCESS);
	CHECK(a && b && c && a != b && b != c && a != c);
}

static void test_close_session(void)
{
	uint32_t s = open_ta(&sdp_uuid), o;
	uint64_t pa;
	struct optee_msg_arg *arg;

	CHECK_EQ(ns_close(s + 1), TEE_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(ns_close(0), TEE_ERROR_ITEM_NOT_FOUND);
	arg = ns_msg(1, &pa);
	arg->cmd = OPTEE_MSG_CMD_CLOSE_SESSION;
	arg->session = s;
	CHECK_EQ(ns_call(pa), OPTEE_SMC_RETURN_OK);
	CHECK_EQ(arg->ret, TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(arg->ret_origin, TEE_ORIG);
	CHECK_EQ(ns_close(s), TEE_SUCCESS);
	CHECK_EQ(ns_close(s), TEE_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(invoke1(s, 1, p_tmem(T_INOUT, SDP_BUF, 1), &o),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(o, TEE_ORIG);
}

/* ---- invoke: parameter validation ------------------------------------------ */

static void test_invoke_unknown_session(void)
{
	uint32_t o;

	CHECK_EQ(invoke1(0, 1, p_tmem(T_INOUT, SDP_BUF, 1), &o),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(o, TEE_ORIG);
	CHECK_EQ(invoke1(1234, 1, p_tmem(T_INOUT, SDP_BUF, 1), &o),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(o, TEE_ORIG);
}

static void test_invoke_too_many_params(void)
{
	uint32_t s = open_ta(&test_uuid), o;
	struct optee_msg_param p[6];
	unsigned int i;

	for (i = 0; i < 6; i++)
		p[i] = p_none();
	CHECK_EQ(ns_invoke(s, TEST_TA_CMD_VALUES, p, 5, &o),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(o, TEE_ORIG);
	CHECK_EQ(ns_invoke(s, TEST_TA_CMD_VALUES, p, 6, &o),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(ns_invoke(s, TEST_TA_CMD_VALUES, p, 4, &o), TEE_SUCCESS);
	CHECK_EQ(ns_invoke(s, TEST_TA_CMD_VALUES, p, 0, &o), TEE_SUCCESS);
}

static void test_invoke_rejects_unknown_attrs(void)
{
	uint32_t s = open_ta(&test_uuid), o;
	const uint64_t bad[] = { 4, 8, 0xc, 0xff, 0x100, V_IN | 0x100,
				 V_IN | NONCONTIG, T_IN | NONCONTIG,
				 T_IN | (1u << 16), R_IN | (7u << 16),
				 V_OUT | (1ull << 40) };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct optee_msg_param p = p_value(bad[i], 0, 0, 0);

		CHECK_EQ(invoke1(s, TEST_TA_CMD_VALUES, p, &o),
			 TEE_ERROR_BAD_PARAMETERS);
		CHECK_EQ(o, TEE_ORIG);
	}
}

static void test_invoke_values_round_trip(void)
{
	uint32_t s = open_ta(&test_uuid), o;
	struct optee_msg_param p[4];

	p[0] = p_value(V_INOUT, 0x1fffffffeull, 0x100000005ull, 0xcccc);
	p[1] = p_value(V_OUT, 0x77, 0x88, 0x99);
	p[2] = p_value(V_IN, 1, 2, 3);
	p[3] = p_none();
	CHECK_EQ(ns_invoke(s, TEST_TA_CMD_VALUES, p, 4, &o), TEE_SUCCESS);
	CHECK_EQ(o, TA_ORIG);
	/* values are 32-bit in GP: truncated going in */
	CHECK_EQ(p[0].u.value.a, 0xffffffff);	/* 0xfffffffe + 1 */
	CHECK_EQ(p[0].u.value.b, 7);
	CHECK_EQ(p[0].u.value.c, 0xcccc);
	CHECK_EQ(p[1].u.value.a, 0x11);
	CHECK_EQ(p[1].u.value.b, 0x22);
	CHECK_EQ(p[2].u.value.a, 1);	/* inputs are not written back */
	CHECK_EQ(p[2].u.value.b, 2);
}

static void test_invoke_rmem_unknown_cookie(void)
{
	uint32_t s = open_ta(&sdp_uuid), o;

	CHECK_EQ(ns_shm_register(&shm_a, 0x1000, 100, 0, false), TEE_SUCCESS);
	CHECK_EQ(invoke2(s, TA_SDP_BASIC_CMD_INJECT, p_rmem(R_IN, 0x1001, 0, 10),
			 p_tmem(T_OUT, SDP_BUF, 10), &o),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(o, TEE_ORIG);
	CHECK_EQ(invoke2(s, TA_SDP_BASIC_CMD_INJECT, p_rmem(R_IN, 0, 0, 10),
			 p_tmem(T_OUT, SDP_BUF, 10), &o),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(invoke2(s, TA_SDP_BASIC_CMD_INJECT, p_rmem(R_IN, 0x1000, 0, 10),
			 p_tmem(T_OUT, SDP_BUF, 10), &o), TEE_SUCCESS);
	CHECK_EQ(ns_shm_unregister(0x1000), TEE_SUCCESS);
	CHECK_EQ(invoke2(s, TA_SDP_BASIC_CMD_INJECT, p_rmem(R_IN, 0x1000, 0, 10),
			 p_tmem(T_OUT, SDP_BUF, 10), &o),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(o, TEE_ORIG);
}

/* sdp-basic phase 5: out-of-bounds memrefs on a registered buffer */
static void test_invoke_rmem_out_of_bounds(void)
{
	const uint64_t size = 5000;
	const uint64_t bad[][2] = { { size - 1, 2 }, { size - 1, 5000 },
				    { size, 1 }, { size, 4096 },
				    { 2, UINT64_MAX }, { UINT64_MAX, 2 } };
	uint32_t s = open_ta(&sdp_uuid), o;
	uint8_t *dst = pa_ptr(SDP_BUF);
	unsigned int i;

	CHECK_EQ(ns_shm_register(&shm_a, 0x1000, size, 0x80, false),
		 TEE_SUCCESS);
	memset(dst, 0xee, 8192);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		CHECK_EQ(invoke2(s, TA_SDP_BASIC_CMD_INJECT,
				 p_rmem(R_IN, 0x1000, bad[i][0], bad[i][1]),
				 p_tmem(T_OUT, SDP_BUF, 8192), &o),
			 TEE_ERROR_BAD_PARAMETERS);
		CHECK_EQ(o, TEE_ORIG);
	}
	CHECK(all_bytes(dst, 8192, 0xee));
	ns_shm_write(&shm_a, size - 1, "\x42", 1);
	CHECK_EQ(invoke2(s, TA_SDP_BASIC_CMD_INJECT,
			 p_rmem(R_IN, 0x1000, size - 1, 1),
			 p_tmem(T_OUT, SDP_BUF, 8192), &o), TEE_SUCCESS);
	CHECK_EQ(dst[0], 0x42);
	CHECK_EQ(pr[1].u.tmem.size, 1);
}

/*
 * A TMEM is taken as OP-TEE takes it: inside one SDP range, or NULL. Any
 * other range, normal RAM included (there is no static shared memory), is
 * BAD_PARAMETERS from the TEE, before any TA runs: the SDP TA would have
 * transformed the bytes or refused with origin TA.
 */
static void test_invoke_tmem_classification(void)
{
	uint32_t s = open_ta(&sdp_uuid), o;
	uint64_t ns = ns_alloc(4096);
	const uint64_t bad[][2] = {
		{ ns, 64 },				/* normal RAM */
		{ NS_RAM_BASE, 16 },
		{ RUI_BASE - 0x1000, 0x1000 },
		{ NS_RAM_BASE + NS_RAM_SIZE - 8, 8 },
		{ NS_RAM_BASE + NS_RAM_SIZE - 8, 16 },	/* leaves RAM */
		{ ns, 0 },				/* zero-sized */
		{ SDP_BASE + SDP_SIZE_B - 8, 16 },	/* leaves the carveout */
		{ SDP_BASE + SDP_SIZE_B, 0 },
		{ SDP_BASE - 8, 16 },			/* firmware RAM */
		{ FW_RAM_BASE, 16 },
		{ RUI_BASE - 8, 16 },			/* NS and SDP mixed */
		{ RUI_BASE + RUI_SIZE_B - 8, 16 },
		{ 0x1000, 16 },				/* not RAM */
		{ SDP_BUF, UINT64_MAX },		/* overflows */
		{ UINT64_MAX - 4, 16 },
	};
	unsigned int i;

	memset(pa_ptr(ns), 0x5c, 4096);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		o = 0;
		CHECK_EQ(invoke1(s, TA_SDP_BASIC_CMD_TRANSFORM,
				 p_tmem(T_INOUT, bad[i][0], bad[i][1]), &o),
			 TEE_ERROR_BAD_PARAMETERS);
		CHECK_EQ(o, TEE_ORIG);
		CHECK_EQ(pr[0].u.tmem.size, bad[i][1]);
	}
	CHECK(all_bytes(pa_ptr(ns), 4096, 0x5c));
	/*
	 * PA 0 is a NULL memref whatever its shm_ref and size, and the TA
	 * sees size 0 (OP-TEE drops it): TRANSFORM refuses it, origin TA,
	 * and the size returned is 0.
	 */
	pr[0] = p_tmem(T_INOUT, 0, 64);
	pr[0].u.tmem.shm_ref = 1;
	CHECK_EQ(ns_invoke(s, TA_SDP_BASIC_CMD_TRANSFORM, pr, 1, &o),
		 TEE_ERROR_ACCESS_DENIED);
	CHECK_EQ(o, TA_ORIG);
	CHECK_EQ(pr[0].u.tmem.size, 0);
	/* both SDP ranges are secure */
	CHECK_EQ(invoke1(s, TA_SDP_BASIC_CMD_TRANSFORM,
			 p_tmem(T_INOUT, SDP_BASE + SDP_SIZE_B - 16, 16), &o),
		 TEE_SUCCESS);
	CHECK_EQ(invoke1(s, TA_SDP_BASIC_CMD_TRANSFORM,
			 p_tmem(T_INOUT, RUI_BASE, RUI_SIZE_B), &o),
		 TEE_SUCCESS);
}

static void test_invoke_writes_back_only_outputs(void)
{
	uint32_t s = open_ta(&sdp_uuid), o;

	CHECK_EQ(ns_shm_register(&shm_a, 0x1000, 8000, 0, false), TEE_SUCCESS);
	/* dst larger than src: dst size becomes src size, src size stays */
	CHECK_EQ(invoke2(s, TA_SDP_BASIC_CMD_DUMP,
			 p_tmem(T_IN, SDP_BUF, 100),
			 p_rmem(R_OUT, 0x1000, 50, 7000), &o), TEE_SUCCESS);
	CHECK_EQ(pr[0].attr, T_IN);
	CHECK_EQ(pr[0].u.tmem.buf_ptr, SDP_BUF);
	CHECK_EQ(pr[0].u.tmem.size, 100);
	CHECK_EQ(pr[0].u.tmem.shm_ref, 0xffff000012345678ull);
	CHECK_EQ(pr[1].attr, R_OUT);
	CHECK_EQ(pr[1].u.rmem.offs, 50);
	CHECK_EQ(pr[1].u.rmem.size, 100);
	CHECK_EQ(pr[1].u.rmem.shm_ref, 0x1000);
}

/* ---- device enumeration pseudo-TA ----------------------------------------- */

static void test_device_pta_probe_sequence(void)
{
	uint64_t buf = ns_alloc(4096);
	uint8_t oct[16];
	uint32_t s, o, f;

	/*
	 * As drivers/tee/optee/device.c: open, ask the size with a NULL
	 * memref of size 0, fetch the list into a buffer of that size.
	 */
	CHECK_EQ(ns_open(&dev_uuid, TEE_LOGIN_PUBLIC, NULL, 0, &s, &o),
		 TEE_SUCCESS);
	CHECK_EQ(invoke1(s, PTA_CMD_GET_DEVICES, p_tmem(T_OUT, 0, 0), &o),
		 TEE_ERROR_SHORT_BUFFER);
	CHECK_EQ(o, TA_ORIG);
	CHECK_EQ(pr[0].attr, T_OUT);
	CHECK_EQ(pr[0].u.tmem.size, 32);
	CHECK_EQ(pr[0].u.tmem.buf_ptr, 0);
	CHECK_EQ(pr[0].u.tmem.shm_ref, 0);
	memset(pa_ptr(buf), 0x5c, 4096);
	CHECK_EQ(invoke1(s, PTA_CMD_GET_DEVICES, p_mem(T_OUT, buf, 32), &o),
		 TEE_SUCCESS);
	CHECK_EQ(pr[0].u.tmem.size, 32);
	CHECK(is_device_list(pa_ptr(buf)));
	CHECK(all_bytes((uint8_t *)pa_ptr(buf) + 32, 4096 - 32, 0x5c));
	tee_uuid_to_octets(oct, &rmem_uuid);
	CHECK(!memcmp(oct, rmem_octets, 16));
	tee_uuid_to_octets(oct, &engine_uuid);
	CHECK(!memcmp(oct, engine_octets, 16));
	/* no TA needs tee-supplicant or RPMB */
	for (f = PTA_CMD_GET_DEVICES_SUPP; f <= PTA_CMD_GET_DEVICES_RPMB;
	     f++) {
		CHECK_EQ(invoke1(s, f, p_tmem(T_OUT, 0, 0), &o), TEE_SUCCESS);
		CHECK_EQ(o, TA_ORIG);
		CHECK_EQ(pr[0].attr, T_OUT);
		CHECK_EQ(pr[0].u.tmem.size, 0);
		CHECK_EQ(pr[0].u.tmem.buf_ptr, 0);
		CHECK_EQ(invoke1(s, f, p_mem(T_OUT, buf, 64), &o),
			 TEE_SUCCESS);
		CHECK_EQ(pr[0].u.tmem.size, 0);
	}
	CHECK(all_bytes((uint8_t *)pa_ptr(buf) + 32, 4096 - 32, 0x5c));
	CHECK_EQ(ns_close(s), TEE_SUCCESS);
	CHECK_EQ(ta_session_count(), 0);
}

static void test_device_pta_buffer_and_errors(void)
{
	uint32_t s = open_ta(&dev_uuid), o;
	uint8_t b[64];

	CHECK_EQ(ns_shm_register(&shm_a, 0x1000, 64, 0, false), TEE_SUCCESS);
	memset(b, 0x5c, sizeof(b));
	ns_shm_write(&shm_a, 0, b, 64);
	CHECK_EQ(invoke1(s, PTA_CMD_GET_DEVICES, p_rmem(R_OUT, 0x1000, 8, 56),
			 &o), TEE_SUCCESS);
	CHECK_EQ(pr[0].u.rmem.size, 32);
	ns_shm_read(&shm_a, 0, b, 64);
	CHECK(all_bytes(b, 8, 0x5c));
	CHECK(is_device_list(b + 8));
	CHECK(all_bytes(b + 40, 24, 0x5c));
	/* one byte short, or room for one UUID: the size needed, nothing */
	memset(b, 0x5c, sizeof(b));
	ns_shm_write(&shm_a, 0, b, 64);
	CHECK_EQ(invoke1(s, PTA_CMD_GET_DEVICES, p_rmem(R_OUT, 0x1000, 0, 31),
			 &o), TEE_ERROR_SHORT_BUFFER);
	CHECK_EQ(o, TA_ORIG);
	CHECK_EQ(pr[0].u.rmem.size, 32);
	CHECK_EQ(invoke1(s, PTA_CMD_GET_DEVICES, p_rmem(R_OUT, 0x1000, 0, 16),
			 &o), TEE_ERROR_SHORT_BUFFER);
	CHECK_EQ(pr[0].u.rmem.size, 32);
	ns_shm_read(&shm_a, 0, b, 64);
	CHECK(all_bytes(b, 64, 0x5c));
	/* the empty lists write nothing either */
	CHECK_EQ(invoke1(s, PTA_CMD_GET_DEVICES_SUPP,
			 p_rmem(R_OUT, 0x1000, 0, 64), &o), TEE_SUCCESS);
	CHECK_EQ(pr[0].u.rmem.size, 0);
	ns_shm_read(&shm_a, 0, b, 64);
	CHECK(all_bytes(b, 64, 0x5c));
	/* a NULL memref's size does not reach the PTA: a size query */
	CHECK_EQ(invoke1(s, PTA_CMD_GET_DEVICES, p_tmem(T_OUT, 0, 16), &o),
		 TEE_ERROR_SHORT_BUFFER);
	CHECK_EQ(o, TA_ORIG);
	CHECK_EQ(pr[0].u.tmem.size, 32);
	CHECK_EQ(invoke1(s, PTA_CMD_GET_DEVICES, p_tmem(T_IN, 0, 0), &o),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(invoke2(s, PTA_CMD_GET_DEVICES, p_tmem(T_OUT, 0, 0),
			 p_value(V_IN, 0, 0, 0), &o), TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(invoke1(s, 3, p_tmem(T_OUT, 0, 0), &o),
		 TEE_ERROR_NOT_IMPLEMENTED);
	CHECK_EQ(o, TA_ORIG);
}

/* ---- restricted-memory pseudo-TA -------------------------------------- */

static uint32_t open_rmem(void)
{
	uint32_t s = 0, o = 0;

	CHECK_EQ(ns_open(&rmem_uuid, TEE_LOGIN_REE_KERNEL_MIN, NULL, 0, &s,
			 &o), TEE_SUCCESS);
	CHECK(s != 0);
	return s;
}

static uint32_t scrub(uint32_t s, uint64_t pa, uint64_t size, uint32_t *o)
{
	return invoke2(s, PTA_RMEM_CMD_SCRUB,
		       p_value(V_IN, pa >> 32, pa & 0xffffffffu, 0),
		       p_value(V_IN, size, 0, 0), o);
}

/* @pa is fake memory (normal RAM or secure RAM). */
static bool fake_mem_has(uint64_t pa)
{
	return (pa >= NS_RAM_BASE && pa - NS_RAM_BASE < NS_RAM_SIZE) ||
	       (pa >= SEC_RAM_BASE && pa - SEC_RAM_BASE < SEC_RAM_SIZE_B);
}

static void test_rmem_refuses_non_kernel_login(void)
{
	const uint32_t bad[] = {
		TEE_LOGIN_PUBLIC, TEE_LOGIN_USER, TEE_LOGIN_GROUP,
		TEE_LOGIN_APPLICATION, TEE_LOGIN_APPLICATION_USER,
		TEE_LOGIN_APPLICATION_GROUP,
	};
	const uint32_t ok[] = {
		TEE_LOGIN_REE_KERNEL_MIN, 0x80001234, TEE_LOGIN_REE_KERNEL_MAX,
	};
	uint32_t s, o, i;

	memset(pa_ptr(SDP_BUF), 0xa5, 4096);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		s = 77;
		o = 0;
		/* refused by the PTA's open entry point: origin TA */
		CHECK_EQ(ns_open(&rmem_uuid, bad[i], NULL, 0, &s, &o),
			 TEE_ERROR_ACCESS_DENIED);
		CHECK_EQ(o, TA_ORIG);
		CHECK_EQ(s, 0);
		/* no session was left behind to scrub with */
		CHECK_EQ(scrub(1, SDP_BUF, 4096, &o),
			 TEE_ERROR_BAD_PARAMETERS);
		CHECK_EQ(o, TEE_ORIG);
	}
	CHECK_EQ(ta_session_count(), 0);
	CHECK(all_bytes(pa_ptr(SDP_BUF), 4096, 0xa5));
	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		CHECK_EQ(ns_open(&rmem_uuid, ok[i], NULL, 0, &s, &o),
			 TEE_SUCCESS);
		CHECK_EQ(ns_close(s), TEE_SUCCESS);
	}
	CHECK_EQ(ta_session_count(), 0);
}

static void test_rmem_scrub_zeroes_exact_range(void)
{
	const struct {
		uint64_t pa, size;
	} r[] = {
		{ SDP_BUF, 0x3000 },
		{ SDP_BASE, 0x1000 },		/* the carveout's ends */
		{ SDP_BASE + SDP_SIZE_B - 0x2000, 0x2000 },
		{ RUI_BUF, 0x1000 },
		{ RUI_BASE, 0x1000 },		/* restricted-ui's ends */
		{ RUI_BASE + RUI_SIZE_B - 0x1000, 0x1000 },
		{ SDP_BASE, SDP_SIZE_B },		/* whole ranges */
		{ RUI_BASE, RUI_SIZE_B },
	};
	uint32_t s = open_rmem(), o, i;

	for (i = 0; i < ARRAY_SIZE(r); i++) {
		uint64_t lo = r[i].pa - 64, hi = r[i].pa + r[i].size;

		if (!fake_mem_has(lo))
			lo = r[i].pa;
		memset(pa_ptr(lo), 0xa5, r[i].pa - lo + r[i].size);
		if (fake_mem_has(hi + 63))
			memset(pa_ptr(hi), 0xa5, 64);
		o = 0;
		CHECK_EQ(scrub(s, r[i].pa, r[i].size, &o), TEE_SUCCESS);
		CHECK_EQ(o, TA_ORIG);
		if (!all_bytes(pa_ptr(r[i].pa), r[i].size, 0)) {
			printf("#   [%#llx, +%#llx) not zeroed\n",
			       (unsigned long long)r[i].pa,
			       (unsigned long long)r[i].size);
			cur_fail++;
		}
		CHECK(all_bytes(pa_ptr(lo), r[i].pa - lo, 0xa5));
		if (fake_mem_has(hi + 63))
			CHECK(all_bytes(pa_ptr(hi), 64, 0xa5));
	}
	CHECK_EQ(ns_close(s), TEE_SUCCESS);
}

static void test_rmem_scrub_refuses_bad_ranges(void)
{
	const uint32_t bad = TEE_ERROR_BAD_PARAMETERS;
	const uint32_t none = TEE_ERROR_ITEM_NOT_FOUND;	/* overlaps no SDP */
	const struct {
		uint64_t pa, size;
		const char *what;
		uint32_t want;
	} r[] = {
		{ SDP_BUF + 0x800, 0x1000, "unaligned address", bad },
		{ SDP_BUF + 1, 0x1000, "address + 1", bad },
		{ SDP_BUF, 0x1800, "unaligned size", bad },
		{ SDP_BUF, 0xfff, "size 4095", bad },
		{ SDP_BUF, 0, "size 0", bad },
		{ SDP_BASE + SDP_SIZE_B - 0x1000, 0x2000, "past SDP's end", bad },
		{ SDP_BASE + SDP_SIZE_B, 0x1000, "just after SDP", none },
		{ SDP_BASE - 0x1000, 0x2000, "firmware RAM into SDP", bad },
		{ FW_RAM_BASE, 0x1000, "firmware RAM", none },
		{ FW_RAM_BASE + FW_RAM_SIZE_B - 0x1000, 0x1000,
		  "firmware RAM's last page", none },
		{ NS_HEAP_BASE, 0x1000, "normal RAM", none },
		{ RUI_BASE - 0x1000, 0x2000, "into restricted-ui", bad },
		{ RUI_BASE + RUI_SIZE_B - 0x1000, 0x2000,
		  "past restricted-ui's end", bad },
		{ SDP_BASE, RUI_BASE + RUI_SIZE_B - SDP_BASE,
		  "across both SDP ranges", bad },
		{ SDP_BUF | 1ull << 32, 0x1000, "high address bits set", none },
		{ RUI_BUF | 0xffffffffull << 32, 0x1000,
		  "high address bits all set", none },
		{ 0xfffff000, 0x2000, "wrapping at 4 GiB", none },
		{ 0, 0x1000, "address 0", none },
	};
	const uint64_t canary[][2] = {
		{ SDP_BASE - 0x1000, SDP_SIZE_B + 0x1000 },
		{ RUI_BASE - 0x1000, RUI_SIZE_B + 0x2000 },
		{ NS_HEAP_BASE, 0x1000 },
	};
	uint32_t s = open_rmem(), o, i;

	for (i = 0; i < ARRAY_SIZE(canary); i++)
		memset(pa_ptr(canary[i][0]), 0xa5, canary[i][1]);
	for (i = 0; i < ARRAY_SIZE(r); i++) {
		uint32_t ret = scrub(s, r[i].pa, r[i].size, &o);

		if (ret != r[i].want || o != TA_ORIG) {
			printf("#   %s: %#x (origin %u), expected %#x\n",
			       r[i].what, ret, o, r[i].want);
			cur_fail++;
		}
	}
	/* [1].b must be 0 */
	CHECK_EQ(invoke2(s, PTA_RMEM_CMD_SCRUB,
			 p_value(V_IN, 0, SDP_BUF, 0),
			 p_value(V_IN, 0x1000, 1, 0), &o),
		 TEE_ERROR_BAD_PARAMETERS);
	for (i = 0; i < ARRAY_SIZE(canary); i++)
		CHECK(all_bytes(pa_ptr(canary[i][0]), canary[i][1], 0xa5));
	CHECK_EQ(ns_close(s), TEE_SUCCESS);
}

static void test_rmem_wrong_param_types(void)
{
	struct optee_msg_param p[4];
	uint64_t ns = ns_alloc(4096);
	uint32_t s = open_rmem(), o, i;
	const struct optee_msg_param addr = p_value(V_IN, 0, SDP_BUF, 0);
	const struct optee_msg_param size = p_value(V_IN, 0x1000, 0, 0);

	memset(pa_ptr(SDP_BUF), 0xa5, 0x1000);
	for (i = 0; i < 6; i++) {
		p[0] = addr;
		p[1] = size;
		p[2] = p_none();
		p[3] = p_none();
		switch (i) {
		case 0:
			p[0].attr = V_INOUT;
			break;
		case 1:
			p[1].attr = V_OUT;
			break;
		case 2:
			p[2] = p_value(V_IN, 0, 0, 0);
			break;
		case 3:
			p[1] = p_none();
			break;
		case 4:
			p[0] = p_mem(T_IN, ns, 8);
			break;
		case 5:
			p[3] = p_mem(T_OUT, ns, 8);
			break;
		}
		o = 0;
		CHECK_EQ(ns_invoke(s, PTA_RMEM_CMD_SCRUB, p, 4, &o),
			 TEE_ERROR_BAD_PARAMETERS);
		CHECK_EQ(o, TA_ORIG);
	}
	CHECK(all_bytes(pa_ptr(SDP_BUF), 0x1000, 0xa5));
	CHECK(all_bytes(pa_ptr(ns), 4096, 0));
	/* the same call with the right types scrubs */
	CHECK_EQ(scrub(s, SDP_BUF, 0x1000, &o), TEE_SUCCESS);
	CHECK(all_bytes(pa_ptr(SDP_BUF), 0x1000, 0));
	CHECK_EQ(ns_close(s), TEE_SUCCESS);
}

/* ---- the SDP test TA ------------------------------------------------------- */

static void test_sdp_inject_copies_to_secure(void)
{
	uint32_t s = open_ta(&sdp_uuid), o;
	uint8_t data[3000];
	uint8_t *dst = pa_ptr(SDP_BUF);

	fill_random(data, sizeof(data));
	CHECK_EQ(ns_shm_register(&shm_a, 0x1000, 9000, 0x10, true),
		 TEE_SUCCESS);
	ns_shm_write(&shm_a, 3000, data, sizeof(data));
	memset(dst, 0xee, 4000);
	CHECK_EQ(invoke2(s, TA_SDP_BASIC_CMD_INJECT,
			 p_rmem(R_IN, 0x1000, 3000, 3000),
			 p_tmem(T_OUT, SDP_BUF, 3500), &o), TEE_SUCCESS);
	CHECK_EQ(o, TA_ORIG);
	CHECK(!memcmp(dst, data, sizeof(data)));
	CHECK(all_bytes(dst + 3000, 1000, 0xee));
	CHECK_EQ(pr[1].u.tmem.size, 3000);
}

static void test_sdp_transform_byte_pattern(void)
{
	uint32_t s = open_ta(&sdp_uuid), o;
	uint8_t *b = pa_ptr(SDP_BUF);
	unsigned int i;

	for (i = 0; i < 512; i++)
		b[i] = (uint8_t)i;
	CHECK_EQ(invoke1(s, TA_SDP_BASIC_CMD_TRANSFORM,
			 p_tmem(T_INOUT, SDP_BUF + 1, 510), &o), TEE_SUCCESS);
	CHECK_EQ(o, TA_ORIG);
	CHECK_EQ(b[0], 0);
	CHECK_EQ(b[511], 0xff);
	for (i = 1; i < 511; i++)
		CHECK_EQ(b[i], (uint8_t)(~(uint8_t)i + 1));
	CHECK_EQ(b[1], 0xff);
	CHECK_EQ(b[128], 0x80);
	CHECK_EQ(b[256], 0x00);
	CHECK_EQ(b[257], 0xff);
}

static void test_sdp_dump_copies_to_nonsecure(void)
{
	uint32_t s = open_ta(&sdp_uuid), o;
	uint8_t data[5000], back[5000];

	fill_random(data, sizeof(data));
	memcpy(pa_ptr(RUI_BUF), data, sizeof(data));
	CHECK_EQ(ns_shm_register(&shm_a, 0x1000, 6000, 0xff0, true),
		 TEE_SUCCESS);
	CHECK_EQ(invoke2(s, TA_SDP_BASIC_CMD_DUMP,
			 p_tmem(T_IN, RUI_BUF, 5000),
			 p_rmem(R_OUT, 0x1000, 1000, 5000), &o), TEE_SUCCESS);
	ns_shm_read(&shm_a, 1000, back, sizeof(back));
	CHECK(!memcmp(back, data, sizeof(data)));
}

static void test_sdp_short_buffer(void)
{
	uint32_t s = open_ta(&sdp_uuid), o, cmd;
	uint8_t *dst = pa_ptr(SDP_BUF);

	CHECK_EQ(ns_shm_register(&shm_a, 0x1000, 200, 0, false), TEE_SUCCESS);
	memset(dst, 0xee, 200);
	for (cmd = 0; cmd <= 6; cmd += 3) {
		CHECK_EQ(invoke2(s, cmd, p_rmem(R_IN, 0x1000, 0, 200),
				 p_tmem(T_OUT, SDP_BUF, 199), &o),
			 TEE_ERROR_SHORT_BUFFER);
		CHECK_EQ(o, TA_ORIG);
		CHECK_EQ(pr[1].u.tmem.size, 200);
		CHECK(all_bytes(dst, 200, 0xee));
		/* GP size query: a NULL output memref */
		CHECK_EQ(invoke2(s, cmd, p_rmem(R_IN, 0x1000, 0, 200),
				 p_tmem(T_OUT, 0, 0), &o),
			 TEE_ERROR_SHORT_BUFFER);
		CHECK_EQ(pr[1].u.tmem.size, 200);
	}
	CHECK_EQ(invoke2(s, TA_SDP_BASIC_CMD_DUMP, p_tmem(T_IN, SDP_BUF, 200),
			 p_rmem(R_OUT, 0x1000, 100, 100), &o),
		 TEE_ERROR_SHORT_BUFFER);
	CHECK_EQ(pr[1].u.rmem.size, 200);
}

static void test_sdp_refuses_wrong_memory_kind(void)
{
	uint32_t s = open_ta(&sdp_uuid), o;
	uint8_t *sec = pa_ptr(SDP_BUF);
	uint8_t ns[64];

	CHECK_EQ(ns_shm_register(&shm_a, 0x1000, 64, 0, false), TEE_SUCCESS);
	CHECK_EQ(ns_shm_register(&shm_b, 0x2000, 64, 0, false), TEE_SUCCESS);
	memset(sec, 0xee, 64);
	memset(ns, 0x33, sizeof(ns));
	ns_shm_write(&shm_a, 0, ns, 64);
	ns_shm_write(&shm_b, 0, ns, 64);

	/* INJECT into non-secure memory */
	CHECK_EQ(invoke2(s, TA_SDP_BASIC_CMD_INJECT,
			 p_rmem(R_IN, 0x1000, 0, 64),
			 p_rmem(R_OUT, 0x2000, 0, 64), &o),
		 TEE_ERROR_ACCESS_DENIED);
	CHECK_EQ(o, TA_ORIG);
	CHECK_EQ(invoke2(s, TA_SDP_BASIC_CMD_INJECT,
			 p_rmem(R_IN, 0x1000, 0, 64),
			 p_mem(T_OUT, NS_HEAP_BASE + 0x100000, 64), &o),
		 TEE_ERROR_ACCESS_DENIED);
	/* INJECT from secure memory */
	CHECK_EQ(invoke2(s, TA_SDP_BASIC_CMD_INJECT,
			 p_tmem(T_IN, RUI_BUF, 64),
			 p_tmem(T_OUT, SDP_BUF, 64), &o),
		 TEE_ERROR_ACCESS_DENIED);
	/* DUMP into secure memory, DUMP from non-secure memory */
	CHECK_EQ(invoke2(s, TA_SDP_BASIC_CMD_DUMP, p_tmem(T_IN, RUI_BUF, 64),
			 p_tmem(T_OUT, SDP_BUF, 64), &o),
		 TEE_ERROR_ACCESS_DENIED);
	CHECK_EQ(invoke2(s, TA_SDP_BASIC_CMD_DUMP,
			 p_rmem(R_IN, 0x1000, 0, 64),
			 p_rmem(R_OUT, 0x2000, 0, 64), &o),
		 TEE_ERROR_ACCESS_DENIED);
	/* TRANSFORM of non-secure memory, of a NULL memref */
	CHECK_EQ(invoke1(s, TA_SDP_BASIC_CMD_TRANSFORM,
			 p_rmem(R_INOUT, 0x1000, 0, 64), &o),
		 TEE_ERROR_ACCESS_DENIED);
	CHECK_EQ(invoke1(s, TA_SDP_BASIC_CMD_TRANSFORM,
			 p_mem(T_INOUT, NS_HEAP_BASE + 0x100000, 64), &o),
		 TEE_ERROR_ACCESS_DENIED);
	CHECK_EQ(invoke1(s, TA_SDP_BASIC_CMD_TRANSFORM, p_tmem(T_INOUT, 0, 0),
			 &o), TEE_ERROR_ACCESS_DENIED);
	/* nothing was touched */
	CHECK(all_bytes(sec, 64, 0xee));
	CHECK(all_bytes(pa_ptr(RUI_BUF), 64, 0));
	ns_shm_read(&shm_a, 0, ns, 64);
	CHECK(all_bytes(ns, 64, 0x33));
	ns_shm_read(&shm_b, 0, ns, 64);
	CHECK(all_bytes(ns, 64, 0x33));
}

static void test_sdp_wrong_param_types(void)
{
	uint32_t s = open_ta(&sdp_uuid), o, cmd;
	const uint8_t before = 0x5a;

	*(uint8_t *)pa_ptr(SDP_BUF) = before;
	CHECK_EQ(ns_shm_register(&shm_a, 0x1000, 64, 0, false), TEE_SUCCESS);
	for (cmd = 0; cmd <= 8; cmd++) {
		uint32_t xf = cmd % 3 == 1;

		/* copy commands given one inout memref, transform two */
		if (xf)
			CHECK_EQ(invoke2(s, cmd, p_tmem(T_INOUT, SDP_BUF, 1),
					 p_tmem(T_IN, SDP_BUF, 1), &o),
				 TEE_ERROR_BAD_PARAMETERS);
		else
			CHECK_EQ(invoke1(s, cmd, p_tmem(T_INOUT, SDP_BUF, 1),
					 &o), TEE_ERROR_BAD_PARAMETERS);
		CHECK_EQ(o, TA_ORIG);
		CHECK_EQ(invoke2(s, cmd, p_value(V_IN, 0, 0, 0),
				 p_value(V_OUT, 0, 0, 0), &o),
			 TEE_ERROR_BAD_PARAMETERS);
		/* input/output swapped */
		CHECK_EQ(invoke2(s, cmd, p_tmem(T_OUT, SDP_BUF, 1),
				 p_rmem(R_IN, 0x1000, 0, 1), &o),
			 TEE_ERROR_BAD_PARAMETERS);
	}
	CHECK_EQ(invoke1(s, 9, p_tmem(T_INOUT, SDP_BUF, 1), &o),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(o, TA_ORIG);
	CHECK_EQ(invoke1(s, 0xffffffff, p_none(), &o),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(*(uint8_t *)pa_ptr(SDP_BUF), before);
}

/*
 * One sdp-basic round, as xtest does it: random data at a random offset
 * (0..255) into the secure buffer, INJECT, TRANSFORM, DUMP through the
 * command family @base (0: TA, 3: TA to TA, 6: TA to pseudo-TA), check
 * every byte. The normal-world buffers are temporary memrefs, which the
 * driver registers per call.
 */
static int sdp_round(uint32_t s, uint32_t base, uint64_t sec_pa, size_t len,
		     uint64_t cookie)
{
	static uint8_t ref[8192], out[8192];
	uint64_t off = rnd() % 256, sec = sec_pa + off;
	uint32_t o, fails = (uint32_t)cur_fail;
	size_t i;

	fill_random(ref, len);
	CHECK_EQ(ns_shm_register(&shm_a, cookie, len, rnd() % 4096, true),
		 TEE_SUCCESS);
	ns_shm_write(&shm_a, 0, ref, len);
	CHECK_EQ(invoke2(s, base + 0, p_rmem(R_IN, cookie, 0, len),
			 p_tmem(T_OUT, sec, len), &o), TEE_SUCCESS);
	CHECK_EQ(ns_shm_unregister(cookie), TEE_SUCCESS);
	CHECK_EQ(invoke1(s, base + 1, p_tmem(T_INOUT, sec, len), &o),
		 TEE_SUCCESS);
	CHECK_EQ(ns_shm_register(&shm_b, cookie + 1, len, rnd() % 4096, true),
		 TEE_SUCCESS);
	CHECK_EQ(invoke2(s, base + 2, p_tmem(T_IN, sec, len),
			 p_rmem(R_OUT, cookie + 1, 0, len), &o), TEE_SUCCESS);
	ns_shm_read(&shm_b, 0, out, len);
	CHECK_EQ(ns_shm_unregister(cookie + 1), TEE_SUCCESS);
	for (i = 0; i < len; i++)
		if (out[i] != xform(ref[i]))
			break;
	CHECK_EQ(i, len);
	return cur_fail == (int)fails ? 0 : -1;
}

static void sdp_phase(uint32_t base, uint64_t sec_pa)
{
	uint32_t s = open_ta(&sdp_uuid);
	unsigned int loop, sessions = ta_session_count();

	for (loop = 0; loop < 40; loop++)
		if (sdp_round(s, base, sec_pa, 5000 - 255, 0x100 + loop * 2))
			break;
	CHECK_EQ(loop, 40);
	/* also a larger buffer, crossing many pages */
	CHECK_EQ(sdp_round(s, base, sec_pa, 8000, 0x9000), 0);
	CHECK_EQ(ta_session_count(), sessions);	/* no TA-to-TA leak */
	CHECK_EQ(shm_count(), 0);
	CHECK_EQ(ns_close(s), TEE_SUCCESS);
}

static void test_sdp_basic_phase1_client_to_ta(void)
{
	sdp_phase(0, SDP_BUF);
	sdp_phase(0, RUI_BUF);
}

static void test_sdp_basic_phase2_ta_to_ta(void)
{
	sdp_phase(3, SDP_BUF);
	sdp_phase(3, RUI_BUF);
}

static void test_sdp_basic_phase3_ta_to_pta(void)
{
	sdp_phase(6, SDP_BUF);
	sdp_phase(6, RUI_BUF);
}

static void test_sdp_basic_phase4_client_to_pta_refused(void)
{
	uint32_t s = open_ta(&pta_uuid), o;
	uint8_t *sec = pa_ptr(SDP_BUF);
	uint8_t ns[100];

	memset(sec, 0xee, 100);
	memset(ns, 0x33, sizeof(ns));
	CHECK_EQ(ns_shm_register(&shm_a, 0x1000, 100, 0, false), TEE_SUCCESS);
	ns_shm_write(&shm_a, 0, ns, 100);
	CHECK_EQ(invoke2(s, PTA_INVOKE_TESTS_CMD_COPY_NSEC_TO_SEC,
			 p_rmem(R_IN, 0x1000, 0, 100),
			 p_tmem(T_OUT, SDP_BUF, 100), &o),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(o, TEE_ORIG);
	CHECK_EQ(invoke1(s, PTA_INVOKE_TESTS_CMD_READ_MODIFY_SEC,
			 p_tmem(T_INOUT, SDP_BUF, 100), &o),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(o, TEE_ORIG);
	CHECK_EQ(invoke2(s, PTA_INVOKE_TESTS_CMD_COPY_SEC_TO_NSEC,
			 p_tmem(T_IN, RUI_BUF, 100),
			 p_rmem(R_OUT, 0x1000, 0, 100), &o),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(o, TEE_ORIG);
	CHECK(all_bytes(sec, 100, 0xee));
	ns_shm_read(&shm_a, 0, ns, 100);
	CHECK(all_bytes(ns, 100, 0x33));
	/* refused at open too, when a secure memref comes along */
	pr[0] = p_tmem(T_INOUT, SDP_BUF, 100);
	CHECK_EQ(ns_open(&pta_uuid, 0, pr, 1, &s, &o),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(o, TEE_ORIG);
	CHECK_EQ(s, 0);
}

static void test_pta_checks_memory_kind(void)
{
	uint32_t s = open_ta(&pta_uuid), o;

	/* non-secure only, so the framework lets it through: the PTA refuses */
	CHECK_EQ(ns_shm_register(&shm_a, 0x1000, 100, 0, false), TEE_SUCCESS);
	CHECK_EQ(ns_shm_register(&shm_b, 0x2000, 100, 0, false), TEE_SUCCESS);
	CHECK_EQ(invoke2(s, PTA_INVOKE_TESTS_CMD_COPY_NSEC_TO_SEC,
			 p_rmem(R_IN, 0x1000, 0, 100),
			 p_rmem(R_OUT, 0x2000, 0, 100), &o),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(o, TA_ORIG);
	CHECK_EQ(invoke1(s, PTA_INVOKE_TESTS_CMD_READ_MODIFY_SEC,
			 p_rmem(R_INOUT, 0x1000, 0, 100), &o),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(o, TA_ORIG);
	CHECK_EQ(invoke2(s, PTA_INVOKE_TESTS_CMD_COPY_NSEC_TO_SEC,
			 p_rmem(R_IN, 0x1000, 0, 100),
			 p_rmem(R_OUT, 0x2000, 0, 99), &o),
		 TEE_ERROR_SHORT_BUFFER);
	CHECK_EQ(pr[1].u.rmem.size, 100);
	CHECK_EQ(invoke1(s, 0, p_none(), &o), TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(invoke1(s, PTA_INVOKE_TESTS_CMD_READ_MODIFY_SEC,
			 p_tmem(T_IN, 0, 0), &o), TEE_ERROR_BAD_PARAMETERS);
}

/* TABLE_COUNTS: what sdp_fuzz compares before and after its run. */
static void test_pta_table_counts(void)
{
	uint32_t s = open_ta(&pta_uuid), o;
	unsigned int pages;

	CHECK_EQ(invoke2(s, PTA_INVOKE_TESTS_CMD_TABLE_COUNTS,
			 p_value(V_OUT, 9, 9, 9), p_value(V_OUT, 9, 9, 9), &o),
		 TEE_SUCCESS);
	CHECK_EQ(pr[0].u.value.a, 1);	/* the caller's own session */
	CHECK_EQ(pr[0].u.value.b, 0);
	CHECK_EQ(pr[1].u.value.a, 0);
	CHECK_EQ(pr[1].u.value.b, 0);
	CHECK_EQ(ns_shm_register(&shm_a, 0x1000, 100, 0, false), TEE_SUCCESS);
	CHECK_EQ(ns_shm_register(&shm_b, 0x2000, 3 * 4096, 0, false),
		 TEE_SUCCESS);
	open_ta(&sdp_uuid);
	CHECK_EQ(invoke2(s, PTA_INVOKE_TESTS_CMD_TABLE_COUNTS,
			 p_value(V_OUT, 0, 0, 0), p_value(V_OUT, 0, 0, 0), &o),
		 TEE_SUCCESS);
	pages = shm_pool_used();
	CHECK_EQ(pr[0].u.value.a, 2);
	CHECK_EQ(pr[0].u.value.b, 2);
	CHECK_EQ(pr[1].u.value.a, pages);
	CHECK(pages >= 4);
	/* exactly two value outputs */
	CHECK_EQ(invoke1(s, PTA_INVOKE_TESTS_CMD_TABLE_COUNTS,
			 p_value(V_OUT, 0, 0, 0), &o), TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(invoke2(s, PTA_INVOKE_TESTS_CMD_TABLE_COUNTS,
			 p_value(V_OUT, 0, 0, 0), p_value(V_INOUT, 0, 0, 0),
			 &o), TEE_ERROR_BAD_PARAMETERS);
}

static void test_pta_via_ta_checks_memory_kind(void)
{
	uint32_t s = open_ta(&sdp_uuid), o;
	uint8_t *sec = pa_ptr(SDP_BUF);

	memset(sec, 0xee, 100);
	CHECK_EQ(ns_shm_register(&shm_a, 0x1000, 100, 0, false), TEE_SUCCESS);
	/* PTA_DUMP with the secure buffer as destination: PTA says no */
	CHECK_EQ(invoke2(s, TA_SDP_BASIC_CMD_PTA_DUMP,
			 p_rmem(R_IN, 0x1000, 0, 100),
			 p_tmem(T_OUT, SDP_BUF, 100), &o),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(o, TA_ORIG);
	CHECK_EQ(invoke1(s, TA_SDP_BASIC_CMD_PTA_TRANSFORM,
			 p_rmem(R_INOUT, 0x1000, 0, 100), &o),
		 TEE_ERROR_BAD_PARAMETERS);
	/* and TA-to-TA gives the TA's own answer */
	CHECK_EQ(invoke1(s, TA_SDP_BASIC_CMD_INVOKE_TRANSFORM,
			 p_rmem(R_INOUT, 0x1000, 0, 100), &o),
		 TEE_ERROR_ACCESS_DENIED);
	CHECK(all_bytes(sec, 100, 0xee));
	CHECK_EQ(ta_session_count(), 1);
}

/* ---- the TA framework --------------------------------------------------- */

static void test_ta_call_depth_limited(void)
{
	uint32_t s = open_ta(&test_uuid), o;

	CHECK_EQ(invoke1(s, TEST_TA_CMD_RECURSE, p_none(), &o), TEE_ERROR_BUSY);
	CHECK_EQ(o, TA_ORIG);
	CHECK_EQ(ta_session_count(), 1);
}

static void test_ta_leaked_sessions_closed_with_owner(void)
{
	uint32_t s = open_ta(&test_uuid), o, i;

	for (i = 0; i < TA_MAX_TA_SESSIONS; i++)
		CHECK_EQ(invoke1(s, TEST_TA_CMD_LEAK, p_none(), &o),
			 TEE_SUCCESS);
	CHECK_EQ(ta_session_count(), 1 + TA_MAX_TA_SESSIONS);
	CHECK_EQ(invoke1(s, TEST_TA_CMD_LEAK, p_none(), &o),
		 TEE_ERROR_OUT_OF_MEMORY);
	CHECK_EQ(o, TA_ORIG);
	CHECK_EQ(ns_close(s), TEE_SUCCESS);
	CHECK_EQ(ta_session_count(), 0);
}

static void test_ta_internal_sessions_invisible_to_client(void)
{
	uint32_t s = open_ta(&test_uuid), o, id;

	CHECK_EQ(invoke1(s, TEST_TA_CMD_LEAK, p_none(), &o), TEE_SUCCESS);
	CHECK_EQ(ta_session_count(), 2);
	/* ids are handed out in order: the leaked one is s + 1 */
	id = s + 1;
	CHECK_EQ(invoke1(id, 1, p_tmem(T_INOUT, SDP_BUF, 1), &o),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(o, TEE_ORIG);
	CHECK_EQ(ns_close(id), TEE_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(ta_session_count(), 2);
}

static void test_ta_forwarded_rights_narrowed(void)
{
	uint32_t s = open_ta(&test_uuid), o;
	uint8_t *sec = pa_ptr(SDP_BUF);

	memset(sec, 0x11, 16);
	/* an input memref forwarded as INOUT cannot be written by the callee */
	CHECK_EQ(invoke1(s, TEST_TA_CMD_NARROW, p_tmem(T_IN, SDP_BUF, 16), &o),
		 TEE_ERROR_ACCESS_DENIED);
	CHECK(all_bytes(sec, 16, 0x11));
	CHECK_EQ(invoke1(s, TEST_TA_CMD_NARROW, p_tmem(T_INOUT, SDP_BUF, 16),
			 &o), TEE_SUCCESS);
	CHECK(all_bytes(sec, 16, xform(0x11)));
}

static void test_ta_api_outside_entry_point(void)
{
	ta_session_t s = 5;
	uint32_t o = 0;

	CHECK_EQ(ta_open_ta_session(&sdp_uuid, 0, NULL, &s, &o),
		 TEE_ERROR_BAD_STATE);
	CHECK_EQ(s, 0);
	CHECK_EQ(o, TEE_ORIG);
	CHECK_EQ(ta_invoke_ta_command(1, 0, 0, NULL, &o),
		 TEE_ERROR_BAD_PARAMETERS);
	ta_close_ta_session(1);
	CHECK(ta_current_uuid() == NULL);
}

static void test_ta_client_api_rejects_bad_ptypes(void)
{
	struct ta_identity id = { .login = TEE_LOGIN_PUBLIC };
	union ta_param p[4];
	uint32_t s, o;

	memset(p, 0, sizeof(p));
	CHECK_EQ(ta_client_open_session(&test_uuid, &id, 0x4, p, &s, &o),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(o, TEE_ORIG);
	CHECK_EQ(ta_client_open_session(&test_uuid, &id, 0x10000, p, &s, &o),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(ta_client_open_session(&test_uuid, &id, 0x8000, p, &s, &o),
		 TEE_ERROR_BAD_PARAMETERS);
	id.login = TEE_LOGIN_TRUSTED_APP;
	CHECK_EQ(ta_client_open_session(&test_uuid, &id, 0, p, &s, &o),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(ta_session_count(), 0);
}

static void test_uuid_octets_round_trip(void)
{
	uint8_t o[16], o2[16];
	TEE_UUID u;
	unsigned int i;

	for (i = 0; i < 16; i++)
		o[i] = (uint8_t)(i * 17 + 3);
	tee_uuid_from_octets(&u, o);
	CHECK_EQ(u.timeLow, 0x03142536);
	CHECK_EQ(u.timeMid, 0x4758);
	CHECK_EQ(u.timeHiAndVersion, 0x697a);
	CHECK_EQ(u.clockSeqAndNode[0], 0x8b);
	tee_uuid_to_octets(o2, &u);
	CHECK(!memcmp(o, o2, 16));
}

/* ---- a whole driver-like lifecycle --------------------------------------- */

static void test_driver_probe_then_shutdown(void)
{
	uint64_t list = ns_alloc(32);
	uint32_t s, o;
	int n = 0;

	CHECK_EQ(ns_smc(OPTEE_SMC_CALLS_UID, 0, 0, 0, NULL), 0x384fb3e0);
	ns_smc(OPTEE_SMC_CALL_GET_OS_REVISION, 0, 0, 0, NULL);
	CHECK_EQ(ns_smc(OPTEE_SMC_CALLS_REVISION, 0, 0, 0, NULL), 2);
	CHECK_EQ(ns_smc(OPTEE_SMC_GET_THREAD_COUNT, 0, 0, 0, NULL), 0);
	CHECK_EQ(ns_smc(OPTEE_SMC_EXCHANGE_CAPABILITIES, 0, 0, 0, NULL), 0);
	while (ns_smc(OPTEE_SMC_DISABLE_SHM_CACHE, 0, 0, 0, NULL) !=
	       OPTEE_SMC_RETURN_ENOTAVAIL && n < 10)
		n++;
	CHECK_EQ(n, 0);
	CHECK_EQ(ns_smc(OPTEE_SMC_ENABLE_SHM_CACHE, 0, 0, 0, NULL), 0);
	CHECK_EQ(ns_open(&dev_uuid, TEE_LOGIN_PUBLIC, NULL, 0, &s, &o), 0);
	CHECK_EQ(invoke1(s, PTA_CMD_GET_DEVICES, p_tmem(T_OUT, 0, 0), &o),
		 TEE_ERROR_SHORT_BUFFER);
	CHECK_EQ(pr[0].u.tmem.size, 32);
	CHECK_EQ(invoke1(s, PTA_CMD_GET_DEVICES, p_mem(T_OUT, list, 32), &o),
		 0);
	CHECK(is_device_list(pa_ptr(list)));
	CHECK_EQ(ns_close(s), 0);
	/* the TEE bus devices' drivers: the heap's scrubber, the decoder */
	CHECK_EQ(ns_open(&rmem_uuid, TEE_LOGIN_REE_KERNEL_MIN, NULL, 0, &s,
			 &o), 0);
	CHECK_EQ(ns_close(s), 0);
	CHECK_EQ(ns_open(&engine_uuid, TEE_LOGIN_REE_KERNEL_MIN, NULL, 0, &s,
			 &o), 0);
	CHECK_EQ(ns_close(s), 0);
	CHECK_EQ(ns_smc(OPTEE_SMC_DISABLE_SHM_CACHE, 0, 0, 0, NULL),
		 OPTEE_SMC_RETURN_ENOTAVAIL);
	CHECK_EQ(ta_session_count(), 0);
	CHECK_EQ(shm_count(), 0);
}

/* ---- runner ------------------------------------------------------------- */

static const struct test_case tests[] = {
	T(test_memclass_nsec_inside_ram),
	T(test_memclass_nsec_rejects_outside_ram),
	T(test_memclass_nsec_rejects_overflow),
	T(test_memclass_nsec_rejects_secure_ranges),
	T(test_memclass_sdp_ranges),
	T(test_memclass_zero_size_is_one_byte),
	T(test_memclass_tmem_null),
	T(test_memclass_tmem_inside_sdp),
	T(test_memclass_tmem_refuses_normal_ram),
	T(test_memclass_tmem_refuses_other_memory),
	T(test_memclass_tmem_refuses_straddling),
	T(test_memclass_tmem_zero_size),
	T(test_memclass_tmem_refuses_overflow),
	T(test_memref_contig_bounds),
	T(test_memref_rights_follow_direction),
	T(test_memref_null_never_accessible),
	T(test_memref_check_size_beyond_bound),
	T(test_memref_paged_segments),
	T(test_memref_copy_paged_to_contig),
	T(test_shm_register_and_view),
	T(test_shm_view_rejects_out_of_range),
	T(test_shm_register_rejects_bad_cookie_and_size),
	T(test_shm_register_double_cookie_newest_first),
	T(test_shm_register_rejects_unaligned_page),
	T(test_shm_register_rejects_secure_pages),
	T(test_shm_register_rejects_bad_list_page),
	T(test_shm_register_rejects_bad_next_list_page),
	T(test_shm_register_chained_lists_scattered),
	T(test_shm_register_size_limit),
	T(test_shm_table_full),
	T(test_shm_pool_full),
	T(test_shm_unregister_compacts_pool),
	T(test_msg_register_rejects_bad_attr),
	T(test_msg_unregister_rejects_bad_params),
	T(test_smc_calls_uid),
	T(test_smc_revisions),
	T(test_smc_thread_count_is_two),
	T(test_smc_exchange_capabilities),
	T(test_smc_shm_cache),
	T(test_smc_unknown_functions),
	T(test_smc_std_call_reentry_gets_thread_limit),
	T(test_smc_foreign_interrupt_rpc),
	T(test_msg_arg_must_be_aligned),
	T(test_msg_arg_must_be_nonsecure_ram),
	T(test_msg_arg_params_must_fit),
	T(test_msg_num_params_bounded),
	T(test_msg_arg_pa_uses_low_halves),
	T(test_msg_unknown_command),
	T(test_msg_cancel),
	T(test_msg_parsed_from_secure_copy),
	T(test_open_unknown_uuid),
	T(test_open_uuid_octet_order),
	T(test_open_requires_meta_params),
	T(test_open_login_classes),
	T(test_open_client_identity_reaches_ta),
	T(test_open_with_user_params),
	T(test_open_session_limit),
	T(test_session_ids_unique_and_nonzero),
	T(test_close_session),
	T(test_invoke_unknown_session),
	T(test_invoke_too_many_params),
	T(test_invoke_rejects_unknown_attrs),
	T(test_invoke_values_round_trip),
	T(test_invoke_rmem_unknown_cookie),
	T(test_invoke_rmem_out_of_bounds),
	T(test_invoke_tmem_classification),
	T(test_invoke_writes_back_only_outputs),
	T(test_device_pta_probe_sequence),
	T(test_device_pta_buffer_and_errors),
	T(test_rmem_refuses_non_kernel_login),
	T(test_rmem_scrub_zeroes_exact_range),
	T(test_rmem_scrub_refuses_bad_ranges),
	T(test_rmem_wrong_param_types),
	T(test_sdp_inject_copies_to_secure),
	T(test_sdp_transform_byte_pattern),
	T(test_sdp_dump_copies_to_nonsecure),
	T(test_sdp_short_buffer),
	T(test_sdp_refuses_wrong_memory_kind),
	T(test_sdp_wrong_param_types),
	T(test_sdp_basic_phase1_client_to_ta),
	T(test_sdp_basic_phase2_ta_to_ta),
	T(test_sdp_basic_phase3_ta_to_pta),
	T(test_sdp_basic_phase4_client_to_pta_refused),
	T(test_pta_checks_memory_kind),
	T(test_pta_table_counts),
	T(test_pta_via_ta_checks_memory_kind),
	T(test_ta_call_depth_limited),
	T(test_ta_leaked_sessions_closed_with_owner),
	T(test_ta_internal_sessions_invisible_to_client),
	T(test_ta_forwarded_rights_narrowed),
	T(test_ta_api_outside_entry_point),
	T(test_ta_client_api_rejects_bad_ptypes),
	T(test_uuid_octets_round_trip),
	T(test_driver_probe_then_shutdown),
};

static int run(const struct test_case *t, unsigned int num)
{
	ns_reset();
	cur_fail = 0;
	t->fn();
	/* every call's TA windows released, whatever its result */
	CHECK_EQ(ta_windows_reserved(), 0);
	printf("%s %u - %s\n", cur_fail ? "not ok" : "ok", num, t->name);
	return cur_fail != 0;
}

int main(void)
{
	unsigned int i, n = ARRAY_SIZE(tests), failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < n; i++)
		failed += run(&tests[i], i + 1);
	for (i = 0; i < video_test_count; i++)
		failed += run(&video_tests[i], n + i + 1);
	n += video_test_count;
	for (i = 0; i < engine_test_count; i++)
		failed += run(&engine_tests[i], n + i + 1);
	n += engine_test_count;
	printf("# %u passed, %u failed\n", n - failed, failed);
	printf("1..%u\n", n);
	return failed ? 1 : 0;
}

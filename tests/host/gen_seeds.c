// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the seed corpus of the message-boundary fuzzer (format in
 * fuzz_format.h): driver-like probe, the sdp-basic phases, registrations
 * with chained page lists, a few refusals, the video decoder TA decoding a
 * frame encoded by libjpeg-turbo and encrypted under the host builds' test
 * key, its frame log (DIGEST and CONVERT_XRGB on logged, windowed,
 * scrubbed and overwritten frames), the split path (DECRYPT_SAMPLE into
 * secure memory, the JPEG engine's PARSE_HEADER and DECODE across memory
 * kinds) and the restricted-memory PTA's scrub.
 * Usage: gen-seeds DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_format.h"
#include "test_keys.h"
#include "../host-jpeg/refjpeg.h"
#include "../../firmware/lib/crypto/aes.h"
#include "../../firmware/optee/optee_msg.h"
#include "../../firmware/ta/jpeg_engine_ta.h"
#include "../../firmware/ta/pta_rmem.h"
#include "../../firmware/ta/sdp_video_ta.h"

#define META	OPTEE_MSG_ATTR_META
#define KERNEL_LOGIN	0x80000000u	/* TEE_LOGIN_REE_KERNEL_MIN */

static const uint8_t sdp_uuid[16] = {
	0x12, 0x34, 0x56, 0x78, 0x5b, 0x69, 0x11, 0xe4,
	0x9d, 0xbb, 0x10, 0x1f, 0x74, 0xf0, 0x00, 0x99 };
static const uint8_t pta_uuid[16] = {
	0xd9, 0x6a, 0x5b, 0x40, 0xc3, 0xe5, 0x21, 0xe3,
	0x87, 0x94, 0x10, 0x02, 0xa5, 0xd5, 0xc6, 0x1b };
static const uint8_t dev_uuid[16] = {
	0x70, 0x11, 0xa6, 0x88, 0xdd, 0xde, 0x40, 0x53,
	0xa5, 0xa9, 0x7b, 0x3c, 0x4d, 0xdf, 0x13, 0xb8 };
static const uint8_t video_uuid[16] = {
	0x9a, 0x89, 0xaa, 0xb1, 0x02, 0xa0, 0x4f, 0x24,
	0xbe, 0x1b, 0x8f, 0x59, 0x52, 0xe6, 0x3d, 0xb4 };
static const uint8_t rmem_uuid[16] = {
	0xd2, 0x54, 0x55, 0xd6, 0x6d, 0xfd, 0x40, 0x34,
	0x8a, 0x4e, 0xb8, 0x04, 0xa5, 0xe8, 0xac, 0xdb };
static const uint8_t engine_uuid[16] = {
	0x23, 0x62, 0xcf, 0x6d, 0x69, 0xad, 0x42, 0xa3,
	0xb6, 0xc7, 0x1b, 0x9e, 0xb7, 0x4e, 0xca, 0x7c };

static uint8_t out[65536];
static size_t pos;
static const char *dir;
static int nseeds;

static void rec(uint8_t op, uint8_t sel, const void *p, size_t len)
{
	if (pos + 4 + len > sizeof(out))
		abort();
	out[pos++] = op;
	out[pos++] = sel;
	out[pos++] = (uint8_t)len;
	out[pos++] = (uint8_t)(len >> 8);
	memcpy(out + pos, p, len);
	pos += len;
}

static void flush(const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%02d-%s", dir, nseeds++, name);
	f = fopen(path, "wb");
	if (!f || fwrite(out, 1, pos, f) != pos || fclose(f)) {
		perror(path);
		exit(1);
	}
	pos = 0;
}

static struct {
	struct optee_msg_arg a;
	struct optee_msg_param p[OPTEE_MSG_MAX_PARAMS + 1];
} m;

static void msg_at(uint8_t sel)
{
	rec(FZ_OP_MSG, sel, &m, OPTEE_MSG_GET_ARG_SIZE(m.a.num_params));
	memset(&m, 0, sizeof(m));
}

static void msg(void)
{
	msg_at(0);
}

static void fast(uint8_t sel, uint32_t a0, uint32_t a1)
{
	uint32_t r[2] = { a0, a1 };

	rec(FZ_OP_FAST, sel, r, sizeof(r));
}

static void open_ta(const uint8_t uuid[16], uint32_t login)
{
	m.a.cmd = OPTEE_MSG_CMD_OPEN_SESSION;
	m.a.num_params = 2;
	m.p[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT | META;
	m.p[1].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT | META;
	memcpy(m.p[0].u.octets, uuid, 16);
	m.p[1].u.value.c = login;
	msg();
}

static void close_session(uint32_t s)
{
	m.a.cmd = OPTEE_MSG_CMD_CLOSE_SESSION;
	m.a.session = s;
	msg();
}

static void set_tmem(int i, uint64_t attr, uint64_t pa, uint64_t size)
{
	m.p[i].attr = attr;
	m.p[i].u.tmem.buf_ptr = pa;
	m.p[i].u.tmem.size = size;
	m.p[i].u.tmem.shm_ref = pa ? 0xffff0000deadbeefull : 0;
}

static void set_rmem(int i, uint64_t attr, uint64_t cookie, uint64_t offs,
		     uint64_t size)
{
	m.p[i].attr = attr;
	m.p[i].u.rmem.offs = offs;
	m.p[i].u.rmem.size = size;
	m.p[i].u.rmem.shm_ref = cookie;
}

static void invoke(uint32_t s, uint32_t func, uint32_t n)
{
	m.a.cmd = OPTEE_MSG_CMD_INVOKE_COMMAND;
	m.a.session = s;
	m.a.func = func;
	m.a.num_params = n;
	msg();
}

static void set_value(int i, uint64_t attr, uint64_t a, uint64_t b)
{
	m.p[i].attr = attr;
	m.p[i].u.value.a = a;
	m.p[i].u.value.b = b;
}

/*
 * The video decoder TA on session 1: a 64x48 frame record (from data
 * offset 1024) decoded to NV12 in the carveout, converted, digested.
 */
static void video_round(void)
{
	static const uint8_t key[16] = TEST_VIDEO_KEY;
	static const uint8_t iv[16] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct enc_params ep = {
		.w = 64, .h = 48, .quality = 50, .sub = 1, .pat = PAT_SQUARE,
	};
	uint8_t recbuf[6000];
	struct aes128_key ks;
	const uint64_t nv12 = FZ_SDP_PA, xrgb = FZ_SDP_PA + 0x4000;
	const uint32_t span = 64 * 48 * 3 / 2;
	size_t len;
	uint8_t *jpg = ref_encode(&ep, &len);

	if (!jpg || len + 20 > sizeof(recbuf))
		abort();
	recbuf[0] = (uint8_t)len;
	recbuf[1] = (uint8_t)(len >> 8);
	recbuf[2] = recbuf[3] = 0;
	memcpy(recbuf + 4, iv, 16);
	aes128_set_key(&ks, key);
	aes128_ctr_xcrypt(&ks, iv, 0, jpg, recbuf + 20, len);
	free(jpg);
	rec(FZ_OP_DATA, 1, recbuf, len + 20);

	set_value(0, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, SDP_VIDEO_FMT_MJPG,
		  TEST_VIDEO_KEY_ID);
	set_value(1, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, 64, 48);
	invoke(1, SDP_VIDEO_CMD_OPEN_STREAM, 2);
	set_rmem(0, OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, FZ_COOKIE,
		 1024 - FZ_COOKIE_OFFSET, len + 20);
	set_tmem(1, OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, nv12, span);
	set_value(2, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, 64, 64 * 48);
	set_value(3, OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0);
	invoke(1, SDP_VIDEO_CMD_DECODE_FRAME, 4);
	set_tmem(0, OPTEE_MSG_ATTR_TYPE_TMEM_INPUT, nv12, span);
	set_tmem(1, OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, xrgb, 4 * 64 * 48);
	set_value(2, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, 64, 64 * 48);
	set_value(3, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, 4 * 64, 0);
	invoke(1, SDP_VIDEO_CMD_CONVERT_XRGB, 4);
	set_tmem(0, OPTEE_MSG_ATTR_TYPE_TMEM_INPUT, xrgb, 4 * 64 * 48);
	set_rmem(1, OPTEE_MSG_ATTR_TYPE_RMEM_OUTPUT, FZ_COOKIE, 0, 32);
	set_value(2, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT,
		  SDP_VIDEO_PIXFMT_XRGB8888, 4 * 64);
	set_value(3, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, 0, 0);
	invoke(1, SDP_VIDEO_CMD_DIGEST, 4);
}

/* DIGEST on session @s of the frame at secure @pa into the data area. */
static void digest(uint32_t s, uint64_t pa, uint64_t size, uint32_t fmt,
		   uint32_t stride, uint32_t uv_offset)
{
	set_tmem(0, OPTEE_MSG_ATTR_TYPE_TMEM_INPUT, pa, size);
	set_rmem(1, OPTEE_MSG_ATTR_TYPE_RMEM_OUTPUT, FZ_COOKIE, 64, 32);
	set_value(2, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, fmt, stride);
	set_value(3, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, uv_offset, 0);
	invoke(s, SDP_VIDEO_CMD_DIGEST, 4);
}

/* The rmem PTA's SCRUB on session @s. */
static void scrub(uint32_t s, uint64_t pa, uint64_t size)
{
	set_value(0, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, pa >> 32,
		  pa & 0xffffffffu);
	set_value(1, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, size, 0);
	invoke(s, PTA_RMEM_CMD_SCRUB, 2);
}

/*
 * The frame log, after video_round() on session 1: DIGEST from a second
 * session without a stream (the frame, a window into it), the scrub PTA
 * dropping the NV12 frame (so CONVERT_XRGB refuses it), the SDP test TA
 * writing into the XRGB8888 one.
 */
static void video_log_round(void)
{
	const uint64_t nv12 = FZ_SDP_PA, xrgb = FZ_SDP_PA + 0x4000;
	const uint32_t span = 64 * 48 * 3 / 2;

	open_ta(video_uuid, 0);				/* session 2 */
	digest(2, nv12, span, SDP_VIDEO_PIXFMT_NV12, 64, 64 * 48);
	digest(2, nv12 + 64, span - 64, SDP_VIDEO_PIXFMT_NV12, 64, 64 * 48);
	digest(2, xrgb, 4 * 64 * 48, SDP_VIDEO_PIXFMT_XRGB8888, 4 * 64, 0);
	open_ta(rmem_uuid, KERNEL_LOGIN);		/* session 3 */
	scrub(3, nv12, 0x2000);
	digest(2, nv12, span, SDP_VIDEO_PIXFMT_NV12, 64, 64 * 48);
	set_tmem(0, OPTEE_MSG_ATTR_TYPE_TMEM_INPUT, nv12, span);
	set_tmem(1, OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, xrgb, 4 * 64 * 48);
	set_value(2, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, 64, 64 * 48);
	set_value(3, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, 4 * 64, 0);
	invoke(1, SDP_VIDEO_CMD_CONVERT_XRGB, 4);
	open_ta(sdp_uuid, 0);				/* session 4 */
	set_rmem(0, OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, FZ_COOKIE, 0, 16);
	set_tmem(1, OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, xrgb + 100, 16);
	invoke(4, 0, 2);				/* INJECT */
	digest(2, xrgb, 4 * 64 * 48, SDP_VIDEO_PIXFMT_XRGB8888, 4 * 64, 0);
}

/* A JPEG encoded by libjpeg-turbo (4:2:0, quality 50); aborts on failure. */
static uint8_t *encode(int w, int h, size_t *len)
{
	struct enc_params ep = {
		.w = w, .h = h, .quality = 50, .sub = 1, .pat = PAT_SQUARE,
	};
	uint8_t *jpg = ref_encode(&ep, len);

	if (!jpg || *len > 2000)
		abort();
	return jpg;
}

/* The JPEG engine's DECODE on session @s: [0] and [1] set by the caller. */
static void engine_decode(uint32_t s, uint32_t stride, uint32_t uv_offset)
{
	set_value(2, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, stride, uv_offset);
	set_value(3, OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0);
	invoke(s, JPEG_ENGINE_CMD_DECODE, 4);
}

/*
 * The split path. Session 1, the video TA with a stream: DECRYPT_SAMPLE
 * of a 32x24 frame's record (data offset 1024) into the carveout. Session
 * 2, the JPEG engine: PARSE_HEADER and DECODE of that secure bitstream
 * into a secure frame (and refused into normal memory), then of a clear
 * 33x17 JPEG (data offset 4096) into normal and secure memory. Session 1
 * digests both secure frames.
 */
static void split_round(void)
{
	static const uint8_t key[16] = TEST_VIDEO_KEY;
	static const uint8_t iv[16] = { 8, 7, 6, 5, 4, 3, 2, 1 };
	const uint64_t bs = FZ_SDP_PA, frame = FZ_SDP_PA + 0x4000;
	const uint64_t frame2 = FZ_SDP_PA + 0x8000;
	const uint32_t span = 32 * 24 + 32 * 12, span2 = 34 * 17 + 34 * 9;
	uint8_t recbuf[2020];
	struct aes128_key ks;
	size_t len, len2;
	uint8_t *jpg = encode(32, 24, &len), *clear = encode(33, 17, &len2);

	recbuf[0] = (uint8_t)len;
	recbuf[1] = (uint8_t)(len >> 8);
	recbuf[2] = recbuf[3] = 0;
	memcpy(recbuf + 4, iv, 16);
	aes128_set_key(&ks, key);
	aes128_ctr_xcrypt(&ks, iv, 0, jpg, recbuf + 20, len);
	rec(FZ_OP_DATA, 1, recbuf, len + 20);
	rec(FZ_OP_DATA, 4, clear, len2);
	free(jpg);
	free(clear);

	open_ta(video_uuid, 0);				/* session 1 */
	set_value(0, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, SDP_VIDEO_FMT_MJPG,
		  TEST_VIDEO_KEY_ID);
	set_value(1, OPTEE_MSG_ATTR_TYPE_VALUE_INPUT, 64, 48);
	invoke(1, SDP_VIDEO_CMD_OPEN_STREAM, 2);
	set_rmem(0, OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, FZ_COOKIE,
		 1024 - FZ_COOKIE_OFFSET, len + 20);
	set_tmem(1, OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, bs, 4096);
	set_value(3, OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0);
	invoke(1, SDP_VIDEO_CMD_DECRYPT_SAMPLE, 4);

	open_ta(engine_uuid, KERNEL_LOGIN);		/* session 2 */
	set_tmem(0, OPTEE_MSG_ATTR_TYPE_TMEM_INPUT, bs, len);
	set_value(1, OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0);
	set_value(2, OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0);
	invoke(2, JPEG_ENGINE_CMD_PARSE_HEADER, 3);
	set_tmem(0, OPTEE_MSG_ATTR_TYPE_TMEM_INPUT, bs, len);
	set_tmem(1, OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, frame, span);
	engine_decode(2, 32, 32 * 24);
	set_tmem(0, OPTEE_MSG_ATTR_TYPE_TMEM_INPUT, bs, len);
	set_rmem(1, OPTEE_MSG_ATTR_TYPE_RMEM_OUTPUT, FZ_COOKIE, 16384, span);
	engine_decode(2, 32, 32 * 24);

	set_rmem(0, OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, FZ_COOKIE,
		 4096 - FZ_COOKIE_OFFSET, len2);
	set_value(1, OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0);
	set_value(2, OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT, 0, 0);
	invoke(2, JPEG_ENGINE_CMD_PARSE_HEADER, 3);
	set_rmem(0, OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, FZ_COOKIE,
		 4096 - FZ_COOKIE_OFFSET, len2);
	set_rmem(1, OPTEE_MSG_ATTR_TYPE_RMEM_OUTPUT, FZ_COOKIE, 32768, span2);
	engine_decode(2, 34, 34 * 17);
	set_rmem(0, OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, FZ_COOKIE,
		 4096 - FZ_COOKIE_OFFSET, len2);
	set_tmem(1, OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, frame2, span2);
	engine_decode(2, 34, 34 * 17);

	digest(1, frame, span, SDP_VIDEO_PIXFMT_NV12, 32, 32 * 24);
	digest(1, frame2, span2, SDP_VIDEO_PIXFMT_NV12, 34, 34 * 17);
}

/* INJECT, TRANSFORM, DUMP through command family @base on session 1. */
static void sdp_round(uint32_t base, uint64_t len, uint64_t cookie)
{
	uint8_t data[256];
	unsigned int i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 31 + 7);
	rec(FZ_OP_DATA, 0, data, sizeof(data));
	set_rmem(0, OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, cookie, 0, len);
	set_tmem(1, OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, FZ_SDP_PA + 3, len);
	invoke(1, base + 0, 4);
	set_tmem(0, OPTEE_MSG_ATTR_TYPE_TMEM_INOUT, FZ_SDP_PA + 3, len);
	invoke(1, base + 1, 4);
	set_tmem(0, OPTEE_MSG_ATTR_TYPE_TMEM_INPUT, FZ_SDP_PA + 3, len);
	set_rmem(1, OPTEE_MSG_ATTR_TYPE_RMEM_OUTPUT, cookie, 4000, len);
	invoke(1, base + 2, 4);
}

static void register_list(uint64_t cookie, uint32_t npages, uint32_t offset,
			  uint64_t size)
{
	static uint64_t list[4][512];
	uint32_t i;

	memset(list, 0, sizeof(list));
	for (i = 0; i < npages; i++) {
		list[i / 511][i % 511] = FZ_DATA_PA +
					 (i % FZ_DATA_PAGES) * 4096ull;
		if (i % 511 == 510)
			list[i / 511][511] = FZ_LIST_PA + (i / 511 + 1) * 4096;
	}
	for (i = 0; i <= (npages - 1) / 511 && i < 4; i++)
		rec(FZ_OP_LIST, (uint8_t)(i * 64), list[i], 4096);
	m.a.cmd = OPTEE_MSG_CMD_REGISTER_SHM;
	m.a.num_params = 1;
	m.p[0].attr = OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT | OPTEE_MSG_ATTR_NONCONTIG;
	m.p[0].u.tmem.buf_ptr = FZ_LIST_PA | offset;
	m.p[0].u.tmem.size = size;
	m.p[0].u.tmem.shm_ref = cookie;
	msg();
}

static void unregister(uint64_t cookie)
{
	m.a.cmd = OPTEE_MSG_CMD_UNREGISTER_SHM;
	m.a.num_params = 1;
	m.p[0].attr = OPTEE_MSG_ATTR_TYPE_RMEM_INPUT;
	m.p[0].u.rmem.shm_ref = cookie;
	msg();
}

int main(int argc, char **argv)
{
	uint32_t base;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	dir = argv[1];

	/* Linux probe: fast calls, then device enumeration */
	fast(1, 0x01, 0);		/* CALLS_UID */
	fast(0, 0x01, 0);		/* GET_OS_REVISION */
	fast(1, 0x03, 0);		/* CALLS_REVISION */
	fast(0, 0x0f, 0);		/* GET_THREAD_COUNT */
	fast(0, 0x09, 0);		/* EXCHANGE_CAPABILITIES */
	fast(0, 0x09, 3);
	fast(0, 0x0a, 0);		/* DISABLE_SHM_CACHE */
	fast(0, 0x0b, 0);		/* ENABLE_SHM_CACHE */
	fast(0, 0x07, 0);		/* GET_SHM_CONFIG */
	open_ta(dev_uuid, 0);
	set_tmem(0, OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, 0, 0);
	invoke(1, 0, 4);
	set_rmem(0, OPTEE_MSG_ATTR_TYPE_RMEM_OUTPUT, FZ_COOKIE, 0, 32);
	invoke(1, 0, 4);
	set_rmem(0, OPTEE_MSG_ATTR_TYPE_RMEM_OUTPUT, FZ_COOKIE, 0, 31);
	invoke(1, 0, 4);
	set_rmem(0, OPTEE_MSG_ATTR_TYPE_RMEM_OUTPUT, FZ_COOKIE, 0, 64);
	invoke(1, 1, 4);
	close_session(1);
	/* the TEE bus devices it lists: the heap's scrubber, the decoder */
	open_ta(rmem_uuid, KERNEL_LOGIN);
	close_session(2);
	open_ta(engine_uuid, KERNEL_LOGIN);
	close_session(3);
	flush("probe");

	/* sdp-basic phases 1..3 */
	for (base = 0; base <= 6; base += 3) {
		open_ta(sdp_uuid, 0);
		sdp_round(base, 200, FZ_COOKIE);
		close_session(1);
		flush(base == 0 ? "sdp-ta" : base == 3 ? "sdp-ta2ta" :
							  "sdp-pta");
	}

	/* phase 4: the pseudo-TA straight from the normal world */
	open_ta(pta_uuid, 0);
	set_rmem(0, OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, FZ_COOKIE, 0, 100);
	set_tmem(1, OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, FZ_SDP_PA, 100);
	invoke(1, 3, 2);
	set_tmem(0, OPTEE_MSG_ATTR_TYPE_TMEM_INOUT, FZ_SDP_PA, 100);
	invoke(1, 4, 1);
	flush("pta-direct");

	/* phase 5: out-of-bounds memrefs, short buffers, wrong kinds */
	open_ta(sdp_uuid, 0);
	set_rmem(0, OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, FZ_COOKIE,
		 FZ_DATA_SIZE - FZ_COOKIE_OFFSET - 1, 2);
	set_tmem(1, OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, FZ_SDP_PA, 4096);
	invoke(1, 0, 2);
	set_rmem(0, OPTEE_MSG_ATTR_TYPE_RMEM_INPUT, FZ_COOKIE, 0, 300);
	set_tmem(1, OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, FZ_SDP_PA, 299);
	invoke(1, 0, 2);
	set_rmem(0, OPTEE_MSG_ATTR_TYPE_RMEM_INOUT, FZ_COOKIE, 0, 300);
	invoke(1, 1, 1);
	set_tmem(0, OPTEE_MSG_ATTR_TYPE_TMEM_INOUT, 0x74000000, 300);
	invoke(1, 4, 1);
	/* normal RAM as a TMEM: refused at the boundary, as OP-TEE does */
	set_tmem(0, OPTEE_MSG_ATTR_TYPE_TMEM_INOUT, FZ_DATA_PA, 300);
	invoke(1, 1, 1);
	set_tmem(0, OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT, 0, 300);
	invoke(1, 1, 1);
	flush("sdp-refusals");

	/* registrations: chained lists, unregister, reuse */
	register_list(0x77, 600, 0x20, 600 * 4096 - 0x40);
	open_ta(sdp_uuid, 0);
	sdp_round(0, 256, 0x77);
	unregister(0x77);
	unregister(FZ_COOKIE);
	register_list(0x78, 3, 0, 3 * 4096);
	flush("register-chain");

	/* compaction: the later registration slides down, then is used */
	register_list(0x79, 5, 0x100, 4 * 4096);
	unregister(FZ_COOKIE);
	open_ta(sdp_uuid, 0);
	sdp_round(3, 300, 0x79);
	register_list(0x79, 2, 0, 4096);	/* cookie in use */
	register_list(0, 2, 0, 4096);		/* cookie 0 */
	register_list(0x7a, 2, 0, 0);		/* size 0 */
	flush("register-compact");

	/* refused registrations: a bad page, a bad next list page */
	{
		uint64_t bad[] = { 0x74000000, 0x0e400000, 0x48010008,
				   0x80000000 };
		unsigned int i;

		for (i = 0; i < 4; i++) {
			rec(FZ_OP_LIST, 0, &bad[i], 8);
			m.a.cmd = OPTEE_MSG_CMD_REGISTER_SHM;
			m.a.num_params = 1;
			m.p[0].attr = OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT |
				      OPTEE_MSG_ATTR_NONCONTIG;
			m.p[0].u.tmem.buf_ptr = FZ_LIST_PA;
			m.p[0].u.tmem.size = 4096;
			m.p[0].u.tmem.shm_ref = 0x80 + i;
			msg();
		}
		register_list(0x90, 520, 0, 520 * 4096);
		{
			/* entries 504..510 stay, "next" (511) goes bad */
			uint64_t tail[8];
			unsigned int j;

			for (j = 0; j < 7; j++)
				tail[j] = FZ_DATA_PA +
					  ((504 + j) % FZ_DATA_PAGES) * 4096ull;
			tail[7] = bad[1];
			rec(FZ_OP_LIST, 504 * 8 / 64, tail, sizeof(tail));
		}
		m.a.cmd = OPTEE_MSG_CMD_REGISTER_SHM;
		m.a.num_params = 1;
		m.p[0].attr = OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT |
			      OPTEE_MSG_ATTR_NONCONTIG;
		m.p[0].u.tmem.buf_ptr = FZ_LIST_PA;
		m.p[0].u.tmem.size = 520 * 4096;
		m.p[0].u.tmem.shm_ref = 0x91;
		msg();
	}
	flush("register-refused");

	/* the boundary: bad addresses, sizes, commands */
	m.a.cmd = OPTEE_MSG_CMD_CANCEL;
	msg_at(1);
	m.a.cmd = OPTEE_MSG_CMD_CANCEL;
	m.a.num_params = 1;
	msg_at(2);
	m.a.cmd = OPTEE_MSG_CMD_CANCEL;
	m.a.num_params = 1;
	msg_at(3);
	m.a.cmd = OPTEE_MSG_CMD_CANCEL;
	m.a.num_params = 7;
	msg();
	m.a.cmd = 6;
	msg();
	close_session(5);
	m.a.cmd = OPTEE_MSG_CMD_CANCEL;
	msg();
	flush("boundary");

	/* the video decoder TA */
	open_ta(video_uuid, 0);
	video_round();
	close_session(1);
	flush("video");

	/* its frame log */
	open_ta(video_uuid, 0);
	video_round();
	video_log_round();
	flush("video-log");

	/* the split path: DECRYPT_SAMPLE, the JPEG engine */
	split_round();
	flush("split");

	/* the restricted-memory PTA: scrubs, refusals, a user login */
	open_ta(rmem_uuid, KERNEL_LOGIN);
	scrub(1, FZ_SDP_PA, 0x1000);
	scrub(1, (uint64_t)HEX(RESTRICTED_UI_ADDR) + 0x1000, 0x3000);
	scrub(1, FZ_SDP_PA + 0x800, 0x1000);
	scrub(1, (uint64_t)HEX(SDP_ADDR) + HEX(SDP_SIZE) - 0x1000, 0x2000);
	scrub(1, (uint64_t)HEX(FW_RAM_ADDR), 0x1000);
	scrub(1, FZ_DATA_PA, 0x1000);
	scrub(1, FZ_SDP_PA | 1ull << 32, 0x1000);
	close_session(1);
	open_ta(rmem_uuid, 0);
	scrub(2, FZ_SDP_PA, 0x1000);
	flush("rmem");

	/* many sessions and internal sessions */
	for (base = 0; base < 33; base++)
		open_ta(base % 2 ? sdp_uuid : pta_uuid, 0);
	set_tmem(0, OPTEE_MSG_ATTR_TYPE_TMEM_INOUT, FZ_SDP_PA, 16);
	invoke(2, 4, 1);
	flush("sessions");

	return 0;
}

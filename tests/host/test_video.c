// SPDX-License-Identifier: GPL-2.0
/*
 * The secure video decoder TA (firmware/ta/sdp_video_ta.c), end to end
 * through optee_smc_handler() as the normal-world driver would call it.
 *
 * Test frames are encoded with libjpeg-turbo at test time and encrypted
 * with the firmware's AES-128-CTR under the host build's test key
 * (test_keys.h). References come from libjpeg-turbo (tests/host-jpeg's
 * refjpeg.c): its raw-data decode (JDCT_ISLOW) for NV12, its JCS_EXT_BGRX
 * decode without fancy upsampling for XRGB8888, both with its SIMD code
 * off. Secure buffers are in the SDP
 * carveout and surrounded by a canary pattern, so every byte the TA writes
 * outside the visible pixels shows.
 *
 * DIGEST and CONVERT_XRGB answer only for frames in the TA's frame log
 * (whole frames the firmware wrote, dropped when the secure world writes
 * into them): the tests decode before they ask, and check that windows,
 * other layouts, bytes the SDP test TA wrote and scrubbed or overwritten
 * frames are not on record.
 */
#include <stdlib.h>
#include <string.h>

#include "nsworld.h"
#include "test_harness.h"
#include "test_keys.h"
#include "video_ref.h"
#include "../../firmware/lib/crypto/aes.h"
#include "../../firmware/lib/crypto/sha256.h"
#include "../../firmware/lib/jpeg/jpeg.h"
#include "../../firmware/ta/frame_log.h"
#include "../../firmware/ta/pta_rmem.h"
#include "../../firmware/ta/sdp_ta.h"
#include "../../firmware/ta/sdp_video_keys.h"
#include "../../firmware/ta/sdp_video_ta.h"
#include "../../firmware/ta/ta.h"

#define V_IN	OPTEE_MSG_ATTR_TYPE_VALUE_INPUT
#define V_OUT	OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT
#define R_IN	OPTEE_MSG_ATTR_TYPE_RMEM_INPUT
#define R_OUT	OPTEE_MSG_ATTR_TYPE_RMEM_OUTPUT
#define T_IN	OPTEE_MSG_ATTR_TYPE_TMEM_INPUT
#define T_OUT	OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT

#define MJPG	SDP_VIDEO_FMT_MJPG
#define NV12	SDP_VIDEO_PIXFMT_NV12
#define XRGB	SDP_VIDEO_PIXFMT_XRGB8888

/* Secure buffers: NV12 frames and XRGB8888 frames, in the carveout. */
#define SEC_NV12	(SDP_BASE + 0x100000)
#define SEC_XRGB	(SDP_BASE + 0x200000)
#define CANARY		0xa5
#define NS_CANARY	0x5c
#define GUARD		4096	/* canary bytes checked past buffers */

static const TEE_UUID video_uuid = TA_SDP_VIDEO_UUID;
static const TEE_UUID sdp_uuid = TA_SDP_BASIC_UUID;
static const TEE_UUID rmem_uuid = PTA_RMEM_UUID;
static const uint8_t test_key[16] = TEST_VIDEO_KEY;
static const uint8_t iv0[16] = {
	0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe, 0, 0, 0, 0, 0, 0, 0, 0
};

extern const struct ta_desc sdp_video_ta;

/* ---- frame records and buffers ------------------------------------------- */

/* The frame's record in fresh normal-world memory; its size in *size. */
static uint64_t ns_record(const struct ref_frame *f, uint64_t *size)
{
	uint64_t pa = ns_alloc(SDP_VIDEO_RECORD_HDR_SIZE + f->len);

	*size = make_record(pa_ptr(pa), test_key, iv0, f->jpg, f->len);
	return pa;
}

/* NV12 layout of a w x h frame. */
struct layout {
	uint32_t stride;
	uint32_t uv_offset;
	uint64_t span;
};

static struct layout nv12_layout(int w, int h, uint32_t stride,
				 uint32_t gap)
{
	struct layout l = { .stride = stride };

	l.uv_offset = stride * (uint32_t)h + gap;
	l.span = l.uv_offset + (uint64_t)stride * (uint32_t)(h / 2);
	return l;
}

/*
 * The NV12 frame at @buf equals the reference, and every other byte of
 * [buf, buf + span + GUARD) is still the canary.
 */
static bool nv12_matches(const uint8_t *buf, const struct ref_frame *f,
			 const struct layout *l)
{
	const uint8_t *ref_uv = f->nv12 + (size_t)f->w * f->h;
	uint64_t i, row, col;
	bool ok = true;

	for (i = 0; i < l->span + GUARD; i++) {
		int want = CANARY;

		if (i < (uint64_t)l->stride * f->h) {
			row = i / l->stride;
			col = i % l->stride;
			if (col < (uint64_t)f->w)
				want = f->nv12[row * f->w + col];
		} else if (i >= l->uv_offset && i < l->span) {
			row = (i - l->uv_offset) / l->stride;
			col = (i - l->uv_offset) % l->stride;
			if (col < (uint64_t)f->w)
				want = ref_uv[row * f->w + col];
		}
		if (buf[i] != want) {
			if (ok)
				printf("#   NV12 byte %llu is %#x, want %#x\n",
				       (unsigned long long)i, buf[i], want);
			ok = false;
		}
	}
	return ok;
}

static bool xrgb_matches(const uint8_t *buf, const struct ref_frame *f,
			 uint32_t stride)
{
	uint64_t i, end = (uint64_t)stride * f->h + GUARD;
	bool ok = true;

	for (i = 0; i < end; i++) {
		uint64_t row = i / stride, col = i % stride;
		int want = CANARY;

		if (row < (uint64_t)f->h && col < 4 * (uint64_t)f->w)
			want = f->bgrx[row * 4 * f->w + col];
		if (buf[i] != want) {
			if (ok)
				printf("#   XRGB byte %llu is %#x, want %#x\n",
				       (unsigned long long)i, buf[i], want);
			ok = false;
		}
	}
	return ok;
}

/* ---- calls --------------------------------------------------------------- */

static struct optee_msg_param vp[4];
static uint32_t vorigin;

static uint32_t v_open(void)
{
	uint32_t s = 0, o = 0;

	CHECK_EQ(ns_open(&video_uuid, TEE_LOGIN_PUBLIC, NULL, 0, &s, &o),
		 TEE_SUCCESS);
	CHECK(s != 0);
	return s;
}

static uint32_t v_invoke(uint32_t s, uint32_t cmd, struct optee_msg_param a,
			 struct optee_msg_param b, struct optee_msg_param c,
			 struct optee_msg_param d)
{
	vp[0] = a;
	vp[1] = b;
	vp[2] = c;
	vp[3] = d;
	vorigin = 0;
	return ns_invoke(s, cmd, vp, 4, &vorigin);
}

static uint32_t v_stream(uint32_t s, uint32_t fmt, uint32_t key_id, int w,
			 int h)
{
	return v_invoke(s, SDP_VIDEO_CMD_OPEN_STREAM,
			p_value(V_IN, fmt, key_id, 0),
			p_value(V_IN, (uint32_t)w, (uint32_t)h, 0),
			p_none(), p_none());
}

/* A session with an open stream of the frame's size, test key. */
static uint32_t v_session(const struct ref_frame *f)
{
	uint32_t s = v_open();

	CHECK_EQ(v_stream(s, MJPG, TEST_VIDEO_KEY_ID, f->w, f->h),
		 TEE_SUCCESS);
	return s;
}

static uint32_t v_decode(uint32_t s, struct optee_msg_param src,
			 struct optee_msg_param dst, uint32_t stride,
			 uint32_t uv_offset)
{
	return v_invoke(s, SDP_VIDEO_CMD_DECODE_FRAME, src, dst,
			p_value(V_IN, stride, uv_offset, 0),
			p_value(V_OUT, 0, 0, 0));
}

/* DIGEST of a secure frame into a fresh normal-world page. */
static uint32_t v_digest(uint32_t s, uint64_t pa, uint64_t size,
			 uint32_t fmt, uint32_t stride, uint32_t uv_offset,
			 uint8_t out[SDP_VIDEO_DIGEST_SIZE])
{
	uint64_t o = ns_alloc(4096);
	uint32_t ret;

	ret = v_invoke(s, SDP_VIDEO_CMD_DIGEST, p_mem(T_IN, pa, size),
		       p_mem(T_OUT, o, 64), p_value(V_IN, fmt, stride, 0),
		       p_value(V_IN, uv_offset, 0, 0));
	memcpy(out, pa_ptr(o), SDP_VIDEO_DIGEST_SIZE);
	if (ret != TEE_SUCCESS)	/* a refusal writes no digest bytes */
		CHECK(all_bytes(out, SDP_VIDEO_DIGEST_SIZE, 0));
	return ret;
}

static void check_nv12_digest(uint32_t s, const struct ref_frame *f,
			      const struct layout *l)
{
	uint8_t got[32], want[32];

	sha256(f->nv12, f->nv12_len, want);
	CHECK_EQ(v_digest(s, SEC_NV12, l->span, NV12, l->stride,
			  l->uv_offset, got), TEE_SUCCESS);
	CHECK_EQ(vp[1].u.tmem.size, SDP_VIDEO_DIGEST_SIZE);
	CHECK(!memcmp(got, want, 32));
}

/* Decode @f at layout @l into SEC_NV12 (canary around it) and check it. */
static void decode_and_check(uint32_t s, const struct ref_frame *f,
			     const struct layout *l, uint64_t dst_size)
{
	uint64_t rec, rec_size;

	memset(pa_ptr(SEC_NV12), CANARY, dst_size + GUARD);
	rec = ns_record(f, &rec_size);
	CHECK_EQ(v_decode(s, p_mem(T_IN, rec, rec_size),
			  p_mem(T_OUT, SEC_NV12, dst_size),
			  l->stride, l->uv_offset), TEE_SUCCESS);
	CHECK_EQ(vp[3].u.value.a, l->span);
	CHECK_EQ(vp[3].u.value.b, 0);
	CHECK_EQ(vp[1].u.tmem.size, dst_size);
	CHECK(nv12_matches(pa_ptr(SEC_NV12), f, l));
	CHECK_EQ(sdp_video_ta_bounce_residue(), 0);
	check_nv12_digest(s, f, l);
}

/* Decode @f (a fresh record) at secure @pa, layout @l, in session @s. */
static uint32_t decode_at(uint32_t s, const struct ref_frame *f, uint64_t pa,
			  const struct layout *l)
{
	uint64_t rec, size;

	rec = ns_record(f, &size);
	return v_decode(s, p_mem(T_IN, rec, size),
			p_mem(T_OUT, pa, l->span), l->stride, l->uv_offset);
}

/* DIGEST's answer for an NV12 frame at @pa with layout @l. */
static uint32_t nv12_lookup(uint32_t s, uint64_t pa, const struct layout *l)
{
	uint8_t d[SDP_VIDEO_DIGEST_SIZE];

	return v_digest(s, pa, l->span, NV12, l->stride, l->uv_offset, d);
}

/* The NV12 frame at @pa (layout @l) is on record, with @f's digest. */
static bool nv12_on_record(uint32_t s, uint64_t pa, const struct layout *l,
			   const struct ref_frame *f)
{
	uint8_t got[32], want[32];
	uint32_t ret;

	sha256(f->nv12, f->nv12_len, want);
	ret = v_digest(s, pa, l->span, NV12, l->stride, l->uv_offset, got);
	if (ret != TEE_SUCCESS)
		printf("#   DIGEST at %#llx: %#x\n", (unsigned long long)pa,
		       ret);
	return ret == TEE_SUCCESS && !memcmp(got, want, 32);
}

/*
 * The SDP test TA writes @len bytes of value @v at secure @pa: @cmd is
 * INJECT (its own copy), PTA_INJECT (through the invoke-tests PTA) or
 * INVOKE_INJECT (through another instance of itself).
 */
static uint32_t sdp_inject(uint32_t cmd, uint64_t pa, uint64_t len,
			   uint8_t v)
{
	struct optee_msg_param p[2];
	uint64_t src = ns_alloc(len);

	memset(pa_ptr(src), v, len);
	p[0] = p_mem(T_IN, src, len);
	p[1] = p_mem(T_OUT, pa, len);
	return ns_call_once(&sdp_uuid, TEE_LOGIN_PUBLIC, cmd, p, 2, NULL);
}

/* The SDP test TA's @cmd (TRANSFORM, PTA_TRANSFORM) on secure @pa. */
static uint32_t sdp_transform(uint32_t cmd, uint64_t pa, uint64_t len)
{
	struct optee_msg_param p[1];

	p[0] = p_mem(OPTEE_MSG_ATTR_TYPE_TMEM_INOUT, pa, len);
	return ns_call_once(&sdp_uuid, TEE_LOGIN_PUBLIC, cmd, p, 1, NULL);
}

/* The SDP test TA's DUMP of secure @pa into normal memory (a read). */
static uint32_t sdp_dump(uint64_t pa, uint64_t len)
{
	struct optee_msg_param p[2];

	p[0] = p_mem(T_IN, pa, len);
	p[1] = p_mem(T_OUT, ns_alloc(len), len);
	return ns_call_once(&sdp_uuid, TEE_LOGIN_PUBLIC,
			    TA_SDP_BASIC_CMD_DUMP, p, 2, NULL);
}

/* The restricted-memory PTA scrubs [pa, pa + size), as the kernel asks. */
static uint32_t rmem_scrub(uint64_t pa, uint64_t size)
{
	struct optee_msg_param p[2];

	p[0] = p_value(V_IN, pa >> 32, pa & 0xffffffffu, 0);
	p[1] = p_value(V_IN, size, 0, 0);
	return ns_call_once(&rmem_uuid, TEE_LOGIN_REE_KERNEL_MIN,
		       PTA_RMEM_CMD_SCRUB, p, 2, NULL);
}

/* ---- decoding ------------------------------------------------------------ */

static void test_video_decode_nv12_tight(void)
{
	struct ref_frame f;
	struct layout l;
	uint32_t s;

	ref_make(&f, 64, 48, JPEG_SUB_420, PAT_GRADIENT);
	l = nv12_layout(64, 48, 64, 0);
	s = v_session(&f);
	decode_and_check(s, &f, &l, l.span);
	CHECK_EQ(ns_close(s), TEE_SUCCESS);
	ref_free(&f);
}

static void test_video_decode_nv12_padded_layout(void)
{
	struct ref_frame f;
	struct layout l;
	uint32_t s;

	ref_make(&f, 96, 64, JPEG_SUB_420, PAT_SQUARE);
	/* stride > width, a gap between the planes, a larger buffer */
	l = nv12_layout(96, 64, 128, 1000);
	s = v_session(&f);
	decode_and_check(s, &f, &l, l.span + 300);
	CHECK_EQ(ns_close(s), TEE_SUCCESS);
	ref_free(&f);
}

static void test_video_decode_grayscale(void)
{
	struct ref_frame f;
	struct layout l;
	uint32_t s;

	ref_make(&f, 64, 48, JPEG_SUB_GRAY, PAT_GRADIENT);
	l = nv12_layout(64, 48, 80, 16);
	s = v_session(&f);
	decode_and_check(s, &f, &l, l.span);
	CHECK_EQ(ns_close(s), TEE_SUCCESS);
	ref_free(&f);
}

static void test_video_decode_frames_in_sequence(void)
{
	struct ref_frame f[3];
	struct layout l = nv12_layout(96, 64, 96, 0);
	uint32_t s = v_open();
	int i;

	CHECK_EQ(v_stream(s, MJPG, TEST_VIDEO_KEY_ID, 96, 64), TEE_SUCCESS);
	for (i = 0; i < 3; i++) {
		ref_make(&f[i], 96, 64, i == 1 ? JPEG_SUB_GRAY : JPEG_SUB_420,
			 i == 2 ? PAT_NOISE : PAT_SQUARE);
		decode_and_check(s, &f[i], &l, l.span);
		ref_free(&f[i]);
	}
	CHECK_EQ(ns_close(s), TEE_SUCCESS);
}

/* The record in registered shared memory: scattered pages, as a client's. */
static void test_video_decode_from_registered_shm(void)
{
	static struct ns_shm shm;
	struct ref_frame f;
	struct layout l;
	uint8_t *rec;
	size_t n;
	uint32_t s;

	ref_make(&f, 160, 96, JPEG_SUB_420, PAT_NOISE);
	l = nv12_layout(160, 96, 160, 0);
	rec = malloc(SDP_VIDEO_RECORD_HDR_SIZE + f.len);
	n = make_record(rec, test_key, iv0, f.jpg, f.len);
	CHECK(n > 2 * 4096);	/* three pages, from offset 150 */
	CHECK_EQ(ns_shm_register(&shm, 0x5100, n + 200, 100, true), 0);
	ns_shm_write(&shm, 50, rec, n);
	s = v_session(&f);
	memset(pa_ptr(SEC_NV12), CANARY, l.span + GUARD);
	CHECK_EQ(v_decode(s, p_rmem(R_IN, 0x5100, 50, n),
			  p_mem(T_OUT, SEC_NV12, l.span), l.stride,
			  l.uv_offset), TEE_SUCCESS);
	CHECK(nv12_matches(pa_ptr(SEC_NV12), &f, &l));
	check_nv12_digest(s, &f, &l);
	CHECK_EQ(ns_close(s), TEE_SUCCESS);
	CHECK_EQ(ns_shm_unregister(0x5100), 0);
	free(rec);
	ref_free(&f);
}

/* ---- XRGB8888 ------------------------------------------------------------ */

static void convert_and_check(const struct ref_frame *f, uint32_t xstride)
{
	struct layout l = nv12_layout(f->w, f->h, f->w + 32, 64);
	uint64_t xspan = (uint64_t)xstride * f->h;
	uint8_t got[32], want[32];
	uint32_t s = v_session(f);

	decode_and_check(s, f, &l, l.span);
	memset(pa_ptr(SEC_XRGB), CANARY, xspan + GUARD);
	CHECK_EQ(v_invoke(s, SDP_VIDEO_CMD_CONVERT_XRGB,
			  p_mem(T_IN, SEC_NV12, l.span),
			  p_mem(T_OUT, SEC_XRGB, xspan),
			  p_value(V_IN, l.stride, l.uv_offset, 0),
			  p_value(V_IN, xstride, 0, 0)), TEE_SUCCESS);
	CHECK(xrgb_matches(pa_ptr(SEC_XRGB), f, xstride));
	sha256(f->bgrx, (size_t)f->w * f->h * 4, want);
	CHECK_EQ(v_digest(s, SEC_XRGB, xspan, XRGB, xstride, 0, got),
		 TEE_SUCCESS);
	CHECK(!memcmp(got, want, 32));
	CHECK_EQ(ns_close(s), TEE_SUCCESS);
}

static void test_video_convert_xrgb_matches_libjpeg(void)
{
	struct ref_frame f;

	ref_make(&f, 96, 64, JPEG_SUB_420, PAT_NOISE);
	convert_and_check(&f, 4 * 96);
	convert_and_check(&f, 4 * 96 + 36);
	ref_free(&f);
	ref_make(&f, 64, 48, JPEG_SUB_420, PAT_GRADIENT);
	convert_and_check(&f, 4 * 64 + 4);
	ref_free(&f);
}

static void test_video_convert_xrgb_grayscale(void)
{
	struct ref_frame f;

	ref_make(&f, 64, 48, JPEG_SUB_GRAY, PAT_SQUARE);
	convert_and_check(&f, 4 * 64);
	ref_free(&f);
}

static void test_video_convert_refusals(void)
{
	struct ref_frame f;
	struct layout l;
	uint64_t ns = ns_alloc(64 * 1024), xspan = 4 * 64 * 48;
	uint32_t s;

	ref_make(&f, 64, 48, JPEG_SUB_420, PAT_GRADIENT);
	l = nv12_layout(64, 48, 64, 0);
	s = v_session(&f);
	decode_and_check(s, &f, &l, l.span);
	memset(pa_ptr(ns), NS_CANARY, 64 * 1024);
	memset(pa_ptr(SEC_XRGB), CANARY, xspan + GUARD);

	/* pixels never go to the normal world */
	CHECK_EQ(v_invoke(s, SDP_VIDEO_CMD_CONVERT_XRGB,
			  p_mem(T_IN, SEC_NV12, l.span),
			  p_mem(T_OUT, ns, xspan),
			  p_value(V_IN, 64, l.uv_offset, 0),
			  p_value(V_IN, 256, 0, 0)), TEE_ERROR_ACCESS_DENIED);
	CHECK_EQ(vorigin, TEE_ORIGIN_TRUSTED_APP);
	CHECK(all_bytes(pa_ptr(ns), 64 * 1024, NS_CANARY));
	/* nor come from it */
	CHECK_EQ(v_invoke(s, SDP_VIDEO_CMD_CONVERT_XRGB,
			  p_mem(T_IN, ns, l.span),
			  p_mem(T_OUT, SEC_XRGB, xspan),
			  p_value(V_IN, 64, l.uv_offset, 0),
			  p_value(V_IN, 256, 0, 0)), TEE_ERROR_ACCESS_DENIED);
	/* destination one byte short: its size is set */
	CHECK_EQ(v_invoke(s, SDP_VIDEO_CMD_CONVERT_XRGB,
			  p_mem(T_IN, SEC_NV12, l.span),
			  p_mem(T_OUT, SEC_XRGB, xspan - 1),
			  p_value(V_IN, 64, l.uv_offset, 0),
			  p_value(V_IN, 256, 0, 0)), TEE_ERROR_SHORT_BUFFER);
	CHECK_EQ(vp[1].u.tmem.size, xspan);
	/* source one byte short */
	CHECK_EQ(v_invoke(s, SDP_VIDEO_CMD_CONVERT_XRGB,
			  p_mem(T_IN, SEC_NV12, l.span - 1),
			  p_mem(T_OUT, SEC_XRGB, xspan),
			  p_value(V_IN, 64, l.uv_offset, 0),
			  p_value(V_IN, 256, 0, 0)), TEE_ERROR_SHORT_BUFFER);
	CHECK_EQ(vp[1].u.tmem.size, xspan);
	/* pitch below 4 * width */
	CHECK_EQ(v_invoke(s, SDP_VIDEO_CMD_CONVERT_XRGB,
			  p_mem(T_IN, SEC_NV12, l.span),
			  p_mem(T_OUT, SEC_XRGB, xspan),
			  p_value(V_IN, 64, l.uv_offset, 0),
			  p_value(V_IN, 255, 0, 0)), TEE_ERROR_BAD_PARAMETERS);
	/* bad NV12 layout */
	CHECK_EQ(v_invoke(s, SDP_VIDEO_CMD_CONVERT_XRGB,
			  p_mem(T_IN, SEC_NV12, l.span),
			  p_mem(T_OUT, SEC_XRGB, xspan),
			  p_value(V_IN, 63, l.uv_offset, 0),
			  p_value(V_IN, 256, 0, 0)), TEE_ERROR_BAD_PARAMETERS);
	CHECK(all_bytes(pa_ptr(SEC_XRGB), xspan + GUARD, CANARY));
	/* onto itself (overlapping ranges) */
	CHECK_EQ(v_invoke(s, SDP_VIDEO_CMD_CONVERT_XRGB,
			  p_mem(T_IN, SEC_NV12, l.span),
			  p_mem(T_OUT, SEC_NV12 + 4096, xspan),
			  p_value(V_IN, 64, l.uv_offset, 0),
			  p_value(V_IN, 256, 0, 0)), TEE_ERROR_BAD_PARAMETERS);
	CHECK(nv12_matches(pa_ptr(SEC_NV12), &f, &l));
	/* refusals write nothing: the source is still on record */
	check_nv12_digest(s, &f, &l);
	CHECK_EQ(ns_close(s), TEE_SUCCESS);
	ref_free(&f);
}

/* ---- DECODE_FRAME refusals ----------------------------------------------- */

/* A 64x48 session, its record in normal memory, canary in SEC_NV12. */
struct fixture {
	struct ref_frame f;
	struct layout l;
	uint32_t s;
	uint64_t rec, rec_size;
};

static void fixture_init(struct fixture *x)
{
	ref_make(&x->f, 64, 48, JPEG_SUB_420, PAT_SQUARE);
	x->l = nv12_layout(64, 48, 96, 32);
	x->s = v_session(&x->f);
	x->rec = ns_record(&x->f, &x->rec_size);
	memset(pa_ptr(SEC_NV12), CANARY, x->l.span + GUARD);
}

static void fixture_done(struct fixture *x)
{
	CHECK_EQ(ns_close(x->s), TEE_SUCCESS);
	ref_free(&x->f);
}

static bool sec_untouched(const struct fixture *x)
{
	return all_bytes(pa_ptr(SEC_NV12), x->l.span + GUARD, CANARY);
}

static uint32_t fx_decode(struct fixture *x, uint64_t rec_size)
{
	return v_decode(x->s, p_mem(T_IN, x->rec, rec_size),
			p_mem(T_OUT, SEC_NV12, x->l.span), x->l.stride,
			x->l.uv_offset);
}

static void test_video_decoder_refuses_nonsecure_destination(void)
{
	static struct ns_shm shm;
	struct fixture x;
	uint64_t ns = ns_alloc(64 * 1024);
	uint8_t *b;

	fixture_init(&x);
	memset(pa_ptr(ns), NS_CANARY, 64 * 1024);
	CHECK_EQ(v_decode(x.s, p_mem(T_IN, x.rec, x.rec_size),
			  p_mem(T_OUT, ns, x.l.span), x.l.stride,
			  x.l.uv_offset), TEE_ERROR_ACCESS_DENIED);
	CHECK_EQ(vorigin, TEE_ORIGIN_TRUSTED_APP);
	CHECK(all_bytes(pa_ptr(ns), 64 * 1024, NS_CANARY));
	/*
	 * The same bytes as a TMEM (a hostile kernel; Linux registers normal
	 * memory): the TEE refuses them before the TA, as OP-TEE does
	 */
	CHECK_EQ(v_decode(x.s, p_mem(T_IN, x.rec, x.rec_size),
			  p_tmem(T_OUT, ns, x.l.span), x.l.stride,
			  x.l.uv_offset), TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(vorigin, TEE_ORIGIN_TEE);
	CHECK(all_bytes(pa_ptr(ns), 64 * 1024, NS_CANARY));
	/* scattered registered pages are no better */
	CHECK_EQ(ns_shm_register(&shm, 0x5200, 3 * 4096, 0, true), 0);
	b = malloc(3 * 4096);
	memset(b, NS_CANARY, 3 * 4096);
	ns_shm_write(&shm, 0, b, 3 * 4096);
	CHECK_EQ(v_decode(x.s, p_mem(T_IN, x.rec, x.rec_size),
			  p_rmem(R_OUT, 0x5200, 0, x.l.span), x.l.stride,
			  x.l.uv_offset), TEE_ERROR_ACCESS_DENIED);
	ns_shm_read(&shm, 0, b, 3 * 4096);
	CHECK(all_bytes(b, 3 * 4096, NS_CANARY));
	free(b);
	/* even when the layout or the record is also wrong */
	CHECK_EQ(v_decode(x.s, p_mem(T_IN, x.rec, 5),
			  p_mem(T_OUT, ns, 8), 1, 0),
		 TEE_ERROR_ACCESS_DENIED);
	CHECK(all_bytes(pa_ptr(ns), 64 * 1024, NS_CANARY));
	/* and the same session still decodes to secure memory */
	CHECK_EQ(fx_decode(&x, x.rec_size), TEE_SUCCESS);
	CHECK(nv12_matches(pa_ptr(SEC_NV12), &x.f, &x.l));
	fixture_done(&x);
}

static void test_video_decode_refuses_secure_source(void)
{
	struct fixture x;
	uint64_t sec_rec = SDP_BASE + 0x300000;

	fixture_init(&x);
	memcpy(pa_ptr(sec_rec), pa_ptr(x.rec), x.rec_size);
	CHECK_EQ(v_decode(x.s, p_mem(T_IN, sec_rec, x.rec_size),
			  p_mem(T_OUT, SEC_NV12, x.l.span), x.l.stride,
			  x.l.uv_offset), TEE_ERROR_ACCESS_DENIED);
	CHECK(sec_untouched(&x));
	/* no source at all */
	CHECK_EQ(v_decode(x.s, p_mem(T_IN, 0, 0),
			  p_mem(T_OUT, SEC_NV12, x.l.span), x.l.stride,
			  x.l.uv_offset), TEE_ERROR_ACCESS_DENIED);
	CHECK(sec_untouched(&x));
	fixture_done(&x);
}

static void test_video_decode_short_destination(void)
{
	struct fixture x;

	fixture_init(&x);
	CHECK_EQ(v_decode(x.s, p_mem(T_IN, x.rec, x.rec_size),
			  p_mem(T_OUT, SEC_NV12, x.l.span - 1), x.l.stride,
			  x.l.uv_offset), TEE_ERROR_SHORT_BUFFER);
	CHECK_EQ(vorigin, TEE_ORIGIN_TRUSTED_APP);
	CHECK_EQ(vp[1].u.tmem.size, x.l.span);
	CHECK_EQ(vp[3].u.value.a, x.l.span);
	CHECK(sec_untouched(&x));
	fixture_done(&x);
}

static void test_video_decode_bad_layouts(void)
{
	struct fixture x;
	unsigned int i;

	fixture_init(&x);
	for (i = 0; i < bad_layout_count_64x48; i++) {
		const struct bad_layout *b = &bad_layouts_64x48[i];

		CHECK_EQ(v_decode(x.s, p_mem(T_IN, x.rec, x.rec_size),
				  p_mem(T_OUT, SEC_NV12, x.l.span),
				  b->stride, b->uv_offset),
			 TEE_ERROR_BAD_PARAMETERS);
		CHECK_EQ(vp[3].u.value.a, 0);
	}
	CHECK(sec_untouched(&x));
	fixture_done(&x);
}

static void test_video_decode_record_length_mismatch(void)
{
	struct fixture x;
	uint8_t *rec;

	fixture_init(&x);
	CHECK_EQ(fx_decode(&x, x.rec_size - 1), TEE_ERROR_BAD_FORMAT);
	CHECK_EQ(fx_decode(&x, x.rec_size + 1), TEE_ERROR_BAD_FORMAT);
	CHECK_EQ(fx_decode(&x, SDP_VIDEO_RECORD_HDR_SIZE - 1),
		 TEE_ERROR_BAD_FORMAT);
	CHECK_EQ(fx_decode(&x, 0), TEE_ERROR_BAD_FORMAT);
	CHECK_EQ(vp[3].u.value.b, 0);
	/* a record of length 0 */
	rec = pa_ptr(x.rec);
	memset(rec, 0, 4);
	CHECK_EQ(fx_decode(&x, SDP_VIDEO_RECORD_HDR_SIZE),
		 TEE_ERROR_BAD_FORMAT);
	CHECK(sec_untouched(&x));
	fixture_done(&x);
}

/*
 * What the firmware's decoder says of @plain as the TA would run it:
 * header, then size, then the decode (into a scratch frame); 0 if it
 * decodes. The TA answers BAD_FORMAT to all of these alike.
 */
static int expected_jpeg_err(const uint8_t *plain, size_t len, int w, int h)
{
	struct jpeg_info info;
	struct jpeg_out o;
	uint8_t *buf = malloc((size_t)w * h * 2);
	int err;

	err = jpeg_parse_header(plain, len, &info);
	if (!err && (info.width != (uint32_t)w || info.height != (uint32_t)h))
		err = 1;	/* a valid JPEG of another size */
	if (!err) {
		o.y.ptr = buf;
		o.y.size = (size_t)w * h;
		o.y.stride = (size_t)w;
		o.uv.ptr = buf + (size_t)w * h;
		o.uv.size = (size_t)w * h / 2;
		o.uv.stride = (size_t)w;
		err = jpeg_decode_nv12(plain, len, &o, NULL);
	}
	free(buf);
	return err;
}

/* Decode a record built from @plain (under @key); expect BAD_FORMAT. */
static void corrupt_case(struct fixture *x, const char *what,
			 const uint8_t key[16], const uint8_t *plain,
			 size_t len, const uint8_t *dec_key)
{
	uint8_t *mine = malloc(len);
	struct aes128_key ks;
	uint64_t size;
	int err;

	/* what the TA will see after decrypting with the stream's key */
	size = make_record(pa_ptr(x->rec), key, iv0, plain, len);
	aes128_set_key(&ks, dec_key);
	aes128_ctr_xcrypt(&ks, iv0, 0, pa_ptr(x->rec + 20), mine, len);
	err = expected_jpeg_err(mine, len, x->f.w, x->f.h);
	free(mine);
	if (err >= 0 && err != 1)
		printf("#   %s: corruption is not an error (%d)\n", what, err);
	CHECK(err < 0 || err == 1);

	memset(pa_ptr(SEC_NV12), CANARY, x->l.span + GUARD);
	CHECK_EQ(fx_decode(x, size), TEE_ERROR_BAD_FORMAT);
	CHECK_EQ(sdp_video_ta_bounce_residue(), 0);
	CHECK_EQ(vp[3].u.value.a, x->l.span);
	CHECK_EQ(vp[3].u.value.b, 0);	/* no detail about the plaintext */
	/* the planes may hold garbage; nothing around them may change */
	{
		const uint8_t *b = pa_ptr(SEC_NV12);
		uint64_t i;
		bool ok = true;

		for (i = 0; i < x->l.span + GUARD; i++) {
			bool in_y = i < (uint64_t)x->l.stride * x->f.h &&
				    i % x->l.stride < (uint64_t)x->f.w;
			bool in_uv = i >= x->l.uv_offset && i < x->l.span &&
				     (i - x->l.uv_offset) % x->l.stride <
				     (uint64_t)x->f.w;

			if (!in_y && !in_uv && b[i] != CANARY)
				ok = false;
		}
		if (!ok)
			printf("#   %s: bytes outside the planes changed\n",
			       what);
		CHECK(ok);
	}
}

static void test_video_decode_corrupt_ciphertext(void)
{
	static const uint8_t key2[16] = TEST_VIDEO_KEY2;
	struct fixture x;
	uint8_t *p;
	size_t n;

	fixture_init(&x);
	n = x.f.len;
	p = malloc(n);

	/* truncated: the scan ends halfway, no EOI */
	corrupt_case(&x, "truncated", test_key, x.f.jpg, n / 2, test_key);
	/* one ciphertext bit flipped in SOI: no SOI marker */
	memcpy(p, x.f.jpg, n);
	p[0] ^= 0x01;
	corrupt_case(&x, "flipped SOI", test_key, p, n, test_key);
	/* the last byte (EOI's 0xd9) flipped */
	memcpy(p, x.f.jpg, n);
	p[n - 1] ^= 0x40;
	corrupt_case(&x, "flipped EOI", test_key, p, n, test_key);
	/* the frame's width (SOF) changed: a valid JPEG of the wrong size */
	memcpy(p, x.f.jpg, n);
	for (size_t i = 0; i + 8 < n; i++) {
		if (p[i] == 0xff && p[i + 1] == 0xc0) {
			p[i + 8] ^= 0x10;	/* width low byte: 64 -> 80 */
			break;
		}
	}
	corrupt_case(&x, "wrong size", test_key, p, n, test_key);
	/* encrypted under another key than the stream's */
	corrupt_case(&x, "wrong key", key2, x.f.jpg, n, test_key);
	free(p);
	fixture_done(&x);
}

/* Valid JPEGs this decoder does not take: BAD_FORMAT, as corrupt ones. */
static void test_video_decode_unsupported_sampling_is_bad_format(void)
{
	static const int subs[] = { JPEG_SUB_422, JPEG_SUB_444 };
	struct fixture x;
	unsigned int i;

	fixture_init(&x);
	for (i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		struct enc_params ep = {
			.w = 64, .h = 48, .quality = 80, .sub = subs[i],
			.pat = PAT_SQUARE,
		};
		size_t len;
		uint8_t *jpg = ref_encode(&ep, &len);

		CHECK(jpg != NULL);
		if (!jpg)
			break;
		corrupt_case(&x, subs[i] == JPEG_SUB_422 ? "4:2:2" : "4:4:4",
			     test_key, jpg, len, test_key);
		free(jpg);
	}
	CHECK_EQ(frame_log_count(), 0);
	fixture_done(&x);
}

static void test_video_decode_excess_data(void)
{
	struct fixture x;
	uint64_t big = SDP_VIDEO_MAX_FRAME_BYTES + 1, rec;
	uint8_t *r;

	fixture_init(&x);
	rec = ns_alloc(SDP_VIDEO_RECORD_HDR_SIZE + big);
	r = pa_ptr(rec);
	r[0] = (uint8_t)big;
	r[1] = (uint8_t)(big >> 8);
	r[2] = (uint8_t)(big >> 16);
	r[3] = (uint8_t)(big >> 24);
	CHECK_EQ(v_decode(x.s, p_mem(T_IN, rec, SDP_VIDEO_RECORD_HDR_SIZE +
				      big),
			  p_mem(T_OUT, SEC_NV12, x.l.span), x.l.stride,
			  x.l.uv_offset), TEE_ERROR_EXCESS_DATA);
	CHECK(sec_untouched(&x));
	/* exactly the limit is accepted (then it is no JPEG) */
	big--;
	r[0] = (uint8_t)big;
	r[1] = (uint8_t)(big >> 8);
	r[2] = (uint8_t)(big >> 16);
	r[3] = (uint8_t)(big >> 24);
	CHECK_EQ(v_decode(x.s, p_mem(T_IN, rec, SDP_VIDEO_RECORD_HDR_SIZE +
				      big),
			  p_mem(T_OUT, SEC_NV12, x.l.span), x.l.stride,
			  x.l.uv_offset), TEE_ERROR_BAD_FORMAT);
	CHECK_EQ(vp[3].u.value.b, 0);
	CHECK_EQ(sdp_video_ta_bounce_residue(), 0);	/* all 1 MiB */
	/* a length field far beyond the limit */
	r[3] = 0xff;
	CHECK_EQ(v_decode(x.s, p_mem(T_IN, rec, 64),
			  p_mem(T_OUT, SEC_NV12, x.l.span), x.l.stride,
			  x.l.uv_offset), TEE_ERROR_EXCESS_DATA);
	CHECK(sec_untouched(&x));
	fixture_done(&x);
}

/* ---- streams and sessions ------------------------------------------------ */

static void test_video_unknown_key_id(void)
{
	uint32_t s = v_open();

	CHECK_EQ(v_stream(s, MJPG, 8, 64, 48), TEE_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(vorigin, TEE_ORIGIN_TRUSTED_APP);
	CHECK_EQ(v_stream(s, MJPG, 0, 64, 48), TEE_ERROR_ITEM_NOT_FOUND);
	/* nothing was opened: a good key still can be */
	CHECK_EQ(v_stream(s, MJPG, TEST_VIDEO_KEY_ID, 64, 48), TEE_SUCCESS);
	CHECK_EQ(ns_close(s), TEE_SUCCESS);
}

static void test_video_unknown_stream_format(void)
{
	uint32_t s = v_open();

	CHECK_EQ(v_stream(s, 0x34363248 /* H264 */, TEST_VIDEO_KEY_ID, 64, 48),
		 TEE_ERROR_NOT_SUPPORTED);
	CHECK_EQ(v_stream(s, 0, TEST_VIDEO_KEY_ID, 64, 48),
		 TEE_ERROR_NOT_SUPPORTED);
	CHECK_EQ(v_stream(s, MJPG, TEST_VIDEO_KEY_ID, 64, 48), TEE_SUCCESS);
	CHECK_EQ(ns_close(s), TEE_SUCCESS);
}

static void test_video_open_stream_bad_parameters(void)
{
	static const int dims[][2] = {
		{ 14, 48 }, { 15, 48 }, { 65, 48 }, { 4098, 48 }, { 0, 0 },
		{ 64, 47 }, { 64, 14 }, { 64, 4097 }, { 64, 0x10010 },
	};
	uint32_t s = v_open();
	unsigned int i;

	for (i = 0; i < sizeof(dims) / sizeof(dims[0]); i++)
		CHECK_EQ(v_stream(s, MJPG, TEST_VIDEO_KEY_ID, dims[i][0],
				  dims[i][1]), TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(v_invoke(s, SDP_VIDEO_CMD_OPEN_STREAM,
			  p_value(V_IN, MJPG, TEST_VIDEO_KEY_ID, 0),
			  p_none(), p_none(), p_none()),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(v_invoke(s, SDP_VIDEO_CMD_OPEN_STREAM,
			  p_value(V_IN, MJPG, TEST_VIDEO_KEY_ID, 0),
			  p_value(V_IN, 64, 48, 0),
			  p_value(V_IN, 0, 0, 0), p_none()),
		 TEE_ERROR_BAD_PARAMETERS);
	/* the extremes are fine */
	CHECK_EQ(v_stream(s, MJPG, TEST_VIDEO_KEY_ID, 4096, 16), TEE_SUCCESS);
	CHECK_EQ(ns_close(s), TEE_SUCCESS);
}

static void test_video_decode_and_convert_need_a_stream(void)
{
	struct ref_frame f;
	uint64_t rec, size;
	uint8_t d[32];
	uint32_t s = v_open();

	ref_make(&f, 64, 48, JPEG_SUB_420, PAT_GRADIENT);
	rec = ns_record(&f, &size);
	memset(pa_ptr(SEC_NV12), CANARY, 8192);
	CHECK_EQ(v_decode(s, p_mem(T_IN, rec, size),
			  p_mem(T_OUT, SEC_NV12, 4608), 64, 64 * 48),
		 TEE_ERROR_BAD_STATE);
	CHECK_EQ(vorigin, TEE_ORIGIN_TRUSTED_APP);
	CHECK(all_bytes(pa_ptr(SEC_NV12), 8192, CANARY));
	CHECK_EQ(v_invoke(s, SDP_VIDEO_CMD_CONVERT_XRGB,
			  p_mem(T_IN, SEC_NV12, 4608),
			  p_mem(T_OUT, SEC_XRGB, 4 * 64 * 48),
			  p_value(V_IN, 64, 64 * 48, 0),
			  p_value(V_IN, 256, 0, 0)), TEE_ERROR_BAD_STATE);
	CHECK(all_bytes(pa_ptr(SEC_XRGB), 4 * 64 * 48, 0));
	/* DIGEST needs none, but nothing was decoded */
	CHECK_EQ(v_digest(s, SEC_NV12, 4608, NV12, 64, 64 * 48, d),
		 TEE_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(vorigin, TEE_ORIGIN_TRUSTED_APP);
	CHECK_EQ(ns_close(s), TEE_SUCCESS);
	ref_free(&f);
}

static void test_video_second_open_stream(void)
{
	uint32_t s = v_open();

	CHECK_EQ(v_stream(s, MJPG, TEST_VIDEO_KEY_ID, 64, 48), TEE_SUCCESS);
	CHECK_EQ(v_stream(s, MJPG, TEST_VIDEO_KEY_ID, 64, 48),
		 TEE_ERROR_BAD_STATE);
	CHECK_EQ(v_stream(s, MJPG, TEST_VIDEO_KEY2_ID, 96, 64),
		 TEE_ERROR_BAD_STATE);
	CHECK_EQ(ns_close(s), TEE_SUCCESS);
}

static void test_video_wrong_param_types(void)
{
	struct fixture x;
	uint8_t d[32];

	fixture_init(&x);
	/* [3] as VALUE_INOUT instead of VALUE_OUTPUT */
	CHECK_EQ(v_invoke(x.s, SDP_VIDEO_CMD_DECODE_FRAME,
			  p_mem(T_IN, x.rec, x.rec_size),
			  p_mem(T_OUT, SEC_NV12, x.l.span),
			  p_value(V_IN, x.l.stride, x.l.uv_offset, 0),
			  p_value(OPTEE_MSG_ATTR_TYPE_VALUE_INOUT, 0, 0, 0)),
		 TEE_ERROR_BAD_PARAMETERS);
	/* destination as INOUT */
	CHECK_EQ(v_invoke(x.s, SDP_VIDEO_CMD_DECODE_FRAME,
			  p_mem(T_IN, x.rec, x.rec_size),
			  p_mem(OPTEE_MSG_ATTR_TYPE_TMEM_INOUT, SEC_NV12,
				 x.l.span),
			  p_value(V_IN, x.l.stride, x.l.uv_offset, 0),
			  p_value(V_OUT, 0, 0, 0)), TEE_ERROR_BAD_PARAMETERS);
	CHECK(sec_untouched(&x));
	/* a frame on record, which the refusals below must not disturb */
	CHECK_EQ(fx_decode(&x, x.rec_size), TEE_SUCCESS);
	CHECK_EQ(v_invoke(x.s, SDP_VIDEO_CMD_DIGEST,
			  p_mem(T_IN, SEC_NV12, x.l.span),
			  p_mem(T_OUT, ns_alloc(64), 32),
			  p_value(V_IN, NV12, x.l.stride, 0), p_none()),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(v_invoke(x.s, SDP_VIDEO_CMD_CONVERT_XRGB,
			  p_mem(T_IN, SEC_NV12, x.l.span),
			  p_mem(T_OUT, SEC_XRGB, 4 * 64 * 48),
			  p_value(V_IN, x.l.stride, x.l.uv_offset, 0),
			  p_value(V_OUT, 256, 0, 0)), TEE_ERROR_BAD_PARAMETERS);
	/* an unknown command */
	CHECK_EQ(v_invoke(x.s, SDP_VIDEO_CMD_DECRYPT_SAMPLE + 1, p_none(),
			  p_none(), p_none(), p_none()),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK(all_bytes(pa_ptr(SEC_XRGB), 4 * 64 * 48, 0));
	CHECK_EQ(v_digest(x.s, SEC_NV12, x.l.span, NV12, x.l.stride,
			  x.l.uv_offset, d), TEE_SUCCESS);
	fixture_done(&x);
}

static void test_video_session_pool(void)
{
	uint32_t s[8], extra, o = 0;
	unsigned int i;

	for (i = 0; i < 8; i++) {
		s[i] = v_open();
		CHECK_EQ(v_stream(s[i], MJPG, TEST_VIDEO_KEY_ID, 64, 48),
			 TEE_SUCCESS);
	}
	CHECK_EQ(ns_open(&video_uuid, TEE_LOGIN_PUBLIC, NULL, 0, &extra, &o),
		 TEE_ERROR_OUT_OF_MEMORY);
	CHECK_EQ(o, TEE_ORIGIN_TRUSTED_APP);
	CHECK_EQ(ns_close(s[3]), TEE_SUCCESS);
	/* the freed slot is clean: a new stream may be opened in it */
	s[3] = v_open();
	CHECK_EQ(v_stream(s[3], MJPG, TEST_VIDEO_KEY2_ID, 96, 64),
		 TEE_SUCCESS);
	CHECK_EQ(ns_open(&video_uuid, TEE_LOGIN_PUBLIC, NULL, 0, &extra, &o),
		 TEE_ERROR_OUT_OF_MEMORY);
	for (i = 0; i < 8; i++)
		CHECK_EQ(ns_close(s[i]), TEE_SUCCESS);
	for (i = 0; i < 8; i++)
		s[i] = v_open();
	for (i = 0; i < 8; i++) {
		/* no stream state survives a close */
		CHECK_EQ(v_stream(s[i], MJPG, TEST_VIDEO_KEY_ID, 64, 48),
			 TEE_SUCCESS);
		CHECK_EQ(ns_close(s[i]), TEE_SUCCESS);
	}
}

/* ---- DIGEST -------------------------------------------------------------- */

static void test_video_digest_refuses_secure_output(void)
{
	struct fixture x;
	uint64_t ns;

	fixture_init(&x);
	ns = ns_alloc(x.l.span);
	CHECK_EQ(fx_decode(&x, x.rec_size), TEE_SUCCESS);
	memset(pa_ptr(SEC_XRGB), CANARY, 64);
	CHECK_EQ(v_invoke(x.s, SDP_VIDEO_CMD_DIGEST,
			  p_mem(T_IN, SEC_NV12, x.l.span),
			  p_mem(T_OUT, SEC_XRGB, 32),
			  p_value(V_IN, NV12, x.l.stride, 0),
			  p_value(V_IN, x.l.uv_offset, 0, 0)),
		 TEE_ERROR_ACCESS_DENIED);
	CHECK(all_bytes(pa_ptr(SEC_XRGB), 64, CANARY));
	/* a frame in normal memory is not the TA's to vouch for */
	memcpy(pa_ptr(ns), pa_ptr(SEC_NV12), x.l.span);
	CHECK_EQ(v_invoke(x.s, SDP_VIDEO_CMD_DIGEST,
			  p_mem(T_IN, ns, x.l.span),
			  p_mem(T_OUT, ns_alloc(64), 32),
			  p_value(V_IN, NV12, x.l.stride, 0),
			  p_value(V_IN, x.l.uv_offset, 0, 0)),
		 TEE_ERROR_ACCESS_DENIED);
	fixture_done(&x);
}

static void test_video_digest_short_output(void)
{
	struct fixture x;
	uint64_t o = ns_alloc(64);

	fixture_init(&x);
	CHECK_EQ(fx_decode(&x, x.rec_size), TEE_SUCCESS);
	memset(pa_ptr(o), NS_CANARY, 64);
	CHECK_EQ(v_invoke(x.s, SDP_VIDEO_CMD_DIGEST,
			  p_mem(T_IN, SEC_NV12, x.l.span),
			  p_mem(T_OUT, o, 31),
			  p_value(V_IN, NV12, x.l.stride, 0),
			  p_value(V_IN, x.l.uv_offset, 0, 0)),
		 TEE_ERROR_SHORT_BUFFER);
	CHECK_EQ(vp[1].u.tmem.size, 32);
	CHECK(all_bytes(pa_ptr(o), 64, NS_CANARY));
	/* the frame one byte short of its layout */
	CHECK_EQ(v_invoke(x.s, SDP_VIDEO_CMD_DIGEST,
			  p_mem(T_IN, SEC_NV12, x.l.span - 1),
			  p_mem(T_OUT, o, 32),
			  p_value(V_IN, NV12, x.l.stride, 0),
			  p_value(V_IN, x.l.uv_offset, 0, 0)),
		 TEE_ERROR_SHORT_BUFFER);
	CHECK(all_bytes(pa_ptr(o), 64, NS_CANARY));
	/* unknown pixel format */
	CHECK_EQ(v_invoke(x.s, SDP_VIDEO_CMD_DIGEST,
			  p_mem(T_IN, SEC_NV12, x.l.span),
			  p_mem(T_OUT, o, 32),
			  p_value(V_IN, 0x32315559 /* YU12 */, x.l.stride, 0),
			  p_value(V_IN, x.l.uv_offset, 0, 0)),
		 TEE_ERROR_NOT_SUPPORTED);
	/* layouts no frame can have are simply not on record */
	CHECK_EQ(v_invoke(x.s, SDP_VIDEO_CMD_DIGEST,
			  p_mem(T_IN, SEC_NV12, x.l.span),
			  p_mem(T_OUT, o, 32),
			  p_value(V_IN, NV12, x.l.stride, 0),
			  p_value(V_IN, 100, 0, 0)), TEE_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(v_invoke(x.s, SDP_VIDEO_CMD_DIGEST,
			  p_mem(T_IN, SEC_NV12, x.l.span),
			  p_mem(T_OUT, o, 32),
			  p_value(V_IN, XRGB, 255, 0),
			  p_value(V_IN, 0, 0, 0)), TEE_ERROR_ITEM_NOT_FOUND);
	CHECK(all_bytes(pa_ptr(o), 64, NS_CANARY));
	/* the frame itself, a byte longer memref: fine */
	CHECK_EQ(v_invoke(x.s, SDP_VIDEO_CMD_DIGEST,
			  p_mem(T_IN, SEC_NV12, x.l.span + 1),
			  p_mem(T_OUT, o, 32),
			  p_value(V_IN, NV12, x.l.stride, 0),
			  p_value(V_IN, x.l.uv_offset, 0, 0)), TEE_SUCCESS);
	CHECK_EQ(vp[1].u.tmem.size, 32);
	CHECK(all_bytes((uint8_t *)pa_ptr(o) + 32, 32, NS_CANARY));
	fixture_done(&x);
}

/* ---- the frame log ------------------------------------------------------- */

/* CONVERT_XRGB of the NV12 frame at @src (layout @l) into @dst. */
static uint32_t v_convert(uint32_t s, uint64_t src, uint64_t src_size,
			  const struct layout *l, uint64_t dst,
			  uint64_t dst_size, uint32_t xstride)
{
	return v_invoke(s, SDP_VIDEO_CMD_CONVERT_XRGB,
			p_mem(T_IN, src, src_size),
			p_mem(T_OUT, dst, dst_size),
			p_value(V_IN, l->stride, l->uv_offset, 0),
			p_value(V_IN, xstride, 0, 0));
}

/*
 * A frame's bytes that the firmware did not decode are no frame on record,
 * whoever wrote them (here the SDP test TA): DIGEST finds nothing, in
 * either format, with or without a stream.
 */
static void test_video_digest_refuses_range_never_decoded(void)
{
	struct optee_msg_param p[2];
	struct ref_frame f;
	struct layout l;
	uint8_t d[32];
	uint64_t src;
	uint32_t s = v_open();

	ref_make(&f, 64, 48, JPEG_SUB_420, PAT_GRADIENT);
	l = nv12_layout(64, 48, 64, 0);
	src = ns_alloc(f.nv12_len);
	memcpy(pa_ptr(src), f.nv12, f.nv12_len);
	p[0] = p_mem(T_IN, src, f.nv12_len);
	p[1] = p_mem(T_OUT, SEC_NV12, f.nv12_len);
	CHECK_EQ(ns_call_once(&sdp_uuid, TEE_LOGIN_PUBLIC,
			      TA_SDP_BASIC_CMD_INJECT, p, 2, NULL),
		 TEE_SUCCESS);
	CHECK(!memcmp(pa_ptr(SEC_NV12), f.nv12, f.nv12_len));

	CHECK_EQ(nv12_lookup(s, SEC_NV12, &l), TEE_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(vorigin, TEE_ORIGIN_TRUSTED_APP);
	CHECK_EQ(v_stream(s, MJPG, TEST_VIDEO_KEY_ID, 64, 48), TEE_SUCCESS);
	CHECK_EQ(nv12_lookup(s, SEC_NV12, &l), TEE_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(v_digest(s, SEC_NV12, l.span, XRGB, 64, 0, d),
		 TEE_ERROR_ITEM_NOT_FOUND);
	/* untouched secure memory, in both SDP ranges */
	CHECK_EQ(v_digest(s, SEC_XRGB, 4 * 64 * 48, XRGB, 4 * 64, 0, d),
		 TEE_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(nv12_lookup(s, RUI_BASE, &l), TEE_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(frame_log_count(), 0);
	CHECK_EQ(ns_close(s), TEE_SUCCESS);
	ref_free(&f);
}

/*
 * Only the whole frame, from its first byte, at the layout it was decoded
 * at: a window into it, a range around it, or its start at another layout
 * are not on record.
 */
static void test_video_digest_refuses_window_inside_frame(void)
{
	struct fixture x;
	struct layout tight = nv12_layout(64, 48, 64, 0);
	uint64_t offs[5];
	uint8_t d[32];
	unsigned int i;

	fixture_init(&x);
	CHECK_EQ(fx_decode(&x, x.rec_size), TEE_SUCCESS);
	offs[0] = 1;
	offs[1] = 64;			/* row 0's padding */
	offs[2] = x.l.stride;		/* row 1 */
	offs[3] = x.l.uv_offset;	/* the chroma plane */
	offs[4] = x.l.span - 1;
	for (i = 0; i < 5; i++) {
		CHECK_EQ(v_digest(x.s, SEC_NV12 + offs[i], x.l.span - offs[i],
				  NV12, x.l.stride, x.l.uv_offset, d),
			 TEE_ERROR_ITEM_NOT_FOUND);
		CHECK_EQ(nv12_lookup(x.s, SEC_NV12 + offs[i], &tight),
			 TEE_ERROR_ITEM_NOT_FOUND);
	}
	/* from a page before it, the frame inside */
	CHECK_EQ(v_digest(x.s, SEC_NV12 - 4096, x.l.span + 4096, NV12,
			  x.l.stride, x.l.uv_offset + 4096, d),
		 TEE_ERROR_ITEM_NOT_FOUND);
	/* its start, at other layouts and as XRGB8888 */
	CHECK_EQ(nv12_lookup(x.s, SEC_NV12, &tight), TEE_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(v_digest(x.s, SEC_NV12, x.l.span, NV12, x.l.stride,
			  x.l.uv_offset + 2, d), TEE_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(v_digest(x.s, SEC_NV12, x.l.span + 4096, NV12,
			  x.l.stride + 2, x.l.uv_offset, d),
		 TEE_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(v_digest(x.s, SEC_NV12, x.l.span, XRGB, x.l.stride, 0, d),
		 TEE_ERROR_ITEM_NOT_FOUND);
	/* the frame itself is there all along */
	CHECK(nv12_on_record(x.s, SEC_NV12, &x.l, &x.f));
	CHECK_EQ(frame_log_count(), 1);
	fixture_done(&x);
}

/* Any session may ask, stream or none, after the decoder's has closed. */
static void test_video_digest_from_another_session_without_stream(void)
{
	struct fixture x;
	uint32_t b, c;

	fixture_init(&x);
	b = v_open();
	c = v_open();
	CHECK_EQ(fx_decode(&x, x.rec_size), TEE_SUCCESS);
	CHECK(nv12_on_record(b, SEC_NV12, &x.l, &x.f));
	/* a stream of another size, under another key */
	CHECK_EQ(v_stream(c, MJPG, TEST_VIDEO_KEY2_ID, 96, 64), TEE_SUCCESS);
	CHECK(nv12_on_record(c, SEC_NV12, &x.l, &x.f));
	CHECK_EQ(ns_close(x.s), TEE_SUCCESS);
	CHECK(nv12_on_record(b, SEC_NV12, &x.l, &x.f));
	CHECK_EQ(ns_close(b), TEE_SUCCESS);
	CHECK_EQ(ns_close(c), TEE_SUCCESS);
	ref_free(&x.f);
}

/*
 * A decode or conversion that writes into a frame's span drops it; one
 * next to it does not; a new frame at a start on record replaces the
 * entry, digest included.
 */
static void test_video_digest_forgotten_after_overlapping_decode(void)
{
	struct ref_frame f, g;
	struct layout l = nv12_layout(64, 48, 64, 0);
	struct layout wide = nv12_layout(64, 48, 96, 0);
	const uint64_t a = SEC_NV12 + 0x10000, b = a + l.span;
	const uint64_t xspan = 4 * 64 * 48;
	uint8_t d[32];
	uint32_t s;

	ref_make(&f, 64, 48, JPEG_SUB_420, PAT_GRADIENT);
	ref_make(&g, 64, 48, JPEG_SUB_420, PAT_NOISE);
	s = v_session(&f);

	/* adjacent frames */
	CHECK_EQ(decode_at(s, &f, a, &l), TEE_SUCCESS);
	CHECK_EQ(decode_at(s, &g, b, &l), TEE_SUCCESS);
	CHECK(nv12_on_record(s, a, &l, &f));
	CHECK(nv12_on_record(s, b, &l, &g));
	/* a frame whose last byte is a's first: a goes, b stays */
	CHECK_EQ(decode_at(s, &g, a - l.span + 1, &l), TEE_SUCCESS);
	CHECK_EQ(nv12_lookup(s, a, &l), TEE_ERROR_ITEM_NOT_FOUND);
	CHECK(nv12_on_record(s, b, &l, &g));
	CHECK(nv12_on_record(s, a - l.span + 1, &l, &g));
	/* a again: the frame it overlaps goes */
	CHECK_EQ(decode_at(s, &f, a, &l), TEE_SUCCESS);
	CHECK_EQ(nv12_lookup(s, a - l.span + 1, &l), TEE_ERROR_ITEM_NOT_FOUND);
	/* a frame from a's last byte: a and b go */
	CHECK_EQ(decode_at(s, &f, b - 1, &l), TEE_SUCCESS);
	CHECK_EQ(nv12_lookup(s, a, &l), TEE_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(nv12_lookup(s, b, &l), TEE_ERROR_ITEM_NOT_FOUND);
	CHECK(nv12_on_record(s, b - 1, &l, &f));
	CHECK_EQ(frame_log_count(), 1);

	/* another frame at the same start and layout: the new digest */
	CHECK_EQ(decode_at(s, &f, b, &l), TEE_SUCCESS);
	CHECK(nv12_on_record(s, b, &l, &f));
	CHECK_EQ(decode_at(s, &g, b, &l), TEE_SUCCESS);
	CHECK(nv12_on_record(s, b, &l, &g));
	/* and at another layout: only that one */
	CHECK_EQ(decode_at(s, &f, b, &wide), TEE_SUCCESS);
	CHECK_EQ(nv12_lookup(s, b, &l), TEE_ERROR_ITEM_NOT_FOUND);
	CHECK(nv12_on_record(s, b, &wide, &f));

	/* converted onto a decoded frame: it goes; the source (read) stays */
	CHECK_EQ(decode_at(s, &g, SEC_XRGB + 4096, &l), TEE_SUCCESS);
	CHECK(nv12_on_record(s, SEC_XRGB + 4096, &l, &g));
	CHECK_EQ(v_convert(s, b, wide.span, &wide, SEC_XRGB, xspan, 4 * 64),
		 TEE_SUCCESS);
	CHECK_EQ(nv12_lookup(s, SEC_XRGB + 4096, &l),
		 TEE_ERROR_ITEM_NOT_FOUND);
	CHECK(nv12_on_record(s, b, &wide, &f));
	/* and a decode onto the converted frame drops it */
	CHECK_EQ(decode_at(s, &f, SEC_XRGB + xspan - 1, &l), TEE_SUCCESS);
	CHECK_EQ(v_digest(s, SEC_XRGB, xspan, XRGB, 4 * 64, 0, d),
		 TEE_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(ns_close(s), TEE_SUCCESS);
	ref_free(&f);
	ref_free(&g);
}

/*
 * A failed decode into a frame on record drops it, so its kept digest is
 * never handed out for pixels that changed; a decode refused before it
 * wrote anything leaves it.
 */
static void test_video_digest_forgotten_after_failed_decode(void)
{
	struct ref_frame g;
	struct fixture x;
	uint64_t size;

	fixture_init(&x);
	ref_make(&g, 64, 48, JPEG_SUB_420, PAT_NOISE);
	CHECK_EQ(fx_decode(&x, x.rec_size), TEE_SUCCESS);
	CHECK(nv12_on_record(x.s, SEC_NV12, &x.l, &x.f));	/* kept */
	/* refused before a byte is written */
	CHECK_EQ(v_decode(x.s, p_mem(T_IN, x.rec, x.rec_size),
			  p_mem(T_OUT, SEC_NV12, x.l.span - 1), x.l.stride,
			  x.l.uv_offset), TEE_ERROR_SHORT_BUFFER);
	CHECK_EQ(v_decode(x.s, p_mem(T_IN, x.rec, x.rec_size),
			  p_mem(T_OUT, SEC_NV12, x.l.span), 63,
			  x.l.uv_offset), TEE_ERROR_BAD_PARAMETERS);
	CHECK(nv12_on_record(x.s, SEC_NV12, &x.l, &x.f));
	/* the first half of another frame: its upper rows land, then error */
	size = make_record(pa_ptr(x.rec), test_key, iv0, g.jpg, g.len / 2);
	CHECK_EQ(fx_decode(&x, size), TEE_ERROR_BAD_FORMAT);
	CHECK(memcmp(pa_ptr(SEC_NV12), x.f.nv12, 64) != 0);
	CHECK_EQ(nv12_lookup(x.s, SEC_NV12, &x.l), TEE_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(frame_log_count(), 0);
	ref_free(&g);
	fixture_done(&x);
}

/*
 * Any write of the secure world into a frame's span drops it, even one
 * byte of row padding rewritten with the value it holds: the SDP test
 * TA's commands, directly, TA to TA and through the invoke-tests PTA.
 * Writes next to it and reads of it leave it.
 */
static void test_video_digest_forgotten_after_sdp_inject(void)
{
	struct fixture x;
	struct {
		uint32_t cmd;
		uint64_t off, len;
	} w[] = {
		{ TA_SDP_BASIC_CMD_INJECT, 64, 1 },		/* padding */
		{ TA_SDP_BASIC_CMD_INVOKE_INJECT, 4608, 1 },	/* the gap */
		{ TA_SDP_BASIC_CMD_PTA_INJECT, 0, 0 },		/* last byte */
		{ TA_SDP_BASIC_CMD_TRANSFORM, 0, 1 },
		{ TA_SDP_BASIC_CMD_INVOKE_TRANSFORM, 1000, 100 },
		{ TA_SDP_BASIC_CMD_PTA_TRANSFORM, 0, 16 },	/* chroma */
	};
	unsigned int i;

	fixture_init(&x);
	w[2].off = x.l.span - 1;
	w[2].len = 1;
	w[5].off = x.l.uv_offset;
	CHECK_EQ(x.l.uv_offset, 4640);		/* 64x48, stride 96, gap 32 */
	CHECK_EQ(fx_decode(&x, x.rec_size), TEE_SUCCESS);
	CHECK(nv12_on_record(x.s, SEC_NV12, &x.l, &x.f));
	/* next to it, and reading it */
	CHECK_EQ(sdp_inject(TA_SDP_BASIC_CMD_INJECT, SEC_NV12 - 1, 1, CANARY),
		 TEE_SUCCESS);
	CHECK_EQ(sdp_inject(TA_SDP_BASIC_CMD_INJECT, SEC_NV12 + x.l.span, 1,
			    CANARY), TEE_SUCCESS);
	CHECK_EQ(sdp_transform(TA_SDP_BASIC_CMD_TRANSFORM,
			       SEC_NV12 + x.l.span, 16), TEE_SUCCESS);
	CHECK_EQ(sdp_dump(SEC_NV12, x.l.span), TEE_SUCCESS);
	CHECK(nv12_on_record(x.s, SEC_NV12, &x.l, &x.f));
	memset(pa_ptr(SEC_NV12 + x.l.span), CANARY, 16);

	for (i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
		if (i) {
			CHECK_EQ(fx_decode(&x, x.rec_size), TEE_SUCCESS);
			CHECK(nv12_on_record(x.s, SEC_NV12, &x.l, &x.f));
		}
		if (w[i].cmd % 3 == 0)
			CHECK_EQ(sdp_inject(w[i].cmd, SEC_NV12 + w[i].off,
					    w[i].len, CANARY), TEE_SUCCESS);
		else
			CHECK_EQ(sdp_transform(w[i].cmd, SEC_NV12 + w[i].off,
					       w[i].len), TEE_SUCCESS);
		if (nv12_lookup(x.s, SEC_NV12, &x.l) !=
		    TEE_ERROR_ITEM_NOT_FOUND) {
			printf("#   SDP TA command %u at +%llu: not dropped\n",
			       w[i].cmd, (unsigned long long)w[i].off);
			cur_fail++;
		}
		if (i == 0)	/* the bytes are as decoded, still refused */
			CHECK(nv12_matches(pa_ptr(SEC_NV12), &x.f, &x.l));
	}
	CHECK_EQ(frame_log_count(), 0);
	fixture_done(&x);
}

/*
 * The restricted-memory PTA's scrub drops the frames in the pages it
 * clears, in both SDP ranges; a scrub of other pages or a refused one
 * leaves them.
 */
static void test_video_digest_forgotten_after_scrub(void)
{
	const uint64_t rui = RUI_BASE + 0x10000;
	struct fixture x;
	uint64_t pages;
	uint8_t *frame;

	fixture_init(&x);
	pages = (x.l.span + 4095) / 4096 * 4096;
	CHECK_EQ(pages, 8192);
	CHECK_EQ(fx_decode(&x, x.rec_size), TEE_SUCCESS);
	CHECK_EQ(decode_at(x.s, &x.f, rui, &x.l), TEE_SUCCESS);
	frame = malloc(x.l.span);
	memcpy(frame, pa_ptr(SEC_NV12), x.l.span);
	CHECK_EQ(rmem_scrub(SEC_NV12 - 4096, 4096), TEE_SUCCESS);
	CHECK_EQ(rmem_scrub(SEC_NV12 + pages, 4096), TEE_SUCCESS);
	CHECK_EQ(rmem_scrub(SEC_NV12 + 1, 4096), TEE_ERROR_BAD_PARAMETERS);
	CHECK(nv12_on_record(x.s, SEC_NV12, &x.l, &x.f));
	CHECK(!memcmp(pa_ptr(SEC_NV12), frame, x.l.span));
	free(frame);
	/* the page with its last bytes */
	CHECK_EQ(rmem_scrub(SEC_NV12 + 4096, 4096), TEE_SUCCESS);
	CHECK(all_bytes(pa_ptr(SEC_NV12 + 4096), 4096, 0));
	CHECK_EQ(nv12_lookup(x.s, SEC_NV12, &x.l), TEE_ERROR_ITEM_NOT_FOUND);
	/* a whole buffer in restricted-ui */
	CHECK(nv12_on_record(x.s, rui, &x.l, &x.f));
	CHECK_EQ(rmem_scrub(rui, pages), TEE_SUCCESS);
	CHECK(all_bytes(pa_ptr(rui), pages, 0));
	CHECK_EQ(nv12_lookup(x.s, rui, &x.l), TEE_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(frame_log_count(), 0);
	fixture_done(&x);
}

/*
 * SDP_VIDEO_FRAME_LOG_SIZE frames are kept; the next one replaces the
 * oldest. A frame decoded again at its start counts as new.
 */
static void test_video_frame_log_evicts_oldest_beyond_64(void)
{
	const uint32_t n = SDP_VIDEO_FRAME_LOG_SIZE;
	const uint64_t slot = 8192;
	struct ref_frame f;
	struct layout l = nv12_layout(64, 48, 64, 0);
	uint32_t s, i, kept;

	CHECK_EQ(n, 64);
	ref_make(&f, 64, 48, JPEG_SUB_420, PAT_SQUARE);
	s = v_session(&f);
	for (i = 0; i < n; i++)
		CHECK_EQ(decode_at(s, &f, SEC_NV12 + i * slot, &l),
			 TEE_SUCCESS);
	CHECK_EQ(frame_log_count(), n);
	for (i = 0, kept = 0; i < n; i++)
		kept += nv12_on_record(s, SEC_NV12 + i * slot, &l, &f);
	CHECK_EQ(kept, n);

	/* frame 64 (the 65th) replaces frame 0 */
	CHECK_EQ(decode_at(s, &f, SEC_NV12 + n * slot, &l), TEE_SUCCESS);
	CHECK_EQ(frame_log_count(), n);
	CHECK_EQ(nv12_lookup(s, SEC_NV12, &l), TEE_ERROR_ITEM_NOT_FOUND);
	for (i = 1, kept = 0; i <= n; i++)
		kept += nv12_on_record(s, SEC_NV12 + i * slot, &l, &f);
	CHECK_EQ(kept, n);

	/* frame 1 decoded again is the newest: frame 2 goes next */
	CHECK_EQ(decode_at(s, &f, SEC_NV12 + slot, &l), TEE_SUCCESS);
	CHECK_EQ(frame_log_count(), n);
	CHECK_EQ(decode_at(s, &f, SEC_NV12 + (n + 1) * slot, &l),
		 TEE_SUCCESS);
	CHECK_EQ(frame_log_count(), n);
	CHECK_EQ(nv12_lookup(s, SEC_NV12 + 2 * slot, &l),
		 TEE_ERROR_ITEM_NOT_FOUND);
	CHECK(nv12_on_record(s, SEC_NV12 + slot, &l, &f));
	for (i = 3, kept = 0; i <= n + 1; i++)
		kept += nv12_on_record(s, SEC_NV12 + i * slot, &l, &f);
	CHECK_EQ(kept, n - 1);
	CHECK_EQ(ns_close(s), TEE_SUCCESS);
	ref_free(&f);
}

/*
 * CONVERT_XRGB takes only a decoded NV12 frame of the stream's size, from
 * its first byte, at its layout; the destination is left alone otherwise.
 */
static void test_video_convert_refuses_source_never_decoded(void)
{
	const uint64_t xspan = 4 * 64 * 48, other = SDP_BASE + 0x300000;
	const uint64_t big = SEC_NV12 + 0x20000;
	struct ref_frame f;
	struct layout l = nv12_layout(64, 48, 64, 0);
	struct layout wide = nv12_layout(64, 48, 128, 0);
	/* a layout valid for 64x48 and for 96x64 frames */
	struct layout both = { .stride = 128, .uv_offset = 128 * 64,
			       .span = 128 * 64 + 128 * 32 };
	uint32_t s, t;

	ref_make(&f, 64, 48, JPEG_SUB_420, PAT_GRADIENT);
	s = v_session(&f);
	memset(pa_ptr(SEC_XRGB), CANARY, xspan + GUARD);
	memset(pa_ptr(other), CANARY, xspan + GUARD);

	/* the frame's bytes, not decoded here */
	memcpy(pa_ptr(SEC_NV12), f.nv12, f.nv12_len);
	CHECK_EQ(v_convert(s, SEC_NV12, l.span, &l, SEC_XRGB, xspan, 4 * 64),
		 TEE_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(vorigin, TEE_ORIGIN_TRUSTED_APP);
	/* decoded, asked at another layout or from a window into it */
	CHECK_EQ(decode_at(s, &f, SEC_NV12, &l), TEE_SUCCESS);
	CHECK_EQ(v_convert(s, SEC_NV12, wide.span, &wide, SEC_XRGB, xspan,
			   4 * 64), TEE_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(v_convert(s, SEC_NV12 + 64, l.span, &l, SEC_XRGB, xspan,
			   4 * 64), TEE_ERROR_ITEM_NOT_FOUND);
	/* a frame of another size than this stream's */
	t = v_open();
	CHECK_EQ(v_stream(t, MJPG, TEST_VIDEO_KEY_ID, 96, 64), TEE_SUCCESS);
	CHECK_EQ(decode_at(s, &f, big, &both), TEE_SUCCESS);
	CHECK_EQ(v_convert(t, big, both.span, &both, SEC_XRGB, 4 * 96 * 64,
			   4 * 96), TEE_ERROR_ITEM_NOT_FOUND);
	CHECK(all_bytes(pa_ptr(SEC_XRGB), xspan + GUARD, CANARY));

	/* an XRGB8888 frame on record is no NV12 source */
	CHECK_EQ(v_convert(s, SEC_NV12, l.span, &l, SEC_XRGB, xspan, 4 * 64),
		 TEE_SUCCESS);
	CHECK_EQ(v_convert(s, SEC_XRGB, xspan, &l, other, xspan, 4 * 64),
		 TEE_ERROR_ITEM_NOT_FOUND);
	/* nor is a frame written into since */
	CHECK_EQ(sdp_transform(TA_SDP_BASIC_CMD_TRANSFORM, SEC_NV12 + 10, 1),
		 TEE_SUCCESS);
	CHECK_EQ(v_convert(s, SEC_NV12, l.span, &l, other, xspan, 4 * 64),
		 TEE_ERROR_ITEM_NOT_FOUND);
	CHECK(all_bytes(pa_ptr(other), xspan + GUARD, CANARY));
	CHECK_EQ(ns_close(t), TEE_SUCCESS);
	CHECK_EQ(ns_close(s), TEE_SUCCESS);
	ref_free(&f);
}

/*
 * The converted frame is on record: its digest, asked from a session
 * without a stream, is libjpeg-turbo's, at its pitch only.
 */
static void test_video_convert_output_digest_matches_libjpeg(void)
{
	const uint32_t xstride = 4 * 96 + 36;
	const uint64_t xspan = (uint64_t)xstride * 64;
	struct ref_frame f;
	struct layout l;
	uint8_t got[32], want[32];
	uint32_t s, t;

	ref_make(&f, 96, 64, JPEG_SUB_420, PAT_NOISE);
	l = nv12_layout(96, 64, 128, 64);
	sha256(f.bgrx, (size_t)96 * 64 * 4, want);
	s = v_session(&f);
	t = v_open();
	CHECK_EQ(decode_at(s, &f, SEC_NV12, &l), TEE_SUCCESS);
	memset(pa_ptr(SEC_XRGB), CANARY, xspan + GUARD);
	CHECK_EQ(v_convert(s, SEC_NV12, l.span, &l, SEC_XRGB, xspan, xstride),
		 TEE_SUCCESS);
	CHECK(xrgb_matches(pa_ptr(SEC_XRGB), &f, xstride));
	CHECK_EQ(v_digest(t, SEC_XRGB, xspan, XRGB, xstride, 0, got),
		 TEE_SUCCESS);
	CHECK(!memcmp(got, want, 32));
	/* [3].a is not looked at for XRGB8888 */
	CHECK_EQ(v_digest(t, SEC_XRGB, xspan, XRGB, xstride, 4096, got),
		 TEE_SUCCESS);
	CHECK(!memcmp(got, want, 32));
	/* another pitch, or NV12: not on record */
	CHECK_EQ(v_digest(t, SEC_XRGB, xspan, XRGB, 4 * 96, 0, got),
		 TEE_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(v_digest(t, SEC_XRGB, xspan, NV12, xstride, 0, got),
		 TEE_ERROR_ITEM_NOT_FOUND);
	/* one byte short of the recorded frame */
	CHECK_EQ(v_digest(t, SEC_XRGB, xspan - 1, XRGB, xstride, 0, got),
		 TEE_ERROR_SHORT_BUFFER);
	/* the source was only read */
	CHECK(nv12_on_record(t, SEC_NV12, &l, &f));
	/* converted again to the same place: one entry, the same digest */
	CHECK_EQ(v_convert(s, SEC_NV12, l.span, &l, SEC_XRGB, xspan, xstride),
		 TEE_SUCCESS);
	CHECK_EQ(v_digest(t, SEC_XRGB, xspan, XRGB, xstride, 0, got),
		 TEE_SUCCESS);
	CHECK(!memcmp(got, want, 32));
	CHECK_EQ(frame_log_count(), 2);
	CHECK_EQ(ns_close(t), TEE_SUCCESS);
	CHECK_EQ(ns_close(s), TEE_SUCCESS);
	ref_free(&f);
}

/* ---- the TA's contract with the memory layer ----------------------------- */

/*
 * A secure memref made of pages (no transport builds one today): the TA
 * needs one contiguous run and says NOT_SUPPORTED, writing nothing.
 * Called directly, without the transport.
 */
static void test_video_paged_secure_memref_not_supported(void)
{
	struct ref_frame f;
	union ta_param p[TEE_NUM_PARAMS];
	uint64_t pages[4] = {
		SEC_NV12 + 3 * 4096, SEC_NV12, SEC_NV12 + 2 * 4096,
		SEC_NV12 + 4096,
	};
	uint64_t rec, size;
	struct ta_identity id = { .login = TEE_LOGIN_PUBLIC };
	void *ctx = NULL;
	uint32_t span = 64 * 48 * 3 / 2;

	ref_make(&f, 64, 48, JPEG_SUB_420, PAT_GRADIENT);
	rec = ns_record(&f, &size);
	memset(pa_ptr(SEC_NV12), CANARY, 5 * 4096);
	memset(p, 0, sizeof(p));
	CHECK_EQ(sdp_video_ta.open_session(&id, 0, p, &ctx), TEE_SUCCESS);
	p[0].value.a = MJPG;
	p[0].value.b = TEST_VIDEO_KEY_ID;
	p[1].value.a = 64;
	p[1].value.b = 48;
	CHECK_EQ(sdp_video_ta.invoke(ctx, SDP_VIDEO_CMD_OPEN_STREAM,
				     TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT,
						     TEE_PARAM_TYPE_VALUE_INPUT,
						     0, 0), p), TEE_SUCCESS);
	memset(p, 0, sizeof(p));
	memref_init_contig(&p[0].memref, MEMREF_KIND_NSEC, MEMREF_ACCESS_READ,
			   rec, size);
	memref_init_paged(&p[1].memref, MEMREF_KIND_SECURE,
			  MEMREF_ACCESS_WRITE, pages, 0, 4 * 4096);
	p[2].value.a = 64;
	p[2].value.b = 64 * 48;
	CHECK_EQ(sdp_video_ta.invoke(ctx, SDP_VIDEO_CMD_DECODE_FRAME,
				     TEE_PARAM_TYPES(
					TEE_PARAM_TYPE_MEMREF_INPUT,
					TEE_PARAM_TYPE_MEMREF_OUTPUT,
					TEE_PARAM_TYPE_VALUE_INPUT,
					TEE_PARAM_TYPE_VALUE_OUTPUT), p),
		 TEE_ERROR_NOT_SUPPORTED);
	CHECK_EQ(p[3].value.a, span);
	CHECK(all_bytes(pa_ptr(SEC_NV12), 5 * 4096, CANARY));
	/* the same pages in order are one run: fine */
	pages[0] = SEC_NV12;
	pages[1] = SEC_NV12 + 4096;
	pages[2] = SEC_NV12 + 2 * 4096;
	pages[3] = SEC_NV12 + 3 * 4096;
	CHECK_EQ(sdp_video_ta.invoke(ctx, SDP_VIDEO_CMD_DECODE_FRAME,
				     TEE_PARAM_TYPES(
					TEE_PARAM_TYPE_MEMREF_INPUT,
					TEE_PARAM_TYPE_MEMREF_OUTPUT,
					TEE_PARAM_TYPE_VALUE_INPUT,
					TEE_PARAM_TYPE_VALUE_OUTPUT), p),
		 TEE_SUCCESS);
	CHECK(!memcmp(pa_ptr(SEC_NV12), f.nv12, f.nv12_len));
	sdp_video_ta.close_session(ctx);
	ref_free(&f);
}

const struct test_case video_tests[] = {
	T(test_video_decode_nv12_tight),
	T(test_video_decode_nv12_padded_layout),
	T(test_video_decode_grayscale),
	T(test_video_decode_frames_in_sequence),
	T(test_video_decode_from_registered_shm),
	T(test_video_convert_xrgb_matches_libjpeg),
	T(test_video_convert_xrgb_grayscale),
	T(test_video_convert_refusals),
	T(test_video_decoder_refuses_nonsecure_destination),
	T(test_video_decode_refuses_secure_source),
	T(test_video_decode_short_destination),
	T(test_video_decode_bad_layouts),
	T(test_video_decode_record_length_mismatch),
	T(test_video_decode_corrupt_ciphertext),
	T(test_video_decode_unsupported_sampling_is_bad_format),
	T(test_video_decode_excess_data),
	T(test_video_unknown_key_id),
	T(test_video_unknown_stream_format),
	T(test_video_open_stream_bad_parameters),
	T(test_video_decode_and_convert_need_a_stream),
	T(test_video_second_open_stream),
	T(test_video_wrong_param_types),
	T(test_video_session_pool),
	T(test_video_digest_refuses_secure_output),
	T(test_video_digest_short_output),
	T(test_video_digest_refuses_range_never_decoded),
	T(test_video_digest_refuses_window_inside_frame),
	T(test_video_digest_from_another_session_without_stream),
	T(test_video_digest_forgotten_after_overlapping_decode),
	T(test_video_digest_forgotten_after_failed_decode),
	T(test_video_digest_forgotten_after_sdp_inject),
	T(test_video_digest_forgotten_after_scrub),
	T(test_video_frame_log_evicts_oldest_beyond_64),
	T(test_video_convert_refuses_source_never_decoded),
	T(test_video_convert_output_digest_matches_libjpeg),
	T(test_video_paged_secure_memref_not_supported),
};

const unsigned int video_test_count =
	sizeof(video_tests) / sizeof(video_tests[0]);

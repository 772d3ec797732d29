// SPDX-License-Identifier: GPL-2.0
/*
 * The split secure video path, end to end through optee_smc_handler() as
 * the normal-world driver would call it: the video TA's DECRYPT_SAMPLE (a
 * frame record into a secure bitstream buffer) and the JPEG decoder engine
 * TA (firmware/ta/jpeg_engine_ta.c), which decodes bitstreams into NV12
 * frames as a SoC's hardware decoder would, under the memory rule "what
 * comes from secure memory stays in secure memory".
 *
 * References are libjpeg-turbo's (video_ref.h). Every buffer is painted
 * with a canary from PRE bytes before it to GUARD bytes past it, so any
 * byte a TA writes outside the visible pixels, or at all on a refusal,
 * shows. Frames the engine decodes into secure memory are also checked
 * through the video TA's DIGEST, from a session without a stream.
 */
#include <stdlib.h>
#include <string.h>

#include "nsworld.h"
#include "test_harness.h"
#include "test_keys.h"
#include "video_ref.h"
#include "../../firmware/lib/crypto/sha256.h"
#include "../../firmware/lib/jpeg/jpeg.h"
#include "../../firmware/ta/frame_log.h"
#include "../../firmware/ta/jpeg_engine_ta.h"
#include "../../firmware/ta/pta_rmem.h"
#include "../../firmware/ta/sdp_ta.h"
#include "../../firmware/ta/sdp_video_ta.h"
#include "../../firmware/ta/ta.h"
#include "../../firmware/ta/ta_client.h"

#define V_IN	OPTEE_MSG_ATTR_TYPE_VALUE_INPUT
#define V_OUT	OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT
#define V_INOUT	OPTEE_MSG_ATTR_TYPE_VALUE_INOUT
#define R_IN	OPTEE_MSG_ATTR_TYPE_RMEM_INPUT
#define R_OUT	OPTEE_MSG_ATTR_TYPE_RMEM_OUTPUT
#define T_IN	OPTEE_MSG_ATTR_TYPE_TMEM_INPUT
#define T_OUT	OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT
#define T_INOUT	OPTEE_MSG_ATTR_TYPE_TMEM_INOUT

#define TA_ORIG		TEE_ORIGIN_TRUSTED_APP
#define NV12		SDP_VIDEO_PIXFMT_NV12

/* Secure buffers, in the carveout: bitstreams, frames. */
#define SEC_BS		(SDP_BASE + 0x300000)
#define SEC_FRAME	(SDP_BASE + 0x400000)
#define CANARY		0xa5
#define NS_CANARY	0x5c
#define PRE		64	/* canary bytes checked before a buffer */
#define GUARD		4096	/* and past it */

static const TEE_UUID video_uuid = TA_SDP_VIDEO_UUID;
static const TEE_UUID engine_uuid = TA_JPEG_ENGINE_UUID;
static const TEE_UUID sdp_uuid = TA_SDP_BASIC_UUID;
static const TEE_UUID rmem_uuid = PTA_RMEM_UUID;
static const uint8_t test_key[16] = TEST_VIDEO_KEY;
static const uint8_t iv1[16] = {
	0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0, 0, 0, 0, 0, 0, 0, 0
};

extern const struct ta_desc jpeg_engine_ta;

/* ---- buffers ------------------------------------------------------------- */

/* Fresh normal memory for a buffer of @size, with room for the canary. */
static uint64_t ns_buf(uint64_t size)
{
	return ns_alloc(PRE + size + GUARD) + PRE;
}

/* Canary @c over [pa - PRE, pa + size + GUARD). */
static void paint(uint64_t pa, uint64_t size, uint8_t c)
{
	memset(pa_ptr(pa - PRE), c, PRE + size + GUARD);
}

static bool painted(uint64_t pa, uint64_t size, uint8_t c)
{
	return all_bytes(pa_ptr(pa - PRE), PRE + size + GUARD, c);
}

/* @len bytes of @p in fresh normal memory. */
static uint64_t ns_copy(const void *p, size_t len)
{
	uint64_t pa = ns_alloc(len);

	memcpy(pa_ptr(pa), p, len);
	return pa;
}

/* The record of @plain[0..len) (test key, iv1) in fresh normal memory. */
static uint64_t ns_record_of(const uint8_t *plain, size_t len, uint64_t *size)
{
	uint64_t pa = ns_alloc(SDP_VIDEO_RECORD_HDR_SIZE + len);

	*size = make_record(pa_ptr(pa), test_key, iv1, plain, len);
	return pa;
}

/* NV12 layout of a w x h frame. */
struct layout {
	uint32_t stride;
	uint32_t uv_offset;
	uint64_t span;
};

static struct layout nv12(int w, int h, uint32_t stride, uint32_t gap)
{
	struct layout l = { .stride = stride };

	l.uv_offset = stride * (uint32_t)h + gap;
	l.span = l.uv_offset + (uint64_t)stride * (uint32_t)((h + 1) / 2);
	return l;
}

/*
 * What byte @off of a w x h frame at layout @l is: -1 outside the visible
 * pixels, else its index in the tight reference (video_ref.h).
 */
static long ref_index(int w, int h, const struct layout *l, uint64_t off)
{
	uint64_t uv_row = 2 * (uint64_t)((w + 1) / 2), row, col;

	if (off < (uint64_t)l->stride * h) {
		row = off / l->stride;
		col = off % l->stride;
		return col < (uint64_t)w ? (long)(row * w + col) : -1;
	}
	if (off >= l->uv_offset && off < l->span) {
		row = (off - l->uv_offset) / l->stride;
		col = (off - l->uv_offset) % l->stride;
		return col < uv_row ? (long)((uint64_t)w * h + row * uv_row +
					     col) : -1;
	}
	return -1;
}

/*
 * The frame at @pa (layout @l) is @f's reference, and every other byte of
 * [pa - PRE, pa + span + GUARD) is still @c.
 */
static bool frame_matches(uint64_t pa, const struct ref_frame *f,
			  const struct layout *l, uint8_t c)
{
	const uint8_t *b = pa_ptr(pa);
	uint64_t i;
	long k;

	if (!all_bytes(b - PRE, PRE, c))
		return false;
	for (i = 0; i < l->span + GUARD; i++) {
		k = ref_index(f->w, f->h, l, i);
		if (b[i] != (k < 0 ? c : f->nv12[k])) {
			printf("#   frame byte %llu is %#x, want %#x\n",
			       (unsigned long long)i, b[i],
			       k < 0 ? c : f->nv12[k]);
			return false;
		}
	}
	return true;
}

/* Only visible pixels of a w x h frame at @pa (layout @l) are not @c. */
static bool only_planes_written(uint64_t pa, int w, int h,
				const struct layout *l, uint8_t c)
{
	const uint8_t *b = pa_ptr(pa);
	uint64_t i;

	if (!all_bytes(b - PRE, PRE, c))
		return false;
	for (i = 0; i < l->span + GUARD; i++)
		if (ref_index(w, h, l, i) < 0 && b[i] != c)
			return false;
	return true;
}

/* ---- calls --------------------------------------------------------------- */

static struct optee_msg_param ep[4];
static uint32_t eorigin;

static uint32_t invoke4(uint32_t s, uint32_t cmd, struct optee_msg_param a,
			struct optee_msg_param b, struct optee_msg_param c,
			struct optee_msg_param d)
{
	ep[0] = a;
	ep[1] = b;
	ep[2] = c;
	ep[3] = d;
	eorigin = 0;
	return ns_invoke(s, cmd, ep, 4, &eorigin);
}

static uint32_t open_as(const TEE_UUID *uuid, uint32_t login)
{
	uint32_t s = 0, o = 0;

	CHECK_EQ(ns_open(uuid, login, NULL, 0, &s, &o), TEE_SUCCESS);
	CHECK(s != 0);
	return s;
}

static uint32_t engine_open(void)
{
	return open_as(&engine_uuid, TEE_LOGIN_PUBLIC);
}

/* A video TA session with a stream (64x48, the test key). */
static uint32_t video_stream(void)
{
	uint32_t s = open_as(&video_uuid, TEE_LOGIN_PUBLIC);

	CHECK_EQ(invoke4(s, SDP_VIDEO_CMD_OPEN_STREAM,
			 p_value(V_IN, SDP_VIDEO_FMT_MJPG, TEST_VIDEO_KEY_ID,
				 0),
			 p_value(V_IN, 64, 48, 0), p_none(), p_none()),
		 TEE_SUCCESS);
	return s;
}

static uint32_t decrypt(uint32_t vs, struct optee_msg_param src,
			struct optee_msg_param dst)
{
	return invoke4(vs, SDP_VIDEO_CMD_DECRYPT_SAMPLE, src, dst, p_none(),
		       p_value(V_OUT, 0, 0, 0));
}

/* DECRYPT_SAMPLE of @plain's record into secure @pa (@size bytes). */
static uint32_t decrypt_to(uint32_t vs, const uint8_t *plain, size_t len,
			   uint64_t pa, uint64_t size)
{
	uint64_t rec, rec_size;

	rec = ns_record_of(plain, len, &rec_size);
	return decrypt(vs, p_mem(T_IN, rec, rec_size),
		       p_mem(T_OUT, pa, size));
}

static uint32_t parse(uint32_t es, struct optee_msg_param src)
{
	return invoke4(es, JPEG_ENGINE_CMD_PARSE_HEADER, src,
		       p_value(V_OUT, 0, 0, 0), p_value(V_OUT, 0, 0, 0),
		       p_none());
}

/* PARSE_HEADER said: @w x @h, sampling @sub. */
static bool parsed(uint32_t w, uint32_t h, uint32_t sub)
{
	return ep[1].u.value.a == w && ep[1].u.value.b == h &&
	       ep[2].u.value.a == sub && ep[2].u.value.b == 0;
}

static uint32_t decode(uint32_t es, struct optee_msg_param src,
		       struct optee_msg_param dst, const struct layout *l)
{
	return invoke4(es, JPEG_ENGINE_CMD_DECODE, src, dst,
		       p_value(V_IN, l->stride, l->uv_offset, 0),
		       p_value(V_OUT, 0, 0, 0));
}

/* DECODE's [3]: the frame's size. */
static bool decoded_size(uint32_t w, uint32_t h)
{
	return ep[3].u.value.a == w && ep[3].u.value.b == h;
}

/* The video TA's DIGEST of the NV12 frame at secure @pa, layout @l. */
static uint32_t digest(uint32_t vs, uint64_t pa, const struct layout *l,
		       uint8_t out[SDP_VIDEO_DIGEST_SIZE])
{
	struct optee_msg_param p[4];
	uint64_t o = ns_alloc(64);
	uint32_t ret, origin;

	p[0] = p_mem(T_IN, pa, l->span);
	p[1] = p_mem(T_OUT, o, 32);
	p[2] = p_value(V_IN, NV12, l->stride, 0);
	p[3] = p_value(V_IN, l->uv_offset, 0, 0);
	ret = ns_invoke(vs, SDP_VIDEO_CMD_DIGEST, p, 4, &origin);
	memcpy(out, pa_ptr(o), SDP_VIDEO_DIGEST_SIZE);
	return ret;
}

/* The frame at @pa (layout @l) is on record, with @f's digest. */
static bool on_record(uint32_t vs, uint64_t pa, const struct layout *l,
		      const struct ref_frame *f)
{
	uint8_t got[32], want[32];
	uint32_t ret;

	sha256(f->nv12, f->nv12_len, want);
	ret = digest(vs, pa, l, got);
	if (ret != TEE_SUCCESS)
		printf("#   DIGEST at %#llx: %#x\n", (unsigned long long)pa,
		       ret);
	return ret == TEE_SUCCESS && !memcmp(got, want, 32);
}

static uint32_t lookup(uint32_t vs, uint64_t pa, const struct layout *l)
{
	uint8_t d[32];

	return digest(vs, pa, l, d);
}

/* The SDP test TA copies @len bytes of @p to secure @pa. */
static uint32_t sdp_inject(uint64_t pa, const void *p, uint64_t len)
{
	struct optee_msg_param q[2];

	q[0] = p_mem(T_IN, ns_copy(p, len), len);
	q[1] = p_mem(T_OUT, pa, len);
	return ns_call_once(&sdp_uuid, TEE_LOGIN_PUBLIC,
			    TA_SDP_BASIC_CMD_INJECT, q, 2, NULL);
}

/* The offset of the first 0xff @m1 marker in @p, or 0. */
static size_t find_marker(const uint8_t *p, size_t len, uint8_t m1)
{
	size_t i;

	for (i = 0; i + 1 < len; i++)
		if (p[i] == 0xff && p[i + 1] == m1)
			return i;
	return 0;
}

/* ---- DECRYPT_SAMPLE ------------------------------------------------------ */

static void test_video_decrypt_sample_writes_plaintext_into_secure(void)
{
	static struct ns_shm shm;
	struct ref_frame f;
	uint64_t rec, size;
	uint8_t *planes[3], *r;
	int cw[3], ch[3], n;
	uint32_t vs;

	ref_make(&f, 64, 48, JPEG_SUB_420, PAT_NOISE);
	vs = video_stream();
	rec = ns_record_of(f.jpg, f.len, &size);
	paint(SEC_BS, f.len + 100, CANARY);
	CHECK_EQ(decrypt(vs, p_mem(T_IN, rec, size),
			 p_mem(T_OUT, SEC_BS, f.len + 100)), TEE_SUCCESS);
	CHECK_EQ(eorigin, TA_ORIG);
	CHECK_EQ(ep[1].u.tmem.size, f.len);
	CHECK_EQ(ep[3].u.value.a, f.len);
	CHECK_EQ(ep[3].u.value.b, 0);
	CHECK(!memcmp(pa_ptr(SEC_BS), f.jpg, f.len));
	CHECK(all_bytes(pa_ptr(SEC_BS - PRE), PRE, CANARY));
	CHECK(all_bytes(pa_ptr(SEC_BS + f.len), 100 + GUARD, CANARY));
	CHECK_EQ(sdp_video_ta_bounce_residue(), 0);
	/* libjpeg-turbo decodes it into the reference */
	n = ref_decode_planar(pa_ptr(SEC_BS), f.len, planes, cw, ch);
	CHECK_EQ(n, 3);
	if (n == 3) {
		CHECK(!memcmp(planes[0], f.nv12, (size_t)64 * 48));
		while (n--)
			free(planes[n]);
	}

	/* from registered shared memory (scattered pages), exact size */
	r = malloc(size);
	make_record(r, test_key, iv1, f.jpg, f.len);
	CHECK_EQ(ns_shm_register(&shm, 0x6100, size + 300, 100, true), 0);
	ns_shm_write(&shm, 30, r, size);
	paint(SEC_BS, f.len, CANARY);
	CHECK_EQ(decrypt(vs, p_rmem(R_IN, 0x6100, 30, size),
			 p_mem(T_OUT, SEC_BS, f.len)), TEE_SUCCESS);
	CHECK_EQ(ep[1].u.tmem.size, f.len);
	CHECK(!memcmp(pa_ptr(SEC_BS), f.jpg, f.len));
	CHECK(all_bytes(pa_ptr(SEC_BS + f.len), GUARD, CANARY));
	CHECK_EQ(sdp_video_ta_bounce_residue(), 0);
	CHECK_EQ(ns_shm_unregister(0x6100), 0);
	free(r);
	/* the bitstream is on record (for the engine), no frame is */
	CHECK_EQ(frame_log_count(), 1);
	CHECK_EQ(ns_close(vs), TEE_SUCCESS);
	ref_free(&f);
}

/* A 64x48 frame's record in normal memory and a stream to decrypt it. */
struct dfix {
	struct ref_frame f;
	uint32_t vs;
	uint64_t rec, size;
};

static void dfix_init(struct dfix *x)
{
	ref_make(&x->f, 64, 48, JPEG_SUB_420, PAT_SQUARE);
	x->vs = video_stream();
	x->rec = ns_record_of(x->f.jpg, x->f.len, &x->size);
	paint(SEC_BS, x->f.len, CANARY);
}

static void dfix_done(struct dfix *x)
{
	CHECK_EQ(ns_close(x->vs), TEE_SUCCESS);
	ref_free(&x->f);
}

/* Nothing written, nothing decrypted, nothing said. */
static void check_refused(const struct dfix *x)
{
	CHECK_EQ(eorigin, TA_ORIG);
	CHECK_EQ(ep[3].u.value.a, 0);
	CHECK_EQ(ep[3].u.value.b, 0);
	CHECK(painted(SEC_BS, x->f.len, CANARY));
	CHECK_EQ(sdp_video_ta_bounce_residue(), 0);
	CHECK_EQ(frame_log_count(), 0);
}

static void test_video_decrypt_sample_refuses_nonsecure_destination(void)
{
	static struct ns_shm shm;
	struct dfix x;
	uint64_t ns;
	uint8_t *b;

	dfix_init(&x);
	ns = ns_buf(8192);
	paint(ns, 8192, NS_CANARY);
	CHECK_EQ(decrypt(x.vs, p_mem(T_IN, x.rec, x.size),
			 p_mem(T_OUT, ns, 8192)), TEE_ERROR_ACCESS_DENIED);
	check_refused(&x);
	CHECK_EQ(ep[1].u.tmem.size, 8192);
	CHECK(painted(ns, 8192, NS_CANARY));
	/* registered shared memory is no better */
	CHECK_EQ(ns_shm_register(&shm, 0x6200, 8192, 0, false), 0);
	b = malloc(8192);
	memset(b, NS_CANARY, 8192);
	ns_shm_write(&shm, 0, b, 8192);
	CHECK_EQ(decrypt(x.vs, p_mem(T_IN, x.rec, x.size),
			 p_rmem(R_OUT, 0x6200, 0, 8192)),
		 TEE_ERROR_ACCESS_DENIED);
	check_refused(&x);
	ns_shm_read(&shm, 0, b, 8192);
	CHECK(all_bytes(b, 8192, NS_CANARY));
	free(b);
	/* no destination at all */
	CHECK_EQ(decrypt(x.vs, p_mem(T_IN, x.rec, x.size),
			 p_mem(T_OUT, 0, 0)), TEE_ERROR_ACCESS_DENIED);
	check_refused(&x);
	/* checked first: even with a record that is no record */
	CHECK_EQ(decrypt(x.vs, p_mem(T_IN, x.rec, 5), p_mem(T_OUT, ns, 8)),
		 TEE_ERROR_ACCESS_DENIED);
	CHECK(painted(ns, 8192, NS_CANARY));
	/* and the session still decrypts into secure memory */
	CHECK_EQ(decrypt(x.vs, p_mem(T_IN, x.rec, x.size),
			 p_mem(T_OUT, SEC_BS, x.f.len)), TEE_SUCCESS);
	CHECK(!memcmp(pa_ptr(SEC_BS), x.f.jpg, x.f.len));
	dfix_done(&x);
}

static void test_video_decrypt_sample_refuses_secure_source(void)
{
	const uint64_t sec_rec = SEC_BS + 0x10000;
	struct dfix x;

	dfix_init(&x);
	memcpy(pa_ptr(sec_rec), pa_ptr(x.rec), x.size);
	CHECK_EQ(decrypt(x.vs, p_mem(T_IN, sec_rec, x.size),
			 p_mem(T_OUT, SEC_BS, x.f.len)),
		 TEE_ERROR_ACCESS_DENIED);
	check_refused(&x);
	CHECK_EQ(decrypt(x.vs, p_mem(T_IN, 0, 0),
			 p_mem(T_OUT, SEC_BS, x.f.len)),
		 TEE_ERROR_ACCESS_DENIED);
	check_refused(&x);
	dfix_done(&x);
}

static void test_video_decrypt_sample_short_destination(void)
{
	struct dfix x;

	dfix_init(&x);
	CHECK_EQ(decrypt(x.vs, p_mem(T_IN, x.rec, x.size),
			 p_mem(T_OUT, SEC_BS, x.f.len - 1)),
		 TEE_ERROR_SHORT_BUFFER);
	check_refused(&x);
	CHECK_EQ(ep[1].u.tmem.size, x.f.len);
	/* a NULL memref is no secure memory, whatever its size */
	CHECK_EQ(decrypt(x.vs, p_mem(T_IN, x.rec, x.size),
			 p_mem(T_OUT, 0, 0)), TEE_ERROR_ACCESS_DENIED);
	CHECK_EQ(ep[1].u.tmem.size, 0);
	check_refused(&x);
	dfix_done(&x);
}

static void test_video_decrypt_sample_bad_records(void)
{
	struct dfix x;
	uint64_t big = SDP_VIDEO_MAX_FRAME_BYTES + 1, rec;
	uint8_t *r;

	dfix_init(&x);
	CHECK_EQ(decrypt(x.vs, p_mem(T_IN, x.rec, x.size - 1),
			 p_mem(T_OUT, SEC_BS, x.f.len)), TEE_ERROR_BAD_FORMAT);
	check_refused(&x);
	CHECK_EQ(decrypt(x.vs, p_mem(T_IN, x.rec, x.size + 1),
			 p_mem(T_OUT, SEC_BS, x.f.len)), TEE_ERROR_BAD_FORMAT);
	check_refused(&x);
	CHECK_EQ(decrypt(x.vs, p_mem(T_IN, x.rec,
				      SDP_VIDEO_RECORD_HDR_SIZE - 1),
			 p_mem(T_OUT, SEC_BS, x.f.len)), TEE_ERROR_BAD_FORMAT);
	check_refused(&x);
	CHECK_EQ(decrypt(x.vs, p_mem(T_IN, x.rec, 0),
			 p_mem(T_OUT, SEC_BS, x.f.len)), TEE_ERROR_BAD_FORMAT);
	check_refused(&x);
	/* a record of length 0 */
	r = pa_ptr(x.rec);
	memset(r, 0, 4);
	CHECK_EQ(decrypt(x.vs, p_mem(T_IN, x.rec, SDP_VIDEO_RECORD_HDR_SIZE),
			 p_mem(T_OUT, SEC_BS, x.f.len)), TEE_ERROR_BAD_FORMAT);
	check_refused(&x);

	/* above the bounce buffer */
	rec = ns_alloc(SDP_VIDEO_RECORD_HDR_SIZE + big);
	r = pa_ptr(rec);
	r[0] = (uint8_t)big;
	r[1] = (uint8_t)(big >> 8);
	r[2] = (uint8_t)(big >> 16);
	CHECK_EQ(decrypt(x.vs, p_mem(T_IN, rec,
				      SDP_VIDEO_RECORD_HDR_SIZE + big),
			 p_mem(T_OUT, SEC_BS, big)), TEE_ERROR_EXCESS_DATA);
	check_refused(&x);
	/* exactly the limit: decrypted (no JPEG check here), then wiped */
	big--;
	r[0] = (uint8_t)big;
	r[1] = (uint8_t)(big >> 8);
	r[2] = (uint8_t)(big >> 16);
	memset(r + SDP_VIDEO_RECORD_HDR_SIZE, 0x77, big);
	CHECK_EQ(decrypt(x.vs, p_mem(T_IN, rec,
				      SDP_VIDEO_RECORD_HDR_SIZE + big),
			 p_mem(T_OUT, SEC_BS, big)), TEE_SUCCESS);
	CHECK_EQ(ep[3].u.value.a, big);
	CHECK_EQ(ep[1].u.tmem.size, big);
	CHECK_EQ(sdp_video_ta_bounce_residue(), 0);	/* all 1 MiB */
	dfix_done(&x);
}

static void test_video_decrypt_sample_needs_a_stream(void)
{
	struct dfix x;
	uint32_t s;

	dfix_init(&x);
	s = open_as(&video_uuid, TEE_LOGIN_PUBLIC);
	CHECK_EQ(decrypt(s, p_mem(T_IN, x.rec, x.size),
			 p_mem(T_OUT, SEC_BS, x.f.len)), TEE_ERROR_BAD_STATE);
	check_refused(&x);
	CHECK_EQ(ns_close(s), TEE_SUCCESS);
	dfix_done(&x);
}

static void test_video_decrypt_sample_wrong_param_types(void)
{
	struct dfix x;

	dfix_init(&x);
	/* [2] not NONE */
	CHECK_EQ(invoke4(x.vs, SDP_VIDEO_CMD_DECRYPT_SAMPLE,
			 p_mem(T_IN, x.rec, x.size),
			 p_mem(T_OUT, SEC_BS, x.f.len),
			 p_value(V_IN, 0, 0, 0), p_value(V_OUT, 0, 0, 0)),
		 TEE_ERROR_BAD_PARAMETERS);
	check_refused(&x);
	/* [3] as VALUE_INOUT */
	CHECK_EQ(invoke4(x.vs, SDP_VIDEO_CMD_DECRYPT_SAMPLE,
			 p_mem(T_IN, x.rec, x.size),
			 p_mem(T_OUT, SEC_BS, x.f.len), p_none(),
			 p_value(V_INOUT, 0, 0, 0)),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK(painted(SEC_BS, x.f.len, CANARY));
	/* the destination as INOUT, the record as OUTPUT */
	CHECK_EQ(invoke4(x.vs, SDP_VIDEO_CMD_DECRYPT_SAMPLE,
			 p_mem(T_IN, x.rec, x.size),
			 p_mem(T_INOUT, SEC_BS, x.f.len), p_none(),
			 p_value(V_OUT, 0, 0, 0)), TEE_ERROR_BAD_PARAMETERS);
	check_refused(&x);
	CHECK_EQ(invoke4(x.vs, SDP_VIDEO_CMD_DECRYPT_SAMPLE,
			 p_mem(T_OUT, x.rec, x.size),
			 p_mem(T_OUT, SEC_BS, x.f.len), p_none(),
			 p_value(V_OUT, 0, 0, 0)), TEE_ERROR_BAD_PARAMETERS);
	check_refused(&x);
	dfix_done(&x);
}

/*
 * A bitstream written over a frame on record drops it; DIGEST does not
 * answer for bitstreams; a second bitstream at the same start replaces the
 * first.
 */
static void test_video_decrypt_sample_drops_overwritten_frames(void)
{
	struct ref_frame f;
	struct layout l = nv12(64, 48, 64, 0);
	uint64_t bs;
	uint32_t vs, es, d;
	uint8_t dg[32];

	ref_make(&f, 64, 48, JPEG_SUB_420, PAT_GRADIENT);
	vs = video_stream();
	es = engine_open();
	d = open_as(&video_uuid, TEE_LOGIN_PUBLIC);
	bs = ns_copy(f.jpg, f.len);
	CHECK_EQ(decode(es, p_mem(T_IN, bs, f.len),
			p_mem(T_OUT, SEC_FRAME, l.span), &l), TEE_SUCCESS);
	CHECK(on_record(d, SEC_FRAME, &l, &f));
	/* a bitstream in the frame's last bytes */
	CHECK_EQ(decrypt_to(vs, f.jpg, f.len, SEC_FRAME + l.span - 10,
			    f.len), TEE_SUCCESS);
	CHECK_EQ(lookup(d, SEC_FRAME, &l), TEE_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(frame_log_count(), 1);
	/* the bitstream itself: no digest, in any format */
	CHECK_EQ(invoke4(d, SDP_VIDEO_CMD_DIGEST,
			 p_mem(T_IN, SEC_FRAME + l.span - 10, f.len),
			 p_mem(T_OUT, ns_alloc(64), 32),
			 p_value(V_IN, SDP_VIDEO_PIXFMT_JPEG, 0, 0),
			 p_value(V_IN, 0, 0, 0)), TEE_ERROR_NOT_SUPPORTED);
	CHECK_EQ(invoke4(d, SDP_VIDEO_CMD_DIGEST,
			 p_mem(T_IN, SEC_FRAME + l.span - 10, f.len),
			 p_mem(T_OUT, ns_alloc(64), 32),
			 p_value(V_IN, NV12, 0, 0),
			 p_value(V_IN, 0, 0, 0)), TEE_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(digest(d, SEC_FRAME + l.span - 10, &l, dg),
		 TEE_ERROR_ITEM_NOT_FOUND);
	/* again at the same start: still one entry, the engine takes it */
	CHECK_EQ(decrypt_to(vs, f.jpg, f.len, SEC_FRAME + l.span - 10,
			    f.len), TEE_SUCCESS);
	CHECK_EQ(frame_log_count(), 1);
	CHECK_EQ(parse(es, p_mem(T_IN, SEC_FRAME + l.span - 10, f.len)),
		 TEE_SUCCESS);
	CHECK_EQ(ns_close(d), TEE_SUCCESS);
	CHECK_EQ(ns_close(es), TEE_SUCCESS);
	CHECK_EQ(ns_close(vs), TEE_SUCCESS);
	ref_free(&f);
}

/*
 * A secure destination made of pages (no transport builds one today): the
 * bitstream must be one contiguous run, so NOT_SUPPORTED, nothing written.
 * Called directly, without the transport.
 */
static void test_video_decrypt_sample_paged_destination_not_supported(void)
{
	extern const struct ta_desc sdp_video_ta;
	struct ta_identity id = { .login = TEE_LOGIN_PUBLIC };
	union ta_param p[TEE_NUM_PARAMS];
	uint64_t pages[2] = { SEC_BS + 4096, SEC_BS };
	const uint32_t pt = TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT,
					    TEE_PARAM_TYPE_MEMREF_OUTPUT,
					    TEE_PARAM_TYPE_NONE,
					    TEE_PARAM_TYPE_VALUE_OUTPUT);
	struct ref_frame f;
	uint64_t rec, size;
	void *ctx = NULL;

	ref_make(&f, 96, 64, JPEG_SUB_420, PAT_NOISE);
	CHECK(f.len > 4096 && f.len <= 8192);
	rec = ns_record_of(f.jpg, f.len, &size);
	paint(SEC_BS, 8192, CANARY);
	memset(p, 0, sizeof(p));
	CHECK_EQ(sdp_video_ta.open_session(&id, 0, p, &ctx), TEE_SUCCESS);
	p[0].value.a = SDP_VIDEO_FMT_MJPG;
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
			  MEMREF_ACCESS_WRITE, pages, 0, 8192);
	CHECK_EQ(sdp_video_ta.invoke(ctx, SDP_VIDEO_CMD_DECRYPT_SAMPLE, pt, p),
		 TEE_ERROR_NOT_SUPPORTED);
	CHECK_EQ(p[3].value.a, 0);
	CHECK(painted(SEC_BS, 8192, CANARY));
	CHECK_EQ(sdp_video_ta_bounce_residue(), 0);
	/* the same pages in order are one run */
	pages[0] = SEC_BS;
	pages[1] = SEC_BS + 4096;
	CHECK_EQ(sdp_video_ta.invoke(ctx, SDP_VIDEO_CMD_DECRYPT_SAMPLE, pt, p),
		 TEE_SUCCESS);
	CHECK_EQ(p[3].value.a, f.len);
	CHECK(!memcmp(pa_ptr(SEC_BS), f.jpg, f.len));
	sdp_video_ta.close_session(ctx);
	ref_free(&f);
}

/* ---- the engine: PARSE_HEADER -------------------------------------------- */

static void test_engine_parse_header_nonsecure_bitstream(void)
{
	static struct ns_shm shm;
	static const struct {
		int w, h, sub;
		uint32_t kind;
	} c[] = {
		{ 64, 48, JPEG_SUB_420, JPEG_ENGINE_SUB_420 },
		{ 96, 64, JPEG_SUB_GRAY, JPEG_ENGINE_SUB_GRAY },
		{ 33, 17, JPEG_SUB_420, JPEG_ENGINE_SUB_420 },
		{ 1, 1, JPEG_SUB_GRAY, JPEG_ENGINE_SUB_GRAY },
		{ 4096, 8, JPEG_SUB_420, JPEG_ENGINE_SUB_420 },
		{ 8, 4096, JPEG_SUB_GRAY, JPEG_ENGINE_SUB_GRAY },
	};
	struct ref_frame f;
	unsigned int i;
	uint32_t es = engine_open();

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		ref_make(&f, c[i].w, c[i].h, c[i].sub, PAT_SQUARE);
		CHECK_EQ(parse(es, p_mem(T_IN, ns_copy(f.jpg, f.len),
					  f.len)), TEE_SUCCESS);
		CHECK_EQ(eorigin, TA_ORIG);
		CHECK(parsed(c[i].w, c[i].h, c[i].kind));
		ref_free(&f);
	}
	/* registered shared memory, scattered pages */
	ref_make(&f, 160, 96, JPEG_SUB_420, PAT_NOISE);
	CHECK(f.len > 2 * 4096);
	CHECK_EQ(ns_shm_register(&shm, 0x6300, f.len + 200, 100, true), 0);
	ns_shm_write(&shm, 50, f.jpg, f.len);
	CHECK_EQ(parse(es, p_rmem(R_IN, 0x6300, 50, f.len)), TEE_SUCCESS);
	CHECK(parsed(160, 96, JPEG_ENGINE_SUB_420));
	/* the headers up to SOS are enough */
	i = find_marker(f.jpg, f.len, 0xda) + 14;
	CHECK_EQ(parse(es, p_mem(T_IN, ns_copy(f.jpg, i), i)), TEE_SUCCESS);
	CHECK(parsed(160, 96, JPEG_ENGINE_SUB_420));
	CHECK_EQ(ns_shm_unregister(0x6300), 0);
	CHECK_EQ(frame_log_count(), 0);
	CHECK_EQ(ns_close(es), TEE_SUCCESS);
	ref_free(&f);
}

/*
 * A secure bitstream is parsed only as DECRYPT_SAMPLE wrote it: whole,
 * from its first byte, while it is still there.
 */
static void test_engine_parse_header_secure_bitstream(void)
{
	struct ref_frame f;
	uint32_t vs, es;

	ref_make(&f, 96, 64, JPEG_SUB_GRAY, PAT_NOISE);
	vs = video_stream();
	es = open_as(&engine_uuid, TEE_LOGIN_REE_KERNEL_MIN);
	CHECK_EQ(decrypt_to(vs, f.jpg, f.len, SEC_BS, f.len + 4096),
		 TEE_SUCCESS);
	CHECK_EQ(parse(es, p_mem(T_IN, SEC_BS, f.len)), TEE_SUCCESS);
	CHECK(parsed(96, 64, JPEG_ENGINE_SUB_GRAY));
	/* a longer memref (a V4L2 buffer's whole size) */
	CHECK_EQ(parse(es, p_mem(T_IN, SEC_BS, f.len + 4096)), TEE_SUCCESS);
	CHECK(parsed(96, 64, JPEG_ENGINE_SUB_GRAY));
	/* part of it, a window into it, from before it */
	CHECK_EQ(parse(es, p_mem(T_IN, SEC_BS, f.len - 1)),
		 TEE_ERROR_ITEM_NOT_FOUND);
	CHECK(parsed(0, 0, 0));
	CHECK_EQ(parse(es, p_mem(T_IN, SEC_BS + 2, f.len - 2)),
		 TEE_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(parse(es, p_mem(T_IN, SEC_BS - 16, f.len + 16)),
		 TEE_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(parse(es, p_mem(T_IN, SEC_BS, 0)),
		 TEE_ERROR_ITEM_NOT_FOUND);
	/* the same JPEG put into secure memory by another TA */
	CHECK_EQ(sdp_inject(SEC_BS + 0x10000, f.jpg, f.len), TEE_SUCCESS);
	CHECK_EQ(parse(es, p_mem(T_IN, SEC_BS + 0x10000, f.len)),
		 TEE_ERROR_ITEM_NOT_FOUND);
	/* secure memory nobody wrote, in both SDP ranges */
	CHECK_EQ(parse(es, p_mem(T_IN, SEC_FRAME, 4096)),
		 TEE_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(parse(es, p_mem(T_IN, RUI_BASE, 4096)),
		 TEE_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(eorigin, TA_ORIG);
	/* one byte of it rewritten (with its own value) by another TA */
	CHECK_EQ(sdp_inject(SEC_BS + f.len - 1, f.jpg + f.len - 1, 1),
		 TEE_SUCCESS);
	CHECK_EQ(parse(es, p_mem(T_IN, SEC_BS, f.len)),
		 TEE_ERROR_ITEM_NOT_FOUND);
	/* decrypted again, then scrubbed */
	CHECK_EQ(decrypt_to(vs, f.jpg, f.len, SEC_BS, f.len), TEE_SUCCESS);
	CHECK_EQ(parse(es, p_mem(T_IN, SEC_BS, f.len)), TEE_SUCCESS);
	{
		struct optee_msg_param q[2];
		uint32_t r = open_as(&rmem_uuid, TEE_LOGIN_REE_KERNEL_MIN), o;

		q[0] = p_value(V_IN, SEC_BS >> 32, SEC_BS & 0xffffffffu, 0);
		q[1] = p_value(V_IN, 4096, 0, 0);
		CHECK_EQ(ns_invoke(r, PTA_RMEM_CMD_SCRUB, q, 2, &o),
			 TEE_SUCCESS);
		CHECK_EQ(ns_close(r), TEE_SUCCESS);
	}
	CHECK_EQ(parse(es, p_mem(T_IN, SEC_BS, f.len)),
		 TEE_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(frame_log_count(), 0);
	CHECK_EQ(ns_close(es), TEE_SUCCESS);
	CHECK_EQ(ns_close(vs), TEE_SUCCESS);
	ref_free(&f);
}

/* PARSE_HEADER of a copy of @f's JPEG with byte @off set to @v. */
static uint32_t parse_patched(uint32_t es, const struct ref_frame *f,
			      size_t off, uint8_t v)
{
	uint64_t pa = ns_copy(f->jpg, f->len);

	((uint8_t *)pa_ptr(pa))[off] = v;
	return parse(es, p_mem(T_IN, pa, f->len));
}

static void test_engine_parse_header_refusals(void)
{
	static const int subs[] = { JPEG_SUB_422, JPEG_SUB_444 };
	struct ref_frame f;
	struct enc_params ep422 = {
		.w = 64, .h = 48, .quality = 80, .pat = PAT_SQUARE,
	};
	uint8_t junk[256];
	uint64_t big;
	size_t sof, len, i;
	uint8_t *jpg;
	uint32_t es = engine_open();

	ref_make(&f, 64, 48, JPEG_SUB_420, PAT_SQUARE);
	sof = find_marker(f.jpg, f.len, 0xc0);
	CHECK(sof > 0);
	/* not a JPEG, an empty one, a header cut short */
	for (i = 0; i < sizeof(junk); i++)
		junk[i] = (uint8_t)(i * 37 + 11);
	CHECK_EQ(parse(es, p_mem(T_IN, ns_copy(junk, sizeof(junk)),
				  sizeof(junk))), TEE_ERROR_BAD_FORMAT);
	CHECK_EQ(eorigin, TA_ORIG);
	CHECK(parsed(0, 0, 0));
	CHECK_EQ(parse(es, p_mem(T_IN, ns_alloc(16), 0)),
		 TEE_ERROR_BAD_FORMAT);
	CHECK_EQ(parse(es, p_mem(T_IN, ns_copy(f.jpg, sof + 6), sof + 6)),
		 TEE_ERROR_BAD_FORMAT);
	/* a SOF segment too short, width 0 */
	CHECK_EQ(parse_patched(es, &f, sof + 3, 5), TEE_ERROR_BAD_FORMAT);
	CHECK_EQ(parse_patched(es, &f, sof + 8, 0), TEE_ERROR_BAD_FORMAT);
	CHECK(parsed(0, 0, 0));

	/* JPEGs of kinds the engine does not decode */
	for (i = 0; i < 2; i++) {
		ep422.sub = subs[i];
		jpg = ref_encode(&ep422, &len);
		CHECK(jpg != NULL);
		if (!jpg)
			break;
		CHECK_EQ(parse(es, p_mem(T_IN, ns_copy(jpg, len), len)),
			 TEE_ERROR_NOT_SUPPORTED);
		CHECK(parsed(0, 0, 0));
		free(jpg);
	}
	CHECK_EQ(parse_patched(es, &f, sof + 1, 0xc2),	/* progressive */
		 TEE_ERROR_NOT_SUPPORTED);
	CHECK_EQ(parse_patched(es, &f, sof + 4, 12),	/* 12-bit */
		 TEE_ERROR_NOT_SUPPORTED);
	CHECK_EQ(parse_patched(es, &f, sof + 6, 0),	/* height from DNL */
		 TEE_ERROR_NOT_SUPPORTED);
	CHECK_EQ(parse_patched(es, &f, sof + 7, 0x10),	/* width 4096+64 */
		 TEE_ERROR_NOT_SUPPORTED);
	CHECK_EQ(parse_patched(es, &f, sof + 5, 0x30),	/* height > 8192 */
		 TEE_ERROR_NOT_SUPPORTED);
	CHECK(parsed(0, 0, 0));
	ref_free(&f);
	ref_make(&f, 4097, 8, JPEG_SUB_GRAY, PAT_GRADIENT);
	CHECK_EQ(parse(es, p_mem(T_IN, ns_copy(f.jpg, f.len), f.len)),
		 TEE_ERROR_NOT_SUPPORTED);
	ref_free(&f);
	ref_make(&f, 16, 4097, JPEG_SUB_420, PAT_GRADIENT);
	CHECK_EQ(parse(es, p_mem(T_IN, ns_copy(f.jpg, f.len), f.len)),
		 TEE_ERROR_NOT_SUPPORTED);
	ref_free(&f);

	/* a non-secure bitstream above the bounce buffer */
	big = ns_alloc(JPEG_ENGINE_MAX_BITSTREAM_BYTES + 1);
	CHECK_EQ(parse(es, p_mem(T_IN, big,
				  JPEG_ENGINE_MAX_BITSTREAM_BYTES + 1)),
		 TEE_ERROR_EXCESS_DATA);
	CHECK(parsed(0, 0, 0));
	/* exactly the limit is read (and is no JPEG) */
	CHECK_EQ(parse(es, p_mem(T_IN, big,
				  JPEG_ENGINE_MAX_BITSTREAM_BYTES)),
		 TEE_ERROR_BAD_FORMAT);
	/* no bitstream */
	CHECK_EQ(parse(es, p_mem(T_IN, 0, 0)), TEE_ERROR_ACCESS_DENIED);
	CHECK_EQ(eorigin, TA_ORIG);
	CHECK_EQ(ns_close(es), TEE_SUCCESS);
}

/* ---- the engine: DECODE -------------------------------------------------- */

/* A non-secure bitstream decodes into non-secure memory: clear content. */
static void test_engine_decode_nonsecure_to_nonsecure_matches_libjpeg(void)
{
	static struct ns_shm shm;
	struct ref_frame f;
	struct layout l;
	uint64_t bs, fr;
	uint32_t es = engine_open(), vs;
	uint8_t *b;

	ref_make(&f, 96, 64, JPEG_SUB_420, PAT_NOISE);
	bs = ns_copy(f.jpg, f.len);
	l = nv12(96, 64, 96, 0);
	fr = ns_buf(l.span);
	paint(fr, l.span, NS_CANARY);
	CHECK_EQ(decode(es, p_mem(T_IN, bs, f.len), p_mem(T_OUT, fr, l.span),
			&l), TEE_SUCCESS);
	CHECK_EQ(eorigin, TA_ORIG);
	CHECK(decoded_size(96, 64));
	CHECK_EQ(ep[1].u.tmem.size, l.span);
	CHECK(frame_matches(fr, &f, &l, NS_CANARY));
	/* padded, with a gap, in a larger buffer */
	l = nv12(96, 64, 128, 1000);
	fr = ns_buf(l.span + 300);
	paint(fr, l.span + 300, NS_CANARY);
	CHECK_EQ(decode(es, p_mem(T_IN, bs, f.len),
			p_mem(T_OUT, fr, l.span + 300), &l), TEE_SUCCESS);
	CHECK_EQ(ep[1].u.tmem.size, l.span + 300);
	CHECK(frame_matches(fr, &f, &l, NS_CANARY));
	/* not on record: it is the normal world's anyway */
	CHECK_EQ(frame_log_count(), 0);
	vs = open_as(&video_uuid, TEE_LOGIN_PUBLIC);
	CHECK_EQ(lookup(vs, fr, &l), TEE_ERROR_ACCESS_DENIED);
	CHECK_EQ(ns_close(vs), TEE_SUCCESS);

	/* registered memory: contiguous pages (a dma-contig buffer) */
	l = nv12(96, 64, 96, 0);
	CHECK_EQ(ns_shm_register(&shm, 0x6400, l.span, 0, false), 0);
	b = malloc(l.span);
	CHECK_EQ(decode(es, p_mem(T_IN, bs, f.len),
			p_rmem(R_OUT, 0x6400, 0, l.span), &l), TEE_SUCCESS);
	ns_shm_read(&shm, 0, b, l.span);
	CHECK(!memcmp(b, f.nv12, f.nv12_len));
	CHECK_EQ(ns_shm_unregister(0x6400), 0);
	/* scattered pages: the frame must be one run */
	CHECK_EQ(ns_shm_register(&shm, 0x6401, l.span, 0, true), 0);
	memset(b, NS_CANARY, l.span);
	ns_shm_write(&shm, 0, b, l.span);
	CHECK_EQ(decode(es, p_mem(T_IN, bs, f.len),
			p_rmem(R_OUT, 0x6401, 0, l.span), &l),
		 TEE_ERROR_NOT_SUPPORTED);
	CHECK(decoded_size(96, 64));
	ns_shm_read(&shm, 0, b, l.span);
	CHECK(all_bytes(b, l.span, NS_CANARY));
	CHECK_EQ(ns_shm_unregister(0x6401), 0);
	free(b);
	CHECK_EQ(ns_close(es), TEE_SUCCESS);
	ref_free(&f);
}

/* Clear content into secure memory: on record for DIGEST. */
static void test_engine_decode_nonsecure_to_secure_is_on_record(void)
{
	static struct ns_shm shm;
	struct ref_frame f;
	struct layout l = nv12(160, 96, 192, 64);
	uint32_t es = engine_open(), vs;

	ref_make(&f, 160, 96, JPEG_SUB_420, PAT_SQUARE);
	/* from scattered pages of registered memory */
	CHECK_EQ(ns_shm_register(&shm, 0x6500, f.len, 0, true), 0);
	ns_shm_write(&shm, 0, f.jpg, f.len);
	paint(SEC_FRAME, l.span, CANARY);
	CHECK_EQ(decode(es, p_rmem(R_IN, 0x6500, 0, f.len),
			p_mem(T_OUT, SEC_FRAME, l.span), &l), TEE_SUCCESS);
	CHECK(decoded_size(160, 96));
	CHECK(frame_matches(SEC_FRAME, &f, &l, CANARY));
	CHECK_EQ(frame_log_count(), 1);
	vs = open_as(&video_uuid, TEE_LOGIN_PUBLIC);
	CHECK(on_record(vs, SEC_FRAME, &l, &f));
	CHECK_EQ(ns_close(vs), TEE_SUCCESS);
	CHECK_EQ(ns_shm_unregister(0x6500), 0);
	CHECK_EQ(ns_close(es), TEE_SUCCESS);
	ref_free(&f);
}

/*
 * The split path: DECRYPT_SAMPLE into a secure bitstream buffer, the
 * engine decodes it into a secure frame, the video TA's DIGEST (any
 * session, no stream) is libjpeg-turbo's; 4:2:0 and grayscale, odd sizes.
 */
static void test_engine_decode_secure_to_secure_digest_matches_libjpeg(void)
{
	static const struct {
		int w, h, sub;
		uint32_t stride, gap;
	} c[] = {
		{ 64, 48, JPEG_SUB_420, 64, 0 },
		{ 96, 64, JPEG_SUB_GRAY, 128, 32 },
		{ 33, 17, JPEG_SUB_420, 34, 0 },
		{ 17, 33, JPEG_SUB_420, 48, 7 },
		{ 1, 1, JPEG_SUB_GRAY, 2, 0 },
		{ 4096, 8, JPEG_SUB_420, 4096, 0 },
	};
	struct ref_frame f;
	struct layout l;
	unsigned int i;
	uint32_t vs = video_stream(), es = engine_open(), d;

	d = open_as(&video_uuid, TEE_LOGIN_PUBLIC);
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		ref_make(&f, c[i].w, c[i].h, c[i].sub, PAT_NOISE);
		l = nv12(c[i].w, c[i].h, c[i].stride, c[i].gap);
		CHECK_EQ(decrypt_to(vs, f.jpg, f.len, SEC_BS, f.len),
			 TEE_SUCCESS);
		paint(SEC_FRAME, l.span, CANARY);
		CHECK_EQ(decode(es, p_mem(T_IN, SEC_BS, f.len),
				p_mem(T_OUT, SEC_FRAME, l.span), &l),
			 TEE_SUCCESS);
		CHECK(decoded_size(c[i].w, c[i].h));
		CHECK(frame_matches(SEC_FRAME, &f, &l, CANARY));
		CHECK(on_record(d, SEC_FRAME, &l, &f));
		/* the bitstream was only read: it decodes again */
		CHECK_EQ(parse(es, p_mem(T_IN, SEC_BS, f.len)), TEE_SUCCESS);
		CHECK_EQ(frame_log_count(), 2);
		ref_free(&f);
	}
	CHECK_EQ(ns_close(d), TEE_SUCCESS);
	CHECK_EQ(ns_close(es), TEE_SUCCESS);
	CHECK_EQ(ns_close(vs), TEE_SUCCESS);
}

/* A 64x48 frame decrypted into SEC_BS, an engine session, a canary. */
struct efix {
	struct ref_frame f;
	struct layout l;
	uint32_t vs, es;
	uint64_t ns_bs;			/* the same JPEG, non-secure */
};

static void efix_init(struct efix *x)
{
	ref_make(&x->f, 64, 48, JPEG_SUB_420, PAT_SQUARE);
	x->l = nv12(64, 48, 96, 32);
	x->vs = video_stream();
	x->es = engine_open();
	CHECK_EQ(decrypt_to(x->vs, x->f.jpg, x->f.len, SEC_BS, x->f.len),
		 TEE_SUCCESS);
	x->ns_bs = ns_copy(x->f.jpg, x->f.len);
	paint(SEC_FRAME, x->l.span, CANARY);
}

static void efix_done(struct efix *x)
{
	CHECK_EQ(ns_close(x->es), TEE_SUCCESS);
	CHECK_EQ(ns_close(x->vs), TEE_SUCCESS);
	ref_free(&x->f);
}

static struct optee_msg_param sec_bs(const struct efix *x)
{
	return p_mem(T_IN, SEC_BS, x->f.len);
}

static void test_engine_decode_refuses_secure_to_nonsecure(void)
{
	static struct ns_shm shm;
	struct efix x;
	uint64_t ns;
	uint8_t *b;

	efix_init(&x);
	ns = ns_buf(x.l.span);
	paint(ns, x.l.span, NS_CANARY);
	CHECK_EQ(decode(x.es, sec_bs(&x), p_mem(T_OUT, ns, x.l.span), &x.l),
		 TEE_ERROR_ACCESS_DENIED);
	CHECK_EQ(eorigin, TA_ORIG);
	CHECK(decoded_size(0, 0));		/* nothing read */
	CHECK_EQ(ep[1].u.tmem.size, x.l.span);
	CHECK(painted(ns, x.l.span, NS_CANARY));
	/* as a TMEM (never from Linux): the TEE refuses it, as OP-TEE does */
	CHECK_EQ(decode(x.es, sec_bs(&x), p_tmem(T_OUT, ns, x.l.span),
			&x.l), TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(eorigin, TEE_ORIGIN_TEE);
	CHECK(decoded_size(0, 0));
	CHECK(painted(ns, x.l.span, NS_CANARY));
	/* a registration kept across calls (as the decoder driver's): the same */
	CHECK_EQ(ns_shm_register(&shm, 0x6600, x.l.span, 0, false), 0);
	b = malloc(x.l.span);
	memset(b, NS_CANARY, x.l.span);
	ns_shm_write(&shm, 0, b, x.l.span);
	CHECK_EQ(decode(x.es, sec_bs(&x), p_rmem(R_OUT, 0x6600, 0, x.l.span),
			&x.l), TEE_ERROR_ACCESS_DENIED);
	CHECK(decoded_size(0, 0));
	ns_shm_read(&shm, 0, b, x.l.span);
	CHECK(all_bytes(b, x.l.span, NS_CANARY));
	CHECK_EQ(ns_shm_unregister(0x6600), 0);
	free(b);
	/* checked first: with a short buffer, a bad layout, no bitstream */
	CHECK_EQ(decode(x.es, sec_bs(&x), p_mem(T_OUT, ns, 8), &x.l),
		 TEE_ERROR_ACCESS_DENIED);
	CHECK_EQ(ep[1].u.tmem.size, 8);
	CHECK_EQ(invoke4(x.es, JPEG_ENGINE_CMD_DECODE,
			 p_mem(T_IN, SEC_BS + 1, 100),
			 p_mem(T_OUT, ns, x.l.span),
			 p_value(V_IN, 1, 0, 0), p_value(V_OUT, 0, 0, 0)),
		 TEE_ERROR_ACCESS_DENIED);
	CHECK(painted(ns, x.l.span, NS_CANARY));
	/* no frame at all, or no bitstream */
	CHECK_EQ(decode(x.es, sec_bs(&x), p_mem(T_OUT, 0, 0), &x.l),
		 TEE_ERROR_ACCESS_DENIED);
	CHECK_EQ(decode(x.es, p_mem(T_IN, 0, 0),
			p_mem(T_OUT, SEC_FRAME, x.l.span), &x.l),
		 TEE_ERROR_ACCESS_DENIED);
	CHECK(painted(SEC_FRAME, x.l.span, CANARY));
	/* the same bitstream still decodes into secure memory */
	CHECK_EQ(decode(x.es, sec_bs(&x), p_mem(T_OUT, SEC_FRAME, x.l.span),
			&x.l), TEE_SUCCESS);
	CHECK(frame_matches(SEC_FRAME, &x.f, &x.l, CANARY));
	efix_done(&x);
}

/* Secure bitstreams: as PARSE_HEADER, only whole ones DECRYPT_SAMPLE wrote. */
static void test_engine_decode_refuses_secure_window(void)
{
	struct efix x;

	efix_init(&x);
	CHECK_EQ(decode(x.es, p_mem(T_IN, SEC_BS + 1, x.f.len - 1),
			p_mem(T_OUT, SEC_FRAME, x.l.span), &x.l),
		 TEE_ERROR_ITEM_NOT_FOUND);
	CHECK(decoded_size(0, 0));
	CHECK_EQ(decode(x.es, p_mem(T_IN, SEC_BS, x.f.len - 1),
			p_mem(T_OUT, SEC_FRAME, x.l.span), &x.l),
		 TEE_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(sdp_inject(SEC_BS + 0x10000, x.f.jpg, x.f.len), TEE_SUCCESS);
	CHECK_EQ(decode(x.es, p_mem(T_IN, SEC_BS + 0x10000, x.f.len),
			p_mem(T_OUT, SEC_FRAME, x.l.span), &x.l),
		 TEE_ERROR_ITEM_NOT_FOUND);
	CHECK(painted(SEC_FRAME, x.l.span, CANARY));
	CHECK_EQ(frame_log_count(), 1);		/* the bitstream */
	efix_done(&x);
}

static void test_engine_decode_layouts(void)
{
	struct ref_frame g;
	struct layout l;
	struct efix x;
	unsigned int i;

	efix_init(&x);
	for (i = 0; i < bad_layout_count_64x48; i++) {
		l.stride = bad_layouts_64x48[i].stride;
		l.uv_offset = bad_layouts_64x48[i].uv_offset;
		CHECK_EQ(decode(x.es, sec_bs(&x),
				p_mem(T_OUT, SEC_FRAME, x.l.span), &l),
			 TEE_ERROR_BAD_PARAMETERS);
		CHECK(decoded_size(64, 48));
		CHECK_EQ(ep[1].u.tmem.size, x.l.span);
	}
	CHECK(painted(SEC_FRAME, x.l.span, CANARY));
	/* the smallest layouts are fine */
	l = nv12(64, 48, 64, 0);
	CHECK_EQ(decode(x.es, sec_bs(&x), p_mem(T_OUT, SEC_FRAME, l.span),
			&l), TEE_SUCCESS);
	CHECK(frame_matches(SEC_FRAME, &x.f, &l, CANARY));

	/* odd width: CbCr rows need width + 1 bytes */
	ref_make(&g, 33, 17, JPEG_SUB_420, PAT_GRADIENT);
	l = nv12(33, 17, 33, 40);
	paint(SEC_FRAME, l.span, CANARY);
	CHECK_EQ(decode(x.es, p_mem(T_IN, ns_copy(g.jpg, g.len), g.len),
			p_mem(T_OUT, SEC_FRAME, l.span), &l),
		 TEE_ERROR_BAD_PARAMETERS);
	CHECK(decoded_size(33, 17));
	CHECK(painted(SEC_FRAME, l.span, CANARY));
	l = nv12(33, 17, 34, 0);
	CHECK_EQ(decode(x.es, p_mem(T_IN, ns_copy(g.jpg, g.len), g.len),
			p_mem(T_OUT, SEC_FRAME, l.span), &l), TEE_SUCCESS);
	CHECK(frame_matches(SEC_FRAME, &g, &l, CANARY));
	ref_free(&g);
	efix_done(&x);
}

static void test_engine_decode_short_destination(void)
{
	struct efix x;
	uint64_t ns;

	efix_init(&x);
	CHECK_EQ(decode(x.es, sec_bs(&x),
			p_mem(T_OUT, SEC_FRAME, x.l.span - 1), &x.l),
		 TEE_ERROR_SHORT_BUFFER);
	CHECK_EQ(eorigin, TA_ORIG);
	CHECK_EQ(ep[1].u.tmem.size, x.l.span);
	CHECK(decoded_size(64, 48));
	CHECK(painted(SEC_FRAME, x.l.span, CANARY));
	/* non-secure to non-secure alike */
	ns = ns_buf(x.l.span);
	paint(ns, x.l.span, NS_CANARY);
	CHECK_EQ(decode(x.es, p_mem(T_IN, x.ns_bs, x.f.len),
			p_mem(T_OUT, ns, 100), &x.l), TEE_ERROR_SHORT_BUFFER);
	CHECK_EQ(ep[1].u.tmem.size, x.l.span);
	CHECK(decoded_size(64, 48));
	CHECK(painted(ns, x.l.span, NS_CANARY));
	CHECK_EQ(frame_log_count(), 1);		/* the bitstream */
	efix_done(&x);
}

/* DECODE of @plain[0..len) from @where ('n'on-secure or 's'ecure). */
static void corrupt_case(struct efix *x, const char *what,
			 const uint8_t *plain, size_t len, char where)
{
	uint64_t src = ns_copy(plain, len), dst = SEC_FRAME;
	uint8_t c = CANARY;

	if (where == 's') {
		CHECK_EQ(decrypt_to(x->vs, plain, len, SEC_BS, len),
			 TEE_SUCCESS);
		src = SEC_BS;
	} else if (where == 'N') {		/* into non-secure memory */
		dst = ns_buf(x->l.span);
		c = NS_CANARY;
	}
	paint(dst, x->l.span, c);
	CHECK_EQ(decode(x->es, p_mem(T_IN, src, len),
			p_mem(T_OUT, dst, x->l.span), &x->l),
		 TEE_ERROR_BAD_FORMAT);
	CHECK(decoded_size(64, 48));
	if (!only_planes_written(dst, 64, 48, &x->l, c)) {
		printf("#   %s: bytes outside the planes changed\n", what);
		cur_fail++;
	}
	/* a failed decode is not on record; it dropped what was there */
	if (dst == SEC_FRAME)
		CHECK_EQ(lookup(x->vs, SEC_FRAME, &x->l),
			 TEE_ERROR_ITEM_NOT_FOUND);
}

static void test_engine_decode_corrupt_bitstream_is_bad_format(void)
{
	static const char where[] = "nsN";
	struct efix x;
	size_t n, sos;
	uint8_t *p;
	unsigned int w;

	efix_init(&x);
	n = x.f.len;
	p = malloc(n);
	sos = find_marker(x.f.jpg, n, 0xda);
	CHECK(sos > 0 && sos + 100 < n);
	for (w = 0; w < 3; w++) {
		/* a frame on record at the destination, to be dropped */
		CHECK_EQ(decrypt_to(x.vs, x.f.jpg, n, SEC_BS, n), TEE_SUCCESS);
		CHECK_EQ(decode(x.es, sec_bs(&x),
				p_mem(T_OUT, SEC_FRAME, x.l.span), &x.l),
			 TEE_SUCCESS);
		/* truncated: the scan ends halfway, no EOI */
		corrupt_case(&x, "truncated", x.f.jpg, (sos + n) / 2,
			     where[w]);
		/* the headers only */
		corrupt_case(&x, "headers only", x.f.jpg, sos + 14, where[w]);
		/* EOI flipped */
		memcpy(p, x.f.jpg, n);
		p[n - 1] ^= 0x40;
		corrupt_case(&x, "flipped EOI", p, n, where[w]);
		/* a marker inside the scan */
		memcpy(p, x.f.jpg, n);
		p[sos + 40] = 0xff;
		p[sos + 41] = 0xd4;
		corrupt_case(&x, "marker in scan", p, n, where[w]);
	}
	free(p);
	efix_done(&x);
}

/* A frame over its own secure bitstream would read what it writes. */
static void test_engine_decode_refuses_overlapping_bitstream(void)
{
	struct efix x;
	uint64_t at[3];
	unsigned int i;

	efix_init(&x);
	at[0] = SEC_BS;
	at[1] = SEC_BS + x.f.len - 1;
	at[2] = SEC_BS - x.l.span + 1;
	for (i = 0; i < 3; i++) {
		paint(at[i], x.l.span, CANARY);
		CHECK_EQ(decrypt_to(x.vs, x.f.jpg, x.f.len, SEC_BS, x.f.len),
			 TEE_SUCCESS);
		CHECK_EQ(decode(x.es, sec_bs(&x),
				p_mem(T_OUT, at[i], x.l.span), &x.l),
			 TEE_ERROR_BAD_PARAMETERS);
		CHECK(decoded_size(64, 48));
		CHECK(!memcmp(pa_ptr(SEC_BS), x.f.jpg, x.f.len));
		CHECK_EQ(parse(x.es, sec_bs(&x)), TEE_SUCCESS);
	}
	/* right after it: fine */
	paint(SEC_BS + x.f.len, x.l.span, CANARY);
	CHECK_EQ(decrypt_to(x.vs, x.f.jpg, x.f.len, SEC_BS, x.f.len),
		 TEE_SUCCESS);
	CHECK_EQ(decode(x.es, sec_bs(&x),
			p_mem(T_OUT, SEC_BS + x.f.len, x.l.span), &x.l),
		 TEE_SUCCESS);
	CHECK_EQ(parse(x.es, sec_bs(&x)), TEE_SUCCESS);
	efix_done(&x);
}

/* An engine frame written over a bitstream or a frame drops it. */
static void test_engine_decode_drops_overwritten_entries(void)
{
	struct ref_frame g;
	struct layout l = nv12(64, 48, 64, 0);
	struct efix x;

	efix_init(&x);
	ref_make(&g, 64, 48, JPEG_SUB_GRAY, PAT_NOISE);
	CHECK_EQ(decode(x.es, sec_bs(&x), p_mem(T_OUT, SEC_FRAME, l.span),
			&l), TEE_SUCCESS);
	CHECK(on_record(x.vs, SEC_FRAME, &l, &x.f));
	/* another frame from the first one's last byte */
	CHECK_EQ(decode(x.es, p_mem(T_IN, ns_copy(g.jpg, g.len), g.len),
			p_mem(T_OUT, SEC_FRAME + l.span - 1, l.span), &l),
		 TEE_SUCCESS);
	CHECK_EQ(lookup(x.vs, SEC_FRAME, &l), TEE_ERROR_ITEM_NOT_FOUND);
	CHECK(on_record(x.vs, SEC_FRAME + l.span - 1, &l, &g));
	/* a frame over the bitstream's last byte */
	CHECK_EQ(decode(x.es, p_mem(T_IN, ns_copy(g.jpg, g.len), g.len),
			p_mem(T_OUT, SEC_BS + x.f.len - 1, l.span), &l),
		 TEE_SUCCESS);
	CHECK_EQ(parse(x.es, sec_bs(&x)), TEE_ERROR_ITEM_NOT_FOUND);
	CHECK_EQ(frame_log_count(), 2);
	ref_free(&g);
	efix_done(&x);
}

static void test_engine_decode_excess_data(void)
{
	struct efix x;
	uint64_t big = ns_alloc(JPEG_ENGINE_MAX_BITSTREAM_BYTES + 1);

	efix_init(&x);
	memcpy(pa_ptr(big), x.f.jpg, x.f.len);
	CHECK_EQ(decode(x.es, p_mem(T_IN, big,
				     JPEG_ENGINE_MAX_BITSTREAM_BYTES + 1),
			p_mem(T_OUT, SEC_FRAME, x.l.span), &x.l),
		 TEE_ERROR_EXCESS_DATA);
	CHECK(decoded_size(0, 0));
	CHECK(painted(SEC_FRAME, x.l.span, CANARY));
	/* the limit: a JPEG followed by zeros decodes */
	CHECK_EQ(decode(x.es, p_mem(T_IN, big,
				     JPEG_ENGINE_MAX_BITSTREAM_BYTES),
			p_mem(T_OUT, SEC_FRAME, x.l.span), &x.l),
		 TEE_SUCCESS);
	CHECK(frame_matches(SEC_FRAME, &x.f, &x.l, CANARY));
	efix_done(&x);
}

/*
 * Secure memrefs made of pages (no transport builds one today): a frame or
 * a bitstream must be one contiguous run, else NOT_SUPPORTED, nothing
 * written. Called directly, without the transport.
 */
static void test_engine_paged_secure_memrefs_not_supported(void)
{
	struct ta_identity id = { .login = TEE_LOGIN_REE_KERNEL_MIN };
	union ta_param p[TEE_NUM_PARAMS];
	const uint32_t pt = TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT,
					    TEE_PARAM_TYPE_MEMREF_OUTPUT,
					    TEE_PARAM_TYPE_VALUE_INPUT,
					    TEE_PARAM_TYPE_VALUE_OUTPUT);
	struct layout l = nv12(96, 64, 96, 0);
	uint64_t fpages[3] = {
		SEC_FRAME + 8192, SEC_FRAME + 4096, SEC_FRAME,
	};
	uint64_t bpages[2] = { SEC_BS, SEC_BS + 0x8000 };
	struct ref_frame f;
	void *ctx = NULL;
	uint32_t vs;

	ref_make(&f, 96, 64, JPEG_SUB_420, PAT_NOISE);
	CHECK(f.len > 4096 && f.len <= 8192 && l.span <= 3 * 4096);
	vs = video_stream();
	CHECK_EQ(decrypt_to(vs, f.jpg, f.len, SEC_BS, f.len), TEE_SUCCESS);
	paint(SEC_FRAME, 3 * 4096, CANARY);
	memset(p, 0, sizeof(p));
	CHECK_EQ(jpeg_engine_ta.open_session(&id, 0, p, &ctx), TEE_SUCCESS);
	memref_init_contig(&p[0].memref, MEMREF_KIND_SECURE,
			   MEMREF_ACCESS_READ, SEC_BS, f.len);
	memref_init_paged(&p[1].memref, MEMREF_KIND_SECURE,
			  MEMREF_ACCESS_WRITE, fpages, 0, 3 * 4096);
	p[2].value.a = l.stride;
	p[2].value.b = l.uv_offset;
	CHECK_EQ(jpeg_engine_ta.invoke(ctx, JPEG_ENGINE_CMD_DECODE, pt, p),
		 TEE_ERROR_NOT_SUPPORTED);
	CHECK_EQ(p[3].value.a, 96);
	CHECK(painted(SEC_FRAME, 3 * 4096, CANARY));
	/* the bitstream in pages that do not follow each other */
	memref_init_paged(&p[0].memref, MEMREF_KIND_SECURE,
			  MEMREF_ACCESS_READ, bpages, 0, f.len);
	memref_init_contig(&p[1].memref, MEMREF_KIND_SECURE,
			   MEMREF_ACCESS_WRITE, SEC_FRAME, l.span);
	CHECK_EQ(jpeg_engine_ta.invoke(ctx, JPEG_ENGINE_CMD_DECODE, pt, p),
		 TEE_ERROR_NOT_SUPPORTED);
	CHECK_EQ(p[3].value.a, 0);
	CHECK(painted(SEC_FRAME, 3 * 4096, CANARY));
	/* in order, both are one run */
	bpages[1] = SEC_BS + 4096;
	fpages[0] = SEC_FRAME;
	fpages[2] = SEC_FRAME + 8192;
	memref_init_paged(&p[1].memref, MEMREF_KIND_SECURE,
			  MEMREF_ACCESS_WRITE, fpages, 0, 3 * 4096);
	CHECK_EQ(jpeg_engine_ta.invoke(ctx, JPEG_ENGINE_CMD_DECODE, pt, p),
		 TEE_SUCCESS);
	CHECK(frame_matches(SEC_FRAME, &f, &l, CANARY));
	jpeg_engine_ta.close_session(ctx);
	CHECK_EQ(ns_close(vs), TEE_SUCCESS);
	ref_free(&f);
}

/* ---- the engine: sessions and parameters --------------------------------- */

/* Any login, 16 sessions at once; a closed one frees its slot. */
static void test_engine_session_limit(void)
{
	static const uint32_t logins[] = {
		TEE_LOGIN_PUBLIC, TEE_LOGIN_USER, TEE_LOGIN_GROUP,
		TEE_LOGIN_APPLICATION, TEE_LOGIN_REE_KERNEL_MIN,
		TEE_LOGIN_REE_KERNEL_MAX,
	};
	uint32_t s[JPEG_ENGINE_MAX_SESSIONS], extra = 0, o = 0;
	struct ref_frame f;
	unsigned int i;

	CHECK_EQ(JPEG_ENGINE_MAX_SESSIONS, 16);
	for (i = 0; i < JPEG_ENGINE_MAX_SESSIONS; i++)
		s[i] = open_as(&engine_uuid, logins[i % 6]);
	CHECK_EQ(ns_open(&engine_uuid, TEE_LOGIN_PUBLIC, NULL, 0, &extra, &o),
		 TEE_ERROR_OUT_OF_MEMORY);
	CHECK_EQ(o, TA_ORIG);
	CHECK_EQ(extra, 0);
	CHECK_EQ(ns_close(s[5]), TEE_SUCCESS);
	s[5] = open_as(&engine_uuid, TEE_LOGIN_REE_KERNEL_MIN);
	CHECK_EQ(ns_open(&engine_uuid, TEE_LOGIN_REE_KERNEL_MIN, NULL, 0,
			 &extra, &o), TEE_ERROR_OUT_OF_MEMORY);
	/* every session works, independently of the others */
	ref_make(&f, 16, 16, JPEG_SUB_GRAY, PAT_GRADIENT);
	for (i = 0; i < JPEG_ENGINE_MAX_SESSIONS; i++) {
		CHECK_EQ(parse(s[i], p_mem(T_IN, ns_copy(f.jpg, f.len),
					    f.len)), TEE_SUCCESS);
		CHECK(parsed(16, 16, JPEG_ENGINE_SUB_GRAY));
	}
	ref_free(&f);
	for (i = 0; i < JPEG_ENGINE_MAX_SESSIONS; i++)
		CHECK_EQ(ns_close(s[i]), TEE_SUCCESS);
	for (i = 0; i < JPEG_ENGINE_MAX_SESSIONS; i++)
		s[i] = open_as(&engine_uuid, TEE_LOGIN_PUBLIC);
	for (i = 0; i < JPEG_ENGINE_MAX_SESSIONS; i++)
		CHECK_EQ(ns_close(s[i]), TEE_SUCCESS);
	CHECK_EQ(ta_session_count(), 0);
}

static void test_engine_wrong_param_types(void)
{
	struct efix x;

	efix_init(&x);
	/* PARSE_HEADER: [1] as INOUT, [3] used, [0] as OUTPUT */
	CHECK_EQ(invoke4(x.es, JPEG_ENGINE_CMD_PARSE_HEADER, sec_bs(&x),
			 p_value(V_INOUT, 0, 0, 0), p_value(V_OUT, 0, 0, 0),
			 p_none()), TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(eorigin, TA_ORIG);
	CHECK_EQ(invoke4(x.es, JPEG_ENGINE_CMD_PARSE_HEADER, sec_bs(&x),
			 p_value(V_OUT, 0, 0, 0), p_value(V_OUT, 0, 0, 0),
			 p_value(V_IN, 0, 0, 0)), TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(invoke4(x.es, JPEG_ENGINE_CMD_PARSE_HEADER,
			 p_mem(T_OUT, SEC_BS, x.f.len),
			 p_value(V_OUT, 0, 0, 0), p_value(V_OUT, 0, 0, 0),
			 p_none()), TEE_ERROR_BAD_PARAMETERS);
	CHECK(parsed(0, 0, 0));
	/* DECODE: [3] as INOUT, [1] as INOUT, [2] missing */
	CHECK_EQ(invoke4(x.es, JPEG_ENGINE_CMD_DECODE, sec_bs(&x),
			 p_mem(T_OUT, SEC_FRAME, x.l.span),
			 p_value(V_IN, x.l.stride, x.l.uv_offset, 0),
			 p_value(V_INOUT, 0, 0, 0)), TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(invoke4(x.es, JPEG_ENGINE_CMD_DECODE, sec_bs(&x),
			 p_mem(T_INOUT, SEC_FRAME, x.l.span),
			 p_value(V_IN, x.l.stride, x.l.uv_offset, 0),
			 p_value(V_OUT, 0, 0, 0)), TEE_ERROR_BAD_PARAMETERS);
	CHECK(decoded_size(0, 0));
	CHECK_EQ(invoke4(x.es, JPEG_ENGINE_CMD_DECODE, sec_bs(&x),
			 p_mem(T_OUT, SEC_FRAME, x.l.span), p_none(),
			 p_value(V_OUT, 0, 0, 0)), TEE_ERROR_BAD_PARAMETERS);
	CHECK(decoded_size(0, 0));
	/* unknown commands */
	CHECK_EQ(invoke4(x.es, 2, sec_bs(&x),
			 p_mem(T_OUT, SEC_FRAME, x.l.span),
			 p_value(V_IN, x.l.stride, x.l.uv_offset, 0),
			 p_value(V_OUT, 0, 0, 0)), TEE_ERROR_BAD_PARAMETERS);
	CHECK_EQ(eorigin, TA_ORIG);
	CHECK(painted(SEC_FRAME, x.l.span, CANARY));
	CHECK_EQ(frame_log_count(), 1);
	efix_done(&x);
}

const struct test_case engine_tests[] = {
	T(test_video_decrypt_sample_writes_plaintext_into_secure),
	T(test_video_decrypt_sample_refuses_nonsecure_destination),
	T(test_video_decrypt_sample_refuses_secure_source),
	T(test_video_decrypt_sample_short_destination),
	T(test_video_decrypt_sample_bad_records),
	T(test_video_decrypt_sample_needs_a_stream),
	T(test_video_decrypt_sample_wrong_param_types),
	T(test_video_decrypt_sample_drops_overwritten_frames),
	T(test_video_decrypt_sample_paged_destination_not_supported),
	T(test_engine_parse_header_nonsecure_bitstream),
	T(test_engine_parse_header_secure_bitstream),
	T(test_engine_parse_header_refusals),
	T(test_engine_decode_nonsecure_to_nonsecure_matches_libjpeg),
	T(test_engine_decode_nonsecure_to_secure_is_on_record),
	T(test_engine_decode_secure_to_secure_digest_matches_libjpeg),
	T(test_engine_decode_refuses_secure_to_nonsecure),
	T(test_engine_decode_refuses_secure_window),
	T(test_engine_decode_layouts),
	T(test_engine_decode_short_destination),
	T(test_engine_decode_corrupt_bitstream_is_bad_format),
	T(test_engine_decode_refuses_overlapping_bitstream),
	T(test_engine_decode_drops_overwritten_entries),
	T(test_engine_decode_excess_data),
	T(test_engine_paged_secure_memrefs_not_supported),
	T(test_engine_session_limit),
	T(test_engine_wrong_param_types),
};

const unsigned int engine_test_count =
	sizeof(engine_tests) / sizeof(engine_tests[0]);

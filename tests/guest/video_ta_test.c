// SPDX-License-Identifier: GPL-2.0
/*
 * The secure video decoder TA through the real stack: Debian's libteec, the
 * upstream OP-TEE driver with TEE_IOC_SHM_REGISTER_FD, the product firmware
 * image. Every refusal is checked for its exact TEE result, and for the
 * normal-world bytes it must leave alone:
 *
 *   - the product image carries no test TAs: the SDP test TA and the
 *     invoke-tests PTA, which copy secure memory out on request, are not
 *     there (TEEC_ERROR_ITEM_NOT_FOUND);
 *   - plaintext never reaches the normal world: a decode or colour
 *     conversion into a non-secure destination (libteec temporary or
 *     allocated memory) is refused with TEEC_ERROR_ACCESS_DENIED and the
 *     destination is byte-for-byte intact; a CMA dma-buf cannot even be
 *     registered (the kernel takes restricted-heap dma-bufs only);
 *   - DIGEST and CONVERT_XRGB answer only for whole frames the firmware
 *     decoded (its frame log): a buffer never decoded into and a window
 *     into a decoded frame are TEEC_ERROR_ITEM_NOT_FOUND, while a second
 *     session may ask for a frame the first decoded;
 *   - undersized destinations, bad layouts, malformed, truncated, corrupt
 *     and oversized frame records (TEEC_ERROR_BAD_FORMAT with no detail),
 *     unknown key ids, a second stream, calls before a stream, a secure
 *     digest output;
 *   - after all of that, frames still decode and match the clip's digests.
 *
 * Uses the encrypted clip and digest lists in /usr/share/sdp-demo; the
 * content key is only in the firmware.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clip.h"
#include "clipdata.h"
#include "pta_invoke_tests.h"
#include "sdp_ta.h"
#include "sdp_tee.h"
#include "sdp_video.h"
#include "testutil.h"

#define CLIP_DIR	"/usr/share/sdp-demo/"
#define CLIP_NAME	"clip-640x360"
#define RESTRICTED_HEAP	"/dev/dma_heap/restricted"
#define CMA_HEAP	"/dev/dma_heap/reserved"
#define POISON		0xa5

static const TEEC_UUID sdp_test_uuid = TA_SDP_BASIC_UUID;
static const TEEC_UUID invoke_tests_uuid = PTA_INVOKE_TESTS_UUID;

/* The session of every test, and its context (tee.ctx, tee.sess) */
static struct sdp_tee tee;

static uint8_t *clip_data;
static size_t clip_len;
static struct clip_header hdr;
static struct clip_frame frames[4];
static uint8_t nv12_digest[4][SDP_VIDEO_DIGEST_SIZE];
static uint8_t xrgb_digest[4][SDP_VIDEO_DIGEST_SIZE];

static uint32_t W, H, STRIDE, UV_OFF;
static size_t NV12_SIZE, XRGB_SIZE;

/* ---- helpers ---- */

static bool all_bytes(const uint8_t *p, size_t n, uint8_t v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return false;
	return true;
}

/* Pass if @res is @want; diagnose otherwise. */
static int expect(TEEC_Result res, uint32_t origin, TEEC_Result want,
		  const char *name)
{
	if (res != want)
		tap_diag("%s: got %s (0x%08x, origin %s), expected %s", name,
			 sdp_tee_result_name(res), res,
			 sdp_tee_origin_name(origin), sdp_tee_result_name(want));
	return res == want;
}

/* A restricted buffer of @size bytes from @heap, registered with the TEE. */
static bool rbuf_get(struct sdp_tee_buf *b, const char *heap, size_t size)
{
	char msg[SDP_TEE_MSG_SIZE];

	if (sdp_tee_buf_alloc(b, &tee.ctx, heap, size, msg, sizeof(msg))) {
		tap_diag("%s", msg);
		sdp_tee_buf_free(b);
		return false;
	}
	return true;
}

/* All of @b, from byte @offset, as a command's memref. */
static TEEC_RegisteredMemoryReference from(struct sdp_tee_buf *b,
					   size_t offset)
{
	return sdp_tee_memref(&b->shm, offset, b->size - offset);
}

/*
 * A command as the test builds it, for what the library would not send:
 * temporary (non-secure) destinations, short outputs, a secure digest
 * output, and the answers it reads back.
 */
static TEEC_Result invoke(uint32_t cmd, TEEC_Operation *op, uint32_t *origin)
{
	*origin = 0;
	return TEEC_InvokeCommand(&tee.sess, cmd, op, origin);
}

static TEEC_Result open_stream(uint32_t format, uint32_t key_id, uint32_t w,
			       uint32_t h, uint32_t *origin)
{
	return sdp_video_open_stream(&tee.sess, format, key_id, w, h, origin);
}

/*
 * DECODE_FRAME of @rec (@rec_len bytes) into [1]: the registered buffer
 * @dst (partial, @dst_size bytes) or, if @dst is NULL, the temporary
 * normal-world memory @tmp.
 */
static TEEC_Result decode(const uint8_t *rec, size_t rec_len,
			  struct sdp_tee_buf *dst,
			  size_t dst_size, void *tmp, uint32_t stride,
			  uint32_t uv_off, TEEC_Operation *op, uint32_t *origin)
{
	memset(op, 0, sizeof(*op));
	op->paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT,
					  dst ? TEEC_MEMREF_PARTIAL_OUTPUT :
						TEEC_MEMREF_TEMP_OUTPUT,
					  TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT);
	op->params[0].tmpref.buffer = (void *)rec;
	op->params[0].tmpref.size = rec_len;
	if (dst) {
		op->params[1].memref.parent = &dst->shm;
		op->params[1].memref.size = dst_size;
	} else {
		op->params[1].tmpref.buffer = tmp;
		op->params[1].tmpref.size = dst_size;
	}
	op->params[2].value.a = stride;
	op->params[2].value.b = uv_off;
	return invoke(SDP_VIDEO_CMD_DECODE_FRAME, op, origin);
}

static const uint8_t *record(unsigned int i)
{
	return clip_data + frames[i].record_offset;
}

static size_t record_len(unsigned int i)
{
	return SDP_VIDEO_RECORD_HDR_SIZE + frames[i].length;
}

static TEEC_Result digest(struct sdp_tee_buf *src, uint32_t fourcc,
			  uint32_t stride, uint32_t uv_off, uint8_t *out,
			  size_t out_len, struct sdp_tee_buf *secure_out,
			  TEEC_Operation *op, uint32_t *origin)
{
	memset(op, 0, sizeof(*op));
	op->paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INPUT,
					  secure_out ? TEEC_MEMREF_PARTIAL_OUTPUT :
						       TEEC_MEMREF_TEMP_OUTPUT,
					  TEEC_VALUE_INPUT, TEEC_VALUE_INPUT);
	op->params[0].memref.parent = &src->shm;
	op->params[0].memref.size = src->size;
	if (secure_out) {
		op->params[1].memref.parent = &secure_out->shm;
		op->params[1].memref.size = out_len;
	} else {
		op->params[1].tmpref.buffer = out;
		op->params[1].tmpref.size = out_len;
	}
	op->params[2].value.a = fourcc;
	op->params[2].value.b = stride;
	op->params[3].value.a = uv_off;
	return invoke(SDP_VIDEO_CMD_DIGEST, op, origin);
}

/*
 * DIGEST on session @s of the NV12 frame that would start @offset bytes
 * into @src, into @out (32 bytes of normal memory).
 */
static TEEC_Result digest_in(TEEC_Session *s, struct sdp_tee_buf *src,
			     size_t offset, uint32_t stride, uint32_t uv_off,
			     uint8_t *out, uint32_t *origin)
{
	TEEC_RegisteredMemoryReference m = from(src, offset);

	return sdp_video_digest(s, &m, SDP_VIDEO_PIXFMT_NV12, stride, uv_off,
				out, origin);
}

/* Decode frame @i into @b and compare the TA's digest with the clip's. */
static bool decode_and_verify(unsigned int i, struct sdp_tee_buf *b)
{
	TEEC_RegisteredMemoryReference m = from(b, 0);
	uint8_t d[SDP_VIDEO_DIGEST_SIZE];
	uint32_t origin, span;
	TEEC_Result res;

	res = sdp_video_decode_frame(&tee.sess, record(i), record_len(i), &m,
				     STRIDE, UV_OFF, &span, &origin);
	if (!expect(res, origin, TEEC_SUCCESS, "decode"))
		return false;
	if (span != UV_OFF + STRIDE * ((H + 1) / 2)) {
		tap_diag("decode reported %u bytes, expected %u", span,
			 UV_OFF + STRIDE * ((H + 1) / 2));
		return false;
	}
	res = digest_in(&tee.sess, b, 0, STRIDE, UV_OFF, d, &origin);
	if (!expect(res, origin, TEEC_SUCCESS, "digest"))
		return false;
	if (memcmp(d, nv12_digest[i], sizeof(d))) {
		tap_diag("frame %u: the TA's NV12 digest differs from the clip's",
			 i);
		return false;
	}
	return true;
}

/* ---- tests ---- */

static void test_stream_state(void)
{
	uint8_t tmp[64];
	TEEC_Operation op;
	uint32_t origin;
	TEEC_Result res;

	res = decode(record(0), record_len(0), NULL, sizeof(tmp), tmp, STRIDE,
		     UV_OFF, &op, &origin);
	tap_result(expect(res, origin, TEEC_ERROR_BAD_STATE,
			  "decode before open"),
		   "decode_before_open_stream_is_bad_state");
	res = open_stream(hdr.format, 0xdeadbeef, W, H, &origin);
	tap_result(expect(res, origin, TEEC_ERROR_ITEM_NOT_FOUND,
			  "unknown key"),
		   "open_stream_unknown_key_id_is_item_not_found");
	res = open_stream(0x34363248 /* 'H264' */, hdr.key_id, W, H, &origin);
	tap_result(expect(res, origin, TEEC_ERROR_NOT_SUPPORTED,
			  "unknown format"),
		   "open_stream_unknown_format_is_not_supported");
	res = open_stream(hdr.format, hdr.key_id, 15, H, &origin);
	tap_result(expect(res, origin, TEEC_ERROR_BAD_PARAMETERS,
			  "width 15"),
		   "open_stream_bad_size_is_bad_parameters");
	res = open_stream(hdr.format, hdr.key_id, W, H, &origin);
	tap_result(expect(res, origin, TEEC_SUCCESS, "open"),
		   "open_stream_with_the_clips_key_id");
	res = open_stream(hdr.format, hdr.key_id, W, H, &origin);
	tap_result(expect(res, origin, TEEC_ERROR_BAD_STATE, "second open"),
		   "second_open_stream_is_bad_state");
}

/* The headline: plaintext never goes to normal-world memory. */
static void test_nonsecure_destinations(void)
{
	const char *name = "decoder_refuses_nonsecure_destination_temp_memref";
	TEEC_SharedMemory shm;
	TEEC_Operation op;
	uint32_t origin;
	TEEC_Result res;
	uint8_t *tmp;
	int cma;

	tmp = malloc(NV12_SIZE);
	if (!tmp) {
		tap_result(0, "%s: out of memory", name);
		return;
	}
	memset(tmp, POISON, NV12_SIZE);
	res = decode(record(0), record_len(0), NULL, NV12_SIZE, tmp, STRIDE,
		     UV_OFF, &op, &origin);
	tap_result(expect(res, origin, TEEC_ERROR_ACCESS_DENIED, name) &&
		   all_bytes(tmp, NV12_SIZE, POISON), "%s", name);
	free(tmp);

	/* registered with the TEE, as a dma-buf would be: still normal RAM */
	name = "decoder_refuses_nonsecure_destination_allocated_shm";
	memset(&shm, 0, sizeof(shm));
	shm.size = NV12_SIZE;
	shm.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
	res = TEEC_AllocateSharedMemory(&tee.ctx, &shm);
	if (res != TEEC_SUCCESS) {
		tap_result(0, "%s: TEEC_AllocateSharedMemory: %s", name,
			   sdp_tee_result_name(res));
	} else {
		memset(shm.buffer, POISON, NV12_SIZE);
		memset(&op, 0, sizeof(op));
		op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT,
						 TEEC_MEMREF_PARTIAL_OUTPUT,
						 TEEC_VALUE_INPUT,
						 TEEC_VALUE_OUTPUT);
		op.params[0].tmpref.buffer = (void *)record(0);
		op.params[0].tmpref.size = record_len(0);
		op.params[1].memref.parent = &shm;
		op.params[1].memref.size = NV12_SIZE;
		op.params[2].value.a = STRIDE;
		op.params[2].value.b = UV_OFF;
		res = invoke(SDP_VIDEO_CMD_DECODE_FRAME, &op, &origin);
		tap_result(expect(res, origin, TEEC_ERROR_ACCESS_DENIED,
				  name) &&
			   all_bytes(shm.buffer, NV12_SIZE, POISON),
			   "%s", name);
		TEEC_ReleaseSharedMemory(&shm);
	}

	/* TEE_IOC_SHM_REGISTER_FD takes restricted-heap dma-bufs only */
	name = "cma_dmabuf_cannot_be_registered";
	if (access(CMA_HEAP, F_OK)) {
		tap_skip(name, "no " CMA_HEAP " (CMA heap) on this board");
		return;
	}
	cma = heap_alloc(CMA_HEAP, NV12_SIZE);
	if (cma < 0) {
		tap_result(0, "%s: CMA allocation failed", name);
		return;
	}
	res = sdp_tee_register_fd(&tee.ctx, &shm, cma);
	close(cma);
	if (res == TEEC_SUCCESS)
		TEEC_ReleaseSharedMemory(&shm);
	tap_result(expect(res, TEEC_ORIGIN_API, TEEC_ERROR_BAD_PARAMETERS,
			  name), "%s", name);
}

/* The product image: OP-TEE's SDP test TAs are not built in. */
static void test_no_test_tas(void)
{
	static const struct {
		const TEEC_UUID *uuid;
		const char *name;
	} t[] = {
		{ &sdp_test_uuid, "product_firmware_has_no_sdp_test_ta" },
		{ &invoke_tests_uuid,
		  "product_firmware_has_no_invoke_tests_pta" },
	};
	TEEC_Session s;
	uint32_t origin;
	TEEC_Result res;

	for (unsigned int i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		origin = 0;
		res = TEEC_OpenSession(&tee.ctx, &s, t[i].uuid, TEEC_LOGIN_PUBLIC,
				       NULL, NULL, &origin);
		if (res == TEEC_SUCCESS)
			TEEC_CloseSession(&s);
		tap_result(expect(res, origin, TEEC_ERROR_ITEM_NOT_FOUND,
				  t[i].name), "%s", t[i].name);
	}
}

/*
 * The frame log: DIGEST vouches only for whole frames the firmware
 * decoded, from any session. @a holds frame 0 at the padded layout;
 * @fresh was never decoded into.
 */
static void test_frame_log(struct sdp_tee_buf *a, struct sdp_tee_buf *fresh)
{
	const char *name;
	uint8_t d[SDP_VIDEO_DIGEST_SIZE];
	TEEC_Session second;
	uint32_t origin;
	TEEC_Result res;

	res = digest_in(&tee.sess, fresh, 0, STRIDE, UV_OFF, d, &origin);
	tap_result(expect(res, origin, TEEC_ERROR_ITEM_NOT_FOUND,
			  "never decoded"),
		   "digest_of_a_buffer_never_decoded_is_item_not_found");
	/* row 1 onwards, as if a frame started there */
	res = digest_in(&tee.sess, a, STRIDE, STRIDE, UV_OFF - STRIDE, d, &origin);
	tap_result(expect(res, origin, TEEC_ERROR_ITEM_NOT_FOUND, "window"),
		   "digest_of_a_window_into_a_frame_is_item_not_found");
	res = digest_in(&tee.sess, a, 0, W, UV_OFF, d, &origin);
	tap_result(expect(res, origin, TEEC_ERROR_ITEM_NOT_FOUND,
			  "other stride"),
		   "digest_of_a_frame_at_another_layout_is_item_not_found");

	name = "digest_from_a_second_session_matches_the_first_sessions_frame";
	origin = 0;
	res = TEEC_OpenSession(&tee.ctx, &second, &sdp_video_uuid,
			       TEEC_LOGIN_PUBLIC,
			       NULL, NULL, &origin);
	if (!expect(res, origin, TEEC_SUCCESS, "second session")) {
		tap_result(0, "%s", name);
		return;
	}
	res = digest_in(&second, a, 0, STRIDE, UV_OFF, d, &origin);
	if (res == TEEC_SUCCESS && memcmp(d, nv12_digest[0], sizeof(d)))
		tap_diag("%s: the digest differs from the clip's", name);
	tap_result(expect(res, origin, TEEC_SUCCESS, name) &&
		   !memcmp(d, nv12_digest[0], sizeof(d)), "%s", name);
	TEEC_CloseSession(&second);
}

static void test_bad_destinations(struct sdp_tee_buf *b)
{
	size_t need = UV_OFF + (size_t)STRIDE * ((H + 1) / 2);
	TEEC_Operation op;
	uint32_t origin;
	TEEC_Result res;

	res = decode(record(0), record_len(0), b, need - 1, NULL, STRIDE,
		     UV_OFF, &op, &origin);
	if (res == TEEC_ERROR_SHORT_BUFFER && op.params[1].memref.size != need)
		tap_diag("SHORT_BUFFER with size %zu, expected %zu",
			 op.params[1].memref.size, need);
	tap_result(expect(res, origin, TEEC_ERROR_SHORT_BUFFER, "short") &&
		   op.params[1].memref.size == need,
		   "decode_into_undersized_buffer_is_short_buffer_with_size");
	res = decode(record(0), record_len(0), b, b->size, NULL, W - 1, UV_OFF,
		     &op, &origin);
	tap_result(expect(res, origin, TEEC_ERROR_BAD_PARAMETERS,
			  "stride < width"),
		   "decode_with_stride_below_width_is_bad_parameters");
	res = decode(record(0), record_len(0), b, b->size, NULL, STRIDE,
		     STRIDE * H - 1, &op, &origin);
	tap_result(expect(res, origin, TEEC_ERROR_BAD_PARAMETERS,
			  "uv overlaps y"),
		   "decode_with_uv_plane_over_y_is_bad_parameters");
}

static void test_bad_records(struct sdp_tee_buf *b)
{
	size_t len = record_len(0);
	TEEC_Operation op;
	uint32_t origin;
	TEEC_Result res;
	uint8_t *rec;

	rec = malloc(SDP_VIDEO_MAX_FRAME_BYTES + SDP_VIDEO_RECORD_HDR_SIZE + 1);
	if (!rec) {
		tap_result(0, "bad records: out of memory");
		return;
	}

	/* record one byte shorter than its length field says */
	res = decode(record(0), len - 1, b, b->size, NULL, STRIDE, UV_OFF,
		     &op, &origin);
	tap_result(expect(res, origin, TEEC_ERROR_BAD_FORMAT, "short record"),
		   "record_shorter_than_its_length_is_bad_format");

	/*
	 * Ciphertext byte 2: the plaintext there is the 0xff of the marker
	 * after SOI; flipping all its bits makes it a bad marker.
	 */
	memcpy(rec, record(0), len);
	rec[SDP_VIDEO_RECORD_HDR_SIZE + 2] ^= 0xff;
	res = decode(rec, len, b, b->size, NULL, STRIDE, UV_OFF, &op, &origin);
	if (op.params[3].value.b)
		tap_diag("corrupt: [3].b is %u, expected 0",
			 op.params[3].value.b);
	tap_result(expect(res, origin, TEEC_ERROR_BAD_FORMAT, "corrupt") &&
		   !op.params[3].value.b,
		   "corrupt_ciphertext_is_bad_format_without_detail");

	/* truncated ciphertext, consistent length field: JPEG truncated */
	memcpy(rec, record(0), len);
	{
		uint32_t half = frames[0].length / 2;

		rec[0] = half & 0xff;
		rec[1] = (half >> 8) & 0xff;
		rec[2] = (half >> 16) & 0xff;
		rec[3] = half >> 24;
		res = decode(rec, SDP_VIDEO_RECORD_HDR_SIZE + half, b, b->size,
			     NULL, STRIDE, UV_OFF, &op, &origin);
	}
	if (op.params[3].value.b)
		tap_diag("truncated: [3].b is %u, expected 0",
			 op.params[3].value.b);
	tap_result(expect(res, origin, TEEC_ERROR_BAD_FORMAT, "truncated") &&
		   !op.params[3].value.b,
		   "truncated_ciphertext_is_bad_format_without_detail");

	/* frame 1's ciphertext under frame 0's IV: wrong keystream */
	memcpy(rec, record(1), record_len(1));
	memcpy(rec + 4, record(0) + 4, CLIP_IV_SIZE);
	res = decode(rec, record_len(1), b, b->size, NULL, STRIDE, UV_OFF,
		     &op, &origin);
	tap_result(expect(res, origin, TEEC_ERROR_BAD_FORMAT, "wrong iv"),
		   "ciphertext_under_wrong_iv_is_bad_format");

	/* longer than the TA's secure bounce buffer */
	memset(rec, 0, SDP_VIDEO_MAX_FRAME_BYTES + SDP_VIDEO_RECORD_HDR_SIZE + 1);
	{
		uint32_t big = SDP_VIDEO_MAX_FRAME_BYTES + 1;

		rec[0] = big & 0xff;
		rec[1] = (big >> 8) & 0xff;
		rec[2] = (big >> 16) & 0xff;
		rec[3] = big >> 24;
	}
	res = decode(rec, SDP_VIDEO_MAX_FRAME_BYTES + SDP_VIDEO_RECORD_HDR_SIZE + 1,
		     b, b->size, NULL, STRIDE, UV_OFF, &op, &origin);
	tap_result(expect(res, origin, TEEC_ERROR_EXCESS_DATA, "oversized"),
		   "frame_above_1mib_is_excess_data");
	free(rec);
}

static void test_digest_refusals(struct sdp_tee_buf *b,
				 struct sdp_tee_buf *other)
{
	uint8_t d[SDP_VIDEO_DIGEST_SIZE];
	TEEC_Operation op;
	uint32_t origin;
	TEEC_Result res;

	res = digest(b, SDP_VIDEO_PIXFMT_NV12, STRIDE, UV_OFF, NULL,
		     SDP_VIDEO_DIGEST_SIZE, other, &op, &origin);
	tap_result(expect(res, origin, TEEC_ERROR_ACCESS_DENIED,
			  "secure digest output"),
		   "digest_into_secure_memory_is_access_denied");
	res = digest(b, SDP_VIDEO_PIXFMT_NV12, STRIDE, UV_OFF, d,
		     SDP_VIDEO_DIGEST_SIZE - 1, NULL, &op, &origin);
	tap_result(expect(res, origin, TEEC_ERROR_SHORT_BUFFER, "31 bytes") &&
		   op.params[1].tmpref.size == SDP_VIDEO_DIGEST_SIZE,
		   "digest_into_31_bytes_is_short_buffer_with_size_32");
	res = digest(b, 0x56595559 /* 'YUYV' */, STRIDE, UV_OFF, d, sizeof(d),
		     NULL, &op, &origin);
	tap_result(expect(res, origin, TEEC_ERROR_NOT_SUPPORTED, "YUYV"),
		   "digest_of_unknown_pixel_format_is_not_supported");
}

static void test_convert(struct sdp_tee_buf *b, struct sdp_tee_buf *fresh)
{
	const char *name = "convert_refuses_nonsecure_destination";
	uint8_t d[SDP_VIDEO_DIGEST_SIZE], *tmp;
	TEEC_RegisteredMemoryReference src, dst;
	struct sdp_tee_buf x;
	TEEC_Operation op;
	uint32_t origin;
	TEEC_Result res;

	tmp = malloc(XRGB_SIZE);
	if (!tmp) {
		tap_result(0, "%s: out of memory", name);
		return;
	}
	memset(tmp, POISON, XRGB_SIZE);
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INPUT,
					 TEEC_MEMREF_TEMP_OUTPUT,
					 TEEC_VALUE_INPUT, TEEC_VALUE_INPUT);
	op.params[0].memref.parent = &b->shm;
	op.params[0].memref.size = b->size;
	op.params[1].tmpref.buffer = tmp;
	op.params[1].tmpref.size = XRGB_SIZE;
	op.params[2].value.a = STRIDE;
	op.params[2].value.b = UV_OFF;
	op.params[3].value.a = W * 4;
	res = invoke(SDP_VIDEO_CMD_CONVERT_XRGB, &op, &origin);
	tap_result(expect(res, origin, TEEC_ERROR_ACCESS_DENIED, name) &&
		   all_bytes(tmp, XRGB_SIZE, POISON), "%s", name);
	free(tmp);

	name = "convert_frame_1_matches_the_clips_xrgb_digest";
	if (!rbuf_get(&x, RESTRICTED_HEAP, XRGB_SIZE)) {
		tap_result(0, "%s: no restricted XRGB buffer", name);
		return;
	}
	/* a source the firmware never decoded into */
	src = from(fresh, 0);
	dst = from(&x, 0);
	res = sdp_video_convert_xrgb(&tee.sess, &src, STRIDE, UV_OFF, &dst,
				     W * 4, &origin);
	tap_result(expect(res, origin, TEEC_ERROR_ITEM_NOT_FOUND,
			  "never decoded"),
		   "convert_of_a_buffer_never_decoded_is_item_not_found");
	src = from(b, 0);
	res = sdp_video_convert_xrgb(&tee.sess, &src, STRIDE, UV_OFF, &dst,
				     W * 4, &origin);
	if (expect(res, origin, TEEC_SUCCESS, name)) {
		dst = from(&x, 0);
		res = sdp_video_digest(&tee.sess, &dst,
				       SDP_VIDEO_PIXFMT_XRGB8888, W * 4, 0, d,
				       &origin);
		tap_result(expect(res, origin, TEEC_SUCCESS, name) &&
			   !memcmp(d, xrgb_digest[1], sizeof(d)), "%s", name);
	} else {
		tap_result(0, "%s", name);
	}
	sdp_tee_buf_free(&x);
}

int main(void)
{
	struct sdp_tee_buf a = SDP_TEE_BUF_INIT, other = SDP_TEE_BUF_INIT;
	struct sdp_tee_buf fresh = SDP_TEE_BUF_INIT;
	uint32_t origin = 0;
	struct clip_iter it;
	TEEC_Result res;

	if (load_file(CLIP_DIR CLIP_NAME ".sdpclip", &clip_data, &clip_len) ||
	    clip_validate(clip_data, clip_len, &hdr) != CLIP_OK ||
	    hdr.frame_count < 4 ||
	    load_digests(CLIP_DIR CLIP_NAME ".nv12.sha256", nv12_digest, 4) ||
	    load_digests(CLIP_DIR CLIP_NAME ".xrgb.sha256", xrgb_digest, 4)) {
		tap_result(0, "load " CLIP_DIR CLIP_NAME ".{sdpclip,nv12.sha256,xrgb.sha256}");
		return tap_done();
	}
	clip_iter_init(&hdr, &it);
	for (unsigned int i = 0; i < 4; i++)
		clip_next_frame(clip_data, clip_len, &hdr, &it, &frames[i]);
	W = hdr.width;
	H = hdr.height;
	/* a padded layout: the TA must honour the client's strides */
	STRIDE = W + 64;
	UV_OFF = STRIDE * (H + 8);
	NV12_SIZE = UV_OFF + (size_t)STRIDE * ((H + 1) / 2);
	XRGB_SIZE = (size_t)W * 4 * H;

	res = sdp_tee_open(&tee, &sdp_video_uuid, &origin);
	if (!tap_result(expect(res, origin, TEEC_SUCCESS, "open session"),
			"open_session_to_the_secure_decoder_ta"))
		return tap_done();

	test_no_test_tas();
	test_stream_state();
	if (!rbuf_get(&a, RESTRICTED_HEAP, NV12_SIZE) ||
	    !rbuf_get(&other, RESTRICTED_HEAP, 4096) ||
	    !rbuf_get(&fresh, RESTRICTED_HEAP, NV12_SIZE)) {
		tap_result(0, "restricted buffers");
		return tap_done();
	}
	tap_result(decode_and_verify(0, &a),
		   "frame_0_at_a_padded_layout_matches_the_clips_digest");
	test_frame_log(&a, &fresh);
	test_nonsecure_destinations();
	test_bad_destinations(&a);
	test_bad_records(&a);
	test_digest_refusals(&a, &other);
	tap_result(decode_and_verify(1, &a),
		   "after_every_refusal_frame_1_still_matches");
	test_convert(&a, &fresh);
	tap_result(decode_and_verify(2, &a) && decode_and_verify(3, &a),
		   "frames_2_and_3_match");
	sdp_tee_buf_free(&fresh);
	sdp_tee_buf_free(&other);
	sdp_tee_buf_free(&a);
	sdp_tee_close(&tee);
	return tap_done();
}

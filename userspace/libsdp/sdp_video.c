// SPDX-License-Identifier: GPL-2.0
/*
 * libsdp: the client side of the secure video TA's protocol (see
 * sdp_video.h and firmware/ta/sdp_video_ta.h).
 */
#include <errno.h>
#include <string.h>

#include "sdp_video.h"

const TEEC_UUID sdp_video_uuid = TA_SDP_VIDEO_UUID;

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint32_t get_le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

int sdp_video_record_header(uint8_t hdr[SDP_VIDEO_RECORD_HDR_SIZE],
			    uint32_t len, const uint8_t *iv, size_t iv_len)
{
	if (iv_len > SDP_VIDEO_RECORD_IV_SIZE)
		return -EINVAL;
	put_le32(hdr, len);
	if (iv_len)
		memmove(hdr + 4, iv, iv_len);
	memset(hdr + 4 + iv_len, 0, SDP_VIDEO_RECORD_IV_SIZE - iv_len);
	return 0;
}

static void op_init(TEEC_Operation *op, uint32_t types)
{
	memset(op, 0, sizeof(*op));
	op->paramTypes = types;
}

/* [0]: the frame record, [1]: the secure destination */
static void record_params(TEEC_Operation *op, uint32_t types, const void *rec,
			  size_t rec_size,
			  const TEEC_RegisteredMemoryReference *dst)
{
	op_init(op, types);
	op->params[0].tmpref.buffer = (void *)rec;
	op->params[0].tmpref.size = rec_size;
	op->params[1].memref = *dst;
}

static TEEC_Result invoke(TEEC_Session *s, uint32_t cmd, TEEC_Operation *op,
			  uint32_t *origin)
{
	*origin = TEEC_ORIGIN_API;
	return TEEC_InvokeCommand(s, cmd, op, origin);
}

/* A successful command whose answer the protocol does not allow. */
static TEEC_Result bad_answer(uint32_t *origin)
{
	*origin = TEEC_ORIGIN_API;
	return TEEC_ERROR_COMMUNICATION;
}

TEEC_Result sdp_video_open_stream(TEEC_Session *s, uint32_t format,
				  uint32_t key_id, uint32_t width,
				  uint32_t height, uint32_t *origin)
{
	TEEC_Operation op;

	op_init(&op, TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_INPUT,
				      TEEC_NONE, TEEC_NONE));
	op.params[0].value.a = format;
	op.params[0].value.b = key_id;
	op.params[1].value.a = width;
	op.params[1].value.b = height;
	return invoke(s, SDP_VIDEO_CMD_OPEN_STREAM, &op, origin);
}

TEEC_Result sdp_video_decode_frame(TEEC_Session *s, const void *rec,
				   size_t rec_size,
				   TEEC_RegisteredMemoryReference *dst,
				   uint32_t stride, uint32_t uv_offset,
				   uint32_t *span, uint32_t *origin)
{
	TEEC_Operation op;
	TEEC_Result res;

	record_params(&op, TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT,
					    TEEC_MEMREF_PARTIAL_OUTPUT,
					    TEEC_VALUE_INPUT,
					    TEEC_VALUE_OUTPUT),
		      rec, rec_size, dst);
	op.params[2].value.a = stride;
	op.params[2].value.b = uv_offset;
	res = invoke(s, SDP_VIDEO_CMD_DECODE_FRAME, &op, origin);
	dst->size = op.params[1].memref.size;
	if (span)
		*span = op.params[3].value.a;
	return res;
}

TEEC_Result sdp_video_decrypt_sample(TEEC_Session *s, const void *rec,
				     size_t rec_size,
				     TEEC_RegisteredMemoryReference *dst,
				     uint32_t *len, uint32_t *origin)
{
	TEEC_Operation op;
	TEEC_Result res;

	record_params(&op, TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT,
					    TEEC_MEMREF_PARTIAL_OUTPUT,
					    TEEC_NONE, TEEC_VALUE_OUTPUT),
		      rec, rec_size, dst);
	res = invoke(s, SDP_VIDEO_CMD_DECRYPT_SAMPLE, &op, origin);
	dst->size = op.params[1].memref.size;
	*len = op.params[3].value.a;
	if (res == TEEC_SUCCESS &&
	    (rec_size < SDP_VIDEO_RECORD_HDR_SIZE || *len != get_le32(rec)))
		return bad_answer(origin);
	return res;
}

TEEC_Result sdp_video_convert_xrgb(TEEC_Session *s,
				   const TEEC_RegisteredMemoryReference *src,
				   uint32_t stride, uint32_t uv_offset,
				   TEEC_RegisteredMemoryReference *dst,
				   uint32_t xrgb_stride, uint32_t *origin)
{
	TEEC_Operation op;
	TEEC_Result res;

	op_init(&op, TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INPUT,
				      TEEC_MEMREF_PARTIAL_OUTPUT,
				      TEEC_VALUE_INPUT, TEEC_VALUE_INPUT));
	op.params[0].memref = *src;
	op.params[1].memref = *dst;
	op.params[2].value.a = stride;
	op.params[2].value.b = uv_offset;
	op.params[3].value.a = xrgb_stride;
	res = invoke(s, SDP_VIDEO_CMD_CONVERT_XRGB, &op, origin);
	dst->size = op.params[1].memref.size;
	return res;
}

TEEC_Result sdp_video_digest(TEEC_Session *s,
			     const TEEC_RegisteredMemoryReference *frame,
			     uint32_t pixfmt, uint32_t stride,
			     uint32_t uv_offset,
			     uint8_t digest[SDP_VIDEO_DIGEST_SIZE],
			     uint32_t *origin)
{
	TEEC_Operation op;
	TEEC_Result res;

	op_init(&op, TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INPUT,
				      TEEC_MEMREF_TEMP_OUTPUT,
				      TEEC_VALUE_INPUT, TEEC_VALUE_INPUT));
	op.params[0].memref = *frame;
	op.params[1].tmpref.buffer = digest;
	op.params[1].tmpref.size = SDP_VIDEO_DIGEST_SIZE;
	op.params[2].value.a = pixfmt;
	op.params[2].value.b = stride;
	op.params[3].value.a = uv_offset;
	res = invoke(s, SDP_VIDEO_CMD_DIGEST, &op, origin);
	if (res == TEEC_SUCCESS &&
	    op.params[1].tmpref.size != SDP_VIDEO_DIGEST_SIZE)
		return bad_answer(origin);
	return res;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The JPEG decoder engine TA (protocol: jpeg_engine_ta.h): the secure
 * world as a SoC's hardware JPEG decoder, for the kernel's V4L2 decoder
 * driver. It never decrypts: its bitstreams are clear JPEG in non-secure
 * memory, or what the video TA's DECRYPT_SAMPLE wrote into secure memory.
 *
 * A non-secure bitstream is copied into a bounce buffer in the firmware's
 * RAM (it only ever holds bytes the normal world has), so the decoder
 * reads one contiguous, stable copy; a secure one is read in place, and
 * only when the frame log knows it as a whole bitstream. Memory kinds are
 * checked first: content from secure memory is only decoded into secure
 * memory. The frame's layout is the client's, checked with 64-bit
 * arithmetic before anything is written; frames decoded into secure memory
 * go into the frame log, so the video TA's DIGEST answers for them.
 *
 * Calls keep no state. Standard calls are serialised by the OP-TEE layer
 * (one thread), so the bounce buffer and the session pool need no lock.
 */
#include <stdbool.h>
#include <string.h>

#include "frame_log.h"
#include "jpeg_engine_ta.h"
#include "nv12.h"
#include "sdp_video_ta.h"
#include "ta.h"
#include "../lib/jpeg/jpeg.h"

#define PT(a, b, c, d)	TEE_PARAM_TYPES(TEE_PARAM_TYPE_##a, \
					TEE_PARAM_TYPE_##b, \
					TEE_PARAM_TYPE_##c, \
					TEE_PARAM_TYPE_##d)
#define PT_PARSE	PT(MEMREF_INPUT, VALUE_OUTPUT, VALUE_OUTPUT, NONE)
#define PT_DECODE	PT(MEMREF_INPUT, MEMREF_OUTPUT, VALUE_INPUT, \
			   VALUE_OUTPUT)

/* A bitstream the decoder may read: contiguous, stable for the call. */
struct bitstream {
	const uint8_t *data;
	size_t len;
	bool secure;
};

_Static_assert(JPEG_ENGINE_MAX_DIM <= NV12_MAX_DIM, "nv12_layout's limit");

static bool sessions[JPEG_ENGINE_MAX_SESSIONS];

/* Copies of non-secure bitstreams: firmware RAM. */
static uint8_t bounce[JPEG_ENGINE_MAX_BITSTREAM_BYTES];

/*
 * The bitstream in @m (readable, checked by the caller): a non-secure one
 * copied into the bounce buffer, a secure one in place if the frame log
 * has a whole bitstream starting at its byte 0.
 */
static TEE_Result get_bitstream(const struct memref *m, struct bitstream *bs)
{
	const struct frame_entry *f;
	const uint8_t *p;

	bs->secure = memref_is_secure(m);
	if (!bs->secure) {
		if (m->size > JPEG_ENGINE_MAX_BITSTREAM_BYTES)
			return TEE_ERROR_EXCESS_DATA;
		if (memref_read(m, 0, bounce, m->size))
			return TEE_ERROR_ACCESS_DENIED;
		bs->data = bounce;
		bs->len = m->size;
		return TEE_SUCCESS;
	}
	p = m->size ? memref_contig(m, 1, MEMREF_ACCESS_READ) : NULL;
	f = p ? frame_log_find((uintptr_t)p, SDP_VIDEO_PIXFMT_JPEG, 0, 0) :
		NULL;
	if (!f || m->size < f->span)
		return TEE_ERROR_ITEM_NOT_FOUND;
	if (memref_contig(m, f->span, MEMREF_ACCESS_READ) != p)
		return TEE_ERROR_NOT_SUPPORTED;
	bs->data = p;
	bs->len = f->span;
	return TEE_SUCCESS;
}

/*
 * The frame @bs holds, if the engine decodes its kind: BAD_FORMAT for no
 * JPEG (or a broken header), NOT_SUPPORTED for a JPEG of another kind.
 */
static TEE_Result __attribute__((noinline))
parse_header(const struct bitstream *bs, struct jpeg_info *info)
{
	int err = jpeg_parse_header(bs->data, bs->len, info);

	if (err == JPEG_ERR_UNSUPPORTED || err == JPEG_ERR_TOO_LARGE)
		return TEE_ERROR_NOT_SUPPORTED;
	if (err)
		return TEE_ERROR_BAD_FORMAT;
	if (info->width > JPEG_ENGINE_MAX_DIM ||
	    info->height > JPEG_ENGINE_MAX_DIM ||
	    (info->sub != JPEG_SUB_420 && info->sub != JPEG_SUB_GRAY))
		return TEE_ERROR_NOT_SUPPORTED;
	return TEE_SUCCESS;
}

static TEE_Result cmd_parse_header(uint32_t ptypes, union ta_param p[])
{
	struct jpeg_info info;
	struct bitstream bs;
	TEE_Result res;

	if (ptypes != PT_PARSE)
		return TEE_ERROR_BAD_PARAMETERS;
	p[1].value.a = 0;
	p[1].value.b = 0;
	p[2].value.a = 0;
	p[2].value.b = 0;
	if (memref_check_access(&p[0].memref, TEE_MEMORY_ACCESS_READ))
		return TEE_ERROR_ACCESS_DENIED;
	res = get_bitstream(&p[0].memref, &bs);
	if (!res)
		res = parse_header(&bs, &info);
	if (res)
		return res;
	p[1].value.a = info.width;
	p[1].value.b = info.height;
	p[2].value.a = info.sub == JPEG_SUB_420 ? JPEG_ENGINE_SUB_420 :
						  JPEG_ENGINE_SUB_GRAY;
	return TEE_SUCCESS;
}

/*
 * DECODE's checks and its output buffer: everything but the decode.
 * Reads the bitstream, so a windowed decode calls it with both buffers
 * reserved.
 */
static TEE_Result prepare_decode(union ta_param p[], struct bitstream *bs,
				 struct jpeg_info *info, struct nv12_layout *l,
				 uint8_t **out)
{
	const struct memref *src = &p[0].memref;
	struct memref *dst = &p[1].memref;
	TEE_Result res;

	res = get_bitstream(src, bs);
	if (!res)
		res = parse_header(bs, info);
	if (res)
		return res;
	p[3].value.a = info->width;
	p[3].value.b = info->height;
	res = nv12_layout(info->width, info->height, p[2].value.a,
			  p[2].value.b, l);
	if (res)
		return res;
	if (dst->size < l->span) {
		dst->size = l->span;
		return TEE_ERROR_SHORT_BUFFER;
	}
	*out = memref_contig(dst, l->span, 0);
	if (!*out)
		return TEE_ERROR_NOT_SUPPORTED;
	/* Decoding a bitstream onto itself would read what it writes. */
	if (bs->secure && (uintptr_t)bs->data < (uintptr_t)*out + l->span &&
	    (uintptr_t)*out < (uintptr_t)bs->data + bs->len)
		return TEE_ERROR_BAD_PARAMETERS;
	*out = memref_contig(dst, l->span, MEMREF_ACCESS_WRITE);
	return TEE_SUCCESS;
}

/*
 * From secure to secure memory, the decode runs in a window (ta.h): both
 * buffers reserved, without the TEE core lock, so that another secure
 * thread may work meanwhile.
 */
static TEE_Result cmd_decode(uint32_t ptypes, union ta_param p[])
{
	const struct memref *src = &p[0].memref;
	struct memref *dst = &p[1].memref;
	struct ta_range r[2];
	struct jpeg_info info;
	struct nv12_layout l;
	struct bitstream bs;
	struct ta_window w;
	bool windowed;
	TEE_Result res;
	uint8_t *out;

	if (ptypes != PT_DECODE)
		return TEE_ERROR_BAD_PARAMETERS;
	p[3].value.a = 0;
	p[3].value.b = 0;
	if (memref_check_access(src, TEE_MEMORY_ACCESS_READ) ||
	    memref_check_access(dst, TEE_MEMORY_ACCESS_WRITE))
		return TEE_ERROR_ACCESS_DENIED;
	/* What comes from secure memory stays in secure memory. */
	if (memref_is_secure(src) && !memref_is_secure(dst))
		return TEE_ERROR_ACCESS_DENIED;

	windowed = memref_is_secure(src) && memref_is_secure(dst);
	if (windowed) {
		ta_range_of(src, &r[0]);
		ta_range_of(dst, &r[1]);
		ta_window_reserve(&w, r, 2);
	}
	res = prepare_decode(p, &bs, &info, &l, &out);
	if (!res) {
		if (windowed)
			ta_window_enter(&w);
		res = nv12_decode_jpeg(bs.data, bs.len, out, &l);
		if (windowed)
			ta_window_leave(&w);
	}
	if (!res && memref_is_secure(dst))
		nv12_log_frame(out, info.width, info.height, &l);
	if (windowed)
		ta_window_release(&w);
	return res;
}

static TEE_Result engine_open(const struct ta_identity *client,
			      uint32_t ptypes,
			      union ta_param p[TEE_NUM_PARAMS],
			      void **sess_ctx)
{
	unsigned int i;

	/* Any client may decode; open-session params are not used. */
	(void)client;
	(void)ptypes;
	(void)p;
	for (i = 0; i < JPEG_ENGINE_MAX_SESSIONS; i++) {
		if (!sessions[i]) {
			sessions[i] = true;
			*sess_ctx = &sessions[i];
			return TEE_SUCCESS;
		}
	}
	return TEE_ERROR_OUT_OF_MEMORY;
}

static void engine_close(void *sess_ctx)
{
	bool *used = sess_ctx;

	if (used)
		*used = false;
}

static TEE_Result engine_invoke(void *sess_ctx, uint32_t cmd,
				uint32_t ptypes,
				union ta_param p[TEE_NUM_PARAMS])
{
	if (!sess_ctx)
		return TEE_ERROR_BAD_STATE;
	switch (cmd) {
	case JPEG_ENGINE_CMD_PARSE_HEADER:
		return cmd_parse_header(ptypes, p);
	case JPEG_ENGINE_CMD_DECODE:
		return cmd_decode(ptypes, p);
	default:
		return TEE_ERROR_BAD_PARAMETERS;
	}
}

/* Forget every session (host tests: the framework's sessions were reset). */
void jpeg_engine_ta_reset(void)
{
	memset(sessions, 0, sizeof(sessions));
}

const struct ta_desc jpeg_engine_ta = {
	.name = "jpeg_engine",
	.uuid = TA_JPEG_ENGINE_UUID,
	.open_session = engine_open,
	.close_session = engine_close,
	.invoke = engine_invoke,
};

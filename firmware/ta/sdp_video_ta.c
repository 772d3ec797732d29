// SPDX-License-Identifier: GPL-2.0
/*
 * The secure video decoder TA (protocol: sdp_video_ta.h). One session holds
 * one encrypted Motion-JPEG stream: its format, content key and frame size.
 *
 * DECODE_FRAME copies the frame record from non-secure memory into a
 * bounce buffer in the firmware's own RAM, decrypts it there in place,
 * decodes it into the client's secure NV12 buffer and wipes the buffer and
 * the AES key schedule before returning, whatever the outcome.
 * DECRYPT_SAMPLE does the same up to the decryption, then copies the
 * plaintext bitstream into the client's secure buffer (for the JPEG engine
 * TA to decode). The plaintext bitstream and the pixels thus never reach
 * memory the normal world can read. The client's values (stride, offsets)
 * are untrusted: every layout is checked with 64-bit arithmetic against
 * the memref's size before anything is read or written, and the secure
 * range a command works on must be one contiguous segment (a restricted
 * dma-buf is).
 *
 * Every frame a command completes goes into the frame log (frame_log.h);
 * DIGEST and CONVERT_XRGB work only on logged frames, so the normal world
 * can neither hash nor convert a window of secure memory it chose.
 *
 * Standard calls are serialised by the OP-TEE layer (one thread), so the
 * single bounce buffer and the session pool need no lock.
 */
#include <stdbool.h>
#include <string.h>

#include "frame_log.h"
#include "nv12.h"
#include "sdp_video_keys.h"
#include "sdp_video_ta.h"
#include "ta.h"
#include "../lib/color/color.h"
#include "../lib/crypto/aes.h"
#include "../lib/crypto/secure_wipe.h"
#include "../lib/crypto/sha256.h"
#include "../lib/jpeg/jpeg.h"

#define SDP_VIDEO_MAX_STREAMS	8
#define SDP_VIDEO_MIN_DIM	16
#define SDP_VIDEO_MAX_DIM	NV12_MAX_DIM

#define PT(a, b, c, d)	TEE_PARAM_TYPES(TEE_PARAM_TYPE_##a, \
					TEE_PARAM_TYPE_##b, \
					TEE_PARAM_TYPE_##c, \
					TEE_PARAM_TYPE_##d)
#define PT_OPEN_STREAM	PT(VALUE_INPUT, VALUE_INPUT, NONE, NONE)
#define PT_DECODE	PT(MEMREF_INPUT, MEMREF_OUTPUT, VALUE_INPUT, \
			   VALUE_OUTPUT)
#define PT_CONVERT	PT(MEMREF_INPUT, MEMREF_OUTPUT, VALUE_INPUT, \
			   VALUE_INPUT)
#define PT_DIGEST	PT(MEMREF_INPUT, MEMREF_OUTPUT, VALUE_INPUT, \
			   VALUE_INPUT)
#define PT_DECRYPT	PT(MEMREF_INPUT, MEMREF_OUTPUT, NONE, VALUE_OUTPUT)

#define SECURE_RD	(TEE_MEMORY_ACCESS_SECURE | TEE_MEMORY_ACCESS_READ)
#define SECURE_WR	(TEE_MEMORY_ACCESS_SECURE | TEE_MEMORY_ACCESS_WRITE)
#define NSEC_RD		(TEE_MEMORY_ACCESS_NONSECURE | \
			 TEE_MEMORY_ACCESS_READ)
#define NSEC_WR		(TEE_MEMORY_ACCESS_NONSECURE | \
			 TEE_MEMORY_ACCESS_WRITE)

struct video_session {
	bool used;
	bool open;			/* OPEN_STREAM done */
	uint32_t width;
	uint32_t height;
	const struct sdp_video_key *key;
};

static struct video_session sessions[SDP_VIDEO_MAX_STREAMS];

/* Decrypted bitstream: firmware RAM, never visible to the normal world. */
static uint8_t bounce[SDP_VIDEO_MAX_FRAME_BYTES];

static uint32_t get_le32(const uint8_t *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

static const struct sdp_video_key *find_key(uint32_t id)
{
	unsigned int i;

	for (i = 0; i < sdp_video_key_count; i++)
		if (sdp_video_keys[i].id == id)
			return &sdp_video_keys[i];
	return NULL;
}

/* XRGB8888: stride >= 4 * width; span = stride * height. */
static TEE_Result xrgb_layout(const struct video_session *s, uint32_t stride,
			      uint64_t *span)
{
	if (stride < 4 * (uint64_t)s->width)
		return TEE_ERROR_BAD_PARAMETERS;
	*span = (uint64_t)stride * s->height;
	return TEE_SUCCESS;
}

static TEE_Result cmd_open_stream(struct video_session *s, uint32_t ptypes,
				  union ta_param p[])
{
	uint32_t w = p[1].value.a, h = p[1].value.b;
	const struct sdp_video_key *key;

	if (ptypes != PT_OPEN_STREAM)
		return TEE_ERROR_BAD_PARAMETERS;
	if (s->open)
		return TEE_ERROR_BAD_STATE;
	if (w < SDP_VIDEO_MIN_DIM || w > SDP_VIDEO_MAX_DIM || (w & 1) ||
	    h < SDP_VIDEO_MIN_DIM || h > SDP_VIDEO_MAX_DIM || (h & 1))
		return TEE_ERROR_BAD_PARAMETERS;
	if (p[0].value.a != SDP_VIDEO_FMT_MJPG)
		return TEE_ERROR_NOT_SUPPORTED;
	key = find_key(p[0].value.b);
	if (!key)
		return TEE_ERROR_ITEM_NOT_FOUND;
	s->width = w;
	s->height = h;
	s->key = key;
	s->open = true;
	return TEE_SUCCESS;
}

/*
 * The frame record in @src: one read of its header into @hdr, the
 * ciphertext length checked against the record's size into *len.
 */
static TEE_Result record_length(const struct memref *src,
				uint8_t hdr[SDP_VIDEO_RECORD_HDR_SIZE],
				uint32_t *len)
{
	if (src->size < SDP_VIDEO_RECORD_HDR_SIZE ||
	    memref_read(src, 0, hdr, SDP_VIDEO_RECORD_HDR_SIZE))
		return TEE_ERROR_BAD_FORMAT;
	*len = get_le32(hdr);
	if (*len > SDP_VIDEO_MAX_FRAME_BYTES)
		return TEE_ERROR_EXCESS_DATA;
	if (!*len || src->size != SDP_VIDEO_RECORD_HDR_SIZE + (uint64_t)*len)
		return TEE_ERROR_BAD_FORMAT;
	return TEE_SUCCESS;
}

/* Decrypt bounce[0..len) in place; the key schedule lives only here. */
static void __attribute__((noinline))
decrypt_bounce(const struct sdp_video_key *key, const uint8_t iv[16],
	       size_t len)
{
	struct aes128_key ks;

	aes128_set_key(&ks, key->key);
	aes128_ctr_xcrypt(&ks, iv, 0, bounce, bounce, len);
	aes128_wipe_key(&ks);
}

/*
 * Decode bounce[0..len) into the NV12 planes at @dst. Every failure is
 * TEE_ERROR_BAD_FORMAT: which check a decrypted frame failed is a function
 * of its plaintext, and must not leave the secure world.
 */
static TEE_Result __attribute__((noinline))
decode_bounce(const struct video_session *s, size_t len, uint8_t *dst,
	      const struct nv12_layout *l)
{
	struct jpeg_info info;

	if (jpeg_parse_header(bounce, len, &info) ||
	    info.width != s->width || info.height != s->height ||
	    (info.sub != JPEG_SUB_420 && info.sub != JPEG_SUB_GRAY))
		return TEE_ERROR_BAD_FORMAT;
	return nv12_decode_jpeg(bounce, len, dst, l);
}

/*
 * What DECODE_FRAME and DECRYPT_SAMPLE check first, in this order: the
 * param types (@want), an open stream, a non-secure record going to secure
 * memory (plaintext never reaches the normal world). Clears [3].
 */
static TEE_Result record_call(const struct video_session *s, uint32_t ptypes,
			      uint32_t want, union ta_param p[])
{
	if (ptypes != want)
		return TEE_ERROR_BAD_PARAMETERS;
	p[3].value.a = 0;
	p[3].value.b = 0;
	if (!s->open)
		return TEE_ERROR_BAD_STATE;
	if (memref_check_access(&p[0].memref, NSEC_RD) ||
	    memref_check_access(&p[1].memref, SECURE_WR))
		return TEE_ERROR_ACCESS_DENIED;
	return TEE_SUCCESS;
}

static TEE_Result cmd_decode(struct video_session *s, uint32_t ptypes,
			     union ta_param p[])
{
	const struct memref *src = &p[0].memref;
	struct memref *dst = &p[1].memref;
	uint8_t hdr[SDP_VIDEO_RECORD_HDR_SIZE];
	struct nv12_layout l;
	TEE_Result res;
	uint32_t len;
	uint8_t *out;

	res = record_call(s, ptypes, PT_DECODE, p);
	if (res)
		return res;
	res = nv12_layout(s->width, s->height, p[2].value.a, p[2].value.b,
			  &l);
	if (res)
		return res;
	p[3].value.a = (uint32_t)l.span;
	if (dst->size < l.span) {
		dst->size = l.span;
		return TEE_ERROR_SHORT_BUFFER;
	}
	if (!memref_contig(dst, l.span, 0))
		return TEE_ERROR_NOT_SUPPORTED;

	/* The record: one read of its header, then of its ciphertext. */
	res = record_length(src, hdr, &len);
	if (res)
		return res;
	if (memref_read(src, SDP_VIDEO_RECORD_HDR_SIZE, bounce, len))
		return TEE_ERROR_ACCESS_DENIED;

	out = memref_contig(dst, l.span, MEMREF_ACCESS_WRITE);
	decrypt_bounce(s->key, hdr + 4, len);
	res = decode_bounce(s, len, out, &l);
	secure_wipe(bounce, len);
	if (!res)
		nv12_log_frame(out, s->width, s->height, &l);
	return res;
}

/*
 * The record's plaintext into the secure buffer [1], from its byte 0: the
 * JPEG engine TA decodes it from there. Everything is checked before the
 * ciphertext is read; the bitstream is logged so that the engine takes it
 * (and only what this command wrote) as a secure bitstream.
 */
static TEE_Result cmd_decrypt(struct video_session *s, uint32_t ptypes,
			      union ta_param p[])
{
	const struct memref *src = &p[0].memref;
	struct memref *dst = &p[1].memref;
	uint8_t hdr[SDP_VIDEO_RECORD_HDR_SIZE];
	struct frame_entry f = { .pixfmt = SDP_VIDEO_PIXFMT_JPEG };
	TEE_Result res;
	uint32_t len;
	uint8_t *out;

	res = record_call(s, ptypes, PT_DECRYPT, p);
	if (res)
		return res;
	res = record_length(src, hdr, &len);
	if (res)
		return res;
	if (dst->size < len) {
		dst->size = len;
		return TEE_ERROR_SHORT_BUFFER;
	}
	if (!memref_contig(dst, len, 0))
		return TEE_ERROR_NOT_SUPPORTED;
	if (memref_read(src, SDP_VIDEO_RECORD_HDR_SIZE, bounce, len))
		return TEE_ERROR_ACCESS_DENIED;

	out = memref_contig(dst, len, MEMREF_ACCESS_WRITE);
	decrypt_bounce(s->key, hdr + 4, len);
	memcpy(out, bounce, len);
	secure_wipe(bounce, len);
	f.start = (uintptr_t)out;
	f.span = len;
	frame_log_add(&f);
	dst->size = len;
	p[3].value.a = len;
	return TEE_SUCCESS;
}

/* The rows of @height x @width NV12 frame @in (layout @l) as XRGB8888. */
static void convert_frame(const uint8_t *in, const struct nv12_layout *l,
			  uint32_t width, uint32_t height, uint8_t *out,
			  uint64_t xstride)
{
	uint32_t r;

	/* Rows 2k and 2k + 1 share chroma row k: converted together. */
	for (r = 0; r + 1 < height; r += 2)
		color_nv12_rows_to_xrgb8888(in + r * l->stride,
					    in + (r + 1) * l->stride,
					    in + l->uv_offset +
					    (r / 2) * l->stride, width,
					    out + r * xstride,
					    out + (r + 1) * xstride);
	if (r < height)
		color_nv12_row_to_xrgb8888(in + r * l->stride,
					   in + l->uv_offset +
					   (r / 2) * l->stride,
					   width, out + r * xstride);
}

/*
 * The conversion runs in a window (ta.h): both buffers reserved, the
 * frame log consulted after the reservation, the stream's size copied
 * (another call on this session may change it meanwhile).
 */
static TEE_Result cmd_convert(struct video_session *s, uint32_t ptypes,
			      union ta_param p[])
{
	const struct memref *src = &p[0].memref;
	struct memref *dst = &p[1].memref;
	struct frame_entry xf = { .pixfmt = SDP_VIDEO_PIXFMT_XRGB8888 };
	uint32_t width = s->width, height = s->height;
	const struct frame_entry *f;
	struct nv12_layout l;
	uint64_t xspan, xstride;
	struct ta_range r[2];
	struct ta_window w;
	const uint8_t *in;
	TEE_Result res;
	uint8_t *out;

	if (ptypes != PT_CONVERT)
		return TEE_ERROR_BAD_PARAMETERS;
	if (!s->open)
		return TEE_ERROR_BAD_STATE;
	if (memref_check_access(src, SECURE_RD) ||
	    memref_check_access(dst, SECURE_WR))
		return TEE_ERROR_ACCESS_DENIED;
	res = nv12_layout(width, height, p[2].value.a, p[2].value.b, &l);
	if (!res)
		res = xrgb_layout(s, p[3].value.a, &xspan);
	if (res)
		return res;
	if (dst->size < xspan) {
		dst->size = xspan;
		return TEE_ERROR_SHORT_BUFFER;
	}
	if (src->size < l.span)
		return TEE_ERROR_SHORT_BUFFER;
	in = memref_contig(src, l.span, MEMREF_ACCESS_READ);
	out = memref_contig(dst, xspan, 0);
	if (!in || !out)
		return TEE_ERROR_NOT_SUPPORTED;
	/* Converting a frame onto itself would read what it just wrote. */
	if ((uintptr_t)in < (uintptr_t)out + xspan &&
	    (uintptr_t)out < (uintptr_t)in + l.span)
		return TEE_ERROR_BAD_PARAMETERS;
	out = memref_contig(dst, xspan, MEMREF_ACCESS_WRITE);
	if (!out)
		return TEE_ERROR_NOT_SUPPORTED;

	ta_range_of(src, &r[0]);
	ta_range_of(dst, &r[1]);
	ta_window_reserve(&w, r, 2);
	/* Only a whole frame decoded here, of this stream's size. */
	f = frame_log_find((uintptr_t)in, SDP_VIDEO_PIXFMT_NV12,
			   p[2].value.a, p[2].value.b);
	if (!f || f->width != width || f->height != height) {
		ta_window_release(&w);
		return TEE_ERROR_ITEM_NOT_FOUND;
	}
	xstride = p[3].value.a;
	ta_window_enter(&w);
	convert_frame(in, &l, width, height, out, xstride);
	ta_window_leave(&w);
	xf.start = (uintptr_t)out;
	xf.span = xspan;
	xf.width = width;
	xf.height = height;
	xf.stride = (uint32_t)xstride;
	frame_log_add(&xf);
	ta_window_release(&w);
	return TEE_SUCCESS;
}

/* SHA-256 of the visible pixels of logged frame @f at @in. */
static void frame_digest(const struct frame_entry *f, const uint8_t *in,
			 uint8_t digest[SDP_VIDEO_DIGEST_SIZE])
{
	uint64_t row, stride = f->stride;
	uint32_t r, crows = 0;
	struct sha256_ctx c;

	if (f->pixfmt == SDP_VIDEO_PIXFMT_NV12) {
		row = f->width;
		crows = (f->height + 1) / 2;
	} else {
		row = 4 * (uint64_t)f->width;
	}
	sha256_init(&c);
	for (r = 0; r < f->height; r++)
		sha256_update(&c, in + r * stride, row);
	/* CbCr rows: (width + 1) / 2 pairs (JPEG engine frames may be odd). */
	for (r = 0; r < crows; r++)
		sha256_update(&c, in + f->uv_offset + r * stride,
			      nv12_uv_row(f->width));
	sha256_final(&c, digest);
}

/*
 * The digest of the frame logged at @in (@src reserved by window @w): the
 * one the log keeps, or computed in the window and then kept, if the
 * frame is still logged (another thread's frame may have pushed it out).
 */
static TEE_Result digest_frame(const struct memref *src, const uint8_t *in,
			       uint32_t fmt, uint32_t stride,
			       uint32_t uv_offset,
			       uint8_t digest[SDP_VIDEO_DIGEST_SIZE],
			       struct ta_window *w)
{
	struct frame_entry *f = frame_log_find((uintptr_t)in, fmt, stride,
					       uv_offset);
	struct frame_entry copy;

	if (!f)
		return TEE_ERROR_ITEM_NOT_FOUND;
	if (src->size < f->span)
		return TEE_ERROR_SHORT_BUFFER;
	if (memref_contig(src, f->span, MEMREF_ACCESS_READ) != in)
		return TEE_ERROR_NOT_SUPPORTED;
	if (f->has_digest) {
		memcpy(digest, f->digest, SDP_VIDEO_DIGEST_SIZE);
		return TEE_SUCCESS;
	}
	copy = *f;
	ta_window_enter(w);
	frame_digest(&copy, in, digest);
	ta_window_leave(w);
	f = frame_log_find((uintptr_t)in, fmt, stride, uv_offset);
	if (f) {
		memcpy(f->digest, digest, SDP_VIDEO_DIGEST_SIZE);
		f->has_digest = true;
	}
	return TEE_SUCCESS;
}

static TEE_Result cmd_digest(uint32_t ptypes, union ta_param p[])
{
	const struct memref *src = &p[0].memref;
	struct memref *dst = &p[1].memref;
	uint32_t fmt = p[2].value.a, uv_offset = 0;
	uint8_t digest[SDP_VIDEO_DIGEST_SIZE];
	struct ta_window w;
	struct ta_range r;
	const uint8_t *in;
	TEE_Result res;

	if (ptypes != PT_DIGEST)
		return TEE_ERROR_BAD_PARAMETERS;
	if (memref_check_access(src, SECURE_RD) ||
	    memref_check_access(dst, NSEC_WR))
		return TEE_ERROR_ACCESS_DENIED;
	if (fmt == SDP_VIDEO_PIXFMT_NV12)
		uv_offset = p[3].value.a;
	else if (fmt != SDP_VIDEO_PIXFMT_XRGB8888)
		return TEE_ERROR_NOT_SUPPORTED;
	if (dst->size < SDP_VIDEO_DIGEST_SIZE) {
		dst->size = SDP_VIDEO_DIGEST_SIZE;
		return TEE_ERROR_SHORT_BUFFER;
	}
	/* Byte 0 of the memref names the frame. */
	in = src->size ? memref_contig(src, 1, MEMREF_ACCESS_READ) : NULL;
	if (!in)
		return TEE_ERROR_ITEM_NOT_FOUND;
	ta_range_of(src, &r);
	ta_window_reserve(&w, &r, 1);
	res = digest_frame(src, in, fmt, p[2].value.b, uv_offset, digest,
			   &w);
	ta_window_release(&w);
	if (res)
		return res;
	if (memref_write(dst, 0, digest, SDP_VIDEO_DIGEST_SIZE))
		return TEE_ERROR_ACCESS_DENIED;
	dst->size = SDP_VIDEO_DIGEST_SIZE;
	return TEE_SUCCESS;
}

static TEE_Result video_open(const struct ta_identity *client,
			     uint32_t ptypes, union ta_param p[TEE_NUM_PARAMS],
			     void **sess_ctx)
{
	unsigned int i;

	/* Anyone may decode; open-session params are not used. */
	(void)client;
	(void)ptypes;
	(void)p;
	for (i = 0; i < SDP_VIDEO_MAX_STREAMS; i++) {
		if (!sessions[i].used) {
			memset(&sessions[i], 0, sizeof(sessions[i]));
			sessions[i].used = true;
			*sess_ctx = &sessions[i];
			return TEE_SUCCESS;
		}
	}
	return TEE_ERROR_OUT_OF_MEMORY;
}

static void video_close(void *sess_ctx)
{
	struct video_session *s = sess_ctx;

	if (s)
		memset(s, 0, sizeof(*s));
}

static TEE_Result video_invoke(void *sess_ctx, uint32_t cmd, uint32_t ptypes,
			       union ta_param p[TEE_NUM_PARAMS])
{
	struct video_session *s = sess_ctx;

	if (!s)
		return TEE_ERROR_BAD_STATE;
	switch (cmd) {
	case SDP_VIDEO_CMD_OPEN_STREAM:
		return cmd_open_stream(s, ptypes, p);
	case SDP_VIDEO_CMD_DECODE_FRAME:
		return cmd_decode(s, ptypes, p);
	case SDP_VIDEO_CMD_CONVERT_XRGB:
		return cmd_convert(s, ptypes, p);
	case SDP_VIDEO_CMD_DIGEST:
		return cmd_digest(ptypes, p);
	case SDP_VIDEO_CMD_DECRYPT_SAMPLE:
		return cmd_decrypt(s, ptypes, p);
	default:
		return TEE_ERROR_BAD_PARAMETERS;
	}
}

/*
 * Forget every stream and logged frame (host tests: the framework's
 * sessions were reset).
 */
void sdp_video_ta_reset(void)
{
	memset(sessions, 0, sizeof(sessions));
	frame_log_reset();
}

/* Nonzero bytes left in the bounce buffer (host tests: it is wiped). */
size_t sdp_video_ta_bounce_residue(void)
{
	size_t i, n = 0;

	for (i = 0; i < sizeof(bounce); i++)
		n += bounce[i] != 0;
	return n;
}

const struct ta_desc sdp_video_ta = {
	.name = "sdp_video",
	.uuid = TA_SDP_VIDEO_UUID,
	.open_session = video_open,
	.close_session = video_close,
	.invoke = video_invoke,
};

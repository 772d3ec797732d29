// SPDX-License-Identifier: GPL-2.0
/*
 * sdp-demo: the secure video TA, through libsdp (sdp_tee.h, sdp_video.h).
 * Its session, the restricted buffers (dma-bufs of a restricted heap,
 * registered with the TEE) and the commands that decrypt, decode, convert
 * and digest into them, on the demo's clip frames and frame layouts.
 */
#include "sdp-demo.h"

void tee_report(const char *what, TEEC_Result res, uint32_t origin)
{
	char msg[SDP_TEE_MSG_SIZE];

	fail("%s", sdp_tee_error(msg, sizeof(msg), what, res, origin));
}

int tee_open(struct sdp_tee *t, const struct clip_header *h)
{
	uint32_t origin;
	TEEC_Result res;

	res = sdp_tee_open(t, &sdp_video_uuid, &origin);
	if (res != TEEC_SUCCESS) {
		tee_report(t->ctx_open ? "open session to the secure decoder TA" :
			   "TEEC_InitializeContext (is there a TEE?)", res,
			   origin);
		return -1;
	}
	res = sdp_video_open_stream(&t->sess, h->format, h->key_id, h->width,
				    h->height, &origin);
	if (res != TEEC_SUCCESS) {
		tee_report(res == TEEC_ERROR_ITEM_NOT_FOUND ?
			   "open stream: this firmware has no key with the clip's key id" :
			   "open stream", res, origin);
		return -1;
	}
	return 0;
}

int rbuf_alloc(struct sdp_tee *t, struct rbuf *b, size_t size)
{
	char msg[SDP_TEE_MSG_SIZE];

	if (sdp_tee_buf_alloc(&b->buf, &t->ctx, opt.heap, size, msg,
			      sizeof(msg))) {
		fail("%s", msg);
		return -1;
	}
	return 0;
}

void rbuf_free(struct rbuf *b)
{
	sdp_tee_buf_free(&b->buf);
}

/* All of @b, as a command's memref. */
static TEEC_RegisteredMemoryReference whole(struct rbuf *b)
{
	return sdp_tee_memref(&b->buf.shm, 0, b->buf.size);
}

TEEC_Result tee_decode(struct sdp_tee *t, const struct clip *c,
		       const struct clip_frame *f, struct rbuf *dst,
		       const struct layout *l, uint32_t *origin)
{
	TEEC_RegisteredMemoryReference m = whole(dst);

	return sdp_video_decode_frame(&t->sess, c->records + f->record_offset,
				      SDP_VIDEO_RECORD_HDR_SIZE + f->length,
				      &m, l->stride, l->uv_offset, NULL,
				      origin);
}

/* DECRYPT_SAMPLE: the record's plaintext into bitstream buffer @dst. */
TEEC_Result tee_decrypt(struct sdp_tee *t, const struct clip *c,
			const struct clip_frame *f, struct rbuf *dst,
			uint32_t *len, uint32_t *origin)
{
	TEEC_RegisteredMemoryReference m = whole(dst);

	return sdp_video_decrypt_sample(&t->sess,
					c->records + f->record_offset,
					SDP_VIDEO_RECORD_HDR_SIZE + f->length,
					&m, len, origin);
}

TEEC_Result tee_convert(struct sdp_tee *t, struct rbuf *src,
			const struct layout *sl, struct rbuf *dst,
			const struct layout *dl, uint32_t *origin)
{
	TEEC_RegisteredMemoryReference s = whole(src), d = whole(dst);

	return sdp_video_convert_xrgb(&t->sess, &s, sl->stride, sl->uv_offset,
				      &d, dl->stride, origin);
}

TEEC_Result tee_digest(struct sdp_tee *t, struct rbuf *src,
		       const struct layout *l,
		       uint8_t digest[SDP_VIDEO_DIGEST_SIZE],
		       uint32_t *origin)
{
	TEEC_RegisteredMemoryReference m = whole(src);

	return sdp_video_digest(&t->sess, &m, l->fourcc, l->stride,
				l->uv_offset, digest, origin);
}

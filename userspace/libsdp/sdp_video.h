/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libsdp: the client side of the secure video TA's protocol
 * (firmware/ta/sdp_video_ta.h, which says what each command checks and
 * answers): one function per command, on a session of the TA
 * (sdp_tee_open() with &sdp_video_uuid), whose secure buffers are
 * registered memory references (sdp_tee_memref()) and whose frames travel
 * as frame records (sdp_video_record_header()).
 *
 *	sdp_tee_open(&t, &sdp_video_uuid, &origin);
 *	sdp_video_open_stream(&t.sess, SDP_VIDEO_FMT_MJPG, key_id, w, h, &origin);
 *	per frame:
 *		sdp_video_record_header(rec, len, webm_iv, SDP_WEBM_IV_SIZE);
 *		copy the ciphertext to rec + SDP_VIDEO_RECORD_HDR_SIZE;
 *		bits = sdp_tee_memref(&b.shm, 0, b.size);
 *		sdp_video_decrypt_sample(&t.sess, rec, SDP_VIDEO_RECORD_HDR_SIZE + len,
 *					 &bits, &n, &origin);
 *
 * Each function returns the command's TEEC_Result with its @origin as
 * TEEC_InvokeCommand() gives them, except where it says it checks the
 * answer: an answer the protocol does not allow is TEEC_ERROR_COMMUNICATION
 * from TEEC_ORIGIN_API. Values are passed as they are, unchecked, so that
 * a test can send what a client should not.
 */
#ifndef SDP_VIDEO_H
#define SDP_VIDEO_H

#include <stddef.h>
#include <stdint.h>

#include <tee_client_api.h>

#include "sdp_video_ta.h"

/* The IV of a frame record: the initial AES-CTR counter block. */
#define SDP_VIDEO_RECORD_IV_SIZE	16u

extern const TEEC_UUID sdp_video_uuid;

/*
 * The header of a frame record of @len ciphertext bytes, into @hdr: @len
 * as u32 LE, then the 16-byte IV: @iv_len (0..16) bytes of @iv and zeros
 * (a WebM frame's 8-byte IV is the counter block's first half, its block
 * counter starting at 0). -EINVAL if @iv_len is above 16, else 0.
 */
int sdp_video_record_header(uint8_t hdr[SDP_VIDEO_RECORD_HDR_SIZE],
			    uint32_t len, const uint8_t *iv, size_t iv_len);

/* OPEN_STREAM of @format (SDP_VIDEO_FMT_MJPG), @width x @height, @key_id. */
TEEC_Result sdp_video_open_stream(TEEC_Session *s, uint32_t format,
				  uint32_t key_id, uint32_t width,
				  uint32_t height, uint32_t *origin);

/*
 * DECODE_FRAME of frame record @rec (@rec_size bytes) into the secure
 * memref @dst as NV12 at @stride, @uv_offset. @span (if not NULL) gets the
 * bytes the frame spans (0 if the layout is refused); @dst->size is the
 * TA's, which sets it on TEEC_ERROR_SHORT_BUFFER to the size needed.
 */
TEEC_Result sdp_video_decode_frame(TEEC_Session *s, const void *rec,
				   size_t rec_size,
				   TEEC_RegisteredMemoryReference *dst,
				   uint32_t stride, uint32_t uv_offset,
				   uint32_t *span, uint32_t *origin);

/*
 * DECRYPT_SAMPLE of frame record @rec (@rec_size bytes) into the secure
 * bitstream memref @dst from its byte 0. @len gets the plaintext bytes
 * written (0 on an error); checked: on success they are the record's
 * length. @dst->size is the TA's: @len, or the size needed on
 * TEEC_ERROR_SHORT_BUFFER.
 */
TEEC_Result sdp_video_decrypt_sample(TEEC_Session *s, const void *rec,
				     size_t rec_size,
				     TEEC_RegisteredMemoryReference *dst,
				     uint32_t *len, uint32_t *origin);

/*
 * CONVERT_XRGB of the NV12 frame (@stride, @uv_offset) that the secure
 * world decoded at the start of @src into @dst from its byte 0, XRGB8888
 * rows @xrgb_stride bytes apart. @dst->size is the TA's (set on
 * TEEC_ERROR_SHORT_BUFFER).
 */
TEEC_Result sdp_video_convert_xrgb(TEEC_Session *s,
				   const TEEC_RegisteredMemoryReference *src,
				   uint32_t stride, uint32_t uv_offset,
				   TEEC_RegisteredMemoryReference *dst,
				   uint32_t xrgb_stride, uint32_t *origin);

/*
 * DIGEST of the frame of @pixfmt (SDP_VIDEO_PIXFMT_NV12 or _XRGB8888) at
 * @stride (and @uv_offset, NV12) that the secure world wrote at the start
 * of @frame, into @digest. Checked: the TA answers 32 bytes.
 */
TEEC_Result sdp_video_digest(TEEC_Session *s,
			     const TEEC_RegisteredMemoryReference *frame,
			     uint32_t pixfmt, uint32_t stride,
			     uint32_t uv_offset,
			     uint8_t digest[SDP_VIDEO_DIGEST_SIZE],
			     uint32_t *origin);

#endif /* SDP_VIDEO_H */

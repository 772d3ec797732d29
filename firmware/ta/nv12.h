/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NV12 frames in client buffers, shared by the video TA and the JPEG
 * engine TA: the layout rules of sdp_video_ta.h, checked, and a JPEG
 * decode into a frame laid out by them.
 *
 * A frame of width x height: height Y rows of width bytes, @stride bytes
 * apart from offset 0; (height+1)/2 CbCr rows of (width+1)/2 pairs (Cb at
 * even bytes), @stride bytes apart from @uv_offset. Pure logic: the host
 * tests build it unchanged.
 */
#ifndef TA_NV12_H
#define TA_NV12_H

#include <stddef.h>
#include <stdint.h>

#include "tee_api.h"

#define NV12_MAX_DIM	4096u

/* A checked layout; span: the bytes it covers from offset 0. */
struct nv12_layout {
	uint64_t stride;
	uint64_t uv_offset;
	uint64_t span;
};

/* Bytes of one CbCr row: width rounded up to even. */
static inline uint32_t nv12_uv_row(uint32_t width)
{
	return 2 * ((width + 1) / 2);
}

/*
 * The layout of a @width x @height frame (1..NV12_MAX_DIM each, the
 * callers' limits, so nothing overflows): stride >= nv12_uv_row(width)
 * (= width for even widths), uv_offset >= stride * height, span =
 * uv_offset + stride * ((height+1)/2) <= 4 GiB - 1 (the 32-bit value the
 * TAs report; no secure buffer is that large). TEE_ERROR_BAD_PARAMETERS
 * otherwise.
 */
TEE_Result nv12_layout(uint32_t width, uint32_t height, uint32_t stride,
		       uint32_t uv_offset, struct nv12_layout *l);

/*
 * Decode the JPEG @jpg[0..len) into the frame at @dst (l->span bytes,
 * contiguous) laid out by @l, which must be a layout of the JPEG's size.
 * Only the visible bytes of the planes are written. Every failure is
 * TEE_ERROR_BAD_FORMAT, the planes' content then unspecified: which check
 * a bitstream failed is a function of its bytes, which may be secret.
 */
TEE_Result nv12_decode_jpeg(const uint8_t *jpg, size_t len, uint8_t *dst,
			    const struct nv12_layout *l);

/*
 * Record in the frame log (frame_log.h) a @width x @height frame the
 * secure world just wrote at @start, laid out by @l.
 */
void nv12_log_frame(const uint8_t *start, uint32_t width, uint32_t height,
		    const struct nv12_layout *l);

#endif /* TA_NV12_H */

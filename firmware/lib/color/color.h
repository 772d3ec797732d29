/* SPDX-License-Identifier: GPL-2.0 */
/*
 * YCbCr to RGB conversion for the secure video path: JFIF (full-range
 * BT.601) with libjpeg's fixed-point arithmetic, so the output is bit-exact
 * with libjpeg-turbo decoding to JCS_EXT_BGRX with do_fancy_upsampling =
 * FALSE (chroma replicated, not interpolated). Pure C with integer
 * registers only; word and unaligned accesses (RAM is Normal memory with the
 * EL3 MMU on), no tables, no allocation, no branch on a pixel value.
 */
#ifndef FW_COLOR_H
#define FW_COLOR_H

#include <stdint.h>

/*
 * One output row of an NV12 frame: @y points at the row's width luma bytes,
 * @uv at the (width+1)/2 CbCr pairs of its chroma row (row / 2). Writes
 * 4 * width bytes to @out: B, G, R, 0xff per pixel (DRM_FORMAT_XRGB8888).
 */
void color_nv12_row_to_xrgb8888(const uint8_t *y, const uint8_t *uv,
				uint32_t width, uint8_t *out);

/*
 * The two output rows 2k and 2k + 1 of an NV12 frame, which share chroma
 * row k (@uv): the same as color_nv12_row_to_xrgb8888(@y0, @uv, @width,
 * @out0) then (@y1, @uv, @width, @out1), each CbCr pair's offsets computed
 * once for its 2x2 block. The output rows must not overlap the inputs.
 */
void color_nv12_rows_to_xrgb8888(const uint8_t *y0, const uint8_t *y1,
				 const uint8_t *uv, uint32_t width,
				 uint8_t *out0, uint8_t *out1);

#endif /* FW_COLOR_H */

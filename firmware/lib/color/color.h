/* SPDX-License-Identifier: GPL-2.0 */
/*
 * YCbCr to RGB conversion for the secure video path: JFIF (full-range
 * BT.601) with libjpeg's fixed-point arithmetic, so the output is bit-exact
 * with libjpeg-turbo decoding to JCS_EXT_BGRX with do_fancy_upsampling =
 * FALSE (chroma replicated, not interpolated). Pure C, byte accesses only
 * (runs at EL3 with the MMU off), no tables in RAM, no allocation.
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

#endif /* FW_COLOR_H */

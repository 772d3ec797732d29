// SPDX-License-Identifier: GPL-2.0
/*
 * NV12 frames in client buffers (nv12.h).
 */
#include "frame_log.h"
#include "nv12.h"
#include "sdp_video_ta.h"
#include "../lib/jpeg/jpeg.h"

TEE_Result nv12_layout(uint32_t width, uint32_t height, uint32_t stride,
		       uint32_t uv_offset, struct nv12_layout *l)
{
	uint64_t luma = (uint64_t)stride * height;

	if (stride < nv12_uv_row(width) || uv_offset < luma)
		return TEE_ERROR_BAD_PARAMETERS;
	l->stride = stride;
	l->uv_offset = uv_offset;
	l->span = l->uv_offset + (uint64_t)stride * ((height + 1) / 2);
	if (l->span > UINT32_MAX)
		return TEE_ERROR_BAD_PARAMETERS;
	return TEE_SUCCESS;
}

TEE_Result nv12_decode_jpeg(const uint8_t *jpg, size_t len, uint8_t *dst,
			    const struct nv12_layout *l)
{
	struct jpeg_out o;

	o.y.ptr = dst;
	o.y.size = l->uv_offset;
	o.y.stride = l->stride;
	o.uv.ptr = dst + l->uv_offset;
	o.uv.size = l->span - l->uv_offset;
	o.uv.stride = l->stride;
	if (jpeg_decode_nv12(jpg, len, &o, NULL))
		return TEE_ERROR_BAD_FORMAT;
	return TEE_SUCCESS;
}

void nv12_log_frame(const uint8_t *start, uint32_t width, uint32_t height,
		    const struct nv12_layout *l)
{
	struct frame_entry f = {
		.start = (uintptr_t)start,
		.span = l->span,
		.pixfmt = SDP_VIDEO_PIXFMT_NV12,
		.width = width,
		.height = height,
		.stride = (uint32_t)l->stride,
		.uv_offset = (uint32_t)l->uv_offset,
	};

	frame_log_add(&f);
}

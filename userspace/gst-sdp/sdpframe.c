// SPDX-License-Identifier: GPL-2.0
/*
 * Restricted video frames for the secure video TA (see sdpframe.h).
 */
#include <gst/allocators/allocators.h>

#include "sdp_video_ta.h"
#include "sdpframe.h"

gboolean sdp_frame_get(GstBaseTransform *trans, const GstVideoInfo *info,
		       GstBuffer *buf, guint index, SdpFrame *f)
{
	gboolean nv12 = GST_VIDEO_INFO_FORMAT(info) == GST_VIDEO_FORMAT_NV12;
	guint planes = nv12 ? 2 : 1;
	GstElementFactory *factory;
	const gchar *name;
	GstVideoMeta *vmeta;

	factory = gst_element_get_factory(GST_ELEMENT(trans));
	name = factory ? GST_OBJECT_NAME(factory) : G_OBJECT_TYPE_NAME(trans);
	if (gst_buffer_n_memory(buf) != 1) {
		GST_ELEMENT_ERROR(trans, STREAM, FORMAT,
				  ("Frame %u is in %u memories; %s takes one dma-buf per frame",
				   index, gst_buffer_n_memory(buf), name),
				  (NULL));
		return FALSE;
	}
	f->mem = gst_buffer_peek_memory(buf, 0);
	if (!gst_is_dmabuf_memory(f->mem)) {
		GST_ELEMENT_ERROR(trans, STREAM, FORMAT,
				  ("Frame %u is not in a dma-buf", index),
				  ("memory of allocator %s; a v4l2 decoder exports dma-bufs with capture-io-mode=dmabuf",
				   f->mem->allocator ?
				   GST_OBJECT_NAME(f->mem->allocator) : "(none)"));
		return FALSE;
	}

	vmeta = gst_buffer_get_video_meta(buf);
	if (vmeta && (vmeta->n_planes != planes || vmeta->offset[0])) {
		GST_ELEMENT_ERROR(trans, STREAM, FORMAT,
				  ("Frame %u has a layout %s does not take",
				   index, name),
				  ("%s from the buffer's byte 0 is needed; video meta: %u planes, plane 0 at %zu",
				   GST_VIDEO_INFO_NAME(info), vmeta->n_planes,
				   vmeta->offset[0]));
		return FALSE;
	}
	f->pixfmt = nv12 ? SDP_VIDEO_PIXFMT_NV12 : SDP_VIDEO_PIXFMT_XRGB8888;
	f->stride = vmeta ? (guint)vmeta->stride[0] :
			    (guint)GST_VIDEO_INFO_PLANE_STRIDE(info, 0);
	f->uv_offset = !nv12 ? 0 : vmeta ? (guint)vmeta->offset[1] :
			(guint)GST_VIDEO_INFO_PLANE_OFFSET(info, 1);
	return TRUE;
}

guint sdp_frame_index(GstBaseTransform *trans, const GstVideoInfo *info,
		      GstBuffer *buf, guint position)
{
	GstSegment *segment = &trans->segment;
	GstClockTime pts = GST_BUFFER_PTS(buf), t;
	guint64 index;

	if (GST_CLOCK_TIME_IS_VALID(pts) && info->fps_n > 0 &&
	    info->fps_d > 0 && segment->format == GST_FORMAT_TIME) {
		t = gst_segment_to_stream_time(segment, GST_FORMAT_TIME, pts);
		if (GST_CLOCK_TIME_IS_VALID(t)) {
			index = gst_util_uint64_scale_round(t, info->fps_n,
					(guint64)info->fps_d * GST_SECOND);
			return (guint)MIN(index, G_MAXUINT);
		}
	}
	return position;
}

void sdp_frame_propose_allocation(GstQuery *query, guint min)
{
	GstVideoInfo info;
	GstCaps *caps;

	gst_query_parse_allocation(query, &caps, NULL);
	if (!gst_query_find_allocation_meta(query, GST_VIDEO_META_API_TYPE,
					    NULL))
		gst_query_add_allocation_meta(query, GST_VIDEO_META_API_TYPE,
					      NULL);
	if (!gst_query_get_n_allocation_pools(query) && caps &&
	    gst_video_info_from_caps(&info, caps))
		gst_query_add_allocation_pool(query, NULL, info.size, min, 0);
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Restricted video frames as the elements after a V4L2 decoder hand them to
 * the secure video TA (sdptee.h): one dma-buf per frame, the picture from
 * its byte 0, the layout (stride, NV12 chroma offset) from the buffer's
 * GstVideoMeta or else from the caps; the frame's index in the stream; and
 * the ALLOCATION answer that makes a GStreamer 1.22 v4l2 decoder push its
 * own dma-bufs.
 */
#ifndef SDP_FRAME_H
#define SDP_FRAME_H

#include <gst/base/gstbasetransform.h>
#include <gst/video/video.h>

G_BEGIN_DECLS

typedef struct {
	GstMemory *mem;		/* the buffer's only memory, a dma-buf */
	guint32 pixfmt;		/* SDP_VIDEO_PIXFMT_NV12 or _XRGB8888 */
	guint stride;
	guint uv_offset;	/* NV12; 0 for XRGB8888 */
} SdpFrame;

/*
 * @buf (of @info: NV12 or BGRx) as the TA takes it, into @f; else FALSE
 * after an error message of @trans naming frame @index.
 */
gboolean sdp_frame_get(GstBaseTransform *trans, const GstVideoInfo *info,
		       GstBuffer *buf, guint index, SdpFrame *f);

/*
 * The frame index of @buf: its stream time times the frame rate of @info
 * (rounded), or, without a frame rate or timestamp, @position (the
 * buffer's position in the stream); so a frame that went missing does not
 * shift the others.
 */
guint sdp_frame_index(GstBaseTransform *trans, const GstVideoInfo *info,
		      GstBuffer *buf, guint position);

/*
 * Answer the ALLOCATION @query with GstVideoMeta and, if it has none, a
 * pool entry (no pool) for @min buffers held downstream: a v4l2 decoder
 * then pushes its own buffers, where it would otherwise copy (map) them,
 * or drop frames when it cannot.
 */
void sdp_frame_propose_allocation(GstQuery *query, guint min);

G_END_DECLS

#endif /* SDP_FRAME_H */

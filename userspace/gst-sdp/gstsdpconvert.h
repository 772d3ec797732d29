/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sdpconvert: restricted NV12 frames in, restricted BGRx (DRM XRGB8888)
 * frames out, converted by the secure world (see gstsdpconvert.c).
 */
#ifndef GST_SDP_CONVERT_H
#define GST_SDP_CONVERT_H

#include <gst/base/gstbasetransform.h>

G_BEGIN_DECLS

#define GST_TYPE_SDP_CONVERT (gst_sdp_convert_get_type())
G_DECLARE_FINAL_TYPE(GstSdpConvert, gst_sdp_convert, GST, SDP_CONVERT,
		     GstBaseTransform)

GST_ELEMENT_REGISTER_DECLARE(sdpconvert);

G_END_DECLS

#endif /* GST_SDP_CONVERT_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sdpverify: checks restricted NV12 frames against a digest list, through
 * the secure world's SHA-256 of each frame (see gstsdpverify.c).
 */
#ifndef GST_SDP_VERIFY_H
#define GST_SDP_VERIFY_H

#include <gst/base/gstbasetransform.h>

G_BEGIN_DECLS

#define GST_TYPE_SDP_VERIFY (gst_sdp_verify_get_type())
G_DECLARE_FINAL_TYPE(GstSdpVerify, gst_sdp_verify, GST, SDP_VERIFY,
		     GstBaseTransform)

GST_ELEMENT_REGISTER_DECLARE(sdpverify);

G_END_DECLS

#endif /* GST_SDP_VERIFY_H */

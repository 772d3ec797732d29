/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sdpdecrypt: WebM-encrypted Motion-JPEG in, restricted JPEG bitstream out
 * (see gstsdpdecrypt.c).
 */
#ifndef GST_SDP_DECRYPT_H
#define GST_SDP_DECRYPT_H

#include <gst/base/gstbasetransform.h>

G_BEGIN_DECLS

#define GST_TYPE_SDP_DECRYPT (gst_sdp_decrypt_get_type())
G_DECLARE_FINAL_TYPE(GstSdpDecrypt, gst_sdp_decrypt, GST, SDP_DECRYPT,
		     GstBaseTransform)

GST_ELEMENT_REGISTER_DECLARE(sdpdecrypt);

G_END_DECLS

#endif /* GST_SDP_DECRYPT_H */

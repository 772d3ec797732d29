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

/*
 * The content key number of the stream that the sdpdecrypt upstream of
 * @pad (a sink pad) decrypts: a custom query, through the decoder between
 * them; FALSE if no sdpdecrypt answers (none, or no stream opened yet).
 */
gboolean gst_sdp_decrypt_query_key_id(GstPad *pad, guint32 *key_id);

G_END_DECLS

#endif /* GST_SDP_DECRYPT_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The plugin's client of the secure video TA (firmware/ta/sdp_video_ta.h):
 * a GLib wrapper over libsdp (sdp_tee.h, sdp_video.h, over Debian's
 * libteec). A TEE context with one session of the TA, shared by reference
 * between an element and the registrations of the dma-bufs it hands to
 * the TA; errors as GError.
 *
 * A dma-buf is registered with the TEE (TEE_IOC_SHM_REGISTER_FD) the first
 * time a command names its GstMemory, and the registration is kept with
 * that memory (its root, for a shared sub-memory) until the memory is
 * freed: buffer pools reuse their memories, so each dma-buf is registered
 * once per session. Only restricted dma-bufs can be registered.
 *
 * Errors come back as GError in SDP_TEE_ERROR with the TEEC_Result as
 * code and libsdp's message (sdp_tee_error()) naming the command, the
 * result and its origin.
 */
#ifndef GST_SDP_TEE_H
#define GST_SDP_TEE_H

#include <gst/gst.h>

#include <tee_client_api.h>

#include "sdp_video_ta.h"

G_BEGIN_DECLS

#define SDP_TEE_ERROR (sdp_tee_error_quark())
GQuark sdp_tee_error_quark(void);

typedef struct _SdpTee SdpTee;

/* A context and a session of the secure video TA; NULL and @error if not. */
SdpTee *sdp_tee_new(GError **error);
SdpTee *sdp_tee_ref(SdpTee *tee);
void sdp_tee_unref(SdpTee *tee);

/* OPEN_STREAM: Motion-JPEG of @width x @height under content key @key_id. */
gboolean sdp_tee_open_stream(SdpTee *tee, guint32 key_id, guint width,
			     guint height, GError **error);

/*
 * DECRYPT_SAMPLE: decrypt @record (a frame record: u32 LE length, 16-byte
 * IV, ciphertext) into restricted memory @dst from its byte 0; @len gets
 * the plaintext length.
 */
gboolean sdp_tee_decrypt_sample(SdpTee *tee, const guint8 *record,
				gsize record_size, GstMemory *dst,
				guint32 *len, GError **error);

/*
 * CONVERT_XRGB: the NV12 frame (@stride, @uv_offset) that the secure world
 * decoded into restricted memory @src from its byte 0, colour-converted
 * into restricted memory @dst from its byte 0 as XRGB8888 (GStreamer's
 * BGRx) rows @xstride bytes apart. The session needs an open stream of
 * the frame's size.
 */
gboolean sdp_tee_convert_xrgb(SdpTee *tee, GstMemory *src, guint stride,
			      guint uv_offset, GstMemory *dst, guint xstride,
			      GError **error);

/*
 * DIGEST: the SHA-256 of the frame of @pixfmt (SDP_VIDEO_PIXFMT_NV12 or
 * _XRGB8888) at this layout (@uv_offset: NV12 only) that the secure world
 * decoded or converted into restricted memory @frame from its byte 0.
 */
gboolean sdp_tee_digest(SdpTee *tee, GstMemory *frame, guint32 pixfmt,
			guint stride, guint uv_offset,
			guint8 digest[SDP_VIDEO_DIGEST_SIZE], GError **error);

G_END_DECLS

#endif /* GST_SDP_TEE_H */

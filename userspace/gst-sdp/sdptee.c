// SPDX-License-Identifier: GPL-2.0
/*
 * The secure video TA for the plugin's elements: a session, its commands,
 * and the TEE registrations of the dma-bufs they name (see sdptee.h). The
 * session, the registrations and the commands are libsdp's (sdp_tee.h,
 * sdp_video.h); this file keeps them with GStreamer's objects and turns
 * their results into GError.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include <gst/allocators/allocators.h>

#include "sdp_tee.h"
#include "sdp_video.h"
#include "sdptee.h"

GST_DEBUG_CATEGORY_STATIC(sdp_tee_debug);
#define GST_CAT_DEFAULT sdp_tee_debug

struct _SdpTee {
	gint refcount;
	struct sdp_tee t;	/* the context and the session */
	/* the key of this session's registrations in a memory's qdata */
	GQuark shm_quark;
};

/* One dma-buf registered with the TEE, kept in its memory's qdata. */
typedef struct {
	SdpTee *tee;
	TEEC_SharedMemory shm;
	gint fd;
} SdpTeeShm;

G_DEFINE_QUARK(sdp-tee-error-quark, sdp_tee_error)

/*
 * TRUE if @res is TEEC_SUCCESS; else FALSE and @error: libsdp's message
 * for the call described by @fmt, its result and @origin.
 */
static gboolean G_GNUC_PRINTF(4, 5) tee_check(TEEC_Result res,
					      uint32_t origin,
					      GError **error,
					      const char *fmt, ...)
{
	char msg[SDP_TEE_MSG_SIZE];
	gchar *what;
	va_list ap;

	if (res == TEEC_SUCCESS)
		return TRUE;
	va_start(ap, fmt);
	what = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error_literal(error, SDP_TEE_ERROR, (gint)res,
			    sdp_tee_error(msg, sizeof(msg), what, res,
					  origin));
	g_free(what);
	return FALSE;
}

SdpTee *sdp_tee_new(GError **error)
{
	static gint instances;
	uint32_t origin;
	TEEC_Result res;
	SdpTee *tee;
	gchar *key;

	GST_DEBUG_CATEGORY_INIT(sdp_tee_debug, "sdptee", 0,
				"secure video TA client");

	tee = g_new0(SdpTee, 1);
	tee->refcount = 1;
	key = g_strdup_printf("sdp-tee-shm-%d",
			      g_atomic_int_add(&instances, 1));
	tee->shm_quark = g_quark_from_string(key);
	g_free(key);

	res = sdp_tee_open(&tee->t, &sdp_video_uuid, &origin);
	if (!tee_check(res, origin, error, "%s", tee->t.ctx_open ?
		       "TEEC_OpenSession to the secure video TA" :
		       "TEEC_InitializeContext (is there a TEE?)")) {
		sdp_tee_unref(tee);
		return NULL;
	}
	GST_DEBUG("session %p of the secure video TA open", tee);
	return tee;
}

SdpTee *sdp_tee_ref(SdpTee *tee)
{
	g_atomic_int_inc(&tee->refcount);
	return tee;
}

void sdp_tee_unref(SdpTee *tee)
{
	if (!tee || !g_atomic_int_dec_and_test(&tee->refcount))
		return;
	sdp_tee_close(&tee->t);
	GST_DEBUG("session %p closed", tee);
	g_free(tee);
}

gboolean sdp_tee_open_stream(SdpTee *tee, guint32 key_id, guint width,
			     guint height, GError **error)
{
	uint32_t origin;
	TEEC_Result res;

	res = sdp_video_open_stream(&tee->t.sess, SDP_VIDEO_FMT_MJPG, key_id,
				    width, height, &origin);
	return tee_check(res, origin, error,
			 "OPEN_STREAM (Motion-JPEG %ux%u, key id %u)", width,
			 height, key_id);
}

static void sdp_tee_shm_free(gpointer data)
{
	SdpTeeShm *s = data;

	GST_DEBUG("session %p: dma-buf fd %d unregistered", s->tee, s->fd);
	TEEC_ReleaseSharedMemory(&s->shm);
	sdp_tee_unref(s->tee);
	g_free(s);
}

/* The registration of @mem's dma-buf in @tee's context, made on first use. */
static SdpTeeShm *sdp_tee_register(SdpTee *tee, GstMemory *mem,
				   GError **error)
{
	GstMemory *root = mem;
	TEEC_Result res;
	SdpTeeShm *s;
	int err;

	while (root->parent)
		root = root->parent;
	s = gst_mini_object_get_qdata(GST_MINI_OBJECT_CAST(root),
				      tee->shm_quark);
	if (s)
		return s;

	if (!gst_is_dmabuf_memory(root)) {
		g_set_error(error, SDP_TEE_ERROR,
			    (gint)TEEC_ERROR_BAD_PARAMETERS,
			    "memory of allocator %s is not a dma-buf",
			    root->allocator ?
			    GST_OBJECT_NAME(root->allocator) : "(none)");
		return NULL;
	}

	s = g_new0(SdpTeeShm, 1);
	s->fd = gst_dmabuf_memory_get_fd(root);
	res = sdp_tee_register_fd(&tee->t.ctx, &s->shm, s->fd);
	err = errno;
	if (res != TEEC_SUCCESS) {
		tee_check(res, TEEC_ORIGIN_API, error,
			  "TEE_IOC_SHM_REGISTER_FD of dma-buf fd %d (%s%s)",
			  s->fd, err ? g_strerror(err) : "no errno",
			  err == EINVAL ? ": not a restricted buffer?" : "");
		g_free(s);
		return NULL;
	}
	s->tee = sdp_tee_ref(tee);
	gst_mini_object_set_qdata(GST_MINI_OBJECT_CAST(root), tee->shm_quark,
				  s, sdp_tee_shm_free);
	GST_DEBUG("session %p: dma-buf fd %d registered, %zu bytes", tee,
		  s->fd, s->shm.size);
	return s;
}

/* A registered memref: @mem's bytes from its offset to the buffer's end. */
static gboolean memory_memref(SdpTee *tee, GstMemory *mem,
			      TEEC_RegisteredMemoryReference *ref,
			      GError **error)
{
	SdpTeeShm *s = sdp_tee_register(tee, mem, error);
	gsize end;

	if (!s)
		return FALSE;
	end = MIN(mem->maxsize, s->shm.size);
	if (mem->offset >= end) {
		g_set_error(error, SDP_TEE_ERROR,
			    (gint)TEEC_ERROR_BAD_PARAMETERS,
			    "memory offset %zu is past its dma-buf's %zu bytes",
			    mem->offset, end);
		return FALSE;
	}
	*ref = sdp_tee_memref(&s->shm, mem->offset, end - mem->offset);
	return TRUE;
}

gboolean sdp_tee_decrypt_sample(SdpTee *tee, const guint8 *record,
				gsize record_size, GstMemory *dst,
				guint32 *len, GError **error)
{
	TEEC_RegisteredMemoryReference ref;
	uint32_t origin;
	TEEC_Result res;

	*len = 0;
	if (!memory_memref(tee, dst, &ref, error))
		return FALSE;
	res = sdp_video_decrypt_sample(&tee->t.sess, record, record_size, &ref,
				       len, &origin);
	if (!tee_check(res, origin, error, "DECRYPT_SAMPLE")) {
		*len = 0;
		return FALSE;
	}
	return TRUE;
}

gboolean sdp_tee_convert_xrgb(SdpTee *tee, GstMemory *src, guint stride,
			      guint uv_offset, GstMemory *dst, guint xstride,
			      GError **error)
{
	TEEC_RegisteredMemoryReference in, out;
	uint32_t origin;
	TEEC_Result res;

	if (!memory_memref(tee, src, &in, error) ||
	    !memory_memref(tee, dst, &out, error))
		return FALSE;
	res = sdp_video_convert_xrgb(&tee->t.sess, &in, stride, uv_offset,
				     &out, xstride, &origin);
	return tee_check(res, origin, error,
			 "CONVERT_XRGB (NV12 stride %u, uv_offset %u; XRGB8888 stride %u)",
			 stride, uv_offset, xstride);
}

gboolean sdp_tee_digest(SdpTee *tee, GstMemory *frame, guint32 pixfmt,
			guint stride, guint uv_offset,
			guint8 digest[SDP_VIDEO_DIGEST_SIZE], GError **error)
{
	TEEC_RegisteredMemoryReference ref;
	uint32_t origin;
	TEEC_Result res;

	if (!memory_memref(tee, frame, &ref, error))
		return FALSE;
	res = sdp_video_digest(&tee->t.sess, &ref, pixfmt, stride, uv_offset,
			       digest, &origin);
	if (pixfmt == SDP_VIDEO_PIXFMT_NV12)
		return tee_check(res, origin, error,
				 "DIGEST (NV12, stride %u, uv_offset %u)",
				 stride, uv_offset);
	return tee_check(res, origin, error, "DIGEST (XRGB8888, stride %u)",
			 stride);
}

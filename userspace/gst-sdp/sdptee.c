// SPDX-License-Identifier: GPL-2.0
/*
 * The secure video TA for the plugin's elements: a session, its commands,
 * and the TEE registrations of the dma-bufs they name (see sdptee.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include <gst/allocators/allocators.h>

#include <tee_client_api_extensions.h>

#include "sdptee.h"
#include "teec_names.h"

GST_DEBUG_CATEGORY_STATIC(sdp_tee_debug);
#define GST_CAT_DEFAULT sdp_tee_debug

struct _SdpTee {
	gint refcount;
	TEEC_Context ctx;
	TEEC_Session sess;
	gboolean ctx_open, sess_open;
	/* the key of this session's registrations in a memory's qdata */
	GQuark shm_quark;
};

/* One dma-buf registered with the TEE, kept in its memory's qdata. */
typedef struct {
	SdpTee *tee;
	TEEC_SharedMemory shm;
	gint fd;
} SdpTeeShm;

static const TEEC_UUID video_ta_uuid = TA_SDP_VIDEO_UUID;

G_DEFINE_QUARK(sdp-tee-error-quark, sdp_tee_error)

static void G_GNUC_PRINTF(4, 0) tee_verror(GError **error, TEEC_Result res,
					    uint32_t origin, const char *fmt,
					    va_list ap)
{
	gchar *what = g_strdup_vprintf(fmt, ap);

	g_set_error(error, SDP_TEE_ERROR, (gint)res,
		    "%s: %s (0x%08x), origin %s", what,
		    teec_result_name(res), (guint)res,
		    teec_origin_name(origin));
	g_free(what);
}

static void G_GNUC_PRINTF(4, 5) tee_error(GError **error, TEEC_Result res,
					   uint32_t origin, const char *fmt,
					   ...)
{
	va_list ap;

	va_start(ap, fmt);
	tee_verror(error, res, origin, fmt, ap);
	va_end(ap);
}

/*
 * Command @cmd of the session with @op; else FALSE and @error, the
 * command described by @fmt.
 */
static gboolean G_GNUC_PRINTF(5, 6) tee_invoke(SdpTee *tee, uint32_t cmd,
					       TEEC_Operation *op,
					       GError **error,
					       const char *fmt, ...)
{
	uint32_t origin = TEEC_ORIGIN_API;
	TEEC_Result res;
	va_list ap;

	res = TEEC_InvokeCommand(&tee->sess, cmd, op, &origin);
	if (res == TEEC_SUCCESS)
		return TRUE;
	va_start(ap, fmt);
	tee_verror(error, res, origin, fmt, ap);
	va_end(ap);
	return FALSE;
}

SdpTee *sdp_tee_new(GError **error)
{
	static gint instances;
	uint32_t origin = TEEC_ORIGIN_API;
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

	res = TEEC_InitializeContext(NULL, &tee->ctx);
	if (res != TEEC_SUCCESS) {
		tee_error(error, res, TEEC_ORIGIN_API,
			  "TEEC_InitializeContext (is there a TEE?)");
		goto fail;
	}
	tee->ctx_open = TRUE;

	res = TEEC_OpenSession(&tee->ctx, &tee->sess, &video_ta_uuid,
			       TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
	if (res != TEEC_SUCCESS) {
		tee_error(error, res, origin,
			  "TEEC_OpenSession to the secure video TA");
		goto fail;
	}
	tee->sess_open = TRUE;
	GST_DEBUG("session %p of the secure video TA open", tee);
	return tee;

fail:
	sdp_tee_unref(tee);
	return NULL;
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
	if (tee->sess_open)
		TEEC_CloseSession(&tee->sess);
	if (tee->ctx_open)
		TEEC_FinalizeContext(&tee->ctx);
	GST_DEBUG("session %p closed", tee);
	g_free(tee);
}

gboolean sdp_tee_open_stream(SdpTee *tee, guint32 key_id, guint width,
			     guint height, GError **error)
{
	TEEC_Operation op;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_INPUT,
					 TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = SDP_VIDEO_FMT_MJPG;
	op.params[0].value.b = key_id;
	op.params[1].value.a = width;
	op.params[1].value.b = height;
	return tee_invoke(tee, SDP_VIDEO_CMD_OPEN_STREAM, &op, error,
			  "OPEN_STREAM (Motion-JPEG %ux%u, key id %u)",
			  width, height, key_id);
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
	s->shm.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
	errno = 0;
	res = TEEC_RegisterSharedMemoryFileDescriptor(&tee->ctx, &s->shm,
						      s->fd);
	err = errno;
	if (res != TEEC_SUCCESS) {
		tee_error(error, res, TEEC_ORIGIN_API,
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
static gboolean sdp_tee_memref(SdpTee *tee, GstMemory *mem,
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
	ref->parent = &s->shm;
	ref->offset = mem->offset;
	ref->size = end - mem->offset;
	return TRUE;
}

gboolean sdp_tee_decrypt_sample(SdpTee *tee, const guint8 *record,
				gsize record_size, GstMemory *dst,
				guint32 *len, GError **error)
{
	TEEC_Operation op;

	*len = 0;
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT,
					 TEEC_MEMREF_PARTIAL_OUTPUT,
					 TEEC_NONE, TEEC_VALUE_OUTPUT);
	if (!sdp_tee_memref(tee, dst, &op.params[1].memref, error))
		return FALSE;
	op.params[0].tmpref.buffer = (void *)record;
	op.params[0].tmpref.size = record_size;
	if (!tee_invoke(tee, SDP_VIDEO_CMD_DECRYPT_SAMPLE, &op, error,
			"DECRYPT_SAMPLE"))
		return FALSE;
	*len = op.params[3].value.a;
	return TRUE;
}

gboolean sdp_tee_convert_xrgb(SdpTee *tee, GstMemory *src, guint stride,
			      guint uv_offset, GstMemory *dst, guint xstride,
			      GError **error)
{
	TEEC_Operation op;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INPUT,
					 TEEC_MEMREF_PARTIAL_OUTPUT,
					 TEEC_VALUE_INPUT, TEEC_VALUE_INPUT);
	if (!sdp_tee_memref(tee, src, &op.params[0].memref, error) ||
	    !sdp_tee_memref(tee, dst, &op.params[1].memref, error))
		return FALSE;
	op.params[2].value.a = stride;
	op.params[2].value.b = uv_offset;
	op.params[3].value.a = xstride;
	return tee_invoke(tee, SDP_VIDEO_CMD_CONVERT_XRGB, &op, error,
			  "CONVERT_XRGB (NV12 stride %u, uv_offset %u; XRGB8888 stride %u)",
			  stride, uv_offset, xstride);
}

gboolean sdp_tee_digest(SdpTee *tee, GstMemory *frame, guint32 pixfmt,
			guint stride, guint uv_offset,
			guint8 digest[SDP_VIDEO_DIGEST_SIZE], GError **error)
{
	gboolean nv12 = pixfmt == SDP_VIDEO_PIXFMT_NV12;
	TEEC_Operation op;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INPUT,
					 TEEC_MEMREF_TEMP_OUTPUT,
					 TEEC_VALUE_INPUT, TEEC_VALUE_INPUT);
	if (!sdp_tee_memref(tee, frame, &op.params[0].memref, error))
		return FALSE;
	op.params[1].tmpref.buffer = digest;
	op.params[1].tmpref.size = SDP_VIDEO_DIGEST_SIZE;
	op.params[2].value.a = pixfmt;
	op.params[2].value.b = stride;
	op.params[3].value.a = uv_offset;
	if (nv12 ? !tee_invoke(tee, SDP_VIDEO_CMD_DIGEST, &op, error,
			       "DIGEST (NV12, stride %u, uv_offset %u)",
			       stride, uv_offset) :
		   !tee_invoke(tee, SDP_VIDEO_CMD_DIGEST, &op, error,
			       "DIGEST (XRGB8888, stride %u)", stride))
		return FALSE;
	if (op.params[1].tmpref.size != SDP_VIDEO_DIGEST_SIZE) {
		tee_error(error, TEEC_ERROR_COMMUNICATION, TEEC_ORIGIN_API,
			  "DIGEST: %zu bytes", op.params[1].tmpref.size);
		return FALSE;
	}
	return TRUE;
}

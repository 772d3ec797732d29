// SPDX-License-Identifier: GPL-2.0
/*
 * sdpverify: checks that each restricted frame is the picture it should
 * be, without the CPU seeing a pixel.
 *
 *   ... ! v4l2jpegdec capture-io-mode=dmabuf !
 *     sdpverify digests=clip-640x360.nv12.sha256 ! fakesink
 *   ... ! v4l2jpegdec capture-io-mode=dmabuf ! sdpconvert !
 *     sdpverify digests=clip-640x360.xrgb.sha256 ! fakesink
 *
 * For each buffer (passed through untouched) it registers the dma-buf of
 * its memory with the TEE (once per dma-buf), asks the video TA for the
 * SHA-256 of the frame's visible pixels (DIGEST, firmware/ta/sdp_video_ta.h:
 * only for a frame the secure world itself decoded or converted there, at
 * this layout: stride and chroma offset from the buffer's GstVideoMeta,
 * else from the caps) and compares it with the digest list's line for the
 * frame: lines "<index> <sha256 hex>" as tools/mkclip writes them
 * (docs/clip-format.md), of the decoder's NV12 (.nv12.sha256) or of
 * sdpconvert's BGRx, the TA's XRGB8888 (.xrgb.sha256). Any restricted heap
 * will do; ordinary memory cannot be registered.
 *
 * The frame index is the buffer's stream time times the frame rate
 * (rounded), or, without a frame rate or timestamp, the buffer's position
 * in the stream; so a frame that went missing does not shift the others.
 *
 * It posts an element message "sdp-verify" for each frame (frame, digest
 * and, with a list, match) and at EOS "sdp-verify-summary" (frames,
 * matched, expected). A frame that does not match its digest, or has none,
 * is an error; so is, with all-frames (the default), an EOS before every
 * frame of the list was verified.
 *
 * A frame the decoder flagged corrupt (GST_BUFFER_FLAG_CORRUPTED: a V4L2
 * decoder's CAPTURE buffer dequeued with V4L2_BUF_FLAG_ERROR, e.g. a sample
 * the engine refused) is not digested: its "sdp-verify" message has
 * corrupted=true instead of a digest, and it is an error naming the frame,
 * unless skip-corrupted is set; then the stream goes on, and the frame
 * counts as not verified.
 *
 * It answers the ALLOCATION query with GstVideoMeta and a pool entry, so
 * that GStreamer 1.22's v4l2 decoders push their own dma-bufs rather than
 * a CPU copy.
 */
#include <string.h>

#include <gst/allocators/allocators.h>
#include <gst/video/video.h>

#include "gstsdpverify.h"
#include "sdpframe.h"
#include "sdptee.h"

GST_DEBUG_CATEGORY_STATIC(gst_sdp_verify_debug);
#define GST_CAT_DEFAULT gst_sdp_verify_debug

#define MAX_FRAMES		1000000u
#define DIGEST_HEX_LEN		(2 * SDP_VIDEO_DIGEST_SIZE)

typedef struct {
	gboolean listed;
	gboolean verified;
	guint8 digest[SDP_VIDEO_DIGEST_SIZE];
} SdpExpected;

struct _GstSdpVerify {
	GstBaseTransform parent;

	/* properties */
	gchar *digests;
	gboolean all_frames;
	gboolean skip_corrupted;

	GArray *expected;	/* of SdpExpected, by frame index */
	guint listed;
	SdpTee *tee;
	GstVideoInfo info;
	guint frames, matched, corrupted;
};

enum {
	PROP_0,
	PROP_DIGESTS,
	PROP_ALL_FRAMES,
	PROP_SKIP_CORRUPTED,
};

#define VERIFY_CAPS GST_VIDEO_CAPS_MAKE("{ NV12, BGRx }")

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE("sink",
	GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS(VERIFY_CAPS));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE("src",
	GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS(VERIFY_CAPS));

G_DEFINE_TYPE_WITH_CODE(GstSdpVerify, gst_sdp_verify, GST_TYPE_BASE_TRANSFORM,
			GST_DEBUG_CATEGORY_INIT(gst_sdp_verify_debug,
						"sdpverify", 0,
						"restricted frame verifier"))

GST_ELEMENT_REGISTER_DEFINE(sdpverify, "sdpverify", GST_RANK_NONE,
			    GST_TYPE_SDP_VERIFY)

/* ---- the digest list ----------------------------------------------------- */

static gboolean parse_hex_digest(const gchar *hex,
				 guint8 digest[SDP_VIDEO_DIGEST_SIZE])
{
	guint i;
	gint hi, lo;

	for (i = 0; i < SDP_VIDEO_DIGEST_SIZE; i++) {
		hi = g_ascii_xdigit_value(hex[2 * i]);
		lo = hi < 0 ? -1 : g_ascii_xdigit_value(hex[2 * i + 1]);
		if (lo < 0)
			return FALSE;
		digest[i] = (guint8)(hi << 4 | lo);
	}
	return hex[DIGEST_HEX_LEN] == '\0';
}

static gchar *digest_hex(const guint8 digest[SDP_VIDEO_DIGEST_SIZE])
{
	gchar *hex = g_malloc(DIGEST_HEX_LEN + 1);
	guint i;

	for (i = 0; i < SDP_VIDEO_DIGEST_SIZE; i++)
		g_snprintf(hex + 2 * i, 3, "%02x", digest[i]);
	return hex;
}

/* Lines "<index> <sha256 hex>", index from 0, in any order. */
static gboolean gst_sdp_verify_load(GstSdpVerify *self, GError **error)
{
	gchar *text, **lines, **fields, *end;
	SdpExpected *e;
	guint64 index;
	gboolean ok = TRUE;
	guint i;

	if (!g_file_get_contents(self->digests, &text, NULL, error))
		return FALSE;
	lines = g_strsplit(text, "\n", -1);
	g_free(text);

	for (i = 0; ok && lines[i]; i++) {
		g_strstrip(lines[i]);
		if (!*lines[i])
			continue;
		fields = g_strsplit_set(lines[i], " \t", 2);
		ok = fields[0] && fields[1] && g_ascii_isdigit(*fields[0]);
		if (ok) {
			index = g_ascii_strtoull(fields[0], &end, 10);
			g_strchug(fields[1]);
			ok = !*end && index < MAX_FRAMES;
		}
		if (ok) {
			if (index >= self->expected->len)
				g_array_set_size(self->expected, index + 1);
			e = &g_array_index(self->expected, SdpExpected, index);
			ok = !e->listed && parse_hex_digest(fields[1], e->digest);
			e->listed = TRUE;
		}
		g_strfreev(fields);
		if (!ok)
			g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
				    "%s:%u: not \"<frame index> <sha256 hex>\" (or a frame listed twice)",
				    self->digests, i + 1);
		else
			self->listed++;
	}
	g_strfreev(lines);
	if (ok && !self->listed) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
			    "%s lists no frame", self->digests);
		ok = FALSE;
	}
	return ok;
}

/* ---- negotiation and allocation ------------------------------------------ */

static gboolean gst_sdp_verify_set_caps(GstBaseTransform *trans,
					GstCaps *incaps,
					GstCaps *outcaps G_GNUC_UNUSED)
{
	GstSdpVerify *self = GST_SDP_VERIFY(trans);

	if (!gst_video_info_from_caps(&self->info, incaps)) {
		GST_ELEMENT_ERROR(self, STREAM, FORMAT, ("Invalid video caps"),
				  ("%" GST_PTR_FORMAT, incaps));
		return FALSE;
	}
	return TRUE;
}

/*
 * Ask for GstVideoMeta and answer with a pool entry even if downstream
 * (fakesink) does not (sdpframe.h), so that a v4l2 decoder pushes its own
 * dma-bufs.
 */
static gboolean gst_sdp_verify_propose_allocation(GstBaseTransform *trans,
						  GstQuery *decide_query,
						  GstQuery *query)
{
	GstBaseTransformClass *parent =
		GST_BASE_TRANSFORM_CLASS(gst_sdp_verify_parent_class);

	/* passthrough: what downstream answers, if anything */
	parent->propose_allocation(trans, decide_query, query);
	/* one frame held downstream (a sink's last sample) */
	sdp_frame_propose_allocation(query, 1);
	GST_DEBUG_OBJECT(trans, "proposing %" GST_PTR_FORMAT, query);
	return TRUE;
}

/* ---- verification -------------------------------------------------------- */

static void gst_sdp_verify_post(GstSdpVerify *self, GstStructure *s)
{
	gst_element_post_message(GST_ELEMENT(self),
				 gst_message_new_element(GST_OBJECT(self), s));
}

/*
 * A frame the decoder flagged corrupt: what it holds is no decoded picture
 * (the frame log has none there, or an older one), so it is not digested.
 */
static GstFlowReturn gst_sdp_verify_corrupted(GstSdpVerify *self, guint index)
{
	self->corrupted++;
	gst_sdp_verify_post(self, gst_structure_new("sdp-verify",
				"frame", G_TYPE_UINT, index,
				"corrupted", G_TYPE_BOOLEAN, TRUE, NULL));
	if (self->skip_corrupted) {
		GST_WARNING_OBJECT(self,
				   "frame %u: the decoder reported it corrupt; skipped",
				   index);
		return GST_FLOW_OK;
	}
	GST_ELEMENT_ERROR(self, STREAM, DECODE,
			  ("Frame %u: the decoder reported it corrupt", index),
			  ("buffer flagged GST_BUFFER_FLAG_CORRUPTED (a V4L2 decoder: V4L2_BUF_FLAG_ERROR), not digested; skip-corrupted=true goes on"));
	return GST_FLOW_ERROR;
}

static GstFlowReturn gst_sdp_verify_transform_ip(GstBaseTransform *trans,
						 GstBuffer *buf)
{
	GstSdpVerify *self = GST_SDP_VERIFY(trans);
	guint8 digest[SDP_VIDEO_DIGEST_SIZE];
	guint index = sdp_frame_index(trans, &self->info, buf,
				      self->frames + self->corrupted);
	SdpExpected *e = NULL;
	GError *error = NULL;
	GstStructure *msg;
	gchar *hex, *want;
	gboolean match;
	SdpFrame f;

	if (GST_BUFFER_FLAG_IS_SET(buf, GST_BUFFER_FLAG_CORRUPTED))
		return gst_sdp_verify_corrupted(self, index);
	if (!sdp_frame_get(trans, &self->info, buf, index, &f))
		return GST_FLOW_ERROR;

	if (!sdp_tee_digest(self->tee, f.mem, f.pixfmt, f.stride, f.uv_offset,
			    digest, &error)) {
		if (error->code == (gint)TEEC_ERROR_ITEM_NOT_FOUND)
			GST_ELEMENT_ERROR(self, STREAM, FAILED,
					  ("The secure world did not %s frame %u at this layout",
					   f.pixfmt == SDP_VIDEO_PIXFMT_NV12 ?
					   "decode" : "convert", index),
					  ("%s: no such frame on record (not written by the secure world, another layout, or since overwritten)",
					   error->message));
		else
			GST_ELEMENT_ERROR(self, STREAM, FAILED,
					  ("Cannot have the secure world digest frame %u",
					   index), ("%s", error->message));
		g_error_free(error);
		return GST_FLOW_ERROR;
	}

	self->frames++;
	hex = digest_hex(digest);
	msg = gst_structure_new("sdp-verify", "frame", G_TYPE_UINT, index,
				"digest", G_TYPE_STRING, hex, NULL);
	if (!self->digests) {
		GST_DEBUG_OBJECT(self, "frame %u: %s", index, hex);
		gst_sdp_verify_post(self, msg);
		g_free(hex);
		return GST_FLOW_OK;
	}

	if (index < self->expected->len)
		e = &g_array_index(self->expected, SdpExpected, index);
	match = e && e->listed &&
		!memcmp(e->digest, digest, SDP_VIDEO_DIGEST_SIZE);
	gst_structure_set(msg, "match", G_TYPE_BOOLEAN, match, NULL);
	gst_sdp_verify_post(self, msg);
	if (!match) {
		want = e && e->listed ? digest_hex(e->digest) : NULL;
		if (want)
			GST_ELEMENT_ERROR(self, STREAM, FAILED,
					  ("Frame %u does not match its expected digest",
					   index),
					  ("secure world's SHA-256 %s, %s lists %s",
					   hex, self->digests, want));
		else
			GST_ELEMENT_ERROR(self, STREAM, FAILED,
					  ("Frame %u has no expected digest", index),
					  ("%s lists no frame %u (secure world's SHA-256 %s)",
					   self->digests, index, hex));
		g_free(want);
		g_free(hex);
		return GST_FLOW_ERROR;
	}
	if (!e->verified)
		self->matched++;
	e->verified = TRUE;
	GST_LOG_OBJECT(self, "frame %u matches: %s", index, hex);
	g_free(hex);
	return GST_FLOW_OK;
}

static gboolean gst_sdp_verify_sink_event(GstBaseTransform *trans,
					  GstEvent *event)
{
	GstBaseTransformClass *parent =
		GST_BASE_TRANSFORM_CLASS(gst_sdp_verify_parent_class);
	GstSdpVerify *self = GST_SDP_VERIFY(trans);

	if (GST_EVENT_TYPE(event) == GST_EVENT_EOS) {
		if (self->corrupted)
			GST_INFO_OBJECT(self,
					"%u frames, %u matched, %u listed; %u flagged corrupt",
					self->frames, self->matched,
					self->listed, self->corrupted);
		else
			GST_INFO_OBJECT(self, "%u frames, %u matched, %u listed",
					self->frames, self->matched,
					self->listed);
		gst_sdp_verify_post(self,
			gst_structure_new("sdp-verify-summary",
					  "frames", G_TYPE_UINT, self->frames,
					  "matched", G_TYPE_UINT, self->matched,
					  "expected", G_TYPE_UINT, self->listed,
					  NULL));
		if (self->digests && self->all_frames &&
		    self->matched != self->listed)
			GST_ELEMENT_ERROR(self, STREAM, FAILED,
					  ("%u of the %u frames listed were verified",
					   self->matched, self->listed),
					  ("EOS after %u frames; %s lists %u",
					   self->frames, self->digests,
					   self->listed));
	}
	return parent->sink_event(trans, event);
}

/* ---- state --------------------------------------------------------------- */

static gboolean gst_sdp_verify_start(GstBaseTransform *trans)
{
	GstSdpVerify *self = GST_SDP_VERIFY(trans);
	GError *error = NULL;

	self->frames = 0;
	self->matched = 0;
	self->corrupted = 0;
	self->listed = 0;
	g_array_set_size(self->expected, 0);
	if (self->digests && !gst_sdp_verify_load(self, &error)) {
		GST_ELEMENT_ERROR(self, RESOURCE, READ,
				  ("Cannot read the digest list %s", self->digests),
				  ("%s", error->message));
		g_error_free(error);
		return FALSE;
	}
	self->tee = sdp_tee_new(&error);
	if (!self->tee) {
		GST_ELEMENT_ERROR(self, RESOURCE, OPEN_READ_WRITE,
				  ("Cannot open a session of the secure video TA"),
				  ("%s", error->message));
		g_error_free(error);
		return FALSE;
	}
	return TRUE;
}

static gboolean gst_sdp_verify_stop(GstBaseTransform *trans)
{
	GstSdpVerify *self = GST_SDP_VERIFY(trans);

	/* registrations kept with the frames hold the session until freed */
	g_clear_pointer(&self->tee, sdp_tee_unref);
	g_array_set_size(self->expected, 0);
	return TRUE;
}

/* ---- GObject ------------------------------------------------------------- */

static void gst_sdp_verify_set_property(GObject *object, guint prop_id,
					const GValue *value, GParamSpec *pspec)
{
	GstSdpVerify *self = GST_SDP_VERIFY(object);

	GST_OBJECT_LOCK(self);
	switch (prop_id) {
	case PROP_DIGESTS:
		g_free(self->digests);
		self->digests = g_value_dup_string(value);
		break;
	case PROP_ALL_FRAMES:
		self->all_frames = g_value_get_boolean(value);
		break;
	case PROP_SKIP_CORRUPTED:
		self->skip_corrupted = g_value_get_boolean(value);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
		break;
	}
	GST_OBJECT_UNLOCK(self);
}

static void gst_sdp_verify_get_property(GObject *object, guint prop_id,
					GValue *value, GParamSpec *pspec)
{
	GstSdpVerify *self = GST_SDP_VERIFY(object);

	GST_OBJECT_LOCK(self);
	switch (prop_id) {
	case PROP_DIGESTS:
		g_value_set_string(value, self->digests);
		break;
	case PROP_ALL_FRAMES:
		g_value_set_boolean(value, self->all_frames);
		break;
	case PROP_SKIP_CORRUPTED:
		g_value_set_boolean(value, self->skip_corrupted);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
		break;
	}
	GST_OBJECT_UNLOCK(self);
}

static void gst_sdp_verify_finalize(GObject *object)
{
	GstSdpVerify *self = GST_SDP_VERIFY(object);

	g_free(self->digests);
	g_array_unref(self->expected);
	G_OBJECT_CLASS(gst_sdp_verify_parent_class)->finalize(object);
}

static void gst_sdp_verify_class_init(GstSdpVerifyClass *klass)
{
	GObjectClass *gobject_class = G_OBJECT_CLASS(klass);
	GstElementClass *element_class = GST_ELEMENT_CLASS(klass);
	GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS(klass);

	gobject_class->set_property = gst_sdp_verify_set_property;
	gobject_class->get_property = gst_sdp_verify_get_property;
	gobject_class->finalize = gst_sdp_verify_finalize;

	g_object_class_install_property(gobject_class, PROP_DIGESTS,
		g_param_spec_string("digests", "Digest list",
				    "File of expected digests of the frames (NV12 or XRGB8888 pixels, as the caps' format), lines \"<frame index> <sha256 hex>\" (NULL: report each frame's digest, check nothing)",
				    NULL,
				    G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
				    GST_PARAM_MUTABLE_READY));
	g_object_class_install_property(gobject_class, PROP_ALL_FRAMES,
		g_param_spec_boolean("all-frames", "All frames",
				     "At EOS, fail unless every frame of the digest list was verified",
				     TRUE,
				     G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
				     GST_PARAM_MUTABLE_READY));
	g_object_class_install_property(gobject_class, PROP_SKIP_CORRUPTED,
		g_param_spec_boolean("skip-corrupted", "Skip corrupted frames",
				     "Report a frame the decoder flagged corrupt and go on, rather than fail the stream (it is not verified)",
				     FALSE,
				     G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
				     GST_PARAM_MUTABLE_READY));

	gst_element_class_add_static_pad_template(element_class,
						  &sink_template);
	gst_element_class_add_static_pad_template(element_class,
						  &src_template);
	gst_element_class_set_static_metadata(element_class,
		"Restricted frame verifier", "Filter/Analyzer/Video",
		"Checks restricted NV12 or BGRx frames against expected SHA-256 digests, which the secure world computes",
		"Secure data path for Linux media");

	trans_class->set_caps = gst_sdp_verify_set_caps;
	trans_class->propose_allocation = gst_sdp_verify_propose_allocation;
	trans_class->transform_ip = gst_sdp_verify_transform_ip;
	trans_class->sink_event = gst_sdp_verify_sink_event;
	trans_class->start = gst_sdp_verify_start;
	trans_class->stop = gst_sdp_verify_stop;
	trans_class->transform_ip_on_passthrough = TRUE;
}

static void gst_sdp_verify_init(GstSdpVerify *self)
{
	self->all_frames = TRUE;
	self->expected = g_array_new(FALSE, TRUE, sizeof(SdpExpected));
	gst_video_info_init(&self->info);
	gst_base_transform_set_passthrough(GST_BASE_TRANSFORM(self), TRUE);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * sdpconvert: the secure world converts each restricted NV12 frame into a
 * restricted BGRx frame, for display hardware without YUV planes.
 *
 *   filesrc location=clip.webm ! matroskademux ! sdpdecrypt !
 *     v4l2jpegdec capture-io-mode=dmabuf ! sdpconvert ! kmssink
 *
 * In: video/x-raw, format=NV12, each frame one dma-buf that the secure
 * world decoded (tee-jpegdec's CAPTURE buffers), the layout from its
 * GstVideoMeta (else the caps). The decoder's caps cannot say "restricted"
 * (GstVideoDecoder makes them from a GstVideoInfo), so the sink pad takes
 * NV12 as it is; memory that is not a dma-buf is an error, and the TEE
 * registers only restricted dma-bufs. Out: video/x-raw, format=BGRx,
 * restricted=true (sdpdecrypt's convention: a caps field), each frame one
 * dma-buf of the restricted heap (property heap, the element's own pool of
 * GstSdpRestrictedAllocator memory: a downstream pool, such as kmssink's
 * dumb buffers, would put pixels where the CPU reads them), with a
 * GstVideoMeta, rows of 4 * width bytes.
 *
 * The video TA's CONVERT_XRGB (firmware/ta/sdp_video_ta.h) writes the
 * frame: DRM_FORMAT_XRGB8888 is GStreamer's BGRx. It converts only a whole
 * frame it decoded itself, of the size of a stream open in the session, so
 * the element opens a stream of the caps' size under the content key of
 * the sdpdecrypt upstream (its custom query, gst_sdp_decrypt_query_key_id):
 * without one it cannot work. Both dma-bufs are registered with the TEE
 * once each (sdptee.h). The converted frame is in the TA's frame log, so
 * sdpverify after this element checks it against the clip's XRGB8888
 * digests (.xrgb.sha256).
 *
 * A frame the decoder flagged corrupt (GST_BUFFER_FLAG_CORRUPTED) is not
 * converted (the secure world has no decoded frame there): its output
 * buffer goes on flagged corrupt, with whatever the buffer held.
 *
 * A frame downstream refuses is an error of this element, naming the
 * element and the frame: GStreamer 1.22's kmssink returns GST_FLOW_ERROR
 * without a message when the display refuses the framebuffer (it logs a
 * failed drmModePageFlip, gstkmssink.c:1612-1641, and gst_kms_sink_show_frame
 * gives up), and the v4l2 decoder's output thread, which pushes the frame,
 * only pauses on it (gstv4l2videodec.c:830-838): the demuxer then gets an
 * error, or FLUSHING and stops without one, and the pipeline would hang.
 *
 * The CPU never maps a frame. Rank NONE: autoplugging never plugs it.
 */
#include <gst/allocators/allocators.h>
#include <gst/video/video.h>

#include "gstsdpallocator.h"
#include "gstsdpconvert.h"
#include "gstsdpdecrypt.h"
#include "sdpframe.h"
#include "sdptee.h"

GST_DEBUG_CATEGORY_STATIC(gst_sdp_convert_debug);
#define GST_CAT_DEFAULT gst_sdp_convert_debug

#define DEFAULT_HEAP		"restricted"
/* allocated when the stream starts, at least: a sink holds one, shows one */
#define MIN_BUFFERS		2

struct _GstSdpConvert {
	GstBaseTransform parent;

	/* properties */
	gchar *heap;

	GstAllocator *allocator;
	GstVideoInfo in_info, out_info;

	/* the TA session with a stream open at tee_width x tee_height */
	SdpTee *tee;
	gint tee_width, tee_height;

	guint position;		/* frames so far, converted or not */
	guint index;		/* of the last frame */
	/* the frame went out: a failure now is downstream's */
	gboolean pushing;
	GstPadChainFunction base_chain;
};

enum {
	PROP_0,
	PROP_HEAP,
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE("sink",
	GST_PAD_SINK, GST_PAD_ALWAYS,
	GST_STATIC_CAPS(GST_VIDEO_CAPS_MAKE("NV12")));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE("src",
	GST_PAD_SRC, GST_PAD_ALWAYS,
	GST_STATIC_CAPS(GST_VIDEO_CAPS_MAKE("BGRx") ", "
			"restricted = (boolean) true"));

G_DEFINE_TYPE_WITH_CODE(GstSdpConvert, gst_sdp_convert,
			GST_TYPE_BASE_TRANSFORM,
			GST_DEBUG_CATEGORY_INIT(gst_sdp_convert_debug,
						"sdpconvert", 0,
						"secure world colour converter"))

GST_ELEMENT_REGISTER_DEFINE(sdpconvert, "sdpconvert", GST_RANK_NONE,
			    GST_TYPE_SDP_CONVERT)

/* ---- caps ---------------------------------------------------------------- */

/* Fields that do not carry across: the YCbCr ones, and the restricted mark. */
static const gchar *const format_fields[] = {
	"colorimetry", "chroma-site", "restricted",
};

static GstCaps *gst_sdp_convert_transform_caps(GstBaseTransform *trans,
					       GstPadDirection direction,
					       GstCaps *caps, GstCaps *filter)
{
	GstCaps *out = gst_caps_new_empty();
	GstStructure *s;
	guint i, j;

	for (i = 0; i < gst_caps_get_size(caps); i++) {
		if (gst_caps_features_is_any(gst_caps_get_features(caps, i)))
			continue;
		s = gst_structure_copy(gst_caps_get_structure(caps, i));
		gst_structure_set_name(s, "video/x-raw");
		for (j = 0; j < G_N_ELEMENTS(format_fields); j++)
			gst_structure_remove_field(s, format_fields[j]);
		if (direction == GST_PAD_SINK)
			gst_structure_set(s, "format", G_TYPE_STRING, "BGRx",
					  "restricted", G_TYPE_BOOLEAN, TRUE,
					  NULL);
		else
			gst_structure_set(s, "format", G_TYPE_STRING, "NV12",
					  NULL);
		out = gst_caps_merge_structure(out, s);
	}
	if (filter) {
		GstCaps *tmp = gst_caps_intersect_full(filter, out,
						       GST_CAPS_INTERSECT_FIRST);

		gst_caps_unref(out);
		out = tmp;
	}
	GST_DEBUG_OBJECT(trans, "%s %" GST_PTR_FORMAT " -> %" GST_PTR_FORMAT,
			 direction == GST_PAD_SINK ? "sink" : "src", caps, out);
	return out;
}

static gboolean gst_sdp_convert_set_caps(GstBaseTransform *trans,
					 GstCaps *incaps, GstCaps *outcaps)
{
	GstSdpConvert *self = GST_SDP_CONVERT(trans);

	if (!gst_video_info_from_caps(&self->in_info, incaps) ||
	    !gst_video_info_from_caps(&self->out_info, outcaps) ||
	    GST_VIDEO_INFO_WIDTH(&self->in_info) !=
	    GST_VIDEO_INFO_WIDTH(&self->out_info) ||
	    GST_VIDEO_INFO_HEIGHT(&self->in_info) !=
	    GST_VIDEO_INFO_HEIGHT(&self->out_info)) {
		GST_ELEMENT_ERROR(self, CORE, NEGOTIATION,
				  ("Invalid video caps"),
				  ("in %" GST_PTR_FORMAT ", out %" GST_PTR_FORMAT,
				   incaps, outcaps));
		return FALSE;
	}
	return TRUE;
}

/* ---- allocation ---------------------------------------------------------- */

/* Upstream (the decoder): push your own dma-bufs (sdpframe.h). */
static gboolean
gst_sdp_convert_propose_allocation(GstBaseTransform *trans,
				   GstQuery *decide_query G_GNUC_UNUSED,
				   GstQuery *query)
{
	/* converted, a frame is not held here */
	sdp_frame_propose_allocation(query, 0);
	GST_DEBUG_OBJECT(trans, "proposing %" GST_PTR_FORMAT, query);
	return TRUE;
}

/*
 * Downstream: always the element's own pool of restricted buffers, with
 * GstVideoMeta, at least MIN_BUFFERS (or as many as downstream asks for)
 * allocated now, and no upper bound: the heap is the bound (see
 * sdpdecrypt).
 */
static gboolean gst_sdp_convert_decide_allocation(GstBaseTransform *trans,
						  GstQuery *query)
{
	GstSdpConvert *self = GST_SDP_CONVERT(trans);
	GstBufferPool *pool = gst_video_buffer_pool_new();
	guint min = MIN_BUFFERS, want = 0;
	gboolean ok;

	if (gst_query_get_n_allocation_pools(query)) {
		gst_query_parse_nth_allocation_pool(query, 0, NULL, NULL,
						    &want, NULL);
		min = MAX(min, want);
	}
	ok = gst_sdp_restricted_allocator_decide(
		GST_SDP_RESTRICTED_ALLOCATOR(self->allocator),
		GST_ELEMENT(self), query, pool,
		GST_BUFFER_POOL_OPTION_VIDEO_META,
		GST_VIDEO_INFO_SIZE(&self->out_info), min,
		"see the property heap");
	gst_object_unref(pool);
	return ok;
}

static GstFlowReturn
gst_sdp_convert_prepare_output_buffer(GstBaseTransform *trans,
				      GstBuffer *inbuf, GstBuffer **outbuf)
{
	GstBaseTransformClass *parent =
		GST_BASE_TRANSFORM_CLASS(gst_sdp_convert_parent_class);
	GstSdpConvert *self = GST_SDP_CONVERT(trans);
	GstFlowReturn ret;

	ret = parent->prepare_output_buffer(trans, inbuf, outbuf);
	if (ret == GST_FLOW_ERROR)
		gst_sdp_restricted_allocator_post_error(
			GST_SDP_RESTRICTED_ALLOCATOR(self->allocator),
			GST_ELEMENT(self), 1,
			GST_VIDEO_INFO_SIZE(&self->out_info),
			"every frame of the pool is held downstream");
	return ret;
}

/* ---- conversion ---------------------------------------------------------- */

/* A session of the video TA with a stream of the frames' size. */
static gboolean gst_sdp_convert_open_stream(GstSdpConvert *self)
{
	gint w = GST_VIDEO_INFO_WIDTH(&self->in_info);
	gint h = GST_VIDEO_INFO_HEIGHT(&self->in_info);
	GError *error = NULL;
	guint32 key_id;
	SdpTee *tee;

	if (self->tee && self->tee_width == w && self->tee_height == h)
		return TRUE;
	/* another size: another stream */
	g_clear_pointer(&self->tee, sdp_tee_unref);

	if (!gst_sdp_decrypt_query_key_id(GST_BASE_TRANSFORM_SINK_PAD(self),
					  &key_id)) {
		GST_ELEMENT_ERROR(self, STREAM, DECRYPT_NOKEY,
				  ("No sdpdecrypt upstream names the content key of the frames"),
				  ("the secure world converts only frames of a stream open under their content key; sdpconvert asks upstream (custom query), and sdpdecrypt answers once it has opened its stream"));
		return FALSE;
	}
	tee = sdp_tee_new(&error);
	if (!tee) {
		GST_ELEMENT_ERROR(self, RESOURCE, OPEN_READ_WRITE,
				  ("Cannot open a session of the secure video TA"),
				  ("%s", error->message));
		g_error_free(error);
		return FALSE;
	}
	if (!sdp_tee_open_stream(tee, key_id, w, h, &error)) {
		GST_ELEMENT_ERROR(self, STREAM, FAILED,
				  ("The secure world refused the %dx%d stream under key %u",
				   w, h, key_id), ("%s", error->message));
		g_error_free(error);
		sdp_tee_unref(tee);
		return FALSE;
	}
	self->tee = tee;
	self->tee_width = w;
	self->tee_height = h;
	GST_INFO_OBJECT(self, "stream %dx%d under content key %u", w, h,
			key_id);
	return TRUE;
}

static GstFlowReturn gst_sdp_convert_transform(GstBaseTransform *trans,
					       GstBuffer *inbuf,
					       GstBuffer *outbuf)
{
	GstSdpConvert *self = GST_SDP_CONVERT(trans);
	guint index = sdp_frame_index(trans, &self->in_info, inbuf,
				      self->position);
	GError *error = NULL;
	SdpFrame in, out;

	self->position++;
	self->index = index;
	if (GST_BUFFER_FLAG_IS_SET(inbuf, GST_BUFFER_FLAG_CORRUPTED)) {
		GST_WARNING_OBJECT(self,
				   "frame %u: the decoder reported it corrupt; not converted",
				   index);
		GST_BUFFER_FLAG_SET(outbuf, GST_BUFFER_FLAG_CORRUPTED);
		self->pushing = TRUE;
		return GST_FLOW_OK;
	}
	if (!sdp_frame_get(trans, &self->in_info, inbuf, index, &in) ||
	    !sdp_frame_get(trans, &self->out_info, outbuf, index, &out) ||
	    !gst_sdp_convert_open_stream(self))
		return GST_FLOW_ERROR;

	if (!sdp_tee_convert_xrgb(self->tee, in.mem, in.stride, in.uv_offset,
				  out.mem, out.stride, &error)) {
		if (error->code == (gint)TEEC_ERROR_ITEM_NOT_FOUND)
			GST_ELEMENT_ERROR(self, STREAM, FAILED,
					  ("The secure world did not decode frame %u at this layout",
					   index),
					  ("%s: it converts only a whole frame it decoded, of the stream's %dx%d",
					   error->message, self->tee_width,
					   self->tee_height));
		else
			GST_ELEMENT_ERROR(self, STREAM, FAILED,
					  ("The secure world cannot convert frame %u",
					   index), ("%s", error->message));
		g_error_free(error);
		return GST_FLOW_ERROR;
	}
	self->pushing = TRUE;
	GST_LOG_OBJECT(self, "frame %u: %" GST_PTR_FORMAT " -> %" GST_PTR_FORMAT,
		       index, in.mem, out.mem);
	return GST_FLOW_OK;
}

/*
 * GstBaseTransform's chain: a fatal flow after the frame was converted
 * came from downstream, for that frame (see the top).
 */
static GstFlowReturn gst_sdp_convert_chain(GstPad *pad, GstObject *parent,
					   GstBuffer *buf)
{
	GstSdpConvert *self = GST_SDP_CONVERT(parent);
	GstFlowReturn ret;
	GstElement *next;
	GstPad *peer;

	self->pushing = FALSE;
	ret = self->base_chain(pad, parent, buf);
	if ((ret != GST_FLOW_NOT_LINKED && ret >= GST_FLOW_EOS) ||
	    !self->pushing)
		return ret;

	peer = gst_pad_get_peer(GST_BASE_TRANSFORM_SRC_PAD(self));
	next = peer ? gst_pad_get_parent_element(peer) : NULL;
	GST_ELEMENT_ERROR(self, STREAM, FAILED,
			  ("%s refused restricted frame %u",
			   next ? GST_ELEMENT_NAME(next) : "downstream",
			   self->index),
			  ("pushing it returned %s; the cause is in %s's debug log",
			   gst_flow_get_name(ret),
			   next ? GST_ELEMENT_NAME(next) : "downstream"));
	if (next)
		gst_object_unref(next);
	if (peer)
		gst_object_unref(peer);
	return ret;
}

/* ---- state --------------------------------------------------------------- */

static gboolean gst_sdp_convert_start(GstBaseTransform *trans)
{
	GstSdpConvert *self = GST_SDP_CONVERT(trans);

	self->allocator = gst_sdp_restricted_allocator_open(GST_ELEMENT(self),
							    self->heap);
	if (!self->allocator)
		return FALSE;
	self->position = 0;
	return TRUE;
}

static gboolean gst_sdp_convert_stop(GstBaseTransform *trans)
{
	GstSdpConvert *self = GST_SDP_CONVERT(trans);

	/* registrations kept with the frames hold the session until freed */
	g_clear_pointer(&self->tee, sdp_tee_unref);
	gst_clear_object(&self->allocator);
	return TRUE;
}

/* ---- GObject ------------------------------------------------------------- */

static void gst_sdp_convert_set_property(GObject *object, guint prop_id,
					 const GValue *value, GParamSpec *pspec)
{
	GstSdpConvert *self = GST_SDP_CONVERT(object);

	GST_OBJECT_LOCK(self);
	switch (prop_id) {
	case PROP_HEAP:
		g_free(self->heap);
		self->heap = g_value_dup_string(value);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
		break;
	}
	GST_OBJECT_UNLOCK(self);
}

static void gst_sdp_convert_get_property(GObject *object, guint prop_id,
					 GValue *value, GParamSpec *pspec)
{
	GstSdpConvert *self = GST_SDP_CONVERT(object);

	GST_OBJECT_LOCK(self);
	switch (prop_id) {
	case PROP_HEAP:
		g_value_set_string(value, self->heap);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
		break;
	}
	GST_OBJECT_UNLOCK(self);
}

static void gst_sdp_convert_finalize(GObject *object)
{
	GstSdpConvert *self = GST_SDP_CONVERT(object);

	g_free(self->heap);
	G_OBJECT_CLASS(gst_sdp_convert_parent_class)->finalize(object);
}

static void gst_sdp_convert_class_init(GstSdpConvertClass *klass)
{
	GObjectClass *gobject_class = G_OBJECT_CLASS(klass);
	GstElementClass *element_class = GST_ELEMENT_CLASS(klass);
	GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS(klass);

	gobject_class->set_property = gst_sdp_convert_set_property;
	gobject_class->get_property = gst_sdp_convert_get_property;
	gobject_class->finalize = gst_sdp_convert_finalize;

	g_object_class_install_property(gobject_class, PROP_HEAP,
		g_param_spec_string("heap", "Heap",
				    "Restricted dma-buf heap of the BGRx frames (/dev/dma_heap/<heap>)",
				    DEFAULT_HEAP,
				    G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
				    GST_PARAM_MUTABLE_READY));

	gst_element_class_add_static_pad_template(element_class,
						  &sink_template);
	gst_element_class_add_static_pad_template(element_class,
						  &src_template);
	gst_element_class_set_static_metadata(element_class,
		"Secure world colour converter", "Filter/Converter/Video",
		"Converts restricted NV12 frames into restricted BGRx (DRM XRGB8888) frames in the secure world",
		"Secure data path for Linux media");

	trans_class->transform_caps = gst_sdp_convert_transform_caps;
	trans_class->set_caps = gst_sdp_convert_set_caps;
	trans_class->propose_allocation = gst_sdp_convert_propose_allocation;
	trans_class->decide_allocation = gst_sdp_convert_decide_allocation;
	trans_class->prepare_output_buffer =
		gst_sdp_convert_prepare_output_buffer;
	trans_class->transform = gst_sdp_convert_transform;
	trans_class->start = gst_sdp_convert_start;
	trans_class->stop = gst_sdp_convert_stop;
	trans_class->passthrough_on_same_caps = FALSE;
}

static void gst_sdp_convert_init(GstSdpConvert *self)
{
	GstPad *sinkpad = GST_BASE_TRANSFORM_SINK_PAD(self);

	self->base_chain = GST_PAD_CHAINFUNC(sinkpad);
	gst_pad_set_chain_function(sinkpad, gst_sdp_convert_chain);
	self->heap = g_strdup(DEFAULT_HEAP);
	gst_video_info_init(&self->in_info);
	gst_video_info_init(&self->out_info);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * sdpdecrypt: the secure world decrypts each WebM-encrypted Motion-JPEG
 * sample into a restricted bitstream buffer.
 *
 *   filesrc location=clip.webm ! matroskademux ! sdpdecrypt !
 *     v4l2jpegdec capture-io-mode=dmabuf ! ...
 *
 * In: application/x-webm-enc (matroskademux's caps for a track with WebM
 * encryption: AES-128-CTR, ContentEncKeyID), each sample with a
 * GstProtectionMeta (8-byte IV, key id). Out: image/jpeg with
 * restricted=true, each buffer one dma-buf of the restricted heap (the
 * element's own pool of GstSdpRestrictedAllocator memory), the plaintext
 * JPEG from its byte 0. The CPU never sees the plaintext: the video TA
 * (firmware/ta/sdp_video_ta.h, DECRYPT_SAMPLE) decrypts from the
 * ciphertext in ordinary memory straight into the restricted buffer, with
 * a content key that never leaves the secure world.
 *
 * Keys: a WebM key id of 16 bytes, "sdp-content:" followed by a 32-bit
 * big-endian number, names content key <number> of the firmware. The IV
 * of a sample is the 8-byte WebM IV followed by a 64-bit block counter
 * from 0 (the WebM encryption counter block), i.e. the IV of the
 * project's frame records (docs/clip-format.md).
 *
 * "restricted" is a caps field, not a caps feature: GStreamer 1.22's v4l2
 * decoders take system-memory image/jpeg only, and a feature would stop
 * both a manual link and autoplugging. So nothing in caps keeps a CPU
 * element (jpegdec, filesink) from linking; such an element fails when it
 * maps a buffer (the memory refuses every map), and this element then
 * posts an error naming the element after it: a consumer of the bitstream
 * that maps it can never work, and some carry on after a failed map as if
 * the buffer were empty (GStreamer 1.22's filesink writes nothing and
 * reports success).
 *
 * The pool of restricted buffers has num-buffers, allocated when the
 * stream starts, and no upper bound: when downstream holds every one (a
 * CPU sink such as filesink queues 64 KiB of buffers before it writes), a
 * further buffer is allocated rather than waited for, which would be
 * forever. The heap is the bound: a full heap is an error naming it.
 *
 * The content key of the stream, for the secure world's conversions of
 * its frames further down (sdpconvert opens a stream of its own under the
 * same key): the custom upstream query of gst_sdp_decrypt_query_key_id().
 *
 * A workaround for GStreamer 1.22's v4l2 decoders: their output-io-mode
 * "auto" means MMAP, a CPU copy of the bitstream, which fails on
 * restricted memory. When this element's source pad is linked (and again
 * before the caps go downstream), it sets the peer element's
 * output-io-mode to dmabuf-import if the peer has that property and it is
 * still "auto", so that gst-launch and decodebin/playbin pipelines, which
 * cannot set that property on an autoplugged decoder, import the
 * restricted dma-bufs as they are.
 */
#include <string.h>

#include <gst/gst.h>

#include "gstsdpallocator.h"
#include "gstsdpdecrypt.h"
#include "sdp_video.h"
#include "sdp_webm.h"
#include "sdptee.h"

GST_DEBUG_CATEGORY_STATIC(gst_sdp_decrypt_debug);
#define GST_CAT_DEFAULT gst_sdp_decrypt_debug

#define DEFAULT_HEAP		"restricted"
/* tee-jpegdec's largest OUTPUT sizeimage; also the TA's largest sample */
#define DEFAULT_BUFFER_SIZE	SDP_VIDEO_MAX_FRAME_BYTES
#define MIN_BUFFER_SIZE		4096
#define MAX_BUFFER_SIZE		(16u * 1024 * 1024)
#define DEFAULT_NUM_BUFFERS	4
#define MAX_NUM_BUFFERS		32


struct _GstSdpDecrypt {
	GstBaseTransform parent;

	/* properties */
	gchar *heap;
	guint buffer_size;
	guint num_buffers;

	GstAllocator *allocator;
	gint width, height;	/* of the stream, from the caps */
	GstBuffer *event_kid;	/* the key id of the last PROTECTION event */

	/* the TA session with an open stream, and its key id */
	SdpTee *tee;
	GstBuffer *kid;
	gint tee_width, tee_height;
	/* its key number, under the object lock (the query's thread) */
	gboolean have_key_id;
	guint32 key_id;

	guint8 *record;		/* a frame record for DECRYPT_SAMPLE */
	gsize record_size;
	guint64 samples;
	gint map_refused;	/* posted the error of a CPU map (atomic) */
};

enum {
	PROP_0,
	PROP_HEAP,
	PROP_BUFFER_SIZE,
	PROP_NUM_BUFFERS,
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE("sink",
	GST_PAD_SINK, GST_PAD_ALWAYS,
	GST_STATIC_CAPS("application/x-webm-enc, "
			"original-media-type = (string) image/jpeg, "
			"encryption-algorithm = (string) AES, "
			"cipher-mode = (string) CTR"));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE("src",
	GST_PAD_SRC, GST_PAD_ALWAYS,
	GST_STATIC_CAPS("image/jpeg, restricted = (boolean) true"));

G_DEFINE_TYPE_WITH_CODE(GstSdpDecrypt, gst_sdp_decrypt,
			GST_TYPE_BASE_TRANSFORM,
			GST_DEBUG_CATEGORY_INIT(gst_sdp_decrypt_debug,
						"sdpdecrypt", 0,
						"secure world decryptor"))

GST_ELEMENT_REGISTER_DEFINE(sdpdecrypt, "sdpdecrypt", GST_RANK_MARGINAL,
			    GST_TYPE_SDP_DECRYPT)

/* ---- caps ---------------------------------------------------------------- */

static const gchar *const protection_fields[] = {
	"original-media-type", "encryption-algorithm", "encoding-scope",
	"cipher-mode", GST_PROTECTION_SYSTEM_ID_CAPS_FIELD,
};

/* One caps structure across the element; NULL if it has no counterpart. */
static GstStructure *transform_structure(GstPadDirection direction,
					 const GstStructure *in)
{
	GstStructure *out;
	guint i;

	if (direction == GST_PAD_SINK) {
		if (!gst_structure_has_name(in, "application/x-webm-enc") ||
		    g_strcmp0(gst_structure_get_string(in, "original-media-type"),
			      "image/jpeg"))
			return NULL;
		out = gst_structure_copy(in);
		gst_structure_set_name(out, "image/jpeg");
		for (i = 0; i < G_N_ELEMENTS(protection_fields); i++)
			gst_structure_remove_field(out, protection_fields[i]);
		gst_structure_set(out, "restricted", G_TYPE_BOOLEAN, TRUE, NULL);
		return out;
	}

	if (!gst_structure_has_name(in, "image/jpeg"))
		return NULL;
	out = gst_structure_copy(in);
	gst_structure_remove_field(out, "restricted");
	gst_structure_set_name(out, "application/x-webm-enc");
	gst_structure_set(out, "original-media-type", G_TYPE_STRING,
			  "image/jpeg", "encryption-algorithm", G_TYPE_STRING,
			  "AES", "cipher-mode", G_TYPE_STRING, "CTR", NULL);
	return out;
}

static GstCaps *gst_sdp_decrypt_transform_caps(GstBaseTransform *trans,
					       GstPadDirection direction,
					       GstCaps *caps, GstCaps *filter)
{
	GstCaps *out = gst_caps_new_empty();
	GstStructure *s;
	guint i;

	for (i = 0; i < gst_caps_get_size(caps); i++) {
		s = transform_structure(direction,
					gst_caps_get_structure(caps, i));
		if (s)
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

static gboolean gst_sdp_decrypt_set_caps(GstBaseTransform *trans,
					 GstCaps *incaps,
					 GstCaps *outcaps G_GNUC_UNUSED)
{
	GstSdpDecrypt *self = GST_SDP_DECRYPT(trans);
	GstStructure *s = gst_caps_get_structure(incaps, 0);

	if (!gst_structure_get_int(s, "width", &self->width) ||
	    !gst_structure_get_int(s, "height", &self->height) ||
	    self->width <= 0 || self->height <= 0) {
		GST_ELEMENT_ERROR(self, STREAM, FORMAT,
				  ("The encrypted stream has no picture size"),
				  ("caps without width and height: %"
				   GST_PTR_FORMAT, incaps));
		return FALSE;
	}
	return TRUE;
}

/* ---- the decoder's io-mode ---------------------------------------------- */

/* The element across @pad's link, past ghost pads; NULL if none. */
static GstElement *linked_element(GstPad *pad)
{
	GstPad *peer = gst_pad_get_peer(pad), *next;
	GstElement *element;
	int hops;

	for (hops = 0; peer && hops < 16; hops++) {
		if (GST_IS_GHOST_PAD(peer)) {
			/* a bin's sink ghost pad: what it leads to inside */
			next = gst_ghost_pad_get_target(GST_GHOST_PAD(peer));
		} else if (GST_IS_PROXY_PAD(peer) &&
			   GST_IS_GHOST_PAD(GST_OBJECT_PARENT(peer))) {
			/* a source ghost pad's inside: the ghost pad's peer */
			next = gst_pad_get_peer(GST_PAD(GST_OBJECT_PARENT(peer)));
		} else {
			break;
		}
		gst_object_unref(peer);
		peer = next;
	}
	if (!peer)
		return NULL;
	element = gst_pad_get_parent_element(peer);
	gst_object_unref(peer);
	return element;
}

/*
 * The v4l2 decoder workaround (see the top of this file): an "auto"
 * output-io-mode of the downstream element becomes dmabuf-import.
 */
static void gst_sdp_decrypt_configure_peer(GstSdpDecrypt *self)
{
	GstElement *peer = linked_element(GST_BASE_TRANSFORM_SRC_PAD(self));
	GValue value = G_VALUE_INIT;
	GParamSpecEnum *espec;
	GParamSpec *pspec;
	GEnumValue *cur;

	if (!peer)
		return;
	pspec = g_object_class_find_property(G_OBJECT_GET_CLASS(peer),
					     "output-io-mode");
	if (!pspec || !G_IS_PARAM_SPEC_ENUM(pspec) ||
	    !(pspec->flags & G_PARAM_WRITABLE))
		goto out;
	espec = G_PARAM_SPEC_ENUM(pspec);
	if (!g_enum_get_value_by_nick(espec->enum_class, "dmabuf-import"))
		goto out;
	g_value_init(&value, pspec->value_type);
	g_object_get_property(G_OBJECT(peer), "output-io-mode", &value);
	cur = g_enum_get_value(espec->enum_class, g_value_get_enum(&value));
	g_value_unset(&value);
	if (!cur || strcmp(cur->value_nick, "auto")) {
		GST_DEBUG_OBJECT(self, "%s keeps output-io-mode=%s",
				 GST_ELEMENT_NAME(peer),
				 cur ? cur->value_nick : "?");
		goto out;
	}
	gst_util_set_object_arg(G_OBJECT(peer), "output-io-mode",
				"dmabuf-import");
	GST_INFO_OBJECT(self,
			"set %s's output-io-mode to dmabuf-import: restricted "
			"buffers must be imported, not copied",
			GST_ELEMENT_NAME(peer));
out:
	gst_object_unref(peer);
}

static void gst_sdp_decrypt_src_linked(GstPad *pad G_GNUC_UNUSED,
				       GstPad *peer G_GNUC_UNUSED,
				       gpointer user_data)
{
	gst_sdp_decrypt_configure_peer(GST_SDP_DECRYPT(user_data));
}

/* A CPU element downstream mapped a buffer of the pool (see the top). */
static void gst_sdp_decrypt_map_refused(gpointer allocator G_GNUC_UNUSED,
					GstMemory *mem, gpointer user_data)
{
	GstSdpDecrypt *self = GST_SDP_DECRYPT(user_data);
	GstElement *next;

	if (!g_atomic_int_compare_and_exchange(&self->map_refused, 0, 1))
		return;
	next = linked_element(GST_BASE_TRANSFORM_SRC_PAD(self));
	GST_ELEMENT_ERROR(self, STREAM, FAILED,
			  ("A CPU element after sdpdecrypt (%s) cannot read the restricted bitstream",
			   next ? GST_ELEMENT_NAME(next) : "none"),
			  ("memory %p mapped by the CPU, which is refused; the bitstream is for a decoder that imports dma-bufs, such as v4l2jpegdec",
			   mem));
	if (next)
		gst_object_unref(next);
}

/* ---- events and allocation --------------------------------------------- */

static gboolean gst_sdp_decrypt_sink_event(GstBaseTransform *trans,
					   GstEvent *event)
{
	GstBaseTransformClass *parent =
		GST_BASE_TRANSFORM_CLASS(gst_sdp_decrypt_parent_class);
	GstSdpDecrypt *self = GST_SDP_DECRYPT(trans);
	const gchar *system_id, *origin;
	GstBuffer *data;

	switch (GST_EVENT_TYPE(event)) {
	case GST_EVENT_PROTECTION:
		/* WebM: the track's ContentEncKeyID; consumed here */
		gst_event_parse_protection(event, &system_id, &data, &origin);
		GST_DEBUG_OBJECT(self, "protection event from %s, system %s",
				 GST_STR_NULL(origin), GST_STR_NULL(system_id));
		if (data && !g_strcmp0(system_id,
				       GST_PROTECTION_UNSPECIFIED_SYSTEM_ID))
			gst_buffer_replace(&self->event_kid, data);
		gst_event_unref(event);
		return TRUE;
	case GST_EVENT_CAPS:
		gst_sdp_decrypt_configure_peer(self);
		break;
	default:
		break;
	}
	return parent->sink_event(trans, event);
}

/*
 * Output buffers always come from the element's own pool of restricted
 * buffers (no upper bound: see the top of this file): the v4l2 decoders
 * propose no pool, and an ordinary one would put plaintext where the CPU
 * can read it.
 */
static gboolean gst_sdp_decrypt_decide_allocation(GstBaseTransform *trans,
						  GstQuery *query)
{
	GstSdpDecrypt *self = GST_SDP_DECRYPT(trans);
	GstBufferPool *pool = gst_buffer_pool_new();
	gboolean ok;

	ok = gst_sdp_restricted_allocator_decide(
		GST_SDP_RESTRICTED_ALLOCATOR(self->allocator),
		GST_ELEMENT(self), query, pool, NULL, self->buffer_size,
		self->num_buffers,
		"see the properties num-buffers and buffer-size");
	gst_object_unref(pool);
	return ok;
}

/* A buffer of the pool, or a new one; a full heap is an error. */
static GstFlowReturn
gst_sdp_decrypt_prepare_output_buffer(GstBaseTransform *trans,
				      GstBuffer *inbuf, GstBuffer **outbuf)
{
	GstBaseTransformClass *parent =
		GST_BASE_TRANSFORM_CLASS(gst_sdp_decrypt_parent_class);
	GstSdpDecrypt *self = GST_SDP_DECRYPT(trans);
	GstFlowReturn ret;

	ret = parent->prepare_output_buffer(trans, inbuf, outbuf);
	if (ret == GST_FLOW_ERROR)
		gst_sdp_restricted_allocator_post_error(
			GST_SDP_RESTRICTED_ALLOCATOR(self->allocator),
			GST_ELEMENT(self), 1, self->buffer_size,
			"every buffer of the pool is held downstream");
	return ret;
}

static gboolean gst_sdp_decrypt_transform_meta(GstBaseTransform *trans,
					       GstBuffer *outbuf,
					       GstMeta *meta, GstBuffer *inbuf)
{
	GstBaseTransformClass *parent =
		GST_BASE_TRANSFORM_CLASS(gst_sdp_decrypt_parent_class);

	/* the output is not encrypted: its protection meta stays behind */
	if (meta->info->api == GST_PROTECTION_META_API_TYPE)
		return FALSE;
	return parent->transform_meta(trans, outbuf, meta, inbuf);
}

/* ---- decryption --------------------------------------------------------- */

/* "hex" (and "text" too if it is printable ASCII), for messages */
static gchar *describe_kid(GstBuffer *kid)
{
	GString *s = g_string_new(NULL);
	gboolean printable = TRUE;
	GstMapInfo map;
	gsize i;

	if (!gst_buffer_map(kid, &map, GST_MAP_READ))
		return g_string_free(s, FALSE);
	for (i = 0; i < map.size; i++) {
		g_string_append_printf(s, "%02x", map.data[i]);
		printable &= g_ascii_isprint(map.data[i]);
	}
	if (printable && map.size)
		g_string_append_printf(s, " (\"%.*s\")", (int)map.size,
				       (const char *)map.data);
	gst_buffer_unmap(kid, &map);
	return g_string_free(s, FALSE);
}

/* The project's WebM key ids: "sdp-content:", then the key number (BE u32). */
static gboolean kid_to_key_id(GstBuffer *kid, guint32 *key_id)
{
	guint8 b[SDP_WEBM_KID_SIZE];

	return gst_buffer_get_size(kid) == sizeof(b) &&
	       gst_buffer_extract(kid, 0, b, sizeof(b)) == sizeof(b) &&
	       sdp_webm_kid_key_id(b, sizeof(b), key_id) == SDP_WEBM_OK;
}

static gboolean same_bytes(GstBuffer *a, GstBuffer *b)
{
	GstMapInfo map;
	gboolean same;

	if (gst_buffer_get_size(a) != gst_buffer_get_size(b) ||
	    !gst_buffer_map(a, &map, GST_MAP_READ))
		return FALSE;
	same = !gst_buffer_memcmp(b, 0, map.data, map.size);
	gst_buffer_unmap(a, &map);
	return same;
}

static void gst_sdp_decrypt_close_stream(GstSdpDecrypt *self)
{
	g_clear_pointer(&self->tee, sdp_tee_unref);
	gst_buffer_replace(&self->kid, NULL);
	GST_OBJECT_LOCK(self);
	self->have_key_id = FALSE;
	GST_OBJECT_UNLOCK(self);
}

/* A session of the video TA with a stream under @kid at the caps' size. */
static gboolean gst_sdp_decrypt_open_stream(GstSdpDecrypt *self,
					    GstBuffer *kid)
{
	GError *error = NULL;
	guint32 key_id;
	gchar *desc;
	SdpTee *tee;

	if (self->tee) {
		if (same_bytes(kid, self->kid) &&
		    self->tee_width == self->width &&
		    self->tee_height == self->height)
			return TRUE;
		/* another key or size: another stream */
		gst_sdp_decrypt_close_stream(self);
	}

	if (!kid_to_key_id(kid, &key_id)) {
		desc = describe_kid(kid);
		GST_ELEMENT_ERROR(self, STREAM, DECRYPT_NOKEY,
				  ("Unknown key id %s", desc),
				  ("sdpdecrypt knows the key ids \"" SDP_WEBM_KID_PREFIX
				   "\" followed by a 32-bit big-endian key number"));
		g_free(desc);
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
	if (!sdp_tee_open_stream(tee, key_id, self->width, self->height,
				 &error)) {
		if (error->code == (gint)TEEC_ERROR_ITEM_NOT_FOUND)
			GST_ELEMENT_ERROR(self, STREAM, DECRYPT_NOKEY,
					  ("The secure world has no content key %u",
					   key_id), ("%s", error->message));
		else
			GST_ELEMENT_ERROR(self, STREAM, DECRYPT,
					  ("The secure world refused the %dx%d stream under key %u",
					   self->width, self->height, key_id),
					  ("%s", error->message));
		g_error_free(error);
		sdp_tee_unref(tee);
		return FALSE;
	}
	self->tee = tee;
	self->kid = gst_buffer_ref(kid);
	self->tee_width = self->width;
	self->tee_height = self->height;
	GST_OBJECT_LOCK(self);
	self->have_key_id = TRUE;
	self->key_id = key_id;
	GST_OBJECT_UNLOCK(self);
	GST_INFO_OBJECT(self, "stream %dx%d under content key %u", self->width,
			self->height, key_id);
	return TRUE;
}

/*
 * The sample's frame record: libsdp's header (u32 LE length, 16-byte IV:
 * the WebM IV and a zero block counter), then the ciphertext.
 */
static gboolean gst_sdp_decrypt_make_record(GstSdpDecrypt *self,
					    GstBuffer *inbuf, GstBuffer *iv,
					    gsize len)
{
	gsize size = SDP_VIDEO_RECORD_HDR_SIZE + len;
	guint8 webm_iv[SDP_WEBM_IV_SIZE];

	if (self->record_size < size) {
		g_free(self->record);
		self->record = g_malloc(size);
		self->record_size = size;
	}
	if (gst_buffer_extract(iv, 0, webm_iv, sizeof(webm_iv)) !=
	    sizeof(webm_iv) ||
	    gst_buffer_extract(inbuf, 0, self->record + SDP_VIDEO_RECORD_HDR_SIZE,
			       len) != len)
		return FALSE;
	sdp_video_record_header(self->record, (guint32)len, webm_iv,
				sizeof(webm_iv));
	return TRUE;
}

static GstFlowReturn gst_sdp_decrypt_transform(GstBaseTransform *trans,
					       GstBuffer *inbuf,
					       GstBuffer *outbuf)
{
	GstSdpDecrypt *self = GST_SDP_DECRYPT(trans);
	guint64 n = self->samples;
	GstProtectionMeta *meta;
	const GValue *v;
	GstBuffer *iv = NULL, *kid = NULL;
	gboolean encrypted = FALSE;
	guint iv_size = 0, subsamples = 0;
	GError *error = NULL;
	GstMemory *mem;
	guint32 len;
	gsize size;

	meta = gst_buffer_get_protection_meta(inbuf);
	if (meta) {
		gst_structure_get_boolean(meta->info, "encrypted", &encrypted);
		gst_structure_get_uint(meta->info, "iv_size", &iv_size);
		gst_structure_get_uint(meta->info, "subsample_count",
				       &subsamples);
		v = gst_structure_get_value(meta->info, "iv");
		if (v && G_VALUE_HOLDS(v, GST_TYPE_BUFFER))
			iv = gst_value_get_buffer(v);
		v = gst_structure_get_value(meta->info, "kid");
		if (v && G_VALUE_HOLDS(v, GST_TYPE_BUFFER))
			kid = gst_value_get_buffer(v);
	}
	if (!kid)
		kid = self->event_kid;
	if (!meta || !encrypted) {
		GST_ELEMENT_ERROR(self, STREAM, DECRYPT,
				  ("Sample %" G_GUINT64_FORMAT " is not encrypted", n),
				  ("no encrypted GstProtectionMeta: clear samples "
				   "would put plaintext in ordinary memory"));
		return GST_FLOW_ERROR;
	}
	if (!iv || iv_size != SDP_WEBM_IV_SIZE ||
	    gst_buffer_get_size(iv) != SDP_WEBM_IV_SIZE || subsamples || !kid) {
		GST_ELEMENT_ERROR(self, STREAM, DECRYPT,
				  ("Sample %" G_GUINT64_FORMAT " is encrypted in a way sdpdecrypt does not support",
				   n),
				  ("WebM AES-CTR with an 8-byte IV, a key id and no "
				   "partitions is supported; meta %" GST_PTR_FORMAT,
				   meta->info));
		return GST_FLOW_ERROR;
	}
	if (!gst_sdp_decrypt_open_stream(self, kid))
		return GST_FLOW_ERROR;

	size = gst_buffer_get_size(inbuf);
	if (!size || size > SDP_VIDEO_MAX_FRAME_BYTES || size > self->buffer_size) {
		GST_ELEMENT_ERROR(self, STREAM, DECRYPT,
				  ("Sample %" G_GUINT64_FORMAT " has %zu bytes; at most %u fit",
				   n, size,
				   MIN(self->buffer_size, SDP_VIDEO_MAX_FRAME_BYTES)),
				  ("the secure world takes samples of 1 to %u bytes; "
				   "buffer-size is %u", SDP_VIDEO_MAX_FRAME_BYTES,
				   self->buffer_size));
		return GST_FLOW_ERROR;
	}
	if (gst_buffer_n_memory(outbuf) != 1) {
		GST_ELEMENT_ERROR(self, CORE, FAILED,
				  ("Output buffer of %u memories", gst_buffer_n_memory(outbuf)),
				  (NULL));
		return GST_FLOW_ERROR;
	}
	if (!gst_sdp_decrypt_make_record(self, inbuf, iv, size)) {
		GST_ELEMENT_ERROR(self, STREAM, DECRYPT,
				  ("Cannot read sample %" G_GUINT64_FORMAT, n),
				  ("gst_buffer_extract failed"));
		return GST_FLOW_ERROR;
	}

	mem = gst_buffer_peek_memory(outbuf, 0);
	if (!sdp_tee_decrypt_sample(self->tee, self->record,
				    SDP_VIDEO_RECORD_HDR_SIZE + size, mem, &len,
				    &error)) {
		if (error->code == (gint)TEEC_ERROR_BAD_FORMAT)
			GST_ELEMENT_ERROR(self, STREAM, DECRYPT,
					  ("Sample %" G_GUINT64_FORMAT " is corrupt", n),
					  ("%s", error->message));
		else
			GST_ELEMENT_ERROR(self, STREAM, DECRYPT,
					  ("The secure world cannot decrypt sample %"
					   G_GUINT64_FORMAT " into restricted memory", n),
					  ("%s", error->message));
		g_error_free(error);
		return GST_FLOW_ERROR;
	}
	if (len != size) {
		GST_ELEMENT_ERROR(self, STREAM, DECRYPT,
				  ("The secure world decrypted %u bytes of the %zu of sample %"
				   G_GUINT64_FORMAT, len, size, n), (NULL));
		return GST_FLOW_ERROR;
	}
	gst_buffer_set_size(outbuf, len);
	self->samples++;
	GST_LOG_OBJECT(self, "sample %" G_GUINT64_FORMAT ": %u bytes into %"
		       GST_PTR_FORMAT, n, len, mem);
	return GST_FLOW_OK;
}

/* ---- the content key query --------------------------------------------- */

#define CONTENT_KEY_QUERY	"sdp-content-key"

gboolean gst_sdp_decrypt_query_key_id(GstPad *pad, guint32 *key_id)
{
	GstQuery *query = gst_query_new_custom(GST_QUERY_CUSTOM,
		gst_structure_new_empty(CONTENT_KEY_QUERY));
	gboolean ok;

	ok = gst_pad_peer_query(pad, query) &&
	     gst_structure_get_uint(gst_query_get_structure(query), "key-id",
				    key_id);
	gst_query_unref(query);
	return ok;
}

static gboolean gst_sdp_decrypt_query(GstBaseTransform *trans,
				      GstPadDirection direction,
				      GstQuery *query)
{
	GstBaseTransformClass *parent =
		GST_BASE_TRANSFORM_CLASS(gst_sdp_decrypt_parent_class);
	GstSdpDecrypt *self = GST_SDP_DECRYPT(trans);
	const GstStructure *qs = gst_query_get_structure(query);
	GstStructure *s;
	gboolean have;
	guint32 key_id;

	if (direction != GST_PAD_SRC ||
	    GST_QUERY_TYPE(query) != GST_QUERY_CUSTOM || !qs ||
	    !gst_structure_has_name(qs, CONTENT_KEY_QUERY))
		return parent->query(trans, direction, query);

	GST_OBJECT_LOCK(self);
	have = self->have_key_id;
	key_id = self->key_id;
	GST_OBJECT_UNLOCK(self);
	if (!have) {
		GST_DEBUG_OBJECT(self, "content key query: no stream yet");
		return FALSE;
	}
	GST_DEBUG_OBJECT(self, "content key query: key %u", key_id);
	s = gst_query_writable_structure(query);
	gst_structure_set(s, "key-id", G_TYPE_UINT, key_id, NULL);
	return TRUE;
}

/* ---- state --------------------------------------------------------------- */

static gboolean gst_sdp_decrypt_start(GstBaseTransform *trans)
{
	GstSdpDecrypt *self = GST_SDP_DECRYPT(trans);

	self->allocator = gst_sdp_restricted_allocator_open(GST_ELEMENT(self),
							    self->heap);
	if (!self->allocator)
		return FALSE;
	g_signal_connect_object(self->allocator, "map-refused",
				G_CALLBACK(gst_sdp_decrypt_map_refused), self,
				0);
	g_atomic_int_set(&self->map_refused, 0);
	self->samples = 0;
	return TRUE;
}

static gboolean gst_sdp_decrypt_stop(GstBaseTransform *trans)
{
	GstSdpDecrypt *self = GST_SDP_DECRYPT(trans);

	gst_sdp_decrypt_close_stream(self);
	gst_buffer_replace(&self->event_kid, NULL);
	if (self->allocator)
		g_signal_handlers_disconnect_by_data(self->allocator, self);
	gst_clear_object(&self->allocator);
	g_clear_pointer(&self->record, g_free);
	self->record_size = 0;
	return TRUE;
}

/* ---- GObject ------------------------------------------------------------- */

static void gst_sdp_decrypt_set_property(GObject *object, guint prop_id,
					 const GValue *value, GParamSpec *pspec)
{
	GstSdpDecrypt *self = GST_SDP_DECRYPT(object);

	GST_OBJECT_LOCK(self);
	switch (prop_id) {
	case PROP_HEAP:
		g_free(self->heap);
		self->heap = g_value_dup_string(value);
		break;
	case PROP_BUFFER_SIZE:
		self->buffer_size = g_value_get_uint(value);
		break;
	case PROP_NUM_BUFFERS:
		self->num_buffers = g_value_get_uint(value);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
		break;
	}
	GST_OBJECT_UNLOCK(self);
}

static void gst_sdp_decrypt_get_property(GObject *object, guint prop_id,
					 GValue *value, GParamSpec *pspec)
{
	GstSdpDecrypt *self = GST_SDP_DECRYPT(object);

	GST_OBJECT_LOCK(self);
	switch (prop_id) {
	case PROP_HEAP:
		g_value_set_string(value, self->heap);
		break;
	case PROP_BUFFER_SIZE:
		g_value_set_uint(value, self->buffer_size);
		break;
	case PROP_NUM_BUFFERS:
		g_value_set_uint(value, self->num_buffers);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
		break;
	}
	GST_OBJECT_UNLOCK(self);
}

static void gst_sdp_decrypt_finalize(GObject *object)
{
	GstSdpDecrypt *self = GST_SDP_DECRYPT(object);

	g_free(self->heap);
	G_OBJECT_CLASS(gst_sdp_decrypt_parent_class)->finalize(object);
}

static void gst_sdp_decrypt_class_init(GstSdpDecryptClass *klass)
{
	GObjectClass *gobject_class = G_OBJECT_CLASS(klass);
	GstElementClass *element_class = GST_ELEMENT_CLASS(klass);
	GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS(klass);

	gobject_class->set_property = gst_sdp_decrypt_set_property;
	gobject_class->get_property = gst_sdp_decrypt_get_property;
	gobject_class->finalize = gst_sdp_decrypt_finalize;

	g_object_class_install_property(gobject_class, PROP_HEAP,
		g_param_spec_string("heap", "Heap",
				    "Restricted dma-buf heap of the bitstream buffers (/dev/dma_heap/<heap>)",
				    DEFAULT_HEAP,
				    G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
				    GST_PARAM_MUTABLE_READY));
	g_object_class_install_property(gobject_class, PROP_BUFFER_SIZE,
		g_param_spec_uint("buffer-size", "Buffer size",
				  "Bytes of each restricted bitstream buffer (a V4L2 decoder imports only buffers of at least its OUTPUT sizeimage)",
				  MIN_BUFFER_SIZE, MAX_BUFFER_SIZE,
				  DEFAULT_BUFFER_SIZE,
				  G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
				  GST_PARAM_MUTABLE_READY));
	g_object_class_install_property(gobject_class, PROP_NUM_BUFFERS,
		g_param_spec_uint("num-buffers", "Number of buffers",
				  "Restricted bitstream buffers allocated when the stream starts (more while downstream holds them all, as far as the heap allows)",
				  1, MAX_NUM_BUFFERS, DEFAULT_NUM_BUFFERS,
				  G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
				  GST_PARAM_MUTABLE_READY));

	gst_element_class_add_static_pad_template(element_class,
						  &sink_template);
	gst_element_class_add_static_pad_template(element_class,
						  &src_template);
	gst_element_class_set_static_metadata(element_class,
		"Secure world decryptor",
		GST_ELEMENT_FACTORY_KLASS_DECRYPTOR,
		"Decrypts WebM-encrypted Motion-JPEG in the secure world into restricted dma-buf memory",
		"Secure data path for Linux media");

	trans_class->transform_caps = gst_sdp_decrypt_transform_caps;
	trans_class->set_caps = gst_sdp_decrypt_set_caps;
	trans_class->sink_event = gst_sdp_decrypt_sink_event;
	trans_class->decide_allocation = gst_sdp_decrypt_decide_allocation;
	trans_class->prepare_output_buffer =
		gst_sdp_decrypt_prepare_output_buffer;
	trans_class->transform_meta = gst_sdp_decrypt_transform_meta;
	trans_class->query = gst_sdp_decrypt_query;
	trans_class->transform = gst_sdp_decrypt_transform;
	trans_class->start = gst_sdp_decrypt_start;
	trans_class->stop = gst_sdp_decrypt_stop;
	trans_class->passthrough_on_same_caps = FALSE;
}

static void gst_sdp_decrypt_init(GstSdpDecrypt *self)
{
	self->heap = g_strdup(DEFAULT_HEAP);
	self->buffer_size = DEFAULT_BUFFER_SIZE;
	self->num_buffers = DEFAULT_NUM_BUFFERS;
	g_signal_connect(GST_BASE_TRANSFORM_SRC_PAD(self), "linked",
			 G_CALLBACK(gst_sdp_decrypt_src_linked), self);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * sdp-play: what a run did. Buffer probes count the frames out of the
 * decoder and into each sink; the report puts them beside sdpverify's
 * summary, the time and the clip's frame rate, and judges PASS or FAIL.
 */
#include <string.h>

#include "sdp-play.h"
#include "sdp_heap.h"

static guint buffers_in(GstPadProbeInfo *info)
{
	if (info->type & GST_PAD_PROBE_TYPE_BUFFER_LIST)
		return gst_buffer_list_length(GST_PAD_PROBE_INFO_BUFFER_LIST(info));
	return 1;
}

static GstPadProbeReturn count_decoded(GstPad *pad G_GNUC_UNUSED,
				       GstPadProbeInfo *info, gpointer data)
{
	SdpPlay *p = data;

	g_atomic_int_add(&p->decoded, buffers_in(info));
	return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn count_sink(GstPad *pad, GstPadProbeInfo *info,
				    gpointer data)
{
	SdpPlaySink *s = data;
	SdpPlay *p = g_object_get_data(G_OBJECT(pad), "sdp-play");

	/* the first frame into a sink: written once, read after NULL */
	if (!g_atomic_int_add(&s->buffers, buffers_in(info)) && !p->t_first)
		p->t_first = g_get_monotonic_time();
	return GST_PAD_PROBE_OK;
}

static void add_probe(GstElement *element, const gchar *pad_name,
		      GstPadProbeCallback cb, gpointer data, SdpPlay *p)
{
	GstPad *pad = gst_element_get_static_pad(element, pad_name);

	if (!pad)
		return;
	g_object_set_data(G_OBJECT(pad), "sdp-play", p);
	gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_BUFFER |
			  GST_PAD_PROBE_TYPE_BUFFER_LIST, cb, data, NULL);
	gst_object_unref(pad);
}

static gboolean is_decoder(GstElement *element)
{
	GstElementFactory *f = gst_element_get_factory(element);
	const gchar *klass = f ? gst_element_factory_get_metadata(f,
					GST_ELEMENT_METADATA_KLASS) : NULL;

	return klass && strstr(klass, "Decoder");
}

/* ---- per-stage time --------------------------------------------------- */

static GstPadProbeReturn stage_in(GstPad *pad G_GNUC_UNUSED,
				  GstPadProbeInfo *info G_GNUC_UNUSED,
				  gpointer data)
{
	SdpPlayStage *st = data;
	gint64 t = g_get_monotonic_time();

	g_mutex_lock(&st->lock);
	/* a ring that overflows loses its oldest frame, not a new one */
	if (st->head - st->tail == SDP_PLAY_STAGE_DEPTH)
		st->tail++;
	st->in[st->head++ % SDP_PLAY_STAGE_DEPTH] = t;
	g_mutex_unlock(&st->lock);
	return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn stage_out(GstPad *pad G_GNUC_UNUSED,
				   GstPadProbeInfo *info G_GNUC_UNUSED,
				   gpointer data)
{
	SdpPlayStage *st = data;
	gint64 t = g_get_monotonic_time();

	g_mutex_lock(&st->lock);
	if (st->head != st->tail) {
		st->total += t - st->in[st->tail++ % SDP_PLAY_STAGE_DEPTH];
		st->frames++;
	}
	g_mutex_unlock(&st->lock);
	return GST_PAD_PROBE_OK;
}

static void add_stage(SdpPlay *p, guint i, const gchar *name, GstElement *e)
{
	SdpPlayStage *st = &p->stages[i];

	if (st->element)
		return;
	st->name = name;
	st->element = gst_object_ref(e);
	g_mutex_init(&st->lock);
	add_probe(e, "sink", stage_in, st, p);
	add_probe(e, "src", stage_out, st, p);
}

static const gchar *factory_name(GstElement *e)
{
	GstElementFactory *f = gst_element_get_factory(e);

	return f ? gst_plugin_feature_get_name(GST_PLUGIN_FEATURE(f)) : "";
}

/*
 * Probes: the decoder's source pad and each sink's sink pad count frames;
 * sdpdecrypt, the decoder and sdpverify are timed (SdpPlayStage).
 */
void sdp_play_add_probes(SdpPlay *p)
{
	GstIterator *it;
	GValue v = G_VALUE_INIT;
	GstElement *e;
	SdpPlaySink s = { 0 };
	guint i;

	it = gst_bin_iterate_elements(GST_BIN(p->pipeline));
	while (gst_iterator_next(it, &v) == GST_ITERATOR_OK) {
		e = g_value_get_object(&v);
		if (!p->decoder && is_decoder(e))
			p->decoder = gst_object_ref(e);
		else if (!strcmp(factory_name(e), "sdpdecrypt"))
			add_stage(p, SDP_PLAY_DECRYPT, "decrypt", e);
		else if (!strcmp(factory_name(e), "sdpverify"))
			add_stage(p, SDP_PLAY_VERIFY, "verify", e);
		g_value_reset(&v);
	}
	gst_iterator_free(it);
	if (p->decoder) {
		add_stage(p, SDP_PLAY_DECODE, "decode", p->decoder);
		add_probe(p->decoder, "src", count_decoded, p, p);
	}

	it = gst_bin_iterate_sinks(GST_BIN(p->pipeline));
	while (gst_iterator_next(it, &v) == GST_ITERATOR_OK) {
		s.element = g_value_dup_object(&v);
		g_array_append_val(p->sinks, s);
		g_value_reset(&v);
	}
	gst_iterator_free(it);
	/* the array no longer grows: its elements' addresses hold */
	for (i = 0; i < p->sinks->len; i++) {
		SdpPlaySink *sk = &g_array_index(p->sinks, SdpPlaySink, i);

		add_probe(sk->element, "sink", count_sink, sk, p);
	}
}

/* The decoded stream's size, format and frame rate. */
void sdp_play_note_stream(SdpPlay *p)
{
	GstStructure *st;
	GstCaps *caps;
	GstPad *pad;

	if (!p->decoder || p->format)
		return;
	pad = gst_element_get_static_pad(p->decoder, "src");
	caps = pad ? gst_pad_get_current_caps(pad) : NULL;
	if (caps) {
		st = gst_caps_get_structure(caps, 0);
		gst_structure_get_int(st, "width", &p->width);
		gst_structure_get_int(st, "height", &p->height);
		gst_structure_get_fraction(st, "framerate", &p->fps_n,
					   &p->fps_d);
		p->format = g_strdup(gst_structure_get_string(st, "format"));
		gst_caps_unref(caps);
	}
	if (pad)
		gst_object_unref(pad);
}

/* ---- the report ---------------------------------------------------------- */

/*
 * "stages : decrypt A ms/frame (sdpdecrypt0), decode B ms/frame
 * (v4l2jpegdec0), verify C ms/frame (sdpverify0); arrival to push, waits
 * included": each element's mean time from a frame's arrival to its push,
 * including its waits (sdpdecrypt for a free bitstream buffer, the
 * decoder for the frames queued before). The stages overlap (the decoder
 * has its own thread), so they do not add up to the time per frame.
 */
static void report_stages(const SdpPlay *p)
{
	const gchar *sep = "";
	guint i;

	g_print("  stages            : ");
	for (i = 0; i < SDP_PLAY_STAGES; i++) {
		const SdpPlayStage *st = &p->stages[i];

		if (!st->element || !st->frames)
			continue;
		g_print("%s%s %.1f ms/frame (%s)", sep, st->name,
			st->total / 1e3 / st->frames,
			GST_OBJECT_NAME(st->element));
		sep = ", ";
	}
	g_print("%s\n", *sep ? "; arrival to push, waits included" : "none");
}

gboolean sdp_play_report(const SdpPlay *p)
{
	guint want, decoded = (guint)g_atomic_int_get(&p->decoded), i;
	gdouble elapsed = (p->t_end - p->t_start) / 1e6, fps, clip_fps;
	gboolean pass = p->eos && !p->error && p->summary;

	/* every frame of the list, or the first N */
	want = p->summary ? p->listed : 0;
	if (p->frames && (!want || (guint)p->frames < want))
		want = p->frames;

	g_print("\n==== sdp-play report: %s ====\n", p->clip);
	g_print("  heap              : %s%s (sdpdecrypt's restricted bitstream buffers)\n",
		SDP_HEAP_DIR, p->heap);
	if (p->format)
		g_print("  stream            : %dx%d %s at %d/%d frames/s\n",
			p->width, p->height, p->format, p->fps_n, p->fps_d);
	g_print("  frames decoded    : %u (%s)\n", decoded,
		p->decoder ? GST_OBJECT_NAME(p->decoder) : "no decoder");
	if (p->summary)
		g_print("  digests matched   : %u/%u (sdpverify: %u frames digested in the secure world, %u listed in %s)\n",
			p->matched, want, p->verified, p->listed, p->digests);
	else
		g_print("  digests matched   : none reported (sdpverify: %u frames, %u not matching or corrupt; no summary)\n",
			p->reported, p->mismatched);
	pass = pass && decoded == want && p->matched == want &&
	       p->verified == want && !p->mismatched;

	for (i = 0; i < p->sinks->len; i++) {
		const SdpPlaySink *s = &g_array_index(p->sinks, SdpPlaySink, i);
		guint got = (guint)g_atomic_int_get(&s->buffers);
		GstElementFactory *f = gst_element_get_factory(s->element);
		gchar *device = NULL;

		if (g_object_class_find_property(G_OBJECT_GET_CLASS(s->element),
						 "device"))
			g_object_get(s->element, "device", &device, NULL);
		g_print("  sink %-12s : %u buffers (%s%s%s)\n",
			GST_OBJECT_NAME(s->element), got,
			f ? GST_OBJECT_NAME(f) : "?", device ? " " : "",
			device ? device : "");
		g_free(device);
		pass = pass && got == want;
	}
	pass = pass && p->sinks->len;

	if (elapsed > 0 && p->t_end) {
		fps = decoded / elapsed;
		clip_fps = p->fps_d > 0 ? (gdouble)p->fps_n / p->fps_d : 0;
		g_print("  time              : %u frames in %.2f s, %.1f frames/s",
			decoded, elapsed, fps);
		if (clip_fps > 0)
			g_print(", %.2fx real time (the clip: %.0f frames/s)",
				fps / clip_fps, clip_fps);
		if (p->t_first)
			g_print("; first frame after %.2f s",
				(p->t_first - p->t_start) / 1e6);
		g_print("\n");
		report_stages(p);
	}
	g_print("  result            : %s\n", pass ? "PASS" : "FAIL");
	return pass;
}

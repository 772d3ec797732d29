// SPDX-License-Identifier: GPL-2.0
/*
 * sdp-play: play an encrypted WebM clip through the secure video path with
 * stock GStreamer 1.22 and the project's plugin, and report how it went.
 *
 * It builds, with gst_parse_launch(), the pipeline a user would type:
 *
 *   filesrc location=/usr/share/sdp-demo/clip-640x360.webm ! matroskademux
 *     ! application/x-webm-enc,colorimetry=bt601 ! sdpdecrypt heap=restricted
 *     ! v4l2jpegdec capture-io-mode=dmabuf
 *     ! sdpverify digests=/usr/share/sdp-demo/clip-640x360.nv12.sha256
 *     ! v4l2sink device=/dev/videoN io-mode=dmabuf-import sync=false
 *       show-preroll-frame=false
 *
 * prints it (for gst-launch-1.0), runs it to EOS or an error with a bus
 * watch and reports: the frames the decoder pushed, the digests sdpverify
 * had the secure world compute and matched (its "sdp-verify" and
 * "sdp-verify-summary" messages), what each sink received (a buffer probe
 * on its sink pad), the time, frames/s and the real-time factor, and the
 * time per frame in sdpdecrypt, the decoder and sdpverify (make bench). PASS
 * needs EOS without an error and every frame everywhere: decoded, matched
 * and received by every sink.
 *
 * The sink is vivid's video output (its output 1, HDMI, selected with
 * VIDIOC_S_OUTPUT: progressive, square pixels) or fakesink. sync=false:
 * in QEMU the path may run slower than the clip's 25 frames/s, and a
 * synchronised sink would drop late frames; every frame is shown and
 * verified instead, and the real-time factor says how fast it went.
 * show-preroll-frame=false: the first frame is shown once, not twice.
 *
 * For vivid the capsfilter labels the stream BT.601 limited range: vivid's
 * output takes no full-range YCbCr, and without a label the decoder
 * reports JPEG's (full-range) colorimetry, so v4l2jpegdec cannot
 * negotiate with v4l2sink. tee-jpegdec keeps the colorimetry the client
 * sets on OUTPUT and reports it on CAPTURE; it converts nothing, the
 * label travels with the frames. fakesink needs no label.
 *
 * -n N stops after N frames with identity eos-after=N+1 after the
 * demuxer: identity answers the (N+1)-th sample with EOS, the demuxer
 * sends EOS and the decoder drains. An EOS flow return from further
 * downstream (fakesink num-buffers) would end v4l2jpegdec 1.22.0's output
 * thread, which flushes its OUTPUT pool (gstv4l2videodec.c), and the
 * pipeline may hang.
 *
 * Exit status: 0 PASS, 1 FAIL (or an error), 2 usage error.
 */
#include <string.h>

#include "sdp-play.h"
#include "sdp_heap.h"

#define SHARE_DIR		"/usr/share/sdp-demo"
#define DEFAULT_CLIP		"clip-640x360"
#define DEFAULT_HEAP		"restricted"
/* vivid's output 1: HDMI (progressive, square pixels, any frame rate) */
#define VIVID_HDMI		1
#define MAX_FRAMES		100000
/* vivid or fake */
#define DEFAULT_SINK		"vivid"
/* the stream's colorimetry, labelled for vivid's output (see above) */
#define VIVID_LABEL		"application/x-webm-enc,colorimetry=bt601"

/* ---- the bus ------------------------------------------------------------- */

/* A frame sdpverify looked at: digested (and matched or not), or corrupt. */
static void on_verify(SdpPlay *p, const GstStructure *s)
{
	gboolean match = FALSE, has_match, corrupted = FALSE;
	const gchar *digest = gst_structure_get_string(s, "digest");
	guint frame = 0;

	gst_structure_get_uint(s, "frame", &frame);
	gst_structure_get_boolean(s, "corrupted", &corrupted);
	has_match = gst_structure_get_boolean(s, "match", &match);
	p->reported++;
	if (corrupted || (has_match && !match))
		p->mismatched++;
	if (!p->verbose)
		return;
	if (corrupted || !digest)
		g_print("sdp-play: frame %u: flagged corrupt by the decoder, not digested\n",
			frame);
	else
		g_print("sdp-play: frame %u: %s%s\n", frame, digest,
			!has_match ? "" : match ? " matches" : " DOES NOT MATCH");
}

static void on_summary(SdpPlay *p, const GstStructure *s)
{
	p->summary = gst_structure_get_uint(s, "frames", &p->verified) &&
		     gst_structure_get_uint(s, "matched", &p->matched) &&
		     gst_structure_get_uint(s, "expected", &p->listed);
}

/* An error or a warning, as gst-launch-1.0 says them. */
static void print_problem(GstMessage *msg)
{
	gchar *path = gst_object_get_path_string(msg->src), *debug = NULL;
	gboolean error = GST_MESSAGE_TYPE(msg) == GST_MESSAGE_ERROR;
	GError *err = NULL;
	gchar **lines;
	guint i;

	if (error)
		gst_message_parse_error(msg, &err, &debug);
	else
		gst_message_parse_warning(msg, &err, &debug);
	g_print("sdp-play: %s from %s: %s\n", error ? "error" : "warning",
		path, err->message);
	/* the debug text, a line at a time: where, then what */
	lines = debug ? g_strsplit(debug, "\n", -1) : NULL;
	for (i = 0; lines && lines[i]; i++)
		if (*lines[i])
			g_print("sdp-play:   %s\n", lines[i]);
	g_strfreev(lines);
	g_error_free(err);
	g_free(debug);
	g_free(path);
}

/* The end of the stream or the first error: the time, and stop. */
static void stop(SdpPlay *p)
{
	if (!p->t_end)
		p->t_end = g_get_monotonic_time();
	sdp_play_note_stream(p);
	g_main_loop_quit(p->loop);
}

static void handle(SdpPlay *p, GstMessage *msg)
{
	const GstStructure *s;

	switch (GST_MESSAGE_TYPE(msg)) {
	case GST_MESSAGE_ERROR:
		print_problem(msg);
		p->error = TRUE;
		stop(p);
		break;
	case GST_MESSAGE_WARNING:
		print_problem(msg);
		break;
	case GST_MESSAGE_EOS:
		p->eos = TRUE;
		stop(p);
		break;
	case GST_MESSAGE_ELEMENT:
		s = gst_message_get_structure(msg);
		if (gst_structure_has_name(s, "sdp-verify"))
			on_verify(p, s);
		else if (gst_structure_has_name(s, "sdp-verify-summary"))
			on_summary(p, s);
		break;
	default:
		break;
	}
}

static gboolean bus_watch(GstBus *bus G_GNUC_UNUSED, GstMessage *msg,
			  gpointer data)
{
	handle(data, msg);
	return G_SOURCE_CONTINUE;
}

/* ---- the pipeline -------------------------------------------------------- */

static gchar *describe(const SdpPlay *p)
{
	GString *s = g_string_new(NULL);

	g_string_append_printf(s, "filesrc location=%s ! matroskademux",
			       p->clip);
	if (p->device)
		g_string_append(s, " ! " VIVID_LABEL);
	if (p->frames)
		g_string_append_printf(s, " ! identity eos-after=%d",
				       p->frames + 1);
	g_string_append_printf(s, " ! sdpdecrypt heap=%s"
			       " ! v4l2jpegdec capture-io-mode=dmabuf"
			       " ! sdpverify digests=%s%s", p->heap,
			       p->digests, p->frames ? " all-frames=false" : "");
	if (p->device)
		g_string_append_printf(s, " ! v4l2sink device=%s"
				       " io-mode=dmabuf-import sync=false"
				       " show-preroll-frame=false", p->device);
	else
		g_string_append(s, " ! fakesink");
	return g_string_free(s, FALSE);
}

/* Run to EOS or an error. */
static void play(SdpPlay *p)
{
	GstStateChangeReturn ret;
	GstMessage *msg;
	GstBus *bus;
	guint watch;

	bus = gst_element_get_bus(p->pipeline);
	watch = gst_bus_add_watch(bus, bus_watch, p);
	p->t_start = g_get_monotonic_time();
	ret = gst_element_set_state(p->pipeline, GST_STATE_PLAYING);
	if (ret == GST_STATE_CHANGE_FAILURE) {
		/* an element refused to start: its error is on the bus */
		while ((msg = gst_bus_pop(bus))) {
			handle(p, msg);
			gst_message_unref(msg);
		}
		if (!p->error)
			g_print("sdp-play: error: the pipeline did not start, and no element said why\n");
		p->error = TRUE;
	} else {
		g_main_loop_run(p->loop);
	}
	gst_element_set_state(p->pipeline, GST_STATE_NULL);
	g_source_remove(watch);
	gst_object_unref(bus);
}

/* ---- the command line ---------------------------------------------------- */

/* A clip name (clip-640x360) or a path; the digest list beside it. */
static gboolean resolve_clip(SdpPlay *p)
{
	gchar *clip = p->clip ? p->clip : g_strdup(DEFAULT_CLIP);
	gchar *base;

	if (!strchr(clip, '/') && !g_str_has_suffix(clip, ".webm")) {
		p->clip = g_strconcat(SHARE_DIR "/", clip, ".webm", NULL);
		g_free(clip);
	} else {
		p->clip = clip;
	}
	if (!p->digests) {
		base = g_str_has_suffix(p->clip, ".webm") ?
		       g_strndup(p->clip, strlen(p->clip) - 5) :
		       g_strdup(p->clip);
		p->digests = g_strconcat(base, ".nv12.sha256", NULL);
		g_free(base);
	}
	if (!g_file_test(p->clip, G_FILE_TEST_IS_REGULAR)) {
		g_print("sdp-play: error: clip %s: no such file\n", p->clip);
		return FALSE;
	}
	if (!g_file_test(p->digests, G_FILE_TEST_IS_REGULAR)) {
		g_print("sdp-play: error: digest list %s: no such file (-d FILE)\n",
			p->digests);
		return FALSE;
	}
	return TRUE;
}

static gint parse_args(SdpPlay *p, gint *argc, gchar ***argv)
{
	const GOptionEntry entries[] = {
		{ "clip", 'c', 0, G_OPTION_ARG_STRING, &p->clip,
		  "Encrypted WebM clip: a name in " SHARE_DIR " or a path (default " DEFAULT_CLIP ")",
		  "CLIP" },
		{ "digests", 'd', 0, G_OPTION_ARG_FILENAME, &p->digests,
		  "Expected NV12 digests (default: the clip's .nv12.sha256)",
		  "FILE" },
		{ "heap", 'H', 0, G_OPTION_ARG_STRING, &p->heap,
		  "Restricted dma-buf heap of the bitstream buffers (default " DEFAULT_HEAP ")",
		  "NAME" },
		{ "frames", 'n', 0, G_OPTION_ARG_INT, &p->frames,
		  "Stop after N frames (default: all)", "N" },
		{ "sink", 's', 0, G_OPTION_ARG_STRING, &p->sink,
		  "vivid (its video output) or fake (fakesink); default " DEFAULT_SINK,
		  "SINK" },
		{ "device", 0, 0, G_OPTION_ARG_FILENAME, &p->device,
		  "V4L2 output of --sink vivid (default: the node named " VIVID_OUTPUT ")",
		  "DEV" },
		{ "verbose", 'v', 0, G_OPTION_ARG_NONE, &p->verbose,
		  "A line per frame (its digest)", NULL },
		{ NULL }
	};
	GOptionContext *ctx;
	GError *err = NULL;
	gchar *name;
	gboolean ok;

	ctx = g_option_context_new(NULL);
	g_option_context_set_summary(ctx,
		"Play an encrypted WebM clip through the secure video path with GStreamer:\n"
		"the secure world decrypts each sample into restricted memory (sdpdecrypt),\n"
		"the tee-jpegdec V4L2 decoder decodes it into a restricted frame\n"
		"(v4l2jpegdec), the secure world's digest of each frame is checked\n"
		"(sdpverify) and the frame goes to the sink: vivid's video output\n"
		"(v4l2sink) or fakesink.");
	g_option_context_set_description(ctx,
		"Exit status: 0 every frame decoded, verified and received by the sink;\n"
		"1 anything else; 2 usage error.");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_add_group(ctx, gst_init_get_option_group());
	ok = g_option_context_parse(ctx, argc, argv, &err);
	g_option_context_free(ctx);
	if (!ok) {
		g_printerr("sdp-play: %s\n", err->message);
		g_error_free(err);
		return -1;
	}
	if (*argc > 1) {
		g_printerr("sdp-play: unexpected argument '%s'\n", (*argv)[1]);
		return -1;
	}
	if (p->frames < 0 || p->frames > MAX_FRAMES) {
		g_printerr("sdp-play: --frames must be a number in 1..%d (0: all), not %d\n",
			   MAX_FRAMES, p->frames);
		return -1;
	}
	if (!p->sink)
		p->sink = g_strdup(DEFAULT_SINK);
	if (strcmp(p->sink, "vivid") && strcmp(p->sink, "fake")) {
		g_printerr("sdp-play: --sink is vivid or fake, not '%s'\n",
			   p->sink);
		return -1;
	}
	/* sdpdecrypt's heap property is a name under /dev/dma_heap */
	name = g_strdup(sdp_heap_name(p->heap ? p->heap : DEFAULT_HEAP));
	g_free(p->heap);
	p->heap = name;
	return 0;
}

int main(int argc, char **argv)
{
	SdpPlay p = { 0 };
	const gchar *registry = g_getenv("GST_REGISTRY");
	gboolean fresh = registry && !g_file_test(registry, G_FILE_TEST_EXISTS);
	gint64 t0 = g_get_monotonic_time();
	gint old_output = -1, status = 1;
	GError *err = NULL;
	guint i;

	/* gst_init() runs in the option parser */
	if (parse_args(&p, &argc, &argv))
		return 2;
	g_print("sdp-play: %s initialised in %.2f s%s%s%s\n",
		gst_version_string(), (g_get_monotonic_time() - t0) / 1e6,
		registry ? (fresh ? " (registry built: " : " (registry: ") : "",
		registry ? registry : "", registry ? ")" : "");
	if (!resolve_clip(&p))
		goto out;

	if (!strcmp(p.sink, "vivid")) {
		if (!p.device)
			p.device = sdp_play_find_video_node(VIVID_OUTPUT);
		if (!p.device) {
			g_print("sdp-play: error: no V4L2 device named " VIVID_OUTPUT
				" in /sys/class/video4linux (vivid loaded with vivid.allocators=1?); --sink fake plays without it\n");
			goto out;
		}
		if (!sdp_play_select_output(p.device, VIVID_HDMI, &old_output))
			goto out;
	}

	p.description = describe(&p);
	g_print("sdp-play: pipeline:\n  gst-launch-1.0 %s\n", p.description);
	p.pipeline = gst_parse_launch(p.description, &err);
	if (!p.pipeline || err) {
		g_print("sdp-play: error: cannot build the pipeline: %s\n",
			err ? err->message : "unknown error");
		g_clear_error(&err);
		goto out;
	}
	p.sinks = g_array_new(FALSE, TRUE, sizeof(SdpPlaySink));
	p.loop = g_main_loop_new(NULL, FALSE);
	sdp_play_add_probes(&p);
	play(&p);
	status = sdp_play_report(&p) ? 0 : 1;

out:
	if (old_output >= 0)
		sdp_play_select_output(p.device, old_output, NULL);
	if (p.sinks) {
		for (i = 0; i < p.sinks->len; i++)
			gst_object_unref(g_array_index(p.sinks, SdpPlaySink,
						       i).element);
		g_array_free(p.sinks, TRUE);
	}
	if (p.decoder)
		gst_object_unref(p.decoder);
	for (i = 0; i < SDP_PLAY_STAGES; i++) {
		if (!p.stages[i].element)
			continue;
		gst_object_unref(p.stages[i].element);
		g_mutex_clear(&p.stages[i].lock);
	}
	if (p.pipeline)
		gst_object_unref(p.pipeline);
	if (p.loop)
		g_main_loop_unref(p.loop);
	g_free(p.description);
	g_free(p.format);
	g_free(p.clip);
	g_free(p.digests);
	g_free(p.heap);
	g_free(p.sink);
	g_free(p.device);
	return status;
}

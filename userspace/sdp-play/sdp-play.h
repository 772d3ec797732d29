/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sdp-play: make run's player, the secure video path as a GStreamer
 * pipeline (sdp-play.c). Its parts: the state of one run, the V4L2 output
 * (v4l2.c), the counting and the report (report.c).
 */
#ifndef SDP_PLAY_H
#define SDP_PLAY_H

#include <gst/gst.h>

#define VIVID_OUTPUT		"vivid-000-vid-out"

typedef struct {
	GstElement *element;
	gint buffers;		/* atomic: counted in the streaming thread */
} SdpPlaySink;

/*
 * The time one element spends on a frame: from the buffer's arrival on its
 * sink pad to the push of its result on its source pad (one out per one
 * in, in order: a ring of arrival times, matched first in, first out).
 */
#define SDP_PLAY_STAGE_DEPTH	64
typedef struct {
	const gchar *name;	/* decrypt, decode, verify */
	GstElement *element;
	GMutex lock;		/* the two pads' streaming threads */
	gint64 in[SDP_PLAY_STAGE_DEPTH];
	guint head, tail;	/* in[tail..head): frames inside */
	gint64 total;		/* microseconds over @frames */
	guint frames;
} SdpPlayStage;

enum { SDP_PLAY_DECRYPT, SDP_PLAY_DECODE, SDP_PLAY_VERIFY, SDP_PLAY_STAGES };

typedef struct {
	/* options */
	gchar *clip, *digests, *heap, *sink, *device;
	gint frames;
	gboolean verbose;

	gchar *description;
	GstElement *pipeline, *decoder;
	GMainLoop *loop;
	GArray *sinks;		/* of SdpPlaySink */
	gint decoded;		/* atomic */
	gint64 t_start, t_first, t_end;
	gboolean eos, error;

	/* sdpverify's messages */
	guint reported, mismatched;	/* mismatched: or flagged corrupt */
	gboolean summary;
	guint verified, matched, listed;

	SdpPlayStage stages[SDP_PLAY_STAGES];

	/* the decoded stream, from the decoder's source caps */
	gint width, height, fps_n, fps_d;
	gchar *format;
} SdpPlay;

/* v4l2.c */
gchar *sdp_play_find_video_node(const gchar *name);
gboolean sdp_play_select_output(const gchar *device, guint index, gint *old);

/* report.c */
void sdp_play_add_probes(SdpPlay *p);
void sdp_play_note_stream(SdpPlay *p);
gboolean sdp_play_report(const SdpPlay *p);

#endif /* SDP_PLAY_H */

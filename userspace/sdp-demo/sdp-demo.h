/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sdp-demo's parts and what they share: the options, messages and report
 * (sdp-demo.c), the clip and its digests (content.c), the secure video TA
 * (tee.c), the V4L2 queues, the video output and the tee-jpegdec decoder
 * (v4l2.c), DRM (drm.c) and the playback loops (play.c). The path itself
 * is described in sdp-demo.c.
 */
#ifndef SDP_DEMO_H
#define SDP_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

#include <linux/videodev2.h>

#include "clip.h"
#include "kms_pipe.h"
#include "sdp_tee.h"
#include "sdp_video.h"

#define MAX_RING	16
#define BITSTREAM_BUFS	2
#define XRGB_BUFS	2

struct demo;

/* ---- sdp-demo.c: options, messages, helpers ---- */

struct options {
	const char *clip;
	const char *nv12_digests;
	const char *xrgb_digests;
	const char *heap;
	const char *video;	/* NULL: first vivid video output */
	const char *decoder;	/* NULL: the tee-jpegdec node */
	const char *kms;	/* NULL: first vkms card */
	const char *gem;	/* NULL: first vgem card */
	unsigned int frames;	/* 0: all */
	unsigned int ring;
	bool fused;
	bool use_v4l2;
	bool use_drm;
	bool hold;		/* the control frame on vkms until a line on stdin */
	bool verbose;
};

extern struct options opt;

/* Anything unexpected sets this; the exit status follows it. */
extern int unexpected;

void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int ioc(int fd, unsigned long req, void *arg);
double now_s(void);
void close_fd(int *fd);

/* ---- content.c: the clip and its expected digests ---- */

/*
 * The clip, from either container (WebM, or the project's .sdpclip): its
 * header (a WebM's in the .sdpclip's terms) and per frame the record that
 * DECRYPT_SAMPLE and DECODE_FRAME take (u32 LE length, 16-byte IV,
 * ciphertext): an .sdpclip's are in the file, a WebM's are built from its
 * blocks when it is loaded. The frames' offsets are into records.
 */
struct clip {
	uint8_t *data;		/* the file */
	size_t len;
	uint8_t *records;	/* data (.sdpclip), or its own buffer (WebM) */
	struct clip_header h;
	struct clip_frame *frames;
};

int clip_load(struct clip *c, const char *path);
void clip_free(struct clip *c);
int digests_load(const char *path, unsigned int count,
		 uint8_t (**out)[SDP_VIDEO_DIGEST_SIZE]);
char *clip_sibling(const char *clip, const char *suffix);

/* ---- tee.c: the secure video TA (libsdp's sdp_tee.h, sdp_video.h) ---- */

/*
 * A restricted buffer: its dma-buf (kept for the importers) and TEE view,
 * and its imports.
 */
struct rbuf {
	struct sdp_tee_buf buf;
	uint32_t gem_handle;	/* vgem */
	uint32_t kms_handle;	/* vkms */
	uint32_t fb;		/* vkms framebuffer */
};

struct layout {
	uint32_t fourcc;
	uint32_t stride;
	uint32_t uv_offset;	/* NV12 */
	size_t size;		/* bytes the frame spans */
};

#define RBUF_INIT	{ .buf = SDP_TEE_BUF_INIT }

void tee_report(const char *what, TEEC_Result res, uint32_t origin);
int tee_open(struct sdp_tee *t, const struct clip_header *h);
int rbuf_alloc(struct sdp_tee *t, struct rbuf *b, size_t size);
void rbuf_free(struct rbuf *b);
TEEC_Result tee_decode(struct sdp_tee *t, const struct clip *c,
		       const struct clip_frame *f, struct rbuf *dst,
		       const struct layout *l, uint32_t *origin);
TEEC_Result tee_decrypt(struct sdp_tee *t, const struct clip *c,
			const struct clip_frame *f, struct rbuf *dst,
			uint32_t *len, uint32_t *origin);
TEEC_Result tee_convert(struct sdp_tee *t, struct rbuf *src,
			const struct layout *sl, struct rbuf *dst,
			const struct layout *dl, uint32_t *origin);
TEEC_Result tee_digest(struct sdp_tee *t, struct rbuf *src,
		       const struct layout *l,
		       uint8_t digest[SDP_VIDEO_DIGEST_SIZE],
		       uint32_t *origin);

/* ---- v4l2.c: V4L2 queues, the video output, the decoder ---- */

/* One V4L2 buffer queue that imports restricted dma-bufs (DMABUF). */
struct v4l2_queue {
	int fd;
	char name[80];		/* the node (and queue, on an m2m node) */
	char card[32];		/* the driver's name */
	uint32_t type;
	bool mplane;
	bool requested, streaming;
	unsigned int count, in_flight;
	bool queued[MAX_RING];
	uint32_t field;
	unsigned int sent, returned, reclaimed, errors;
	double time_s;		/* in QBUF, DQBUF, waits for a buffer */
};

struct decoder {
	int fd;
	char path[64];
	struct v4l2_queue out, cap;	/* bitstream, frames */
	double wait_s;			/* in poll for the decoder */
	unsigned int frame[BITSTREAM_BUFS];	/* in each OUTPUT buffer */
	unsigned int min_cap;	/* V4L2_CID_MIN_BUFFERS_FOR_CAPTURE */
	unsigned int source_changes, eos;
	bool draining, last, epipe;
};

int wait_fd(int fd, short events, const char *who, const char *what,
	    double *time_s);
int v4l2_open(struct v4l2_queue *v);
int vout_setup(struct demo *d, uint32_t bpl);
int v4l2_reqbufs(struct v4l2_queue *v, unsigned int count);
unsigned int frame_of(const struct timeval *tv);
int v4l2_qbuf(struct v4l2_queue *v, unsigned int index,
	      const struct rbuf *b, size_t bytesused, unsigned int seq);
int v4l2_take(struct v4l2_queue *v, struct v4l2_buffer *vb);
int v4l2_dqbuf(struct v4l2_queue *v);
int v4l2_stream(struct v4l2_queue *v, bool on);
void v4l2_stop(struct v4l2_queue *v);
int dec_open(struct decoder *d);
int dec_set_output(struct decoder *d, const struct clip_header *h,
		   uint32_t len, uint32_t *sizeimage);
int dec_capture_format(struct decoder *d, uint32_t w, uint32_t h,
		       struct layout *l);
int dec_events(struct decoder *d);
int dec_stop(struct decoder *d);
void dec_close(struct decoder *d);

/* ---- drm.c: vgem and vkms ---- */

struct kms {
	struct kms_pipe pipe;
	char path[64];
	uint32_t w, h;		/* plane size: the frame, clipped to the mode */
	uint32_t dumb, dumb_fb;
	unsigned int addfb_ok, refused, accepted;
	int refused_errno;
	bool control_ok;
};

int prime_import(int fd, const char *path, const struct rbuf *b,
		 uint32_t *handle);
void gem_close(int fd, uint32_t *handle);
void kms_rmfb(struct kms *k, uint32_t *fb);
void kms_teardown(struct kms *k);
void kms_present(struct kms *k, struct rbuf *b, unsigned int frame);
int drm_setup(struct demo *d);
void kms_hold(struct demo *d);

/* ---- play.c: playback ---- */

struct stats {
	unsigned int decrypted, decoded, nv12_ok, xrgb_ok, converted;
	double decrypt_s, decode_s, convert_s, digest_s, kms_s, total_s;
	unsigned int gem_imports;
};

/* Everything a run holds. */
struct demo {
	struct clip c;
	uint8_t (*want_nv12)[SDP_VIDEO_DIGEST_SIZE];
	uint8_t (*want_xrgb)[SDP_VIDEO_DIGEST_SIZE];
	unsigned int nframes;
	struct sdp_tee t;
	struct layout nv12, rgb;	/* the frames', DRM's */
	size_t vout_size;		/* the V4L2 output's sizeimage */
	unsigned int nring;
	struct rbuf ring[MAX_RING];	/* NV12 frames */
	struct rbuf xrgb[XRGB_BUFS];
	struct rbuf bits[BITSTREAM_BUFS];	/* decrypted samples */
	struct v4l2_queue v;		/* the video output */
	struct decoder dec;
	struct kms k;
	char gem_path[64];
	int gem;
	struct stats st;
	bool stop;			/* a frame failed verification */
};

int fused_setup(struct demo *d);
int play_fused(struct demo *d);
int split_setup(struct demo *d);
int play_split(struct demo *d);

#endif /* SDP_DEMO_H */

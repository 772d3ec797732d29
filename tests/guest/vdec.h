/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The machinery of vdec_test.c, the tee-jpegdec tests: the content (the
 * encrypted clips, the clear Motion-JPEG clip, their digest lists), the
 * debugfs statistics, the video TA (DECRYPT_SAMPLE into secure bitstream
 * buffers, DIGEST of restricted frames) and a decoder instance: its queues and
 * buffers of each kind, and a pump that sends frames through it and checks
 * every buffer that comes back (flags, payload, timestamp, sequence, the
 * frame's digest).
 *
 * Failures are reported with tap_diag(), or kept in struct dec's err by an
 * instance running in a thread (quiet), for the test to report.
 */
#ifndef SDP_VDEC_H
#define SDP_VDEC_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/videodev2.h>

#include "clip.h"
#include "clipdata.h"
#include "sdp_tee.h"
#include "sdp_video.h"
#include "sha256.h"
#include "testutil.h"

#define CLIP_DIR	"/usr/share/sdp-demo/"
#define SD_NAME		"clip-640x360"
#define HD_NAME		"clip-1280x720"
#define CLEAR_NAME	"clear-640x360"	/* not a protected clip's pictures */
#define CLEAR_STREAM	CLIP_DIR CLEAR_NAME ".mjpeg.hdr"
#define CLEAR_DIGESTS	CLIP_DIR CLEAR_NAME ".nv12.sha256"
#define DRIVER		"tee-jpegdec"
#define DRV_STATS_GLOB	"/sys/kernel/debug/tee-jpegdec/*"
#define HEAP_STATS_GLOB	"/sys/kernel/debug/restricted_heap/*"
#define RESTRICTED_HEAP	"/dev/dma_heap/restricted"
#define RESTRICTED_NAME	"restricted"	/* the driver's default heap= */
#define CMA_HEAP	"/dev/dma_heap/reserved"
#define SYSTEM_HEAP	"/dev/dma_heap/system"

#define OUT_SIZE	65536u	/* OUTPUT sizeimage: above any clip frame */
#define NBUF		4	/* buffers per queue */
#define MAX_BUFS	8
#define FIFO		64	/* items in flight, at most */
#define CLEAR_MAX	128	/* frames of the clear clip */
#define GARBAGE_SIZE	4096
#define TIMEOUT_MS	10000	/* no buffer for this long: the driver hangs */
#define QUIET_MS	300	/* nothing may happen for this long */
#define SETTLE_MS	1000	/* a buffer goes back to its heap at the last fput */
#define POISON		0xa5
#define MAX_DIM		4096

#define ALIGN16(x)	(((x) + 15u) & ~15u)
#define PAGE_ALIGN4K(x)	(((x) + 4095ull) & ~4095ull)

/* ------------------------------------------------------------------ */
/* Content: the clips, their digests, the clear stream                */
/* ------------------------------------------------------------------ */

struct clip {
	const char *name;
	uint8_t *data;
	size_t len;
	struct clip_header hdr;
	struct clip_frame *frames;
	uint8_t (*digest)[SDP_VIDEO_DIGEST_SIZE];
	unsigned int sess;	/* its stream's session in struct tee */
	uint32_t tag_base;	/* OUTPUT timestamps (seconds) of its frames */
};

static struct clip sd = { .name = SD_NAME, .sess = 0, .tag_base = 1 };
static struct clip hd = { .name = HD_NAME, .sess = 1, .tag_base = 100001 };
/* The clear clip: no .sdpclip; frame_count is its digest list's length. */
static struct clip cl = { .name = CLEAR_NAME,
			  .hdr = { .width = 640, .height = 360 },
			  .tag_base = 200001 };

/* The clear clip's Motion-JPEG stream, split into frames. */
static struct {
	uint8_t *data;
	size_t len;
	unsigned int n;
	size_t off[CLEAR_MAX];
	uint32_t flen[CLEAR_MAX];
	char why[160];		/* why it is not there */
} clear;

static char dev_path[32];
static char drv_stats[256];

static bool load_clip(struct clip *c)
{
	char path[128];
	struct clip_iter it;

	snprintf(path, sizeof(path), CLIP_DIR "%s.sdpclip", c->name);
	if (load_file(path, &c->data, &c->len) ||
	    clip_validate(c->data, c->len, &c->hdr) != CLIP_OK) {
		tap_diag("%s: missing or not a valid clip", path);
		return false;
	}
	c->frames = calloc(c->hdr.frame_count, sizeof(*c->frames));
	c->digest = calloc(c->hdr.frame_count, sizeof(*c->digest));
	if (!c->frames || !c->digest)
		return false;
	clip_iter_init(&c->hdr, &it);
	for (unsigned int i = 0; i < c->hdr.frame_count; i++)
		if (clip_next_frame(c->data, c->len, &c->hdr, &it,
				    &c->frames[i]) != CLIP_OK)
			return false;
	snprintf(path, sizeof(path), CLIP_DIR "%s.nv12.sha256", c->name);
	if (load_digests(path, c->digest, c->hdr.frame_count)) {
		tap_diag("%s: missing, or not %u digests", path,
			 c->hdr.frame_count);
		return false;
	}
	return true;
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/*
 * The clear clip: its digest list ("<index> <sha256 hex>" lines, one per
 * frame), then its stream, framed for v4l2-ctl --stream-from-hdr
 * (tools/mkclip -m): per frame "rdhV", the JPEG's length (big-endian u32),
 * the JPEG. One JPEG per digest.
 */
static void load_clear(void)
{
	unsigned int lines = 0;
	size_t pos = 0, dlen;
	uint8_t *d;

	if (load_file(CLEAR_DIGESTS, &d, &dlen)) {
		snprintf(clear.why, sizeof(clear.why), "no digest list %s",
			 CLEAR_DIGESTS);
		return;
	}
	for (size_t i = 0; i < dlen; i++)
		lines += d[i] == '\n';
	free(d);
	cl.digest = calloc(lines ? lines : 1, sizeof(*cl.digest));
	if (!cl.digest || !lines || lines > CLEAR_MAX ||
	    load_digests(CLEAR_DIGESTS, cl.digest, lines)) {
		snprintf(clear.why, sizeof(clear.why),
			 "%s: not a list of 1..%d digests", CLEAR_DIGESTS,
			 CLEAR_MAX);
		return;
	}
	cl.hdr.frame_count = lines;
	if (load_file(CLEAR_STREAM, &clear.data, &clear.len)) {
		snprintf(clear.why, sizeof(clear.why), "no clear stream %s",
			 CLEAR_STREAM);
		return;
	}
	while (clear.len - pos >= 8 && clear.n < CLEAR_MAX &&
	       !memcmp(clear.data + pos, "rdhV", 4)) {
		const uint8_t *j = clear.data + pos + 8;
		uint32_t n = get_be32(clear.data + pos + 4);

		if (n < 4 || n > clear.len - pos - 8 || j[0] != 0xff ||
		    j[1] != 0xd8 || j[n - 2] != 0xff || j[n - 1] != 0xd9)
			break;
		clear.off[clear.n] = pos + 8;
		clear.flen[clear.n++] = n;
		pos += 8 + n;
	}
	if (pos != clear.len || clear.n != cl.hdr.frame_count) {
		snprintf(clear.why, sizeof(clear.why),
			 "%s: %u JPEG frames (%u digests)%s", CLEAR_STREAM,
			 clear.n, cl.hdr.frame_count,
			 pos != clear.len ? ", then bytes that are not one" : "");
		clear.n = 0;
	}
}

/* SHA-256 of an NV12 frame's visible pixels (the clip's digest coverage). */
static void nv12_sha256(const uint8_t *p, uint32_t w, uint32_t h, uint32_t bpl,
			uint8_t out[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx c;

	sha256_init(&c);
	for (uint32_t y = 0; y < h; y++)
		sha256_update(&c, p + (size_t)y * bpl, w);
	for (uint32_t y = 0; y < (h + 1) / 2; y++)
		sha256_update(&c, p + (size_t)bpl * h + (size_t)y * bpl,
			      2 * ((w + 1) / 2));
	sha256_final(&c, out);
}

/* ------------------------------------------------------------------ */
/* Statistics: the restricted heaps and the driver (debugfs)          */
/* ------------------------------------------------------------------ */

/* "key: value" of a statistics file; -1 if absent. */
static long long stat_of(const char *path, const char *key)
{
	char line[128], k[64];
	long long v = -1, x;
	FILE *f = fopen(path, "re");

	if (!f)
		return -1;
	snprintf(k, sizeof(k), "%s: %%lld", key);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, k, &x) == 1)
			v = x;
	fclose(f);
	return v;
}

static long long drv_stat(const char *key)
{
	return drv_stats[0] ? stat_of(drv_stats, key) : -1;
}

struct counters {
	long long decoded, errors, source_changes;
};

static void counters(struct counters *c)
{
	c->decoded = drv_stat("decoded");
	c->errors = drv_stat("errors");
	c->source_changes = drv_stat("source_changes");
}

/* The driver's counters moved by exactly these amounts since @before. */
static bool counters_moved(const struct counters *before, long long decoded,
			   long long errors, long long source_changes)
{
	struct counters now;

	counters(&now);
	if (now.decoded - before->decoded == decoded &&
	    now.errors - before->errors == errors &&
	    now.source_changes - before->source_changes == source_changes)
		return true;
	tap_diag("%s: decoded +%lld, errors +%lld, source_changes +%lld; expected +%lld, +%lld, +%lld",
		 drv_stats, now.decoded - before->decoded,
		 now.errors - before->errors,
		 now.source_changes - before->source_changes, decoded, errors,
		 source_changes);
	return false;
}

/* Wait up to SETTLE_MS for @key of @path to read @want. */
static bool stat_settles(const char *path, const char *key, long long want)
{
	long long v = -1;

	for (int ms = 0; ms <= SETTLE_MS; ms += 10) {
		v = stat_of(path, key);
		if (v == want)
			return true;
		usleep(10000);
	}
	tap_diag("%s: %s %lld, expected %lld", path, key, v, want);
	return false;
}

/* Restricted heap @name: "used:" and "buffers:" now. */
static void heap_usage(const char *name, long long *used, long long *buffers)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/kernel/debug/restricted_heap/%s",
		 name);
	*used = stat_of(path, "used");
	*buffers = stat_of(path, "buffers");
}

/* Wait up to SETTLE_MS for restricted heap @name to hold @used, @buffers. */
static bool heap_settles(const char *name, long long used, long long buffers)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/kernel/debug/restricted_heap/%s",
		 name);
	return stat_settles(path, "buffers", buffers) &&
	       stat_settles(path, "used", used);
}

/* The inode of dma-buf @fd, as debugfs bufinfo names it; 0 if none. */
static unsigned long dmabuf_ino(int fd)
{
	struct stat st;

	return fd >= 0 && !fstat(fd, &st) ? st.st_ino : 0;
}

/* Wait up to SETTLE_MS for the dma-buf of inode @ino to be released. */
static bool dmabuf_released(unsigned long ino, const char *what)
{
	int alive = -1;

	for (int ms = 0; ino && ms <= SETTLE_MS; ms += 10) {
		alive = dmabuf_alive(ino);
		if (!alive)
			return true;
		usleep(10000);
	}
	tap_diag("%s: dma-buf inode %lu %s", what, ino,
		 !ino ? "unknown" :
		 alive < 0 ? "not in a readable " DMABUF_BUFINFO :
		 "still alive after its last descriptor was closed");
	return false;
}

/* ------------------------------------------------------------------ */
/* The TEE: the video TA, for secure bitstreams and frame digests     */
/* ------------------------------------------------------------------ */

struct tee {
	TEEC_Context ctx;
	TEEC_Session s[2];	/* a stream of each clip (struct clip .sess) */
	int nsess;
	bool ctx_open;
};

static void tee_close(struct tee *t)
{
	while (t->nsess > 0)
		TEEC_CloseSession(&t->s[--t->nsess]);
	if (t->ctx_open)
		TEEC_FinalizeContext(&t->ctx);
	t->ctx_open = false;
}

/* A context and one video TA session per clip, each with its stream. */
static bool tee_open(struct tee *t, char *why, size_t len)
{
	const struct clip *c[2] = { &sd, &hd };
	uint32_t origin = 0;
	TEEC_Result res;

	memset(t, 0, sizeof(*t));
	res = TEEC_InitializeContext(NULL, &t->ctx);
	if (res != TEEC_SUCCESS) {
		snprintf(why, len, "TEEC_InitializeContext: %s",
			 sdp_tee_result_name(res));
		return false;
	}
	t->ctx_open = true;
	for (int i = 0; i < 2; i++) {
		res = TEEC_OpenSession(&t->ctx, &t->s[i], &sdp_video_uuid,
				       TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
		if (res != TEEC_SUCCESS) {
			snprintf(why, len, "open a video TA session: %s",
				 sdp_tee_result_name(res));
			tee_close(t);
			return false;
		}
		t->nsess++;
		res = sdp_video_open_stream(&t->s[i], c[i]->hdr.format,
					    c[i]->hdr.key_id, c[i]->hdr.width,
					    c[i]->hdr.height, &origin);
		if (res != TEEC_SUCCESS) {
			snprintf(why, len, "OPEN_STREAM of %s: %s", c[i]->name,
				 sdp_tee_result_name(res));
			tee_close(t);
			return false;
		}
	}
	return true;
}

enum corrupt {
	INTACT,
	TRUNCATED,	/* the first half of the frame: its scan is cut */
	BAD_MARKER,	/* byte 2, the 0xff of the marker after SOI, flipped */
	GARBAGE,	/* GARBAGE_SIZE zero bytes: no JPEG at all (clear only) */
};

/*
 * DECRYPT_SAMPLE of frame @i of @c (damaged as @how says) into the secure
 * bitstream buffer @dst; the plaintext length in @len.
 */
static TEEC_Result decrypt(struct tee *t, const struct clip *c, unsigned int i,
			   enum corrupt how, TEEC_SharedMemory *dst,
			   uint32_t *len)
{
	const uint8_t *rec = c->data + c->frames[i].record_offset;
	size_t rlen = SDP_VIDEO_RECORD_HDR_SIZE + c->frames[i].length;
	TEEC_RegisteredMemoryReference m = sdp_tee_memref(dst, 0, dst->size);
	uint8_t *copy = NULL;
	uint32_t origin = 0;
	TEEC_Result res;

	if (how != INTACT) {
		copy = malloc(rlen);
		if (!copy)
			return TEEC_ERROR_OUT_OF_MEMORY;
		memcpy(copy, rec, rlen);
		if (how == TRUNCATED) {
			sdp_video_record_header(copy, c->frames[i].length / 2,
						copy + 4,
						SDP_VIDEO_RECORD_IV_SIZE);
			rlen = SDP_VIDEO_RECORD_HDR_SIZE +
			       c->frames[i].length / 2;
		} else {
			copy[SDP_VIDEO_RECORD_HDR_SIZE + 2] ^= 0xff;
		}
		rec = copy;
	}
	res = sdp_video_decrypt_sample(&t->s[c->sess], rec, rlen, &m, len,
				       &origin);
	free(copy);
	return res;
}

/* DIGEST of the NV12 frame at the start of the registered buffer @src. */
static TEEC_Result ta_digest(struct tee *t, TEEC_SharedMemory *src,
			     uint32_t stride, uint32_t uv_off,
			     uint8_t out[SDP_VIDEO_DIGEST_SIZE])
{
	TEEC_RegisteredMemoryReference m = sdp_tee_memref(src, 0, src->size);
	uint32_t origin = 0;

	return sdp_video_digest(&t->s[0], &m, SDP_VIDEO_PIXFMT_NV12, stride,
				uv_off, out, &origin);
}

/* ------------------------------------------------------------------ */
/* A decoder instance                                                 */
/* ------------------------------------------------------------------ */

enum kind {
	K_MMAP,		/* ordinary MMAP buffers, mapped */
	K_MMAP_R,	/* MMAP with V4L2_MEMORY_FLAG_RESTRICTED, exported */
	K_MMAP_IMPLICIT, /* MMAP without the flag behind restricted bitstream */
	K_DMABUF_R,	/* restricted-heap dma-bufs */
	K_DMABUF_CMA,	/* CMA-heap dma-bufs, mapped */
};

static bool kind_mmap(enum kind k)
{
	return k == K_MMAP || k == K_MMAP_R || k == K_MMAP_IMPLICIT;
}

static bool kind_restricted(enum kind k)
{
	return k == K_MMAP_R || k == K_MMAP_IMPLICIT || k == K_DMABUF_R;
}

struct vbuf {
	int fd;			/* its dma-buf (imported or exported), or -1 */
	uint8_t *map;		/* CPU mapping of an ordinary buffer */
	size_t size;		/* length */
	TEEC_SharedMemory shm;	/* a restricted one, registered with the TEE */
	bool reg, queued;
};

struct vq {
	uint32_t type, memory;
	enum kind kind;
	unsigned int count;
	uint32_t caps;		/* VIDIOC_REQBUFS capabilities */
	uint8_t flags;		/* VIDIOC_REQBUFS flags, as returned */
	struct vbuf b[MAX_BUFS];
	uint32_t seq_next;	/* sequence number expected next */
	bool seq_restart;	/* STREAMON since: 0 or seq_next */
};

/* One frame sent through the decoder, and what must come of it. */
struct item {
	const struct clip *clip;
	unsigned int idx;
	enum corrupt how;
	bool refused;		/* the memory rule refuses it */
};

struct dec {
	int fd;
	struct tee *tee;
	bool quiet;		/* in a thread: keep the first failure in err */
	char err[512];
	char seq_err[256];	/* first sequence-number gap */
	struct vq out, cap;
	uint32_t w, h, bpl, sizeimage;	/* the CAPTURE format */
	struct item outq[FIFO], capq[FIFO];	/* awaiting OUTPUT / CAPTURE */
	unsigned int out_n, cap_n;
	unsigned int bad_frames, bad_errors;	/* items that came back wrong */
	unsigned int cap_errors;	/* CAPTURE buffers back as expected in error */
};

/* An ioctl's result (0 or -errno) for diagnostics. */
static const char *err_s(int ret)
{
	return ret ? strerror(-ret) : "success";
}

static bool dec_fail(struct dec *d, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!d->quiet)
		tap_diag("%s", msg);
	else if (!d->err[0])
		snprintf(d->err, sizeof(d->err), "%s", msg);
	return false;
}

static uint32_t tag_of(const struct item *it)
{
	return it->clip->tag_base + it->idx;
}

static const char *qname(const struct vq *q)
{
	return q->type == V4L2_BUF_TYPE_VIDEO_OUTPUT ? "OUTPUT" : "CAPTURE";
}

static bool dec_open(struct dec *d, struct tee *t)
{
	static const uint32_t events[] = { V4L2_EVENT_SOURCE_CHANGE,
					   V4L2_EVENT_EOS };
	bool quiet = d->quiet;

	memset(d, 0, sizeof(*d));
	d->quiet = quiet;
	d->tee = t;
	d->out.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
	d->cap.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	for (int i = 0; i < MAX_BUFS; i++)
		d->out.b[i].fd = d->cap.b[i].fd = -1;
	d->fd = open(dev_path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (d->fd < 0)
		return dec_fail(d, "open %s: %s", dev_path, strerror(errno));
	for (unsigned int i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
		struct v4l2_event_subscription s = { .type = events[i] };
		int ret = ioc(d->fd, VIDIOC_SUBSCRIBE_EVENT, &s);

		if (ret)
			return dec_fail(d, "%s: VIDIOC_SUBSCRIBE_EVENT(%u): %s",
					dev_path, events[i], strerror(-ret));
	}
	return true;
}

/* S_FMT OUTPUT: @fourcc, @w x @h as the hint, sizeimage @size. */
static bool dec_s_fmt_out_size(struct dec *d, uint32_t fourcc, uint32_t w,
			       uint32_t h, uint32_t size)
{
	struct v4l2_format f = { .type = V4L2_BUF_TYPE_VIDEO_OUTPUT };
	int ret;

	f.fmt.pix.pixelformat = fourcc;
	f.fmt.pix.width = w;
	f.fmt.pix.height = h;
	f.fmt.pix.sizeimage = size;
	ret = ioc(d->fd, VIDIOC_S_FMT, &f);
	if (ret)
		return dec_fail(d, "%s: VIDIOC_S_FMT(OUTPUT %.4s %ux%u): %s",
				dev_path, (const char *)&fourcc, w, h,
				strerror(-ret));
	if (f.fmt.pix.sizeimage != size || f.fmt.pix.pixelformat != fourcc)
		return dec_fail(d, "%s: VIDIOC_S_FMT(OUTPUT): sizeimage %u, expected %u",
				dev_path, f.fmt.pix.sizeimage, size);
	return true;
}

static bool dec_s_fmt_out(struct dec *d, uint32_t fourcc, uint32_t w,
			  uint32_t h)
{
	return dec_s_fmt_out_size(d, fourcc, w, h, OUT_SIZE);
}

/* G_FMT CAPTURE into d->w, h, bpl, sizeimage; checks NV12's rules. */
static bool dec_g_fmt_cap(struct dec *d)
{
	struct v4l2_format f = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE };
	struct v4l2_pix_format *p = &f.fmt.pix;
	int ret = ioc(d->fd, VIDIOC_G_FMT, &f);

	if (ret)
		return dec_fail(d, "%s: VIDIOC_G_FMT(CAPTURE): %s", dev_path,
				strerror(-ret));
	d->w = p->width;
	d->h = p->height;
	d->bpl = p->bytesperline;
	d->sizeimage = p->sizeimage;
	if (p->pixelformat != V4L2_PIX_FMT_NV12 ||
	    p->bytesperline != ALIGN16(p->width) ||
	    p->sizeimage != p->bytesperline * (p->height + (p->height + 1) / 2))
		return dec_fail(d, "%s: CAPTURE format %.4s %ux%u bytesperline %u sizeimage %u: not NV12 with bytesperline ALIGN(w, 16), sizeimage bytesperline * (h + (h + 1) / 2)",
				dev_path, (const char *)&p->pixelformat,
				p->width, p->height, p->bytesperline,
				p->sizeimage);
	return true;
}

static bool vbuf_register(struct dec *d, struct vq *q, struct vbuf *b)
{
	TEEC_Result res;

	res = sdp_tee_register_fd(&d->tee->ctx, &b->shm, b->fd);
	if (res != TEEC_SUCCESS)
		return dec_fail(d, "%s buffer: TEEC_RegisterSharedMemoryFileDescriptor: %s (not a restricted-heap dma-buf?)",
				qname(q), sdp_tee_result_name(res));
	b->reg = true;
	return true;
}

static int dmabuf_sync(int fd, uint64_t flags)
{
	struct dma_buf_sync s = { .flags = flags };

	return ioc(fd, DMA_BUF_IOCTL_SYNC, &s);
}

/* Fill an ordinary buffer with POISON. */
static void vbuf_poison(struct vbuf *b)
{
	if (b->fd >= 0)
		dmabuf_sync(b->fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
	memset(b->map, POISON, b->size);
	if (b->fd >= 0)
		dmabuf_sync(b->fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
}

/*
 * VIDIOC_REQBUFS of @count buffers of @kind (with @flags) and their set-up:
 * ordinary ones mapped and poisoned, restricted ones registered with the
 * TEE (exported first if MMAP); dma-bufs of @size bytes.
 */
static bool q_alloc(struct dec *d, struct vq *q, enum kind kind,
		    unsigned int count, uint8_t flags, size_t size)
{
	struct v4l2_requestbuffers rb = {
		.count = count, .type = q->type, .flags = flags,
		.memory = kind_mmap(kind) ? V4L2_MEMORY_MMAP :
					    V4L2_MEMORY_DMABUF,
	};
	int ret = ioc(d->fd, VIDIOC_REQBUFS, &rb);

	if (ret)
		return dec_fail(d, "%s: VIDIOC_REQBUFS(%s, %u, flags 0x%x): %s",
				dev_path, qname(q), count, flags,
				strerror(-ret));
	q->kind = kind;
	q->memory = rb.memory;
	q->count = rb.count;
	q->caps = rb.capabilities;
	q->flags = rb.flags;
	if (rb.count != count)
		return dec_fail(d, "%s: VIDIOC_REQBUFS(%s, %u) granted %u",
				dev_path, qname(q), count, rb.count);
	for (unsigned int i = 0; i < count; i++) {
		struct vbuf *b = &q->b[i];

		b->fd = -1;
		if (kind_mmap(kind)) {
			struct v4l2_buffer vb = { .index = i, .type = q->type,
						  .memory = q->memory };
			struct v4l2_exportbuffer e = {
				.type = q->type, .index = i,
				.flags = O_RDWR | O_CLOEXEC,
			};

			ret = ioc(d->fd, VIDIOC_QUERYBUF, &vb);
			if (ret)
				return dec_fail(d, "%s: VIDIOC_QUERYBUF(%s %u): %s",
						dev_path, qname(q), i,
						strerror(-ret));
			b->size = vb.length;
			if (kind == K_MMAP) {
				void *p = mmap(NULL, b->size,
					       PROT_READ | PROT_WRITE,
					       MAP_SHARED, d->fd, vb.m.offset);

				if (p == MAP_FAILED)
					return dec_fail(d, "%s: mmap of ordinary %s buffer %u: %s",
							dev_path, qname(q), i,
							strerror(errno));
				b->map = p;
				vbuf_poison(b);
				continue;
			}
			ret = ioc(d->fd, VIDIOC_EXPBUF, &e);
			if (ret)
				return dec_fail(d, "%s: VIDIOC_EXPBUF(%s %u): %s",
						dev_path, qname(q), i,
						strerror(-ret));
			b->fd = e.fd;
		} else {
			b->fd = heap_alloc(kind == K_DMABUF_R ? RESTRICTED_HEAP :
					   CMA_HEAP, size);
			if (b->fd < 0)
				return dec_fail(d, "%s buffer %u: %zu bytes from %s: %s",
						qname(q), i, size,
						kind == K_DMABUF_R ?
						RESTRICTED_HEAP : CMA_HEAP,
						strerror(-b->fd));
			b->size = size;
			if (kind == K_DMABUF_CMA) {
				void *p = mmap(NULL, size,
					       PROT_READ | PROT_WRITE,
					       MAP_SHARED, b->fd, 0);

				if (p == MAP_FAILED)
					return dec_fail(d, "mmap of a CMA dma-buf: %s",
							strerror(errno));
				b->map = p;
				vbuf_poison(b);
				continue;
			}
		}
		if (!vbuf_register(d, q, b))
			return false;
	}
	return true;
}

/* Drop our side of the buffers: TEE registrations, mappings, fds. */
static void q_release(struct vq *q)
{
	for (int i = 0; i < MAX_BUFS; i++) {
		struct vbuf *b = &q->b[i];

		if (b->reg)
			TEEC_ReleaseSharedMemory(&b->shm);
		if (b->map)
			munmap(b->map, b->size);
		if (b->fd >= 0)
			close(b->fd);
		memset(b, 0, sizeof(*b));
		b->fd = -1;
	}
	q->count = 0;
}

/* q_release() and VIDIOC_REQBUFS(0). */
static bool q_free(struct dec *d, struct vq *q)
{
	struct v4l2_requestbuffers rb = { .type = q->type,
					  .memory = q->memory };
	int ret;

	q_release(q);
	ret = ioc(d->fd, VIDIOC_REQBUFS, &rb);
	if (ret)
		return dec_fail(d, "%s: VIDIOC_REQBUFS(%s, 0): %s", dev_path,
				qname(q), strerror(-ret));
	return true;
}

static void dec_close(struct dec *d)
{
	close_fd(&d->fd);
	q_release(&d->out);
	q_release(&d->cap);
}

static int qbuf(struct dec *d, struct vq *q, unsigned int i, uint32_t bytesused,
		uint32_t tag)
{
	struct v4l2_buffer b = { .index = i, .type = q->type,
				 .memory = q->memory,
				 .field = V4L2_FIELD_NONE };
	int ret;

	if (q->memory == V4L2_MEMORY_DMABUF) {
		b.m.fd = q->b[i].fd;
		b.length = q->b[i].size;
	}
	b.bytesused = bytesused;
	b.timestamp.tv_sec = tag;
	ret = ioc(d->fd, VIDIOC_QBUF, &b);
	if (!ret)
		q->b[i].queued = true;
	return ret;
}

/* One VIDIOC_DQBUF attempt; notes sequence-number gaps. */
static int dqbuf(struct dec *d, struct vq *q, struct v4l2_buffer *b)
{
	int ret;

	memset(b, 0, sizeof(*b));
	b->type = q->type;
	b->memory = q->memory;
	ret = ioc(d->fd, VIDIOC_DQBUF, b);
	if (ret)
		return ret;
	if (b->index >= q->count) {
		dec_fail(d, "%s: VIDIOC_DQBUF(%s) returned index %u of %u",
			 dev_path, qname(q), b->index, q->count);
		return -ERANGE;
	}
	q->b[b->index].queued = false;
	if (b->sequence != q->seq_next &&
	    !(q->seq_restart && b->sequence == 0) && !d->seq_err[0])
		snprintf(d->seq_err, sizeof(d->seq_err),
			 "%s buffer %u: sequence %u, expected %u", qname(q),
			 b->index, b->sequence, q->seq_next);
	q->seq_restart = false;
	q->seq_next = b->sequence + 1;
	return 0;
}

/* VIDIOC_DQBUF, waiting up to @ms for a buffer; -ETIMEDOUT if none. */
static int dqbuf_wait(struct dec *d, struct vq *q, struct v4l2_buffer *b,
		      int ms)
{
	for (int t = 0;; t++) {
		int ret = dqbuf(d, q, b);

		if (ret != -EAGAIN)
			return ret;
		if (t >= ms)
			return -ETIMEDOUT;
		usleep(1000);
	}
}

static bool stream(struct dec *d, struct vq *q, bool on)
{
	int type = (int)q->type;
	int ret = ioc(d->fd, on ? VIDIOC_STREAMON : VIDIOC_STREAMOFF, &type);

	if (ret)
		return dec_fail(d, "%s: VIDIOC_%s(%s): %s", dev_path,
				on ? "STREAMON" : "STREAMOFF", qname(q),
				strerror(-ret));
	if (on)
		q->seq_restart = true;
	else
		for (unsigned int i = 0; i < q->count; i++)
			q->b[i].queued = false;
	return true;
}

/* The next event, waiting up to @ms; -ETIMEDOUT if none. */
static int event_wait(struct dec *d, struct v4l2_event *ev, int ms)
{
	for (int t = 0;; t++) {
		int ret;

		memset(ev, 0, sizeof(*ev));
		ret = ioc(d->fd, VIDIOC_DQEVENT, ev);
		if (ret != -ENOENT)
			return ret;
		if (t >= ms)
			return -ETIMEDOUT;
		usleep(1000);
	}
}

static const char *event_name(uint32_t type)
{
	switch (type) {
	case V4L2_EVENT_EOS:		return "EOS";
	case V4L2_EVENT_SOURCE_CHANGE:	return "SOURCE_CHANGE";
	case V4L2_EVENT_CTRL:		return "CTRL";
	default:			return "?";
	}
}

/* Wait for V4L2_EVENT_SOURCE_CHANGE with V4L2_EVENT_SRC_CH_RESOLUTION. */
static bool wait_source_change(struct dec *d)
{
	struct v4l2_event ev;
	int ret = event_wait(d, &ev, TIMEOUT_MS);

	if (ret)
		return dec_fail(d, "%s: no event within %d ms (%s), expected SOURCE_CHANGE",
				dev_path, TIMEOUT_MS, strerror(-ret));
	if (ev.type != V4L2_EVENT_SOURCE_CHANGE ||
	    ev.u.src_change.changes != V4L2_EVENT_SRC_CH_RESOLUTION)
		return dec_fail(d, "%s: event %s (%u) changes 0x%x, expected SOURCE_CHANGE with V4L2_EVENT_SRC_CH_RESOLUTION",
				dev_path, event_name(ev.type), ev.type,
				ev.u.src_change.changes);
	return true;
}

/* Write @it's bitstream into OUTPUT buffer @i; its length, or 0. */
static uint32_t out_fill(struct dec *d, unsigned int i, const struct item *it)
{
	struct vbuf *b = &d->out.b[i];
	const uint8_t *src;
	uint32_t n = 0;

	if (kind_restricted(d->out.kind)) {
		TEEC_Result res = decrypt(d->tee, it->clip, it->idx, it->how,
					  &b->shm, &n);

		if (res != TEEC_SUCCESS || !n) {
			dec_fail(d, "DECRYPT_SAMPLE of %s frame %u into OUTPUT buffer %u: %s, %u bytes",
				 it->clip->name, it->idx, i,
				 sdp_tee_result_name(res), n);
			return 0;
		}
		return n;
	}
	if (it->how == GARBAGE) {
		n = GARBAGE_SIZE;
		src = NULL;
	} else {
		if (it->clip != &cl || !clear.n) {
			dec_fail(d, "no clear frame %u of %s: %s", it->idx,
				 it->clip->name, clear.why);
			return 0;
		}
		src = clear.data + clear.off[it->idx];
		n = clear.flen[it->idx];
		if (it->how == TRUNCATED)
			n /= 2;
	}
	if (n > b->size) {
		dec_fail(d, "clear frame of %u bytes > OUTPUT buffer %zu", n,
			 b->size);
		return 0;
	}
	if (b->fd >= 0)
		dmabuf_sync(b->fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
	if (src)
		memcpy(b->map, src, n);
	else
		memset(b->map, 0, n);
	if (it->how == BAD_MARKER)
		b->map[2] ^= 0xff;
	if (b->fd >= 0)
		dmabuf_sync(b->fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
	return n;
}

static int free_out(struct dec *d)
{
	for (unsigned int i = 0; i < d->out.count; i++)
		if (!d->out.b[i].queued)
			return (int)i;
	return -1;
}

/* Fill a free OUTPUT buffer with @it and queue it; @cap: a CAPTURE buffer
 * is expected for it. */
static bool queue_item_cap(struct dec *d, const struct item *it, bool cap)
{
	int i = free_out(d);
	uint32_t n;
	int ret;

	if (i < 0)
		return dec_fail(d, "no free OUTPUT buffer");
	if (d->out_n >= FIFO || d->cap_n >= FIFO)
		return dec_fail(d, "too many items in flight");
	n = out_fill(d, (unsigned int)i, it);
	if (!n)
		return false;
	ret = qbuf(d, &d->out, (unsigned int)i, n, tag_of(it));
	if (ret)
		return dec_fail(d, "%s: VIDIOC_QBUF(OUTPUT %d, %u bytes): %s",
				dev_path, i, n, strerror(-ret));
	d->outq[d->out_n++] = *it;
	if (cap)
		d->capq[d->cap_n++] = *it;
	return true;
}

static bool queue_item(struct dec *d, const struct item *it)
{
	return queue_item_cap(d, it, true);
}

static void pop(struct item *q, unsigned int *n)
{
	memmove(q, q + 1, (*n - 1) * sizeof(*q));
	(*n)--;
}

static bool item_fails(const struct item *it)
{
	return it->how != INTACT || it->refused;
}

static bool check_output(struct dec *d, const struct v4l2_buffer *b,
			 const struct item *it)
{
	bool err = b->flags & V4L2_BUF_FLAG_ERROR;

	if (b->timestamp.tv_sec != tag_of(it) || b->timestamp.tv_usec)
		return dec_fail(d, "OUTPUT buffer %u: timestamp %ld.%06ld, expected %u.000000 (%s frame %u)",
				b->index, (long)b->timestamp.tv_sec,
				(long)b->timestamp.tv_usec, tag_of(it),
				it->clip->name, it->idx);
	if (err != item_fails(it)) {
		if (item_fails(it))
			d->bad_errors++;
		else
			d->bad_frames++;
		return dec_fail(d, "OUTPUT buffer %u (%s frame %u%s): flags 0x%x, V4L2_BUF_FLAG_ERROR expected %s",
				b->index, it->clip->name, it->idx,
				it->how != INTACT ? ", corrupt" :
				it->refused ? ", refused" : "", b->flags,
				item_fails(it) ? "set" : "clear");
	}
	return true;
}

/* The frame in CAPTURE buffer @i is frame @it->idx of its clip. */
static bool verify_frame(struct dec *d, unsigned int i, const struct item *it)
{
	struct vbuf *b = &d->cap.b[i];
	uint8_t got[SDP_VIDEO_DIGEST_SIZE];

	if (kind_restricted(d->cap.kind)) {
		TEEC_Result res = ta_digest(d->tee, &b->shm, d->bpl,
					    d->bpl * d->h, got);

		if (res != TEEC_SUCCESS)
			return dec_fail(d, "DIGEST of CAPTURE buffer %u (%s frame %u): %s",
					i, it->clip->name, it->idx,
					sdp_tee_result_name(res));
	} else {
		if (b->fd >= 0)
			dmabuf_sync(b->fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
		nv12_sha256(b->map, d->w, d->h, d->bpl, got);
		if (b->fd >= 0)
			dmabuf_sync(b->fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
	}
	if (memcmp(got, it->clip->digest[it->idx], sizeof(got)))
		return dec_fail(d, "CAPTURE buffer %u: the NV12 digest is not that of %s frame %u",
				i, it->clip->name, it->idx);
	return true;
}

/* A CAPTURE buffer returned for @it; @last: it must carry LAST. */
static bool check_capture(struct dec *d, const struct v4l2_buffer *b,
			  const struct item *it, bool last)
{
	bool is_last = b->flags & V4L2_BUF_FLAG_LAST;

	if (b->timestamp.tv_sec != tag_of(it) || b->timestamp.tv_usec) {
		d->bad_frames++;
		return dec_fail(d, "CAPTURE buffer %u: timestamp %ld.%06ld, expected %u.000000 (%s frame %u)",
				b->index, (long)b->timestamp.tv_sec,
				(long)b->timestamp.tv_usec, tag_of(it),
				it->clip->name, it->idx);
	}
	/*
	 * A sample that fails: V4L2_BUF_FLAG_ERROR and a whole frame's
	 * payload (undefined bytes), never 0, which means a sequence's end.
	 */
	if (item_fails(it)) {
		if (!(b->flags & V4L2_BUF_FLAG_ERROR) ||
		    b->bytesused != d->sizeimage || is_last != last) {
			d->bad_errors++;
			return dec_fail(d, "CAPTURE buffer %u (%s frame %u, %s): flags 0x%x bytesused %u, expected V4L2_BUF_FLAG_ERROR%s and bytesused %u (sizeimage)",
					b->index, it->clip->name, it->idx,
					it->refused ? "refused" : "corrupt",
					b->flags, b->bytesused,
					last ? " | LAST" : "", d->sizeimage);
		}
		d->cap_errors++;
		return true;
	}
	if ((b->flags & V4L2_BUF_FLAG_ERROR) || is_last != last ||
	    b->bytesused != d->sizeimage) {
		d->bad_frames++;
		return dec_fail(d, "CAPTURE buffer %u (%s frame %u): flags 0x%x bytesused %u, expected %sno ERROR and bytesused %u",
				b->index, it->clip->name, it->idx, b->flags,
				b->bytesused, last ? "LAST, " : "no LAST, ",
				d->sizeimage);
	}
	if (!verify_frame(d, b->index, it)) {
		d->bad_frames++;
		return false;
	}
	return true;
}

/* Dequeue the OUTPUT buffers returned so far, checking each. */
static bool take_outputs(struct dec *d, bool *progress)
{
	struct v4l2_buffer b;
	bool ok = true;
	int ret;

	while (!(ret = dqbuf(d, &d->out, &b))) {
		if (!d->out_n)
			return dec_fail(d, "OUTPUT buffer %u returned, none was expected",
					b.index);
		ok &= check_output(d, &b, &d->outq[0]);
		pop(d->outq, &d->out_n);
		*progress = true;
	}
	if (ret != -EAGAIN)
		return dec_fail(d, "%s: VIDIOC_DQBUF(OUTPUT): %s", dev_path,
				strerror(-ret));
	return ok;
}

/*
 * Send @items through the decoder (both queues streaming, CAPTURE
 * buffers queued) until every item in flight came back on both queues;
 * CAPTURE buffers are checked and queued again.
 */
static bool dec_pump(struct dec *d, const struct item *items, unsigned int n)
{
	unsigned int next = 0;
	bool ok = true;
	int idle = 0;

	while (next < n || d->out_n || d->cap_n) {
		bool progress = false;
		struct v4l2_buffer b;
		int ret;

		while (next < n && free_out(d) >= 0) {
			if (!queue_item(d, &items[next++]))
				return false;
			progress = true;
		}
		if (!take_outputs(d, &progress))
			ok = false;
		ret = dqbuf(d, &d->cap, &b);
		if (!ret) {
			if (!d->cap_n)
				return dec_fail(d, "CAPTURE buffer %u (flags 0x%x, bytesused %u) returned, none was expected",
						b.index, b.flags, b.bytesused);
			ok &= check_capture(d, &b, &d->capq[0], false);
			pop(d->capq, &d->cap_n);
			ret = qbuf(d, &d->cap, b.index, 0, 0);
			if (ret)
				return dec_fail(d, "%s: VIDIOC_QBUF(CAPTURE %u): %s",
						dev_path, b.index,
						strerror(-ret));
			progress = true;
		} else if (ret != -EAGAIN) {
			return dec_fail(d, "%s: VIDIOC_DQBUF(CAPTURE) with %u frame(s) outstanding: %s",
					dev_path, d->cap_n, strerror(-ret));
		}
		if (progress) {
			idle = 0;
			continue;
		}
		if (++idle > TIMEOUT_MS)
			return dec_fail(d, "%s: nothing returned for %d ms; %u OUTPUT and %u CAPTURE buffer(s) outstanding",
					dev_path, TIMEOUT_MS, d->out_n,
					d->cap_n);
		usleep(1000);
	}
	return ok;
}

/* Frames @first..@first+@n-1 of @c as items. */
static void items_of(struct item *it, const struct clip *c, unsigned int first,
		     unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		it[i] = (struct item){ .clip = c, .idx = first + i };
}

/* Queue every CAPTURE buffer. */
static bool cap_queue_all(struct dec *d)
{
	for (unsigned int i = 0; i < d->cap.count; i++) {
		int ret = qbuf(d, &d->cap, i, 0, 0);

		if (ret)
			return dec_fail(d, "%s: VIDIOC_QBUF(CAPTURE %u): %s",
					dev_path, i, strerror(-ret));
	}
	return true;
}

/* Queue all CAPTURE buffers and stream CAPTURE. */
static bool dec_capture_on(struct dec *d)
{
	return cap_queue_all(d) && stream(d, &d->cap, true);
}

static uint8_t restricted_flag(enum kind k)
{
	return k == K_MMAP_R ? V4L2_MEMORY_FLAG_RESTRICTED : 0;
}

/*
 * Initialization up to the first header: open, S_FMT OUTPUT (@fourcc,
 * the clip's size as the hint), OUTPUT buffers of @ok, @first queued,
 * STREAMON OUTPUT.
 */
static bool dec_begin(struct dec *d, struct tee *t, uint32_t fourcc,
		      enum kind ok, const struct item *first)
{
	return dec_open(d, t) &&
	       dec_s_fmt_out(d, fourcc, first->clip->hdr.width,
			     first->clip->hdr.height) &&
	       q_alloc(d, &d->out, ok, NBUF, restricted_flag(ok), OUT_SIZE) &&
	       queue_item(d, first) && stream(d, &d->out, true);
}

/* The CAPTURE side once the header is known: buffers of @ck, STREAMON. */
static bool dec_capture(struct dec *d, enum kind ck)
{
	return q_alloc(d, &d->cap, ck, NBUF, restricted_flag(ck),
		       d->sizeimage) && dec_capture_on(d);
}

/* The whole initialization sequence, checking the stream's size. */
static bool dec_start(struct dec *d, struct tee *t, uint32_t fourcc,
		      enum kind ok, enum kind ck, const struct item *first)
{
	if (!dec_begin(d, t, fourcc, ok, first) || !wait_source_change(d) ||
	    !dec_g_fmt_cap(d))
		return false;
	if (d->w != first->clip->hdr.width || d->h != first->clip->hdr.height)
		return dec_fail(d, "CAPTURE format %ux%u after the header of %s",
				d->w, d->h, first->clip->name);
	return dec_capture(d, ck);
}

static int dec_cmd(struct dec *d, uint32_t cmd, bool try)
{
	struct v4l2_decoder_cmd c = { .cmd = cmd };

	return ioc(d->fd, try ? VIDIOC_TRY_DECODER_CMD : VIDIOC_DECODER_CMD,
		   &c);
}

/* Report @name: @pass, or the first failure kept by a quiet instance. */
static int report(struct dec *d, bool pass, const char *name)
{
	if (!pass && d->quiet && d->err[0])
		tap_diag("%s: %s", name, d->err);
	d->err[0] = '\0';
	return tap_result(pass, "%s", name);
}

#endif /* SDP_VDEC_H */

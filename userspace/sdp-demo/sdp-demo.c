// SPDX-License-Identifier: GPL-2.0
/*
 * sdp-demo: the secure video path, end to end.
 *
 * An encrypted Motion-JPEG clip (docs/clip-format.md) is played through the
 * secure world into restricted memory and handed to real importers, without
 * a single normal-world CPU access to a decrypted byte or a decoded pixel.
 * The path is split the way production secure video paths are:
 *
 *   1. For each frame, the encrypted record (as read from the file) goes to
 *      the secure video TA's DECRYPT_SAMPLE, which decrypts it with a key
 *      that only the firmware holds into a restricted bitstream buffer: a
 *      dma-buf of a restricted heap, registered with the TEE
 *      (TEEC_RegisterSharedMemoryFileDescriptor).
 *   2. The bitstream buffer is queued on the OUTPUT queue of tee-jpegdec,
 *      the V4L2 stateful JPEG decoder whose engine is a TA, as a DMABUF;
 *      its CAPTURE buffers are restricted NV12 dma-bufs allocated here,
 *      also DMABUF. The decoder is driven as dev-decoder.rst says: the
 *      first bitstream raises V4L2_EVENT_SOURCE_CHANGE, the CAPTURE format
 *      gives the NV12 layout, and the stream ends with a drain
 *      (V4L2_DEC_CMD_STOP, V4L2_BUF_FLAG_LAST, V4L2_EVENT_EOS, EPIPE).
 *   3. The video TA returns the SHA-256 of each decoded frame (DIGEST, on
 *      the restricted CAPTURE buffer), checked against the clip's expected
 *      digests.
 *   4. The frame goes to a V4L2 output (vivid, vb2-dma-contig) as a
 *      DMABUF, streamed with REQBUFS/QBUF/STREAMON/DQBUF/STREAMOFF, and
 *      back to the decoder once the output is done with it.
 *   5. The TA colour-converts the frame into a restricted XRGB8888 buffer
 *      (digest checked too), which is PRIME-imported into vkms and vgem and
 *      turned into a framebuffer on vkms. vkms composes planes with the
 *      CPU, so its atomic commit must refuse the buffer: that refusal is
 *      the expected outcome ("protected buffer refused by a CPU-composited
 *      plane"); an ordinary dumb buffer on the same plane is the control.
 *
 * With --fused, steps 1 and 2 are one call to the video TA instead
 * (DECODE_FRAME: decrypt and decode into a ring buffer at the layout the
 * V4L2 output asked for), and no V4L2 decoder is needed.
 *
 * The report lists every stage; the exit status is 0 only if every frame
 * was decoded and verified and every importer behaved as expected, 1 on
 * anything unexpected, 2 on a usage error.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <drm/drm.h>
#include <drm/drm_fourcc.h>
#include <drm/drm_mode.h>
#include <linux/dma-heap.h>
#include <linux/videodev2.h>

#include <tee_client_api.h>
#include <tee_client_api_extensions.h>

#include "clip.h"
#include "kms_pipe.h"
#include "sdp_video_ta.h"
#include "teec_names.h"

#define DEFAULT_HEAP	"/dev/dma_heap/restricted"
#define DEFAULT_CLIP	"/usr/share/sdp-demo/clip-640x360.sdpclip"
#define DECODER_DRIVER	"tee-jpegdec"
#define DEFAULT_RING	4
#define MAX_RING	16
#define BITSTREAM_BUFS	2
#define XRGB_BUFS	2
#define POLL_MS		5000

static const TEEC_UUID video_ta_uuid = TA_SDP_VIDEO_UUID;

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
	bool verbose;
};

static struct options opt = {
	.clip = DEFAULT_CLIP,
	.heap = DEFAULT_HEAP,
	.ring = DEFAULT_RING,
	.use_v4l2 = true,
	.use_drm = true,
};

/* Anything unexpected sets this; the exit status follows it. */
static int unexpected;

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
	va_list ap;

	fputs("sdp-demo: error: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	unexpected = 1;
}

static void info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void info(const char *fmt, ...)
{
	va_list ap;

	fputs("sdp-demo: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static int ioc(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret == -1 && errno == EINTR);
	return ret == -1 ? -errno : 0;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* ------------------------------------------------------------------ */
/* The clip and its expected digests                                  */
/* ------------------------------------------------------------------ */

struct clip {
	uint8_t *data;
	size_t len;
	struct clip_header h;
	struct clip_frame *frames;
};

static int read_file(const char *path, uint8_t **data, size_t *len)
{
	struct stat st;
	size_t got = 0;
	uint8_t *buf;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		fail("%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf) {
		fail("%s: out of memory for %lld bytes", path,
		     (long long)st.st_size);
		close(fd);
		return -1;
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n <= 0) {
			fail("%s: read: %s", path, n ? strerror(errno) :
			     "file shrank while reading");
			free(buf);
			close(fd);
			return -1;
		}
		got += (size_t)n;
	}
	close(fd);
	*data = buf;
	*len = got;
	return 0;
}

/* Read and validate the whole container; index every frame record. */
static int clip_load(struct clip *c, const char *path)
{
	struct clip_iter it;
	unsigned int i = 0;
	int ret;

	if (read_file(path, &c->data, &c->len))
		return -1;
	ret = clip_validate(c->data, c->len, &c->h);
	if (ret != CLIP_OK) {
		fail("%s: not a valid clip: %s (%d)", path,
		     clip_strerror(ret), ret);
		return -1;
	}
	c->frames = calloc(c->h.frame_count, sizeof(*c->frames));
	if (!c->frames) {
		fail("out of memory for %u frame records", c->h.frame_count);
		return -1;
	}
	clip_iter_init(&c->h, &it);
	while ((ret = clip_next_frame(c->data, c->len, &c->h, &it,
				      &c->frames[i])) == CLIP_OK)
		i++;
	if (ret != CLIP_END || i != c->h.frame_count) {
		fail("%s: frame %u: %s", path, i, clip_strerror(ret));
		return -1;
	}
	return 0;
}

/* "<index> <64 hex digits>" per line, indexes 0..count-1 in order. */
static int digests_load(const char *path, unsigned int count,
			uint8_t (**out)[SDP_VIDEO_DIGEST_SIZE])
{
	uint8_t (*d)[SDP_VIDEO_DIGEST_SIZE];
	char line[256], hex[65];
	unsigned int n = 0, idx;
	FILE *f;

	f = fopen(path, "re");
	if (!f) {
		fail("%s: %s", path, strerror(errno));
		return -1;
	}
	d = calloc(count, sizeof(*d));
	if (!d) {
		fclose(f);
		fail("out of memory for %u digests", count);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%u %64[0-9a-f]", &idx, hex) != 2 ||
		    strlen(hex) != 64 || idx != n || n >= count) {
			fail("%s: line %u: expected \"%u <sha256 hex>\" (the clip has %u frames)",
			     path, n + 1, n, count);
			goto err;
		}
		for (unsigned int j = 0; j < SDP_VIDEO_DIGEST_SIZE; j++) {
			unsigned int b;

			sscanf(hex + 2 * j, "%2x", &b);
			d[n][j] = (uint8_t)b;
		}
		n++;
	}
	if (n != count) {
		fail("%s: %u digests for a clip of %u frames", path, n, count);
		goto err;
	}
	fclose(f);
	*out = d;
	return 0;
err:
	fclose(f);
	free(d);
	return -1;
}

/* clip path with its ".sdpclip" suffix replaced by @suffix */
static char *sibling(const char *clip, const char *suffix)
{
	size_t n = strlen(clip);
	char *s;

	if (n > 8 && !strcmp(clip + n - 8, ".sdpclip"))
		n -= 8;
	s = malloc(n + strlen(suffix) + 1);
	if (!s)
		return NULL;
	memcpy(s, clip, n);
	strcpy(s + n, suffix);
	return s;
}

/* ------------------------------------------------------------------ */
/* The secure decoder                                                 */
/* ------------------------------------------------------------------ */

struct tee {
	TEEC_Context ctx;
	TEEC_Session sess;
	bool ctx_open, sess_open;
};

static void tee_report(const char *what, TEEC_Result res, uint32_t origin)
{
	fail("%s: %s (0x%08" PRIx32 "), origin %s", what,
	     teec_result_name(res), (uint32_t)res, teec_origin_name(origin));
}

static int tee_open(struct tee *t, const struct clip_header *h)
{
	TEEC_Operation op;
	uint32_t origin = 0;
	TEEC_Result res;

	res = TEEC_InitializeContext(NULL, &t->ctx);
	if (res != TEEC_SUCCESS) {
		tee_report("TEEC_InitializeContext (is there a TEE?)", res,
			   TEEC_ORIGIN_API);
		return -1;
	}
	t->ctx_open = true;
	res = TEEC_OpenSession(&t->ctx, &t->sess, &video_ta_uuid,
			       TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
	if (res != TEEC_SUCCESS) {
		tee_report("open session to the secure decoder TA", res,
			   origin);
		return -1;
	}
	t->sess_open = true;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_INPUT,
					 TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = h->format;
	op.params[0].value.b = h->key_id;
	op.params[1].value.a = h->width;
	op.params[1].value.b = h->height;
	res = TEEC_InvokeCommand(&t->sess, SDP_VIDEO_CMD_OPEN_STREAM, &op,
				 &origin);
	if (res != TEEC_SUCCESS) {
		tee_report(res == TEEC_ERROR_ITEM_NOT_FOUND ?
			   "open stream: this firmware has no key with the clip's key id" :
			   "open stream", res, origin);
		return -1;
	}
	return 0;
}

static void tee_close(struct tee *t)
{
	if (t->sess_open)
		TEEC_CloseSession(&t->sess);
	if (t->ctx_open)
		TEEC_FinalizeContext(&t->ctx);
	t->sess_open = t->ctx_open = false;
}

/* A restricted buffer: its dma-buf (kept for the importers) and TEE view. */
struct rbuf {
	int fd;
	size_t size;
	TEEC_SharedMemory shm;
	bool registered;
	uint32_t gem_handle;	/* vgem */
	uint32_t kms_handle;	/* vkms */
	uint32_t fb;		/* vkms framebuffer */
};

static int rbuf_alloc(struct tee *t, struct rbuf *b, size_t size)
{
	struct dma_heap_allocation_data data = {
		.len = size,
		.fd_flags = O_RDWR | O_CLOEXEC,
	};
	TEEC_Result res;
	int heap, ret;

	b->fd = -1;
	heap = open(opt.heap, O_RDONLY | O_CLOEXEC);
	if (heap < 0) {
		fail("%s: %s", opt.heap, strerror(errno));
		return -1;
	}
	ret = ioc(heap, DMA_HEAP_IOCTL_ALLOC, &data);
	close(heap);
	if (ret) {
		fail("%s: DMA_HEAP_IOCTL_ALLOC(%zu): %s", opt.heap, size,
		     strerror(-ret));
		return -1;
	}
	b->fd = (int)data.fd;
	b->size = size;
	memset(&b->shm, 0, sizeof(b->shm));
	b->shm.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
	res = TEEC_RegisterSharedMemoryFileDescriptor(&t->ctx, &b->shm, b->fd);
	if (res != TEEC_SUCCESS) {
		tee_report("TEEC_RegisterSharedMemoryFileDescriptor", res,
			   TEEC_ORIGIN_API);
		return -1;
	}
	b->registered = true;
	return 0;
}

static void rbuf_free(struct rbuf *b)
{
	if (b->registered)
		TEEC_ReleaseSharedMemory(&b->shm);
	b->registered = false;
	close_fd(&b->fd);
}

struct layout {
	uint32_t fourcc;
	uint32_t stride;
	uint32_t uv_offset;	/* NV12 */
	size_t size;		/* bytes the frame spans */
};

/*
 * The parameters of a command that takes one frame record (the record as
 * it is in the file: length, IV, ciphertext) and a restricted destination.
 */
static void record_op(TEEC_Operation *op, uint32_t types, const struct clip *c,
		      const struct clip_frame *f, struct rbuf *dst)
{
	memset(op, 0, sizeof(*op));
	op->paramTypes = types;
	op->params[0].tmpref.buffer = c->data + f->record_offset;
	op->params[0].tmpref.size = SDP_VIDEO_RECORD_HDR_SIZE + f->length;
	op->params[1].memref.parent = &dst->shm;
	op->params[1].memref.offset = 0;
	op->params[1].memref.size = dst->size;
}

static TEEC_Result tee_decode(struct tee *t, const struct clip *c,
			      const struct clip_frame *f, struct rbuf *dst,
			      const struct layout *l, uint32_t *origin)
{
	TEEC_Operation op;

	record_op(&op, TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT,
					TEEC_MEMREF_PARTIAL_OUTPUT,
					TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT),
		  c, f, dst);
	op.params[2].value.a = l->stride;
	op.params[2].value.b = l->uv_offset;
	return TEEC_InvokeCommand(&t->sess, SDP_VIDEO_CMD_DECODE_FRAME, &op,
				  origin);
}

/* DECRYPT_SAMPLE: the record's plaintext into bitstream buffer @dst. */
static TEEC_Result tee_decrypt(struct tee *t, const struct clip *c,
			       const struct clip_frame *f, struct rbuf *dst,
			       uint32_t *len, uint32_t *origin)
{
	TEEC_Operation op;
	TEEC_Result res;

	record_op(&op, TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT,
					TEEC_MEMREF_PARTIAL_OUTPUT,
					TEEC_NONE, TEEC_VALUE_OUTPUT),
		  c, f, dst);
	res = TEEC_InvokeCommand(&t->sess, SDP_VIDEO_CMD_DECRYPT_SAMPLE, &op,
				 origin);
	*len = op.params[3].value.a;
	if (res == TEEC_SUCCESS && *len != f->length)
		res = TEEC_ERROR_COMMUNICATION;
	return res;
}

static TEEC_Result tee_convert(struct tee *t, struct rbuf *src,
			       const struct layout *sl, struct rbuf *dst,
			       const struct layout *dl, uint32_t *origin)
{
	TEEC_Operation op;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INPUT,
					 TEEC_MEMREF_PARTIAL_OUTPUT,
					 TEEC_VALUE_INPUT, TEEC_VALUE_INPUT);
	op.params[0].memref.parent = &src->shm;
	op.params[0].memref.size = src->size;
	op.params[1].memref.parent = &dst->shm;
	op.params[1].memref.size = dst->size;
	op.params[2].value.a = sl->stride;
	op.params[2].value.b = sl->uv_offset;
	op.params[3].value.a = dl->stride;
	return TEEC_InvokeCommand(&t->sess, SDP_VIDEO_CMD_CONVERT_XRGB, &op,
				  origin);
}

static TEEC_Result tee_digest(struct tee *t, struct rbuf *src,
			      const struct layout *l,
			      uint8_t digest[SDP_VIDEO_DIGEST_SIZE],
			      uint32_t *origin)
{
	TEEC_Operation op;
	TEEC_Result res;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INPUT,
					 TEEC_MEMREF_TEMP_OUTPUT,
					 TEEC_VALUE_INPUT, TEEC_VALUE_INPUT);
	op.params[0].memref.parent = &src->shm;
	op.params[0].memref.size = src->size;
	op.params[1].tmpref.buffer = digest;
	op.params[1].tmpref.size = SDP_VIDEO_DIGEST_SIZE;
	op.params[2].value.a = l->fourcc;
	op.params[2].value.b = l->stride;
	op.params[3].value.a = l->uv_offset;
	res = TEEC_InvokeCommand(&t->sess, SDP_VIDEO_CMD_DIGEST, &op, origin);
	if (res == TEEC_SUCCESS &&
	    op.params[1].tmpref.size != SDP_VIDEO_DIGEST_SIZE)
		res = TEEC_ERROR_COMMUNICATION;
	return res;
}

/* ------------------------------------------------------------------ */
/* V4L2 queues: the video output's, and the decoder's two             */
/* ------------------------------------------------------------------ */

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

/* Wait for @events on @fd; -1 (reported as "@who: @what ...") if none. */
static int wait_fd(int fd, short events, const char *who, const char *what,
		   double *time_s)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	double t0 = now_s();
	int ret;

	ret = poll(&pfd, 1, POLL_MS);
	*time_s += now_s() - t0;
	if (ret <= 0 || (pfd.revents & (POLLERR | POLLNVAL))) {
		fail("%s: %s within %d ms (poll %s, revents 0x%x)", who, what,
		     POLL_MS, ret < 0 ? strerror(errno) :
		     ret ? "error" : "timeout", pfd.revents);
		return -1;
	}
	return 0;
}

/* QUERYCAP: the node's capabilities, its driver's name in q->card. */
static uint32_t v4l2_caps(int fd, struct v4l2_queue *q)
{
	struct v4l2_capability cap;

	memset(&cap, 0, sizeof(cap));
	if (ioc(fd, VIDIOC_QUERYCAP, &cap))
		return 0;
	snprintf(q->card, sizeof(q->card), "%s", (const char *)cap.driver);
	return cap.capabilities & V4L2_CAP_DEVICE_CAPS ? cap.device_caps :
							   cap.capabilities;
}

/* A streaming video output (of vivid, unless --video names the node). */
static bool is_vivid_output(int fd, struct v4l2_queue *q)
{
	uint32_t caps = v4l2_caps(fd, q);

	q->mplane = !(caps & V4L2_CAP_VIDEO_OUTPUT);
	return (caps & (V4L2_CAP_VIDEO_OUTPUT | V4L2_CAP_VIDEO_OUTPUT_MPLANE)) &&
	       (caps & V4L2_CAP_STREAMING) &&
	       (opt.video || !strcmp(q->card, "vivid"));
}

/* A memory-to-memory device (tee-jpegdec, unless --decoder names one). */
static bool is_decoder(int fd, struct v4l2_queue *q)
{
	uint32_t caps = v4l2_caps(fd, q);

	return (caps & V4L2_CAP_VIDEO_M2M) && (caps & V4L2_CAP_STREAMING) &&
	       (opt.decoder || !strcmp(q->card, DECODER_DRIVER));
}

/*
 * The first /dev/video* node that @match takes (only @path_opt if given),
 * opened non-blocking into q->fd, its name in @path; -1 if none.
 */
static int v4l2_find(const char *path_opt,
		     bool (*match)(int fd, struct v4l2_queue *q),
		     struct v4l2_queue *q, char *path, size_t len)
{
	q->fd = -1;
	for (int i = 0; i < 64 && q->fd < 0; i++) {
		int fd;

		if (path_opt) {
			if (i)
				break;
			snprintf(path, len, "%s", path_opt);
		} else {
			snprintf(path, len, "/dev/video%d", i);
		}
		fd = open(path, O_RDWR | O_CLOEXEC | O_NONBLOCK);
		if (fd < 0)
			continue;
		if (match(fd, q))
			q->fd = fd;
		else
			close(fd);
	}
	return q->fd;
}

static int v4l2_open(struct v4l2_queue *v)
{
	if (v4l2_find(opt.video, is_vivid_output, v, v->name,
		      sizeof(v->name)) < 0) {
		fail("%s", opt.video ?
		     "the --video node is not a streaming video output" :
		     "no vivid video output in /dev/video* (CONFIG_VIDEO_VIVID, vivid.allocators=1)");
		return -1;
	}
	v->type = v->mplane ? V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE :
			      V4L2_BUF_TYPE_VIDEO_OUTPUT;
	return 0;
}

/* The NV12 layout of a V4L2 format; -1 (reported) if it does not fit. */
static int nv12_layout(const char *who, uint32_t w, uint32_t h, uint32_t bpl,
		       uint32_t size, struct layout *l)
{
	uint64_t uv_offset = (uint64_t)bpl * h;

	if (bpl < w || uv_offset + (uint64_t)bpl * ((h + 1) / 2) > size) {
		fail("%s: NV12 %ux%u with bytesperline %u does not fit sizeimage %u",
		     who, w, h, bpl, size);
		return -1;
	}
	l->fourcc = SDP_VIDEO_PIXFMT_NV12;
	l->stride = bpl;
	l->uv_offset = (uint32_t)uv_offset;
	l->size = size;
	return 0;
}

/*
 * S_FMT NV12 at the clip's size, with bytesperline @bpl (0: the driver's
 * choice, which then sets the layout).
 */
static int v4l2_set_format(struct v4l2_queue *v, uint32_t w, uint32_t h,
			   uint32_t bpl, struct layout *l)
{
	struct v4l2_format f;
	uint32_t gw, gh, pf, gbpl, size;
	int ret;

	memset(&f, 0, sizeof(f));
	f.type = v->type;
	if (v->mplane) {
		f.fmt.pix_mp.width = w;
		f.fmt.pix_mp.height = h;
		f.fmt.pix_mp.pixelformat = V4L2_PIX_FMT_NV12;
		f.fmt.pix_mp.num_planes = 1;
		f.fmt.pix_mp.plane_fmt[0].bytesperline = bpl;
	} else {
		f.fmt.pix.width = w;
		f.fmt.pix.height = h;
		f.fmt.pix.pixelformat = V4L2_PIX_FMT_NV12;
		f.fmt.pix.bytesperline = bpl;
	}
	ret = ioc(v->fd, VIDIOC_S_FMT, &f);
	if (ret) {
		fail("%s: VIDIOC_S_FMT(NV12 %ux%u): %s", v->name, w, h,
		     strerror(-ret));
		return -1;
	}
	if (v->mplane) {
		gw = f.fmt.pix_mp.width;
		gh = f.fmt.pix_mp.height;
		pf = f.fmt.pix_mp.pixelformat;
		gbpl = f.fmt.pix_mp.plane_fmt[0].bytesperline;
		size = f.fmt.pix_mp.plane_fmt[0].sizeimage;
		v->field = f.fmt.pix_mp.field;
		if (f.fmt.pix_mp.num_planes != 1)
			pf = 0;
	} else {
		gw = f.fmt.pix.width;
		gh = f.fmt.pix.height;
		pf = f.fmt.pix.pixelformat;
		gbpl = f.fmt.pix.bytesperline;
		size = f.fmt.pix.sizeimage;
		v->field = f.fmt.pix.field;
	}
	if (gw != w || gh != h || pf != V4L2_PIX_FMT_NV12 ||
	    (bpl && gbpl != bpl)) {
		fail("%s: asked for NV12 %ux%u (bytesperline %u), the driver set %.4s %ux%u (bytesperline %u)",
		     v->name, w, h, bpl, (const char *)&pf, gw, gh, gbpl);
		return -1;
	}
	return nv12_layout(v->name, w, h, gbpl, size, l);
}

static int v4l2_reqbufs(struct v4l2_queue *v, unsigned int count)
{
	struct v4l2_requestbuffers rb;
	int ret;

	memset(&rb, 0, sizeof(rb));
	rb.count = count;
	rb.type = v->type;
	rb.memory = V4L2_MEMORY_DMABUF;
	ret = ioc(v->fd, VIDIOC_REQBUFS, &rb);
	if (ret) {
		fail("%s: VIDIOC_REQBUFS(%u, DMABUF): %s", v->name, count,
		     strerror(-ret));
		return -1;
	}
	if (rb.count < count) {
		fail("%s: VIDIOC_REQBUFS granted %u of %u buffers", v->name,
		     rb.count, count);
		return -1;
	}
	v->requested = count > 0;
	v->count = count;
	return 0;
}

/* Buffer timestamps: frame n at n / 25 s, so they name the frame. */
static struct timeval frame_time(unsigned int n)
{
	return (struct timeval){ .tv_sec = n / 25,
				 .tv_usec = (n % 25) * 40000 };
}

static unsigned int frame_of(const struct timeval *tv)
{
	return (unsigned int)(tv->tv_sec * 25 + tv->tv_usec / 40000);
}

static int v4l2_qbuf(struct v4l2_queue *v, unsigned int index,
		     const struct rbuf *b, size_t bytesused, unsigned int seq)
{
	struct v4l2_plane plane;
	struct v4l2_buffer vb;
	double t0 = now_s();
	int ret;

	memset(&vb, 0, sizeof(vb));
	memset(&plane, 0, sizeof(plane));
	vb.index = index;
	vb.type = v->type;
	vb.memory = V4L2_MEMORY_DMABUF;
	vb.field = v->field;
	vb.timestamp = frame_time(seq);
	if (v->mplane) {
		plane.m.fd = b->fd;
		plane.length = (uint32_t)b->size;
		plane.bytesused = (uint32_t)bytesused;
		vb.m.planes = &plane;
		vb.length = 1;
	} else {
		vb.m.fd = b->fd;
		vb.length = (uint32_t)b->size;
		vb.bytesused = (uint32_t)bytesused;
	}
	ret = ioc(v->fd, VIDIOC_QBUF, &vb);
	v->time_s += now_s() - t0;
	if (ret) {
		fail("%s: VIDIOC_QBUF(index %u, restricted dma-buf): %s",
		     v->name, index, strerror(-ret));
		v->errors++;
		return -1;
	}
	v->queued[index] = true;
	v->in_flight++;
	v->sent++;
	return 0;
}

/*
 * DQBUF a buffer that is ready, into @vb (bytesused copied out of the
 * plane for MPLANE): 0; -EAGAIN if none is and -EPIPE after a drained
 * decoder's last buffer, both left to the caller; -1 on anything else,
 * reported.
 */
static int v4l2_take(struct v4l2_queue *v, struct v4l2_buffer *vb)
{
	struct v4l2_plane plane;
	double t0 = now_s();
	int ret;

	memset(vb, 0, sizeof(*vb));
	memset(&plane, 0, sizeof(plane));
	vb->type = v->type;
	vb->memory = V4L2_MEMORY_DMABUF;
	if (v->mplane) {
		vb->m.planes = &plane;
		vb->length = 1;
	}
	ret = ioc(v->fd, VIDIOC_DQBUF, vb);
	v->time_s += now_s() - t0;
	if (v->mplane) {
		vb->bytesused = plane.bytesused;
		vb->m.planes = NULL;
	}
	if (ret == -EAGAIN || ret == -EPIPE)
		return ret;
	if (ret) {
		fail("%s: VIDIOC_DQBUF: %s", v->name, strerror(-ret));
		v->errors++;
		return -1;
	}
	if (vb->index >= v->count || !v->queued[vb->index]) {
		fail("%s: VIDIOC_DQBUF returned index %u, not one we queued",
		     v->name, vb->index);
		v->errors++;
		return -1;
	}
	v->queued[vb->index] = false;
	v->in_flight--;
	v->returned++;
	return 0;
}

/* Wait for the video output to hand back one buffer; its index or -1. */
static int v4l2_dqbuf(struct v4l2_queue *v)
{
	struct v4l2_buffer vb;
	int ret;

	if (wait_fd(v->fd, POLLOUT | POLLWRNORM, v->name,
		    "no buffer came back", &v->time_s)) {
		v->errors++;
		return -1;
	}
	ret = v4l2_take(v, &vb);
	if (ret == -EAGAIN || ret == -EPIPE) {
		fail("%s: VIDIOC_DQBUF: %s", v->name, strerror(-ret));
		v->errors++;
	}
	if (ret)
		return -1;
	if (vb.flags & V4L2_BUF_FLAG_ERROR) {
		fail("%s: buffer %u came back with V4L2_BUF_FLAG_ERROR",
		     v->name, vb.index);
		v->errors++;
	}
	return (int)vb.index;
}

/* STREAMON, or STREAMOFF: then every buffer still queued is back. */
static int v4l2_stream(struct v4l2_queue *v, bool on)
{
	int type = (int)v->type;
	int ret = ioc(v->fd, on ? VIDIOC_STREAMON : VIDIOC_STREAMOFF, &type);

	if (ret) {
		fail("%s: %s: %s", v->name,
		     on ? "VIDIOC_STREAMON" : "VIDIOC_STREAMOFF",
		     strerror(-ret));
		v->errors++;
		if (!on)
			v->streaming = false;
		return -1;
	}
	if (!on) {
		v->reclaimed += v->in_flight;
		v->in_flight = 0;
		memset(v->queued, 0, sizeof(v->queued));
	}
	v->streaming = on;
	return 0;
}

/* STREAMOFF if streaming, then free the queue's buffers. */
static void v4l2_release(struct v4l2_queue *v)
{
	if (v->streaming)
		v4l2_stream(v, false);
	if (v->requested && v4l2_reqbufs(v, 0))
		v->errors++;
	v->requested = false;
}

/*
 * Drain what is in flight, STREAMOFF, free the queue's buffers. Like a
 * display, vivid keeps showing the newest frame until another one is
 * queued, so the last buffer comes back through STREAMOFF, not DQBUF.
 */
static void v4l2_stop(struct v4l2_queue *v)
{
	while (v->streaming && v->in_flight > 1)
		if (v4l2_dqbuf(v) < 0)
			break;
	v4l2_release(v);
	close_fd(&v->fd);
}

/* ------------------------------------------------------------------ */
/* The V4L2 stateful decoder (tee-jpegdec)                            */
/* ------------------------------------------------------------------ */

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

/* Find the decoder, name its queues, subscribe to its events. */
static int dec_open(struct decoder *d)
{
	static const uint32_t events[] = { V4L2_EVENT_SOURCE_CHANGE,
					   V4L2_EVENT_EOS };
	struct v4l2_event_subscription sub;
	int ret;

	d->fd = v4l2_find(opt.decoder, is_decoder, &d->cap, d->path,
			  sizeof(d->path));
	if (d->fd < 0) {
		fail("%s", opt.decoder ?
		     "the --decoder node is not a V4L2 memory-to-memory device (single-planar)" :
		     "no " DECODER_DRIVER " decoder in /dev/video* (CONFIG_VIDEO_TEE_JPEGDEC, its engine TA on the TEE bus)");
		return -1;
	}
	d->out = d->cap;
	d->out.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
	d->cap.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	snprintf(d->out.name, sizeof(d->out.name), "%s OUTPUT", d->path);
	snprintf(d->cap.name, sizeof(d->cap.name), "%s CAPTURE", d->path);
	for (unsigned int i = 0; i < 2; i++) {
		memset(&sub, 0, sizeof(sub));
		sub.type = events[i];
		ret = ioc(d->fd, VIDIOC_SUBSCRIBE_EVENT, &sub);
		if (ret) {
			fail("%s: VIDIOC_SUBSCRIBE_EVENT(%s): %s", d->path,
			     i ? "V4L2_EVENT_EOS" : "V4L2_EVENT_SOURCE_CHANGE",
			     strerror(-ret));
			return -1;
		}
	}
	return 0;
}

/* S_FMT OUTPUT: JPEG, the clip's size as a hint, @len-byte samples. */
static int dec_set_output(struct decoder *d, const struct clip_header *h,
			  uint32_t len, uint32_t *sizeimage)
{
	struct v4l2_format f;
	int ret;

	memset(&f, 0, sizeof(f));
	f.type = d->out.type;
	f.fmt.pix.width = h->width;
	f.fmt.pix.height = h->height;
	f.fmt.pix.pixelformat = V4L2_PIX_FMT_JPEG;
	f.fmt.pix.sizeimage = len;
	ret = ioc(d->fd, VIDIOC_S_FMT, &f);
	if (ret) {
		fail("%s: VIDIOC_S_FMT(JPEG, sizeimage %u): %s", d->out.name,
		     len, strerror(-ret));
		return -1;
	}
	if (f.fmt.pix.pixelformat != V4L2_PIX_FMT_JPEG ||
	    f.fmt.pix.sizeimage < len) {
		fail("%s: asked for JPEG with sizeimage %u, the driver set %.4s with sizeimage %u",
		     d->out.name, len, (const char *)&f.fmt.pix.pixelformat,
		     f.fmt.pix.sizeimage);
		return -1;
	}
	d->out.field = f.fmt.pix.field;
	*sizeimage = f.fmt.pix.sizeimage;
	return 0;
}

/*
 * Capture setup, once the decoder parsed the stream: the CAPTURE format
 * (NV12 of the clip's size; its layout into @l), the visible rectangle
 * (the whole frame) and the minimum number of CAPTURE buffers.
 */
static int dec_capture_format(struct decoder *d, uint32_t w, uint32_t h,
			      struct layout *l)
{
	struct v4l2_selection sel;
	struct v4l2_control ctrl;
	struct v4l2_format f;
	struct v4l2_pix_format *p = &f.fmt.pix;
	int ret;

	memset(&f, 0, sizeof(f));
	f.type = d->cap.type;
	ret = ioc(d->fd, VIDIOC_G_FMT, &f);
	if (ret) {
		fail("%s: VIDIOC_G_FMT: %s", d->cap.name, strerror(-ret));
		return -1;
	}
	if (p->pixelformat != V4L2_PIX_FMT_NV12 || p->width != w ||
	    p->height != h) {
		fail("%s: %.4s %ux%u after V4L2_EVENT_SOURCE_CHANGE, expected NV12 %ux%u (the clip's)",
		     d->cap.name, (const char *)&p->pixelformat, p->width,
		     p->height, w, h);
		return -1;
	}
	if (nv12_layout(d->cap.name, w, h, p->bytesperline, p->sizeimage, l))
		return -1;
	d->cap.field = p->field;

	memset(&sel, 0, sizeof(sel));
	sel.type = d->cap.type;
	sel.target = V4L2_SEL_TGT_COMPOSE;
	ret = ioc(d->fd, VIDIOC_G_SELECTION, &sel);
	if (ret) {
		fail("%s: VIDIOC_G_SELECTION(COMPOSE): %s", d->cap.name,
		     strerror(-ret));
		return -1;
	}
	if (sel.r.left || sel.r.top || sel.r.width != w || sel.r.height != h) {
		fail("%s: visible rectangle %ux%u at (%d,%d), expected the whole %ux%u frame",
		     d->cap.name, sel.r.width, sel.r.height, sel.r.left,
		     sel.r.top, w, h);
		return -1;
	}

	memset(&ctrl, 0, sizeof(ctrl));
	ctrl.id = V4L2_CID_MIN_BUFFERS_FOR_CAPTURE;
	ret = ioc(d->fd, VIDIOC_G_CTRL, &ctrl);
	if (ret) {
		fail("%s: VIDIOC_G_CTRL(V4L2_CID_MIN_BUFFERS_FOR_CAPTURE): %s",
		     d->path, strerror(-ret));
		return -1;
	}
	d->min_cap = ctrl.value > 0 ? (unsigned int)ctrl.value : 1;
	return 0;
}

/* Take the pending events; -1 on one that no clip of one size raises. */
static int dec_events(struct decoder *d)
{
	struct v4l2_event ev;
	int ret;

	for (;;) {
		memset(&ev, 0, sizeof(ev));
		ret = ioc(d->fd, VIDIOC_DQEVENT, &ev);
		if (ret == -ENOENT)
			return 0;
		if (ret) {
			fail("%s: VIDIOC_DQEVENT: %s", d->path, strerror(-ret));
			return -1;
		}
		if (ev.type == V4L2_EVENT_EOS && d->draining) {
			d->eos++;
			continue;
		}
		if (ev.type == V4L2_EVENT_SOURCE_CHANGE && !d->source_changes &&
		    (ev.u.src_change.changes & V4L2_EVENT_SRC_CH_RESOLUTION)) {
			d->source_changes++;
			continue;
		}
		if (ev.type == V4L2_EVENT_EOS)
			fail("%s: V4L2_EVENT_EOS before V4L2_DEC_CMD_STOP",
			     d->path);
		else if (ev.type == V4L2_EVENT_SOURCE_CHANGE)
			fail("%s: V4L2_EVENT_SOURCE_CHANGE (changes 0x%x)%s",
			     d->path, ev.u.src_change.changes,
			     d->source_changes ?
			     " a second time, in a clip of one size" :
			     " without V4L2_EVENT_SRC_CH_RESOLUTION");
		else
			fail("%s: unexpected event type %u", d->path, ev.type);
		return -1;
	}
}

/* Drain: the decoder's CAPTURE buffer of the last bitstream gets LAST. */
static int dec_stop(struct decoder *d)
{
	struct v4l2_decoder_cmd cmd = { .cmd = V4L2_DEC_CMD_STOP };
	int ret = ioc(d->fd, VIDIOC_DECODER_CMD, &cmd);

	if (ret) {
		fail("%s: VIDIOC_DECODER_CMD(V4L2_DEC_CMD_STOP): %s", d->path,
		     strerror(-ret));
		return -1;
	}
	d->draining = true;
	return 0;
}

static void dec_close(struct decoder *d)
{
	if (d->fd < 0)
		return;
	v4l2_release(&d->cap);
	v4l2_release(&d->out);
	close_fd(&d->fd);
}

/* ------------------------------------------------------------------ */
/* DRM: vgem and vkms                                                 */
/* ------------------------------------------------------------------ */

static int drm_open(const char *want, const char *path_opt, char *path,
		    size_t len)
{
	for (int i = 0; i < 16; i++) {
		char name[64] = "";
		struct drm_version ver = { .name_len = sizeof(name) - 1,
					   .name = name };
		int fd;

		if (path_opt) {
			if (i)
				break;
			snprintf(path, len, "%s", path_opt);
		} else {
			snprintf(path, len, "/dev/dri/card%d", i);
		}
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (!ioc(fd, DRM_IOCTL_VERSION, &ver) &&
		    (path_opt || !strcmp(name, want)))
			return fd;
		close(fd);
	}
	fail("no %s DRM device%s%s (CONFIG_DRM_%s)", want,
	     path_opt ? " at " : " in /dev/dri/card*", path_opt ? path_opt : "",
	     !strcmp(want, "vkms") ? "VKMS" : "VGEM");
	return -1;
}

static int prime_import(int fd, const char *path, const struct rbuf *b,
			uint32_t *handle)
{
	struct drm_prime_handle ph = { .fd = b->fd };
	int ret = ioc(fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &ph);

	if (ret) {
		fail("%s: DRM_IOCTL_PRIME_FD_TO_HANDLE: %s", path,
		     strerror(-ret));
		return -1;
	}
	*handle = ph.handle;
	return 0;
}

static void gem_close(int fd, uint32_t *handle)
{
	struct drm_gem_close gc = { .handle = *handle };

	if (*handle)
		ioc(fd, DRM_IOCTL_GEM_CLOSE, &gc);
	*handle = 0;
}

struct kms {
	struct kms_pipe pipe;
	char path[64];
	uint32_t w, h;		/* plane size: the frame, clipped to the mode */
	uint32_t dumb, dumb_fb;
	unsigned int addfb_ok, refused, accepted;
	int refused_errno;
	bool control_ok;
};

static int kms_setup(struct kms *k)
{
	int ret = kms_pipe_find(&k->pipe);

	if (ret)
		fail("%s: %s", k->path, k->pipe.err);
	return ret;
}

static int kms_commit(struct kms *k, uint32_t fb)
{
	return kms_pipe_commit(&k->pipe, fb, k->w, k->h);
}

/*
 * The control: an ordinary (CPU-accessible) dumb buffer of the same size
 * and format on the same plane must be accepted, so a refusal of the
 * restricted one is about the memory, not the configuration.
 */
static void kms_control(struct kms *k, uint32_t w, uint32_t h)
{
	struct drm_mode_create_dumb cd = { .width = w, .height = h, .bpp = 32 };
	int ret;

	ret = ioc(k->pipe.fd, DRM_IOCTL_MODE_CREATE_DUMB, &cd);
	if (ret) {
		fail("%s: DRM_IOCTL_MODE_CREATE_DUMB: %s", k->path,
		     strerror(-ret));
		return;
	}
	k->dumb = cd.handle;
	ret = kms_addfb_xrgb8888(k->pipe.fd, cd.handle, cd.pitch, w, h,
				 &k->dumb_fb);
	if (!ret)
		ret = kms_commit(k, k->dumb_fb);
	if (ret) {
		fail("%s: control commit of an ordinary dumb buffer failed: %s",
		     k->path, strerror(-ret));
		return;
	}
	k->control_ok = true;
	ret = kms_commit(k, 0);
	if (ret)
		fail("%s: disabling the CRTC failed: %s", k->path,
		     strerror(-ret));
}

static void kms_teardown(struct kms *k)
{
	struct drm_mode_destroy_dumb dd = { .handle = k->dumb };

	if (k->pipe.fd < 0)
		return;
	if (k->dumb_fb)
		ioc(k->pipe.fd, DRM_IOCTL_MODE_RMFB, &k->dumb_fb);
	if (k->dumb)
		ioc(k->pipe.fd, DRM_IOCTL_MODE_DESTROY_DUMB, &dd);
	close_fd(&k->pipe.fd);
}

/* Show a restricted framebuffer: the expected outcome is a refusal. */
static void kms_present(struct kms *k, struct rbuf *b, unsigned int frame)
{
	int ret = kms_commit(k, b->fb);

	if (!ret) {
		k->accepted++;
		fail("frame %u: %s accepted a commit of a restricted framebuffer: its CPU composer would read protected memory",
		     frame, k->path);
		kms_commit(k, 0);
		return;
	}
	if (k->refused && ret != -k->refused_errno) {
		fail("frame %u: %s: atomic commit refused with %s, earlier frames with %s",
		     frame, k->path, strerror(-ret),
		     strerror(k->refused_errno));
		return;
	}
	k->refused_errno = -ret;
	k->refused++;
}

/* ------------------------------------------------------------------ */
/* Playback                                                           */
/* ------------------------------------------------------------------ */

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
	struct tee t;
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

static void print_hex(const uint8_t *d, unsigned int n, char *out)
{
	for (unsigned int i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static bool check_digest(const char *what, unsigned int frame,
			 const uint8_t *got, const uint8_t *want)
{
	char g[65], w[65];

	if (!memcmp(got, want, SDP_VIDEO_DIGEST_SIZE))
		return true;
	print_hex(got, SDP_VIDEO_DIGEST_SIZE, g);
	print_hex(want, SDP_VIDEO_DIGEST_SIZE, w);
	fail("frame %u: %s digest %s, expected %s", frame, what, g, w);
	return false;
}

/* DRM: XRGB8888 buffers imported into vgem and vkms, and the control. */
static int drm_setup(struct demo *d)
{
	uint32_t w = d->c.h.width, h = d->c.h.height;
	struct kms *k = &d->k;

	for (unsigned int i = 0; i < XRGB_BUFS; i++)
		if (rbuf_alloc(&d->t, &d->xrgb[i], d->rgb.size))
			return -1;
	d->gem = drm_open("vgem", opt.gem, d->gem_path, sizeof(d->gem_path));
	k->pipe.fd = drm_open("vkms", opt.kms, k->path, sizeof(k->path));
	if (d->gem < 0 || k->pipe.fd < 0 || kms_setup(k))
		return -1;
	k->w = w < k->pipe.mode.hdisplay ? w : k->pipe.mode.hdisplay;
	k->h = h < k->pipe.mode.vdisplay ? h : k->pipe.mode.vdisplay;
	for (unsigned int i = 0; i < XRGB_BUFS; i++) {
		struct rbuf *x = &d->xrgb[i];
		int ret;

		if (prime_import(d->gem, d->gem_path, x, &x->gem_handle))
			return -1;
		d->st.gem_imports++;
		if (prime_import(k->pipe.fd, k->path, x, &x->kms_handle))
			return -1;
		ret = kms_addfb_xrgb8888(k->pipe.fd, x->kms_handle,
					 d->rgb.stride, w, h, &x->fb);
		if (ret) {
			fail("%s: DRM_IOCTL_MODE_ADDFB2(XRGB8888 %ux%u, restricted): %s",
			     k->path, w, h, strerror(-ret));
			return -1;
		}
		k->addfb_ok++;
	}
	kms_control(k, w, h);
	info("DRM: %u XRGB8888 buffers of %zu bytes from %s, registered with the TEE, imported into %s (vgem); %s (vkms) framebuffers %u and %u on plane %u, mode %s; control commit with a dumb buffer %s",
	     XRGB_BUFS, d->rgb.size, opt.heap, d->gem_path, k->path,
	     d->xrgb[0].fb, d->xrgb[1].fb, k->pipe.plane, k->pipe.mode.name,
	     k->control_ok ? "ok" : "FAILED");
	return 0;
}

/*
 * The V4L2 output's format: NV12 at bytesperline @bpl, or (0) at the
 * output's own, which then sets the frames' layout.
 */
static int vout_setup(struct demo *d, uint32_t bpl)
{
	uint32_t w = d->c.h.width, h = d->c.h.height;
	struct layout l;

	if (!opt.use_v4l2)
		return 0;
	if (v4l2_set_format(&d->v, w, h, bpl, &l))
		return -1;
	if (!bpl) {
		d->nv12 = l;
	} else if (l.size > d->nv12.size) {
		fail("%s: NV12 at bytesperline %u needs sizeimage %zu, more than the decoder's %zu",
		     d->v.name, bpl, l.size, d->nv12.size);
		return -1;
	}
	d->vout_size = l.size;
	info("V4L2: %s (%s) video output, NV12 %ux%u, bytesperline %u, sizeimage %zu, memory DMABUF",
	     d->v.name, d->v.card, w, h, l.stride, l.size);
	return 0;
}

/*
 * The NV12 frame buffers, at d->nv12: restricted, registered with the
 * TEE, imported into vgem and by the V4L2 output.
 */
static int ring_setup(struct demo *d)
{
	for (unsigned int i = 0; i < d->nring; i++) {
		struct rbuf *b = &d->ring[i];

		if (rbuf_alloc(&d->t, b, d->nv12.size))
			return -1;
		if (!opt.use_drm)
			continue;
		if (prime_import(d->gem, d->gem_path, b, &b->gem_handle))
			return -1;
		d->st.gem_imports++;
	}
	info("ring: %u NV12 buffers of %zu bytes from %s, registered with the TEE%s%s",
	     d->nring, d->nv12.size, opt.heap,
	     opt.use_drm ? ", imported into " : "",
	     opt.use_drm ? d->gem_path : "");
	return opt.use_v4l2 ? v4l2_reqbufs(&d->v, d->nring) : 0;
}

/*
 * Frame @i is in ring buffer @slot: verify its digest, queue it to the
 * V4L2 output, convert it for DRM and commit. -1 ends the run at once; a
 * wrong digest ends it after this frame (d->stop).
 */
static int present(struct demo *d, unsigned int i, unsigned int slot)
{
	uint8_t got[SDP_VIDEO_DIGEST_SIZE];
	struct stats *st = &d->st;
	uint32_t origin = 0;
	TEEC_Result res;
	struct rbuf *x;
	double t0;

	t0 = now_s();
	res = tee_digest(&d->t, &d->ring[slot], &d->nv12, got, &origin);
	st->digest_s += now_s() - t0;
	if (res != TEEC_SUCCESS) {
		tee_report("NV12 digest", res, origin);
		return -1;
	}
	if (check_digest("NV12", i, got, d->want_nv12[i]))
		st->nv12_ok++;
	else
		d->stop = true;

	if (opt.use_v4l2 &&
	    (v4l2_qbuf(&d->v, slot, &d->ring[slot], d->vout_size, i) ||
	     (!d->v.streaming && v4l2_stream(&d->v, true))))
		return -1;

	if (opt.use_drm) {
		x = &d->xrgb[i % XRGB_BUFS];
		t0 = now_s();
		res = tee_convert(&d->t, &d->ring[slot], &d->nv12, x, &d->rgb,
				  &origin);
		st->convert_s += now_s() - t0;
		if (res != TEEC_SUCCESS) {
			tee_report("convert to XRGB8888", res, origin);
			return -1;
		}
		st->converted++;
		t0 = now_s();
		res = tee_digest(&d->t, x, &d->rgb, got, &origin);
		st->digest_s += now_s() - t0;
		if (res != TEEC_SUCCESS) {
			tee_report("XRGB8888 digest", res, origin);
			return -1;
		}
		if (check_digest("XRGB8888", i, got, d->want_xrgb[i]))
			st->xrgb_ok++;
		else
			d->stop = true;
		t0 = now_s();
		kms_present(&d->k, x, i);
		st->kms_s += now_s() - t0;
	}
	if (opt.verbose)
		info("frame %u: %u bytes encrypted -> ring buffer %u: NV12 digest ok%s%s",
		     i, d->c.frames[i].length, slot,
		     opt.use_v4l2 ? ", queued to V4L2" : "",
		     opt.use_drm ? ", XRGB8888 digest ok, vkms commit refused" : "");
	return 0;
}

/* --fused: the ring buffers at the V4L2 output's layout. */
static int fused_setup(struct demo *d)
{
	d->nring = opt.ring;
	return vout_setup(d, 0) || ring_setup(d) ? -1 : 0;
}

/* --fused: the video TA decrypts and decodes each frame into the ring. */
static int play_fused(struct demo *d)
{
	unsigned int next_free = 0;

	for (unsigned int i = 0; i < d->nframes && !d->stop; i++) {
		uint32_t origin = 0;
		TEEC_Result res;
		unsigned int slot;
		double t0;
		int idx;

		/* A free ring slot, or the next one V4L2 gives back. */
		if (next_free < d->nring) {
			slot = next_free++;
		} else if (opt.use_v4l2) {
			idx = v4l2_dqbuf(&d->v);
			if (idx < 0)
				return -1;
			slot = (unsigned int)idx;
		} else {
			slot = i % d->nring;
		}

		t0 = now_s();
		res = tee_decode(&d->t, &d->c, &d->c.frames[i], &d->ring[slot],
				 &d->nv12, &origin);
		d->st.decode_s += now_s() - t0;
		if (res != TEEC_SUCCESS) {
			char what[48];

			snprintf(what, sizeof(what), "frame %u: decode", i);
			tee_report(what, res, origin);
			return -1;
		}
		d->st.decoded++;
		if (present(d, i, slot))
			return -1;
	}
	return 0;
}

/* The decoder's OUTPUT side: JPEG, restricted bitstream buffers. */
static int split_setup(struct demo *d)
{
	struct decoder *dec = &d->dec;
	uint32_t len = 0, size = 0;

	for (unsigned int i = 0; i < d->nframes; i++)
		if (d->c.frames[i].length > len)
			len = d->c.frames[i].length;
	if (dec_open(dec) || dec_set_output(dec, &d->c.h, len, &size) ||
	    v4l2_reqbufs(&dec->out, BITSTREAM_BUFS))
		return -1;
	for (unsigned int b = 0; b < BITSTREAM_BUFS; b++)
		if (rbuf_alloc(&d->t, &d->bits[b], size))
			return -1;
	info("decoder: %s (%s), OUTPUT JPEG: %u bitstream buffers of %u bytes from %s, registered with the TEE, memory DMABUF",
	     dec->path, dec->cap.card, BITSTREAM_BUFS, size, opt.heap);
	return 0;
}

/* Decrypt frame @i into the free bitstream buffer @b; queue it. */
static int dec_feed(struct demo *d, unsigned int b, unsigned int i)
{
	uint32_t origin = 0, len = 0;
	double t0 = now_s();
	TEEC_Result res;

	res = tee_decrypt(&d->t, &d->c, &d->c.frames[i], &d->bits[b], &len,
			  &origin);
	d->st.decrypt_s += now_s() - t0;
	if (res != TEEC_SUCCESS) {
		char what[48];

		snprintf(what, sizeof(what), "frame %u: decrypt", i);
		tee_report(what, res, origin);
		return -1;
	}
	d->st.decrypted++;
	d->dec.frame[b] = i;
	return v4l2_qbuf(&d->dec.out, b, &d->bits[b], len, i);
}

/* Take back the bitstream buffers the decoder is done with. */
static int dec_bitstreams(struct demo *d)
{
	struct v4l2_queue *q = &d->dec.out;
	struct v4l2_buffer vb;
	int ret;

	while (!(ret = v4l2_take(q, &vb))) {
		if (vb.flags & V4L2_BUF_FLAG_ERROR) {
			fail("frame %u: decode: %s returned its bitstream with V4L2_BUF_FLAG_ERROR (the engine refused the sample)",
			     d->dec.frame[vb.index], d->dec.path);
			q->errors++;
			return -1;
		}
		if (vb.sequence != q->returned - 1) {
			fail("%s: buffer %u (frame %u) has sequence %u, expected %u",
			     q->name, vb.index, d->dec.frame[vb.index],
			     vb.sequence, q->returned - 1);
			q->errors++;
			return -1;
		}
	}
	if (ret == -EPIPE)
		fail("%s: VIDIOC_DQBUF: %s", q->name, strerror(EPIPE));
	return ret == -EAGAIN ? 0 : -1;
}

/*
 * Take a CAPTURE buffer if one is ready: the next frame (presented), or
 * the drain's empty last buffer. 1 if one was taken, 0 if none was ready,
 * -1 on failure.
 */
static int dec_frame(struct demo *d)
{
	struct decoder *dec = &d->dec;
	struct v4l2_queue *q = &dec->cap;
	const struct layout *l = &d->nv12;
	unsigned int i = d->st.decoded;
	struct v4l2_buffer vb;
	uint64_t span;
	int ret;

	ret = v4l2_take(q, &vb);
	if (ret == -EAGAIN)
		return 0;
	if (ret == -EPIPE)
		fail("%s: VIDIOC_DQBUF: %s before a buffer with V4L2_BUF_FLAG_LAST",
		     q->name, strerror(EPIPE));
	if (ret)
		return -1;
	if (vb.sequence != q->returned - 1) {
		fail("%s: buffer %u has sequence %u, expected %u", q->name,
		     vb.index, vb.sequence, q->returned - 1);
		q->errors++;
		return -1;
	}
	if (vb.flags & V4L2_BUF_FLAG_ERROR) {
		fail("frame %u: decode: %s returned a frame buffer with V4L2_BUF_FLAG_ERROR",
		     i, dec->path);
		q->errors++;
		return -1;
	}
	dec->last = vb.flags & V4L2_BUF_FLAG_LAST;
	if (dec->last && !vb.bytesused)
		return 1;	/* the drain's empty buffer: dec_drained() */
	span = l->uv_offset + (uint64_t)l->stride * ((d->c.h.height + 1) / 2);
	if (i == d->nframes) {
		fail("%s: buffer %u holds a frame (%u bytes) after all %u were decoded",
		     q->name, vb.index, vb.bytesused, i);
		q->errors++;
		return -1;
	}
	if (frame_of(&vb.timestamp) != i || vb.bytesused < span) {
		fail("frame %u: %s: buffer %u holds %u bytes with frame %u's timestamp; expected frame %u's, at least %" PRIu64 " bytes",
		     i, q->name, vb.index, vb.bytesused,
		     frame_of(&vb.timestamp), i, span);
		q->errors++;
		return -1;
	}
	d->st.decoded++;
	return present(d, i, vb.index) ? -1 : 1;
}

static int dec_frames(struct demo *d)
{
	int ret = 0;

	while (d->dec.cap.streaming && !d->dec.last && !d->stop &&
	       (ret = dec_frame(d)) > 0)
		;
	return ret < 0 ? -1 : 0;
}

/*
 * Keep the decoder supplied with frame buffers until the drain ends:
 * every ring buffer that is neither with the decoder nor with the V4L2
 * output goes back to the decoder; if it still has none, the output
 * gives one back first.
 */
static int dec_refill(struct demo *d)
{
	struct v4l2_queue *q = &d->dec.cap;
	int idx;

	if (d->dec.last)
		return 0;
	for (unsigned int s = 0; s < d->nring; s++)
		if (!q->queued[s] && !d->v.queued[s] &&
		    v4l2_qbuf(q, s, &d->ring[s], 0, 0))
			return -1;
	if (q->in_flight || !opt.use_v4l2)
		return 0;
	idx = v4l2_dqbuf(&d->v);
	if (idx < 0)
		return -1;
	return v4l2_qbuf(q, (unsigned int)idx, &d->ring[idx], 0, 0);
}

/* After the last buffer: every frame came, V4L2_EVENT_EOS, then EPIPE. */
static int dec_drained(struct demo *d)
{
	struct decoder *dec = &d->dec;
	struct v4l2_buffer vb;
	int ret;

	if (d->st.decoded != d->nframes) {
		fail("%s: V4L2_BUF_FLAG_LAST after %u of the %u frames queued",
		     dec->cap.name, d->st.decoded, d->nframes);
		return -1;
	}
	while (!dec->eos)
		if (wait_fd(dec->fd, POLLPRI, dec->path,
			    "no V4L2_EVENT_EOS after the last buffer",
			    &dec->wait_s) || dec_events(dec))
			return -1;
	ret = v4l2_take(&dec->cap, &vb);
	if (ret != -EPIPE) {
		if (ret != -1)
			fail("%s: VIDIOC_DQBUF after the last buffer: %s, expected EPIPE",
			     dec->cap.name, ret ? strerror(-ret) : "a buffer");
		return -1;
	}
	dec->epipe = true;
	while (dec->out.in_flight)
		if (wait_fd(dec->fd, POLLOUT, dec->out.name,
			    "a bitstream buffer not returned after the drain",
			    &dec->wait_s) || dec_bitstreams(d))
			return -1;
	return 0;
}

/*
 * The split path, as dev-decoder.rst has a client drive a stateful
 * decoder: the first sample until V4L2_EVENT_SOURCE_CHANGE, the capture
 * setup from the CAPTURE format, samples in and frames out, and after the
 * last sample the drain.
 */
static int play_split(struct demo *d)
{
	struct decoder *dec = &d->dec;
	unsigned int next = 0;

	if (dec_feed(d, 0, next++) || v4l2_stream(&dec->out, true))
		return -1;
	while (!dec->source_changes)
		if (wait_fd(dec->fd, POLLOUT | POLLPRI, dec->path,
			    "no V4L2_EVENT_SOURCE_CHANGE", &dec->wait_s) ||
		    dec_events(dec) || dec_bitstreams(d))
			return -1;

	if (dec_capture_format(dec, d->c.h.width, d->c.h.height, &d->nv12))
		return -1;
	d->nring = opt.ring > dec->min_cap ? opt.ring : dec->min_cap + 1;
	if (d->nring > MAX_RING) {
		fail("%s: V4L2_CID_MIN_BUFFERS_FOR_CAPTURE is %u; this program holds %u at most",
		     dec->path, dec->min_cap, MAX_RING - 1);
		return -1;
	}
	info("decoder: V4L2_EVENT_SOURCE_CHANGE; CAPTURE NV12 %ux%u, bytesperline %u, sizeimage %zu; V4L2_CID_MIN_BUFFERS_FOR_CAPTURE %u",
	     d->c.h.width, d->c.h.height, d->nv12.stride, d->nv12.size,
	     dec->min_cap);
	if (vout_setup(d, d->nv12.stride) || ring_setup(d) ||
	    v4l2_reqbufs(&dec->cap, d->nring) || dec_refill(d) ||
	    v4l2_stream(&dec->cap, true))
		return -1;

	while (!dec->last && !d->stop) {
		for (unsigned int b = 0; b < BITSTREAM_BUFS; b++) {
			if (next == d->nframes || dec->out.queued[b])
				continue;
			if (dec_feed(d, b, next++))
				return -1;
		}
		if (next == d->nframes && !dec->draining && dec_stop(dec))
			return -1;
		if (dec_refill(d) ||
		    wait_fd(dec->fd, POLLIN | POLLOUT | POLLPRI, dec->path,
			    "nothing came back", &dec->wait_s) ||
		    dec_events(dec) || dec_bitstreams(d) || dec_frames(d))
			return -1;
	}
	return d->stop ? 0 : dec_drained(d);
}

static const char *importers(void)
{
	if (opt.use_v4l2 && opt.use_drm)
		return "vivid/DRM importers";
	if (opt.use_v4l2)
		return "vivid importer";
	return opt.use_drm ? "DRM importers" : "no importer";
}

static void report(struct demo *d)
{
	const struct decoder *dec = &d->dec;
	const struct stats *st = &d->st;
	const struct v4l2_queue *v = &d->v;
	const struct kms *k = &d->k;
	unsigned int n = d->nframes;
	char first[80];

	printf("\n==== sdp-demo report: %s ====\n", opt.clip);
	if (opt.fused) {
		printf("  path                               : decrypt+decode fused in the video TA (DECODE_FRAME) → %s\n",
		       importers());
	} else {
		printf("  path                               : decrypt → tee-jpegdec V4L2 decoder → %s\n",
		       importers());
		printf("  frames decrypted (DECRYPT_SAMPLE)  : %u/%u (%.1f ms/frame)\n",
		       st->decrypted, n,
		       st->decrypted ? st->decrypt_s * 1e3 / st->decrypted :
				       0.0);
	}
	printf("  frames decoded in the secure world : %u/%u (%.1f ms/frame, %.1f frames/s)\n",
	       st->decoded, n,
	       st->decoded ? st->decode_s * 1e3 / st->decoded : 0.0,
	       st->decode_s > 0 ? st->decoded / st->decode_s : 0.0);
	if (!opt.fused)
		printf("  decoder %s (%s)  : %u restricted bitstreams queued as DMABUF, %u returned; %u frame buffers returned; %u errors; drain %s\n",
		       dec->path, dec->cap.card, dec->out.sent,
		       dec->out.returned, dec->cap.returned,
		       dec->out.errors + dec->cap.errors, dec->epipe ?
		       "V4L2_DEC_CMD_STOP → V4L2_BUF_FLAG_LAST, V4L2_EVENT_EOS, EPIPE" :
		       "not completed");
	printf("  NV12 digests matched               : %u/%u\n", st->nv12_ok,
	       n);
	if (opt.use_drm)
		printf("  XRGB8888 digests matched           : %u/%u (secure colour conversion %.1f ms/frame)\n",
		       st->xrgb_ok, n,
		       st->converted ? st->convert_s * 1e3 / st->converted : 0.0);
	if (opt.use_v4l2)
		printf("  V4L2 %s (%s output)     : %u frames queued as DMABUF, %u returned by DQBUF + %u held for display until STREAMOFF, %u errors\n",
		       v->name, v->card, v->sent, v->returned, v->reclaimed,
		       v->errors);
	else
		printf("  V4L2                               : skipped (--no-v4l2)\n");
	if (opt.use_drm) {
		printf("  DRM %s (vgem)          : %u restricted buffers PRIME-imported\n",
		       d->gem_path, st->gem_imports);
		printf("  DRM %s (vkms)          : ADDFB2 ok x%u; control commit with a dumb buffer %s\n",
		       k->path, k->addfb_ok, k->control_ok ? "ok" : "FAILED");
		if (k->refused)
			printf("  DRM %s (vkms)          : protected buffer refused by a CPU-composited plane (%s, errno %d) x%u\n",
			       k->path, strerror(k->refused_errno),
			       k->refused_errno, k->refused);
		if (k->accepted)
			printf("  DRM %s (vkms)          : restricted buffer ACCEPTED x%u (unexpected)\n",
			       k->path, k->accepted);
	} else {
		printf("  DRM                                : skipped (--no-drm)\n");
	}
	printf("  end to end                         : %u frames in %.2f s, %.1f frames/s\n",
	       st->decoded, st->total_s,
	       st->total_s > 0 ? st->decoded / st->total_s : 0.0);
	if (opt.fused)
		snprintf(first, sizeof(first), "secure decrypt+decode %.2f s",
			 st->decode_s);
	else
		snprintf(first, sizeof(first), "decrypt %.2f s, decode %.2f s",
			 st->decrypt_s, st->decode_s);
	printf("  time in: %s, verify %.2f s, V4L2 output %.2f s, DRM %.2f s (secure conversion %.2f s, vkms commits %.2f s)\n",
	       first, st->digest_s, v->time_s, st->convert_s + st->kms_s,
	       st->convert_s, st->kms_s);
	if (st->decoded != n || st->nv12_ok != n ||
	    (!opt.fused && (st->decrypted != n || !dec->epipe ||
			    dec->out.errors || dec->cap.errors)) ||
	    (opt.use_drm && (st->xrgb_ok != n || k->refused != n ||
			     !k->control_ok)) ||
	    (opt.use_v4l2 && (v->sent != n || v->returned + v->reclaimed != n ||
			      v->errors)))
		unexpected = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: sdp-demo [options]\n"
		"Play an encrypted Motion-JPEG clip through the secure video path: each\n"
		"frame is decrypted by the secure world into a restricted bitstream buffer\n"
		"and decoded by the tee-jpegdec V4L2 decoder into a restricted NV12 buffer;\n"
		"its digest is verified in the secure world, and it is handed to a V4L2\n"
		"output (vivid) and to DRM (vkms, vgem). The normal world never maps a\n"
		"decrypted or decoded byte.\n\n"
		"  -c, --clip FILE       encrypted clip (default %s)\n"
		"  -d, --digests FILE    expected NV12 digests (default: the clip's name\n"
		"                        with .nv12.sha256 for .sdpclip)\n"
		"  -x, --xrgb-digests FILE  expected XRGB8888 digests (default .xrgb.sha256)\n"
		"  -H, --heap PATH       restricted dma-buf heap (default %s)\n"
		"  -n, --frames N        play the first N frames (default: all)\n"
		"  -r, --ring N          NV12 frame buffers, 2..%d (default %d; at least the\n"
		"                        decoder's minimum + 1)\n"
		"      --fused           decrypt and decode in one call to the video TA\n"
		"                        (DECODE_FRAME) instead of through the V4L2 decoder\n"
		"      --decoder DEV     V4L2 decoder node (default: the tee-jpegdec node)\n"
		"      --video DEV       V4L2 video output node (default: first vivid output)\n"
		"      --kms DEV         DRM card to display on (default: the vkms card)\n"
		"      --gem DEV         DRM card to import into (default: the vgem card)\n"
		"      --no-v4l2         do not hand frames to V4L2\n"
		"      --no-drm          do not hand frames to DRM\n"
		"  -v, --verbose         a line per frame\n"
		"  -h, --help            this text\n"
		"Exit status: 0 all frames verified and every importer behaved as expected,\n"
		"1 anything unexpected, 2 usage error.\n",
		DEFAULT_CLIP, DEFAULT_HEAP, MAX_RING, DEFAULT_RING);
}

static int parse_uint(const char *s, const char *what, unsigned int min,
		      unsigned int max, unsigned int *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || v < min || v > max) {
		fprintf(stderr, "sdp-demo: %s must be a number in %u..%u, not '%s'\n",
			what, min, max, s);
		return -1;
	}
	*out = (unsigned int)v;
	return 0;
}

static int parse_args(int argc, char **argv)
{
	enum { OPT_VIDEO = 256, OPT_DECODER, OPT_FUSED, OPT_KMS, OPT_GEM,
	       OPT_NO_V4L2, OPT_NO_DRM };
	static const struct option lopts[] = {
		{ "clip", required_argument, NULL, 'c' },
		{ "digests", required_argument, NULL, 'd' },
		{ "xrgb-digests", required_argument, NULL, 'x' },
		{ "heap", required_argument, NULL, 'H' },
		{ "frames", required_argument, NULL, 'n' },
		{ "ring", required_argument, NULL, 'r' },
		{ "fused", no_argument, NULL, OPT_FUSED },
		{ "decoder", required_argument, NULL, OPT_DECODER },
		{ "video", required_argument, NULL, OPT_VIDEO },
		{ "kms", required_argument, NULL, OPT_KMS },
		{ "gem", required_argument, NULL, OPT_GEM },
		{ "no-v4l2", no_argument, NULL, OPT_NO_V4L2 },
		{ "no-drm", no_argument, NULL, OPT_NO_DRM },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "c:d:x:H:n:r:vh", lopts,
				NULL)) != -1) {
		switch (c) {
		case 'c':
			opt.clip = optarg;
			break;
		case 'd':
			opt.nv12_digests = optarg;
			break;
		case 'x':
			opt.xrgb_digests = optarg;
			break;
		case 'H':
			opt.heap = optarg;
			break;
		case 'n':
			if (parse_uint(optarg, "--frames", 1, CLIP_MAX_FRAMES,
				       &opt.frames))
				return -1;
			break;
		case 'r':
			if (parse_uint(optarg, "--ring", 2, MAX_RING, &opt.ring))
				return -1;
			break;
		case OPT_FUSED:
			opt.fused = true;
			break;
		case OPT_DECODER:
			opt.decoder = optarg;
			break;
		case OPT_VIDEO:
			opt.video = optarg;
			break;
		case OPT_KMS:
			opt.kms = optarg;
			break;
		case OPT_GEM:
			opt.gem = optarg;
			break;
		case OPT_NO_V4L2:
			opt.use_v4l2 = false;
			break;
		case OPT_NO_DRM:
			opt.use_drm = false;
			break;
		case 'v':
			opt.verbose = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "sdp-demo: unexpected argument '%s'\n",
			argv[optind]);
		usage(stderr);
		return -1;
	}
	return 0;
}


int main(int argc, char **argv)
{
	static struct demo d;
	const struct clip_header *h = &d.c.h;
	double t0;

	d.v.fd = d.dec.fd = d.k.pipe.fd = d.gem = -1;
	for (unsigned int i = 0; i < MAX_RING; i++)
		d.ring[i] = (struct rbuf){ .fd = -1 };
	for (unsigned int i = 0; i < XRGB_BUFS; i++)
		d.xrgb[i] = (struct rbuf){ .fd = -1 };
	for (unsigned int i = 0; i < BITSTREAM_BUFS; i++)
		d.bits[i] = (struct rbuf){ .fd = -1 };
	if (parse_args(argc, argv))
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);

	/* ---- the clip ---- */
	if (!opt.nv12_digests)
		opt.nv12_digests = sibling(opt.clip, ".nv12.sha256");
	if (!opt.xrgb_digests)
		opt.xrgb_digests = sibling(opt.clip, ".xrgb.sha256");
	if (clip_load(&d.c, opt.clip) ||
	    digests_load(opt.nv12_digests, h->frame_count, &d.want_nv12) ||
	    (opt.use_drm &&
	     digests_load(opt.xrgb_digests, h->frame_count, &d.want_xrgb)))
		return 1;
	d.nframes = opt.frames && opt.frames < h->frame_count ? opt.frames :
								h->frame_count;
	info("clip %s: %ux%u Motion-JPEG, %u frames at %u/%u fps, key id %u, %zu bytes encrypted",
	     opt.clip, h->width, h->height, h->frame_count, h->fps_num,
	     h->fps_den, h->key_id, d.c.len);

	/* ---- the secure video TA ---- */
	if (tee_open(&d.t, h))
		goto out;
	info("secure video TA %08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x, stream opened (MJPG, key id %u)",
	     video_ta_uuid.timeLow, video_ta_uuid.timeMid,
	     video_ta_uuid.timeHiAndVersion,
	     video_ta_uuid.clockSeqAndNode[0], video_ta_uuid.clockSeqAndNode[1],
	     video_ta_uuid.clockSeqAndNode[2], video_ta_uuid.clockSeqAndNode[3],
	     video_ta_uuid.clockSeqAndNode[4], video_ta_uuid.clockSeqAndNode[5],
	     video_ta_uuid.clockSeqAndNode[6], video_ta_uuid.clockSeqAndNode[7],
	     h->key_id);

	/* ---- importers and buffers (the V4L2 output's layout: later) ---- */
	d.nv12 = (struct layout){
		.fourcc = SDP_VIDEO_PIXFMT_NV12,
		.stride = h->width,
		.uv_offset = (uint32_t)h->width * h->height,
		.size = (size_t)h->width * h->height +
			(size_t)h->width * ((h->height + 1u) / 2),
	};
	d.rgb = (struct layout){
		.fourcc = SDP_VIDEO_PIXFMT_XRGB8888,
		.stride = (uint32_t)h->width * 4,
		.size = (size_t)h->width * 4 * h->height,
	};
	if ((opt.use_v4l2 && v4l2_open(&d.v)) ||
	    (opt.use_drm && drm_setup(&d)) ||
	    (opt.fused ? fused_setup(&d) : split_setup(&d)))
		goto out;

	/* ---- play ---- */
	t0 = now_s();
	if (opt.fused)
		play_fused(&d);
	else
		play_split(&d);
	dec_close(&d.dec);
	if (opt.use_v4l2)
		v4l2_stop(&d.v);
	d.st.total_s = now_s() - t0;
	if (!opt.fused)
		d.st.decode_s = d.dec.wait_s + d.dec.out.time_s +
				d.dec.cap.time_s;
	report(&d);
out:
	dec_close(&d.dec);
	if (opt.use_v4l2 && d.v.fd >= 0)
		v4l2_stop(&d.v);
	for (unsigned int i = 0; i < XRGB_BUFS; i++) {
		if (d.xrgb[i].fb)
			ioc(d.k.pipe.fd, DRM_IOCTL_MODE_RMFB, &d.xrgb[i].fb);
		if (d.k.pipe.fd >= 0)
			gem_close(d.k.pipe.fd, &d.xrgb[i].kms_handle);
		if (d.gem >= 0)
			gem_close(d.gem, &d.xrgb[i].gem_handle);
		rbuf_free(&d.xrgb[i]);
	}
	for (unsigned int i = 0; i < MAX_RING; i++) {
		if (d.gem >= 0)
			gem_close(d.gem, &d.ring[i].gem_handle);
		rbuf_free(&d.ring[i]);
	}
	for (unsigned int i = 0; i < BITSTREAM_BUFS; i++)
		rbuf_free(&d.bits[i]);
	kms_teardown(&d.k);
	close_fd(&d.gem);
	tee_close(&d.t);
	printf("  result                             : %s\n",
	       unexpected ? "FAILED (see the errors above)" : "PASS");
	free(d.want_nv12);
	free(d.want_xrgb);
	free(d.c.frames);
	free(d.c.data);
	return unexpected;
}

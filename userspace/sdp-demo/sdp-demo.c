// SPDX-License-Identifier: GPL-2.0
/*
 * sdp-demo: the secure video path, end to end.
 *
 * An encrypted Motion-JPEG clip (docs/clip-format.md) is played through the
 * secure world into restricted memory and handed to real importers, without
 * a single normal-world CPU access to a decoded pixel:
 *
 *   1. A ring of NV12 frame buffers is allocated from a restricted dma-buf
 *      heap and registered with the TEE (TEEC_RegisterSharedMemoryFileDescriptor).
 *   2. For each frame, the encrypted record (ciphertext, as read from the
 *      file) goes to the secure decoder TA, which decrypts it with a key
 *      that only the firmware holds and decodes it into a ring buffer at the
 *      plane layout the V4L2 output asked for. The TA returns the SHA-256 of
 *      the frame's pixels, checked against the clip's expected digests.
 *   3. The ring buffer goes to a V4L2 output (vivid, vb2-dma-contig) as a
 *      DMABUF, streamed with REQBUFS/QBUF/STREAMON/DQBUF/STREAMOFF.
 *   4. The TA colour-converts the frame into a restricted XRGB8888 buffer
 *      (digest checked too), which is PRIME-imported into vkms and vgem and
 *      turned into a framebuffer on vkms. vkms composes planes with the
 *      CPU, so its atomic commit must refuse the buffer: that refusal is
 *      the expected outcome ("protected buffer refused by a CPU-composited
 *      plane"); an ordinary dumb buffer on the same plane is the control.
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
#define DEFAULT_RING	4
#define MAX_RING	16
#define XRGB_BUFS	2
#define POLL_MS		5000

static const TEEC_UUID video_ta_uuid = TA_SDP_VIDEO_UUID;

struct options {
	const char *clip;
	const char *nv12_digests;
	const char *xrgb_digests;
	const char *heap;
	const char *video;	/* NULL: first vivid video output */
	const char *kms;	/* NULL: first vkms card */
	const char *gem;	/* NULL: first vgem card */
	unsigned int frames;	/* 0: all */
	unsigned int ring;
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

static TEEC_Result tee_decode(struct tee *t, const struct clip *c,
			      const struct clip_frame *f, struct rbuf *dst,
			      const struct layout *l, uint32_t *origin)
{
	TEEC_Operation op;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT,
					 TEEC_MEMREF_PARTIAL_OUTPUT,
					 TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT);
	/* The record as it is in the file: length, IV, ciphertext. */
	op.params[0].tmpref.buffer = c->data + f->record_offset;
	op.params[0].tmpref.size = SDP_VIDEO_RECORD_HDR_SIZE + f->length;
	op.params[1].memref.parent = &dst->shm;
	op.params[1].memref.offset = 0;
	op.params[1].memref.size = dst->size;
	op.params[2].value.a = l->stride;
	op.params[2].value.b = l->uv_offset;
	return TEEC_InvokeCommand(&t->sess, SDP_VIDEO_CMD_DECODE_FRAME, &op,
				  origin);
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
/* V4L2 output                                                        */
/* ------------------------------------------------------------------ */

struct v4l2_out {
	int fd;
	char path[64];
	char card[32];
	uint32_t type;
	bool mplane;
	bool requested, streaming;
	unsigned int in_flight;
	bool queued[MAX_RING];
	uint32_t field;
	unsigned int sent, returned, reclaimed, errors;
	double wait_s;		/* blocked in poll for a returned buffer */
};

/* A streaming video output (of vivid, unless --video names the node). */
static bool is_vivid_output(int fd, struct v4l2_out *v)
{
	struct v4l2_capability cap;
	uint32_t caps;

	memset(&cap, 0, sizeof(cap));
	if (ioc(fd, VIDIOC_QUERYCAP, &cap))
		return false;
	caps = cap.capabilities & V4L2_CAP_DEVICE_CAPS ? cap.device_caps :
							   cap.capabilities;
	snprintf(v->card, sizeof(v->card), "%s", (const char *)cap.driver);
	v->mplane = !(caps & V4L2_CAP_VIDEO_OUTPUT);
	return (caps & (V4L2_CAP_VIDEO_OUTPUT | V4L2_CAP_VIDEO_OUTPUT_MPLANE)) &&
	       (caps & V4L2_CAP_STREAMING) &&
	       (opt.video || !strcmp((const char *)cap.driver, "vivid"));
}

static int v4l2_open(struct v4l2_out *v)
{
	v->fd = -1;
	for (int i = 0; i < 64 && v->fd < 0; i++) {
		int fd;

		if (opt.video) {
			if (i)
				break;
			snprintf(v->path, sizeof(v->path), "%s", opt.video);
		} else {
			snprintf(v->path, sizeof(v->path), "/dev/video%d", i);
		}
		fd = open(v->path, O_RDWR | O_CLOEXEC | O_NONBLOCK);
		if (fd < 0)
			continue;
		if (is_vivid_output(fd, v))
			v->fd = fd;
		else
			close(fd);
	}
	if (v->fd < 0) {
		fail("%s", opt.video ?
		     "the --video node is not a streaming video output" :
		     "no vivid video output in /dev/video* (CONFIG_VIDEO_VIVID, vivid.allocators=1)");
		return -1;
	}
	v->type = v->mplane ? V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE :
			      V4L2_BUF_TYPE_VIDEO_OUTPUT;
	return 0;
}

/* S_FMT NV12 at the clip's size; the driver's bytesperline sets the layout. */
static int v4l2_set_format(struct v4l2_out *v, uint32_t w, uint32_t h,
			   struct layout *l)
{
	struct v4l2_format f;
	uint32_t gw, gh, pf, bpl, size;
	int ret;

	memset(&f, 0, sizeof(f));
	f.type = v->type;
	if (v->mplane) {
		f.fmt.pix_mp.width = w;
		f.fmt.pix_mp.height = h;
		f.fmt.pix_mp.pixelformat = V4L2_PIX_FMT_NV12;
		f.fmt.pix_mp.num_planes = 1;
	} else {
		f.fmt.pix.width = w;
		f.fmt.pix.height = h;
		f.fmt.pix.pixelformat = V4L2_PIX_FMT_NV12;
	}
	ret = ioc(v->fd, VIDIOC_S_FMT, &f);
	if (ret) {
		fail("%s: VIDIOC_S_FMT(NV12 %ux%u): %s", v->path, w, h,
		     strerror(-ret));
		return -1;
	}
	if (v->mplane) {
		gw = f.fmt.pix_mp.width;
		gh = f.fmt.pix_mp.height;
		pf = f.fmt.pix_mp.pixelformat;
		bpl = f.fmt.pix_mp.plane_fmt[0].bytesperline;
		size = f.fmt.pix_mp.plane_fmt[0].sizeimage;
		v->field = f.fmt.pix_mp.field;
		if (f.fmt.pix_mp.num_planes != 1)
			pf = 0;
	} else {
		gw = f.fmt.pix.width;
		gh = f.fmt.pix.height;
		pf = f.fmt.pix.pixelformat;
		bpl = f.fmt.pix.bytesperline;
		size = f.fmt.pix.sizeimage;
		v->field = f.fmt.pix.field;
	}
	if (gw != w || gh != h || pf != V4L2_PIX_FMT_NV12) {
		fail("%s: asked for NV12 %ux%u, the driver set %.4s %ux%u",
		     v->path, w, h, (const char *)&pf, gw, gh);
		return -1;
	}
	l->fourcc = SDP_VIDEO_PIXFMT_NV12;
	l->stride = bpl;
	l->uv_offset = bpl * h;
	l->size = size;
	if ((uint64_t)l->uv_offset + (uint64_t)bpl * ((h + 1) / 2) > size) {
		fail("%s: sizeimage %u is too small for NV12 with bytesperline %u",
		     v->path, size, bpl);
		return -1;
	}
	return 0;
}

static int v4l2_reqbufs(struct v4l2_out *v, unsigned int count)
{
	struct v4l2_requestbuffers rb;
	int ret;

	memset(&rb, 0, sizeof(rb));
	rb.count = count;
	rb.type = v->type;
	rb.memory = V4L2_MEMORY_DMABUF;
	ret = ioc(v->fd, VIDIOC_REQBUFS, &rb);
	if (ret) {
		fail("%s: VIDIOC_REQBUFS(%u, DMABUF): %s", v->path, count,
		     strerror(-ret));
		return -1;
	}
	if (rb.count < count) {
		fail("%s: VIDIOC_REQBUFS granted %u of %u buffers", v->path,
		     rb.count, count);
		return -1;
	}
	v->requested = count > 0;
	return 0;
}

static int v4l2_qbuf(struct v4l2_out *v, unsigned int index,
		     const struct rbuf *b, size_t bytesused, unsigned int seq)
{
	struct v4l2_plane plane;
	struct v4l2_buffer vb;
	int ret;

	memset(&vb, 0, sizeof(vb));
	memset(&plane, 0, sizeof(plane));
	vb.index = index;
	vb.type = v->type;
	vb.memory = V4L2_MEMORY_DMABUF;
	vb.field = v->field;
	vb.timestamp.tv_sec = seq / 25;
	vb.timestamp.tv_usec = (seq % 25) * 40000;
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
	if (ret) {
		fail("%s: VIDIOC_QBUF(index %u, restricted dma-buf): %s",
		     v->path, index, strerror(-ret));
		v->errors++;
		return -1;
	}
	v->queued[index] = true;
	v->in_flight++;
	v->sent++;
	return 0;
}

/* Wait for the driver to hand back one buffer; its index or -1. */
static int v4l2_dqbuf(struct v4l2_out *v)
{
	struct pollfd pfd = { .fd = v->fd, .events = POLLOUT | POLLWRNORM };
	struct v4l2_plane plane;
	struct v4l2_buffer vb;
	int ret;

	double t0 = now_s();

	ret = poll(&pfd, 1, POLL_MS);
	v->wait_s += now_s() - t0;
	if (ret <= 0 || (pfd.revents & POLLERR)) {
		fail("%s: no buffer came back within %d ms (poll %s, revents 0x%x)",
		     v->path, POLL_MS, ret < 0 ? strerror(errno) : "timeout",
		     pfd.revents);
		v->errors++;
		return -1;
	}
	memset(&vb, 0, sizeof(vb));
	vb.type = v->type;
	vb.memory = V4L2_MEMORY_DMABUF;
	if (v->mplane) {
		vb.m.planes = &plane;
		vb.length = 1;
	}
	ret = ioc(v->fd, VIDIOC_DQBUF, &vb);
	if (ret) {
		fail("%s: VIDIOC_DQBUF: %s", v->path, strerror(-ret));
		v->errors++;
		return -1;
	}
	if (vb.index >= opt.ring || !v->queued[vb.index]) {
		fail("%s: VIDIOC_DQBUF returned index %u, not one we queued",
		     v->path, vb.index);
		v->errors++;
		return -1;
	}
	if (vb.flags & V4L2_BUF_FLAG_ERROR) {
		fail("%s: buffer %u came back with V4L2_BUF_FLAG_ERROR",
		     v->path, vb.index);
		v->errors++;
	}
	v->queued[vb.index] = false;
	v->in_flight--;
	v->returned++;
	return (int)vb.index;
}

static int v4l2_streamon(struct v4l2_out *v)
{
	int type = (int)v->type;
	int ret = ioc(v->fd, VIDIOC_STREAMON, &type);

	if (ret) {
		fail("%s: VIDIOC_STREAMON: %s", v->path, strerror(-ret));
		v->errors++;
		return -1;
	}
	v->streaming = true;
	return 0;
}

/*
 * Drain what is in flight, STREAMOFF, free the queue's buffers. Like a
 * display, vivid keeps showing the newest frame until another one is
 * queued, so the last buffer comes back through STREAMOFF, not DQBUF.
 */
static void v4l2_stop(struct v4l2_out *v)
{
	int type = (int)v->type;
	int ret;

	while (v->streaming && v->in_flight > 1)
		if (v4l2_dqbuf(v) < 0)
			break;
	if (v->streaming) {
		ret = ioc(v->fd, VIDIOC_STREAMOFF, &type);
		if (ret) {
			fail("%s: VIDIOC_STREAMOFF: %s", v->path,
			     strerror(-ret));
			v->errors++;
		} else {
			v->reclaimed = v->in_flight;
			v->in_flight = 0;
		}
		v->streaming = false;
	}
	if (v->requested && v4l2_reqbufs(v, 0))
		v->errors++;
	v->requested = false;
	close_fd(&v->fd);
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
	unsigned int decoded, nv12_ok, xrgb_ok, converted;
	double decode_s, convert_s, digest_s, kms_s, total_s;
	unsigned int gem_imports;
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

static void usage(FILE *f)
{
	fprintf(f,
		"usage: sdp-demo [options]\n"
		"Decrypt and decode an encrypted Motion-JPEG clip in the secure world into\n"
		"restricted dma-bufs, verify every frame's digest, and hand the frames to a\n"
		"V4L2 output (vivid) and to DRM (vkms, vgem). The normal world never maps a\n"
		"decoded frame.\n\n"
		"  -c, --clip FILE       encrypted clip (default %s)\n"
		"  -d, --digests FILE    expected NV12 digests (default: the clip's name\n"
		"                        with .nv12.sha256 for .sdpclip)\n"
		"  -x, --xrgb-digests FILE  expected XRGB8888 digests (default .xrgb.sha256)\n"
		"  -H, --heap PATH       restricted dma-buf heap (default %s)\n"
		"  -n, --frames N        play the first N frames (default: all)\n"
		"  -r, --ring N          frame buffers in the ring, 2..%d (default %d)\n"
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
	enum { OPT_VIDEO = 256, OPT_KMS, OPT_GEM, OPT_NO_V4L2, OPT_NO_DRM };
	static const struct option lopts[] = {
		{ "clip", required_argument, NULL, 'c' },
		{ "digests", required_argument, NULL, 'd' },
		{ "xrgb-digests", required_argument, NULL, 'x' },
		{ "heap", required_argument, NULL, 'H' },
		{ "frames", required_argument, NULL, 'n' },
		{ "ring", required_argument, NULL, 'r' },
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
	uint8_t (*want_nv12)[SDP_VIDEO_DIGEST_SIZE] = NULL;
	uint8_t (*want_xrgb)[SDP_VIDEO_DIGEST_SIZE] = NULL;
	struct rbuf ring[MAX_RING], xrgb[XRGB_BUFS];
	struct v4l2_out v = { .fd = -1 };
	struct kms k = { .pipe.fd = -1 };
	struct layout nv12, rgb;
	struct stats st = { 0 };
	struct clip c = { 0 };
	struct tee t = { 0 };
	char gem_path[64] = "";
	int gem = -1;
	unsigned int nframes, next_free = 0;
	double t0, t_all;
	bool stop = false;

	for (unsigned int i = 0; i < MAX_RING; i++)
		ring[i] = (struct rbuf){ .fd = -1 };
	for (unsigned int i = 0; i < XRGB_BUFS; i++)
		xrgb[i] = (struct rbuf){ .fd = -1 };
	if (parse_args(argc, argv))
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);

	/* ---- the clip ---- */
	if (!opt.nv12_digests)
		opt.nv12_digests = sibling(opt.clip, ".nv12.sha256");
	if (!opt.xrgb_digests)
		opt.xrgb_digests = sibling(opt.clip, ".xrgb.sha256");
	if (clip_load(&c, opt.clip) ||
	    digests_load(opt.nv12_digests, c.h.frame_count, &want_nv12) ||
	    (opt.use_drm &&
	     digests_load(opt.xrgb_digests, c.h.frame_count, &want_xrgb)))
		return 1;
	nframes = opt.frames && opt.frames < c.h.frame_count ? opt.frames :
							       c.h.frame_count;
	info("clip %s: %ux%u Motion-JPEG, %u frames at %u/%u fps, key id %u, %zu bytes encrypted",
	     opt.clip, c.h.width, c.h.height, c.h.frame_count, c.h.fps_num,
	     c.h.fps_den, c.h.key_id, c.len);

	/* ---- the secure decoder ---- */
	if (tee_open(&t, &c.h))
		goto out;
	info("secure decoder: TA %08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x, stream opened (MJPG, key id %u)",
	     video_ta_uuid.timeLow, video_ta_uuid.timeMid,
	     video_ta_uuid.timeHiAndVersion,
	     video_ta_uuid.clockSeqAndNode[0], video_ta_uuid.clockSeqAndNode[1],
	     video_ta_uuid.clockSeqAndNode[2], video_ta_uuid.clockSeqAndNode[3],
	     video_ta_uuid.clockSeqAndNode[4], video_ta_uuid.clockSeqAndNode[5],
	     video_ta_uuid.clockSeqAndNode[6], video_ta_uuid.clockSeqAndNode[7],
	     c.h.key_id);

	/* ---- V4L2 output format decides the NV12 layout ---- */
	nv12 = (struct layout){
		.fourcc = SDP_VIDEO_PIXFMT_NV12,
		.stride = c.h.width,
		.uv_offset = (uint32_t)c.h.width * c.h.height,
		.size = (size_t)c.h.width * c.h.height +
			(size_t)c.h.width * ((c.h.height + 1u) / 2),
	};
	if (opt.use_v4l2) {
		if (v4l2_open(&v) || v4l2_set_format(&v, c.h.width, c.h.height,
						     &nv12))
			goto out;
		info("V4L2: %s (%s) video output, NV12 %ux%u, bytesperline %u, sizeimage %zu, memory DMABUF",
		     v.path, v.card, c.h.width, c.h.height, nv12.stride,
		     nv12.size);
	}
	rgb = (struct layout){
		.fourcc = SDP_VIDEO_PIXFMT_XRGB8888,
		.stride = (uint32_t)c.h.width * 4,
		.size = (size_t)c.h.width * 4 * c.h.height,
	};

	/* ---- restricted buffers, registered with the TEE ---- */
	for (unsigned int i = 0; i < opt.ring; i++)
		if (rbuf_alloc(&t, &ring[i], nv12.size))
			goto out;
	info("ring: %u NV12 buffers of %zu bytes from %s, registered with the TEE",
	     opt.ring, nv12.size, opt.heap);
	if (opt.use_drm) {
		for (unsigned int i = 0; i < XRGB_BUFS; i++)
			if (rbuf_alloc(&t, &xrgb[i], rgb.size))
				goto out;
		info("DRM: %u XRGB8888 buffers of %zu bytes from %s, registered with the TEE",
		     XRGB_BUFS, rgb.size, opt.heap);
	}
	if (opt.use_v4l2 && v4l2_reqbufs(&v, opt.ring))
		goto out;

	/* ---- DRM importers ---- */
	if (opt.use_drm) {
		gem = drm_open("vgem", opt.gem, gem_path, sizeof(gem_path));
		k.pipe.fd = drm_open("vkms", opt.kms, k.path, sizeof(k.path));
		if (gem < 0 || k.pipe.fd < 0 || kms_setup(&k))
			goto out;
		k.w = c.h.width < k.pipe.mode.hdisplay ? c.h.width :
							 k.pipe.mode.hdisplay;
		k.h = c.h.height < k.pipe.mode.vdisplay ? c.h.height :
							  k.pipe.mode.vdisplay;
		for (unsigned int i = 0; i < opt.ring; i++) {
			if (prime_import(gem, gem_path, &ring[i],
					 &ring[i].gem_handle))
				goto out;
			st.gem_imports++;
		}
		for (unsigned int i = 0; i < XRGB_BUFS; i++) {
			int ret;

			if (prime_import(gem, gem_path, &xrgb[i],
					 &xrgb[i].gem_handle))
				goto out;
			st.gem_imports++;
			if (prime_import(k.pipe.fd, k.path, &xrgb[i],
					 &xrgb[i].kms_handle))
				goto out;
			ret = kms_addfb_xrgb8888(k.pipe.fd, xrgb[i].kms_handle,
						 rgb.stride, c.h.width,
						 c.h.height, &xrgb[i].fb);
			if (ret) {
				fail("%s: DRM_IOCTL_MODE_ADDFB2(XRGB8888 %ux%u, restricted): %s",
				     k.path, c.h.width, c.h.height,
				     strerror(-ret));
				goto out;
			}
			k.addfb_ok++;
		}
		kms_control(&k, c.h.width, c.h.height);
		info("DRM: %s (vgem) imported %u restricted buffers; %s (vkms) framebuffers %u and %u on plane %u, mode %s; control commit with a dumb buffer %s",
		     gem_path, st.gem_imports, k.path, xrgb[0].fb, xrgb[1].fb,
		     k.pipe.plane, k.pipe.mode.name, k.control_ok ? "ok" : "FAILED");
	}

	/* ---- play ---- */
	t_all = now_s();
	for (unsigned int i = 0; i < nframes && !stop; i++) {
		const struct clip_frame *f = &c.frames[i];
		uint8_t got[SDP_VIDEO_DIGEST_SIZE];
		uint32_t origin = 0;
		TEEC_Result res;
		struct rbuf *x;
		unsigned int slot;
		int idx;

		/* A free ring slot, or the next one V4L2 gives back. */
		if (next_free < opt.ring) {
			slot = next_free++;
		} else if (opt.use_v4l2) {
			idx = v4l2_dqbuf(&v);
			if (idx < 0)
				break;
			slot = (unsigned int)idx;
		} else {
			slot = i % opt.ring;
		}

		t0 = now_s();
		res = tee_decode(&t, &c, f, &ring[slot], &nv12, &origin);
		st.decode_s += now_s() - t0;
		if (res != TEEC_SUCCESS) {
			char what[48];

			snprintf(what, sizeof(what), "frame %u: decode", i);
			tee_report(what, res, origin);
			break;
		}
		st.decoded++;
		t0 = now_s();
		res = tee_digest(&t, &ring[slot], &nv12, got, &origin);
		st.digest_s += now_s() - t0;
		if (res != TEEC_SUCCESS) {
			tee_report("NV12 digest", res, origin);
			break;
		}
		if (check_digest("NV12", i, got, want_nv12[i]))
			st.nv12_ok++;
		else
			stop = true;

		if (opt.use_v4l2) {
			if (v4l2_qbuf(&v, slot, &ring[slot], nv12.size, i) ||
			    (!v.streaming && v4l2_streamon(&v)))
				break;
		}

		if (opt.use_drm) {
			x = &xrgb[i % XRGB_BUFS];
			t0 = now_s();
			res = tee_convert(&t, &ring[slot], &nv12, x, &rgb,
					  &origin);
			st.convert_s += now_s() - t0;
			if (res != TEEC_SUCCESS) {
				tee_report("convert to XRGB8888", res, origin);
				break;
			}
			st.converted++;
			t0 = now_s();
			res = tee_digest(&t, x, &rgb, got, &origin);
			st.digest_s += now_s() - t0;
			if (res != TEEC_SUCCESS) {
				tee_report("XRGB8888 digest", res, origin);
				break;
			}
			if (check_digest("XRGB8888", i, got, want_xrgb[i]))
				st.xrgb_ok++;
			else
				stop = true;
			t0 = now_s();
			kms_present(&k, x, i);
			st.kms_s += now_s() - t0;
		}
		if (opt.verbose)
			info("frame %u: %u bytes encrypted -> ring buffer %u: NV12 digest ok%s%s",
			     i, f->length, slot,
			     opt.use_v4l2 ? ", queued to V4L2" : "",
			     opt.use_drm ? ", XRGB8888 digest ok, vkms commit refused" : "");
	}
	if (opt.use_v4l2)
		v4l2_stop(&v);
	st.total_s = now_s() - t_all;

	/* ---- report ---- */
	printf("\n==== sdp-demo report: %s ====\n", opt.clip);
	printf("  frames decoded in the secure world : %u/%u (%.1f ms/frame, %.1f frames/s)\n",
	       st.decoded, nframes,
	       st.decoded ? st.decode_s * 1e3 / st.decoded : 0.0,
	       st.decode_s > 0 ? st.decoded / st.decode_s : 0.0);
	printf("  NV12 digests matched               : %u/%u\n", st.nv12_ok,
	       nframes);
	if (opt.use_drm)
		printf("  XRGB8888 digests matched           : %u/%u (secure colour conversion %.1f ms/frame)\n",
		       st.xrgb_ok, nframes,
		       st.converted ? st.convert_s * 1e3 / st.converted : 0.0);
	if (opt.use_v4l2)
		printf("  V4L2 %s (%s output)     : %u frames queued as DMABUF, %u returned by DQBUF + %u held for display until STREAMOFF, %u errors\n",
		       v.path, v.card, v.sent, v.returned, v.reclaimed,
		       v.errors);
	else
		printf("  V4L2                               : skipped (--no-v4l2)\n");
	if (opt.use_drm) {
		printf("  DRM %s (vgem)          : %u restricted buffers PRIME-imported\n",
		       gem_path, st.gem_imports);
		printf("  DRM %s (vkms)          : ADDFB2 ok x%u; control commit with a dumb buffer %s\n",
		       k.path, k.addfb_ok, k.control_ok ? "ok" : "FAILED");
		if (k.refused)
			printf("  DRM %s (vkms)          : protected buffer refused by a CPU-composited plane (%s, errno %d) x%u\n",
			       k.path, strerror(k.refused_errno),
			       k.refused_errno, k.refused);
		if (k.accepted)
			printf("  DRM %s (vkms)          : restricted buffer ACCEPTED x%u (unexpected)\n",
			       k.path, k.accepted);
	} else {
		printf("  DRM                                : skipped (--no-drm)\n");
	}
	printf("  end to end                         : %u frames in %.2f s, %.1f frames/s\n",
	       st.decoded, st.total_s,
	       st.total_s > 0 ? st.decoded / st.total_s : 0.0);
	printf("  time in: secure decode %.2f s, digests %.2f s, conversion %.2f s, V4L2 waits %.2f s, vkms commits %.2f s\n",
	       st.decode_s, st.digest_s, st.convert_s, v.wait_s, st.kms_s);
	if (st.decoded != nframes || st.nv12_ok != nframes ||
	    (opt.use_drm && (st.xrgb_ok != nframes || k.refused != nframes ||
			     !k.control_ok)) ||
	    (opt.use_v4l2 && (v.sent != nframes ||
			      v.returned + v.reclaimed != nframes ||
			      v.errors)))
		unexpected = 1;
out:
	if (opt.use_v4l2 && v.fd >= 0)
		v4l2_stop(&v);
	for (unsigned int i = 0; i < XRGB_BUFS; i++) {
		if (xrgb[i].fb)
			ioc(k.pipe.fd, DRM_IOCTL_MODE_RMFB, &xrgb[i].fb);
		if (k.pipe.fd >= 0)
			gem_close(k.pipe.fd, &xrgb[i].kms_handle);
		if (gem >= 0)
			gem_close(gem, &xrgb[i].gem_handle);
		rbuf_free(&xrgb[i]);
	}
	for (unsigned int i = 0; i < MAX_RING; i++) {
		if (gem >= 0)
			gem_close(gem, &ring[i].gem_handle);
		rbuf_free(&ring[i]);
	}
	kms_teardown(&k);
	close_fd(&gem);
	tee_close(&t);
	printf("  result                             : %s\n",
	       unexpected ? "FAILED (see the errors above)" : "PASS");
	free(want_nv12);
	free(want_xrgb);
	free(c.frames);
	free(c.data);
	return unexpected;
}

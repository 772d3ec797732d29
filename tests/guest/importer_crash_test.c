// SPDX-License-Identifier: GPL-2.0
/*
 * importer_crash_test - restricted dma-bufs vs. V4L2 drivers that fill or
 * read buffers with the CPU.
 *
 * The restricted heap's dma-bufs have no vmap, so on a vb2-dma-contig queue
 * vb2_plane_vaddr() returns NULL for them. Drivers that generate or copy
 * frames with the CPU must refuse such buffers instead of writing through
 * NULL (a kernel oops). With the media patches of this project:
 *
 *   vivid    (vivid.allocators=1) video, VBI, SDR, metadata and touch
 *            capture: buf_prepare refuses the buffer, QBUF fails with
 *            EFAULT (the errno vb2-vmalloc returns for a dma-buf it cannot
 *            vmap). Control: a system-heap buffer streams on video capture.
 *   vivid    sliced VBI and metadata output: the output thread reads the
 *            payload with the CPU; QBUF fails with EFAULT. (Video and raw
 *            VBI output payloads are never read: accepted, see
 *            importer_test.)
 *   loop     vivid's S-Video input connected to its S-Video output: the
 *            capture thread copies the output buffer with the CPU. Control:
 *            system-heap output buffers are copied byte for byte into
 *            system-heap capture buffers. Restricted output buffers are
 *            streamed and the capture side falls back to the test pattern,
 *            which for a connected input is vivid's noise (see
 *            is_vivid_noise()). A restricted capture buffer is refused with
 *            EFAULT.
 *   vimc     (vimc.allocator=1) "Raw Capture 0": QBUF fails with EFAULT.
 *            Control: with Sensor A set to SRGGB8 (so that the default
 *            pipeline validates), system-heap buffers stream.
 *
 * If a restricted buffer is accepted anyway, the test still streams it
 * (bounded by poll timeouts) so that an oops shows on the console.
 *
 * Usage: importer_crash_test [--only vivid|vivid-out|loop|vimc] [HEAP]
 *        (default heap /dev/dma_heap/restricted; --only runs one group, to
 *        reproduce one oops at a time on an unpatched kernel)
 * Output: TAP.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/dma-heap.h>
#include <linux/media-bus-format.h>
#include <linux/v4l2-subdev.h>
#include <linux/videodev2.h>

#include "tap.h"
#include "testutil.h"

#define SYSTEM_HEAP	"/dev/dma_heap/system"
#define NBUFS		4
#define CYCLES		6
#define POLL_MS		3000
#define SMALL_BUF	(1 << 20)
#define SYSTEM_CHUNK	(1 << 20)	/* the system heap's largest order */
/* vivid's private "OSD Text Mode" menu control and its item "None" */
#define VIVID_CID_OSD_TEXT_MODE		(0x00f00000 | 0xf000 | 1)
#define VIVID_OSD_NONE			2
/* vivid's private "S-Video 000-0 Is Connected To" menu control */
#define VIVID_CID_SVID_CONNECTED_0	(0x00f00000 | 0xf000 | 128)
#define VIVID_MENU_FIRST_OUTPUT		2
#define VIVID_INPUT_TV			1
#define VIVID_INPUT_SVID		2
#define VIVID_OUTPUT_SVID		0

static const char *heap_path = "/dev/dma_heap/restricted";

/*
 * Open the /dev/@prefix<N> whose sysfs name is @name (vivid names its nodes
 * "vivid-000-vid-cap" etc., vimc after its entities); -ENODEV if none.
 */
static int open_by_name(const char *prefix, const char *name, char *path,
			size_t len)
{
	for (int i = 0; i < 64; i++) {
		char sys[96], buf[64] = "";
		FILE *f;
		int fd;

		snprintf(sys, sizeof(sys), "/sys/class/video4linux/%s%d/name",
			 prefix, i);
		f = fopen(sys, "r");
		if (!f)
			continue;
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = 0;
		fclose(f);
		buf[strcspn(buf, "\n")] = 0;
		if (strcmp(buf, name))
			continue;
		snprintf(path, len, "/dev/%s%d", prefix, i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0) {
			tap_diag("open %s: %s", path, strerror(errno));
			return -errno;
		}
		return fd;
	}
	snprintf(path, len, "(none)");
	tap_diag("no /dev/%sN named \"%s\"", prefix, name);
	return -ENODEV;
}

/* ------------------------------------------------------------------ */
/* Single-planar V4L2 queues with DMABUF memory                       */
/* ------------------------------------------------------------------ */

struct vq {
	int fd;
	char path[32];
	uint32_t type;
	uint32_t size;
	uint32_t bytesused;	/* of the last buffer dequeued */
	int bufs[NBUFS];
	unsigned int nbufs;
	bool streaming;
};

static void vq_init(struct vq *q, uint32_t type)
{
	memset(q, 0, sizeof(*q));
	q->fd = -1;
	q->type = type;
	for (int i = 0; i < NBUFS; i++)
		q->bufs[i] = -1;
}

/* Buffer size the queue needs, from VIDIOC_G_FMT (0 on error). */
static uint32_t vq_fmt_size(struct vq *q)
{
	struct v4l2_format f = { .type = q->type };

	if (!ok_or_diag(ioc(q->fd, VIDIOC_G_FMT, &f), q->path, "VIDIOC_G_FMT"))
		return 0;
	switch (q->type) {
	case V4L2_BUF_TYPE_VIDEO_CAPTURE:
	case V4L2_BUF_TYPE_VIDEO_OUTPUT:
		return f.fmt.pix.sizeimage;
	/* output payloads must fit what queue_setup sized the planes for */
	case V4L2_BUF_TYPE_SLICED_VBI_OUTPUT:
		return f.fmt.sliced.io_size;
	case V4L2_BUF_TYPE_META_OUTPUT:
		return f.fmt.meta.buffersize;
	default:
		return SMALL_BUF;
	}
}

/* Allocate @n buffers of the queue's size from @heap; false on error. */
static bool vq_alloc(struct vq *q, const char *heap, unsigned int n)
{
	q->size = vq_fmt_size(q);
	if (!q->size)
		return false;
	q->nbufs = n;
	for (unsigned int i = 0; i < n; i++) {
		/*
		 * vb2-dma-contig needs DMA-contiguous buffers and these devices
		 * have no IOMMU: a 1 MiB system-heap buffer is one order-8
		 * chunk, smaller ones are made of 64 KiB or 4 KiB pages.
		 */
		size_t len = q->size;

		if (!strcmp(heap, SYSTEM_HEAP) && len < SYSTEM_CHUNK)
			len = SYSTEM_CHUNK;
		q->bufs[i] = heap_alloc(heap, len);
		if (q->bufs[i] < 0)
			return false;
	}
	return true;
}

static int vq_reqbufs(struct vq *q, unsigned int count)
{
	struct v4l2_requestbuffers rb = {
		.count = count, .type = q->type, .memory = V4L2_MEMORY_DMABUF,
	};
	int ret = ioc(q->fd, VIDIOC_REQBUFS, &rb);

	if (!ret && rb.count < count) {
		tap_diag("%s: VIDIOC_REQBUFS(%u) granted %u", q->path, count,
			 rb.count);
		ret = -ENOMEM;
	}
	return ret;
}

static int vq_qbuf(struct vq *q, unsigned int index)
{
	struct v4l2_buffer b = {
		.index = index, .type = q->type, .memory = V4L2_MEMORY_DMABUF,
		.length = q->size,
	};

	b.m.fd = q->bufs[index];
	if (V4L2_TYPE_IS_OUTPUT(q->type)) {
		b.bytesused = q->size;
		b.field = V4L2_FIELD_ANY;
	}
	return ioc(q->fd, VIDIOC_QBUF, &b);
}

/* Wait for and dequeue one buffer; returns its index or -errno. */
static int vq_dqbuf(struct vq *q)
{
	struct pollfd pfd = { .fd = q->fd };
	struct v4l2_buffer b = { .type = q->type, .memory = V4L2_MEMORY_DMABUF };
	int ret;

	pfd.events = V4L2_TYPE_IS_OUTPUT(q->type) ? POLLOUT : POLLIN;
	ret = poll(&pfd, 1, POLL_MS);
	if (ret <= 0) {
		tap_diag("%s: poll: %s", q->path,
			 ret ? strerror(errno) : "timed out");
		return ret ? -errno : -ETIMEDOUT;
	}
	ret = ioc(q->fd, VIDIOC_DQBUF, &b);
	if (ret)
		return ret;
	if (b.flags & V4L2_BUF_FLAG_ERROR) {
		tap_diag("%s: buffer %u has V4L2_BUF_FLAG_ERROR", q->path,
			 b.index);
		return -EIO;
	}
	q->bytesused = b.bytesused;
	return b.index < q->nbufs ? (int)b.index : -ERANGE;
}

static int vq_streamon(struct vq *q)
{
	int type = (int)q->type;
	int ret = ioc(q->fd, VIDIOC_STREAMON, &type);

	q->streaming = !ret;
	return ret;
}

/* STREAMOFF, free the vb2 buffers and the dma-bufs. */
static void vq_release(struct vq *q)
{
	int type = (int)q->type;

	if (q->fd >= 0) {
		if (q->streaming)
			ok_or_diag(ioc(q->fd, VIDIOC_STREAMOFF, &type), q->path,
				   "VIDIOC_STREAMOFF");
		q->streaming = false;
		ioc(q->fd, VIDIOC_REQBUFS, &(struct v4l2_requestbuffers){
			.type = q->type, .memory = V4L2_MEMORY_DMABUF });
	}
	for (int i = 0; i < NBUFS; i++)
		close_fd(&q->bufs[i]);
	q->nbufs = 0;
}

/* REQBUFS + QBUF every buffer; returns the first error. */
static int vq_queue_all(struct vq *q)
{
	int ret = vq_reqbufs(q, q->nbufs);

	for (unsigned int i = 0; !ret && i < q->nbufs; i++)
		ret = vq_qbuf(q, i);
	return ret;
}

/* Dequeue and requeue @n buffers of a streaming queue. */
static bool vq_cycle(struct vq *q, int n)
{
	for (int i = 0; i < n; i++) {
		int idx = vq_dqbuf(q);

		if (idx < 0)
			return ok_or_diag(idx, q->path, "VIDIOC_DQBUF");
		if (!ok_or_diag(vq_qbuf(q, idx), q->path, "VIDIOC_QBUF (requeue)"))
			return false;
	}
	return true;
}

/*
 * A restricted buffer must be refused at QBUF with EFAULT. If it is
 * accepted, stream it for a moment: that is where the unpatched drivers
 * oops, and the runner fails the suite on the console message.
 */
static int qbuf_refuses_restricted(struct vq *q, const char *name)
{
	int ret;

	if (q->fd < 0)
		return not_run(name, "device node missing");
	if (!vq_alloc(q, heap_path, 1))
		return not_run(name, "format or restricted allocation failed");
	ret = vq_reqbufs(q, 1);
	if (!ok_or_diag(ret, q->path, "VIDIOC_REQBUFS(1, DMABUF)")) {
		vq_release(q);
		return not_run(name, "REQBUFS failed");
	}
	ret = vq_qbuf(q, 0);
	if (!ret) {
		tap_diag("%s: QBUF accepted a restricted buffer; streaming it",
			 q->path);
		if (!vq_streamon(q))
			vq_dqbuf(q);
	}
	vq_release(q);
	return tap_errno(ret ? -1 : 0, -ret, EFAULT, name);
}

/* Control: @nbufs system-heap buffers stream (QBUF, STREAMON, DQBUF). */
static int streams_system_heap(struct vq *q, const char *name)
{
	bool pass;

	if (q->fd < 0)
		return not_run(name, "device node missing");
	if (!vq_alloc(q, SYSTEM_HEAP, NBUFS)) {
		vq_release(q);
		return not_run(name, "format or system-heap allocation failed");
	}
	pass = ok_or_diag(vq_queue_all(q), q->path, "REQBUFS/QBUF (system heap)") &&
	       ok_or_diag(vq_streamon(q), q->path, "VIDIOC_STREAMON") &&
	       vq_cycle(q, CYCLES);
	vq_release(q);
	return tap_result(pass, "%s", name);
}

/* ------------------------------------------------------------------ */
/* vivid (allocators=1): every capture queue                          */
/* ------------------------------------------------------------------ */

static int vivid_s_input(int fd, int input)
{
	return ioc(fd, VIDIOC_S_INPUT, &input);
}

static void vivid_cap_tests(void)
{
	static const struct {
		const char *prefix, *node, *test;
		uint32_t type;
		int input;
	} caps[] = {
		{ "video", "vivid-000-vid-cap",
		  "vivid_vid_cap_qbuf_refuses_restricted_efault",
		  V4L2_BUF_TYPE_VIDEO_CAPTURE, 0 },
		{ "vbi", "vivid-000-vbi-cap",
		  "vivid_vbi_cap_qbuf_refuses_restricted_efault",
		  V4L2_BUF_TYPE_VBI_CAPTURE, VIVID_INPUT_TV },
		{ "swradio", "vivid-000-sdr-cap",
		  "vivid_sdr_cap_qbuf_refuses_restricted_efault",
		  V4L2_BUF_TYPE_SDR_CAPTURE, -1 },
		{ "video", "vivid-000-meta-cap",
		  "vivid_meta_cap_qbuf_refuses_restricted_efault",
		  V4L2_BUF_TYPE_META_CAPTURE, 0 },
		{ "v4l-touch", "vivid-000-touch-cap",
		  "vivid_touch_cap_qbuf_refuses_restricted_efault",
		  V4L2_BUF_TYPE_VIDEO_CAPTURE, -1 },
	};
	struct vq q;

	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		vq_init(&q, caps[i].type);
		q.fd = open_by_name(caps[i].prefix, caps[i].node, q.path,
				    sizeof(q.path));
		if (q.fd >= 0 && caps[i].input >= 0)
			ok_or_diag(vivid_s_input(q.fd, caps[i].input), q.path,
				   "VIDIOC_S_INPUT");
		qbuf_refuses_restricted(&q, caps[i].test);
		if (q.fd >= 0 && caps[i].input > 0)
			vivid_s_input(q.fd, 0);
		close_fd(&q.fd);
	}

	vq_init(&q, V4L2_BUF_TYPE_VIDEO_CAPTURE);
	q.fd = open_by_name("video", "vivid-000-vid-cap", q.path, sizeof(q.path));
	streams_system_heap(&q, "vivid_vid_cap_streams_system_heap");
	close_fd(&q.fd);
}

/* ------------------------------------------------------------------ */
/* vivid (allocators=1): the output queues whose payload the CPU reads */
/* ------------------------------------------------------------------ */

/* Switch the VBI output node to sliced VBI (the queue type follows). */
static int vivid_sliced_vbi_out_fmt(struct vq *q)
{
	struct v4l2_format f = { .type = V4L2_BUF_TYPE_SLICED_VBI_OUTPUT };

	f.fmt.sliced.service_set = V4L2_SLICED_VBI_625;
	return ioc(q->fd, VIDIOC_S_FMT, &f);
}

static void vivid_out_tests(void)
{
	struct vq q;

	vq_init(&q, V4L2_BUF_TYPE_SLICED_VBI_OUTPUT);
	q.fd = open_by_name("vbi", "vivid-000-vbi-out", q.path, sizeof(q.path));
	if (q.fd >= 0)
		ok_or_diag(vivid_sliced_vbi_out_fmt(&q), q.path,
			   "VIDIOC_S_FMT(sliced VBI output)");
	qbuf_refuses_restricted(&q,
		"vivid_sliced_vbi_out_qbuf_refuses_restricted_efault");
	close_fd(&q.fd);

	vq_init(&q, V4L2_BUF_TYPE_META_OUTPUT);
	q.fd = open_by_name("video", "vivid-000-meta-out", q.path,
			    sizeof(q.path));
	qbuf_refuses_restricted(&q,
		"vivid_meta_out_qbuf_refuses_restricted_efault");
	close_fd(&q.fd);
}

/* ------------------------------------------------------------------ */
/* vivid loop: S-Video input 0 shows what S-Video output 0 receives   */
/* ------------------------------------------------------------------ */

struct loop {
	struct vq cap, out;
	struct v4l2_pix_format pix;	/* of both queues */
	struct v4l2_control osd;	/* OSD text mode to restore */
	bool ready;
};

/*
 * Connect input and output, give both the same standard and format, and turn
 * off vivid's on-screen text so that a capture frame holds nothing but the
 * copied or generated picture.
 */
static int vivid_loop_setup(struct loop *l)
{
	const char *name = "vivid_loop_setup";
	struct v4l2_control ctrl = {
		.id = VIVID_CID_SVID_CONNECTED_0, .value = VIVID_MENU_FIRST_OUTPUT,
	};
	struct v4l2_control osd = {
		.id = VIVID_CID_OSD_TEXT_MODE, .value = VIVID_OSD_NONE,
	};
	struct v4l2_format fc = { .type = l->cap.type };
	struct v4l2_format fo = { .type = l->out.type };
	int output = VIVID_OUTPUT_SVID;
	v4l2_std_id std = 0;

	if (l->cap.fd < 0 || l->out.fd < 0)
		return not_run(name, "vivid video capture or output node missing");
	l->ready = ok_or_diag(vivid_s_input(l->cap.fd, VIVID_INPUT_SVID),
			      l->cap.path, "VIDIOC_S_INPUT(S-Video)") &&
		   ok_or_diag(ioc(l->out.fd, VIDIOC_S_OUTPUT, &output),
			      l->out.path, "VIDIOC_S_OUTPUT(S-Video)") &&
		   ok_or_diag(ioc(l->cap.fd, VIDIOC_S_CTRL, &ctrl), l->cap.path,
			      "S-Video 000-0 Is Connected To := output 0") &&
		   ok_or_diag(ioc(l->cap.fd, VIDIOC_G_CTRL, &l->osd),
			      l->cap.path, "VIDIOC_G_CTRL(OSD Text Mode)") &&
		   ok_or_diag(ioc(l->cap.fd, VIDIOC_S_CTRL, &osd), l->cap.path,
			      "OSD Text Mode := None") &&
		   ok_or_diag(ioc(l->cap.fd, VIDIOC_G_STD, &std), l->cap.path,
			      "VIDIOC_G_STD") &&
		   ok_or_diag(ioc(l->out.fd, VIDIOC_S_STD, &std), l->out.path,
			      "VIDIOC_S_STD") &&
		   ok_or_diag(ioc(l->cap.fd, VIDIOC_G_FMT, &fc), l->cap.path,
			      "VIDIOC_G_FMT");
	if (l->ready) {
		fo.fmt.pix = fc.fmt.pix;
		fo.fmt.pix.bytesperline = 0;
		fo.fmt.pix.sizeimage = 0;
		l->ready = ok_or_diag(ioc(l->out.fd, VIDIOC_S_FMT, &fo),
				      l->out.path, "VIDIOC_S_FMT");
	}
	if (l->ready && (fo.fmt.pix.width != fc.fmt.pix.width ||
			 fo.fmt.pix.height != fc.fmt.pix.height ||
			 fo.fmt.pix.pixelformat != fc.fmt.pix.pixelformat ||
			 fo.fmt.pix.field != fc.fmt.pix.field ||
			 fo.fmt.pix.sizeimage != fc.fmt.pix.sizeimage)) {
		tap_diag("output format %ux%u %.4s field %u size %u != capture %ux%u %.4s field %u size %u",
			 fo.fmt.pix.width, fo.fmt.pix.height,
			 (char *)&fo.fmt.pix.pixelformat, fo.fmt.pix.field,
			 fo.fmt.pix.sizeimage, fc.fmt.pix.width,
			 fc.fmt.pix.height, (char *)&fc.fmt.pix.pixelformat,
			 fc.fmt.pix.field, fc.fmt.pix.sizeimage);
		l->ready = false;
	}
	if (l->ready && fc.fmt.pix.pixelformat != V4L2_PIX_FMT_YUYV) {
		tap_diag("capture format %.4s, the frame checks need YUYV",
			 (char *)&fc.fmt.pix.pixelformat);
		l->ready = false;
	}
	l->pix = fc.fmt.pix;
	return tap_result(l->ready, "%s", name);
}

/*
 * Map buffer @i of @q (system heap) and begin CPU access in direction @dir
 * (DMA_BUF_SYNC_READ or DMA_BUF_SYNC_WRITE); NULL on error.
 */
static uint8_t *buf_begin(struct vq *q, unsigned int i, uint64_t dir)
{
	struct dma_buf_sync sync = { .flags = DMA_BUF_SYNC_START | dir };
	uint8_t *p = mmap(NULL, q->size, PROT_READ | PROT_WRITE, MAP_SHARED,
			  q->bufs[i], 0);

	if (p == MAP_FAILED) {
		tap_diag("%s: mmap of buffer %u: %s", q->path, i,
			 strerror(errno));
		return NULL;
	}
	if (!ok_or_diag(ioc(q->bufs[i], DMA_BUF_IOCTL_SYNC, &sync), q->path,
			"DMA_BUF_IOCTL_SYNC(START)")) {
		munmap(p, q->size);
		return NULL;
	}
	return p;
}

static void buf_end(struct vq *q, unsigned int i, uint8_t *p, uint64_t dir)
{
	struct dma_buf_sync sync = { .flags = DMA_BUF_SYNC_END | dir };

	ok_or_diag(ioc(q->bufs[i], DMA_BUF_IOCTL_SYNC, &sync), q->path,
		   "DMA_BUF_IOCTL_SYNC(END)");
	munmap(p, q->size);
}

/* The frame the control loops: period 251, so no two lines are alike. */
static uint8_t loop_byte(size_t i)
{
	return (uint8_t)(i % 251);
}

/* Write the loop frame XOR @mask into every buffer of @q; false on error. */
static bool vq_fill_loop_frame(struct vq *q, uint8_t mask)
{
	for (unsigned int i = 0; i < q->nbufs; i++) {
		uint8_t *p = buf_begin(q, i, DMA_BUF_SYNC_WRITE);

		if (!p)
			return false;
		for (size_t k = 0; k < q->size; k++)
			p[k] = loop_byte(k) ^ mask;
		buf_end(q, i, p, DMA_BUF_SYNC_WRITE);
	}
	return true;
}

/* The capture frame must be a byte-exact copy of the output's loop frame. */
static bool is_loop_copy(const struct loop *l, const uint8_t *f, int n)
{
	for (size_t k = 0; k < l->pix.sizeimage; k++) {
		if (f[k] != loop_byte(k)) {
			tap_diag("frame %d: byte %zu (line %zu) is %#x, output has %#x",
				 n, k, k / l->pix.bytesperline, f[k],
				 loop_byte(k));
			return false;
		}
	}
	return true;
}

/*
 * The test pattern of a vivid input that is connected to an output is noise
 * (vivid_update_quality()): every line is a window, at a random offset, of
 * one line of random grey pixels. In YUYV: chroma 0x80 throughout, and luma
 * that varies along each line.
 */
static bool is_vivid_noise(const struct loop *l, const uint8_t *f, int n)
{
	for (uint32_t y = 0; y < l->pix.height; y++) {
		const uint8_t *line = f + (size_t)y * l->pix.bytesperline;
		bool flat = true;

		for (uint32_t x = 0; x < 2 * l->pix.width; x += 2) {
			if (line[x + 1] != 0x80) {
				tap_diag("frame %d line %u byte %u: chroma %#x, noise has 0x80",
					 n, y, x + 1, line[x + 1]);
				return false;
			}
			flat &= line[x] == line[0];
		}
		if (flat) {
			tap_diag("frame %d line %u: luma %#x throughout, noise varies",
				 n, y, line[0]);
			return false;
		}
	}
	return true;
}

/*
 * Stream system-heap capture buffers while the output streams (already
 * started); every one of CYCLES frames must be complete and pass @check. The
 * buffers start out as the complement of the loop frame: a frame vivid did
 * not write passes neither check.
 */
static bool loop_capture(struct loop *l,
			 bool (*check)(const struct loop *, const uint8_t *,
				       int))
{
	struct vq *c = &l->cap;
	bool pass = vq_alloc(c, SYSTEM_HEAP, NBUFS) &&
		    vq_fill_loop_frame(c, 0xff) &&
		    ok_or_diag(vq_queue_all(c), c->path,
			       "REQBUFS/QBUF (system heap)") &&
		    ok_or_diag(vq_streamon(c), c->path, "VIDIOC_STREAMON");

	for (int n = 0; pass && n < CYCLES; n++) {
		int idx = vq_dqbuf(c);
		uint8_t *f;

		if (idx < 0)
			return ok_or_diag(idx, c->path, "VIDIOC_DQBUF");
		if (c->bytesused != l->pix.sizeimage) {
			tap_diag("frame %d: bytesused %u, sizeimage %u", n,
				 c->bytesused, l->pix.sizeimage);
			return false;
		}
		f = buf_begin(c, idx, DMA_BUF_SYNC_READ);
		if (!f)
			return false;
		pass = check(l, f, n);
		buf_end(c, idx, f, DMA_BUF_SYNC_READ);
		/* Keep the output fed: each frame consumes one. */
		pass = pass && ok_or_diag(vq_qbuf(c, idx), c->path,
					  "VIDIOC_QBUF (requeue)") &&
		       vq_cycle(&l->out, 1);
	}
	return pass;
}

/* Control: the capture thread copies mappable output buffers. */
static int vivid_loop_copies_system_output(struct loop *l)
{
	const char *name = "vivid_loop_copies_system_output_to_capture";
	struct vq *o = &l->out;
	bool pass;

	if (!l->ready)
		return not_run(name, "loop setup failed");
	pass = vq_alloc(o, SYSTEM_HEAP, NBUFS) && vq_fill_loop_frame(o, 0) &&
	       ok_or_diag(vq_queue_all(o), o->path,
			  "REQBUFS/QBUF (system heap)") &&
	       ok_or_diag(vq_streamon(o), o->path, "VIDIOC_STREAMON") &&
	       loop_capture(l, is_loop_copy);
	vq_release(&l->cap);
	vq_release(o);
	return tap_result(pass, "%s", name);
}

/* Stream restricted buffers on the output so that looping is active. */
static bool vivid_loop_start_output(struct loop *l)
{
	struct vq *o = &l->out;

	return vq_alloc(o, heap_path, NBUFS) &&
	       ok_or_diag(vq_queue_all(o), o->path, "REQBUFS/QBUF (restricted)") &&
	       ok_or_diag(vq_streamon(o), o->path, "VIDIOC_STREAMON");
}

/*
 * Output streams restricted buffers, which have no kernel mapping: the
 * capture thread cannot copy them and must fall back to the test pattern
 * (patches/0005), in every frame.
 */
static int vivid_loop_restricted_output_falls_back(struct loop *l)
{
	const char *name = "vivid_loop_restricted_output_falls_back_to_noise";
	bool pass;

	if (!l->ready)
		return not_run(name, "loop setup failed");
	pass = vivid_loop_start_output(l) && loop_capture(l, is_vivid_noise);
	vq_release(&l->cap);
	vq_release(&l->out);
	return tap_result(pass, "%s", name);
}

static int vivid_loop_cap_qbuf_refuses_restricted(struct loop *l)
{
	const char *name = "vivid_loop_cap_qbuf_refuses_restricted_efault";

	if (!l->ready)
		return not_run(name, "loop setup failed");
	if (!vivid_loop_start_output(l)) {
		vq_release(&l->out);
		return not_run(name, "restricted output did not stream");
	}
	qbuf_refuses_restricted(&l->cap, name);
	vq_release(&l->out);
	return 0;
}

static void vivid_loop_tests(void)
{
	struct loop l = { .osd = { .id = VIVID_CID_OSD_TEXT_MODE } };
	struct v4l2_control ctrl = { .id = VIVID_CID_SVID_CONNECTED_0 };

	vq_init(&l.cap, V4L2_BUF_TYPE_VIDEO_CAPTURE);
	vq_init(&l.out, V4L2_BUF_TYPE_VIDEO_OUTPUT);
	l.cap.fd = open_by_name("video", "vivid-000-vid-cap", l.cap.path,
				sizeof(l.cap.path));
	l.out.fd = open_by_name("video", "vivid-000-vid-out", l.out.path,
				sizeof(l.out.path));
	vivid_loop_setup(&l);
	vivid_loop_copies_system_output(&l);
	vivid_loop_restricted_output_falls_back(&l);
	vivid_loop_cap_qbuf_refuses_restricted(&l);
	if (l.cap.fd >= 0) {
		ioc(l.cap.fd, VIDIOC_S_CTRL, &ctrl);	/* back to the TPG */
		ioc(l.cap.fd, VIDIOC_S_CTRL, &l.osd);
		vivid_s_input(l.cap.fd, 0);
	}
	close_fd(&l.cap.fd);
	close_fd(&l.out.fd);
}

/* ------------------------------------------------------------------ */
/* vimc (allocator=1): Raw Capture 0, fed by Sensor A                 */
/* ------------------------------------------------------------------ */

/*
 * Sensor A also feeds Debayer A (enabled, immutable link) whose sink wants
 * Bayer: give the sensor and Raw Capture 0 SRGGB8 so that the whole default
 * pipeline validates at STREAMON.
 */
static bool vimc_setup(struct vq *q)
{
	struct v4l2_subdev_format sf = {
		.which = V4L2_SUBDEV_FORMAT_ACTIVE, .pad = 0,
	};
	struct v4l2_format f = { .type = q->type };
	char path[32];
	bool ok;
	int sd;

	sd = open_by_name("v4l-subdev", "Sensor A", path, sizeof(path));
	if (sd < 0)
		return false;
	ok = ok_or_diag(ioc(sd, VIDIOC_SUBDEV_G_FMT, &sf), path,
			"VIDIOC_SUBDEV_G_FMT");
	sf.format.code = MEDIA_BUS_FMT_SRGGB8_1X8;
	ok = ok && ok_or_diag(ioc(sd, VIDIOC_SUBDEV_S_FMT, &sf), path,
			      "VIDIOC_SUBDEV_S_FMT(SRGGB8_1X8)");
	close(sd);
	ok = ok && ok_or_diag(ioc(q->fd, VIDIOC_G_FMT, &f), q->path,
			      "VIDIOC_G_FMT");
	f.fmt.pix.width = sf.format.width;
	f.fmt.pix.height = sf.format.height;
	f.fmt.pix.pixelformat = V4L2_PIX_FMT_SRGGB8;
	f.fmt.pix.bytesperline = 0;
	f.fmt.pix.sizeimage = 0;
	return ok && ok_or_diag(ioc(q->fd, VIDIOC_S_FMT, &f), q->path,
				"VIDIOC_S_FMT(SRGGB8)");
}

static void vimc_tests(void)
{
	const char *name = "vimc_raw_capture_streams_system_heap";
	struct vq q;

	vq_init(&q, V4L2_BUF_TYPE_VIDEO_CAPTURE);
	q.fd = open_by_name("video", "Raw Capture 0", q.path, sizeof(q.path));
	if (q.fd >= 0 && !vimc_setup(&q)) {
		close_fd(&q.fd);
		tap_diag("vimc: pipeline setup failed");
	}
	qbuf_refuses_restricted(&q, "vimc_raw_capture_qbuf_refuses_restricted_efault");
	streams_system_heap(&q, name);
	close_fd(&q.fd);
}

int main(int argc, char **argv)
{
	const char *only = NULL;

	if (argc > 2 && !strcmp(argv[1], "--only")) {
		only = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (argc > 1)
		heap_path = argv[1];
	tap_diag("importer_crash_test: restricted heap %s", heap_path);

	if (!only || !strcmp(only, "vivid"))
		vivid_cap_tests();
	if (!only || !strcmp(only, "vivid-out"))
		vivid_out_tests();
	if (!only || !strcmp(only, "loop"))
		vivid_loop_tests();
	if (!only || !strcmp(only, "vimc"))
		vimc_tests();

	return tap_done();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * sdp-demo: V4L2. The buffer queues that import restricted dma-bufs
 * (DMABUF), the video output (vivid) and the stateful decoder
 * (tee-jpegdec).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sdp-demo.h"

#define DECODER_DRIVER	"tee-jpegdec"
#define POLL_MS		5000

/* ------------------------------------------------------------------ */
/* V4L2 queues: the video output's, and the decoder's two             */
/* ------------------------------------------------------------------ */

/* Wait for @events on @fd; -1 (reported as "@who: @what ...") if none. */
int wait_fd(int fd, short events, const char *who, const char *what,
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

int v4l2_open(struct v4l2_queue *v)
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

/*
 * The V4L2 output's format: NV12 at bytesperline @bpl, or (0) at the
 * output's own, which then sets the frames' layout.
 */
int vout_setup(struct demo *d, uint32_t bpl)
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

int v4l2_reqbufs(struct v4l2_queue *v, unsigned int count)
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

unsigned int frame_of(const struct timeval *tv)
{
	return (unsigned int)(tv->tv_sec * 25 + tv->tv_usec / 40000);
}

int v4l2_qbuf(struct v4l2_queue *v, unsigned int index,
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
		plane.m.fd = b->buf.fd;
		plane.length = (uint32_t)b->buf.size;
		plane.bytesused = (uint32_t)bytesused;
		vb.m.planes = &plane;
		vb.length = 1;
	} else {
		vb.m.fd = b->buf.fd;
		vb.length = (uint32_t)b->buf.size;
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
int v4l2_take(struct v4l2_queue *v, struct v4l2_buffer *vb)
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
int v4l2_dqbuf(struct v4l2_queue *v)
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
int v4l2_stream(struct v4l2_queue *v, bool on)
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
void v4l2_stop(struct v4l2_queue *v)
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

/* Find the decoder, name its queues, subscribe to its events. */
int dec_open(struct decoder *d)
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
int dec_set_output(struct decoder *d, const struct clip_header *h,
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
int dec_capture_format(struct decoder *d, uint32_t w, uint32_t h,
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
int dec_events(struct decoder *d)
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
int dec_stop(struct decoder *d)
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

void dec_close(struct decoder *d)
{
	if (d->fd < 0)
		return;
	v4l2_release(&d->cap);
	v4l2_release(&d->out);
	close_fd(&d->fd);
}


// SPDX-License-Identifier: GPL-2.0
/*
 * importer_test - hand restricted dma-bufs to in-kernel importers.
 *
 * The restricted heap's dma-bufs may be attached and DMA-mapped by any
 * importer, but the CPU may never touch them: the heap has no vmap op, so
 * dma_buf_vmap() fails with -EINVAL. This program checks what that means
 * for the virtual devices the board config builds in:
 *
 *   vgem     PRIME import/re-import/re-export/close work (no CPU access).
 *   vkms     ADDFB2 works, but an atomic commit that scans the fb out fails
 *            with EINVAL: vkms_prepare_fb() -> drm_gem_fb_vmap() ->
 *            drm_gem_shmem_vmap() -> dma_buf_vmap() == -EINVAL.
 *            Control: the same commit with a vkms dumb buffer succeeds.
 *   vivid    output queue on vb2-dma-contig (vivid.allocators=1) streams
 *            restricted buffers: attach + map only, no CPU access.
 *   vim2m,   vb2-vmalloc queues: QBUF fails with EFAULT because
 *   vicodec  vb2_vmalloc_map_dmabuf() turns the dma_buf_vmap() error into
 *            -EFAULT. Control: vim2m accepts a system-heap buffer.
 *
 * With --beyond-dma-mask HEAP (a carveout above 4 GiB), it checks instead
 * that an importer whose DMA mask cannot reach the buffer is refused at
 * attach with ERANGE (vivid's dma-contig device has a 32-bit mask), while a
 * 64-bit importer (vgem) still imports it.
 *
 * Usage: importer_test [HEAP]   (default /dev/dma_heap/restricted)
 *        importer_test --beyond-dma-mask HEAP
 * Output: TAP. Missing devices are failures: the board config must provide
 * all of them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/dma-heap.h>
#include <linux/videodev2.h>

#include "kms_pipe.h"
#include "tap.h"
#include "testutil.h"

#define SYSTEM_HEAP	"/dev/dma_heap/system"
#define FB_W		1024
#define FB_H		768
#define FB_PITCH	(FB_W * 4)
#define VIVID_BUFS	4
#define VIVID_CYCLES	8
#define POLL_MS		5000

static const char *heap_path = "/dev/dma_heap/restricted";

/* ------------------------------------------------------------------ */
/* Device discovery                                                   */
/* ------------------------------------------------------------------ */

/* The Kconfig symbol that provides @driver, for "device missing" diags. */
static const char *kconfig_for(const char *driver)
{
	static const char *const map[][2] = {
		{ "vgem", "CONFIG_DRM_VGEM" }, { "vkms", "CONFIG_DRM_VKMS" },
		{ "vivid", "CONFIG_VIDEO_VIVID" }, { "vim2m", "CONFIG_VIDEO_VIM2M" },
		{ "vicodec", "CONFIG_VIDEO_VICODEC" },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i][0], driver))
			return map[i][1];
	return "?";
}

/* 0, or -errno of a libdrm call that returns -1 and sets errno. */
static int drm_ret(int ret)
{
	return ret ? -errno : 0;
}

/* Open the first /dev/dri/cardN whose driver is @want; -ENODEV if none. */
static int find_drm(const char *want, char *path, size_t len)
{
	for (int i = 0; i < 16; i++) {
		drmVersion *v;
		bool match;
		int fd;

		snprintf(path, len, "/dev/dri/card%d", i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		v = drmGetVersion(fd);
		match = v && !strcmp(v->name, want);
		drmFreeVersion(v);
		if (match)
			return fd;
		close(fd);
	}
	snprintf(path, len, "(none)");
	tap_diag("no DRM device with driver \"%s\" in /dev/dri/card0..15: the board config must set %s=y",
		 want, kconfig_for(want));
	return -ENODEV;
}

typedef bool (*v4l2_match_fn)(int fd, uint32_t caps);

static uint32_t m2m_out_type(uint32_t caps)
{
	return caps & V4L2_CAP_VIDEO_M2M_MPLANE ?
		V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE : V4L2_BUF_TYPE_VIDEO_OUTPUT;
}

static bool match_vivid_out(int fd, uint32_t caps)
{
	(void)fd;
	return (caps & (V4L2_CAP_VIDEO_OUTPUT | V4L2_CAP_VIDEO_OUTPUT_MPLANE)) &&
	       (caps & V4L2_CAP_STREAMING);
}

static bool match_m2m(int fd, uint32_t caps)
{
	(void)fd;
	return (caps & (V4L2_CAP_VIDEO_M2M | V4L2_CAP_VIDEO_M2M_MPLANE)) &&
	       (caps & V4L2_CAP_STREAMING);
}

/*
 * vicodec's three nodes report identical QUERYCAP data; the encoder is the
 * one whose OUTPUT queue takes raw frames (decoders take FWHT bitstreams,
 * and the stateless decoder would refuse QBUF without a request: EBADR).
 */
static bool match_vicodec_enc(int fd, uint32_t caps)
{
	struct v4l2_format f = { .type = m2m_out_type(caps) };
	uint32_t pf;

	if (!match_m2m(fd, caps) || ioc(fd, VIDIOC_G_FMT, &f))
		return false;
	pf = f.type == V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE ?
		f.fmt.pix_mp.pixelformat : f.fmt.pix.pixelformat;
	return pf != V4L2_PIX_FMT_FWHT && pf != V4L2_PIX_FMT_FWHT_STATELESS;
}

/* Open the first /dev/videoN of @driver accepted by @match. */
static int find_video(const char *driver, v4l2_match_fn match, const char *what,
		      char *path, size_t len, uint32_t *caps_out)
{
	for (int i = 0; i < 64; i++) {
		struct v4l2_capability cap = {0};
		uint32_t caps;
		int fd;

		snprintf(path, len, "/dev/video%d", i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (!ioc(fd, VIDIOC_QUERYCAP, &cap) &&
		    !strcmp((const char *)cap.driver, driver)) {
			caps = cap.capabilities & V4L2_CAP_DEVICE_CAPS ?
				cap.device_caps : cap.capabilities;
			if (match(fd, caps)) {
				*caps_out = caps;
				return fd;
			}
		}
		close(fd);
	}
	snprintf(path, len, "(none)");
	tap_diag("no %s %s node in /dev/video0..63: the board config must set %s=y",
		 driver, what, kconfig_for(driver));
	return -ENODEV;
}

/* ------------------------------------------------------------------ */
/* V4L2 queue helpers (OUTPUT queues, DMABUF memory)                  */
/* ------------------------------------------------------------------ */

struct vq {
	int fd;
	char path[32];
	uint32_t type;
	bool mplane;
	uint32_t field;
	unsigned int nplanes;
	uint32_t size[VIDEO_MAX_PLANES];
};

static int vq_get_fmt(struct vq *q)
{
	struct v4l2_format f = { .type = q->type };
	int ret = ioc(q->fd, VIDIOC_G_FMT, &f);

	if (!ok_or_diag(ret, q->path, "VIDIOC_G_FMT"))
		return ret;
	if (q->mplane) {
		q->nplanes = f.fmt.pix_mp.num_planes;
		q->field = f.fmt.pix_mp.field;
		for (unsigned int p = 0; p < q->nplanes && p < VIDEO_MAX_PLANES; p++)
			q->size[p] = f.fmt.pix_mp.plane_fmt[p].sizeimage;
	} else {
		q->nplanes = 1;
		q->field = f.fmt.pix.field;
		q->size[0] = f.fmt.pix.sizeimage;
	}
	if (!q->nplanes || q->nplanes > VIDEO_MAX_PLANES || !q->size[0]) {
		tap_diag("%s: VIDIOC_G_FMT returned %u planes, sizeimage %u",
			 q->path, q->nplanes, q->size[0]);
		return -EINVAL;
	}
	return 0;
}

static int vq_reqbufs(struct vq *q, unsigned int count, unsigned int *got)
{
	struct v4l2_requestbuffers rb = {
		.count = count, .type = q->type, .memory = V4L2_MEMORY_DMABUF,
	};
	int ret = ioc(q->fd, VIDIOC_REQBUFS, &rb);

	if (got)
		*got = rb.count;
	return ret;
}

static int vq_qbuf(struct vq *q, unsigned int index, const int *fds)
{
	struct v4l2_plane planes[VIDEO_MAX_PLANES] = {0};
	struct v4l2_buffer b = {
		.index = index, .type = q->type, .memory = V4L2_MEMORY_DMABUF,
		.field = q->field,
	};

	if (q->mplane) {
		for (unsigned int p = 0; p < q->nplanes; p++) {
			planes[p].m.fd = fds[p];
			planes[p].length = q->size[p];
			planes[p].bytesused = q->size[p];
		}
		b.m.planes = planes;
		b.length = q->nplanes;
	} else {
		b.m.fd = fds[0];
		b.length = q->size[0];
		b.bytesused = q->size[0];
	}
	return ioc(q->fd, VIDIOC_QBUF, &b);
}

static int vq_dqbuf(struct vq *q, struct v4l2_buffer *b)
{
	static struct v4l2_plane planes[VIDEO_MAX_PLANES];

	memset(b, 0, sizeof(*b));
	memset(planes, 0, sizeof(planes));
	b->type = q->type;
	b->memory = V4L2_MEMORY_DMABUF;
	if (q->mplane) {
		b->m.planes = planes;
		b->length = q->nplanes;
	}
	return ioc(q->fd, VIDIOC_DQBUF, b);
}

/* ------------------------------------------------------------------ */
/* vgem: PRIME import of a restricted buffer                          */
/* ------------------------------------------------------------------ */

struct vgem {
	int fd;
	char path[32];
	int dmabuf;
	uint32_t handle;
};

static int vgem_prime_import_restricted(struct vgem *v)
{
	const char *name = "vgem_prime_import_restricted";
	uint32_t handle = 0;
	int ret;

	if (v->fd < 0)
		return not_run(name, "vgem device missing");
	if (v->dmabuf < 0)
		return not_run(name, "restricted allocation failed");
	ret = drm_ret(drmPrimeFDToHandle(v->fd, v->dmabuf, &handle));
	if (!ok_or_diag(ret, v->path, "drmPrimeFDToHandle"))
		return tap_result(0, "%s", name);
	if (!handle)
		tap_diag("%s: PRIME import returned handle 0", v->path);
	v->handle = handle;
	return tap_result(handle != 0, "%s", name);
}

static int vgem_reimport_returns_same_handle(struct vgem *v)
{
	const char *name = "vgem_reimport_returns_same_handle";
	uint32_t handle = 0;
	int ret;

	if (!v->handle)
		return not_run(name, "first import failed");
	ret = drm_ret(drmPrimeFDToHandle(v->fd, v->dmabuf, &handle));
	if (!ok_or_diag(ret, v->path, "second drmPrimeFDToHandle"))
		return tap_result(0, "%s", name);
	if (handle != v->handle)
		tap_diag("%s: re-import gave handle %u, first import %u",
			 v->path, handle, v->handle);
	return tap_result(handle == v->handle, "%s", name);
}

/*
 * drm_gem_prime_handle_to_fd() finds the dma-buf recorded at import time
 * (drm_prime_lookup_buf_by_handle / obj->import_attach->dmabuf), so the
 * exported fd is another reference to the original file: same inode, and
 * fdinfo exp_name is still the heap's name (as the system heap sets it).
 */
static int vgem_reexport_returns_original_dmabuf(struct vgem *v)
{
	const char *name = "vgem_reexport_returns_original_dmabuf";
	struct stat a, b;
	const char *want = strrchr(heap_path, '/') ? strrchr(heap_path, '/') + 1 : heap_path;
	char exp[64] = "";
	bool pass = true;
	int fd = -1, ret;

	if (!v->handle)
		return not_run(name, "import failed");
	ret = drm_ret(drmPrimeHandleToFD(v->fd, v->handle,
					 DRM_CLOEXEC | DRM_RDWR, &fd));
	if (!ok_or_diag(ret, v->path, "drmPrimeHandleToFD"))
		return tap_result(0, "%s", name);
	if (fstat(v->dmabuf, &a) || fstat(fd, &b)) {
		tap_diag("fstat of dma-buf fds failed: errno %d", errno);
		pass = false;
	} else if (a.st_dev != b.st_dev || a.st_ino != b.st_ino) {
		tap_diag("%s: re-exported fd is inode %lu, original %lu (a new dma-buf)",
			 v->path, (unsigned long)b.st_ino,
			 (unsigned long)a.st_ino);
		pass = false;
	}
	ret = dmabuf_exp_name(fd, exp, sizeof(exp));
	if (ret) {
		tap_diag("fdinfo exp_name of fd %d unreadable: errno %d", fd, -ret);
		pass = false;
	} else if (strcmp(exp, want)) {
		tap_diag("%s: re-exported dma-buf exp_name \"%s\", expected \"%s\"",
			 v->path, exp, want);
		pass = false;
	}
	close(fd);
	return tap_result(pass, "%s", name);
}

static int vgem_gem_close_imported_handle(struct vgem *v)
{
	const char *name = "vgem_gem_close_imported_handle";
	uint32_t handle = v->handle;
	int ret;

	if (!v->handle)
		return not_run(name, "import failed");
	ret = drm_ret(drmCloseBufferHandle(v->fd, handle));
	v->handle = 0;
	if (!ok_or_diag(ret, v->path, "drmCloseBufferHandle"))
		return tap_result(0, "%s", name);
	/* Re-import reused the handle, so one close must have released it. */
	ret = drm_ret(drmCloseBufferHandle(v->fd, handle));
	if (ret != -EINVAL)
		tap_diag("%s: second drmCloseBufferHandle of handle %u", v->path,
			 handle);
	return tap_errno(ret ? -1 : 0, -ret, EINVAL, name);
}

static void vgem_tests(void)
{
	struct vgem v = { .dmabuf = -1 };

	v.fd = find_drm("vgem", v.path, sizeof(v.path));
	if (v.fd >= 0)
		v.dmabuf = heap_alloc(heap_path, 1 << 20);
	vgem_prime_import_restricted(&v);
	vgem_reimport_returns_same_handle(&v);
	vgem_reexport_returns_original_dmabuf(&v);
	vgem_gem_close_imported_handle(&v);
	close_fd(&v.dmabuf);
	close_fd(&v.fd);
}

/* ------------------------------------------------------------------ */
/* vkms: scanout needs a CPU mapping                                  */
/* ------------------------------------------------------------------ */

struct kms {
	int fd;
	char path[32];
	bool ready;
	struct kms_pipe pipe;
	int dmabuf;
	uint32_t handle, fb;		/* restricted import */
	uint32_t dumb, dumb_fb;		/* control */
};

/* Find connector + mode, CRTC, primary plane and all property ids. */
static int kms_setup(struct kms *k)
{
	k->pipe.fd = k->fd;
	if (kms_pipe_find(&k->pipe)) {
		tap_diag("%s: %s", k->path, k->pipe.err);
		return -1;
	}
	tap_diag("%s: connector %u, CRTC %u, primary plane %u, mode %s %ux%u",
		 k->path, k->pipe.conn, k->pipe.crtc, k->pipe.plane,
		 k->pipe.mode.name, k->pipe.mode.hdisplay,
		 k->pipe.mode.vdisplay);
	k->ready = true;
	return 0;
}

/* Blocking ALLOW_MODESET commit: show @fb full-screen, or (fb 0) disable. */
static int kms_commit(struct kms *k, uint32_t fb)
{
	uint32_t w = k->pipe.mode.hdisplay < FB_W ? k->pipe.mode.hdisplay : FB_W;
	uint32_t h = k->pipe.mode.vdisplay < FB_H ? k->pipe.mode.vdisplay : FB_H;

	return kms_pipe_commit(&k->pipe, fb, w, h);
}

static int kms_addfb(struct kms *k, uint32_t handle, uint32_t pitch, uint32_t *fb)
{
	return kms_addfb_xrgb8888(k->fd, handle, pitch, FB_W, FB_H, fb);
}

static int vkms_prime_import_restricted(struct kms *k)
{
	const char *name = "vkms_prime_import_restricted";
	uint32_t handle = 0;
	int ret;

	if (k->fd < 0)
		return not_run(name, "vkms device missing");
	if (k->dmabuf < 0)
		return not_run(name, "restricted allocation failed");
	ret = drm_ret(drmPrimeFDToHandle(k->fd, k->dmabuf, &handle));
	if (ok_or_diag(ret, k->path, "drmPrimeFDToHandle") && !handle)
		tap_diag("%s: PRIME import returned handle 0", k->path);
	k->handle = ret ? 0 : handle;
	return tap_result(k->handle != 0, "%s", name);
}

static int vkms_addfb2_accepts_restricted(struct kms *k)
{
	const char *name = "vkms_addfb2_accepts_restricted";

	if (!k->handle)
		return not_run(name, "import failed");
	return tap_result(ok_or_diag(kms_addfb(k, k->handle, FB_PITCH, &k->fb), k->path,
			      "drmModeAddFB2 (restricted)"), "%s", name);
}

/* vkms_prepare_fb() -> drm_gem_fb_vmap() -> dma_buf_vmap() == -EINVAL */
static int vkms_commit_refuses_restricted_fb(struct kms *k)
{
	const char *name = "vkms_commit_refuses_restricted_fb";
	int ret;

	if (!k->ready)
		return not_run(name, "vkms pipeline discovery failed");
	if (!k->fb)
		return not_run(name, "no restricted framebuffer");
	ret = kms_commit(k, k->fb);
	if (ret != -EINVAL)
		tap_diag("%s: drmModeAtomicCommit with restricted fb %u", k->path, k->fb);
	return tap_errno(ret ? -1 : 0, -ret, EINVAL, name);
}

static int vkms_commit_accepts_dumb_fb(struct kms *k)
{
	const char *name = "vkms_commit_accepts_dumb_fb";
	uint32_t pitch;
	uint64_t size;

	if (!k->ready)
		return not_run(name, "vkms pipeline discovery failed");
	if (!ok_or_diag(drmModeCreateDumbBuffer(k->fd, FB_W, FB_H, 32, 0,
						&k->dumb, &pitch, &size),
			k->path, "drmModeCreateDumbBuffer"))
		return tap_result(0, "%s", name);
	if (!ok_or_diag(kms_addfb(k, k->dumb, pitch, &k->dumb_fb), k->path,
			"drmModeAddFB2 (dumb)"))
		return tap_result(0, "%s", name);
	return tap_result(ok_or_diag(kms_commit(k, k->dumb_fb), k->path,
			      "drmModeAtomicCommit with dumb fb"), "%s", name);
}

static int vkms_commit_disable_succeeds(struct kms *k)
{
	const char *name = "vkms_commit_disable_succeeds";

	if (!k->ready)
		return not_run(name, "vkms pipeline discovery failed");
	return tap_result(ok_or_diag(kms_commit(k, 0), k->path,
			      "drmModeAtomicCommit (disable)"), "%s", name);
}

static int vkms_release_fbs_and_handles(struct kms *k)
{
	const char *name = "vkms_release_fbs_and_handles";
	bool pass = true;

	if (k->fd < 0)
		return not_run(name, "vkms device missing");
	if (k->fb)
		pass &= ok_or_diag(drmModeRmFB(k->fd, k->fb), k->path,
				   "drmModeRmFB (restricted)");
	if (k->dumb_fb)
		pass &= ok_or_diag(drmModeRmFB(k->fd, k->dumb_fb), k->path,
				   "drmModeRmFB (dumb)");
	if (k->handle)
		pass &= ok_or_diag(drm_ret(drmCloseBufferHandle(k->fd,
								k->handle)),
				   k->path, "drmCloseBufferHandle (restricted)");
	if (k->dumb)
		pass &= ok_or_diag(drmModeDestroyDumbBuffer(k->fd, k->dumb),
				   k->path, "drmModeDestroyDumbBuffer");
	return tap_result(pass, "%s", name);
}

static void vkms_tests(void)
{
	struct kms k = { .dmabuf = -1 };

	k.fd = find_drm("vkms", k.path, sizeof(k.path));
	if (k.fd >= 0) {
		kms_setup(&k);
		k.dmabuf = heap_alloc(heap_path, (size_t)FB_PITCH * FB_H);
	}
	vkms_prime_import_restricted(&k);
	vkms_addfb2_accepts_restricted(&k);
	vkms_commit_refuses_restricted_fb(&k);
	vkms_commit_accepts_dumb_fb(&k);
	vkms_commit_disable_succeeds(&k);
	vkms_release_fbs_and_handles(&k);
	close_fd(&k.dmabuf);
	close_fd(&k.fd);
}

/* ------------------------------------------------------------------ */
/* vivid output on vb2-dma-contig: streams without CPU access         */
/* ------------------------------------------------------------------ */

struct vivid {
	struct vq q;
	int bufs[VIVID_BUFS][VIDEO_MAX_PLANES];
	bool allocated, requested, queued, streaming;
};

static int vivid_out_reqbufs_accepts_restricted(struct vivid *v)
{
	const char *name = "vivid_out_reqbufs_accepts_restricted";
	unsigned int got = 0;

	if (v->q.fd < 0)
		return not_run(name, "vivid output node missing");
	if (!v->allocated)
		return not_run(name, "format or restricted allocation failed");
	v->requested = ok_or_diag(vq_reqbufs(&v->q, VIVID_BUFS, &got), v->q.path,
				  "VIDIOC_REQBUFS(4, DMABUF)");
	if (v->requested && got < VIVID_BUFS) {
		tap_diag("%s: VIDIOC_REQBUFS granted %u buffers", v->q.path, got);
		v->requested = false;
	}
	return tap_result(v->requested, "%s", name);
}

static int vivid_out_qbuf_accepts_restricted(struct vivid *v)
{
	const char *name = "vivid_out_qbuf_accepts_restricted";
	bool pass = true;

	if (!v->requested)
		return not_run(name, "REQBUFS failed");
	for (unsigned int i = 0; i < VIVID_BUFS && pass; i++) {
		int ret = vq_qbuf(&v->q, i, v->bufs[i]);

		if (ret)
			tap_diag("%s: VIDIOC_QBUF(index %u, restricted fd) failed: errno %d (%s)",
				 v->q.path, i, -ret, strerror(-ret));
		pass = !ret;
	}
	v->queued = pass;
	return tap_result(pass, "%s", name);
}

static int vivid_out_streamon_with_restricted(struct vivid *v)
{
	const char *name = "vivid_out_streamon_with_restricted";
	int type = (int)v->q.type;

	if (!v->queued)
		return not_run(name, "QBUF failed");
	v->streaming = ok_or_diag(ioc(v->q.fd, VIDIOC_STREAMON, &type), v->q.path,
				  "VIDIOC_STREAMON");
	return tap_result(v->streaming, "%s", name);
}

static int vivid_out_dqbuf_restricted_without_error(struct vivid *v)
{
	const char *name = "vivid_out_dqbuf_restricted_without_error";
	bool pass = true;

	if (!v->streaming)
		return not_run(name, "STREAMON failed");
	for (int n = 0; n < VIVID_CYCLES && pass; n++) {
		struct pollfd pfd = { .fd = v->q.fd, .events = POLLOUT | POLLWRNORM };
		struct v4l2_buffer b;
		int ret = poll(&pfd, 1, POLL_MS);

		if (ret <= 0 || (pfd.revents & POLLERR)) {
			tap_diag("%s: poll for buffer %d: %s (revents 0x%x)", v->q.path,
				 n, ret == 0 ? "timed out after 5 s" : "error",
				 pfd.revents);
			pass = false;
			break;
		}
		ret = vq_dqbuf(&v->q, &b);
		if (!ok_or_diag(ret, v->q.path, "VIDIOC_DQBUF")) {
			pass = false;
			break;
		}
		if (b.flags & V4L2_BUF_FLAG_ERROR) {
			tap_diag("%s: buffer %u dequeued with V4L2_BUF_FLAG_ERROR",
				 v->q.path, b.index);
			pass = false;
		}
		if (b.index >= VIVID_BUFS) {
			tap_diag("%s: DQBUF returned index %u", v->q.path, b.index);
			pass = false;
			break;
		}
		ret = vq_qbuf(&v->q, b.index, v->bufs[b.index]);
		pass &= ok_or_diag(ret, v->q.path, "VIDIOC_QBUF (requeue)");
	}
	return tap_result(pass, "%s", name);
}

static int vivid_out_streamoff_releases_restricted(struct vivid *v)
{
	const char *name = "vivid_out_streamoff_releases_restricted";
	int type = (int)v->q.type;
	bool pass;

	if (!v->requested)
		return not_run(name, "REQBUFS failed");
	pass = ok_or_diag(ioc(v->q.fd, VIDIOC_STREAMOFF, &type), v->q.path,
			  "VIDIOC_STREAMOFF");
	pass &= ok_or_diag(vq_reqbufs(&v->q, 0, NULL), v->q.path,
			   "VIDIOC_REQBUFS(0)");
	return tap_result(pass, "%s", name);
}

static void vivid_tests(void)
{
	struct vivid v = {0};
	uint32_t caps = 0;

	memset(v.bufs, -1, sizeof(v.bufs));
	v.q.fd = find_video("vivid", match_vivid_out, "video output",
			    v.q.path, sizeof(v.q.path), &caps);
	if (v.q.fd >= 0) {
		v.q.mplane = caps & V4L2_CAP_VIDEO_OUTPUT_MPLANE;
		v.q.type = v.q.mplane ? V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE :
					V4L2_BUF_TYPE_VIDEO_OUTPUT;
		if (!vq_get_fmt(&v.q)) {
			v.allocated = true;
			for (int i = 0; i < VIVID_BUFS; i++)
				for (unsigned int p = 0; p < v.q.nplanes; p++) {
					v.bufs[i][p] = heap_alloc(heap_path, v.q.size[p]);
					v.allocated &= v.bufs[i][p] >= 0;
				}
		}
	}
	vivid_out_reqbufs_accepts_restricted(&v);
	vivid_out_qbuf_accepts_restricted(&v);
	vivid_out_streamon_with_restricted(&v);
	vivid_out_dqbuf_restricted_without_error(&v);
	vivid_out_streamoff_releases_restricted(&v);
	for (int i = 0; i < VIVID_BUFS; i++)
		for (int p = 0; p < VIDEO_MAX_PLANES; p++)
			close_fd(&v.bufs[i][p]);
	close_fd(&v.q.fd);
}

/* ------------------------------------------------------------------ */
/* vim2m / vicodec: vb2-vmalloc needs dma_buf_vmap() -> EFAULT        */
/* ------------------------------------------------------------------ */

struct m2m {
	const char *drv;
	struct vq q;
	int bufs[VIDEO_MAX_PLANES];
	bool allocated, requested;
};

/* Open @drv, read the OUTPUT format and allocate one buffer per plane. */
static void m2m_setup(struct m2m *m, const char *drv, const char *heap)
{
	v4l2_match_fn match = strcmp(drv, "vicodec") ? match_m2m : match_vicodec_enc;
	uint32_t caps = 0;

	memset(m, 0, sizeof(*m));
	memset(m->bufs, -1, sizeof(m->bufs));
	m->drv = drv;
	m->q.fd = find_video(drv, match, "mem2mem (raw OUTPUT queue)",
			     m->q.path, sizeof(m->q.path), &caps);
	if (m->q.fd < 0)
		return;
	m->q.type = m2m_out_type(caps);
	m->q.mplane = m->q.type == V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE;
	if (vq_get_fmt(&m->q))
		return;
	m->allocated = true;
	for (unsigned int p = 0; p < m->q.nplanes; p++) {
		m->bufs[p] = heap_alloc(heap, m->q.size[p]);
		m->allocated &= m->bufs[p] >= 0;
	}
}

static void m2m_teardown(struct m2m *m)
{
	if (m->requested && !ok_or_diag(vq_reqbufs(&m->q, 0, NULL), m->q.path,
					"VIDIOC_REQBUFS(0)"))
		tap_diag("%s: buffers not released", m->drv);
	for (int p = 0; p < VIDEO_MAX_PLANES; p++)
		close_fd(&m->bufs[p]);
	close_fd(&m->q.fd);
}

static int m2m_reqbufs_accepts_dmabuf(struct m2m *m, const char *what)
{
	char name[96];

	snprintf(name, sizeof(name), "%s_reqbufs_accepts_%s", m->drv, what);
	if (m->q.fd < 0)
		return not_run(name, "device node missing");
	if (!m->allocated)
		return not_run(name, "format or heap allocation failed");
	m->requested = ok_or_diag(vq_reqbufs(&m->q, 1, NULL), m->q.path,
				  "VIDIOC_REQBUFS(1, DMABUF)");
	return tap_result(m->requested, "%s", name);
}

/* vb2_vmalloc_map_dmabuf(): dma_buf_vmap_unlocked() failed -> -EFAULT */
static int m2m_qbuf_refuses_restricted(struct m2m *m)
{
	char name[96];
	int ret;

	snprintf(name, sizeof(name), "%s_qbuf_refuses_restricted", m->drv);
	if (!m->requested)
		return not_run(name, "REQBUFS failed");
	ret = vq_qbuf(&m->q, 0, m->bufs);
	if (ret != -EFAULT)
		tap_diag("%s: VIDIOC_QBUF(restricted fd, %u bytes)", m->q.path,
			 m->q.size[0]);
	return tap_errno(ret ? -1 : 0, -ret, EFAULT, name);
}

static void m2m_tests(const char *drv)
{
	struct m2m m;

	m2m_setup(&m, drv, heap_path);
	m2m_reqbufs_accepts_dmabuf(&m, "restricted");
	m2m_qbuf_refuses_restricted(&m);
	m2m_teardown(&m);
}

/* Control: the same vim2m flow with a system-heap buffer must queue. */
static int vim2m_qbuf_accepts_system_heap(struct m2m *m)
{
	const char *name = "vim2m_qbuf_accepts_system_heap";

	if (m->q.fd < 0)
		return not_run(name, "vim2m device node missing");
	if (!m->allocated)
		return not_run(name, "format or system-heap allocation failed");
	m->requested = ok_or_diag(vq_reqbufs(&m->q, 1, NULL), m->q.path,
				  "VIDIOC_REQBUFS(1, DMABUF)");
	if (!m->requested)
		return tap_result(0, "%s", name);
	return tap_result(ok_or_diag(vq_qbuf(&m->q, 0, m->bufs), m->q.path,
				     "VIDIOC_QBUF(system-heap fd)"), "%s", name);
}

static void vim2m_system_heap_control(void)
{
	struct m2m m;

	m2m_setup(&m, "vim2m", SYSTEM_HEAP);
	vim2m_qbuf_accepts_system_heap(&m);
	m2m_teardown(&m);
}

/* ------------------------------------------------------------------ */
/* A buffer beyond an importer's DMA mask is refused at attach         */
/* ------------------------------------------------------------------ */

static int vivid_out_qbuf_refuses_unreachable(void)
{
	const char *name = "vivid_out_qbuf_refuses_buffer_beyond_32bit_mask_erange";
	int fds[VIDEO_MAX_PLANES];
	struct vq q = {0};
	uint32_t caps = 0;
	int ret;

	memset(fds, -1, sizeof(fds));
	q.fd = find_video("vivid", match_vivid_out, "video output", q.path,
			  sizeof(q.path), &caps);
	if (q.fd < 0)
		return not_run(name, "vivid output node missing");
	q.mplane = caps & V4L2_CAP_VIDEO_OUTPUT_MPLANE;
	q.type = q.mplane ? V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE :
			    V4L2_BUF_TYPE_VIDEO_OUTPUT;
	ret = vq_get_fmt(&q);
	for (unsigned int p = 0; !ret && p < q.nplanes; p++) {
		fds[p] = heap_alloc(heap_path, q.size[p]);
		if (fds[p] < 0)
			ret = fds[p];
	}
	if (!ret)
		ret = vq_reqbufs(&q, 1, NULL);
	if (ret) {
		close_fd(&q.fd);
		return not_run(name, "format, allocation or REQBUFS failed");
	}
	ret = vq_qbuf(&q, 0, fds);
	tap_errno(ret, -ret, ERANGE, name);
	ok_or_diag(vq_reqbufs(&q, 0, NULL), q.path, "VIDIOC_REQBUFS(0)");
	for (int p = 0; p < VIDEO_MAX_PLANES; p++)
		close_fd(&fds[p]);
	close_fd(&q.fd);
	return 0;
}

static void beyond_dma_mask_tests(void)
{
	struct vgem v = { .fd = -1, .dmabuf = -1 };

	vivid_out_qbuf_refuses_unreachable();

	/* vgem's device has a 64-bit mask: the same memory is reachable. */
	v.fd = find_drm("vgem", v.path, sizeof(v.path));
	v.dmabuf = heap_alloc(heap_path, 1 << 20);
	vgem_prime_import_restricted(&v);
	close_fd(&v.dmabuf);
	close_fd(&v.fd);
}

int main(int argc, char **argv)
{
	if (argc > 2 && !strcmp(argv[1], "--beyond-dma-mask")) {
		heap_path = argv[2];
		tap_diag("importer_test: heap %s lies beyond 4 GiB", heap_path);
		beyond_dma_mask_tests();
		return tap_done();
	}
	if (argc > 1)
		heap_path = argv[1];
	tap_diag("importer_test: restricted heap %s", heap_path);

	vgem_tests();
	vkms_tests();
	vivid_tests();
	m2m_tests("vim2m");
	m2m_tests("vicodec");
	vim2m_system_heap_control();

	return tap_done();
}

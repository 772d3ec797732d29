// SPDX-License-Identifier: GPL-2.0
/*
 * sdp-demo: DRM. The restricted XRGB8888 frames PRIME-imported into vgem
 * and vkms, made framebuffers on vkms and committed, with an ordinary dumb
 * buffer as the control.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sdp-demo.h"

static int drm_open(const char *want, const char *path_opt, char *path,
		    size_t len)
{
	for (int i = 0; i < 16; i++) {
		drmVersion *ver;
		bool match;
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
		ver = drmGetVersion(fd);
		match = ver && (path_opt || !strcmp(ver->name, want));
		drmFreeVersion(ver);
		if (match)
			return fd;
		close(fd);
	}
	fail("no %s DRM device%s%s (CONFIG_DRM_%s)", want,
	     path_opt ? " at " : " in /dev/dri/card*", path_opt ? path_opt : "",
	     !strcmp(want, "vkms") ? "VKMS" : "VGEM");
	return -1;
}

int prime_import(int fd, const char *path, const struct rbuf *b,
		 uint32_t *handle)
{
	if (drmPrimeFDToHandle(fd, b->buf.fd, handle)) {
		fail("%s: drmPrimeFDToHandle: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

void gem_close(int fd, uint32_t *handle)
{
	if (*handle)
		drmCloseBufferHandle(fd, *handle);
	*handle = 0;
}

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

static void kms_disable(struct kms *k)
{
	int ret = kms_commit(k, 0);

	if (ret)
		fail("%s: disabling the CRTC failed: %s", k->path,
		     strerror(-ret));
}

/*
 * The control: an ordinary (CPU-accessible) dumb buffer of the same size
 * and format on the same plane must be accepted, so a refusal of the
 * restricted one is about the memory, not the configuration. It is taken
 * off again at once, or with --hold after the run (kms_hold()).
 */
static void kms_control(struct kms *k, uint32_t w, uint32_t h)
{
	uint32_t pitch;
	uint64_t size;
	int ret;

	ret = drmModeCreateDumbBuffer(k->pipe.fd, w, h, 32, 0, &k->dumb,
				      &pitch, &size);
	if (ret) {
		fail("%s: drmModeCreateDumbBuffer: %s", k->path,
		     strerror(-ret));
		return;
	}
	ret = kms_addfb_xrgb8888(k->pipe.fd, k->dumb, pitch, w, h,
				 &k->dumb_fb);
	if (!ret)
		ret = kms_commit(k, k->dumb_fb);
	if (ret) {
		fail("%s: control commit of an ordinary dumb buffer failed: %s",
		     k->path, strerror(-ret));
		return;
	}
	k->control_ok = true;
	if (!opt.hold)
		kms_disable(k);
}

/*
 * --hold: the control frame is still on the primary plane, every commit of
 * a restricted framebuffer having been refused. Say what vkms shows, wait
 * for a line on stdin (or its end) while another client looks, then
 * disable the CRTC.
 */
void kms_hold(struct demo *d)
{
	struct kms *k = &d->k;
	char line[64];

	if (!k->control_ok)
		return;
	info("holding %s: plane %u on CRTC %u shows the control framebuffer %u (%ux%u XRGB8888) in mode %s; restricted framebuffers %u and %u refused %u times; waiting for a line on stdin",
	     k->path, k->pipe.plane, k->pipe.crtc, k->dumb_fb, k->w, k->h,
	     k->pipe.mode.name, d->xrgb[0].fb, d->xrgb[1].fb, k->refused);
	if (!fgets(line, sizeof(line), stdin) && ferror(stdin))
		fail("holding %s: reading stdin: %s", k->path, strerror(errno));
	kms_disable(k);
	info("released %s", k->path);
}

/* Remove framebuffer *@fb (if any) from vkms. */
void kms_rmfb(struct kms *k, uint32_t *fb)
{
	if (*fb && k->pipe.fd >= 0)
		drmModeRmFB(k->pipe.fd, *fb);
	*fb = 0;
}

void kms_teardown(struct kms *k)
{
	if (k->pipe.fd < 0)
		return;
	kms_rmfb(k, &k->dumb_fb);
	if (k->dumb)
		drmModeDestroyDumbBuffer(k->pipe.fd, k->dumb);
	close_fd(&k->pipe.fd);
}

/* Show a restricted framebuffer: the expected outcome is a refusal. */
void kms_present(struct kms *k, struct rbuf *b, unsigned int frame)
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

/* DRM: XRGB8888 buffers imported into vgem and vkms, and the control. */
int drm_setup(struct demo *d)
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
			fail("%s: drmModeAddFB2(XRGB8888 %ux%u, restricted): %s",
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


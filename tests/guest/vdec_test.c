// SPDX-License-Identifier: GPL-2.0
/*
 * tee-jpegdec, the V4L2 stateful JPEG decoder whose engine is a TA, against
 * its spec (Documentation/userspace-api/media/drivers/tee-jpegdec.rst) and
 * the codec API (dev-decoder.rst), through the real stack: the driver bound
 * on the TEE bus, the product firmware's JPEG engine TA, and the video TA
 * (DECRYPT_SAMPLE for secure bitstreams, DIGEST for restricted frames)
 * through Debian's libteec. Every result is exact:
 *
 *   - the device: capabilities, media controller, formats (ENUM_FMT,
 *     G/S/TRY_FMT with bytesperline = ALIGN(width, 16) and sizeimage),
 *     frame sizes, selections, controls, events;
 *   - clear content: the clear clip's Motion-JPEG stream decoded MMAP to
 *     MMAP (and through CMA dma-bufs, and into restricted frames), each
 *     frame's SHA-256 against that clip's NV12 digests;
 *   - the stateful sequences: initialization and SOURCE_CHANGE, drain
 *     (DEC_CMD_STOP, LAST, EOS, EPIPE, START), seek, corrupt samples
 *     (ERROR on both buffers, CAPTURE's bytesused sizeimage, never 0),
 *     headerless buffers, 640x360 -> 1280x720 -> 640x360 resolution
 *     changes, sequence numbers and timestamps;
 *   - secure content: the encrypted clips decrypted by the video TA into
 *     restricted bitstream buffers (DMABUF, or restricted MMAP buffers
 *     exported with EXPBUF) and decoded into restricted frames, checked
 *     with the video TA's DIGEST; restricted MMAP buffers (the memory flag
 *     and capability, mmap refused, EXPBUF imported by vivid and vgem);
 *   - the memory rule: an ordinary dma-buf on a restricted queue is
 *     EACCES, a secure bitstream into an imported ordinary frame returns
 *     both buffers with V4L2_BUF_FLAG_ERROR and leaves the frame's bytes
 *     alone; into ordinary MMAP frames it ends the sequence (an empty LAST
 *     buffer, SOURCE_CHANGE) and decodes after the CAPTURE restart; MMAP
 *     CAPTURE buffers are restricted without the flag while (and only
 *     while) the OUTPUT queue holds restricted bitstream;
 *   - instances decoding concurrently, instances closed while streaming;
 *   - the kernel fixes of the series (patches/00NN-*.patch): dma-bufs that
 *     videobuf2 refuses are released (0017), a refused QBUF keeps a
 *     prepared buffer's planes and registration (0018), and ordinary
 *     buffers from the buddy allocator are shared with the TEE safely
 *     (0016: the CMA area filled first; no BUG in the kernel log);
 *   - after every group, the restricted heaps and the driver's statistics
 *     are back to zero.
 *
 * Uses the clips in /usr/share/sdp-demo: the encrypted 640x360 and
 * 1280x720 clips, the clear 640x360 clip (clear-640x360.mjpeg.hdr, framed
 * for v4l2-ctl --stream-from-hdr; another picture than the encrypted
 * clips', which are never in the normal world in the clear), and their
 * NV12 digest lists.
 */
#define _GNU_SOURCE
#include <glob.h>
#include <pthread.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <drm/drm.h>
#include <linux/media.h>

#include "vdec.h"

/*
 * After a group: every restricted heap empty, no instance open, no buffer
 * shared with the engine.
 */
static void clean_check(const char *group)
{
	bool pass = true;
	glob_t g;

	if (glob(HEAP_STATS_GLOB, 0, NULL, &g) || !g.gl_pathc) {
		tap_diag("no restricted heap statistics %s", HEAP_STATS_GLOB);
		pass = false;
	} else {
		for (size_t i = 0; i < g.gl_pathc; i++) {
			pass &= stat_settles(g.gl_pathv[i], "buffers", 0);
			pass &= stat_settles(g.gl_pathv[i], "used", 0);
		}
	}
	globfree(&g);
	if (!drv_stats[0]) {
		tap_diag("no driver statistics %s", DRV_STATS_GLOB);
		pass = false;
	} else {
		pass &= stat_settles(drv_stats, "instances", 0);
		pass &= stat_settles(drv_stats, "shm", 0);
	}
	tap_result(pass, "after_%s_heaps_and_driver_stats_are_zero", group);
}

/* ------------------------------------------------------------------ */
/* Discovery                                                          */
/* ------------------------------------------------------------------ */

static bool find_decoder(void)
{
	glob_t g;

	for (int i = 0; i < 64; i++) {
		struct v4l2_capability cap = {0};
		char path[32];
		int fd;

		snprintf(path, sizeof(path), "/dev/video%d", i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (!ioc(fd, VIDIOC_QUERYCAP, &cap) &&
		    !strcmp((const char *)cap.driver, DRIVER)) {
			snprintf(dev_path, sizeof(dev_path), "%s", path);
			close(fd);
			break;
		}
		close(fd);
	}
	if (!glob(DRV_STATS_GLOB, 0, NULL, &g) && g.gl_pathc == 1)
		snprintf(drv_stats, sizeof(drv_stats), "%s", g.gl_pathv[0]);
	else
		tap_diag("expected one engine's statistics in %s",
			 DRV_STATS_GLOB);
	globfree(&g);
	return dev_path[0];
}

/* ------------------------------------------------------------------ */
/* The device: capabilities, formats, controls, events                */
/* ------------------------------------------------------------------ */

static void test_querycap(int fd)
{
	const uint32_t want = V4L2_CAP_VIDEO_M2M | V4L2_CAP_STREAMING;
	struct v4l2_capability c = {0};
	int ret = ioc(fd, VIDIOC_QUERYCAP, &c);
	bool pass;

	pass = !ret && !strcmp((const char *)c.driver, DRIVER) &&
	       !strcmp((const char *)c.card, "TEE JPEG decoder") &&
	       !strcmp((const char *)c.bus_info, "platform:" DRIVER) &&
	       (c.device_caps & ~V4L2_CAP_EXT_PIX_FORMAT) == want &&
	       (c.capabilities & V4L2_CAP_DEVICE_CAPS);
	if (!pass)
		tap_diag("%s: VIDIOC_QUERYCAP: ret %d driver \"%s\" card \"%s\" bus_info \"%s\" device_caps 0x%08x capabilities 0x%08x; expected \"%s\", \"TEE JPEG decoder\", \"platform:%s\", VIDEO_M2M | STREAMING",
			 dev_path, ret, c.driver, c.card, c.bus_info,
			 c.device_caps, c.capabilities, DRIVER, DRIVER);
	tap_result(pass, "querycap_is_a_tee_jpegdec_m2m_streaming_device");
}

/*
 * The media device whose video interface is our node has exactly one
 * entity, the decoder's processing entity, of MEDIA_ENT_F_PROC_VIDEO_DECODER.
 */
static void test_media_controller(void)
{
	const char *name = "media_controller_has_a_video_decoder_entity";
	struct stat st;
	int decoders = -1;

	if (stat(dev_path, &st)) {
		tap_result(0, "%s: stat %s: %s", name, dev_path,
			   strerror(errno));
		return;
	}
	for (int i = 0; i < 16 && decoders < 0; i++) {
		struct media_v2_topology t = {0};
		struct media_v2_interface *ifs = NULL;
		struct media_v2_entity *ents = NULL;
		bool ours = false;
		char path[32];
		int fd;

		snprintf(path, sizeof(path), "/dev/media%d", i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (!ioc(fd, MEDIA_IOC_G_TOPOLOGY, &t)) {
			ifs = calloc(t.num_interfaces + 1, sizeof(*ifs));
			ents = calloc(t.num_entities + 1, sizeof(*ents));
			t.ptr_interfaces = (uintptr_t)ifs;
			t.ptr_entities = (uintptr_t)ents;
			t.ptr_links = t.ptr_pads = 0;
			if (ifs && ents && !ioc(fd, MEDIA_IOC_G_TOPOLOGY, &t)) {
				for (uint32_t k = 0; k < t.num_interfaces; k++)
					if (ifs[k].intf_type ==
						    MEDIA_INTF_T_V4L_VIDEO &&
					    ifs[k].devnode.major ==
						    major(st.st_rdev) &&
					    ifs[k].devnode.minor ==
						    minor(st.st_rdev))
						ours = true;
				if (ours) {
					decoders = 0;
					for (uint32_t k = 0; k < t.num_entities; k++)
						if (ents[k].function ==
						    MEDIA_ENT_F_PROC_VIDEO_DECODER)
							decoders++;
				}
			}
		}
		free(ifs);
		free(ents);
		close(fd);
	}
	if (decoders < 0)
		tap_diag("no /dev/media* has an interface for %s", dev_path);
	else if (decoders != 1)
		tap_diag("the media device of %s has %d MEDIA_ENT_F_PROC_VIDEO_DECODER entities, expected 1",
			 dev_path, decoders);
	tap_result(decoders == 1, "%s", name);
}

static void test_enum_fmt(int fd)
{
	uint32_t out[8], cap[8], oflags[8], cflags[8];
	unsigned int no = 0, nc = 0;
	int end_o = 0, end_c = 0;
	bool jpeg = false, mjpeg = false, pass;

	for (unsigned int i = 0; i < 8; i++) {
		struct v4l2_fmtdesc f = { .index = i,
					  .type = V4L2_BUF_TYPE_VIDEO_OUTPUT };

		end_o = ioc(fd, VIDIOC_ENUM_FMT, &f);
		if (end_o)
			break;
		oflags[no] = f.flags;
		out[no++] = f.pixelformat;
	}
	for (unsigned int i = 0; i < no; i++) {
		jpeg |= out[i] == V4L2_PIX_FMT_JPEG;
		mjpeg |= out[i] == V4L2_PIX_FMT_MJPEG;
		if (oflags[i] != (V4L2_FMT_FLAG_COMPRESSED |
				  V4L2_FMT_FLAG_DYN_RESOLUTION)) {
			tap_diag("OUTPUT format %.4s: flags 0x%x, expected 0x%x (V4L2_FMT_FLAG_COMPRESSED | V4L2_FMT_FLAG_DYN_RESOLUTION)",
				 (const char *)&out[i], oflags[i],
				 V4L2_FMT_FLAG_COMPRESSED |
				 V4L2_FMT_FLAG_DYN_RESOLUTION);
			jpeg = false;
		}
	}
	pass = no == 2 && jpeg && mjpeg && end_o == -EINVAL;
	if (!pass)
		tap_diag("ENUM_FMT(OUTPUT): %u formats (%.4s, %.4s), ended with %d; expected JPEG and MJPEG, then EINVAL",
			 no, no > 0 ? (const char *)&out[0] : "-",
			 no > 1 ? (const char *)&out[1] : "-", end_o);
	tap_result(pass, "enum_fmt_output_is_jpeg_and_mjpeg_compressed_with_dynamic_resolution");

	for (unsigned int i = 0; i < 8; i++) {
		struct v4l2_fmtdesc f = { .index = i,
					  .type = V4L2_BUF_TYPE_VIDEO_CAPTURE };

		end_c = ioc(fd, VIDIOC_ENUM_FMT, &f);
		if (end_c)
			break;
		cflags[nc] = f.flags;
		cap[nc++] = f.pixelformat;
	}
	pass = nc == 1 && cap[0] == V4L2_PIX_FMT_NV12 &&
	       !(cflags[0] & V4L2_FMT_FLAG_COMPRESSED) && end_c == -EINVAL;
	if (!pass)
		tap_diag("ENUM_FMT(CAPTURE): %u formats (first %.4s flags 0x%x), ended with %d; expected NV12 only",
			 nc, nc ? (const char *)&cap[0] : "-",
			 nc ? cflags[0] : 0, end_c);
	tap_result(pass, "enum_fmt_capture_is_nv12_only");
}

static void test_framesizes(int fd)
{
	static const uint32_t fmts[] = { V4L2_PIX_FMT_JPEG, V4L2_PIX_FMT_MJPEG,
					 V4L2_PIX_FMT_NV12 };
	bool pass = true;
	int ret;

	for (unsigned int i = 0; i < 3; i++) {
		struct v4l2_frmsizeenum f = { .index = 0,
					      .pixel_format = fmts[i] };
		struct v4l2_frmsize_stepwise *s = &f.stepwise;

		ret = ioc(fd, VIDIOC_ENUM_FRAMESIZES, &f);
		if (ret || (f.type != V4L2_FRMSIZE_TYPE_STEPWISE &&
			    f.type != V4L2_FRMSIZE_TYPE_CONTINUOUS) ||
		    s->min_width != 1 || s->max_width != MAX_DIM ||
		    s->step_width != 1 || s->min_height != 1 ||
		    s->max_height != MAX_DIM || s->step_height != 1) {
			tap_diag("ENUM_FRAMESIZES(%.4s): ret %d type %u %u..%u/%u x %u..%u/%u; expected 1..4096 step 1",
				 (const char *)&fmts[i], ret, f.type,
				 s->min_width, s->max_width, s->step_width,
				 s->min_height, s->max_height, s->step_height);
			pass = false;
		}
		f = (struct v4l2_frmsizeenum){ .index = 1,
					       .pixel_format = fmts[i] };
		ret = ioc(fd, VIDIOC_ENUM_FRAMESIZES, &f);
		if (ret != -EINVAL) {
			tap_diag("ENUM_FRAMESIZES(%.4s, index 1): %s, expected EINVAL",
				 (const char *)&fmts[i], err_s(ret));
			pass = false;
		}
	}
	{
		struct v4l2_frmsizeenum f = {
			.pixel_format = V4L2_PIX_FMT_YUYV,
		};

		ret = ioc(fd, VIDIOC_ENUM_FRAMESIZES, &f);
		if (ret != -EINVAL) {
			tap_diag("ENUM_FRAMESIZES(YUYV): %s, expected EINVAL",
				 err_s(ret));
			pass = false;
		}
	}
	tap_result(pass, "enum_framesizes_is_1_to_4096_in_steps_of_1");
}

static int try_out(int fd, uint32_t fourcc, uint32_t w, uint32_t h,
		   uint32_t size, struct v4l2_pix_format *got)
{
	struct v4l2_format f = { .type = V4L2_BUF_TYPE_VIDEO_OUTPUT };
	int ret;

	f.fmt.pix.pixelformat = fourcc;
	f.fmt.pix.width = w;
	f.fmt.pix.height = h;
	f.fmt.pix.sizeimage = size;
	ret = ioc(fd, VIDIOC_TRY_FMT, &f);
	*got = f.fmt.pix;
	return ret;
}

static void test_output_formats(int fd)
{
	static const struct {
		uint32_t in, out;
	} sizes[] = {
		{ 0, 1024 * 1024 }, { 1, 4096 }, { 4096, 4096 },
		{ 4097, 8192 }, { 100000, 102400 },
		{ 1024 * 1024 - 4096 + 1, 1024 * 1024 },
		{ 1024 * 1024, 1024 * 1024 },
		{ 1024 * 1024 + 1, 1024 * 1024 },
		{ 2 * 1024 * 1024, 1024 * 1024 },	/* GStreamer's */
		{ 16 * 1024 * 1024, 1024 * 1024 },
		{ 0xffffffffu, 1024 * 1024 },
	};
	static const struct {
		uint32_t w, h, ow, oh;
	} dims[] = {
		{ 0, 0, 1, 1 }, { 1, 1, 1, 1 }, { 641, 361, 641, 361 },
		{ 4096, 4096, 4096, 4096 }, { 4097, 9999, 4096, 4096 },
	};
	struct v4l2_pix_format p;
	bool pass = true;
	int ret;

	for (unsigned int i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		ret = try_out(fd, V4L2_PIX_FMT_JPEG, 640, 360, sizes[i].in, &p);
		if (ret || p.sizeimage != sizes[i].out) {
			tap_diag("TRY_FMT(OUTPUT, sizeimage %u): ret %d sizeimage %u, expected %u",
				 sizes[i].in, ret, p.sizeimage, sizes[i].out);
			pass = false;
		}
	}
	tap_result(pass, "output_sizeimage_rounds_up_to_4k_clamped_to_4k_1m_0_is_1m");

	pass = true;
	for (unsigned int i = 0; i < sizeof(dims) / sizeof(dims[0]); i++) {
		ret = try_out(fd, V4L2_PIX_FMT_JPEG, dims[i].w, dims[i].h, 0,
			      &p);
		if (ret || p.width != dims[i].ow || p.height != dims[i].oh) {
			tap_diag("TRY_FMT(OUTPUT %ux%u): ret %d %ux%u, expected %ux%u",
				 dims[i].w, dims[i].h, ret, p.width, p.height,
				 dims[i].ow, dims[i].oh);
			pass = false;
		}
	}
	tap_result(pass, "output_size_hint_is_clamped_to_1_4096");

	pass = true;
	ret = try_out(fd, V4L2_PIX_FMT_MJPEG, 640, 360, 0, &p);
	if (ret || p.pixelformat != V4L2_PIX_FMT_MJPEG ||
	    p.colorspace != V4L2_COLORSPACE_JPEG) {
		tap_diag("TRY_FMT(OUTPUT MJPEG): ret %d %.4s colorspace %u, expected MJPEG, V4L2_COLORSPACE_JPEG",
			 ret, (const char *)&p.pixelformat, p.colorspace);
		pass = false;
	}
	ret = try_out(fd, V4L2_PIX_FMT_JPEG, 640, 360, 0, &p);
	if (ret || p.pixelformat != V4L2_PIX_FMT_JPEG ||
	    p.colorspace != V4L2_COLORSPACE_JPEG || p.xfer_func ||
	    p.ycbcr_enc || p.quantization) {
		tap_diag("TRY_FMT(OUTPUT JPEG): ret %d %.4s colorimetry %u/%u/%u/%u, expected JPEG, V4L2_COLORSPACE_JPEG/0/0/0",
			 ret, (const char *)&p.pixelformat, p.colorspace,
			 p.xfer_func, p.ycbcr_enc, p.quantization);
		pass = false;
	}
	ret = try_out(fd, V4L2_PIX_FMT_YUYV, 640, 360, 0, &p);
	if (ret || (p.pixelformat != V4L2_PIX_FMT_JPEG &&
		    p.pixelformat != V4L2_PIX_FMT_MJPEG)) {
		tap_diag("TRY_FMT(OUTPUT YUYV): ret %d %.4s, expected JPEG or MJPEG",
			 ret, (const char *)&p.pixelformat);
		pass = false;
	}
	tap_result(pass, "output_formats_are_jpeg_mjpeg_colorspace_jpeg");
}

/* CAPTURE before any header: NV12 at the OUTPUT hint, S_FMT cannot change it. */
static void test_capture_format_hint(int fd)
{
	static const struct {
		uint32_t w, h, bpl, size;
	} hints[] = {
		{ 100, 75, 112, 112 * (75 + 38) },
		{ 641, 361, 656, 656 * (361 + 181) },
		{ 640, 360, 640, 640 * (360 + 180) },
	};
	struct v4l2_format f;
	struct v4l2_pix_format *p = &f.fmt.pix;
	bool pass = true;
	int ret;

	for (unsigned int i = 0; i < 3; i++) {
		f = (struct v4l2_format){ .type = V4L2_BUF_TYPE_VIDEO_OUTPUT };
		p->pixelformat = V4L2_PIX_FMT_JPEG;
		p->width = hints[i].w;
		p->height = hints[i].h;
		ret = ioc(fd, VIDIOC_S_FMT, &f);
		if (ret) {
			tap_diag("S_FMT(OUTPUT %ux%u): %s", hints[i].w,
				 hints[i].h, strerror(-ret));
			pass = false;
			continue;
		}
		f = (struct v4l2_format){ .type = V4L2_BUF_TYPE_VIDEO_CAPTURE };
		ret = ioc(fd, VIDIOC_G_FMT, &f);
		if (ret || p->pixelformat != V4L2_PIX_FMT_NV12 ||
		    p->width != hints[i].w || p->height != hints[i].h ||
		    p->bytesperline != hints[i].bpl ||
		    p->sizeimage != hints[i].size ||
		    p->colorspace != V4L2_COLORSPACE_SRGB ||
		    p->xfer_func != V4L2_XFER_FUNC_SRGB ||
		    p->ycbcr_enc != V4L2_YCBCR_ENC_601 ||
		    p->quantization != V4L2_QUANTIZATION_FULL_RANGE ||
		    p->field != V4L2_FIELD_NONE) {
			tap_diag("G_FMT(CAPTURE) after the hint %ux%u: ret %d %.4s %ux%u bytesperline %u sizeimage %u colorimetry %u/%u/%u/%u field %u; expected NV12 %ux%u %u %u SRGB/SRGB/601/FULL NONE",
				 hints[i].w, hints[i].h, ret,
				 (const char *)&p->pixelformat, p->width,
				 p->height, p->bytesperline, p->sizeimage,
				 p->colorspace, p->xfer_func, p->ycbcr_enc,
				 p->quantization, p->field, hints[i].w,
				 hints[i].h, hints[i].bpl, hints[i].size);
			pass = false;
		}
	}
	tap_result(pass, "capture_format_before_the_header_is_nv12_srgb_at_the_output_hint");

	/* the last hint, 640x360, stands: S_FMT and TRY_FMT cannot change it */
	pass = true;
	for (int s = 0; s < 2; s++) {
		f = (struct v4l2_format){ .type = V4L2_BUF_TYPE_VIDEO_CAPTURE };
		p->pixelformat = s ? V4L2_PIX_FMT_YUYV : V4L2_PIX_FMT_NV12;
		p->width = 320;
		p->height = 240;
		p->bytesperline = 4096;
		ret = ioc(fd, s ? VIDIOC_TRY_FMT : VIDIOC_S_FMT, &f);
		if (ret || p->pixelformat != V4L2_PIX_FMT_NV12 ||
		    p->width != 640 || p->height != 360 ||
		    p->bytesperline != 640 || p->sizeimage != 345600) {
			tap_diag("%s(CAPTURE %s 320x240): ret %d %.4s %ux%u bytesperline %u sizeimage %u; expected NV12 640x360 640 345600",
				 s ? "TRY_FMT" : "S_FMT", s ? "YUYV" : "NV12",
				 ret, (const char *)&p->pixelformat, p->width,
				 p->height, p->bytesperline, p->sizeimage);
			pass = false;
		}
	}
	tap_result(pass, "capture_s_fmt_and_try_fmt_cannot_change_the_size");
}

/* A format's colorimetry: colorspace, xfer_func, ycbcr_enc, quantization */
struct colorimetry {
	uint32_t cs, xfer, enc, quant;
};

static const struct colorimetry jpeg_output = { V4L2_COLORSPACE_JPEG, 0, 0, 0 };
static const struct colorimetry jpeg_frames = {
	V4L2_COLORSPACE_SRGB, V4L2_XFER_FUNC_SRGB, V4L2_YCBCR_ENC_601,
	V4L2_QUANTIZATION_FULL_RANGE,
};
/* what GStreamer sets for "bt601" (SMPTE 170M, limited range) */
static const struct colorimetry bt601 = {
	V4L2_COLORSPACE_SMPTE170M, V4L2_XFER_FUNC_709, V4L2_YCBCR_ENC_601,
	V4L2_QUANTIZATION_LIM_RANGE,
};

static struct colorimetry colorimetry_of(const struct v4l2_pix_format *p)
{
	return (struct colorimetry){ p->colorspace, p->xfer_func, p->ycbcr_enc,
				     p->quantization };
}

static bool same_colorimetry(const struct colorimetry *a,
			     const struct colorimetry *b)
{
	return a->cs == b->cs && a->xfer == b->xfer && a->enc == b->enc &&
	       a->quant == b->quant;
}

/*
 * @ioctl (VIDIOC_G_FMT, TRY_FMT or S_FMT) on @type with colorimetry @in
 * (TRY/S_FMT only, on the current format); the result in @got.
 */
static int fmt_colorimetry(int fd, unsigned long ioctl_nr, uint32_t type,
			   const struct colorimetry *in, struct colorimetry *got)
{
	struct v4l2_format f = { .type = type };
	int ret = ioc(fd, VIDIOC_G_FMT, &f);

	if (!ret && ioctl_nr != VIDIOC_G_FMT) {
		f.fmt.pix.colorspace = in->cs;
		f.fmt.pix.xfer_func = in->xfer;
		f.fmt.pix.ycbcr_enc = in->enc;
		f.fmt.pix.quantization = in->quant;
		ret = ioc(fd, ioctl_nr, &f);
	}
	*got = colorimetry_of(&f.fmt.pix);
	return ret;
}

/* G_FMT of @type reports @want; else a diagnostic naming @when */
static bool reports_colorimetry(int fd, uint32_t type,
				const struct colorimetry *want,
				const char *when)
{
	struct colorimetry got;
	int ret = fmt_colorimetry(fd, VIDIOC_G_FMT, type, NULL, &got);

	if (!ret && same_colorimetry(&got, want))
		return true;
	tap_diag("G_FMT(%s) %s: ret %d colorimetry %u/%u/%u/%u, expected %u/%u/%u/%u",
		 type == V4L2_BUF_TYPE_VIDEO_OUTPUT ? "OUTPUT" : "CAPTURE",
		 when, ret, got.cs, got.xfer, got.enc, got.quant, want->cs,
		 want->xfer, want->enc, want->quant);
	return false;
}

/*
 * OUTPUT colorimetry is the client's (JPEG's by default); CAPTURE reports
 * it, or, for JPEG, what JPEG stands for: sRGB, full-range BT.601.
 */
static void test_colorimetry(void)
{
	static const struct {
		struct colorimetry in, out;
	} sanitised[] = {
		/* DEFAULT, or outside the enumeration: JPEG */
		{ { 0, V4L2_XFER_FUNC_709, V4L2_YCBCR_ENC_709,
		    V4L2_QUANTIZATION_LIM_RANGE }, { .cs = V4L2_COLORSPACE_JPEG } },
		{ { 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu },
		  { .cs = V4L2_COLORSPACE_JPEG } },
		{ { .cs = V4L2_COLORSPACE_DCI_P3 + 1 }, { .cs = V4L2_COLORSPACE_JPEG } },
		{ { .cs = V4L2_COLORSPACE_BT878 }, { .cs = V4L2_COLORSPACE_JPEG } },
		/* JPEG implies the rest */
		{ { V4L2_COLORSPACE_JPEG, V4L2_XFER_FUNC_709,
		    V4L2_YCBCR_ENC_709, V4L2_QUANTIZATION_LIM_RANGE },
		  { .cs = V4L2_COLORSPACE_JPEG } },
		/* the other fields outside their enumerations: DEFAULT */
		{ { V4L2_COLORSPACE_REC709, V4L2_XFER_FUNC_SMPTE2084 + 1,
		    V4L2_YCBCR_ENC_SMPTE240M + 1,
		    V4L2_QUANTIZATION_LIM_RANGE + 1 },
		  { .cs = V4L2_COLORSPACE_REC709 } },
		{ { V4L2_COLORSPACE_BT2020, 0x100 + V4L2_XFER_FUNC_709,
		    V4L2_HSV_ENC_180, 0x100 + V4L2_QUANTIZATION_FULL_RANGE },
		  { .cs = V4L2_COLORSPACE_BT2020 } },
		/* in range: kept as they are */
		{ { .cs = V4L2_COLORSPACE_REC709 }, { .cs = V4L2_COLORSPACE_REC709 } },
		{ { V4L2_COLORSPACE_DCI_P3, V4L2_XFER_FUNC_SMPTE2084,
		    V4L2_YCBCR_ENC_SMPTE240M, V4L2_QUANTIZATION_FULL_RANGE },
		  { V4L2_COLORSPACE_DCI_P3, V4L2_XFER_FUNC_SMPTE2084,
		    V4L2_YCBCR_ENC_SMPTE240M, V4L2_QUANTIZATION_FULL_RANGE } },
		{ { V4L2_COLORSPACE_SRGB, V4L2_XFER_FUNC_SRGB,
		    V4L2_YCBCR_ENC_601, V4L2_QUANTIZATION_FULL_RANGE },
		  { V4L2_COLORSPACE_SRGB, V4L2_XFER_FUNC_SRGB,
		    V4L2_YCBCR_ENC_601, V4L2_QUANTIZATION_FULL_RANGE } },
	};
	static const unsigned long cap_ioctls[] = { VIDIOC_G_FMT,
						    VIDIOC_TRY_FMT,
						    VIDIOC_S_FMT };
	static const char *const cap_names[] = { "G_FMT", "TRY_FMT", "S_FMT" };
	const uint32_t out = V4L2_BUF_TYPE_VIDEO_OUTPUT;
	const uint32_t cap = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	struct colorimetry got;
	bool pass;
	int fd, ret;

	fd = open(dev_path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		tap_result(0, "open %s: %s", dev_path, strerror(errno));
		return;
	}
	pass = reports_colorimetry(fd, out, &jpeg_output, "when opened") &&
	       reports_colorimetry(fd, cap, &jpeg_frames, "when opened");
	tap_result(pass, "default_output_colorimetry_is_jpeg_capture_srgb_srgb_601_full");

	/* S_FMT OUTPUT with SMPTE 170M, 709, 601, limited */
	ret = fmt_colorimetry(fd, VIDIOC_S_FMT, out, &bt601, &got);
	pass = !ret && same_colorimetry(&got, &bt601);
	if (!pass)
		tap_diag("S_FMT(OUTPUT SMPTE170M/709/601/LIM): ret %d colorimetry %u/%u/%u/%u",
			 ret, got.cs, got.xfer, got.enc, got.quant);
	pass = pass &&
	       reports_colorimetry(fd, out, &bt601, "after S_FMT(OUTPUT bt601)");
	for (unsigned int i = 0; pass && i < 3; i++) {
		ret = fmt_colorimetry(fd, cap_ioctls[i], cap, &jpeg_frames, &got);
		if (ret || !same_colorimetry(&got, &bt601)) {
			tap_diag("%s(CAPTURE, asking SRGB/SRGB/601/FULL) after S_FMT(OUTPUT bt601): ret %d colorimetry %u/%u/%u/%u, expected OUTPUT's %u/%u/%u/%u",
				 cap_names[i], ret, got.cs, got.xfer, got.enc,
				 got.quant, bt601.cs, bt601.xfer, bt601.enc,
				 bt601.quant);
			pass = false;
		}
	}
	tap_result(pass, "output_colorimetry_set_by_the_client_is_kept_and_reported_on_capture");

	/* TRY_FMT sanitises and changes nothing */
	pass = true;
	for (unsigned int i = 0; i < sizeof(sanitised) / sizeof(sanitised[0]); i++) {
		const struct colorimetry *in = &sanitised[i].in;
		const struct colorimetry *want = &sanitised[i].out;

		ret = fmt_colorimetry(fd, VIDIOC_TRY_FMT, out, in, &got);
		if (ret || !same_colorimetry(&got, want)) {
			tap_diag("TRY_FMT(OUTPUT %u/%u/%u/%u): ret %d colorimetry %u/%u/%u/%u, expected %u/%u/%u/%u",
				 in->cs, in->xfer, in->enc, in->quant, ret,
				 got.cs, got.xfer, got.enc, got.quant,
				 want->cs, want->xfer, want->enc, want->quant);
			pass = false;
		}
	}
	pass = reports_colorimetry(fd, out, &bt601, "after TRY_FMTs") && pass;
	pass = reports_colorimetry(fd, cap, &bt601, "after TRY_FMTs") && pass;
	tap_result(pass, "output_colorimetry_outside_the_enumerations_is_default_and_jpeg_implies_the_rest");

	/* S_FMT OUTPUT with DEFAULT: back to JPEG, on both queues */
	ret = fmt_colorimetry(fd, VIDIOC_S_FMT, out, &sanitised[1].in, &got);
	pass = !ret && same_colorimetry(&got, &jpeg_output) &&
	       reports_colorimetry(fd, out, &jpeg_output, "after S_FMT(OUTPUT 0xffffffff...)") &&
	       reports_colorimetry(fd, cap, &jpeg_frames, "after S_FMT(OUTPUT 0xffffffff...)");
	tap_result(pass, "s_fmt_output_with_an_invalid_colorspace_restores_jpeg_on_both_queues");
	close(fd);
}

static void test_controls_events(int fd)
{
	struct v4l2_control c = { .id = V4L2_CID_MIN_BUFFERS_FOR_CAPTURE };
	struct v4l2_event_subscription s;
	bool pass = true;
	int ret;

	ret = ioc(fd, VIDIOC_G_CTRL, &c);
	if (ret || c.value != 1)
		tap_diag("V4L2_CID_MIN_BUFFERS_FOR_CAPTURE: ret %d value %d, expected 1",
			 ret, c.value);
	tap_result(!ret && c.value == 1, "min_buffers_for_capture_is_1");

	static const uint32_t ok[] = { V4L2_EVENT_SOURCE_CHANGE, V4L2_EVENT_EOS,
				       V4L2_EVENT_CTRL };
	for (unsigned int i = 0; i < 3; i++) {
		s = (struct v4l2_event_subscription){ .type = ok[i] };
		if (ok[i] == V4L2_EVENT_CTRL)
			s.id = V4L2_CID_MIN_BUFFERS_FOR_CAPTURE;
		ret = ioc(fd, VIDIOC_SUBSCRIBE_EVENT, &s);
		if (ret) {
			tap_diag("SUBSCRIBE_EVENT(%s): %s", event_name(ok[i]),
				 strerror(-ret));
			pass = false;
		}
	}
	s = (struct v4l2_event_subscription){ .type = V4L2_EVENT_VSYNC };
	ret = ioc(fd, VIDIOC_SUBSCRIBE_EVENT, &s);
	if (ret != -EINVAL) {
		tap_diag("SUBSCRIBE_EVENT(VSYNC): %s, expected EINVAL",
			 err_s(ret));
		pass = false;
	}
	tap_result(pass, "events_are_source_change_eos_and_ctrl");
}

static void test_device(void)
{
	long long a, b;
	int fd, fd2;

	fd = open(dev_path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		tap_result(0, "open %s: %s", dev_path, strerror(errno));
		return;
	}
	test_querycap(fd);
	test_media_controller();
	test_enum_fmt(fd);
	test_framesizes(fd);
	test_output_formats(fd);
	test_capture_format_hint(fd);
	test_controls_events(fd);
	test_colorimetry();

	fd2 = open(dev_path, O_RDWR | O_CLOEXEC);
	a = drv_stat("instances");
	close_fd(&fd2);
	b = drv_stat("instances");
	close(fd);
	if (a != 2 || b != 1)
		tap_diag("%s: instances %lld with two open, %lld with one; expected 2, 1",
			 drv_stats, a, b);
	tap_result(a == 2 && b == 1, "debugfs_counts_open_instances");
	clean_check("device");
}

/* ------------------------------------------------------------------ */
/* Clear content and the stateful sequences                           */
/* ------------------------------------------------------------------ */

static bool need_clear(const char *name)
{
	if (clear.n)
		return true;
	not_run(name, clear.why);
	return false;
}

static void test_selection(struct dec *d, uint32_t w, uint32_t h,
			   const char *name)
{
	static const uint32_t targets[] = {
		V4L2_SEL_TGT_COMPOSE, V4L2_SEL_TGT_COMPOSE_DEFAULT,
		V4L2_SEL_TGT_COMPOSE_BOUNDS, V4L2_SEL_TGT_COMPOSE_PADDED,
	};
	bool pass = true;

	for (unsigned int i = 0; i < 4; i++) {
		struct v4l2_selection s = {
			.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
			.target = targets[i],
		};
		int ret = ioc(d->fd, VIDIOC_G_SELECTION, &s);

		if (ret || s.r.left || s.r.top || s.r.width != w ||
		    s.r.height != h) {
			tap_diag("G_SELECTION(CAPTURE, target 0x%x): ret %d (%d,%d) %ux%u, expected (0,0) %ux%u",
				 targets[i], ret, s.r.left, s.r.top, s.r.width,
				 s.r.height, w, h);
			pass = false;
		}
	}
	tap_result(pass, "%s", name);
}

/* Initialization, then the clear stream MMAP to MMAP. */
static void test_clear_mmap(struct tee *t)
{
	const char *name = "clear_mjpeg_mmap_to_mmap_frames_match_their_digests";
	struct item first = { .clip = &cl, .idx = 0 }, items[11];
	struct v4l2_buffer b;
	struct counters c0;
	struct dec d = {0};
	bool ok;
	int ret;

	if (!need_clear(name))
		return;
	counters(&c0);
	ok = dec_begin(&d, t, V4L2_PIX_FMT_MJPEG, K_MMAP, &first);
	tap_result(ok && wait_source_change(&d),
		   "first_header_raises_source_change_resolution");
	ok = ok && dec_g_fmt_cap(&d) && d.w == 640 && d.h == 360 &&
	     d.bpl == 640 && d.sizeimage == 345600;
	if (!ok)
		tap_diag("CAPTURE after the header: %ux%u bytesperline %u sizeimage %u, expected 640x360 640 345600",
			 d.w, d.h, d.bpl, d.sizeimage);
	tap_result(ok, "capture_format_after_the_header_is_the_streams");
	test_selection(&d, 640, 360,
		       "selection_compose_targets_are_the_whole_frame");
	ret = dqbuf(&d, &d.out, &b);
	if (ret != -EAGAIN)
		tap_diag("DQBUF(OUTPUT) before CAPTURE streams: %s, expected EAGAIN",
			 err_s(ret));
	tap_result(ret == -EAGAIN,
		   "output_buffer_with_the_header_waits_for_capture");
	ok = ok && dec_capture(&d, K_MMAP);
	items_of(items, &cl, 1, 11);
	ok = ok && dec_pump(&d, items, 11);
	tap_result(ok, "%s", name);
	{
		struct v4l2_buffer q = { .index = 0, .type = d.cap.type,
					 .memory = V4L2_MEMORY_MMAP };

		ret = ioc(d.fd, VIDIOC_QUERYBUF, &q);
		if (ret || (q.flags & V4L2_BUF_FLAG_TIMESTAMP_MASK) !=
				   V4L2_BUF_FLAG_TIMESTAMP_COPY)
			tap_diag("QUERYBUF(CAPTURE 0): ret %d flags 0x%x, expected V4L2_BUF_FLAG_TIMESTAMP_COPY",
				 ret, q.flags);
		/* the values were checked frame by frame */
		tap_result(ok && !ret &&
			   (q.flags & V4L2_BUF_FLAG_TIMESTAMP_MASK) ==
				   V4L2_BUF_FLAG_TIMESTAMP_COPY,
			   "capture_timestamps_are_copied_from_output");
	}
	if (d.seq_err[0])
		tap_diag("%s", d.seq_err);
	tap_result(ok && !d.seq_err[0] && d.out.seq_next == 12 &&
		   d.cap.seq_next == 12,
		   "sequence_numbers_count_each_queue_from_0");
	tap_result(ok && counters_moved(&c0, 12, 0, 1),
		   "debugfs_counts_decoded_frames_and_source_changes");
	dec_close(&d);
}

/* Clear content through CMA dma-bufs on both queues (tee_shm_register_kernel_buf). */
static void test_clear_cma(struct tee *t)
{
	const char *name = "clear_cma_dmabuf_to_cma_dmabuf_frames_match";
	struct item first = { .clip = &cl, .idx = 20 }, items[5];
	struct dec d = {0};
	bool ok;

	if (!need_clear(name))
		return;
	items_of(items, &cl, 21, 5);
	ok = dec_start(&d, t, V4L2_PIX_FMT_JPEG, K_DMABUF_CMA, K_DMABUF_CMA,
		       &first) && dec_pump(&d, items, 5);
	tap_result(ok, "%s", name);
	dec_close(&d);
}

/* Ordinary bitstream into restricted frames decodes. */
static void test_clear_to_restricted(struct tee *t)
{
	const char *name = "clear_bitstream_into_restricted_capture_frames_match";
	struct item first = { .clip = &cl, .idx = 30 }, items[5];
	struct dec d = {0};
	bool ok;

	if (!need_clear(name))
		return;
	items_of(items, &cl, 31, 5);
	ok = dec_start(&d, t, V4L2_PIX_FMT_MJPEG, K_MMAP, K_DMABUF_R, &first) &&
	     dec_pump(&d, items, 5);
	tap_result(ok, "%s", name);
	dec_close(&d);
}

/*
 * The OUTPUT colorimetry labels the frames, the engine converts nothing:
 * under a bt601 label the frames are the same bytes, and CAPTURE reports
 * the label once the header set its size.
 */
static void test_clear_labelled(struct tee *t)
{
	const char *name = "clear_frames_under_a_bt601_output_label_match_their_digests_and_capture_reports_it";
	struct item first = { .clip = &cl, .idx = 40 }, items[4];
	struct colorimetry got;
	struct dec d = {0};
	bool ok;

	if (!need_clear(name))
		return;
	items_of(items, &cl, 41, 4);
	ok = dec_open(&d, t) &&
	     dec_s_fmt_out(&d, V4L2_PIX_FMT_JPEG, 640, 360);
	if (ok && fmt_colorimetry(d.fd, VIDIOC_S_FMT, V4L2_BUF_TYPE_VIDEO_OUTPUT,
				  &bt601, &got))
		ok = dec_fail(&d, "%s: S_FMT(OUTPUT bt601) failed", dev_path);
	ok = ok && q_alloc(&d, &d.out, K_MMAP, NBUF, 0, OUT_SIZE) &&
	     queue_item(&d, &first) && stream(&d, &d.out, true) &&
	     wait_source_change(&d) && dec_g_fmt_cap(&d) &&
	     reports_colorimetry(d.fd, V4L2_BUF_TYPE_VIDEO_CAPTURE, &bt601,
				 "after the header") &&
	     dec_capture(&d, K_MMAP) && dec_pump(&d, items, 4);
	tap_result(ok, "%s", name);
	dec_close(&d);
}

/* Wait up to QUIET_MS: nothing comes back on either queue. */
static bool nothing_returned(struct dec *d, int want_cap_ret, const char *what)
{
	struct v4l2_buffer b;
	int ro = -EAGAIN, rc = want_cap_ret;

	for (int ms = 0; ms < QUIET_MS && ro == -EAGAIN && rc == want_cap_ret;
	     ms++) {
		ro = dqbuf(d, &d->out, &b);
		rc = dqbuf(d, &d->cap, &b);
		usleep(1000);
	}
	if (ro != -EAGAIN || rc != want_cap_ret)
		return dec_fail(d, "%s: DQBUF(OUTPUT) %d, DQBUF(CAPTURE) %d; expected EAGAIN, %d",
				what, ro, rc, want_cap_ret);
	return true;
}

/* Take the CAPTURE buffer of the next item in flight, not queued again. */
static bool take_capture(struct dec *d, bool last, unsigned int *index)
{
	struct v4l2_buffer b;
	int ret = dqbuf_wait(d, &d->cap, &b, TIMEOUT_MS);

	if (ret)
		return dec_fail(d, "%s: DQBUF(CAPTURE): %s", dev_path,
				strerror(-ret));
	if (!d->cap_n)
		return dec_fail(d, "CAPTURE buffer %u returned, none expected",
				b.index);
	if (index)
		*index = b.index;
	ret = check_capture(d, &b, &d->capq[0], last);
	pop(d->capq, &d->cap_n);
	return ret;
}

/* Wait until only @left OUTPUT buffers are outstanding. */
static bool outputs_until(struct dec *d, unsigned int left)
{
	for (int ms = 0; d->out_n > left; ms++) {
		bool progress = false;

		if (!take_outputs(d, &progress))
			return false;
		if (ms > TIMEOUT_MS)
			return dec_fail(d, "%u OUTPUT buffers not returned",
					d->out_n - left);
		usleep(1000);
	}
	return true;
}

static void test_drain(struct tee *t)
{
	const char *name = "drain_marks_the_last_frames_capture_buffer_last";
	struct item first = { .clip = &cl, .idx = 0 }, items[4];
	struct v4l2_event ev;
	struct v4l2_buffer b;
	struct dec d = {0};
	bool ok;
	int r1, r2, ret;

	if (!need_clear(name))
		return;
	items_of(items, &cl, 1, 4);
	/* CAPTURE streams without buffers: the drain cannot end yet */
	ok = dec_begin(&d, t, V4L2_PIX_FMT_JPEG, K_MMAP, &first) &&
	     wait_source_change(&d) && dec_g_fmt_cap(&d) &&
	     q_alloc(&d, &d.cap, K_MMAP, NBUF, 0, 0) &&
	     stream(&d, &d.cap, true) && queue_item(&d, &items[0]) &&
	     queue_item(&d, &items[1]);
	r1 = dec_cmd(&d, V4L2_DEC_CMD_STOP, true);
	r2 = dec_cmd(&d, V4L2_DEC_CMD_START, true);
	if (r1 || r2)
		tap_diag("TRY_DECODER_CMD: STOP %d, START %d; expected 0, 0",
			 r1, r2);
	tap_result(ok && !r1 && !r2, "try_decoder_cmd_accepts_stop_and_start");
	ret = dec_cmd(&d, V4L2_DEC_CMD_STOP, false);
	if (ret)
		dec_fail(&d, "DECODER_CMD(STOP): %s", strerror(-ret));
	ok = ok && !ret;
	r1 = dec_cmd(&d, V4L2_DEC_CMD_STOP, false);
	r2 = dec_cmd(&d, V4L2_DEC_CMD_START, false);
	if (r1 != -EBUSY || r2 != -EBUSY)
		tap_diag("DECODER_CMD during a drain: STOP %d, START %d; expected EBUSY",
			 r1, r2);
	tap_result(ok && r1 == -EBUSY && r2 == -EBUSY,
		   "decoder_cmd_during_a_drain_is_ebusy");

	/* frames 0, 1, 2: the last one carries LAST */
	ok = ok && cap_queue_all(&d) && take_capture(&d, false, NULL) &&
	     take_capture(&d, false, NULL) && take_capture(&d, true, NULL) &&
	     outputs_until(&d, 0);
	tap_result(ok, "%s", name);
	ret = event_wait(&d, &ev, TIMEOUT_MS);
	if (ret || ev.type != V4L2_EVENT_EOS)
		tap_diag("after LAST: event %s (ret %d), expected EOS",
			 ret ? "none" : event_name(ev.type), ret);
	tap_result(ok && !ret && ev.type == V4L2_EVENT_EOS,
		   "drain_raises_eos");
	ret = dqbuf(&d, &d.cap, &b);
	if (ret != -EPIPE)
		tap_diag("DQBUF(CAPTURE) after LAST: %s, expected EPIPE",
			 err_s(ret));
	tap_result(ok && ret == -EPIPE, "dqbuf_capture_after_last_is_epipe");

	/* stopped: frame 3 is taken but not decoded until START */
	ok = ok && queue_item(&d, &items[2]);
	tap_result(ok && nothing_returned(&d, -EPIPE, "stopped"),
		   "stopped_decoder_holds_output_until_start");
	ret = dec_cmd(&d, V4L2_DEC_CMD_START, false);
	if (ret)
		tap_diag("DECODER_CMD(START): %s", strerror(-ret));
	tap_result(ok && !ret && dec_pump(&d, NULL, 0),
		   "decoder_cmd_start_resumes_decoding");

	/* a drain with nothing queued: an empty LAST buffer */
	ret = dec_cmd(&d, V4L2_DEC_CMD_STOP, false);
	ok = !ret;
	if (ret)
		tap_diag("DECODER_CMD(STOP) on an empty OUTPUT queue: %s",
			 strerror(-ret));
	ret = ok ? dqbuf_wait(&d, &d.cap, &b, TIMEOUT_MS) : -1;
	if (ok && (ret || b.bytesused || !(b.flags & V4L2_BUF_FLAG_LAST) ||
		   (b.flags & V4L2_BUF_FLAG_ERROR))) {
		tap_diag("CAPTURE after STOP on an empty OUTPUT queue: ret %d flags 0x%x bytesused %u; expected LAST, no ERROR, 0",
			 ret, b.flags, b.bytesused);
		ok = false;
	}
	ok = ok && !event_wait(&d, &ev, TIMEOUT_MS) &&
	     ev.type == V4L2_EVENT_EOS && dqbuf(&d, &d.cap, &b) == -EPIPE;
	tap_result(ok, "drain_of_an_empty_output_queue_returns_an_empty_last_buffer_eos_epipe");

	/* a CAPTURE restart resumes too */
	ok = ok && stream(&d, &d.cap, false) && dec_capture_on(&d) &&
	     nothing_returned(&d, -EAGAIN, "after the CAPTURE restart") &&
	     queue_item(&d, &items[3]) && dec_pump(&d, NULL, 0);
	tap_result(ok, "capture_restart_after_a_drain_resumes_decoding");
	dec_close(&d);
}

static void test_seek(struct tee *t)
{
	const char *name = "seek_resumes_decoding_from_the_next_frame_queued";
	struct item first = { .clip = &cl, .idx = 0 }, items[10], after[8];
	unsigned int held[NBUF], nheld = 0, out_idx[2];
	struct v4l2_event ev;
	struct dec d = {0};
	bool ok, returned = true;
	int ret;

	if (!need_clear(name))
		return;
	items_of(items, &cl, 0, 10);
	items_of(after, &cl, 40, 8);
	ok = dec_start(&d, t, V4L2_PIX_FMT_JPEG, K_MMAP, K_MMAP, &first) &&
	     dec_pump(&d, items + 1, 3);
	/* 4, 5 decoded and held; 6, 7 decoded and held; 8, 9 wait */
	ok = ok && queue_item(&d, &items[4]) && queue_item(&d, &items[5]) &&
	     take_capture(&d, false, &held[nheld++]) &&
	     take_capture(&d, false, &held[nheld++]) && outputs_until(&d, 0);
	ok = ok && queue_item(&d, &items[6]) && queue_item(&d, &items[7]) &&
	     queue_item(&d, &items[8]) && queue_item(&d, &items[9]) &&
	     take_capture(&d, false, &held[nheld++]) &&
	     take_capture(&d, false, &held[nheld++]) && outputs_until(&d, 2) &&
	     nothing_returned(&d, -EAGAIN, "no CAPTURE buffer queued");
	if (ok) {
		unsigned int k = 0;

		for (unsigned int i = 0; i < d.out.count && k < 2; i++)
			if (d.out.b[i].queued)
				out_idx[k++] = i;
		ok = k == 2 && stream(&d, &d.out, false);
	}
	for (unsigned int k = 0; ok && k < 2; k++) {
		struct v4l2_buffer q = { .index = out_idx[k],
					 .type = d.out.type,
					 .memory = d.out.memory };

		ret = ioc(d.fd, VIDIOC_QUERYBUF, &q);
		if (ret || (q.flags & (V4L2_BUF_FLAG_QUEUED |
				       V4L2_BUF_FLAG_DONE))) {
			tap_diag("OUTPUT buffer %u after STREAMOFF: ret %d flags 0x%x, expected neither QUEUED nor DONE",
				 out_idx[k], ret, q.flags);
			returned = false;
		}
	}
	tap_result(ok && returned, "seek_streamoff_output_returns_the_queued_buffers");
	d.out_n = d.cap_n = 0;	/* frames 8 and 9 are gone */
	ok = ok && stream(&d, &d.out, true);
	for (unsigned int k = 0; ok && k < nheld; k++) {
		ret = qbuf(&d, &d.cap, held[k], 0, 0);
		if (ret)
			ok = dec_fail(&d, "QBUF(CAPTURE %u): %s", held[k],
				      strerror(-ret));
	}
	ok = ok && dec_pump(&d, after, 8);
	tap_result(ok, "%s", name);
	ret = ioc(d.fd, VIDIOC_DQEVENT, &ev);
	if (ret != -ENOENT)
		tap_diag("after the seek: DQEVENT %d (%s), expected ENOENT",
			 ret, ret ? "" : event_name(ev.type));
	tap_result(ok && ret == -ENOENT,
		   "seek_at_the_same_size_raises_no_source_change");
	dec_close(&d);
}

/*
 * Corrupt samples mid-stream: ERROR on both buffers, the CAPTURE one with a
 * whole frame's bytesused (0 would end the stream for GStreamer), and
 * decoding goes on.
 */
static void test_corrupt(struct tee *t, bool secure)
{
	const char *name = secure ? "secure_corrupt_samples_return_error_on_both_buffers" :
				    "corrupt_samples_return_error_on_both_buffers";
	const struct clip *c = secure ? &sd : &cl;
	struct item first = { .clip = c, .idx = 0 }, items[6];
	struct counters c0;
	struct dec d = {0};
	bool ok;

	if (!secure && !need_clear(name))
		return;
	items_of(items, c, 1, 6);
	items[2].how = TRUNCATED;	/* frame 3 */
	items[4].how = BAD_MARKER;	/* frame 5 */
	counters(&c0);
	ok = dec_start(&d, t, V4L2_PIX_FMT_JPEG,
		       secure ? K_DMABUF_R : K_MMAP,
		       secure ? K_DMABUF_R : K_MMAP, &first) &&
	     dec_pump(&d, items, 6);
	tap_result(ok && !d.bad_errors, "%s", name);
	/* each checked: V4L2_BUF_FLAG_ERROR, bytesused sizeimage (345600) */
	if (ok && d.cap_errors != 2)
		tap_diag("%u CAPTURE buffers came back in error, expected 2",
			 d.cap_errors);
	tap_result(ok && !d.bad_errors && d.cap_errors == 2,
		   secure ? "secure_error_capture_buffers_have_bytesused_sizeimage_not_0" :
			    "error_capture_buffers_have_bytesused_sizeimage_not_0");
	tap_result(ok && !d.bad_frames,
		   secure ? "secure_frames_after_corrupt_samples_match" :
			    "frames_after_corrupt_samples_match");
	if (!secure) {
		if (d.seq_err[0])
			tap_diag("%s", d.seq_err);
		tap_result(ok && !d.seq_err[0] && d.out.seq_next == 7 &&
			   d.cap.seq_next == 7,
			   "sequence_numbers_include_error_buffers_without_gaps");
		tap_result(ok && counters_moved(&c0, 5, 2, 1),
			   "debugfs_counts_corrupt_samples_as_errors");
	}
	dec_close(&d);
}

/* OUTPUT buffers without a header before the first one that has one. */
static void test_headerless(struct tee *t)
{
	const char *name = "headerless_output_before_the_first_header_returns_error";
	struct item garbage = { .clip = &cl, .idx = 70, .how = GARBAGE };
	struct item f0 = { .clip = &cl, .idx = 0 }, f1 = { .clip = &cl, .idx = 1 };
	struct v4l2_event ev;
	struct v4l2_buffer b;
	struct dec d = {0};
	bool ok;
	int ret;

	if (!need_clear(name))
		return;
	/* CAPTURE not streaming: the OUTPUT buffer alone comes back */
	ok = dec_open(&d, t) &&
	     dec_s_fmt_out(&d, V4L2_PIX_FMT_JPEG, 640, 360) &&
	     q_alloc(&d, &d.out, K_MMAP, NBUF, 0, OUT_SIZE) &&
	     queue_item_cap(&d, &garbage, false) && queue_item(&d, &f0) &&
	     stream(&d, &d.out, true);
	ret = ok ? dqbuf_wait(&d, &d.out, &b, TIMEOUT_MS) : -1;
	if (ok && (ret || !(b.flags & V4L2_BUF_FLAG_ERROR) || b.sequence ||
		   b.timestamp.tv_sec != tag_of(&garbage))) {
		tap_diag("headerless OUTPUT buffer: ret %d flags 0x%x sequence %u, expected ERROR, sequence 0",
			 ret, b.flags, b.sequence);
		ok = false;
	}
	if (!ret)
		pop(d.outq, &d.out_n);
	ok = ok && wait_source_change(&d) && dec_g_fmt_cap(&d) &&
	     dec_capture(&d, K_MMAP) && dec_pump(&d, &f1, 1);
	if (d.seq_err[0])
		tap_diag("%s", d.seq_err);
	tap_result(ok && !d.seq_err[0] && d.out.seq_next == 3 &&
		   d.cap.seq_next == 2, "%s", name);
	dec_close(&d);

	/* CAPTURE streams (the hint's size): an ERROR CAPTURE buffer each */
	ok = dec_open(&d, t) &&
	     dec_s_fmt_out(&d, V4L2_PIX_FMT_JPEG, 640, 360) &&
	     dec_g_fmt_cap(&d) && q_alloc(&d, &d.cap, K_MMAP, NBUF, 0, 0) &&
	     dec_capture_on(&d) &&
	     q_alloc(&d, &d.out, K_MMAP, NBUF, 0, OUT_SIZE) &&
	     queue_item(&d, &garbage) && queue_item(&d, &f0) &&
	     stream(&d, &d.out, true) && dec_pump(&d, &f1, 1);
	tap_result(ok && !d.bad_errors && !d.bad_frames,
		   "headerless_output_with_capture_streaming_returns_error_on_both");
	/*
	 * The first header matches the size CAPTURE runs at (the OUTPUT
	 * hint): nothing for the client to change, so no event.
	 */
	ret = ok ? ioc(d.fd, VIDIOC_DQEVENT, &ev) : -1;
	if (ok && ret != -ENOENT)
		tap_diag("first header at CAPTURE's size: DQEVENT %d (%s), expected ENOENT",
			 ret, ret ? "" : event_name(ev.type));
	tap_result(ok && ret == -ENOENT,
		   "first_header_at_the_size_capture_streams_raises_no_source_change");
	dec_close(&d);
}

/* ------------------------------------------------------------------ */
/* Secure content and restricted buffers                              */
/* ------------------------------------------------------------------ */

static void test_secure_dmabuf(struct tee *t)
{
	const uint32_t want = V4L2_BUF_CAP_SUPPORTS_MMAP |
			      V4L2_BUF_CAP_SUPPORTS_DMABUF |
			      V4L2_BUF_CAP_SUPPORTS_RESTRICTED_MEM;
	struct item first = { .clip = &sd, .idx = 0 }, items[11];
	struct dec d = {0};
	long long shm;
	bool ok;

	items_of(items, &sd, 1, 11);
	ok = dec_start(&d, t, V4L2_PIX_FMT_JPEG, K_DMABUF_R, K_DMABUF_R, &first);
	if ((d.out.caps & want) != want || (d.cap.caps & want) != want)
		tap_diag("REQBUFS capabilities: OUTPUT 0x%x, CAPTURE 0x%x; expected MMAP | DMABUF | RESTRICTED_MEM (0x%x) on both",
			 d.out.caps, d.cap.caps, want);
	tap_result(ok && (d.out.caps & want) == want &&
		   (d.cap.caps & want) == want,
		   "reqbufs_reports_restricted_memory_capability_on_both_queues");
	ok = ok && dec_pump(&d, items, 11);
	tap_result(ok, "secure_bitstream_to_restricted_dmabuf_frames_match_the_clips_digests");
	shm = drv_stat("shm");
	if (shm != 2 * NBUF)
		tap_diag("%s: shm %lld after 12 frames through %d + %d buffers, expected %d",
			 drv_stats, shm, NBUF, NBUF, 2 * NBUF);
	tap_result(ok && shm == 2 * NBUF,
		   "driver_shares_each_buffer_with_the_engine_once");
	ok = ok && stream(&d, &d.out, false) && stream(&d, &d.cap, false) &&
	     q_free(&d, &d.out) && q_free(&d, &d.cap);
	shm = drv_stat("shm");
	if (shm != 0)
		tap_diag("%s: shm %lld after REQBUFS(0) on both queues", drv_stats,
			 shm);
	tap_result(ok && shm == 0, "reqbufs_0_unshares_the_buffers");
	dec_close(&d);
}

static int find_vivid_output(bool *mplane)
{
	for (int i = 0; i < 64; i++) {
		struct v4l2_capability cap = {0};
		char path[32];
		uint32_t caps;
		int fd;

		snprintf(path, sizeof(path), "/dev/video%d", i);
		fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (!ioc(fd, VIDIOC_QUERYCAP, &cap) &&
		    !strcmp((const char *)cap.driver, "vivid")) {
			caps = cap.capabilities & V4L2_CAP_DEVICE_CAPS ?
				cap.device_caps : cap.capabilities;
			if ((caps & (V4L2_CAP_VIDEO_OUTPUT |
				     V4L2_CAP_VIDEO_OUTPUT_MPLANE)) &&
			    (caps & V4L2_CAP_STREAMING)) {
				*mplane = !(caps & V4L2_CAP_VIDEO_OUTPUT);
				return fd;
			}
		}
		close(fd);
	}
	tap_diag("no vivid video output in /dev/video* (CONFIG_VIDEO_VIVID)");
	return -ENODEV;
}

/*
 * vivid's output (dma-contig) streams the exported restricted frames in
 * @fds (@n of them: it starts with 2 queued) and returns them without error.
 */
static bool vivid_imports(const int *fds, unsigned int n, uint32_t w,
			  uint32_t h)
{
	struct v4l2_plane pl = {0};
	struct v4l2_format f = {0};
	struct v4l2_buffer b = {0};
	struct v4l2_requestbuffers rb = { .count = n,
					  .memory = V4L2_MEMORY_DMABUF };
	uint32_t size, field;
	bool mplane, pass = false;
	int fd, type, ret;

	fd = find_vivid_output(&mplane);
	if (fd < 0)
		return false;
	type = mplane ? V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE :
			V4L2_BUF_TYPE_VIDEO_OUTPUT;
	f.type = type;
	if (mplane) {
		f.fmt.pix_mp.width = w;
		f.fmt.pix_mp.height = h;
		f.fmt.pix_mp.pixelformat = V4L2_PIX_FMT_NV12;
		f.fmt.pix_mp.num_planes = 1;
	} else {
		f.fmt.pix.width = w;
		f.fmt.pix.height = h;
		f.fmt.pix.pixelformat = V4L2_PIX_FMT_NV12;
	}
	ret = ioc(fd, VIDIOC_S_FMT, &f);
	if (ret) {
		tap_diag("vivid: S_FMT(NV12 %ux%u): %s", w, h, strerror(-ret));
		goto out;
	}
	size = mplane ? f.fmt.pix_mp.plane_fmt[0].sizeimage :
			f.fmt.pix.sizeimage;
	field = mplane ? f.fmt.pix_mp.field : f.fmt.pix.field;
	rb.type = type;
	ret = ioc(fd, VIDIOC_REQBUFS, &rb);
	if (ret || rb.count != n) {
		tap_diag("vivid: REQBUFS(DMABUF, %u): ret %d count %u", n, ret,
			 rb.count);
		goto reqbufs0;
	}
	for (unsigned int i = 0; i < n; i++) {
		memset(&b, 0, sizeof(b));
		memset(&pl, 0, sizeof(pl));
		b.index = i;
		b.type = type;
		b.memory = V4L2_MEMORY_DMABUF;
		b.field = field;
		if (mplane) {
			pl.m.fd = fds[i];
			pl.length = size;
			pl.bytesused = size;
			b.m.planes = &pl;
			b.length = 1;
		} else {
			b.m.fd = fds[i];
			b.length = size;
			b.bytesused = size;
		}
		ret = ioc(fd, VIDIOC_QBUF, &b);
		if (ret) {
			tap_diag("vivid: QBUF(exported restricted frame %u, %u bytes): %s",
				 i, size, strerror(-ret));
			goto reqbufs0;
		}
	}
	ret = ioc(fd, VIDIOC_STREAMON, &type);
	if (ret) {
		tap_diag("vivid: STREAMON: %s", strerror(-ret));
		goto reqbufs0;
	}
	for (int ms = 0; ms < TIMEOUT_MS; ms += 5) {
		memset(&b, 0, sizeof(b));
		memset(&pl, 0, sizeof(pl));
		b.type = type;
		b.memory = V4L2_MEMORY_DMABUF;
		if (mplane) {
			b.m.planes = &pl;
			b.length = 1;
		}
		ret = ioc(fd, VIDIOC_DQBUF, &b);
		if (ret != -EAGAIN)
			break;
		usleep(5000);
	}
	if (ret)
		tap_diag("vivid: DQBUF: %s", strerror(-ret));
	else if (b.flags & V4L2_BUF_FLAG_ERROR)
		tap_diag("vivid: the buffer came back with V4L2_BUF_FLAG_ERROR");
	pass = !ret && !(b.flags & V4L2_BUF_FLAG_ERROR);
	ioc(fd, VIDIOC_STREAMOFF, &type);
reqbufs0:
	rb.count = 0;
	ioc(fd, VIDIOC_REQBUFS, &rb);
out:
	close(fd);
	return pass;
}

static int find_vgem(void)
{
	for (int i = 0; i < 16; i++) {
		char path[32], name[64] = "";
		struct drm_version v = { .name_len = sizeof(name) - 1,
					 .name = name };
		int fd;

		snprintf(path, sizeof(path), "/dev/dri/card%d", i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (!ioc(fd, DRM_IOCTL_VERSION, &v) && !strcmp(name, "vgem"))
			return fd;
		close(fd);
	}
	tap_diag("no vgem in /dev/dri/card* (CONFIG_DRM_VGEM)");
	return -ENODEV;
}

static bool vgem_imports(int dmabuf)
{
	struct drm_prime_handle ph = { .fd = dmabuf };
	int fd = find_vgem(), ret;

	if (fd < 0)
		return false;
	ret = ioc(fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &ph);
	if (ret)
		tap_diag("vgem: DRM_IOCTL_PRIME_FD_TO_HANDLE: %s",
			 strerror(-ret));
	else if (!ph.handle)
		tap_diag("vgem: PRIME import gave handle 0");
	if (!ret && ph.handle) {
		struct drm_gem_close gc = { .handle = ph.handle };

		ioc(fd, DRM_IOCTL_GEM_CLOSE, &gc);
	}
	close(fd);
	return !ret && ph.handle;
}

/* mmap() of buffer @i of @q; 0 or -errno. */
static int try_mmap(struct dec *d, struct vq *q, unsigned int i)
{
	struct v4l2_buffer vb = { .index = i, .type = q->type,
				  .memory = V4L2_MEMORY_MMAP };
	void *p;
	int ret = ioc(d->fd, VIDIOC_QUERYBUF, &vb);

	if (ret)
		return ret;
	p = mmap(NULL, vb.length, PROT_READ | PROT_WRITE, MAP_SHARED, d->fd,
		 vb.m.offset);
	if (p == MAP_FAILED)
		return -errno;
	munmap(p, vb.length);
	return 0;
}

static int create_bufs(struct dec *d, struct vq *q, uint32_t flags,
		       struct v4l2_create_buffers *cb)
{
	memset(cb, 0, sizeof(*cb));
	cb->count = 1;
	cb->memory = V4L2_MEMORY_MMAP;
	cb->flags = flags;
	cb->format.type = q->type;
	ioc(d->fd, VIDIOC_G_FMT, &cb->format);
	return ioc(d->fd, VIDIOC_CREATE_BUFS, cb);
}

/* Restricted MMAP buffers on both queues (V4L2_MEMORY_FLAG_RESTRICTED). */
static void test_restricted_mmap(struct tee *t)
{
	struct item first = { .clip = &sd, .idx = 0 }, items[7];
	long long used0, bufs0, used1, bufs1, want_used;
	struct v4l2_create_buffers cb;
	struct dec d = {0};
	char name[64] = "";
	bool ok, pass;
	int r1, r2;

	heap_usage(RESTRICTED_NAME, &used0, &bufs0);
	items_of(items, &sd, 1, 7);
	ok = dec_start(&d, t, V4L2_PIX_FMT_JPEG, K_MMAP_R, K_MMAP_R, &first);
	pass = ok && (d.out.flags & V4L2_MEMORY_FLAG_RESTRICTED) &&
	       (d.cap.flags & V4L2_MEMORY_FLAG_RESTRICTED) &&
	       (d.out.caps & V4L2_BUF_CAP_SUPPORTS_RESTRICTED_MEM) &&
	       (d.cap.caps & V4L2_BUF_CAP_SUPPORTS_RESTRICTED_MEM);
	if (ok && !pass)
		tap_diag("REQBUFS(MMAP, RESTRICTED): flags OUTPUT 0x%x CAPTURE 0x%x, capabilities 0x%x 0x%x",
			 d.out.flags, d.cap.flags, d.out.caps, d.cap.caps);
	tap_result(pass, "reqbufs_restricted_mmap_reports_the_flag_back");

	heap_usage(RESTRICTED_NAME, &used1, &bufs1);
	want_used = NBUF * PAGE_ALIGN4K(OUT_SIZE) + NBUF * PAGE_ALIGN4K(345600);
	if (used1 - used0 != want_used || bufs1 - bufs0 != 2 * NBUF)
		tap_diag("heap %s: +%lld bytes in +%lld buffers, expected +%lld in +%d",
			 RESTRICTED_NAME, used1 - used0, bufs1 - bufs0,
			 want_used, 2 * NBUF);
	tap_result(ok && used1 - used0 == want_used &&
		   bufs1 - bufs0 == 2 * NBUF,
		   "restricted_mmap_buffers_come_from_the_restricted_heap");

	r1 = ok ? try_mmap(&d, &d.out, 0) : 0;
	r2 = ok ? try_mmap(&d, &d.cap, 0) : 0;
	if (r1 != -EPERM || r2 != -EPERM)
		tap_diag("mmap of restricted buffers: OUTPUT %s, CAPTURE %s; expected EPERM",
			 err_s(r1), err_s(r2));
	tap_result(ok && r1 == -EPERM && r2 == -EPERM,
		   "mmap_of_a_restricted_buffer_is_eperm");

	/* registered with the TEE in q_alloc: REGISTER_FD takes heap dma-bufs only */
	r1 = ok ? dmabuf_exp_name(d.cap.b[0].fd, name, sizeof(name)) : -1;
	if (ok && (r1 || strcmp(name, RESTRICTED_NAME)))
		tap_diag("EXPBUF fd: exp_name \"%s\" (%d), expected \"%s\"",
			 name, r1, RESTRICTED_NAME);
	tap_result(ok && !r1 && !strcmp(name, RESTRICTED_NAME),
		   "expbuf_of_a_restricted_buffer_is_the_heaps_dmabuf");

	ok = ok && dec_pump(&d, items, 7);
	tap_result(ok, "restricted_mmap_both_queues_frames_match_the_clips_digests");

	/* the frames go on to other importers, by fd */
	ok = ok && stream(&d, &d.cap, false);
	{
		int fds[NBUF];

		for (int i = 0; i < NBUF; i++)
			fds[i] = d.cap.b[i].fd;
		tap_result(ok && vivid_imports(fds, NBUF, 640, 360),
			   "exported_restricted_frames_are_imported_by_vivid_output");
	}
	tap_result(ok && vgem_imports(d.cap.b[0].fd),
		   "exported_restricted_frame_is_imported_by_vgem");

	r1 = ok ? create_bufs(&d, &d.cap, 0, &cb) : 0;
	if (r1 != -EINVAL)
		tap_diag("CREATE_BUFS(MMAP, no flag) on a restricted queue: %s, expected EINVAL",
			 err_s(r1));
	tap_result(ok && r1 == -EINVAL,
		   "create_bufs_of_another_kind_than_the_queues_is_einval");
	r2 = ok ? create_bufs(&d, &d.cap, V4L2_MEMORY_FLAG_RESTRICTED, &cb) : -1;
	pass = !r2 && cb.count == 1 && cb.index == NBUF &&
	       (cb.flags & V4L2_MEMORY_FLAG_RESTRICTED) &&
	       (cb.capabilities & V4L2_BUF_CAP_SUPPORTS_RESTRICTED_MEM);
	if (!r2) {
		struct v4l2_exportbuffer e = { .type = d.cap.type,
					       .index = cb.index,
					       .flags = O_RDWR | O_CLOEXEC };

		if (try_mmap(&d, &d.cap, cb.index) != -EPERM ||
		    ioc(d.fd, VIDIOC_EXPBUF, &e) ||
		    dmabuf_exp_name(e.fd, name, sizeof(name)) ||
		    strcmp(name, RESTRICTED_NAME)) {
			tap_diag("the created buffer is not a restricted one");
			pass = false;
		}
		if (e.fd > 0)
			close(e.fd);
	}
	if (ok && !pass)
		tap_diag("CREATE_BUFS(MMAP, RESTRICTED): ret %d count %u index %u flags 0x%x capabilities 0x%x",
			 r2, cb.count, cb.index, cb.flags, cb.capabilities);
	tap_result(ok && pass, "create_bufs_restricted_adds_a_restricted_buffer");
	dec_close(&d);
}

/* A client that knows nothing of the flag gets restricted frames. */
static void test_implicit_restricted(struct tee *t)
{
	struct item first = { .clip = &sd, .idx = 10 }, items[5];
	struct item clear_first = { .clip = &cl, .idx = 50 };
	struct v4l2_create_buffers cb;
	struct dec d = {0};
	bool ok;
	int r;

	items_of(items, &sd, 11, 5);
	ok = dec_begin(&d, t, V4L2_PIX_FMT_JPEG, K_DMABUF_R, &first) &&
	     wait_source_change(&d) && dec_g_fmt_cap(&d) &&
	     q_alloc(&d, &d.cap, K_MMAP_IMPLICIT, NBUF, 0, 0);
	r = ok ? try_mmap(&d, &d.cap, 0) : 0;
	if (ok && r != -EPERM)
		tap_diag("mmap of a CAPTURE buffer behind restricted bitstream: %s, expected EPERM",
			 err_s(r));
	/* and q_alloc registered its EXPBUF fd with the TEE */
	tap_result(ok && r == -EPERM,
		   "capture_mmap_buffers_are_restricted_behind_restricted_bitstream");

	/* asking for restricted buffers asks for the queue's kind */
	r = ok ? create_bufs(&d, &d.cap, V4L2_MEMORY_FLAG_RESTRICTED, &cb) : -1;
	if (ok && (r || !(cb.flags & V4L2_MEMORY_FLAG_RESTRICTED)))
		tap_diag("CREATE_BUFS(MMAP, RESTRICTED) on a CAPTURE queue restricted behind restricted bitstream: %s, flags 0x%x; expected success, the flag",
			 err_s(r), cb.flags);
	tap_result(ok && !r && (cb.flags & V4L2_MEMORY_FLAG_RESTRICTED),
		   "create_bufs_restricted_on_an_implicitly_restricted_queue_succeeds");

	ok = ok && dec_capture_on(&d) && dec_pump(&d, items, 5);
	tap_result(ok, "implicitly_restricted_capture_frames_match");

	/*
	 * The OUTPUT queue's restricted buffers freed, clear bitstream in
	 * ordinary ones: MMAP CAPTURE buffers are ordinary again.
	 */
	if (!clear.n) {
		not_run("capture_mmap_buffers_are_ordinary_once_output_holds_clear_bitstream",
			clear.why);
	} else {
		ok = ok && stream(&d, &d.out, false) &&
		     stream(&d, &d.cap, false) && q_free(&d, &d.out) &&
		     q_free(&d, &d.cap) &&
		     q_alloc(&d, &d.out, K_MMAP, NBUF, 0, OUT_SIZE) &&
		     queue_item(&d, &clear_first) && stream(&d, &d.out, true);
		r = ok ? ioc(d.fd, VIDIOC_REQBUFS,
			     &(struct v4l2_requestbuffers){
				     .count = NBUF, .type = d.cap.type,
				     .memory = V4L2_MEMORY_MMAP }) : -1;
		d.cap.memory = V4L2_MEMORY_MMAP;
		d.cap.count = NBUF;
		r = r ? r : try_mmap(&d, &d.cap, 0);
		if (ok && r)
			tap_diag("MMAP CAPTURE buffer after the OUTPUT queue went clear: mmap: %s, expected success",
				 strerror(-r));
		tap_result(ok && !r,
			   "capture_mmap_buffers_are_ordinary_once_output_holds_clear_bitstream");
	}
	dec_close(&d);
}

/* QBUF of @fd (@size bytes) on @q (DMABUF): 0 or -errno. */
static int qbuf_fd(struct dec *d, struct vq *q, int fd, size_t size)
{
	struct v4l2_buffer b = { .index = 0, .type = q->type,
				 .memory = V4L2_MEMORY_DMABUF,
				 .field = V4L2_FIELD_NONE };

	b.m.fd = fd;
	b.length = size;
	b.bytesused = q->type == V4L2_BUF_TYPE_VIDEO_OUTPUT ? 1024 : 0;
	return ioc(d->fd, VIDIOC_QBUF, &b);
}

/* An ordinary dma-buf on a restricted DMABUF queue: EACCES. */
static void test_restricted_dmabuf_queue(struct tee *t)
{
	struct vq *qs[2];
	struct dec d = {0};
	bool ok;

	ok = dec_open(&d, t) && dec_s_fmt_out(&d, V4L2_PIX_FMT_JPEG, 640, 360);
	qs[0] = &d.out;
	qs[1] = &d.cap;
	for (int i = 0; i < 2; i++) {
		struct vq *q = qs[i];
		size_t size = i ? 345600 : OUT_SIZE;
		struct v4l2_requestbuffers rb = {
			.count = 2, .type = q->type,
			.memory = V4L2_MEMORY_DMABUF,
			.flags = V4L2_MEMORY_FLAG_RESTRICTED,
		};
		int cma = -1, rfd = -1, r1 = -1, r2 = -1, ret = -1;

		if (ok) {
			ret = ioc(d.fd, VIDIOC_REQBUFS, &rb);
			q->memory = V4L2_MEMORY_DMABUF;
			cma = heap_alloc(CMA_HEAP, size);
			rfd = heap_alloc(RESTRICTED_HEAP, size);
			r1 = qbuf_fd(&d, q, cma, size);
			r2 = qbuf_fd(&d, q, rfd, size);
		}
		if (ret || !(rb.flags & V4L2_MEMORY_FLAG_RESTRICTED) ||
		    r1 != -EACCES || r2)
			tap_diag("%s: REQBUFS(DMABUF, RESTRICTED) %s, flags 0x%x; QBUF of a CMA dma-buf: %s (expected EACCES), of a restricted one: %s",
				 qname(q), err_s(ret), rb.flags, err_s(r1),
				 err_s(r2));
		tap_result(ok && !ret &&
			   (rb.flags & V4L2_MEMORY_FLAG_RESTRICTED) &&
			   r1 == -EACCES && !r2,
			   "restricted_dmabuf_%s_queue_refuses_an_ordinary_dmabuf_with_eacces",
			   i ? "capture" : "output");
		if (cma >= 0)
			close(cma);
		if (rfd >= 0)
			close(rfd);
	}
	dec_close(&d);
}

/* Every byte of every ordinary CAPTURE buffer is still POISON. */
static bool capture_poisoned(struct dec *d)
{
	for (unsigned int i = 0; i < d->cap.count; i++) {
		struct vbuf *b = &d->cap.b[i];
		bool same = true;

		if (b->fd >= 0)
			dmabuf_sync(b->fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
		for (size_t k = 0; k < b->size && same; k++)
			same = b->map[k] == POISON;
		if (b->fd >= 0)
			dmabuf_sync(b->fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
		if (!same)
			return dec_fail(d, "CAPTURE buffer %u was written", i);
	}
	return true;
}

/*
 * A restricted bitstream into ordinary CAPTURE buffers. Imported ones (CMA
 * dma-bufs, the client's choice) are refused: ERROR on both buffers, the
 * frame's bytes left alone. MMAP ones the driver allocated ordinary (before
 * any bitstream came) are allocated again: an empty LAST buffer, and
 * SOURCE_CHANGE; after the CAPTURE restart they are restricted and the
 * sample decodes.
 */
static void test_secure_into_ordinary(struct tee *t)
{
	struct item first = { .clip = &sd, .idx = 0, .refused = true };
	struct item items[2] = {
		{ .clip = &sd, .idx = 1, .refused = true },
		{ .clip = &sd, .idx = 2, .refused = true },
	};
	struct item bad = { .clip = &sd, .idx = 3, .how = BAD_MARKER };
	struct item sfirst = { .clip = &sd, .idx = 0 }, sitems[2];
	struct v4l2_buffer b;
	struct counters c0;
	struct dec d = {0};
	bool ok, pass;
	int ret;

	/* CMA dma-bufs imported after the header */
	counters(&c0);
	ok = dec_start(&d, t, V4L2_PIX_FMT_JPEG, K_DMABUF_R, K_DMABUF_CMA,
		       &first) && dec_pump(&d, items, 2);
	tap_result(ok && !d.bad_errors,
		   "secure_bitstream_into_a_cma_capture_buffer_returns_error_on_both");
	tap_result(ok && capture_poisoned(&d),
		   "refused_cma_capture_buffers_keep_their_bytes");
	tap_result(ok && counters_moved(&c0, 0, 3, 1),
		   "debugfs_counts_refused_samples_as_errors");
	dec_close(&d);

	/* ordinary MMAP buffers streaming before the bitstream came */
	items_of(sitems, &sd, 1, 2);
	counters(&c0);
	ok = dec_open(&d, t) &&
	     dec_s_fmt_out(&d, V4L2_PIX_FMT_JPEG, 640, 360) &&
	     dec_g_fmt_cap(&d) && q_alloc(&d, &d.cap, K_MMAP, NBUF, 0, 0) &&
	     dec_capture_on(&d) &&
	     q_alloc(&d, &d.out, K_DMABUF_R, NBUF, 0, OUT_SIZE) &&
	     stream(&d, &d.out, true);
	if (ok && (d.cap.flags & V4L2_MEMORY_FLAG_RESTRICTED))
		ok = dec_fail(&d, "REQBUFS(CAPTURE, MMAP) before any bitstream: flags 0x%x, expected no V4L2_MEMORY_FLAG_RESTRICTED",
			      d.cap.flags);

	/* a sample whose header cannot be read: refused on both, as before */
	ok = ok && queue_item(&d, &bad) && dec_pump(&d, NULL, 0);
	tap_result(ok && !d.bad_errors,
		   "secure_bitstream_without_a_header_into_an_ordinary_mmap_capture_buffer_returns_error_on_both");

	/* one with a header: the CAPTURE buffers must be allocated again */
	ok = ok && queue_item(&d, &sfirst);
	ret = ok ? dqbuf_wait(&d, &d.cap, &b, TIMEOUT_MS) : -1;
	pass = ok && !ret && (b.flags & V4L2_BUF_FLAG_LAST) &&
	       !(b.flags & V4L2_BUF_FLAG_ERROR) && !b.bytesused;
	if (ok && !pass)
		tap_diag("CAPTURE buffer met by a secure bitstream: ret %d flags 0x%x bytesused %u; expected LAST, no ERROR, 0",
			 ret, b.flags, b.bytesused);
	tap_result(pass,
		   "secure_bitstream_into_an_ordinary_mmap_capture_buffer_returns_it_empty_and_last");
	ok = pass && wait_source_change(&d);
	tap_result(ok,
		   "secure_bitstream_into_an_ordinary_mmap_capture_buffer_raises_source_change");
	ok = ok && dec_g_fmt_cap(&d);
	pass = ok && d.w == 640 && d.h == 360 && d.bpl == 640 &&
	       d.sizeimage == 345600;
	if (ok && !pass)
		tap_diag("CAPTURE after the source change: %ux%u bytesperline %u sizeimage %u, expected 640x360 640 345600",
			 d.w, d.h, d.bpl, d.sizeimage);
	tap_result(pass,
		   "capture_format_after_the_secure_source_change_is_the_frames_640x360");
	ok = pass;
	pass = ok && nothing_returned(&d, -EPIPE, "before the CAPTURE restart");
	tap_result(pass, "secure_output_waits_for_the_capture_restart");
	/* checked before they are freed */
	tap_result(ok && capture_poisoned(&d),
		   "ordinary_mmap_capture_buffers_met_by_secure_bitstream_keep_their_bytes");

	/* the restart: new MMAP buffers, restricted behind the bitstream */
	ok = pass && stream(&d, &d.cap, false) && q_free(&d, &d.cap) &&
	     q_alloc(&d, &d.cap, K_MMAP_IMPLICIT, NBUF, 0, 0);
	pass = ok && (d.cap.flags & V4L2_MEMORY_FLAG_RESTRICTED);
	for (unsigned int i = 0; ok && i < d.cap.count; i++) {
		ret = try_mmap(&d, &d.cap, i);
		if (ret != -EPERM) {
			tap_diag("mmap of CAPTURE buffer %u after the restart: %s, expected EPERM",
				 i, err_s(ret));
			pass = false;
		}
	}
	if (ok && !(d.cap.flags & V4L2_MEMORY_FLAG_RESTRICTED))
		tap_diag("REQBUFS(CAPTURE, MMAP) after the restart: flags 0x%x, expected V4L2_MEMORY_FLAG_RESTRICTED",
			 d.cap.flags);
	/* and q_alloc registered their EXPBUF fds with the TEE */
	tap_result(pass,
		   "capture_restart_after_secure_bitstream_gives_restricted_mmap_buffers");
	ok = pass && dec_capture_on(&d) && dec_pump(&d, sitems, 2);
	tap_result(ok,
		   "secure_frames_after_the_capture_restart_match_the_clips_digests");
	tap_result(ok && counters_moved(&c0, 3, 1, 1),
		   "debugfs_counts_the_reallocation_as_one_source_change");
	dec_close(&d);
}

/* 640x360 -> 1280x720 in one session. */
static void test_resolution_change(struct tee *t)
{
	struct item first = { .clip = &sd, .idx = 0 }, items[2], big[6];
	struct v4l2_buffer b;
	struct counters c0;
	struct dec d = {0};
	bool ok, pass;
	int ret, ro;

	items_of(items, &sd, 1, 2);
	items_of(big, &hd, 0, 6);
	ok = dec_start(&d, t, V4L2_PIX_FMT_JPEG, K_DMABUF_R, K_DMABUF_R,
		       &first) && dec_pump(&d, items, 2);
	counters(&c0);
	ok = ok && queue_item(&d, &big[0]) && queue_item(&d, &big[1]) &&
	     queue_item(&d, &big[2]);
	ret = ok ? dqbuf_wait(&d, &d.cap, &b, TIMEOUT_MS) : -1;
	pass = ok && !ret && (b.flags & V4L2_BUF_FLAG_LAST) &&
	       !(b.flags & V4L2_BUF_FLAG_ERROR) && !b.bytesused;
	if (ok && !pass)
		tap_diag("CAPTURE at the new size: ret %d flags 0x%x bytesused %u; expected LAST, no ERROR, 0",
			 ret, b.flags, b.bytesused);
	tap_result(pass, "resolution_change_returns_an_empty_last_capture_buffer");
	ok = pass;
	tap_result(ok && wait_source_change(&d),
		   "resolution_change_raises_source_change");
	ok = ok && dec_g_fmt_cap(&d);
	pass = ok && d.w == 1280 && d.h == 720 && d.bpl == 1280 &&
	       d.sizeimage == 1382400;
	if (ok && !pass)
		tap_diag("CAPTURE after the change: %ux%u bytesperline %u sizeimage %u, expected 1280x720 1280 1382400",
			 d.w, d.h, d.bpl, d.sizeimage);
	tap_result(pass, "capture_format_after_resolution_change_is_1280x720");
	ok = pass;
	ret = dqbuf(&d, &d.cap, &b);
	ro = dqbuf(&d, &d.out, &b);
	if (ok && (ret != -EPIPE || ro != -EAGAIN))
		tap_diag("before the CAPTURE restart: DQBUF(CAPTURE) %s (expected EPIPE), DQBUF(OUTPUT) %s (expected EAGAIN)",
			 err_s(ret), err_s(ro));
	tap_result(ok && ret == -EPIPE && ro == -EAGAIN,
		   "new_size_output_waits_for_the_capture_restart");
	ok = ok && stream(&d, &d.cap, false) && q_free(&d, &d.cap) &&
	     dec_capture(&d, K_DMABUF_R) && dec_pump(&d, big + 3, 3);
	tap_result(ok, "frames_after_resolution_change_match_the_720p_digests");
	if (ok)
		test_selection(&d, 1280, 720,
			       "selection_after_resolution_change_is_1280x720");
	else
		not_run("selection_after_resolution_change_is_1280x720",
			"decoding failed");
	tap_result(ok && counters_moved(&c0, 6, 0, 1),
		   "debugfs_counts_the_resolution_change");

	/* and back down: buffers large enough end the sequence all the same */
	items_of(items, &sd, 3, 2);
	ok = ok && queue_item(&d, &items[0]) && queue_item(&d, &items[1]);
	ret = ok ? dqbuf_wait(&d, &d.cap, &b, TIMEOUT_MS) : -1;
	pass = ok && !ret && (b.flags & V4L2_BUF_FLAG_LAST) &&
	       !(b.flags & V4L2_BUF_FLAG_ERROR) && !b.bytesused;
	if (ok && !pass)
		tap_diag("CAPTURE at the smaller size: ret %d flags 0x%x bytesused %u; expected LAST, no ERROR, 0",
			 ret, b.flags, b.bytesused);
	ok = pass && wait_source_change(&d) && dec_g_fmt_cap(&d);
	if (ok && (d.w != 640 || d.h != 360)) {
		tap_diag("CAPTURE after the change back: %ux%u, expected 640x360",
			 d.w, d.h);
		ok = false;
	}
	ok = ok && stream(&d, &d.cap, false) && q_free(&d, &d.cap) &&
	     dec_capture(&d, K_DMABUF_R) && dec_pump(&d, NULL, 0);
	tap_result(ok, "resolution_change_back_to_640x360_ends_the_sequence_too");
	dec_close(&d);
}

/* ------------------------------------------------------------------ */
/* Concurrency and teardown                                           */
/* ------------------------------------------------------------------ */

struct job {
	const char *name;
	const struct clip *clip;
	enum kind ok, ck;
	unsigned int first, n;
	bool pass;
	struct tee tee;
	struct dec d;
};

static void *job_run(void *arg)
{
	struct job *j = arg;
	struct item first = { .clip = j->clip, .idx = j->first }, items[32];
	char why[160];

	j->d.quiet = true;
	if (!tee_open(&j->tee, why, sizeof(why))) {
		snprintf(j->d.err, sizeof(j->d.err), "%s", why);
		return NULL;
	}
	items_of(items, j->clip, j->first + 1, j->n - 1);
	j->pass = dec_start(&j->d, &j->tee, V4L2_PIX_FMT_JPEG, j->ok, j->ck,
			    &first) && dec_pump(&j->d, items, j->n - 1);
	dec_close(&j->d);
	tee_close(&j->tee);
	return NULL;
}

static void test_concurrent(void)
{
	struct job jobs[3] = {
		{ .name = "concurrent_instance_secure_640x360_frames_match",
		  .clip = &sd, .ok = K_DMABUF_R, .ck = K_DMABUF_R,
		  .first = 0, .n = 16 },
		{ .name = "concurrent_instance_secure_1280x720_frames_match",
		  .clip = &hd, .ok = K_DMABUF_R, .ck = K_DMABUF_R,
		  .first = 0, .n = 8 },
		{ .name = "concurrent_instance_clear_640x360_frames_match",
		  .clip = &cl, .ok = K_MMAP, .ck = K_MMAP,
		  .first = 20, .n = 16 },
	};
	pthread_t th[3];
	bool started[3];

	for (int i = 0; i < 3; i++) {
		if (i == 2 && !clear.n) {
			started[i] = false;
			continue;
		}
		started[i] = !pthread_create(&th[i], NULL, job_run, &jobs[i]);
	}
	for (int i = 0; i < 3; i++) {
		if (started[i])
			pthread_join(th[i], NULL);
		else if (i == 2 && !clear.n)
			snprintf(jobs[i].d.err, sizeof(jobs[i].d.err), "%s",
				 clear.why);
		else
			snprintf(jobs[i].d.err, sizeof(jobs[i].d.err),
				 "pthread_create failed");
		jobs[i].d.quiet = true;
		report(&jobs[i].d, jobs[i].pass, jobs[i].name);
	}
}

/* Instances closed at any stage release everything the driver holds. */
static void test_close_while_streaming(struct tee *t)
{
	struct item first = { .clip = &sd, .idx = 0 }, items[3];
	struct dec a = {0}, b = {0}, c = {0};
	long long used, bufs, want_used;
	bool ok;

	items_of(items, &sd, 1, 3);
	/* decoding, restricted dma-bufs on both queues */
	ok = dec_start(&a, t, V4L2_PIX_FMT_JPEG, K_DMABUF_R, K_DMABUF_R,
		       &first);
	for (int i = 0; ok && i < 3; i++)
		ok = queue_item(&a, &items[i]);
	/* decoding into exported restricted MMAP buffers */
	ok = ok && dec_start(&b, t, V4L2_PIX_FMT_JPEG, K_DMABUF_R, K_MMAP_R,
			     &first);
	for (int i = 0; ok && i < 3; i++)
		ok = queue_item(&b, &items[i]);
	/* waiting for CAPTURE, the header's OUTPUT buffer held */
	ok = ok && dec_begin(&c, t, V4L2_PIX_FMT_JPEG, K_DMABUF_R, &first) &&
	     wait_source_change(&c);
	close_fd(&a.fd);
	close_fd(&b.fd);
	close_fd(&c.fd);
	tap_result(ok && stat_settles(drv_stats, "instances", 0) &&
		   stat_settles(drv_stats, "shm", 0),
		   "closing_streaming_instances_releases_every_context_and_shm");

	/* what the client still holds stays: its dma-bufs and exports */
	heap_usage(RESTRICTED_NAME, &used, &bufs);
	want_used = 3 * NBUF * PAGE_ALIGN4K(OUT_SIZE) +
		    2 * NBUF * PAGE_ALIGN4K(345600);
	if (ok && (used != want_used || bufs != 5 * NBUF))
		tap_diag("heap %s after the closes: %lld bytes in %lld buffers, expected the client's %lld in %d",
			 RESTRICTED_NAME, used, bufs, want_used, 5 * NBUF);
	tap_result(ok && used == want_used && bufs == 5 * NBUF,
		   "after_close_the_heap_holds_only_the_clients_buffers");
	dec_close(&a);
	dec_close(&b);
	dec_close(&c);
}

/* ------------------------------------------------------------------ */
/* Fixes: videobuf2's dma-buf errors, TEE kernel buffers              */
/* ------------------------------------------------------------------ */

/* VIDIOC_REQBUFS of @count DMABUF buffers on @q with @flags: 0 or -errno. */
static int reqbufs_dmabuf(struct dec *d, struct vq *q, unsigned int count,
			  uint8_t flags)
{
	struct v4l2_requestbuffers rb = { .count = count, .type = q->type,
					  .memory = V4L2_MEMORY_DMABUF,
					  .flags = flags };
	int ret = ioc(d->fd, VIDIOC_REQBUFS, &rb);

	if (ret)
		return ret;
	q->memory = V4L2_MEMORY_DMABUF;
	q->count = rb.count;
	if (rb.count != count || (rb.flags & flags) != flags) {
		tap_diag("%s: VIDIOC_REQBUFS(%s DMABUF, %u, flags 0x%x) granted %u, flags 0x%x",
			 dev_path, qname(q), count, flags, rb.count, rb.flags);
		return -ERANGE;
	}
	return 0;
}

/*
 * QBUF of OUTPUT buffer 0 with @fd, @len bytes long (0: the dma-buf's size),
 * must fail with @want; then, the client's descriptor closed, the dma-buf
 * must be released and the restricted heap back at @used, @bufs.
 */
static bool refused_dmabuf_is_released(struct dec *d, int fd, size_t len,
				       int want, long long used,
				       long long bufs, const char *what)
{
	unsigned long ino = dmabuf_ino(fd);
	int ret = fd >= 0 ? qbuf_fd(d, &d->out, fd, len) : -EBADF;
	bool ok = ret == want;

	if (!ok)
		tap_diag("%s: VIDIOC_QBUF(OUTPUT 0, %zu bytes): %s, expected %s",
			 what, len, err_s(ret), err_s(want));
	if (fd >= 0)
		close(fd);
	return dmabuf_released(ino, what) &
	       heap_settles(RESTRICTED_NAME, used, bufs) & ok;
}

/*
 * The dma-buf of a plane whose attach fails is put (patch 0017):
 * videobuf2 took a reference on each plane's dma-buf before attaching
 * any, and put only those of the planes attached. A restricted dma-buf
 * named with a length above its size (videobuf2-dma-contig's attach:
 * EFAULT) and an ordinary dma-buf on a restricted queue (the driver's
 * attach: EACCES) are refused, and gone once the client closes them.
 */
static void test_unattached_dmabuf_is_put(struct tee *t)
{
	static const char *const ordinary[] = { CMA_HEAP, SYSTEM_HEAP };
	long long used0, bufs0, shm0 = drv_stat("shm");
	struct dec d = {0};
	bool ok;
	int ret;

	heap_usage(RESTRICTED_NAME, &used0, &bufs0);
	ok = dec_open(&d, t) && dec_s_fmt_out(&d, V4L2_PIX_FMT_JPEG, 640, 360);
	ret = ok ? reqbufs_dmabuf(&d, &d.out, 2, 0) : -EBADF;
	tap_result(!ret && refused_dmabuf_is_released(&d,
			heap_alloc(RESTRICTED_HEAP, OUT_SIZE), 2 * OUT_SIZE,
			-EFAULT, used0, bufs0,
			"restricted dma-buf, length twice its size") &&
		   stat_settles(drv_stats, "shm", shm0),
		   "qbuf_of_a_restricted_dmabuf_with_a_length_above_its_size_is_efault_and_releases_it");

	ret = ok ? reqbufs_dmabuf(&d, &d.out, 0, 0) : -EBADF;
	ret = ret ? ret : reqbufs_dmabuf(&d, &d.out, 2,
					 V4L2_MEMORY_FLAG_RESTRICTED);
	for (int i = 0; i < 2; i++) {
		bool pass = !ret && refused_dmabuf_is_released(&d,
				heap_alloc(ordinary[i], OUT_SIZE), 0, -EACCES,
				used0, bufs0, ordinary[i]) &&
			    stat_settles(drv_stats, "shm", shm0);

		tap_result(pass, "qbuf_of_a_%s_dmabuf_on_a_restricted_output_queue_is_eacces_and_releases_it",
			   i ? "system_heap" : "cma_heap");
	}
	if (ret)
		tap_diag("%s: VIDIOC_REQBUFS: %s", dev_path, err_s(ret));
	dec_close(&d);
}

/* QUERYBUF of OUTPUT buffer 0 names dma-buf @fd, @len bytes long. */
static bool out0_holds(struct dec *d, int fd, uint32_t len, const char *what)
{
	struct v4l2_buffer b = { .index = 0, .type = d->out.type,
				 .memory = V4L2_MEMORY_DMABUF };
	int ret = ioc(d->fd, VIDIOC_QUERYBUF, &b);

	if (!ret && b.m.fd == fd && b.length == len)
		return true;
	tap_diag("%s: QUERYBUF(OUTPUT 0): %s, fd %d length %u; expected its dma-buf, fd %d length %u",
		 what, err_s(ret), b.m.fd, b.length, fd, len);
	return false;
}

/*
 * A refused QBUF leaves a prepared buffer as it was (patch 0018). OUTPUT
 * buffer 0, queued once with a restricted dma-buf (buf_init registers it
 * with the TEE) and returned by STREAMOFF, is queued again with a
 * descriptor that is not a dma-buf, then with a dma-buf below the plane's
 * size: both EINVAL, and the buffer keeps its dma-buf and registration.
 * videobuf2 dropped its planes without buf_cleanup: the registration, and
 * the reference on the dma-buf it holds, leaked. REQBUFS(0) undoes the
 * registration, and the dma-buf goes back to its heap once closed.
 */
static void test_refused_qbuf_keeps_prepared_planes(struct tee *t)
{
	long long used0, bufs0, shm0 = drv_stat("shm");
	int type = V4L2_BUF_TYPE_VIDEO_OUTPUT, rfd = -1, small, ret;
	struct dec d = {0};
	bool ok, pass;

	heap_usage(RESTRICTED_NAME, &used0, &bufs0);
	ok = dec_open(&d, t) &&
	     dec_s_fmt_out(&d, V4L2_PIX_FMT_JPEG, 640, 360) &&
	     !reqbufs_dmabuf(&d, &d.out, 2, 0);
	if (ok)
		rfd = heap_alloc(RESTRICTED_HEAP, OUT_SIZE);
	ret = rfd >= 0 ? qbuf_fd(&d, &d.out, rfd, 0) : -EBADF;
	ret = ret ? ret : ioc(d.fd, VIDIOC_STREAMOFF, &type);
	if (ret)
		tap_diag("QBUF(OUTPUT 0) of a restricted dma-buf, then STREAMOFF: %s",
			 err_s(ret));
	ok = ok && !ret && stat_settles(drv_stats, "shm", shm0 + 1) &&
	     out0_holds(&d, rfd, OUT_SIZE, "queued, then STREAMOFF");

	ret = qbuf_fd(&d, &d.out, -1, 0);
	pass = ok && ret == -EINVAL && stat_settles(drv_stats, "shm", shm0 + 1) &&
	       out0_holds(&d, rfd, OUT_SIZE, "after QBUF with fd -1");
	if (ok && ret != -EINVAL)
		tap_diag("QBUF(OUTPUT 0) with fd -1: %s, expected EINVAL",
			 err_s(ret));
	tap_result(pass, "refused_qbuf_of_fd_minus_1_keeps_the_prepared_buffers_dmabuf_and_registration");

	small = ok ? heap_alloc(RESTRICTED_HEAP, 4096) : -1;
	pass = ok && refused_dmabuf_is_released(&d, small, 0, -EINVAL,
						used0 + PAGE_ALIGN4K(OUT_SIZE),
						bufs0 + 1, "4 KiB restricted dma-buf") &&
	       stat_settles(drv_stats, "shm", shm0 + 1) &&
	       out0_holds(&d, rfd, OUT_SIZE, "after QBUF of a 4 KiB dma-buf");
	tap_result(pass, "refused_qbuf_of_a_dmabuf_below_the_plane_size_keeps_the_prepared_buffers_dmabuf_and_registration");

	ret = ok ? reqbufs_dmabuf(&d, &d.out, 0, 0) : -EBADF;
	if (ok && ret)
		tap_diag("%s: VIDIOC_REQBUFS(OUTPUT, 0): %s", dev_path,
			 err_s(ret));
	pass = ok && !ret && stat_settles(drv_stats, "shm", shm0) &&
	       heap_settles(RESTRICTED_NAME, used0 + PAGE_ALIGN4K(OUT_SIZE),
			    bufs0 + 1);
	if (rfd >= 0)
		close(rfd);
	pass = heap_settles(RESTRICTED_NAME, used0, bufs0) && pass;
	tap_result(pass, "reqbufs_0_unshares_the_kept_dmabuf_and_it_returns_to_its_heap_once_closed");
	dec_close(&d);
}

#define BUDDY_OUT_SIZE	(256u << 10)	/* OUTPUT sizeimage: 64 pages */
#define CMA_FILL_MAX	512
#define BURST		32

/*
 * Fill the CMA heap: buffers of 1 MiB, then 64 KiB, then 4 KiB, each size
 * until ENOMEM; their descriptors in @fds (at most @max), their number
 * returned. *@err: ENOMEM, or what else ended it.
 */
static int cma_fill(int *fds, int max, long long *bytes, int *err)
{
	static const size_t sizes[] = { 1 << 20, 64 << 10, 4 << 10 };
	int n = 0;

	*bytes = 0;
	*err = 0;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		for (;;) {
			int fd = n < max ? sdp_heap_alloc(CMA_HEAP, sizes[i],
							  NULL, 0) : -EMFILE;

			if (fd < 0) {
				*err = -fd;
				if (fd != -ENOMEM) {
					tap_diag("%zu bytes from %s: %s", sizes[i],
						 CMA_HEAP, strerror(-fd));
					return n;
				}
				break;
			}
			fds[n++] = fd;
			*bytes += sizes[i];
		}
	}
	return n;
}

/* @n buffers of @size from @heap, all at once, then freed. */
static bool heap_burst(const char *heap, int n, size_t size)
{
	int fds[BURST], got = 0;

	while (got < n && got < BURST) {
		int fd = heap_alloc(heap, size);

		if (fd < 0) {
			tap_diag("burst of %d buffers of %zu bytes from %s: buffer %d: %s",
				 n, size, heap, got, strerror(-fd));
			break;
		}
		fds[got++] = fd;
	}
	for (int i = 0; i < got; i++)
		close(fds[i]);
	return got == n;
}

/*
 * Ordinary buffers shared with the TEE from the buddy allocator (patch
 * 0016). With the CMA area full, dma-direct gives videobuf2-dma-contig
 * one high-order allocation without __GFP_COMP: its tail pages have no
 * reference count of their own. tee_shm_register_kernel_buf() took a
 * reference on each page and dropped it when the shared memory was freed,
 * which freed the tail pages under the buffer, and freed them again with
 * the buffer (the debug kernel's DEBUG_VM stops at the first get_page of a
 * tail page; without it the free lists are corrupt). Here the clear stream
 * decodes through MMAP buffers of 256 KiB and 337.5 KiB taken that way,
 * they are released, the system and CMA heaps serve a burst afterwards,
 * and the kernel reports no BUG, bad page or WARNING meanwhile.
 */
static void test_buddy_kernel_buffers(struct tee *t)
{
	const char *name = "clear_frames_through_mmap_buffers_from_the_buddy_allocator_match";
	struct item first = { .clip = &cl, .idx = 50 }, items[4];
	long long shm0 = drv_stat("shm"), bytes;
	int kmsg, fds[CMA_FILL_MAX], n, err, probe, reports;
	struct dec d = {0};
	bool ok, pass;

	if (!need_clear(name))
		return;
	kmsg = kmsg_from_now();
	n = cma_fill(fds, CMA_FILL_MAX, &bytes, &err);
	tap_diag("%s: %d buffers, %lld bytes, then %s", CMA_HEAP, n, bytes,
		 strerror(err));
	ok = tap_result(n > 0 && err == ENOMEM,
			"cma_heap_fills_to_its_last_page_then_enomem");

	ok = ok && dec_open(&d, t) &&
	     dec_s_fmt_out_size(&d, V4L2_PIX_FMT_MJPEG, 640, 360,
				BUDDY_OUT_SIZE) &&
	     q_alloc(&d, &d.out, K_MMAP, 2, 0, 0);
	/* the CMA area had no page for them: the page allocator gave them */
	probe = ok ? sdp_heap_alloc(CMA_HEAP, 4096, NULL, 0) : -EBADF;
	pass = ok && d.out.b[0].size == BUDDY_OUT_SIZE &&
	       d.out.b[1].size == BUDDY_OUT_SIZE && probe == -ENOMEM &&
	       stat_settles(drv_stats, "shm", shm0 + 2);
	if (ok && !pass)
		tap_diag("OUTPUT buffers of %zu and %zu bytes, expected %u; a page from %s: %s, expected ENOMEM",
			 d.out.b[0].size, d.out.b[1].size, BUDDY_OUT_SIZE,
			 CMA_HEAP, err_s(probe < 0 ? probe : 0));
	if (probe >= 0)
		close(probe);
	tap_result(pass, "mmap_output_buffers_from_the_buddy_allocator_are_shared_with_the_engine");

	items_of(items, &cl, 51, 4);
	ok = ok && queue_item(&d, &first) && stream(&d, &d.out, true) &&
	     wait_source_change(&d) && dec_g_fmt_cap(&d) &&
	     dec_capture(&d, K_MMAP) && dec_pump(&d, items, 4);
	tap_result(ok, "%s", name);

	ok = ok && stream(&d, &d.out, false) && stream(&d, &d.cap, false) &&
	     q_free(&d, &d.out) && q_free(&d, &d.cap) &&
	     stat_settles(drv_stats, "shm", shm0);
	dec_close(&d);
	tap_result(ok, "reqbufs_0_unshares_the_buffers_from_the_buddy_allocator");

	for (int i = 0; i < n; i++)
		close(fds[i]);
	pass = heap_burst(SYSTEM_HEAP, BURST, BUDDY_OUT_SIZE) &
	       heap_burst(CMA_HEAP, BURST, BUDDY_OUT_SIZE) &
	       heap_burst(SYSTEM_HEAP, BURST, 4096);
	tap_result(pass, "system_and_cma_heaps_serve_a_burst_of_%d_buffers_afterwards",
		   BURST);

	reports = kmsg_bug_reports(kmsg);
	tap_result(reports == 0,
		   "kernel_reports_no_bug_bad_page_or_warning_meanwhile");
	if (kmsg >= 0)
		close(kmsg);
}

int main(void)
{
	struct tee tee;
	char why[160];

	if (!load_clip(&sd) || !load_clip(&hd)) {
		tap_result(0, "load " CLIP_DIR "{" SD_NAME "," HD_NAME "}.{sdpclip,nv12.sha256}");
		return tap_done();
	}
	load_clear();
	if (!clear.n)
		tap_diag("%s", clear.why);
	tap_result(clear.n && clear.n == cl.hdr.frame_count,
		   "clear_mjpeg_stream_holds_one_frame_per_digest");
	if (!tap_result(find_decoder(), "decoder_node_of_driver_tee_jpegdec")) {
		tap_diag("no /dev/video* of driver \"%s\"", DRIVER);
		return tap_done();
	}
	tap_diag("%s, statistics %s", dev_path, drv_stats);
	if (!tap_result(tee_open(&tee, why, sizeof(why)),
			"video_ta_streams_open_for_both_clips")) {
		tap_diag("%s", why);
		return tap_done();
	}

	test_device();

	test_clear_mmap(&tee);
	test_clear_cma(&tee);
	test_clear_to_restricted(&tee);
	test_clear_labelled(&tee);
	clean_check("clear_content");
	test_drain(&tee);
	clean_check("drain");
	test_seek(&tee);
	clean_check("seek");
	test_corrupt(&tee, false);
	test_corrupt(&tee, true);
	clean_check("corrupt_samples");
	test_headerless(&tee);
	clean_check("headerless_buffers");

	test_secure_dmabuf(&tee);
	clean_check("secure_dmabuf");
	test_restricted_mmap(&tee);
	test_implicit_restricted(&tee);
	clean_check("restricted_mmap");
	test_restricted_dmabuf_queue(&tee);
	test_secure_into_ordinary(&tee);
	clean_check("memory_rule");
	test_unattached_dmabuf_is_put(&tee);
	test_refused_qbuf_keeps_prepared_planes(&tee);
	clean_check("dmabuf_errors");
	test_resolution_change(&tee);
	clean_check("resolution_change");

	test_concurrent();
	clean_check("concurrent_instances");
	test_close_while_streaming(&tee);
	clean_check("close_while_streaming");
	test_buddy_kernel_buffers(&tee);
	clean_check("buddy_kernel_buffers");

	tee_close(&tee);
	return tap_done();
}

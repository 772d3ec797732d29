// SPDX-License-Identifier: GPL-2.0
/*
 * sdp-demo: the secure video path, end to end.
 *
 * An encrypted Motion-JPEG clip (docs/clip-format.md: WebM under WebM
 * encryption, read with libsdp's sdp_webm, or the project's .sdpclip
 * container) is played through the secure world into restricted memory and
 * handed to real importers, without a single normal-world CPU access to a
 * decrypted byte or a decoded pixel.
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
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "sdp-demo.h"

#define DEFAULT_HEAP	"/dev/dma_heap/restricted"
#define DEFAULT_CLIP	"/usr/share/sdp-demo/clip-640x360.webm"
#define DEFAULT_RING	4

struct options opt = {
	.clip = DEFAULT_CLIP,
	.heap = DEFAULT_HEAP,
	.ring = DEFAULT_RING,
	.use_v4l2 = true,
	.use_drm = true,
};

int unexpected;

void fail(const char *fmt, ...)
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

void info(const char *fmt, ...)
{
	va_list ap;

	fputs("sdp-demo: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

int ioc(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret == -1 && errno == EINTR);
	return ret == -1 ? -errno : 0;
}

double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* ------------------------------------------------------------------ */
/* The report and the command line                                    */
/* ------------------------------------------------------------------ */

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
		"  -c, --clip FILE       encrypted clip: WebM (WebM encryption) or .sdpclip\n"
		"                        (default %s)\n"
		"  -d, --digests FILE    expected NV12 digests (default: the clip's name\n"
		"                        with .nv12.sha256 for .webm or .sdpclip)\n"
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
		"      --hold            keep the control frame on vkms after the run and\n"
		"                        wait for a line on standard input before letting\n"
		"                        it go (for another client to inspect vkms)\n"
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
	       OPT_NO_V4L2, OPT_NO_DRM, OPT_HOLD };
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
		{ "hold", no_argument, NULL, OPT_HOLD },
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
		case OPT_HOLD:
			opt.hold = true;
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
	if (opt.hold && !opt.use_drm) {
		fprintf(stderr, "sdp-demo: --hold needs DRM, not --no-drm\n");
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
		d.ring[i] = (struct rbuf)RBUF_INIT;
	for (unsigned int i = 0; i < XRGB_BUFS; i++)
		d.xrgb[i] = (struct rbuf)RBUF_INIT;
	for (unsigned int i = 0; i < BITSTREAM_BUFS; i++)
		d.bits[i] = (struct rbuf)RBUF_INIT;
	if (parse_args(argc, argv))
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);

	/* ---- the clip ---- */
	if (!opt.nv12_digests)
		opt.nv12_digests = clip_sibling(opt.clip, ".nv12.sha256");
	if (!opt.xrgb_digests)
		opt.xrgb_digests = clip_sibling(opt.clip, ".xrgb.sha256");
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
	     sdp_video_uuid.timeLow, sdp_video_uuid.timeMid,
	     sdp_video_uuid.timeHiAndVersion,
	     sdp_video_uuid.clockSeqAndNode[0], sdp_video_uuid.clockSeqAndNode[1],
	     sdp_video_uuid.clockSeqAndNode[2], sdp_video_uuid.clockSeqAndNode[3],
	     sdp_video_uuid.clockSeqAndNode[4], sdp_video_uuid.clockSeqAndNode[5],
	     sdp_video_uuid.clockSeqAndNode[6], sdp_video_uuid.clockSeqAndNode[7],
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
	if (opt.hold)
		kms_hold(&d);
out:
	dec_close(&d.dec);
	if (opt.use_v4l2 && d.v.fd >= 0)
		v4l2_stop(&d.v);
	for (unsigned int i = 0; i < XRGB_BUFS; i++) {
		kms_rmfb(&d.k, &d.xrgb[i].fb);
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
	sdp_tee_close(&d.t);
	printf("  result                             : %s\n",
	       unexpected ? "FAILED (see the errors above)" : "PASS");
	free(d.want_nv12);
	free(d.want_xrgb);
	clip_free(&d.c);
	return unexpected;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * sdp-demo: playback. The ring of NV12 frames, each frame verified and
 * handed to the importers (present()), and the two paths that fill the
 * ring: --fused (one call to the video TA per frame) and the split path
 * (decrypt, then the tee-jpegdec decoder).
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "sdp-demo.h"

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
int fused_setup(struct demo *d)
{
	d->nring = opt.ring;
	return vout_setup(d, 0) || ring_setup(d) ? -1 : 0;
}

/* --fused: the video TA decrypts and decodes each frame into the ring. */
int play_fused(struct demo *d)
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
int split_setup(struct demo *d)
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
int play_split(struct demo *d)
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


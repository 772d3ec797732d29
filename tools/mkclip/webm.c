// SPDX-License-Identifier: GPL-2.0
/*
 * A minimal WebM writer (see webm.h and docs/clip-format.md, "WebM").
 *
 * EBML (RFC 8794): every element is an ID (1-4 bytes, its length marker
 * kept, written as is), a size (a variable-length integer: the position of
 * the first set bit in the first byte gives the length, 1-8 bytes; the
 * value with all its bits set means "unknown" and is never written here),
 * then the data. Unsigned integers are big-endian in the fewest bytes,
 * floats are 8-byte IEEE 754 big-endian, strings are not NUL-terminated.
 * Element IDs and semantics: Matroska (RFC 9559) restricted to what the
 * WebM profile keeps, and its encryption (webmproject.org, "WebM
 * Encryption"); the IDs and values are libsdp's (matroska_ids.h), which
 * its reader (sdp_webm.c) uses too.
 *
 * Master elements are written with an 8-byte size placeholder that
 * end_master() replaces with the shortest encoding of the final size,
 * moving the children down: the whole file is built in memory.
 */
#include <stdlib.h>
#include <string.h>

#include "matroska_ids.h"
#include "webm.h"

#define MS_NS			1000000ULL

struct buf {
	uint8_t *p;
	size_t len, cap;
	int err;
};

struct webm {
	struct buf b;
	struct webm_track t;
	uint8_t kid[WEBM_KID_SIZE];
	size_t segment, cluster;	/* size fields of the open masters */
	uint64_t cluster_ms;
	uint32_t frames;
	int in_cluster;
};

static void put_bytes(struct buf *b, const void *d, size_t n)
{
	if (b->err)
		return;
	if (n > b->cap - b->len) {
		size_t cap = b->cap ? b->cap : 65536;
		uint8_t *p;

		while (n > cap - b->len)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			b->err = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, d, n);
	b->len += n;
}

static void put_u8(struct buf *b, uint8_t v)
{
	put_bytes(b, &v, 1);
}

/* An element ID, its marker bits included: its nonzero bytes. */
static void put_id(struct buf *b, uint32_t id)
{
	for (int s = 24; s >= 0; s -= 8)
		if (id >> s)
			put_u8(b, id >> s);
}

/* Bytes of the shortest size encoding of v (all-ones is reserved). */
static int vint_len(uint64_t v)
{
	int n = 1;

	while (n < 8 && v >= (1ULL << (7 * n)) - 1)
		n++;
	return n;
}

static void encode_vint(uint8_t *p, uint64_t v, int n)
{
	v |= 1ULL << (7 * n);
	for (int i = n - 1; i >= 0; i--, v >>= 8)
		p[i] = v;
}

static void put_size(struct buf *b, uint64_t v)
{
	uint8_t p[8];
	int n = vint_len(v);

	encode_vint(p, v, n);
	put_bytes(b, p, n);
}

static void put_uint(struct buf *b, uint32_t id, uint64_t v)
{
	int n = 1;

	while (n < 8 && v >> (8 * n))
		n++;
	put_id(b, id);
	put_size(b, n);
	while (n--)
		put_u8(b, v >> (8 * n));
}

static void put_float(struct buf *b, uint32_t id, double d)
{
	uint64_t v;

	memcpy(&v, &d, sizeof(v));
	put_id(b, id);
	put_size(b, 8);
	for (int s = 56; s >= 0; s -= 8)
		put_u8(b, v >> s);
}

static void put_binary(struct buf *b, uint32_t id, const void *d, size_t n)
{
	put_id(b, id);
	put_size(b, n);
	put_bytes(b, d, n);
}

static void put_string(struct buf *b, uint32_t id, const char *s)
{
	put_binary(b, id, s, strlen(s));
}

/* Open a master element; returns where its size goes. */
static size_t begin_master(struct buf *b, uint32_t id)
{
	static const uint8_t placeholder[8];
	size_t at;

	put_id(b, id);
	at = b->len;
	put_bytes(b, placeholder, sizeof(placeholder));
	return at;
}

/* Close the master whose size goes at @at: its children end at b->len. */
static void end_master(struct buf *b, size_t at)
{
	uint64_t size;
	int n;

	if (b->err)
		return;
	size = b->len - at - 8;
	n = vint_len(size);
	encode_vint(b->p + at, size, n);
	memmove(b->p + at + n, b->p + at + 8, size);
	b->len -= 8 - n;
}

void webm_kid(uint32_t key_id, uint8_t kid[WEBM_KID_SIZE])
{
	memcpy(kid, WEBM_KID_PREFIX, WEBM_KID_PREFIX_SIZE);
	kid[12] = key_id >> 24;
	kid[13] = key_id >> 16;
	kid[14] = key_id >> 8;
	kid[15] = key_id;
}

static void put_header(struct webm *w)
{
	const struct webm_track *t = &w->t;
	struct buf *b = &w->b;
	size_t m, track, video, encs, enc, cry, aes;

	m = begin_master(b, ID_EBML);
	put_uint(b, ID_EBML_VERSION, 1);
	put_uint(b, ID_EBML_READ_VERSION, 1);
	put_uint(b, ID_EBML_MAX_ID_LENGTH, 4);
	put_uint(b, ID_EBML_MAX_SIZE_LENGTH, 8);
	put_string(b, ID_DOC_TYPE, "webm");
	/* ContentEncAESSettings is a version 4 element; SimpleBlock needs 2 */
	put_uint(b, ID_DOC_TYPE_VERSION, 4);
	put_uint(b, ID_DOC_TYPE_READ_VERSION, 2);
	end_master(b, m);

	w->segment = begin_master(b, ID_SEGMENT);
	m = begin_master(b, ID_INFO);
	put_uint(b, ID_TIMESTAMP_SCALE, MS_NS);
	put_string(b, ID_MUXING_APP, "mkclip");
	put_string(b, ID_WRITING_APP, "mkclip");
	/* in TimestampScale units (ms) */
	put_float(b, ID_DURATION,
		  (double)t->frame_count * 1000.0 * t->fps_den / t->fps_num);
	end_master(b, m);

	m = begin_master(b, ID_TRACKS);
	track = begin_master(b, ID_TRACK_ENTRY);
	put_uint(b, ID_TRACK_NUMBER, 1);
	put_uint(b, ID_TRACK_UID, 1);
	put_uint(b, ID_TRACK_TYPE, TRACK_TYPE_VIDEO);
	put_string(b, ID_CODEC_ID, "V_MJPEG");
	put_uint(b, ID_DEFAULT_DURATION,
		 (1000000000ULL * t->fps_den + t->fps_num / 2) / t->fps_num);
	video = begin_master(b, ID_VIDEO);
	put_uint(b, ID_PIXEL_WIDTH, t->width);
	put_uint(b, ID_PIXEL_HEIGHT, t->height);
	end_master(b, video);
	if (t->kid) {
		encs = begin_master(b, ID_CONTENT_ENCODINGS);
		enc = begin_master(b, ID_CONTENT_ENCODING);
		put_uint(b, ID_CONTENT_ENCODING_ORDER, 0);
		put_uint(b, ID_CONTENT_ENCODING_SCOPE, ENCODING_SCOPE_BLOCK);
		put_uint(b, ID_CONTENT_ENCODING_TYPE, ENCODING_TYPE_ENCRYPTION);
		cry = begin_master(b, ID_CONTENT_ENCRYPTION);
		put_uint(b, ID_CONTENT_ENC_ALGO, ENC_ALGO_AES);
		put_binary(b, ID_CONTENT_ENC_KEY_ID, w->kid, WEBM_KID_SIZE);
		aes = begin_master(b, ID_CONTENT_ENC_AES_SETTINGS);
		put_uint(b, ID_AES_SETTINGS_CIPHER_MODE, AES_CIPHER_MODE_CTR);
		end_master(b, aes);
		end_master(b, cry);
		end_master(b, enc);
		end_master(b, encs);
	}
	end_master(b, track);
	end_master(b, m);
}

struct webm *webm_begin(const struct webm_track *t)
{
	struct webm *w;

	if (!t->width || !t->height || !t->frame_count || !t->fps_num ||
	    !t->fps_den ||
	    t->fps_num > (uint64_t)WEBM_MAX_FPS * t->fps_den)
		return NULL;
	w = calloc(1, sizeof(*w));
	if (!w)
		return NULL;
	w->t = *t;
	if (t->kid) {
		memcpy(w->kid, t->kid, WEBM_KID_SIZE);
		w->t.kid = w->kid;
	}
	put_header(w);
	return w;
}

void webm_add_frame(struct webm *w, const uint8_t *iv, const uint8_t *data,
		    size_t len)
{
	struct buf *b = &w->b;
	/* the frame's time in ms, rounded: i * 1000 * den / num */
	uint64_t ms = ((uint64_t)w->frames * w->t.fps_den * 1000 +
		       w->t.fps_num / 2) / w->t.fps_num;
	uint64_t rel;

	if (!iv != !w->t.kid || w->frames >= w->t.frame_count) {
		b->err = 1;
		return;
	}
	/* one Cluster per second: [1000 k, 1000 (k + 1)) ms */
	if (!w->in_cluster || ms / 1000 != w->cluster_ms / 1000) {
		if (w->in_cluster)
			end_master(b, w->cluster);
		w->cluster = begin_master(b, ID_CLUSTER);
		put_uint(b, ID_TIMESTAMP, ms);
		w->cluster_ms = ms;
		w->in_cluster = 1;
	}
	rel = ms - w->cluster_ms;	/* < 1000: fits the signed 16 bits */

	put_id(b, ID_SIMPLE_BLOCK);
	put_size(b, 4 + (iv ? 1 + WEBM_IV_SIZE : 0) + len);
	put_u8(b, 0x81);		/* track number 1, as a 1-byte vint */
	put_u8(b, rel >> 8);
	put_u8(b, rel);
	put_u8(b, SIMPLE_BLOCK_KEYFRAME);	/* no lacing */
	if (iv) {
		put_u8(b, SIGNAL_ENCRYPTED);	/* not partitioned */
		put_bytes(b, iv, WEBM_IV_SIZE);
	}
	put_bytes(b, data, len);
	w->frames++;
}

int webm_finish(struct webm *w, FILE *f)
{
	struct buf *b = &w->b;
	int ret = -1;

	if (w->frames != w->t.frame_count)
		b->err = 1;
	if (w->in_cluster)
		end_master(b, w->cluster);
	end_master(b, w->segment);
	if (!b->err && fwrite(b->p, 1, b->len, f) == b->len)
		ret = 0;
	free(b->p);
	free(w);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of mkclip's WebM output (docs/clip-format.md, "WebM"), read
 * with an EBML reader of this test's own:
 *
 * - the encrypted WebM written in the same run as a clip (mkclip -o ... -w):
 *   DocType webm, one V_MJPEG track of the clip's size and frame rate,
 *   WebM encryption (ContentEncAlgo 5 AES, AESSettingsCipherMode 1 CTR,
 *   KID "sdp-content:" || key id), one keyframe SimpleBlock per clip frame
 *   at the frame's time, each block's signal byte 0x01 and 8-byte IV equal
 *   to the clip record's IV, its ciphertext the record's, and its decryption
 *   (aes.c) the same plaintext as the record's, decoding (jpeg.c) to the
 *   digests file's NV12;
 * - the clear WebM of a run without a key (mkclip -m ... -w): no
 *   ContentEncodings, each block the clear JPEG of the -m file, one Cluster
 *   per second (the Makefile writes 40 frames at 25/1: two Clusters).
 *
 *   test_webm CLIP KEYFILE DIGESTS WEBM CLEAR_HDR CLEAR_WEBM
 *
 * TAP output; exit status nonzero if any test fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aes.h"
#include "clip.h"
#include "jpeg.h"
#include "sha256.h"

#include "read_file.h"
#include "tap_result.h"

/* Element IDs (RFC 8794, RFC 9559), markers included. */
#define ID_EBML			0x1A45DFA3u
#define ID_EBML_READ_VERSION	0x42F7u
#define ID_DOC_TYPE		0x4282u
#define ID_DOC_TYPE_READ_VERSION 0x4285u
#define ID_SEGMENT		0x18538067u
#define ID_INFO			0x1549A966u
#define ID_TIMESTAMP_SCALE	0x2AD7B1u
#define ID_DURATION		0x4489u
#define ID_TRACKS		0x1654AE6Bu
#define ID_TRACK_ENTRY		0xAEu
#define ID_TRACK_NUMBER		0xD7u
#define ID_TRACK_TYPE		0x83u
#define ID_CODEC_ID		0x86u
#define ID_DEFAULT_DURATION	0x23E383u
#define ID_VIDEO		0xE0u
#define ID_PIXEL_WIDTH		0xB0u
#define ID_PIXEL_HEIGHT		0xBAu
#define ID_CONTENT_ENCODINGS	0x6D80u
#define ID_CONTENT_ENCODING	0x6240u
#define ID_ENCODING_ORDER	0x5031u
#define ID_ENCODING_SCOPE	0x5032u
#define ID_ENCODING_TYPE	0x5033u
#define ID_CONTENT_ENCRYPTION	0x5035u
#define ID_ENC_ALGO		0x47E1u
#define ID_ENC_KEY_ID		0x47E2u
#define ID_AES_SETTINGS		0x47E7u
#define ID_CIPHER_MODE		0x47E8u
#define ID_CLUSTER		0x1F43B675u
#define ID_TIMESTAMP		0xE7u
#define ID_SIMPLE_BLOCK		0xA3u

#define MAX_BLOCKS		256
#define CLEAR_FRAMES		40	/* tests/host-clip/Makefile */
#define CLEAR_FPS		25

struct el {
	uint32_t id;
	size_t data, size;
};

struct block {
	uint64_t track;
	int64_t ms;		/* Cluster Timestamp + relative timestamp */
	uint64_t cluster_ms;
	uint8_t flags;
	size_t data, len;	/* the frame: after the 4-byte block header */
};

struct webm {
	const uint8_t *b;
	size_t len;
	const char *err;	/* first structural error, or NULL */
	struct el ebml, seg, info, track, video, encs, enc, cry, aes;
	int n_tracks, n_encs, n_clusters, n_blocks;
	struct block blocks[MAX_BLOCKS];
};

static void read_key(const char *path, uint8_t key[16])
{
	size_t n;
	uint8_t *t = read_file(path, &n);

	for (int i = 0; i < 16; i++) {
		unsigned int v;
		char hx[3] = { 0 };

		if (n >= 32) {
			hx[0] = t[2 * i];
			hx[1] = t[2 * i + 1];
		}
		if (sscanf(hx, "%2x", &v) != 1) {
			fprintf(stderr, "bad key file\n");
			exit(1);
		}
		key[i] = v;
	}
	free(t);
}

/* An EBML variable-length integer at *pos; IDs keep their marker bits. */
static int read_vint(const uint8_t *b, size_t end, size_t *pos, int id,
		     uint64_t *v)
{
	size_t n = 1;
	uint64_t x;

	if (*pos >= end)
		return -1;
	while (n <= 8 && !(b[*pos] & (0x80 >> (n - 1))))
		n++;
	if (n > (id ? 4u : 8u) || end - *pos < n)
		return -1;
	x = id ? b[*pos] : b[*pos] & (0xff >> n);
	for (size_t i = 1; i < n; i++)
		x = x << 8 | b[*pos + i];
	if (!id && x == (1ULL << (7 * n)) - 1)
		return -1;	/* "unknown" size: mkclip writes none */
	*pos += n;
	*v = x;
	return 0;
}

/* The element at *pos, inside [*pos, end); *pos moves past it. */
static int next_el(const uint8_t *b, size_t end, size_t *pos, struct el *e)
{
	uint64_t id, size;

	if (read_vint(b, end, pos, 1, &id) || read_vint(b, end, pos, 0, &size) ||
	    size > end - *pos)
		return -1;
	e->id = id;
	e->data = *pos;
	e->size = size;
	*pos += size;
	return 0;
}

/* How many children @id master @m has (-1: malformed); *out is the first. */
static int child(struct webm *w, const struct el *m, uint32_t id,
		 struct el *out)
{
	size_t pos = m->data, end = m->data + m->size;
	int n = 0;
	struct el e;

	while (pos < end) {
		if (next_el(w->b, end, &pos, &e)) {
			if (!w->err)
				w->err = "malformed element";
			return -1;
		}
		if (e.id == id && !n++ && out)
			*out = e;
	}
	if (!n && out)
		memset(out, 0, sizeof(*out));
	return n;
}

static uint64_t uint_of(struct webm *w, const struct el *m, uint32_t id)
{
	struct el e;
	uint64_t v = 0;

	if (child(w, m, id, &e) != 1 || e.size > 8)
		return ~0ULL;
	for (size_t i = 0; i < e.size; i++)
		v = v << 8 | w->b[e.data + i];
	return v;
}

static double float_of(struct webm *w, const struct el *m, uint32_t id)
{
	struct el e;
	uint64_t v = 0;
	double d;

	if (child(w, m, id, &e) != 1 || e.size != 8)
		return -1;
	for (size_t i = 0; i < 8; i++)
		v = v << 8 | w->b[e.data + i];
	memcpy(&d, &v, sizeof(d));
	return d;
}

static int string_is(struct webm *w, const struct el *m, uint32_t id,
		     const char *s)
{
	struct el e;

	return child(w, m, id, &e) == 1 && e.size == strlen(s) &&
	       !memcmp(w->b + e.data, s, e.size);
}

static void parse_cluster(struct webm *w, const struct el *c)
{
	size_t pos = c->data, end = c->data + c->size;
	uint64_t cms = uint_of(w, c, ID_TIMESTAMP);
	struct el e;

	w->n_clusters++;
	while (pos < end && !next_el(w->b, end, &pos, &e)) {
		size_t p = e.data, bend = e.data + e.size;
		struct block *k;

		if (e.id != ID_SIMPLE_BLOCK)
			continue;
		if (w->n_blocks == MAX_BLOCKS) {
			w->err = "too many blocks";
			return;
		}
		k = &w->blocks[w->n_blocks++];
		if (read_vint(w->b, bend, &p, 0, &k->track) || bend - p < 3) {
			w->err = "malformed SimpleBlock header";
			return;
		}
		k->cluster_ms = cms;
		k->ms = (int64_t)cms +
			(int16_t)(w->b[p] << 8 | w->b[p + 1]);
		k->flags = w->b[p + 2];
		k->data = p + 3;
		k->len = bend - k->data;
	}
}

/* Parse the whole file into w; w->err says what is malformed. */
static void parse_webm(struct webm *w, const uint8_t *b, size_t len)
{
	size_t pos = 0;
	struct el e, tracks;

	memset(w, 0, sizeof(*w));
	w->b = b;
	w->len = len;
	if (next_el(b, len, &pos, &w->ebml) || w->ebml.id != ID_EBML ||
	    next_el(b, len, &pos, &w->seg) || w->seg.id != ID_SEGMENT ||
	    pos != len) {
		w->err = "not an EBML header then one Segment ending at EOF";
		return;
	}
	if (child(w, &w->seg, ID_INFO, &w->info) != 1 ||
	    child(w, &w->seg, ID_TRACKS, &tracks) != 1) {
		w->err = "not exactly one Info and one Tracks";
		return;
	}
	w->n_tracks = child(w, &tracks, ID_TRACK_ENTRY, &w->track);
	child(w, &w->track, ID_VIDEO, &w->video);
	if (child(w, &w->track, ID_CONTENT_ENCODINGS, &w->encs) > 0) {
		w->n_encs = child(w, &w->encs, ID_CONTENT_ENCODING, &w->enc);
		child(w, &w->enc, ID_CONTENT_ENCRYPTION, &w->cry);
		child(w, &w->cry, ID_AES_SETTINGS, &w->aes);
	}
	pos = w->seg.data;
	while (pos < w->seg.data + w->seg.size &&
	       !next_el(b, w->seg.data + w->seg.size, &pos, &e))
		if (e.id == ID_CLUSTER)
			parse_cluster(w, &e);
}

/* The checks common to both files: header, Info, the track. */
static void check_common(struct webm *w, const char *name, unsigned int fw,
			 unsigned int fh, uint32_t num, uint32_t den,
			 uint32_t frames)
{
	double want_dur = (double)frames * 1000.0 * den / num;
	double dur = float_of(w, &w->info, ID_DURATION);
	uint64_t dd = (1000000000ULL * den + num / 2) / num;

	result(!w->err, "%s: EBML header then one Segment that ends at EOF, "
	       "Info, Tracks, Clusters well-formed (%s)", name,
	       w->err ? w->err : "ok");
	result(string_is(w, &w->ebml, ID_DOC_TYPE, "webm") &&
	       uint_of(w, &w->ebml, ID_EBML_READ_VERSION) == 1 &&
	       uint_of(w, &w->ebml, ID_DOC_TYPE_READ_VERSION) == 2,
	       "%s: DocType webm, EBMLReadVersion 1, DocTypeReadVersion 2",
	       name);
	result(uint_of(w, &w->info, ID_TIMESTAMP_SCALE) == 1000000 &&
	       dur > want_dur - 1e-6 && dur < want_dur + 1e-6,
	       "%s: TimestampScale 1 ms, Duration %.3f ms (want %.3f)", name,
	       dur, want_dur);
	result(w->n_tracks == 1 && uint_of(w, &w->track, ID_TRACK_NUMBER) == 1 &&
	       uint_of(w, &w->track, ID_TRACK_TYPE) == 1 &&
	       string_is(w, &w->track, ID_CODEC_ID, "V_MJPEG"),
	       "%s: one track, TrackNumber 1, TrackType 1 (video), CodecID "
	       "V_MJPEG", name);
	result(uint_of(w, &w->video, ID_PIXEL_WIDTH) == fw &&
	       uint_of(w, &w->video, ID_PIXEL_HEIGHT) == fh &&
	       uint_of(w, &w->track, ID_DEFAULT_DURATION) == dd,
	       "%s: PixelWidth %u, PixelHeight %u, DefaultDuration %llu ns",
	       name, fw, fh, (unsigned long long)dd);
	result(w->n_blocks == (int)frames,
	       "%s: %d SimpleBlocks, one per frame (want %u)", name,
	       w->n_blocks, frames);
}

/* Block i: track 1, keyframe, no lacing, at frame i's time, Clusters 1 s. */
static int block_ok(const struct block *k, uint32_t i, uint32_t num,
		    uint32_t den)
{
	int64_t ms = ((uint64_t)i * den * 1000 + num / 2) / num;

	return k->track == 1 && k->flags == 0x80 && k->ms == ms &&
	       k->cluster_ms / 1000 == (uint64_t)ms / 1000;
}

static int digest_line_is(const char *dig, uint32_t index, const uint8_t d[32])
{
	char want[80], *p;
	int n = snprintf(want, sizeof(want), "%u ", index);

	for (int j = 0; j < 32; j++)
		n += snprintf(want + n, sizeof(want) - n, "%02x", d[j]);
	p = strstr(dig, want);
	return p && (p == dig || p[-1] == '\n') && (p[n] == '\n' || !p[n]);
}

static void check_encrypted(const uint8_t *clip, size_t clip_len,
			    const struct aes128_key *ks, const char *dig,
			    const uint8_t *wb, size_t wlen)
{
	static struct webm w;
	struct clip_header h;
	struct clip_iter it;
	struct clip_frame f;
	uint8_t kid[16];
	struct el kel;
	int ret, n_ok = 0;

	if (clip_parse_header(clip, clip_len, &h)) {
		result(0, "encrypted WebM: the clip's header parses");
		return;
	}
	parse_webm(&w, wb, wlen);
	check_common(&w, "encrypted WebM", h.width, h.height, h.fps_num,
		     h.fps_den, h.frame_count);
	result(w.n_encs == 1 &&
	       uint_of(&w, &w.enc, ID_ENCODING_ORDER) == 0 &&
	       uint_of(&w, &w.enc, ID_ENCODING_SCOPE) == 1 &&
	       uint_of(&w, &w.enc, ID_ENCODING_TYPE) == 1,
	       "encrypted WebM: one ContentEncoding, Order 0, Scope 1 (block), "
	       "Type 1 (encryption)");
	result(uint_of(&w, &w.cry, ID_ENC_ALGO) == 5 &&
	       uint_of(&w, &w.aes, ID_CIPHER_MODE) == 1,
	       "encrypted WebM: ContentEncAlgo 5 (AES), AESSettingsCipherMode "
	       "1 (CTR)");
	memcpy(kid, "sdp-content:", 12);
	kid[12] = h.key_id >> 24;
	kid[13] = h.key_id >> 16;
	kid[14] = h.key_id >> 8;
	kid[15] = h.key_id;
	result(child(&w, &w.cry, ID_ENC_KEY_ID, &kel) == 1 && kel.size == 16 &&
	       !memcmp(wb + kel.data, kid, 16),
	       "encrypted WebM: ContentEncKeyID is \"sdp-content:\" || key id "
	       "%u as a big-endian u32", h.key_id);

	clip_iter_init(&h, &it);
	while ((ret = clip_next_frame(clip, clip_len, &h, &it, &f)) == CLIP_OK &&
	       (int)f.index < w.n_blocks) {
		const struct block *k = &w.blocks[f.index];
		const uint8_t *p = wb + k->data;
		size_t ysz = (size_t)h.width * h.height;
		uint8_t *a = malloc(f.length), *b = malloc(f.length);
		uint8_t *y = malloc(ysz), *uv = malloc(ysz / 2), iv[16], d[32];
		struct jpeg_out o = {
			.y = { y, ysz, h.width }, .uv = { uv, ysz / 2, h.width },
		};
		struct sha256_ctx sc;
		int same, jr = -1;

		result(block_ok(k, f.index, h.fps_num, h.fps_den),
		       "encrypted WebM: block %u: track 1, keyframe, no lacing, "
		       "%lld ms, in its second's Cluster", f.index,
		       (long long)k->ms);
		same = k->len == 1 + 8 + f.length && p[0] == 0x01 &&
		       !memcmp(p + 1, f.iv, 8) &&
		       !memcmp(f.iv + 8, "\0\0\0\0\0\0\0\0", 8) &&
		       !memcmp(p + 9, clip + f.offset, f.length);
		result(same, "encrypted WebM: block %u: signal byte 0x01, IV = "
		       "the clip record's (counter half zero), ciphertext = "
		       "the record's (%u bytes)", f.index, f.length);
		if (same) {
			/* decrypt each independently: its IV || 0, the record's */
			memcpy(iv, p + 1, 8);
			memset(iv + 8, 0, 8);
			memcpy(a, p + 9, f.length);
			aes128_ctr_xcrypt(ks, iv, 0, a, a, f.length);
			memcpy(b, clip + f.offset, f.length);
			aes128_ctr_xcrypt(ks, f.iv, 0, b, b, f.length);
			jr = jpeg_decode_nv12(a, f.length, &o, NULL);
			sha256_init(&sc);
			sha256_update(&sc, y, ysz);
			sha256_update(&sc, uv, ysz / 2);
			sha256_final(&sc, d);
			same = !memcmp(a, b, f.length) && jr == JPEG_OK &&
			       digest_line_is(dig, f.index, d);
		}
		n_ok += same;
		result(same, "encrypted WebM: block %u decrypts (aes.c) to the "
		       "clip frame's plaintext, which decodes (jpeg.c, %d) to "
		       "the digests file's NV12", f.index, jr);
		free(a);
		free(b);
		free(y);
		free(uv);
	}
	result(ret == CLIP_END && n_ok == (int)h.frame_count,
	       "encrypted WebM: all %u frames match the clip's (%d)",
	       h.frame_count, n_ok);
}

static void check_clear(const uint8_t *hdr, size_t hdr_len,
			const uint8_t *wb, size_t wlen)
{
	static struct webm w;
	size_t pos = 0;
	uint32_t i = 0;
	int n_ok = 0;

	parse_webm(&w, wb, wlen);
	check_common(&w, "clear WebM", 64, 48, CLEAR_FPS, 1, CLEAR_FRAMES);
	result(child(&w, &w.track, ID_CONTENT_ENCODINGS, NULL) == 0,
	       "clear WebM: no ContentEncodings");
	result(w.n_clusters == (CLEAR_FRAMES + CLEAR_FPS - 1) / CLEAR_FPS,
	       "clear WebM: one Cluster per second: %d", w.n_clusters);
	/* the -m file: "rdhV", big-endian u32 length, JPEG */
	while (hdr_len - pos >= 8 && !memcmp(hdr + pos, "rdhV", 4)) {
		size_t len = (size_t)hdr[pos + 4] << 24 | hdr[pos + 5] << 16 |
			     hdr[pos + 6] << 8 | hdr[pos + 7];
		const struct block *k;

		if (len > hdr_len - pos - 8 || (int)i >= w.n_blocks)
			break;
		k = &w.blocks[i];
		n_ok += block_ok(k, i, CLEAR_FPS, 1) && k->len == len &&
			!memcmp(wb + k->data, hdr + pos + 8, len);
		pos += 8 + len;
		i++;
	}
	result(pos == hdr_len && i == CLEAR_FRAMES && n_ok == CLEAR_FRAMES,
	       "clear WebM: each of the %u blocks is a keyframe at its time "
	       "holding the -m file's JPEG (%d of %u)", i, n_ok, CLEAR_FRAMES);
}

int main(int argc, char **argv)
{
	uint8_t *clip, *dig, *webm, *hdr, *clear, key[16];
	size_t clip_len, dig_len, webm_len, hdr_len, clear_len;
	struct aes128_key ks;

	if (argc != 7) {
		fprintf(stderr, "usage: %s CLIP KEYFILE DIGESTS WEBM CLEAR_HDR "
			"CLEAR_WEBM\n", argv[0]);
		return 2;
	}
	clip = read_file(argv[1], &clip_len);
	read_key(argv[2], key);
	dig = read_file(argv[3], &dig_len);
	dig = realloc(dig, dig_len + 1);
	dig[dig_len] = 0;
	webm = read_file(argv[4], &webm_len);
	hdr = read_file(argv[5], &hdr_len);
	clear = read_file(argv[6], &clear_len);
	aes128_set_key(&ks, key);

	check_encrypted(clip, clip_len, &ks, (const char *)dig, webm, webm_len);
	check_clear(hdr, hdr_len, clear, clear_len);

	aes128_wipe_key(&ks);
	free(clip);
	free(dig);
	free(webm);
	free(hdr);
	free(clear);
	printf("1..%d\n", n_test);
	return n_fail ? 1 : 0;
}

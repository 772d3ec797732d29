// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of libsdp's WebM reader (userspace/libsdp/sdp_webm.c):
 *
 * - mkclip's files: the encrypted WebM of a run against the clip of the
 *   same run (every frame's IV is the clip record's first 8 bytes, whose
 *   last 8 are zero; its ciphertext the record's; its time; the size, the
 *   frame rate, key id 7), and the clear WebM of a run without a key
 *   against the clear frames of the same run (-m: "rdhV", BE u32, JPEG);
 * - files built here in memory, each variant read exactly (every offset,
 *   time and flag): 8-byte sizes, an unknown-size Segment, Void, SeekHead,
 *   CRC-32, Tags and Cues, BlockGroups, an audio track with its laced
 *   blocks and a compression encoding before the video track, DocType
 *   matroska, another TimestampScale, a clear frame in an encrypted track,
 *   no ContentEncAESSettings, a clear track;
 * - malformed files, each refused with its exact error, where it is (the
 *   header, or frame n, the frames before it read);
 * - every truncation of a small file: an error, or exactly a prefix of
 *   its frames;
 * - sdp_webm_frame_rate.
 *
 *   test_sdp_webm CLIP WEBM CLEAR_HDR CLEAR_WEBM
 *   test_sdp_webm --seeds DIR	the hand-made files, as fuzz_webm seeds
 *
 * TAP output; exit status nonzero if any test fails.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clip.h"
#include "matroska_ids.h"
#include "sdp_webm.h"

#include "read_file.h"
#include "tap_result.h"

#define NF		4	/* frames of a hand-made file, two per Cluster */
#define TICKS		40	/* between frames, in TimestampScale ticks */
#define KEY_ID		0x01020304u
#define UNKNOWN		((size_t)-1)

/* ---- a small EBML writer ------------------------------------------------ */

static uint8_t out[16384];
static size_t olen;
static size_t open_at[16];	/* size fields of the open masters */
static int depth;

static void put(const void *p, size_t n)
{
	if (n > sizeof(out) - olen) {
		fprintf(stderr, "test file too big\n");
		exit(1);
	}
	memcpy(out + olen, p, n);
	olen += n;
}

static void put_u8(uint8_t v)
{
	put(&v, 1);
}

static void put_id(uint32_t id)
{
	for (int s = 24; s >= 0; s -= 8)
		if (id >> s)
			put_u8(id >> s);
}

/* Sizes below 127 in one byte, the others in eight (never the shortest). */
static void put_size(uint64_t v)
{
	if (v < 127) {
		put_u8(0x80 | v);
		return;
	}
	put_u8(0x01);
	for (int s = 48; s >= 0; s -= 8)
		put_u8(v >> s);
}

/* Masters: an 8-byte size, patched by end() unless it is "unknown". */
static size_t begin(uint32_t id, int unknown)
{
	static const uint8_t unknown_size[8] = {
		0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
	};
	size_t at;

	put_id(id);
	at = olen;
	put(unknown_size, 8);
	open_at[depth++] = unknown ? UNKNOWN : at;
	return at;
}

static void end(void)
{
	size_t at = open_at[--depth];
	uint64_t size;

	if (at == UNKNOWN)
		return;
	size = olen - at - 8;
	for (int i = 7; i >= 1; i--, size >>= 8)
		out[at + i] = size;
}

static void uint_el(uint32_t id, uint64_t v)
{
	int n = 1;

	while (n < 8 && v >> (8 * n))
		n++;
	put_id(id);
	put_size(n);
	while (n--)
		put_u8(v >> (8 * n));
}

/* Returns where the data is. */
static size_t bin_el(uint32_t id, const void *p, size_t n)
{
	put_id(id);
	put_size(n);
	put(p, n);
	return olen - n;
}

static void str_el(uint32_t id, const char *s)
{
	bin_el(id, s, strlen(s));
}

static void float_el(uint32_t id, double d, int bytes)
{
	uint64_t v;
	float f = d;
	uint32_t v32;

	put_id(id);
	put_size(bytes);
	if (bytes == 4) {
		memcpy(&v32, &f, 4);
		for (int s = 24; s >= 0; s -= 8)
			put_u8(v32 >> s);
		return;
	}
	memcpy(&v, &d, 8);
	for (int s = 56; s >= 0; s -= 8)
		put_u8(v >> s);
}

static void void_el(size_t n)
{
	static const uint8_t zeros[64];

	bin_el(ID_VOID, zeros, n);
}

/* ---- hand-made files ---------------------------------------------------- */

/* What a file is made of; base() is a plain encrypted WebM. */
struct spec {
	const char *doc_type, *codec;
	uint64_t ebml_read_version, doc_read_version;
	uint64_t scale;			/* 0: none (1 ms), unless scale_zero */
	double duration;		/* in ticks */
	int duration_bytes;		/* 4 or 8 */
	uint64_t width, height, track;
	bool segment_unknown, cluster_unknown, junk, audio, group, clear;
	bool two_info, two_encodings, compression, no_aes_settings;
	bool timestamp_late, wide_track_type, scale_zero;
	uint64_t enc_type, scope, algo, mode;
	size_t kid_len;
	const char *kid_prefix;
	uint8_t signal1, flags1;	/* frame 1's signal byte, block flags */
	int rel0;			/* added to frame 0's relative time */
	int len1;			/* frame 1's data; -1: block cut short */
};

static struct spec base(void)
{
	return (struct spec){
		.doc_type = "webm", .codec = "V_MJPEG",
		.ebml_read_version = 1, .doc_read_version = 2,
		.duration = NF * TICKS, .duration_bytes = 8,
		.width = 64, .height = 48, .track = 1,
		.enc_type = 1, .scope = 1, .algo = 5, .mode = 1,
		.kid_len = 16, .kid_prefix = SDP_WEBM_KID_PREFIX,
		.signal1 = 0x01, .flags1 = 0x80, .len1 = 11,
	};
}

/* What the reader should find in it. */
struct built {
	size_t len, seg_data, kid, info_size;
	size_t boundary[16];		/* ends of the Segment's children, */
					/* from Tracks on */
	int n_boundary;
	struct sdp_webm_frame f[NF];
	int frames_before[16];		/* frames that end before boundary i */
};

static void put_frame(const struct spec *s, struct built *b, int i,
		      uint64_t cluster_ticks)
{
	struct sdp_webm_frame *f = &b->f[i];
	int rel = (i % 2) * TICKS + (i == 0 ? s->rel0 : 0);
	int len = i == 1 ? s->len1 : 10 + i;
	uint8_t signal = i == 1 ? s->signal1 : 0x01;
	uint8_t flags = i == 1 ? s->flags1 : 0x80;
	size_t size;

	if (s->group) {
		begin(ID_BLOCK_GROUP, 0);
		flags &= 0x7f;		/* a Block has no keyframe flag */
	}
	f->block_offset = olen;
	put_id(s->group ? ID_BLOCK : ID_SIMPLE_BLOCK);
	if (len < 0) {			/* the track number and one byte */
		put_size(2);
		put_u8(0x80 | s->track);
		put_u8(0);
		if (s->group)
			end();
		return;
	}
	size = 4 + (s->clear ? 0 : 1 + (signal & 1 ? 8 : 0)) + len;
	put_size(size);
	put_u8(0x80 | s->track);
	put_u8((rel >> 8) & 0xff);
	put_u8(rel & 0xff);
	put_u8(flags);
	f->encrypted = false;
	f->iv_offset = 0;
	if (!s->clear) {
		put_u8(signal);
		if (signal & 1) {
			f->encrypted = true;
			f->iv_offset = olen;
			for (int k = 0; k < 8; k++)
				put_u8(0xA0 + 8 * i + k);
		}
	}
	f->offset = olen;
	f->length = len;
	for (int k = 0; k < len; k++)
		put_u8(i * 31 + k);
	f->index = i;
	f->time_ns = (cluster_ticks + rel) *
		     (s->scale ? s->scale : SDP_WEBM_DEFAULT_TIMESTAMP_SCALE);
	f->keyframe = s->group ? !(i % 2) : !!(flags & SIMPLE_BLOCK_KEYFRAME);
	if (s->group) {
		uint_el(ID_BLOCK_DURATION, TICKS);
		if (i % 2)
			uint_el(ID_REFERENCE_BLOCK, 0xD8);	/* -40 */
		end();
	}
}

/* An audio track's blocks: laced, and one cut short; never read. */
static void put_audio_blocks(void)
{
	static const uint8_t laced[] = { 0x81, 0, 0, 0x86, 1, 3, 9, 9, 9, 9 };
	static const uint8_t cut[] = { 0x81 };

	bin_el(ID_SIMPLE_BLOCK, laced, sizeof(laced));
	bin_el(ID_SIMPLE_BLOCK, cut, sizeof(cut));
}

static void boundary(struct built *b, int frames)
{
	b->frames_before[b->n_boundary] = frames;
	b->boundary[b->n_boundary++] = olen;
}

static void build(const struct spec *s, struct built *b)
{
	uint8_t kid[80];

	memset(b, 0, sizeof(*b));
	olen = 0;
	depth = 0;
	begin(ID_EBML, 0);
	uint_el(ID_EBML_VERSION, 1);
	uint_el(ID_EBML_READ_VERSION, s->ebml_read_version);
	uint_el(ID_EBML_MAX_ID_LENGTH, 4);
	uint_el(ID_EBML_MAX_SIZE_LENGTH, 8);
	str_el(ID_DOC_TYPE, s->doc_type);
	uint_el(ID_DOC_TYPE_VERSION, 4);
	uint_el(ID_DOC_TYPE_READ_VERSION, s->doc_read_version);
	end();
	if (s->junk)
		void_el(5);
	begin(ID_SEGMENT, s->segment_unknown);
	b->seg_data = olen;
	if (s->junk) {
		static const uint8_t info_id[] = { 0x15, 0x49, 0xA9, 0x66 };

		begin(ID_SEEK_HEAD, 0);
		begin(ID_SEEK, 0);
		bin_el(ID_SEEK_ID, info_id, sizeof(info_id));
		uint_el(ID_SEEK_POSITION, 0x40);
		end();
		end();
	}
	for (int k = 0; k < 1 + s->two_info; k++) {
		b->info_size = begin(ID_INFO, 0);
		if (s->scale || s->scale_zero)
			uint_el(ID_TIMESTAMP_SCALE, s->scale);
		if (s->junk)
			void_el(3);
		float_el(ID_DURATION, s->duration, s->duration_bytes);
		str_el(ID_MUXING_APP, "test_sdp_webm");
		end();
	}
	begin(ID_TRACKS, 0);
	if (s->audio) {
		begin(ID_TRACK_ENTRY, 0);
		uint_el(ID_TRACK_NUMBER, 1);
		uint_el(ID_TRACK_UID, 1);
		uint_el(ID_TRACK_TYPE, TRACK_TYPE_AUDIO);
		str_el(ID_CODEC_ID, "A_OPUS");
		begin(ID_CONTENT_ENCODINGS, 0);
		begin(ID_CONTENT_ENCODING, 0);
		/* compression: refused in the video track, not read here */
		uint_el(ID_CONTENT_ENCODING_TYPE, ENCODING_TYPE_COMPRESSION);
		begin(ID_CONTENT_COMPRESSION, 0);
		uint_el(ID_CONTENT_COMP_ALGO, 0);
		end();
		end();
		end();
		end();
	}
	begin(ID_TRACK_ENTRY, 0);
	uint_el(ID_TRACK_NUMBER, s->track);
	uint_el(ID_TRACK_UID, 2);
	if (s->junk)
		void_el(2);
	if (s->wide_track_type) {
		static const uint8_t nine[9] = { [8] = 1 };

		bin_el(ID_TRACK_TYPE, nine, sizeof(nine));
	} else {
		uint_el(ID_TRACK_TYPE, TRACK_TYPE_VIDEO);
	}
	str_el(ID_CODEC_ID, s->codec);
	uint_el(ID_DEFAULT_DURATION, 40000000);
	begin(ID_VIDEO, 0);
	uint_el(ID_PIXEL_WIDTH, s->width);
	uint_el(ID_PIXEL_HEIGHT, s->height);
	end();
	if (!s->clear) {
		begin(ID_CONTENT_ENCODINGS, 0);
		for (int k = 0; k < 1 + s->two_encodings; k++) {
			begin(ID_CONTENT_ENCODING, 0);
			uint_el(ID_CONTENT_ENCODING_ORDER, k);
			uint_el(ID_CONTENT_ENCODING_SCOPE, s->scope);
			uint_el(ID_CONTENT_ENCODING_TYPE, s->enc_type);
			if (s->compression) {
				begin(ID_CONTENT_COMPRESSION, 0);
				uint_el(ID_CONTENT_COMP_ALGO, 0);
				end();
			}
			begin(ID_CONTENT_ENCRYPTION, 0);
			uint_el(ID_CONTENT_ENC_ALGO, s->algo);
			memset(kid, 0x55, sizeof(kid));
			memcpy(kid, s->kid_prefix, strlen(s->kid_prefix));
			kid[12] = (KEY_ID >> 24) & 0xff;
			kid[13] = (KEY_ID >> 16) & 0xff;
			kid[14] = (KEY_ID >> 8) & 0xff;
			kid[15] = KEY_ID & 0xff;
			b->kid = bin_el(ID_CONTENT_ENC_KEY_ID, kid, s->kid_len);
			if (!s->no_aes_settings) {
				begin(ID_CONTENT_ENC_AES_SETTINGS, 0);
				uint_el(ID_AES_SETTINGS_CIPHER_MODE, s->mode);
				end();
			}
			end();
			end();
		}
		end();
	}
	end();
	end();
	boundary(b, 0);
	for (int c = 0; c < 2; c++) {
		uint64_t ticks = c * 2 * TICKS;

		if (s->junk && c == 1) {
			begin(ID_TAGS, 0);
			begin(ID_TAG, 0);
			end();
			end();
			boundary(b, 2);
		}
		begin(ID_CLUSTER, c == 1 && s->cluster_unknown);
		if (s->junk) {
			static const uint8_t crc[4];

			bin_el(ID_CRC32, crc, sizeof(crc));
		}
		if (!s->timestamp_late)
			uint_el(ID_TIMESTAMP, ticks);
		for (int i = 2 * c; i < 2 * c + 2; i++) {
			if (s->audio)
				put_audio_blocks();
			if (s->junk)
				uint_el(ID_POSITION, 0);
			put_frame(s, b, i, ticks);
		}
		if (s->timestamp_late)
			uint_el(ID_TIMESTAMP, ticks);
		end();
		boundary(b, 2 * c + 2);
	}
	if (s->junk) {
		begin(ID_CUES, 0);
		begin(ID_CUE_POINT, 0);
		uint_el(ID_CUE_TIME, 0);
		end();
		end();
		boundary(b, NF);
	}
	end();
	b->len = olen;
}

/* ---- checks ------------------------------------------------------------- */

static int same_frame(const struct sdp_webm_frame *a,
		      const struct sdp_webm_frame *b)
{
	return a->index == b->index && a->time_ns == b->time_ns &&
	       a->keyframe == b->keyframe && a->encrypted == b->encrypted &&
	       a->block_offset == b->block_offset &&
	       a->iv_offset == b->iv_offset && a->offset == b->offset &&
	       a->length == b->length;
}

/* Read every frame; returns the last return code, *n frames read. */
static int walk(const uint8_t *buf, size_t len, const struct sdp_webm *w,
		struct sdp_webm_frame *f, int max, int *n)
{
	struct sdp_webm_iter it, before;
	struct sdp_webm_frame g;
	int ret;

	*n = 0;
	sdp_webm_iter_init(w, &it);
	for (;;) {
		before = it;
		ret = sdp_webm_next_frame(buf, len, w, &it, &g);
		if (ret != SDP_WEBM_OK)
			break;
		if (*n < max)
			f[*n] = g;
		(*n)++;
	}
	/* the end or an error leaves the iterator where it was */
	if (memcmp(&it, &before, sizeof(it)) ||
	    sdp_webm_next_frame(buf, len, w, &it, &g) != ret)
		return SDP_WEBM_ERR_INVAL;
	return ret;
}

static void check_variant(const char *name, const struct spec *s)
{
	struct built b;
	struct sdp_webm w;
	struct sdp_webm_frame f[NF + 1];
	uint64_t scale = s->scale ? s->scale : SDP_WEBM_DEFAULT_TIMESTAMP_SCALE;
	uint32_t key_id = 0, frames = 0;
	int ret, kret, n, ok = 1;

	build(s, &b);
	ret = sdp_webm_parse(out, b.len, &w);
	kret = sdp_webm_key_id(out, &w, &key_id);
	result(ret == SDP_WEBM_OK &&
	       w.doc_type == (!strcmp(s->doc_type, "webm") ? SDP_WEBM_DOC_WEBM :
			      SDP_WEBM_DOC_MATROSKA) &&
	       w.doc_type_read_version == s->doc_read_version &&
	       w.segment_offset == b.seg_data && w.segment_end == b.len &&
	       w.segment_unknown_size == s->segment_unknown &&
	       w.timestamp_scale == scale &&
	       w.duration_ns == (uint64_t)(s->duration * scale + 0.5) &&
	       w.clusters == 2 && w.track_number == s->track &&
	       w.width == s->width && w.height == s->height &&
	       w.default_duration_ns == 40000000 &&
	       w.encrypted == !s->clear &&
	       w.kid_offset == (s->clear ? 0 : b.kid) &&
	       w.kid_length == (s->clear ? 0 : s->kid_len) &&
	       (s->clear ? kret == SDP_WEBM_ERR_NOT_ENCRYPTED :
			   kret == SDP_WEBM_OK && key_id == KEY_ID),
	       "%s: the headers read exactly (%s), key id %s", name,
	       sdp_webm_strerror(ret), sdp_webm_strerror(kret));
	if (ret)
		return;
	ret = walk(out, b.len, &w, f, NF + 1, &n);
	for (int i = 0; i < n && i < NF; i++)
		ok &= same_frame(&f[i], &b.f[i]);
	result(ret == SDP_WEBM_END && n == NF && ok &&
	       sdp_webm_validate(out, b.len, NULL, &frames) == SDP_WEBM_OK &&
	       frames == NF,
	       "%s: %d frames, each at its offset, time, key and IV (%s)",
	       name, n, sdp_webm_strerror(ret));
}

static void check_variants(void)
{
	struct spec s;

	s = base();
	check_variant("encrypted WebM, 8-byte sizes", &s);
	s = base();
	s.segment_unknown = true;
	check_variant("Segment of unknown size", &s);
	s = base();
	s.junk = true;
	check_variant("Void, SeekHead, CRC-32, Position, Tags and Cues skipped",
		      &s);
	s = base();
	s.group = true;
	check_variant("BlockGroups (ReferenceBlock: not a keyframe)", &s);
	s = base();
	s.audio = true;
	s.track = 2;
	check_variant("an audio track first: its laced blocks and its "
		      "compression skipped", &s);
	s = base();
	s.doc_type = "matroska";
	s.doc_read_version = 4;
	s.duration_bytes = 4;
	check_variant("DocType matroska, DocTypeReadVersion 4, a 4-byte "
		      "Duration", &s);
	s = base();
	s.scale = 100000;
	check_variant("TimestampScale 100000 ns", &s);
	s = base();
	s.signal1 = 0x00;
	check_variant("a clear frame (signal byte 0) in an encrypted track", &s);
	s = base();
	s.no_aes_settings = true;
	check_variant("no ContentEncAESSettings: CTR", &s);
	s = base();
	s.clear = true;
	check_variant("a clear track", &s);
	s = base();
	s.segment_unknown = s.junk = s.group = s.audio = true;
	s.track = 2;
	check_variant("all of them at once", &s);
}

struct bad {
	const char *name;
	struct spec s;
	int err;
	int frame;		/* -1: sdp_webm_parse refuses it */
};

/* Returns the error and where: -1 the headers, else the frames read. */
static int first_error(const uint8_t *buf, size_t len, int *where)
{
	struct sdp_webm w;
	struct sdp_webm_frame f[NF + 1];
	int ret, n;

	*where = -1;
	ret = sdp_webm_parse(buf, len, &w);
	if (ret)
		return ret;
	ret = walk(buf, len, &w, f, NF + 1, &n);
	*where = n;
	return ret;
}

static const char *where_str(int frame, char s[32])
{
	if (frame < 0)
		return "the headers";
	snprintf(s, 32, "frame %d", frame);
	return s;
}

static void check_bad(const char *name, size_t len, int err, int frame)
{
	int where, ret = first_error(out, len, &where);
	uint32_t frames = 12345;
	char s1[32], s2[32];

	result(ret == err && where == frame &&
	       sdp_webm_validate(out, len, NULL, &frames) == err &&
	       frames == 12345,
	       "%s: refused with \"%s\" at %s (got \"%s\" at %s)", name,
	       sdp_webm_strerror(err), where_str(frame, s1),
	       sdp_webm_strerror(ret), where_str(where, s2));
}

static struct bad *bad_list(int *count)
{
	static struct bad l[32];
	int n = 0;

#define BAD(nm, field, val, e, fr)					\
	do {								\
		l[n] = (struct bad){ .name = nm, .s = base(), .err = e,	\
				     .frame = fr };			\
		l[n].s.field = val;					\
		n++;							\
	} while (0)
	BAD("DocType mkv", doc_type, "mkv", SDP_WEBM_ERR_DOCTYPE, -1);
	BAD("EBMLReadVersion 2", ebml_read_version, 2,
	    SDP_WEBM_ERR_EBML_VERSION, -1);
	BAD("DocTypeReadVersion 5", doc_read_version, 5,
	    SDP_WEBM_ERR_DOCTYPE_VERSION, -1);
	BAD("two Info", two_info, true, SDP_WEBM_ERR_INFO, -1);
	BAD("TimestampScale 0", scale_zero, true,
	    SDP_WEBM_ERR_TIMESTAMP_SCALE, -1);
	BAD("Duration NaN", duration, NAN, SDP_WEBM_ERR_DURATION, -1);
	BAD("Duration -1", duration, -1, SDP_WEBM_ERR_DURATION, -1);
	BAD("a TrackType of 9 bytes", wide_track_type, true,
	    SDP_WEBM_ERR_VALUE, -1);
	BAD("CodecID V_VP8", codec, "V_VP8", SDP_WEBM_ERR_NO_TRACK, -1);
	BAD("TrackNumber 0", track, 0, SDP_WEBM_ERR_TRACK_NUMBER, -1);
	BAD("PixelWidth 0", width, 0, SDP_WEBM_ERR_DIMENSIONS, -1);
	BAD("PixelHeight 65536", height, 65536, SDP_WEBM_ERR_DIMENSIONS, -1);
	BAD("two ContentEncodings", two_encodings, true,
	    SDP_WEBM_ERR_ENCODINGS, -1);
	BAD("a compression encoding", enc_type, 0, SDP_WEBM_ERR_COMPRESSION,
	    -1);
	BAD("ContentCompression in an encryption", compression, true,
	    SDP_WEBM_ERR_COMPRESSION, -1);
	BAD("ContentEncodingType 2", enc_type, 2, SDP_WEBM_ERR_ENCODING_TYPE,
	    -1);
	BAD("ContentEncodingScope 2 (private data)", scope, 2,
	    SDP_WEBM_ERR_ENCODING_SCOPE, -1);
	BAD("ContentEncAlgo 1 (DES)", algo, 1, SDP_WEBM_ERR_ENC_ALGO, -1);
	BAD("ContentEncAlgo 0 (none)", algo, 0, SDP_WEBM_ERR_ENC_ALGO, -1);
	BAD("AESSettingsCipherMode 2 (CBC)", mode, 2,
	    SDP_WEBM_ERR_CIPHER_MODE, -1);
	BAD("an empty ContentEncKeyID", kid_len, 0, SDP_WEBM_ERR_KEY_ID, -1);
	BAD("a ContentEncKeyID of 65 bytes", kid_len, 65, SDP_WEBM_ERR_KEY_ID,
	    -1);
	BAD("a Cluster of unknown size", cluster_unknown, true,
	    SDP_WEBM_ERR_CLUSTER_UNKNOWN_SIZE, -1);
	BAD("Timestamp after the blocks", timestamp_late, true,
	    SDP_WEBM_ERR_CLUSTER_TIMESTAMP, 0);
	BAD("a frame before time 0", rel0, -1, SDP_WEBM_ERR_TIME, 0);
	BAD("a time that overflows 64 bits in ns", scale, UINT64_MAX / 10,
	    SDP_WEBM_ERR_TIME, 1);
	l[n - 1].s.duration = 0;	/* which would overflow first */
	BAD("a laced block (Xiph)", flags1, 0x82, SDP_WEBM_ERR_LACED, 1);
	BAD("a partitioned frame (signal 0x03)", signal1, 0x03,
	    SDP_WEBM_ERR_PARTITIONED, 1);
	BAD("a signal byte with a reserved bit (0x05)", signal1, 0x05,
	    SDP_WEBM_ERR_SIGNAL, 1);
	BAD("an encrypted frame without ciphertext", len1, 0,
	    SDP_WEBM_ERR_FRAME_SHORT, 1);
	BAD("a block header cut short", len1, -1, SDP_WEBM_ERR_BLOCK, 1);
#undef BAD
	*count = n;
	return l;
}

/* Refusals of a base file with bytes patched where the builder put them. */
static void check_patched(void)
{
	static const uint8_t huge[8] = { 0x01, 0xff, 0xff, 0xff, 0xff, 0xff,
					 0xff, 0xfe };
	static const uint8_t unknown[8] = { 0x01, 0xff, 0xff, 0xff, 0xff, 0xff,
					    0xff, 0xff };
	struct spec s = base();
	struct built b;

	build(&s, &b);
	memcpy(out + b.info_size, huge, 8);
	check_bad("Info of size 2^56 - 2", b.len, SDP_WEBM_ERR_PAST_END, -1);
	memcpy(out + b.info_size, unknown, 8);
	check_bad("Info of unknown size (01 ff .. ff)", b.len,
		  SDP_WEBM_ERR_UNKNOWN_SIZE, -1);
	out[b.info_size] = 0x00;
	check_bad("a size of more than 8 bytes (00 ..)", b.len,
		  SDP_WEBM_ERR_SIZE, -1);
	build(&s, &b);
	out[b.info_size + 8] = 0x08;	/* Duration's ID (44 89): 5 bytes */
	check_bad("an ID of 5 bytes", b.len, SDP_WEBM_ERR_ID, -1);
	build(&s, &b);
	out[b.info_size + 8] = 0xFF;	/* a reserved ID */
	check_bad("the reserved ID FF", b.len, SDP_WEBM_ERR_ID, -1);
	build(&s, &b);
	out[0] = 0x1B;
	check_bad("not EBML", b.len, SDP_WEBM_ERR_NOT_EBML, -1);

	s.kid_prefix = "sdp-kontent:";
	build(&s, &b);
	{
		struct sdp_webm w;
		uint32_t id = 99;
		int ret = sdp_webm_parse(out, b.len, &w);
		int kret = sdp_webm_key_id(out, &w, &id);

		result(!ret && kret == SDP_WEBM_ERR_FOREIGN_KID && id == 99,
		       "a KID \"sdp-kontent:...\" parses, but is not a key id "
		       "(%s)", sdp_webm_strerror(kret));
		s = base();
		s.kid_len = 64;
		build(&s, &b);
		ret = sdp_webm_parse(out, b.len, &w);
		kret = sdp_webm_key_id(out, &w, &id);
		result(!ret && w.kid_length == 64 &&
		       kret == SDP_WEBM_ERR_FOREIGN_KID && id == 99,
		       "a KID of 64 bytes parses, but is not a key id (%s)",
		       sdp_webm_strerror(kret));
	}
	{
		static const uint8_t kid[] = "sdp-content:\x01\x02\x03\x04";
		uint32_t id = 99;

		result(sdp_webm_kid_key_id(kid, 16, &id) == SDP_WEBM_OK &&
		       id == 0x01020304,
		       "a demuxer's KID \"sdp-content:\" || 01020304 is key id 0x01020304");
		id = 99;
		result(sdp_webm_kid_key_id(kid, 15, &id) ==
		       SDP_WEBM_ERR_FOREIGN_KID &&
		       sdp_webm_kid_key_id(kid, 17, &id) ==
		       SDP_WEBM_ERR_FOREIGN_KID &&
		       sdp_webm_kid_key_id((const uint8_t *)"sdp-kontent:\1\2\3\4",
					   16, &id) == SDP_WEBM_ERR_FOREIGN_KID &&
		       sdp_webm_kid_key_id(NULL, 16, &id) == SDP_WEBM_ERR_INVAL &&
		       id == 99,
		       "a KID of 15 or 17 bytes, another prefix or none is not a key id");
	}
}

/*
 * Every prefix of a small file. Known-size Segment: each one refused by
 * sdp_webm_parse. Unknown size: each one an error, or, cut at the end of
 * one of the Segment's children, exactly the frames before the cut.
 */
static void check_truncations(bool unknown)
{
	struct spec s = base();
	struct built b;
	struct sdp_webm w;
	struct sdp_webm_frame f[NF + 1];
	int bad = 0, prefixes = 0, errors = 0, ret, n;

	s.segment_unknown = unknown;
	s.junk = true;
	build(&s, &b);
	for (size_t cut = 0; cut < b.len; cut++) {
		int k, want = -1;

		for (k = 0; unknown && k < b.n_boundary; k++)
			if (b.boundary[k] == cut)
				want = b.frames_before[k];
		ret = sdp_webm_parse(out, cut, &w);
		if (ret) {
			errors++;
			bad += ret > 0 || want >= 0;
			continue;
		}
		ret = walk(out, cut, &w, f, NF + 1, &n);
		prefixes++;
		bad += ret != SDP_WEBM_END || n != want;
		for (k = 0; k < n && k < NF; k++)
			bad += !same_frame(&f[k], &b.f[k]);
	}
	if (unknown)
		result(!bad && prefixes == b.n_boundary - 1 &&
		       errors == (int)b.len - prefixes,
		       "unknown-size Segment cut at each of its %zu bytes: %d "
		       "refused, %d exactly the frames before the cut (at the "
		       "ends of the Segment's children)", b.len, errors,
		       prefixes);
	else
		result(!bad && !prefixes,
		       "known-size Segment cut at each of its %zu bytes: all "
		       "%d refused by sdp_webm_parse", b.len, errors);
}

static void check_frame_rate(void)
{
	static const struct { uint64_t period; uint32_t num, den; } t[] = {
		{ 40000000, 25, 1 }, { 33333333, 30, 1 },
		{ 33366667, 30000, 1001 }, { 41708333, 24000, 1001 },
		{ 41666667, 24, 1 }, { 1000000000, 1, 1 }, { 7000000000, 1, 7 },
		{ 1ULL << 40, 1953125, 2147483648u },
	};
	uint32_t num, den;
	int ok = 1;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		num = den = 0;
		ok &= sdp_webm_frame_rate(t[i].period, &num, &den) == 0 &&
		      num == t[i].num && den == t[i].den;
	}
	result(ok && sdp_webm_frame_rate(0, &num, &den) == SDP_WEBM_ERR_INVAL &&
	       sdp_webm_frame_rate(1ULL << 50, &num, &den) ==
	       SDP_WEBM_ERR_INVAL,
	       "sdp_webm_frame_rate: 25/1, 30/1, 30000/1001, 24000/1001, 24/1, "
	       "1/1, 1/7 and 10^9/2^40 reduced; 0 and 2^50 ns refused");
	result(!strcmp(sdp_webm_strerror(SDP_WEBM_ERR_FOREIGN_KID),
		       "KID is not sdp-content: and a key id") &&
	       !strcmp(sdp_webm_strerror(-38), "?") &&
	       strcmp(sdp_webm_strerror(SDP_WEBM_ERR_CLUSTER_UNKNOWN_SIZE), "?"),
	       "sdp_webm_strerror names every code, \"?\" past the last");
}

/* ---- mkclip's files ----------------------------------------------------- */

static void check_mkclip_encrypted(const uint8_t *clip, size_t clip_len,
				   const uint8_t *wb, size_t wlen)
{
	struct clip_header h;
	struct clip_iter it;
	struct clip_frame cf;
	struct sdp_webm w;
	struct sdp_webm_iter wi;
	struct sdp_webm_frame f;
	uint32_t key_id = 0, num = 0, den = 0, frames = 0;
	int ret, wret = SDP_WEBM_OK, n_ok = 0;

	if (clip_parse_header(clip, clip_len, &h)) {
		result(0, "mkclip WebM: the clip's header parses");
		return;
	}
	ret = sdp_webm_validate(wb, wlen, &w, &frames);
	if (!ret) {
		sdp_webm_key_id(wb, &w, &key_id);
		sdp_webm_frame_rate(w.default_duration_ns, &num, &den);
	}
	result(ret == SDP_WEBM_OK && w.doc_type == SDP_WEBM_DOC_WEBM &&
	       w.encrypted && w.width == h.width && w.height == h.height &&
	       frames == h.frame_count && w.track_number == 1 &&
	       w.timestamp_scale == 1000000 && w.kid_length == 16 &&
	       key_id == h.key_id && num == h.fps_num && den == h.fps_den &&
	       w.duration_ns == (uint64_t)((double)h.frame_count * 1e9 *
					   h.fps_den / h.fps_num + 0.5),
	       "mkclip WebM: valid (%s), encrypted, %ux%u, %u frames, key id "
	       "%u, %u/%u fps from DefaultDuration %llu ns, Duration %llu ns",
	       sdp_webm_strerror(ret), w.width, w.height, frames, key_id, num,
	       den, (unsigned long long)w.default_duration_ns,
	       (unsigned long long)w.duration_ns);
	if (ret)
		return;
	result(sdp_webm_parse(clip, clip_len, &w) == SDP_WEBM_ERR_NOT_EBML,
	       "the .sdpclip is not EBML");
	sdp_webm_parse(wb, wlen, &w);
	clip_iter_init(&h, &it);
	sdp_webm_iter_init(&w, &wi);
	while ((ret = clip_next_frame(clip, clip_len, &h, &it, &cf)) ==
	       CLIP_OK) {
		uint64_t ms = ((uint64_t)cf.index * 1000 * h.fps_den +
			       h.fps_num / 2) / h.fps_num;
		int same;

		wret = sdp_webm_next_frame(wb, wlen, &w, &wi, &f);
		same = wret == SDP_WEBM_OK && f.index == cf.index &&
		       f.encrypted && f.keyframe &&
		       f.time_ns == ms * 1000000 &&
		       !memcmp(wb + f.iv_offset, cf.iv, 8) &&
		       !memcmp(cf.iv + 8, "\0\0\0\0\0\0\0\0", 8) &&
		       f.offset == f.iv_offset + 8 &&
		       f.length == cf.length &&
		       !memcmp(wb + f.offset, clip + cf.offset, cf.length);
		n_ok += same;
		result(same, "mkclip WebM: frame %u at %llu ms: IV = the clip "
		       "record's first 8 bytes (the last 8 zero), ciphertext "
		       "= the record's (%u bytes)", cf.index,
		       (unsigned long long)ms, cf.length);
	}
	wret = sdp_webm_next_frame(wb, wlen, &w, &wi, &f);
	result(ret == CLIP_END && wret == SDP_WEBM_END &&
	       n_ok == (int)h.frame_count,
	       "mkclip WebM: all %u frames are the clip's, then the end (%s)",
	       h.frame_count, sdp_webm_strerror(wret));
}

static void check_mkclip_clear(const uint8_t *hdr, size_t hdr_len,
			       const uint8_t *wb, size_t wlen)
{
	struct sdp_webm w;
	struct sdp_webm_iter wi;
	struct sdp_webm_frame f;
	uint32_t num = 0, den = 0, key_id, i = 0;
	size_t pos = 0;
	int ret, n_ok = 0;

	ret = sdp_webm_parse(wb, wlen, &w);
	result(ret == SDP_WEBM_OK && !w.encrypted && w.width == 64 &&
	       w.height == 48 && w.clusters == 2 &&
	       sdp_webm_key_id(wb, &w, &key_id) ==
	       SDP_WEBM_ERR_NOT_ENCRYPTED &&
	       !sdp_webm_frame_rate(w.default_duration_ns, &num, &den) &&
	       num == 25 && den == 1,
	       "mkclip clear WebM: clear, 64x48, 2 Clusters, 25/1 fps (%s)",
	       sdp_webm_strerror(ret));
	if (ret)
		return;
	sdp_webm_iter_init(&w, &wi);
	while (hdr_len - pos >= 8 && !memcmp(hdr + pos, "rdhV", 4)) {
		size_t len = (size_t)hdr[pos + 4] << 24 | hdr[pos + 5] << 16 |
			     hdr[pos + 6] << 8 | hdr[pos + 7];

		if (len > hdr_len - pos - 8 ||
		    sdp_webm_next_frame(wb, wlen, &w, &wi, &f))
			break;
		n_ok += f.index == i && !f.encrypted && !f.iv_offset &&
			f.keyframe && f.time_ns == (uint64_t)i * 40000000 &&
			f.length == len &&
			!memcmp(wb + f.offset, hdr + pos + 8, len);
		pos += 8 + len;
		i++;
	}
	ret = sdp_webm_next_frame(wb, wlen, &w, &wi, &f);
	result(pos == hdr_len && i == 40 && n_ok == 40 && ret == SDP_WEBM_END,
	       "mkclip clear WebM: its %u frames are the -m file's JPEGs, "
	       "40 ms apart (%d equal), then the end", i, n_ok);
}

/* ---- seeds for fuzz_webm ------------------------------------------------ */

static int write_seed(const char *dir, const char *name, size_t len)
{
	char path[4096];
	FILE *f;
	int i = snprintf(path, sizeof(path), "%s/", dir);

	for (; *name && i < (int)sizeof(path) - 6; name++)
		path[i++] = (*name >= 'a' && *name <= 'z') ||
			    (*name >= 'A' && *name <= 'Z') ||
			    (*name >= '0' && *name <= '9') ? *name : '-';
	strcpy(path + i, ".webm");
	f = fopen(path, "wb");
	if (!f || fwrite(out, 1, len, f) != len || fclose(f)) {
		perror(path);
		return 1;
	}
	return 0;
}

static int write_seeds(const char *dir)
{
	struct spec s = base();
	struct built b;
	struct bad *l;
	int n, ret = 0;

	build(&s, &b);
	ret |= write_seed(dir, "base", b.len);
	s.segment_unknown = s.junk = s.group = s.audio = true;
	s.track = 2;
	build(&s, &b);
	ret |= write_seed(dir, "all", b.len);
	s = base();
	s.clear = true;
	build(&s, &b);
	ret |= write_seed(dir, "clear", b.len);
	l = bad_list(&n);
	for (int i = 0; i < n; i++) {
		build(&l[i].s, &b);
		ret |= write_seed(dir, l[i].name, b.len);
	}
	return ret;
}

int main(int argc, char **argv)
{
	uint8_t *clip, *webm, *hdr, *clear;
	size_t clip_len, webm_len, hdr_len, clear_len;
	struct built b;
	struct bad *l;
	int n;

	if (argc == 3 && !strcmp(argv[1], "--seeds"))
		return write_seeds(argv[2]);
	if (argc != 5) {
		fprintf(stderr, "usage: %s CLIP WEBM CLEAR_HDR CLEAR_WEBM\n"
			"       %s --seeds DIR\n", argv[0], argv[0]);
		return 2;
	}
	clip = read_file(argv[1], &clip_len);
	webm = read_file(argv[2], &webm_len);
	hdr = read_file(argv[3], &hdr_len);
	clear = read_file(argv[4], &clear_len);

	check_mkclip_encrypted(clip, clip_len, webm, webm_len);
	check_mkclip_clear(hdr, hdr_len, clear, clear_len);
	check_variants();
	l = bad_list(&n);
	for (int i = 0; i < n; i++) {
		build(&l[i].s, &b);
		check_bad(l[i].name, b.len, l[i].err, l[i].frame);
	}
	check_patched();
	check_truncations(false);
	check_truncations(true);
	check_frame_rate();

	free(clip);
	free(webm);
	free(hdr);
	free(clear);
	printf("1..%d\n", n_test);
	return n_fail ? 1 : 0;
}

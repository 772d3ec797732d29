// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of firmware/lib/clip (the container parser) and of the whole
 * secure-world playback pipeline on one clip made by tools/mkclip:
 * parse (clip.c) -> AES-128-CTR decrypt (aes.c) -> baseline JPEG decode to
 * NV12 (jpeg.c) -> SHA-256 (sha256.c), compared with mkclip's digests of
 * libjpeg-turbo's decode; and NV12 -> XRGB8888 (color.c) -> SHA-256,
 * compared with mkclip's digests of libjpeg-turbo's JCS_EXT_BGRX decode
 * (mkclip -r). Then malformed containers, each with its exact
 * error code, and every truncation of the clip. Buffers are exact-size
 * malloc copies so ASan catches any read past the end.
 *
 *   test_clip CLIP DIGESTS KEYFILE XRGB_DIGESTS
 *
 * TAP output; exit status nonzero if any test fails.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aes.h"
#include "clip.h"
#include "color.h"
#include "jpeg.h"
#include "sha256.h"

#include "read_file.h"
#include "tap_result.h"

static void read_key(const char *path, uint8_t key[16])
{
	size_t n;
	uint8_t *t = read_file(path, &n);

	if (n < 32) {
		fprintf(stderr, "bad key file\n");
		exit(1);
	}
	for (int i = 0; i < 16; i++) {
		unsigned int v;
		char hx[3] = { t[2 * i], t[2 * i + 1], 0 };

		if (sscanf(hx, "%2x", &v) != 1) {
			fprintf(stderr, "bad key file\n");
			exit(1);
		}
		key[i] = v;
	}
	free(t);
}

static void put_le16(uint8_t *p, uint32_t v) { p[0] = v; p[1] = v >> 8; }
static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24;
}

static void hex_digest(const uint8_t d[32], char hex[65])
{
	for (int i = 0; i < 32; i++)
		sprintf(hex + 2 * i, "%02x", d[i]);
}

/* Does the digests-file line say "<index> <hex>"? */
static int line_matches(const char *line, uint32_t index, const char *hex)
{
	unsigned int idx;
	char want[65];

	return line && sscanf(line, "%u %64s", &idx, want) == 2 &&
	       idx == index && !strcmp(want, hex);
}

/* XRGB8888 of an NV12 frame, row by row (chroma row = row / 2), hashed. */
static void xrgb_digest(const uint8_t *y, const uint8_t *uv, uint32_t w,
			uint32_t h, uint8_t d[32])
{
	uint8_t *row = malloc((size_t)w * 4);
	struct sha256_ctx sc;

	sha256_init(&sc);
	for (uint32_t r = 0; r < h; r++) {
		color_nv12_row_to_xrgb8888(y + (size_t)r * w,
					   uv + (size_t)(r / 2) * w, w, row);
		sha256_update(&sc, row, (size_t)w * 4);
	}
	sha256_final(&sc, d);
	free(row);
}

/* clip_validate on an exact-size copy of buf[0..len) with edits applied. */
static int validate_copy(const uint8_t *buf, size_t len)
{
	uint8_t *c = malloc(len ? len : 1);
	int ret;

	memcpy(c, buf, len);
	ret = clip_validate(c, len, NULL);
	free(c);
	return ret;
}

static void expect(const uint8_t *buf, size_t len, int want, const char *name)
{
	int got = validate_copy(buf, len);

	result(got == want, "%s: %d (%s), want %d (%s)", name, got,
	       clip_strerror(got), want, clip_strerror(want));
}

int main(int argc, char **argv)
{
	uint8_t *clip, *dig, *xdig, key[16], *m;
	size_t clip_len, dig_len, xdig_len;
	struct clip_header h;
	struct clip_iter it;
	struct clip_frame f;
	struct aes128_key ks;
	int ret, matched = 0, xmatched = 0, nframes = 0, ok;
	size_t rec1 = 0, last_rec = 0, bad_trunc = 0;
	char *line, *xline, *save = NULL, *xsave = NULL;

	if (argc != 5) {
		fprintf(stderr, "usage: %s CLIP DIGESTS KEYFILE XRGB_DIGESTS\n",
			argv[0]);
		return 2;
	}
	clip = read_file(argv[1], &clip_len);
	dig = read_file(argv[2], &dig_len);
	read_key(argv[3], key);
	xdig = read_file(argv[4], &xdig_len);
	/* NUL-terminate the digests files for strtok_r */
	dig = realloc(dig, dig_len + 1);
	dig[dig_len] = 0;
	xdig = realloc(xdig, xdig_len + 1);
	xdig[xdig_len] = 0;
	aes128_set_key(&ks, key);

	/* ---- the good clip, end to end ---- */
	ret = clip_parse_header(clip, clip_len, &h);
	result(ret == CLIP_OK, "parse header: %d", ret);
	if (ret)
		goto out;
	result(h.width == 64 && h.height == 48 && h.frame_count == 5 &&
	       h.key_id == 7 && h.fps_num == 30 && h.fps_den == 1,
	       "header fields %ux%u frames=%u key_id=%u fps=%u/%u", h.width,
	       h.height, h.frame_count, h.key_id, h.fps_num, h.fps_den);
	ret = clip_validate(clip, clip_len, NULL);
	result(ret == CLIP_OK, "validate whole clip: %d", ret);

	line = strtok_r((char *)dig, "\n", &save);
	xline = strtok_r((char *)xdig, "\n", &xsave);
	clip_iter_init(&h, &it);
	while ((ret = clip_next_frame(clip, clip_len, &h, &it, &f)) == CLIP_OK) {
		size_t ysz = (size_t)h.width * h.height, uvsz = ysz / 2;
		uint8_t *ct = malloc(f.length), *y = malloc(ysz),
			*uv = malloc(uvsz), d[32];
		struct jpeg_out o = {
			.y = { y, ysz, h.width },
			.uv = { uv, uvsz, h.width },
		};
		struct sha256_ctx sc;
		char hex[65];
		int jr;

		if (f.index == 1)
			rec1 = f.record_offset;
		last_rec = f.record_offset;
		nframes++;
		memcpy(ct, clip + f.offset, f.length);
		/* IV convention: 8-byte nonce || 8-byte zero counter. */
		ok = !memcmp(f.iv + 8, "\0\0\0\0\0\0\0\0", 8);
		aes128_ctr_xcrypt(&ks, f.iv, 0, ct, ct, f.length);
		jr = jpeg_decode_nv12(ct, f.length, &o, NULL);
		sha256_init(&sc);
		sha256_update(&sc, y, ysz);
		sha256_update(&sc, uv, uvsz);
		sha256_final(&sc, d);
		hex_digest(d, hex);
		ok = ok && jr == JPEG_OK && line_matches(line, f.index, hex);
		matched += ok;
		result(ok, "frame %u: decrypt+decode (jpeg %d) NV12 sha256 %.16s... "
		       "matches digests file", f.index, jr, hex);
		xrgb_digest(y, uv, h.width, h.height, d);
		hex_digest(d, hex);
		ok = jr == JPEG_OK && line_matches(xline, f.index, hex);
		xmatched += ok;
		result(ok, "frame %u: NV12 -> XRGB8888 (color.c) sha256 "
		       "%.16s... matches libjpeg-turbo BGRX digests file",
		       f.index, hex);
		line = strtok_r(NULL, "\n", &save);
		xline = strtok_r(NULL, "\n", &xsave);
		free(ct);
		free(y);
		free(uv);
	}
	result(ret == CLIP_END && nframes == 5 && matched == 5 && !line,
	       "iterator ended with CLIP_END after 5 frames, 5 matched (%d)", ret);
	result(xmatched == 5 && !xline,
	       "5 of 5 frames' XRGB8888 matched, no extra XRGB digest "
	       "lines (%d)",
	       xmatched);
	ret = clip_next_frame(clip, clip_len, &h, &it, &f);
	result(ret == CLIP_END, "iterator stays at CLIP_END: %d", ret);

	/* ---- malformed containers ---- */
	m = malloc(clip_len + 64);
#define RESET() memcpy(m, clip, clip_len)
	RESET(); m[0] = 'X';
	expect(m, clip_len, CLIP_ERR_MAGIC, "bad magic");
	RESET(); put_le16(m + 8, 2);
	expect(m, clip_len, CLIP_ERR_VERSION, "bad version 2");
	RESET(); put_le16(m + 8, 0);
	expect(m, clip_len, CLIP_ERR_VERSION, "bad version 0");
	expect(clip, CLIP_HEADER_SIZE - 1, CLIP_ERR_SHORT, "header too short (39 bytes)");
	expect(clip, 0, CLIP_ERR_SHORT, "empty file");
	RESET(); put_le16(m + 10, 44);
	expect(m, clip_len, CLIP_ERR_HEADER_SIZE, "header_size 44");
	RESET(); memcpy(m + 12, "H264", 4);
	expect(m, clip_len, CLIP_ERR_FORMAT, "format H264");
	RESET(); put_le32(m + 36, 1);
	expect(m, clip_len, CLIP_ERR_RESERVED, "reserved nonzero (low byte)");
	RESET(); m[39] = 0x80;
	expect(m, clip_len, CLIP_ERR_RESERVED, "reserved nonzero (high byte)");
	RESET(); put_le16(m + 16, 63);
	expect(m, clip_len, CLIP_ERR_DIMENSIONS, "odd width 63");
	RESET(); put_le16(m + 18, 47);
	expect(m, clip_len, CLIP_ERR_DIMENSIONS, "odd height 47");
	RESET(); put_le16(m + 16, 14);
	expect(m, clip_len, CLIP_ERR_DIMENSIONS, "width 14 < 16");
	RESET(); put_le16(m + 18, 4098);
	expect(m, clip_len, CLIP_ERR_DIMENSIONS, "height 4098 > 4096");
	RESET(); put_le16(m + 16, 4096); put_le16(m + 18, 16);
	expect(m, clip_len, CLIP_OK, "width 4096 height 16 accepted by the parser");
	RESET(); put_le32(m + 20, 0);
	expect(m, clip_len, CLIP_ERR_FRAME_COUNT, "zero frames");
	RESET(); put_le32(m + 20, 100001);
	expect(m, clip_len, CLIP_ERR_FRAME_COUNT, "100001 frames");
	RESET(); put_le32(m + 28, 0);
	expect(m, clip_len, CLIP_ERR_FPS, "fps_num 0");
	RESET(); put_le32(m + 32, 0);
	expect(m, clip_len, CLIP_ERR_FPS, "fps_den 0");
	RESET(); put_le32(m + 20, 6);
	expect(m, clip_len, CLIP_ERR_MISSING_FRAMES, "frame_count 6 > 5 actual frames");
	RESET(); put_le32(m + 20, 4);
	expect(m, clip_len, CLIP_ERR_TRAILING, "frame_count 4 < 5 actual frames");
	RESET(); m[clip_len] = 0;
	expect(m, clip_len + 1, CLIP_ERR_TRAILING, "one trailing zero byte");
	RESET(); memset(m + clip_len, 0, 20);
	expect(m, clip_len + 20, CLIP_ERR_TRAILING, "trailing empty frame record");
	RESET(); put_le32(m + CLIP_HEADER_SIZE, 0);
	expect(m, clip_len, CLIP_ERR_FRAME_LENGTH, "frame 0 length 0");
	RESET(); put_le32(m + CLIP_HEADER_SIZE, CLIP_MAX_FRAME_LEN + 1);
	expect(m, clip_len, CLIP_ERR_FRAME_LENGTH, "frame 0 length 16 MiB + 1");
	RESET(); put_le32(m + CLIP_HEADER_SIZE, 0xffffffffu);
	expect(m, clip_len, CLIP_ERR_FRAME_LENGTH, "frame 0 length 0xffffffff");
	RESET(); put_le32(m + CLIP_HEADER_SIZE, CLIP_MAX_FRAME_LEN);
	expect(m, clip_len, CLIP_ERR_FRAME_PAST_EOF, "frame 0 length 16 MiB past EOF");
	RESET(); put_le32(m + last_rec, clip_len - last_rec - 20 + 1);
	expect(m, clip_len, CLIP_ERR_FRAME_PAST_EOF, "last frame length one past EOF");
	RESET(); put_le32(m + rec1, 1);
	ret = validate_copy(m, clip_len);
	/* the next "record" is random ciphertext: any error will do */
	result(ret < 0, "frame 1 length 1 (next record read from ciphertext): "
	       "%d (%s)", ret, clip_strerror(ret));
	expect(clip, last_rec + 4 + 7, CLIP_ERR_FRAME_HDR_TRUNCATED,
	       "truncated IV of the last frame");
	expect(clip, last_rec + 3, CLIP_ERR_FRAME_HDR_TRUNCATED,
	       "truncated length field of the last frame");
	expect(clip, last_rec, CLIP_ERR_MISSING_FRAMES,
	       "file ends at a record boundary before the last frame");
	expect(clip, CLIP_HEADER_SIZE, CLIP_ERR_MISSING_FRAMES, "header only");
	{
		uint8_t hdr[CLIP_HEADER_SIZE + 21];

		/* a minimal valid clip: one frame of one byte */
		memcpy(hdr, clip, CLIP_HEADER_SIZE);
		put_le32(hdr + 20, 1);
		memset(hdr + CLIP_HEADER_SIZE, 0, 21);
		put_le32(hdr + CLIP_HEADER_SIZE, 1);
		expect(hdr, sizeof(hdr), CLIP_OK, "minimal clip: 1 frame of 1 byte");
	}
	result(clip_parse_header(NULL, 0, &h) == CLIP_ERR_INVAL &&
	       clip_parse_header(clip, clip_len, NULL) == CLIP_ERR_INVAL,
	       "NULL arguments give CLIP_ERR_INVAL");
	{
		struct clip_iter bad = { clip_len + 1, 0 };

		result(clip_next_frame(clip, clip_len, &h, &bad, &f) == CLIP_ERR_INVAL,
		       "iterator position past the buffer gives CLIP_ERR_INVAL");
	}
	free(m);

	/* ---- every truncation point, exact-size buffers under ASan ---- */
	for (size_t n = 0; n < clip_len; n++) {
		int r = validate_copy(clip, n);

		if (r >= 0) {
			if (!bad_trunc)
				printf("# truncation to %zu bytes returned %d\n", n, r);
			bad_trunc++;
		}
	}
	result(!bad_trunc, "all %zu truncations (0..%zu bytes) return an error "
	       "(%zu did not)", clip_len, clip_len - 1, bad_trunc);
	/* and one bit flip in every header/record-header byte never crashes */
	{
		size_t crashes_none = 0;

		m = malloc(clip_len);
		for (size_t i = 0; i < clip_len; i++) {
			RESET();
			m[i] ^= 0x80;
			(void)validate_copy(m, clip_len);
			crashes_none++;
		}
		free(m);
		result(crashes_none == clip_len,
		       "bit 7 flipped in each of the %zu bytes: validate returns "
		       "without out-of-bounds reads", clip_len);
	}
out:
	aes128_wipe_key(&ks);
	free(clip);
	free(dig);
	free(xdig);
	printf("1..%d\n", n_test);
	return n_fail ? 1 : 0;
}

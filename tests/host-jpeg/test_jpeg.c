// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of firmware/lib/jpeg: every frame is encoded by libjpeg-turbo at
 * test time, decoded by libjpeg-turbo in raw-data mode (JDCT_ISLOW) and by
 * the firmware decoder, and the outputs must match byte for byte.
 *
 * NV12 reference arrangement (ref_nv12 below), for any width and height:
 *   Y:  width x height bytes, row stride width, cropped from the MCU-padded
 *       raw Y plane;
 *   UV: (height+1)/2 rows of (width+1)/2 pairs Cb,Cr (row stride
 *       2*((width+1)/2)), cropped from the raw Cb and Cr planes, which for
 *       4:2:0 are ceil(width/2) x ceil(height/2); a grayscale frame gets 128.
 *
 * libjpeg-turbo's SIMD IDCT is switched off (JSIMD_FORCENONE) so the
 * reference is its C jidctint.c; a second pass checks the SIMD IDCT agrees
 * on the same frames.
 *
 * TAP output; exit status nonzero if any test fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jpeg.h"
#include "refjpeg.h"

#include "tap_result.h"

static int n_exact;

static const char *sub_name[] = { "gray", "420", "422", "444" };
static const char *pat_name[] = { "gradient", "noise", "square" };

/* Reference NV12 from the raw planes (see the header comment). */
static uint8_t *ref_nv12(uint8_t *pl[3], int n, int w, int h, size_t *size)
{
	int cw = (w + 1) / 2, ch = (h + 1) / 2;
	uint8_t *buf;

	*size = (size_t)w * h + (size_t)2 * cw * ch;
	buf = malloc(*size);
	memcpy(buf, pl[0], (size_t)w * h);
	for (int y = 0; y < ch; y++)
		for (int x = 0; x < cw; x++) {
			uint8_t *uv = buf + (size_t)w * h + (size_t)y * 2 * cw + 2 * x;

			uv[0] = n == 3 ? pl[1][(size_t)y * cw + x] : 128;
			uv[1] = n == 3 ? pl[2][(size_t)y * cw + x] : 128;
		}
	return buf;
}

static int first_diff(const uint8_t *a, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return (int)i;
	return -1;
}

/* Decode with the firmware into exactly-sized malloc'd planes (ASan sees overruns). */
static int fw_nv12(const uint8_t *jpg, size_t len, int w, int h, uint8_t **out,
		   size_t *size)
{
	int cw = (w + 1) / 2, ch = (h + 1) / 2;
	uint8_t *y = malloc((size_t)w * h), *uv = malloc((size_t)2 * cw * ch);
	struct jpeg_out o = {
		.y = { y, (size_t)w * h, (size_t)w },
		.uv = { uv, (size_t)2 * cw * ch, (size_t)2 * cw },
	};
	int ret = jpeg_decode_nv12(jpg, len, &o, NULL);

	*size = (size_t)w * h + (size_t)2 * cw * ch;
	*out = malloc(*size);
	memcpy(*out, y, (size_t)w * h);
	memcpy(*out + (size_t)w * h, uv, (size_t)2 * cw * ch);
	free(y);
	free(uv);
	return ret;
}

static void check_nv12(const struct enc_params *p)
{
	size_t len, rsz, fsz;
	uint8_t *jpg = ref_encode(p, &len), *pl[3], *ref, *got;
	int cw[3], chh[3], n, ret, d;
	struct jpeg_info info;

	if (!jpg) {
		result(0, "encode %dx%d", p->w, p->h);
		return;
	}
	n = ref_decode_planar(jpg, len, pl, cw, chh);
	ret = jpeg_parse_header(jpg, len, &info);
	if (n < 0 || ret || info.width != (uint32_t)p->w ||
	    info.height != (uint32_t)p->h || (int)info.sub != p->sub) {
		result(0, "header %s %dx%d q%d rst%d: ret %d", sub_name[p->sub],
		       p->w, p->h, p->quality, p->restart, ret);
		free(jpg);
		return;
	}
	ref = ref_nv12(pl, n, p->w, p->h, &rsz);
	ret = fw_nv12(jpg, len, p->w, p->h, &got, &fsz);
	d = ret ? -2 : first_diff(ref, got, rsz);
	if (d >= 0) {
		size_t ys = (size_t)p->w * p->h;
		const char *pn = (size_t)d < ys ? "Y" : "UV";
		size_t off = (size_t)d < ys ? (size_t)d : d - ys;
		size_t stride = (size_t)d < ys ? (size_t)p->w : (size_t)2 * ((p->w + 1) / 2);

		printf("# first mismatch %s x=%zu y=%zu: ref %u got %u\n", pn,
		       off % stride, off / stride, ref[d], got[d]);
	}
	if (d == -1)
		n_exact++;
	result(d == -1, "nv12_matches_libjpeg_%s_%s_%dx%d_q%d_rst%d%s (ret %d, %zu bytes)",
	       sub_name[p->sub], pat_name[p->pat], p->w, p->h, p->quality,
	       p->restart, p->frame ? "_f" : "", ret, len);
	free(ref);
	free(got);
	for (int i = 0; i < n; i++)
		free(pl[i]);
	free(jpg);
}

static void check_planar(const struct enc_params *p)
{
	size_t len;
	uint8_t *jpg = ref_encode(p, &len), *pl[3];
	int cw[3], chh[3], n, ret, ok = 1;
	struct jpeg_plane out[3];
	struct jpeg_info info;

	n = ref_decode_planar(jpg, len, pl, cw, chh);
	if (n < 0) {
		result(0, "reference decode");
		free(jpg);
		return;
	}
	for (int i = 0; i < 3; i++) {
		int c = i < n ? i : 0;

		out[i].size = (size_t)cw[c] * chh[c];
		out[i].stride = (size_t)cw[c];
		out[i].ptr = malloc(out[i].size);
	}
	ret = jpeg_decode_planar(jpg, len, out, &info);
	ok = ret == 0 && (int)info.ncomp == n;
	for (int i = 0; ok && i < n; i++) {
		ok = (int)info.comp_w[i] == cw[i] && (int)info.comp_h[i] == chh[i];
		int d = ok ? first_diff(pl[i], out[i].ptr, out[i].size) : -1;

		if (d >= 0) {
			printf("# comp %d first mismatch x=%d y=%d: ref %u got %u\n",
			       i, d % cw[i], d / cw[i], pl[i][d], out[i].ptr[d]);
			ok = 0;
		}
	}
	if (ok)
		n_exact++;
	result(ok, "planar_matches_libjpeg_%s_%s_%dx%d_q%d_rst%d (ret %d)",
	       sub_name[p->sub], pat_name[p->pat], p->w, p->h, p->quality,
	       p->restart, ret);
	for (int i = 0; i < 3; i++)
		free(out[i].ptr);
	for (int i = 0; i < n; i++)
		free(pl[i]);
	free(jpg);
}

static void test_matrix(void)
{
	static const int sizes[][2] = {
		{ 640, 360 }, { 1280, 720 }, { 16, 16 }, { 8, 8 }, { 33, 17 },
		{ 100, 75 }, { 1, 1 }, { 17, 9 }, { 7, 31 },
	};
	static const int qs[] = { 50, 75, 95 };
	static const int rsts[] = { 0, 1, 7 };
	int big;

	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		big = sizes[s][0] >= 640;
		for (size_t q = 0; q < 3; q++)
			for (size_t r = 0; r < 3; r++)
				for (int pat = 0; pat < 3; pat++) {
					struct enc_params p = {
						sizes[s][0], sizes[s][1], qs[q],
						rsts[r], 1, (enum pattern)pat, 0,
					};
					/* big frames: fewer combinations */
					if (big && (r != q || pat == 2))
						continue;
					check_nv12(&p);
				}
	}
	/* Motion: a moving square over a few frames. */
	for (int f = 1; f <= 4; f++) {
		struct enc_params p = { 640, 360, 75, 0, 1, PAT_SQUARE, f * 13 };

		check_nv12(&p);
	}
	/* Grayscale through NV12 (neutral chroma) and planar. */
	for (size_t s = 2; s < sizeof(sizes) / sizeof(sizes[0]); s++)
		for (size_t q = 0; q < 3; q++) {
			struct enc_params p = { sizes[s][0], sizes[s][1], qs[q],
						(int)q * 3, 0, PAT_NOISE, 0 };
			check_nv12(&p);
			p.pat = PAT_GRADIENT;
			check_planar(&p);
		}
	{
		struct enc_params p = { 640, 360, 75, 7, 0, PAT_GRADIENT, 0 };

		check_nv12(&p);
	}
	/* 4:2:2 and 4:4:4 through the planar API. */
	for (int sub = 2; sub <= 3; sub++)
		for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
			for (size_t q = 0; q < 3; q++) {
				struct enc_params p = {
					sizes[s][0], sizes[s][1], qs[q], (int)q * 3 + (int)(q > 0),
					sub, q == 1 ? PAT_NOISE : PAT_GRADIENT, 0,
				};
				if (sizes[s][0] >= 640 && q != 1)
					continue;
				check_planar(&p);
			}
	/* 4:2:0 through the planar API too. */
	{
		struct enc_params p = { 33, 17, 75, 1, 1, PAT_NOISE, 0 };

		check_planar(&p);
	}
}

/* ---- negative tests -------------------------------------------------------- */

static uint8_t ybuf[64 * 64], uvbuf[64 * 64];

static int dec_small(const uint8_t *jpg, size_t len, int w, int h)
{
	int cw = (w + 1) / 2, ch = (h + 1) / 2;
	uint8_t *y = malloc((size_t)w * h), *uv = malloc((size_t)2 * cw * ch);
	struct jpeg_out o = {
		.y = { y, (size_t)w * h, (size_t)w },
		.uv = { uv, (size_t)2 * cw * ch, (size_t)2 * cw },
	};
	int ret = jpeg_decode_nv12(jpg, len, &o, NULL);

	free(y);
	free(uv);
	return ret;
}

static void test_truncated(void)
{
	struct enc_params ps[] = {
		{ 33, 17, 75, 7, 1, PAT_NOISE, 0 },
		{ 16, 16, 95, 0, 1, PAT_GRADIENT, 0 },
		{ 33, 17, 50, 1, 0, PAT_NOISE, 0 },
	};

	for (size_t i = 0; i < 3; i++) {
		size_t len, bad = 0, cut;
		uint8_t *jpg = ref_encode(&ps[i], &len), *copy;

		for (cut = 0; cut < len; cut++) {
			copy = malloc(cut ? cut : 1);
			memcpy(copy, jpg, cut);
			int ret = dec_small(copy, cut, ps[i].w, ps[i].h);

			if (ret >= 0) {
				printf("# cut at %zu of %zu decoded (ret %d)\n", cut, len, ret);
				bad++;
			}
			free(copy);
		}
		result(bad == 0, "truncated_input_rejected_at_every_cut_%s_%zu_cuts",
		       sub_name[ps[i].sub], len);
		/* a cut inside the entropy data says "truncated" */
		int ret = dec_small(jpg, len - 10, ps[i].w, ps[i].h);

		result(ret == JPEG_ERR_TRUNCATED, "truncated_scan_returns_TRUNCATED_%s (ret %d)",
		       sub_name[ps[i].sub], ret);
		free(jpg);
	}
}

/*
 * Corrupted input is decoded into planes with GUARD bytes on both sides.
 * Planes and guards are filled with a position-dependent pattern that a stray
 * write is unlikely to reproduce: a guard that lost it was written out of
 * bounds, a plane that lost it received pixels.
 */
#define CORRUPT_RUNS 20000
#define GUARD 256

struct guarded_plane {
	uint8_t *buf;		/* GUARD bytes, the plane, GUARD bytes */
	size_t size;		/* of the plane */
};

static uint8_t pattern_byte(size_t i)
{
	return (uint8_t)(i * 151 + 0x5A);
}

static void guarded_fill(struct guarded_plane *g)
{
	for (size_t i = 0; i < g->size + 2 * GUARD; i++)
		g->buf[i] = pattern_byte(i);
}

/* Offset from the plane start of the first guard byte written; 0: none. */
static long guard_hit(const struct guarded_plane *g)
{
	for (size_t i = 0; i < g->size + 2 * GUARD; i++) {
		if (i == GUARD)
			i += g->size;
		if (g->buf[i] != pattern_byte(i))
			return (long)i - GUARD;
	}
	return 0;
}

static int plane_written(const struct guarded_plane *g)
{
	for (size_t i = GUARD; i < GUARD + g->size; i++)
		if (g->buf[i] != pattern_byte(i))
			return 1;
	return 0;
}

static void test_corrupt(void)
{
	struct enc_params p = { 33, 17, 75, 7, 1, PAT_NOISE, 0 };
	size_t len, cw = (p.w + 1) / 2, ch = (p.h + 1) / 2;
	uint8_t *jpg = ref_encode(&p, &len), *copy = malloc(len);
	struct guarded_plane y = { NULL, (size_t)p.w * p.h };
	struct guarded_plane uv = { NULL, 2 * cw * ch };
	struct jpeg_out o;
	uint32_t seed = 12345;
	int oks = 0, errs = 0, partial = 0, other = 0, smashed = 0;

	y.buf = malloc(y.size + 2 * GUARD);
	uv.buf = malloc(uv.size + 2 * GUARD);
	o = (struct jpeg_out){
		.y = { y.buf + GUARD, y.size, (size_t)p.w },
		.uv = { uv.buf + GUARD, uv.size, 2 * cw },
	};
	for (int iter = 0; iter < CORRUPT_RUNS; iter++) {
		int flips = 1 + iter % 4, ret;
		long y_hit, uv_hit;

		memcpy(copy, jpg, len);
		for (int f = 0; f < flips; f++) {
			seed = seed * 1103515245u + 12345u;
			size_t at = (seed >> 8) % len;

			seed = seed * 1103515245u + 12345u;
			copy[at] = iter & 1 ? (uint8_t)(seed >> 16) :
				copy[at] ^ (uint8_t)(1u << ((seed >> 16) & 7));
		}
		guarded_fill(&y);
		guarded_fill(&uv);
		ret = jpeg_decode_nv12(copy, len, &o, NULL);
		y_hit = guard_hit(&y);
		uv_hit = guard_hit(&uv);
		if ((y_hit || uv_hit) && !smashed++)
			printf("# run %d (ret %d): guard written at Y %ld, UV %ld\n",
			       iter, ret, y_hit, uv_hit);
		if (ret == 0) {
			oks++;
		} else if (ret <= JPEG_ERR_INVAL &&
			   ret >= JPEG_ERR_OUT_TOO_SMALL) {
			errs++;
			partial += plane_written(&y) || plane_written(&uv);
		} else {
			printf("# run %d: undocumented return %d\n", iter, ret);
			other++;
		}
	}
	result(smashed == 0,
	       "corrupted_bytes_never_write_out_of_bounds (%d runs, %d wrote a guard)",
	       CORRUPT_RUNS, smashed);
	result(other == 0 && oks > 0 && partial > 0,
	       "corrupted_bytes_decode_or_return_a_documented_error (%d decoded, %d errors, %d after writing pixels)",
	       oks, errs, partial);
	free(y.buf);
	free(uv.buf);
	free(copy);
	free(jpg);
}

static void test_small_output(void)
{
	struct enc_params p = { 33, 17, 75, 0, 1, PAT_GRADIENT, 0 };
	size_t len;
	uint8_t *jpg = ref_encode(&p, &len);
	int cw = 17, ch = 9, ret;
	struct jpeg_out o = {
		.y = { ybuf, (size_t)33 * 17, 33 },
		.uv = { uvbuf, (size_t)2 * cw * ch, (size_t)2 * cw },
	};

	ret = jpeg_decode_nv12(jpg, len, &o, NULL);
	result(ret == 0, "exact_output_size_accepted (ret %d)", ret);
	o.y.size--;
	ret = jpeg_decode_nv12(jpg, len, &o, NULL);
	result(ret == JPEG_ERR_OUT_TOO_SMALL, "y_plane_one_byte_short_rejected (ret %d)", ret);
	o.y.size++;
	o.uv.size--;
	ret = jpeg_decode_nv12(jpg, len, &o, NULL);
	result(ret == JPEG_ERR_OUT_TOO_SMALL, "uv_plane_one_byte_short_rejected (ret %d)", ret);
	o.uv.size++;
	o.y.stride = 32;
	ret = jpeg_decode_nv12(jpg, len, &o, NULL);
	result(ret == JPEG_ERR_OUT_TOO_SMALL, "y_stride_below_width_rejected (ret %d)", ret);
	o.y.stride = 33;
	o.uv.stride = 33;
	ret = jpeg_decode_nv12(jpg, len, &o, NULL);
	result(ret == JPEG_ERR_OUT_TOO_SMALL, "uv_stride_below_chroma_width_rejected (ret %d)", ret);
	o.uv.stride = 34;
	o.y.ptr = NULL;
	ret = jpeg_decode_nv12(jpg, len, &o, NULL);
	result(ret == JPEG_ERR_INVAL, "null_plane_rejected (ret %d)", ret);
	free(jpg);
}

static uint8_t *find_marker(uint8_t *jpg, size_t len, uint8_t m)
{
	for (size_t i = 0; i + 1 < len; i++)
		if (jpg[i] == 0xFF && jpg[i + 1] == m)
			return &jpg[i];
	return NULL;
}

static void test_rejects(void)
{
	struct enc_params p = { 33, 17, 75, 0, 1, PAT_GRADIENT, 0 };
	size_t len;
	uint8_t *jpg, *m;
	int ret;

	/* 4:2:2 / 4:4:4 cannot be NV12 */
	for (int sub = 2; sub <= 3; sub++) {
		p.sub = sub;
		jpg = ref_encode(&p, &len);
		ret = dec_small(jpg, len, p.w, p.h);
		result(ret == JPEG_ERR_UNSUPPORTED, "nv12_rejects_%s_as_unsupported (ret %d)",
		       sub_name[sub], ret);
		free(jpg);
	}
	p.sub = 1;
	jpg = ref_encode(&p, &len);

	/* SOF marker rewritten: progressive, lossless, arithmetic */
	static const uint8_t sofs[] = { 0xC2, 0xC3, 0xC9, 0xCA, 0xCB, 0xC5 };
	for (size_t i = 0; i < sizeof(sofs); i++) {
		uint8_t *c = malloc(len);

		memcpy(c, jpg, len);
		m = find_marker(c, len, 0xC0);
		m[1] = sofs[i];
		ret = dec_small(c, len, p.w, p.h);
		result(ret == JPEG_ERR_UNSUPPORTED, "sof_%02X_rejected_as_unsupported (ret %d)",
		       sofs[i], ret);
		free(c);
	}
	/* 12-bit precision */
	{
		uint8_t *c = malloc(len);

		memcpy(c, jpg, len);
		m = find_marker(c, len, 0xC0);
		m[4] = 12;
		ret = dec_small(c, len, p.w, p.h);
		result(ret == JPEG_ERR_UNSUPPORTED, "12_bit_precision_rejected (ret %d)", ret);
		/* oversized */
		memcpy(c, jpg, len);
		m[7] = 0xFF;	/* width = 0xFF21 */
		ret = dec_small(c, len, p.w, p.h);
		result(ret == JPEG_ERR_TOO_LARGE, "width_above_limit_rejected (ret %d)", ret);
		memcpy(c, jpg, len);
		m[5] = 0; m[6] = 0;
		ret = dec_small(c, len, p.w, p.h);
		result(ret == JPEG_ERR_UNSUPPORTED, "dnl_height_zero_rejected (ret %d)", ret);
		/* scan with Ss/Se of a progressive scan */
		memcpy(c, jpg, len);
		m = find_marker(c, len, 0xDA);
		m[2 + 2 + 1 + 6 + 1] = 5;	/* Se */
		ret = dec_small(c, len, p.w, p.h);
		result(ret == JPEG_ERR_UNSUPPORTED, "spectral_selection_rejected (ret %d)", ret);
		/* no SOI */
		memcpy(c, jpg, len);
		c[1] = 0xD9;
		ret = dec_small(c, len, p.w, p.h);
		result(ret == JPEG_ERR_BAD_MARKER, "missing_soi_rejected (ret %d)", ret);
		/* Huffman table with an over-full code space */
		memcpy(c, jpg, len);
		m = find_marker(c, len, 0xC4);
		m[5] = 3;	/* three 1-bit codes */
		ret = dec_small(c, len, p.w, p.h);
		result(ret == JPEG_ERR_BAD_TABLE, "overfull_huffman_table_rejected (ret %d)", ret);
		/* 16-bit DQT */
		memcpy(c, jpg, len);
		m = find_marker(c, len, 0xDB);
		m[4] |= 0x10;
		ret = dec_small(c, len, p.w, p.h);
		result(ret == JPEG_ERR_UNSUPPORTED || ret == JPEG_ERR_BAD_TABLE,
		       "16_bit_dqt_rejected (ret %d)", ret);
		free(c);
	}
	free(jpg);
	/* wrong restart marker */
	p.restart = 1;
	jpg = ref_encode(&p, &len);
	m = find_marker(jpg, len, 0xD1);
	if (m)
		m[1] = 0xD3;
	ret = dec_small(jpg, len, p.w, p.h);
	result(m && ret == JPEG_ERR_BAD_RESTART, "out_of_sequence_restart_rejected (ret %d)", ret);
	free(jpg);
	/* header-only parse */
	{
		struct jpeg_info info;

		p.restart = 7;
		p.w = 100;
		p.h = 75;
		jpg = ref_encode(&p, &len);
		ret = jpeg_parse_header(jpg, len, &info);
		result(ret == 0 && info.width == 100 && info.height == 75 &&
		       info.sub == JPEG_SUB_420 && info.comp_w[1] == 50 &&
		       info.comp_h[1] == 38 && info.restart_interval == 7,
		       "parse_header_reports_size_subsampling_restart (ret %d)", ret);
		free(jpg);
	}
}

/* Motion-JPEG style: no DHT, the decoder must use the annex K tables. */
static void test_no_dht(void)
{
	for (int sub = 0; sub <= 1; sub++) {
		struct enc_params p = { 100, 75, 75, 7, sub, PAT_NOISE, 0 };
		size_t len, n = 0, rsz, fsz;
		uint8_t *jpg = ref_encode(&p, &len), *c = malloc(len), *pl[3];
		uint8_t *ref, *got;
		int cw[3], ch[3], nc, ret, dropped = 0;

		/* copy every segment but DHT, up to SOS; then the rest */
		size_t i = 2;

		memcpy(c, jpg, 2);
		n = 2;
		while (i + 4 <= len && jpg[i + 1] != 0xDA) {
			size_t l = 2 + ((size_t)jpg[i + 2] << 8 | jpg[i + 3]);

			if (jpg[i + 1] != 0xC4) {
				memcpy(c + n, jpg + i, l);
				n += l;
			} else {
				dropped++;
			}
			i += l;
		}
		memcpy(c + n, jpg + i, len - i);
		n += len - i;
		nc = ref_decode_planar(c, n, pl, cw, ch);
		ref = nc > 0 ? ref_nv12(pl, nc, p.w, p.h, &rsz) : NULL;
		ret = fw_nv12(c, n, p.w, p.h, &got, &fsz);
		result(dropped > 0 && ref && ret == 0 && !memcmp(ref, got, rsz),
		       "missing_dht_uses_standard_tables_%s (ret %d, %d DHT removed)",
		       sub_name[sub], ret, dropped);
		if (ret == 0 && ref && !memcmp(ref, got, rsz))
			n_exact++;
		for (int k = 0; k < nc; k++)
			free(pl[k]);
		free(ref);
		free(got);
		free(c);
		free(jpg);
	}
}

/* Strides wider than the frame: padding bytes are left alone. */
static void test_strides(void)
{
	struct enc_params p = { 33, 17, 75, 1, 1, PAT_NOISE, 0 };
	size_t len, rsz;
	uint8_t *jpg = ref_encode(&p, &len), *pl[3], *ref;
	int cw[3], ch[3], nc = ref_decode_planar(jpg, len, pl, cw, ch);
	size_t ys = 48, uvs = 40, ysz = ys * 17, uvsz = uvs * 9;
	uint8_t *y = malloc(ysz), *uv = malloc(uvsz);
	struct jpeg_out o = { { y, ysz, ys }, { uv, uvsz, uvs } };
	int ret, ok;

	memset(y, 0xA5, ysz);
	memset(uv, 0xA5, uvsz);
	ref = ref_nv12(pl, nc, 33, 17, &rsz);
	ret = jpeg_decode_nv12(jpg, len, &o, NULL);
	ok = ret == 0;
	for (size_t r = 0; ok && r < 17; r++)
		for (size_t x = 0; x < ys; x++)
			ok &= x < 33 ? y[r * ys + x] == ref[r * 33 + x] : y[r * ys + x] == 0xA5;
	for (size_t r = 0; ok && r < 9; r++)
		for (size_t x = 0; x < uvs; x++)
			ok &= x < 34 ? uv[r * uvs + x] == ref[33 * 17 + r * 34 + x] :
				       uv[r * uvs + x] == 0xA5;
	result(ok, "padded_strides_decode_and_leave_padding_alone (ret %d)", ret);
	for (int k = 0; k < nc; k++)
		free(pl[k]);
	free(ref);
	free(y);
	free(uv);
	free(jpg);
}

static void timing(void)
{
	struct enc_params p = { 1280, 720, 75, 0, 1, PAT_SQUARE, 3 };
	size_t len;
	uint8_t *jpg = ref_encode(&p, &len), *y = malloc(1280 * 720),
		*uv = malloc(1280 * 360);
	struct jpeg_out o = { { y, 1280 * 720, 1280 }, { uv, 1280 * 360, 1280 } };
	struct timespec a, b;
	int ret = 0, n = 20;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < n; i++)
		ret |= jpeg_decode_nv12(jpg, len, &o, NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	double ms = ((b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6) / n;

	printf("# 1280x720 4:2:0 q75 (%zu bytes): %.2f ms per frame (host)\n", len, ms);
	result(ret == 0, "decode_1280x720_timing");
	free(jpg);
	free(y);
	free(uv);
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	/* Reference = libjpeg-turbo's C ISLOW IDCT (jidctint.c). */
	if (!getenv("JSIMD_FORCENONE"))
		setenv("JSIMD_FORCENONE", "1", 1);
	test_matrix();
	test_truncated();
	test_corrupt();
	test_small_output();
	test_rejects();
	test_no_dht();
	test_strides();
	timing();
	printf("# %d frames matched libjpeg-turbo bit-exactly\n", n_exact);
	printf("1..%d\n", n_test);
	return n_fail ? 1 : 0;
}

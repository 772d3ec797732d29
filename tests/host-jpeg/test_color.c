// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of firmware/lib/color (the same source as the firmware):
 *
 * - corpus: frames encoded by libjpeg-turbo at test time (4:2:0 of several
 *   sizes, odd ones included, qualities 50/95, restart intervals; and
 *   grayscale) are decoded by the firmware decoder to NV12, converted twice:
 *   every row with color_nv12_row_to_xrgb8888() (chroma row = row / 2), and
 *   as the video TA does, row pairs with color_nv12_rows_to_xrgb8888() and an
 *   odd height's last row alone; both results must equal libjpeg-turbo's own
 *   decode to JCS_EXT_BGRX with do_fancy_upsampling = FALSE and JDCT_ISLOW,
 *   byte for byte (the X byte included). Grayscale: libjpeg-turbo converts
 *   gray to BGRX as R = G = B = Y;
 *   the firmware's NV12 of a gray frame carries neutral chroma (128), which
 *   the JFIF arithmetic maps to offsets of exactly 0, so it must agree too.
 *
 * - arithmetic: every (Y, Cb, Cr) in 256^3, at both pixel parities, in both
 *   rows of the two-row function and in the one-row function, against a
 *   reference computed here in double precision from libjpeg's table
 *   formulas (jdcolor.c build_ycc_rgb_table: FIX(x) = (int)(x * 65536 + 0.5),
 *   RIGHT_SHIFT = floor division by 65536), not with shifts.
 *
 * - bounds: exact-size malloc'd row buffers for widths 1..40 and 641, the
 *   output rows at every offset modulo 8, so ASan catches a read of a CbCr
 *   pair or a write of a pixel past the row (and UBSan a misaligned access
 *   the code does not declare); the two-row function must equal two calls
 *   of the one-row function, and both the 1-pixel conversions.
 *
 * libjpeg-turbo's SIMD code is switched off (JSIMD_FORCENONE=1) unless the
 * environment sets JSIMD_FORCENONE; the Makefile runs it again with the SIMD
 * colour conversion / merged upsampling.
 *
 * TAP output; exit status nonzero if any test fails.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "color.h"
#include "jpeg.h"
#include "refjpeg.h"

#include "tap_result.h"

static int n_exact;

static const char *sub_name[] = { "gray", "420", "422", "444" };
static const char *pat_name[] = { "gradient", "noise", "square" };

/* X bytes libjpeg-turbo wrote (bit i set: value i seen). */
static uint8_t x_seen[32];

/*
 * Firmware: decode to exact-size NV12 planes, convert every row alone into
 * @img[0] and as the video TA does (row pairs, then an odd last row) into
 * @img[1].
 */
static int fw_xrgb(const uint8_t *jpg, size_t len, int w, int h,
		   uint8_t *img[2])
{
	size_t cw = (size_t)(w + 1) / 2, ch = (size_t)(h + 1) / 2;
	uint8_t *y = malloc((size_t)w * h), *uv = malloc(2 * cw * ch);
	struct jpeg_out o = {
		.y = { y, (size_t)w * h, (size_t)w },
		.uv = { uv, 2 * cw * ch, 2 * cw },
	};
	int ret = jpeg_decode_nv12(jpg, len, &o, NULL), r;
	size_t row = (size_t)w * 4;

	img[0] = malloc(row * h);
	img[1] = malloc(row * h);
	for (r = 0; ret == 0 && r < h; r++)
		color_nv12_row_to_xrgb8888(y + (size_t)r * w,
					   uv + (size_t)(r / 2) * 2 * cw,
					   (uint32_t)w, img[0] + r * row);
	for (r = 0; ret == 0 && r + 1 < h; r += 2)
		color_nv12_rows_to_xrgb8888(y + (size_t)r * w,
					    y + (size_t)(r + 1) * w,
					    uv + (size_t)(r / 2) * 2 * cw,
					    (uint32_t)w, img[1] + r * row,
					    img[1] + (r + 1) * row);
	if (ret == 0 && r < h)
		color_nv12_row_to_xrgb8888(y + (size_t)r * w,
					   uv + (size_t)(r / 2) * 2 * cw,
					   (uint32_t)w, img[1] + r * row);
	free(y);
	free(uv);
	return ret;
}

static void check_frame(const struct enc_params *p)
{
	size_t len;
	uint8_t *jpg = ref_encode(p, &len), *ref = NULL, *got[2] = { NULL };
	int rw = 0, rh = 0, ret = -100, d = -1, k = 0;
	size_t n;

	if (jpg)
		ref = ref_decode_bgrx(jpg, len, &rw, &rh);
	if (!jpg || !ref || rw != p->w || rh != p->h) {
		result(0, "reference encode/decode %s %dx%d", sub_name[p->sub],
		       p->w, p->h);
		goto out;
	}
	n = (size_t)rw * rh * 4;
	for (size_t i = 3; i < n; i += 4)
		x_seen[ref[i] >> 3] |= (uint8_t)(1u << (ref[i] & 7));
	ret = fw_xrgb(jpg, len, p->w, p->h, got);
	for (k = 0; ret == 0 && d < 0 && k < 2; k++)
		for (size_t i = 0; i < n; i++)
			if (ref[i] != got[k][i]) {
				d = (int)i;
				break;
			}
	if (d >= 0)
		printf("# first mismatch (%s) x=%d y=%d byte %d: ref %u got %u\n",
		       k == 1 ? "row by row" : "row pairs", (d / 4) % p->w,
		       d / 4 / p->w, d % 4, ref[d], got[k - 1][d]);
	if (ret == 0 && d < 0)
		n_exact++;
	result(ret == 0 && d < 0,
	       "xrgb_matches_libjpeg_bgrx_%s_%s_%dx%d_q%d_rst%d%s "
	       "row_by_row_and_row_pairs (ret %d, %zu bytes)",
	       sub_name[p->sub], pat_name[p->pat], p->w, p->h, p->quality,
	       p->restart, p->frame ? "_f" : "", ret, len);
out:
	free(got[0]);
	free(got[1]);
	free(ref);
	free(jpg);
}

static void test_corpus(void)
{
	static const int sizes[][2] = {
		{ 1, 1 }, { 2, 2 }, { 3, 1 }, { 1, 5 }, { 17, 9 }, { 33, 31 },
		{ 16, 16 }, { 7, 31 }, { 100, 75 }, { 640, 360 }, { 641, 361 },
	};
	static const int qs[] = { 50, 95 };
	static const int rsts[] = { 0, 1, 7 };
	const size_t nsizes = sizeof(sizes) / sizeof(sizes[0]);

	for (size_t i = 0; i < nsizes * 2 * 3 * 3; i++) {
		size_t s = i / 18, q = i / 9 % 2, r = i / 3 % 3;
		int pat = (int)(i % 3);
		struct enc_params p = {
			sizes[s][0], sizes[s][1], qs[q], rsts[r], 1,
			(enum pattern)pat, 0,
		};

		/* big frames: fewer combinations */
		if (sizes[s][0] >= 640 && (int)r != pat)
			continue;
		check_frame(&p);
	}
	/* 1280x720 and a moving square */
	{
		struct enc_params p = { 1280, 720, 75, 0, 1, PAT_SQUARE, 3 };

		check_frame(&p);
	}
	for (int f = 1; f <= 3; f++) {
		struct enc_params p = {
			640, 360, 80, 0, 1, PAT_SQUARE, f * 13,
		};

		check_frame(&p);
	}
	/* Grayscale: neutral NV12 chroma against libjpeg's gray->BGRX. */
	for (size_t s = 0; s < nsizes; s++)
		for (size_t q = 0; q < 2; q++) {
			struct enc_params p = {
				sizes[s][0], sizes[s][1], qs[q], (int)q * 7, 0,
				q ? PAT_GRADIENT : PAT_NOISE, 0,
			};

			check_frame(&p);
		}
}

/* ---- arithmetic against libjpeg's table formulas, in double -------------- */

static int fix(double x)
{
	return (int)(x * 65536.0 + 0.5);
}

static uint8_t clampd(double v)
{
	return v < 0 ? 0 : v > 255 ? 255 : (uint8_t)v;
}

/* libjpeg's offsets: Cr_r_tab, Cb_b_tab, Cb_g_tab + Cr_g_tab, RIGHT_SHIFT 16 */
static double roff[256], boff[256], goff[256][256];

static void build_offsets(void)
{
	const double half = 32768.0, one = 65536.0;
	const double fgb = fix(0.34414), fgr = fix(0.71414);

	for (int i = 0; i < 256; i++) {
		double x = i - 128;

		roff[i] = floor((fix(1.40200) * x + half) / one);
		boff[i] = floor((fix(1.77200) * x + half) / one);
	}
	for (int cb = 0; cb < 256; cb++)
		for (int cr = 0; cr < 256; cr++)
			goff[cb][cr] = floor((-fgb * (cb - 128) + half +
					      -fgr * (cr - 128)) / one);
}

/*
 * Rows of 512 pixels: in the first row pixel x has Y = x / 2, in the second
 * Y = 255 - x / 2 (every Y at both parities, in both rows of a 2x2 block),
 * pair k is (cb, cr0 + k) (checks the pair indexing too). The two-row
 * function converts both rows, the one-row function the first again.
 * Returns the number of wrong pixels.
 */
static long check_row(int cb, int cr0)
{
	static uint8_t yrow[2][512], uvrow[512], out[3][512 * 4];
	long bad = 0;

	for (int x = 0; x < 512; x++) {
		yrow[0][x] = (uint8_t)(x / 2);
		yrow[1][x] = (uint8_t)(255 - x / 2);
	}
	for (int k = 0; k < 256; k++) {
		uvrow[2 * k] = (uint8_t)cb;
		uvrow[2 * k + 1] = (uint8_t)(cr0 + k);
	}
	memset(out, 0x5a, sizeof(out));
	color_nv12_rows_to_xrgb8888(yrow[0], yrow[1], uvrow, 512, out[0],
				    out[1]);
	color_nv12_row_to_xrgb8888(yrow[0], uvrow, 512, out[2]);
	for (int i = 0; i < 3 * 512; i++) {
		int x = i % 512, yv = yrow[i / 512 == 1][x];
		int cr = (cr0 + x / 2) & 255;
		const uint8_t *o = &out[i / 512][4 * x];

		if (o[0] == clampd(yv + boff[cb]) &&
		    o[1] == clampd(yv + goff[cb][cr]) &&
		    o[2] == clampd(yv + roff[cr]) && o[3] == 0xff)
			continue;
		if (!bad)
			printf("# %s Y=%d Cb=%d Cr=%d: got %u,%u,%u,%u\n",
			       i < 512 ? "rows(), row 0" :
			       i < 1024 ? "rows(), row 1" : "row()", yv, cb,
			       cr, o[0], o[1], o[2], o[3]);
		bad++;
	}
	return bad;
}

static void test_arith(void)
{
	long bad = 0;

	build_offsets();
	for (int cb = 0; cb < 256; cb++)
		for (int cr0 = 0; cr0 < 256; cr0++)
			bad += check_row(cb, cr0);
	result(bad == 0, "all_256^3_ycbcr_match_libjpeg_table_formulas "
	       "(two-row function, both rows, and one-row function: "
	       "%ld pixels, %ld wrong)", 3 * 256L * 256 * 512, bad);
	/* the rounding constants are libjpeg's */
	result(fix(1.40200) == 91881 && fix(1.77200) == 116130 &&
	       fix(0.71414) == 46802 && fix(0.34414) == 22554,
	       "FIX() constants are 91881 116130 46802 22554 (%d %d %d %d)",
	       fix(1.40200), fix(1.77200), fix(0.71414), fix(0.34414));
}

/* ---- exact-size row buffers: no access past the row --------------------- */

/*
 * Width @w, the output rows @misalign bytes past a malloc'd (16-aligned)
 * address: each buffer exact-size. Returns 1 if the two-row function wrote
 * what two calls of the one-row function write, and every pixel x what a
 * 1-pixel conversion of Y[x] with pair x / 2 gives.
 */
static int check_width(uint32_t w, uint32_t misalign, uint32_t seed)
{
	uint32_t pairs = (w + 1) / 2, n = 4 * w;
	uint8_t *y0 = malloc(w), *y1 = malloc(w), *uv = calloc(2 * pairs, 1);
	uint8_t *b0 = malloc(n + misalign), *b1 = malloc(n + misalign);
	uint8_t *r0 = malloc(n), *r1 = malloc(n);
	uint8_t *o0 = b0 + misalign, *o1 = b1 + misalign;
	int ok = 1;

	for (uint32_t i = 0; i < w; i++) {
		y0[i] = (uint8_t)(i * 37 + w + seed);
		y1[i] = (uint8_t)(i * 101 + 7 * w + 3 * seed);
	}
	for (uint32_t i = 0; i < 2 * pairs; i++)
		uv[i] = (uint8_t)(i * 91 + 3 * w + 5 * seed);
	color_nv12_rows_to_xrgb8888(y0, y1, uv, w, o0, o1);
	color_nv12_row_to_xrgb8888(y0, uv, w, r0);
	color_nv12_row_to_xrgb8888(y1, uv, w, r1);
	ok &= !memcmp(o0, r0, n) && !memcmp(o1, r1, n);
	/* pixel x uses pair x / 2: compare with a 1-pixel conversion */
	for (uint32_t x = 0; x < w; x++) {
		uint8_t px[2][4];

		color_nv12_row_to_xrgb8888(&y0[x], &uv[x / 2 * 2], 1, px[0]);
		color_nv12_row_to_xrgb8888(&y1[x], &uv[x / 2 * 2], 1, px[1]);
		ok &= !memcmp(px[0], &o0[4 * x], 4) &&
		      !memcmp(px[1], &o1[4 * x], 4);
	}
	free(y0);
	free(y1);
	free(uv);
	free(b0);
	free(b1);
	free(r0);
	free(r1);
	return ok;
}

static void test_bounds(void)
{
	static const uint32_t odd[] = { 1, 3, 5, 641 };
	int ok = 1, odd_ok = 1;

	for (uint32_t w = 1; w <= 40; w++)
		for (uint32_t m = 0; m < 8; m++)
			ok &= check_width(w, m, m);
	for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++)
		for (uint32_t m = 0; m < 8; m++)
			for (uint32_t seed = 0; seed < 64; seed++)
				odd_ok &= check_width(odd[i], m, seed);
	color_nv12_row_to_xrgb8888(NULL, NULL, 0, NULL);
	color_nv12_rows_to_xrgb8888(NULL, NULL, NULL, 0, NULL, NULL);
	result(ok, "widths_1_to_40_exact_size_rows_any_alignment_two_rows_"
	       "equal_two_single_rows_pair_x/2");
	result(odd_ok, "odd_widths_1_3_5_641_two_rows_equal_two_single_rows_"
	       "(8 alignments x 64 patterns); width 0 with NULL rows a no-op");
}

int main(void)
{
	int xs = 0;

	/* Reference = libjpeg-turbo's C code unless the caller chose. */
	if (!getenv("JSIMD_FORCENONE"))
		setenv("JSIMD_FORCENONE", "1", 1);
	test_arith();
	test_bounds();
	test_corpus();
	for (int i = 0; i < 256; i++)
		if (x_seen[i >> 3] & (1u << (i & 7))) {
			printf("# libjpeg-turbo JCS_EXT_BGRX X byte seen: "
			       "0x%02x\n", i);
			xs += i == 0xff ? 1 : 100;
		}
	result(xs == 1, "libjpeg-turbo writes only 0xff as the BGRX X byte");
	printf("# %d frames matched libjpeg-turbo's BGRX decode bit-exactly\n",
	       n_exact);
	printf("1..%d\n", n_test);
	return n_fail ? 1 : 0;
}

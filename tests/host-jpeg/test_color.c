// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of firmware/lib/color (the same source as the firmware):
 *
 * - corpus: frames encoded by libjpeg-turbo at test time (4:2:0 of several
 *   sizes, odd ones included, qualities 50/95, restart intervals; and
 *   grayscale) are decoded by the firmware decoder to NV12, every row is
 *   converted with color_nv12_row_to_xrgb8888() (chroma row = row / 2), and
 *   the result must equal libjpeg-turbo's own decode to JCS_EXT_BGRX with
 *   do_fancy_upsampling = FALSE and JDCT_ISLOW, byte for byte (the X byte
 *   included). Grayscale: libjpeg-turbo converts gray to BGRX as R = G = B = Y;
 *   the firmware's NV12 of a gray frame carries neutral chroma (128), which
 *   the JFIF arithmetic maps to offsets of exactly 0, so it must agree too.
 *
 * - arithmetic: every (Y, Cb, Cr) in 256^3, at both pixel parities, against
 *   a reference computed here in double precision from libjpeg's table
 *   formulas (jdcolor.c build_ycc_rgb_table: FIX(x) = (int)(x * 65536 + 0.5),
 *   RIGHT_SHIFT = floor division by 65536), not with shifts.
 *
 * - bounds: exact-size malloc'd row buffers for widths 1..40, so ASan catches
 *   a read of a CbCr pair or a write of a pixel past the row.
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

/* Firmware: decode to exact-size NV12 planes, convert every row. */
static int fw_xrgb(const uint8_t *jpg, size_t len, int w, int h, uint8_t **img)
{
	size_t cw = (size_t)(w + 1) / 2, ch = (size_t)(h + 1) / 2;
	uint8_t *y = malloc((size_t)w * h), *uv = malloc(2 * cw * ch);
	struct jpeg_out o = {
		.y = { y, (size_t)w * h, (size_t)w },
		.uv = { uv, 2 * cw * ch, 2 * cw },
	};
	int ret = jpeg_decode_nv12(jpg, len, &o, NULL);

	*img = malloc((size_t)w * h * 4);
	for (int r = 0; ret == 0 && r < h; r++)
		color_nv12_row_to_xrgb8888(y + (size_t)r * w,
					   uv + (size_t)(r / 2) * 2 * cw,
					   (uint32_t)w,
					   *img + (size_t)r * w * 4);
	free(y);
	free(uv);
	return ret;
}

static void check_frame(const struct enc_params *p)
{
	size_t len;
	uint8_t *jpg = ref_encode(p, &len), *ref = NULL, *got = NULL;
	int rw = 0, rh = 0, ret = -100, d = -1;
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
	ret = fw_xrgb(jpg, len, p->w, p->h, &got);
	if (ret == 0) {
		for (size_t i = 0; i < n; i++)
			if (ref[i] != got[i]) {
				d = (int)i;
				break;
			}
	}
	if (d >= 0)
		printf("# first mismatch x=%d y=%d byte %d: ref %u got %u\n",
		       (d / 4) % p->w, d / 4 / p->w, d % 4, ref[d], got[d]);
	if (ret == 0 && d < 0)
		n_exact++;
	result(ret == 0 && d < 0,
	       "xrgb_matches_libjpeg_bgrx_%s_%s_%dx%d_q%d_rst%d%s "
	       "(ret %d, %zu bytes)",
	       sub_name[p->sub], pat_name[p->pat], p->w, p->h, p->quality,
	       p->restart, p->frame ? "_f" : "", ret, len);
out:
	free(got);
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
 * One row of 512 pixels: pixel x has Y = x / 2 (every Y at both parities),
 * pair k is (cb, cr0 + k) (checks the pair indexing too). Returns the
 * number of wrong pixels.
 */
static long check_row(int cb, int cr0)
{
	static uint8_t yrow[512], uvrow[512], out[512 * 4];
	long bad = 0;

	for (int x = 0; x < 512; x++)
		yrow[x] = (uint8_t)(x / 2);
	for (int k = 0; k < 256; k++) {
		uvrow[2 * k] = (uint8_t)cb;
		uvrow[2 * k + 1] = (uint8_t)(cr0 + k);
	}
	memset(out, 0x5a, sizeof(out));
	color_nv12_row_to_xrgb8888(yrow, uvrow, 512, out);
	for (int x = 0; x < 512; x++) {
		int yv = x / 2, cr = (cr0 + x / 2) & 255;
		const uint8_t *o = &out[4 * x];

		if (o[0] == clampd(yv + boff[cb]) &&
		    o[1] == clampd(yv + goff[cb][cr]) &&
		    o[2] == clampd(yv + roff[cr]) && o[3] == 0xff)
			continue;
		if (!bad)
			printf("# Y=%d Cb=%d Cr=%d: got %u,%u,%u,%u\n", yv, cb,
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
	       "(%ld pixels, %ld wrong)", 256L * 256 * 512, bad);
	/* the rounding constants are libjpeg's */
	result(fix(1.40200) == 91881 && fix(1.77200) == 116130 &&
	       fix(0.71414) == 46802 && fix(0.34414) == 22554,
	       "FIX() constants are 91881 116130 46802 22554 (%d %d %d %d)",
	       fix(1.40200), fix(1.77200), fix(0.71414), fix(0.34414));
}

/* ---- exact-size row buffers: no access past the row --------------------- */

static void test_bounds(void)
{
	int ok = 1;

	for (uint32_t w = 1; w <= 40; w++) {
		uint32_t pairs = (w + 1) / 2;
		uint8_t *y = malloc(w), *uv = malloc(2 * pairs),
			*out = malloc(4 * (size_t)w);

		for (uint32_t i = 0; i < w; i++)
			y[i] = (uint8_t)(i * 37 + w);
		for (uint32_t i = 0; i < 2 * pairs; i++)
			uv[i] = (uint8_t)(i * 91 + 3 * w);
		color_nv12_row_to_xrgb8888(y, uv, w, out);
		/* pixel x uses pair x / 2: compare with a 1-pixel conversion */
		for (uint32_t x = 0; x < w; x++) {
			uint8_t px[4];

			color_nv12_row_to_xrgb8888(&y[x], &uv[x / 2 * 2], 1,
						   px);
			ok &= !memcmp(px, &out[4 * x], 4);
		}
		free(y);
		free(uv);
		free(out);
	}
	color_nv12_row_to_xrgb8888(NULL, NULL, 0, NULL);
	result(ok, "widths_1_to_40_exact_size_rows_pair_x/2_and_width_0_noop");
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

// SPDX-License-Identifier: GPL-2.0
/*
 * NV12 to XRGB8888 with libjpeg's JFIF YCbCr->RGB arithmetic (jdcolor.c,
 * jdmerge.c): 16-bit fixed point, the coefficients rounded as libjpeg's
 * FIX(x) = (int)(x * 65536 + 0.5) does, so the result is bit-exact with
 * libjpeg-turbo decoding to JCS_EXT_BGRX with do_fancy_upsampling = FALSE.
 *
 * libjpeg builds tables; here each CbCr pair is computed with a few integer
 * multiplies instead (no RAM tables, nothing to initialise). Its
 * RIGHT_SHIFT(x, 16) is an arithmetic shift, i.e. floor(x / 65536); the
 * right shift of a negative int is implementation defined in C, so descale()
 * biases the value to be non-negative and shifts that unsigned instead.
 */
#include "color.h"

#define SCALEBITS	16
#define ONE_HALF	((int32_t)1 << (SCALEBITS - 1))

/* FIX(x) = (int)(x * 65536 + 0.5), written out: no FP at EL3. */
#define FIX_1_40200	91881	/* Cr -> R */
#define FIX_1_77200	116130	/* Cb -> B */
#define FIX_0_71414	46802	/* Cr -> G */
#define FIX_0_34414	22554	/* Cb -> G */

/*
 * Bias for descale(): the largest magnitude passed in is
 * FIX_1_77200 * 128 + ONE_HALF < 2^24 (and (FIX_0_34414 + FIX_0_71414) * 128
 * + ONE_HALF for G), so v + DESCALE_BIAS is always in [0, 2^25).
 */
#define DESCALE_BIAS	((int32_t)1 << 24)

/* floor(v / 2^16) for |v| < 2^24, without shifting a negative number. */
static inline int32_t descale(int32_t v)
{
	return (int32_t)((uint32_t)(v + DESCALE_BIAS) >> SCALEBITS) -
	       (DESCALE_BIAS >> SCALEBITS);
}

static inline uint8_t clamp255(int32_t v)
{
	if (v < 0)
		return 0;
	if (v > 255)
		return 255;
	return (uint8_t)v;
}

static inline void put_pixel(uint8_t *out, int32_t y, int32_t r_off,
			     int32_t g_off, int32_t b_off)
{
	out[0] = clamp255(y + b_off);
	out[1] = clamp255(y + g_off);
	out[2] = clamp255(y + r_off);
	out[3] = 0xff;
}

void color_nv12_row_to_xrgb8888(const uint8_t *y, const uint8_t *uv,
				uint32_t width, uint8_t *out)
{
	uint32_t x;

	for (x = 0; x < width; x += 2) {
		int32_t cb = (int32_t)uv[x] - 128;	/* uv[2 * (x / 2)] */
		int32_t cr = (int32_t)uv[x + 1] - 128;
		int32_t r_off = descale(FIX_1_40200 * cr + ONE_HALF);
		int32_t b_off = descale(FIX_1_77200 * cb + ONE_HALF);
		int32_t g_off = descale(-FIX_0_34414 * cb + ONE_HALF -
					FIX_0_71414 * cr);

		put_pixel(&out[4 * x], y[x], r_off, g_off, b_off);
		if (x + 1 < width)
			put_pixel(&out[4 * (x + 1)], y[x + 1], r_off, g_off,
				  b_off);
	}
}

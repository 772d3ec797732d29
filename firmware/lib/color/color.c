// SPDX-License-Identifier: GPL-2.0
/*
 * NV12 to XRGB8888 with libjpeg's JFIF YCbCr->RGB arithmetic (jdcolor.c,
 * jdmerge.c): 16-bit fixed point, the coefficients rounded as libjpeg's
 * FIX(x) = (int)(x * 65536 + 0.5) does, so the result is bit-exact with
 * libjpeg-turbo decoding to JCS_EXT_BGRX with do_fancy_upsampling = FALSE.
 *
 * No lookup tables: libjpeg reads its Cr_r_tab, Cb_b_tab, ... and its
 * range-limit table at indices given by the pixel values; here the pixels
 * are the protected content, and the cache lines such reads touch can be
 * observed by the normal world. Each CbCr pair's offsets are computed with
 * a few integer multiplies instead, and the clamping to 0..255 is done with
 * masks, without a branch on a pixel value (nothing to initialise either).
 * libjpeg's RIGHT_SHIFT(x, 16) is an arithmetic shift, i.e. floor(x / 65536);
 * the right shift of a negative int is implementation defined in C, so the
 * value is biased to be non-negative and shifted unsigned.
 *
 * Speed (the secure video path's DRM stage, issue 12): each CbCr pair's
 * offsets are computed once for the 2x2 block of the two luma rows that
 * share it; a pixel's three channels are added and clamped at once in one
 * 64-bit word (three 16-bit lanes), and two pixels are written as one
 * 64-bit store. RAM is Normal memory (the EL3 MMU is on), so the loads and
 * stores may be unaligned. Little-endian only, as the firmware is.
 */
#include "color.h"

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "color.c assembles pixels for a little-endian CPU"
#endif

/* Loads and stores at any address, aliasing anything (as lib/string.c). */
typedef uint16_t __attribute__((may_alias, aligned(1))) u16_any;
typedef uint32_t __attribute__((may_alias, aligned(1))) u32_any;
typedef uint64_t __attribute__((may_alias, aligned(1))) u64_any;

#define SCALEBITS	16
#define ONE_HALF	((int32_t)1 << (SCALEBITS - 1))

/* FIX(x) = (int)(x * 65536 + 0.5), written out: no FP at EL3. */
#define FIX_1_40200	91881	/* Cr -> R */
#define FIX_1_77200	116130	/* Cb -> B */
#define FIX_0_71414	46802	/* Cr -> G */
#define FIX_0_34414	22554	/* Cb -> G */

/*
 * Bias before descaling: the largest magnitude descaled is
 * FIX_1_77200 * 128 + ONE_HALF < 2^24 (and (FIX_0_34414 + FIX_0_71414) * 128
 * + ONE_HALF for G), so v + DESCALE_BIAS is always in [0, 2^25). After the
 * shift the bias is 256: a biased offset is floor(v / 2^16) + 256.
 */
#define DESCALE_BIAS	((int32_t)1 << 24)

/*
 * A pixel's channels in one 64-bit word, 16 bits apart: B, R, G from the
 * bottom, so that (word | word >> 24) has B, G, R in its low three bytes.
 */
#define LANE_B		0
#define LANE_R		16
#define LANE_G		32
#define LANES		((1ULL << LANE_B) | (1ULL << LANE_R) | (1ULL << LANE_G))

/* The largest biased offset of each channel (Cb, Cr at -128 or 127). */
#define MAX_B	((FIX_1_77200 * 127 + ONE_HALF + DESCALE_BIAS) >> SCALEBITS)
#define MAX_R	((FIX_1_40200 * 127 + ONE_HALF + DESCALE_BIAS) >> SCALEBITS)
#define MAX_G	(((FIX_0_34414 + FIX_0_71414) * 128 + ONE_HALF + \
		  DESCALE_BIAS) >> SCALEBITS)
/*
 * pixel() relies on Y + biased offset < 768 (a lane's bit 8 set means
 * 256..511, bit 9 set means 512..767; lanes never carry into each other).
 */
_Static_assert(255 + MAX_B < 768 && 255 + MAX_R < 768 && 255 + MAX_G < 768,
	       "Y + biased chroma offset must stay below 768");

/*
 * libjpeg's FIX(k) * (c - 128) + ONE_HALF, plus DESCALE_BIAS, for the raw
 * Cb, Cr (0..255): FIX(k) * c + K, the constant terms gathered in K, the
 * same integers; every value in [0, 2^25), so computed unsigned.
 */
#define K_B	(ONE_HALF + DESCALE_BIAS - 128 * FIX_1_77200)
#define K_R	(ONE_HALF + DESCALE_BIAS - 128 * FIX_1_40200)
#define K_G	(ONE_HALF + DESCALE_BIAS + 128 * (FIX_0_34414 + FIX_0_71414))
_Static_assert(K_B >= 0 && K_R >= 0 &&
	       K_G - 255 * (FIX_0_34414 + FIX_0_71414) >= 0,
	       "biased chroma terms must be non-negative");

/* The biased B, R, G offsets of the CbCr pair at @uv, in their lanes. */
static inline uint64_t block_offsets(const uint8_t *uv)
{
	uint32_t c = *(const u16_any *)uv, cb = c & 0xff, cr = c >> 8;
	uint64_t b = (FIX_1_77200 * cb + K_B) >> SCALEBITS;
	uint64_t r = (FIX_1_40200 * cr + K_R) >> SCALEBITS;
	uint64_t g = (K_G - FIX_0_34414 * cb - FIX_0_71414 * cr) >> SCALEBITS;

	return b << LANE_B | r << LANE_R | g << LANE_G;
}

/*
 * The multipliers LANES and 0xff, in registers. GCC turns a multiply by a
 * constant into shifts and adds (cheaper on a Cortex-A57), which under
 * QEMU's TCG, where each guest instruction has a cost, is slower than one
 * mul: an empty asm hides their values so that mul it is.
 */
struct mults {
	uint64_t lanes;
	uint64_t ff;
};

static inline struct mults mults(void)
{
	struct mults m = { LANES, 0xff };

	__asm__("" : "+r"(m.lanes), "+r"(m.ff));
	return m;
}

/*
 * One pixel (B, G, R from the lowest byte, the X byte 0) of luma @y with
 * the biased offsets @off. In each lane t = Y + offset + 256 is in
 * [0, 768): below 256 clamps to 0, 256..511 is t - 256 (its low byte),
 * 512 and above clamps to 255. Branch-free: masks from bits 8 and 9.
 */
static inline uint32_t pixel(uint32_t y, uint64_t off, struct mults m)
{
	uint64_t t = y * m.lanes + off;
	uint64_t in = (t >> 8) & LANES;
	uint64_t over = (t >> 9) & LANES;

	t = (t & in * m.ff) | over * m.ff;
	return (uint32_t)(t | t >> (LANE_G - 8));
}

#define X_BYTE		0xff000000u
#define X_BYTES		((uint64_t)X_BYTE << 32 | X_BYTE)

/* Two XRGB8888 pixels, as one 64-bit word to store, from luma at @y. */
static inline uint64_t pixel_pair(const uint8_t *y, uint64_t off,
				  struct mults m)
{
	uint32_t yy = *(const u16_any *)y;

	return (pixel(yy & 0xff, off, m) |
		(uint64_t)pixel(yy >> 8, off, m) << 32) | X_BYTES;
}

/*
 * Rows @y0 (and @y1 if @two, a constant once inlined) sharing chroma row
 * @uv. An odd width's last pixel has a CbCr pair of its own.
 */
static inline __attribute__((always_inline)) void
convert_rows(const uint8_t *y0, const uint8_t *y1, const uint8_t *uv,
	     uint32_t width, uint8_t *out0, uint8_t *out1, int two)
{
	struct mults m = mults();
	uint32_t x;
	uint64_t off;

	for (x = 0; x + 1 < width; x += 2) {
		off = block_offsets(&uv[x]);
		*(u64_any *)&out0[4 * x] = pixel_pair(&y0[x], off, m);
		if (two)
			*(u64_any *)&out1[4 * x] = pixel_pair(&y1[x], off, m);
	}
	if (x < width) {
		off = block_offsets(&uv[x]);
		*(u32_any *)&out0[4 * x] = pixel(y0[x], off, m) | X_BYTE;
		if (two)
			*(u32_any *)&out1[4 * x] = pixel(y1[x], off, m) |
						   X_BYTE;
	}
}

void color_nv12_row_to_xrgb8888(const uint8_t *y, const uint8_t *uv,
				uint32_t width, uint8_t *out)
{
	convert_rows(y, y, uv, width, out, out, 0);
}

void color_nv12_rows_to_xrgb8888(const uint8_t *y0, const uint8_t *y1,
				 const uint8_t *uv, uint32_t width,
				 uint8_t *out0, uint8_t *out1)
{
	convert_rows(y0, y1, uv, width, out0, out1, 1);
}

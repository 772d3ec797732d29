/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Baseline JPEG decoder (ITU-T T.81: sequential DCT, 8-bit samples, Huffman
 * coding, one scan) for the secure video path. Pure logic: no allocation, no
 * hardware, only aligned accesses, so the same source runs at EL3 (whatever
 * the memory type) and on the host under sanitizers and libFuzzer.
 *
 * Output is what libjpeg(-turbo) gives with raw_data_out = TRUE and
 * dct_method = JDCT_ISLOW: the component planes at their own sampled
 * resolution, not upsampled, not colour converted, cropped to
 *   Y:      width x height
 *   Cb, Cr: ceil(width * Hc / Hmax) x ceil(height * Vc / Vmax)
 * NV12 (4:2:0 and grayscale only): Y plane, then Cb/Cr interleaved
 * (Cb at even bytes) at (width+1)/2 x (height+1)/2 pairs; a grayscale image
 * gets neutral chroma (128).
 *
 * Every input byte is untrusted: all reads are bounds checked and nothing is
 * written outside the planes described by the caller. The decoder state
 * (about 7 KiB) lives on the caller's stack.
 */
#ifndef FW_JPEG_H
#define FW_JPEG_H

#include <stddef.h>
#include <stdint.h>

#define JPEG_MAX_DIM		8192	/* width and height limit */

enum jpeg_err {
	JPEG_OK			= 0,
	JPEG_ERR_INVAL		= -1,	/* NULL pointer, bad output description */
	JPEG_ERR_TRUNCATED	= -2,	/* input ended before EOI */
	JPEG_ERR_BAD_MARKER	= -3,	/* no SOI, unknown/misplaced marker, bad segment length */
	JPEG_ERR_UNSUPPORTED	= -4,	/* progressive, arithmetic, lossless, 12-bit, sampling, multi-scan */
	JPEG_ERR_BAD_TABLE	= -5,	/* malformed or missing DQT/DHT */
	JPEG_ERR_BAD_FRAME	= -6,	/* malformed SOF/SOS, zero size, unknown component */
	JPEG_ERR_BAD_HUFFMAN	= -7,	/* invalid Huffman code, coefficient index > 63, bad DC size */
	JPEG_ERR_BAD_RESTART	= -8,	/* missing or out-of-sequence RSTn, marker inside the scan */
	JPEG_ERR_TOO_LARGE	= -9,	/* width or height above JPEG_MAX_DIM */
	JPEG_ERR_OUT_TOO_SMALL	= -10,	/* output plane stride or size too small */
};

enum jpeg_subsampling {
	JPEG_SUB_GRAY = 0,	/* one component */
	JPEG_SUB_420,		/* Y 2x2, Cb 1x1, Cr 1x1 */
	JPEG_SUB_422,		/* Y 2x1, Cb 1x1, Cr 1x1 */
	JPEG_SUB_444,		/* Y 1x1, Cb 1x1, Cr 1x1 */
};

struct jpeg_info {
	uint32_t width;
	uint32_t height;
	uint32_t ncomp;			/* 1 or 3 */
	enum jpeg_subsampling sub;
	uint32_t comp_w[3];		/* sampled size of each component plane */
	uint32_t comp_h[3];
	uint32_t restart_interval;	/* MCUs, 0 = none */
};

/* One output plane: size is the bytes the decoder may write from ptr. */
struct jpeg_plane {
	uint8_t *ptr;
	size_t size;
	size_t stride;
};

/* NV12: y is width x height, uv holds (width+1)/2 CbCr pairs per row. */
struct jpeg_out {
	struct jpeg_plane y;
	struct jpeg_plane uv;
};

/* Parse up to SOS and describe the frame; the tables are checked too. */
int jpeg_parse_header(const uint8_t *data, size_t len, struct jpeg_info *info);

/* Decode a 4:2:0 or grayscale frame into NV12. info may be NULL. */
int jpeg_decode_nv12(const uint8_t *data, size_t len,
		     const struct jpeg_out *out, struct jpeg_info *info);

/*
 * Decode any supported frame into one plane per component (planes[0..ncomp-1]
 * of comp_w x comp_h bytes; the others are ignored). info may be NULL.
 */
int jpeg_decode_planar(const uint8_t *data, size_t len,
		       const struct jpeg_plane planes[3], struct jpeg_info *info);

#endif /* FW_JPEG_H */

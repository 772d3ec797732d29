/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libjpeg-turbo helpers for the host tests and the fuzz seed generator:
 * synthetic frames, encoding, and the reference raw-data decode.
 */
#ifndef REFJPEG_H
#define REFJPEG_H

#include <stddef.h>
#include <stdint.h>

enum pattern { PAT_GRADIENT, PAT_NOISE, PAT_SQUARE };

/* Sampling as JPEG_SUB_* (jpeg.h): gray, 4:2:0, 4:2:2, 4:4:4. */
struct enc_params {
	int w, h;
	int quality;
	int restart;		/* MCUs, 0 = none */
	int sub;
	enum pattern pat;
	int frame;		/* moving-square position */
};

/* Encode a synthetic image; returns a malloc'd JPEG, length in *len. */
uint8_t *ref_encode(const struct enc_params *p, size_t *len);

/*
 * Reference decode with libjpeg-turbo, raw_data_out, JDCT_ISLOW. Fills
 * planes[c] (malloc'd, comp_w[c] x comp_h[c], cropped from the MCU-padded
 * raw output). Returns the number of components, or -1.
 */
int ref_decode_planar(const uint8_t *jpg, size_t len, uint8_t *planes[3],
		      int comp_w[3], int comp_h[3]);

/*
 * Reference colour decode with libjpeg-turbo to JCS_EXT_BGRX,
 * do_fancy_upsampling = FALSE (chroma replicated), JDCT_ISLOW: returns a
 * malloc'd image of *w x *h pixels, 4 bytes each (B, G, R, X), rows tightly
 * packed; NULL on error.
 */
uint8_t *ref_decode_bgrx(const uint8_t *jpg, size_t len, int *w, int *h);

#endif

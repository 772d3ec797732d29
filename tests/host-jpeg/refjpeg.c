// SPDX-License-Identifier: GPL-2.0
/*
 * libjpeg-turbo side of the host tests: encode synthetic frames and decode
 * them in raw-data mode (the reference the firmware decoder must match).
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

#include "refjpeg.h"

struct err_mgr {
	struct jpeg_error_mgr pub;
	jmp_buf jb;
};

static void err_exit(j_common_ptr cinfo)
{
	struct err_mgr *e = (struct err_mgr *)cinfo->err;

	longjmp(e->jb, 1);
}

static void quiet(j_common_ptr cinfo, int level)
{
	(void)cinfo;
	(void)level;
}

static uint32_t lcg(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 16;
}

static void make_rgb(const struct enc_params *p, uint8_t *rgb)
{
	uint32_t seed = (uint32_t)(p->w * 31 + p->h * 7 + p->quality);
	int sq = p->w / 4 + 1, sx = (p->frame * 7) % (p->w + 1),
	    sy = (p->frame * 5) % (p->h + 1);

	for (int y = 0; y < p->h; y++) {
		for (int x = 0; x < p->w; x++) {
			uint8_t *px = &rgb[((size_t)y * p->w + x) * 3];

			switch (p->pat) {
			case PAT_GRADIENT:
				px[0] = (uint8_t)(x * 255 / (p->w > 1 ? p->w - 1 : 1));
				px[1] = (uint8_t)(y * 255 / (p->h > 1 ? p->h - 1 : 1));
				px[2] = (uint8_t)((x + y) * 3);
				break;
			case PAT_NOISE:
				px[0] = (uint8_t)lcg(&seed);
				px[1] = (uint8_t)lcg(&seed);
				px[2] = (uint8_t)lcg(&seed);
				break;
			case PAT_SQUARE: {
				int in = x >= sx && x < sx + sq && y >= sy &&
					 y < sy + sq;

				px[0] = in ? 250 : (uint8_t)(x / 4);
				px[1] = in ? 20 : (uint8_t)(y / 2);
				px[2] = in ? 40 : 200;
				break;
			}
			}
		}
	}
}

uint8_t *ref_encode(const struct enc_params *p, size_t *len)
{
	struct jpeg_compress_struct c;
	struct err_mgr e;
	unsigned char *buf = NULL;
	unsigned long size = 0;
	uint8_t *rgb = malloc((size_t)p->w * p->h * 3);
	uint8_t *row;
	static const int hv[4][2] = { { 1, 1 }, { 2, 2 }, { 2, 1 }, { 1, 1 } };

	if (!rgb)
		return NULL;
	make_rgb(p, rgb);
	c.err = jpeg_std_error(&e.pub);
	e.pub.error_exit = err_exit;
	e.pub.emit_message = quiet;
	if (setjmp(e.jb)) {
		jpeg_destroy_compress(&c);
		free(rgb);
		free(buf);
		return NULL;
	}
	jpeg_create_compress(&c);
	jpeg_mem_dest(&c, &buf, &size);
	c.image_width = (JDIMENSION)p->w;
	c.image_height = (JDIMENSION)p->h;
	c.input_components = 3;
	c.in_color_space = JCS_RGB;
	jpeg_set_defaults(&c);
	if (p->sub == 0)
		jpeg_set_colorspace(&c, JCS_GRAYSCALE);
	jpeg_set_quality(&c, p->quality, TRUE);
	c.restart_interval = (unsigned int)p->restart;
	c.dct_method = JDCT_ISLOW;
	c.comp_info[0].h_samp_factor = hv[p->sub][0];
	c.comp_info[0].v_samp_factor = hv[p->sub][1];
	jpeg_start_compress(&c, TRUE);
	while (c.next_scanline < c.image_height) {
		row = &rgb[(size_t)c.next_scanline * p->w * 3];
		jpeg_write_scanlines(&c, &row, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	free(rgb);
	*len = size;
	return buf;
}

int ref_decode_planar(const uint8_t *jpg, size_t len, uint8_t *planes[3],
		      int comp_w[3], int comp_h[3])
{
	struct jpeg_decompress_struct d;
	struct err_mgr e;
	uint8_t *raw[3] = { NULL, NULL, NULL };
	int rw[3] = { 0 }, rh[3] = { 0 }, n = 0;

	planes[0] = planes[1] = planes[2] = NULL;
	d.err = jpeg_std_error(&e.pub);
	e.pub.error_exit = err_exit;
	e.pub.emit_message = quiet;
	if (setjmp(e.jb)) {
		jpeg_destroy_decompress(&d);
		for (int i = 0; i < 3; i++) {
			free(raw[i]);
			free(planes[i]);
			planes[i] = NULL;
		}
		return -1;
	}
	jpeg_create_decompress(&d);
	jpeg_mem_src(&d, jpg, (unsigned long)len);
	jpeg_read_header(&d, TRUE);
	d.raw_data_out = TRUE;
	d.dct_method = JDCT_ISLOW;
	d.out_color_space = d.jpeg_color_space;	/* no conversion */
	jpeg_start_decompress(&d);
	n = d.num_components;
	/* Whole MCU-padded planes: rows of width_in_blocks (MCU-rounded). */
	for (int c = 0; c < n; c++) {
		jpeg_component_info *ci = &d.comp_info[c];
		int hb = (int)ci->width_in_blocks + ci->h_samp_factor;

		rw[c] = hb * DCTSIZE;
		rh[c] = (int)d.total_iMCU_rows * ci->v_samp_factor * DCTSIZE;
		raw[c] = calloc((size_t)rw[c], (size_t)rh[c]);
		comp_w[c] = (int)ci->downsampled_width;
		comp_h[c] = (int)ci->downsampled_height;
	}
	while (d.output_scanline < d.output_height) {
		JSAMPROW rows[3][4 * DCTSIZE];
		JSAMPARRAY arr[3];
		int imcu = (int)(d.output_scanline / (d.max_v_samp_factor * DCTSIZE));

		for (int c = 0; c < n; c++) {
			int vs = d.comp_info[c].v_samp_factor * DCTSIZE;

			for (int r = 0; r < vs; r++)
				rows[c][r] = raw[c] + (size_t)(imcu * vs + r) * rw[c];
			arr[c] = rows[c];
		}
		if (jpeg_read_raw_data(&d, arr, (JDIMENSION)(d.max_v_samp_factor * DCTSIZE)) == 0)
			longjmp(e.jb, 1);
	}
	jpeg_finish_decompress(&d);
	jpeg_destroy_decompress(&d);
	for (int c = 0; c < n; c++) {
		planes[c] = malloc((size_t)comp_w[c] * comp_h[c]);
		for (int y = 0; y < comp_h[c]; y++)
			memcpy(planes[c] + (size_t)y * comp_w[c],
			       raw[c] + (size_t)y * rw[c], (size_t)comp_w[c]);
		free(raw[c]);
	}
	return n;
}

uint8_t *ref_decode_bgrx(const uint8_t *jpg, size_t len, int *w, int *h)
{
	struct jpeg_decompress_struct d;
	struct err_mgr e;
	uint8_t *volatile img = NULL;

	d.err = jpeg_std_error(&e.pub);
	e.pub.error_exit = err_exit;
	e.pub.emit_message = quiet;
	if (setjmp(e.jb)) {
		jpeg_destroy_decompress(&d);
		free(img);
		return NULL;
	}
	jpeg_create_decompress(&d);
	jpeg_mem_src(&d, jpg, (unsigned long)len);
	jpeg_read_header(&d, TRUE);
	d.out_color_space = JCS_EXT_BGRX;
	d.do_fancy_upsampling = FALSE;
	d.dct_method = JDCT_ISLOW;
	jpeg_start_decompress(&d);
	if (d.output_components != 4)
		longjmp(e.jb, 1);
	*w = (int)d.output_width;
	*h = (int)d.output_height;
	img = malloc((size_t)*w * *h * 4);
	if (!img)
		longjmp(e.jb, 1);
	while (d.output_scanline < d.output_height) {
		JSAMPROW row = img + (size_t)d.output_scanline * *w * 4;

		if (jpeg_read_scanlines(&d, &row, 1) != 1)
			longjmp(e.jb, 1);
	}
	jpeg_finish_decompress(&d);
	jpeg_destroy_decompress(&d);
	return img;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Reference frames of the video and JPEG engine host tests (video_ref.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "video_ref.h"
#include "../../firmware/lib/crypto/aes.h"
#include "../../firmware/lib/jpeg/jpeg.h"
#include "../../firmware/ta/sdp_video_ta.h"

static void ref_env(void)
{
	/* The C code paths of libjpeg-turbo: the ones color.c mirrors. */
	setenv("JSIMD_FORCENONE", "1", 1);
}

void ref_make(struct ref_frame *f, int w, int h, int sub, enum pattern pat)
{
	struct enc_params ep = {
		.w = w, .h = h, .quality = 80, .sub = sub, .pat = pat,
		.frame = 3,
	};
	const int pairs = (w + 1) / 2, crows = (h + 1) / 2;
	uint8_t *planes[3];
	int cw[3], ch[3], n, x, y;

	ref_env();
	memset(f, 0, sizeof(*f));
	f->w = w;
	f->h = h;
	f->jpg = ref_encode(&ep, &f->len);
	if (!f->jpg) {
		printf("#   ref_encode failed\n");
		abort();
	}
	n = ref_decode_planar(f->jpg, f->len, planes, cw, ch);
	if (n != (sub == JPEG_SUB_GRAY ? 1 : 3) || cw[0] != w || ch[0] != h) {
		printf("#   ref_decode_planar failed\n");
		abort();
	}
	f->nv12_len = (size_t)w * h + (size_t)2 * pairs * crows;
	f->nv12 = malloc(f->nv12_len);
	memcpy(f->nv12, planes[0], (size_t)w * h);
	for (y = 0; y < crows; y++) {
		for (x = 0; x < pairs; x++) {
			uint8_t *uv = f->nv12 + (size_t)w * h +
				      (size_t)y * 2 * pairs + 2 * x;

			uv[0] = n == 3 ? planes[1][y * cw[1] + x] : 128;
			uv[1] = n == 3 ? planes[2][y * cw[2] + x] : 128;
		}
	}
	for (x = 0; x < n; x++)
		free(planes[x]);
	f->bgrx = ref_decode_bgrx(f->jpg, f->len, &x, &y);
	if (!f->bgrx || x != w || y != h) {
		printf("#   ref_decode_bgrx failed\n");
		abort();
	}
}

void ref_free(struct ref_frame *f)
{
	free(f->jpg);
	free(f->nv12);
	free(f->bgrx);
}

size_t make_record(uint8_t *rec, const uint8_t key[16], const uint8_t iv[16],
		   const uint8_t *plain, size_t len)
{
	struct aes128_key ks;

	rec[0] = (uint8_t)len;
	rec[1] = (uint8_t)(len >> 8);
	rec[2] = (uint8_t)(len >> 16);
	rec[3] = (uint8_t)(len >> 24);
	memcpy(rec + 4, iv, 16);
	aes128_set_key(&ks, key);
	aes128_ctr_xcrypt(&ks, iv, 0, plain, rec + SDP_VIDEO_RECORD_HDR_SIZE,
			  len);
	aes128_wipe_key(&ks);
	return SDP_VIDEO_RECORD_HDR_SIZE + len;
}

const struct bad_layout bad_layouts_64x48[] = {
	{ 63, 63 * 48 },		/* stride < width */
	{ 0, 0 },
	{ 64, 64 * 48 - 1 },		/* chroma overlaps luma */
	{ 96, 0 },
	{ 0x10000000, 0xffffffff },	/* stride * height > 2^32 */
	{ 64, 0xffffffff },		/* span > 2^32 */
	{ 0xffffffff, 0xffffffff },
};

const unsigned int bad_layout_count_64x48 =
	sizeof(bad_layouts_64x48) / sizeof(bad_layouts_64x48[0]);

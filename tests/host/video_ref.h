/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reference frames of the video TA's and the JPEG engine's host tests
 * (test_video.c, test_engine.c): JPEGs encoded by libjpeg-turbo at test
 * time, their NV12 and XRGB8888 as libjpeg-turbo decodes them (its C code
 * paths, JSIMD_FORCENONE: the ones the firmware mirrors), and frame
 * records encrypted with the firmware's AES-128-CTR.
 */
#ifndef HOST_VIDEO_REF_H
#define HOST_VIDEO_REF_H

#include <stddef.h>
#include <stdint.h>

#include "../host-jpeg/refjpeg.h"

struct ref_frame {
	int w, h;
	uint8_t *jpg;
	size_t len;
	/* tight: w x h Y, then (h+1)/2 rows of (w+1)/2 CbCr pairs */
	uint8_t *nv12;
	size_t nv12_len;
	uint8_t *bgrx;		/* tight: 4 * w per row */
};

/*
 * Encode a w x h frame (quality 80) with sampling @sub (JPEG_SUB_GRAY or
 * JPEG_SUB_420) and its references; aborts if libjpeg-turbo fails.
 */
void ref_make(struct ref_frame *f, int w, int h, int sub, enum pattern pat);
void ref_free(struct ref_frame *f);

/* NV12 layouts (stride, uv_offset) that no 64x48 frame may have. */
struct bad_layout {
	uint32_t stride, uv_offset;
};

extern const struct bad_layout bad_layouts_64x48[];
extern const unsigned int bad_layout_count_64x48;

/* u32 LE length, IV, AES-128-CTR(key, iv) of plain[0..len) into rec. */
size_t make_record(uint8_t *rec, const uint8_t key[16], const uint8_t iv[16],
		   const uint8_t *plain, size_t len);

#endif /* HOST_VIDEO_REF_H */

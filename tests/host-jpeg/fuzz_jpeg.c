// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: jpeg_parse_header, then jpeg_decode_nv12 into
 * exactly-sized NV12 planes for the frame's size (up to 256x256, otherwise
 * a fixed 64x64 buffer, which must be refused), then jpeg_decode_planar.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jpeg.h"

static uint8_t fixed_y[64 * 64], fixed_uv[64 * 32];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jpeg_info info;
	struct jpeg_out o = {
		{ fixed_y, sizeof(fixed_y), 64 }, { fixed_uv, sizeof(fixed_uv), 64 },
	};
	uint8_t *y = NULL, *uv = NULL;
	struct jpeg_plane pl[3] = { { 0 } };
	int ret;

	ret = jpeg_parse_header(data, size, &info);
	if (ret == 0 && info.width <= 256 && info.height <= 256) {
		size_t cw = (info.width + 1) / 2, ch = (info.height + 1) / 2;

		y = malloc((size_t)info.width * info.height);
		uv = malloc(2 * cw * ch);
		o.y = (struct jpeg_plane){ y, (size_t)info.width * info.height, info.width };
		o.uv = (struct jpeg_plane){ uv, 2 * cw * ch, 2 * cw };
		for (uint32_t i = 0; i < info.ncomp; i++) {
			pl[i].size = (size_t)info.comp_w[i] * info.comp_h[i];
			pl[i].stride = info.comp_w[i];
			pl[i].ptr = malloc(pl[i].size);
		}
		for (uint32_t i = info.ncomp; i < 3; i++)
			pl[i] = pl[0];
		jpeg_decode_planar(data, size, pl, NULL);
		for (uint32_t i = 0; i < info.ncomp; i++)
			free(pl[i].ptr);
	}
	ret = jpeg_decode_nv12(data, size, &o, NULL);
	if (ret == 0 && !y && (info.width > 64 || info.height > 64))
		abort();	/* wrote a frame bigger than the buffer */
	free(y);
	free(uv);
	return 0;
}

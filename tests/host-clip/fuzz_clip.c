// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the clip container parser (firmware/lib/clip):
 * clip_validate() on the input; then, whenever the header parses, a walk
 * with clip_parse_header/clip_iter_init/clip_next_frame checking, for every
 * frame returned, that the record and its ciphertext lie inside the input,
 * the frames are contiguous and numbered from 0, the IV is the record's, no
 * more than frame_count frames come out, an error leaves the iterator where
 * it was, and the walk ends in CLIP_END exactly when clip_validate said OK
 * (then with frame_count frames ending at the last byte). Any violated
 * invariant abort()s. ASan/UBSan catch reads outside the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clip.h"

#define CHECK(cond)		\
	do {			\
		if (!(cond))	\
			abort();	\
	} while (0)

static int same_header(const struct clip_header *a, const struct clip_header *b)
{
	return a->version == b->version && a->header_size == b->header_size &&
	       a->format == b->format && a->width == b->width &&
	       a->height == b->height && a->frame_count == b->frame_count &&
	       a->key_id == b->key_id && a->fps_num == b->fps_num &&
	       a->fps_den == b->fps_den;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct clip_header vh, h;
	struct clip_iter it, before;
	struct clip_frame f;
	size_t next = CLIP_HEADER_SIZE;
	uint32_t n = 0;
	int vret, ret;

	vret = clip_validate(data, size, &vh);
	CHECK(vret == CLIP_OK || vret < 0);
	CHECK(strcmp(clip_strerror(vret), "?") != 0);

	ret = clip_parse_header(data, size, &h);
	CHECK(ret == CLIP_OK || ret < 0);
	if (ret != CLIP_OK) {
		CHECK(vret == ret);	/* validate fails the same way */
		return 0;
	}
	CHECK(size >= CLIP_HEADER_SIZE);
	CHECK(h.version == CLIP_VERSION && h.header_size == CLIP_HEADER_SIZE &&
	      h.format == CLIP_FORMAT_MJPG);
	CHECK(h.width >= CLIP_MIN_DIM && h.width <= CLIP_MAX_DIM &&
	      !(h.width & 1));
	CHECK(h.height >= CLIP_MIN_DIM && h.height <= CLIP_MAX_DIM &&
	      !(h.height & 1));
	CHECK(h.frame_count >= 1 && h.frame_count <= CLIP_MAX_FRAMES);
	CHECK(h.fps_num && h.fps_den);
	if (vret == CLIP_OK)
		CHECK(same_header(&vh, &h));

	clip_iter_init(&h, &it);
	for (;;) {
		before = it;
		ret = clip_next_frame(data, size, &h, &it, &f);
		if (ret != CLIP_OK)
			break;
		CHECK(n < h.frame_count);
		CHECK(f.index == n);
		CHECK(f.record_offset == next);
		CHECK(f.record_offset <= size &&
		      size - f.record_offset >= CLIP_FRAME_HDR_SIZE);
		CHECK(f.offset == f.record_offset + CLIP_FRAME_HDR_SIZE);
		CHECK(f.length >= 1 && f.length <= CLIP_MAX_FRAME_LEN);
		CHECK(f.offset <= size && f.length <= size - f.offset);
		CHECK(f.length == ((uint32_t)data[f.record_offset] |
				   (uint32_t)data[f.record_offset + 1] << 8 |
				   (uint32_t)data[f.record_offset + 2] << 16 |
				   (uint32_t)data[f.record_offset + 3] << 24));
		CHECK(!memcmp(f.iv, data + f.record_offset + 4, CLIP_IV_SIZE));
		CHECK(it.pos == f.offset + f.length && it.index == n + 1);
		next = it.pos;
		n++;
	}
	/* an error or the end leaves the iterator alone */
	CHECK(it.pos == before.pos && it.index == before.index);
	if (ret == CLIP_END) {
		CHECK(vret == CLIP_OK);
		CHECK(n == h.frame_count && next == size);
		/* and it stays at the end */
		CHECK(clip_next_frame(data, size, &h, &it, &f) == CLIP_END);
	} else {
		CHECK(ret < 0 && ret != CLIP_ERR_INVAL);
		/* validate stops at the same error */
		CHECK(vret == ret);
		CHECK(n <= h.frame_count);
	}
	return 0;
}

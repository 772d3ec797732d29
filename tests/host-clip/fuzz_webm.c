// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for libsdp's WebM reader (userspace/libsdp/sdp_webm.c):
 * sdp_webm_validate() on the input; then, whenever sdp_webm_parse accepts
 * it, checks of what it found (the Segment and the KID inside the input,
 * sizes and versions in range, sdp_webm_key_id consistent with the KID)
 * and a walk of every frame checking that each one lies inside the
 * Segment, after the previous one, with its IV just before an encrypted
 * frame's data and none for a clear one, numbered from 0; that an error
 * or the end leaves the iterator where it was; and that the walk ends in
 * SDP_WEBM_END exactly when sdp_webm_validate said OK (with as many
 * frames), else in the error it returned. Any violated invariant
 * abort()s; ASan/UBSan catch reads outside the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sdp_webm.h"

#define CHECK(cond)		\
	do {			\
		if (!(cond))	\
			abort();	\
	} while (0)

static void check_header(const uint8_t *data, size_t size,
			 const struct sdp_webm *w)
{
	uint32_t key_id, num, den;
	int ret;

	CHECK(w->segment_offset <= w->segment_end && w->segment_end <= size);
	CHECK(!w->segment_unknown_size || w->segment_end == size);
	CHECK(w->doc_type == SDP_WEBM_DOC_WEBM ||
	      w->doc_type == SDP_WEBM_DOC_MATROSKA);
	CHECK(w->doc_type_read_version >= 1 && w->doc_type_read_version <= 4);
	CHECK(w->timestamp_scale >= 1 && w->track_number >= 1);
	CHECK(w->width >= 1 && w->width <= SDP_WEBM_MAX_DIM);
	CHECK(w->height >= 1 && w->height <= SDP_WEBM_MAX_DIM);
	if (w->encrypted) {
		CHECK(w->kid_length >= 1 &&
		      w->kid_length <= SDP_WEBM_MAX_KID_SIZE);
		CHECK(w->kid_offset >= w->segment_offset &&
		      w->kid_offset <= w->segment_end &&
		      w->kid_length <= w->segment_end - w->kid_offset);
	} else {
		CHECK(!w->kid_offset && !w->kid_length);
	}
	ret = sdp_webm_key_id(data, w, &key_id);
	if (!w->encrypted)
		CHECK(ret == SDP_WEBM_ERR_NOT_ENCRYPTED);
	else if (ret == SDP_WEBM_OK)
		CHECK(w->kid_length == SDP_WEBM_KID_SIZE &&
		      !memcmp(data + w->kid_offset, SDP_WEBM_KID_PREFIX,
			      SDP_WEBM_KID_PREFIX_SIZE) &&
		      key_id == ((uint32_t)data[w->kid_offset + 12] << 24 |
				 (uint32_t)data[w->kid_offset + 13] << 16 |
				 (uint32_t)data[w->kid_offset + 14] << 8 |
				 data[w->kid_offset + 15]));
	else
		CHECK(ret == SDP_WEBM_ERR_FOREIGN_KID);
	if (w->default_duration_ns) {
		ret = sdp_webm_frame_rate(w->default_duration_ns, &num, &den);
		CHECK(ret == SDP_WEBM_ERR_INVAL || (ret == SDP_WEBM_OK && num &&
						    den));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sdp_webm vw, w;
	struct sdp_webm_iter it, before;
	struct sdp_webm_frame f;
	size_t next;
	uint32_t frames = 0, n = 0;
	int vret, ret;

	vret = sdp_webm_validate(data, size, &vw, &frames);
	CHECK(vret == SDP_WEBM_OK || vret < 0);
	CHECK(strcmp(sdp_webm_strerror(vret), "?") != 0);

	ret = sdp_webm_parse(data, size, &w);
	CHECK(ret == SDP_WEBM_OK || ret < 0);
	if (ret != SDP_WEBM_OK) {
		CHECK(vret == ret);	/* validate fails the same way */
		return 0;
	}
	check_header(data, size, &w);
	next = w.segment_offset;

	sdp_webm_iter_init(&w, &it);
	for (;;) {
		before = it;
		ret = sdp_webm_next_frame(data, size, &w, &it, &f);
		if (ret != SDP_WEBM_OK)
			break;
		CHECK(f.index == n);
		CHECK(f.block_offset >= next && f.offset > f.block_offset);
		CHECK(f.length >= 1 && f.offset <= w.segment_end &&
		      f.length <= w.segment_end - f.offset);
		if (f.encrypted) {
			CHECK(w.encrypted);
			CHECK(f.iv_offset > f.block_offset &&
			      f.iv_offset + SDP_WEBM_IV_SIZE == f.offset);
		} else {
			CHECK(!f.iv_offset);
		}
		CHECK(it.index == n + 1);
		next = f.offset + f.length;
		n++;
	}
	/* an error or the end leaves the iterator alone */
	CHECK(!memcmp(&it, &before, sizeof(it)));
	CHECK(sdp_webm_next_frame(data, size, &w, &it, &f) == ret);
	if (ret == SDP_WEBM_END) {
		CHECK(vret == SDP_WEBM_OK && frames == n);
		CHECK(vw.segment_end == w.segment_end &&
		      vw.track_number == w.track_number &&
		      vw.kid_offset == w.kid_offset && vw.width == w.width);
	} else {
		CHECK(ret < 0 && ret != SDP_WEBM_ERR_INVAL);
		CHECK(vret == ret);
	}
	return 0;
}

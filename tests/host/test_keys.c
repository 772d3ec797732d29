// SPDX-License-Identifier: GPL-2.0
/*
 * The host builds' content key table, in place of the one firmware/Makefile
 * generates from the build's key file.
 */
#include "test_keys.h"
#include "../../firmware/ta/sdp_video_keys.h"

const struct sdp_video_key sdp_video_keys[] = {
	{ .id = TEST_VIDEO_KEY_ID, .key = TEST_VIDEO_KEY },
	{ .id = TEST_VIDEO_KEY2_ID, .key = TEST_VIDEO_KEY2 },
};

const unsigned int sdp_video_key_count =
	sizeof(sdp_video_keys) / sizeof(sdp_video_keys[0]);

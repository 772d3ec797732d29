/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Content keys of the secure video decoder TA (sdp_video_ta.c), selected by
 * the clip's key id. The table is generated at build time from a key file
 * outside the repository (firmware/Makefile: CONTENT_KEY_FILE,
 * CONTENT_KEY_ID) into the build directory, so a key exists only in a
 * firmware build; it never leaves the secure world. An empty table (no
 * CONTENT_KEY_FILE) makes every key id unknown. The host tests link their
 * own table with a fixed test key.
 */
#ifndef TA_SDP_VIDEO_KEYS_H
#define TA_SDP_VIDEO_KEYS_H

#include <stdint.h>

#define SDP_VIDEO_KEY_SIZE	16	/* AES-128 */

struct sdp_video_key {
	uint32_t id;
	uint8_t key[SDP_VIDEO_KEY_SIZE];
};

extern const struct sdp_video_key sdp_video_keys[];
extern const unsigned int sdp_video_key_count;

#endif /* TA_SDP_VIDEO_KEYS_H */

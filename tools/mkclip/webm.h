/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal WebM writer for mkclip: one Motion-JPEG video track (V_MJPEG),
 * every frame a keyframe SimpleBlock, one Cluster per second, optionally
 * under WebM encryption (AES-CTR, full-sample, 8-byte IVs). The layout is in
 * docs/clip-format.md ("WebM"). The file is built in memory and written by
 * webm_finish().
 */
#ifndef MKCLIP_WEBM_H
#define MKCLIP_WEBM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ContentEncKeyID: "sdp-content:" || key id as a big-endian u32. */
#define WEBM_KID_PREFIX		"sdp-content:"
#define WEBM_KID_PREFIX_SIZE	12
#define WEBM_KID_SIZE		16
/* The per-block IV: the first 8 bytes of the AES-CTR counter block. */
#define WEBM_IV_SIZE		8
/* Block timestamps are in milliseconds (TimestampScale 1000000 ns). */
#define WEBM_MAX_FPS		1000

struct webm;

struct webm_track {
	uint32_t width, height;
	uint32_t fps_num, fps_den;	/* nonzero, fps_num/fps_den <= 1000 */
	uint32_t frame_count;		/* for Duration; frames added must match */
	const uint8_t *kid;		/* WEBM_KID_SIZE bytes, or NULL: clear */
};

/* The KID of content key @key_id. */
void webm_kid(uint32_t key_id, uint8_t kid[WEBM_KID_SIZE]);

/* Start a file; NULL if out of memory or the parameters are out of range. */
struct webm *webm_begin(const struct webm_track *t);

/*
 * Append the next frame. Encrypted track: @data is the AES-128-CTR
 * ciphertext under counter block @iv || 8 zero bytes, @iv its
 * WEBM_IV_SIZE bytes. Clear track: @data is the JPEG, @iv NULL.
 */
void webm_add_frame(struct webm *w, const uint8_t *iv, const uint8_t *data,
		    size_t len);

/*
 * Write the file to @f and free @w. Returns 0, or -1 if memory ran out,
 * the frame count or an IV's presence did not match the track, or the
 * write failed.
 */
int webm_finish(struct webm *w, FILE *f);

#endif /* MKCLIP_WEBM_H */

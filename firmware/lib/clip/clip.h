/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parser of the encrypted Motion-JPEG clip container (docs/clip-format.md).
 *
 * Pure C, freestanding: no allocation, no libc, byte-by-byte reads of the
 * little-endian fields (no unaligned accesses), so it runs at EL3 in any
 * memory type and on the host under sanitizers. Every input byte is untrusted:
 * nothing is read outside buf[0..len), and all arithmetic on untrusted
 * sizes is done without overflow. Results are offsets into buf, never
 * pointers.
 *
 *	struct clip_header h; struct clip_iter it; struct clip_frame f;
 *
 *	ret = clip_parse_header(buf, len, &h);
 *	clip_iter_init(&h, &it);
 *	while ((ret = clip_next_frame(buf, len, &h, &it, &f)) == CLIP_OK)
 *		use buf[f.offset .. f.offset + f.length) with f.iv;
 *	ret is CLIP_END after the last frame, or a negative CLIP_ERR_*.
 *
 * clip_validate() walks the whole file once (header, every frame, trailing
 * bytes) and is what a consumer should call before using any frame.
 */
#ifndef FW_CLIP_H
#define FW_CLIP_H

#include <stddef.h>
#include <stdint.h>

#define CLIP_MAGIC		"SDPCLIP1"	/* 8 bytes, no NUL */
#define CLIP_MAGIC_SIZE		8
#define CLIP_VERSION		1
#define CLIP_HEADER_SIZE	40		/* version 1 */
#define CLIP_FORMAT_MJPG	0x47504a4du	/* 'M','J','P','G' read LE */
#define CLIP_IV_SIZE		16
#define CLIP_FRAME_HDR_SIZE	(4 + CLIP_IV_SIZE)
#define CLIP_MIN_DIM		16
#define CLIP_MAX_DIM		4096
#define CLIP_MAX_FRAMES		100000u
#define CLIP_MAX_FRAME_LEN	(16u * 1024 * 1024)

enum clip_err {
	CLIP_END			= 1,	/* iterator: all frames read */
	CLIP_OK				= 0,
	CLIP_ERR_INVAL			= -1,	/* NULL pointer / bad iterator state */
	CLIP_ERR_SHORT			= -2,	/* fewer than CLIP_HEADER_SIZE bytes */
	CLIP_ERR_MAGIC			= -3,	/* magic is not "SDPCLIP1" */
	CLIP_ERR_VERSION		= -4,	/* version != 1 */
	CLIP_ERR_HEADER_SIZE		= -5,	/* header_size != 40 */
	CLIP_ERR_FORMAT			= -6,	/* format != 'MJPG' */
	CLIP_ERR_DIMENSIONS		= -7,	/* width/height outside 16..4096 or odd */
	CLIP_ERR_FRAME_COUNT		= -8,	/* frame_count outside 1..100000 */
	CLIP_ERR_FPS			= -9,	/* fps_num or fps_den zero */
	CLIP_ERR_RESERVED		= -10,	/* reserved field nonzero */
	CLIP_ERR_FRAME_HDR_TRUNCATED	= -11,	/* < 20 bytes left for length + IV */
	CLIP_ERR_FRAME_LENGTH		= -12,	/* length 0 or > 16 MiB */
	CLIP_ERR_FRAME_PAST_EOF		= -13,	/* ciphertext runs past the file */
	CLIP_ERR_TRAILING		= -14,	/* bytes after frame frame_count-1 */
	CLIP_ERR_MISSING_FRAMES		= -15,	/* file ends before frame_count frames */
};

struct clip_header {
	uint16_t version;
	uint16_t header_size;
	uint32_t format;
	uint16_t width;
	uint16_t height;
	uint32_t frame_count;
	uint32_t key_id;
	uint32_t fps_num;
	uint32_t fps_den;
};

struct clip_iter {
	size_t pos;		/* offset of the next frame record */
	uint32_t index;		/* index of the next frame */
};

struct clip_frame {
	uint32_t index;
	uint32_t length;		/* ciphertext bytes, 1..CLIP_MAX_FRAME_LEN */
	size_t record_offset;		/* offset of the u32 length field */
	size_t offset;			/* offset of the ciphertext in buf */
	uint8_t iv[CLIP_IV_SIZE];	/* initial AES-CTR counter block */
};

/* Parse and check the file header (buf holds the whole file, len bytes). */
int clip_parse_header(const uint8_t *buf, size_t len, struct clip_header *h);

/* Position it at frame 0 of a clip whose header h was parsed successfully. */
void clip_iter_init(const struct clip_header *h, struct clip_iter *it);

/*
 * Parse the next frame record into f and advance it. Returns CLIP_OK,
 * CLIP_END once frame_count frames were returned and the file ends exactly
 * there, or a negative CLIP_ERR_* (then it is not advanced).
 */
int clip_next_frame(const uint8_t *buf, size_t len, const struct clip_header *h,
		    struct clip_iter *it, struct clip_frame *f);

/* Check the header and every frame record; h may be NULL. */
int clip_validate(const uint8_t *buf, size_t len, struct clip_header *h);

/* Name of a return code, for logs ("?" if unknown). */
const char *clip_strerror(int err);

#endif /* FW_CLIP_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * Writes hand-made clip containers into argv[1] as seeds for fuzz_clip:
 * small valid clips and a few that fail in different places. (The Makefile
 * adds mkclip-made clips with real encrypted JPEG frames.)
 */
#include <stdio.h>
#include <string.h>

#include "clip.h"

static uint8_t buf[4096];

static void put_le16(uint8_t *p, uint32_t v) { p[0] = v; p[1] = v >> 8; }
static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24;
}

/* Header for w x h, n frames; returns its size. */
static size_t header(uint32_t w, uint32_t h, uint32_t n)
{
	memset(buf, 0, CLIP_HEADER_SIZE);
	memcpy(buf, CLIP_MAGIC, CLIP_MAGIC_SIZE);
	put_le16(buf + 8, CLIP_VERSION);
	put_le16(buf + 10, CLIP_HEADER_SIZE);
	put_le32(buf + 12, CLIP_FORMAT_MJPG);
	put_le16(buf + 16, w);
	put_le16(buf + 18, h);
	put_le32(buf + 20, n);
	put_le32(buf + 24, 7);
	put_le32(buf + 28, 30);
	put_le32(buf + 32, 1);
	return CLIP_HEADER_SIZE;
}

/* Append a frame record of len bytes (IV and payload from a pattern). */
static size_t frame(size_t at, uint32_t len, uint8_t fill)
{
	put_le32(buf + at, len);
	for (int i = 0; i < CLIP_IV_SIZE; i++)
		buf[at + 4 + i] = i < 8 ? (uint8_t)(fill * 17 + i) : 0;
	memset(buf + at + CLIP_FRAME_HDR_SIZE, fill, len);
	return at + CLIP_FRAME_HDR_SIZE + len;
}

static int put(const char *dir, const char *name, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
		perror(path);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	size_t n;
	int err = 0;

	if (argc != 2)
		return 2;
	/* valid: one frame of one byte */
	n = frame(header(16, 16, 1), 1, 0xaa);
	err |= put(argv[1], "valid-1x1byte.clip", n);
	/* valid: three frames of 1, 5 and 17 bytes */
	n = frame(frame(frame(header(64, 48, 3), 1, 1), 5, 2), 17, 3);
	err |= put(argv[1], "valid-3frames.clip", n);
	/* valid: largest dimensions, two frames */
	n = frame(frame(header(4096, 4096, 2), 33, 4), 2, 5);
	err |= put(argv[1], "valid-4096.clip", n);
	/* header only: missing frames */
	n = header(16, 16, 1);
	err |= put(argv[1], "header-only.clip", n);
	/* one frame more than frame_count: trailing */
	n = frame(frame(header(32, 16, 1), 3, 6), 3, 7);
	err |= put(argv[1], "trailing.clip", n);
	/* record header cut inside the IV */
	n = frame(header(16, 32, 2), 4, 8) + 9;
	err |= put(argv[1], "truncated-iv.clip", n);
	/* zero-length frame */
	n = frame(header(16, 16, 1), 0, 0);
	err |= put(argv[1], "zero-length.clip", n);
	/* frame running past the end of the file */
	n = frame(header(16, 16, 1), 8, 9);
	put_le32(buf + CLIP_HEADER_SIZE, 9);
	err |= put(argv[1], "past-eof.clip", n);
	/* odd width, bad magic */
	n = frame(header(17, 16, 1), 1, 1);
	err |= put(argv[1], "odd-width.clip", n);
	n = frame(header(16, 16, 1), 1, 1);
	buf[7] = '2';
	err |= put(argv[1], "bad-magic.clip", n);
	return err;
}

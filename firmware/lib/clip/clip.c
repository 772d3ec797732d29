// SPDX-License-Identifier: GPL-2.0
/*
 * Clip container parser: see clip.h and docs/clip-format.md.
 */
#include "clip.h"

static uint16_t get_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) |
	       ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static int dim_ok(uint32_t d)
{
	return d >= CLIP_MIN_DIM && d <= CLIP_MAX_DIM && !(d & 1);
}

int clip_parse_header(const uint8_t *buf, size_t len, struct clip_header *h)
{
	static const uint8_t magic[CLIP_MAGIC_SIZE] = CLIP_MAGIC;
	struct clip_header t;
	unsigned int i;

	if (!buf || !h)
		return CLIP_ERR_INVAL;
	/* The magic is checked on what is there, so a short non-clip is MAGIC. */
	for (i = 0; i < CLIP_MAGIC_SIZE && i < len; i++)
		if (buf[i] != magic[i])
			return CLIP_ERR_MAGIC;
	if (len < CLIP_HEADER_SIZE)
		return CLIP_ERR_SHORT;

	t.version = get_le16(buf + 8);
	t.header_size = get_le16(buf + 10);
	t.format = get_le32(buf + 12);
	t.width = get_le16(buf + 16);
	t.height = get_le16(buf + 18);
	t.frame_count = get_le32(buf + 20);
	t.key_id = get_le32(buf + 24);
	t.fps_num = get_le32(buf + 28);
	t.fps_den = get_le32(buf + 32);

	if (t.version != CLIP_VERSION)
		return CLIP_ERR_VERSION;
	if (t.header_size != CLIP_HEADER_SIZE)
		return CLIP_ERR_HEADER_SIZE;
	if (t.format != CLIP_FORMAT_MJPG)
		return CLIP_ERR_FORMAT;
	if (!dim_ok(t.width) || !dim_ok(t.height))
		return CLIP_ERR_DIMENSIONS;
	if (t.frame_count < 1 || t.frame_count > CLIP_MAX_FRAMES)
		return CLIP_ERR_FRAME_COUNT;
	if (!t.fps_num || !t.fps_den)
		return CLIP_ERR_FPS;
	if (get_le32(buf + 36) != 0)
		return CLIP_ERR_RESERVED;
	*h = t;
	return CLIP_OK;
}

void clip_iter_init(const struct clip_header *h, struct clip_iter *it)
{
	it->pos = h->header_size;
	it->index = 0;
}

int clip_next_frame(const uint8_t *buf, size_t len, const struct clip_header *h,
		    struct clip_iter *it, struct clip_frame *f)
{
	size_t left;
	uint32_t flen;
	unsigned int i;

	if (!buf || !h || !it || !f || it->pos < CLIP_HEADER_SIZE ||
	    it->pos > len || it->index > h->frame_count)
		return CLIP_ERR_INVAL;
	left = len - it->pos;
	if (it->index == h->frame_count)
		return left ? CLIP_ERR_TRAILING : CLIP_END;
	if (!left)
		return CLIP_ERR_MISSING_FRAMES;
	if (left < CLIP_FRAME_HDR_SIZE)
		return CLIP_ERR_FRAME_HDR_TRUNCATED;
	flen = get_le32(buf + it->pos);
	if (flen == 0 || flen > CLIP_MAX_FRAME_LEN)
		return CLIP_ERR_FRAME_LENGTH;
	if (flen > left - CLIP_FRAME_HDR_SIZE)
		return CLIP_ERR_FRAME_PAST_EOF;

	f->index = it->index;
	f->length = flen;
	f->record_offset = it->pos;
	f->offset = it->pos + CLIP_FRAME_HDR_SIZE;
	for (i = 0; i < CLIP_IV_SIZE; i++)
		f->iv[i] = buf[it->pos + 4 + i];
	it->pos = f->offset + flen;
	it->index++;
	return CLIP_OK;
}

int clip_validate(const uint8_t *buf, size_t len, struct clip_header *h)
{
	struct clip_header t;
	struct clip_iter it;
	struct clip_frame f;
	int ret;

	ret = clip_parse_header(buf, len, &t);
	if (ret)
		return ret;
	clip_iter_init(&t, &it);
	while ((ret = clip_next_frame(buf, len, &t, &it, &f)) == CLIP_OK)
		;
	if (ret != CLIP_END)
		return ret;
	if (h)
		*h = t;
	return CLIP_OK;
}

const char *clip_strerror(int err)
{
	switch (err) {
	case CLIP_END:				return "end";
	case CLIP_OK:				return "ok";
	case CLIP_ERR_INVAL:			return "invalid argument";
	case CLIP_ERR_SHORT:			return "header too short";
	case CLIP_ERR_MAGIC:			return "bad magic";
	case CLIP_ERR_VERSION:			return "bad version";
	case CLIP_ERR_HEADER_SIZE:		return "bad header size";
	case CLIP_ERR_FORMAT:			return "bad format";
	case CLIP_ERR_DIMENSIONS:		return "bad dimensions";
	case CLIP_ERR_FRAME_COUNT:		return "bad frame count";
	case CLIP_ERR_FPS:			return "bad frame rate";
	case CLIP_ERR_RESERVED:			return "reserved field nonzero";
	case CLIP_ERR_FRAME_HDR_TRUNCATED:	return "frame header truncated";
	case CLIP_ERR_FRAME_LENGTH:		return "bad frame length";
	case CLIP_ERR_FRAME_PAST_EOF:		return "frame past end of file";
	case CLIP_ERR_TRAILING:			return "trailing bytes";
	case CLIP_ERR_MISSING_FRAMES:		return "missing frames";
	default:				return "?";
	}
}

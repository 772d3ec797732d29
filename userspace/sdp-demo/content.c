// SPDX-License-Identifier: GPL-2.0
/*
 * sdp-demo: the clip and its expected digests. The clip is read whole and
 * checked before anything reaches the TEE: a WebM (docs/clip-format.md,
 * "WebM") with libsdp's reader, whose frames become DECRYPT_SAMPLE
 * records here, or an .sdpclip, whose records are in the file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sdp-demo.h"
#include "sdp_webm.h"

static int read_file(const char *path, uint8_t **data, size_t *len)
{
	struct stat st;
	size_t got = 0;
	uint8_t *buf;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		fail("%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf) {
		fail("%s: out of memory for %lld bytes", path,
		     (long long)st.st_size);
		close(fd);
		return -1;
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n <= 0) {
			fail("%s: read: %s", path, n ? strerror(errno) :
			     "file shrank while reading");
			free(buf);
			close(fd);
			return -1;
		}
		got += (size_t)n;
	}
	close(fd);
	*data = buf;
	*len = got;
	return 0;
}

/*
 * A WebM clip: read and check it whole (sdp_webm_validate), then build
 * each frame's record: its header (sdp_video_record_header: the length,
 * the 8-byte IV || 8 zero bytes, the initial AES-CTR counter block), its
 * ciphertext. The frame rate is the
 * DefaultDuration's, else the first two frames' distance.
 */
static int webm_load(struct clip *c, const char *path)
{
	struct sdp_webm w;
	struct sdp_webm_iter it;
	struct sdp_webm_frame f;
	uint32_t n, i, key_id, num = 0, den = 1;
	uint64_t period = 0, t0 = 0;
	size_t pos = 0;
	int ret;

	ret = sdp_webm_validate(c->data, c->len, &w, &n);
	if (!ret)
		ret = sdp_webm_key_id(c->data, &w, &key_id);
	if (ret) {
		fail("%s: not a valid clip: %s (%d)", path,
		     sdp_webm_strerror(ret), ret);
		return -1;
	}
	if (!n || n > CLIP_MAX_FRAMES) {
		fail("%s: %u frames, expected 1..%u", path, n, CLIP_MAX_FRAMES);
		return -1;
	}
	c->frames = calloc(n, sizeof(*c->frames));
	/* records are at most SDP_VIDEO_RECORD_HDR_SIZE longer than blocks */
	c->records = malloc(c->len + (size_t)n * SDP_VIDEO_RECORD_HDR_SIZE);
	if (!c->frames || !c->records) {
		fail("out of memory for %u frame records", n);
		return -1;
	}
	sdp_webm_iter_init(&w, &it);
	for (i = 0; i < n; i++) {
		struct clip_frame *cf = &c->frames[i];

		ret = sdp_webm_next_frame(c->data, c->len, &w, &it, &f);
		if (ret || !f.encrypted || f.length > CLIP_MAX_FRAME_LEN) {
			fail("%s: frame %u: %s", path, i,
			     ret ? sdp_webm_strerror(ret) :
			     !f.encrypted ?
			     "not encrypted (the secure path takes encrypted frames only)" :
			     "longer than 16 MiB");
			return -1;
		}
		cf->index = i;
		cf->length = (uint32_t)f.length;
		cf->record_offset = pos;
		cf->offset = pos + SDP_VIDEO_RECORD_HDR_SIZE;
		sdp_video_record_header(c->records + pos, cf->length,
					c->data + f.iv_offset,
					SDP_WEBM_IV_SIZE);
		memcpy(cf->iv, c->records + pos + 4, CLIP_IV_SIZE);
		memcpy(c->records + cf->offset, c->data + f.offset, f.length);
		pos = cf->offset + f.length;
		if (i == 0)
			t0 = f.time_ns;
		else if (i == 1 && f.time_ns > t0)
			period = f.time_ns - t0;
	}
	if (w.default_duration_ns)
		period = w.default_duration_ns;
	if (period && sdp_webm_frame_rate(period, &num, &den))
		num = 0;	/* unknown: reported as 0/1 */
	c->h = (struct clip_header){
		.format = CLIP_FORMAT_MJPG,
		.width = (uint16_t)w.width,
		.height = (uint16_t)w.height,
		.frame_count = n,
		.key_id = key_id,
		.fps_num = num,
		.fps_den = num ? den : 1,
	};
	return 0;
}

/*
 * Read and check the whole clip, a WebM or an .sdpclip by its first bytes,
 * and index every frame's record.
 */
int clip_load(struct clip *c, const char *path)
{
	static const uint8_t ebml_magic[4] = { 0x1a, 0x45, 0xdf, 0xa3 };
	struct clip_iter it;
	unsigned int i = 0;
	int ret;

	if (read_file(path, &c->data, &c->len))
		return -1;
	if (c->len >= sizeof(ebml_magic) &&
	    !memcmp(c->data, ebml_magic, sizeof(ebml_magic)))
		return webm_load(c, path);
	c->records = c->data;
	ret = clip_validate(c->data, c->len, &c->h);
	if (ret != CLIP_OK) {
		fail("%s: not a valid clip: %s (%d)", path,
		     clip_strerror(ret), ret);
		return -1;
	}
	c->frames = calloc(c->h.frame_count, sizeof(*c->frames));
	if (!c->frames) {
		fail("out of memory for %u frame records", c->h.frame_count);
		return -1;
	}
	clip_iter_init(&c->h, &it);
	while ((ret = clip_next_frame(c->data, c->len, &c->h, &it,
				      &c->frames[i])) == CLIP_OK)
		i++;
	if (ret != CLIP_END || i != c->h.frame_count) {
		fail("%s: frame %u: %s", path, i, clip_strerror(ret));
		return -1;
	}
	return 0;
}

/* "<index> <64 hex digits>" per line, indexes 0..count-1 in order. */
int digests_load(const char *path, unsigned int count,
		 uint8_t (**out)[SDP_VIDEO_DIGEST_SIZE])
{
	uint8_t (*d)[SDP_VIDEO_DIGEST_SIZE];
	char line[256], hex[65];
	unsigned int n = 0, idx;
	FILE *f;

	f = fopen(path, "re");
	if (!f) {
		fail("%s: %s", path, strerror(errno));
		return -1;
	}
	d = calloc(count, sizeof(*d));
	if (!d) {
		fclose(f);
		fail("out of memory for %u digests", count);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%u %64[0-9a-f]", &idx, hex) != 2 ||
		    strlen(hex) != 64 || idx != n || n >= count) {
			fail("%s: line %u: expected \"%u <sha256 hex>\" (the clip has %u frames)",
			     path, n + 1, n, count);
			goto err;
		}
		for (unsigned int j = 0; j < SDP_VIDEO_DIGEST_SIZE; j++) {
			unsigned int b;

			sscanf(hex + 2 * j, "%2x", &b);
			d[n][j] = (uint8_t)b;
		}
		n++;
	}
	if (n != count) {
		fail("%s: %u digests for a clip of %u frames", path, n, count);
		goto err;
	}
	fclose(f);
	*out = d;
	return 0;
err:
	fclose(f);
	free(d);
	return -1;
}

/* clip path with its ".webm" or ".sdpclip" suffix replaced by @suffix */
char *clip_sibling(const char *clip, const char *suffix)
{
	size_t n = strlen(clip);
	char *s;

	if (n > 8 && !strcmp(clip + n - 8, ".sdpclip"))
		n -= 8;
	else if (n > 5 && !strcmp(clip + n - 5, ".webm"))
		n -= 5;
	s = malloc(n + strlen(suffix) + 1);
	if (!s)
		return NULL;
	memcpy(s, clip, n);
	strcpy(s + n, suffix);
	return s;
}

void clip_free(struct clip *c)
{
	free(c->frames);
	if (c->records != c->data)
		free(c->records);
	free(c->data);
	c->frames = NULL;
	c->records = c->data = NULL;
}

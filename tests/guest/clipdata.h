/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The demo's clip files in the guest tests: whole files and digest lists
 * ("<index> <sha256 hex>" per line, indices 0..n-1 in order).
 */
#ifndef SDP_TESTS_CLIPDATA_H
#define SDP_TESTS_CLIPDATA_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sdp_video_ta.h"

/* Read all of @path into a malloc()ed buffer; 0 or a negative errno. */
static inline int load_file(const char *path, uint8_t **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	long n;

	if (!f)
		return -errno;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	*data = malloc(n > 0 ? (size_t)n : 1);
	if (!*data || fread(*data, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		return -EIO;
	}
	fclose(f);
	*len = (size_t)n;
	return 0;
}

/* Parse @n digests of @path into @d; 0, -errno, or -EINVAL if short. */
static inline int load_digests(const char *path, uint8_t (*d)[SDP_VIDEO_DIGEST_SIZE],
			unsigned int n)
{
	char line[256], hex[65];
	unsigned int idx, i = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return -errno;
	while (i < n && fgets(line, sizeof(line), f) &&
	       sscanf(line, "%u %64s", &idx, hex) == 2 && idx == i &&
	       strlen(hex) == 2 * SDP_VIDEO_DIGEST_SIZE) {
		for (unsigned int j = 0; j < SDP_VIDEO_DIGEST_SIZE; j++) {
			unsigned int b;

			sscanf(hex + 2 * j, "%2x", &b);
			d[i][j] = (uint8_t)b;
		}
		i++;
	}
	fclose(f);
	return i == n ? 0 : -EINVAL;
}

#endif /* SDP_TESTS_CLIPDATA_H */

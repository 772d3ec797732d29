/* SPDX-License-Identifier: GPL-2.0 */
/*
 * read_file() for the host-clip test programs: the whole file in a
 * malloc()ed buffer (of at least one byte); any failure ends the program.
 */
#ifndef HOST_CLIP_READ_FILE_H
#define HOST_CLIP_READ_FILE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!f) {
		perror(path);
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n ? n : 1);
	if (!buf || fread(buf, 1, n, f) != (size_t)n) {
		perror(path);
		exit(1);
	}
	fclose(f);
	*len = n;
	return buf;
}

#endif /* HOST_CLIP_READ_FILE_H */

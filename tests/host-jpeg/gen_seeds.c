// SPDX-License-Identifier: GPL-2.0
/* Writes libjpeg-turbo-encoded seed frames for the fuzzer into argv[1]. */
#include <stdio.h>
#include <stdlib.h>

#include "refjpeg.h"

int main(int argc, char **argv)
{
	static const int sz[][2] = { { 8, 8 }, { 16, 16 }, { 33, 17 }, { 64, 48 }, { 100, 75 } };
	char path[4096];
	int n = 0;

	if (argc != 2)
		return 2;
	for (int s = 0; s < 5; s++)
		for (int sub = 0; sub < 4; sub++)
			for (int r = 0; r < 3; r++) {
				struct enc_params p = { sz[s][0], sz[s][1], 50 + 20 * r,
							r == 0 ? 0 : r * 3 - 2, sub,
							(enum pattern)((s + r) % 3), s };
				size_t len;
				uint8_t *jpg = ref_encode(&p, &len);
				FILE *f;

				if (!jpg)
					return 1;
				snprintf(path, sizeof(path), "%s/seed-%02d.jpg", argv[1], n++);
				f = fopen(path, "wb");
				if (!f || fwrite(jpg, 1, len, f) != len || fclose(f))
					return 1;
				free(jpg);
			}
	return 0;
}

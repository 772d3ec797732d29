// SPDX-License-Identifier: GPL-2.0
/*
 * bench_color: firmware/lib/color's NV12 -> XRGB8888 conversion (the video
 * TA's "secure conversion", the DRM stage of sdp-demo), the same source as
 * the firmware, in ns per pixel for 640x360 and 1280x720 frames:
 *
 *   rows  row pairs with color_nv12_rows_to_xrgb8888(), as the TA does
 *   row   every row alone with color_nv12_row_to_xrgb8888()
 *   old   built with -DBENCH_OLD (the Makefile's OLD=<git revision>): that
 *         revision's color_nv12_row_to_xrgb8888(), its symbol renamed
 *         old_color_nv12_row_to_xrgb8888, every row alone
 *
 *   bench_color [-r REPS]
 *
 * The frame is pseudo-random bytes (the conversion has no branch on a pixel
 * value, so its time does not depend on them); both ways must write the
 * same image, checked once before timing. Each repetition converts the
 * whole frame each way, interleaved, in a rotating order; the time is the thread's CPU time
 * (CLOCK_THREAD_CPUTIME_ID); the median over the repetitions is printed,
 * and row / rows (above 1: the row pairs are faster). Built for the host,
 * and by the Makefile's bench-color-aarch64 for aarch64 under qemu-aarch64
 * (user-mode TCG: closer to the guest than the host is, though the guest
 * also pays for its MMU). Nothing is asserted but the equality.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "color.h"

#define MAX_REPS	1001

#ifdef BENCH_OLD
void old_color_nv12_row_to_xrgb8888(const uint8_t *y, const uint8_t *uv,
				    uint32_t width, uint8_t *out);
#define NWAYS	3
#else
#define NWAYS	2
#endif

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void convert_rows(const uint8_t *y, const uint8_t *uv, uint32_t w,
			 uint32_t h, uint8_t *out)
{
	uint32_t r;

	for (r = 0; r + 1 < h; r += 2)
		color_nv12_rows_to_xrgb8888(y + (size_t)r * w,
					    y + (size_t)(r + 1) * w,
					    uv + (size_t)(r / 2) * w, w,
					    out + (size_t)r * w * 4,
					    out + (size_t)(r + 1) * w * 4);
	if (r < h)
		color_nv12_row_to_xrgb8888(y + (size_t)r * w,
					   uv + (size_t)(r / 2) * w, w,
					   out + (size_t)r * w * 4);
}

typedef void row_fn(const uint8_t *y, const uint8_t *uv, uint32_t width,
		    uint8_t *out);

/* Every row alone with @f. */
static void each_row(row_fn *f, const uint8_t *y, const uint8_t *uv,
		     uint32_t w, uint32_t h, uint8_t *out)
{
	for (uint32_t r = 0; r < h; r++)
		f(y + (size_t)r * w, uv + (size_t)(r / 2) * w, w,
		  out + (size_t)r * w * 4);
}

static void convert_row(const uint8_t *y, const uint8_t *uv, uint32_t w,
			uint32_t h, uint8_t *out)
{
	each_row(color_nv12_row_to_xrgb8888, y, uv, w, h, out);
}

#ifdef BENCH_OLD
static void convert_old(const uint8_t *y, const uint8_t *uv, uint32_t w,
			uint32_t h, uint8_t *out)
{
	each_row(old_color_nv12_row_to_xrgb8888, y, uv, w, h, out);
}
#endif

typedef void convert_fn(const uint8_t *y, const uint8_t *uv, uint32_t w,
			uint32_t h, uint8_t *out);

static convert_fn *const way[NWAYS] = {
	convert_rows, convert_row,
#ifdef BENCH_OLD
	convert_old,
#endif
};

static int bench(uint32_t w, uint32_t h, int reps)
{
	size_t px = (size_t)w * h, cw = (w + 1) / 2 * 2;
	uint8_t *y = malloc(px), *uv = malloc(cw * ((h + 1) / 2));
	uint8_t *a = malloc(4 * px), *b = malloc(4 * px);
	static double t[NWAYS][MAX_REPS];
	double med[NWAYS];
	uint32_t seed = 1;
	int ok = 1, i;

	if (!y || !uv || !a || !b) {
		fprintf(stderr, "bench_color: out of memory\n");
		exit(1);
	}
	/* w is even here: a CbCr row is w bytes */
	for (size_t i = 0; i < px; i++) {
		seed = seed * 1103515245u + 12345u;
		y[i] = (uint8_t)(seed >> 16);
	}
	for (size_t i = 0; i < cw * ((h + 1) / 2); i++) {
		seed = seed * 1103515245u + 12345u;
		uv[i] = (uint8_t)(seed >> 16);
	}
	way[0](y, uv, w, h, a);
	for (i = 1; i < NWAYS; i++) {
		way[i](y, uv, w, h, b);
		ok &= !memcmp(a, b, 4 * px);
	}
	/*
	 * The same output buffer for every way, the order rotating with each
	 * repetition: the same cache state for all.
	 */
	for (int r = 0; r < reps; r++)
		for (int j = 0; j < NWAYS; j++) {
			double t0 = now_ns();

			i = (r + j) % NWAYS;
			way[i](y, uv, w, h, a);
			t[i][r] = (now_ns() - t0) / px;
		}
	for (i = 0; i < NWAYS; i++) {
		qsort(t[i], reps, sizeof(double), cmp_double);
		med[i] = t[i][reps / 2];
	}
	printf("%ux%u: rows %.3f ns/pixel, row %.3f ns/pixel, row/rows %.2f",
	       w, h, med[0], med[1], med[1] / med[0]);
#ifdef BENCH_OLD
	printf("; old %.3f ns/pixel, old/rows %.2f, old/row %.2f", med[2],
	       med[2] / med[0], med[2] / med[1]);
#endif
	printf(" (median of %d)%s\n", reps, ok ? "" : "; OUTPUTS DIFFER");
	free(y);
	free(uv);
	free(a);
	free(b);
	return ok;
}

int main(int argc, char **argv)
{
	int reps = 15, ok;

	if (argc == 3 && !strcmp(argv[1], "-r"))
		reps = atoi(argv[2]);
	else if (argc != 1)
		reps = 0;
	if (reps < 1 || reps > MAX_REPS) {
		fprintf(stderr, "usage: bench_color [-r REPS (1..%d)]\n",
			MAX_REPS);
		return 2;
	}
	ok = bench(640, 360, reps);
	ok &= bench(1280, 720, reps);
	return ok ? 0 : 1;
}

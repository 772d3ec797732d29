// SPDX-License-Identifier: GPL-2.0
/*
 * heap_pack: how full a restricted carveout is when its first allocation
 * fails (issue 12, item 2 of make bench).
 *
 * A seeded mixed workload of NV12 frames (360p, 720p, 1080p: w*h*3/2
 * bytes) and 4-64 KiB bitstream buffers, with random frees, runs until the
 * first ENOMEM. Utilisation is the bytes live at that ENOMEM (page-rounded,
 * as the heap holds them: its debugfs "used") over the carveout's size.
 *
 * Each seed's request stream depends on the seed and on how many buffers
 * are live, never on where they lie, so every allocator sees exactly the
 * same requests and frees until its own first failure. The stream is run
 *   - on the real heap, /dev/dma_heap/<name> (dma-buf fds; a free is a
 *     close, after which the secure world has cleared the range);
 *   - on simulations of genalloc's allocators over the same page bitmap as
 *     the heap's pool: gen_pool_best_fit (the heap's policy, HEAP_POLICY),
 *     gen_pool_first_fit, gen_pool_first_fit_order_align,
 *     gen_pool_first_fit_align at 64 KiB, and a two-ended best fit (small
 *     buffers from the top of the carveout, frames from the bottom);
 *   - against a bound: an allocator that may move buffers fails first at
 *     the first request R with live + R > size, and no allocator serves
 *     more of the stream than that. Every allocator's first ENOMEM
 *     therefore comes at or before that request, and the bytes live at it
 *     are at most the peak of the live bytes before any request up to that
 *     one. That peak, over the size, is the bound. (In one dimension a
 *     live set plus a request that sum to at most the size can always be
 *     packed, end to end, so the offline packer of that snapshot is the
 *     sum test itself.)
 *
 * Defaults: 20 seeds from 1, 50 % frees (as many frees as allocations on
 * average, so the live set churns for tens to hundreds of requests before
 * it fills).
 *
 * The real heap must fail at the very request its policy's simulation
 * fails at, with the same bytes live and the same largest free range: one
 * TAP result per heap says so (a behaviour, not a figure). Figures are
 * TAP comments: a table and "# bench-json: {...}" lines; none is asserted.
 * Per allocator (each simulation, the heap itself, the bound): the median
 * and minimum utilisation over the seeds, the median and minimum of its
 * per-seed ratio to the bound, the median share of the bound's requests it
 * served before it failed, and on how many seeds it ended above / below
 * the heap's policy. --per-seed adds each seed's failure: request, bytes
 * live, largest free range, and whether live + request fitted the size
 * (a failure of fragmentation).
 *
 * heap_pack [--seeds N] [--first-seed S] [--free-pct P] [--per-seed]
 *           [--sim-size BYTES] [heap...]
 * Heaps default to restricted and restricted-ui (those present).
 * --sim-size runs the simulations alone for a carveout of BYTES (host
 * exploration; no heap is opened).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include <linux/dma-heap.h>

#include "tap.h"

#define PAGE		4096UL
#define STATS_DIR	"/sys/kernel/debug/restricted_heap/"
#define DEF_HEAPS	{ "restricted", "restricted-ui" }
#define MAX_SEEDS	1000
#define MAX_LIVE	4096
#define SZ_64K		(64UL * 1024)
/* Two-ended policy: below this many pages a buffer is placed at the top. */
#define SMALL_PAGES	64

/* What the heap's own allocator is (restricted_heap_linaro.c). */
#define HEAP_POLICY	POL_BEST

enum policy {
	POL_BEST,		/* gen_pool_best_fit */
	POL_FIRST,		/* gen_pool_first_fit */
	POL_ORDER,		/* gen_pool_first_fit_order_align */
	POL_ALIGN64K,		/* gen_pool_first_fit_align, 64 KiB */
	POL_TWO_ENDED,		/* best fit; small ones from the top */
	NR_POLICIES
};

static const char *const policy_name[NR_POLICIES] = {
	[POL_BEST] = "best-fit",
	[POL_FIRST] = "first-fit",
	[POL_ORDER] = "first-fit-order-align",
	[POL_ALIGN64K] = "first-fit-align-64k",
	[POL_TWO_ENDED] = "two-ended-best-fit",
};

/* ---- the request stream ---------------------------------------------- */

struct stream {
	uint64_t rng;
	unsigned int free_pct;
};

struct op {
	bool is_free;
	unsigned long idx;	/* free: which live buffer */
	unsigned long len;	/* alloc: bytes asked */
	const char *kind;
};

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned long rnd(struct stream *s, unsigned long n)
{
	return splitmix(&s->rng) % n;
}

/*
 * The next operation, given @nlive live buffers: a free of a random live
 * buffer (free_pct percent of the time when any is live), else an
 * allocation: half of them NV12 frames (a third each of 640x360,
 * 1280x720, 1920x1080), half bitstream buffers of 4096 to 65536 bytes.
 */
static struct op next_op(struct stream *s, unsigned long nlive)
{
	static const unsigned int frame[3][2] = {
		{ 640, 360 }, { 1280, 720 }, { 1920, 1080 },
	};
	static const char *const frame_kind[3] = { "360p", "720p", "1080p" };
	struct op op = { 0 };
	unsigned long f;

	if (nlive && rnd(s, 100) < s->free_pct) {
		op.is_free = true;
		op.idx = rnd(s, nlive);
		return op;
	}
	if (rnd(s, 2)) {
		f = rnd(s, 3);
		op.len = frame[f][0] * frame[f][1] * 3 / 2;
		op.kind = frame_kind[f];
	} else {
		op.len = 4096 + rnd(s, 65536 - 4096 + 1);
		op.kind = "bitstream";
	}
	return op;
}

static void stream_init(struct stream *s, uint64_t seed, unsigned int pct)
{
	s->rng = seed;
	s->free_pct = pct;
}

static unsigned long pages(unsigned long len)
{
	return (len + PAGE - 1) / PAGE;
}

/* ---- genalloc over a page bitmap (one byte per page) ------------------ */

struct pool {
	unsigned char *map;
	unsigned long nbits;
	unsigned long avail;	/* pages */
};

static unsigned long next_zero(const struct pool *p, unsigned long end,
			       unsigned long i)
{
	while (i < end && p->map[i])
		i++;
	return i < end ? i : end;
}

static unsigned long next_set(const struct pool *p, unsigned long end,
			      unsigned long i)
{
	while (i < end && !p->map[i])
		i++;
	return i < end ? i : end;
}

/* bitmap_find_next_zero_area_off() */
static unsigned long zero_area(const struct pool *p, unsigned long start,
			       unsigned long nr, unsigned long mask,
			       unsigned long off)
{
	unsigned long index, end, i;

	for (;;) {
		index = next_zero(p, p->nbits, start);
		index = ((index + off + mask) & ~mask) - off;
		end = index + nr;
		if (end > p->nbits)
			return end;
		i = next_set(p, end, index);
		if (i >= end)
			return index;
		start = i + 1;
	}
}

/* gen_pool_best_fit() */
static unsigned long best_fit(const struct pool *p, unsigned long nr)
{
	unsigned long start_bit = p->nbits, len = p->nbits + 1, index;

	index = zero_area(p, 0, nr, 0, 0);
	while (index < p->nbits) {
		unsigned long next_bit = next_set(p, p->nbits, index + nr);

		if (next_bit - index < len) {
			len = next_bit - index;
			start_bit = index;
			if (len == nr)
				return start_bit;
		}
		index = zero_area(p, next_bit + 1, nr, 0, 0);
	}
	return start_bit;
}

/*
 * Best fit from the top for small buffers: the free range that fits
 * most tightly, the highest of equals, and the buffer at its top end.
 */
static unsigned long best_fit_top(const struct pool *p, unsigned long nr)
{
	unsigned long best = p->nbits, len = p->nbits + 1, i = 0, end;

	while ((i = next_zero(p, p->nbits, i)) < p->nbits) {
		end = next_set(p, p->nbits, i);
		if (end - i >= nr && end - i <= len) {
			len = end - i;
			best = end - nr;
		}
		i = end;
	}
	return best;
}

static unsigned long roundup_pow2(unsigned long n)
{
	unsigned long r = 1;

	while (r < n)
		r <<= 1;
	return r;
}

/*
 * gen_pool_alloc_algo() for @pol: the first page, or nbits on failure.
 * The heap's pool starts at PAGE (CARVEOUT_POOL_BIAS), which only
 * first_fit_align's offset sees.
 */
static unsigned long pool_alloc(struct pool *p, enum policy pol,
				unsigned long nr)
{
	unsigned long start;

	if (nr > p->avail)
		return p->nbits;
	switch (pol) {
	case POL_BEST:
		start = best_fit(p, nr);
		break;
	case POL_FIRST:
		start = zero_area(p, 0, nr, 0, 0);
		break;
	case POL_ORDER:
		start = zero_area(p, 0, nr, roundup_pow2(nr) - 1, 0);
		break;
	case POL_ALIGN64K:
		start = zero_area(p, 0, nr, SZ_64K / PAGE - 1, 1);
		break;
	case POL_TWO_ENDED:
	default:
		start = nr < SMALL_PAGES ? best_fit_top(p, nr) : best_fit(p, nr);
		break;
	}
	if (start >= p->nbits)
		return p->nbits;
	memset(p->map + start, 1, nr);
	p->avail -= nr;
	return start;
}

static void pool_free(struct pool *p, unsigned long start, unsigned long nr)
{
	memset(p->map + start, 0, nr);
	p->avail += nr;
}

static unsigned long pool_largest(const struct pool *p)
{
	unsigned long i = 0, end, largest = 0;

	while ((i = next_zero(p, p->nbits, i)) < p->nbits) {
		end = next_set(p, p->nbits, i);
		if (end - i > largest)
			largest = end - i;
		i = end;
	}
	return largest;
}

/* ---- one run of a stream until the first ENOMEM ----------------------- */

struct outcome {
	unsigned long step;		/* the failing request's index */
	unsigned long long live;	/* bytes live at it */
	unsigned long long request;	/* its bytes, page-rounded */
	unsigned long long largest;	/* largest free range then */
	const char *kind;
	int err;			/* real heap: an error other than ENOMEM */
};

struct buf {
	unsigned long start;		/* page, or the dma-buf fd */
	unsigned long nr;
};

#define MAX_STEPS	1000000UL

static struct outcome run_sim(uint64_t seed, unsigned int pct,
			      unsigned long nbits, enum policy pol)
{
	static struct buf live[MAX_LIVE];
	struct outcome o = { 0 };
	unsigned long nlive = 0, step;
	struct stream s;
	struct pool p;

	p.map = calloc(nbits, 1);
	p.nbits = nbits;
	p.avail = nbits;
	if (!p.map) {
		o.err = ENOMEM;
		return o;
	}
	stream_init(&s, seed, pct);
	for (step = 0; step < MAX_STEPS && nlive < MAX_LIVE; step++) {
		struct op op = next_op(&s, nlive);
		unsigned long nr, at;

		if (op.is_free) {
			pool_free(&p, live[op.idx].start, live[op.idx].nr);
			live[op.idx] = live[--nlive];
			continue;
		}
		nr = pages(op.len);
		at = pool_alloc(&p, pol, nr);
		if (at >= nbits) {
			o.step = step;
			o.live = (unsigned long long)(nbits - p.avail) * PAGE;
			o.request = (unsigned long long)nr * PAGE;
			o.largest = (unsigned long long)pool_largest(&p) * PAGE;
			o.kind = op.kind;
			break;
		}
		live[nlive].start = at;
		live[nlive++].nr = nr;
	}
	if (step == MAX_STEPS || nlive == MAX_LIVE)
		o.err = E2BIG;
	free(p.map);
	return o;
}

/*
 * The bound: the peak of the live bytes before each request up to the
 * first one that live + request > size (see the top of the file).
 */
static struct outcome run_bound(uint64_t seed, unsigned int pct,
				unsigned long nbits, unsigned long long *peak)
{
	static unsigned long live[MAX_LIVE];
	unsigned long nlive = 0, used = 0, step;
	struct outcome o = { 0 };
	struct stream s;

	*peak = 0;
	stream_init(&s, seed, pct);
	for (step = 0; step < MAX_STEPS && nlive < MAX_LIVE; step++) {
		struct op op = next_op(&s, nlive);
		unsigned long nr;

		if (op.is_free) {
			used -= live[op.idx];
			live[op.idx] = live[--nlive];
			continue;
		}
		if ((unsigned long long)used * PAGE > *peak)
			*peak = (unsigned long long)used * PAGE;
		nr = pages(op.len);
		if (used + nr > nbits) {
			o.step = step;
			o.live = (unsigned long long)used * PAGE;
			o.request = (unsigned long long)nr * PAGE;
			o.largest = (unsigned long long)(nbits - used) * PAGE;
			o.kind = op.kind;
			return o;
		}
		used += nr;
		live[nlive++] = nr;
	}
	o.err = E2BIG;
	return o;
}

struct heap_stats {
	unsigned long long total, used, largest_free, scrubbed, unscrubbed;
};

/* The heap's debugfs stats that this program reads. */
static int heap_stats(const char *heap, struct heap_stats *st)
{
	char path[256], key[64];
	unsigned long long v;
	int seen = 0;
	FILE *f;

	snprintf(path, sizeof(path), STATS_DIR "%s", heap);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fscanf(f, "%63[^:]: %llu\n", key, &v) == 2) {
		if (!strcmp(key, "total"))
			st->total = v, seen |= 1;
		else if (!strcmp(key, "used"))
			st->used = v, seen |= 2;
		else if (!strcmp(key, "largest_free"))
			st->largest_free = v, seen |= 4;
		else if (!strcmp(key, "scrubbed"))
			st->scrubbed = v, seen |= 8;
		else if (!strcmp(key, "unscrubbed"))
			st->unscrubbed = v, seen |= 16;
	}
	fclose(f);
	return seen == 31 ? 0 : -EINVAL;
}

static int real_alloc(int heap_fd, unsigned long len)
{
	struct dma_heap_allocation_data data = {
		.len = len,
		.fd_flags = O_RDWR | O_CLOEXEC,
	};

	if (ioctl(heap_fd, DMA_HEAP_IOCTL_ALLOC, &data) < 0)
		return -errno;
	return data.fd;
}

/* The stream on the real heap; every buffer is closed before returning. */
static struct outcome run_real(const char *heap, int heap_fd, uint64_t seed,
			       unsigned int pct, double *ms)
{
	static struct buf live[MAX_LIVE];
	struct outcome o = { 0 };
	unsigned long nlive = 0, step;
	struct timespec t0, t1;
	struct heap_stats st;
	struct stream s;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	stream_init(&s, seed, pct);
	for (step = 0; step < MAX_STEPS && nlive < MAX_LIVE; step++) {
		struct op op = next_op(&s, nlive);
		int fd;

		if (op.is_free) {
			close(live[op.idx].start);
			live[op.idx] = live[--nlive];
			continue;
		}
		fd = real_alloc(heap_fd, op.len);
		if (fd == -ENOMEM) {
			o.step = step;
			o.request = pages(op.len) * PAGE;
			o.kind = op.kind;
			if (heap_stats(heap, &st))
				o.err = EIO;
			o.live = st.used;
			o.largest = st.largest_free;
			break;
		}
		if (fd < 0) {
			o.err = -fd;
			break;
		}
		live[nlive].start = fd;
		live[nlive++].nr = pages(op.len);
	}
	if (step == MAX_STEPS || nlive == MAX_LIVE)
		o.err = E2BIG;
	while (nlive)
		close(live[--nlive].start);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	*ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	return o;
}

/* ---- figures ------------------------------------------------------------ */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median and minimum of @n values (sorted in place). */
static void med_min(double *v, unsigned int n, double *med, double *min)
{
	qsort(v, n, sizeof(*v), cmp_double);
	*min = v[0];
	*med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Per heap, per row (real heap, each policy, the bound), per seed. */
#define ROW_REAL	NR_POLICIES
#define ROW_BOUND	(NR_POLICIES + 1)
#define NR_ROWS		(NR_POLICIES + 2)

struct result {
	double util[NR_ROWS][MAX_SEEDS];
	double ratio[NR_ROWS][MAX_SEEDS];
	double served[NR_ROWS][MAX_SEEDS];	/* step / the bound's step */
	unsigned int above[NR_ROWS], below[NR_ROWS];	/* vs HEAP_POLICY */
	bool have[NR_ROWS];
};

static const char *row_name(int row)
{
	static char real[64];

	if (row == ROW_REAL) {
		snprintf(real, sizeof(real), "heap (%s)",
			 policy_name[HEAP_POLICY]);
		return real;
	}
	if (row == ROW_BOUND)
		return "bound";
	return policy_name[row];
}

static void report(const char *heap, unsigned long long size,
		   struct result *r, unsigned int nseeds, uint64_t first,
		   unsigned int pct)
{
	double um, un, rm, rn, sm, sn;
	int row;

	tap_diag("%s: %llu KiB, %u seeds from %llu, %u%% frees; utilisation at the first ENOMEM",
		 heap, size / 1024, nseeds, (unsigned long long)first, pct);
	tap_diag("  %-24s %8s %8s %9s %9s %8s %7s", "allocator", "median",
		 "min", "/bound md", "/bound mn", "served", "+/-");
	for (row = 0; row < NR_ROWS; row++) {
		if (!r->have[row])
			continue;
		med_min(r->util[row], nseeds, &um, &un);
		med_min(r->ratio[row], nseeds, &rm, &rn);
		med_min(r->served[row], nseeds, &sm, &sn);
		tap_diag("  %-24s %7.1f%% %7.1f%% %9.3f %9.3f %8.3f %3u/%-3u",
			 row_name(row), 100 * um, 100 * un, rm, rn, sm,
			 r->above[row], r->below[row]);
		printf("# bench-json: {\"bench\":\"heap_pack\",\"heap\":\"%s\",\"size\":%llu,\"seeds\":%u,\"first_seed\":%llu,\"free_pct\":%u,\"allocator\":\"%s\",\"util_median\":%.4f,\"util_min\":%.4f,\"ratio_median\":%.4f,\"ratio_min\":%.4f,\"served_median\":%.4f,\"seeds_above_heap_policy\":%u,\"seeds_below_heap_policy\":%u}\n",
		       heap, size, nseeds, (unsigned long long)first, pct,
		       row_name(row), um, un, rm, rn, sm, r->above[row],
		       r->below[row]);
	}
	fflush(stdout);
}

static void record(struct result *r, int row, unsigned int i,
		   const struct outcome *o, const struct outcome *bound,
		   unsigned long long peak, unsigned long long size)
{
	r->have[row] = true;
	r->util[row][i] = (double)o->live / size;
	r->ratio[row][i] = (double)o->live / peak;
	r->served[row][i] = (double)o->step / bound->step;
}

static bool same(const struct outcome *a, const struct outcome *b)
{
	return a->step == b->step && a->live == b->live &&
	       a->largest == b->largest;
}

static int usage(void)
{
	fprintf(stderr, "usage: heap_pack [--seeds N] [--first-seed S] [--free-pct P] [--per-seed] [--sim-size BYTES] [heap...]\n");
	return 2;
}

int main(int argc, char **argv)
{
	static const char *const def_heaps[] = DEF_HEAPS;
	static struct result res;
	unsigned int nseeds = 20, pct = 50, i;
	unsigned long long sim_size = 0;
	bool per_seed = false;
	uint64_t first = 1;
	const char **heaps;
	int nheaps, a, h;

	for (a = 1; a < argc && !strncmp(argv[a], "--", 2); a++) {
		if (!strcmp(argv[a], "--per-seed")) {
			per_seed = true;
			continue;
		}
		if (a + 1 == argc)
			return usage();
		if (!strcmp(argv[a], "--seeds"))
			nseeds = strtoul(argv[++a], NULL, 0);
		else if (!strcmp(argv[a], "--first-seed"))
			first = strtoull(argv[++a], NULL, 0);
		else if (!strcmp(argv[a], "--free-pct"))
			pct = strtoul(argv[++a], NULL, 0);
		else if (!strcmp(argv[a], "--sim-size"))
			sim_size = strtoull(argv[++a], NULL, 0);
		else
			return usage();
	}
	if (!nseeds || nseeds > MAX_SEEDS || pct > 90 ||
	    (sim_size && sim_size % PAGE))
		return usage();
	if (a < argc) {
		heaps = (const char **)argv + a;
		nheaps = argc - a;
	} else {
		heaps = (const char **)def_heaps;
		nheaps = sim_size ? 1 : 2;
	}

	for (h = 0; h < nheaps; h++) {
		const char *heap = sim_size ? "sim" : heaps[h];
		unsigned long long size = sim_size;
		unsigned int mismatches = 0, errors = 0;
		struct heap_stats st0, st1;
		double ms_total = 0;
		char path[256];
		int heap_fd = -1;

		if (!sim_size) {
			snprintf(path, sizeof(path), "/dev/dma_heap/%s", heap);
			heap_fd = open(path, O_RDONLY | O_CLOEXEC);
			if (heap_fd < 0 && errno == ENOENT && a == argc) {
				tap_skip(heap, "no such heap on this board");
				continue;
			}
			if (heap_fd < 0 || heap_stats(heap, &st0)) {
				tap_diag("%s: %s", path, strerror(errno));
				tap_result(0, "%s: heap and stats readable", heap);
				continue;
			}
			if (st0.used) {
				tap_diag("%s: %llu bytes in use before the run",
					 heap, st0.used);
				tap_result(0, "%s: heap empty before the run",
					   heap);
				close(heap_fd);
				continue;
			}
			size = st0.total;
		}
		memset(&res, 0, sizeof(res));
		for (i = 0; i < nseeds; i++) {
			uint64_t seed = first + i;
			struct outcome o[NR_POLICIES], b, real;
			unsigned long long peak;
			double ms;
			int p;

			b = run_bound(seed, pct, size / PAGE, &peak);
			record(&res, ROW_BOUND, i, &b, &b, peak, size);
			res.util[ROW_BOUND][i] = (double)peak / size;
			res.ratio[ROW_BOUND][i] = 1;
			for (p = 0; p < NR_POLICIES; p++) {
				o[p] = run_sim(seed, pct, size / PAGE, p);
				record(&res, p, i, &o[p], &b, peak, size);
				errors += !!o[p].err;
			}
			errors += !!b.err;
			if (heap_fd >= 0) {
				real = run_real(heap, heap_fd, seed, pct, &ms);
				ms_total += ms;
				record(&res, ROW_REAL, i, &real, &b, peak, size);
				if (real.err) {
					tap_diag("%s seed %llu: step %lu: %s",
						 heap, (unsigned long long)seed,
						 real.step, strerror(real.err));
					errors++;
				} else if (!same(&real, &o[HEAP_POLICY])) {
					tap_diag("%s seed %llu: heap failed at step %lu (%llu live, largest free %llu), %s at step %lu (%llu, %llu)",
						 heap, (unsigned long long)seed,
						 real.step, real.live,
						 real.largest,
						 policy_name[HEAP_POLICY],
						 o[HEAP_POLICY].step,
						 o[HEAP_POLICY].live,
						 o[HEAP_POLICY].largest);
					mismatches++;
				}
			}
			for (p = 0; p < NR_ROWS; p++) {
				double u = res.util[p][i];
				double ref = res.util[HEAP_POLICY][i];

				res.above[p] += res.have[p] && u > ref;
				res.below[p] += res.have[p] && u < ref;
			}
			if (per_seed) {
				tap_diag("%s seed %llu: bound step %lu peak %.1f%%%s",
					 heap, (unsigned long long)seed, b.step,
					 100.0 * peak / size,
					 heap_fd >= 0 ? "" : " (simulated)");
				for (p = 0; p < NR_POLICIES; p++)
					tap_diag("  %-24s step %4lu live %5.1f%% failed %s %llu KiB, largest free %llu KiB%s",
						 policy_name[p], o[p].step,
						 100.0 * o[p].live / size,
						 o[p].kind, o[p].request / 1024,
						 o[p].largest / 1024,
						 o[p].live + o[p].request <= size ?
						 " (fragmentation)" : "");
			}
		}
		report(heap, size, &res, nseeds, first, pct);
		tap_result(!errors, "%s: %u seeds ran to their first ENOMEM",
			   heap, nseeds);
		if (heap_fd < 0)
			continue;
		tap_diag("%s: %u runs on the heap took %.0f ms", heap, nseeds,
			 ms_total);
		tap_result(!mismatches,
			   "%s: the heap failed where its %s simulation fails, every seed",
			   heap, policy_name[HEAP_POLICY]);
		if (tap_result(!heap_stats(heap, &st1) && !st1.used,
			       "%s: heap empty after the runs", heap))
			tap_diag("%s: freed buffers: %llu cleared by the secure world, %llu without a scrubber",
				 heap, st1.scrubbed - st0.scrubbed,
				 st1.unscrubbed - st0.unscrubbed);
		close(heap_fd);
	}
	return tap_done();
}

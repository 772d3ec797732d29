// SPDX-License-Identifier: GPL-2.0
/*
 * Guest test of the restricted dma-buf heap: allocation accounting, argument
 * checking, refusal of CPU access, exhaustion, fragmentation and concurrent
 * use, and commands of other drivers refused. Every heap named in argv is
 * tested, or else every heap that has a stats file in debugfs, and then the
 * other heaps of /dev/dma_heap for the commands of other drivers. Output is
 * TAP (see tap.h).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/dma-heap.h>

#include "testutil.h"

#define STATS_DIR	"/sys/kernel/debug/restricted_heap"
#define DEV_DIR		"/dev/dma_heap"
#define MAX_HEAPS	16
#define SZ_1M		(1024ULL * 1024)
#define NR_FRAG		16	/* equal blocks in the fragmentation test */
#define NR_CHILDREN	4
#define CHILD_ITERS	300
#define CHILD_LIVE	8
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

struct rh_stats {
	unsigned long long total;
	unsigned long long used;
	unsigned long long largest_free;
	unsigned long long buffers;
	unsigned long long alloc_failures;
};

struct heap {
	const char *name;
	int fd;				/* /dev/dma_heap/<name>, O_RDWR */
	unsigned long long total;
};

static unsigned long long pg;

static const char *errname(int e)
{
	switch (e) {
	case 0:		return "success";
	case EPERM:	return "EPERM";
	case ENOENT:	return "ENOENT";
	case EBADF:	return "EBADF";
	case ENOMEM:	return "ENOMEM";
	case EACCES:	return "EACCES";
	case EFAULT:	return "EFAULT";
	case ENODEV:	return "ENODEV";
	case EINVAL:	return "EINVAL";
	case EMFILE:	return "EMFILE";
	case ENOTTY:	return "ENOTTY";
	case ENOSPC:	return "ENOSPC";
	case EOVERFLOW:	return "EOVERFLOW";
	default:	return "E?";
	}
}

static unsigned long long pgup(unsigned long long len)
{
	return (len + pg - 1) / pg * pg;
}

/* "[heap] what": result names must be unique across heaps. */
static const char *tn(const struct heap *h, const char *what)
{
	static char buf[192];

	snprintf(buf, sizeof(buf), "[%s] %s", h->name, what);
	return buf;
}

static void stats_diag(const char *label, const struct rh_stats *s)
{
	tap_diag("%s: total %llu used %llu largest_free %llu buffers %llu alloc_failures %llu",
		 label, s->total, s->used, s->largest_free, s->buffers,
		 s->alloc_failures);
}

/* Parse the "key: value" stats file; unknown keys are ignored. */
static int read_stats(const char *heap, struct rh_stats *st)
{
	struct { const char *key; unsigned long long *val; } keys[] = {
		{ "total", &st->total }, { "used", &st->used },
		{ "largest_free", &st->largest_free },
		{ "buffers", &st->buffers },
		{ "alloc_failures", &st->alloc_failures },
	};
	unsigned int seen = 0, i;
	char path[256], line[256];
	FILE *f;

	snprintf(path, sizeof(path), STATS_DIR "/%s", heap);
	f = fopen(path, "re");
	if (!f) {
		tap_diag("open %s: %s(%d)", path, errname(errno), errno);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *colon, *end;

		line[strcspn(line, "\n")] = '\0';
		colon = strchr(line, ':');
		if (!colon)
			continue;
		*colon = '\0';
		for (i = 0; i < ARRAY_SIZE(keys); i++) {
			if (strcmp(line, keys[i].key))
				continue;
			*keys[i].val = strtoull(colon + 1, &end, 10);
			if (end == colon + 1 || *end) {
				tap_diag("%s: malformed value for %s: '%s'",
					 path, line, colon + 1);
				fclose(f);
				return -1;
			}
			seen |= 1U << i;
		}
	}
	fclose(f);
	if (seen != (1U << (ARRAY_SIZE(keys))) - 1) {
		tap_diag("%s: missing keys (seen mask 0x%x)", path, seen);
		return -1;
	}
	return 0;
}

/*
 * Read the stats after an operation and compare them with @a plus the given
 * deltas. Prints both snapshots on mismatch.
 */
static int expect_stats(const struct heap *h, const struct rh_stats *a,
			long long dused, long long dbuf, long long dfail,
			struct rh_stats *b)
{
	int ok;

	memset(b, 0, sizeof(*b));
	if (read_stats(h->name, b))
		return 0;
	ok = b->total == a->total &&
	     b->used == a->used + dused &&
	     b->buffers == a->buffers + dbuf &&
	     b->alloc_failures == a->alloc_failures + dfail;
	if (!ok) {
		tap_diag("expected used %+lld buffers %+lld alloc_failures %+lld",
			 dused, dbuf, dfail);
		stats_diag("before", a);
		stats_diag("after", b);
	}
	return ok;
}

static int expect_eq(const char *what, unsigned long long got,
		     unsigned long long want)
{
	if (got != want)
		tap_diag("%s: got %llu, expected %llu", what, got, want);
	return got == want;
}

static int errno_is(const char *what, int got, int want)
{
	if (got != want)
		tap_diag("%s: got %s(%d), expected %s(%d)", what,
			 errname(got), got, errname(want), want);
	return got == want;
}

/* Returns 0 and the dma-buf fd in *out, or the errno of the ioctl. */
static int heap_ioc_alloc(int heapfd, unsigned long long len,
			  unsigned int fd_flags, unsigned long long heap_flags,
			  unsigned int in_fd, int *out)
{
	struct dma_heap_allocation_data d = {
		.len = len, .fd = in_fd,
		.fd_flags = fd_flags, .heap_flags = heap_flags,
	};

	*out = -1;
	if (ioctl(heapfd, DMA_HEAP_IOCTL_ALLOC, &d) < 0)
		return errno;
	*out = d.fd;
	return 0;
}

static int buf_alloc(const struct heap *h, unsigned long long len, int *out)
{
	return heap_ioc_alloc(h->fd, len, O_RDWR | O_CLOEXEC, 0, 0, out);
}

/* Copy the value of "key:\t<value>" from /proc/self/fdinfo/<fd>. */
static int fdinfo_field(int fd, const char *key, char *val, size_t n)
{
	char path[64], line[256];
	size_t klen = strlen(key);
	FILE *f;
	int ret = -1;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, klen) || line[klen] != ':' ||
		    line[klen + 1] != '\t')
			continue;
		line[strcspn(line, "\n")] = '\0';
		snprintf(val, n, "%s", line + klen + 2);
		ret = 0;
		break;
	}
	fclose(f);
	if (ret)
		tap_diag("%s: no '%s:' line", path, key);
	return ret;
}

static int fdinfo_size_is(int fd, unsigned long long want)
{
	char val[64];

	if (fdinfo_field(fd, "size", val, sizeof(val)))
		return 0;
	return expect_eq("fdinfo size", strtoull(val, NULL, 10), want);
}

/* An allocation that must fail with @want and leave used/buffers alone. */
static void expect_alloc_fail(const struct heap *h, const char *what,
			      unsigned long long len, unsigned int fd_flags,
			      unsigned long long heap_flags, unsigned int in_fd,
			      int want)
{
	struct rh_stats a, b;
	int fd, err, ok;

	if (read_stats(h->name, &a)) {
		tap_result(0, "%s", tn(h, what));
		return;
	}
	err = heap_ioc_alloc(h->fd, len, fd_flags, heap_flags, in_fd, &fd);
	if (!err)
		close(fd);
	ok = errno_is(what, err, want);
	ok &= expect_stats(h, &a, 0, 0, want == ENOMEM, &b);
	if (!ok)
		tap_diag("request: len %llu fd_flags 0x%x heap_flags 0x%llx fd %u",
			 len, fd_flags, heap_flags, in_fd);
	tap_result(ok, "%s", tn(h, what));
}

/* Close @n buffers (skipping -1) and expect a whole, empty heap. */
static void free_restores_whole_heap(const struct heap *h, const char *what,
				     int *fds, int n)
{
	struct rh_stats b;
	int i, ok;

	for (i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	ok = !read_stats(h->name, &b);
	if (ok) {
		ok = expect_eq("used", b.used, 0) &
		     expect_eq("buffers", b.buffers, 0) &
		     expect_eq("largest_free", b.largest_free, h->total);
		if (!ok)
			stats_diag("after free", &b);
	}
	tap_result(ok, "%s", tn(h, what));
}

static int device_opens(struct heap *h)
{
	char path[256];

	snprintf(path, sizeof(path), DEV_DIR "/%s", h->name);
	h->fd = open(path, O_RDWR | O_CLOEXEC);
	if (h->fd < 0)
		tap_diag("open %s: %s(%d)", path, errname(errno), errno);
	return tap_result(h->fd >= 0, "%s", tn(h, "device_opens"));
}

static int stats_start_empty(struct heap *h)
{
	struct rh_stats s;
	int ok;

	if (read_stats(h->name, &s))
		return tap_result(0, "%s", tn(h, "stats_start_empty"));
	h->total = s.total;
	stats_diag(h->name, &s);
	ok = s.total > 0 && s.total % pg == 0;
	if (!ok)
		tap_diag("total %llu is not a positive page multiple", s.total);
	ok &= expect_eq("used", s.used, 0) &
	      expect_eq("buffers", s.buffers, 0) &
	      expect_eq("largest_free", s.largest_free, s.total);
	tap_result(ok, "%s", tn(h, "stats_start_empty"));
	return s.total > 0;
}

/* Allocate @len, check accounting and fdinfo, free, check accounting. */
static int alloc_free_exact(const struct heap *h, unsigned long long len)
{
	struct rh_stats a, b, c;
	int fd, err, ok;

	if (read_stats(h->name, &a))
		return 0;
	err = buf_alloc(h, len, &fd);
	if (!errno_is("alloc", err, 0))
		return 0;
	ok = expect_stats(h, &a, pgup(len), 1, 0, &b);
	ok &= fdinfo_size_is(fd, pgup(len));
	close(fd);
	ok &= expect_stats(h, &a, 0, 0, 0, &c);
	return ok;
}

static void alloc_one_byte_uses_one_page(const struct heap *h)
{
	tap_result(alloc_free_exact(h, 1), "%s",
		   tn(h, "alloc_one_byte_uses_one_page"));
}

static void alloc_frame_sizes_account_exactly(const struct heap *h)
{
	static const struct { const char *name; unsigned long long len; } f[] = {
		{ "640x360_nv12", 640 * 360 * 3 / 2 },
		{ "1280x720_nv12", 1280 * 720 * 3 / 2 },
		{ "1920x1080_nv12", 1920 * 1080 * 3 / 2 },
		{ "1920x1080_xrgb8888", 1920 * 1080 * 4 },
	};
	char what[96], why[96];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(f); i++) {
		snprintf(what, sizeof(what), "alloc_frame_%s_%llu", f[i].name,
			 f[i].len);
		if (pgup(f[i].len) > h->total) {
			snprintf(why, sizeof(why), "heap smaller than %llu",
				 pgup(f[i].len));
			tap_skip(tn(h, what), why);
			continue;
		}
		tap_result(alloc_free_exact(h, f[i].len), "%s", tn(h, what));
	}
}

static void alloc_whole_heap_then_one_page_more(const struct heap *h)
{
	struct rh_stats a, b;
	int fd = -1, ok;

	ok = !read_stats(h->name, &a);
	ok = ok && errno_is("alloc total", buf_alloc(h, h->total, &fd), 0);
	ok = ok && expect_stats(h, &a, h->total, 1, 0, &b) &
		   expect_eq("largest_free", b.largest_free, 0);
	tap_result(ok, "%s", tn(h, "alloc_whole_heap_succeeds"));
	expect_alloc_fail(h, "alloc_in_full_heap_fails_enomem", pg,
			  O_RDWR | O_CLOEXEC, 0, 0, ENOMEM);
	free_restores_whole_heap(h, "free_whole_heap_restores_it", &fd, 1);
}

/*
 * Requests the heap must refuse. The EINVAL ones are rejected by the dma-heap
 * core before the heap sees them; the ENOMEM ones are too big for the
 * carveout and each counts as one alloc_failure.
 */
static void alloc_rejects_invalid_requests(const struct heap *h)
{
	const unsigned int ff = O_RDWR | O_CLOEXEC;
	const struct {
		const char *what;
		unsigned long long len;
		unsigned int fd_flags;
		unsigned long long heap_flags;
		unsigned int in_fd;
		int want;
	} t[] = {
		{ "alloc_total_plus_page_enomem", h->total + pg, ff, 0, 0,
		  ENOMEM },
		{ "alloc_1tib_enomem", 1ULL << 40, ff, 0, 0, ENOMEM },
		{ "alloc_len_0_einval", 0, ff, 0, 0, EINVAL },
		{ "alloc_len_size_max_einval", SIZE_MAX, ff, 0, 0, EINVAL },
		/* PAGE_ALIGN() wraps to 0 above SIZE_MAX - page + 1 */
		{ "alloc_len_page_align_overflow_einval", SIZE_MAX - pg + 2,
		  ff, 0, 0, EINVAL },
		/* the largest page-aligned length: no overflow, too big */
		{ "alloc_len_max_aligned_enomem", SIZE_MAX - pg + 1, ff, 0, 0,
		  ENOMEM },
		/* already page aligned, two pages below the top */
		{ "alloc_len_max_minus_page_aligned_enomem",
		  SIZE_MAX - 2 * pg + 1, ff, 0, 0, ENOMEM },
		/* rounds up to the largest page-aligned length */
		{ "alloc_len_rounds_to_max_aligned_enomem", SIZE_MAX - 2 * pg + 2,
		  ff, 0, 0, ENOMEM },
		{ "alloc_heap_flags_bit0_einval", pg, ff, 1, 0, EINVAL },
		{ "alloc_heap_flags_bit63_einval", pg, ff, 1ULL << 63, 0,
		  EINVAL },
		{ "alloc_fd_flags_o_append_einval", pg, O_RDWR | O_APPEND, 0, 0,
		  EINVAL },
		{ "alloc_fd_flags_o_nonblock_einval", pg, O_RDWR | O_NONBLOCK,
		  0, 0, EINVAL },
		{ "alloc_nonzero_input_fd_einval", pg, ff, 0, 1, EINVAL },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++)
		expect_alloc_fail(h, t[i].what, t[i].len, t[i].fd_flags,
				  t[i].heap_flags, t[i].in_fd, t[i].want);
}

static void mmap_is_refused(const struct heap *h, int fd, const char *what,
			    int prot, int flags)
{
	void *p = mmap(NULL, pg, prot, flags, fd, 0);
	int err = p == MAP_FAILED ? errno : 0;

	if (p != MAP_FAILED)
		munmap(p, pg);
	tap_result(errno_is(what, err, EPERM), "%s", tn(h, what));
}

static void sync_is_refused(const struct heap *h, int fd, const char *what,
			    unsigned long long flags)
{
	struct dma_buf_sync s = { .flags = flags };
	int err = ioctl(fd, DMA_BUF_IOCTL_SYNC, &s) < 0 ? errno : 0;

	tap_result(errno_is(what, err, EPERM), "%s", tn(h, what));
}

static void cpu_access_is_refused(const struct heap *h)
{
	char b[16] = { 0 }, val[128];
	ssize_t n;
	int fd, err;

	err = buf_alloc(h, pg, &fd);
	if (!tap_result(errno_is("alloc", err, 0), "%s",
			tn(h, "alloc_page_for_cpu_access_tests")))
		return;
	mmap_is_refused(h, fd, "mmap_shared_ro_eperm", PROT_READ, MAP_SHARED);
	mmap_is_refused(h, fd, "mmap_shared_rw_eperm",
			PROT_READ | PROT_WRITE, MAP_SHARED);
	mmap_is_refused(h, fd, "mmap_private_eperm", PROT_READ, MAP_PRIVATE);
	sync_is_refused(h, fd, "sync_start_read_eperm",
			DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
	sync_is_refused(h, fd, "sync_start_write_eperm",
			DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
	/* END without a direction is rejected by the dma-buf core (EINVAL). */
	sync_is_refused(h, fd, "sync_end_eperm",
			DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW);
	n = read(fd, b, sizeof(b));
	err = n < 0 ? errno : 0;
	tap_errno(n, err, EINVAL, tn(h, "read_einval"));
	n = write(fd, b, sizeof(b));
	err = n < 0 ? errno : 0;
	tap_errno(n, err, EINVAL, tn(h, "write_einval"));
	err = fdinfo_field(fd, "exp_name", val, sizeof(val));
	if (!err && strcmp(val, h->name)) {
		tap_diag("exp_name '%s', expected '%s'", val, h->name);
		err = -1;
	}
	tap_result(!err, "%s", tn(h, "fdinfo_exp_name_is_heap_name"));
	close(fd);
}

static void fill_heap_exactly(const struct heap *h)
{
	unsigned long long chunk = SZ_1M, left = h->total, len;
	int n = 0, max, err = 0, *fds;
	struct rh_stats a, b;
	int ok;

	if (h->total / 256 > chunk)	/* stay well below RLIMIT_NOFILE */
		chunk = pgup(h->total / 256);
	max = h->total / chunk + 1;
	fds = calloc(max, sizeof(*fds));
	if (!fds || read_stats(h->name, &a)) {
		tap_result(0, "%s", tn(h, "fill_heap_exactly"));
		free(fds);
		return;
	}
	while (left && n < max) {
		len = left < chunk ? left : chunk;
		err = buf_alloc(h, len, &fds[n]);
		if (err) {
			tap_diag("chunk %d (len %llu, %llu left): %s(%d)", n,
				 len, left, errname(err), err);
			break;
		}
		n++;
		left -= len;
	}
	ok = expect_eq("bytes left unallocated", left, 0) &&
	     expect_stats(h, &a, h->total, n, 0, &b) &
	     expect_eq("largest_free", b.largest_free, 0);
	tap_diag("filled with %d buffers of up to %llu bytes", n, chunk);
	tap_result(ok, "%s", tn(h, "fill_heap_exactly"));
	expect_alloc_fail(h, "alloc_in_filled_heap_fails_enomem", pg,
			  O_RDWR | O_CLOEXEC, 0, 0, ENOMEM);
	free_restores_whole_heap(h, "free_filled_heap_restores_it", fds, n);
	free(fds);
}

/*
 * Fragmentation layout, heap of T = P pages, fresh and empty:
 *   B = (P / 16) pages, R = T - 16 * B (< 16 pages, maybe 0).
 * R is allocated first and the 16 blocks of B after it, so the heap is full
 * and (first-fit/best-fit from one extent) laid out [R][B0][B1]...[B15].
 * Freeing B0, B2, ..., B14 leaves 8 holes of exactly B, each bounded by kept
 * buffers (R or the heap start below B0, B15 at the top), so nothing can
 * coalesce: used = R + 8B, largest_free = B, free space = 8B >= 2B.
 * The same holds for a top-down allocator (mirror image).
 */
static void fragmentation(const struct heap *h)
{
	unsigned long long blk = h->total / pg / NR_FRAG * pg;
	unsigned long long rem = h->total - NR_FRAG * blk;
	int fds[NR_FRAG + 1], i, err = 0, ok, nbuf = 0;
	struct rh_stats a, b;

	for (i = 0; i < NR_FRAG + 1; i++)
		fds[i] = -1;
	if (!blk) {
		tap_skip(tn(h, "fragmentation"), "heap smaller than 16 pages");
		return;
	}
	if (read_stats(h->name, &a)) {
		tap_result(0, "%s", tn(h, "fragmentation_leaves_block_holes"));
		return;
	}
	if (rem)
		err = buf_alloc(h, rem, &fds[NR_FRAG]);
	for (i = 0; i < NR_FRAG && !err; i++)
		err = buf_alloc(h, blk, &fds[i]);
	tap_diag("block %llu, remainder %llu", blk, rem);
	if (!errno_is("alloc blocks", err, 0)) {
		tap_result(0, "%s", tn(h, "fragmentation_leaves_block_holes"));
		free_restores_whole_heap(h, "free_fragmented_heap_coalesces",
					 fds, NR_FRAG + 1);
		return;
	}
	for (i = 0; i < NR_FRAG; i += 2) {
		close(fds[i]);
		fds[i] = -1;
	}
	for (i = 0; i < NR_FRAG + 1; i++)
		nbuf += fds[i] >= 0;
	ok = expect_stats(h, &a, rem + NR_FRAG / 2 * blk, nbuf, 0, &b) &
	     expect_eq("largest_free", b.largest_free, blk);
	tap_result(ok, "%s", tn(h, "fragmentation_leaves_block_holes"));

	expect_alloc_fail(h, "alloc_two_blocks_in_holes_fails_enomem", 2 * blk,
			  O_RDWR | O_CLOEXEC, 0, 0, ENOMEM);

	ok = !read_stats(h->name, &a);
	ok = ok && errno_is("alloc one block", buf_alloc(h, blk, &fds[0]), 0);
	ok = ok && expect_stats(h, &a, blk, 1, 0, &b) &
		   expect_eq("largest_free", b.largest_free, blk);
	tap_result(ok, "%s", tn(h, "alloc_one_block_fills_a_hole"));

	free_restores_whole_heap(h, "free_fragmented_heap_coalesces", fds,
				 NR_FRAG + 1);
}

static unsigned long long xorshift(unsigned long long *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* One child: random alloc/free; only ENOMEM is tolerated. */
static int child_alloc_free(const struct heap *h, int idx, int pipefd)
{
	unsigned long long seed = 0x9e3779b97f4a7c15ULL * (idx + 1), len, r;
	unsigned long long lens[CHILD_LIVE], enomem = 0;
	int fds[CHILD_LIVE], live = 0, i, err, fail = 0;
	struct heap mine = *h;
	char path[256];

	snprintf(path, sizeof(path), DEV_DIR "/%s", h->name);
	mine.fd = open(path, O_RDWR | O_CLOEXEC);
	if (mine.fd < 0)
		return 1;
	for (i = 0; i < CHILD_ITERS && !fail; i++) {
		r = xorshift(&seed);
		if (live < CHILD_LIVE && (!live || r % 3)) {
			len = r % 16 ? (1 + (r >> 8) % 8) * pg : SZ_1M;
			len -= (r >> 16) % pg;	/* exercise rounding */
			err = buf_alloc(&mine, len, &fds[live]);
			if (err == ENOMEM) {
				enomem++;
			} else if (err) {
				tap_diag("child %d iter %d: alloc %llu: %s(%d)",
					 idx, i, len, errname(err), err);
				fail = 1;
			} else {
				lens[live] = pgup(len);
				fail = !fdinfo_size_is(fds[live], lens[live]);
				live++;
			}
		} else {
			r = (r >> 8) % live;
			fail = close(fds[r]) != 0;
			fds[r] = fds[--live];
			lens[r] = lens[live];
		}
	}
	while (live)
		close(fds[--live]);
	close(mine.fd);
	if (write(pipefd, &enomem, sizeof(enomem)) != sizeof(enomem))
		fail = 1;
	return fail;
}

static void concurrent_alloc_free(const struct heap *h)
{
	unsigned long long enomem = 0, v;
	pid_t pids[NR_CHILDREN];
	int p[2], i, status, ok = 1, reports = 0;
	struct rh_stats a, b;

	if (read_stats(h->name, &a) || pipe(p)) {
		tap_result(0, "%s", tn(h, "concurrent_children_succeed"));
		return;
	}
	for (i = 0; i < NR_CHILDREN; i++) {
		fflush(stdout);
		pids[i] = fork();
		if (pids[i] == 0) {
			close(p[0]);
			status = child_alloc_free(h, i, p[1]);
			fflush(stdout);
			_exit(status);
		}
		if (pids[i] < 0)
			tap_diag("fork: %s(%d)", errname(errno), errno);
	}
	close(p[1]);
	while (read(p[0], &v, sizeof(v)) == sizeof(v)) {
		enomem += v;
		reports++;
	}
	close(p[0]);
	for (i = 0; i < NR_CHILDREN; i++) {
		if (pids[i] < 0 || waitpid(pids[i], &status, 0) != pids[i] ||
		    !WIFEXITED(status) || WEXITSTATUS(status)) {
			tap_diag("child %d failed (status 0x%x)", i,
				 pids[i] < 0 ? -1 : status);
			ok = 0;
		}
	}
	ok &= expect_eq("children reporting", reports, NR_CHILDREN);
	tap_result(ok, "%s", tn(h, "concurrent_children_succeed"));

	tap_diag("children saw %llu ENOMEM", enomem);
	ok = expect_stats(h, &a, 0, 0, enomem, &b) &
	     expect_eq("used", b.used, 0) &
	     expect_eq("buffers", b.buffers, 0) &
	     expect_eq("largest_free", b.largest_free, h->total);
	tap_result(ok, "%s", tn(h, "concurrent_accounting_balances"));
}

static void buffer_outlives_heap_fd(const struct heap *h)
{
	struct heap other = *h;
	struct rh_stats a, b;
	char path[256];
	int fd = -1, ok;

	snprintf(path, sizeof(path), DEV_DIR "/%s", h->name);
	other.fd = open(path, O_RDWR | O_CLOEXEC);
	ok = other.fd >= 0 && !read_stats(h->name, &a);
	ok = ok && errno_is("alloc", buf_alloc(&other, pg, &fd), 0);
	if (other.fd >= 0)
		close(other.fd);
	ok = ok && expect_stats(h, &a, pg, 1, 0, &b) && fdinfo_size_is(fd, pg);
	tap_result(ok, "%s", tn(h, "buffer_outlives_heap_fd"));
	ok = fd >= 0;
	if (ok)
		close(fd);
	ok = ok && expect_stats(h, &a, 0, 0, 0, &b);
	tap_result(ok, "%s", tn(h, "buffer_freed_after_heap_fd_closed"));
}

static int fd_flags_are(int fd, int cloexec, int accmode)
{
	int fdfl = fcntl(fd, F_GETFD), fl = fcntl(fd, F_GETFL);

	if (fdfl < 0 || fl < 0) {
		tap_diag("fcntl: %s(%d)", errname(errno), errno);
		return 0;
	}
	return expect_eq("FD_CLOEXEC", fdfl & FD_CLOEXEC, cloexec) &
	       expect_eq("O_ACCMODE", fl & O_ACCMODE, accmode);
}

static void alloc_rdonly_cloexec_is_honoured(const struct heap *h)
{
	int fd, err, ok;
	char c = 0;

	err = heap_ioc_alloc(h->fd, pg, O_RDONLY | O_CLOEXEC, 0, 0, &fd);
	ok = errno_is("alloc O_RDONLY|O_CLOEXEC", err, 0);
	if (ok) {
		ok = fd_flags_are(fd, FD_CLOEXEC, O_RDONLY);
		err = write(fd, &c, 1) < 0 ? errno : 0;
		ok &= errno_is("write on O_RDONLY buffer", err, EBADF);
		close(fd);
	}
	tap_result(ok, "%s", tn(h, "alloc_rdonly_cloexec_is_honoured"));
}

static void alloc_without_cloexec_is_honoured(const struct heap *h)
{
	int fd, err, ok;

	err = heap_ioc_alloc(h->fd, pg, O_RDWR, 0, 0, &fd);
	ok = errno_is("alloc O_RDWR", err, 0);
	if (ok) {
		ok = fd_flags_are(fd, 0, O_RDWR);
		close(fd);
	}
	tap_result(ok, "%s", tn(h, "alloc_without_cloexec_is_honoured"));
}

/*
 * A command of another driver on the heap's descriptor (patch 0019). The
 * dma-heap core took a command by its number alone: DMA_BUF_IOCTL_SYNC,
 * number 0 like DMA_HEAP_IOCTL_ALLOC, allocated a buffer of the struct
 * dma_buf_sync's "flags" bytes and installed its descriptor, which the
 * caller never learnt. Now ENOTTY, no descriptor installed, no dma-buf of
 * any exporter more (debugfs bufinfo) and, with @stats, the restricted
 * heap's statistics unchanged.
 */
static void foreign_ioctl_is_refused(const struct heap *h, bool stats,
				     const char *what, unsigned long cmd,
				     void *arg)
{
	long long objs0 = -1, bytes0 = -1, objs1 = -1, bytes1 = -1;
	bool open0[FD_TABLE_MAX], open1[FD_TABLE_MAX];
	int fds0, fds1, err, ok, fd;
	struct rh_stats a, b;

	ok = !(stats && read_stats(h->name, &a));
	if (dmabuf_totals(&objs0, &bytes0)) {
		tap_diag(DMABUF_BUFINFO ": no \"Total\" line");
		ok = 0;
	}
	fds0 = fd_table(open0);
	err = ioctl(h->fd, cmd, arg) < 0 ? errno : 0;
	fds1 = fd_table(open1);
	dmabuf_totals(&objs1, &bytes1);
	ok &= errno_is(what, err, ENOTTY);
	ok &= fds0 >= 0 && expect_eq("open descriptors", fds1, fds0);
	ok &= expect_eq("live dma-bufs", objs1, objs0) &
	      expect_eq("their bytes", bytes1, bytes0);
	if (stats)
		ok &= expect_stats(h, &a, 0, 0, 0, &b);
	/* what a kernel without the fix installed: closed, for what follows */
	for (fd = 0; fds0 >= 0 && fd < FD_TABLE_MAX; fd++) {
		if (!open1[fd] || open0[fd])
			continue;
		tap_diag("descriptor %d was installed by the command", fd);
		close(fd);
	}
	tap_result(ok, "%s", tn(h, what));
}

static void foreign_ioctls_are_refused(const struct heap *h, bool stats)
{
	struct dma_buf_sync sync = {
		.flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW,
	};
	char name[DMA_BUF_NAME_LEN] = "foreign";

	foreign_ioctl_is_refused(h, stats,
				 "heap_fd_refuses_dma_buf_ioctl_sync_enotty",
				 DMA_BUF_IOCTL_SYNC, &sync);
	foreign_ioctl_is_refused(h, stats,
				 "heap_fd_refuses_dma_buf_set_name_b_enotty",
				 DMA_BUF_SET_NAME_B, name);
}

static void test_heap(struct heap *h)
{
	tap_diag("heap %s", h->name);
	if (!device_opens(h))
		return;
	if (!stats_start_empty(h)) {
		close(h->fd);
		return;
	}
	alloc_one_byte_uses_one_page(h);
	alloc_frame_sizes_account_exactly(h);
	alloc_whole_heap_then_one_page_more(h);
	alloc_rejects_invalid_requests(h);
	cpu_access_is_refused(h);
	fill_heap_exactly(h);
	fragmentation(h);
	concurrent_alloc_free(h);
	buffer_outlives_heap_fd(h);
	alloc_rdonly_cloexec_is_honoured(h);
	alloc_without_cloexec_is_honoured(h);
	foreign_ioctls_are_refused(h, true);
	close(h->fd);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char * const *)a, *(char * const *)b);
}

/* Every entry of the debugfs directory names a restricted heap. */
static int discover_heaps(char **names)
{
	struct dirent *de;
	int n = 0;
	DIR *d;

	d = opendir(STATS_DIR);
	if (!d) {
		tap_diag("opendir " STATS_DIR ": %s(%d)", errname(errno),
			 errno);
		return 0;
	}
	while ((de = readdir(d)) && n < MAX_HEAPS) {
		if (de->d_name[0] == '.')
			continue;
		names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_names);
	return n;
}

/*
 * The heaps without restricted statistics (the system heap, the CMA heap
 * "reserved"): the dma-heap core's ioctl, which they share with the
 * restricted heaps.
 */
static void test_ordinary_heaps(char **restricted, int nr)
{
	struct dirent **de;
	struct heap h;
	int n, i, k;

	n = scandir(DEV_DIR, &de, NULL, alphasort);
	if (n < 0) {
		tap_diag("scandir " DEV_DIR ": %s(%d)", errname(errno), errno);
		return;
	}
	for (i = 0; i < n; i++) {
		for (k = 0; k < nr && strcmp(restricted[k], de[i]->d_name); k++)
			;
		if (de[i]->d_name[0] != '.' && k == nr) {
			h = (struct heap){ .name = de[i]->d_name, .fd = -1 };
			tap_diag("heap %s", h.name);
			if (device_opens(&h)) {
				foreign_ioctls_are_refused(&h, false);
				close(h.fd);
			}
		}
		free(de[i]);
	}
	free(de);
}

int main(int argc, char **argv)
{
	char *names[MAX_HEAPS];
	struct heap h;
	int n, i;

	pg = sysconf(_SC_PAGESIZE);
	if (argc > 1) {
		n = argc - 1 < MAX_HEAPS ? argc - 1 : MAX_HEAPS;
		for (i = 0; i < n; i++)
			names[i] = argv[i + 1];
	} else {
		n = discover_heaps(names);
		if (!tap_result(n > 0, "restricted_heaps_discovered (%d)", n))
			return tap_done();
	}
	for (i = 0; i < n; i++) {
		h = (struct heap){ .name = names[i], .fd = -1 };
		test_heap(&h);
	}
	if (argc == 1)
		test_ordinary_heaps(names, n);
	return tap_done();
}

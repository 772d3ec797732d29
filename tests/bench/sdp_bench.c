// SPDX-License-Identifier: GPL-2.0
/*
 * sdp_bench - what each layer of the secure data path costs, measured in
 * the guest (make bench, issue 12). Every figure is the median of many
 * repetitions, each repetition timing the figure and its reference one
 * after the other (interleaved, so that both see the same machine), and is
 * reported as a time ratio to the reference: figure / reference, lower is
 * better.
 *
 *   heap     allocate + close of 4 KiB, 3 MiB and 8 MiB on each restricted
 *            heap, the system heap and the CMA heap ("reserved"), against
 *            the floor: DMA_HEAP_IOCTL_ALLOC of length 0 on the same heap
 *            (EINVAL from the dma-heap core: the syscall and the checks).
 *            A restricted buffer's close includes its scrub (below).
 *   tee      TEE_IOC_SHM_REGISTER_FD of a restricted 3 MiB dma-buf and the
 *            close of the shm fd, against TEE_IOC_SHM_ALLOC of 3 MiB and
 *            its close; the SDP test TA's INJECT (normal-world memory to
 *            the restricted buffer) and DUMP (back) of 3 MiB, the normal
 *            side as registered shared memory, then as a temporary memref
 *            (as xtest passes it), against a guest memcpy of 3 MiB; the
 *            scrub: every freed restricted buffer is cleared by the secure
 *            world (the restricted-memory PTA's SCRUB, a memset at EL3)
 *            whether it was used or not, so the scrub is measured as
 *            allocate + close of 8 MiB with the kernel's scrub driver
 *            bound minus the same with it unbound (the heap then reuses
 *            ranges as they are), per MiB, against a guest memset of 1 MiB.
 *   latency  how long a CPU goes without taking a normal-world interrupt:
 *            a SCHED_FIFO thread pinned on each CPU sleeps 1 ms in a loop
 *            and records how late it wakes (the max and the 99th
 *            percentile), while a load thread makes secure calls (SDP TA
 *            DUMP of 3 MiB, scrubs of 8 MiB), against the same with no
 *            load (the kernel has a 250 Hz periodic tick and no
 *            high-resolution timers: a 1 ms sleep already ends on a tick;
 *            and QEMU's vCPUs share the host). The load's longest calls
 *            are reported against the 5 ms of issue 12 too: their wall
 *            time, now that a normal-world interrupt suspends a secure
 *            call, no longer a time a CPU stayed deaf. That figure is the
 *            firmware's own (the longest a timer interrupt waited for the
 *            secure world), which bench-collect.py reads from the secure
 *            console.
 *            --latency-only SECONDS --label TEXT runs the samplers alone,
 *            while another program makes the load (bench-video.sh: sdp-demo
 *            at 720p), against the 5 ms.
 *
 * Output: TAP (one result per figure measured), the table as TAP
 * comments, and one "# bench-json: {...}" line per figure, which
 * scripts/bench-collect.py gathers into build/bench/results.json.
 * --smoke: few repetitions and small sizes (make check's smoke run): the
 * numbers are printed, never asserted.
 *
 * Needs the test firmware (the SDP test TA) for the SDP figures; without
 * it they are skipped with the reason.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <linux/dma-heap.h>
#include <linux/tee.h>
#include <tee_client_api.h>

#include "sdp_heap.h"
#include "sdp_ta.h"
#include "sdp_tee.h"
#include "tap.h"

#define KiB		(1024ul)
#define MiB		(1024ul * 1024)
#define SCRUB_DEV	"optee-ta-d25455d6-6dfd-4034-8a4e-b804a5e8acdb"
#define SCRUB_DRV	"/sys/bus/tee/drivers/restricted-heap-scrub/"
#define MAX_REPS	1001

static struct {
	bool smoke;
	int reps;		/* target repetitions per figure */
	double budget;		/* seconds per figure, at least min_reps */
	int min_reps;
	double latency_s;	/* each latency phase */
	const char *label;	/* --latency-only: what made the load */
} opt = { .reps = 101, .budget = 4.0, .min_reps = 9, .latency_s = 5.0 };

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One timed operation: returns its seconds, or a negative value on failure. */
typedef double (*op_fn)(void *ctx);

struct figure {
	const char *group, *name, *ref_name, *unit;	/* unit: "us" or "ms" */
	double value, ref, ratio;			/* in unit */
	int reps;
};

static void print_header(void)
{
	tap_diag("%-8s %-44s %10s  %-34s %10s %8s %5s", "group", "figure",
		 "median", "reference", "median", "ratio", "reps");
}

/* The table row, the JSON line and the TAP result of one figure. */
static void report(const struct figure *f)
{
	tap_diag("%-8s %-44s %7.1f %-2s  %-34s %7.1f %-2s %7.2fx %5d",
		 f->group, f->name, f->value, f->unit, f->ref_name, f->ref,
		 f->unit, f->ratio, f->reps);
	printf("# bench-json: {\"group\": \"%s\", \"figure\": \"%s\", "
	       "\"unit\": \"%s\", \"median\": %.3f, \"reference\": \"%s\", "
	       "\"ref_median\": %.3f, \"ratio\": %.4f, \"reps\": %d}\n",
	       f->group, f->name, f->unit, f->value, f->ref_name, f->ref,
	       f->ratio, f->reps);
	tap_result(1, "%s: %s measured", f->group, f->name);
}

/*
 * Median of @fig and of @ref over interleaved repetitions (the reference
 * first, then the figure), in the figure's unit; false if an operation
 * failed (diagnosed by it).
 */
static bool measure(struct figure *f, op_fn ref, void *ref_ctx, op_fn fig,
		    void *fig_ctx)
{
	static double tr[MAX_REPS], tf[MAX_REPS];
	double scale = strcmp(f->unit, "ms") ? 1e6 : 1e3;
	double start = now();
	int n;

	for (n = 0; n < opt.reps && n < MAX_REPS &&
	     (n < opt.min_reps || now() - start < opt.budget); n++) {
		tr[n] = ref(ref_ctx);
		tf[n] = fig(fig_ctx);
		if (tr[n] < 0 || tf[n] < 0)
			return false;
	}
	f->reps = n;
	f->ref = median(tr, n) * scale;
	f->value = median(tf, n) * scale;
	f->ratio = f->ref > 0 ? f->value / f->ref : 0;
	return true;
}

static void failed(const char *group, const char *name)
{
	tap_result(0, "%s: %s measured", group, name);
}

/* ---- heap --------------------------------------------------------------- */

struct heap_op {
	int heap_fd;
	size_t len;
	const char *heap;
};

static double op_alloc_close(void *ctx)
{
	struct heap_op *h = ctx;
	struct dma_heap_allocation_data d = {
		.len = h->len, .fd_flags = O_RDWR | O_CLOEXEC,
	};
	double t = now();

	if (ioctl(h->heap_fd, DMA_HEAP_IOCTL_ALLOC, &d)) {
		tap_diag("%s: DMA_HEAP_IOCTL_ALLOC(%zu): %s", h->heap, h->len,
			 strerror(errno));
		return -1;
	}
	close(d.fd);
	return now() - t;
}

static double op_alloc_floor(void *ctx)
{
	struct heap_op *h = ctx;
	struct dma_heap_allocation_data d = {
		.len = 0, .fd_flags = O_RDWR | O_CLOEXEC,
	};
	double t = now();

	if (ioctl(h->heap_fd, DMA_HEAP_IOCTL_ALLOC, &d) == 0 ||
	    errno != EINVAL) {
		tap_diag("%s: DMA_HEAP_IOCTL_ALLOC(0) did not fail with EINVAL",
			 h->heap);
		return -1;
	}
	return now() - t;
}

static const char *size_name(size_t len, char *buf, size_t size)
{
	if (len >= MiB && len % MiB == 0)
		snprintf(buf, size, "%zu MiB", len / MiB);
	else
		snprintf(buf, size, "%zu KiB", len / KiB);
	return buf;
}

static void bench_heaps(void)
{
	static const char *const heaps[] = {
		"restricted", "restricted-ui", "system", "reserved",
	};
	static const size_t sizes[] = { 4 * KiB, 3 * MiB, 8 * MiB };
	static const size_t smoke_sizes[] = { 4 * KiB, 64 * KiB };
	const size_t *sz = opt.smoke ? smoke_sizes : sizes;
	size_t nsz = opt.smoke ? 2 : 3;
	char name[96], s[32];
	size_t i, j;

	for (i = 0; i < sizeof(heaps) / sizeof(heaps[0]); i++) {
		struct heap_op h = { .heap = heaps[i] };

		h.heap_fd = sdp_heap_open(heaps[i]);
		for (j = 0; j < nsz; j++) {
			struct figure f = {
				.group = "heap", .name = name, .unit = "us",
				.ref_name = "failing alloc (len 0), same heap",
			};

			snprintf(name, sizeof(name), "%s alloc+close %s",
				 heaps[i], size_name(sz[j], s, sizeof(s)));
			if (h.heap_fd < 0) {
				tap_skip(name, "no such heap");
				continue;
			}
			h.len = sz[j];
			if (measure(&f, op_alloc_floor, &h, op_alloc_close, &h))
				report(&f);
			else
				failed("heap", name);
		}
		if (h.heap_fd >= 0)
			close(h.heap_fd);
	}
}

/* ---- TEE: registration, the SDP TA, the scrub --------------------------- */

struct tee_op {
	int tee_fd, dmabuf_fd;
	size_t len;
};

static double op_register_fd(void *ctx)
{
	struct tee_op *o = ctx;
	struct tee_ioctl_shm_register_fd_data d = { .fd = o->dmabuf_fd };
	double t = now();
	int fd = ioctl(o->tee_fd, TEE_IOC_SHM_REGISTER_FD, &d);

	if (fd < 0) {
		tap_diag("TEE_IOC_SHM_REGISTER_FD: %s", strerror(errno));
		return -1;
	}
	close(fd);
	return now() - t;
}

static double op_shm_alloc(void *ctx)
{
	struct tee_op *o = ctx;
	struct tee_ioctl_shm_alloc_data d = { .size = o->len };
	double t = now();
	int fd = ioctl(o->tee_fd, TEE_IOC_SHM_ALLOC, &d);

	if (fd < 0) {
		tap_diag("TEE_IOC_SHM_ALLOC(%zu): %s", o->len, strerror(errno));
		return -1;
	}
	close(fd);
	return now() - t;
}

static void bench_register(size_t len)
{
	struct figure f = {
		.group = "tee", .unit = "us",
		.ref_name = "TEE_IOC_SHM_ALLOC + close",
	};
	struct tee_op o = { .len = len, .dmabuf_fd = -1 };
	char name[96], s[32];

	snprintf(name, sizeof(name), "REGISTER_FD %s + close",
		 size_name(len, s, sizeof(s)));
	f.name = name;
	o.tee_fd = open("/dev/tee0", O_RDWR);
	if (o.tee_fd < 0) {
		tap_skip(name, "no /dev/tee0");
		return;
	}
	o.dmabuf_fd = sdp_heap_alloc("restricted", len, NULL, 0);
	if (o.dmabuf_fd < 0) {
		tap_diag("restricted %zu: %s", len, strerror(-o.dmabuf_fd));
		failed("tee", name);
	} else if (measure(&f, op_shm_alloc, &o, op_register_fd, &o)) {
		report(&f);
	} else {
		failed("tee", name);
	}
	if (o.dmabuf_fd >= 0)
		close(o.dmabuf_fd);
	close(o.tee_fd);
}

/* Keep the compiler from dropping or merging copies into @p. */
static inline void clobber(void *p)
{
	__asm__ volatile("" : : "r"(p) : "memory");
}

struct cpu_op {
	unsigned char *src, *dst;
	size_t len;
};

static double op_memcpy(void *ctx)
{
	struct cpu_op *c = ctx;
	double t = now();

	memcpy(c->dst, c->src, c->len);
	clobber(c->dst);
	return now() - t;
}

static double op_memset(void *ctx)
{
	struct cpu_op *c = ctx;
	double t = now();

	memset(c->dst, 0, c->len);
	clobber(c->dst);
	return now() - t;
}

struct sdp_op {
	struct sdp_tee tee;
	TEEC_SharedMemory ns;		/* normal-world shared memory */
	struct sdp_tee_buf sec;		/* the restricted buffer */
	void *tmp;			/* for temporary memrefs: malloc'd */
	uint32_t cmd;
	bool temp;			/* the normal side as a temporary memref */
	size_t len;
	double longest;			/* the longest call seen */
};

static double op_sdp(void *ctx)
{
	struct sdp_op *s = ctx;
	TEEC_Operation o = { 0 };
	TEEC_RegisteredMemoryReference ns = sdp_tee_memref(&s->ns, 0, s->len);
	TEEC_RegisteredMemoryReference sec =
		sdp_tee_memref(&s->sec.shm, 0, s->len);
	/* INJECT: normal world -> restricted buffer; DUMP: back */
	bool inject = s->cmd == TA_SDP_BASIC_CMD_INJECT;
	uint32_t origin;
	TEEC_Result res;
	double t;

	o.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INPUT,
					TEEC_MEMREF_PARTIAL_OUTPUT,
					TEEC_NONE, TEEC_NONE);
	o.params[0].memref = inject ? ns : sec;
	o.params[1].memref = inject ? sec : ns;
	if (s->temp) {
		/* what xtest does: libteec bounces it through a shm per call */
		o.paramTypes = inject ?
			TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT,
					 TEEC_MEMREF_PARTIAL_OUTPUT,
					 TEEC_NONE, TEEC_NONE) :
			TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INPUT,
					 TEEC_MEMREF_TEMP_OUTPUT,
					 TEEC_NONE, TEEC_NONE);
		o.params[inject ? 0 : 1].tmpref.buffer = s->tmp;
		o.params[inject ? 0 : 1].tmpref.size = s->len;
	}
	t = now();
	res = TEEC_InvokeCommand(&s->tee.sess, s->cmd, &o, &origin);
	t = now() - t;
	if (res != TEEC_SUCCESS) {
		char msg[SDP_TEE_MSG_SIZE];

		tap_diag("%s", sdp_tee_error(msg, sizeof(msg), "SDP TA",
					     res, origin));
		return -1;
	}
	if (t > s->longest)
		s->longest = t;
	return t;
}

/* The SDP TA's session and buffers; false (diagnosed) if not available. */
static bool sdp_open(struct sdp_op *s, size_t len)
{
	static const TEEC_UUID uuid = TA_SDP_BASIC_UUID;
	char msg[SDP_TEE_MSG_SIZE];
	uint32_t origin;
	TEEC_Result res;

	memset(s, 0, sizeof(*s));
	s->sec.fd = -1;
	s->len = len;
	res = sdp_tee_open(&s->tee, &uuid, &origin);
	if (res != TEEC_SUCCESS) {
		tap_diag("%s (the SDP test TA is in the test firmware only)",
			 sdp_tee_error(msg, sizeof(msg), "open SDP TA", res,
				       origin));
		return false;
	}
	s->ns.size = len;
	s->ns.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
	res = TEEC_AllocateSharedMemory(&s->tee.ctx, &s->ns);
	if (res != TEEC_SUCCESS) {
		tap_diag("%s", sdp_tee_error(msg, sizeof(msg),
					     "TEEC_AllocateSharedMemory", res,
					     TEEC_ORIGIN_API));
		return false;
	}
	memset(s->ns.buffer, 0x5a, len);
	s->tmp = malloc(len);
	if (!s->tmp)
		return false;
	memset(s->tmp, 0x5a, len);
	if (sdp_tee_buf_alloc(&s->sec, &s->tee.ctx, "restricted", len, msg,
			      sizeof(msg))) {
		tap_diag("%s", msg);
		return false;
	}
	return true;
}

static void sdp_close(struct sdp_op *s)
{
	sdp_tee_buf_free(&s->sec);
	free(s->tmp);
	if (s->ns.buffer)
		TEEC_ReleaseSharedMemory(&s->ns);
	sdp_tee_close(&s->tee);
}

static bool cpu_alloc(struct cpu_op *c, size_t len)
{
	c->len = len;
	c->src = malloc(len);
	c->dst = malloc(len);
	if (!c->src || !c->dst)
		return false;
	memset(c->src, 0xa5, len);
	memset(c->dst, 0, len);
	return true;
}

static void cpu_free(struct cpu_op *c)
{
	free(c->src);
	free(c->dst);
}

/*
 * INJECT and DUMP with the normal-world side as registered shared memory
 * (one copy, in the TA) and as a temporary memref (as xtest passes it:
 * libteec copies it through a shm of its own too).
 */
static void bench_sdp_ta(size_t len)
{
	static const struct {
		uint32_t cmd;
		bool temp;
		const char *what;
	} cmds[] = {
		{ TA_SDP_BASIC_CMD_INJECT, false, "SDP TA INJECT %s" },
		{ TA_SDP_BASIC_CMD_DUMP, false, "SDP TA DUMP %s" },
		{ TA_SDP_BASIC_CMD_INJECT, true, "SDP TA INJECT %s, temp memref" },
		{ TA_SDP_BASIC_CMD_DUMP, true, "SDP TA DUMP %s, temp memref" },
	};
	enum { N = sizeof(cmds) / sizeof(cmds[0]) };
	struct cpu_op c = { 0 };
	struct sdp_op s;
	char name[N][96], s1[32], ref[64];
	size_t i;
	bool ok;

	size_name(len, s1, sizeof(s1));
	snprintf(ref, sizeof(ref), "guest memcpy %s", s1);
	for (i = 0; i < N; i++)
		snprintf(name[i], sizeof(name[i]), cmds[i].what, s1);
	ok = sdp_open(&s, len);
	if (!ok || !cpu_alloc(&c, len)) {
		for (i = 0; i < N; i++)
			tap_skip(name[i], ok ? "out of memory" :
				 "no SDP test TA (test firmware only)");
		cpu_free(&c);
		sdp_close(&s);
		return;
	}
	for (i = 0; i < N; i++) {
		struct figure f = {
			.group = "tee", .name = name[i], .unit = "us",
			.ref_name = ref,
		};

		s.cmd = cmds[i].cmd;
		s.temp = cmds[i].temp;
		if (measure(&f, op_memcpy, &c, op_sdp, &s))
			report(&f);
		else
			failed("tee", name[i]);
	}
	cpu_free(&c);
	sdp_close(&s);
}

/* Write the scrub device's name to the driver's @file (bind, unbind). */
static int scrub_driver(const char *file)
{
	char path[128];
	int fd, ret = 0;

	snprintf(path, sizeof(path), SCRUB_DRV "%s", file);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	if (write(fd, SCRUB_DEV, strlen(SCRUB_DEV)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static bool scrub_bound(void)
{
	return access(SCRUB_DRV SCRUB_DEV, F_OK) == 0;
}

struct scrub_op {
	struct heap_op h;
	struct cpu_op per_mib;		/* the reference: memset of 1 MiB */
};

/*
 * One repetition of the scrub: allocate + close with the scrub driver
 * unbound, then bound; the difference per MiB, in seconds, into @per_mib
 * (it may be slightly negative: noise around a small scrub). False on a
 * failure (diagnosed), the driver bound again if it can be.
 */
static bool op_scrub(struct scrub_op *s, double *per_mib)
{
	double plain, scrubbed;
	int ret;

	ret = scrub_driver("unbind");
	if (ret || scrub_bound()) {
		tap_diag("unbind %s: %s", SCRUB_DEV, strerror(-ret));
		return false;
	}
	plain = op_alloc_close(&s->h);
	ret = scrub_driver("bind");
	if (ret || !scrub_bound()) {
		tap_diag("bind %s: %s", SCRUB_DEV, strerror(-ret));
		return false;
	}
	scrubbed = op_alloc_close(&s->h);
	if (plain < 0 || scrubbed < 0)
		return false;
	*per_mib = (scrubbed - plain) / ((double)s->h.len / MiB);
	return true;
}

static void bench_scrub(size_t len)
{
	struct scrub_op s = { .h = { .heap = "restricted", .len = len } };
	struct figure f = {
		.group = "tee", .unit = "ms",
		.name = "scrub per MiB (restricted, bound - unbound)",
		.ref_name = "guest memset 1 MiB",
	};
	static double t[MAX_REPS], r[MAX_REPS];
	double start = now();
	bool ok = true;
	int n;

	if (!scrub_bound()) {
		tap_skip(f.name, "the restricted-heap-scrub driver is not bound");
		return;
	}
	s.h.heap_fd = sdp_heap_open("restricted");
	if (s.h.heap_fd < 0 || !cpu_alloc(&s.per_mib, MiB)) {
		failed("tee", f.name);
		return;
	}
	/* measure()'s loop, on a figure that is a difference of two timings */
	for (n = 0; ok && n < opt.reps && n < MAX_REPS &&
	     (n < opt.min_reps || now() - start < opt.budget); n++) {
		r[n] = op_memset(&s.per_mib);
		ok = op_scrub(&s, &t[n]);
	}
	if (!scrub_bound())
		scrub_driver("bind");
	cpu_free(&s.per_mib);
	close(s.h.heap_fd);
	if (!ok) {
		failed("tee", f.name);
		return;
	}
	f.reps = n;
	f.value = median(t, n) * 1e3;
	f.ref = median(r, n) * 1e3;
	f.ratio = f.ref > 0 ? f.value / f.ref : 0;
	report(&f);
}

/* ---- latency: how long a CPU stays deaf ---------------------------------- */

#define NCPU_MAX	8
#define LAT_SAMPLES	20000	/* per CPU: 80 s of 4 ms ticks */

struct sampler {
	pthread_t thread;
	int cpu;
	long wakeups;
	double late[LAT_SAMPLES];	/* seconds late, the first ones */
};

/* What the samplers saw: the largest and the 99th percentile lateness. */
struct lateness {
	double max, p99;	/* seconds */
	long wakeups;
};

static volatile int stop_sampling;

static void *sampler_main(void *arg)
{
	struct sampler *s = arg;
	struct sched_param sp = { .sched_priority = 50 };
	struct timespec d = { .tv_nsec = 1000000 };
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(s->cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		tap_diag("cpu %d: sched_setaffinity: %s", s->cpu,
			 strerror(errno));
	if (pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp))
		tap_diag("cpu %d: SCHED_FIFO: not set", s->cpu);
	while (!stop_sampling && s->wakeups < LAT_SAMPLES) {
		double t = now();

		clock_nanosleep(CLOCK_MONOTONIC, 0, &d, NULL);
		s->late[s->wakeups++] = now() - t - 1e-3;
	}
	return NULL;
}

/*
 * Run a sampler on each CPU for @seconds while @load (if any) runs in this
 * thread, into @out (all CPUs together); false if a sampler did not start.
 */
static bool sample(double seconds, op_fn load, void *ctx,
		   struct lateness *out)
{
	static struct sampler s[NCPU_MAX];
	static double all[NCPU_MAX * LAT_SAMPLES];
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	double start;
	int i, started = 0;
	long n = 0, j;

	if (ncpu > NCPU_MAX)
		ncpu = NCPU_MAX;
	stop_sampling = 0;
	for (i = 0; i < ncpu; i++) {
		s[i].cpu = i;
		s[i].wakeups = 0;
		if (pthread_create(&s[i].thread, NULL, sampler_main, &s[i]))
			break;
		started++;
	}
	start = now();
	while (now() - start < seconds) {
		if (load) {
			if (load(ctx) < 0)
				break;
		} else {
			usleep(100000);
		}
	}
	stop_sampling = 1;
	for (i = 0; i < started; i++) {
		pthread_join(s[i].thread, NULL);
		for (j = 0; j < s[i].wakeups; j++)
			all[n++] = s[i].late[j];
	}
	memset(out, 0, sizeof(*out));
	out->wakeups = n;
	if (n) {
		qsort(all, n, sizeof(all[0]), cmp_double);
		out->max = all[n - 1];
		out->p99 = all[(n * 99) / 100];
	}
	return started == ncpu && n;
}

struct secure_load {
	struct sdp_op sdp;
	bool have_sdp;
	struct heap_op scrub;
	double longest_scrub;
};

/* One round of secure work: a DUMP of 3 MiB and a scrub of 8 MiB. */
static double op_secure_load(void *ctx)
{
	struct secure_load *l = ctx;
	double t;

	if (l->have_sdp && op_sdp(&l->sdp) < 0)
		return -1;
	t = op_alloc_close(&l->scrub);
	if (t > l->longest_scrub)
		l->longest_scrub = t;
	return t;
}

/* The max and p99 lateness under a load, against the same with none. */
static void latency_json(const char *what, const struct lateness *late,
			 const struct lateness *idle)
{
	char name[128];
	struct figure f = {
		.group = "latency", .name = name, .unit = "ms",
		.ref_name = idle ? "the same, no load" : "target (issue 12)",
		.reps = (int)late->wakeups,
	};

	snprintf(name, sizeof(name), "max wakeup lateness, %s", what);
	f.value = late->max * 1e3;
	f.ref = idle ? idle->max * 1e3 : 5.0;
	f.ratio = f.ref > 0 ? f.value / f.ref : 0;
	report(&f);
	snprintf(name, sizeof(name), "p99 wakeup lateness, %s", what);
	f.value = late->p99 * 1e3;
	f.ref = idle ? idle->p99 * 1e3 : 5.0;
	f.ratio = f.ref > 0 ? f.value / f.ref : 0;
	report(&f);
}

static void longest_json(const char *name, double longest)
{
	struct figure f = {
		.group = "latency", .name = name, .unit = "ms",
		.ref_name = "target (issue 12)", .value = longest * 1e3,
		.ref = 5.0, .reps = 1,
	};

	f.ratio = f.value / f.ref;
	report(&f);
}

static void bench_latency(void)
{
	struct secure_load l = { 0 };
	struct lateness idle, late;
	char name[96], s[32];
	size_t dump = opt.smoke ? 64 * KiB : 3 * MiB;

	l.have_sdp = sdp_open(&l.sdp, dump);
	if (!l.have_sdp)
		sdp_close(&l.sdp);
	l.sdp.cmd = TA_SDP_BASIC_CMD_DUMP;
	l.scrub.heap = "restricted";
	l.scrub.len = opt.smoke ? 64 * KiB : 8 * MiB;
	l.scrub.heap_fd = sdp_heap_open("restricted");
	if (l.scrub.heap_fd < 0) {
		tap_skip("latency: 1 ms sleeper under secure calls",
			 "no restricted heap");
		return;
	}
	snprintf(name, sizeof(name), "%s%s scrubs",
		 l.have_sdp ? "SDP DUMP + " : "",
		 size_name(l.scrub.len, s, sizeof(s)));
	if (!sample(opt.latency_s, NULL, NULL, &idle) ||
	    !sample(opt.latency_s, op_secure_load, &l, &late)) {
		failed("latency", "1 ms sleeper under secure calls");
	} else {
		tap_diag("%ld wakeups idle, %ld under the load", idle.wakeups,
			 late.wakeups);
		latency_json(name, &late, &idle);
		/* the load's own calls, against the target of issue 12 */
		if (l.have_sdp)
			longest_json("longest SDP DUMP call (wall time)",
				     l.sdp.longest);
		longest_json("longest alloc+close (scrub call inside)",
			     l.longest_scrub);
	}
	close(l.scrub.heap_fd);
	if (l.have_sdp)
		sdp_close(&l.sdp);
}

/* --latency-only: the samplers alone, while another program works. */
static int latency_only(void)
{
	struct lateness late;

	print_header();
	if (sample(opt.latency_s, NULL, NULL, &late))
		latency_json(opt.label, &late, NULL);
	else
		failed("latency", opt.label);
	return tap_done();
}

static void usage(FILE *f)
{
	fprintf(f, "usage: sdp_bench [--smoke] [--reps N] [--budget SECONDS]\n"
		   "       sdp_bench --latency-only SECONDS --label TEXT\n");
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "smoke", no_argument, NULL, 's' },
		{ "reps", required_argument, NULL, 'r' },
		{ "budget", required_argument, NULL, 'b' },
		{ "latency-only", required_argument, NULL, 'l' },
		{ "label", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	bool only = false;
	int c;

	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 's':
			opt.smoke = true;
			opt.reps = 3;
			opt.min_reps = 3;
			opt.budget = 0.5;
			opt.latency_s = 0.5;
			break;
		case 'r':
			opt.reps = atoi(optarg);
			if (opt.reps < 1 || opt.reps > MAX_REPS) {
				usage(stderr);
				return 2;
			}
			if (opt.min_reps > opt.reps)
				opt.min_reps = opt.reps;
			break;
		case 'b':
			opt.budget = atof(optarg);
			break;
		case 'l':
			only = true;
			opt.latency_s = atof(optarg);
			break;
		case 'L':
			opt.label = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc || (only && !opt.label)) {
		usage(stderr);
		return 2;
	}
	if (only)
		return latency_only();

	tap_diag("sdp_bench: medians of interleaved repetitions; ratio = figure / reference (time), lower is better%s",
		 opt.smoke ? "; SMOKE run: few repetitions, small sizes" : "");
	print_header();
	bench_heaps();
	bench_register(opt.smoke ? 64 * KiB : 3 * MiB);
	bench_sdp_ta(opt.smoke ? 64 * KiB : 3 * MiB);
	bench_scrub(opt.smoke ? 64 * KiB : 8 * MiB);
	bench_latency();
	return tap_done();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * fault_test - allocation failures through the secure data path's kernel
 * paths, with the kernel's per-task fail-nth
 * (Documentation/fault-injection/fault-injection.rst): failslab and
 * fail_page_alloc count every allocation of this thread, sleeping ones and
 * order 0 too, and fail the n-th.
 *
 * For each path and n = 1, 2, ...: n goes to /proc/thread-self/fail-nth,
 * the path's operation runs (its system calls, cleanup included), and
 * fail-nth read back is 0 if the n-th fault point was reached and failed;
 * the first n it is not, the operation has fewer fault points and the loop
 * ends. Each injected run is recorded by the step that met the fault and
 * the step's result: an errno (or a TEE error code), or "absorbed" when
 * the kernel recovered (a fallback allocation, a close that cannot fail).
 * After each injected run, the same operation without injection must
 * succeed, and nothing may be left behind: the restricted heaps' buffers
 * and bytes (debugfs restricted_heap/<name> "buffers:", "used:": a buffer
 * withheld from reuse counts as used), tee-jpegdec's instances and
 * shm, the live dma-bufs (debugfs dma_buf/bufinfo) and the secure world's
 * sessions and registrations (the invoke-tests PTA's TABLE_COUNTS, test
 * firmware) all as before the path; nor may the kernel log a warning.
 *
 * The paths:
 *   a) DMA_HEAP_IOCTL_ALLOC of 64 KiB and 1 MiB, and the buffer's close, on
 *      restricted, restricted-ui, system and reserved (CMA);
 *   b) PRIME import of a restricted dma-buf into vgem and GEM_CLOSE;
 *   c) TEE_IOC_SHM_REGISTER_FD of a restricted dma-buf and its close;
 *   d) a TEE context: open, OPEN_SESSION, INVOKE and CLOSE_SESSION of the
 *      invoke-tests PTA, close; TEE_IOC_SHM_ALLOC of 64 KiB and its close;
 *   e) tee-jpegdec: open, S_FMT, REQBUFS(MMAP, RESTRICTED, 2) and
 *      CREATE_BUFS(1) on OUTPUT, REQBUFS(0), REQBUFS(DMABUF, 1) and QBUF of
 *      a restricted dma-buf, STREAMON, STREAMOFF, close.
 *
 * Needs the debug kernel's fault injection (CONFIG_FAILSLAB,
 * CONFIG_FAIL_PAGE_ALLOC, CONFIG_FAULT_INJECTION_DEBUG_FS); without it the
 * program skips as a whole. Output: TAP (see tap.h).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <drm/drm.h>
#include <linux/dma-heap.h>
#include <linux/tee.h>
#include <linux/videodev2.h>

#include "pta_invoke_tests.h"
#include "tap.h"
#include "testutil.h"

#define FAIL_NTH	"/proc/thread-self/fail-nth"
#define FAILSLAB	"/sys/kernel/debug/failslab"
#define FAIL_PAGE	"/sys/kernel/debug/fail_page_alloc"
#define HEAP_STATS_GLOB	"/sys/kernel/debug/restricted_heap/*"
#define DEC_STATS_GLOB	"/sys/kernel/debug/tee-jpegdec/*"
#define RESTRICTED	"/dev/dma_heap/restricted"
#define MAX_N		5000	/* fault points of one operation, at most */
#define SETTLE_MS	3000	/* a release may finish in a work item */
#define MAX_OUTCOMES	24
#define DEC_OUT_SIZE	65536u
/* a result that is no errno: REQBUFS or CREATE_BUFS granted fewer buffers */
#define FEWER_BUFFERS	1

/* ---- fail-nth ------------------------------------------------------------ */

static int nth_fd = -1;

static void nth_set(unsigned int n)
{
	char b[16];
	int len = snprintf(b, sizeof(b), "%u", n);

	if (pwrite(nth_fd, b, len, 0) != len)
		tap_diag("%s: write %u: %s", FAIL_NTH, n, strerror(errno));
}

/* What is left of the count: 0 once the fault was injected. */
static unsigned int nth_get(void)
{
	char b[16] = "";

	if (pread(nth_fd, b, sizeof(b) - 1, 0) <= 0)
		return ~0u;
	return strtoul(b, NULL, 10);
}

static bool write_knob(const char *dir, const char *knob, const char *val)
{
	char path[128];
	int fd, len = strlen(val);
	bool ok;

	snprintf(path, sizeof(path), "%s/%s", dir, knob);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	ok = fd >= 0 && write(fd, val, len) == len;
	if (!ok)
		tap_diag("%s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return ok;
}

/*
 * Every allocation a fault point: sleeping ones, highmem, order 0; no
 * report of each injected fault in the log. NULL, or why not.
 */
static const char *fault_setup(void)
{
	bool ok;

	if (access(FAILSLAB, F_OK) || access(FAIL_PAGE, F_OK))
		return "no fault-injection debugfs (" FAILSLAB ", " FAIL_PAGE
		       "): a kernel without CONFIG_FAILSLAB, CONFIG_FAIL_PAGE_ALLOC and CONFIG_FAULT_INJECTION_DEBUG_FS";
	ok = write_knob(FAILSLAB, "ignore-gfp-wait", "N") &&
	     write_knob(FAILSLAB, "verbose", "0") &&
	     write_knob(FAIL_PAGE, "ignore-gfp-wait", "N") &&
	     write_knob(FAIL_PAGE, "ignore-gfp-highmem", "N") &&
	     write_knob(FAIL_PAGE, "min-order", "0") &&
	     write_knob(FAIL_PAGE, "verbose", "0");
	if (!ok)
		return "cannot configure failslab and fail_page_alloc";
	nth_fd = open(FAIL_NTH, O_RDWR | O_CLOEXEC);
	if (nth_fd < 0)
		return "no " FAIL_NTH " (CONFIG_FAULT_INJECTION)";
	return NULL;
}

/* ---- one operation's steps ------------------------------------------------ */

/*
 * The step an operation is in: step() names the next system call, and
 * notes where the injected fault was met (fail-nth reads 0 after it).
 */
static const char *cur_step;
static const char *fault_step;
static bool injecting;

static void step(const char *name)
{
	if (injecting && !fault_step && cur_step && nth_get() == 0)
		fault_step = cur_step;
	cur_step = name;
}

/*
 * The operation's result: 0, -errno, FEWER_BUFFERS or a TEE error code
 * (any other value > 0).
 */
struct result {
	long code;
	const char *step;	/* the step that returned it */
};

static struct result res_of(long code)
{
	return (struct result){ .code = code, .step = cur_step };
}

static void code_name(long code, char *out, size_t len)
{
	const char *n;

	if (code == FEWER_BUFFERS) {
		snprintf(out, len, "fewer buffers");
		return;
	}
	if (code > 0) {
		snprintf(out, len, "TEE 0x%lx", code);
		return;
	}
	n = code ? strerrorname_np(-code) : "success";
	if (n)
		snprintf(out, len, "%s", n);
	else
		snprintf(out, len, "errno %ld", -code);
}

/* ---- what must come back: heaps, decoder, dma-bufs, secure world --------- */

static int pta_fd = -1;
static uint32_t pta_sess;

static void uuid_octets(uint8_t *d, const uint32_t tl, uint16_t tm,
			uint16_t th, const uint8_t *node)
{
	d[0] = tl >> 24;
	d[1] = tl >> 16;
	d[2] = tl >> 8;
	d[3] = tl;
	d[4] = tm >> 8;
	d[5] = tm;
	d[6] = th >> 8;
	d[7] = th;
	memcpy(d + 8, node, 8);
}

struct pta_uuid {
	uint32_t tl;
	uint16_t tm, th;
	uint8_t node[8];
};

static const struct pta_uuid pta_uuid = PTA_INVOKE_TESTS_UUID;

/* TEE_IOC_OPEN_SESSION of the invoke-tests PTA on @fd: 0, -errno, TEE code */
static long pta_open(int fd, uint32_t *session)
{
	union {
		struct tee_ioctl_open_session_arg a;
		uint8_t b[sizeof(struct tee_ioctl_open_session_arg) +
			  4 * sizeof(struct tee_ioctl_param)];
	} u;
	struct tee_ioctl_buf_data buf = { .buf_ptr = (uintptr_t)&u,
					  .buf_len = sizeof(u) };
	int ret;

	memset(&u, 0, sizeof(u));
	uuid_octets(u.a.uuid, pta_uuid.tl, pta_uuid.tm, pta_uuid.th,
		    pta_uuid.node);
	u.a.clnt_login = TEE_IOCTL_LOGIN_PUBLIC;
	u.a.num_params = 4;
	ret = ioc(fd, TEE_IOC_OPEN_SESSION, &buf);
	if (ret)
		return ret;
	*session = u.a.session;
	return u.a.ret;
}

/* TABLE_COUNTS on @fd's @session: 0, -errno or a TEE code; the counts. */
static long pta_table_counts(int fd, uint32_t session, uint32_t c[3])
{
	union {
		struct tee_ioctl_invoke_arg a;
		uint8_t b[sizeof(struct tee_ioctl_invoke_arg) +
			  4 * sizeof(struct tee_ioctl_param)];
	} u;
	struct tee_ioctl_buf_data buf = { .buf_ptr = (uintptr_t)&u,
					  .buf_len = sizeof(u) };
	int ret;

	memset(&u, 0, sizeof(u));
	u.a.func = PTA_INVOKE_TESTS_CMD_TABLE_COUNTS;
	u.a.session = session;
	u.a.num_params = 4;
	u.a.params[0].attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT;
	u.a.params[1].attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT;
	ret = ioc(fd, TEE_IOC_INVOKE, &buf);
	if (ret)
		return ret;
	if (u.a.ret)
		return u.a.ret;
	c[0] = u.a.params[0].a;
	c[1] = u.a.params[0].b;
	c[2] = u.a.params[1].a;
	return 0;
}

static long stat_sum(const char *pattern, const char *key)
{
	size_t kl = strlen(key);
	long sum = -1;
	glob_t g;

	if (glob(pattern, 0, NULL, &g))
		return -1;
	for (size_t i = 0; i < g.gl_pathc; i++) {
		FILE *f = fopen(g.gl_pathv[i], "re");
		char line[128];

		while (f && fgets(line, sizeof(line), f))
			if (!strncmp(line, key, kl) && line[kl] == ':')
				sum = (sum < 0 ? 0 : sum) + atol(line + kl + 1);
		if (f)
			fclose(f);
	}
	globfree(&g);
	return sum;
}

struct snap {
	long heap_bufs, heap_used, dec_inst, dec_shm;
	long long dmabufs;
	uint32_t tee[3];	/* sessions, registrations, pages */
	bool tee_ok;
};

static void snap_take(struct snap *s)
{
	long long bytes;

	s->heap_bufs = stat_sum(HEAP_STATS_GLOB, "buffers");
	s->heap_used = stat_sum(HEAP_STATS_GLOB, "used");
	s->dec_inst = stat_sum(DEC_STATS_GLOB, "instances");
	s->dec_shm = stat_sum(DEC_STATS_GLOB, "shm");
	if (dmabuf_totals(&s->dmabufs, &bytes))
		s->dmabufs = -1;
	s->tee_ok = pta_fd >= 0 &&
		    !pta_table_counts(pta_fd, pta_sess, s->tee);
	if (!s->tee_ok)
		memset(s->tee, 0, sizeof(s->tee));
}

static bool snap_same(const struct snap *a, const struct snap *b)
{
	return a->heap_bufs == b->heap_bufs && a->heap_used == b->heap_used &&
	       a->dec_inst == b->dec_inst &&
	       a->dec_shm == b->dec_shm && a->dmabufs == b->dmabufs &&
	       a->tee_ok == b->tee_ok && !memcmp(a->tee, b->tee, sizeof(a->tee));
}

/*
 * The one leak known to be upstream's: OP-TEE's optee_shm_unregister()
 * allocates its message argument, and when that fails in close(),
 * tee_dyn_shm_free_helper() ignores the error and frees pages that the
 * secure world still has registered (Linux 6.12 drivers/tee/tee_shm.c and
 * optee/smc_abi.c). @b differs from @a in the secure world's registrations
 * and their pages only, more of both.
 */
static bool snap_only_registration_kept(const struct snap *a,
					const struct snap *b)
{
	struct snap c = *b;

	if (b->tee[1] <= a->tee[1] || b->tee[2] <= a->tee[2])
		return false;
	c.tee[1] = a->tee[1];
	c.tee[2] = a->tee[2];
	return snap_same(a, &c);
}

static void snap_str(const struct snap *s, char *out, size_t len)
{
	snprintf(out, len,
		 "restricted heaps %ld buffers %ld bytes, tee-jpegdec instances %ld shm %ld, dma-bufs %lld, secure world %s%u sessions %u registrations %u pages",
		 s->heap_bufs, s->heap_used, s->dec_inst, s->dec_shm, s->dmabufs,
		 s->tee_ok ? "" : "(unknown) ", s->tee[0], s->tee[1],
		 s->tee[2]);
}

/* Back to @want within SETTLE_MS (releases may finish in work items)? */
static bool snap_settles(const struct snap *want, struct snap *got)
{
	for (int ms = 0;; ms += 50) {
		snap_take(got);
		if (snap_same(want, got) || ms >= SETTLE_MS)
			return snap_same(want, got);
		usleep(50000);
	}
}

/* ---- the loop ------------------------------------------------------------- */

struct outcome {
	const char *step;
	long code;
	bool absorbed;	/* the operation succeeded although the fault hit */
	int count;
};

typedef struct result (*op_fn)(void *arg);

static void outcome_add(struct outcome *o, int *no, const char *st,
			long code, bool absorbed)
{
	int i;

	for (i = 0; i < *no; i++)
		if (o[i].step == st && o[i].code == code &&
		    o[i].absorbed == absorbed)
			break;
	if (i == *no) {
		if (*no == MAX_OUTCOMES)
			return;
		o[(*no)++] = (struct outcome){ st, code, absorbed, 0 };
	}
	o[i].count++;
}

/* Injected faults into @op until it has no n-th fault point; one result. */
static void fault_loop(const char *name, op_fn op, void *arg)
{
	struct outcome o[MAX_OUTCOMES];
	struct snap s0, s1;
	struct result r;
	char sum[512], a[600], b[600], code[32];
	int no = 0, faults = 0, kmsg, reports, len = 0;
	unsigned int n, left = 0;
	int bad_next_n = 0, leak_n = 0, kept = 0;
	bool pass;

	kmsg = kmsg_from_now();
	snap_take(&s0);
	r = op(arg);		/* it works at all */
	if (r.code) {
		code_name(r.code, code, sizeof(code));
		tap_diag("%s: without a fault: %s: %s", name, r.step, code);
		tap_result(0, "%s: works without a fault", name);
		if (kmsg >= 0)
			close(kmsg);
		return;
	}
	for (n = 1; n <= MAX_N; n++) {
		cur_step = fault_step = NULL;
		injecting = true;
		nth_set(n);
		r = op(arg);
		step(NULL);
		left = nth_get();
		nth_set(0);
		injecting = false;
		if (left) {
			if (r.code) {
				code_name(r.code, code, sizeof(code));
				tap_diag("%s: n %u: no fault injected, yet %s: %s",
					 name, n, r.step, code);
				bad_next_n = bad_next_n ? bad_next_n : (int)n;
			}
			break;
		}
		faults++;
		if (!fault_step)
			fault_step = "?";
		outcome_add(o, &no, r.code ? r.step : fault_step, r.code,
			    !r.code);
		/* the next normal run works */
		r = op(arg);
		if (r.code && !bad_next_n) {
			bad_next_n = n;
			code_name(r.code, code, sizeof(code));
			tap_diag("%s: after the fault at point %u (in %s), a normal run failed: %s: %s",
				 name, n, fault_step, r.step, code);
		}
		if (!leak_n && !snap_settles(&s0, &s1) &&
		    !strcmp(fault_step, "close") &&
		    snap_only_registration_kept(&s0, &s1)) {
			/* upstream's leak (above): counted, then the base */
			kept++;
			s0 = s1;
		} else if (!leak_n && !snap_settles(&s0, &s1)) {
			leak_n = n;
			snap_str(&s0, a, sizeof(a));
			snap_str(&s1, b, sizeof(b));
			tap_diag("%s: after the fault at point %u (in %s): %s; before: %s",
				 name, n, fault_step, b, a);
		}
	}
	if (n > MAX_N)
		tap_diag("%s: still faulting after %u points", name, MAX_N);
	pass = snap_settles(&s0, &s1);
	if (!pass && !leak_n) {
		snap_str(&s0, a, sizeof(a));
		snap_str(&s1, b, sizeof(b));
		tap_diag("%s: after the loop: %s; before: %s", name, b, a);
	}
	reports = kmsg_bug_reports(kmsg);
	if (kmsg >= 0)
		close(kmsg);
	if (reports)
		tap_diag("%s: %d kernel reports", name, reports);

	sum[0] = '\0';
	for (int i = 0; i < no && len < (int)sizeof(sum) - 1; i++) {
		if (o[i].absorbed)
			snprintf(code, sizeof(code), "absorbed");
		else
			code_name(o[i].code, code, sizeof(code));
		len += snprintf(sum + len, sizeof(sum) - len, "%s%s %s %d",
				i ? ", " : "", o[i].step, code, o[i].count);
	}
	pass = pass && !leak_n && !bad_next_n && !reports && n <= MAX_N &&
	       faults > 0 && s0.tee_ok;
	if (pass && kept) {
		tap_todo("upstream: a failed OP-TEE unregister in close() frees the registered pages (tee_dyn_shm_free_helper)",
			 "%s: %d fault points (%s), nothing left but %d secure-world registrations of freed pages",
			 name, faults, sum, kept);
		return;
	}
	tap_result(pass, "%s: %d fault points (%s), %s", name, faults, sum,
		   pass ? "nothing left" :
		   leak_n || !snap_same(&s0, &s1) ? "something left" :
		   "see above");
}

/* ---- a) heap allocation --------------------------------------------------- */

struct heap_op {
	int heap_fd;
	size_t len;
};

static struct result op_heap_alloc(void *arg)
{
	struct heap_op *h = arg;
	struct dma_heap_allocation_data d = {
		.len = h->len, .fd_flags = O_RDWR | O_CLOEXEC,
	};
	struct result r;

	step("ALLOC");
	r = res_of(ioc(h->heap_fd, DMA_HEAP_IOCTL_ALLOC, &d));
	step("close");
	if (!r.code)
		close(d.fd);
	return r;
}

static void heap_paths(void)
{
	static const char *const heaps[] = {
		"restricted", "restricted-ui", "system", "reserved",
	};
	static const size_t sizes[] = { 64 << 10, 1 << 20 };
	char path[64], name[64];

	for (size_t i = 0; i < sizeof(heaps) / sizeof(heaps[0]); i++) {
		struct heap_op h;

		snprintf(path, sizeof(path), "/dev/dma_heap/%s", heaps[i]);
		h.heap_fd = open(path, O_RDONLY | O_CLOEXEC);
		for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
			snprintf(name, sizeof(name), "%s %s alloc", heaps[i],
				 sizes[k] == 1 << 20 ? "1 MiB" : "64 KiB");
			if (h.heap_fd < 0) {
				not_run(name, strerror(errno));
				continue;
			}
			h.len = sizes[k];
			fault_loop(name, op_heap_alloc, &h);
		}
		if (h.heap_fd >= 0)
			close(h.heap_fd);
	}
}

/* ---- b) PRIME import into vgem -------------------------------------------- */

struct import_op {
	int drm_fd, dmabuf;
};

static int find_vgem(void)
{
	for (int i = 0; i < 16; i++) {
		char path[32], drv[32] = "";
		struct drm_version v = { .name = drv,
					 .name_len = sizeof(drv) - 1 };
		int fd;

		snprintf(path, sizeof(path), "/dev/dri/card%d", i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (!ioc(fd, DRM_IOCTL_VERSION, &v) && !strcmp(drv, "vgem"))
			return fd;
		close(fd);
	}
	return -ENODEV;
}

static struct result op_import(void *arg)
{
	struct import_op *p = arg;
	struct drm_prime_handle h = { .fd = p->dmabuf };
	struct drm_gem_close c = { 0 };
	struct result r;

	step("PRIME_FD_TO_HANDLE");
	r = res_of(ioc(p->drm_fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &h));
	if (r.code)
		return r;
	step("GEM_CLOSE");
	c.handle = h.handle;
	return res_of(ioc(p->drm_fd, DRM_IOCTL_GEM_CLOSE, &c));
}

static void import_path(void)
{
	const char *name = "vgem PRIME import of a restricted dma-buf";
	struct import_op p = { .drm_fd = find_vgem(), .dmabuf = -1 };

	if (p.drm_fd < 0) {
		not_run(name, "no vgem in /dev/dri/card0..15");
		return;
	}
	p.dmabuf = heap_alloc(RESTRICTED, 1 << 20);
	if (p.dmabuf < 0)
		not_run(name, "restricted allocation failed");
	else
		fault_loop(name, op_import, &p);
	close_fd(&p.dmabuf);
	close_fd(&p.drm_fd);
}

/* ---- c, d) the TEE ---------------------------------------------------------- */

struct tee_op {
	int tee_fd, dmabuf;
};

static struct result op_register_fd(void *arg)
{
	struct tee_op *t = arg;
	struct tee_ioctl_shm_register_fd_data d = { .fd = t->dmabuf };
	struct result r;
	int fd;

	step("SHM_REGISTER_FD");
	fd = ioctl(t->tee_fd, TEE_IOC_SHM_REGISTER_FD, &d);
	r = res_of(fd < 0 ? -errno : 0);
	step("close");
	if (fd >= 0)
		close(fd);
	return r;
}

static struct result op_session(void *arg)
{
	struct tee_ioctl_close_session_arg c = { 0 };
	uint32_t counts[3];
	struct result r;
	int fd, ret;

	(void)arg;
	step("open /dev/tee0");
	fd = open("/dev/tee0", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return res_of(-errno);
	step("OPEN_SESSION");
	r = res_of(pta_open(fd, &c.session));
	if (!r.code) {
		step("INVOKE");
		r = res_of(pta_table_counts(fd, c.session, counts));
		step("CLOSE_SESSION");
		ret = ioc(fd, TEE_IOC_CLOSE_SESSION, &c);
		if (ret && !r.code)
			r = res_of(ret);
	}
	step("close");
	close(fd);
	return r;
}

static struct result op_shm_alloc(void *arg)
{
	struct tee_op *t = arg;
	struct tee_ioctl_shm_alloc_data d = { .size = 64 << 10 };
	struct result r;
	int fd;

	step("SHM_ALLOC");
	fd = ioctl(t->tee_fd, TEE_IOC_SHM_ALLOC, &d);
	r = res_of(fd < 0 ? -errno : 0);
	step("close");
	if (fd >= 0)
		close(fd);
	return r;
}

static void tee_paths(void)
{
	struct tee_op t = { .tee_fd = open("/dev/tee0", O_RDWR | O_CLOEXEC),
			    .dmabuf = -1 };
	const char *reg = "TEE_IOC_SHM_REGISTER_FD of a restricted dma-buf";
	const char *sess = "TEE context, invoke-tests PTA session, invoke, close";
	const char *shm = "TEE_IOC_SHM_ALLOC 64 KiB";

	if (t.tee_fd < 0) {
		not_run(reg, "no /dev/tee0");
		not_run(sess, "no /dev/tee0");
		not_run(shm, "no /dev/tee0");
		return;
	}
	t.dmabuf = heap_alloc(RESTRICTED, 1 << 20);
	if (t.dmabuf < 0)
		not_run(reg, "restricted allocation failed");
	else
		fault_loop(reg, op_register_fd, &t);
	close_fd(&t.dmabuf);
	fault_loop(sess, op_session, NULL);
	fault_loop(shm, op_shm_alloc, &t);
	close_fd(&t.tee_fd);
}

/* ---- e) the decoder ----------------------------------------------------------- */

struct dec_op {
	char dev[64];
	int dmabuf;
};

static bool find_decoder(char *dev, size_t len)
{
	DIR *d = opendir("/sys/class/video4linux");
	struct dirent *e;
	bool found = false;

	while (d && !found && (e = readdir(d))) {
		char path[300], name[64] = "";
		FILE *f;

		snprintf(path, sizeof(path), "/sys/class/video4linux/%s/name",
			 e->d_name);
		f = fopen(path, "re");
		if (!f)
			continue;
		if (fgets(name, sizeof(name), f) &&
		    !strncmp(name, "tee-jpegdec", 11)) {
			snprintf(dev, len, "/dev/%.50s", e->d_name);
			found = true;
		}
		fclose(f);
	}
	if (d)
		closedir(d);
	return found;
}

static long dec_setup(int fd, int dmabuf)
{
	struct v4l2_format f = { .type = V4L2_BUF_TYPE_VIDEO_OUTPUT };
	struct v4l2_requestbuffers rb = {
		.count = 2, .type = V4L2_BUF_TYPE_VIDEO_OUTPUT,
		.memory = V4L2_MEMORY_MMAP,
		.flags = V4L2_MEMORY_FLAG_RESTRICTED,
	};
	struct v4l2_create_buffers cb = {
		.count = 1, .memory = V4L2_MEMORY_MMAP,
		.flags = V4L2_MEMORY_FLAG_RESTRICTED,
	};
	struct v4l2_buffer b = {
		.type = V4L2_BUF_TYPE_VIDEO_OUTPUT,
		.memory = V4L2_MEMORY_DMABUF, .field = V4L2_FIELD_NONE,
		.bytesused = 4096, .length = DEC_OUT_SIZE,
	};
	int type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
	long ret;

	step("S_FMT");
	f.fmt.pix.pixelformat = V4L2_PIX_FMT_JPEG;
	f.fmt.pix.width = 640;
	f.fmt.pix.height = 360;
	f.fmt.pix.sizeimage = DEC_OUT_SIZE;
	ret = ioc(fd, VIDIOC_S_FMT, &f);
	if (ret)
		return ret;
	step("REQBUFS(MMAP, RESTRICTED, 2)");
	ret = ioc(fd, VIDIOC_REQBUFS, &rb);
	if (ret)
		return ret;
	if (rb.count != 2)
		return FEWER_BUFFERS;
	step("CREATE_BUFS(MMAP, RESTRICTED, 1)");
	cb.format = f;
	ret = ioc(fd, VIDIOC_CREATE_BUFS, &cb);
	if (ret)
		return ret;
	if (cb.count != 1)
		return FEWER_BUFFERS;
	step("REQBUFS(MMAP, 0)");
	rb.count = 0;
	ret = ioc(fd, VIDIOC_REQBUFS, &rb);
	if (ret)
		return ret;
	step("REQBUFS(DMABUF, 1)");
	rb.count = 1;
	rb.memory = V4L2_MEMORY_DMABUF;
	ret = ioc(fd, VIDIOC_REQBUFS, &rb);
	if (ret)
		return ret;
	step("QBUF(DMABUF restricted)");
	b.m.fd = dmabuf;
	ret = ioc(fd, VIDIOC_QBUF, &b);
	if (ret)
		return ret;
	step("STREAMON");
	ret = ioc(fd, VIDIOC_STREAMON, &type);
	if (ret)
		return ret;
	step("STREAMOFF");
	return ioc(fd, VIDIOC_STREAMOFF, &type);
}

static struct result op_decoder(void *arg)
{
	struct dec_op *d = arg;
	struct result r;
	int fd;

	step("open");
	fd = open(d->dev, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return res_of(-errno);
	r.code = dec_setup(fd, d->dmabuf);
	r.step = cur_step;
	step("close");
	close(fd);
	return r;
}

static void decoder_path(void)
{
	const char *name = "tee-jpegdec restricted buffer setup";
	struct dec_op d = { .dmabuf = -1 };

	if (!find_decoder(d.dev, sizeof(d.dev))) {
		not_run(name, "no tee-jpegdec video device");
		return;
	}
	d.dmabuf = heap_alloc(RESTRICTED, DEC_OUT_SIZE);
	if (d.dmabuf < 0)
		not_run(name, "restricted allocation failed");
	else
		fault_loop(name, op_decoder, &d);
	close_fd(&d.dmabuf);
}

int main(void)
{
	const char *why = fault_setup();
	uint32_t c[3];
	long ret;

	if (why) {
		printf("1..0 # SKIP %s\n", why);
		return 0;
	}
	/*
	 * Every page of this process present: a page fault in the window
	 * would be a fault point of its own.
	 */
	if (mlockall(MCL_CURRENT | MCL_FUTURE))
		tap_diag("mlockall: %s", strerror(errno));
	pta_fd = open("/dev/tee0", O_RDWR | O_CLOEXEC);
	ret = pta_fd < 0 ? -errno : pta_open(pta_fd, &pta_sess);
	if (!ret)
		ret = pta_table_counts(pta_fd, pta_sess, c);
	if (ret) {
		char code[32];

		code_name(ret, code, sizeof(code));
		tap_diag("the invoke-tests PTA's TABLE_COUNTS: %s (the test firmware?): the secure world's tables are not checked",
			 code);
		close_fd(&pta_fd);
	} else {
		tap_diag("secure world at the start: %u sessions (this test's 1), %u registrations, %u pages",
			 c[0], c[1], c[2]);
	}

	heap_paths();
	import_path();
	tee_paths();
	decoder_path();

	close_fd(&pta_fd);
	return tap_done();
}

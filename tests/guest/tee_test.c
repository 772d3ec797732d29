// SPDX-License-Identifier: GPL-2.0
/*
 * tee_test - TEE_IOC_SHM_REGISTER_FD and the secure data path, from the
 * normal world.
 *
 * Kernel ABI, with raw ioctls on /dev/tee0: only dma-bufs exported by a
 * restricted heap register (restricted, restricted-ui); every other dma-buf
 * (system heap, CMA heap, udmabuf, a vgem PRIME export) is refused with
 * EINVAL, as are flags and non-dma-buf files; closed and out-of-range
 * descriptors get EBADF; no refused registration keeps a reference. The
 * returned descriptor refuses mmap, the registration attaches no device to
 * the dma-buf, outlives the dma-buf descriptor and releases the buffer when
 * it goes; 500 register/close cycles and a three-thread race (REGISTER_FD
 * against close of the dma-buf and of the TEE context) leave the heap
 * empty; memrefs beyond a registered buffer are refused before they reach
 * a TA. The same through libteec (TEEC_RegisterSharedMemoryFileDescriptor).
 *
 * The scrub service: the restricted-memory pseudo-TA is a TEE-bus device
 * bound to the kernel's "restricted-heap-scrub" driver; the secure world
 * refuses it to user-space sessions and the kernel refuses user space a
 * kernel login.
 *
 * With the SDP TA: data injected and dumped through a registration whose
 * dma-buf fd is closed, two registrations of one buffer alias it, the TA
 * refuses non-secure shared memory as the secure memref of INJECT and
 * TRANSFORM (TEEC_ERROR_ACCESS_DENIED, origin TA: the memory reaches it
 * registered, as on OP-TEE) and leaves it untouched, and the whole
 * restricted heap, filled with a pattern and freed, reads back as zeros
 * when it is allocated again. Finally a normal-world CPU read of the
 * secure carveout (through the test module sdp_peek) kills the reader with
 * SIGBUS and nothing worse.
 *
 * Large shared memory: TEE_IOC_SHM_ALLOC of 4 MiB is mapped and read and
 * written through the SDP TA; of 4 MiB + 4 KiB, 16 MiB and 16 MiB + 4 KiB
 * it fails with ENOMEM. TEEC_AllocateSharedMemory (registered memory
 * here) of the first three is as usable; the fourth is
 * TEEC_ERROR_OUT_OF_MEMORY (the firmware takes 16 MiB per registration).
 * No size leaves a warning in the kernel log or stops a page allocating.
 *
 * The TEE, the SDP TA, the restricted heaps, vgem and udmabuf are required
 * on the secure board: without them the tests fail. Only two
 * prerequisites are optional, and their tests are skipped with the reason:
 * the CMA heap (/dev/dma_heap/reserved) and the test module sdp_peek.ko.
 * Output: TAP (see tap.h).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <drm/drm.h>
#include <drm/drm_mode.h>
#include <linux/dma-heap.h>
#include <linux/tee.h>
#include <linux/udmabuf.h>

#include <tee_client_api.h>
#include <tee_client_api_extensions.h>

#include "sdp_ta.h"
#include "sdp_tee.h"
#include "tap.h"
#include "testutil.h"

#define TEE_DEV		"/dev/tee0"
#define RESTRICTED_HEAP	"/dev/dma_heap/restricted"
#define RESTRICTED_UI_HEAP "/dev/dma_heap/restricted-ui"
#define SYSTEM_HEAP	"/dev/dma_heap/system"
#define CMA_HEAP	"/dev/dma_heap/reserved"
#define UDMABUF_DEV	"/dev/udmabuf"
#define STATS		"/sys/kernel/debug/restricted_heap/restricted"
#define BUFINFO		"/sys/kernel/debug/dma_buf/bufinfo"
#define DT_RESERVED	"/proc/device-tree/reserved-memory"
#define PEEK_MODULE	"/tests/sdp_peek.ko"
#define PEEK_DEV	"/dev/sdp_peek"
#define SCRUB_UUID	"d25455d6-6dfd-4034-8a4e-b804a5e8acdb"
#define SCRUB_DEV	"/sys/bus/tee/devices/optee-ta-" SCRUB_UUID
#define SCRUB_DRIVER	"restricted-heap-scrub"

#define BUF_SIZE	5000	/* as sdp-basic: not a page multiple */
#define CYCLES		500
#define NPARAMS		4
#define SETTLE_MS	1000	/* a release runs at the last fput: wait */
#define CHUNK		(1 << 20) /* TEE_IOC_SHM_ALLOC: 4 MiB at most */

#define RACE_SECONDS	2
/* Far above what open() returns here: only dup2() puts files there */
#define RACE_CTX_FD	200
#define RACE_BUF_FD	201
#define RACE_HELD	4	/* registrations the registrar keeps open */

/* The values libteec 3.19 was built with: the ABI to keep. */
#define LIBTEEC_IOC_SHM_REGISTER_FD	0xc018a408u

/* SDP test TA 12345678-5b69-11e4-9dbb-101f74f00099, as octets */
static const uint8_t sdp_ta_octets[TEE_IOCTL_UUID_LEN] = {
	0x12, 0x34, 0x56, 0x78, 0x5b, 0x69, 0x11, 0xe4,
	0x9d, 0xbb, 0x10, 0x1f, 0x74, 0xf0, 0x00, 0x99,
};

/* Restricted-memory (scrub) PTA d25455d6-6dfd-4034-8a4e-b804a5e8acdb */
static const uint8_t scrub_pta_octets[TEE_IOCTL_UUID_LEN] = {
	0xd2, 0x54, 0x55, 0xd6, 0x6d, 0xfd, 0x40, 0x34,
	0x8a, 0x4e, 0xb8, 0x04, 0xa5, 0xe8, 0xac, 0xdb,
};

#define CMD_INJECT	0
#define CMD_TRANSFORM	1
#define CMD_DUMP	2

static long page_size;
static int tee_fd = -1;
static uint32_t ta_session;

/* ---- small helpers (and testutil.h's) ---- */

static size_t page_up(size_t n)
{
	return (n + page_size - 1) / page_size * page_size;
}

/*
 * TEE_IOC_SHM_REGISTER_FD with a raw 64-bit fd. Returns the new fd, or -1
 * with errno set; *d holds what the kernel wrote back.
 */
static int register_fd(int64_t fd, uint32_t flags,
		       struct tee_ioctl_shm_register_fd_data *d)
{
	memset(d, 0, sizeof(*d));
	d->fd = fd;
	d->flags = flags;
	return ioctl(tee_fd, TEE_IOC_SHM_REGISTER_FD, d);
}

/* Restricted heap occupancy from debugfs. */
struct stats {
	unsigned long long total, used, buffers;
};

static int read_stats(struct stats *s)
{
	char line[128];
	int seen = 0;
	FILE *f;

	f = fopen(STATS, "re");
	if (!f) {
		tap_diag("open %s: %s", STATS, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "total: %llu", &s->total) == 1)
			seen |= 1;
		else if (sscanf(line, "used: %llu", &s->used) == 1)
			seen |= 2;
		else if (sscanf(line, "buffers: %llu", &s->buffers) == 1)
			seen |= 4;
	}
	fclose(f);
	if (seen != 7) {
		tap_diag("%s: no total:/used:/buffers: lines", STATS);
		return -1;
	}
	return 0;
}

/*
 * The restricted heap holds @used bytes in @buffers buffers, now or within
 * SETTLE_MS (a buffer goes back to the heap, scrubbed, at the last fput).
 */
static bool stats_are(const char *when, unsigned long long used,
		      unsigned long long buffers)
{
	struct stats s;
	int ms;

	for (ms = 0;; ms += 10) {
		if (read_stats(&s))
			return false;
		if (s.used == used && s.buffers == buffers)
			return true;
		if (ms >= SETTLE_MS)
			break;
		usleep(10000);
	}
	tap_diag("%s: used %llu buffers %llu, expected used %llu buffers %llu",
		 when, s.used, s.buffers, used, buffers);
	return false;
}

/* Number of dma-bufs in the system (debugfs), or -1. */
static long dmabuf_count(void)
{
	char line[256];
	long n = -1;
	FILE *f;

	f = fopen(BUFINFO, "re");
	if (!f) {
		tap_diag("open %s: %s", BUFINFO, strerror(errno));
		return -1;
	}
	/* the last line; "Total N devices attached" ones come before it */
	while (fgets(line, sizeof(line), f))
		if (strstr(line, " objects, "))
			sscanf(line, "Total %ld objects", &n);
	fclose(f);
	if (n < 0)
		tap_diag("%s: no \"Total N objects\" line", BUFINFO);
	return n;
}

/* Devices attached to the dma-buf behind @fd (debugfs), or -1. */
static int dmabuf_attachments(int fd)
{
	unsigned long size, count, ino;
	unsigned int flags, mode;
	char line[256], exp[64];
	bool found = false;
	struct stat st;
	int n = -1;
	FILE *f;

	if (fstat(fd, &st)) {
		tap_diag("fstat of the dma-buf: %s", strerror(errno));
		return -1;
	}
	f = fopen(BUFINFO, "re");
	if (!f) {
		tap_diag("open %s: %s", BUFINFO, strerror(errno));
		return -1;
	}
	/* "size flags mode count exp_name ino name", then its attachments */
	while (fgets(line, sizeof(line), f)) {
		if (!found)
			found = sscanf(line, "%lu\t%x\t%x\t%lu\t%63s\t%lu",
				       &size, &flags, &mode, &count, exp,
				       &ino) == 6 && ino == st.st_ino;
		else if (sscanf(line, "Total %d devices attached", &n) == 1)
			break;
	}
	fclose(f);
	if (n < 0)
		tap_diag("%s: no entry for inode %lu", BUFINFO,
			 (unsigned long)st.st_ino);
	return n;
}

/* The system has @want dma-bufs, now or within SETTLE_MS. */
static bool dmabuf_count_is(const char *when, long want)
{
	long n;
	int ms;

	for (ms = 0;; ms += 10) {
		n = dmabuf_count();
		if (n < 0)
			return false;
		if (n == want)
			return true;
		if (ms >= SETTLE_MS)
			break;
		usleep(10000);
	}
	tap_diag("%s: %ld dma-bufs, expected %ld", when, n, want);
	return false;
}

/* ---- raw sessions and invocations on tee_fd ---- */

struct memref {
	uint64_t attr;		/* TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_* */
	uint64_t offset, size;
	int32_t shm_id;
};

struct invoke_result {
	int err;		/* errno of the ioctl, 0 if it returned 0 */
	uint32_t ret, origin;
};

static int open_session(const uint8_t uuid[TEE_IOCTL_UUID_LEN],
			uint32_t login, uint32_t *session,
			struct invoke_result *r)
{
	union {
		struct tee_ioctl_open_session_arg arg;
		uint8_t raw[sizeof(struct tee_ioctl_open_session_arg) +
			    NPARAMS * sizeof(struct tee_ioctl_param)];
	} u;
	struct tee_ioctl_buf_data buf = {
		.buf_ptr = (uintptr_t)&u,
		.buf_len = sizeof(u),
	};

	memset(&u, 0, sizeof(u));
	memcpy(u.arg.uuid, uuid, TEE_IOCTL_UUID_LEN);
	u.arg.clnt_login = login;
	u.arg.num_params = NPARAMS;
	r->err = ioctl(tee_fd, TEE_IOC_OPEN_SESSION, &buf) ? errno : 0;
	r->ret = u.arg.ret;
	r->origin = u.arg.ret_origin;
	*session = u.arg.session;
	return r->err || r->ret ? -1 : 0;
}

static void close_session(uint32_t session)
{
	struct tee_ioctl_close_session_arg arg = { .session = session };

	if (ioctl(tee_fd, TEE_IOC_CLOSE_SESSION, &arg))
		tap_diag("TEE_IOC_CLOSE_SESSION: %s", strerror(errno));
}

static void invoke(uint32_t func, const struct memref *m, int n,
		   struct invoke_result *r)
{
	union {
		struct tee_ioctl_invoke_arg arg;
		uint8_t raw[sizeof(struct tee_ioctl_invoke_arg) +
			    NPARAMS * sizeof(struct tee_ioctl_param)];
	} u;
	struct tee_ioctl_buf_data buf = {
		.buf_ptr = (uintptr_t)&u,
		.buf_len = sizeof(u),
	};
	int i;

	memset(&u, 0, sizeof(u));
	u.arg.func = func;
	u.arg.session = ta_session;
	u.arg.num_params = NPARAMS;
	for (i = 0; i < n; i++) {
		u.arg.params[i].attr = m[i].attr;
		u.arg.params[i].a = m[i].offset;
		u.arg.params[i].b = m[i].size;
		u.arg.params[i].c = m[i].shm_id;
	}
	r->err = ioctl(tee_fd, TEE_IOC_INVOKE, &buf) ? errno : 0;
	r->ret = u.arg.ret;
	r->origin = u.arg.ret_origin;
}

static void result_diag(const char *what, const struct invoke_result *r)
{
	if (r->err)
		tap_diag("%s: ioctl failed: %s", what, strerror(r->err));
	else
		tap_diag("%s: ret 0x%08x origin %s", what, r->ret,
			 sdp_tee_origin_name(r->origin));
}

/* Non-secure shared memory: TEE_IOC_SHM_ALLOC, mapped. */
struct ns_shm {
	int fd;
	int32_t id;
	size_t size;
	uint8_t *va;
};

#define NS_SHM_NONE	{ .fd = -1, .va = MAP_FAILED }

static int ns_shm_alloc(struct ns_shm *s, size_t size)
{
	struct tee_ioctl_shm_alloc_data d = { .size = size };

	s->va = MAP_FAILED;
	s->fd = ioctl(tee_fd, TEE_IOC_SHM_ALLOC, &d);
	if (s->fd < 0) {
		tap_diag("TEE_IOC_SHM_ALLOC %zu: %s", size, strerror(errno));
		return -1;
	}
	s->id = d.id;
	s->size = size;
	s->va = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, s->fd, 0);
	if (s->va == MAP_FAILED) {
		tap_diag("mmap of tee shm: %s", strerror(errno));
		close_fd(&s->fd);
		return -1;
	}
	return 0;
}

static void ns_shm_free(struct ns_shm *s)
{
	if (s->va != MAP_FAILED)
		munmap(s->va, s->size);
	s->va = MAP_FAILED;
	close_fd(&s->fd);
}

/* INJECT @len bytes from @src into registration @id at @offset. */
static void inject(const struct ns_shm *src, int32_t id, size_t offset,
		   size_t len, struct invoke_result *r)
{
	const struct memref m[2] = {
		{ TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT, 0, len, src->id },
		{ TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT, offset, len, id },
	};

	invoke(CMD_INJECT, m, 2, r);
}

static void dump(int32_t id, size_t offset, const struct ns_shm *dst,
		 size_t len, struct invoke_result *r)
{
	const struct memref m[2] = {
		{ TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT, offset, len, id },
		{ TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT, 0, len, dst->id },
	};

	invoke(CMD_DUMP, m, 2, r);
}

static bool ta_ok(const char *what, const struct invoke_result *r)
{
	if (!r->err && r->ret == TEEC_SUCCESS)
		return true;
	result_diag(what, r);
	return false;
}

static void fill_pattern(uint8_t *p, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(i * 7 + seed);
}

/* ---- kernel ABI ---- */

static void abi_matches_libteec(void)
{
	bool ok = TEE_IOC_SHM_REGISTER_FD == LIBTEEC_IOC_SHM_REGISTER_FD &&
		  sizeof(struct tee_ioctl_shm_register_fd_data) == 24;

	if (!ok)
		tap_diag("TEE_IOC_SHM_REGISTER_FD 0x%lx size %zu, libteec: 0x%x, 24",
			 (unsigned long)TEE_IOC_SHM_REGISTER_FD,
			 sizeof(struct tee_ioctl_shm_register_fd_data),
			 LIBTEEC_IOC_SHM_REGISTER_FD);
	tap_result(ok, "register_fd_abi_matches_libteec");
}

/* A buffer of @heap registers; its size is the dma-buf's (page multiple). */
static void register_heap_buffer(const char *heap, const char *name)
{
	struct tee_ioctl_shm_register_fd_data d;
	int buf, shm;
	bool ok;

	buf = heap_alloc(heap, BUF_SIZE);
	if (buf < 0) {
		tap_result(0, "%s", name);
		return;
	}
	shm = register_fd(buf, 0, &d);
	if (shm < 0)
		tap_diag("REGISTER_FD: %s", strerror(errno));
	ok = shm >= 0 && d.id > 0 && d.size == page_up(BUF_SIZE) &&
	     d.flags == 0;
	if (shm >= 0 && !ok)
		tap_diag("id %d size %llu flags 0x%x; expected id > 0, size %zu, flags 0",
			 d.id, (unsigned long long)d.size, d.flags,
			 page_up(BUF_SIZE));
	close_fd(&shm);
	close_fd(&buf);
	tap_result(ok, "%s", name);
}

/* REGISTER_FD of @fd with @flags must fail with @want. */
static void expect_register_errno(int64_t fd, uint32_t flags, int want,
				  const char *name)
{
	struct tee_ioctl_shm_register_fd_data d;
	int shm, err;

	shm = register_fd(fd, flags, &d);
	err = errno;
	if (shm >= 0)
		close(shm);
	tap_errno(shm, err, want, name);
}

/* A dma-buf that no restricted heap exported: EINVAL. Closes @buf. */
static void expect_foreign_refused(int *buf, const char *name)
{
	if (*buf < 0) {
		not_run(name, "no buffer to register");
		return;
	}
	expect_register_errno(*buf, 0, EINVAL, name);
	close_fd(buf);
}

/* The first /dev/dri/cardN whose driver is @want, or -1. */
static int find_drm(const char *want)
{
	char path[32];
	int i;

	for (i = 0; i < 16; i++) {
		char name[64] = "";
		struct drm_version v = {
			.name_len = sizeof(name) - 1,
			.name = name,
		};
		int fd;

		snprintf(path, sizeof(path), "/dev/dri/card%d", i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (!ioctl(fd, DRM_IOCTL_VERSION, &v) && !strcmp(name, want))
			return fd;
		close(fd);
	}
	return -1;
}

/* A vgem dumb buffer exported as a dma-buf; the DRM fd in *drm. */
static int vgem_dmabuf(int *drm)
{
	struct drm_mode_create_dumb dumb = {
		.width = 64, .height = 64, .bpp = 32,
	};
	struct drm_prime_handle ph = { .flags = DRM_CLOEXEC | DRM_RDWR };

	*drm = find_drm("vgem");
	if (*drm < 0) {
		tap_diag("no vgem in /dev/dri/card0..15: the board config sets CONFIG_DRM_VGEM=y");
		return -1;
	}
	if (ioctl(*drm, DRM_IOCTL_MODE_CREATE_DUMB, &dumb)) {
		tap_diag("vgem: DRM_IOCTL_MODE_CREATE_DUMB: %s",
			 strerror(errno));
		return -1;
	}
	ph.handle = dumb.handle;
	if (ioctl(*drm, DRM_IOCTL_PRIME_HANDLE_TO_FD, &ph)) {
		tap_diag("vgem: DRM_IOCTL_PRIME_HANDLE_TO_FD: %s",
			 strerror(errno));
		return -1;
	}
	return ph.fd;
}

/* A udmabuf of one page of a sealed memfd, or -1. */
static int udmabuf(void)
{
	struct udmabuf_create c = {
		.flags = UDMABUF_FLAGS_CLOEXEC,
		.size = page_size,
	};
	int dev, memfd, buf = -1;

	dev = open(UDMABUF_DEV, O_RDWR | O_CLOEXEC);
	if (dev < 0) {
		tap_diag("open %s: %s (the board config sets CONFIG_UDMABUF=y)",
			 UDMABUF_DEV, strerror(errno));
		return -1;
	}
	memfd = memfd_create("tee_test", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (memfd < 0 || ftruncate(memfd, page_size) ||
	    fcntl(memfd, F_ADD_SEALS, F_SEAL_SHRINK)) {
		tap_diag("memfd: %s", strerror(errno));
	} else {
		c.memfd = memfd;
		buf = ioctl(dev, UDMABUF_CREATE, &c);
		if (buf < 0)
			tap_diag("UDMABUF_CREATE: %s", strerror(errno));
	}
	close_fd(&memfd);
	close(dev);
	return buf;
}

static void register_refusals(void)
{
	int buf, pfd[2] = { -1, -1 }, null_fd, drm = -1;
	long dmabufs = dmabuf_count();
	bool ok;

	buf = heap_alloc(RESTRICTED_HEAP, BUF_SIZE);
	expect_register_errno(buf, 1, EINVAL, "register_fd_rejects_flag_bit0");
	expect_register_errno(buf, 0x80000000u, EINVAL,
			      "register_fd_rejects_flag_bit31");
	/* fd is 64 bits wide: a high bit must not be truncated away */
	expect_register_errno(buf + (1LL << 32), 0, EBADF,
			      "register_fd_rejects_fd_beyond_int");
	close_fd(&buf);

	expect_register_errno(-1, 0, EBADF, "register_fd_rejects_negative_fd");

	/* allocated, then closed before registering */
	buf = heap_alloc(RESTRICTED_HEAP, BUF_SIZE);
	close(buf);
	expect_register_errno(buf, 0, EBADF, "register_fd_rejects_closed_fd");

	if (pipe2(pfd, O_CLOEXEC)) {
		not_run("register_fd_rejects_pipe", strerror(errno));
	} else {
		expect_register_errno(pfd[0], 0, EINVAL,
				      "register_fd_rejects_pipe");
		close_fd(&pfd[0]);
		close_fd(&pfd[1]);
	}

	null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null_fd < 0) {
		not_run("register_fd_rejects_dev_null", strerror(errno));
	} else {
		expect_register_errno(null_fd, 0, EINVAL,
				      "register_fd_rejects_dev_null");
		close_fd(&null_fd);
	}

	expect_register_errno(tee_fd, 0, EINVAL,
			      "register_fd_rejects_tee_device_fd");

	/*
	 * dma-bufs of other exporters, physically contiguous ones included
	 * (one system-heap page, a CMA buffer): only a restricted heap's
	 * buffers are secure memory a TA may be handed as such.
	 */
	buf = heap_alloc(SYSTEM_HEAP, page_size);
	expect_foreign_refused(&buf, "register_fd_rejects_system_heap_buffer");

	if (access(CMA_HEAP, F_OK)) {
		tap_skip("register_fd_rejects_cma_heap_buffer",
			 "no CMA heap " CMA_HEAP);
	} else {
		buf = heap_alloc(CMA_HEAP, BUF_SIZE);
		expect_foreign_refused(&buf,
				       "register_fd_rejects_cma_heap_buffer");
	}

	buf = udmabuf();
	expect_foreign_refused(&buf, "register_fd_rejects_udmabuf_buffer");

	buf = vgem_dmabuf(&drm);
	expect_foreign_refused(&buf, "register_fd_rejects_vgem_buffer");
	close_fd(&drm);		/* the GEM handle holds the export */

	/* Nothing refused stays referenced once its descriptors are closed. */
	ok = stats_are("after refused registrations", 0, 0);
	ok &= dmabufs >= 0 &&
	      dmabuf_count_is("refused buffers closed", dmabufs);
	tap_result(ok, "refused_registrations_keep_no_reference");
}

static void registered_fd_refuses_mmap(void)
{
	struct tee_ioctl_shm_register_fd_data d;
	int buf, shm, err = 0;
	void *va = MAP_FAILED;

	buf = heap_alloc(RESTRICTED_HEAP, BUF_SIZE);
	shm = buf < 0 ? -1 : register_fd(buf, 0, &d);
	if (shm < 0) {
		tap_diag("REGISTER_FD: %s", strerror(errno));
		close_fd(&buf);
		tap_result(0, "registered_fd_refuses_mmap");
		return;
	}
	va = mmap(NULL, d.size, PROT_READ, MAP_SHARED, shm, 0);
	err = errno;
	if (va != MAP_FAILED)
		munmap(va, d.size);
	close_fd(&shm);
	close_fd(&buf);
	tap_errno(va == MAP_FAILED ? -1 : 0, err, EPERM,
		  "registered_fd_refuses_mmap");
}

/* The registration holds the dma-buf but no device attachment to it. */
static void registration_does_not_attach(void)
{
	struct tee_ioctl_shm_register_fd_data d;
	int buf, shm, n = -1;

	buf = heap_alloc(RESTRICTED_HEAP, BUF_SIZE);
	shm = buf < 0 ? -1 : register_fd(buf, 0, &d);
	if (shm < 0)
		tap_diag("REGISTER_FD: %s", strerror(errno));
	else
		n = dmabuf_attachments(buf);
	if (n > 0)
		tap_diag("%d devices attached to the registered dma-buf", n);
	close_fd(&shm);
	close_fd(&buf);
	tap_result(n == 0, "registration_does_not_attach_dmabuf");
}

/* The registration holds the buffer once the dma-buf fd is closed. */
static void registration_holds_buffer(void)
{
	struct tee_ioctl_shm_register_fd_data d;
	size_t sz = page_up(BUF_SIZE);
	int buf, shm;
	bool ok;

	buf = heap_alloc(RESTRICTED_HEAP, BUF_SIZE);
	shm = buf < 0 ? -1 : register_fd(buf, 0, &d);
	close_fd(&buf);
	if (shm < 0) {
		tap_diag("REGISTER_FD: %s", strerror(errno));
		tap_result(0, "registration_holds_buffer_after_dmabuf_close");
		return;
	}
	ok = stats_are("dma-buf fd closed, registration open", sz, 1);
	close_fd(&shm);
	ok &= stats_are("registration closed", 0, 0);
	tap_result(ok, "registration_holds_buffer_after_dmabuf_close");
}

static void register_twice(void)
{
	struct tee_ioctl_shm_register_fd_data d1, d2;
	int buf, shm1, shm2;
	bool ok;

	buf = heap_alloc(RESTRICTED_HEAP, BUF_SIZE);
	shm1 = buf < 0 ? -1 : register_fd(buf, 0, &d1);
	shm2 = buf < 0 ? -1 : register_fd(buf, 0, &d2);
	ok = shm1 >= 0 && shm2 >= 0 && d1.id != d2.id && d1.size == d2.size;
	if (!ok)
		tap_diag("fds %d %d ids %d %d", shm1, shm2, d1.id, d2.id);
	close_fd(&buf);
	ok &= stats_are("two registrations", page_up(BUF_SIZE), 1);
	close_fd(&shm1);
	ok &= stats_are("one registration left", page_up(BUF_SIZE), 1);
	close_fd(&shm2);
	ok &= stats_are("none left", 0, 0);
	tap_result(ok, "register_fd_twice_gives_two_registrations");
}

/* Alternate the close order; the heap must end where it started. */
static void register_cycles(void)
{
	struct tee_ioctl_shm_register_fd_data d;
	int i, buf, shm, failures = 0;

	for (i = 0; i < CYCLES; i++) {
		buf = heap_alloc(RESTRICTED_HEAP, BUF_SIZE + i * 97);
		shm = buf < 0 ? -1 : register_fd(buf, 0, &d);
		if (shm < 0 && failures++ < 3)
			tap_diag("cycle %d: REGISTER_FD: %s", i,
				 strerror(errno));
		if (i & 1) {
			close_fd(&shm);
			close_fd(&buf);
		} else {
			close_fd(&buf);
			close_fd(&shm);
		}
	}
	tap_result(!failures && stats_are("after cycles", 0, 0),
		   "register_close_%d_cycles_leave_heap_empty", CYCLES);
}

/*
 * REGISTER_FD racing close. The registrar registers whatever RACE_BUF_FD
 * holds on whatever context RACE_CTX_FD holds; one thread keeps replacing,
 * closing and re-creating RACE_BUF_FD (a new restricted dma-buf, a dup of
 * the old one, /dev/null, nothing), another keeps closing and reopening the
 * context behind RACE_CTX_FD. Each ioctl sees a TEE context or a closed
 * descriptor, and a restricted dma-buf, /dev/null or a closed descriptor:
 * success, EINVAL or EBADF, nothing else.
 */
struct race {
	atomic_int stop;
	int heap_fd, null_fd;
	unsigned long ok, ebadf, einval, other;	/* registrar */
	int other_errno;
	unsigned long buf_cycles, ctx_cycles;
	int buf_errno, ctx_errno;	/* first failure to set a slot up */
};

static void *race_register(void *arg)
{
	struct race *rc = arg;
	int held[RACE_HELD], i;
	unsigned int n = 0;

	for (i = 0; i < RACE_HELD; i++)
		held[i] = -1;
	while (!atomic_load(&rc->stop)) {
		struct tee_ioctl_shm_register_fd_data d = { .fd = RACE_BUF_FD };
		int shm = ioctl(RACE_CTX_FD, TEE_IOC_SHM_REGISTER_FD, &d);

		if (shm >= 0) {
			rc->ok++;
			/* keep a few: they outlive the fds they came from */
			close_fd(&held[n % RACE_HELD]);
			held[n++ % RACE_HELD] = shm;
		} else if (errno == EBADF) {
			rc->ebadf++;
		} else if (errno == EINVAL) {
			rc->einval++;
		} else if (!rc->other++) {
			rc->other_errno = errno;
		}
	}
	for (i = 0; i < RACE_HELD; i++)
		close_fd(&held[i]);
	return NULL;
}

static void *race_dmabuf(void *arg)
{
	struct race *rc = arg;
	unsigned long i;
	int tmp;

	for (i = 0; !atomic_load(&rc->stop); i++) {
		switch (i % 4) {
		case 0: {	/* a new buffer replaces what the slot holds */
			struct dma_heap_allocation_data a = {
				.len = BUF_SIZE,
				.fd_flags = O_RDWR | O_CLOEXEC,
			};

			if (ioctl(rc->heap_fd, DMA_HEAP_IOCTL_ALLOC, &a)) {
				if (!rc->buf_errno)
					rc->buf_errno = errno;
				break;
			}
			if (dup2(a.fd, RACE_BUF_FD) < 0 && !rc->buf_errno)
				rc->buf_errno = errno;
			close(a.fd);
			break;
		}
		case 1:		/* closed, then re-created from a dup */
			tmp = dup(RACE_BUF_FD);
			close(RACE_BUF_FD);
			if (tmp >= 0) {
				dup2(tmp, RACE_BUF_FD);
				close(tmp);
			}
			break;
		case 2:		/* reused by a file that is no dma-buf */
			dup2(rc->null_fd, RACE_BUF_FD);
			break;
		default:
			close(RACE_BUF_FD);
			break;
		}
	}
	rc->buf_cycles = i;
	return NULL;
}

static void *race_context(void *arg)
{
	struct race *rc = arg;
	unsigned long i;
	int tmp;

	for (i = 0; !atomic_load(&rc->stop); i++) {
		if (i % 3 == 0) {
			close(RACE_CTX_FD);
			continue;
		}
		/* reopened after a close, or replacing an open context */
		tmp = open(TEE_DEV, O_RDWR | O_CLOEXEC);
		if (tmp < 0 || dup2(tmp, RACE_CTX_FD) < 0) {
			if (!rc->ctx_errno)
				rc->ctx_errno = errno;
		}
		if (tmp >= 0)
			close(tmp);
	}
	rc->ctx_cycles = i;
	return NULL;
}

static void *(*const race_threads[3])(void *) = {
	race_register, race_dmabuf, race_context,
};

static void register_races_close(void)
{
	const char *name = "register_fd_races_close_of_dmabuf_and_context";
	struct race rc = { .heap_fd = -1, .null_fd = -1 };
	int i, err, started = 0;
	pthread_t t[3];
	bool ok;

	atomic_init(&rc.stop, 0);
	if (fcntl(RACE_CTX_FD, F_GETFD) != -1 ||
	    fcntl(RACE_BUF_FD, F_GETFD) != -1) {
		not_run(name, "descriptor 200 or 201 already in use");
		return;
	}
	rc.heap_fd = open(RESTRICTED_HEAP, O_RDWR | O_CLOEXEC);
	rc.null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (rc.heap_fd < 0 || rc.null_fd < 0) {
		tap_diag("open %s or /dev/null: %s", RESTRICTED_HEAP,
			 strerror(errno));
		goto out;
	}
	for (i = 0; i < 3; i++) {
		err = pthread_create(&t[i], NULL, race_threads[i], &rc);
		if (err) {
			tap_diag("pthread_create: %s", strerror(err));
			break;
		}
		started++;
	}
	if (started == 3)
		sleep(RACE_SECONDS);
	atomic_store(&rc.stop, 1);
	for (i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	close(RACE_CTX_FD);
	close(RACE_BUF_FD);

	tap_diag("%lu dma-buf and %lu context cycles", rc.buf_cycles,
		 rc.ctx_cycles);
	tap_diag("%lu registrations succeeded, %lu refused (EBADF %lu, EINVAL %lu), %lu other",
		 rc.ok, rc.ebadf + rc.einval, rc.ebadf, rc.einval, rc.other);
	if (rc.other)
		tap_diag("unexpected REGISTER_FD errno, first: %d (%s)",
			 rc.other_errno, strerror(rc.other_errno));
	if (rc.buf_errno)
		tap_diag("replacing the dma-buf failed: %s",
			 strerror(rc.buf_errno));
	if (rc.ctx_errno)
		tap_diag("reopening %s failed: %s", TEE_DEV,
			 strerror(rc.ctx_errno));
	if (!rc.ok || !(rc.ebadf + rc.einval))
		tap_diag("the race needs both outcomes to prove anything");
out:
	close_fd(&rc.heap_fd);
	close_fd(&rc.null_fd);
	ok = started == 3 && !rc.other && rc.ok && rc.ebadf + rc.einval &&
	     !rc.buf_errno && !rc.ctx_errno;
	ok &= stats_are("after the race", 0, 0);
	tap_result(ok, "%s", name);
}

/* ---- libteec ---- */

static void libteec_tests(void)
{
	TEEC_SharedMemory shm;
	TEEC_Context ctx;
	TEEC_Result res;
	int buf;

	res = TEEC_InitializeContext(NULL, &ctx);
	if (res != TEEC_SUCCESS) {
		tap_diag("TEEC_InitializeContext: 0x%08x", res);
		tap_result(0, "libteec_registers_restricted_buffer");
		tap_result(0, "libteec_refuses_system_heap_buffer");
		return;
	}

	buf = heap_alloc(RESTRICTED_HEAP, BUF_SIZE);
	memset(&shm, 0, sizeof(shm));
	shm.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
	res = TEEC_RegisterSharedMemoryFileDescriptor(&ctx, &shm, buf);
	close_fd(&buf);
	if (res != TEEC_SUCCESS) {
		tap_diag("TEEC_RegisterSharedMemoryFileDescriptor: 0x%08x", res);
		tap_result(0, "libteec_registers_restricted_buffer");
	} else {
		bool ok = shm.size == page_up(BUF_SIZE) && !shm.buffer;

		if (!ok)
			tap_diag("size %zu buffer %p", shm.size, shm.buffer);
		TEEC_ReleaseSharedMemory(&shm);
		ok &= stats_are("after TEEC_ReleaseSharedMemory", 0, 0);
		tap_result(ok, "libteec_registers_restricted_buffer");
	}

	/* libteec turns any REGISTER_FD failure (here EINVAL) into this */
	buf = heap_alloc(SYSTEM_HEAP, page_size);
	if (buf < 0) {
		not_run("libteec_refuses_system_heap_buffer",
			"no system-heap buffer");
	} else {
		memset(&shm, 0, sizeof(shm));
		shm.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
		res = TEEC_RegisterSharedMemoryFileDescriptor(&ctx, &shm, buf);
		close_fd(&buf);
		if (res == TEEC_SUCCESS)
			TEEC_ReleaseSharedMemory(&shm);
		if (res != TEEC_ERROR_BAD_PARAMETERS)
			tap_diag("got 0x%08x, expected 0x%08x (BAD_PARAMETERS)",
				 res, TEEC_ERROR_BAD_PARAMETERS);
		tap_result(res == TEEC_ERROR_BAD_PARAMETERS,
			   "libteec_refuses_system_heap_buffer");
	}

	TEEC_FinalizeContext(&ctx);
}

/* ---- the scrub service ---- */

/* The firmware lists the scrub PTA; its kernel driver binds to it. */
static void scrub_device_bound(void)
{
	const char *driver = NULL;
	char link[PATH_MAX];
	struct stat st;
	ssize_t n;

	if (stat(SCRUB_DEV, &st)) {
		tap_diag("%s: %s", SCRUB_DEV, strerror(errno));
	} else if (!S_ISDIR(st.st_mode)) {
		tap_diag("%s: not a directory", SCRUB_DEV);
	} else {
		n = readlink(SCRUB_DEV "/driver", link, sizeof(link) - 1);
		if (n < 0) {
			tap_diag("%s/driver: %s (no driver bound)", SCRUB_DEV,
				 strerror(errno));
		} else {
			link[n] = '\0';
			driver = strrchr(link, '/');
			driver = driver ? driver + 1 : link;
			if (strcmp(driver, SCRUB_DRIVER))
				tap_diag("bound to driver \"%s\", expected \"%s\"",
					 driver, SCRUB_DRIVER);
		}
	}
	tap_result(driver && !strcmp(driver, SCRUB_DRIVER),
		   "scrub_device_bound_on_tee_bus");
}

/*
 * Only the kernel may scrub: a user-space session to the scrub PTA is
 * refused by the secure world, and the kernel does not let user space
 * claim a kernel login.
 */
static void scrub_pta_refuses_userspace(void)
{
	struct invoke_result r;
	uint32_t session;
	bool ok;

	if (!open_session(scrub_pta_octets, TEE_IOCTL_LOGIN_PUBLIC, &session,
			  &r))
		close_session(session);
	/* The PTA's open entry point refuses: origin TA, as in OP-TEE. */
	ok = !r.err && r.ret == TEEC_ERROR_ACCESS_DENIED &&
	     r.origin == TEEC_ORIGIN_TRUSTED_APP;
	if (!ok) {
		result_diag("OPEN_SESSION to the scrub PTA", &r);
		tap_diag("expected ret 0x%08x origin TA",
			 TEEC_ERROR_ACCESS_DENIED);
	}
	tap_result(ok, "scrub_pta_refuses_userspace_clients");

	if (!open_session(scrub_pta_octets, TEE_IOCTL_LOGIN_REE_KERNEL,
			  &session, &r))
		close_session(session);
	if (r.err != EPERM)
		result_diag("OPEN_SESSION with TEE_IOCTL_LOGIN_REE_KERNEL", &r);
	tap_errno(r.err ? -1 : 0, r.err, EPERM,
		  "open_session_refuses_kernel_login_from_userspace");
}

/* ---- with the SDP TA ---- */

/*
 * Memrefs beyond a registered buffer are refused by the kernel with EINVAL,
 * before any TA sees them; the last byte is a valid reference and reaches
 * the TA.
 */
static void out_of_range_memrefs(void)
{
	static const struct { uint64_t offset, size; bool valid; } c[] = {
		{ 0, 1, true },		/* offset filled in: size - 1 */
		{ 0, 2, false },	/* size - 1, 2 */
		{ 1, 1, false },	/* size, 1 */
		{ 1, 4096, false },	/* size, 4096 */
		{ 2, ~0ULL, false },	/* 2, wraps */
	};
	struct tee_ioctl_shm_register_fd_data d;
	struct invoke_result r;
	struct ns_shm src;
	bool ok = true;
	int buf, shm;
	size_t i;

	buf = heap_alloc(RESTRICTED_HEAP, BUF_SIZE);
	shm = buf < 0 ? -1 : register_fd(buf, 0, &d);
	close_fd(&buf);
	if (shm < 0 || ns_shm_alloc(&src, page_up(BUF_SIZE))) {
		close_fd(&shm);
		tap_result(0, "invoke_rejects_memref_beyond_registered_buffer");
		return;
	}
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		uint64_t off = c[i].offset == 2 ? 2 :
			       d.size - 1 + c[i].offset;
		uint64_t len = c[i].size;
		const struct memref m[2] = {
			{ TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT, 0,
			  len > src.size ? 1 : len, src.id },
			{ TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT, off, len,
			  d.id },
		};
		bool good;

		invoke(CMD_INJECT, m, 2, &r);
		if (c[i].valid)
			good = !r.err && r.origin == TEEC_ORIGIN_TRUSTED_APP;
		else
			good = r.err == EINVAL;
		if (!good) {
			tap_diag("offset %#llx size %#llx: %s",
				 (unsigned long long)off,
				 (unsigned long long)len,
				 c[i].valid ? "must reach the TA" :
					      "must fail with EINVAL");
			result_diag("INJECT", &r);
		}
		ok &= good;
	}
	ns_shm_free(&src);
	close_fd(&shm);
	tap_result(ok, "invoke_rejects_memref_beyond_registered_buffer");
}

/* Inject and dump through a registration whose dma-buf fd is closed. */
static void data_through_closed_dmabuf(void)
{
	struct tee_ioctl_shm_register_fd_data d;
	size_t len = BUF_SIZE - 100, off = 100;
	struct ns_shm src, dst;
	struct invoke_result r;
	int buf, shm;
	bool ok = false;

	buf = heap_alloc(RESTRICTED_HEAP, BUF_SIZE);
	shm = buf < 0 ? -1 : register_fd(buf, 0, &d);
	close_fd(&buf);
	if (shm < 0 || ns_shm_alloc(&src, len)) {
		close_fd(&shm);
		tap_result(0, "registration_usable_after_dmabuf_close");
		return;
	}
	if (ns_shm_alloc(&dst, len))
		goto out_src;
	fill_pattern(src.va, len, 1);
	memset(dst.va, 0, len);
	inject(&src, d.id, off, len, &r);
	if (!ta_ok("INJECT", &r))
		goto out_dst;
	dump(d.id, off, &dst, len, &r);
	if (!ta_ok("DUMP", &r))
		goto out_dst;
	ok = !memcmp(src.va, dst.va, len);
	if (!ok)
		tap_diag("dumped data differs from injected data");
out_dst:
	ns_shm_free(&dst);
out_src:
	ns_shm_free(&src);
	close_fd(&shm);
	tap_result(ok, "registration_usable_after_dmabuf_close");
}

/* Two registrations of one buffer see the same memory. */
static void double_registration_aliases(void)
{
	struct tee_ioctl_shm_register_fd_data d1, d2;
	size_t len = page_up(BUF_SIZE);
	struct ns_shm src, dst;
	struct invoke_result r;
	int buf, shm1, shm2;
	bool ok = false;

	buf = heap_alloc(RESTRICTED_HEAP, BUF_SIZE);
	shm1 = buf < 0 ? -1 : register_fd(buf, 0, &d1);
	shm2 = buf < 0 ? -1 : register_fd(buf, 0, &d2);
	close_fd(&buf);
	if (shm1 < 0 || shm2 < 0 || ns_shm_alloc(&src, len)) {
		close_fd(&shm1);
		close_fd(&shm2);
		tap_result(0, "double_registration_aliases_one_buffer");
		return;
	}
	if (ns_shm_alloc(&dst, len))
		goto out_src;
	fill_pattern(src.va, len, 3);
	memset(dst.va, 0, len);
	inject(&src, d1.id, 0, len, &r);
	if (!ta_ok("INJECT via first registration", &r))
		goto out_dst;
	close_fd(&shm1);
	dump(d2.id, 0, &dst, len, &r);
	if (!ta_ok("DUMP via second registration", &r))
		goto out_dst;
	ok = !memcmp(src.va, dst.va, len);
	if (!ok)
		tap_diag("second registration does not see the first's data");
out_dst:
	ns_shm_free(&dst);
out_src:
	ns_shm_free(&src);
	close_fd(&shm1);
	close_fd(&shm2);
	tap_result(ok, "double_registration_aliases_one_buffer");
}

/* Every byte of @p is @val; otherwise say where it is not. */
static bool untouched(const uint8_t *p, size_t len, uint8_t val,
		      const char *what)
{
	size_t i;

	for (i = 0; i < len && p[i] == val; i++)
		;
	if (i < len)
		tap_diag("%s modified at byte %zu: 0x%02x, was 0x%02x", what, i,
			 p[i], val);
	return i == len;
}

/*
 * A refusal of non-secure memory as the secure memref: shared memory the
 * driver registered reaches the TA as non-secure memory (as on OP-TEE),
 * and the TA refuses it.
 */
static bool refused(const char *what, const struct invoke_result *r)
{
	bool ok = !r->err && r->ret == TEEC_ERROR_ACCESS_DENIED &&
		  r->origin == TEEC_ORIGIN_TRUSTED_APP;

	if (!ok) {
		result_diag(what, r);
		tap_diag("expected ACCESS_DENIED from the TA");
	}
	return ok;
}

/*
 * Normal shared memory (TEE_IOC_SHM_ALLOC) as the secure destination of
 * INJECT: the TA refuses it and writes nothing.
 */
static void ta_inject_refuses_nonsecure(void)
{
	const char *name = "ta_inject_refuses_nonsecure_destination";
	size_t len = page_up(BUF_SIZE);
	struct ns_shm src = NS_SHM_NONE, dst = NS_SHM_NONE;
	struct invoke_result r;
	bool ok = false;

	if (ns_shm_alloc(&src, len) || ns_shm_alloc(&dst, len))
		goto out;
	fill_pattern(src.va, len, 5);
	memset(dst.va, 0xa5, len);
	inject(&src, dst.id, 0, len, &r);
	ok = refused("INJECT into non-secure shm", &r);
	ok &= untouched(dst.va, len, 0xa5, "non-secure destination");
out:
	ns_shm_free(&dst);
	ns_shm_free(&src);
	tap_result(ok, "%s", name);
}

/* The same memory as TRANSFORM's secure inout buffer: refused, intact. */
static void ta_transform_refuses_nonsecure(void)
{
	const char *name = "ta_transform_refuses_nonsecure_buffer";
	size_t len = page_up(BUF_SIZE);
	struct ns_shm buf = NS_SHM_NONE;
	struct invoke_result r;
	bool ok = false;

	if (ns_shm_alloc(&buf, len))
		goto out;
	memset(buf.va, 0xa5, len);
	{
		const struct memref m = {
			TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT, 0, len, buf.id,
		};

		invoke(CMD_TRANSFORM, &m, 1, &r);
	}
	ok = refused("TRANSFORM of non-secure shm", &r);
	ok &= untouched(buf.va, len, 0xa5, "non-secure buffer");
out:
	ns_shm_free(&buf);
	tap_result(ok, "%s", name);
}

/* Never zero, and not periodic in pages: 251 is prime. */
static uint8_t scrub_pattern(uint64_t off)
{
	return (uint8_t)(off % 251 + 1);
}

/* The whole restricted heap (@total bytes), registered; -1 on failure. */
static int register_whole_heap(unsigned long long total,
			       struct tee_ioctl_shm_register_fd_data *d)
{
	int buf, shm;

	buf = heap_alloc(RESTRICTED_HEAP, total);
	if (buf < 0)
		return -1;
	shm = register_fd(buf, 0, d);
	if (shm < 0)
		tap_diag("REGISTER_FD of the whole heap: %s", strerror(errno));
	close(buf);
	if (shm >= 0 && d->size != total) {
		tap_diag("registered %llu bytes, the heap has %llu",
			 (unsigned long long)d->size, total);
		close_fd(&shm);
	}
	return shm;
}

/*
 * Fill the whole heap with a nonzero pattern through the TA, free it, take
 * the whole heap again (necessarily the same range) and read it back: the
 * secure world must have zeroed it in between.
 */
static void scrub_before_reuse(void)
{
	const char *name = "freed_restricted_memory_is_scrubbed_before_reuse";
	unsigned long long total, nonzero = 0, first = 0;
	struct tee_ioctl_shm_register_fd_data d;
	struct ns_shm io = NS_SHM_NONE;
	struct invoke_result r;
	uint64_t off;
	size_t len, i;
	struct stats s;
	bool ok = false;
	int shm = -1;

	if (!stats_are("before taking the whole heap", 0, 0) ||
	    read_stats(&s))
		goto out;
	total = s.total;
	if (!total || total % page_size) {
		tap_diag("heap total %llu bytes", total);
		goto out;
	}
	tap_diag("restricted heap: %llu bytes in %llu chunks", total,
		 (total + CHUNK - 1) / CHUNK);
	if (ns_shm_alloc(&io, CHUNK))
		goto out;

	shm = register_whole_heap(total, &d);
	if (shm < 0)
		goto out;
	for (off = 0; off < total; off += len) {
		len = total - off < CHUNK ? total - off : CHUNK;
		for (i = 0; i < len; i++)
			io.va[i] = scrub_pattern(off + i);
		inject(&io, d.id, off, len, &r);
		if (!ta_ok("INJECT of the pattern", &r))
			goto out;
	}
	/* Prove the fill: every byte of the heap holds the pattern. */
	for (off = 0; off < total; off += len) {
		len = total - off < CHUNK ? total - off : CHUNK;
		memset(io.va, 0, len);
		dump(d.id, off, &io, len, &r);
		if (!ta_ok("DUMP of the pattern", &r))
			goto out;
		for (i = 0; i < len && io.va[i] == scrub_pattern(off + i); i++)
			;
		if (i < len) {
			tap_diag("fill failed at offset %#llx: 0x%02x",
				 (unsigned long long)(off + i), io.va[i]);
			goto out;
		}
	}
	close_fd(&shm);
	if (!stats_are("whole heap freed", 0, 0))
		goto out;

	shm = register_whole_heap(total, &d);
	if (shm < 0)
		goto out;
	for (off = 0; off < total; off += len) {
		len = total - off < CHUNK ? total - off : CHUNK;
		memset(io.va, 0xff, len);	/* a DUMP that wrote nothing */
		dump(d.id, off, &io, len, &r);
		if (!ta_ok("DUMP after reuse", &r))
			goto out;
		for (i = 0; i < len; i++) {
			if (!io.va[i])
				continue;
			if (!nonzero++)
				first = off + i;
		}
	}
	ok = !nonzero;
	if (!ok)
		tap_diag("reallocated heap: %llu of %llu bytes nonzero, the first at offset %#llx",
			 nonzero, total, first);
out:
	ns_shm_free(&io);
	close_fd(&shm);
	ok &= stats_are("after the scrub test", 0, 0);
	tap_result(ok, "%s", name);
}

static void sdp_ta_tests(void)
{
	static const char *const names[] = {
		"invoke_rejects_memref_beyond_registered_buffer",
		"registration_usable_after_dmabuf_close",
		"double_registration_aliases_one_buffer",
		"ta_inject_refuses_nonsecure_destination",
		"ta_transform_refuses_nonsecure_buffer",
		"freed_restricted_memory_is_scrubbed_before_reuse",
	};
	struct invoke_result r;
	size_t i;

	if (open_session(sdp_ta_octets, TEE_IOCTL_LOGIN_PUBLIC, &ta_session,
			 &r)) {
		result_diag("OPEN_SESSION to the SDP TA", &r);
		tap_result(0, "sdp_ta_session_opens");
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			not_run(names[i], "no session to the SDP TA");
		return;
	}
	tap_result(1, "sdp_ta_session_opens");
	out_of_range_memrefs();
	data_through_closed_dmabuf();
	double_registration_aliases();
	ta_inject_refuses_nonsecure();
	ta_transform_refuses_nonsecure();
	scrub_before_reuse();
	close_session(ta_session);
}

/* ---- a CPU read of the secure carveout ---- */

/* Base and size of /reserved-memory/restricted@... from the device tree. */
static int carveout(unsigned long long *base, unsigned long long *size)
{
	char path[512];
	uint8_t reg[16];
	struct dirent *de;
	DIR *dir;
	int fd, n = 0, i;

	dir = opendir(DT_RESERVED);
	if (!dir)
		return -1;
	path[0] = '\0';
	while ((de = readdir(dir)))
		if (!strncmp(de->d_name, "restricted@", 11))
			snprintf(path, sizeof(path), DT_RESERVED "/%s/reg",
				 de->d_name);
	closedir(dir);
	if (!path[0])
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, reg, sizeof(reg));
		close(fd);
	}
	if (n != sizeof(reg))
		return -1;
	*base = *size = 0;
	for (i = 0; i < 8; i++) {
		*base = *base << 8 | reg[i];
		*size = *size << 8 | reg[8 + i];
	}
	return 0;
}

/* Kernel log text written after @marker, or NULL. Caller frees. */
static char *klog_since(const char *marker)
{
	int len = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
	char *log, *p, *last = NULL;

	if (len <= 0)
		return NULL;
	log = calloc(1, len + 1);
	if (!log)
		return NULL;
	len = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, log, len);
	if (len < 0) {
		free(log);
		return NULL;
	}
	log[len] = '\0';
	for (p = strstr(log, marker); p; p = strstr(p + 1, marker))
		last = p;
	if (!last) {
		free(log);
		return NULL;
	}
	memmove(log, last, strlen(last) + 1);
	return log;
}

static void kmsg(const char *msg)
{
	int fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	if (write(fd, msg, strlen(msg)) < 0)
		tap_diag("write /dev/kmsg: %s", strerror(errno));
	close(fd);
}

/*
 * Set /proc/sys/debug/exception-trace (arm64: log unhandled user faults);
 * returns the previous value ('0'/'1') or -1.
 */
static int set_exception_trace(int val)
{
	const char *path = "/proc/sys/debug/exception-trace";
	char old = 0;
	int fd;

	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (read(fd, &old, 1) != 1 || pwrite(fd, &(char){ val }, 1, 0) != 1)
		old = 0;
	close(fd);
	return old ? old : -1;
}

static void peek_secure_carveout(void)
{
	const char *name = "cpu_read_of_secure_carveout_gets_sigbus";
	const char *marker = "tee_test: peek start";
	unsigned long long base, size;
	char cmd[256], *log;
	int status = 0, rc, trace;
	bool ok, unloaded;
	pid_t pid;

	if (access(PEEK_MODULE, R_OK)) {
		tap_skip(name, "no " PEEK_MODULE);
		tap_skip("secure_carveout_read_leaves_kernel_alive",
			 "no " PEEK_MODULE);
		return;
	}
	if (carveout(&base, &size)) {
		not_run(name, "no restricted@ node in " DT_RESERVED);
		not_run("secure_carveout_read_leaves_kernel_alive",
			"no restricted@ node in " DT_RESERVED);
		return;
	}
	tap_diag("carveout %#llx+%#llx", base, size);
	snprintf(cmd, sizeof(cmd), "insmod %s base=%#llx size=%#llx",
		 PEEK_MODULE, base, (unsigned long long)page_size);
	rc = system(cmd);
	if (rc) {
		tap_diag("%s: status %d", cmd, rc);
		tap_result(0, "%s", name);
		tap_result(0, "secure_carveout_read_leaves_kernel_alive");
		return;
	}
	/* Have the kernel log the fault it turns into SIGBUS. */
	trace = set_exception_trace('1');
	kmsg(marker);

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		volatile uint8_t *p;
		int fd = open(PEEK_DEV, O_RDONLY | O_CLOEXEC);

		if (fd < 0)
			_exit(2);
		p = mmap(NULL, page_size, PROT_READ, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED)
			_exit(3);
		printf("# child: read 0x%02x from the secure carveout\n", p[0]);
		fflush(stdout);
		_exit(0);
	}
	ok = pid > 0 && waitpid(pid, &status, 0) == pid &&
	     WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS;
	if (!ok && pid > 0) {
		if (WIFSIGNALED(status))
			tap_diag("child killed by signal %d", WTERMSIG(status));
		else
			tap_diag("child exited with %d (2: open, 3: mmap, 0: read succeeded)",
				 WEXITSTATUS(status));
	}
	tap_result(ok, "%s", name);

	unloaded = !system("rmmod sdp_peek");
	if (!unloaded)
		tap_diag("rmmod sdp_peek failed");

	/* One user-mode external abort reported, no kernel fault. */
	log = klog_since(marker);
	if (trace >= 0)
		set_exception_trace(trace);
	ok = unloaded && log && !strstr(log, "Internal error") &&
	     !strstr(log, "Oops") && !strstr(log, "Kernel panic") &&
	     !strstr(log, "Unable to handle");
	if (trace < 0) {
		tap_diag("cannot set /proc/sys/debug/exception-trace");
		ok = false;
	} else if (log && !strstr(log, "external abort")) {
		tap_diag("no \"external abort\" in the kernel log");
		ok = false;
	}
	if (log) {
		char *line = strtok(log, "\n");

		for (; line; line = strtok(NULL, "\n"))
			if (strstr(line, "unhandled") || strstr(line, "Unhandled") ||
			    strstr(line, "Internal error") || strstr(line, "Oops"))
				tap_diag("kernel: %s", line);
	} else {
		tap_diag("cannot read the kernel log");
	}
	free(log);
	tap_result(ok, "secure_carveout_read_leaves_kernel_alive");
}

/* ---- large shared memory allocations ---- */

/*
 * TEE_IOC_SHM_ALLOC memory is one physically contiguous block (the
 * dynamic shm helper's alloc_pages_exact(), mapped with remap_pfn_range()):
 * at most MAX_PAGE_ORDER (10) pages of 4 KiB, 4 MiB. A larger size fails
 * with ENOMEM and nothing in the kernel log. TEEC_AllocateSharedMemory()
 * does not use it here: the driver reports TEE_GEN_CAP_REG_MEM, so libteec
 * registers page-aligned malloc() memory (TEE_IOC_SHM_REGISTER), which the
 * firmware takes up to 16 MiB per registration (SHM_MAX_PAGES); libteec
 * turns a refused registration into TEEC_ERROR_OUT_OF_MEMORY.
 */
#define SHM_ALLOC_MAX	(4u << 20)
#define SHM_REG_MAX	(16u << 20)
#define PROBE_LEN	(64u << 10)	/* copied through the TA */

static const struct {
	size_t size;
	const char *label;
} large_shm[] = {
	{ 4u << 20, "4MiB" },
	{ (4u << 20) + 4096, "4MiB_plus_4KiB" },
	{ 16u << 20, "16MiB" },
	{ (16u << 20) + 4096, "16MiB_plus_4KiB" },
};

/* The kernel log from now on: /dev/kmsg, read from its end; -1 if not. */
static int klog_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0 || lseek(fd, 0, SEEK_END) < 0) {
		tap_diag("/dev/kmsg: %s", strerror(errno));
		close_fd(&fd);
	}
	return fd;
}

/* Nothing alarming in the records logged since klog_open(); closes *@fd. */
static bool klog_quiet(int *fd)
{
	static const char *const alarms[] = {
		"WARNING", "Call trace", "allocation failure", "BUG:",
	};
	char rec[2048], *msg;
	bool ok = *fd >= 0;
	size_t i;
	ssize_t n;

	while (*fd >= 0) {
		n = read(*fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* records overwritten meanwhile */
		if (n < 0 && errno != EAGAIN) {
			tap_diag("read /dev/kmsg: %s", strerror(errno));
			ok = false;
		}
		if (n <= 0)
			break;
		rec[n] = '\0';
		/* "prio,seq,time,flags;text\n" and " KEY=value" lines */
		msg = strchr(rec, ';');
		msg = msg ? msg + 1 : rec;
		msg[strcspn(msg, "\n")] = '\0';
		for (i = 0; i < sizeof(alarms) / sizeof(alarms[0]); i++) {
			if (strstr(msg, alarms[i])) {
				tap_diag("kernel: %s", msg);
				ok = false;
				break;
			}
		}
	}
	close_fd(fd);
	return ok;
}

/* @len bytes of @p hold fill_pattern(@seed) from pattern offset @from. */
static bool holds_pattern(const uint8_t *p, size_t len, size_t from,
			  unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (p[i] != (uint8_t)((from + i) * 7 + seed)) {
			tap_diag("byte %zu: 0x%02x, expected 0x%02x", i, p[i],
				 (uint8_t)((from + i) * 7 + seed));
			return false;
		}
	}
	return true;
}

/*
 * Through the SDP TA: INJECT the last PROBE_LEN bytes of the mapped shm
 * @s (holding fill_pattern(@seed)) into a restricted buffer, DUMP them
 * back over its first PROBE_LEN bytes and check them there.
 */
static bool shm_through_ta(struct ns_shm *s, unsigned int seed)
{
	struct tee_ioctl_shm_register_fd_data d;
	size_t tail = s->size - PROBE_LEN;
	struct memref m[2];
	struct invoke_result r;
	int buf, shm;
	bool ok = false;

	buf = heap_alloc(RESTRICTED_HEAP, PROBE_LEN);
	shm = buf < 0 ? -1 : register_fd(buf, 0, &d);
	close_fd(&buf);
	if (shm < 0) {
		tap_diag("no registered restricted buffer of %u bytes",
			 PROBE_LEN);
		return false;
	}
	m[0] = (struct memref){ TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT, tail,
				PROBE_LEN, s->id };
	m[1] = (struct memref){ TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT, 0,
				PROBE_LEN, d.id };
	invoke(CMD_INJECT, m, 2, &r);
	if (!ta_ok("INJECT from the end of the shm", &r))
		goto out;
	memset(s->va, 0, PROBE_LEN);
	m[0] = (struct memref){ TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT, 0,
				PROBE_LEN, d.id };
	m[1] = (struct memref){ TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT, 0,
				PROBE_LEN, s->id };
	invoke(CMD_DUMP, m, 2, &r);
	if (!ta_ok("DUMP to the start of the shm", &r))
		goto out;
	ok = holds_pattern(s->va, PROBE_LEN, tail, seed) &&
	     holds_pattern(s->va + PROBE_LEN, tail - PROBE_LEN, PROBE_LEN,
			   seed);
out:
	close_fd(&shm);
	return ok;
}

/* A page of TEE_IOC_SHM_ALLOC memory, written and read back. */
static bool small_shm_alloc_works(void)
{
	struct ns_shm s = NS_SHM_NONE;
	bool ok;

	if (ns_shm_alloc(&s, page_size))
		return false;
	fill_pattern(s.va, page_size, 3);
	ok = holds_pattern(s.va, page_size, 0, 3);
	ns_shm_free(&s);
	return ok;
}

/*
 * TEE_IOC_SHM_ALLOC of @size: usable up to SHM_ALLOC_MAX (mapped, written,
 * read by the TA at its end and written by it at its start), ENOMEM above;
 * either way no warning in the kernel log and a page allocates afterwards.
 */
static void shm_alloc_large(size_t size, const char *label, bool have_ta)
{
	bool fits = size <= SHM_ALLOC_MAX;
	struct ns_shm s = NS_SHM_NONE;
	int klog = klog_open();
	char name[96];
	bool ok;

	snprintf(name, sizeof(name), "tee_ioc_shm_alloc_%s_%s", label,
		 fits ? "is_usable" : "fails_with_enomem_quietly");
	if (fits) {
		ok = !ns_shm_alloc(&s, size);
		if (ok) {
			fill_pattern(s.va, size, 5);
			ok = holds_pattern(s.va, size, 0, 5);
			if (!have_ta)
				tap_diag("no session to the SDP TA");
			ok = ok && have_ta && shm_through_ta(&s, 5);
		}
		ns_shm_free(&s);
	} else {
		struct tee_ioctl_shm_alloc_data d = { .size = size };
		int fd = ioctl(tee_fd, TEE_IOC_SHM_ALLOC, &d);

		ok = fd < 0 && errno == ENOMEM;
		if (fd >= 0)
			tap_diag("%zu bytes allocated, expected ENOMEM", size);
		else if (errno != ENOMEM)
			tap_diag("errno %d (%s), expected ENOMEM", errno,
				 strerror(errno));
		close_fd(&fd);
	}
	ok &= klog_quiet(&klog);
	if (!small_shm_alloc_works()) {
		tap_diag("a page of TEE_IOC_SHM_ALLOC failed afterwards");
		ok = false;
	}
	tap_result(ok, "%s", name);
}

/*
 * TEEC_AllocateSharedMemory() of @size in @t: usable up to SHM_REG_MAX
 * (written, read by the TA at its end, written by it at its start),
 * TEEC_ERROR_OUT_OF_MEMORY above; no warning in the kernel log and a page
 * allocates afterwards.
 */
static void teec_alloc_large(struct sdp_tee *t, size_t size,
			     const char *label)
{
	struct sdp_tee_buf b = SDP_TEE_BUF_INIT;
	bool fits = size <= SHM_REG_MAX;
	char name[96], msg[SDP_TEE_MSG_SIZE];
	size_t tail = size - PROBE_LEN;
	int klog = klog_open();
	TEEC_SharedMemory shm;
	uint32_t origin = 0;
	TEEC_Operation o;
	TEEC_Result res;
	bool ok;

	snprintf(name, sizeof(name), "teec_allocate_shared_memory_%s_%s",
		 label, fits ? "is_usable" : "is_out_of_memory");
	memset(&shm, 0, sizeof(shm));
	shm.size = size;
	shm.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
	res = TEEC_AllocateSharedMemory(&t->ctx, &shm);
	if (!fits) {
		ok = res == TEEC_ERROR_OUT_OF_MEMORY;
		if (!ok)
			tap_diag("got %s, expected TEEC_ERROR_OUT_OF_MEMORY",
				 sdp_tee_result_name(res));
		if (res == TEEC_SUCCESS)
			TEEC_ReleaseSharedMemory(&shm);
		goto check_log;
	}
	if (res != TEEC_SUCCESS) {
		tap_diag("%s", sdp_tee_error(msg, sizeof(msg),
					     "TEEC_AllocateSharedMemory", res,
					     TEEC_ORIGIN_API));
		ok = false;
		goto check_log;
	}
	fill_pattern(shm.buffer, size, 9);
	ok = false;
	if (sdp_tee_buf_alloc(&b, &t->ctx, RESTRICTED_HEAP, PROBE_LEN, msg,
			      sizeof(msg))) {
		tap_diag("%s", msg);
		goto release;
	}
	memset(&o, 0, sizeof(o));
	o.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INPUT,
					TEEC_MEMREF_PARTIAL_OUTPUT,
					TEEC_NONE, TEEC_NONE);
	o.params[0].memref = sdp_tee_memref(&shm, tail, PROBE_LEN);
	o.params[1].memref = sdp_tee_memref(&b.shm, 0, PROBE_LEN);
	res = TEEC_InvokeCommand(&t->sess, TA_SDP_BASIC_CMD_INJECT, &o,
				 &origin);
	if (res != TEEC_SUCCESS) {
		tap_diag("%s", sdp_tee_error(msg, sizeof(msg), "INJECT", res,
					     origin));
		goto release;
	}
	memset(shm.buffer, 0, PROBE_LEN);
	memset(&o, 0, sizeof(o));
	o.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INPUT,
					TEEC_MEMREF_PARTIAL_OUTPUT,
					TEEC_NONE, TEEC_NONE);
	o.params[0].memref = sdp_tee_memref(&b.shm, 0, PROBE_LEN);
	o.params[1].memref = sdp_tee_memref(&shm, 0, PROBE_LEN);
	res = TEEC_InvokeCommand(&t->sess, TA_SDP_BASIC_CMD_DUMP, &o,
				 &origin);
	if (res != TEEC_SUCCESS) {
		tap_diag("%s", sdp_tee_error(msg, sizeof(msg), "DUMP", res,
					     origin));
		goto release;
	}
	ok = holds_pattern(shm.buffer, PROBE_LEN, tail, 9) &&
	     holds_pattern((uint8_t *)shm.buffer + PROBE_LEN,
			   tail - PROBE_LEN, PROBE_LEN, 9);
release:
	sdp_tee_buf_free(&b);
	TEEC_ReleaseSharedMemory(&shm);
check_log:
	ok &= klog_quiet(&klog);
	memset(&shm, 0, sizeof(shm));
	shm.size = page_size;
	shm.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
	res = TEEC_AllocateSharedMemory(&t->ctx, &shm);
	if (res == TEEC_SUCCESS) {
		TEEC_ReleaseSharedMemory(&shm);
	} else {
		tap_diag("a page of TEEC_AllocateSharedMemory failed afterwards: %s",
			 sdp_tee_result_name(res));
		ok = false;
	}
	tap_result(ok, "%s", name);
}

static void large_shm_allocations(void)
{
	static const TEEC_UUID sdp_ta_uuid = TA_SDP_BASIC_UUID;
	struct tee_ioctl_version_data v = { 0 };
	struct invoke_result r;
	struct sdp_tee t = { 0 };
	uint32_t origin = 0;
	TEEC_Result res;
	bool have_ta;
	size_t i;

	if (ioctl(tee_fd, TEE_IOC_VERSION, &v))
		tap_diag("TEE_IOC_VERSION: %s", strerror(errno));
	else
		tap_diag("TEE gen_caps %#x: libteec %s", v.gen_caps,
			 v.gen_caps & TEE_GEN_CAP_REG_MEM ?
			 "registers its shared memory" :
			 "allocates its shared memory");

	have_ta = !open_session(sdp_ta_octets, TEE_IOCTL_LOGIN_PUBLIC,
				&ta_session, &r);
	if (!have_ta)
		result_diag("OPEN_SESSION to the SDP TA", &r);
	for (i = 0; i < sizeof(large_shm) / sizeof(large_shm[0]); i++)
		shm_alloc_large(large_shm[i].size, large_shm[i].label, have_ta);
	if (have_ta)
		close_session(ta_session);

	res = sdp_tee_open(&t, &sdp_ta_uuid, &origin);
	for (i = 0; i < sizeof(large_shm) / sizeof(large_shm[0]); i++) {
		char name[96];

		if (res == TEEC_SUCCESS) {
			teec_alloc_large(&t, large_shm[i].size,
					 large_shm[i].label);
			continue;
		}
		snprintf(name, sizeof(name),
			 "teec_allocate_shared_memory_%s_%s", large_shm[i].label,
			 large_shm[i].size <= SHM_REG_MAX ?
			 "is_usable" : "is_out_of_memory");
		not_run(name, "no libteec session to the SDP TA");
	}
	sdp_tee_close(&t);
}

/* ---- main ---- */

int main(void)
{
	page_size = sysconf(_SC_PAGESIZE);
	abi_matches_libteec();

	/* The secure board always has a TEE: without it, fail. */
	tee_fd = open(TEE_DEV, O_RDWR | O_CLOEXEC);
	if (tee_fd < 0)
		tap_diag("open %s: %s", TEE_DEV, strerror(errno));
	if (!tap_result(tee_fd >= 0, "tee_device_opens"))
		return tap_done();

	tap_result(stats_are("at start", 0, 0),
		   "restricted_heap_empty_at_start");

	register_heap_buffer(RESTRICTED_HEAP,
			     "register_fd_accepts_restricted_buffer");
	register_heap_buffer(RESTRICTED_UI_HEAP,
			     "register_fd_accepts_restricted_ui_buffer");
	register_refusals();
	registered_fd_refuses_mmap();
	registration_does_not_attach();
	registration_holds_buffer();
	register_twice();
	register_cycles();
	register_races_close();
	libteec_tests();

	scrub_device_bound();
	scrub_pta_refuses_userspace();

	sdp_ta_tests();

	peek_secure_carveout();

	large_shm_allocations();

	tap_result(stats_are("at the end", 0, 0),
		   "restricted_heap_empty_after_all_tests");
	close_fd(&tee_fd);
	return tap_done();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * tee_test - TEE_IOC_SHM_REGISTER_FD and the secure data path, from the
 * normal world.
 *
 * Kernel ABI, with raw ioctls on /dev/tee0: which dma-bufs can be
 * registered (restricted and CMA buffers: physically contiguous; a
 * multi-segment system-heap buffer: EINVAL), the exact errno of every
 * refusal (flags, non-dma-buf files, closed and out-of-range descriptors),
 * that the returned descriptor refuses mmap, that a registration outlives
 * the dma-buf descriptor and releases the buffer when it goes, and that
 * memrefs beyond a registered buffer are refused before they reach a TA.
 * The same through libteec (TEEC_RegisterSharedMemoryFileDescriptor).
 * With the SDP TA: data injected and dumped through a registration whose
 * dma-buf fd is closed, two registrations of one buffer alias it, and a
 * non-secure (CMA) buffer passed as the secure memref is refused by the TA
 * and left untouched. Finally a normal-world CPU read of the secure
 * carveout (through the test module sdp_peek) kills the reader with SIGBUS
 * and nothing worse.
 *
 * Tests whose prerequisite is missing (no TEE, no SDP TA, no CMA heap, no
 * sdp_peek.ko) are skipped with the reason. Output: TAP (see tap.h).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/dma-heap.h>
#include <linux/tee.h>

#include <tee_client_api.h>
#include <tee_client_api_extensions.h>

#include "tap.h"

#define TEE_DEV		"/dev/tee0"
#define RESTRICTED_HEAP	"/dev/dma_heap/restricted"
#define SYSTEM_HEAP	"/dev/dma_heap/system"
#define CMA_HEAP	"/dev/dma_heap/reserved"
#define STATS		"/sys/kernel/debug/restricted_heap/restricted"
#define DT_RESERVED	"/proc/device-tree/reserved-memory"
#define PEEK_MODULE	"/tests/sdp_peek.ko"
#define PEEK_DEV	"/dev/sdp_peek"

#define BUF_SIZE	5000	/* as sdp-basic: not a page multiple */
#define SYSTEM_SIZE	(4 << 20) /* several system-heap chunks (order <= 8) */
#define CYCLES		500
#define NPARAMS		4

/* The values libteec 3.19 was built with: the ABI to keep. */
#define LIBTEEC_IOC_SHM_REGISTER_FD	0xc018a408u

/* SDP test TA 12345678-5b69-11e4-9dbb-101f74f00099, as octets */
static const uint8_t sdp_ta_octets[TEE_IOCTL_UUID_LEN] = {
	0x12, 0x34, 0x56, 0x78, 0x5b, 0x69, 0x11, 0xe4,
	0x9d, 0xbb, 0x10, 0x1f, 0x74, 0xf0, 0x00, 0x99,
};

#define CMD_INJECT	0
#define CMD_DUMP	2

#define TEEC_ORIGIN_NAME(o) \
	((o) == TEEC_ORIGIN_API ? "API" : (o) == TEEC_ORIGIN_COMMS ? "COMMS" : \
	 (o) == TEEC_ORIGIN_TEE ? "TEE" : \
	 (o) == TEEC_ORIGIN_TRUSTED_APP ? "TRUSTED_APP" : "?")

static long page_size;
static int tee_fd = -1;
static uint32_t ta_session;
static bool have_ta;
static char ta_why[128];

/* ---- small helpers ---- */

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static size_t page_up(size_t n)
{
	return (n + page_size - 1) / page_size * page_size;
}

/* A dma-buf of @len bytes from @heap; -errno on failure (reported). */
static int heap_alloc(const char *heap, size_t len)
{
	struct dma_heap_allocation_data d = {
		.len = len,
		.fd_flags = O_RDWR | O_CLOEXEC,
	};
	int hfd, err;

	hfd = open(heap, O_RDWR | O_CLOEXEC);
	if (hfd < 0) {
		err = errno;
		tap_diag("open %s: %s", heap, strerror(err));
		return -err;
	}
	if (ioctl(hfd, DMA_HEAP_IOCTL_ALLOC, &d) < 0) {
		err = errno;
		tap_diag("%s: alloc %zu: %s", heap, len, strerror(err));
		close(hfd);
		return -err;
	}
	close(hfd);
	return d.fd;
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
	unsigned long long used, buffers;
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
		if (sscanf(line, "used: %llu", &s->used) == 1)
			seen |= 1;
		else if (sscanf(line, "buffers: %llu", &s->buffers) == 1)
			seen |= 2;
	}
	fclose(f);
	if (seen != 3) {
		tap_diag("%s: no used:/buffers: lines", STATS);
		return -1;
	}
	return 0;
}

static bool stats_are(const char *when, unsigned long long used,
		      unsigned long long buffers)
{
	struct stats s;

	if (read_stats(&s))
		return false;
	if (s.used == used && s.buffers == buffers)
		return true;
	tap_diag("%s: used %llu buffers %llu, expected used %llu buffers %llu",
		 when, s.used, s.buffers, used, buffers);
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
			uint32_t *session, struct invoke_result *r)
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
	u.arg.clnt_login = TEE_IOCTL_LOGIN_PUBLIC;
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
			 TEEC_ORIGIN_NAME(r->origin));
}

/* Non-secure shared memory: TEE_IOC_SHM_ALLOC, mapped. */
struct ns_shm {
	int fd;
	int32_t id;
	size_t size;
	uint8_t *va;
};

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

static void register_restricted_buffer(void)
{
	struct tee_ioctl_shm_register_fd_data d;
	int buf, shm;
	bool ok;

	buf = heap_alloc(RESTRICTED_HEAP, BUF_SIZE);
	if (buf < 0) {
		tap_result(0, "register_fd_accepts_restricted_buffer");
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
	tap_result(ok, "register_fd_accepts_restricted_buffer");
}

/* REGISTER_FD of @fd with @flags must fail with @want; no buffer stays. */
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

static void register_refusals(void)
{
	int buf, pfd[2] = { -1, -1 }, null_fd;

	buf = heap_alloc(RESTRICTED_HEAP, BUF_SIZE);
	expect_register_errno(buf, 1, EINVAL, "register_fd_rejects_flag_bit0");
	expect_register_errno(buf, 0x80000000u, EINVAL,
			      "register_fd_rejects_flag_bit31");
	/* fd is 64 bits wide: a high bit must not be truncated away */
	expect_register_errno(buf + (1LL << 32), 0, EBADF,
			      "register_fd_rejects_fd_beyond_int");
	close_fd(&buf);
	if (!stats_are("after refused registrations", 0, 0))
		tap_diag("a refused registration kept the buffer");

	expect_register_errno(-1, 0, EBADF, "register_fd_rejects_negative_fd");

	/* allocated, then closed before registering */
	buf = heap_alloc(RESTRICTED_HEAP, BUF_SIZE);
	close(buf);
	expect_register_errno(buf, 0, EBADF, "register_fd_rejects_closed_fd");

	if (pipe(pfd))
		tap_diag("pipe: %s", strerror(errno));
	expect_register_errno(pfd[0], 0, EINVAL, "register_fd_rejects_pipe");
	close_fd(&pfd[0]);
	close_fd(&pfd[1]);

	null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	expect_register_errno(null_fd, 0, EINVAL,
			      "register_fd_rejects_dev_null");
	close_fd(&null_fd);

	expect_register_errno(tee_fd, 0, EINVAL,
			      "register_fd_rejects_tee_device_fd");

	/* Several chunks of at most 1 MiB each: more than one DMA segment */
	buf = heap_alloc(SYSTEM_HEAP, SYSTEM_SIZE);
	if (buf < 0) {
		tap_result(0, "register_fd_rejects_noncontiguous_system_heap_buffer");
	} else {
		expect_register_errno(buf, 0, EINVAL,
				      "register_fd_rejects_noncontiguous_system_heap_buffer");
		close_fd(&buf);
	}
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

static void register_cma_buffer(void)
{
	struct tee_ioctl_shm_register_fd_data d;
	int buf, shm;

	if (access(CMA_HEAP, F_OK)) {
		tap_skip("register_fd_accepts_contiguous_cma_buffer",
			 "no " CMA_HEAP);
		return;
	}
	buf = heap_alloc(CMA_HEAP, BUF_SIZE);
	shm = buf < 0 ? -1 : register_fd(buf, 0, &d);
	if (shm < 0)
		tap_diag("REGISTER_FD: %s", strerror(errno));
	tap_result(shm >= 0 && d.size == page_up(BUF_SIZE),
		   "register_fd_accepts_contiguous_cma_buffer");
	close_fd(&shm);
	close_fd(&buf);
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

	buf = heap_alloc(SYSTEM_HEAP, SYSTEM_SIZE);
	memset(&shm, 0, sizeof(shm));
	shm.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
	res = TEEC_RegisterSharedMemoryFileDescriptor(&ctx, &shm, buf);
	close_fd(&buf);
	if (res == TEEC_SUCCESS)
		TEEC_ReleaseSharedMemory(&shm);
	if (res != TEEC_ERROR_BAD_PARAMETERS)
		tap_diag("got 0x%08x, expected TEEC_ERROR_BAD_PARAMETERS", res);
	tap_result(res == TEEC_ERROR_BAD_PARAMETERS,
		   "libteec_refuses_system_heap_buffer");

	TEEC_FinalizeContext(&ctx);
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

/*
 * A CMA buffer registers (it is contiguous) but is normal memory: the TA
 * must refuse it as the secure destination of INJECT and leave it alone.
 */
static void ta_refuses_cma_as_secure(void)
{
	const char *name = "ta_refuses_cma_buffer_as_secure_memref";
	struct tee_ioctl_shm_register_fd_data d;
	size_t len = page_up(BUF_SIZE);
	struct dma_buf_sync sync;
	struct invoke_result r;
	struct ns_shm src;
	uint8_t *va = MAP_FAILED;
	int buf, shm = -1;
	bool ok = false;
	size_t i;

	if (access(CMA_HEAP, F_OK)) {
		tap_skip(name, "no " CMA_HEAP);
		return;
	}
	buf = heap_alloc(CMA_HEAP, len);
	if (buf < 0)
		goto out;
	va = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, buf, 0);
	if (va == MAP_FAILED) {
		tap_diag("mmap of CMA buffer: %s", strerror(errno));
		goto out;
	}
	memset(va, 0xa5, len);
	sync.flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW;
	ioctl(buf, DMA_BUF_IOCTL_SYNC, &sync);
	shm = register_fd(buf, 0, &d);
	if (shm < 0) {
		tap_diag("REGISTER_FD: %s", strerror(errno));
		goto out;
	}
	if (ns_shm_alloc(&src, len))
		goto out;
	fill_pattern(src.va, len, 5);
	inject(&src, d.id, 0, len, &r);
	ns_shm_free(&src);
	result_diag("INJECT into CMA buffer", &r);
	ok = !r.err && (r.ret == TEEC_ERROR_ACCESS_DENIED ||
			r.ret == TEEC_ERROR_BAD_PARAMETERS);
	if (!ok)
		tap_diag("expected ACCESS_DENIED or BAD_PARAMETERS");

	sync.flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ;
	ioctl(buf, DMA_BUF_IOCTL_SYNC, &sync);
	for (i = 0; i < len && va[i] == 0xa5; i++)
		;
	if (i < len) {
		tap_diag("CMA buffer modified at byte %zu", i);
		ok = false;
	}
out:
	if (va != MAP_FAILED)
		munmap(va, len);
	close_fd(&shm);
	close_fd(&buf);
	tap_result(ok, "%s", name);
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
	bool ok;
	pid_t pid;

	if (access(PEEK_MODULE, R_OK)) {
		tap_skip(name, "no " PEEK_MODULE);
		tap_skip("secure_carveout_read_leaves_kernel_alive",
			 "no " PEEK_MODULE);
		return;
	}
	if (carveout(&base, &size)) {
		tap_skip(name, "no restricted@ node in " DT_RESERVED);
		tap_skip("secure_carveout_read_leaves_kernel_alive",
			 "no restricted@ node");
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

	if (system("rmmod sdp_peek"))
		tap_diag("rmmod sdp_peek failed");

	/* One user-mode external abort reported, no kernel fault. */
	log = klog_since(marker);
	if (trace >= 0)
		set_exception_trace(trace);
	ok = log && !strstr(log, "Internal error") && !strstr(log, "Oops") &&
	     !strstr(log, "Kernel panic") && !strstr(log, "Unable to handle");
	if (log && trace >= 0 && !strstr(log, "external abort")) {
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

/* ---- main ---- */

int main(void)
{
	struct invoke_result r;

	page_size = sysconf(_SC_PAGESIZE);
	abi_matches_libteec();

	tee_fd = open(TEE_DEV, O_RDWR | O_CLOEXEC);
	if (tee_fd < 0) {
		tap_diag("open %s: %s", TEE_DEV, strerror(errno));
		tap_skip("tee tests", "no TEE device " TEE_DEV);
		return tap_done();
	}

	if (!stats_are("at start", 0, 0))
		tap_diag("the restricted heap is not empty at start");

	register_restricted_buffer();
	register_refusals();
	registered_fd_refuses_mmap();
	registration_holds_buffer();
	register_twice();
	register_cycles();
	register_cma_buffer();
	libteec_tests();

	have_ta = !open_session(sdp_ta_octets, &ta_session, &r);
	if (!have_ta) {
		snprintf(ta_why, sizeof(ta_why),
			 "cannot open a session to the SDP TA (%s 0x%08x origin %u)",
			 r.err ? strerror(r.err) : "ret", r.ret, r.origin);
		tap_diag("%s", ta_why);
		tap_skip("invoke_rejects_memref_beyond_registered_buffer", ta_why);
		tap_skip("registration_usable_after_dmabuf_close", ta_why);
		tap_skip("double_registration_aliases_one_buffer", ta_why);
		tap_skip("ta_refuses_cma_buffer_as_secure_memref", ta_why);
	} else {
		out_of_range_memrefs();
		data_through_closed_dmabuf();
		double_registration_aliases();
		ta_refuses_cma_as_secure();
		close_session(ta_session);
	}

	peek_secure_carveout();

	tap_result(stats_are("at the end", 0, 0),
		   "restricted_heap_empty_after_all_tests");
	close_fd(&tee_fd);
	return tap_done();
}

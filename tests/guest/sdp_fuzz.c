// SPDX-License-Identifier: GPL-2.0
/*
 * sdp_fuzz - random sequences of system calls over the secure data path's
 * whole user-space surface, from one seed.
 *
 * A pool of descriptors (dma-heap devices, dma-bufs, TEE contexts and their
 * shared memory, tee-jpegdec instances) is driven with raw ioctls whose
 * arguments are plausible most of the time and garbage some of the time:
 * dma-heap ALLOC (sizes, flags), dma-buf SYNC, SET_NAME and mmap,
 * TEE_IOC_SHM_ALLOC, _SHM_REGISTER, _SHM_REGISTER_FD, OPEN_SESSION, INVOKE,
 * CANCEL and CLOSE_SESSION of every TA and PTA with random parameter types,
 * offsets and sizes, and the V4L2 decoder (S_FMT, REQBUFS, CREATE_BUFS with
 * and without V4L2_MEMORY_FLAG_RESTRICTED, MMAP and DMABUF queues, QBUF of
 * MMAP buffers with frames of the clear clip, whole, bit-flipped or
 * garbage, and of DMABUF ones with any dma-buf of the pool (restricted or
 * not, lengths right or wrong) or a bad descriptor, DQBUF, STREAMON/OFF,
 * DECODER_CMD, EXPBUF, events), with dup(),
 * close() and fork() at random points (a child does a few operations and
 * exits). Any errno is fine: the test is that the kernel and the secure
 * world survive and forget everything. After the run every descriptor is
 * closed and the program checks:
 *   - no kernel warning, bug, oops or lockdep report since it started
 *     (/dev/kmsg);
 *   - no descriptor left that the program was not told about (an ioctl
 *     that installs one without reporting it);
 *   - every restricted heap is back to "buffers: 0", and no dma-buf of
 *     any exporter is left (debugfs bufinfo);
 *   - tee-jpegdec is back to "instances: 0", "shm: 0" (debugfs);
 *   - the secure world's session and shared-memory tables are as they
 *     were before the run (the invoke-tests PTA's TABLE_COUNTS, test
 *     firmware only); its own session to that PTA counts one, the rest
 *     are the kernel's.
 *
 * Usage: sdp_fuzz [--seed S] [--ops N] [--seconds T] [--trace 1]
 * Stops after N operations or T seconds (default 60 s), whichever first.
 * --trace 1 also writes each operation, before it returns, as a TAP
 * comment on stderr: when the kernel dies mid-run the console holds the
 * operations that led there.
 * The seed is printed first; on failure, the line
 * "replay: sdp_fuzz --seed S --ops N" replays the same choices, and the
 * last 200 operations of the log (/tmp/sdp_fuzz.log) are printed (all of
 * them in a replay, a run with --ops).
 * Output: TAP (see tap.h).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/dma-heap.h>
#include <linux/tee.h>
#include <linux/videodev2.h>

#include <tee_client_api.h>

#include "jpeg_engine_ta.h"
#include "pta_invoke_tests.h"
#include "pta_rmem.h"
#include "sdp_ta.h"
#include "sdp_video_ta.h"
#include "tap.h"
#include "testutil.h"

#define LOG_PATH	"/tmp/sdp_fuzz.log"
#define LOG_TAIL	200
#define MAX_SLOTS	48
#define MAX_SESS	8
#define MAX_SHM_IDS	32
#define UBUF_SIZE	(1u << 20)
#define SETTLE_MS	15000
#define KEEP_FDS	64
#define CLEAR_STREAM	"/usr/share/sdp-demo/clear-640x360.mjpeg.hdr"
#define HEAP_STATS_GLOB	"/sys/kernel/debug/restricted_heap/*"
#define DEC_STATS_GLOB	"/sys/kernel/debug/tee-jpegdec/*"

enum kind { K_FREE, K_HEAP, K_DMABUF, K_TEE, K_SHM, K_VDEC };
static const char *const kind_name[] = {
	"free", "heap", "dmabuf", "tee", "shm", "vdec"
};

struct slot {
	enum kind kind;
	int fd;
	int sess[MAX_SESS];	/* K_TEE: sessions opened through it */
	int nsess;
	bool restricted;	/* K_HEAP: a restricted heap (ours) */
};

static struct slot slots[MAX_SLOTS];
static uint64_t rng;
static unsigned long op_no;
static int log_fd = -1;
static bool is_child;
static bool trace;
static char heaps[8][64];
static int nheaps;
static char vdev[64];
/* shm ids seen (any context: a wrong context is a case too) */
static int shm_ids[MAX_SHM_IDS];
static int nshm_ids;
static uint8_t *ubuf;		/* user memory for TEE_IOC_SHM_REGISTER */
static uint8_t *clear;		/* the clear Motion-JPEG clip, if present */
static size_t clear_len;

/* ---- PRNG: xorshift64* ------------------------------------------------- */

static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1DULL;
}

static uint32_t below(uint32_t n)
{
	return n ? (uint32_t)(rnd() % n) : 0;
}

/* true with probability 1/n */
static bool one_in(uint32_t n)
{
	return below(n) == 0;
}

/* A size: mostly page multiples up to 2 MiB, sometimes anything. */
static uint64_t rnd_size(void)
{
	switch (below(8)) {
	case 0:
		return 0;
	case 1:
		return 1 + below(8192);
	case 2:
		return rnd();
	case 3:
		return (uint64_t)(1 + below(64)) << 20;
	default:
		return (uint64_t)(1 + below(512)) << 12;
	}
}

/* ---- log ---------------------------------------------------------------- */

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logf_(const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	n = snprintf(line, sizeof(line), "%s%lu ", is_child ? "child " : "",
		     op_no);
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(line) - 1)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	if (log_fd >= 0 && write(log_fd, line, n) < 0)
		log_fd = -1;
	if (trace && write(2, "# op ", 5) == 5 && write(2, line, n) < 0)
		trace = false;
}

/* The last LOG_TAIL lines of the log, or all of it (@all: a replay). */
static void print_log_tail(bool all)
{
	static char buf[1 << 20];
	int fd = open(LOG_PATH, O_RDONLY);
	off_t end, start;
	ssize_t n;
	char *p;
	int lines = 0;

	if (fd < 0)
		return;
	end = lseek(fd, 0, SEEK_END);
	start = end > (off_t)sizeof(buf) - 1 ? end - (off_t)sizeof(buf) + 1 : 0;
	n = pread(fd, buf, end - start, start);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = 0;
	for (p = buf + n - 1; p > buf; p--)
		if (*p == '\n' && !all && ++lines > LOG_TAIL) {
			p++;
			break;
		}
	if (all)
		tap_diag("the operations (%s):", LOG_PATH);
	else
		tap_diag("last %d operations (%s):", LOG_TAIL, LOG_PATH);
	for (char *l = strtok(p, "\n"); l; l = strtok(NULL, "\n"))
		tap_diag("  %s", l);
}

static unsigned long ino_of(int fd)
{
	struct stat st;
	int saved = errno;
	unsigned long ino = fstat(fd, &st) ? 0 : st.st_ino;

	errno = saved;
	return ino;
}

/* ---- the pool ----------------------------------------------------------- */

static int pick(enum kind k)
{
	int idx[MAX_SLOTS], n = 0, i;

	for (i = 0; i < MAX_SLOTS; i++)
		if (slots[i].kind == k)
			idx[n++] = i;
	return n ? idx[below(n)] : -1;
}

static int pick_any(void)
{
	int idx[MAX_SLOTS], n = 0, i;

	for (i = 0; i < MAX_SLOTS; i++)
		if (slots[i].kind != K_FREE)
			idx[n++] = i;
	return n ? idx[below(n)] : -1;
}

static void drop(int i)
{
	logf_("close slot %d (%s fd %d)", i, kind_name[slots[i].kind],
	      slots[i].fd);
	close(slots[i].fd);
	memset(&slots[i], 0, sizeof(slots[i]));
	slots[i].kind = K_FREE;
	slots[i].fd = -1;
}

static int add(enum kind k, int fd)
{
	int i = pick(K_FREE);

	if (fd < 0)
		return -1;
	if (i < 0) {
		i = pick_any();
		drop(i);
	}
	slots[i].kind = k;
	slots[i].fd = fd;
	slots[i].nsess = 0;
	logf_("  -> slot %d %s fd %d", i, kind_name[k], fd);
	return i;
}

/* A descriptor of kind @k, sometimes of another kind or a bad number. */
static int fd_of(enum kind k)
{
	int i;

	if (one_in(16))
		return one_in(2) ? -1 : (int)below(1024);
	i = one_in(8) ? pick_any() : pick(k);
	return i < 0 ? -1 : slots[i].fd;
}

static void note_shm_id(int id)
{
	if (nshm_ids < MAX_SHM_IDS)
		shm_ids[nshm_ids++] = id;
	else
		shm_ids[below(MAX_SHM_IDS)] = id;
}

static int rnd_shm_id(void)
{
	if (!nshm_ids || one_in(10))
		return (int)rnd();
	return shm_ids[below(nshm_ids)];
}

/* ---- dma-heaps and dma-bufs --------------------------------------------- */

static void op_heap_open(void)
{
	char path[96];
	int i;

	if (!nheaps)
		return;
	snprintf(path, sizeof(path), "/dev/dma_heap/%s", heaps[below(nheaps)]);
	logf_("open %s", path);
	i = add(K_HEAP, open(path, O_RDONLY | O_CLOEXEC));
	if (i >= 0)
		slots[i].restricted = !strncmp(path, "/dev/dma_heap/restricted",
					       24);
}

static void op_heap_alloc(void)
{
	struct dma_heap_allocation_data d = { 0 };
	int i = pick(K_HEAP), fd, r;
	bool ours;

	if (i < 0 || one_in(16)) {
		fd = fd_of(K_HEAP);
		ours = false;
	} else {
		fd = slots[i].fd;
		ours = slots[i].restricted;
	}
	/*
	 * At most 4 MiB (48 of them fit in RAM). Garbage sizes only to the
	 * restricted heaps: the system and CMA heaps allocate page by page
	 * until the OOM killer stops them, as upstream (not this project's).
	 */
	d.len = rnd_size();
	if (d.len > (4u << 20) && (!ours || !one_in(4)))
		d.len &= (4u << 20) - 1;
	d.fd_flags = one_in(10) ? (uint32_t)rnd() : O_RDWR | O_CLOEXEC;
	d.heap_flags = one_in(10) ? rnd() : 0;
	r = ioctl(fd, DMA_HEAP_IOCTL_ALLOC, &d);
	logf_("heap %d ALLOC len %llu fd_flags %#x heap_flags %#llx: %d %d",
	      fd, (unsigned long long)d.len, d.fd_flags,
	      (unsigned long long)d.heap_flags, r, r ? errno : (int)d.fd);
	if (!r) {
		logf_("  dma-buf inode %lu", ino_of(d.fd));
		add(K_DMABUF, d.fd);
	}
}

/*
 * A dma-buf, sometimes a heap or no descriptor. (Upstream Linux 6.12 ran
 * DMA_BUF_IOCTL_SYNC on a heap as an ALLOC of "flags" bytes whose
 * descriptor never reached the caller: patches/0019 refuses it.)
 */
static int dmabuf_fd(void)
{
	int i = pick(K_DMABUF);

	if (i < 0 || one_in(16)) {
		i = pick(K_HEAP);
		if (i < 0 || one_in(4))
			return -1;
	}
	return slots[i].fd;
}

static void op_dmabuf(void)
{
	int fd = dmabuf_fd(), r;

	switch (below(4)) {
	case 0: {
		struct dma_buf_sync s = {
			.flags = one_in(6) ? rnd() :
				 (below(3) + 1) | (one_in(2) ? DMA_BUF_SYNC_END : 0),
		};
		r = ioctl(fd, DMA_BUF_IOCTL_SYNC, &s);
		logf_("dmabuf %d SYNC %#llx: %d %d", fd,
		      (unsigned long long)s.flags, r, errno);
		break;
	}
	case 1: {
		char name[40];

		snprintf(name, sizeof(name), "fuzz-%lu", op_no);
		r = ioctl(fd, DMA_BUF_SET_NAME_B, name);
		logf_("dmabuf %d SET_NAME: %d %d", fd, r, errno);
		break;
	}
	case 2: {
		size_t len = one_in(4) ? rnd_size() & 0xffffff : 4096;
		void *p = mmap(NULL, len ? len : 1, PROT_READ | PROT_WRITE,
			       MAP_SHARED, fd, 0);

		/* Mapped or not, never touched: it may be secure memory. */
		logf_("dmabuf %d mmap %zu: %s %d", fd, len,
		      p == MAP_FAILED ? "failed" : "ok", errno);
		if (p != MAP_FAILED)
			munmap(p, len ? len : 1);
		break;
	}
	default:
		r = (int)lseek(fd, 0, SEEK_END);
		logf_("dmabuf %d lseek END: %d %d", fd, r, errno);
		break;
	}
}

/* ---- TEE ---------------------------------------------------------------- */

static const TEEC_UUID uuids[] = {
	TA_SDP_BASIC_UUID, TA_SDP_VIDEO_UUID, TA_JPEG_ENGINE_UUID,
	PTA_INVOKE_TESTS_UUID, PTA_RMEM_UUID,
};

static void uuid_octets(uint8_t *d, const TEEC_UUID *u)
{
	d[0] = u->timeLow >> 24;
	d[1] = u->timeLow >> 16;
	d[2] = u->timeLow >> 8;
	d[3] = u->timeLow;
	d[4] = u->timeMid >> 8;
	d[5] = u->timeMid;
	d[6] = u->timeHiAndVersion >> 8;
	d[7] = u->timeHiAndVersion;
	memcpy(d + 8, u->clockSeqAndNode, 8);
}

static void rnd_params(struct tee_ioctl_param *p, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		uint64_t attr = below(8);

		if (attr == 4 || one_in(20))	/* 4 is no type: garbage */
			attr = one_in(2) ? rnd() : 4;
		p[i].attr = attr;
		if (attr >= TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT &&
		    attr <= TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT) {
			p[i].a = one_in(3) ? rnd_size() : below(3) * 4096;
			p[i].b = rnd_size();
			p[i].c = one_in(8) ? (uint64_t)-1 : (uint64_t)(uint32_t)rnd_shm_id();
		} else {
			p[i].a = one_in(2) ? below(8) : rnd();
			p[i].b = one_in(2) ? below(8) : rnd();
			p[i].c = rnd();
		}
	}
}

static void op_tee_open(void)
{
	logf_("open /dev/tee0");
	add(K_TEE, open("/dev/tee0", O_RDWR | O_CLOEXEC));
}

static void op_tee_shm(void)
{
	int i = pick(K_TEE), fd, r;

	fd = i >= 0 && !one_in(16) ? slots[i].fd : fd_of(K_TEE);
	switch (below(3)) {
	case 0: {
		struct tee_ioctl_shm_alloc_data d = {
			.size = rnd_size() & (one_in(8) ? ~0ull : 0x7fffff),
			.flags = one_in(10) ? (uint32_t)rnd() : 0,
		};
		r = ioctl(fd, TEE_IOC_SHM_ALLOC, &d);
		logf_("tee %d SHM_ALLOC %llu flags %#x: %d %d id %d", fd,
		      (unsigned long long)d.size, d.flags, r, errno, d.id);
		if (r >= 0) {
			note_shm_id(d.id);
			if (one_in(2) && d.size && d.size <= (4u << 20)) {
				void *p = mmap(NULL, d.size, PROT_READ | PROT_WRITE,
					       MAP_SHARED, r, 0);

				if (p != MAP_FAILED) {
					memset(p, (int)op_no, d.size);
					munmap(p, d.size);
				}
			}
			add(K_SHM, r);
		}
		break;
	}
	case 1: {
		uint64_t off = below(UBUF_SIZE / 4096) * 4096 +
			       (one_in(4) ? below(4096) : 0);
		struct tee_ioctl_shm_register_data d = {
			.addr = one_in(10) ? rnd() : (uintptr_t)ubuf + off,
			.length = one_in(10) ? rnd() :
				  1 + below(UBUF_SIZE - off),
			.flags = one_in(10) ? (uint32_t)rnd() : 0,
		};
		r = ioctl(fd, TEE_IOC_SHM_REGISTER, &d);
		logf_("tee %d SHM_REGISTER +%llu %llu flags %#x: %d %d id %d",
		      fd, (unsigned long long)off,
		      (unsigned long long)d.length, d.flags, r, errno, d.id);
		if (r >= 0) {
			note_shm_id(d.id);
			add(K_SHM, r);
		}
		break;
	}
	default: {
		struct tee_ioctl_shm_register_fd_data d = {
			.fd = fd_of(K_DMABUF),
			.flags = one_in(10) ? (uint32_t)rnd() : 0,
		};
		r = ioctl(fd, TEE_IOC_SHM_REGISTER_FD, &d);
		logf_("tee %d SHM_REGISTER_FD %lld (inode %lu) flags %#x: %d %d id %d",
		      fd, (long long)d.fd, ino_of(d.fd), d.flags, r, errno,
		      d.id);
		if (r >= 0) {
			note_shm_id(d.id);
			add(K_SHM, r);
		}
		break;
	}
	}
}

static void op_tee_session(void)
{
	union {
		struct tee_ioctl_open_session_arg a;
		uint8_t b[sizeof(struct tee_ioctl_open_session_arg) +
			  4 * sizeof(struct tee_ioctl_param)];
	} u;
	struct tee_ioctl_buf_data buf;
	unsigned int n = one_in(8) ? below(6) : 4;
	int i = pick(K_TEE), r;

	if (i < 0)
		return;
	memset(&u, 0, sizeof(u));
	if (one_in(16)) {
		for (unsigned int k = 0; k < 16; k++)
			u.a.uuid[k] = (uint8_t)rnd();
	} else {
		uuid_octets(u.a.uuid, &uuids[below(sizeof(uuids) /
						   sizeof(uuids[0]))]);
	}
	u.a.clnt_login = one_in(6) ? (uint32_t)rnd() & 0xffff :
			 TEE_IOCTL_LOGIN_PUBLIC;
	u.a.num_params = n;
	if (one_in(2)) {
		rnd_params(u.a.params, n > 4 ? 4 : n);
	} else {
		/* OPEN_STREAM of the video TA: a value pair */
		u.a.params[0].attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT;
		u.a.params[0].a = SDP_VIDEO_FMT_MJPG;
		u.a.params[0].b = below(3);
	}
	buf.buf_ptr = (uintptr_t)&u;
	buf.buf_len = one_in(20) ? below(sizeof(u) + 8) :
		      sizeof(struct tee_ioctl_open_session_arg) +
		      (n > 4 ? 4 : n) * sizeof(struct tee_ioctl_param);
	if (n > 4)
		u.a.num_params = n;
	r = ioctl(slots[i].fd, TEE_IOC_OPEN_SESSION, &buf);
	logf_("tee %d OPEN_SESSION uuid %02x%02x%02x%02x login %#x n %u: %d %d ret %#x sess %u",
	      slots[i].fd, u.a.uuid[0], u.a.uuid[1], u.a.uuid[2], u.a.uuid[3],
	      u.a.clnt_login, n, r, errno, u.a.ret, u.a.session);
	if (!r && !u.a.ret && slots[i].nsess < MAX_SESS)
		slots[i].sess[slots[i].nsess++] = u.a.session;
}

static uint32_t rnd_session(int i)
{
	if (!slots[i].nsess || one_in(10))
		return one_in(2) ? below(64) : (uint32_t)rnd();
	return slots[i].sess[below(slots[i].nsess)];
}

static void op_tee_invoke(void)
{
	union {
		struct tee_ioctl_invoke_arg a;
		uint8_t b[sizeof(struct tee_ioctl_invoke_arg) +
			  4 * sizeof(struct tee_ioctl_param)];
	} u;
	struct tee_ioctl_buf_data buf;
	int i = pick(K_TEE), r;

	if (i < 0)
		return;
	memset(&u, 0, sizeof(u));
	u.a.session = rnd_session(i);
	u.a.func = one_in(8) ? (uint32_t)rnd() : below(10);
	if (one_in(16))
		u.a.func = PTA_INVOKE_TESTS_CMD_TABLE_COUNTS;
	u.a.num_params = 4;
	rnd_params(u.a.params, 4);
	buf.buf_ptr = (uintptr_t)&u;
	buf.buf_len = one_in(20) ? below(sizeof(u) + 8) : sizeof(u);
	r = ioctl(slots[i].fd, TEE_IOC_INVOKE, &buf);
	logf_("tee %d INVOKE sess %u func %#x attrs %llx/%llx/%llx/%llx: %d %d ret %#x origin %u",
	      slots[i].fd, u.a.session, u.a.func,
	      (unsigned long long)u.a.params[0].attr,
	      (unsigned long long)u.a.params[1].attr,
	      (unsigned long long)u.a.params[2].attr,
	      (unsigned long long)u.a.params[3].attr, r, errno, u.a.ret,
	      u.a.ret_origin);
}

static void op_tee_close_session(void)
{
	int i = pick(K_TEE), r, k;
	struct tee_ioctl_close_session_arg c;
	struct tee_ioctl_cancel_arg x;

	if (i < 0)
		return;
	if (one_in(4)) {
		x.cancel_id = below(4);
		x.session = rnd_session(i);
		r = ioctl(slots[i].fd, TEE_IOC_CANCEL, &x);
		logf_("tee %d CANCEL sess %u: %d %d", slots[i].fd, x.session,
		      r, errno);
		return;
	}
	c.session = rnd_session(i);
	r = ioctl(slots[i].fd, TEE_IOC_CLOSE_SESSION, &c);
	logf_("tee %d CLOSE_SESSION %u: %d %d", slots[i].fd, c.session, r,
	      errno);
	for (k = 0; k < slots[i].nsess; k++)
		if ((uint32_t)slots[i].sess[k] == c.session)
			slots[i].sess[k] = slots[i].sess[--slots[i].nsess];
}

/* ---- the V4L2 decoder ---------------------------------------------------- */

static uint32_t rnd_buftype(void)
{
	if (one_in(16))
		return below(16);
	return one_in(2) ? V4L2_BUF_TYPE_VIDEO_OUTPUT :
			   V4L2_BUF_TYPE_VIDEO_CAPTURE;
}

static uint32_t rnd_memory(void)
{
	if (one_in(16))
		return below(8);
	return one_in(2) ? V4L2_MEMORY_MMAP : V4L2_MEMORY_DMABUF;
}

static void op_vdec_open(void)
{
	if (!vdev[0])
		return;
	logf_("open %s", vdev);
	add(K_VDEC, open(vdev, O_RDWR | O_NONBLOCK | O_CLOEXEC));
}

static void op_vdec_fmt(int fd)
{
	struct v4l2_format f = { .type = rnd_buftype() };
	static const uint32_t fmts[] = {
		V4L2_PIX_FMT_JPEG, V4L2_PIX_FMT_MJPEG, V4L2_PIX_FMT_NV12,
	};
	int r;

	f.fmt.pix.pixelformat = one_in(8) ? (uint32_t)rnd() : fmts[below(3)];
	f.fmt.pix.width = one_in(16) ? (uint32_t)rnd() : 16 * (1 + below(80));
	f.fmt.pix.height = one_in(16) ? (uint32_t)rnd() : 16 * (1 + below(45));
	f.fmt.pix.sizeimage = one_in(2) ? 0 : (uint32_t)rnd_size();
	r = ioctl(fd, one_in(4) ? VIDIOC_TRY_FMT : VIDIOC_S_FMT, &f);
	logf_("vdec %d S_FMT type %u %.4s %ux%u size %u: %d %d", fd, f.type,
	      (char *)&f.fmt.pix.pixelformat, f.fmt.pix.width,
	      f.fmt.pix.height, f.fmt.pix.sizeimage, r, errno);
}

static void op_vdec_bufs(int fd)
{
	int r;

	if (one_in(2)) {
		struct v4l2_requestbuffers rb = {
			.count = one_in(4) ? 0 : below(10),
			.type = rnd_buftype(),
			.memory = rnd_memory(),
			.flags = one_in(2) ? V4L2_MEMORY_FLAG_RESTRICTED : 0,
		};

		if (one_in(16))
			rb.flags = rnd();
		r = ioctl(fd, VIDIOC_REQBUFS, &rb);
		logf_("vdec %d REQBUFS type %u mem %u count %u flags %#x: %d %d caps %#x",
		      fd, rb.type, rb.memory, rb.count, rb.flags, r, errno,
		      rb.capabilities);
	} else {
		struct v4l2_create_buffers cb = {
			.count = below(6),
			.memory = rnd_memory(),
			.flags = one_in(2) ? V4L2_MEMORY_FLAG_RESTRICTED : 0,
		};

		cb.format.type = rnd_buftype();
		ioctl(fd, VIDIOC_G_FMT, &cb.format);
		if (one_in(3))
			cb.format.fmt.pix.sizeimage = rnd_size() & 0x3fffff;
		r = ioctl(fd, VIDIOC_CREATE_BUFS, &cb);
		logf_("vdec %d CREATE_BUFS type %u mem %u count %u flags %#x size %u: %d %d index %u",
		      fd, cb.format.type, cb.memory, cb.count, cb.flags,
		      cb.format.fmt.pix.sizeimage, r, errno, cb.index);
	}
}

/* A slice of the clear clip starting at a JPEG SOI, or garbage. */
static size_t fill_bitstream(uint8_t *p, size_t len)
{
	size_t off, n, k;

	if (!clear_len || one_in(4)) {
		n = below(len + 1);
		for (k = 0; k < n; k++)
			p[k] = (uint8_t)rnd();
		return n;
	}
	off = below(clear_len);
	while (off + 1 < clear_len &&
	       !(clear[off] == 0xff && clear[off + 1] == 0xd8))
		off++;
	for (n = 2; off + n + 1 < clear_len; n++)
		if (clear[off + n] == 0xff && clear[off + n + 1] == 0xd8)
			break;
	if (n > len)
		n = len;
	if (off + n > clear_len)
		n = clear_len - off;
	memcpy(p, clear + off, n);
	if (one_in(4) && n)
		p[below(n)] ^= (uint8_t)(1u << below(8));	/* a bit flip */
	return n;
}

static void op_vdec_qbuf(int fd)
{
	struct v4l2_buffer b = {
		.type = rnd_buftype(),
		.index = below(10),
		.memory = rnd_memory(),
	};
	struct v4l2_buffer q = b;
	int r;

	/* What the buffer is, when it exists. */
	if (!ioctl(fd, VIDIOC_QUERYBUF, &q) && !one_in(8))
		b.memory = q.memory;
	/*
	 * A DMABUF buffer: any dma-buf of the pool or a bad descriptor, its
	 * length the buffer's, 0 (the dma-buf's size) or wrong. Upstream
	 * Linux 6.12's videobuf2 leaked the dma-buf of a plane that failed
	 * to attach, and dropped a prepared buffer's planes without
	 * buf_cleanup when a QBUF named a bad descriptor: patches/0017 and
	 * 0018.
	 */
	if (b.memory == V4L2_MEMORY_DMABUF) {
		b.m.fd = dmabuf_fd();
		switch (below(4)) {
		case 0:
			b.length = 0;
			break;
		case 1:
			b.length = (uint32_t)rnd_size();
			break;
		default:
			b.length = q.length;
			break;
		}
	}
	if (b.memory == V4L2_MEMORY_MMAP &&
	    b.type == V4L2_BUF_TYPE_VIDEO_OUTPUT && q.length &&
	    q.length <= (8u << 20) && one_in(2)) {
		/* an ordinary MMAP bitstream: write a frame (a restricted one
		 * refuses the mapping, and is never touched)
		 */
		uint8_t *p = mmap(NULL, q.length, PROT_READ | PROT_WRITE,
				  MAP_SHARED, fd, q.m.offset);

		if (p != MAP_FAILED) {
			b.bytesused = fill_bitstream(p, q.length);
			munmap(p, q.length);
		}
	}
	if (b.type == V4L2_BUF_TYPE_VIDEO_OUTPUT && !b.bytesused)
		b.bytesused = one_in(4) ? (uint32_t)rnd() : below(70000);
	b.timestamp.tv_usec = below(1000000);
	if (one_in(16))
		b.flags = rnd();
	r = ioctl(fd, one_in(8) ? VIDIOC_PREPARE_BUF : VIDIOC_QBUF, &b);
	logf_("vdec %d QBUF type %u index %u mem %u used %u fd %d len %u: %d %d",
	      fd, b.type, b.index, b.memory, b.bytesused,
	      b.memory == V4L2_MEMORY_DMABUF ? b.m.fd : -1,
	      b.memory == V4L2_MEMORY_DMABUF ? b.length : 0, r, errno);
}

static void op_vdec_other(int fd)
{
	int r, type = rnd_buftype();

	switch (below(7)) {
	case 0: {
		struct v4l2_buffer b = { .type = type, .memory = rnd_memory() };

		r = ioctl(fd, VIDIOC_DQBUF, &b);
		logf_("vdec %d DQBUF type %u mem %u: %d %d index %u flags %#x",
		      fd, type, b.memory, r, errno, b.index, b.flags);
		break;
	}
	case 1:
		r = ioctl(fd, VIDIOC_STREAMON, &type);
		logf_("vdec %d STREAMON %d: %d %d", fd, type, r, errno);
		break;
	case 2:
		r = ioctl(fd, VIDIOC_STREAMOFF, &type);
		logf_("vdec %d STREAMOFF %d: %d %d", fd, type, r, errno);
		break;
	case 3: {
		struct v4l2_decoder_cmd c = {
			.cmd = one_in(8) ? (uint32_t)rnd() :
			       (one_in(2) ? V4L2_DEC_CMD_STOP : V4L2_DEC_CMD_START),
			.flags = one_in(8) ? (uint32_t)rnd() : 0,
		};

		r = ioctl(fd, one_in(4) ? VIDIOC_TRY_DECODER_CMD :
				      VIDIOC_DECODER_CMD, &c);
		logf_("vdec %d DECODER_CMD %u flags %#x: %d %d", fd, c.cmd,
		      c.flags, r, errno);
		break;
	}
	case 4: {
		struct v4l2_exportbuffer e = {
			.type = type,
			.index = below(10),
			.flags = one_in(8) ? (uint32_t)rnd() : O_RDWR | O_CLOEXEC,
		};

		r = ioctl(fd, VIDIOC_EXPBUF, &e);
		logf_("vdec %d EXPBUF type %u index %u flags %#x: %d %d fd %d",
		      fd, type, e.index, e.flags, r, errno, e.fd);
		if (!r) {
			logf_("  dma-buf inode %lu", ino_of(e.fd));
			add(K_DMABUF, e.fd);
		}
		break;
	}
	case 5: {
		struct v4l2_event_subscription s = {
			.type = one_in(2) ? V4L2_EVENT_SOURCE_CHANGE :
					    V4L2_EVENT_EOS,
		};
		struct v4l2_event ev;

		r = ioctl(fd, VIDIOC_SUBSCRIBE_EVENT, &s);
		logf_("vdec %d SUBSCRIBE %u: %d %d", fd, s.type, r, errno);
		r = ioctl(fd, VIDIOC_DQEVENT, &ev);
		logf_("vdec %d DQEVENT: %d %d", fd, r, errno);
		break;
	}
	default: {
		struct v4l2_format f = { .type = type };
		struct v4l2_selection s = {
			.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
			.target = below(4),
		};

		r = ioctl(fd, VIDIOC_G_FMT, &f);
		logf_("vdec %d G_FMT %d: %d %d", fd, type, r, errno);
		r = ioctl(fd, VIDIOC_G_SELECTION, &s);
		logf_("vdec %d G_SELECTION %u: %d %d", fd, s.target, r, errno);
		break;
	}
	}
}

static void op_vdec(void)
{
	int fd = fd_of(K_VDEC);

	switch (below(6)) {
	case 0:
		op_vdec_fmt(fd);
		break;
	case 1:
		op_vdec_bufs(fd);
		break;
	case 2:
	case 3:
		op_vdec_qbuf(fd);
		break;
	default:
		op_vdec_other(fd);
		break;
	}
}

/* ---- descriptors and processes ------------------------------------------ */

static void op_dup(void)
{
	int i = pick_any();

	if (i < 0)
		return;
	logf_("dup slot %d (%s fd %d)", i, kind_name[slots[i].kind],
	      slots[i].fd);
	int k = slots[i].kind;
	int fd = dup(slots[i].fd);
	int j = add(k, fd);

	if (j >= 0 && slots[i].kind == (enum kind)k) {
		memcpy(slots[j].sess, slots[i].sess, sizeof(slots[j].sess));
		slots[j].nsess = slots[i].nsess;
		slots[j].restricted = slots[i].restricted;
	}
}

static void op_close(void)
{
	int i = pick_any();

	if (i >= 0)
		drop(i);
}

static void run_op(void);

static void op_fork(void)
{
	pid_t pid;
	int st;

	if (is_child)
		return;
	logf_("fork");
	pid = fork();
	if (pid < 0)
		return;
	if (pid == 0) {
		unsigned int n = 1 + below(20);

		is_child = true;
		rng ^= 0x9e3779b97f4a7c15ULL;	/* its own choices */
		while (n--)
			run_op();
		_exit(0);
	}
	/* the parent's stream of choices does not depend on the child's */
	rnd();
	if (waitpid(pid, &st, 0) == pid && !(WIFEXITED(st) && !WEXITSTATUS(st)))
		logf_("child %d: status %#x", pid, st);
}

struct op {
	void (*fn)(void);
	unsigned int weight;
};

static const struct op ops[] = {
	{ op_heap_open, 2 },
	{ op_heap_alloc, 8 },
	{ op_dmabuf, 4 },
	{ op_tee_open, 2 },
	{ op_tee_shm, 8 },
	{ op_tee_session, 5 },
	{ op_tee_invoke, 10 },
	{ op_tee_close_session, 4 },
	{ op_vdec_open, 2 },
	{ op_vdec, 24 },
	{ op_dup, 2 },
	{ op_close, 6 },
	{ op_fork, 1 },
};

static void run_op(void)
{
	unsigned int total = 0, r, i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		total += ops[i].weight;
	r = below(total);
	for (i = 0; r >= ops[i].weight; i++)
		r -= ops[i].weight;
	errno = 0;
	ops[i].fn();
	op_no++;
}

/* ---- setup and checks ----------------------------------------------------- */

static void find_targets(void)
{
	DIR *d = opendir("/dev/dma_heap");
	struct dirent *e;

	while (d && (e = readdir(d)) && nheaps < 8)
		if (e->d_name[0] != '.')
			snprintf(heaps[nheaps++], sizeof(heaps[0]), "%.60s",
				 e->d_name);
	if (d)
		closedir(d);
	/* readdir order is not the seed's: sort */
	qsort(heaps, nheaps, sizeof(heaps[0]),
	      (int (*)(const void *, const void *))strcmp);

	d = opendir("/sys/class/video4linux");
	while (d && (e = readdir(d))) {
		char path[300], name[64] = "";
		FILE *f;

		snprintf(path, sizeof(path), "/sys/class/video4linux/%s/name",
			 e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(name, sizeof(name), f) &&
		    !strncmp(name, "tee-jpegdec", 11))
			snprintf(vdev, sizeof(vdev), "/dev/%.50s", e->d_name);
		fclose(f);
	}
	if (d)
		closedir(d);
}

static void load_clear_clip(void)
{
	int fd = open(CLEAR_STREAM, O_RDONLY);
	struct stat st;

	if (fd < 0)
		return;
	if (!fstat(fd, &st) && st.st_size > 0) {
		clear = malloc(st.st_size);
		if (clear && read(fd, clear, st.st_size) == st.st_size)
			clear_len = st.st_size;
	}
	close(fd);
}

/* The value of "@key: N" in every file of @pattern summed; -1 if none. */
static long stat_sum(const char *pattern, const char *key)
{
	glob_t g;
	long sum = -1;
	size_t i;

	if (glob(pattern, 0, NULL, &g))
		return -1;
	for (i = 0; i < g.gl_pathc; i++) {
		FILE *f = fopen(g.gl_pathv[i], "r");
		char line[128];
		size_t kl = strlen(key);

		while (f && fgets(line, sizeof(line), f))
			if (!strncmp(line, key, kl) && line[kl] == ':')
				sum = (sum < 0 ? 0 : sum) + atol(line + kl + 1);
		if (f)
			fclose(f);
	}
	globfree(&g);
	return sum;
}

static long stat_settled(const char *pattern, const char *key)
{
	long v = 0;
	int ms;

	for (ms = 0; ms < SETTLE_MS; ms += 50) {
		v = stat_sum(pattern, key);
		if (v <= 0)
			break;
		usleep(50000);
	}
	return v;
}

static void dump_files(const char *pattern)
{
	glob_t g;
	size_t i;
	char line[128];

	if (glob(pattern, 0, NULL, &g))
		return;
	for (i = 0; i < g.gl_pathc; i++) {
		FILE *f = fopen(g.gl_pathv[i], "r");

		while (f && fgets(line, sizeof(line), f))
			tap_diag("%s: %s", g.gl_pathv[i],
				 strtok(line, "\n") ? line : "");
		if (f)
			fclose(f);
	}
	globfree(&g);
}

/*
 * Descriptors the program does not know of: the dma-heap ioctl decodes
 * the command by number only, so another ioctl with number 0 on a heap
 * (DMA_BUF_IOCTL_SYNC, 8 bytes) allocates a buffer whose descriptor does
 * not fit in the caller's argument. Closes every descriptor not in @keep.
 */
static int close_unknown_fds(const bool *keep, int nkeep)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int fds[1024], n = 0, i, closed = 0;

	while (d && (e = readdir(d)) && n < 1024)
		if (e->d_name[0] != '.')
			fds[n++] = atoi(e->d_name);
	if (d)
		closedir(d);	/* its own descriptor is gone by now */
	for (i = 0; i < n; i++) {
		if (fds[i] < nkeep && keep[fds[i]])
			continue;
		if (!close(fds[i])) {
			logf_("close untracked fd %d", fds[i]);
			closed++;
		}
	}
	return closed;
}

/*
 * The history of a dma-buf still alive: the operation that made inode
 * @ino, then every later one naming its descriptor, to its close.
 */
static void trace_inode(unsigned long ino)
{
	FILE *f = fopen(LOG_PATH, "r");
	char line[256], made[40], uses[3][40], closed[48];
	int fd = -1, shown = 0;
	bool found = false;

	snprintf(made, sizeof(made), "dma-buf inode %lu\n", ino);
	while (f && fgets(line, sizeof(line), f) && shown < 60) {
		if (!found) {
			if (strstr(line, made)) {
				found = true;
				tap_diag("inode %lu: %s", ino, strtok(line, "\n"));
			}
			continue;
		}
		if (fd < 0) {	/* the "-> slot" line that follows */
			char *p = strstr(line, "dmabuf fd ");

			if (!p || !strstr(line, "-> slot"))
				continue;
			fd = atoi(p + 10);
			snprintf(uses[0], sizeof(uses[0]), "fd %d ", fd);
			snprintf(uses[1], sizeof(uses[1]), "dmabuf %d ", fd);
			snprintf(uses[2], sizeof(uses[2]), "_FD %d ", fd);
			snprintf(closed, sizeof(closed), "(dmabuf fd %d)", fd);
			tap_diag("inode %lu: %s", ino, strtok(line, "\n"));
			continue;
		}
		if (strstr(line, uses[0]) || strstr(line, uses[1]) ||
		    strstr(line, uses[2]) || strstr(line, closed) ||
		    strstr(line, "fork") || strstr(line, "dup slot")) {
			tap_diag("inode %lu: %s", ino, strtok(line, "\n"));
			shown++;
		}
		if (strstr(line, closed) && strstr(line, "close slot"))
			break;
	}
	if (f)
		fclose(f);
}

/* What still holds dma-bufs: this process's descriptors, the buffers. */
static void dump_holders(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	FILE *f;
	char line[256];

	while (d && (e = readdir(d))) {
		char path[300], target[256];
		ssize_t n;

		snprintf(path, sizeof(path), "/proc/self/fd/%.20s", e->d_name);
		n = readlink(path, target, sizeof(target) - 1);
		if (n > 0) {
			target[n] = 0;
			tap_diag("open fd %s: %s", e->d_name, target);
		}
	}
	if (d)
		closedir(d);
	f = fopen("/proc/self/maps", "r");
	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, "dmabuf") || strstr(line, "tee"))
			tap_diag("map: %s", strtok(line, "\n") ? line : "");
	if (f)
		fclose(f);
	f = fopen("/sys/kernel/debug/dma_buf/bufinfo", "r");
	while (f && fgets(line, sizeof(line), f)) {
		unsigned long size, ino;
		unsigned int flags, mode;
		long count;
		char exp[64];

		tap_diag("bufinfo: %s", strtok(line, "\n") ? line : "");
		if (sscanf(line, "%lu %x %x %ld %63s %lu", &size, &flags,
			   &mode, &count, exp, &ino) == 6)
			trace_inode(ino);
	}
	if (f)
		fclose(f);
	dump_files(HEAP_STATS_GLOB);
}

/* Live dma-bufs of every exporter (debugfs bufinfo); -1 if unreadable. */
static long count_dmabufs(void)
{
	FILE *f = fopen("/sys/kernel/debug/dma_buf/bufinfo", "r");
	char line[256];
	long n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		n += line[0] >= '0' && line[0] <= '9';
	fclose(f);
	return n;
}

static TEEC_Context pta_ctx;
static TEEC_Session pta_sess;
static bool pta_open;

static bool pta_counts(uint32_t *sessions, uint32_t *shms, uint32_t *pages)
{
	TEEC_Operation op = { 0 };
	uint32_t origin;

	if (!pta_open)
		return false;
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_VALUE_OUTPUT,
					 TEEC_NONE, TEEC_NONE);
	if (TEEC_InvokeCommand(&pta_sess, PTA_INVOKE_TESTS_CMD_TABLE_COUNTS,
			       &op, &origin) != TEEC_SUCCESS)
		return false;
	*sessions = op.params[0].value.a;
	*shms = op.params[0].value.b;
	*pages = op.params[1].value.a;
	return true;
}

static void pta_connect(void)
{
	static const TEEC_UUID uuid = PTA_INVOKE_TESTS_UUID;
	uint32_t origin;

	if (TEEC_InitializeContext(NULL, &pta_ctx) != TEEC_SUCCESS)
		return;
	if (TEEC_OpenSession(&pta_ctx, &pta_sess, &uuid, TEEC_LOGIN_PUBLIC,
			     NULL, NULL, &origin) != TEEC_SUCCESS) {
		TEEC_FinalizeContext(&pta_ctx);
		return;
	}
	pta_open = true;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ull + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	uint64_t seed = 0, t0, elapsed;
	unsigned long max_ops = 0;
	unsigned int seconds = 60;
	uint32_t s0 = 0, m0 = 0, p0 = 0, s1 = 0, m1 = 0, p1 = 0;
	static bool keep[KEEP_FDS];
	bool have0, have1, ok = true;
	int untracked;
	int i, kmsg, reports;
	long heap_bufs, dec_inst, dec_shm, bufs0, bufs1 = -1;

	for (i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--seed"))
			seed = strtoull(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "--ops"))
			max_ops = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "--seconds"))
			seconds = strtoul(argv[i + 1], NULL, 0);
		else if (!strcmp(argv[i], "--trace"))
			trace = atoi(argv[i + 1]) != 0;
	}
	if (!seed) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		seed = (uint64_t)ts.tv_sec * 1000000007ull ^ ts.tv_nsec ^
		       ((uint64_t)getpid() << 32);
		if (!seed)
			seed = 1;
	}
	rng = seed;
	tap_diag("seed %llu", (unsigned long long)seed);
	signal(SIGPIPE, SIG_IGN);

	for (i = 0; i < MAX_SLOTS; i++) {
		slots[i].kind = K_FREE;
		slots[i].fd = -1;
	}
	log_fd = open(LOG_PATH, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
	ubuf = mmap(NULL, UBUF_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ubuf == MAP_FAILED)
		return 1;
	memset(ubuf, 0x5a, UBUF_SIZE);
	find_targets();
	load_clear_clip();
	tap_diag("heaps: %d, decoder: %s, clear clip: %zu bytes", nheaps,
		 vdev[0] ? vdev : "none", clear_len);

	kmsg = kmsg_from_now();
	pta_connect();
	have0 = pta_counts(&s0, &m0, &p0);
	bufs0 = count_dmabufs();
	/* the descriptors of the program itself: everything open now */
	for (i = 0; i < KEEP_FDS; i++)
		keep[i] = fcntl(i, F_GETFD) != -1;

	t0 = now_ms();
	while ((!max_ops || op_no < max_ops) &&
	       (max_ops || now_ms() - t0 < seconds * 1000ull))
		run_op();
	elapsed = now_ms() - t0;
	logf_("end: closing every descriptor");
	for (i = 0; i < MAX_SLOTS; i++)
		if (slots[i].kind != K_FREE)
			drop(i);
	while (wait(NULL) > 0)
		;
	untracked = close_unknown_fds(keep, KEEP_FDS);

	tap_result(1, "%lu operations in %llu.%03llu s (%llu/s) with seed %llu, no crash",
		   op_no, (unsigned long long)(elapsed / 1000),
		   (unsigned long long)(elapsed % 1000),
		   elapsed ? (unsigned long long)(op_no * 1000 / elapsed) : 0,
		   (unsigned long long)seed);
	ok &= tap_result(untracked == 0,
			 "no descriptor installed without being reported (%d)",
			 untracked);

	heap_bufs = stat_settled(HEAP_STATS_GLOB, "buffers");
	if (heap_bufs < 0)
		tap_diag("no restricted heap statistics under %s",
			 HEAP_STATS_GLOB);
	for (i = 0; i < SETTLE_MS / 50; i++) {
		bufs1 = count_dmabufs();
		if (bufs1 <= bufs0)
			break;
		usleep(50000);
	}
	if (!tap_result(heap_bufs == 0 && bufs0 >= 0 && bufs1 == bufs0,
			"every restricted heap back to 0 buffers (%ld), every dma-buf released (%ld live, %ld before)",
			heap_bufs, bufs1, bufs0)) {
		ok = false;
		dump_holders();
	}

	dec_inst = stat_settled(DEC_STATS_GLOB, "instances");
	dec_shm = stat_settled(DEC_STATS_GLOB, "shm");
	ok &= tap_result(dec_inst == 0 && dec_shm == 0,
			 "tee-jpegdec back to 0 instances, 0 shm (%ld, %ld)",
			 dec_inst, dec_shm);

	/* the secure world's tables, settled as the kernel releases */
	have1 = false;
	for (i = 0; i < SETTLE_MS / 50; i++) {
		have1 = pta_counts(&s1, &m1, &p1);
		if (!have1 || (s1 == s0 && m1 == m0 && p1 == p0))
			break;
		usleep(50000);
	}
	if (have0)
		tap_diag("secure world before: %u sessions (this test's own 1, the kernel's %u), %u registrations, %u pages",
			 s0, s0 - 1, m0, p0);
	if (!have0 || !have1)
		tap_diag("the invoke-tests PTA's TABLE_COUNTS failed (test firmware?)");
	else
		tap_diag("secure world after: %u sessions, %u registrations, %u pages",
			 s1, m1, p1);
	ok &= tap_result(have0 && have1 && s1 == s0 && m1 == m0 && p1 == p0,
			 "secure world's session and registration tables as before the run");

	reports = kmsg_bug_reports(kmsg);
	ok &= tap_result(reports == 0,
			 "no kernel warning, bug, oops or lockdep report (%d)",
			 reports);

	if (pta_open) {
		TEEC_CloseSession(&pta_sess);
		TEEC_FinalizeContext(&pta_ctx);
	}
	if (!ok) {
		print_log_tail(max_ops != 0);
		tap_diag("replay: sdp_fuzz --seed %llu --ops %lu (make fuzz SEED=%llu OPS=%lu)",
			 (unsigned long long)seed, op_no,
			 (unsigned long long)seed, op_no);
	}
	return tap_done();
}

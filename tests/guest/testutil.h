/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the guest importer tests: errno-returning ioctl,
 * fd bookkeeping, TAP diagnostics and dma-heap allocation (libsdp's
 * sdp_heap.c, which the test compiles in).
 */
#ifndef SDP_TESTUTIL_H
#define SDP_TESTUTIL_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "sdp_heap.h"
#include "tap.h"

/* ioctl() retried on EINTR; returns 0 or -errno. */
static inline int ioc(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret == -1 && errno == EINTR);
	return ret == -1 ? -errno : 0;
}

static inline void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* A behaviour that cannot be checked because a prerequisite failed. */
static inline int not_run(const char *name, const char *why)
{
	tap_diag("%s: not run: %s", name, why);
	return tap_result(0, "%s", name);
}

static inline bool ok_or_diag(int ret, const char *node, const char *what)
{
	if (ret)
		tap_diag("%s: %s failed: errno %d (%s)", node, what, -ret,
			 strerror(-ret));
	return !ret;
}

/* Allocate @len bytes from heap @heap; a dma-buf fd or -errno (diagnosed). */
static inline int heap_alloc(const char *heap, size_t len)
{
	char msg[SDP_HEAP_MSG_SIZE];
	int fd = sdp_heap_alloc(heap, len, msg, sizeof(msg));

	if (fd < 0)
		tap_diag("%s", msg);
	return fd;
}

/* Read "exp_name:" from /proc/self/fdinfo/@fd into @out. */
static inline int dmabuf_exp_name(int fd, char *out, size_t len)
{
	char path[64], buf[512], *p, *e;
	ssize_t n;
	int f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = open(path, O_RDONLY | O_CLOEXEC);
	if (f < 0)
		return -errno;
	n = read(f, buf, sizeof(buf) - 1);
	close(f);
	if (n < 0)
		return -EIO;
	buf[n] = '\0';
	p = strstr(buf, "exp_name:");
	if (!p)
		return -ENOENT;
	p += strlen("exp_name:");
	p += strspn(p, " \t");
	e = p + strcspn(p, "\n");
	*e = '\0';
	snprintf(out, len, "%s", p);
	return 0;
}

#define DMABUF_BUFINFO	"/sys/kernel/debug/dma_buf/bufinfo"
#define FD_TABLE_MAX	1024	/* the default RLIMIT_NOFILE */

/*
 * The live dma-bufs of every exporter: debugfs bufinfo's closing line
 * "Total N objects, M bytes". 0, or -1 if it cannot be read.
 */
static inline int dmabuf_totals(long long *objects, long long *bytes)
{
	FILE *f = fopen(DMABUF_BUFINFO, "re");
	char line[256];
	int ret = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Total %lld objects, %lld bytes", objects,
			   bytes) == 2)
			ret = 0;
	fclose(f);
	return ret;
}

/*
 * Whether the dma-buf whose inode is @ino is alive: bufinfo lists it (the
 * sixth column of an object's line). 1, 0, or -1 if bufinfo is unreadable.
 */
static inline int dmabuf_alive(unsigned long ino)
{
	FILE *f = fopen(DMABUF_BUFINFO, "re");
	char line[512], *col;
	int alive = 0, i;

	if (!f)
		return -1;
	while (!alive && fgets(line, sizeof(line), f)) {
		if (line[0] < '0' || line[0] > '9')
			continue;	/* headers, fences, attachments */
		col = line;
		for (i = 0; i < 5 && col; i++) {
			col = strchr(col, '\t');
			col = col ? col + 1 : NULL;
		}
		alive = col && strtoul(col, NULL, 10) == ino;
	}
	fclose(f);
	return alive;
}

/*
 * The descriptors open in this process (/proc/self/fd), each below
 * FD_TABLE_MAX marked in @open if given; their count, or -1.
 */
static inline int fd_table(bool *open)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int n = 0, self;

	if (!d)
		return -1;
	self = dirfd(d);
	if (open)
		memset(open, 0, FD_TABLE_MAX * sizeof(*open));
	while ((de = readdir(d))) {
		char *end;
		long fd = strtol(de->d_name, &end, 10);

		if (de->d_name[0] == '.' || *end || fd == self)
			continue;
		n++;
		if (open && fd >= 0 && fd < FD_TABLE_MAX)
			open[fd] = true;
	}
	closedir(d);
	return n;
}

/* /dev/kmsg, read from its end: the kernel's messages from now on; or -1. */
static inline int kmsg_from_now(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0 && lseek(fd, 0, SEEK_END) < 0) {
		close(fd);
		fd = -1;
	}
	if (fd < 0)
		tap_diag("/dev/kmsg: %s", strerror(errno));
	return fd;
}

/*
 * The kernel's reports of a bug since @kmsg (kmsg_from_now()) was opened:
 * each message that is a BUG, an Oops, a bad page state, a WARNING, or a
 * KASAN, lockdep or kmemleak report (what scripts/run-qemu.py fails a boot
 * on) is printed and counted; -1 if @kmsg is not open.
 */
static inline int kmsg_bug_reports(int kmsg)
{
	static const char *const marks[] = {
		"BUG:", "kernel BUG", "Bad page", "WARNING:", "Oops",
		"Unable to handle kernel", "Internal error:", "Kernel panic",
		"KASAN", "UBSAN", "kmemleak", "unreferenced object",
		"possible circular locking", "possible recursive locking",
		"inconsistent lock state", "suspicious RCU usage",
		"list_add corruption", "list_del corruption", "refcount_t:",
		"INFO: task", "stack-protector", "Call trace:",
	};
	char rec[2048];
	ssize_t len;
	int n = 0;

	if (kmsg < 0)
		return -1;
	while ((len = read(kmsg, rec, sizeof(rec) - 1)) != 0) {
		char *msg;

		if (len < 0 && errno == EPIPE)
			continue;	/* records overwritten meanwhile */
		if (len < 0)
			break;		/* EAGAIN: no more */
		rec[len] = '\0';
		msg = strchr(rec, ';');
		msg = msg ? msg + 1 : rec;
		msg[strcspn(msg, "\n")] = '\0';
		for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
			if (!strstr(msg, marks[i]))
				continue;
			if (n++ < 20)
				tap_diag("kernel: %s", msg);
			break;
		}
	}
	return n;
}

#endif /* SDP_TESTUTIL_H */

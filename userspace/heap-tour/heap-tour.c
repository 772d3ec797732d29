// SPDX-License-Identifier: GPL-2.0
/*
 * heap-tour: a short walk through a restricted dma-buf heap.
 *
 * Allocates a video frame, shows what the kernel says about it, tries every
 * CPU access a normal-world process could attempt and prints how each is
 * refused, then frees it and shows the heap's statistics again. Exits
 * nonzero if any CPU access is NOT refused or the accounting is off.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/dma-buf.h>

#include "sdp_heap.h"

#define STATS_DIR "/sys/kernel/debug/restricted_heap"

static int unexpected;

static void usage(FILE *f, const char *argv0)
{
	fprintf(f,
		"usage: %s [--heap NAME] [--size BYTES]\n"
		"  --heap NAME   restricted heap to tour (default: restricted)\n"
		"  --size BYTES  buffer size (default: 1280x720 NV12, 1382400)\n"
		"  --help        this text\n", argv0);
}

static void show_stats(const char *heap, const char *when)
{
	char path[256], line[128];
	FILE *f;

	snprintf(path, sizeof(path), STATS_DIR "/%s", heap);
	f = fopen(path, "r");
	if (!f) {
		printf("  (no statistics: %s: %s)\n", path, strerror(errno));
		unexpected++;
		return;
	}
	printf("statistics %s (%s):\n", when, path);
	while (fgets(line, sizeof(line), f))
		printf("    %s", line);
	fclose(f);
}

static void show_fdinfo(int fd)
{
	char path[64], line[128];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "size:", 5) || !strncmp(line, "exp_name:", 9))
			printf("    %s", line);
	fclose(f);
}

/* Report a CPU access attempt; it must fail with @want. */
static void refused(const char *what, int failed, int err, int want)
{
	if (!failed) {
		printf("  %-40s SUCCEEDED -- the heap let the CPU in!\n", what);
		unexpected++;
	} else {
		printf("  %-40s refused: %s (%s)\n", what, strerrorname_np(err),
		       strerror(err));
		if (err != want)
			unexpected++;
	}
}

static void try_cpu_access(int fd, size_t size)
{
	struct dma_buf_sync sync = { 0 };
	char byte;
	void *p;
	int ret;

	printf("CPU access attempts on the buffer:\n");
	p = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
	refused("mmap(PROT_READ, MAP_SHARED)", p == MAP_FAILED, errno, EPERM);
	if (p != MAP_FAILED)
		munmap(p, size);
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	refused("mmap(PROT_READ|PROT_WRITE, MAP_SHARED)", p == MAP_FAILED,
		errno, EPERM);
	if (p != MAP_FAILED)
		munmap(p, size);

	sync.flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ;
	ret = ioctl(fd, DMA_BUF_IOCTL_SYNC, &sync);
	refused("DMA_BUF_IOCTL_SYNC(START|READ)", ret < 0, errno, EPERM);
	sync.flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE;
	ret = ioctl(fd, DMA_BUF_IOCTL_SYNC, &sync);
	refused("DMA_BUF_IOCTL_SYNC(START|WRITE)", ret < 0, errno, EPERM);
	sync.flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW;
	ret = ioctl(fd, DMA_BUF_IOCTL_SYNC, &sync);
	refused("DMA_BUF_IOCTL_SYNC(END|RW)", ret < 0, errno, EPERM);

	refused("read(fd, 1 byte)", read(fd, &byte, 1) < 0, errno, EINVAL);
	byte = 0;
	refused("write(fd, 1 byte)", write(fd, &byte, 1) < 0, errno, EINVAL);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "heap", required_argument, NULL, 'h' },
		{ "size", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, '?' },
		{ }
	};
	const char *heap = "restricted";
	size_t size = 1280 * 720 * 3 / 2;
	char path[128], msg[SDP_HEAP_MSG_SIZE];
	int heap_fd, fd, c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			heap = optarg;
			break;
		case 's':
			size = strtoull(optarg, NULL, 0);
			break;
		case '?':
			usage(optopt ? stderr : stdout, argv[0]);
			return optopt ? 2 : 0;
		}
	}

	snprintf(path, sizeof(path), SDP_HEAP_DIR "%s", heap);
	printf("=== restricted heap tour: %s ===\n", path);
	heap_fd = sdp_heap_open(path);
	if (heap_fd < 0) {
		fprintf(stderr, "heap-tour: %s\n",
			sdp_heap_open_error(msg, sizeof(msg), path, heap_fd));
		return 1;
	}
	show_stats(heap, "before");

	fd = sdp_heap_alloc_fd(heap_fd, size);
	if (fd < 0) {
		fprintf(stderr, "heap-tour: %s\n",
			sdp_heap_alloc_error(msg, sizeof(msg), path, size, fd));
		return 1;
	}
	printf("allocated %zu bytes (a 1280x720 NV12 frame by default) as dma-buf fd %d:\n",
	       size, fd);
	show_fdinfo(fd);
	show_stats(heap, "with the buffer");
	try_cpu_access(fd, size);

	close(fd);
	show_stats(heap, "after close");
	close(heap_fd);

	if (unexpected) {
		printf("=== tour FAILED: %d unexpected result(s) ===\n",
		       unexpected);
		return 1;
	}
	printf("=== tour done: every CPU access was refused ===\n");
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * libsdp: buffers from a dma-buf heap (see sdp_heap.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/dma-heap.h>

#include "sdp_heap.h"

int sdp_heap_path(const char *heap, char *path, size_t size)
{
	int n;

	if (!heap || !*heap || !strcmp(heap, ".") || !strcmp(heap, ".."))
		return -EINVAL;
	if (strchr(heap, '/'))
		n = snprintf(path, size, "%s", heap);
	else
		n = snprintf(path, size, "%s%s", SDP_HEAP_DIR, heap);
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

const char *sdp_heap_name(const char *heap)
{
	size_t n = strlen(SDP_HEAP_DIR);

	return strncmp(heap, SDP_HEAP_DIR, n) ? heap : heap + n;
}

int sdp_heap_open(const char *heap)
{
	char path[PATH_MAX];
	int fd, ret;

	ret = sdp_heap_path(heap, path, sizeof(path));
	if (ret)
		return ret;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int sdp_heap_alloc_fd(int heap_fd, size_t len)
{
	struct dma_heap_allocation_data data = {
		.len = len,
		.fd_flags = O_RDWR | O_CLOEXEC,
	};
	int ret;

	do {
		ret = ioctl(heap_fd, DMA_HEAP_IOCTL_ALLOC, &data);
	} while (ret == -1 && errno == EINTR);
	if (ret == -1)
		return -errno;
	if (data.fd > INT_MAX) {
		close((int)data.fd);
		return -EOVERFLOW;
	}
	return (int)data.fd;
}

int sdp_heap_alloc(const char *heap, size_t len, char *msg, size_t size)
{
	int heap_fd, fd;

	heap_fd = sdp_heap_open(heap);
	if (heap_fd < 0) {
		if (msg)
			sdp_heap_open_error(msg, size, heap, heap_fd);
		return heap_fd;
	}
	fd = sdp_heap_alloc_fd(heap_fd, len);
	close(heap_fd);
	if (fd < 0 && msg)
		sdp_heap_alloc_error(msg, size, heap, len, fd);
	return fd;
}

/* The node of @heap for a message: the name as given if it has none. */
static const char *node(const char *heap, char *path, size_t size)
{
	if (sdp_heap_path(heap, path, size))
		return heap ? heap : "(null)";
	return path;
}

const char *sdp_heap_open_error(char *msg, size_t size, const char *heap,
				int err)
{
	char path[PATH_MAX];

	snprintf(msg, size, "%s: %s", node(heap, path, sizeof(path)),
		 strerror(-err));
	return msg;
}

const char *sdp_heap_alloc_error(char *msg, size_t size, const char *heap,
				 size_t len, int err)
{
	char path[PATH_MAX];

	snprintf(msg, size, "%s: DMA_HEAP_IOCTL_ALLOC(%zu): %s",
		 node(heap, path, sizeof(path)), len, strerror(-err));
	return msg;
}

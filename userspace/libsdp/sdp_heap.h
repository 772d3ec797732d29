/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libsdp: buffers from a dma-buf heap (linux/dma-heap.h), such as the
 * restricted heap whose memory the secure world decrypts and decodes into.
 *
 * A heap is named as the clients' options name it: by its name under
 * /dev/dma_heap ("restricted"), or by a path ("/dev/dma_heap/restricted",
 * or any other node). A buffer is a dma-buf fd opened O_RDWR | O_CLOEXEC,
 * as the TEE (TEE_IOC_SHM_REGISTER_FD) and V4L2 and DRM importers take it;
 * the caller closes it.
 *
 *	fd = sdp_heap_alloc("restricted", len, msg, sizeof(msg));
 *	if (fd < 0)
 *		report msg, or -fd as an errno;
 *
 * Errors are negative errnos. The message helpers say which step failed,
 * on which node, in the words every client prints:
 *	"/dev/dma_heap/restricted: No such file or directory"
 *	"/dev/dma_heap/restricted: DMA_HEAP_IOCTL_ALLOC(4096): Cannot allocate memory"
 */
#ifndef SDP_HEAP_H
#define SDP_HEAP_H

#include <stddef.h>

#define SDP_HEAP_DIR		"/dev/dma_heap/"
/* Room for any message of this header's helpers (longer ones are cut). */
#define SDP_HEAP_MSG_SIZE	256

/*
 * The node of heap @heap: @heap itself if it holds a '/', else
 * SDP_HEAP_DIR @heap, written to @path (@size bytes). 0, -EINVAL for an
 * empty name, "." or "..", -ENAMETOOLONG if it does not fit.
 */
int sdp_heap_path(const char *heap, char *path, size_t size);

/*
 * The name under SDP_HEAP_DIR of heap @heap: the part of @heap after
 * SDP_HEAP_DIR if it starts so, else @heap as it is (a name, or a node
 * elsewhere).
 */
const char *sdp_heap_name(const char *heap);

/* Open heap @heap (a name or a path) for allocations: its fd, or -errno. */
int sdp_heap_open(const char *heap);

/*
 * A dma-buf of @len bytes from the heap open as @heap_fd (no heap flags):
 * its fd, or -errno (the ioctl's; -EOVERFLOW if the fd does not fit an
 * int).
 */
int sdp_heap_alloc_fd(int heap_fd, size_t len);

/*
 * Open heap @heap, allocate @len bytes, close the heap: the dma-buf's fd,
 * or -errno and, if @msg is not NULL, the failed step's message (below)
 * in @msg (@size bytes).
 */
int sdp_heap_alloc(const char *heap, size_t len, char *msg, size_t size);

/* "<node>: <strerror>" for sdp_heap_open(@heap)'s error @err into @msg. */
const char *sdp_heap_open_error(char *msg, size_t size, const char *heap,
				int err);

/*
 * "<node>: DMA_HEAP_IOCTL_ALLOC(<len>): <strerror>" for error @err of an
 * allocation of @len bytes from heap @heap, into @msg.
 */
const char *sdp_heap_alloc_error(char *msg, size_t size, const char *heap,
				 size_t len, int err);

#endif /* SDP_HEAP_H */

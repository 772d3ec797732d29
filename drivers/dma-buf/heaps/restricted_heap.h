/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Restricted DMA-BUF heap core: buffers the normal-world CPU never touches.
 */
#ifndef _DMABUF_HEAPS_RESTRICTED_HEAP_H
#define _DMABUF_HEAPS_RESTRICTED_HEAP_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/types.h>

struct dma_heap;
struct restricted_heap;

/**
 * struct restricted_heap_stats - a backend's view of its memory
 * @total:		bytes managed by the heap
 * @used:		bytes currently handed out
 * @largest_free:	largest physically contiguous free extent, in bytes
 */
struct restricted_heap_stats {
	u64 total;
	u64 used;
	u64 largest_free;
};

/**
 * struct restricted_heap_ops - backend of a restricted heap
 * @alloc:	reserve @size bytes (a multiple of PAGE_SIZE) of physically
 *		contiguous memory and store its start in @paddr; -ENOMEM if
 *		no free extent is large enough
 * @free:	return a range obtained from @alloc
 * @stats:	fill in the backend's occupancy figures
 * @restrict_range:	optional; make a freshly allocated range inaccessible
 *		to the normal world (e.g. ask a TEE to protect it)
 * @unrestrict_range:	optional; undo @restrict_range before @free
 */
struct restricted_heap_ops {
	int (*alloc)(struct restricted_heap *rheap, size_t size,
		     phys_addr_t *paddr);
	void (*free)(struct restricted_heap *rheap, phys_addr_t paddr,
		     size_t size);
	void (*stats)(struct restricted_heap *rheap,
		      struct restricted_heap_stats *stats);
	int (*restrict_range)(struct restricted_heap *rheap, phys_addr_t paddr,
			      size_t size);
	void (*unrestrict_range)(struct restricted_heap *rheap,
				 phys_addr_t paddr, size_t size);
};

/**
 * struct restricted_heap - one restricted heap
 * @name:	heap name, the /dev/dma_heap/ entry; must stay valid
 * @ops:	backend operations
 * @heap:	the registered dma-buf heap, set by restricted_heap_add()
 * @node:	entry in the list restricted_heap_alloc() searches
 * @buffers:	live buffers
 * @alloc_failures:	allocations refused for lack of contiguous space
 * @scrubbed:	freed buffers the secure world cleared
 * @unscrubbed:	freed buffers returned as they were: no scrubber, or not
 *		memory the scrubber protects
 * @withheld:	bytes kept out of the pool because clearing them failed
 */
struct restricted_heap {
	const char *name;
	const struct restricted_heap_ops *ops;
	struct dma_heap *heap;
	struct list_head node;
	atomic_long_t buffers;
	atomic_long_t alloc_failures;
	atomic_long_t scrubbed;
	atomic_long_t unscrubbed;
	atomic_long_t withheld;
};

int restricted_heap_add(struct restricted_heap *rheap);

#endif /* _DMABUF_HEAPS_RESTRICTED_HEAP_H */

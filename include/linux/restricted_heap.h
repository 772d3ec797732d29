/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Restricted DMA-BUF heaps: what other subsystems may ask of them.
 */
#ifndef _LINUX_RESTRICTED_HEAP_H
#define _LINUX_RESTRICTED_HEAP_H

#include <linux/err.h>
#include <linux/errno.h>
#include <linux/types.h>

struct dma_buf;

/**
 * struct restricted_heap_scrubber - clears freed restricted memory
 * @scrub:	zero [@paddr, @paddr + @size) before the heap reuses it; may
 *		sleep. Return 0 when cleared, -ENOENT when the range is not
 *		memory the scrubber protects (nothing to clear), any other
 *		negative errno when it could not be cleared.
 *
 * Only the secure world can write restricted memory, so a secure-world
 * driver (a TEE client) provides this; embed it to find your context.
 */
struct restricted_heap_scrubber {
	int (*scrub)(const struct restricted_heap_scrubber *scrubber,
		     phys_addr_t paddr, size_t size);
};

#if IS_ENABLED(CONFIG_DMABUF_HEAPS_RESTRICTED)
int restricted_heap_buffer_range(struct dma_buf *dmabuf, phys_addr_t *paddr,
				 size_t *size);
int restricted_heap_set_scrubber(const struct restricted_heap_scrubber *s);
void restricted_heap_clear_scrubber(const struct restricted_heap_scrubber *s);
bool restricted_heap_exists(const char *name);
struct dma_buf *restricted_heap_alloc(const char *name, size_t len);
#else
static inline int restricted_heap_buffer_range(struct dma_buf *dmabuf,
					       phys_addr_t *paddr,
					       size_t *size)
{
	return -EINVAL;
}

static inline int
restricted_heap_set_scrubber(const struct restricted_heap_scrubber *s)
{
	return -ENODEV;
}

static inline void
restricted_heap_clear_scrubber(const struct restricted_heap_scrubber *s)
{
}

static inline bool restricted_heap_exists(const char *name)
{
	return false;
}

static inline struct dma_buf *restricted_heap_alloc(const char *name,
						    size_t len)
{
	return ERR_PTR(-ENODEV);
}
#endif

#endif /* _LINUX_RESTRICTED_HEAP_H */

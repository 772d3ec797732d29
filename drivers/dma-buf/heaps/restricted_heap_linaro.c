// SPDX-License-Identifier: GPL-2.0
/*
 * Restricted DMA-BUF heaps backed by devicetree carveouts
 *
 * Every available /reserved-memory node compatible with
 * "linaro,restricted-heap" becomes one heap, named after the node name
 * before '@' ("restricted@e400000" -> /dev/dma_heap/restricted). The
 * carveout must be a fixed, page-aligned, "no-map" region that overlaps no
 * other restricted heap; anything else is refused with one line in the log.
 *
 * A genalloc pool hands out page-granular, physically contiguous ranges,
 * best fit first. The pool works on offsets into the carveout biased by one
 * page, because genalloc reserves address 0 to report failure and because a
 * physical address need not fit in an unsigned long.
 */

#define pr_fmt(fmt) "restricted_heap: " fmt

#include <linux/bitmap.h>
#include <linux/genalloc.h>
#include <linux/init.h>
#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/of.h>
#include <linux/of_reserved_mem.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "restricted_heap.h"

#define CARVEOUT_POOL_BIAS	PAGE_SIZE

struct carveout_heap {
	struct restricted_heap rheap;
	struct gen_pool *pool;
	phys_addr_t base;
	size_t size;
	struct list_head node;
};

static LIST_HEAD(carveout_heaps);

static struct carveout_heap *to_carveout_heap(struct restricted_heap *rheap)
{
	return container_of(rheap, struct carveout_heap, rheap);
}

static int carveout_alloc(struct restricted_heap *rheap, size_t size,
			  phys_addr_t *paddr)
{
	struct carveout_heap *ch = to_carveout_heap(rheap);
	unsigned long offset;

	if (size > ch->size)
		return -ENOMEM;

	offset = gen_pool_alloc(ch->pool, size);
	if (!offset)
		return -ENOMEM;

	*paddr = ch->base + (offset - CARVEOUT_POOL_BIAS);
	return 0;
}

static void carveout_free(struct restricted_heap *rheap, phys_addr_t paddr,
			  size_t size)
{
	struct carveout_heap *ch = to_carveout_heap(rheap);

	gen_pool_free(ch->pool, paddr - ch->base + CARVEOUT_POOL_BIAS, size);
}

static void carveout_largest_free(struct gen_pool *pool,
				  struct gen_pool_chunk *chunk, void *data)
{
	unsigned long nbits, start, end, *largest = data;

	nbits = (chunk->end_addr - chunk->start_addr + 1) >> pool->min_alloc_order;
	for (start = find_first_zero_bit(chunk->bits, nbits); start < nbits;
	     start = find_next_zero_bit(chunk->bits, nbits, end)) {
		end = find_next_bit(chunk->bits, nbits, start);
		*largest = max(*largest, end - start);
	}
}

static void carveout_stats(struct restricted_heap *rheap,
			   struct restricted_heap_stats *stats)
{
	struct carveout_heap *ch = to_carveout_heap(rheap);
	unsigned long largest = 0;

	gen_pool_for_each_chunk(ch->pool, carveout_largest_free, &largest);
	stats->total = gen_pool_size(ch->pool);
	stats->used = stats->total - gen_pool_avail(ch->pool);
	stats->largest_free = (u64)largest << ch->pool->min_alloc_order;
}

static const struct restricted_heap_ops carveout_heap_ops = {
	.alloc = carveout_alloc,
	.free = carveout_free,
	.stats = carveout_stats,
};

static int carveout_check(struct device_node *np, struct reserved_mem *rmem,
			  const char *name)
{
	struct carveout_heap *other;

	if (!of_property_read_bool(np, "no-map")) {
		pr_err("%pOF: refused: no \"no-map\", the kernel would map it\n",
		       np);
		return -EINVAL;
	}
	if (!rmem || !rmem->size) {
		pr_err("%pOF: refused: no fixed region (missing or zero-sized reg)\n",
		       np);
		return -EINVAL;
	}
	if (!PAGE_ALIGNED(rmem->base) || !PAGE_ALIGNED(rmem->size)) {
		pr_err("%pOF: refused: %pa+%pa is not page aligned\n",
		       np, &rmem->base, &rmem->size);
		return -EINVAL;
	}
	if (rmem->size > ULONG_MAX - CARVEOUT_POOL_BIAS) {
		pr_err("%pOF: refused: size %pa too large\n", np, &rmem->size);
		return -EINVAL;
	}

	list_for_each_entry(other, &carveout_heaps, node) {
		if (rmem->base < other->base + other->size &&
		    other->base < rmem->base + rmem->size) {
			pr_err("%pOF: refused: overlaps heap %s\n", np,
			       other->rheap.name);
			return -EBUSY;
		}
		if (!strcmp(name, other->rheap.name)) {
			pr_err("%pOF: refused: heap name %s already taken\n",
			       np, name);
			return -EEXIST;
		}
	}

	return 0;
}

static int carveout_heap_create(struct device_node *np)
{
	struct reserved_mem *rmem = of_reserved_mem_lookup(np);
	const char *full = kbasename(np->full_name);
	struct carveout_heap *ch;
	int ret;

	ch = kzalloc(sizeof(*ch), GFP_KERNEL);
	if (!ch)
		return -ENOMEM;

	ch->rheap.name = kstrndup(full, strcspn(full, "@"), GFP_KERNEL);
	if (!ch->rheap.name) {
		ret = -ENOMEM;
		goto free_heap;
	}

	ret = carveout_check(np, rmem, ch->rheap.name);
	if (ret)
		goto free_name;

	ch->base = rmem->base;
	ch->size = rmem->size;
	ch->rheap.ops = &carveout_heap_ops;

	ch->pool = gen_pool_create(PAGE_SHIFT, NUMA_NO_NODE);
	if (!ch->pool) {
		ret = -ENOMEM;
		goto free_name;
	}
	gen_pool_set_algo(ch->pool, gen_pool_best_fit, NULL);

	ret = gen_pool_add(ch->pool, CARVEOUT_POOL_BIAS, ch->size,
			   NUMA_NO_NODE);
	if (ret)
		goto destroy_pool;

	ret = restricted_heap_add(&ch->rheap);
	if (ret) {
		pr_err("%pOF: cannot register heap %s: %d\n", np,
		       ch->rheap.name, ret);
		goto destroy_pool;
	}

	list_add_tail(&ch->node, &carveout_heaps);
	pr_info("%s: %pa, %zu KiB\n", ch->rheap.name, &ch->base,
		ch->size / SZ_1K);
	return 0;

destroy_pool:
	gen_pool_destroy(ch->pool);
free_name:
	kfree(ch->rheap.name);
free_heap:
	kfree(ch);
	return ret;
}

static int __init carveout_heaps_init(void)
{
	struct device_node *np;

	for_each_compatible_node(np, NULL, "linaro,restricted-heap") {
		if (of_device_is_available(np))
			carveout_heap_create(np);
	}
	return 0;
}
device_initcall(carveout_heaps_init);

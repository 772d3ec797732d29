// SPDX-License-Identifier: GPL-2.0
/*
 * Restricted DMA-BUF heap core
 *
 * A restricted buffer is a physically contiguous range that only devices
 * (and a secure world) may access. The exporter never creates a CPU mapping
 * and never performs cache maintenance: mmap and CPU-access brackets are
 * refused, there is no vmap, and device mappings skip the CPU sync.
 *
 * The range may lie outside the kernel's memory map (for instance in secure
 * RAM), so it has no struct page. Each attachment therefore gets a one-entry
 * sg_table whose entry carries only a DMA address and length, obtained with
 * dma_map_resource(): sg_page() is NULL and the CPU length is 0, so a
 * page-based walk of the table visits nothing and no code path can reach a
 * struct page of the carveout. dma_map_resource() hands the device the
 * physical address itself (dma-direct applies no DMA offset to it) or an
 * IOVA of it (behind an IOMMU), so devices whose bus view of RAM is offset
 * are refused rather than given an address that would miss the buffer.
 *
 * A freed range still holds its last owner's data, and the kernel may not
 * touch it: before the range goes back to the pool, the secure world is
 * asked to clear it through the scrubber a TEE driver registered. If it
 * cannot, the range is withheld from reuse. A platform whose secure world
 * registers no scrubber gets ranges back as they are.
 */

#define pr_fmt(fmt) "restricted_heap: " fmt

#include <linux/debugfs.h>
#include <linux/dma-buf.h>
#include <linux/dma-direct.h>
#include <linux/dma-heap.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/iommu.h>
#include <linux/limits.h>
#include <linux/mutex.h>
#include <linux/restricted_heap.h>
#include <linux/scatterlist.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "restricted_heap.h"

struct restricted_buffer {
	struct restricted_heap *rheap;
	phys_addr_t paddr;
	size_t size;
};

struct restricted_attachment {
	struct sg_table table;
};

static struct dentry *restricted_heap_debugfs_root;

/* Registered heaps, for restricted_heap_alloc(); they are never removed. */
static DEFINE_MUTEX(restricted_heap_list_lock);
static LIST_HEAD(restricted_heap_list);

/* The secure world's scrubber; the mutex also serialises its calls. */
static DEFINE_MUTEX(restricted_heap_scrub_lock);
static const struct restricted_heap_scrubber *restricted_heap_scrubber;

/*
 * Without an IOMMU, dma_map_resource() gives the device the buffer's
 * physical address as its DMA address. If the device's bus sees RAM at an
 * offset, that address would miss the buffer; if it lies beyond the
 * device's DMA mask or bus limit, the mapping would fail with a warning.
 * Refuse both here, at attach, with -ERANGE. Behind an IOMMU the device
 * gets an IOVA that maps the range, whatever its address.
 */
static int restricted_heap_check_reach(struct device *dev,
				       struct restricted_buffer *buffer)
{
	if (!dev->dma_mask)
		return -ENODEV;

	if (device_iommu_mapped(dev))
		return 0;

	if (phys_to_dma(dev, buffer->paddr) != (dma_addr_t)buffer->paddr)
		return -ERANGE;

	if (!dma_capable(dev, (dma_addr_t)buffer->paddr, buffer->size, false))
		return -ERANGE;

	return 0;
}

static int restricted_heap_attach(struct dma_buf *dmabuf,
				  struct dma_buf_attachment *attachment)
{
	struct restricted_buffer *buffer = dmabuf->priv;
	struct restricted_attachment *a;
	int ret;

	ret = restricted_heap_check_reach(attachment->dev, buffer);
	if (ret) {
		dev_dbg(attachment->dev, "cannot reach restricted buffer %pa+%zu: %d\n",
			&buffer->paddr, buffer->size, ret);
		return ret;
	}

	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;

	/* One entry, no page, zero CPU length: see the comment at the top. */
	ret = sg_alloc_table(&a->table, 1, GFP_KERNEL);
	if (ret) {
		kfree(a);
		return ret;
	}

	attachment->priv = a;
	return 0;
}

static void restricted_heap_detach(struct dma_buf *dmabuf,
				   struct dma_buf_attachment *attachment)
{
	struct restricted_attachment *a = attachment->priv;

	sg_free_table(&a->table);
	kfree(a);
}

static struct sg_table *
restricted_heap_map_dma_buf(struct dma_buf_attachment *attachment,
			    enum dma_data_direction dir)
{
	struct restricted_buffer *buffer = attachment->dmabuf->priv;
	struct restricted_attachment *a = attachment->priv;
	struct scatterlist *sg = a->table.sgl;
	dma_addr_t addr;

	addr = dma_map_resource(attachment->dev, buffer->paddr, buffer->size,
				dir, DMA_ATTR_SKIP_CPU_SYNC);
	if (dma_mapping_error(attachment->dev, addr))
		return ERR_PTR(-ENOMEM);

	sg_dma_address(sg) = addr;
	sg_dma_len(sg) = buffer->size;
	a->table.nents = 1;

	return &a->table;
}

static void restricted_heap_unmap_dma_buf(struct dma_buf_attachment *attachment,
					  struct sg_table *table,
					  enum dma_data_direction dir)
{
	struct restricted_buffer *buffer = attachment->dmabuf->priv;
	struct scatterlist *sg = table->sgl;

	dma_unmap_resource(attachment->dev, sg_dma_address(sg), buffer->size,
			   dir, DMA_ATTR_SKIP_CPU_SYNC);
	sg_dma_address(sg) = 0;
	sg_dma_len(sg) = 0;
	table->nents = 0;
}

/*
 * Without these callbacks the dma-buf core would report DMA_BUF_IOCTL_SYNC as
 * a successful no-op and mmap as -EINVAL; say plainly that access is denied.
 */
static int restricted_heap_begin_cpu_access(struct dma_buf *dmabuf,
					    enum dma_data_direction dir)
{
	return -EPERM;
}

static int restricted_heap_end_cpu_access(struct dma_buf *dmabuf,
					  enum dma_data_direction dir)
{
	return -EPERM;
}

static int restricted_heap_mmap(struct dma_buf *dmabuf,
				struct vm_area_struct *vma)
{
	return -EPERM;
}

/*
 * Ask the secure world to clear a freed range. Returns false if the range
 * must not be reused: it may still hold its last owner's data.
 */
static bool restricted_heap_scrub(struct restricted_heap *rheap,
				  struct restricted_buffer *buffer)
{
	int ret = -ENOENT;

	mutex_lock(&restricted_heap_scrub_lock);
	if (restricted_heap_scrubber)
		ret = restricted_heap_scrubber->scrub(restricted_heap_scrubber,
						      buffer->paddr,
						      buffer->size);
	mutex_unlock(&restricted_heap_scrub_lock);

	if (!ret) {
		atomic_long_inc(&rheap->scrubbed);
		return true;
	}
	if (ret == -ENOENT) {
		atomic_long_inc(&rheap->unscrubbed);
		return true;
	}
	atomic_long_add(buffer->size, &rheap->withheld);
	pr_err_ratelimited("%s: cannot clear freed %pa+%zu (%d): withheld from reuse\n",
			   rheap->name, &buffer->paddr, buffer->size, ret);
	return false;
}

static void restricted_heap_dma_buf_release(struct dma_buf *dmabuf)
{
	struct restricted_buffer *buffer = dmabuf->priv;
	struct restricted_heap *rheap = buffer->rheap;

	if (restricted_heap_scrub(rheap, buffer)) {
		if (rheap->ops->unrestrict_range)
			rheap->ops->unrestrict_range(rheap, buffer->paddr,
						     buffer->size);
		rheap->ops->free(rheap, buffer->paddr, buffer->size);
	}
	atomic_long_dec(&rheap->buffers);
	kfree(buffer);
}

/* No vmap/vunmap: dma_buf_vmap() then fails with -EINVAL, without a WARN. */
static const struct dma_buf_ops restricted_heap_buf_ops = {
	.attach = restricted_heap_attach,
	.detach = restricted_heap_detach,
	.map_dma_buf = restricted_heap_map_dma_buf,
	.unmap_dma_buf = restricted_heap_unmap_dma_buf,
	.begin_cpu_access = restricted_heap_begin_cpu_access,
	.end_cpu_access = restricted_heap_end_cpu_access,
	.mmap = restricted_heap_mmap,
	.release = restricted_heap_dma_buf_release,
};

static struct dma_buf *__restricted_heap_allocate(struct restricted_heap *rheap,
						  unsigned long len,
						  u32 fd_flags)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct restricted_buffer *buffer;
	struct dma_buf *dmabuf;
	int ret;

	/*
	 * A mapping is one scatterlist entry, whose length is an unsigned
	 * int: no buffer may be longer. No carveout could serve one anyway.
	 */
	if (len > UINT_MAX) {
		atomic_long_inc(&rheap->alloc_failures);
		return ERR_PTR(-ENOMEM);
	}

	buffer = kzalloc(sizeof(*buffer), GFP_KERNEL);
	if (!buffer)
		return ERR_PTR(-ENOMEM);
	buffer->rheap = rheap;
	buffer->size = len;

	ret = rheap->ops->alloc(rheap, len, &buffer->paddr);
	if (ret) {
		if (ret == -ENOMEM)
			atomic_long_inc(&rheap->alloc_failures);
		goto free_buffer;
	}

	if (rheap->ops->restrict_range) {
		ret = rheap->ops->restrict_range(rheap, buffer->paddr, len);
		if (ret)
			goto free_range;
	}

	exp_info.exp_name = rheap->name;
	exp_info.ops = &restricted_heap_buf_ops;
	exp_info.size = len;
	exp_info.flags = fd_flags;
	exp_info.priv = buffer;
	dmabuf = dma_buf_export(&exp_info);
	if (IS_ERR(dmabuf)) {
		ret = PTR_ERR(dmabuf);
		goto unrestrict;
	}

	atomic_long_inc(&rheap->buffers);
	return dmabuf;

unrestrict:
	if (rheap->ops->unrestrict_range)
		rheap->ops->unrestrict_range(rheap, buffer->paddr, len);
free_range:
	rheap->ops->free(rheap, buffer->paddr, len);
free_buffer:
	kfree(buffer);
	return ERR_PTR(ret);
}

static struct dma_buf *restricted_heap_allocate(struct dma_heap *heap,
						unsigned long len,
						u32 fd_flags,
						u64 heap_flags)
{
	return __restricted_heap_allocate(dma_heap_get_drvdata(heap), len,
					  fd_flags);
}

static const struct dma_heap_ops restricted_heap_ops = {
	.allocate = restricted_heap_allocate,
};

static int restricted_heap_stats_show(struct seq_file *m, void *unused)
{
	struct restricted_heap *rheap = m->private;
	struct restricted_heap_stats stats = { };

	rheap->ops->stats(rheap, &stats);
	seq_printf(m, "total: %llu\n", stats.total);
	seq_printf(m, "used: %llu\n", stats.used);
	seq_printf(m, "largest_free: %llu\n", stats.largest_free);
	seq_printf(m, "buffers: %ld\n", atomic_long_read(&rheap->buffers));
	seq_printf(m, "alloc_failures: %ld\n",
		   atomic_long_read(&rheap->alloc_failures));
	seq_printf(m, "scrubbed: %ld\n", atomic_long_read(&rheap->scrubbed));
	seq_printf(m, "unscrubbed: %ld\n",
		   atomic_long_read(&rheap->unscrubbed));
	seq_printf(m, "withheld: %ld\n", atomic_long_read(&rheap->withheld));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(restricted_heap_stats);

/**
 * restricted_heap_add() - register a restricted heap
 * @rheap: heap with @name and @ops filled in; must outlive the system
 *
 * Creates /dev/dma_heap/<name> and the statistics file
 * <debugfs>/restricted_heap/<name>.
 *
 * Return: 0 on success or a negative errno.
 */
int restricted_heap_add(struct restricted_heap *rheap)
{
	struct dma_heap_export_info exp_info = {
		.name = rheap->name,
		.ops = &restricted_heap_ops,
		.priv = rheap,
	};
	struct dma_heap *heap;

	if (!rheap->ops || !rheap->ops->alloc || !rheap->ops->free ||
	    !rheap->ops->stats)
		return -EINVAL;

	atomic_long_set(&rheap->buffers, 0);
	atomic_long_set(&rheap->alloc_failures, 0);
	atomic_long_set(&rheap->scrubbed, 0);
	atomic_long_set(&rheap->unscrubbed, 0);
	atomic_long_set(&rheap->withheld, 0);

	heap = dma_heap_add(&exp_info);
	if (IS_ERR(heap))
		return PTR_ERR(heap);
	rheap->heap = heap;

	debugfs_create_file(rheap->name, 0400, restricted_heap_debugfs_root,
			    rheap, &restricted_heap_stats_fops);

	mutex_lock(&restricted_heap_list_lock);
	list_add_tail(&rheap->node, &restricted_heap_list);
	mutex_unlock(&restricted_heap_list_lock);

	return 0;
}

static struct restricted_heap *restricted_heap_find(const char *name)
{
	struct restricted_heap *rheap, *found = NULL;

	mutex_lock(&restricted_heap_list_lock);
	list_for_each_entry(rheap, &restricted_heap_list, node) {
		if (!strcmp(rheap->name, name)) {
			found = rheap;
			break;
		}
	}
	mutex_unlock(&restricted_heap_list_lock);
	return found;
}

/**
 * restricted_heap_exists() - whether a restricted heap of that name exists
 * @name:	the heap's name, as in /dev/dma_heap/<name>
 *
 * Return: true if restricted_heap_alloc() can allocate from @name.
 */
bool restricted_heap_exists(const char *name)
{
	return restricted_heap_find(name);
}
EXPORT_SYMBOL_GPL(restricted_heap_exists);

/**
 * restricted_heap_alloc() - allocate a restricted buffer inside the kernel
 * @name:	the heap's name, as in /dev/dma_heap/<name>
 * @len:	bytes wanted, rounded up to a multiple of PAGE_SIZE
 *
 * For drivers that allocate the buffers they hand out (a V4L2 driver's
 * MMAP buffers) and must put restricted content in restricted memory: the
 * buffer is exactly what DMA_HEAP_IOCTL_ALLOC on /dev/dma_heap/<name>
 * gives, counted in the same statistics and cleared the same way when
 * freed. The driver may give it to user space (dma_buf_fd()) and import
 * it like any dma-buf; the CPU cannot map it.
 *
 * Return: the dma-buf (release it with dma_buf_put()), or an ERR_PTR:
 * -ENODEV if no restricted heap is called @name, -EINVAL for a zero or
 * overflowing @len, -ENOMEM if no free extent is large enough.
 */
struct dma_buf *restricted_heap_alloc(const char *name, size_t len)
{
	struct restricted_heap *rheap = restricted_heap_find(name);
	size_t rounded = PAGE_ALIGN(len);

	if (!rheap)
		return ERR_PTR(-ENODEV);
	if (!len || rounded < len)
		return ERR_PTR(-EINVAL);
	return __restricted_heap_allocate(rheap, rounded, O_RDWR | O_CLOEXEC);
}
EXPORT_SYMBOL_GPL(restricted_heap_alloc);

/**
 * restricted_heap_buffer_range() - the physical range of a restricted buffer
 * @dmabuf:	a dma-buf
 * @paddr:	set to the first byte of the buffer
 * @size:	set to its length
 *
 * For subsystems that hand restricted buffers to a secure world by
 * physical address (the TEE). The caller must hold a reference to @dmabuf
 * for as long as it uses the range.
 *
 * Return: 0, or -EINVAL if @dmabuf was not exported by a restricted heap.
 */
int restricted_heap_buffer_range(struct dma_buf *dmabuf, phys_addr_t *paddr,
				 size_t *size)
{
	struct restricted_buffer *buffer;

	if (dmabuf->ops != &restricted_heap_buf_ops)
		return -EINVAL;
	buffer = dmabuf->priv;
	*paddr = buffer->paddr;
	*size = buffer->size;
	return 0;
}
EXPORT_SYMBOL_GPL(restricted_heap_buffer_range);

/**
 * restricted_heap_set_scrubber() - register the secure world's scrubber
 * @s:	the scrubber; must stay valid until restricted_heap_clear_scrubber()
 *
 * From now on every freed restricted buffer is cleared through @s before
 * its range is reused.
 *
 * Return: 0, or -EBUSY if another scrubber is registered.
 */
int restricted_heap_set_scrubber(const struct restricted_heap_scrubber *s)
{
	int ret = 0;

	mutex_lock(&restricted_heap_scrub_lock);
	if (restricted_heap_scrubber)
		ret = -EBUSY;
	else
		restricted_heap_scrubber = s;
	mutex_unlock(&restricted_heap_scrub_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(restricted_heap_set_scrubber);

/**
 * restricted_heap_clear_scrubber() - unregister a scrubber
 * @s:	the scrubber given to restricted_heap_set_scrubber()
 *
 * Waits for a scrub in progress to finish.
 */
void restricted_heap_clear_scrubber(const struct restricted_heap_scrubber *s)
{
	mutex_lock(&restricted_heap_scrub_lock);
	if (restricted_heap_scrubber == s)
		restricted_heap_scrubber = NULL;
	mutex_unlock(&restricted_heap_scrub_lock);
}
EXPORT_SYMBOL_GPL(restricted_heap_clear_scrubber);

static int __init restricted_heap_debugfs_init(void)
{
	restricted_heap_debugfs_root = debugfs_create_dir("restricted_heap",
							  NULL);
	return 0;
}
subsys_initcall(restricted_heap_debugfs_init);

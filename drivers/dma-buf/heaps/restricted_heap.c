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
 * struct page of the carveout.
 */

#define pr_fmt(fmt) "restricted_heap: " fmt

#include <linux/debugfs.h>
#include <linux/dma-buf.h>
#include <linux/dma-direct.h>
#include <linux/dma-heap.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/iommu.h>
#include <linux/scatterlist.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

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

/*
 * Without an IOMMU the device sees the buffer at its bus address; if that
 * lies beyond the device's DMA mask or bus limit, dma-direct would bounce the
 * data through swiotlb with CPU copies, which must never happen here.
 */
static int restricted_heap_check_reach(struct device *dev,
				       struct restricted_buffer *buffer)
{
	if (!dev->dma_mask)
		return -ENODEV;

	if (device_iommu_mapped(dev))
		return 0;

	if (!dma_capable(dev, phys_to_dma(dev, buffer->paddr), buffer->size,
			 false))
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

static void restricted_heap_dma_buf_release(struct dma_buf *dmabuf)
{
	struct restricted_buffer *buffer = dmabuf->priv;
	struct restricted_heap *rheap = buffer->rheap;

	if (rheap->ops->unrestrict_range)
		rheap->ops->unrestrict_range(rheap, buffer->paddr, buffer->size);
	rheap->ops->free(rheap, buffer->paddr, buffer->size);
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

static struct dma_buf *restricted_heap_allocate(struct dma_heap *heap,
						unsigned long len,
						u32 fd_flags,
						u64 heap_flags)
{
	struct restricted_heap *rheap = dma_heap_get_drvdata(heap);
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct restricted_buffer *buffer;
	struct dma_buf *dmabuf;
	int ret;

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

	exp_info.exp_name = dma_heap_get_name(heap);
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

	heap = dma_heap_add(&exp_info);
	if (IS_ERR(heap))
		return PTR_ERR(heap);
	rheap->heap = heap;

	debugfs_create_file(rheap->name, 0400, restricted_heap_debugfs_root,
			    rheap, &restricted_heap_stats_fops);

	return 0;
}

static int __init restricted_heap_debugfs_init(void)
{
	restricted_heap_debugfs_root = debugfs_create_dir("restricted_heap",
							  NULL);
	return 0;
}
subsys_initcall(restricted_heap_debugfs_init);

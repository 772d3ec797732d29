// SPDX-License-Identifier: GPL-2.0
/*
 * sdp_reach - TEST ONLY: attach a dma-buf to a device of chosen DMA reach
 *
 * /dev/sdp_reach takes a dma-buf and a description of a device's view of
 * memory (how many address bits its bus reaches, DMA offset), gives its own platform device that
 * view, attaches and maps the dma-buf for it and reports what happened:
 * the errors, the DMA address and, for a restricted buffer, its physical
 * address. The guest tests use it to check the restricted heap's answer to
 * devices that cannot reach a buffer, or see RAM at an offset. A second
 * ioctl registers a dma-buf with the TEE through the kernel-internal entry
 * tee_shm_register_dmabuf() and reports the resulting shm.
 *
 * One ioctl at a time (a mutex): the device's view is changed per call.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dma-buf.h>
#include <linux/dma-direct.h>
#include <linux/dma-mapping.h>
#include <linux/fs.h>
#include <linux/limits.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <linux/restricted_heap.h>
#include <linux/tee_drv.h>
#include <linux/uaccess.h>

#include "sdp_reach.h"

static struct platform_device *reach_pdev;
static DEFINE_MUTEX(reach_lock);
/* A one-region map and its terminator: all of memory, shifted. */
static struct bus_dma_region reach_map[2];

static void reach_try(struct device *dev, struct dma_buf *dmabuf,
		      struct sdp_reach_attach *a)
{
	struct dma_buf_attachment *att;
	struct sg_table *sgt;
	phys_addr_t paddr;
	size_t size;

	a->range_err = restricted_heap_buffer_range(dmabuf, &paddr, &size);
	if (!a->range_err) {
		a->paddr = paddr;
		a->size = size;
	}

	a->map_err = -ENOEXEC;
	att = dma_buf_attach(dmabuf, dev);
	if (IS_ERR(att)) {
		a->attach_err = PTR_ERR(att);
		return;
	}
	sgt = dma_buf_map_attachment_unlocked(att, DMA_BIDIRECTIONAL);
	if (IS_ERR(sgt)) {
		a->map_err = PTR_ERR(sgt);
	} else {
		a->map_err = 0;
		a->nents = sgt->nents;
		a->dma_addr = sg_dma_address(sgt->sgl);
		a->dma_len = sg_dma_len(sgt->sgl);
		dma_buf_unmap_attachment_unlocked(att, sgt, DMA_BIDIRECTIONAL);
	}
	dma_buf_detach(dmabuf, att);
}

static int reach_any_tee(struct tee_ioctl_version_data *ver, const void *data)
{
	return 1;
}

static long reach_tee_register(unsigned long arg)
{
	struct tee_context *ctx;
	struct sdp_reach_tee t;
	struct dma_buf *dmabuf;
	struct tee_shm *shm;
	phys_addr_t pa;
	int ret = 0;

	if (copy_from_user(&t, (void __user *)arg, sizeof(t)))
		return -EFAULT;
	dmabuf = dma_buf_get(t.fd);
	if (IS_ERR(dmabuf))
		return PTR_ERR(dmabuf);
	ctx = tee_client_open_context(NULL, reach_any_tee, NULL, NULL);
	if (IS_ERR(ctx)) {
		ret = -ENODEV;
		goto put;
	}
	shm = tee_shm_register_dmabuf(ctx, dmabuf);
	t.err = PTR_ERR_OR_ZERO(shm);
	if (!t.err) {
		ret = tee_shm_get_pa(shm, 0, &pa);
		t.paddr = pa;
		t.size = shm->size;
		tee_shm_free(shm);
	}
	tee_client_close_context(ctx);
	if (!ret && copy_to_user((void __user *)arg, &t, sizeof(t)))
		ret = -EFAULT;
put:
	dma_buf_put(dmabuf);
	return ret;
}

static long reach_ioctl(struct file *file, unsigned int cmd,
			unsigned long arg)
{
	struct device *dev = &reach_pdev->dev;
	struct sdp_reach_attach a;
	struct dma_buf *dmabuf;
	int ret;

	if (cmd == SDP_REACH_TEE_REGISTER)
		return reach_tee_register(arg);
	if (cmd != SDP_REACH_ATTACH)
		return -ENOTTY;
	if (copy_from_user(&a, (void __user *)arg, sizeof(a)))
		return -EFAULT;
	if (!a.limit_bits || a.limit_bits > 64)
		return -EINVAL;

	dmabuf = dma_buf_get(a.fd);
	if (IS_ERR(dmabuf))
		return PTR_ERR(dmabuf);

	mutex_lock(&reach_lock);
	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64));
	if (!ret) {
		dev->bus_dma_limit = a.limit_bits < 64 ?
				     DMA_BIT_MASK(a.limit_bits) : 0;
		reach_map[0].cpu_start = 0;
		reach_map[0].dma_start = a.dma_offset;
		reach_map[0].size = U64_MAX - a.dma_offset;
		dev->dma_range_map = a.dma_offset ? reach_map : NULL;
		reach_try(dev, dmabuf, &a);
		dev->dma_range_map = NULL;
		dev->bus_dma_limit = 0;
	}
	mutex_unlock(&reach_lock);
	dma_buf_put(dmabuf);
	if (ret)
		return ret;

	return copy_to_user((void __user *)arg, &a, sizeof(a)) ? -EFAULT : 0;
}

static const struct file_operations reach_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = reach_ioctl,
};

static struct miscdevice reach_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "sdp_reach",
	.fops = &reach_fops,
	.mode = 0600,
};

static int __init reach_init(void)
{
	int ret;

	reach_pdev = platform_device_register_simple("sdp_reach", -1, NULL, 0);
	if (IS_ERR(reach_pdev))
		return PTR_ERR(reach_pdev);

	ret = misc_register(&reach_misc);
	if (ret)
		platform_device_unregister(reach_pdev);
	return ret;
}
module_init(reach_init);

static void __exit reach_exit(void)
{
	misc_deregister(&reach_misc);
	platform_device_unregister(reach_pdev);
}
module_exit(reach_exit);

MODULE_DESCRIPTION("Test only: attach dma-bufs to a device of chosen DMA reach");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(DMA_BUF);

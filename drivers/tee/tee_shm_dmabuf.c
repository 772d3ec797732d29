// SPDX-License-Identifier: GPL-2.0-only
/*
 * TEE shared memory from a dma-buf: TEE_IOC_SHM_REGISTER_FD
 *
 * A client may hold a buffer only as a dma-buf file descriptor: one from a
 * restricted heap, whose memory the normal-world CPU never touches and a
 * secure world is handed by physical address. Registering such a dma-buf
 * makes a tee_shm with that physical address, no pages and no kernel
 * mapping, not TEE_SHM_DYNAMIC: TEE drivers hand it over by physical
 * address (OP-TEE: as a temporary memref).
 *
 * Only restricted-heap buffers are accepted, and only by TEE drivers that
 * can pass such a range (TEE_DESC_SHM_PADDR). The range comes from the
 * heap itself; the dma-buf is neither attached nor mapped. A DMA mapping
 * for the TEE class device would be wrong twice over: its DMA address is
 * not the physical address the secure world needs (swiotlb, DMA offsets,
 * IOMMUs), and mapping other exporters' memory for a non-coherent device
 * performs cache maintenance on buffers the caller may be writing. The
 * meaning matches upstream's later use of the same ioctl (dma-bufs of the
 * TEE's own protected heaps only), which this carveout heap stands in for.
 *
 * Nothing here gives the CPU access to the buffer: the tee_shm file refuses
 * mmap and tee_shm_get_va() finds no kernel address. The dma-buf reference
 * lasts as long as the tee_shm, so the client may close the dma-buf file
 * descriptor right after registering it.
 */

#include <linux/dma-buf.h>
#include <linux/err.h>
#include <linux/idr.h>
#include <linux/limits.h>
#include <linux/module.h>
#include <linux/restricted_heap.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/tee_core.h>
#include <linux/uaccess.h>

#include "tee_private.h"

/**
 * struct tee_shm_dmabuf - shared memory made from a dma-buf
 * @shm:	the shared memory object
 * @dmabuf:	the registered dma-buf, referenced
 */
struct tee_shm_dmabuf {
	struct tee_shm shm;
	struct dma_buf *dmabuf;
};

/* tee_shm_release() frees the whole structure with kfree(shm). */
static_assert(offsetof(struct tee_shm_dmabuf, shm) == 0);

static struct tee_shm *tee_shm_register_dmabuf(struct tee_context *ctx,
					       int fd)
{
	struct tee_device *teedev = ctx->teedev;
	struct tee_shm_dmabuf *sd;
	phys_addr_t paddr;
	size_t size;
	int rc;

	/* Only a driver that can pass a bare physical range takes these. */
	if (!(teedev->desc->flags & TEE_DESC_SHM_PADDR))
		return ERR_PTR(-EOPNOTSUPP);

	/* The device is going away: its driver is unbinding. */
	if (!tee_device_get(teedev))
		return ERR_PTR(-ENODEV);

	teedev_ctx_get(ctx);

	sd = kzalloc(sizeof(*sd), GFP_KERNEL);
	if (!sd) {
		rc = -ENOMEM;
		goto err_ctx_put;
	}

	/* -EBADF if @fd is not open, -EINVAL if it is not a dma-buf */
	sd->dmabuf = dma_buf_get(fd);
	if (IS_ERR(sd->dmabuf)) {
		rc = PTR_ERR(sd->dmabuf);
		goto err_free;
	}

	/* -EINVAL if no restricted heap exported it */
	rc = restricted_heap_buffer_range(sd->dmabuf, &paddr, &size);
	if (rc) {
		dev_dbg(&teedev->dev, "dma-buf from %s: not a restricted heap buffer\n",
			sd->dmabuf->exp_name);
		goto err_put_dmabuf;
	}

	refcount_set(&sd->shm.refcount, 1);
	sd->shm.ctx = ctx;
	sd->shm.flags = TEE_SHM_DMA_BUF;
	sd->shm.paddr = paddr;
	sd->shm.size = size;

	mutex_lock(&teedev->mutex);
	sd->shm.id = idr_alloc(&teedev->idr, &sd->shm, 1, 0, GFP_KERNEL);
	mutex_unlock(&teedev->mutex);
	if (sd->shm.id < 0) {
		rc = sd->shm.id;
		goto err_put_dmabuf;
	}

	return &sd->shm;

err_put_dmabuf:
	dma_buf_put(sd->dmabuf);
err_free:
	kfree(sd);
err_ctx_put:
	teedev_ctx_put(ctx);
	tee_device_put(teedev);
	return ERR_PTR(rc);
}

/**
 * tee_shm_dmabuf_release() - release the dma-buf of a TEE_SHM_DMA_BUF shm
 * @shm:	shared memory whose last reference is gone
 *
 * Puts the dma-buf. The caller, tee_shm_release(), then drops the context
 * and device references and frees @shm.
 */
void tee_shm_dmabuf_release(struct tee_shm *shm)
{
	struct tee_shm_dmabuf *sd = container_of(shm, struct tee_shm_dmabuf,
						 shm);

	dma_buf_put(sd->dmabuf);
}

/**
 * tee_ioctl_shm_register_fd() - handle TEE_IOC_SHM_REGISTER_FD
 * @ctx:	context of the calling file
 * @udata:	the ioctl argument
 *
 * Return: a new file descriptor for the shared memory, or a negative errno:
 * -EINVAL for nonzero flags, a file that is not a dma-buf or a dma-buf
 * that no restricted heap exported; -EBADF for a descriptor that is not
 * open; -EOPNOTSUPP if the TEE driver cannot pass such buffers.
 */
int tee_ioctl_shm_register_fd(struct tee_context *ctx,
			      struct tee_ioctl_shm_register_fd_data __user *udata)
{
	struct tee_ioctl_shm_register_fd_data data;
	struct tee_shm *shm;
	int ret;

	if (copy_from_user(&data, udata, sizeof(data)))
		return -EFAULT;

	/* No flags are defined yet */
	if (data.flags)
		return -EINVAL;

	/* The ABI carries the descriptor in 64 bits; descriptors are ints. */
	if (data.fd < 0 || data.fd > INT_MAX)
		return -EBADF;

	shm = tee_shm_register_dmabuf(ctx, data.fd);
	if (IS_ERR(shm))
		return PTR_ERR(shm);

	data.id = shm->id;
	data.size = shm->size;

	if (copy_to_user(udata, &data, sizeof(data)))
		ret = -EFAULT;
	else
		ret = tee_shm_get_fd(shm);

	/*
	 * The file from tee_shm_get_fd() holds its own reference; without
	 * one, this put frees the shared memory at once.
	 */
	tee_shm_put(shm);
	return ret;
}

MODULE_IMPORT_NS(DMA_BUF);

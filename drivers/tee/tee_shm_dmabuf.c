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
 * descriptor right after registering it. Kernel drivers that hand
 * restricted buffers to a TA (a V4L2 decoder, say) use the same code
 * through tee_shm_register_dmabuf().
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
#include <linux/tee_drv.h>
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

/*
 * Make a tee_shm of @dmabuf, referencing it. @user: the shm gets an id
 * (user space finds it by that id through its file descriptor); kernel
 * clients hold the pointer and need none, as with kernel buffers.
 */
static struct tee_shm *__tee_shm_register_dmabuf(struct tee_context *ctx,
						 struct dma_buf *dmabuf,
						 bool user)
{
	struct tee_device *teedev = ctx->teedev;
	struct tee_shm_dmabuf *sd;
	phys_addr_t paddr;
	size_t size;
	int rc;

	/* Only a driver that can pass a bare physical range takes these. */
	if (!(teedev->desc->flags & TEE_DESC_SHM_PADDR))
		return ERR_PTR(-EOPNOTSUPP);

	/* -EINVAL if no restricted heap exported it */
	rc = restricted_heap_buffer_range(dmabuf, &paddr, &size);
	if (rc) {
		dev_dbg(&teedev->dev, "dma-buf from %s: not a restricted heap buffer\n",
			dmabuf->exp_name);
		return ERR_PTR(rc);
	}

	/* The device is going away: its driver is unbinding. */
	if (!tee_device_get(teedev))
		return ERR_PTR(-ENODEV);

	teedev_ctx_get(ctx);

	sd = kzalloc(sizeof(*sd), GFP_KERNEL);
	if (!sd) {
		rc = -ENOMEM;
		goto err_ctx_put;
	}

	get_dma_buf(dmabuf);
	sd->dmabuf = dmabuf;
	refcount_set(&sd->shm.refcount, 1);
	sd->shm.ctx = ctx;
	sd->shm.flags = TEE_SHM_DMA_BUF;
	sd->shm.paddr = paddr;
	sd->shm.size = size;
	sd->shm.id = -1;

	if (user) {
		mutex_lock(&teedev->mutex);
		sd->shm.id = idr_alloc(&teedev->idr, &sd->shm, 1, 0,
				       GFP_KERNEL);
		mutex_unlock(&teedev->mutex);
		if (sd->shm.id < 0) {
			rc = sd->shm.id;
			goto err_put_dmabuf;
		}
	}

	return &sd->shm;

err_put_dmabuf:
	dma_buf_put(dmabuf);
	kfree(sd);
err_ctx_put:
	teedev_ctx_put(ctx);
	tee_device_put(teedev);
	return ERR_PTR(rc);
}

/**
 * tee_shm_register_dmabuf() - share a restricted dma-buf with the TEE
 * @ctx:	the TEE context of a kernel client
 * @dmabuf:	a dma-buf exported by a restricted heap
 *
 * The kernel-internal entry of TEE_IOC_SHM_REGISTER_FD, for drivers that
 * hand restricted buffers to a Trusted Application (a memref parameter
 * with this shm reaches the TA by physical address). The shm takes its
 * own reference to @dmabuf; release both with tee_shm_free().
 *
 * Return: the shared memory, or an ERR_PTR: -EINVAL if no restricted heap
 * exported @dmabuf, -EOPNOTSUPP if the TEE driver cannot pass such a
 * buffer, -ENODEV if the TEE device is going away, -ENOMEM.
 */
struct tee_shm *tee_shm_register_dmabuf(struct tee_context *ctx,
					struct dma_buf *dmabuf)
{
	return __tee_shm_register_dmabuf(ctx, dmabuf, false);
}
EXPORT_SYMBOL_GPL(tee_shm_register_dmabuf);

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
	struct dma_buf *dmabuf;
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

	/* -EBADF if @fd is not open, -EINVAL if it is not a dma-buf */
	dmabuf = dma_buf_get(data.fd);
	if (IS_ERR(dmabuf))
		return PTR_ERR(dmabuf);
	shm = __tee_shm_register_dmabuf(ctx, dmabuf, true);
	dma_buf_put(dmabuf);
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

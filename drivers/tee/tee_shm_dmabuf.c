// SPDX-License-Identifier: GPL-2.0-only
/*
 * TEE shared memory from a dma-buf: TEE_IOC_SHM_REGISTER_FD
 *
 * A client may hold a buffer only as a dma-buf file descriptor, typically
 * one from a restricted heap whose memory the normal-world CPU never
 * touches. Registering it attaches the dma-buf to the TEE device and maps it
 * there. The TEE device reaches memory through dma-direct, without an
 * IOMMU, so the DMA address of the mapping is the physical address of the
 * buffer; the mapping must be a single DMA segment, i.e. the buffer must be
 * physically contiguous. The resulting tee_shm has that physical address,
 * no pages and no kernel mapping, and is not TEE_SHM_DYNAMIC: TEE drivers
 * hand it over by physical address (OP-TEE: as a temporary memref).
 *
 * Nothing here gives the CPU access to the buffer: the tee_shm file refuses
 * mmap and tee_shm_get_va() finds no kernel address. The dma-buf reference,
 * attachment and mapping last as long as the tee_shm, so the client may
 * close the dma-buf file descriptor right after registering it.
 */

#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/idr.h>
#include <linux/limits.h>
#include <linux/module.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/tee_core.h>
#include <linux/uaccess.h>

#include "tee_private.h"

/**
 * struct tee_shm_dmabuf - shared memory made from a dma-buf
 * @shm:	the shared memory object
 * @dmabuf:	the registered dma-buf, referenced
 * @attach:	attachment of @dmabuf to the TEE device
 * @sgt:	mapping of @attach for the TEE device: one DMA segment
 */
struct tee_shm_dmabuf {
	struct tee_shm shm;
	struct dma_buf *dmabuf;
	struct dma_buf_attachment *attach;
	struct sg_table *sgt;
};

/* tee_shm_release() frees the whole structure with kfree(shm). */
static_assert(offsetof(struct tee_shm_dmabuf, shm) == 0);

static struct tee_shm *tee_shm_register_dmabuf(struct tee_context *ctx,
					       int fd)
{
	struct tee_device *teedev = ctx->teedev;
	struct tee_shm_dmabuf *sd;
	struct sg_table *sgt;
	int rc;

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

	sd->attach = dma_buf_attach(sd->dmabuf, &teedev->dev);
	if (IS_ERR(sd->attach)) {
		rc = PTR_ERR(sd->attach);
		goto err_put_dmabuf;
	}

	sgt = dma_buf_map_attachment_unlocked(sd->attach, DMA_BIDIRECTIONAL);
	if (IS_ERR(sgt)) {
		rc = PTR_ERR(sgt);
		goto err_detach;
	}
	sd->sgt = sgt;

	if (sgt->nents != 1 || sg_dma_len(sgt->sgl) < sd->dmabuf->size) {
		dev_dbg(&teedev->dev,
			"dma-buf from %s: %u DMA segments, not one contiguous range\n",
			sd->dmabuf->exp_name, sgt->nents);
		rc = -EINVAL;
		goto err_unmap;
	}

	refcount_set(&sd->shm.refcount, 1);
	sd->shm.ctx = ctx;
	sd->shm.flags = TEE_SHM_DMA_BUF;
	sd->shm.paddr = sg_dma_address(sgt->sgl);
	sd->shm.size = sd->dmabuf->size;

	mutex_lock(&teedev->mutex);
	sd->shm.id = idr_alloc(&teedev->idr, &sd->shm, 1, 0, GFP_KERNEL);
	mutex_unlock(&teedev->mutex);
	if (sd->shm.id < 0) {
		rc = sd->shm.id;
		goto err_unmap;
	}

	return &sd->shm;

err_unmap:
	dma_buf_unmap_attachment_unlocked(sd->attach, sgt, DMA_BIDIRECTIONAL);
err_detach:
	dma_buf_detach(sd->dmabuf, sd->attach);
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
 * Unmaps, detaches and puts the dma-buf. The caller, tee_shm_release(),
 * then drops the context and device references and frees @shm.
 */
void tee_shm_dmabuf_release(struct tee_shm *shm)
{
	struct tee_shm_dmabuf *sd = container_of(shm, struct tee_shm_dmabuf,
						 shm);

	dma_buf_unmap_attachment_unlocked(sd->attach, sd->sgt,
					  DMA_BIDIRECTIONAL);
	dma_buf_detach(sd->dmabuf, sd->attach);
	dma_buf_put(sd->dmabuf);
}

/**
 * tee_ioctl_shm_register_fd() - handle TEE_IOC_SHM_REGISTER_FD
 * @ctx:	context of the calling file
 * @udata:	the ioctl argument
 *
 * Return: a new file descriptor for the shared memory, or a negative errno:
 * -EINVAL for nonzero flags, a file that is not a dma-buf or a buffer that
 * is not one contiguous DMA range; -EBADF for a descriptor that is not open;
 * the exporter's error if it refuses the attachment or the mapping.
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

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GstSdpRestrictedAllocator: dma-buf memory from a restricted dma-buf heap
 * (/dev/dma_heap/<heap>, Documentation/userspace-api/dma-buf-restricted-heap.rst).
 *
 * Its memories are GstDmaBufAllocator memories (gst_is_dmabuf_memory() is
 * true, gst_dmabuf_memory_get_fd() gives the buffer's dma-buf), so importers
 * such as v4l2 elements in dmabuf-import mode take them as they are. They
 * are flagged GST_MEMORY_FLAG_NOT_MAPPABLE, and mapping them fails cleanly:
 * gst_memory_map() returns FALSE with one debug line, without trying mmap
 * (which the heap refuses with EPERM) or DMA_BUF_IOCTL_SYNC. A copy, which
 * maps, fails the same way.
 */
#ifndef GST_SDP_ALLOCATOR_H
#define GST_SDP_ALLOCATOR_H

#include <gst/allocators/allocators.h>

G_BEGIN_DECLS

#define GST_TYPE_SDP_RESTRICTED_ALLOCATOR \
	(gst_sdp_restricted_allocator_get_type())
G_DECLARE_FINAL_TYPE(GstSdpRestrictedAllocator, gst_sdp_restricted_allocator,
		     GST, SDP_RESTRICTED_ALLOCATOR, GstDmaBufAllocator)

/*
 * An allocator on /dev/dma_heap/@heap (opened here: NULL and @error if it
 * cannot be). gst_allocator_alloc() on it gives one memory per dma-buf,
 * offset 0, or NULL (the errno then is in _get_alloc_errno()).
 */
GstAllocator *gst_sdp_restricted_allocator_new(const gchar *heap,
					       GError **error);

/* The errno of the allocator's last failed allocation, 0 if none failed. */
gint gst_sdp_restricted_allocator_get_alloc_errno(GstSdpRestrictedAllocator *self);

G_END_DECLS

#endif /* GST_SDP_ALLOCATOR_H */

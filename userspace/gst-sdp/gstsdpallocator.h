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
 *
 * Each refused map is also signalled ("map-refused", with the GstMemory, in
 * the thread that tried): some CPU elements carry on after a failed map as
 * if the buffer were empty (GStreamer 1.22's filesink writes nothing and
 * reports success), so the element that owns the memory can say it.
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

/*
 * The same for @element's start: NULL after an error message of @element
 * naming the heap.
 */
GstAllocator *gst_sdp_restricted_allocator_open(GstElement *element,
						const gchar *heap);

/*
 * @element's answer to the ALLOCATION @query: @pool alone (with the pool
 * @option unless NULL), @min buffers of @size bytes of this allocator's
 * memory allocated now, no upper bound (the heap is the bound). FALSE
 * after an error message of @element (a full heap: see _post_error()).
 */
gboolean gst_sdp_restricted_allocator_decide(GstSdpRestrictedAllocator *self,
					     GstElement *element,
					     GstQuery *query,
					     GstBufferPool *pool,
					     const gchar *option, guint size,
					     guint min, const gchar *hint);

/* The errno of the allocator's last failed allocation, 0 if none failed. */
gint gst_sdp_restricted_allocator_get_alloc_errno(GstSdpRestrictedAllocator *self);

/*
 * Post on @element the error of a failed allocation of @count buffers of
 * @size bytes from the allocator's heap, naming the heap and the errno of
 * the failure; @hint (what to look at) goes into the debug text.
 */
void gst_sdp_restricted_allocator_post_error(GstSdpRestrictedAllocator *self,
					     GstElement *element, guint count,
					     gsize size, const gchar *hint);

G_END_DECLS

#endif /* GST_SDP_ALLOCATOR_H */

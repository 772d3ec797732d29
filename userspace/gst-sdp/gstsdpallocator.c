// SPDX-License-Identifier: GPL-2.0
/*
 * GstSdpRestrictedAllocator: dma-buf memory from a restricted heap, which
 * the CPU cannot map (see gstsdpallocator.h), allocated with libsdp's
 * sdp_heap.h.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "gstsdpallocator.h"
#include "sdp_heap.h"

GST_DEBUG_CATEGORY_STATIC(gst_sdp_allocator_debug);
#define GST_CAT_DEFAULT gst_sdp_allocator_debug

struct _GstSdpRestrictedAllocator {
	GstDmaBufAllocator parent;

	gchar *heap;
	gint heap_fd;
	gint alloc_errno;
};

enum {
	PROP_0,
	PROP_HEAP,
};

enum {
	SIGNAL_MAP_REFUSED,
	N_SIGNALS,
};

static guint signals[N_SIGNALS];

G_DEFINE_TYPE_WITH_CODE(GstSdpRestrictedAllocator, gst_sdp_restricted_allocator,
			GST_TYPE_DMABUF_ALLOCATOR,
			GST_DEBUG_CATEGORY_INIT(gst_sdp_allocator_debug,
						"sdpallocator", 0,
						"restricted dma-buf heap memory"))

static GstMemory *gst_sdp_restricted_allocator_alloc(GstAllocator *allocator,
						     gsize size,
						     GstAllocationParams *params)
{
	GstSdpRestrictedAllocator *self =
		GST_SDP_RESTRICTED_ALLOCATOR(allocator);
	gsize extra = params->prefix + params->padding;
	char msg[SDP_HEAP_MSG_SIZE];
	GstMemory *mem;
	int fd;

	if (extra < params->prefix || size + extra < size) {
		g_atomic_int_set(&self->alloc_errno, EOVERFLOW);
		return NULL;
	}
	fd = sdp_heap_alloc_fd(self->heap_fd, size + extra);
	if (fd < 0) {
		g_atomic_int_set(&self->alloc_errno, -fd);
		GST_WARNING_OBJECT(self, "%s",
				   sdp_heap_alloc_error(msg, sizeof(msg),
							self->heap,
							size + extra, fd));
		return NULL;
	}

	mem = gst_fd_allocator_alloc(allocator, fd, size + extra,
				     GST_FD_MEMORY_FLAG_NONE);
	if (!mem) {
		close(fd);
		g_atomic_int_set(&self->alloc_errno, ENOMEM);
		return NULL;
	}
	GST_MINI_OBJECT_FLAG_SET(mem, GST_MEMORY_FLAG_NOT_MAPPABLE);
	if (extra)
		gst_memory_resize(mem, params->prefix, size);
	GST_DEBUG_OBJECT(self, "dma-buf fd %d: %zu bytes of %s", fd,
			 size + extra, self->heap);
	return mem;
}

/*
 * The CPU has no access to restricted memory: refuse every map here, where
 * GstFdAllocator would try mmap (EPERM, logged as an error) first.
 */
static gpointer gst_sdp_restricted_mem_map(GstMemory *mem, GstMapInfo *info,
					   gsize maxsize G_GNUC_UNUSED)
{
	GST_DEBUG_OBJECT(mem->allocator,
			 "memory %p is restricted: no %s%s CPU mapping", mem,
			 info->flags & GST_MAP_READ ? "read" : "",
			 info->flags & GST_MAP_WRITE ? "write" : "");
	g_signal_emit(mem->allocator, signals[SIGNAL_MAP_REFUSED], 0, mem);
	return NULL;
}

static void gst_sdp_restricted_mem_unmap(GstMemory *mem G_GNUC_UNUSED,
					 GstMapInfo *info G_GNUC_UNUSED)
{
}

static void gst_sdp_restricted_allocator_set_property(GObject *object,
						      guint prop_id,
						      const GValue *value,
						      GParamSpec *pspec)
{
	GstSdpRestrictedAllocator *self = GST_SDP_RESTRICTED_ALLOCATOR(object);

	switch (prop_id) {
	case PROP_HEAP:
		g_free(self->heap);
		self->heap = g_value_dup_string(value);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
		break;
	}
}

static void gst_sdp_restricted_allocator_get_property(GObject *object,
						      guint prop_id,
						      GValue *value,
						      GParamSpec *pspec)
{
	GstSdpRestrictedAllocator *self = GST_SDP_RESTRICTED_ALLOCATOR(object);

	switch (prop_id) {
	case PROP_HEAP:
		g_value_set_string(value, self->heap);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
		break;
	}
}

static void gst_sdp_restricted_allocator_finalize(GObject *object)
{
	GstSdpRestrictedAllocator *self = GST_SDP_RESTRICTED_ALLOCATOR(object);

	if (self->heap_fd >= 0)
		close(self->heap_fd);
	g_free(self->heap);
	G_OBJECT_CLASS(gst_sdp_restricted_allocator_parent_class)->finalize(object);
}

static void
gst_sdp_restricted_allocator_class_init(GstSdpRestrictedAllocatorClass *klass)
{
	GObjectClass *gobject_class = G_OBJECT_CLASS(klass);
	GstAllocatorClass *allocator_class = GST_ALLOCATOR_CLASS(klass);

	gobject_class->set_property = gst_sdp_restricted_allocator_set_property;
	gobject_class->get_property = gst_sdp_restricted_allocator_get_property;
	gobject_class->finalize = gst_sdp_restricted_allocator_finalize;
	allocator_class->alloc = gst_sdp_restricted_allocator_alloc;

	g_object_class_install_property(gobject_class, PROP_HEAP,
		g_param_spec_string("heap", "Heap",
				    "Name of the restricted dma-buf heap (/dev/dma_heap/<heap>)",
				    NULL,
				    G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
				    G_PARAM_STATIC_STRINGS));

	/* void (*)(GstSdpRestrictedAllocator *, GstMemory *, gpointer) */
	signals[SIGNAL_MAP_REFUSED] = g_signal_new("map-refused",
		G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
		NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void gst_sdp_restricted_allocator_init(GstSdpRestrictedAllocator *self)
{
	GstAllocator *allocator = GST_ALLOCATOR_CAST(self);

	self->heap_fd = -1;
	/* after GstDmaBufAllocator's: the CPU never maps this memory */
	allocator->mem_map_full = gst_sdp_restricted_mem_map;
	allocator->mem_unmap_full = gst_sdp_restricted_mem_unmap;
}

GstAllocator *gst_sdp_restricted_allocator_new(const gchar *heap,
					       GError **error)
{
	GstSdpRestrictedAllocator *self;
	char msg[SDP_HEAP_MSG_SIZE];

	if (!heap || !*heap || strchr(heap, '/') || !strcmp(heap, ".") ||
	    !strcmp(heap, "..")) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
			    "'%s' is not the name of a dma-buf heap",
			    heap ? heap : "(null)");
		return NULL;
	}

	self = g_object_new(GST_TYPE_SDP_RESTRICTED_ALLOCATOR, "heap", heap,
			    NULL);
	gst_object_ref_sink(self);

	self->heap_fd = sdp_heap_open(heap);
	if (self->heap_fd < 0) {
		g_set_error_literal(error, G_FILE_ERROR,
				    g_file_error_from_errno(-self->heap_fd),
				    sdp_heap_open_error(msg, sizeof(msg), heap,
							self->heap_fd));
		gst_object_unref(self);
		return NULL;
	}
	GST_DEBUG_OBJECT(self, "allocating from " SDP_HEAP_DIR "%s", heap);
	return GST_ALLOCATOR_CAST(self);
}

GstAllocator *gst_sdp_restricted_allocator_open(GstElement *element,
						const gchar *heap)
{
	GError *error = NULL;
	GstAllocator *allocator;

	allocator = gst_sdp_restricted_allocator_new(heap, &error);
	if (!allocator) {
		GST_ELEMENT_ERROR(element, RESOURCE, OPEN_READ_WRITE,
				  ("Cannot open the restricted heap '%s'", heap),
				  ("%s", error->message));
		g_error_free(error);
	}
	return allocator;
}

gboolean gst_sdp_restricted_allocator_decide(GstSdpRestrictedAllocator *self,
					     GstElement *element,
					     GstQuery *query,
					     GstBufferPool *pool,
					     const gchar *option, guint size,
					     guint min, const gchar *hint)
{
	GstAllocationParams params;
	GstStructure *config;
	GstCaps *caps;

	gst_query_parse_allocation(query, &caps, NULL);
	gst_allocation_params_init(&params);
	config = gst_buffer_pool_get_config(pool);
	gst_buffer_pool_config_set_params(config, caps, size, min, 0);
	gst_buffer_pool_config_set_allocator(config, GST_ALLOCATOR(self),
					     &params);
	if (option)
		gst_buffer_pool_config_add_option(config, option);
	if (!gst_buffer_pool_set_config(pool, config)) {
		GST_ELEMENT_ERROR(element, RESOURCE, SETTINGS,
				  ("Cannot configure the pool of restricted buffers"),
				  ("%u buffers of %u bytes, caps %" GST_PTR_FORMAT,
				   min, size, caps));
		return FALSE;
	}
	/* allocate them now: a full heap is an error to report clearly */
	if (!gst_buffer_pool_set_active(pool, TRUE)) {
		gst_sdp_restricted_allocator_post_error(self, element, min,
							size, hint);
		return FALSE;
	}

	while (gst_query_get_n_allocation_pools(query))
		gst_query_remove_nth_allocation_pool(query, 0);
	while (gst_query_get_n_allocation_params(query))
		gst_query_remove_nth_allocation_param(query, 0);
	gst_query_add_allocation_pool(query, pool, size, min, 0);
	gst_query_add_allocation_param(query, GST_ALLOCATOR(self), &params);
	GST_DEBUG_OBJECT(element, "%u restricted buffers of %u bytes from %s",
			 min, size, self->heap);
	return TRUE;
}

gint gst_sdp_restricted_allocator_get_alloc_errno(GstSdpRestrictedAllocator *self)
{
	return g_atomic_int_get(&self->alloc_errno);
}

void gst_sdp_restricted_allocator_post_error(GstSdpRestrictedAllocator *self,
					     GstElement *element, guint count,
					     gsize size, const gchar *hint)
{
	gint err = gst_sdp_restricted_allocator_get_alloc_errno(self);
	const gchar *why = err ? g_strerror(err) : "allocation failed";

	if (count == 1)
		GST_ELEMENT_ERROR(element, RESOURCE, NO_SPACE_LEFT,
				  ("Cannot allocate a restricted buffer of %zu bytes from heap '%s': %s",
				   size, self->heap, why),
				  ("DMA_HEAP_IOCTL_ALLOC on " SDP_HEAP_DIR "%s; %s",
				   self->heap, hint));
	else
		GST_ELEMENT_ERROR(element, RESOURCE, NO_SPACE_LEFT,
				  ("Cannot allocate %u restricted buffers of %zu bytes from heap '%s': %s",
				   count, size, self->heap, why),
				  ("DMA_HEAP_IOCTL_ALLOC on " SDP_HEAP_DIR "%s; %s",
				   self->heap, hint));
}

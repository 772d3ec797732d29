// SPDX-License-Identifier: GPL-2.0-only
/*
 * TEE JPEG decoder: a V4L2 stateful decoder whose engine is a Trusted
 * Application
 *
 * In a secure video path the secure world decrypts each compressed sample
 * into a restricted bitstream buffer, and the SoC's decoder turns it into
 * restricted frames that no normal-world CPU can read. Here the decoder is
 * itself a TA: the secure world lists its UUID in the TEE's device
 * enumeration, the TEE bus creates a device for it and this driver binds
 * to that device and offers the standard memory-to-memory stateful decoder
 * interface (Documentation/userspace-api/media/v4l/dev-decoder.rst) for
 * JPEG and Motion-JPEG into NV12.
 *
 * The driver never reads or writes buffer contents. Every buffer is shared
 * with the secure world once, when vb2 sets it up: restricted dma-bufs
 * through tee_shm_register_dmabuf() (the TA gets their physical range as
 * secure memory), any other buffer as ordinary registered shared memory
 * through tee_shm_register_kernel_buf(). The TA reads the header itself
 * (PARSE_HEADER) and reports each frame's size, so the driver learns the
 * stream's geometry without seeing it. The TA also enforces the memory
 * rule: a restricted bitstream decodes into a restricted frame only.
 *
 * A client may ask for restricted MMAP buffers with V4L2_MEMORY_FLAG_RESTRICTED;
 * they come from a restricted dma-buf heap (module parameter "heap") through
 * restricted_heap_alloc() and export as that heap's dma-bufs. The CAPTURE
 * queue allocates restricted buffers by itself once the OUTPUT queue holds
 * restricted bitstream, for clients that export CAPTURE buffers without
 * knowing the flag.
 *
 * All instances share one TEE session; the m2m core runs one job at a time
 * and each job runs in a work item, as a TA call may take a while.
 */

#include <linux/debugfs.h>
#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/module.h>
#include <linux/restricted_heap.h>
#include <linux/slab.h>
#include <linux/tee_drv.h>
#include <linux/uuid.h>
#include <linux/workqueue.h>
#include <media/media-device.h>
#include <media/v4l2-common.h>
#include <media/v4l2-ctrls.h>
#include <media/v4l2-device.h>
#include <media/v4l2-event.h>
#include <media/v4l2-ioctl.h>
#include <media/v4l2-mem2mem.h>
#include <media/videobuf2-dma-contig.h>

#define TJD_NAME		"tee-jpegdec"

/* The engine TA's protocol (the firmware's jpeg_engine_ta.h) */
#define TJD_CMD_PARSE_HEADER	0
#define TJD_CMD_DECODE		1
#define TJD_TEE_ACCESS_DENIED	0xffff0001
#define TJD_TEE_COMMUNICATION	0xffff000e
#define TJD_MAX_DIM		4096

/*
 * OUTPUT buffer sizes: at most what the engine takes from non-secure
 * memory, which bounds the size of a restricted bitstream buffer a client
 * must provide (GStreamer asks for 2 MiB, a third of a small carveout).
 */
#define TJD_OUT_SIZE_DEFAULT	SZ_1M
#define TJD_OUT_SIZE_MIN	SZ_4K
#define TJD_OUT_SIZE_MAX	SZ_1M

#define TJD_DEF_WIDTH		640
#define TJD_DEF_HEIGHT		480

static char *heap = "restricted";
module_param(heap, charp, 0444);
MODULE_PARM_DESC(heap, "restricted dma-buf heap for restricted MMAP buffers");

static struct dentry *tjd_debugfs_root;

/**
 * struct tjd_dev - one engine
 * @v4l2_dev:	the V4L2 device
 * @mdev:	its media device
 * @vfd:	the decoder's video device
 * @m2m_dev:	job scheduler shared by all instances
 * @dev:	the TEE-bus device of the engine; also the DMA device
 * @dev_mutex:	serialises ioctls and the vb2 queues of all instances
 * @tee_ctx:	TEE context
 * @session:	the engine session all instances share
 * @wq:		runs the jobs
 * @work:	the job in progress
 * @debugfs:	statistics file
 * @instances:	open instances
 * @shm:	buffers registered with the TEE now
 * @decoded:	frames decoded
 * @errors:	samples refused or corrupt
 * @source_changes:	V4L2_EVENT_SOURCE_CHANGE raised
 */
struct tjd_dev {
	struct v4l2_device v4l2_dev;
	struct media_device mdev;
	struct video_device vfd;
	struct v4l2_m2m_dev *m2m_dev;
	struct device *dev;
	struct mutex dev_mutex;	/* see above */
	struct tee_context *tee_ctx;
	u32 session;
	struct workqueue_struct *wq;
	struct work_struct work;
	struct dentry *debugfs;
	atomic_t instances;
	atomic_t shm;
	atomic_long_t decoded;
	atomic_long_t errors;
	atomic_long_t source_changes;
};

/**
 * struct tjd_ctx - one open instance
 * @fh:		file handle, with the m2m context
 * @dev:	the engine
 * @hdl:	controls
 * @out_fourcc:	OUTPUT pixel format (JPEG or MJPEG)
 * @out_width:	OUTPUT width hint
 * @out_height:	OUTPUT height hint
 * @out_size:	OUTPUT sizeimage
 * @colorspace:	OUTPUT colorimetry, the client's (V4L2_COLORSPACE_JPEG
 *		unless it set another); CAPTURE reports it
 * @xfer_func:	OUTPUT transfer function
 * @ycbcr_enc:	OUTPUT Y'CbCr encoding
 * @quantization:	OUTPUT quantization
 * @lock:	protects the fields below, shared with the job
 * @width:	CAPTURE width: the stream's once a header set it
 * @height:	CAPTURE height
 * @header_seen:	a header of the stream set @width and @height
 * @wait_capture:	a SOURCE_CHANGE is pending: decode nothing until
 *			CAPTURE is restarted
 * @restricted:	the client asked for restricted buffers (OUTPUT, CAPTURE)
 * @out_restricted:	OUTPUT buffers of restricted memory set up now
 * @out_seq:	next OUTPUT sequence number
 * @cap_seq:	next CAPTURE sequence number
 */
struct tjd_ctx {
	struct v4l2_fh fh;
	struct tjd_dev *dev;
	struct v4l2_ctrl_handler hdl;
	u32 out_fourcc;
	u32 out_width;
	u32 out_height;
	u32 out_size;
	u32 colorspace;
	u32 xfer_func;
	u32 ycbcr_enc;
	u32 quantization;
	spinlock_t lock;	/* see above */
	u32 width;
	u32 height;
	bool header_seen;
	bool wait_capture;
	bool restricted[2];
	unsigned int out_restricted;
	u32 out_seq;
	u32 cap_seq;
};

/**
 * struct tjd_buf - a vb2 buffer and its TEE shared memory
 * @m2m:	the m2m buffer (must be first)
 * @shm:	the buffer as TEE shared memory, from buf_init to buf_cleanup
 */
struct tjd_buf {
	struct v4l2_m2m_buffer m2m;
	struct tee_shm *shm;
};

/**
 * struct tjd_mem - a plane's memory: videobuf2-dma-contig's, plus what it
 * needs to be shared with the TEE
 * @dc:		the videobuf2-dma-contig buffer (allocated or imported)
 * @rdbuf:	the restricted dma-buf of the plane, or NULL
 * @owned:	@rdbuf is a restricted MMAP buffer allocated here
 */
struct tjd_mem {
	void *dc;
	struct dma_buf *rdbuf;
	bool owned;
};

static const struct vb2_mem_ops *const dc_ops = &vb2_dma_contig_memops;

static inline struct tjd_ctx *fh_to_ctx(struct v4l2_fh *fh)
{
	return container_of(fh, struct tjd_ctx, fh);
}

static inline struct tjd_ctx *file_to_ctx(struct file *file)
{
	return fh_to_ctx(file->private_data);
}

static inline struct tjd_buf *to_tjd_buf(struct vb2_buffer *vb)
{
	return container_of(to_vb2_v4l2_buffer(vb), struct tjd_buf,
			    m2m.vb);
}

static unsigned int tjd_qidx(u32 type)
{
	return V4L2_TYPE_IS_OUTPUT(type) ? 0 : 1;
}

/* The CAPTURE layout: NV12 in one plane, rows 16-byte aligned. */
static u32 tjd_stride(u32 width)
{
	return ALIGN(width, 16);
}

static u32 tjd_uv_offset(u32 width, u32 height)
{
	return tjd_stride(width) * height;
}

static u32 tjd_frame_size(u32 width, u32 height)
{
	return tjd_stride(width) * (height + DIV_ROUND_UP(height, 2));
}

static void tjd_get_size(struct tjd_ctx *ctx, u32 *width, u32 *height)
{
	spin_lock(&ctx->lock);
	*width = ctx->width;
	*height = ctx->height;
	spin_unlock(&ctx->lock);
}

/*
 * Restricted buffers for this queue: asked for, or (@alloc, CAPTURE) the
 * only kind the OUTPUT queue's bitstream can be decoded into.
 */
static bool tjd_queue_restricted(struct tjd_ctx *ctx, u32 type, bool alloc)
{
	bool restricted;

	spin_lock(&ctx->lock);
	restricted = ctx->restricted[tjd_qidx(type)];
	if (alloc && !V4L2_TYPE_IS_OUTPUT(type))
		restricted |= ctx->out_restricted > 0;
	spin_unlock(&ctx->lock);
	return restricted;
}

/* ---- memory: videobuf2-dma-contig, with restricted MMAP buffers ------- */

static void *tjd_mem_alloc(struct vb2_buffer *vb, struct device *dev,
			   unsigned long size)
{
	struct tjd_ctx *ctx = vb2_get_drv_priv(vb->vb2_queue);
	struct dma_buf *dbuf;
	struct tjd_mem *m;
	int ret;

	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return ERR_PTR(-ENOMEM);

	if (!tjd_queue_restricted(ctx, vb->vb2_queue->type, true)) {
		m->dc = dc_ops->alloc(vb, dev, size);
		if (IS_ERR_OR_NULL(m->dc)) {
			ret = m->dc ? PTR_ERR(m->dc) : -ENOMEM;
			goto free;
		}
		return m;
	}

	dbuf = restricted_heap_alloc(heap, size);
	if (IS_ERR(dbuf)) {
		ret = PTR_ERR(dbuf);
		goto free;
	}
	m->dc = dc_ops->attach_dmabuf(vb, dev, dbuf, size);
	if (IS_ERR(m->dc)) {
		ret = PTR_ERR(m->dc);
		goto put;
	}
	ret = dc_ops->map_dmabuf(m->dc);
	if (ret)
		goto detach;
	m->rdbuf = dbuf;
	m->owned = true;
	return m;

detach:
	dc_ops->detach_dmabuf(m->dc);
put:
	dma_buf_put(dbuf);
free:
	kfree(m);
	return ERR_PTR(ret);
}

static void tjd_mem_put(void *priv)
{
	struct tjd_mem *m = priv;

	if (m->owned) {
		dc_ops->unmap_dmabuf(m->dc);
		dc_ops->detach_dmabuf(m->dc);
		dma_buf_put(m->rdbuf);
	} else {
		dc_ops->put(m->dc);
	}
	kfree(m);
}

static struct dma_buf *tjd_mem_get_dmabuf(struct vb2_buffer *vb, void *priv,
					  unsigned long flags)
{
	struct tjd_mem *m = priv;

	if (m->owned) {
		get_dma_buf(m->rdbuf);
		return m->rdbuf;
	}
	return dc_ops->get_dmabuf(vb, m->dc, flags);
}

static void *tjd_mem_attach_dmabuf(struct vb2_buffer *vb, struct device *dev,
				   struct dma_buf *dbuf, unsigned long size)
{
	struct tjd_ctx *ctx = vb2_get_drv_priv(vb->vb2_queue);
	bool restricted;
	struct tjd_mem *m;
	phys_addr_t pa;
	size_t len;

	restricted = !restricted_heap_buffer_range(dbuf, &pa, &len);
	if (!restricted && tjd_queue_restricted(ctx, vb->vb2_queue->type,
						false))
		return ERR_PTR(-EACCES);

	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return ERR_PTR(-ENOMEM);
	m->dc = dc_ops->attach_dmabuf(vb, dev, dbuf, size);
	if (IS_ERR(m->dc)) {
		void *err = m->dc;

		kfree(m);
		return err;
	}
	if (restricted)
		m->rdbuf = dbuf;
	return m;
}

static void tjd_mem_detach_dmabuf(void *priv)
{
	struct tjd_mem *m = priv;

	dc_ops->detach_dmabuf(m->dc);
	kfree(m);
}

static int tjd_mem_map_dmabuf(void *priv)
{
	struct tjd_mem *m = priv;

	return dc_ops->map_dmabuf(m->dc);
}

static void tjd_mem_unmap_dmabuf(void *priv)
{
	struct tjd_mem *m = priv;

	dc_ops->unmap_dmabuf(m->dc);
}

static void tjd_mem_prepare(void *priv)
{
	struct tjd_mem *m = priv;

	dc_ops->prepare(m->dc);
}

static void tjd_mem_finish(void *priv)
{
	struct tjd_mem *m = priv;

	dc_ops->finish(m->dc);
}

/* Restricted memory has no kernel mapping, ever. */
static void *tjd_mem_vaddr(struct vb2_buffer *vb, void *priv)
{
	struct tjd_mem *m = priv;

	return m->rdbuf ? NULL : dc_ops->vaddr(vb, m->dc);
}

static void *tjd_mem_cookie(struct vb2_buffer *vb, void *priv)
{
	struct tjd_mem *m = priv;

	return dc_ops->cookie(vb, m->dc);
}

static unsigned int tjd_mem_num_users(void *priv)
{
	struct tjd_mem *m = priv;

	/* A restricted MMAP buffer cannot be mapped; exports hold the dma-buf. */
	return m->owned ? 1 : dc_ops->num_users(m->dc);
}

static int tjd_mem_mmap(void *priv, struct vm_area_struct *vma)
{
	struct tjd_mem *m = priv;

	if (m->rdbuf)
		return -EPERM;
	return dc_ops->mmap(m->dc, vma);
}

static const struct vb2_mem_ops tjd_mem_ops = {
	.alloc		= tjd_mem_alloc,
	.put		= tjd_mem_put,
	.get_dmabuf	= tjd_mem_get_dmabuf,
	.cookie		= tjd_mem_cookie,
	.vaddr		= tjd_mem_vaddr,
	.mmap		= tjd_mem_mmap,
	.prepare	= tjd_mem_prepare,
	.finish		= tjd_mem_finish,
	.attach_dmabuf	= tjd_mem_attach_dmabuf,
	.detach_dmabuf	= tjd_mem_detach_dmabuf,
	.map_dmabuf	= tjd_mem_map_dmabuf,
	.unmap_dmabuf	= tjd_mem_unmap_dmabuf,
	.num_users	= tjd_mem_num_users,
};

/*
 * Share a buffer with the TEE. A restricted dma-buf goes by physical range,
 * through the code of TEE_IOC_SHM_REGISTER_FD. Any other buffer becomes
 * ordinary registered shared memory; its kernel address only names its
 * pages to the TEE core, which pins them: nothing here dereferences it.
 */
static struct tee_shm *tjd_share(struct tjd_dev *tdev, struct vb2_buffer *vb)
{
	struct tjd_mem *m = vb->planes[0].mem_priv;
	void *va;

	if (m->rdbuf)
		return tee_shm_register_dmabuf(tdev->tee_ctx, m->rdbuf);

	va = dc_ops->vaddr(vb, m->dc);
	if (!va)
		return ERR_PTR(-ENOMEM);
	return tee_shm_register_kernel_buf(tdev->tee_ctx, va,
					   vb2_plane_size(vb, 0));
}

/* ---- the engine ---------------------------------------------------------- */

static void tjd_memref(struct tee_param *p, u64 attr, struct tee_shm *shm,
		       size_t size)
{
	p->attr = attr;
	p->u.memref.shm = shm;
	p->u.memref.shm_offs = 0;
	p->u.memref.size = size;
}

/* Returns the TEE result, or TEEC_ERROR_COMMUNICATION's value on a failure */
static u32 tjd_invoke(struct tjd_dev *tdev, u32 func, struct tee_param *param)
{
	struct tee_ioctl_invoke_arg arg = {
		.func = func,
		.session = tdev->session,
		.num_params = 4,
	};
	int ret;

	ret = tee_client_invoke_func(tdev->tee_ctx, &arg, param);
	if (ret) {
		dev_err_ratelimited(tdev->dev, "TA call %u failed: %d\n",
				    func, ret);
		return TJD_TEE_COMMUNICATION;
	}
	return arg.ret;
}

static u32 tjd_parse_header(struct tjd_dev *tdev, struct vb2_buffer *src,
			    u32 *width, u32 *height)
{
	struct tee_param p[4] = { };
	u32 res;

	tjd_memref(&p[0], TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT,
		   to_tjd_buf(src)->shm, vb2_get_plane_payload(src, 0));
	p[1].attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT;
	p[2].attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT;
	res = tjd_invoke(tdev, TJD_CMD_PARSE_HEADER, p);
	*width = res ? 0 : p[1].u.value.a;
	*height = res ? 0 : p[1].u.value.b;
	return res;
}

static u32 tjd_decode(struct tjd_dev *tdev, struct vb2_buffer *src,
		      struct vb2_buffer *dst, u32 width, u32 height,
		      u32 *out_width, u32 *out_height)
{
	struct tee_param p[4] = { };
	u32 res;

	tjd_memref(&p[0], TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT,
		   to_tjd_buf(src)->shm, vb2_get_plane_payload(src, 0));
	tjd_memref(&p[1], TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT,
		   to_tjd_buf(dst)->shm, tjd_frame_size(width, height));
	p[2].attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT;
	p[2].u.value.a = tjd_stride(width);
	p[2].u.value.b = tjd_uv_offset(width, height);
	p[3].attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT;
	res = tjd_invoke(tdev, TJD_CMD_DECODE, p);
	*out_width = p[3].u.value.a;
	*out_height = p[3].u.value.b;
	return res;
}

/* ---- jobs ---------------------------------------------------------------- */

static const struct v4l2_event tjd_eos_event = {
	.type = V4L2_EVENT_EOS,
};

static const struct v4l2_event tjd_source_change_event = {
	.type = V4L2_EVENT_SOURCE_CHANGE,
	.u.src_change.changes = V4L2_EVENT_SRC_CH_RESOLUTION,
};

/* A header gave the stream's size: CAPTURE takes it, the client is told. */
static void tjd_source_change(struct tjd_ctx *ctx, u32 width, u32 height,
			      bool wait)
{
	spin_lock(&ctx->lock);
	ctx->width = width;
	ctx->height = height;
	ctx->header_seen = true;
	ctx->wait_capture = wait;
	spin_unlock(&ctx->lock);
	atomic_long_inc(&ctx->dev->source_changes);
	v4l2_event_queue_fh(&ctx->fh, &tjd_source_change_event);
}

/* CAPTURE does not stream: read the header, or drop what has none. */
static void tjd_run_header(struct tjd_ctx *ctx)
{
	struct v4l2_m2m_ctx *m2m_ctx = ctx->fh.m2m_ctx;
	struct vb2_v4l2_buffer *src = v4l2_m2m_next_src_buf(m2m_ctx);
	u32 width, height;

	if (!tjd_parse_header(ctx->dev, &src->vb2_buf, &width, &height)) {
		/* The buffer stays queued: it is decoded once CAPTURE runs. */
		tjd_source_change(ctx, width, height, true);
		return;
	}

	src = v4l2_m2m_src_buf_remove(m2m_ctx);
	src->sequence = ctx->out_seq++;
	atomic_long_inc(&ctx->dev->errors);
	v4l2_m2m_buf_done(src, VB2_BUF_STATE_ERROR);
}

/* A restricted bitstream, and an ordinary CAPTURE buffer the driver chose */
static bool tjd_needs_restricted_capture(struct vb2_buffer *src,
					 struct vb2_buffer *dst)
{
	struct tjd_mem *src_mem = src->planes[0].mem_priv;
	struct tjd_mem *dst_mem = dst->planes[0].mem_priv;

	return src_mem->rdbuf && !dst_mem->rdbuf &&
	       dst->memory == V4L2_MEMORY_MMAP;
}

static void tjd_run_decode(struct tjd_ctx *ctx)
{
	struct v4l2_m2m_ctx *m2m_ctx = ctx->fh.m2m_ctx;
	struct vb2_v4l2_buffer *src = v4l2_m2m_next_src_buf(m2m_ctx);
	struct vb2_v4l2_buffer *dst = v4l2_m2m_next_dst_buf(m2m_ctx);
	enum vb2_buffer_state state = VB2_BUF_STATE_DONE;
	u32 width, height, got_width, got_height, res;
	bool reallocate;

	tjd_get_size(ctx, &width, &height);

	/*
	 * A restricted bitstream decodes into restricted frames only. If
	 * these MMAP buffers were allocated ordinary (before any bitstream
	 * came), have the client allocate them again as for a new format
	 * (the frame's, which the header gives): the new ones will be
	 * restricted. A sample without a header is corrupt, as below.
	 */
	if (tjd_needs_restricted_capture(&src->vb2_buf, &dst->vb2_buf)) {
		res = tjd_parse_header(ctx->dev, &src->vb2_buf, &got_width,
				       &got_height);
		reallocate = !res;
	} else {
		res = tjd_decode(ctx->dev, &src->vb2_buf, &dst->vb2_buf, width,
				 height, &got_width, &got_height);
		reallocate = got_width &&
			     (got_width != width || got_height != height);
	}

	if (reallocate) {
		/*
		 * The frame needs other CAPTURE buffers: end the sequence
		 * with an empty LAST buffer and decode this sample again once
		 * the client restarted CAPTURE with the new format.
		 */
		dst = v4l2_m2m_dst_buf_remove(m2m_ctx);
		vb2_set_plane_payload(&dst->vb2_buf, 0, 0);
		dst->field = V4L2_FIELD_NONE;
		dst->flags |= V4L2_BUF_FLAG_LAST;
		dst->sequence = ctx->cap_seq++;
		tjd_source_change(ctx, got_width, got_height, true);
		v4l2_m2m_buf_done(dst, VB2_BUF_STATE_DONE);
		return;
	}

	/*
	 * The stream's first header, and CAPTURE already runs at its size:
	 * nothing for the client to do, so no event (dev-decoder.rst raises
	 * SOURCE_CHANGE for a size the client did not set; a client such as
	 * GStreamer restarts CAPTURE on every such event, losing frames).
	 */
	spin_lock(&ctx->lock);
	if (got_width)
		ctx->header_seen = true;
	spin_unlock(&ctx->lock);

	src = v4l2_m2m_src_buf_remove(m2m_ctx);
	dst = v4l2_m2m_dst_buf_remove(m2m_ctx);
	v4l2_m2m_buf_copy_metadata(src, dst, true);
	src->sequence = ctx->out_seq++;
	dst->sequence = ctx->cap_seq++;
	dst->field = V4L2_FIELD_NONE;
	/*
	 * Corrupt, undecodable or refused: both come back flagged, the
	 * CAPTURE buffer with a whole frame's payload of undefined content
	 * (untouched, or partly decoded when the scan failed midway), as
	 * other decoders return a frame they could not decode. An empty
	 * CAPTURE buffer means the end of a sequence, to the spec (LAST)
	 * and to clients that take any empty buffer of an m2m decoder for
	 * the end of the stream before they look at the flags (GStreamer
	 * 1.22's v4l2 buffer pool).
	 */
	vb2_set_plane_payload(&dst->vb2_buf, 0, tjd_frame_size(width, height));
	if (res) {
		if (res == TJD_TEE_ACCESS_DENIED)
			dev_dbg(ctx->dev->dev, "restricted bitstream, ordinary frame: refused\n");
		state = VB2_BUF_STATE_ERROR;
		atomic_long_inc(&ctx->dev->errors);
	} else {
		atomic_long_inc(&ctx->dev->decoded);
	}

	if (v4l2_m2m_is_last_draining_src_buf(m2m_ctx, src)) {
		dst->flags |= V4L2_BUF_FLAG_LAST;
		v4l2_event_queue_fh(&ctx->fh, &tjd_eos_event);
		v4l2_m2m_mark_stopped(m2m_ctx);
	}
	v4l2_m2m_buf_done(src, state);
	v4l2_m2m_buf_done(dst, state);
}

static void tjd_work(struct work_struct *work)
{
	struct tjd_dev *tdev = container_of(work, struct tjd_dev, work);
	struct tjd_ctx *ctx = v4l2_m2m_get_curr_priv(tdev->m2m_dev);
	struct v4l2_m2m_ctx *m2m_ctx;

	if (!ctx)
		return;
	m2m_ctx = ctx->fh.m2m_ctx;

	if (!vb2_is_streaming(v4l2_m2m_get_dst_vq(m2m_ctx)))
		tjd_run_header(ctx);
	else if (v4l2_m2m_next_dst_buf(m2m_ctx))
		tjd_run_decode(ctx);

	v4l2_m2m_job_finish(tdev->m2m_dev, m2m_ctx);
}

static void tjd_device_run(void *priv)
{
	struct tjd_ctx *ctx = priv;

	queue_work(ctx->dev->wq, &ctx->dev->work);
}

/* Called with the m2m core's job spinlock held. */
static int tjd_job_ready(void *priv)
{
	struct tjd_ctx *ctx = priv;
	struct v4l2_m2m_ctx *m2m_ctx = ctx->fh.m2m_ctx;
	bool header_seen, wait;

	if (!v4l2_m2m_num_src_bufs_ready(m2m_ctx) ||
	    v4l2_m2m_has_stopped(m2m_ctx))
		return 0;

	spin_lock(&ctx->lock);
	header_seen = ctx->header_seen;
	wait = ctx->wait_capture;
	spin_unlock(&ctx->lock);
	if (wait)
		return 0;

	/* Without CAPTURE, only the stream's first header can be read. */
	if (!vb2_is_streaming(v4l2_m2m_get_dst_vq(m2m_ctx)))
		return !header_seen;

	return v4l2_m2m_num_dst_bufs_ready(m2m_ctx) > 0;
}

static const struct v4l2_m2m_ops tjd_m2m_ops = {
	.device_run = tjd_device_run,
	.job_ready = tjd_job_ready,
};

/* ---- vb2 queues ---------------------------------------------------------- */

static u32 tjd_queue_size(struct tjd_ctx *ctx, u32 type)
{
	u32 width, height;

	if (V4L2_TYPE_IS_OUTPUT(type))
		return ctx->out_size;
	tjd_get_size(ctx, &width, &height);
	return tjd_frame_size(width, height);
}

static int tjd_queue_setup(struct vb2_queue *vq, unsigned int *nbuffers,
			   unsigned int *nplanes, unsigned int sizes[],
			   struct device *alloc_devs[])
{
	struct tjd_ctx *ctx = vb2_get_drv_priv(vq);
	u32 size = tjd_queue_size(ctx, vq->type);

	if (*nplanes)
		return *nplanes != 1 || sizes[0] < size ? -EINVAL : 0;
	*nplanes = 1;
	sizes[0] = size;
	return 0;
}

static int tjd_buf_out_validate(struct vb2_buffer *vb)
{
	struct vb2_v4l2_buffer *vbuf = to_vb2_v4l2_buffer(vb);

	if (vbuf->field == V4L2_FIELD_ANY)
		vbuf->field = V4L2_FIELD_NONE;
	return vbuf->field == V4L2_FIELD_NONE ? 0 : -EINVAL;
}

static int tjd_buf_init(struct vb2_buffer *vb)
{
	struct tjd_ctx *ctx = vb2_get_drv_priv(vb->vb2_queue);
	struct tjd_mem *m = vb->planes[0].mem_priv;
	struct tjd_buf *buf = to_tjd_buf(vb);
	struct tee_shm *shm;

	shm = tjd_share(ctx->dev, vb);
	if (IS_ERR(shm)) {
		dev_dbg(ctx->dev->dev, "cannot share buffer %u with the TEE: %ld\n",
			vb->index, PTR_ERR(shm));
		return PTR_ERR(shm);
	}
	buf->shm = shm;
	atomic_inc(&ctx->dev->shm);

	if (V4L2_TYPE_IS_OUTPUT(vb->type) && m->rdbuf) {
		spin_lock(&ctx->lock);
		ctx->out_restricted++;
		spin_unlock(&ctx->lock);
	}
	return 0;
}

static void tjd_buf_cleanup(struct vb2_buffer *vb)
{
	struct tjd_ctx *ctx = vb2_get_drv_priv(vb->vb2_queue);
	struct tjd_mem *m = vb->planes[0].mem_priv;
	struct tjd_buf *buf = to_tjd_buf(vb);

	if (!buf->shm)
		return;
	if (V4L2_TYPE_IS_OUTPUT(vb->type) && m->rdbuf) {
		spin_lock(&ctx->lock);
		ctx->out_restricted--;
		spin_unlock(&ctx->lock);
	}
	tee_shm_free(buf->shm);
	buf->shm = NULL;
	atomic_dec(&ctx->dev->shm);
}

static int tjd_buf_prepare(struct vb2_buffer *vb)
{
	struct tjd_ctx *ctx = vb2_get_drv_priv(vb->vb2_queue);

	if (vb2_plane_size(vb, 0) < tjd_queue_size(ctx, vb->type))
		return -EINVAL;
	if (!V4L2_TYPE_IS_OUTPUT(vb->type))
		vb2_set_plane_payload(vb, 0, 0);
	return 0;
}

static void tjd_buf_queue(struct vb2_buffer *vb)
{
	struct vb2_v4l2_buffer *vbuf = to_vb2_v4l2_buffer(vb);
	struct tjd_ctx *ctx = vb2_get_drv_priv(vb->vb2_queue);
	struct v4l2_m2m_ctx *m2m_ctx = ctx->fh.m2m_ctx;

	/* Drained while no CAPTURE buffer was queued: this one is the last. */
	if (!V4L2_TYPE_IS_OUTPUT(vb->type) && vb2_is_streaming(vb->vb2_queue) &&
	    v4l2_m2m_dst_buf_is_last(m2m_ctx)) {
		vb2_set_plane_payload(vb, 0, 0);
		vbuf->field = V4L2_FIELD_NONE;
		vbuf->sequence = ctx->cap_seq++;
		v4l2_m2m_last_buffer_done(m2m_ctx, vbuf);
		v4l2_event_queue_fh(&ctx->fh, &tjd_eos_event);
		return;
	}
	v4l2_m2m_buf_queue(m2m_ctx, vbuf);
}

static int tjd_start_streaming(struct vb2_queue *q, unsigned int count)
{
	struct tjd_ctx *ctx = vb2_get_drv_priv(q);

	v4l2_m2m_update_start_streaming_state(ctx->fh.m2m_ctx, q);
	if (V4L2_TYPE_IS_OUTPUT(q->type)) {
		ctx->out_seq = 0;
	} else {
		ctx->cap_seq = 0;
		spin_lock(&ctx->lock);
		ctx->wait_capture = false;
		spin_unlock(&ctx->lock);
	}
	return 0;
}

static void tjd_stop_streaming(struct vb2_queue *q)
{
	struct tjd_ctx *ctx = vb2_get_drv_priv(q);
	struct v4l2_m2m_ctx *m2m_ctx = ctx->fh.m2m_ctx;
	struct vb2_v4l2_buffer *vbuf;

	for (;;) {
		if (V4L2_TYPE_IS_OUTPUT(q->type))
			vbuf = v4l2_m2m_src_buf_remove(m2m_ctx);
		else
			vbuf = v4l2_m2m_dst_buf_remove(m2m_ctx);
		if (!vbuf)
			break;
		v4l2_m2m_buf_done(vbuf, VB2_BUF_STATE_ERROR);
	}

	v4l2_m2m_update_stop_streaming_state(m2m_ctx, q);
	if (V4L2_TYPE_IS_OUTPUT(q->type) && v4l2_m2m_has_stopped(m2m_ctx))
		v4l2_event_queue_fh(&ctx->fh, &tjd_eos_event);
}

static const struct vb2_ops tjd_qops = {
	.queue_setup = tjd_queue_setup,
	.buf_out_validate = tjd_buf_out_validate,
	.buf_init = tjd_buf_init,
	.buf_cleanup = tjd_buf_cleanup,
	.buf_prepare = tjd_buf_prepare,
	.buf_queue = tjd_buf_queue,
	.start_streaming = tjd_start_streaming,
	.stop_streaming = tjd_stop_streaming,
	.wait_prepare = vb2_ops_wait_prepare,
	.wait_finish = vb2_ops_wait_finish,
};

static int tjd_queue_init(void *priv, struct vb2_queue *src_vq,
			  struct vb2_queue *dst_vq)
{
	struct tjd_ctx *ctx = priv;
	struct vb2_queue *qs[2] = { src_vq, dst_vq };
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(qs); i++) {
		struct vb2_queue *q = qs[i];

		q->type = i ? V4L2_BUF_TYPE_VIDEO_CAPTURE :
			      V4L2_BUF_TYPE_VIDEO_OUTPUT;
		q->io_modes = VB2_MMAP | VB2_DMABUF;
		q->drv_priv = ctx;
		q->buf_struct_size = sizeof(struct tjd_buf);
		q->ops = &tjd_qops;
		q->mem_ops = &tjd_mem_ops;
		q->timestamp_flags = V4L2_BUF_FLAG_TIMESTAMP_COPY;
		q->lock = &ctx->dev->dev_mutex;
		q->dev = ctx->dev->dev;
		ret = vb2_queue_init(q);
		if (ret)
			return ret;
	}
	return 0;
}

/* ---- ioctls -------------------------------------------------------------- */

static int tjd_querycap(struct file *file, void *priv,
			struct v4l2_capability *cap)
{
	strscpy(cap->driver, TJD_NAME, sizeof(cap->driver));
	strscpy(cap->card, "TEE JPEG decoder", sizeof(cap->card));
	strscpy(cap->bus_info, "platform:" TJD_NAME, sizeof(cap->bus_info));
	return 0;
}

static const u32 tjd_out_formats[] = { V4L2_PIX_FMT_JPEG, V4L2_PIX_FMT_MJPEG };

static int tjd_enum_fmt_out(struct file *file, void *priv,
			    struct v4l2_fmtdesc *f)
{
	if (f->index >= ARRAY_SIZE(tjd_out_formats))
		return -EINVAL;
	f->pixelformat = tjd_out_formats[f->index];
	f->flags = V4L2_FMT_FLAG_COMPRESSED | V4L2_FMT_FLAG_DYN_RESOLUTION;
	return 0;
}

static int tjd_enum_fmt_cap(struct file *file, void *priv,
			    struct v4l2_fmtdesc *f)
{
	if (f->index)
		return -EINVAL;
	f->pixelformat = V4L2_PIX_FMT_NV12;
	return 0;
}

static int tjd_enum_framesizes(struct file *file, void *priv,
			       struct v4l2_frmsizeenum *fsize)
{
	switch (fsize->pixel_format) {
	case V4L2_PIX_FMT_JPEG:
	case V4L2_PIX_FMT_MJPEG:
	case V4L2_PIX_FMT_NV12:
		break;
	default:
		return -EINVAL;
	}
	if (fsize->index)
		return -EINVAL;
	fsize->type = V4L2_FRMSIZE_TYPE_STEPWISE;
	fsize->stepwise.min_width = 1;
	fsize->stepwise.max_width = TJD_MAX_DIM;
	fsize->stepwise.step_width = 1;
	fsize->stepwise.min_height = 1;
	fsize->stepwise.max_height = TJD_MAX_DIM;
	fsize->stepwise.step_height = 1;
	return 0;
}

/*
 * Colorimetry. A JPEG bitstream is V4L2_COLORSPACE_JPEG, which implies the
 * rest, and its frames are what that stands for: full-range BT.601 YCbCr of
 * sRGB. That is the default. But the colorimetry of an OUTPUT stream is the
 * application's to set (pixfmt-v4l2.rst; it may know better, from a
 * container), and a decoder reports on CAPTURE what was set on OUTPUT, as
 * vicodec, venus and mtk-vcodec do. The engine converts nothing: the values
 * only label the frames. Clients rely on it: GStreamer's v4l2 decoders
 * offer upstream only the colorimetries that the OUTPUT format takes, so a
 * decoder that knows JPEG's alone cannot feed a sink without full-range
 * YCbCr (vivid's video output, many display planes).
 *
 * A colorspace outside the enumeration (or the deprecated BT878) is
 * DEFAULT, i.e. JPEG; V4L2_COLORSPACE_JPEG stands for all four fields, the
 * other three are 0 then. Values of the other fields outside their
 * enumerations are DEFAULT.
 */
static void tjd_try_colorimetry(struct v4l2_pix_format *pix)
{
	if (!v4l2_is_colorspace_valid(pix->colorspace) ||
	    pix->colorspace == V4L2_COLORSPACE_BT878 ||
	    pix->colorspace == V4L2_COLORSPACE_JPEG) {
		pix->colorspace = V4L2_COLORSPACE_JPEG;
		pix->xfer_func = V4L2_XFER_FUNC_DEFAULT;
		pix->ycbcr_enc = V4L2_YCBCR_ENC_DEFAULT;
		pix->quantization = V4L2_QUANTIZATION_DEFAULT;
		return;
	}
	if (!v4l2_is_xfer_func_valid(pix->xfer_func))
		pix->xfer_func = V4L2_XFER_FUNC_DEFAULT;
	/* u32 fields here: v4l2_is_ycbcr_enc_valid() takes a u8 */
	if (pix->ycbcr_enc >= V4L2_YCBCR_ENC_LAST)
		pix->ycbcr_enc = V4L2_YCBCR_ENC_DEFAULT;
	if (pix->quantization > V4L2_QUANTIZATION_LIM_RANGE)
		pix->quantization = V4L2_QUANTIZATION_DEFAULT;
}

/* CAPTURE: JPEG's frames are sRGB full-range BT.601, else OUTPUT's label */
static void tjd_fill_colorimetry(struct tjd_ctx *ctx,
				 struct v4l2_pix_format *pix, bool output)
{
	pix->field = V4L2_FIELD_NONE;
	pix->flags = 0;
	if (!output && ctx->colorspace == V4L2_COLORSPACE_JPEG) {
		pix->colorspace = V4L2_COLORSPACE_SRGB;
		pix->xfer_func = V4L2_XFER_FUNC_SRGB;
		pix->ycbcr_enc = V4L2_YCBCR_ENC_601;
		pix->quantization = V4L2_QUANTIZATION_FULL_RANGE;
		return;
	}
	pix->colorspace = ctx->colorspace;
	pix->xfer_func = ctx->xfer_func;
	pix->ycbcr_enc = ctx->ycbcr_enc;
	pix->quantization = ctx->quantization;
}

static void tjd_fill_cap(struct tjd_ctx *ctx, struct v4l2_pix_format *pix,
			 u32 width, u32 height)
{
	pix->width = width;
	pix->height = height;
	pix->pixelformat = V4L2_PIX_FMT_NV12;
	pix->bytesperline = tjd_stride(width);
	pix->sizeimage = tjd_frame_size(width, height);
	tjd_fill_colorimetry(ctx, pix, false);
}

static int tjd_g_fmt_out(struct file *file, void *priv, struct v4l2_format *f)
{
	struct tjd_ctx *ctx = file_to_ctx(file);
	struct v4l2_pix_format *pix = &f->fmt.pix;

	pix->width = ctx->out_width;
	pix->height = ctx->out_height;
	pix->pixelformat = ctx->out_fourcc;
	pix->bytesperline = 0;
	pix->sizeimage = ctx->out_size;
	tjd_fill_colorimetry(ctx, pix, true);
	return 0;
}

static int tjd_g_fmt_cap(struct file *file, void *priv, struct v4l2_format *f)
{
	struct tjd_ctx *ctx = file_to_ctx(file);
	u32 width, height;

	tjd_get_size(ctx, &width, &height);
	tjd_fill_cap(ctx, &f->fmt.pix, width, height);
	return 0;
}

static int tjd_try_fmt_out(struct file *file, void *priv,
			   struct v4l2_format *f)
{
	struct v4l2_pix_format *pix = &f->fmt.pix;
	u32 size = pix->sizeimage;

	if (pix->pixelformat != V4L2_PIX_FMT_MJPEG)
		pix->pixelformat = V4L2_PIX_FMT_JPEG;
	pix->width = clamp_t(u32, pix->width, 1, TJD_MAX_DIM);
	pix->height = clamp_t(u32, pix->height, 1, TJD_MAX_DIM);
	pix->bytesperline = 0;
	if (!size)
		size = TJD_OUT_SIZE_DEFAULT;
	size = clamp_t(u32, size, TJD_OUT_SIZE_MIN, TJD_OUT_SIZE_MAX);
	pix->sizeimage = ALIGN(size, TJD_OUT_SIZE_MIN);
	pix->field = V4L2_FIELD_NONE;
	pix->flags = 0;
	tjd_try_colorimetry(pix);
	return 0;
}

static int tjd_s_fmt_out(struct file *file, void *priv, struct v4l2_format *f)
{
	struct tjd_ctx *ctx = file_to_ctx(file);
	struct v4l2_pix_format *pix = &f->fmt.pix;
	struct v4l2_m2m_ctx *m2m_ctx = ctx->fh.m2m_ctx;

	if (vb2_is_busy(v4l2_m2m_get_src_vq(m2m_ctx)))
		return -EBUSY;
	tjd_try_fmt_out(file, priv, f);
	ctx->out_fourcc = pix->pixelformat;
	ctx->out_width = pix->width;
	ctx->out_height = pix->height;
	ctx->out_size = pix->sizeimage;
	ctx->colorspace = pix->colorspace;
	ctx->xfer_func = pix->xfer_func;
	ctx->ycbcr_enc = pix->ycbcr_enc;
	ctx->quantization = pix->quantization;

	/* Until a header says otherwise, CAPTURE follows the coded size. */
	if (!vb2_is_busy(v4l2_m2m_get_dst_vq(m2m_ctx))) {
		spin_lock(&ctx->lock);
		ctx->width = pix->width;
		ctx->height = pix->height;
		ctx->header_seen = false;
		spin_unlock(&ctx->lock);
	}
	return 0;
}

/* The CAPTURE format is the stream's, its colorimetry OUTPUT's: only reported. */
static int tjd_try_fmt_cap(struct file *file, void *priv,
			   struct v4l2_format *f)
{
	return tjd_g_fmt_cap(file, priv, f);
}

static int tjd_s_fmt_cap(struct file *file, void *priv, struct v4l2_format *f)
{
	struct tjd_ctx *ctx = file_to_ctx(file);

	if (vb2_is_busy(v4l2_m2m_get_dst_vq(ctx->fh.m2m_ctx)))
		return -EBUSY;
	return tjd_g_fmt_cap(file, priv, f);
}

static int tjd_g_selection(struct file *file, void *priv,
			   struct v4l2_selection *s)
{
	struct tjd_ctx *ctx = file_to_ctx(file);
	u32 width, height;

	if (s->type != V4L2_BUF_TYPE_VIDEO_CAPTURE)
		return -EINVAL;
	switch (s->target) {
	case V4L2_SEL_TGT_COMPOSE:
	case V4L2_SEL_TGT_COMPOSE_DEFAULT:
	case V4L2_SEL_TGT_COMPOSE_BOUNDS:
	case V4L2_SEL_TGT_COMPOSE_PADDED:
		break;
	default:
		return -EINVAL;
	}
	tjd_get_size(ctx, &width, &height);
	s->r.left = 0;
	s->r.top = 0;
	s->r.width = width;
	s->r.height = height;
	return 0;
}

/*
 * V4L2_MEMORY_FLAG_RESTRICTED: the core's vb2 helpers clear memory flags
 * they do not know, so read it first and report it back when granted.
 */
static bool tjd_flag_granted(struct tjd_ctx *ctx, u32 type, u32 memory)
{
	if (memory == V4L2_MEMORY_MMAP)
		return tjd_queue_restricted(ctx, type, true);
	return tjd_queue_restricted(ctx, type, false);
}

static void tjd_set_restricted(struct tjd_ctx *ctx, unsigned int i, bool on)
{
	spin_lock(&ctx->lock);
	ctx->restricted[i] = on;
	spin_unlock(&ctx->lock);
}

static int tjd_reqbufs(struct file *file, void *priv,
		       struct v4l2_requestbuffers *rb)
{
	struct tjd_ctx *ctx = file_to_ctx(file);
	unsigned int i = tjd_qidx(rb->type);
	bool heap_ok = restricted_heap_exists(heap);
	bool want = heap_ok && (rb->flags & V4L2_MEMORY_FLAG_RESTRICTED);
	bool old;
	int ret;

	old = ctx->restricted[i];
	if (rb->count)
		tjd_set_restricted(ctx, i, want);

	ret = v4l2_m2m_reqbufs(file, ctx->fh.m2m_ctx, rb);
	if (ret) {
		tjd_set_restricted(ctx, i, old);
		return ret;
	}
	if (heap_ok)
		rb->capabilities |= V4L2_BUF_CAP_SUPPORTS_RESTRICTED_MEM;
	if (rb->count && tjd_flag_granted(ctx, rb->type, rb->memory))
		rb->flags |= V4L2_MEMORY_FLAG_RESTRICTED;
	return 0;
}

static int tjd_create_bufs(struct file *file, void *priv,
			   struct v4l2_create_buffers *cb)
{
	struct tjd_ctx *ctx = file_to_ctx(file);
	u32 type = cb->format.type;
	unsigned int i = tjd_qidx(type);
	struct vb2_queue *vq = v4l2_m2m_get_vq(ctx->fh.m2m_ctx, type);
	bool heap_ok = restricted_heap_exists(heap);
	bool want = heap_ok && (cb->flags & V4L2_MEMORY_FLAG_RESTRICTED);
	bool old;
	int ret;

	if (!vq)
		return -EINVAL;

	/*
	 * More buffers of the kind the queue has: restricted ones only on a
	 * restricted queue (asked for, or implied by the bitstream), and an
	 * explicitly restricted queue takes no ordinary ones.
	 */
	old = ctx->restricted[i];
	if (vb2_get_num_buffers(vq)) {
		if (want ? !tjd_flag_granted(ctx, type, cb->memory) : old)
			return -EINVAL;
	} else {
		tjd_set_restricted(ctx, i, want);
	}

	ret = v4l2_m2m_create_bufs(file, ctx->fh.m2m_ctx, cb);
	if (ret) {
		tjd_set_restricted(ctx, i, old);
		return ret;
	}
	if (heap_ok)
		cb->capabilities |= V4L2_BUF_CAP_SUPPORTS_RESTRICTED_MEM;
	if (tjd_flag_granted(ctx, type, cb->memory))
		cb->flags |= V4L2_MEMORY_FLAG_RESTRICTED;
	return 0;
}

static int tjd_decoder_cmd(struct file *file, void *priv,
			   struct v4l2_decoder_cmd *dc)
{
	struct tjd_ctx *ctx = file_to_ctx(file);
	struct v4l2_m2m_ctx *m2m_ctx = ctx->fh.m2m_ctx;
	int ret;

	ret = v4l2_m2m_ioctl_try_decoder_cmd(file, priv, dc);
	if (ret)
		return ret;

	/* Nothing to drain or resume before OUTPUT streams. */
	if (!vb2_is_streaming(v4l2_m2m_get_src_vq(m2m_ctx)))
		return 0;

	ret = v4l2_m2m_decoder_cmd(file, m2m_ctx, dc);
	if (ret)
		return ret;

	if (dc->cmd == V4L2_DEC_CMD_STOP && v4l2_m2m_has_stopped(m2m_ctx))
		v4l2_event_queue_fh(&ctx->fh, &tjd_eos_event);
	if (dc->cmd == V4L2_DEC_CMD_START)
		vb2_clear_last_buffer_dequeued(v4l2_m2m_get_dst_vq(m2m_ctx));

	v4l2_m2m_try_schedule(m2m_ctx);
	return 0;
}

static int tjd_subscribe_event(struct v4l2_fh *fh,
			       const struct v4l2_event_subscription *sub)
{
	switch (sub->type) {
	case V4L2_EVENT_EOS:
		return v4l2_event_subscribe(fh, sub, 0, NULL);
	case V4L2_EVENT_SOURCE_CHANGE:
		return v4l2_src_change_event_subscribe(fh, sub);
	default:
		return v4l2_ctrl_subscribe_event(fh, sub);
	}
}

static const struct v4l2_ioctl_ops tjd_ioctl_ops = {
	.vidioc_querycap = tjd_querycap,
	.vidioc_enum_fmt_vid_out = tjd_enum_fmt_out,
	.vidioc_enum_fmt_vid_cap = tjd_enum_fmt_cap,
	.vidioc_enum_framesizes = tjd_enum_framesizes,
	.vidioc_g_fmt_vid_out = tjd_g_fmt_out,
	.vidioc_try_fmt_vid_out = tjd_try_fmt_out,
	.vidioc_s_fmt_vid_out = tjd_s_fmt_out,
	.vidioc_g_fmt_vid_cap = tjd_g_fmt_cap,
	.vidioc_try_fmt_vid_cap = tjd_try_fmt_cap,
	.vidioc_s_fmt_vid_cap = tjd_s_fmt_cap,
	.vidioc_g_selection = tjd_g_selection,

	.vidioc_reqbufs = tjd_reqbufs,
	.vidioc_create_bufs = tjd_create_bufs,
	.vidioc_querybuf = v4l2_m2m_ioctl_querybuf,
	.vidioc_qbuf = v4l2_m2m_ioctl_qbuf,
	.vidioc_dqbuf = v4l2_m2m_ioctl_dqbuf,
	.vidioc_prepare_buf = v4l2_m2m_ioctl_prepare_buf,
	.vidioc_expbuf = v4l2_m2m_ioctl_expbuf,
	.vidioc_streamon = v4l2_m2m_ioctl_streamon,
	.vidioc_streamoff = v4l2_m2m_ioctl_streamoff,

	.vidioc_decoder_cmd = tjd_decoder_cmd,
	.vidioc_try_decoder_cmd = v4l2_m2m_ioctl_try_decoder_cmd,

	.vidioc_subscribe_event = tjd_subscribe_event,
	.vidioc_unsubscribe_event = v4l2_event_unsubscribe,
};

/* ---- file operations ----------------------------------------------------- */

static int tjd_open(struct file *file)
{
	struct tjd_dev *tdev = video_drvdata(file);
	struct v4l2_ctrl_handler *hdl;
	struct tjd_ctx *ctx;
	int ret;

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	ctx->dev = tdev;
	spin_lock_init(&ctx->lock);
	ctx->out_fourcc = V4L2_PIX_FMT_JPEG;
	ctx->out_width = TJD_DEF_WIDTH;
	ctx->out_height = TJD_DEF_HEIGHT;
	ctx->out_size = TJD_OUT_SIZE_DEFAULT;
	ctx->colorspace = V4L2_COLORSPACE_JPEG;
	ctx->width = TJD_DEF_WIDTH;
	ctx->height = TJD_DEF_HEIGHT;

	v4l2_fh_init(&ctx->fh, video_devdata(file));
	file->private_data = &ctx->fh;

	hdl = &ctx->hdl;
	v4l2_ctrl_handler_init(hdl, 1);
	v4l2_ctrl_new_std(hdl, NULL, V4L2_CID_MIN_BUFFERS_FOR_CAPTURE,
			  1, 1, 1, 1);
	if (hdl->error) {
		ret = hdl->error;
		goto free_hdl;
	}
	ctx->fh.ctrl_handler = hdl;

	if (mutex_lock_interruptible(&tdev->dev_mutex)) {
		ret = -ERESTARTSYS;
		goto free_hdl;
	}
	ctx->fh.m2m_ctx = v4l2_m2m_ctx_init(tdev->m2m_dev, ctx, tjd_queue_init);
	mutex_unlock(&tdev->dev_mutex);
	if (IS_ERR(ctx->fh.m2m_ctx)) {
		ret = PTR_ERR(ctx->fh.m2m_ctx);
		goto free_hdl;
	}
	/* OUTPUT streams alone until its first header is read. */
	ctx->fh.m2m_ctx->ignore_cap_streaming = true;
	v4l2_m2m_set_dst_buffered(ctx->fh.m2m_ctx, true);

	v4l2_fh_add(&ctx->fh);
	atomic_inc(&tdev->instances);
	return 0;

free_hdl:
	v4l2_ctrl_handler_free(hdl);
	v4l2_fh_exit(&ctx->fh);
	kfree(ctx);
	return ret;
}

static int tjd_release(struct file *file)
{
	struct tjd_ctx *ctx = file_to_ctx(file);
	struct tjd_dev *tdev = ctx->dev;

	mutex_lock(&tdev->dev_mutex);
	/*
	 * v4l2_m2m_job_finish() still reads the m2m context after it wakes
	 * the wait of v4l2_m2m_ctx_release() for a running job, to queue the
	 * context's next job: the context must not go before the work item
	 * has returned. Pause the scheduler (no job starts; the running one
	 * finishes) and flush the work. dev_mutex keeps any other release
	 * from resuming it meanwhile.
	 */
	v4l2_m2m_suspend(tdev->m2m_dev);
	flush_work(&tdev->work);
	v4l2_m2m_ctx_release(ctx->fh.m2m_ctx);
	v4l2_m2m_resume(tdev->m2m_dev);
	mutex_unlock(&tdev->dev_mutex);
	v4l2_fh_del(&ctx->fh);
	v4l2_fh_exit(&ctx->fh);
	v4l2_ctrl_handler_free(&ctx->hdl);
	kfree(ctx);
	atomic_dec(&tdev->instances);
	return 0;
}

static const struct v4l2_file_operations tjd_fops = {
	.owner = THIS_MODULE,
	.open = tjd_open,
	.release = tjd_release,
	.poll = v4l2_m2m_fop_poll,
	.unlocked_ioctl = video_ioctl2,
	.mmap = v4l2_m2m_fop_mmap,
};

/* ---- statistics ---------------------------------------------------------- */

static int tjd_stats_show(struct seq_file *m, void *unused)
{
	struct tjd_dev *tdev = m->private;

	seq_printf(m, "instances: %d\n", atomic_read(&tdev->instances));
	seq_printf(m, "shm: %d\n", atomic_read(&tdev->shm));
	seq_printf(m, "decoded: %ld\n", atomic_long_read(&tdev->decoded));
	seq_printf(m, "errors: %ld\n", atomic_long_read(&tdev->errors));
	seq_printf(m, "source_changes: %ld\n",
		   atomic_long_read(&tdev->source_changes));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(tjd_stats);

/* ---- the TEE-bus driver -------------------------------------------------- */

static int tjd_tee_match(struct tee_ioctl_version_data *ver, const void *data)
{
	return ver->impl_id == TEE_IMPL_ID_OPTEE;
}

static int tjd_open_session(struct tjd_dev *tdev)
{
	struct tee_client_device *tcdev = to_tee_client_device(tdev->dev);
	struct tee_ioctl_open_session_arg sess = { };
	int ret;

	tdev->tee_ctx = tee_client_open_context(NULL, tjd_tee_match, NULL, NULL);
	if (IS_ERR(tdev->tee_ctx))
		return dev_err_probe(tdev->dev, PTR_ERR(tdev->tee_ctx),
				     "cannot open a TEE context\n");

	export_uuid(sess.uuid, &tcdev->id.uuid);
	sess.clnt_login = TEE_IOCTL_LOGIN_REE_KERNEL;
	ret = tee_client_open_session(tdev->tee_ctx, &sess, NULL);
	if (!ret && sess.ret) {
		dev_err(tdev->dev, "open session: TEE result 0x%x origin %u\n",
			sess.ret, sess.ret_origin);
		ret = -EIO;
	}
	if (ret) {
		tee_client_close_context(tdev->tee_ctx);
		return ret;
	}
	tdev->session = sess.session;
	return 0;
}

static void tjd_close_session(struct tjd_dev *tdev)
{
	tee_client_close_session(tdev->tee_ctx, tdev->session);
	tee_client_close_context(tdev->tee_ctx);
}

static void tjd_v4l2_release(struct v4l2_device *v4l2_dev)
{
	struct tjd_dev *tdev = container_of(v4l2_dev, struct tjd_dev, v4l2_dev);

	v4l2_m2m_release(tdev->m2m_dev);
	media_device_cleanup(&tdev->mdev);
	v4l2_device_unregister(&tdev->v4l2_dev);
	destroy_workqueue(tdev->wq);
	kfree(tdev);
}

static int tjd_probe(struct device *dev)
{
	struct video_device *vfd;
	struct tjd_dev *tdev;
	int ret;

	/*
	 * The engine reaches memory by physical address: it is a DMA master
	 * without an IOMMU or offset, and not cache coherent.
	 */
	ret = dma_coerce_mask_and_coherent(dev, DMA_BIT_MASK(64));
	if (ret)
		return ret;

	tdev = kzalloc(sizeof(*tdev), GFP_KERNEL);
	if (!tdev)
		return -ENOMEM;
	tdev->dev = dev;
	mutex_init(&tdev->dev_mutex);
	INIT_WORK(&tdev->work, tjd_work);

	tdev->wq = alloc_ordered_workqueue(TJD_NAME, 0);
	if (!tdev->wq) {
		ret = -ENOMEM;
		goto free;
	}

	ret = tjd_open_session(tdev);
	if (ret)
		goto destroy_wq;

	ret = v4l2_device_register(dev, &tdev->v4l2_dev);
	if (ret)
		goto close_session;

	tdev->m2m_dev = v4l2_m2m_init(&tjd_m2m_ops);
	if (IS_ERR(tdev->m2m_dev)) {
		ret = PTR_ERR(tdev->m2m_dev);
		goto unregister_v4l2;
	}

	tdev->mdev.dev = dev;
	strscpy(tdev->mdev.model, TJD_NAME, sizeof(tdev->mdev.model));
	strscpy(tdev->mdev.bus_info, "platform:" TJD_NAME,
		sizeof(tdev->mdev.bus_info));
	media_device_init(&tdev->mdev);
	tdev->v4l2_dev.mdev = &tdev->mdev;

	vfd = &tdev->vfd;
	strscpy(vfd->name, TJD_NAME, sizeof(vfd->name));
	vfd->fops = &tjd_fops;
	vfd->ioctl_ops = &tjd_ioctl_ops;
	vfd->release = video_device_release_empty;
	vfd->lock = &tdev->dev_mutex;
	vfd->v4l2_dev = &tdev->v4l2_dev;
	vfd->vfl_dir = VFL_DIR_M2M;
	vfd->device_caps = V4L2_CAP_VIDEO_M2M | V4L2_CAP_STREAMING;
	video_set_drvdata(vfd, tdev);

	ret = video_register_device(vfd, VFL_TYPE_VIDEO, -1);
	if (ret)
		goto cleanup_media;

	ret = v4l2_m2m_register_media_controller(tdev->m2m_dev, vfd,
						 MEDIA_ENT_F_PROC_VIDEO_DECODER);
	if (ret)
		goto unregister_video;

	ret = media_device_register(&tdev->mdev);
	if (ret)
		goto unregister_mc;

	tdev->debugfs = debugfs_create_file(dev_name(dev), 0400,
					    tjd_debugfs_root, tdev,
					    &tjd_stats_fops);
	tdev->v4l2_dev.release = tjd_v4l2_release;
	dev_set_drvdata(dev, tdev);
	dev_info(dev, "TEE JPEG decoder at /dev/%s\n", video_device_node_name(vfd));
	return 0;

unregister_mc:
	v4l2_m2m_unregister_media_controller(tdev->m2m_dev);
unregister_video:
	video_unregister_device(vfd);
cleanup_media:
	media_device_cleanup(&tdev->mdev);
	v4l2_m2m_release(tdev->m2m_dev);
unregister_v4l2:
	v4l2_device_unregister(&tdev->v4l2_dev);
close_session:
	tjd_close_session(tdev);
destroy_wq:
	destroy_workqueue(tdev->wq);
free:
	kfree(tdev);
	return ret;
}

/*
 * The engine's TEE device goes away: no new instance or ioctl reaches it
 * once the video device is unregistered; instances still open keep the
 * driver's state until they are closed (tjd_v4l2_release()).
 */
static int tjd_remove(struct device *dev)
{
	struct tjd_dev *tdev = dev_get_drvdata(dev);

	debugfs_remove(tdev->debugfs);
	media_device_unregister(&tdev->mdev);
	v4l2_m2m_unregister_media_controller(tdev->m2m_dev);
	video_unregister_device(&tdev->vfd);
	flush_workqueue(tdev->wq);
	tjd_close_session(tdev);
	v4l2_device_put(&tdev->v4l2_dev);
	return 0;
}

static const struct tee_client_device_id tjd_id_table[] = {
	{ UUID_INIT(0x2362cf6d, 0x69ad, 0x42a3,
		    0xb6, 0xc7, 0x1b, 0x9e, 0xb7, 0x4e, 0xca, 0x7c) },
	{ }
};
MODULE_DEVICE_TABLE(tee, tjd_id_table);

static struct tee_client_driver tjd_driver = {
	.id_table = tjd_id_table,
	.driver = {
		.name = TJD_NAME,
		.bus = &tee_bus_type,
		.probe = tjd_probe,
		.remove = tjd_remove,
	},
};

static int __init tjd_init(void)
{
	int ret;

	tjd_debugfs_root = debugfs_create_dir(TJD_NAME, NULL);
	ret = driver_register(&tjd_driver.driver);
	if (ret)
		debugfs_remove(tjd_debugfs_root);
	return ret;
}
module_init(tjd_init);

static void __exit tjd_exit(void)
{
	driver_unregister(&tjd_driver.driver);
	debugfs_remove(tjd_debugfs_root);
}
module_exit(tjd_exit);

MODULE_DESCRIPTION("JPEG decoder run by a Trusted Application");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(DMA_BUF);

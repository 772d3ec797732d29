// SPDX-License-Identifier: GPL-2.0
/*
 * sdp-demo: the secure video TA. Its session, the restricted buffers
 * (dma-bufs of a restricted heap, registered with the TEE) and the
 * commands that decrypt, decode, convert and digest into them.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include <linux/dma-heap.h>

#include <tee_client_api_extensions.h>

#include "sdp-demo.h"
#include "teec_names.h"

const TEEC_UUID video_ta_uuid = TA_SDP_VIDEO_UUID;

void tee_report(const char *what, TEEC_Result res, uint32_t origin)
{
	fail("%s: %s (0x%08" PRIx32 "), origin %s", what,
	     teec_result_name(res), (uint32_t)res, teec_origin_name(origin));
}

int tee_open(struct tee *t, const struct clip_header *h)
{
	TEEC_Operation op;
	uint32_t origin = 0;
	TEEC_Result res;

	res = TEEC_InitializeContext(NULL, &t->ctx);
	if (res != TEEC_SUCCESS) {
		tee_report("TEEC_InitializeContext (is there a TEE?)", res,
			   TEEC_ORIGIN_API);
		return -1;
	}
	t->ctx_open = true;
	res = TEEC_OpenSession(&t->ctx, &t->sess, &video_ta_uuid,
			       TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
	if (res != TEEC_SUCCESS) {
		tee_report("open session to the secure decoder TA", res,
			   origin);
		return -1;
	}
	t->sess_open = true;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_INPUT,
					 TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = h->format;
	op.params[0].value.b = h->key_id;
	op.params[1].value.a = h->width;
	op.params[1].value.b = h->height;
	res = TEEC_InvokeCommand(&t->sess, SDP_VIDEO_CMD_OPEN_STREAM, &op,
				 &origin);
	if (res != TEEC_SUCCESS) {
		tee_report(res == TEEC_ERROR_ITEM_NOT_FOUND ?
			   "open stream: this firmware has no key with the clip's key id" :
			   "open stream", res, origin);
		return -1;
	}
	return 0;
}

void tee_close(struct tee *t)
{
	if (t->sess_open)
		TEEC_CloseSession(&t->sess);
	if (t->ctx_open)
		TEEC_FinalizeContext(&t->ctx);
	t->sess_open = t->ctx_open = false;
}

int rbuf_alloc(struct tee *t, struct rbuf *b, size_t size)
{
	struct dma_heap_allocation_data data = {
		.len = size,
		.fd_flags = O_RDWR | O_CLOEXEC,
	};
	TEEC_Result res;
	int heap, ret;

	b->fd = -1;
	heap = open(opt.heap, O_RDONLY | O_CLOEXEC);
	if (heap < 0) {
		fail("%s: %s", opt.heap, strerror(errno));
		return -1;
	}
	ret = ioc(heap, DMA_HEAP_IOCTL_ALLOC, &data);
	close(heap);
	if (ret) {
		fail("%s: DMA_HEAP_IOCTL_ALLOC(%zu): %s", opt.heap, size,
		     strerror(-ret));
		return -1;
	}
	b->fd = (int)data.fd;
	b->size = size;
	memset(&b->shm, 0, sizeof(b->shm));
	b->shm.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
	res = TEEC_RegisterSharedMemoryFileDescriptor(&t->ctx, &b->shm, b->fd);
	if (res != TEEC_SUCCESS) {
		tee_report("TEEC_RegisterSharedMemoryFileDescriptor", res,
			   TEEC_ORIGIN_API);
		return -1;
	}
	b->registered = true;
	return 0;
}

void rbuf_free(struct rbuf *b)
{
	if (b->registered)
		TEEC_ReleaseSharedMemory(&b->shm);
	b->registered = false;
	close_fd(&b->fd);
}

/*
 * The parameters of a command that takes one frame record (length, IV,
 * ciphertext; struct clip) and a restricted destination.
 */
static void record_op(TEEC_Operation *op, uint32_t types, const struct clip *c,
		      const struct clip_frame *f, struct rbuf *dst)
{
	memset(op, 0, sizeof(*op));
	op->paramTypes = types;
	op->params[0].tmpref.buffer = c->records + f->record_offset;
	op->params[0].tmpref.size = SDP_VIDEO_RECORD_HDR_SIZE + f->length;
	op->params[1].memref.parent = &dst->shm;
	op->params[1].memref.offset = 0;
	op->params[1].memref.size = dst->size;
}

TEEC_Result tee_decode(struct tee *t, const struct clip *c,
		       const struct clip_frame *f, struct rbuf *dst,
		       const struct layout *l, uint32_t *origin)
{
	TEEC_Operation op;

	record_op(&op, TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT,
					TEEC_MEMREF_PARTIAL_OUTPUT,
					TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT),
		  c, f, dst);
	op.params[2].value.a = l->stride;
	op.params[2].value.b = l->uv_offset;
	return TEEC_InvokeCommand(&t->sess, SDP_VIDEO_CMD_DECODE_FRAME, &op,
				  origin);
}

/* DECRYPT_SAMPLE: the record's plaintext into bitstream buffer @dst. */
TEEC_Result tee_decrypt(struct tee *t, const struct clip *c,
			const struct clip_frame *f, struct rbuf *dst,
			uint32_t *len, uint32_t *origin)
{
	TEEC_Operation op;
	TEEC_Result res;

	record_op(&op, TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT,
					TEEC_MEMREF_PARTIAL_OUTPUT,
					TEEC_NONE, TEEC_VALUE_OUTPUT),
		  c, f, dst);
	res = TEEC_InvokeCommand(&t->sess, SDP_VIDEO_CMD_DECRYPT_SAMPLE, &op,
				 origin);
	*len = op.params[3].value.a;
	if (res == TEEC_SUCCESS && *len != f->length)
		res = TEEC_ERROR_COMMUNICATION;
	return res;
}

TEEC_Result tee_convert(struct tee *t, struct rbuf *src,
			const struct layout *sl, struct rbuf *dst,
			const struct layout *dl, uint32_t *origin)
{
	TEEC_Operation op;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INPUT,
					 TEEC_MEMREF_PARTIAL_OUTPUT,
					 TEEC_VALUE_INPUT, TEEC_VALUE_INPUT);
	op.params[0].memref.parent = &src->shm;
	op.params[0].memref.size = src->size;
	op.params[1].memref.parent = &dst->shm;
	op.params[1].memref.size = dst->size;
	op.params[2].value.a = sl->stride;
	op.params[2].value.b = sl->uv_offset;
	op.params[3].value.a = dl->stride;
	return TEEC_InvokeCommand(&t->sess, SDP_VIDEO_CMD_CONVERT_XRGB, &op,
				  origin);
}

TEEC_Result tee_digest(struct tee *t, struct rbuf *src,
		       const struct layout *l,
		       uint8_t digest[SDP_VIDEO_DIGEST_SIZE],
		       uint32_t *origin)
{
	TEEC_Operation op;
	TEEC_Result res;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INPUT,
					 TEEC_MEMREF_TEMP_OUTPUT,
					 TEEC_VALUE_INPUT, TEEC_VALUE_INPUT);
	op.params[0].memref.parent = &src->shm;
	op.params[0].memref.size = src->size;
	op.params[1].tmpref.buffer = digest;
	op.params[1].tmpref.size = SDP_VIDEO_DIGEST_SIZE;
	op.params[2].value.a = l->fourcc;
	op.params[2].value.b = l->stride;
	op.params[3].value.a = l->uv_offset;
	res = TEEC_InvokeCommand(&t->sess, SDP_VIDEO_CMD_DIGEST, &op, origin);
	if (res == TEEC_SUCCESS &&
	    op.params[1].tmpref.size != SDP_VIDEO_DIGEST_SIZE)
		res = TEEC_ERROR_COMMUNICATION;
	return res;
}


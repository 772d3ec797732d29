/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libsdp: the TEE side of a client, over the GlobalPlatform TEE Client API
 * (Debian's libteec): the names of its results and origins for messages,
 * a context with one session of a TA, and restricted buffers registered
 * with the TEE through their dma-buf fd (TEEC_RegisterSharedMemoryFileDescriptor,
 * the kernel's TEE_IOC_SHM_REGISTER_FD, which takes restricted-heap
 * dma-bufs only).
 *
 *	struct sdp_tee t;
 *	struct sdp_tee_buf b;
 *
 *	res = sdp_tee_open(&t, &uuid, &origin);
 *	if (sdp_tee_buf_alloc(&b, &t.ctx, "restricted", size, msg, sizeof(msg)))
 *		report msg;
 *	... TEEC_InvokeCommand(&t.sess, ...) with sdp_tee_memref(&b.shm, 0, b.size)
 *	sdp_tee_buf_free(&b);
 *	sdp_tee_close(&t);
 *
 * The protocols of the project's TAs are in sdp_video.h (the secure video
 * TA); messages follow sdp_tee_error()'s form, which users see, e.g.
 *	"open stream: TEEC_ERROR_ITEM_NOT_FOUND (0xffff0008), origin TRUSTED_APP"
 */
#ifndef SDP_TEE_H
#define SDP_TEE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tee_client_api.h>

/* Room for a message of sdp_tee_error() or sdp_tee_buf_alloc(). */
#define SDP_TEE_MSG_SIZE	320

/* "TEEC_ERROR_BAD_PARAMETERS", ...; "unknown result" for another value. */
const char *sdp_tee_result_name(TEEC_Result res);

/* "API", "COMMS", "TEE", "TRUSTED_APP"; "unknown origin" for another. */
const char *sdp_tee_origin_name(uint32_t origin);

/* "<what>: <result name> (0x<result>), origin <origin name>" into @msg. */
const char *sdp_tee_error(char *msg, size_t size, const char *what,
			  TEEC_Result res, uint32_t origin);

/* A TEE context and one session of a TA in it. */
struct sdp_tee {
	TEEC_Context ctx;
	TEEC_Session sess;
	bool ctx_open, sess_open;
};

/*
 * Initialize a context and open a session (public login, no parameters)
 * of TA @uuid in @t. TEEC_SUCCESS, or the failed call's result with its
 * @origin (TEEC_ORIGIN_API for the context): @t->ctx_open says which call
 * failed, and @t is to be closed either way.
 */
TEEC_Result sdp_tee_open(struct sdp_tee *t, const TEEC_UUID *uuid,
			 uint32_t *origin);

/* Close what sdp_tee_open() opened; again is harmless. */
void sdp_tee_close(struct sdp_tee *t);

/*
 * Register dma-buf @fd, whole, with the TEE in @ctx as @shm (input and
 * output). The registration holds the buffer: @fd may be closed. On a
 * failure errno is the kernel's reason (libteec turns every refusal into
 * TEEC_ERROR_BAD_PARAMETERS; EINVAL: not a restricted-heap dma-buf), or
 * 0 if libteec failed before asking it.
 */
TEEC_Result sdp_tee_register_fd(TEEC_Context *ctx, TEEC_SharedMemory *shm,
				int fd);

/* @size bytes of registered memory @shm from @offset, as a command's memref. */
static inline TEEC_RegisteredMemoryReference
sdp_tee_memref(TEEC_SharedMemory *shm, size_t offset, size_t size)
{
	return (TEEC_RegisteredMemoryReference){
		.parent = shm, .offset = offset, .size = size,
	};
}

/* A restricted buffer: its dma-buf and its registration with the TEE. */
struct sdp_tee_buf {
	int fd;			/* the dma-buf, -1 without one */
	size_t size;		/* the bytes asked for */
	TEEC_SharedMemory shm;	/* shm.size: the bytes registered (pages) */
	bool registered;
};

/* A buffer not allocated yet, which sdp_tee_buf_free() leaves alone. */
#define SDP_TEE_BUF_INIT	{ .fd = -1 }

/*
 * Allocate @size bytes from heap @heap (a name or a path, sdp_heap.h) and
 * register them with the TEE in @ctx: 0, or -1 with the failed step's
 * message in @msg (the heap's, or sdp_tee_error()'s with "<heap node>:
 * TEEC_RegisterSharedMemoryFileDescriptor"); @b is to be freed either way.
 */
int sdp_tee_buf_alloc(struct sdp_tee_buf *b, TEEC_Context *ctx,
		      const char *heap, size_t size, char *msg, size_t msg_size);

/* Release the registration and close the dma-buf; again is harmless. */
void sdp_tee_buf_free(struct sdp_tee_buf *b);

#endif /* SDP_TEE_H */

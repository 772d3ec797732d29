// SPDX-License-Identifier: GPL-2.0
/*
 * libsdp: the TEE side of a client (see sdp_tee.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <tee_client_api_extensions.h>

#include "sdp_heap.h"
#include "sdp_tee.h"

const char *sdp_tee_result_name(TEEC_Result res)
{
	switch (res) {
	case TEEC_SUCCESS:			return "TEEC_SUCCESS";
	case TEEC_ERROR_GENERIC:		return "TEEC_ERROR_GENERIC";
	case TEEC_ERROR_ACCESS_DENIED:		return "TEEC_ERROR_ACCESS_DENIED";
	case TEEC_ERROR_CANCEL:			return "TEEC_ERROR_CANCEL";
	case TEEC_ERROR_ACCESS_CONFLICT:	return "TEEC_ERROR_ACCESS_CONFLICT";
	case TEEC_ERROR_EXCESS_DATA:		return "TEEC_ERROR_EXCESS_DATA";
	case TEEC_ERROR_BAD_FORMAT:		return "TEEC_ERROR_BAD_FORMAT";
	case TEEC_ERROR_BAD_PARAMETERS:		return "TEEC_ERROR_BAD_PARAMETERS";
	case TEEC_ERROR_BAD_STATE:		return "TEEC_ERROR_BAD_STATE";
	case TEEC_ERROR_ITEM_NOT_FOUND:		return "TEEC_ERROR_ITEM_NOT_FOUND";
	case TEEC_ERROR_NOT_IMPLEMENTED:	return "TEEC_ERROR_NOT_IMPLEMENTED";
	case TEEC_ERROR_NOT_SUPPORTED:		return "TEEC_ERROR_NOT_SUPPORTED";
	case TEEC_ERROR_NO_DATA:		return "TEEC_ERROR_NO_DATA";
	case TEEC_ERROR_OUT_OF_MEMORY:		return "TEEC_ERROR_OUT_OF_MEMORY";
	case TEEC_ERROR_BUSY:			return "TEEC_ERROR_BUSY";
	case TEEC_ERROR_COMMUNICATION:		return "TEEC_ERROR_COMMUNICATION";
	case TEEC_ERROR_SECURITY:		return "TEEC_ERROR_SECURITY";
	case TEEC_ERROR_SHORT_BUFFER:		return "TEEC_ERROR_SHORT_BUFFER";
	case TEEC_ERROR_TARGET_DEAD:		return "TEEC_ERROR_TARGET_DEAD";
	default:				return "unknown result";
	}
}

const char *sdp_tee_origin_name(uint32_t origin)
{
	switch (origin) {
	case TEEC_ORIGIN_API:		return "API";
	case TEEC_ORIGIN_COMMS:		return "COMMS";
	case TEEC_ORIGIN_TEE:		return "TEE";
	case TEEC_ORIGIN_TRUSTED_APP:	return "TRUSTED_APP";
	default:			return "unknown origin";
	}
}

const char *sdp_tee_error(char *msg, size_t size, const char *what,
			  TEEC_Result res, uint32_t origin)
{
	snprintf(msg, size, "%s: %s (0x%08x), origin %s", what,
		 sdp_tee_result_name(res), (unsigned int)res,
		 sdp_tee_origin_name(origin));
	return msg;
}

TEEC_Result sdp_tee_open(struct sdp_tee *t, const TEEC_UUID *uuid,
			 uint32_t *origin)
{
	TEEC_Result res;

	memset(t, 0, sizeof(*t));
	*origin = TEEC_ORIGIN_API;
	res = TEEC_InitializeContext(NULL, &t->ctx);
	if (res != TEEC_SUCCESS)
		return res;
	t->ctx_open = true;
	res = TEEC_OpenSession(&t->ctx, &t->sess, uuid, TEEC_LOGIN_PUBLIC,
			       NULL, NULL, origin);
	t->sess_open = res == TEEC_SUCCESS;
	return res;
}

void sdp_tee_close(struct sdp_tee *t)
{
	if (t->sess_open)
		TEEC_CloseSession(&t->sess);
	if (t->ctx_open)
		TEEC_FinalizeContext(&t->ctx);
	t->sess_open = t->ctx_open = false;
}

TEEC_Result sdp_tee_register_fd(TEEC_Context *ctx, TEEC_SharedMemory *shm,
				int fd)
{
	TEEC_Result res;
	int err;

	memset(shm, 0, sizeof(*shm));
	shm->flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
	errno = 0;
	res = TEEC_RegisterSharedMemoryFileDescriptor(ctx, shm, fd);
	err = errno;
	errno = res == TEEC_SUCCESS ? 0 : err;
	return res;
}

int sdp_tee_buf_alloc(struct sdp_tee_buf *b, TEEC_Context *ctx,
		      const char *heap, size_t size, char *msg, size_t msg_size)
{
	char what[PATH_MAX + 64];
	TEEC_Result res;
	int fd;

	memset(b, 0, sizeof(*b));
	b->fd = -1;
	fd = sdp_heap_alloc(heap, size, msg, msg_size);
	if (fd < 0)
		return -1;
	b->fd = fd;
	b->size = size;
	res = sdp_tee_register_fd(ctx, &b->shm, b->fd);
	if (res != TEEC_SUCCESS && msg) {
		if (sdp_heap_path(heap, what, PATH_MAX))
			snprintf(what, PATH_MAX, "%s", heap);
		strcat(what, ": TEEC_RegisterSharedMemoryFileDescriptor");
		sdp_tee_error(msg, msg_size, what, res, TEEC_ORIGIN_API);
	}
	if (res != TEEC_SUCCESS)
		return -1;
	b->registered = true;
	return 0;
}

void sdp_tee_buf_free(struct sdp_tee_buf *b)
{
	if (b->registered)
		TEEC_ReleaseSharedMemory(&b->shm);
	b->registered = false;
	if (b->fd >= 0)
		close(b->fd);
	b->fd = -1;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The restricted-memory pseudo-TA (pta_rmem.h): scrubs freed secure data
 * path ranges for the kernel's restricted heap.
 *
 * The range arrives as values (the heap has no tee_shm for a buffer that
 * is being freed), so it is classified here, exactly as the OP-TEE layer
 * classifies a temporary memref: only a range wholly inside one SDP range
 * is touched, never firmware memory or normal-world RAM.
 */
#include <string.h>

#include "fw.h"
#include "frame_log.h"
#include "pta_rmem.h"
#include "ta.h"
#include "../optee/memclass.h"

static TEE_Result rmem_open(const struct ta_identity *client, uint32_t ptypes,
			    union ta_param p[TEE_NUM_PARAMS], void **sess_ctx)
{
	(void)ptypes;
	(void)p;
	(void)sess_ctx;
	if (client->login < TEE_LOGIN_REE_KERNEL_MIN ||
	    client->login > TEE_LOGIN_REE_KERNEL_MAX)
		return TEE_ERROR_ACCESS_DENIED;
	return TEE_SUCCESS;
}

static TEE_Result rmem_scrub(uint32_t ptypes, union ta_param p[])
{
	uint64_t pa = (uint64_t)p[0].value.a << 32 | p[0].value.b;
	uint64_t size = p[1].value.a;
	struct ta_range r;
	uint8_t *va;

	if (ptypes != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT,
				      TEE_PARAM_TYPE_VALUE_INPUT,
				      TEE_PARAM_TYPE_NONE,
				      TEE_PARAM_TYPE_NONE) || p[1].value.b)
		return TEE_ERROR_BAD_PARAMETERS;
	if (!size || pa % PTA_RMEM_SCRUB_ALIGN || size % PTA_RMEM_SCRUB_ALIGN ||
	    pa + size < pa)
		return TEE_ERROR_BAD_PARAMETERS;
	if (!memclass_overlaps_sdp(pa, size))
		return TEE_ERROR_ITEM_NOT_FOUND;
	if (!memclass_is_sdp(pa, size))
		return TEE_ERROR_BAD_PARAMETERS;
	va = fw_phys_to_ptr(pa);
	/* A window still computing there finishes before the zeroes. */
	r.start = (uintptr_t)va;
	r.len = size;
	ta_claim(&r, 1);
	frame_log_forget((uintptr_t)va, size);
	memset(va, 0, size);
	return TEE_SUCCESS;
}

static TEE_Result rmem_invoke(void *sess_ctx, uint32_t cmd, uint32_t ptypes,
			      union ta_param p[TEE_NUM_PARAMS])
{
	(void)sess_ctx;
	switch (cmd) {
	case PTA_RMEM_CMD_SCRUB:
		return rmem_scrub(ptypes, p);
	default:
		return TEE_ERROR_NOT_IMPLEMENTED;
	}
}

const struct ta_desc pta_rmem = {
	.name = "rmem.pta",
	.uuid = PTA_RMEM_UUID,
	.flags = TA_FLAG_PSEUDO,
	.open_session = rmem_open,
	.invoke = rmem_invoke,
};

// SPDX-License-Identifier: GPL-2.0
/*
 * The device-enumeration pseudo-TA (UUID 7011a688-ddde-4053-a5a9-
 * 7b3c4ddf13b8), as in OP-TEE's core/pta/device.c: GET_DEVICES,
 * GET_DEVICES_SUPP and GET_DEVICES_RPMB take one memref output and fill it
 * with the 16-byte UUIDs of the TAs that want a device on the TEE bus. No
 * built-in TA does, so every list is empty: the answer is TEE_SUCCESS with
 * size 0 (a NULL memref of size 0 included), which Linux's driver takes as
 * "nothing to enumerate". Like OP-TEE, a NULL memref with a nonzero size is
 * refused.
 */
#include "pta_device.h"
#include "ta.h"

static TEE_Result get_devices(uint32_t ptypes, union ta_param p[])
{
	if (ptypes != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_OUTPUT,
				      TEE_PARAM_TYPE_NONE,
				      TEE_PARAM_TYPE_NONE,
				      TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	if (p[0].memref.kind == MEMREF_KIND_NULL && p[0].memref.size)
		return TEE_ERROR_BAD_PARAMETERS;
	p[0].memref.size = 0;	/* 16 bytes per listed TA: none */
	return TEE_SUCCESS;
}

static TEE_Result pta_device_invoke(void *sess_ctx, uint32_t cmd,
				    uint32_t ptypes,
				    union ta_param p[TEE_NUM_PARAMS])
{
	(void)sess_ctx;
	switch (cmd) {
	case PTA_CMD_GET_DEVICES:
	case PTA_CMD_GET_DEVICES_SUPP:
	case PTA_CMD_GET_DEVICES_RPMB:
		return get_devices(ptypes, p);
	default:
		return TEE_ERROR_NOT_IMPLEMENTED;
	}
}

const struct ta_desc pta_device = {
	.name = "device.pta",
	.uuid = PTA_DEVICE_UUID,
	.flags = TA_FLAG_PSEUDO,
	.invoke = pta_device_invoke,
};

// SPDX-License-Identifier: GPL-2.0
/*
 * The device-enumeration pseudo-TA (UUID 7011a688-ddde-4053-a5a9-
 * 7b3c4ddf13b8), as in OP-TEE's core/pta/device.c: GET_DEVICES,
 * GET_DEVICES_SUPP and GET_DEVICES_RPMB take one memref output and fill it
 * with the 16-byte UUIDs (octets in RFC 4122 order) of the TAs that want a
 * device on the TEE bus. GET_DEVICES lists the restricted-memory PTA, whose
 * kernel driver scrubs freed restricted buffers, then the JPEG decoder
 * engine TA, whose kernel driver is a V4L2 decoder; the other lists are
 * empty (TEE_SUCCESS with size 0). A memref too small for the list gets
 * TEE_ERROR_SHORT_BUFFER and the size needed, as Linux's driver expects
 * (it asks first with a NULL memref of size 0). Like OP-TEE, a NULL memref
 * with a nonzero size is refused; only a TA can pass one, as the OP-TEE
 * boundary gives every NULL memref from the normal world size 0.
 */
#include "jpeg_engine_ta.h"
#include "pta_device.h"
#include "pta_rmem.h"
#include "ta.h"

#define UUID_OCTETS	16u

static const TEE_UUID devices[] = {
	PTA_RMEM_UUID,
	TA_JPEG_ENGINE_UUID,
};

static TEE_Result get_devices(uint32_t ptypes, union ta_param p[],
			      const TEE_UUID *list, unsigned int n)
{
	struct memref *m = &p[0].memref;
	uint8_t octets[UUID_OCTETS];
	unsigned int i;

	if (ptypes != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_OUTPUT,
				      TEE_PARAM_TYPE_NONE,
				      TEE_PARAM_TYPE_NONE,
				      TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	if (m->kind == MEMREF_KIND_NULL && m->size)
		return TEE_ERROR_BAD_PARAMETERS;
	if (m->size < (uint64_t)n * UUID_OCTETS) {
		m->size = (uint64_t)n * UUID_OCTETS;
		return TEE_ERROR_SHORT_BUFFER;
	}
	if (n && memref_check_access(m, TEE_MEMORY_ACCESS_NONSECURE |
					TEE_MEMORY_ACCESS_WRITE))
		return TEE_ERROR_BAD_PARAMETERS;
	for (i = 0; i < n; i++) {
		tee_uuid_to_octets(octets, &list[i]);
		if (memref_write(m, (uint64_t)i * UUID_OCTETS, octets,
				 UUID_OCTETS))
			return TEE_ERROR_BAD_PARAMETERS;
	}
	m->size = (uint64_t)n * UUID_OCTETS;
	return TEE_SUCCESS;
}

static TEE_Result pta_device_invoke(void *sess_ctx, uint32_t cmd,
				    uint32_t ptypes,
				    union ta_param p[TEE_NUM_PARAMS])
{
	(void)sess_ctx;
	switch (cmd) {
	case PTA_CMD_GET_DEVICES:
		return get_devices(ptypes, p, devices,
				   sizeof(devices) / sizeof(devices[0]));
	case PTA_CMD_GET_DEVICES_SUPP:
	case PTA_CMD_GET_DEVICES_RPMB:
		return get_devices(ptypes, p, NULL, 0);
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

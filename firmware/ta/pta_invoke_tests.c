// SPDX-License-Identifier: GPL-2.0
/*
 * The invoke-tests pseudo-TA (UUID d96a5b40-c3e5-21e3-8794-1002a5d5c61b),
 * secure data path commands of OP-TEE's core/pta/tests/invoke.c:
 *   3 COPY_NSEC_TO_SEC  [0] memref in (non-secure) -> [1] memref out (secure)
 *   4 READ_MODIFY_SEC   [0] memref inout (secure): b := ~b + 1
 *   5 COPY_SEC_TO_NSEC  [0] memref in (secure) -> [1] memref out (non-secure)
 * and one of this project's: 0x100 TABLE_COUNTS (sessions, registrations).
 * Being a pseudo-TA, the framework refuses it secure memrefs from clients
 * that are not TAs (TEE_ERROR_BAD_PARAMETERS, origin TEE).
 */
#include "../optee/shm.h"
#include "pta_invoke_tests.h"
#include "sdp_ops.h"
#include "ta.h"
#include "ta_client.h"

#define PT_COPY TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, \
				TEE_PARAM_TYPE_MEMREF_OUTPUT, \
				TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE)
#define PT_MODIFY TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INOUT, \
				  TEE_PARAM_TYPE_NONE, \
				  TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE)
#define PT_COUNTS TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_OUTPUT, \
				  TEE_PARAM_TYPE_VALUE_OUTPUT, \
				  TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE)

static TEE_Result pta_invoke(void *sess_ctx, uint32_t cmd, uint32_t ptypes,
			     union ta_param p[TEE_NUM_PARAMS])
{
	(void)sess_ctx;
	switch (cmd) {
	case PTA_INVOKE_TESTS_CMD_COPY_NSEC_TO_SEC:
		if (ptypes != PT_COPY)
			return TEE_ERROR_BAD_PARAMETERS;
		return sdp_copy(&p[1].memref, &p[0].memref,
				TEE_MEMORY_ACCESS_SECURE,
				TEE_MEMORY_ACCESS_NONSECURE,
				TEE_ERROR_BAD_PARAMETERS);
	case PTA_INVOKE_TESTS_CMD_READ_MODIFY_SEC:
		if (ptypes != PT_MODIFY)
			return TEE_ERROR_BAD_PARAMETERS;
		return sdp_transform(&p[0].memref, TEE_ERROR_BAD_PARAMETERS);
	case PTA_INVOKE_TESTS_CMD_COPY_SEC_TO_NSEC:
		if (ptypes != PT_COPY)
			return TEE_ERROR_BAD_PARAMETERS;
		return sdp_copy(&p[1].memref, &p[0].memref,
				TEE_MEMORY_ACCESS_NONSECURE,
				TEE_MEMORY_ACCESS_SECURE,
				TEE_ERROR_BAD_PARAMETERS);
	case PTA_INVOKE_TESTS_CMD_TABLE_COUNTS:
		if (ptypes != PT_COUNTS)
			return TEE_ERROR_BAD_PARAMETERS;
		p[0].value.a = ta_session_count();
		p[0].value.b = shm_count();
		p[1].value.a = shm_pool_used();
		p[1].value.b = 0;
		return TEE_SUCCESS;
	default:
		return TEE_ERROR_BAD_PARAMETERS;
	}
}

const struct ta_desc pta_invoke_tests = {
	.name = "invoke_tests.pta",
	.uuid = PTA_INVOKE_TESTS_UUID,
	.flags = TA_FLAG_PSEUDO,
	.invoke = pta_invoke,
};

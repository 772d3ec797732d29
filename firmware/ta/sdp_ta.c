// SPDX-License-Identifier: GPL-2.0
/*
 * The SDP test TA (UUID 12345678-5b69-11e4-9dbb-101f74f00099), speaking the
 * protocol of OP-TEE's optee_test ta/sdp_basic:
 *   0 INJECT     [0] memref in (non-secure) -> [1] memref out (secure)
 *   1 TRANSFORM  [0] memref inout (secure): b := ~b + 1
 *   2 DUMP       [0] memref in (secure) -> [1] memref out (non-secure)
 *   3..5         the same, through a TA-to-TA session to itself
 *   6..8         the same, through the invoke-tests pseudo-TA (cmds 3..5)
 */
#include "pta_invoke_tests.h"
#include "sdp_ops.h"
#include "sdp_ta.h"
#include "ta.h"

#define PT_COPY TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, \
				TEE_PARAM_TYPE_MEMREF_OUTPUT, \
				TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE)
#define PT_TRANSFORM TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INOUT, \
				     TEE_PARAM_TYPE_NONE, \
				     TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE)

static TEE_Result cmd_inject(uint32_t ptypes, union ta_param p[])
{
	if (ptypes != PT_COPY)
		return TEE_ERROR_BAD_PARAMETERS;
	return sdp_copy(&p[1].memref, &p[0].memref, TEE_MEMORY_ACCESS_SECURE,
			TEE_MEMORY_ACCESS_NONSECURE, TEE_ERROR_ACCESS_DENIED);
}

static TEE_Result cmd_transform(uint32_t ptypes, union ta_param p[])
{
	if (ptypes != PT_TRANSFORM)
		return TEE_ERROR_BAD_PARAMETERS;
	return sdp_transform(&p[0].memref, TEE_ERROR_ACCESS_DENIED);
}

static TEE_Result cmd_dump(uint32_t ptypes, union ta_param p[])
{
	if (ptypes != PT_COPY)
		return TEE_ERROR_BAD_PARAMETERS;
	return sdp_copy(&p[1].memref, &p[0].memref,
			TEE_MEMORY_ACCESS_NONSECURE, TEE_MEMORY_ACCESS_SECURE,
			TEE_ERROR_ACCESS_DENIED);
}

/* Open a session to @uuid, forward @cmd with our params, close it. */
static TEE_Result forward(const TEE_UUID *uuid, uint32_t cmd, uint32_t ptypes,
			  union ta_param p[])
{
	ta_session_t sess;
	TEE_Result res;

	res = ta_open_ta_session(uuid, TEE_PARAM_TYPES(0, 0, 0, 0), NULL,
				 &sess, NULL);
	if (res)
		return res;
	res = ta_invoke_ta_command(sess, cmd, ptypes, p, NULL);
	ta_close_ta_session(sess);
	return res;
}

static TEE_Result sdp_invoke(void *sess_ctx, uint32_t cmd, uint32_t ptypes,
			     union ta_param p[TEE_NUM_PARAMS])
{
	static const TEE_UUID pta = PTA_INVOKE_TESTS_UUID;

	(void)sess_ctx;
	switch (cmd) {
	case TA_SDP_BASIC_CMD_INJECT:
		return cmd_inject(ptypes, p);
	case TA_SDP_BASIC_CMD_TRANSFORM:
		return cmd_transform(ptypes, p);
	case TA_SDP_BASIC_CMD_DUMP:
		return cmd_dump(ptypes, p);
	case TA_SDP_BASIC_CMD_INVOKE_INJECT:
	case TA_SDP_BASIC_CMD_INVOKE_TRANSFORM:
	case TA_SDP_BASIC_CMD_INVOKE_DUMP:
		return forward(ta_current_uuid(),
			       cmd - TA_SDP_BASIC_CMD_INVOKE_INJECT +
			       TA_SDP_BASIC_CMD_INJECT, ptypes, p);
	case TA_SDP_BASIC_CMD_PTA_INJECT:
	case TA_SDP_BASIC_CMD_PTA_TRANSFORM:
	case TA_SDP_BASIC_CMD_PTA_DUMP:
		return forward(&pta, cmd - TA_SDP_BASIC_CMD_PTA_INJECT +
			       PTA_INVOKE_TESTS_CMD_COPY_NSEC_TO_SEC,
			       ptypes, p);
	default:
		return TEE_ERROR_BAD_PARAMETERS;
	}
}

const struct ta_desc sdp_basic_ta = {
	.name = "sdp_basic",
	.uuid = TA_SDP_BASIC_UUID,
	.invoke = sdp_invoke,
};

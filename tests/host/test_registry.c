// SPDX-License-Identifier: GPL-2.0
/*
 * The host unit tests' TA registry: the real built-in TAs plus a test TA
 * that pokes at the framework (values, recursion depth, leaked sessions,
 * narrowed rights). Stands in for firmware/ta/ta_builtin.c.
 */
#include "../../firmware/ta/sdp_ta.h"
#include "../../firmware/ta/ta.h"
#include "test_ta.h"

extern const struct ta_desc jpeg_engine_ta;
extern const struct ta_desc pta_device;
extern const struct ta_desc pta_invoke_tests;
extern const struct ta_desc pta_rmem;
extern const struct ta_desc sdp_basic_ta;
extern const struct ta_desc sdp_video_ta;

struct ta_identity test_last_client;

static TEE_Result test_open(const struct ta_identity *client, uint32_t ptypes,
			    union ta_param p[TEE_NUM_PARAMS], void **ctx)
{
	test_last_client = *client;
	if (TEE_PARAM_TYPE_GET(ptypes, 0) == TEE_PARAM_TYPE_VALUE_INPUT &&
	    p[0].value.a == TEST_TA_OPEN_REFUSE)
		return TEE_ERROR_ACCESS_DENIED;
	*ctx = (void *)(uintptr_t)client->login;
	return TEE_SUCCESS;
}

static TEE_Result test_invoke(void *ctx, uint32_t cmd, uint32_t ptypes,
			      union ta_param p[TEE_NUM_PARAMS])
{
	static const TEE_UUID sdp = TA_SDP_BASIC_UUID;
	ta_session_t s;
	TEE_Result res;
	unsigned int i;

	switch (cmd) {
	case TEST_TA_CMD_VALUES:
		for (i = 0; i < TEE_NUM_PARAMS; i++) {
			uint32_t t = TEE_PARAM_TYPE_GET(ptypes, i);

			if (t == TEE_PARAM_TYPE_VALUE_INOUT) {
				p[i].value.a += 1;
				p[i].value.b += 2;
			} else if (t == TEE_PARAM_TYPE_VALUE_OUTPUT) {
				if (p[i].value.a || p[i].value.b)
					return TEE_ERROR_SECURITY;
				p[i].value.a = 0x11;
				p[i].value.b = 0x22;
			} else if (t == TEE_PARAM_TYPE_VALUE_INPUT) {
				p[i].value.a = 0xbad;	/* must not leak out */
			}
		}
		return TEE_SUCCESS;
	case TEST_TA_CMD_RECURSE:
		res = ta_open_ta_session(ta_current_uuid(), 0, NULL, &s, NULL);
		if (res)
			return res;
		res = ta_invoke_ta_command(s, TEST_TA_CMD_RECURSE, 0, NULL,
					   NULL);
		ta_close_ta_session(s);
		return res;
	case TEST_TA_CMD_LEAK:
		return ta_open_ta_session(&sdp, 0, NULL, &s, NULL);
	case TEST_TA_CMD_NARROW:
		/* a session we don't own (here: none) is refused */
		if (ta_invoke_ta_command(0, 0, 0, NULL, NULL) !=
		    TEE_ERROR_BAD_PARAMETERS)
			return TEE_ERROR_GENERIC;
		res = ta_open_ta_session(&sdp, 0, NULL, &s, NULL);
		if (res)
			return res;
		res = ta_invoke_ta_command(s, TA_SDP_BASIC_CMD_TRANSFORM,
					   TEE_PARAM_TYPES(
						TEE_PARAM_TYPE_MEMREF_INOUT,
						0, 0, 0), p, NULL);
		ta_close_ta_session(s);
		return res;
	case TEST_TA_CMD_WHOAMI:
		if (ptypes != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_OUTPUT,
					      0, 0, 0))
			return TEE_ERROR_BAD_PARAMETERS;
		p[0].value.a = (uint32_t)(uintptr_t)ctx;
		return TEE_SUCCESS;
	default:
		return TEE_ERROR_NOT_IMPLEMENTED;
	}
}

static const struct ta_desc test_ta = {
	.name = "test",
	.uuid = TEST_TA_UUID,
	.open_session = test_open,
	.invoke = test_invoke,
};

const struct ta_desc *const ta_builtin[] = {
	&pta_device,
	&pta_invoke_tests,
	&pta_rmem,
	&sdp_basic_ta,
	&sdp_video_ta,
	&jpeg_engine_ta,
	&test_ta,
};

const unsigned int ta_builtin_count =
	sizeof(ta_builtin) / sizeof(ta_builtin[0]);

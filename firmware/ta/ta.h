/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The built-in Trusted Application framework: what a TA implements and
 * what it may call.
 *
 * A TA is a struct ta_desc (UUID, entry points) listed in ta_builtin.c.
 * Its entry points get GP parameter types (TEE_PARAM_TYPES()) and four
 * union ta_param: values, or memrefs (memref.h) already checked by the
 * framework and the layer below it. A TA knows nothing of the transport
 * (SMC registers, OP-TEE messages) that carried the call.
 *
 * TAs run to completion, one call at a time, on the secure stack of the
 * caller. A TA may call another TA (or itself) through a session it opens
 * with ta_open_ta_session(); the callee sees the client login
 * TEE_LOGIN_TRUSTED_APP and the caller's UUID.
 */
#ifndef TA_TA_H
#define TA_TA_H

#include <stdint.h>

#include "memref.h"
#include "tee_api.h"

union ta_param {
	struct {
		uint32_t a;
		uint32_t b;
	} value;
	struct memref memref;
};

/* Pseudo-TA: part of the TEE core; refuses secure memrefs from non-TAs. */
#define TA_FLAG_PSEUDO		0x1u

struct ta_desc {
	const char *name;
	TEE_UUID uuid;
	uint32_t flags;			/* TA_FLAG_* */
	/* Optional; *sess_ctx starts NULL and is handed back later. */
	TEE_Result (*open_session)(const struct ta_identity *client,
				   uint32_t ptypes,
				   union ta_param params[TEE_NUM_PARAMS],
				   void **sess_ctx);
	/* Optional. */
	void (*close_session)(void *sess_ctx);
	TEE_Result (*invoke)(void *sess_ctx, uint32_t cmd, uint32_t ptypes,
			     union ta_param params[TEE_NUM_PARAMS]);
};

/* The built-in TAs (ta_builtin.c). */
extern const struct ta_desc *const ta_builtin[];
extern const unsigned int ta_builtin_count;

/*
 * TA-to-TA sessions (GP TEE_OpenTASession() and friends), for use inside a
 * TA entry point. @origin (may be NULL) receives the origin of the result.
 * Params are copied for the callee; outputs (value, memref size) are copied
 * back to @params. A callee only gets the memref rights that its declared
 * direction allows and that the caller had.
 */
typedef uint32_t ta_session_t;

TEE_Result ta_open_ta_session(const TEE_UUID *uuid, uint32_t ptypes,
			      union ta_param params[TEE_NUM_PARAMS],
			      ta_session_t *session, uint32_t *origin);
TEE_Result ta_invoke_ta_command(ta_session_t session, uint32_t cmd,
				uint32_t ptypes,
				union ta_param params[TEE_NUM_PARAMS],
				uint32_t *origin);
void ta_close_ta_session(ta_session_t session);

/* UUID of the TA whose entry point is running (for TAs that call self). */
const TEE_UUID *ta_current_uuid(void);

#endif /* TA_TA_H */

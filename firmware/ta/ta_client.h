/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The TA framework as seen by a transport (firmware/optee): sessions of
 * normal-world clients. The transport has validated everything that came
 * from the normal world and passes typed values: a TA UUID, the client
 * identity, GP parameter types and params whose memrefs are checked views.
 *
 * Results follow GP: the return value is the TEE_Result the client sees,
 * *origin says who produced it (TEE_ORIGIN_TEE for the framework,
 * TEE_ORIGIN_TRUSTED_APP for the TA). On return, params hold the outputs
 * (values, memref sizes) of the call, also when it failed.
 */
#ifndef TA_TA_CLIENT_H
#define TA_TA_CLIENT_H

#include <stdint.h>

#include "ta.h"

/* Sessions the normal world may hold at once (TA-to-TA ones are apart). */
#define TA_MAX_CLIENT_SESSIONS	32
#define TA_MAX_TA_SESSIONS	16
/* TA entry points on the stack at once: a client call and nested TA calls. */
#define TA_MAX_CALL_DEPTH	4

TEE_Result ta_client_open_session(const TEE_UUID *uuid,
				  const struct ta_identity *client,
				  uint32_t ptypes,
				  union ta_param params[TEE_NUM_PARAMS],
				  uint32_t *session, uint32_t *origin);
TEE_Result ta_client_invoke(uint32_t session, uint32_t cmd, uint32_t ptypes,
			    union ta_param params[TEE_NUM_PARAMS],
			    uint32_t *origin);
/* TEE_SUCCESS, or TEE_ERROR_ITEM_NOT_FOUND for an unknown session (as OP-TEE). */
TEE_Result ta_client_close_session(uint32_t session);

/* Forget every session without calling any TA (tests, reset). */
void ta_reset(void);
/* Number of open sessions, all owners (tests, diagnostics). */
unsigned int ta_session_count(void);
/* Windows holding a reservation (ta.h); 0 between calls. */
unsigned int ta_windows_reserved(void);

#endif /* TA_TA_CLIENT_H */

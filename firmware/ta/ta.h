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

/*
 * Two secure threads may be in the TEE at once (optee/thread.h), but only
 * one holds the TEE core lock, and every entry point runs holding it: TA
 * code, the frame log, the session table and the shared-memory registry
 * see one call at a time. A TA lets the lock go only inside a window,
 * around a long computation:
 *
 *	ta_window_reserve(&w, ranges, n);	may wait: lock let go
 *	... checks that read the reserved memory or shared state ...
 *	ta_window_enter(&w);			lock let go
 *	... compute: only the reserved ranges and the stack ...
 *	ta_window_leave(&w);			lock taken again
 *	... shared state (frame log) updated ...
 *	ta_window_release(&w);
 *
 * A reservation is exclusive: no other window overlaps it, and an entry
 * point whose secure memrefs overlap it waits before it starts (so a
 * scrub, a decrypt or a copy never touches memory a window computes on).
 * Between reserve and enter, and after leave, the TA must look again at
 * anything another thread may have changed while the lock was let go.
 */
struct ta_range {
	uintptr_t start;
	uintptr_t len;
};

#define TA_WINDOW_RANGES	2

struct ta_window {
	unsigned int slot;
	unsigned int depth;
	void *session;
	unsigned long locks;	/* ta_core_locks() at enter */
};

void ta_window_reserve(struct ta_window *w, const struct ta_range *r,
		       unsigned int n);
void ta_window_enter(struct ta_window *w);
void ta_window_leave(struct ta_window *w);
void ta_window_release(struct ta_window *w);

/*
 * Wait until no window overlaps @r[0..@n): for secure memory an entry
 * point reaches other than through its memref params (those are claimed
 * before it starts).
 */
void ta_claim(const struct ta_range *r, unsigned int n);

/* The whole of contiguous memref @m (len 0: nothing, or not contiguous). */
void ta_range_of(const struct memref *m, struct ta_range *r);

/* The TEE core lock (optee/thread.c; a stand-in in the host tests). */
void ta_core_lock(void);
void ta_core_unlock(void);
/* Let the lock go until another thread makes progress, then take it. */
void ta_core_wait(void);
/* How many times the lock was taken so far. */
unsigned long ta_core_locks(void);

/*
 * Windows entered so far, and those during which another thread took the
 * TEE core lock (worked while this one computed).
 */
void ta_window_counts(unsigned long *entered, unsigned long *overlapped);

#endif /* TA_TA_H */

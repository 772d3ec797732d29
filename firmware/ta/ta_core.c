// SPDX-License-Identifier: GPL-2.0
/*
 * TA framework core: the TA registry lookup, the session table (sessions of
 * normal-world clients and TA-to-TA sessions), parameter hand-over between
 * caller and callee, the pseudo-TA memref rule, and the windows in which a
 * TA computes without the TEE core lock (ta.h).
 *
 * Everything here runs holding the core lock. Where it lets the lock go
 * (waiting for a window, or in one), another thread may run entry points
 * meanwhile: @current and @depth describe the thread holding the lock and
 * are put back when a thread takes it again; a session that an entry point
 * is using is busy, and closing it waits until it is not.
 */
#include <string.h>

#include "fw.h"
#include "ta.h"
#include "ta_client.h"

#define TA_MAX_SESSIONS		(TA_MAX_CLIENT_SESSIONS + TA_MAX_TA_SESSIONS)
#define OWNER_CLIENT		0u	/* session of a normal-world client */

struct ta_session {
	uint32_t id;			/* 0: slot free */
	uint32_t owner;			/* OWNER_CLIENT or the opener's id */
	const struct ta_desc *ta;
	struct ta_identity client;
	void *ctx;			/* the TA's session context */
	unsigned int busy;		/* entry points running in it */
};

/* A window's reserved ranges; one window per thread at most. */
#define TA_MAX_WINDOWS		4

struct window_slot {
	bool used;
	unsigned int n;
	struct ta_range r[TA_WINDOW_RANGES];
};

static struct ta_session sessions[TA_MAX_SESSIONS];
static uint32_t last_id;
static struct ta_session *current;	/* session whose TA is running */
static unsigned int depth;		/* TA entry points on the stack */
static struct window_slot windows[TA_MAX_WINDOWS];
static unsigned long windows_entered, windows_overlapped;

static bool ranges_overlap(const struct ta_range *a, const struct ta_range *b)
{
	return a->len && b->len && a->start < b->start + b->len &&
	       b->start < a->start + a->len;
}

/* Does a reserved window overlap one of @r[0..@n)? */
static bool reserved(const struct ta_range *r, unsigned int n)
{
	unsigned int i, j, k;

	for (i = 0; i < TA_MAX_WINDOWS; i++)
		for (j = 0; windows[i].used && j < windows[i].n; j++)
			for (k = 0; k < n; k++)
				if (ranges_overlap(&windows[i].r[j], &r[k]))
					return true;
	return false;
}

/*
 * Around letting the core lock go: this thread's state is kept in @w and
 * put back once it holds the lock again. Whoever takes the lock meanwhile
 * starts from none: a new call, or a thread that puts back its own.
 */
static void keep_state(struct ta_window *w)
{
	w->session = current;
	w->depth = depth;
	current = NULL;
	depth = 0;
}

static void restore_state(const struct ta_window *w)
{
	current = w->session;
	depth = w->depth;
}

/* Let the core lock go until another thread moves on. */
static void core_wait(void)
{
	struct ta_window saved;

	keep_state(&saved);
	ta_core_wait();
	restore_state(&saved);
}

void ta_window_reserve(struct ta_window *w, const struct ta_range *r,
		       unsigned int n)
{
	unsigned int i;

	if (n > TA_WINDOW_RANGES)
		fw_panic("ta_window_reserve: %u ranges", n);
	for (;;) {
		for (i = 0; i < TA_MAX_WINDOWS && windows[i].used; i++)
			;
		if (i < TA_MAX_WINDOWS && !reserved(r, n))
			break;
		core_wait();
	}
	windows[i].used = true;
	windows[i].n = n;
	memcpy(windows[i].r, r, n * sizeof(*r));
	w->slot = i;
}

void ta_window_enter(struct ta_window *w)
{
	keep_state(w);
	w->locks = ta_core_locks();
	windows_entered++;
	ta_core_unlock();
}

void ta_window_leave(struct ta_window *w)
{
	ta_core_lock();
	restore_state(w);
	/* this thread's own lock is one */
	if (ta_core_locks() - w->locks > 1)
		windows_overlapped++;
}

void ta_window_counts(unsigned long *entered, unsigned long *overlapped)
{
	*entered = windows_entered;
	*overlapped = windows_overlapped;
}

void ta_window_release(struct ta_window *w)
{
	memset(&windows[w->slot], 0, sizeof(windows[w->slot]));
}

void ta_claim(const struct ta_range *r, unsigned int n)
{
	while (n && reserved(r, n))
		core_wait();
}

void ta_range_of(const struct memref *m, struct ta_range *r)
{
	r->start = m->bound ? (uintptr_t)memref_contig(m, m->bound, 0) : 0;
	r->len = r->start ? m->bound : 0;
}

/* Wait until no window overlaps the secure buffers of @p. */
static void claim_params(uint32_t ptypes, const union ta_param *p)
{
	struct ta_range r[TEE_NUM_PARAMS];
	unsigned int i, n = 0;

	for (i = 0; i < TEE_NUM_PARAMS; i++)
		if (tee_param_type_is_memref(TEE_PARAM_TYPE_GET(ptypes, i)) &&
		    memref_is_secure(&p[i].memref))
			ta_range_of(&p[i].memref, &r[n++]);
	ta_claim(r, n);
}
void tee_uuid_from_octets(TEE_UUID *uuid, const uint8_t o[16])
{
	uuid->timeLow = (uint32_t)o[0] << 24 | (uint32_t)o[1] << 16 |
			(uint32_t)o[2] << 8 | o[3];
	uuid->timeMid = (uint16_t)(o[4] << 8 | o[5]);
	uuid->timeHiAndVersion = (uint16_t)(o[6] << 8 | o[7]);
	memcpy(uuid->clockSeqAndNode, o + 8, 8);
}

void tee_uuid_to_octets(uint8_t o[16], const TEE_UUID *uuid)
{
	o[0] = (uint8_t)(uuid->timeLow >> 24);
	o[1] = (uint8_t)(uuid->timeLow >> 16);
	o[2] = (uint8_t)(uuid->timeLow >> 8);
	o[3] = (uint8_t)uuid->timeLow;
	o[4] = (uint8_t)(uuid->timeMid >> 8);
	o[5] = (uint8_t)uuid->timeMid;
	o[6] = (uint8_t)(uuid->timeHiAndVersion >> 8);
	o[7] = (uint8_t)uuid->timeHiAndVersion;
	memcpy(o + 8, uuid->clockSeqAndNode, 8);
}

bool tee_uuid_equal(const TEE_UUID *a, const TEE_UUID *b)
{
	return a->timeLow == b->timeLow && a->timeMid == b->timeMid &&
	       a->timeHiAndVersion == b->timeHiAndVersion &&
	       !memcmp(a->clockSeqAndNode, b->clockSeqAndNode, 8);
}

static const struct ta_desc *find_ta(const TEE_UUID *uuid)
{
	unsigned int i;

	for (i = 0; i < ta_builtin_count; i++)
		if (tee_uuid_equal(&ta_builtin[i]->uuid, uuid))
			return ta_builtin[i];
	return NULL;
}

static struct ta_session *find_session(uint32_t id, uint32_t owner)
{
	unsigned int i;

	if (!id)
		return NULL;
	for (i = 0; i < TA_MAX_SESSIONS; i++)
		if (sessions[i].id == id && sessions[i].owner == owner)
			return &sessions[i];
	return NULL;
}

/* Session @id of @owner once no entry point runs in it (NULL: gone). */
static struct ta_session *find_idle_session(uint32_t id, uint32_t owner)
{
	struct ta_session *s;

	while ((s = find_session(id, owner)) && s->busy)
		core_wait();
	return s;
}

static struct ta_session *alloc_session(uint32_t owner)
{
	struct ta_session *free_slot = NULL;
	unsigned int i, n = 0, limit;
	uint32_t id;
	bool used;

	for (i = 0; i < TA_MAX_SESSIONS; i++) {
		if (!sessions[i].id) {
			if (!free_slot)
				free_slot = &sessions[i];
		} else if ((sessions[i].owner == OWNER_CLIENT) ==
			   (owner == OWNER_CLIENT)) {
			n++;
		}
	}
	limit = owner == OWNER_CLIENT ? TA_MAX_CLIENT_SESSIONS :
					TA_MAX_TA_SESSIONS;
	if (!free_slot || n >= limit)
		return NULL;

	/* Next id that is neither 0 nor in use: at most TA_MAX_SESSIONS+1 tries. */
	do {
		id = ++last_id;
		used = !id;
		for (i = 0; i < TA_MAX_SESSIONS && !used; i++)
			used = sessions[i].id == id;
	} while (used);

	memset(free_slot, 0, sizeof(*free_slot));
	free_slot->id = id;
	free_slot->owner = owner;
	return free_slot;
}

static bool ptypes_valid(uint32_t ptypes)
{
	unsigned int i;
	uint32_t t;

	if (ptypes >> 16)
		return false;
	for (i = 0; i < TEE_NUM_PARAMS; i++) {
		t = TEE_PARAM_TYPE_GET(ptypes, i);
		if (t == 4 || t > TEE_PARAM_TYPE_MEMREF_INOUT)
			return false;
	}
	return true;
}

static uint8_t direction_access(uint32_t t)
{
	switch (t) {
	case TEE_PARAM_TYPE_MEMREF_INPUT:
		return MEMREF_ACCESS_READ;
	case TEE_PARAM_TYPE_MEMREF_OUTPUT:
		return MEMREF_ACCESS_WRITE;
	case TEE_PARAM_TYPE_MEMREF_INOUT:
		return MEMREF_ACCESS_READ | MEMREF_ACCESS_WRITE;
	default:
		return 0;
	}
}

/* The callee's copy of the params; rights narrowed to the direction. */
static TEE_Result params_in(uint32_t ptypes, const union ta_param *src,
			    union ta_param *dst)
{
	unsigned int i;
	uint32_t t;

	memset(dst, 0, sizeof(union ta_param) * TEE_NUM_PARAMS);
	if (!ptypes_valid(ptypes) || (!src && ptypes))
		return TEE_ERROR_BAD_PARAMETERS;
	for (i = 0; i < TEE_NUM_PARAMS; i++) {
		t = TEE_PARAM_TYPE_GET(ptypes, i);
		if (tee_param_type_is_memref(t)) {
			const struct memref *m = &src[i].memref;

			if (m->kind > MEMREF_KIND_SECURE ||
			    (m->kind != MEMREF_KIND_NULL && m->size > m->bound))
				return TEE_ERROR_BAD_PARAMETERS;
			dst[i].memref = *m;
			dst[i].memref.access &= direction_access(t);
		} else if (t == TEE_PARAM_TYPE_VALUE_INPUT ||
			   t == TEE_PARAM_TYPE_VALUE_INOUT) {
			dst[i].value = src[i].value;
		}
	}
	return TEE_SUCCESS;
}

static void params_out(uint32_t ptypes, const union ta_param *callee,
		       union ta_param *caller)
{
	unsigned int i;
	uint32_t t;

	for (i = 0; i < TEE_NUM_PARAMS; i++) {
		t = TEE_PARAM_TYPE_GET(ptypes, i);
		if (!tee_param_type_is_output(t))
			continue;
		if (tee_param_type_is_memref(t))
			caller[i].memref.size = callee[i].memref.size;
		else
			caller[i].value = callee[i].value;
	}
}

/*
 * A pseudo-TA is TEE core code: it serves secure data path memrefs only to
 * Trusted Applications, never straight to a normal-world client.
 */
static bool pseudo_ta_refuses(const struct ta_session *s, uint32_t ptypes,
			      const union ta_param *p)
{
	unsigned int i;

	if (!(s->ta->flags & TA_FLAG_PSEUDO) ||
	    s->client.login == TEE_LOGIN_TRUSTED_APP)
		return false;
	for (i = 0; i < TEE_NUM_PARAMS; i++)
		if (tee_param_type_is_memref(TEE_PARAM_TYPE_GET(ptypes, i)) &&
		    memref_is_secure(&p[i].memref))
			return true;
	return false;
}

enum ta_entry { ENTRY_OPEN, ENTRY_INVOKE };

/* Run a TA entry point for session @s; the framework's checks come first. */
static TEE_Result enter(struct ta_session *s, enum ta_entry entry,
			uint32_t cmd, uint32_t ptypes, union ta_param *params,
			uint32_t *origin)
{
	union ta_param local[TEE_NUM_PARAMS];
	struct ta_session *prev = current;
	TEE_Result res;

	*origin = TEE_ORIGIN_TEE;
	if (depth >= TA_MAX_CALL_DEPTH)
		return TEE_ERROR_BUSY;
	res = params_in(ptypes, params, local);
	if (res)
		return res;
	if (pseudo_ta_refuses(s, ptypes, local))
		return TEE_ERROR_BAD_PARAMETERS;

	s->busy++;
	claim_params(ptypes, local);
	depth++;
	current = s;
	if (entry == ENTRY_OPEN)
		res = s->ta->open_session ?
		      s->ta->open_session(&s->client, ptypes, local, &s->ctx) :
		      TEE_SUCCESS;
	else
		res = s->ta->invoke(s->ctx, cmd, ptypes, local);
	current = prev;
	depth--;
	s->busy--;

	if (params)
		params_out(ptypes, local, params);
	*origin = TEE_ORIGIN_TRUSTED_APP;
	return res;
}

/* Close the sessions that @owner's TA opened and left open, deepest first. */
static void close_children(uint32_t owner);

static void destroy_session(struct ta_session *s, bool call_close)
{
	struct ta_session *prev = current;

	if (call_close && s->ta->close_session) {
		depth++;
		current = s;
		s->ta->close_session(s->ctx);
		current = prev;
		depth--;
	}
	close_children(s->id);
	memset(s, 0, sizeof(*s));
}

static void close_children(uint32_t owner)
{
	struct ta_session *s;
	unsigned int i;

	for (i = 0; i < TA_MAX_SESSIONS; i++) {
		if (!sessions[i].id || sessions[i].owner != owner)
			continue;
		s = find_idle_session(sessions[i].id, owner);
		if (s)
			destroy_session(s, true);
	}
}

static TEE_Result open_session(const TEE_UUID *uuid,
			       const struct ta_identity *client,
			       uint32_t owner, uint32_t ptypes,
			       union ta_param *params, uint32_t *session,
			       uint32_t *origin)
{
	const struct ta_desc *ta;
	struct ta_session *s;
	TEE_Result res;

	*session = 0;
	*origin = TEE_ORIGIN_TEE;
	ta = find_ta(uuid);
	if (!ta)
		return TEE_ERROR_ITEM_NOT_FOUND;
	s = alloc_session(owner);
	if (!s)
		return TEE_ERROR_OUT_OF_MEMORY;
	s->ta = ta;
	s->client = *client;

	res = enter(s, ENTRY_OPEN, 0, ptypes, params, origin);
	if (res) {
		destroy_session(s, false);
		return res;
	}
	*session = s->id;
	return TEE_SUCCESS;
}

TEE_Result ta_client_open_session(const TEE_UUID *uuid,
				  const struct ta_identity *client,
				  uint32_t ptypes,
				  union ta_param params[TEE_NUM_PARAMS],
				  uint32_t *session, uint32_t *origin)
{
	if (client->login == TEE_LOGIN_TRUSTED_APP) {
		*session = 0;
		*origin = TEE_ORIGIN_TEE;
		return TEE_ERROR_BAD_PARAMETERS;
	}
	return open_session(uuid, client, OWNER_CLIENT, ptypes, params,
			    session, origin);
}

TEE_Result ta_client_invoke(uint32_t session, uint32_t cmd, uint32_t ptypes,
			    union ta_param params[TEE_NUM_PARAMS],
			    uint32_t *origin)
{
	struct ta_session *s = find_session(session, OWNER_CLIENT);

	if (!s) {
		*origin = TEE_ORIGIN_TEE;
		return TEE_ERROR_BAD_PARAMETERS;
	}
	return enter(s, ENTRY_INVOKE, cmd, ptypes, params, origin);
}

TEE_Result ta_client_close_session(uint32_t session)
{
	struct ta_session *s = find_idle_session(session, OWNER_CLIENT);

	if (!s)
		return TEE_ERROR_ITEM_NOT_FOUND;
	destroy_session(s, true);
	return TEE_SUCCESS;
}

TEE_Result ta_open_ta_session(const TEE_UUID *uuid, uint32_t ptypes,
			      union ta_param params[TEE_NUM_PARAMS],
			      ta_session_t *session, uint32_t *origin)
{
	struct ta_identity client = { .login = TEE_LOGIN_TRUSTED_APP };
	uint32_t orig, id = 0;
	TEE_Result res;

	if (!current) {
		res = TEE_ERROR_BAD_STATE;
		orig = TEE_ORIGIN_TEE;
	} else {
		client.uuid = current->ta->uuid;
		res = open_session(uuid, &client, current->id, ptypes, params,
				   &id, &orig);
	}
	*session = id;
	if (origin)
		*origin = orig;
	return res;
}

TEE_Result ta_invoke_ta_command(ta_session_t session, uint32_t cmd,
				uint32_t ptypes,
				union ta_param params[TEE_NUM_PARAMS],
				uint32_t *origin)
{
	struct ta_session *s = current ? find_session(session, current->id) :
					 NULL;
	uint32_t orig = TEE_ORIGIN_TEE;
	TEE_Result res = TEE_ERROR_BAD_PARAMETERS;

	if (s)
		res = enter(s, ENTRY_INVOKE, cmd, ptypes, params, &orig);
	if (origin)
		*origin = orig;
	return res;
}

void ta_close_ta_session(ta_session_t session)
{
	struct ta_session *s = current ?
			       find_idle_session(session, current->id) : NULL;

	if (s)
		destroy_session(s, true);
}

const TEE_UUID *ta_current_uuid(void)
{
	return current ? &current->ta->uuid : NULL;
}

void ta_reset(void)
{
	memset(sessions, 0, sizeof(sessions));
	memset(windows, 0, sizeof(windows));
	windows_entered = 0;
	windows_overlapped = 0;
	last_id = 0;
	current = NULL;
	depth = 0;
}

unsigned int ta_windows_reserved(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < TA_MAX_WINDOWS; i++)
		n += windows[i].used;
	return n;
}

unsigned int ta_session_count(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < TA_MAX_SESSIONS; i++)
		n += sessions[i].id != 0;
	return n;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Standard calls: the boundary where an OP-TEE message from the normal
 * world is fetched, validated once and turned into typed calls of the TA
 * framework (ta_client.h) and of the shared memory registry (shm.h).
 *
 * Rules, in order:
 * - the message lies in non-secure RAM: 8-byte aligned, header and all
 *   num_params (<= OPTEE_MSG_MAX_PARAMS) parameters inside, no overflow;
 *   otherwise the SMC fails with EBADADDR and nothing is written;
 * - it is copied into secure memory once and only the copy is parsed;
 * - every parameter attribute is an exact known value (no stray META,
 *   NONCONTIG or cache bits); values pass through; a TMEM is classified
 *   as OP-TEE does it (memclass.h): buf_ptr 0 is a NULL memref, which
 *   reaches the TA with size 0, and any other range must lie wholly in
 *   one SDP range (there is no static shared memory, so normal RAM as a
 *   TMEM is refused); an RMEM names a registered cookie and a range
 *   inside that registration, non-secure memory by construction;
 * - a refused parameter is TEE_ERROR_BAD_PARAMETERS, origin TEE, and no
 *   TA is called;
 * - the secure copy, updated with the results (ret, ret_origin, session,
 *   output values and memref sizes), is written back over the normal
 *   world's message at the end: what the normal world changed meanwhile is
 *   ignored and overwritten.
 * An unknown command fails the SMC with EBADCMD, nothing written.
 */
#include <stdbool.h>
#include <string.h>

#include "fw.h"
#include "memclass.h"
#include "optee_entry.h"
#include "optee_msg.h"
#include "optee_smc_defs.h"
#include "shm.h"
#include "../ta/ta_client.h"

/* Calls between their start and end below (the TEE core lock held). */
static unsigned int calls_in_flight;

unsigned int optee_calls_in_flight(void)
{
	return calls_in_flight;
}

/* The secure copy of a message: one per call, on its thread's stack. */
union msg_copy {
	struct optee_msg_arg arg;
	uint8_t bytes[OPTEE_MSG_GET_ARG_SIZE(OPTEE_MSG_MAX_PARAMS)];
};

static uint8_t direction_access(uint32_t ptype)
{
	switch (ptype) {
	case TEE_PARAM_TYPE_MEMREF_INPUT:
		return MEMREF_ACCESS_READ;
	case TEE_PARAM_TYPE_MEMREF_OUTPUT:
		return MEMREF_ACCESS_WRITE;
	default:
		return MEMREF_ACCESS_READ | MEMREF_ACCESS_WRITE;
	}
}

static TEE_Result import_tmem(const struct optee_msg_param_tmem *t,
			      uint8_t access, struct memref *m)
{
	switch (memclass_tmem(t->buf_ptr, t->size)) {
	case TMEM_NULL:
		/* OP-TEE drops the size: the TA sees 0 */
		memref_init_null(m, 0);
		return TEE_SUCCESS;
	case TMEM_SDP:
		memref_init_contig(m, MEMREF_KIND_SECURE, access, t->buf_ptr,
				   t->size);
		return TEE_SUCCESS;
	default:
		return TEE_ERROR_BAD_PARAMETERS;
	}
}

/* GP params from @n message params (not meta). */
static TEE_Result import_params(const struct optee_msg_param *mp, uint32_t n,
				uint32_t *ptypes, union ta_param *tp)
{
	TEE_Result res = TEE_SUCCESS;
	uint32_t i, t;

	*ptypes = 0;
	memset(tp, 0, sizeof(*tp) * TEE_NUM_PARAMS);
	if (n > TEE_NUM_PARAMS)
		return TEE_ERROR_BAD_PARAMETERS;
	for (i = 0; i < n && !res; i++) {
		const uint64_t attr = mp[i].attr;

		switch (attr) {
		case OPTEE_MSG_ATTR_TYPE_NONE:
			t = TEE_PARAM_TYPE_NONE;
			break;
		case OPTEE_MSG_ATTR_TYPE_VALUE_INPUT:
		case OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT:
		case OPTEE_MSG_ATTR_TYPE_VALUE_INOUT:
			t = TEE_PARAM_TYPE_VALUE_INPUT +
			    (uint32_t)(attr - OPTEE_MSG_ATTR_TYPE_VALUE_INPUT);
			tp[i].value.a = (uint32_t)mp[i].u.value.a;
			tp[i].value.b = (uint32_t)mp[i].u.value.b;
			break;
		case OPTEE_MSG_ATTR_TYPE_TMEM_INPUT:
		case OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT:
		case OPTEE_MSG_ATTR_TYPE_TMEM_INOUT:
			t = TEE_PARAM_TYPE_MEMREF_INPUT +
			    (uint32_t)(attr - OPTEE_MSG_ATTR_TYPE_TMEM_INPUT);
			res = import_tmem(&mp[i].u.tmem, direction_access(t),
					  &tp[i].memref);
			break;
		case OPTEE_MSG_ATTR_TYPE_RMEM_INPUT:
		case OPTEE_MSG_ATTR_TYPE_RMEM_OUTPUT:
		case OPTEE_MSG_ATTR_TYPE_RMEM_INOUT:
			t = TEE_PARAM_TYPE_MEMREF_INPUT +
			    (uint32_t)(attr - OPTEE_MSG_ATTR_TYPE_RMEM_INPUT);
			res = shm_memref(mp[i].u.rmem.shm_ref, mp[i].u.rmem.offs,
					 mp[i].u.rmem.size, direction_access(t),
					 &tp[i].memref);
			break;
		default:
			return TEE_ERROR_BAD_PARAMETERS;
		}
		*ptypes |= t << (4 * i);
	}
	return res;
}

/* Outputs back into the message copy: values and memref sizes. */
static void export_params(struct optee_msg_param *mp, uint32_t n,
			  uint32_t ptypes, const union ta_param *tp)
{
	uint32_t i, t;

	for (i = 0; i < n && i < TEE_NUM_PARAMS; i++) {
		t = TEE_PARAM_TYPE_GET(ptypes, i);
		if (!tee_param_type_is_output(t))
			continue;
		if (tee_param_type_is_memref(t)) {
			/* tmem.size and rmem.size share their place */
			mp[i].u.tmem.size = tp[i].memref.size;
		} else {
			mp[i].u.value.a = tp[i].value.a;
			mp[i].u.value.b = tp[i].value.b;
		}
	}
}

static TEE_Result client_identity(const struct optee_msg_param *meta,
				  struct ta_identity *client)
{
	uint64_t login = meta->u.value.c;

	memset(client, 0, sizeof(*client));
	switch (login) {
	case TEE_LOGIN_PUBLIC:
		break;
	case TEE_LOGIN_USER:
	case TEE_LOGIN_GROUP:
	case TEE_LOGIN_APPLICATION:
	case TEE_LOGIN_APPLICATION_USER:
	case TEE_LOGIN_APPLICATION_GROUP:
		tee_uuid_from_octets(&client->uuid, meta->u.octets);
		break;
	default:
		/* In-kernel clients; never "trusted app" from this side. */
		if (login < TEE_LOGIN_REE_KERNEL_MIN ||
		    login > TEE_LOGIN_REE_KERNEL_MAX)
			return TEE_ERROR_BAD_PARAMETERS;
		break;
	}
	client->login = (uint32_t)login;
	return TEE_SUCCESS;
}

static void cmd_open_session(struct optee_msg_arg *arg)
{
	const uint64_t meta = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT |
			      OPTEE_MSG_ATTR_META;
	union ta_param p[TEE_NUM_PARAMS];
	struct ta_identity client;
	uint32_t ptypes, session = 0, origin = TEE_ORIGIN_TEE;
	uint32_t n = arg->num_params;
	TEE_UUID uuid;
	TEE_Result res;

	if (n < 2 || arg->params[0].attr != meta ||
	    arg->params[1].attr != meta) {
		res = TEE_ERROR_BAD_PARAMETERS;
		goto out;
	}
	tee_uuid_from_octets(&uuid, arg->params[0].u.octets);
	res = client_identity(&arg->params[1], &client);
	if (res)
		goto out;
	res = import_params(arg->params + 2, n - 2, &ptypes, p);
	if (res)
		goto out;
	res = ta_client_open_session(&uuid, &client, ptypes, p, &session,
				     &origin);
	export_params(arg->params + 2, n - 2, ptypes, p);
out:
	arg->session = session;
	arg->ret = res;
	arg->ret_origin = origin;
}

static void cmd_invoke(struct optee_msg_arg *arg)
{
	union ta_param p[TEE_NUM_PARAMS];
	uint32_t ptypes, origin = TEE_ORIGIN_TEE;
	TEE_Result res;

	res = import_params(arg->params, arg->num_params, &ptypes, p);
	if (!res) {
		res = ta_client_invoke(arg->session, arg->func, ptypes, p,
				       &origin);
		export_params(arg->params, arg->num_params, ptypes, p);
	}
	arg->ret = res;
	arg->ret_origin = origin;
}

static void cmd_close_session(struct optee_msg_arg *arg)
{
	arg->ret = arg->num_params ? TEE_ERROR_BAD_PARAMETERS :
				     ta_client_close_session(arg->session);
	arg->ret_origin = TEE_ORIGIN_TEE;
}

/* Calls run to completion: there is never anything to cancel. */
static void cmd_cancel(struct optee_msg_arg *arg)
{
	arg->ret = arg->num_params ? TEE_ERROR_BAD_PARAMETERS : TEE_SUCCESS;
	arg->ret_origin = TEE_ORIGIN_TEE;
}

/* One TMEM param with NONCONTIG: tmem.buf_ptr is the page list. */
static bool is_register_param(const struct optee_msg_arg *arg)
{
	uint64_t attr, type;

	if (arg->num_params != 1)
		return false;
	attr = arg->params[0].attr;
	type = attr & OPTEE_MSG_ATTR_TYPE_MASK;
	return (attr & ~OPTEE_MSG_ATTR_TYPE_MASK) == OPTEE_MSG_ATTR_NONCONTIG &&
	       type >= OPTEE_MSG_ATTR_TYPE_TMEM_INPUT &&
	       type <= OPTEE_MSG_ATTR_TYPE_TMEM_INOUT;
}

static void cmd_register_shm(struct optee_msg_arg *arg)
{
	const struct optee_msg_param *p = &arg->params[0];

	arg->ret_origin = TEE_ORIGIN_TEE;
	if (!is_register_param(arg)) {
		arg->ret = TEE_ERROR_BAD_PARAMETERS;
		return;
	}
	arg->ret = shm_register(p->u.tmem.shm_ref, p->u.tmem.buf_ptr,
				p->u.tmem.size);
	if (arg->ret)
		fw_log("optee: REGISTER_SHM of %llu bytes refused: %x\n",
		       (unsigned long long)p->u.tmem.size, arg->ret);
}

static void cmd_unregister_shm(struct optee_msg_arg *arg)
{
	arg->ret_origin = TEE_ORIGIN_TEE;
	if (arg->num_params != 1 ||
	    arg->params[0].attr != OPTEE_MSG_ATTR_TYPE_RMEM_INPUT) {
		arg->ret = TEE_ERROR_BAD_PARAMETERS;
		return;
	}
	arg->ret = shm_unregister(arg->params[0].u.rmem.shm_ref);
}

/* Run the command of @arg; false if there is no such command. */
static bool serve(struct optee_msg_arg *arg)
{
	switch (arg->cmd) {
	case OPTEE_MSG_CMD_OPEN_SESSION:
		cmd_open_session(arg);
		return true;
	case OPTEE_MSG_CMD_INVOKE_COMMAND:
		cmd_invoke(arg);
		return true;
	case OPTEE_MSG_CMD_CLOSE_SESSION:
		cmd_close_session(arg);
		return true;
	case OPTEE_MSG_CMD_CANCEL:
		cmd_cancel(arg);
		return true;
	case OPTEE_MSG_CMD_REGISTER_SHM:
		cmd_register_shm(arg);
		return true;
	case OPTEE_MSG_CMD_UNREGISTER_SHM:
		cmd_unregister_shm(arg);
		return true;
	default:
		return false;
	}
}

uint32_t optee_entry_std(uint64_t arg_pa)
{
	union msg_copy msg;
	bool known;
	struct optee_msg_arg *arg = &msg.arg;
	uint32_t n;
	size_t size;

	if (arg_pa & 7 || !memclass_is_nsec(arg_pa, sizeof(*arg))) {
		fw_log("optee: message at %llx refused: not in non-secure RAM\n",
		       (unsigned long long)arg_pa);
		return OPTEE_SMC_RETURN_EBADADDR;
	}
	memcpy(arg, fw_phys_to_ptr(arg_pa), sizeof(*arg));
	n = arg->num_params;
	if (n > OPTEE_MSG_MAX_PARAMS) {
		fw_log("optee: message with %u params refused\n", n);
		return OPTEE_SMC_RETURN_EBADADDR;
	}
	size = OPTEE_MSG_GET_ARG_SIZE(n);
	if (!memclass_is_nsec(arg_pa, size)) {
		fw_log("optee: message at %llx refused: not in non-secure RAM\n",
		       (unsigned long long)arg_pa);
		return OPTEE_SMC_RETURN_EBADADDR;
	}
	if (n)
		memcpy(arg->params, fw_phys_to_ptr(arg_pa + sizeof(*arg)),
		       size - sizeof(*arg));

	calls_in_flight++;
	known = serve(arg);
	calls_in_flight--;
	if (!known)
		return OPTEE_SMC_RETURN_EBADCMD;
	memcpy(fw_phys_to_ptr(arg_pa), arg, size);
	return OPTEE_SMC_RETURN_OK;
}

void optee_reset(void)
{
	ta_reset();
	shm_reset();
}

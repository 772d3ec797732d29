/* SPDX-License-Identifier: GPL-2.0 */
/*
 * OP-TEE message structures (struct optee_msg_arg and its parameters) as
 * the normal world lays them out in its memory, OPTEE_MSG revision 2.0.
 */
#ifndef OPTEE_MSG_H
#define OPTEE_MSG_H

#include <stdint.h>

#define OPTEE_MSG_ATTR_TYPE_NONE		0x0u
#define OPTEE_MSG_ATTR_TYPE_VALUE_INPUT		0x1u
#define OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT	0x2u
#define OPTEE_MSG_ATTR_TYPE_VALUE_INOUT		0x3u
#define OPTEE_MSG_ATTR_TYPE_RMEM_INPUT		0x5u
#define OPTEE_MSG_ATTR_TYPE_RMEM_OUTPUT		0x6u
#define OPTEE_MSG_ATTR_TYPE_RMEM_INOUT		0x7u
#define OPTEE_MSG_ATTR_TYPE_TMEM_INPUT		0x9u
#define OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT		0xau
#define OPTEE_MSG_ATTR_TYPE_TMEM_INOUT		0xbu
#define OPTEE_MSG_ATTR_TYPE_MASK		0xffu
#define OPTEE_MSG_ATTR_META			(1u << 8)
#define OPTEE_MSG_ATTR_NONCONTIG		(1u << 9)
#define OPTEE_MSG_ATTR_CACHE_SHIFT		16
#define OPTEE_MSG_ATTR_CACHE_MASK		0x7u
#define OPTEE_MSG_ATTR_CACHE_PREDEFINED		0u

#define OPTEE_MSG_CMD_OPEN_SESSION		0u
#define OPTEE_MSG_CMD_INVOKE_COMMAND		1u
#define OPTEE_MSG_CMD_CLOSE_SESSION		2u
#define OPTEE_MSG_CMD_CANCEL			3u
#define OPTEE_MSG_CMD_REGISTER_SHM		4u
#define OPTEE_MSG_CMD_UNREGISTER_SHM		5u

/* Non-contiguous buffers: 4 KiB pages listed in 4 KiB list pages. */
#define OPTEE_MSG_NONCONTIG_PAGE_SIZE		4096u
#define OPTEE_MSG_PAGELIST_ENTRIES		511u	/* + "next list page" */

/* Parameters of one message: 2 meta (open session) + 4 GP params. */
#define OPTEE_MSG_MAX_PARAMS			6u

struct optee_msg_param_tmem {
	uint64_t buf_ptr;
	uint64_t size;
	uint64_t shm_ref;
};

struct optee_msg_param_rmem {
	uint64_t offs;
	uint64_t size;
	uint64_t shm_ref;
};

struct optee_msg_param_value {
	uint64_t a;
	uint64_t b;
	uint64_t c;
};

struct optee_msg_param {
	uint64_t attr;
	union {
		struct optee_msg_param_tmem tmem;
		struct optee_msg_param_rmem rmem;
		struct optee_msg_param_value value;
		uint8_t octets[24];
	} u;
};

struct optee_msg_arg {
	uint32_t cmd;
	uint32_t func;
	uint32_t session;
	uint32_t cancel_id;
	uint32_t pad;
	uint32_t ret;
	uint32_t ret_origin;
	uint32_t num_params;
	struct optee_msg_param params[];
};

#define OPTEE_MSG_GET_ARG_SIZE(n) \
	(sizeof(struct optee_msg_arg) + sizeof(struct optee_msg_param) * (n))

_Static_assert(sizeof(struct optee_msg_arg) == 32, "optee_msg_arg layout");
_Static_assert(sizeof(struct optee_msg_param) == 32, "optee_msg_param layout");

#endif /* OPTEE_MSG_H */

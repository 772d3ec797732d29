/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GlobalPlatform TEE Internal Core API values used by the built-in Trusted
 * Applications: result codes, origins, logins, parameter types, UUIDs.
 * Values are the GP ones (they travel unchanged to the normal world).
 */
#ifndef TA_TEE_API_H
#define TA_TEE_API_H

#include <stdbool.h>
#include <stdint.h>

typedef uint32_t TEE_Result;

#define TEE_SUCCESS			0x00000000u
#define TEE_ERROR_GENERIC		0xFFFF0000u
#define TEE_ERROR_ACCESS_DENIED		0xFFFF0001u
#define TEE_ERROR_CANCEL		0xFFFF0002u
#define TEE_ERROR_EXCESS_DATA		0xFFFF0004u
#define TEE_ERROR_BAD_FORMAT		0xFFFF0005u
#define TEE_ERROR_BAD_PARAMETERS	0xFFFF0006u
#define TEE_ERROR_BAD_STATE		0xFFFF0007u
#define TEE_ERROR_ITEM_NOT_FOUND	0xFFFF0008u
#define TEE_ERROR_NOT_IMPLEMENTED	0xFFFF0009u
#define TEE_ERROR_NOT_SUPPORTED		0xFFFF000Au
#define TEE_ERROR_OUT_OF_MEMORY		0xFFFF000Cu
#define TEE_ERROR_BUSY			0xFFFF000Du
#define TEE_ERROR_COMMUNICATION		0xFFFF000Eu
#define TEE_ERROR_SECURITY		0xFFFF000Fu
#define TEE_ERROR_SHORT_BUFFER		0xFFFF0010u

/* Where a result came from (TEEC_ORIGIN_*). */
#define TEE_ORIGIN_API			1u
#define TEE_ORIGIN_COMMS		2u
#define TEE_ORIGIN_TEE			3u
#define TEE_ORIGIN_TRUSTED_APP		4u

/* Client login classes (TEE_LOGIN_*). */
#define TEE_LOGIN_PUBLIC		0x00000000u
#define TEE_LOGIN_USER			0x00000001u
#define TEE_LOGIN_GROUP			0x00000002u
#define TEE_LOGIN_APPLICATION		0x00000004u
#define TEE_LOGIN_APPLICATION_USER	0x00000005u
#define TEE_LOGIN_APPLICATION_GROUP	0x00000006u
#define TEE_LOGIN_REE_KERNEL_MIN	0x80000000u
#define TEE_LOGIN_REE_KERNEL_MAX	0xBFFFFFFFu
#define TEE_LOGIN_TRUSTED_APP		0xF0000000u

/* Parameter types, four 4-bit fields. */
#define TEE_NUM_PARAMS			4
#define TEE_PARAM_TYPE_NONE		0u
#define TEE_PARAM_TYPE_VALUE_INPUT	1u
#define TEE_PARAM_TYPE_VALUE_OUTPUT	2u
#define TEE_PARAM_TYPE_VALUE_INOUT	3u
#define TEE_PARAM_TYPE_MEMREF_INPUT	5u
#define TEE_PARAM_TYPE_MEMREF_OUTPUT	6u
#define TEE_PARAM_TYPE_MEMREF_INOUT	7u

#define TEE_PARAM_TYPES(t0, t1, t2, t3) \
	((uint32_t)(t0) | ((uint32_t)(t1) << 4) | \
	 ((uint32_t)(t2) << 8) | ((uint32_t)(t3) << 12))
#define TEE_PARAM_TYPE_GET(types, i)	(((types) >> ((i) * 4)) & 0xFu)

static inline bool tee_param_type_is_memref(uint32_t t)
{
	return t >= TEE_PARAM_TYPE_MEMREF_INPUT &&
	       t <= TEE_PARAM_TYPE_MEMREF_INOUT;
}

static inline bool tee_param_type_is_value(uint32_t t)
{
	return t >= TEE_PARAM_TYPE_VALUE_INPUT &&
	       t <= TEE_PARAM_TYPE_VALUE_INOUT;
}

/* Output direction: the callee's value/size goes back to the caller. */
static inline bool tee_param_type_is_output(uint32_t t)
{
	return t == TEE_PARAM_TYPE_VALUE_OUTPUT ||
	       t == TEE_PARAM_TYPE_VALUE_INOUT ||
	       t == TEE_PARAM_TYPE_MEMREF_OUTPUT ||
	       t == TEE_PARAM_TYPE_MEMREF_INOUT;
}

/* Memory access flags of TEE_CheckMemoryAccessRights(). */
#define TEE_MEMORY_ACCESS_READ		0x00000001u
#define TEE_MEMORY_ACCESS_WRITE		0x00000002u
#define TEE_MEMORY_ACCESS_ANY_OWNER	0x00000004u
#define TEE_MEMORY_ACCESS_NONSECURE	0x10000000u
#define TEE_MEMORY_ACCESS_SECURE	0x20000000u

typedef struct {
	uint32_t timeLow;
	uint16_t timeMid;
	uint16_t timeHiAndVersion;
	uint8_t clockSeqAndNode[8];
} TEE_UUID;

/* RFC 4122 octet string (big-endian fields) to TEE_UUID and back. */
void tee_uuid_from_octets(TEE_UUID *uuid, const uint8_t octets[16]);
void tee_uuid_to_octets(uint8_t octets[16], const TEE_UUID *uuid);
bool tee_uuid_equal(const TEE_UUID *a, const TEE_UUID *b);

/* Who opened a session. */
struct ta_identity {
	uint32_t login;		/* TEE_LOGIN_* */
	TEE_UUID uuid;		/* client UUID, zero for PUBLIC and REE kernel */
};

#endif /* TA_TEE_API_H */

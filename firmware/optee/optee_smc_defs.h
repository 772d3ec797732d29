/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The OP-TEE SMC interface (function IDs, return codes, capabilities) as
 * Linux's drivers/tee/optee (smc_abi.c) uses it. SMC32 calling convention:
 * arguments and results are the low 32 bits of x0..x7.
 */
#ifndef OPTEE_SMC_DEFS_H
#define OPTEE_SMC_DEFS_H

/* Function IDs: fast calls (0xB2..), standard (yielding) calls (0x32..). */
#define OPTEE_SMC_CALLS_COUNT			0xBF00FF00u
#define OPTEE_SMC_CALLS_UID			0xBF00FF01u
#define OPTEE_SMC_CALLS_REVISION		0xBF00FF03u
#define OPTEE_SMC_CALL_GET_OS_UUID		0xB2000000u
#define OPTEE_SMC_CALL_GET_OS_REVISION		0xB2000001u
#define OPTEE_SMC_CALL_RETURN_FROM_RPC		0x32000003u
#define OPTEE_SMC_CALL_WITH_ARG			0x32000004u
#define OPTEE_SMC_GET_SHM_CONFIG		0xB2000007u
#define OPTEE_SMC_EXCHANGE_CAPABILITIES		0xB2000009u
#define OPTEE_SMC_DISABLE_SHM_CACHE		0xB200000Au
#define OPTEE_SMC_ENABLE_SHM_CACHE		0xB200000Bu
#define OPTEE_SMC_GET_THREAD_COUNT		0xB200000Fu

/* "OP-TEE message API" UID 384fb3e0-e7f8-11e3-af63-0002a5d5c51b. */
#define OPTEE_MSG_UID_0				0x384fb3e0u
#define OPTEE_MSG_UID_1				0xe7f811e3u
#define OPTEE_MSG_UID_2				0xaf630002u
#define OPTEE_MSG_UID_3				0xa5d5c51bu
#define OPTEE_MSG_REVISION_MAJOR		2u
#define OPTEE_MSG_REVISION_MINOR		0u

/* Return codes in a0. */
#define OPTEE_SMC_RETURN_OK			0x0u
#define OPTEE_SMC_RETURN_ETHREAD_LIMIT		0x1u
#define OPTEE_SMC_RETURN_EBUSY			0x2u
#define OPTEE_SMC_RETURN_ERESUME		0x3u
#define OPTEE_SMC_RETURN_EBADADDR		0x4u
#define OPTEE_SMC_RETURN_EBADCMD		0x5u
#define OPTEE_SMC_RETURN_ENOMEM			0x6u
#define OPTEE_SMC_RETURN_ENOTAVAIL		0x7u
#define OPTEE_SMC_RETURN_UNKNOWN_FUNCTION	0xFFFFFFFFu
/* RPC: the normal world takes an interrupt, then CALL_RETURN_FROM_RPC. */
#define OPTEE_SMC_RETURN_RPC_FOREIGN_INTR	0xFFFF0004u

/* EXCHANGE_CAPABILITIES: normal world (a1 in) and secure world (a1 out). */
#define OPTEE_SMC_NSEC_CAP_UNIPROCESSOR		(1u << 0)
#define OPTEE_SMC_SEC_CAP_HAVE_RESERVED_SHM	(1u << 0)
#define OPTEE_SMC_SEC_CAP_UNREGISTERED_SHM	(1u << 1)
#define OPTEE_SMC_SEC_CAP_DYNAMIC_SHM		(1u << 2)
#define OPTEE_SMC_SEC_CAP_VIRTUALIZATION	(1u << 3)
#define OPTEE_SMC_SEC_CAP_MEMREF_NULL		(1u << 4)
#define OPTEE_SMC_SEC_CAP_ASYNC_NOTIF		(1u << 5)
#define OPTEE_SMC_SEC_CAP_RPC_ARG		(1u << 6)

#endif /* OPTEE_SMC_DEFS_H */

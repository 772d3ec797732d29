/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interfaces of the OP-TEE ABI layer.
 */
#ifndef OPTEE_ENTRY_H
#define OPTEE_ENTRY_H

#include <stdint.h>

/*
 * Serve one standard call: @arg_pa is the normal world's physical address
 * of a struct optee_msg_arg. Returns the SMC result for a0
 * (OPTEE_SMC_RETURN_OK, _EBADADDR for a bad message address or size,
 * _EBADCMD for an unknown command); the message result is in the arg.
 */
uint32_t optee_entry_std(uint64_t arg_pa);

/*
 * Standard calls between their start and their end in optee_entry_std(),
 * the caller's included: more than one when another thread's call is in
 * a TA window (ta.h). Read holding the TEE core lock.
 */
unsigned int optee_calls_in_flight(void);

/* Drop every session and registration (tests; a firmware reset). */
void optee_reset(void);

#endif /* OPTEE_ENTRY_H */

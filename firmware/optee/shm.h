/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Registered shared memory (OPTEE_MSG_CMD_REGISTER_SHM): non-secure buffers
 * the normal world describes once as a list of 4 KiB pages and then names
 * by cookie in RMEM parameters.
 *
 * At registration the page list is read (list pages copied into secure
 * memory first), every page is checked to be page-aligned non-secure RAM,
 * and the page addresses are kept in a global pool. Later references are
 * checked against the recorded size only; the normal world cannot change a
 * registration after the fact.
 */
#ifndef OPTEE_SHM_H
#define OPTEE_SHM_H

#include <stdint.h>

#include "../ta/memref.h"
#include "../ta/tee_api.h"

#define SHM_MAX_ENTRIES		64	/* registrations at once */
#define SHM_MAX_PAGES		4096	/* per registration: 16 MiB */
#define SHM_POOL_PAGES		32768	/* all registrations: 128 MiB */

/*
 * Register @size bytes (> 0) under @cookie (nonzero; if it is registered
 * already, the new registration hides the older one until unregistered).
 * @list: PA of the first page-list page, the buffer's offset into its first
 * page in the low 12 bits. TEE_SUCCESS, TEE_ERROR_BAD_PARAMETERS (bad
 * cookie, size, list or page) or TEE_ERROR_OUT_OF_MEMORY (table or pool
 * full). A failed registration leaves no trace.
 */
TEE_Result shm_register(uint64_t cookie, uint64_t list, uint64_t size);

/* TEE_SUCCESS or TEE_ERROR_BAD_PARAMETERS (unknown cookie). */
TEE_Result shm_unregister(uint64_t cookie);

/*
 * A non-secure memref over [offs, offs + size) of registration @cookie,
 * with rights @access. TEE_SUCCESS, or TEE_ERROR_BAD_PARAMETERS for an
 * unknown cookie or a range outside the registration. The view points into
 * the page pool: valid until the next register/unregister.
 */
TEE_Result shm_memref(uint64_t cookie, uint64_t offs, uint64_t size,
		      uint8_t access, struct memref *m);

void shm_reset(void);
unsigned int shm_count(void);
unsigned int shm_pool_used(void);

#endif /* OPTEE_SHM_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A stand-in for Linux's optee driver: builds OP-TEE messages and page
 * lists in fake normal RAM and issues SMCs to optee_smc_handler(), the
 * way drivers/tee/optee/{smc_abi,call}.c does.
 */
#ifndef HOST_NSWORLD_H
#define HOST_NSWORLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fake_fw.h"
#include "../../firmware/optee/optee_msg.h"
#include "../../firmware/optee/optee_smc_defs.h"
#include "../../firmware/ta/tee_api.h"
#include "smc.h"

/* Where the helpers allocate normal-world memory (bump allocator). */
#define NS_HEAP_BASE	0x48000000ull
#define NS_HEAP_SIZE	0x20000000ull

/* Reset the secure side, fake memory and the allocator. */
void ns_reset(void);

/*
 * The video decoder TA's stream pool (sdp_video_ta.c): optee_reset() drops
 * the framework's sessions without closing them, so the TA's contexts must
 * be forgotten too. Test builds only; ns_reset() calls it.
 */
void sdp_video_ta_reset(void);
/* Nonzero bytes in its bounce buffer: 0 after every call (it is wiped). */
size_t sdp_video_ta_bounce_residue(void);
/* The JPEG engine TA's session pool (jpeg_engine_ta.c), likewise. */
void jpeg_engine_ta_reset(void);
/* @size bytes (page-aligned start), zeroed. */
uint64_t ns_alloc(uint64_t size);

/* A raw SMC; returns x0, the full result in *out (may be NULL). */
uint64_t ns_smc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3,
		struct smc_regs *out);
/* CALL_WITH_ARG on the message at @arg_pa; returns a0. */
uint32_t ns_call(uint64_t arg_pa);

/* A fresh zeroed message with @n params in its own page. */
struct optee_msg_arg *ns_msg(uint32_t n, uint64_t *pa);

/* Registered shared memory, driver style. */
struct ns_shm {
	uint64_t cookie;
	uint64_t size;
	uint32_t offset;	/* of the buffer in its first page */
	uint32_t npages;
	uint64_t pages[8192];	/* PAs of the buffer's pages */
	uint64_t list_pa;	/* first page-list page */
};

/*
 * Allocate @size bytes at @offset into a first page, in scattered pages if
 * @scatter (descending addresses), write the page list and register it.
 * Returns msg ret (or 0xEEEE0000 | a0 if the SMC itself failed).
 */
uint32_t ns_shm_register(struct ns_shm *s, uint64_t cookie, uint64_t size,
			 uint32_t offset, bool scatter);
uint32_t ns_shm_unregister(uint64_t cookie);
/* Raw REGISTER_SHM message (list/size/attr as given). */
uint32_t ns_register_raw(uint64_t attr, uint64_t cookie, uint64_t list,
			 uint64_t size);
void ns_shm_write(const struct ns_shm *s, uint64_t off, const void *src,
		  size_t len);
void ns_shm_read(const struct ns_shm *s, uint64_t off, void *dst, size_t len);

/* Parameter builders. */
struct optee_msg_param p_none(void);
struct optee_msg_param p_value(uint64_t attr, uint64_t a, uint64_t b,
			       uint64_t c);
struct optee_msg_param p_rmem(uint64_t attr, uint64_t cookie, uint64_t offs,
			      uint64_t size);
struct optee_msg_param p_tmem(uint64_t attr, uint64_t pa, uint64_t size);

/*
 * A client's buffer as Linux's driver passes it (@attr a TMEM type): a
 * buffer starting in an SDP range (a registered restricted dma-buf) or
 * @pa 0 (NULL) as that TMEM; normal memory, which the driver registers
 * for the call as libteec does with a temporary memref, as the matching
 * RMEM of a registration made just before the message and dropped just
 * after it (by ns_open and ns_invoke; NS_ATTR_TEMP_SHM marks it until
 * then). Afterwards the param holds the size the secure world wrote back
 * and still reads as built, so it can be sent again.
 */
struct optee_msg_param p_mem(uint64_t attr, uint64_t pa, uint64_t size);
#define NS_ATTR_TEMP_SHM	(1ull << 63)	/* never sent */

/* Sessions; *origin may be NULL. Returns msg ret (SMC failure: 0xEEEE000x). */
uint32_t ns_open(const TEE_UUID *uuid, uint32_t login,
		 const struct optee_msg_param *params, uint32_t n,
		 uint32_t *session, uint32_t *origin);
uint32_t ns_invoke(uint32_t session, uint32_t func,
		   struct optee_msg_param *params, uint32_t n,
		   uint32_t *origin);
uint32_t ns_close(uint32_t session);

/*
 * One command in a session of its own: open (@login, no params), invoke,
 * close. Returns the invoke's ret, or NS_SESSION_FAILED if the session
 * could not be opened or closed (a value no TA returns).
 */
uint32_t ns_call_once(const TEE_UUID *uuid, uint32_t login, uint32_t func,
		 struct optee_msg_param *params, uint32_t n, uint32_t *origin);

#define NS_SMC_FAILED	0xEEEE0000u
#define NS_SESSION_FAILED	0xEEEE1000u
/* ns_open/ns_invoke: a p_mem() buffer could not be registered. */
#define NS_TEMP_SHM_FAILED	0xEEEE2000u

#endif /* HOST_NSWORLD_H */

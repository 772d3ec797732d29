/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The restricted-memory pseudo-TA: the secure world's half of the
 * restricted heap's "no residue between owners" rule.
 *
 * Only the secure world may write a secure data path range, so only it can
 * clear one. When the last reference to a restricted dma-buf goes, the
 * kernel (drivers/dma-buf/heaps/restricted_heap_tee.c) asks this PTA to
 * zero the buffer's range before the heap hands it out again.
 *
 * Clients: in-kernel only (login TEE_LOGIN_REE_KERNEL_MIN..MAX). Any other
 * client's OPEN_SESSION fails with TEE_ERROR_ACCESS_DENIED: a user process
 * could otherwise wipe frames that belong to someone else. The UUID is
 * listed by the device-enumeration PTA (GET_DEVICES), so Linux creates a
 * TEE-bus device for it and the heap's scrub driver binds by UUID.
 */
#ifndef TA_PTA_RMEM_H
#define TA_PTA_RMEM_H

/* d25455d6-6dfd-4034-8a4e-b804a5e8acdb */
#define PTA_RMEM_UUID \
	{ 0xd25455d6, 0x6dfd, 0x4034, \
	  { 0x8a, 0x4e, 0xb8, 0x04, 0xa5, 0xe8, 0xac, 0xdb } }

/*
 * SCRUB: zero a range of secure data path memory and forget every frame
 * the video TA recorded in it.
 *   [0] VALUE_INPUT   a = physical address bits 63..32, b = bits 31..0
 *   [1] VALUE_INPUT   a = size in bytes, b = 0
 *   [2] NONE          [3] NONE
 * The range must be 4 KiB aligned, nonzero and lie wholly inside one
 * secure data path range (what a restricted heap hands out).
 * TEE_ERROR_ITEM_NOT_FOUND   the range overlaps no secure data path range:
 *                            not memory this TEE protects, so there is
 *                            nothing to clear (a carveout the secure world
 *                            does not know); nothing written
 * TEE_ERROR_BAD_PARAMETERS   wrong param types, b of [1] nonzero, a range
 *                            that is empty, unaligned, or partly inside an
 *                            SDP range: nothing written
 */
#define PTA_RMEM_CMD_SCRUB	0

#define PTA_RMEM_SCRUB_ALIGN	4096u

#endif /* TA_PTA_RMEM_H */

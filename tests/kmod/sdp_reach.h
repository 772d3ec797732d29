/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sdp_reach - TEST ONLY: attach a dma-buf to a device of chosen DMA reach.
 * The ioctl ABI shared by the module and tests/guest/reach_test.c.
 */
#ifndef SDP_REACH_H
#define SDP_REACH_H

#include <linux/ioctl.h>
#include <linux/types.h>

/**
 * struct sdp_reach_attach - one attach/map/unmap/detach of a dma-buf
 * @fd:		[in] the dma-buf
 * @limit_bits:	[in] the test device reaches addresses below 2^limit_bits,
 *		1..64 (a 64-bit DMA mask and a bus_dma_limit)
 * @dma_offset:	[in] the device sees RAM at physical address + this
 *		(a dma_range_map); 0 for none
 * @range_err:	[out] 0 or -errno of restricted_heap_buffer_range()
 * @attach_err:	[out] 0 or -errno of dma_buf_attach()
 * @map_err:	[out] 0 or -errno of the mapping; -ENOEXEC if not attempted
 * @nents:	[out] DMA segments of the mapping
 * @paddr:	[out] the buffer's physical address, if a restricted one
 * @size:	[out] its size
 * @dma_addr:	[out] DMA address of the mapping's first segment
 * @dma_len:	[out] its length
 */
struct sdp_reach_attach {
	__s32 fd;
	__u32 limit_bits;
	__u64 dma_offset;
	__s32 range_err;
	__s32 attach_err;
	__s32 map_err;
	__u32 nents;
	__u64 paddr;
	__u64 size;
	__u64 dma_addr;
	__u64 dma_len;
};

#define SDP_REACH_ATTACH	_IOWR('R', 1, struct sdp_reach_attach)

/**
 * struct sdp_reach_tee - tee_shm_register_dmabuf() on a dma-buf
 * @fd:		[in] the dma-buf
 * @err:	[out] 0 or -errno of tee_shm_register_dmabuf()
 * @paddr:	[out] the shm's physical address (tee_shm_get_pa())
 * @size:	[out] the shm's size
 *
 * The ioctl fails with ENODEV when no TEE context can be opened.
 */
struct sdp_reach_tee {
	__s32 fd;
	__s32 err;
	__u64 paddr;
	__u64 size;
};

#define SDP_REACH_TEE_REGISTER	_IOWR('R', 2, struct sdp_reach_tee)

#endif /* SDP_REACH_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The JPEG decoder engine TA: protocol shared by the firmware, the kernel's
 * V4L2 decoder driver and the tests. Plain C constants, for any of them to
 * include or mirror.
 *
 * The engine plays the SoC's hardware JPEG decoder of a secure video path:
 * a bitstream in, an NV12 frame out, each call on its own (no state kept
 * between calls, so any number of decoder instances share one session or
 * several). The device-enumeration PTA lists its UUID (GET_DEVICES), so
 * Linux creates a TEE-bus device for it and the decoder driver binds by
 * UUID.
 *
 * Memory rule (bitstream -> frame):
 *   non-secure -> non-secure   allowed (clear content)
 *   non-secure -> secure       allowed
 *   secure     -> secure       allowed
 *   secure     -> non-secure   TEE_ERROR_ACCESS_DENIED, before anything is
 *                              read or written
 * A non-secure bitstream (JPEG_ENGINE_MAX_BITSTREAM_BYTES at most, else
 * TEE_ERROR_EXCESS_DATA) is copied into the firmware's own RAM before it
 * is parsed: it may be registered shared memory (scattered pages), and the
 * normal world cannot change it under the decoder. A secure bitstream is
 * read in place, and only if the secure world wrote it whole: it must be
 * a bitstream the video TA's DECRYPT_SAMPLE wrote (sdp_video_ta.h, its
 * frame log), starting at the memref's byte 0 and no longer than the
 * memref; the engine reads exactly the bitstream's length. Anything else
 * in secure memory is TEE_ERROR_ITEM_NOT_FOUND: the engine cannot be aimed
 * at a window of secure memory the caller chose.
 *
 * Frames: the NV12 layout of sdp_video_ta.h (@stride, @uv_offset), with
 * stride >= width rounded up to even (a CbCr row holds (width+1)/2 pairs);
 * the frame needs span = uv_offset + stride * ((height+1)/2) bytes, below
 * 4 GiB. Bytes of the buffer outside the visible pixels (row padding,
 * gaps) are never written. The frame's span must be physically contiguous
 * (a restricted dma-buf, or a contiguous non-secure buffer), else
 * TEE_ERROR_NOT_SUPPORTED. A frame decoded into secure memory is recorded
 * in the frame log, so the video TA's DIGEST answers for it (from any of
 * its sessions); one decoded into non-secure memory is not.
 *
 * Decodable: baseline JPEG (8-bit, Huffman, sequential, one interleaved
 * scan), 4:2:0 or grayscale (neutral chroma, 128), width and height
 * 1..JPEG_ENGINE_MAX_DIM.
 *
 * What the engine reveals about a secure bitstream: its frame's width,
 * height and sampling (PARSE_HEADER, DECODE's [3]), which the V4L2 driver
 * needs for V4L2_EVENT_SOURCE_CHANGE and cannot read itself (container
 * metadata anyway), whether it is a JPEG of a kind the engine decodes, and
 * whether it decodes (TEE_ERROR_BAD_FORMAT with no detail: which check a
 * bitstream failed is a function of its bytes). Nothing else.
 *
 * Memory kind and rights (TEE_ERROR_ACCESS_DENIED) are checked before
 * anything else about the buffers; the bitstream next, then the layout and
 * sizes.
 *
 * Sessions: any client login may open one (the kernel driver opens it with
 * a REE kernel login); open-session params are ignored; at most
 * JPEG_ENGINE_MAX_SESSIONS at once (TEE_ERROR_OUT_OF_MEMORY beyond that).
 * Other command ids are TEE_ERROR_BAD_PARAMETERS. Values documented as 0
 * below are ignored.
 */
#ifndef TA_JPEG_ENGINE_TA_H
#define TA_JPEG_ENGINE_TA_H

/* 2362cf6d-69ad-42a3-b6c7-1b9eb74eca7c */
#define TA_JPEG_ENGINE_UUID \
	{ 0x2362cf6d, 0x69ad, 0x42a3, \
	  { 0xb6, 0xc7, 0x1b, 0x9e, 0xb7, 0x4e, 0xca, 0x7c } }

#define JPEG_ENGINE_MAX_SESSIONS	16u

/* Largest non-secure bitstream (copied into the firmware's RAM). */
#define JPEG_ENGINE_MAX_BITSTREAM_BYTES	(1024u * 1024u)

#define JPEG_ENGINE_MAX_DIM		4096u

/* Sampling kinds: the V4L2_JPEG_CHROMA_SUBSAMPLING_* values. */
#define JPEG_ENGINE_SUB_420		2u
#define JPEG_ENGINE_SUB_GRAY		5u

/*
 * PARSE_HEADER: the frame a bitstream holds.
 *   [0] MEMREF_INPUT  the bitstream, secure or non-secure (rules above)
 *   [1] VALUE_OUTPUT  a = width, b = height
 *   [2] VALUE_OUTPUT  a = sampling (JPEG_ENGINE_SUB_*), b = 0
 *   [3] NONE
 * The outputs are 0 on any error.
 * TEE_ERROR_BAD_PARAMETERS   wrong param types
 * TEE_ERROR_ACCESS_DENIED    [0] not readable
 * TEE_ERROR_EXCESS_DATA      non-secure [0] above the size limit
 * TEE_ERROR_ITEM_NOT_FOUND   secure [0] is not a whole bitstream that
 *                            DECRYPT_SAMPLE wrote (see above)
 * TEE_ERROR_NOT_SUPPORTED    secure [0] not physically contiguous; or a
 *                            JPEG the engine does not decode (not
 *                            baseline, 12-bit, 4:2:2, 4:4:4, other
 *                            samplings, height from a DNL marker, above
 *                            JPEG_ENGINE_MAX_DIM)
 * TEE_ERROR_BAD_FORMAT       not a JPEG: no SOI, bad or misplaced markers,
 *                            malformed tables or frame header, truncated
 *                            before the scan (only the headers up to SOS
 *                            are read)
 */
#define JPEG_ENGINE_CMD_PARSE_HEADER	0

/*
 * DECODE: decode a bitstream into an NV12 frame.
 *   [0] MEMREF_INPUT  the bitstream, secure or non-secure (rules above)
 *   [1] MEMREF_OUTPUT the NV12 frame, secure or non-secure (rules above)
 *   [2] VALUE_INPUT   a = stride, b = uv_offset
 *   [3] VALUE_OUTPUT  a = width, b = height of the bitstream's frame, set
 *                     as soon as its header is accepted (so also with
 *                     TEE_ERROR_BAD_PARAMETERS for the layout,
 *                     TEE_ERROR_SHORT_BUFFER and the later errors: the
 *                     driver can resize its buffers); 0 before
 * [1].size is left as it is, except on TEE_ERROR_SHORT_BUFFER.
 * Errors, in the order checked, nothing written for any but the last:
 * TEE_ERROR_BAD_PARAMETERS   wrong param types
 * TEE_ERROR_ACCESS_DENIED    [0] not readable, [1] not writable, or a
 *                            secure [0] with a non-secure [1]
 * The bitstream's errors     as PARSE_HEADER
 * TEE_ERROR_BAD_PARAMETERS   layout: stride below width rounded up to
 *                            even, uv_offset < stride * height, span above
 *                            4 GiB - 1
 * TEE_ERROR_SHORT_BUFFER     [1] smaller than the span: [1].size is set to
 *                            the span
 * TEE_ERROR_NOT_SUPPORTED    [1]'s span not physically contiguous
 * TEE_ERROR_BAD_PARAMETERS   [1]'s span overlaps a secure [0]
 * TEE_ERROR_BAD_FORMAT       the bitstream does not decode (corrupt,
 *                            truncated scan, several scans). Nothing more
 *                            specific; the planes' content is then
 *                            unspecified, and nothing outside them written
 */
#define JPEG_ENGINE_CMD_DECODE		1

#endif /* TA_JPEG_ENGINE_TA_H */

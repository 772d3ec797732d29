/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The secure video decoder TA: protocol shared by the firmware and its
 * normal-world clients (userspace/sdp-demo, the guest tests).
 *
 * A session decodes one encrypted Motion-JPEG stream (docs/clip-format.md)
 * whose content key is built into the firmware and never leaves it. The
 * compressed frame comes from non-secure memory; plaintext (the decrypted
 * JPEG and the decoded pixels) exists only in secure memory: the decrypted
 * bitstream in the firmware's own RAM (wiped after each frame) or in a
 * secure bitstream buffer (DECRYPT_SAMPLE, for the JPEG engine TA of
 * jpeg_engine_ta.h to decode), the pixels in a secure memref (a restricted
 * dma-buf registered with the TEE).
 *
 * Plane layouts are the client's (what its importer, e.g. V4L2, asks for):
 *   NV12:      Y rows of @stride bytes from offset 0, then (height+1)/2 rows
 *              of interleaved CbCr (Cb at even bytes), also @stride bytes
 *              apart, from @uv_offset. Needs stride >= width rounded up to
 *              even (width is even for a stream) and uv_offset >= stride *
 *              height; the buffer needs uv_offset + stride *
 *              ((height+1)/2) bytes.
 *   XRGB8888:  height rows of width pixels, @stride (pitch) bytes apart,
 *              each pixel B, G, R, X in memory (DRM_FORMAT_XRGB8888 on a
 *              little-endian bus), X = 0xff. Needs stride >= 4 * width;
 *              the buffer needs stride * height bytes.
 * Bytes of the buffer outside the visible pixels (row padding, gaps) are
 * never written.
 *
 * Digests cover the visible pixels only, in row order, whatever the stride:
 *   NV12:      height rows of width Y bytes, then (height+1)/2 rows of
 *              2 * ((width+1)/2) CbCr bytes;
 *   XRGB8888:  height rows of 4 * width bytes.
 * so they equal tools/mkclip's digests (tightly packed frames).
 *
 * Secure memrefs: the part of a secure buffer a command works on must be
 * one physically contiguous range (a restricted dma-buf is); otherwise the
 * command fails with TEE_ERROR_NOT_SUPPORTED before touching anything.
 * Memory kind and rights (TEE_ERROR_ACCESS_DENIED) are checked before
 * anything else about the buffers, layouts and sizes next.
 *
 * Sessions: open-session params are ignored; a firmware holds at most 8
 * sessions of this TA at once (TEE_ERROR_OUT_OF_MEMORY beyond that).
 * Values documented as 0 below are ignored.
 */
#ifndef TA_SDP_VIDEO_TA_H
#define TA_SDP_VIDEO_TA_H

/* 9a89aab1-02a0-4f24-be1b-8f5952e63db4 */
#define TA_SDP_VIDEO_UUID \
	{ 0x9a89aab1, 0x02a0, 0x4f24, \
	  { 0xbe, 0x1b, 0x8f, 0x59, 0x52, 0xe6, 0x3d, 0xb4 } }

/* Stream format: the clip container's format field ('MJPG' read LE). */
#define SDP_VIDEO_FMT_MJPG		0x47504a4du

/* Pixel formats: the V4L2 / DRM fourcc values (identical for these). */
#define SDP_VIDEO_PIXFMT_NV12		0x3231564eu	/* 'N','V','1','2' */
#define SDP_VIDEO_PIXFMT_XRGB8888	0x34325258u	/* 'X','R','2','4' */
/* A JPEG bitstream that DECRYPT_SAMPLE wrote (frame log only; no DIGEST). */
#define SDP_VIDEO_PIXFMT_JPEG		0x4745504au	/* 'J','P','E','G' */

/* Largest ciphertext of one frame the TA accepts (its secure bounce buffer). */
#define SDP_VIDEO_MAX_FRAME_BYTES	(1024u * 1024u)

/*
 * Frame record: u32 LE ciphertext length (1..SDP_VIDEO_MAX_FRAME_BYTES),
 * 16-byte IV, ciphertext.
 */
#define SDP_VIDEO_RECORD_HDR_SIZE	20u

#define SDP_VIDEO_DIGEST_SIZE		32u

/*
 * OPEN_STREAM: once per session, before anything else.
 *   [0] VALUE_INPUT   a = stream format (SDP_VIDEO_FMT_MJPG), b = key id
 *   [1] VALUE_INPUT   a = width, b = height (16..4096, both even)
 *   [2] NONE          [3] NONE
 * TEE_ERROR_BAD_PARAMETERS   wrong param types, width/height out of range
 * TEE_ERROR_NOT_SUPPORTED    unknown stream format
 * TEE_ERROR_ITEM_NOT_FOUND   no content key with that id in this firmware
 * TEE_ERROR_BAD_STATE        the session already has a stream
 */
#define SDP_VIDEO_CMD_OPEN_STREAM	0

/*
 * DECODE_FRAME: decrypt one frame record and decode it to NV12.
 *   [0] MEMREF_INPUT  non-secure: exactly one frame record (its size must
 *                     be SDP_VIDEO_RECORD_HDR_SIZE + the record's length)
 *   [1] MEMREF_OUTPUT secure: the NV12 destination
 *   [2] VALUE_INPUT   a = stride, b = uv_offset (layout above)
 *   [3] VALUE_OUTPUT  a = bytes the frame spans (uv_offset + stride *
 *                     ((height+1)/2); 0 if the layout is refused), b = 0
 * [1].size is left as it is, except on TEE_ERROR_SHORT_BUFFER.
 * TEE_ERROR_BAD_STATE        no stream opened
 * TEE_ERROR_BAD_PARAMETERS   wrong param types, layout (stride < width,
 *                            uv_offset < stride * height, span above
 *                            4 GiB - 1)
 * TEE_ERROR_ACCESS_DENIED    [0] not non-secure readable, or [1] not secure
 *                            writable (plaintext never goes to the normal
 *                            world): nothing decrypted, nothing written
 * TEE_ERROR_SHORT_BUFFER     [1] smaller than the frame spans: [1].size is
 *                            set to the size needed, nothing written
 * TEE_ERROR_EXCESS_DATA      ciphertext longer than SDP_VIDEO_MAX_FRAME_BYTES
 * TEE_ERROR_BAD_FORMAT       record length mismatch (or length 0), or the
 *                            decrypted frame is not a JPEG this decoder
 *                            decodes at the stream's size (corrupt or
 *                            truncated ciphertext, wrong key, another size,
 *                            not baseline 4:2:0 or grayscale). Nothing more
 *                            specific is said: which part of a decrypted
 *                            frame the decoder disliked is a function of
 *                            plaintext bytes, and CTR ciphertext can be
 *                            altered bit by bit to ask about them.
 * On any error the bytes outside the frame's planes are untouched; the
 * planes' content is unspecified after a JPEG error.
 * On success the firmware records the frame (its secure range, format,
 * size and layout) in its frame log, which DIGEST and CONVERT_XRGB consult.
 */
#define SDP_VIDEO_CMD_DECODE_FRAME	1

/*
 * CONVERT_XRGB: colour-convert a secure NV12 frame that this firmware
 * decoded (see the frame log below) to a secure XRGB8888 buffer (JFIF
 * full-range BT.601, chroma replicated, libjpeg's integer arithmetic:
 * bit-exact with libjpeg-turbo's JCS_EXT_BGRX output with
 * do_fancy_upsampling = FALSE). The output stays in secure memory, and its
 * source must be a whole decoded frame of the stream's size, so the
 * command reveals nothing and cannot be pointed at arbitrary secure bytes.
 *   [0] MEMREF_INPUT  secure: NV12 source
 *   [1] MEMREF_OUTPUT secure: XRGB8888 destination
 *   [2] VALUE_INPUT   a = NV12 stride, b = NV12 uv_offset
 *   [3] VALUE_INPUT   a = XRGB8888 stride (pitch), b = 0
 * Errors as DECODE_FRAME (SHORT_BUFFER for either buffer; [1].size is set
 * when the destination is the short one, which is checked first;
 * BAD_PARAMETERS also when the two ranges overlap), and
 * TEE_ERROR_ITEM_NOT_FOUND   [0] does not hold, from its byte 0, an NV12
 *                            frame of the stream's size at this layout
 *                            that the frame log knows
 * On success the XRGB8888 frame is recorded in the frame log too.
 */
#define SDP_VIDEO_CMD_CONVERT_XRGB	2

/*
 * DIGEST: SHA-256 of the visible pixels (coverage above) of a whole frame
 * that this firmware wrote: the frame log's entry for the secure range
 * starting at [0]'s byte 0, with this pixel format and layout. Never a
 * digest of anything else, so it cannot be used to learn secure bytes a
 * few at a time. Needs no stream: any session of this TA may ask, for
 * frames decoded in any session (the kernel's decoder driver decodes, a
 * player verifies).
 *   [0] MEMREF_INPUT  secure: the frame
 *   [1] MEMREF_OUTPUT non-secure: >= 32 bytes; size set to 32
 *   [2] VALUE_INPUT   a = pixel format (SDP_VIDEO_PIXFMT_*), b = stride
 *   [3] VALUE_INPUT   a = uv_offset (NV12; ignored for XRGB8888), b = 0
 * TEE_ERROR_BAD_PARAMETERS   wrong param types
 * TEE_ERROR_ACCESS_DENIED    [0] not secure readable, [1] not non-secure
 *                            writable
 * TEE_ERROR_NOT_SUPPORTED    unknown pixel format
 * TEE_ERROR_SHORT_BUFFER     [1] < 32 bytes ([1].size := 32), or [0]
 *                            smaller than the recorded frame spans
 * TEE_ERROR_ITEM_NOT_FOUND   no such frame on record: never decoded or
 *                            converted here, at another layout, or no
 *                            longer there (see the frame log)
 *
 * The frame log: DECODE_FRAME and CONVERT_XRGB record each frame they
 * complete (secure start address, span, format, size, layout) in one log
 * shared by all sessions, of SDP_VIDEO_FRAME_LOG_SIZE entries, and so does
 * the JPEG engine TA for every frame it decodes into secure memory;
 * DECRYPT_SAMPLE records each bitstream it writes (format
 * SDP_VIDEO_PIXFMT_JPEG, which DIGEST does not take). A new entry
 * replaces any entry for the same start address, then the oldest. An entry
 * is dropped as soon as the secure world writes any byte of its span
 * (another decode, decryption or conversion, an SDP test TA command, the
 * scrub of a freed restricted buffer). The digest is computed on first
 * request and kept with the entry. The normal world cannot write secure
 * RAM; a carveout the platform does not protect (restricted-ui on QEMU)
 * could change behind the log's back, which changes nothing for secrecy
 * (the normal world can read such memory anyway).
 */
#define SDP_VIDEO_FRAME_LOG_SIZE	64u

#define SDP_VIDEO_CMD_DIGEST		3

/*
 * DECRYPT_SAMPLE: decrypt one frame record into a secure bitstream buffer,
 * the first half of a split secure video path (the JPEG engine TA decodes
 * the bitstream from there, like a SoC's hardware decoder). No JPEG check
 * here: the engine makes it.
 *   [0] MEMREF_INPUT  non-secure: exactly one frame record, as DECODE_FRAME
 *   [1] MEMREF_OUTPUT secure: the bitstream buffer; on success the
 *                     plaintext is at its bytes 0..len-1 (the bytes after
 *                     are untouched) and [1].size is set to len
 *   [2] NONE
 *   [3] VALUE_OUTPUT  a = len, the plaintext bytes written (the record's
 *                     length; 0 on any error), b = 0
 * TEE_ERROR_BAD_STATE        no stream opened
 * TEE_ERROR_BAD_PARAMETERS   wrong param types
 * TEE_ERROR_ACCESS_DENIED    [0] not non-secure readable, or [1] not secure
 *                            writable: nothing decrypted, nothing written
 * TEE_ERROR_BAD_FORMAT       record length mismatch (or length 0)
 * TEE_ERROR_EXCESS_DATA      ciphertext longer than SDP_VIDEO_MAX_FRAME_BYTES
 * TEE_ERROR_SHORT_BUFFER     [1] smaller than the plaintext: [1].size is set
 *                            to the size needed
 * TEE_ERROR_NOT_SUPPORTED    [1]'s first len bytes not physically contiguous
 * Nothing is written on any error. The ciphertext is decrypted in the
 * firmware's bounce buffer, copied to [1], and the bounce buffer and the
 * key schedule are wiped. On success the bitstream (its secure start and
 * length) is recorded in the frame log: the JPEG engine takes a secure
 * bitstream only when it is such a whole bitstream, from its first byte,
 * so it cannot be aimed at a window of secure memory the caller chose.
 */
#define SDP_VIDEO_CMD_DECRYPT_SAMPLE	4

#endif /* TA_SDP_VIDEO_TA_H */

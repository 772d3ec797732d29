/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libsdp: the WebM reader. Reads a Matroska or WebM file (RFC 8794 EBML,
 * RFC 9559 Matroska, WebM Encryption) holding one Motion-JPEG video track,
 * clear or under WebM encryption (AES-CTR, whole frames), as mkclip -w
 * writes it (docs/clip-format.md, "WebM") and as an ordinary muxer would.
 *
 * Pure C: no allocation, no libc, no recursion. Every input byte is
 * untrusted: nothing is read outside buf[0..len), every size is checked
 * without overflow, and results are offsets into buf, never pointers.
 *
 *	struct sdp_webm w; struct sdp_webm_iter it; struct sdp_webm_frame f;
 *
 *	ret = sdp_webm_parse(buf, len, &w);
 *	sdp_webm_iter_init(&w, &it);
 *	while ((ret = sdp_webm_next_frame(buf, len, &w, &it, &f)) == SDP_WEBM_OK)
 *		use buf[f.offset .. f.offset + f.length), and if f.encrypted
 *		the 8-byte IV at buf[f.iv_offset] (AES-CTR counter block:
 *		IV || 64-bit big-endian block counter from 0);
 *	ret is SDP_WEBM_END after the last frame, or a negative SDP_WEBM_ERR_*.
 *
 * What is read:
 * - the EBML header: EBMLReadVersion 1, DocType "webm" or "matroska",
 *   DocTypeReadVersion 1..4; then the first Segment, of known size or of
 *   unknown size (then it runs to the end of buf); Void and CRC-32 may
 *   come between the two, and whatever follows a known-size Segment is
 *   not read;
 * - in the Segment, exactly one Info (TimestampScale, default 1000000 ns;
 *   Duration, optional), exactly one Tracks, and Clusters, which must have
 *   a known size; every other element (SeekHead, Cues, Tags, Chapters,
 *   Attachments, Void, ...) is skipped by its size, here and at every
 *   level below;
 * - the track: the first TrackEntry with TrackType 1 (video) and CodecID
 *   V_MJPEG; its TrackNumber, PixelWidth and PixelHeight (1..65535),
 *   DefaultDuration (optional) and ContentEncodings: none (a clear track),
 *   or exactly one ContentEncoding of type 1 (encryption), scope 1 (the
 *   frame), ContentEncAlgo 5 (AES), a ContentEncKeyID of 1..64 bytes and,
 *   if ContentEncAESSettings is there, AESSettingsCipherMode 1 (CTR; an
 *   encoding without it is CTR, the only mode of WebM Encryption).
 *   Compression and every other algorithm or mode are refused;
 * - in each Cluster, its Timestamp, then SimpleBlocks and BlockGroups
 *   (each with exactly one Block) of the track, unlaced; other tracks'
 *   blocks are skipped unread. A frame of an encrypted track starts with
 *   the WebM Encryption signal byte: 0x01 (encrypted) then the 8-byte IV
 *   and the ciphertext, or 0x00 (clear) then the frame; partitioned
 *   frames (subsamples, 0x02) and the reserved bits are refused. A frame
 *   is at (Cluster Timestamp + the block's relative timestamp) x
 *   TimestampScale ns.
 *
 * sdp_webm_validate() reads the whole file once (sdp_webm_parse then every
 * frame) and is what a consumer should call before using any frame.
 */
#ifndef SDP_WEBM_H
#define SDP_WEBM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SDP_WEBM_IV_SIZE		8	/* WebM Encryption's IV */
#define SDP_WEBM_MAX_KID_SIZE		64
#define SDP_WEBM_MAX_DIM		65535u
#define SDP_WEBM_DEFAULT_TIMESTAMP_SCALE 1000000u	/* ns: 1 ms ticks */
/* The project's key ids: ContentEncKeyID "sdp-content:" || BE u32 key id */
#define SDP_WEBM_KID_PREFIX		"sdp-content:"
#define SDP_WEBM_KID_PREFIX_SIZE	12
#define SDP_WEBM_KID_SIZE		16

enum sdp_webm_err {
	SDP_WEBM_END			= 1,	/* iterator: all frames read */
	SDP_WEBM_OK			= 0,
	SDP_WEBM_ERR_INVAL		= -1,	/* NULL pointer, bad iterator */
	SDP_WEBM_ERR_NOT_EBML		= -2,	/* does not start with EBML */
	SDP_WEBM_ERR_TRUNCATED		= -3,	/* element ID or size cut off */
	SDP_WEBM_ERR_ID			= -4,	/* element ID not 1..4 bytes */
	SDP_WEBM_ERR_SIZE		= -5,	/* size vint longer than 8 bytes */
	SDP_WEBM_ERR_PAST_END		= -6,	/* data past parent or file end */
	SDP_WEBM_ERR_UNKNOWN_SIZE	= -7,	/* unknown size, not a Segment */
	SDP_WEBM_ERR_VALUE		= -8,	/* integer > 8 bytes, float not 4/8 */
	SDP_WEBM_ERR_EBML_VERSION	= -9,	/* EBMLReadVersion != 1 */
	SDP_WEBM_ERR_DOCTYPE		= -10,	/* not "webm" or "matroska" */
	SDP_WEBM_ERR_DOCTYPE_VERSION	= -11,	/* DocTypeReadVersion not 1..4 */
	SDP_WEBM_ERR_NO_SEGMENT		= -12,	/* no Segment after the header */
	SDP_WEBM_ERR_INFO		= -13,	/* not exactly one Info */
	SDP_WEBM_ERR_TRACKS		= -14,	/* not exactly one Tracks */
	SDP_WEBM_ERR_TIMESTAMP_SCALE	= -15,	/* TimestampScale 0 */
	SDP_WEBM_ERR_DURATION		= -16,	/* Duration negative, NaN, huge */
	SDP_WEBM_ERR_NO_TRACK		= -17,	/* no V_MJPEG video track */
	SDP_WEBM_ERR_TRACK_NUMBER	= -18,	/* its TrackNumber missing or 0 */
	SDP_WEBM_ERR_DIMENSIONS		= -19,	/* PixelWidth/Height not 1..65535 */
	SDP_WEBM_ERR_ENCODINGS		= -20,	/* not exactly one ContentEncoding */
	SDP_WEBM_ERR_COMPRESSION	= -21,	/* a compression encoding */
	SDP_WEBM_ERR_ENCODING_TYPE	= -22,	/* ContentEncodingType > 1 */
	SDP_WEBM_ERR_ENCODING_SCOPE	= -23,	/* ContentEncodingScope != 1 */
	SDP_WEBM_ERR_ENC_ALGO		= -24,	/* ContentEncAlgo != 5 (AES) */
	SDP_WEBM_ERR_KEY_ID		= -25,	/* ContentEncKeyID not 1..64 B */
	SDP_WEBM_ERR_CIPHER_MODE	= -26,	/* AESSettingsCipherMode != 1 */
	SDP_WEBM_ERR_CLUSTER_UNKNOWN_SIZE = -27, /* a Cluster of unknown size */
	SDP_WEBM_ERR_CLUSTER_TIMESTAMP	= -28,	/* block before the Timestamp */
	SDP_WEBM_ERR_BLOCK		= -29,	/* block header cut off */
	SDP_WEBM_ERR_BLOCK_GROUP	= -30,	/* BlockGroup without one Block */
	SDP_WEBM_ERR_LACED		= -31,	/* laced block */
	SDP_WEBM_ERR_SIGNAL		= -32,	/* reserved signal byte bits */
	SDP_WEBM_ERR_PARTITIONED	= -33,	/* subsample-encrypted frame */
	SDP_WEBM_ERR_FRAME_SHORT	= -34,	/* no frame data (after the IV) */
	SDP_WEBM_ERR_TIME		= -35,	/* frame time < 0 or overflows */
	SDP_WEBM_ERR_NOT_ENCRYPTED	= -36,	/* sdp_webm_key_id: clear track */
	SDP_WEBM_ERR_FOREIGN_KID	= -37,	/* KID not "sdp-content:" || u32 */
};

enum sdp_webm_doc_type {
	SDP_WEBM_DOC_WEBM = 1,
	SDP_WEBM_DOC_MATROSKA = 2,
};

/* The file as sdp_webm_parse() found it. */
struct sdp_webm {
	enum sdp_webm_doc_type doc_type;
	uint32_t doc_type_read_version;
	size_t segment_offset;		/* the Segment's data */
	size_t segment_end;		/* its end (buf's for unknown size) */
	bool segment_unknown_size;
	uint64_t timestamp_scale;	/* ns per tick */
	uint64_t duration_ns;		/* 0: no Duration */
	uint32_t clusters;
	/* the track */
	uint64_t track_number;
	uint32_t width, height;
	uint64_t default_duration_ns;	/* 0: none */
	bool encrypted;
	size_t kid_offset, kid_length;	/* ContentEncKeyID, if encrypted */
};

struct sdp_webm_iter {
	size_t pos;		/* next element: in the Cluster, or the Segment */
	size_t cluster_end;	/* 0: between Clusters */
	uint64_t cluster_timestamp;
	bool have_timestamp;
	uint32_t index;		/* of the next frame */
};

struct sdp_webm_frame {
	uint32_t index;
	uint64_t time_ns;
	bool keyframe;		/* SimpleBlock flag, or no ReferenceBlock */
	bool encrypted;
	size_t block_offset;	/* the SimpleBlock or Block element */
	size_t iv_offset;	/* encrypted: the 8-byte IV; else 0 */
	size_t offset;		/* the ciphertext (encrypted) or the frame */
	size_t length;		/* >= 1 */
};

/* Read the headers and check the Segment's top level (buf: the file). */
int sdp_webm_parse(const uint8_t *buf, size_t len, struct sdp_webm *w);

/* Position it before the first frame of a file w parsed successfully. */
void sdp_webm_iter_init(const struct sdp_webm *w, struct sdp_webm_iter *it);

/*
 * The track's next frame into f, advancing it. Returns SDP_WEBM_OK,
 * SDP_WEBM_END after the last one, or a negative SDP_WEBM_ERR_* (then it
 * is not advanced).
 */
int sdp_webm_next_frame(const uint8_t *buf, size_t len,
			const struct sdp_webm *w, struct sdp_webm_iter *it,
			struct sdp_webm_frame *f);

/* sdp_webm_parse() then every frame; w and frames may be NULL. */
int sdp_webm_validate(const uint8_t *buf, size_t len, struct sdp_webm *w,
		      uint32_t *frames);

/*
 * The project's key id of an encrypted track: its KID must be
 * SDP_WEBM_KID_SIZE bytes, SDP_WEBM_KID_PREFIX then the id as a
 * big-endian u32. SDP_WEBM_ERR_NOT_ENCRYPTED or _FOREIGN_KID otherwise.
 */
int sdp_webm_key_id(const uint8_t *buf, const struct sdp_webm *w,
		    uint32_t *key_id);

/*
 * The same for a KID on its own (@len bytes at @kid), as a demuxer hands
 * it over: SDP_WEBM_OK and the id in @key_id, or SDP_WEBM_ERR_FOREIGN_KID
 * (@key_id untouched).
 */
int sdp_webm_kid_key_id(const uint8_t *kid, size_t len, uint32_t *key_id);

/*
 * The frame rate num/den whose period, rounded to ns, is period_ns (a
 * DefaultDuration, or the distance between two frames): the one with the
 * smallest den <= 1001 (40000000 -> 25/1, 33366667 -> 30000/1001), else
 * 10^9/period_ns reduced. SDP_WEBM_ERR_INVAL if period_ns is 0 or the
 * reduced fraction does not fit 32 bits.
 */
int sdp_webm_frame_rate(uint64_t period_ns, uint32_t *num, uint32_t *den);

/* Name of a return code, for logs ("?" if unknown). */
const char *sdp_webm_strerror(int err);

#endif /* SDP_WEBM_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * libsdp's WebM reader: see sdp_webm.h.
 *
 * EBML (RFC 8794): an element is its ID (a variable-length integer of 1-4
 * bytes, read with its length marker, as matroska_ids.h lists them), its
 * data size (a variable-length integer of 1-8 bytes; all value bits set
 * means "unknown"), then its data. An absent or empty integer element has
 * its default value. Masters are walked child by child inside their parent's
 * bounds; an element this reader does not know is skipped by its size, so
 * the depth it reaches is the schema's (seven levels), never the input's.
 */
#include "matroska_ids.h"
#include "sdp_webm.h"

#define MAX_DOC_TYPE_READ_VERSION 4

/* An element: its ID at buf[start], its data buf[data..end). */
struct el {
	uint32_t id;
	size_t start, data, end;
	bool unknown;	/* unknown size: end is the parent's */
};

/*
 * The variable-length integer at buf[pos] (pos < end): its length (1..8)
 * into *n, its value, without the length marker, into *v.
 */
static int read_vint(const uint8_t *buf, size_t pos, size_t end,
		     unsigned int *n, uint64_t *v)
{
	unsigned int i;

	if (!buf[pos])
		return SDP_WEBM_ERR_SIZE;
	for (*n = 1; !(buf[pos] & (0x80 >> (*n - 1))); (*n)++)
		;
	if (end - pos < *n)
		return SDP_WEBM_ERR_TRUNCATED;
	*v = buf[pos] & (0xff >> *n);
	for (i = 1; i < *n; i++)
		*v = *v << 8 | buf[pos + i];
	return SDP_WEBM_OK;
}

/*
 * The element at pos in a parent whose data ends at end (pos < end).
 * An unknown size is returned as such; the caller decides.
 */
static int read_el(const uint8_t *buf, size_t pos, size_t end, struct el *e)
{
	uint64_t size, all_ones;
	uint32_t id = 0, mask;
	size_t start = pos;
	unsigned int n, i;
	int ret;

	for (n = 1; n <= 4 && !(buf[pos] & (0x80 >> (n - 1))); n++)
		;
	if (n > 4)
		return SDP_WEBM_ERR_ID;
	if (end - pos < n)
		return SDP_WEBM_ERR_TRUNCATED;
	for (i = 0; i < n; i++)
		id = id << 8 | buf[pos + i];
	/* a value of all zeros is invalid, all ones reserved */
	mask = (1u << (7 * n)) - 1;
	if (!(id & mask) || (id & mask) == mask)
		return SDP_WEBM_ERR_ID;
	pos += n;

	if (pos == end)
		return SDP_WEBM_ERR_TRUNCATED;
	ret = read_vint(buf, pos, end, &n, &size);
	if (ret)
		return ret;
	pos += n;

	all_ones = (1ULL << (7 * n)) - 1;
	e->id = id;
	e->start = start;
	e->data = pos;
	e->unknown = size == all_ones;
	if (e->unknown) {
		e->end = end;
	} else {
		if (size > end - pos)
			return SDP_WEBM_ERR_PAST_END;
		e->end = pos + (size_t)size;
	}
	return SDP_WEBM_OK;
}

/* The child at *pos of a master ending at end, of known size; *pos: past it. */
static int next_child(const uint8_t *buf, size_t *pos, size_t end,
		      struct el *e)
{
	int ret = read_el(buf, *pos, end, e);

	if (ret)
		return ret;
	if (e->unknown)
		return SDP_WEBM_ERR_UNKNOWN_SIZE;
	*pos = e->end;
	return SDP_WEBM_OK;
}

/*
 * The first child of master m with each of the n IDs ids[] into found[]
 * (data 0: there is none), and how many there are into count[] (if not
 * NULL: 0, 1, or 2 for two or more).
 */
static int find_children(const uint8_t *buf, const struct el *m,
			 const uint32_t *ids, struct el *found,
			 unsigned int *count, unsigned int n)
{
	size_t pos = m->data;
	unsigned int i;
	struct el e;
	int ret;

	for (i = 0; i < n; i++) {
		found[i] = (struct el){ 0 };
		if (count)
			count[i] = 0;
	}
	while (pos < m->end) {
		ret = next_child(buf, &pos, m->end, &e);
		if (ret)
			return ret;
		for (i = 0; i < n; i++) {
			if (e.id != ids[i])
				continue;
			if (!found[i].data)
				found[i] = e;
			if (count && count[i] < 2)
				count[i]++;
		}
	}
	return SDP_WEBM_OK;
}

/* An unsigned integer: 0..8 bytes big-endian; absent or empty: def. */
static int get_uint(const uint8_t *buf, const struct el *e, uint64_t def,
		    uint64_t *v)
{
	size_t i;

	if (e->end - e->data > 8)
		return SDP_WEBM_ERR_VALUE;
	if (e->end == e->data) {
		*v = def;
		return SDP_WEBM_OK;
	}
	*v = 0;
	for (i = e->data; i < e->end; i++)
		*v = *v << 8 | buf[i];
	return SDP_WEBM_OK;
}

/* A float: empty (0), or IEEE 754 big-endian of 4 or 8 bytes. */
static int get_float(const uint8_t *buf, const struct el *e, double *d)
{
	union { uint64_t u; double d; } u64;
	union { uint32_t u; float f; } u32;
	uint64_t v = 0;
	size_t i, n = e->end - e->data;

	if (n != 0 && n != 4 && n != 8)
		return SDP_WEBM_ERR_VALUE;
	for (i = e->data; i < e->end; i++)
		v = v << 8 | buf[i];
	if (n == 4) {
		u32.u = (uint32_t)v;
		*d = u32.f;
	} else {
		u64.u = v;
		*d = u64.d;
	}
	return SDP_WEBM_OK;
}

/* A string element equal to s (it may be padded with NULs). */
static bool str_is(const uint8_t *buf, const struct el *e, const char *s)
{
	size_t i = e->data;

	for (; *s; s++, i++)
		if (i == e->end || buf[i] != (uint8_t)*s)
			return false;
	for (; i < e->end; i++)
		if (buf[i])
			return false;
	return true;
}

static int parse_ebml_header(const uint8_t *buf, const struct el *h,
			     struct sdp_webm *w)
{
	static const uint32_t ids[] = {
		ID_EBML_READ_VERSION, ID_DOC_TYPE, ID_DOC_TYPE_READ_VERSION
	};
	uint64_t read_version, doc_read_version;
	struct el e[3];
	int ret;

	ret = find_children(buf, h, ids, e, NULL, 3);
	if (!ret)
		ret = get_uint(buf, &e[0], 1, &read_version);
	if (!ret)
		ret = get_uint(buf, &e[2], 1, &doc_read_version);
	if (ret)
		return ret;
	if (read_version != 1)
		return SDP_WEBM_ERR_EBML_VERSION;
	if (e[1].data && str_is(buf, &e[1], "webm"))
		w->doc_type = SDP_WEBM_DOC_WEBM;
	else if (e[1].data && str_is(buf, &e[1], "matroska"))
		w->doc_type = SDP_WEBM_DOC_MATROSKA;
	else
		return SDP_WEBM_ERR_DOCTYPE;
	if (!doc_read_version || doc_read_version > MAX_DOC_TYPE_READ_VERSION)
		return SDP_WEBM_ERR_DOCTYPE_VERSION;
	w->doc_type_read_version = (uint32_t)doc_read_version;
	return SDP_WEBM_OK;
}

static int parse_info(const uint8_t *buf, const struct el *info,
		      struct sdp_webm *w)
{
	static const uint32_t ids[] = { ID_TIMESTAMP_SCALE, ID_DURATION };
	const double two64 = 18446744073709551616.0;
	double duration, ns;
	struct el e[2];
	int ret;

	ret = find_children(buf, info, ids, e, NULL, 2);
	if (!ret)
		ret = get_uint(buf, &e[0], SDP_WEBM_DEFAULT_TIMESTAMP_SCALE,
			       &w->timestamp_scale);
	if (!ret && e[1].data)
		ret = get_float(buf, &e[1], &duration);
	if (ret)
		return ret;
	if (!w->timestamp_scale)
		return SDP_WEBM_ERR_TIMESTAMP_SCALE;
	if (e[1].data) {
		/* in ticks; NaN fails both comparisons */
		ns = duration * (double)w->timestamp_scale + 0.5;
		if (!(duration >= 0) || !(ns < two64))
			return SDP_WEBM_ERR_DURATION;
		w->duration_ns = (uint64_t)ns;
	}
	return SDP_WEBM_OK;
}

static int parse_video(const uint8_t *buf, const struct el *video,
		       struct sdp_webm *w)
{
	static const uint32_t ids[] = { ID_PIXEL_WIDTH, ID_PIXEL_HEIGHT };
	uint64_t width, height;
	struct el e[2];
	int ret;

	ret = find_children(buf, video, ids, e, NULL, 2);
	if (!ret)
		ret = get_uint(buf, &e[0], 0, &width);
	if (!ret)
		ret = get_uint(buf, &e[1], 0, &height);
	if (ret)
		return ret;
	if (!width || !height || width > SDP_WEBM_MAX_DIM ||
	    height > SDP_WEBM_MAX_DIM)
		return SDP_WEBM_ERR_DIMENSIONS;
	w->width = (uint32_t)width;
	w->height = (uint32_t)height;
	return SDP_WEBM_OK;
}

/* ContentEncryption: AES, a KID, CTR (also when there are no settings). */
static int parse_encryption(const uint8_t *buf, const struct el *cry,
			    struct sdp_webm *w)
{
	static const uint32_t ids[] = {
		ID_CONTENT_ENC_ALGO, ID_CONTENT_ENC_KEY_ID,
		ID_CONTENT_ENC_AES_SETTINGS
	};
	static const uint32_t mode_id = ID_AES_SETTINGS_CIPHER_MODE;
	uint64_t algo, mode = AES_CIPHER_MODE_CTR;
	struct el e[3], m;
	size_t kid_len;
	int ret;

	ret = find_children(buf, cry, ids, e, NULL, 3);
	if (!ret)	/* the default: not encrypted */
		ret = get_uint(buf, &e[0], 0, &algo);
	if (!ret && e[2].data) {
		ret = find_children(buf, &e[2], &mode_id, &m, NULL, 1);
		if (!ret)	/* no default once the settings are there */
			ret = get_uint(buf, &m, 0, &mode);
	}
	if (ret)
		return ret;
	if (algo != ENC_ALGO_AES)
		return SDP_WEBM_ERR_ENC_ALGO;
	kid_len = e[1].end - e[1].data;
	if (!e[1].data || !kid_len || kid_len > SDP_WEBM_MAX_KID_SIZE)
		return SDP_WEBM_ERR_KEY_ID;
	if (mode != AES_CIPHER_MODE_CTR)
		return SDP_WEBM_ERR_CIPHER_MODE;
	w->encrypted = true;
	w->kid_offset = e[1].data;
	w->kid_length = kid_len;
	return SDP_WEBM_OK;
}

static int parse_encodings(const uint8_t *buf, const struct el *encs,
			   struct sdp_webm *w)
{
	static const uint32_t enc_id = ID_CONTENT_ENCODING;
	static const uint32_t ids[] = {
		ID_CONTENT_ENCODING_TYPE, ID_CONTENT_ENCODING_SCOPE,
		ID_CONTENT_COMPRESSION, ID_CONTENT_ENCRYPTION
	};
	uint64_t type, scope;
	unsigned int n;
	struct el enc, e[4];
	int ret;

	ret = find_children(buf, encs, &enc_id, &enc, &n, 1);
	if (ret)
		return ret;
	if (n != 1)
		return SDP_WEBM_ERR_ENCODINGS;
	ret = find_children(buf, &enc, ids, e, NULL, 4);
	if (!ret)
		ret = get_uint(buf, &e[0], ENCODING_TYPE_COMPRESSION, &type);
	if (!ret)
		ret = get_uint(buf, &e[1], ENCODING_SCOPE_BLOCK, &scope);
	if (ret)
		return ret;
	if (type == ENCODING_TYPE_COMPRESSION || e[2].data)
		return SDP_WEBM_ERR_COMPRESSION;
	if (type != ENCODING_TYPE_ENCRYPTION)
		return SDP_WEBM_ERR_ENCODING_TYPE;
	if (scope != ENCODING_SCOPE_BLOCK)
		return SDP_WEBM_ERR_ENCODING_SCOPE;
	if (!e[3].data)		/* ContentEncAlgo's default: not encrypted */
		return SDP_WEBM_ERR_ENC_ALGO;
	return parse_encryption(buf, &e[3], w);
}

/* The first V_MJPEG video TrackEntry; the ones after it are not read. */
static int parse_tracks(const uint8_t *buf, const struct el *tracks,
			struct sdp_webm *w)
{
	static const uint32_t ids[] = {
		ID_TRACK_TYPE, ID_CODEC_ID, ID_TRACK_NUMBER,
		ID_DEFAULT_DURATION, ID_VIDEO, ID_CONTENT_ENCODINGS
	};
	size_t pos = tracks->data;
	uint64_t type, number;
	struct el t, e[6];
	int ret;

	while (pos < tracks->end) {
		ret = next_child(buf, &pos, tracks->end, &t);
		if (!ret && t.id == ID_TRACK_ENTRY)
			ret = find_children(buf, &t, ids, e, NULL, 6);
		if (!ret && t.id == ID_TRACK_ENTRY)
			ret = get_uint(buf, &e[0], 0, &type);
		if (ret)
			return ret;
		if (t.id != ID_TRACK_ENTRY || type != TRACK_TYPE_VIDEO ||
		    !e[1].data || !str_is(buf, &e[1], "V_MJPEG"))
			continue;
		ret = get_uint(buf, &e[2], 0, &number);
		if (!ret)
			ret = get_uint(buf, &e[3], 0, &w->default_duration_ns);
		if (ret)
			return ret;
		if (!number)
			return SDP_WEBM_ERR_TRACK_NUMBER;
		w->track_number = number;
		if (!e[4].data)
			return SDP_WEBM_ERR_DIMENSIONS;
		ret = parse_video(buf, &e[4], w);
		if (!ret && e[5].data)
			ret = parse_encodings(buf, &e[5], w);
		return ret;
	}
	return SDP_WEBM_ERR_NO_TRACK;
}

int sdp_webm_parse(const uint8_t *buf, size_t len, struct sdp_webm *w)
{
	static const uint8_t magic[4] = { 0x1A, 0x45, 0xDF, 0xA3 };
	bool have_info = false, have_tracks = false;
	struct sdp_webm t = { 0 };
	struct el e;
	size_t pos, end;
	unsigned int i;
	int ret;

	if (!buf || !w)
		return SDP_WEBM_ERR_INVAL;
	/* the magic is checked on what is there: a short non-WebM is NOT_EBML */
	for (i = 0; i < sizeof(magic) && i < len; i++)
		if (buf[i] != magic[i])
			return SDP_WEBM_ERR_NOT_EBML;
	if (!len)
		return SDP_WEBM_ERR_TRUNCATED;
	pos = 0;
	ret = next_child(buf, &pos, len, &e);
	if (!ret)
		ret = parse_ebml_header(buf, &e, &t);
	if (ret)
		return ret;

	/* the first Segment, maybe after Void or CRC-32 */
	for (;;) {
		if (pos == len)
			return SDP_WEBM_ERR_NO_SEGMENT;
		ret = read_el(buf, pos, len, &e);
		if (ret)
			return ret;
		if (e.id == ID_SEGMENT)
			break;
		if (e.unknown || (e.id != ID_VOID && e.id != ID_CRC32))
			return e.unknown ? SDP_WEBM_ERR_UNKNOWN_SIZE :
					   SDP_WEBM_ERR_NO_SEGMENT;
		pos = e.end;
	}
	t.segment_offset = e.data;
	t.segment_end = end = e.end;
	t.segment_unknown_size = e.unknown;

	for (pos = e.data; pos < end; pos = e.end) {
		ret = read_el(buf, pos, end, &e);
		if (ret)
			return ret;
		if (e.unknown)
			return e.id == ID_CLUSTER ?
			       SDP_WEBM_ERR_CLUSTER_UNKNOWN_SIZE :
			       SDP_WEBM_ERR_UNKNOWN_SIZE;
		if (e.id == ID_INFO) {
			if (have_info)
				return SDP_WEBM_ERR_INFO;
			have_info = true;
			ret = parse_info(buf, &e, &t);
		} else if (e.id == ID_TRACKS) {
			if (have_tracks)
				return SDP_WEBM_ERR_TRACKS;
			have_tracks = true;
			ret = parse_tracks(buf, &e, &t);
		} else if (e.id == ID_CLUSTER && t.clusters < UINT32_MAX) {
			t.clusters++;
		}
		if (ret)
			return ret;
	}
	if (!have_info)
		return SDP_WEBM_ERR_INFO;
	if (!have_tracks)
		return SDP_WEBM_ERR_TRACKS;
	*w = t;
	return SDP_WEBM_OK;
}

void sdp_webm_iter_init(const struct sdp_webm *w, struct sdp_webm_iter *it)
{
	it->pos = w->segment_offset;
	it->cluster_end = 0;
	it->cluster_timestamp = 0;
	it->have_timestamp = false;
	it->index = 0;
}

/* The frame's time in ns: Cluster Timestamp + rel, in TimestampScale ticks. */
static int frame_time(const struct sdp_webm *w, const struct sdp_webm_iter *t,
		      int32_t rel, uint64_t *ns)
{
	uint64_t ticks = t->cluster_timestamp;

	if (rel < 0) {
		if (ticks < (uint64_t)-rel)
			return SDP_WEBM_ERR_TIME;
		ticks -= (uint64_t)-rel;
	} else {
		if (ticks > UINT64_MAX - (uint64_t)rel)
			return SDP_WEBM_ERR_TIME;
		ticks += (uint64_t)rel;
	}
	if (ticks > UINT64_MAX / w->timestamp_scale)
		return SDP_WEBM_ERR_TIME;
	*ns = ticks * w->timestamp_scale;
	return SDP_WEBM_OK;
}

/*
 * The SimpleBlock or Block b: 1 and the frame in f if it is the track's,
 * 0 if another track's (not read further), or an error.
 */
static int read_block(const uint8_t *buf, const struct sdp_webm *w,
		      const struct sdp_webm_iter *t, const struct el *b,
		      bool keyframe, struct sdp_webm_frame *f)
{
	size_t d = b->data;
	uint64_t track;
	unsigned int n;
	int32_t rel;
	uint8_t flags, signal;
	int ret;

	/* the track number, a variable-length integer */
	if (d == b->end || read_vint(buf, d, b->end, &n, &track))
		return SDP_WEBM_ERR_BLOCK;
	d += n;
	if (track != w->track_number)
		return 0;

	/* relative timestamp (signed 16 bits), flags */
	if (b->end - d < 3)
		return SDP_WEBM_ERR_BLOCK;
	rel = (int32_t)(buf[d] << 8 | buf[d + 1]);
	if (rel >= 0x8000)
		rel -= 0x10000;
	flags = buf[d + 2];
	d += 3;
	if (!t->have_timestamp)
		return SDP_WEBM_ERR_CLUSTER_TIMESTAMP;
	if (flags & BLOCK_LACING)
		return SDP_WEBM_ERR_LACED;
	ret = frame_time(w, t, rel, &f->time_ns);
	if (ret)
		return ret;

	f->encrypted = false;
	f->iv_offset = 0;
	if (w->encrypted) {
		if (d == b->end)
			return SDP_WEBM_ERR_FRAME_SHORT;
		signal = buf[d++];
		if (signal & ~(SIGNAL_ENCRYPTED | SIGNAL_PARTITIONED))
			return SDP_WEBM_ERR_SIGNAL;
		if (signal & SIGNAL_PARTITIONED)
			return SDP_WEBM_ERR_PARTITIONED;
		if (signal & SIGNAL_ENCRYPTED) {
			if (b->end - d < SDP_WEBM_IV_SIZE)
				return SDP_WEBM_ERR_FRAME_SHORT;
			f->encrypted = true;
			f->iv_offset = d;
			d += SDP_WEBM_IV_SIZE;
		}
	}
	if (d == b->end)
		return SDP_WEBM_ERR_FRAME_SHORT;
	f->keyframe = keyframe || (b->id == ID_SIMPLE_BLOCK &&
				   (flags & SIMPLE_BLOCK_KEYFRAME));
	f->block_offset = b->start;
	f->offset = d;
	f->length = b->end - d;
	return 1;
}

/* A BlockGroup: exactly one Block; a keyframe if no ReferenceBlock. */
static int read_group(const uint8_t *buf, const struct sdp_webm *w,
		      const struct sdp_webm_iter *t, const struct el *g,
		      struct sdp_webm_frame *f)
{
	static const uint32_t ids[] = { ID_BLOCK, ID_REFERENCE_BLOCK };
	struct el e[2];
	unsigned int n[2];
	int ret;

	ret = find_children(buf, g, ids, e, n, 2);
	if (ret)
		return ret;
	if (n[0] != 1)
		return SDP_WEBM_ERR_BLOCK_GROUP;
	return read_block(buf, w, t, &e[0], !n[1], f);
}

int sdp_webm_next_frame(const uint8_t *buf, size_t len,
			const struct sdp_webm *w, struct sdp_webm_iter *it,
			struct sdp_webm_frame *f)
{
	struct sdp_webm_iter t;
	struct el e;
	int ret;

	if (!buf || !w || !it || !f || w->segment_end > len ||
	    it->pos < w->segment_offset || it->pos > w->segment_end ||
	    (it->cluster_end && (it->cluster_end > w->segment_end ||
				 it->pos > it->cluster_end)) ||
	    !w->timestamp_scale || it->index == UINT32_MAX)
		return SDP_WEBM_ERR_INVAL;
	t = *it;
	for (;;) {
		if (!t.cluster_end) {
			/* between Clusters: the next one, skipping the rest */
			if (t.pos == w->segment_end)
				return SDP_WEBM_END;
			ret = read_el(buf, t.pos, w->segment_end, &e);
			if (ret)
				return ret;
			if (e.unknown)
				return e.id == ID_CLUSTER ?
				       SDP_WEBM_ERR_CLUSTER_UNKNOWN_SIZE :
				       SDP_WEBM_ERR_UNKNOWN_SIZE;
			t.pos = e.end;
			if (e.id == ID_CLUSTER) {
				t.pos = e.data;
				t.cluster_end = e.end;
				t.cluster_timestamp = 0;
				t.have_timestamp = false;
			}
			continue;
		}
		if (t.pos == t.cluster_end) {
			t.cluster_end = 0;
			continue;
		}
		ret = next_child(buf, &t.pos, t.cluster_end, &e);
		if (!ret && e.id == ID_TIMESTAMP) {
			ret = get_uint(buf, &e, 0, &t.cluster_timestamp);
			t.have_timestamp = true;
		} else if (!ret && e.id == ID_SIMPLE_BLOCK) {
			ret = read_block(buf, w, &t, &e, false, f);
		} else if (!ret && e.id == ID_BLOCK_GROUP) {
			ret = read_group(buf, w, &t, &e, f);
		}
		if (ret < 0)
			return ret;
		if (ret == 1) {	/* a frame of the track */
			f->index = t.index++;
			*it = t;
			return SDP_WEBM_OK;
		}
	}
}

int sdp_webm_validate(const uint8_t *buf, size_t len, struct sdp_webm *w,
		      uint32_t *frames)
{
	struct sdp_webm t;
	struct sdp_webm_iter it;
	struct sdp_webm_frame f;
	int ret;

	ret = sdp_webm_parse(buf, len, &t);
	if (ret)
		return ret;
	sdp_webm_iter_init(&t, &it);
	while ((ret = sdp_webm_next_frame(buf, len, &t, &it, &f)) ==
	       SDP_WEBM_OK)
		;
	if (ret != SDP_WEBM_END)
		return ret;
	if (w)
		*w = t;
	if (frames)
		*frames = it.index;
	return SDP_WEBM_OK;
}

int sdp_webm_kid_key_id(const uint8_t *kid, size_t len, uint32_t *key_id)
{
	static const char prefix[] = SDP_WEBM_KID_PREFIX;
	unsigned int i;

	if (!kid || !key_id)
		return SDP_WEBM_ERR_INVAL;
	if (len != SDP_WEBM_KID_SIZE)
		return SDP_WEBM_ERR_FOREIGN_KID;
	for (i = 0; i < SDP_WEBM_KID_PREFIX_SIZE; i++)
		if (kid[i] != (uint8_t)prefix[i])
			return SDP_WEBM_ERR_FOREIGN_KID;
	*key_id = (uint32_t)kid[12] << 24 | (uint32_t)kid[13] << 16 |
		  (uint32_t)kid[14] << 8 | kid[15];
	return SDP_WEBM_OK;
}

int sdp_webm_key_id(const uint8_t *buf, const struct sdp_webm *w,
		    uint32_t *key_id)
{
	if (!buf || !w || !key_id)
		return SDP_WEBM_ERR_INVAL;
	if (!w->encrypted)
		return SDP_WEBM_ERR_NOT_ENCRYPTED;
	return sdp_webm_kid_key_id(buf + w->kid_offset, w->kid_length, key_id);
}

int sdp_webm_frame_rate(uint64_t period_ns, uint32_t *num, uint32_t *den)
{
	const uint64_t second = 1000000000;
	uint64_t d, n, a, b, r;

	if (!period_ns || !num || !den)
		return SDP_WEBM_ERR_INVAL;
	/* the period a muxer wrote: round(10^9 den / num) */
	for (d = 1; d <= 1001; d++) {
		n = (second * d + period_ns / 2) / period_ns;
		if (n && n <= UINT32_MAX &&
		    (second * d + n / 2) / n == period_ns) {
			*num = (uint32_t)n;
			*den = (uint32_t)d;
			return SDP_WEBM_OK;
		}
	}
	for (a = second, b = period_ns; b; a = b, b = r)
		r = a % b;
	if (period_ns / a > UINT32_MAX)
		return SDP_WEBM_ERR_INVAL;
	*num = (uint32_t)(second / a);
	*den = (uint32_t)(period_ns / a);
	return SDP_WEBM_OK;
}

const char *sdp_webm_strerror(int err)
{
	switch (err) {
	case SDP_WEBM_END:		return "end";
	case SDP_WEBM_OK:		return "ok";
	case SDP_WEBM_ERR_INVAL:	return "invalid argument";
	case SDP_WEBM_ERR_NOT_EBML:	return "not an EBML file";
	case SDP_WEBM_ERR_TRUNCATED:	return "element header truncated";
	case SDP_WEBM_ERR_ID:		return "bad element ID";
	case SDP_WEBM_ERR_SIZE:		return "bad element size";
	case SDP_WEBM_ERR_PAST_END:	return "element past the end of its parent";
	case SDP_WEBM_ERR_UNKNOWN_SIZE:	return "unknown size where a size is needed";
	case SDP_WEBM_ERR_VALUE:	return "bad integer or float";
	case SDP_WEBM_ERR_EBML_VERSION:	return "EBMLReadVersion is not 1";
	case SDP_WEBM_ERR_DOCTYPE:	return "DocType is not webm or matroska";
	case SDP_WEBM_ERR_DOCTYPE_VERSION:
		return "DocTypeReadVersion is not 1..4";
	case SDP_WEBM_ERR_NO_SEGMENT:	return "no Segment";
	case SDP_WEBM_ERR_INFO:		return "not exactly one Info";
	case SDP_WEBM_ERR_TRACKS:	return "not exactly one Tracks";
	case SDP_WEBM_ERR_TIMESTAMP_SCALE: return "TimestampScale is 0";
	case SDP_WEBM_ERR_DURATION:	return "bad Duration";
	case SDP_WEBM_ERR_NO_TRACK:	return "no V_MJPEG video track";
	case SDP_WEBM_ERR_TRACK_NUMBER:	return "no TrackNumber";
	case SDP_WEBM_ERR_DIMENSIONS:	return "bad PixelWidth or PixelHeight";
	case SDP_WEBM_ERR_ENCODINGS:	return "not exactly one ContentEncoding";
	case SDP_WEBM_ERR_COMPRESSION:	return "compressed track";
	case SDP_WEBM_ERR_ENCODING_TYPE: return "unknown ContentEncodingType";
	case SDP_WEBM_ERR_ENCODING_SCOPE:
		return "ContentEncodingScope is not the frame";
	case SDP_WEBM_ERR_ENC_ALGO:	return "ContentEncAlgo is not AES";
	case SDP_WEBM_ERR_KEY_ID:	return "no ContentEncKeyID of 1..64 bytes";
	case SDP_WEBM_ERR_CIPHER_MODE:	return "AESSettingsCipherMode is not CTR";
	case SDP_WEBM_ERR_CLUSTER_UNKNOWN_SIZE:
		return "Cluster of unknown size";
	case SDP_WEBM_ERR_CLUSTER_TIMESTAMP:
		return "block before its Cluster's Timestamp";
	case SDP_WEBM_ERR_BLOCK:	return "block header truncated";
	case SDP_WEBM_ERR_BLOCK_GROUP:	return "BlockGroup without exactly one Block";
	case SDP_WEBM_ERR_LACED:	return "laced block";
	case SDP_WEBM_ERR_SIGNAL:	return "reserved bits in the signal byte";
	case SDP_WEBM_ERR_PARTITIONED:	return "partitioned (subsample) encryption";
	case SDP_WEBM_ERR_FRAME_SHORT:	return "frame without data";
	case SDP_WEBM_ERR_TIME:		return "frame time out of range";
	case SDP_WEBM_ERR_NOT_ENCRYPTED: return "track not encrypted";
	case SDP_WEBM_ERR_FOREIGN_KID:	return "KID is not sdp-content: and a key id";
	default:			return "?";
	}
}

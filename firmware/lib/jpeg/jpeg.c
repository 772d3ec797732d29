// SPDX-License-Identifier: GPL-2.0
/*
 * Baseline JPEG decoder, written from ITU-T T.81. See jpeg.h for the
 * supported subset and the output layout.
 *
 * The inverse DCT is the Loeffler-Ligtenberg-Moschytz integer algorithm with
 * 13-bit constants and two extra bits kept between the passes, rounded and
 * range limited the way libjpeg's JDCT_ISLOW method is, so that the output
 * is bit-exact with libjpeg's raw-data output. Intermediates are 64-bit so
 * that no input, however corrupt, overflows.
 */
#include "jpeg.h"

#define CONST_BITS	13
#define PASS1_BITS	2

#define FIX_0_298631336	((int64_t)2446)
#define FIX_0_390180644	((int64_t)3196)
#define FIX_0_541196100	((int64_t)4433)
#define FIX_0_765366865	((int64_t)6270)
#define FIX_0_899976223	((int64_t)7373)
#define FIX_1_175875602	((int64_t)9633)
#define FIX_1_501321110	((int64_t)12299)
#define FIX_1_847759065	((int64_t)15137)
#define FIX_1_961570560	((int64_t)16069)
#define FIX_2_053119869	((int64_t)16819)
#define FIX_2_562915447	((int64_t)20995)
#define FIX_3_072711026	((int64_t)25172)

/* Round x / 2^n to nearest (arithmetic shift: gcc floors negative values). */
#define DESCALE(x, n)	(((x) + ((int64_t)1 << ((n) - 1))) >> (n))

/* Zig-zag position -> natural (row-major) position, T.81 figure A.6. */
static const uint8_t zigzag[64] = {
	 0,  1,  8, 16,  9,  2,  3, 10, 17, 24, 32, 25, 18, 11,  4,  5,
	12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13,  6,  7, 14, 21, 28,
	35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
	58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
};

/*
 * Huffman look-ahead: the next LOOK bits index a table that gives most codes
 * (those up to LOOK bits long) and their symbol in one step; longer codes
 * take the canonical slow path. AC symbols are most of the work: 8 bits;
 * one DC symbol per block: 7 bits (the decoder state stays small enough
 * for the firmware's stack).
 */
#define DC_LOOK_BITS	7
#define AC_LOOK_BITS	8

/* Canonical Huffman table, T.81 annex C and F.2.2.3 (DECODE). */
struct huff {
	int32_t maxcode[17];	/* -1: no code of this length */
	int32_t valoff[17];	/* vals index of code c of length l: c + valoff[l] */
	uint8_t vals[256];
	uint8_t defined;
};

struct huff_dc {
	struct huff h;
	uint16_t look[1 << DC_LOOK_BITS];	/* length << 8 | value, 0 = slow path */
};

struct huff_ac {
	struct huff h;
	uint16_t look[1 << AC_LOOK_BITS];
};

struct comp {
	uint8_t id;
	uint8_t h, v;		/* sampling factors */
	uint8_t tq;		/* quantisation table */
	uint8_t td, ta;		/* DC / AC Huffman tables (from SOS) */
	int16_t pred;		/* DC predictor */
	uint32_t w, hgt;	/* sampled size */
	const struct jpeg_plane *out;
	size_t step;		/* 1 planar, 2 interleaved */
};

struct dec {
	const uint8_t *data;
	size_t len;
	size_t pos;
	uint64_t bitbuf;	/* entropy-coded bits, the low bitcnt valid */
	int bitcnt;
	int fill_err;		/* why the last fill stopped short */

	uint32_t width, height, ncomp, hmax, vmax;
	uint32_t restart;
	int have_sof;
	uint8_t qdef[4];
	uint16_t quant[4][64];	/* zig-zag order */
	struct huff_dc dc[4];
	struct huff_ac ac[4];
	struct comp comp[3];

	int32_t coef[64];	/* natural order; all zero between blocks */
	uint64_t cb_rows[8];	/* NV12: the MCU's Cb block, until its Cr block */
};

/* ---- byte level ---------------------------------------------------------- */

static int read_u8(struct dec *d, uint32_t *v)
{
	if (d->pos >= d->len)
		return JPEG_ERR_TRUNCATED;
	*v = d->data[d->pos++];
	return 0;
}

static int read_u16(struct dec *d, uint32_t *v)
{
	if (d->len - d->pos < 2 || d->pos > d->len)
		return JPEG_ERR_TRUNCATED;
	*v = ((uint32_t)d->data[d->pos] << 8) | d->data[d->pos + 1];
	d->pos += 2;
	return 0;
}

/* Next marker code: 0xFF, optional 0xFF fill bytes, the code. */
static int read_marker(struct dec *d, uint32_t *m)
{
	uint32_t b;
	int ret;

	ret = read_u8(d, &b);
	if (ret)
		return ret;
	if (b != 0xFF)
		return JPEG_ERR_BAD_MARKER;
	do {
		ret = read_u8(d, &b);
		if (ret)
			return ret;
	} while (b == 0xFF);
	if (b == 0)
		return JPEG_ERR_BAD_MARKER;
	*m = b;
	return 0;
}

/* ---- marker segments ----------------------------------------------------- */

/* Length field of a segment: returns the payload end offset in *end. */
static int seg_begin(struct dec *d, size_t *end)
{
	uint32_t l;
	int ret = read_u16(d, &l);

	if (ret)
		return ret;
	if (l < 2)
		return JPEG_ERR_BAD_MARKER;
	if (d->len - d->pos < l - 2)
		return JPEG_ERR_TRUNCATED;
	*end = d->pos + l - 2;
	return 0;
}

static int parse_dqt(struct dec *d)
{
	size_t end;
	uint32_t pt, v;
	int ret = seg_begin(d, &end);

	if (ret)
		return ret;
	while (d->pos < end) {
		pt = d->data[d->pos++];
		if (pt >> 4)
			return JPEG_ERR_UNSUPPORTED;	/* 16-bit table */
		if ((pt & 15) > 3)
			return JPEG_ERR_BAD_TABLE;
		if (end - d->pos < 64)
			return JPEG_ERR_BAD_TABLE;
		for (int k = 0; k < 64; k++) {
			v = d->data[d->pos++];
			d->quant[pt & 15][k] = (uint16_t)v;
		}
		d->qdef[pt & 15] = 1;
	}
	return 0;
}

/*
 * Typical Huffman tables (T.81 annex K.3), used for table slots 0 (luma) and
 * 1 (chroma) that a frame does not define: Motion-JPEG frames usually leave
 * out their DHT (libjpeg-turbo does the same).
 */
static const uint8_t std_dc_luma[] = {
	/* counts */
	0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0,
	/* values */
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
};
static const uint8_t std_dc_chroma[] = {
	/* counts */
	0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
	/* values */
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
};
static const uint8_t std_ac_luma[] = {
	/* counts */
	0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 125,
	/* values */
	0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06,
	0x13, 0x51, 0x61, 0x07, 0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08,
	0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0, 0x24, 0x33, 0x62, 0x72,
	0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28,
	0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45,
	0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59,
	0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75,
	0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
	0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3,
	0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6,
	0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9,
	0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2,
	0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4,
	0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa,
};
static const uint8_t std_ac_chroma[] = {
	/* counts */
	0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 119,
	/* values */
	0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41,
	0x51, 0x07, 0x61, 0x71, 0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91,
	0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0, 0x15, 0x62, 0x72, 0xd1,
	0x0a, 0x16, 0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19, 0x1a, 0x26,
	0x27, 0x28, 0x29, 0x2a, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44,
	0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58,
	0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74,
	0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
	0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a,
	0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4,
	0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7,
	0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda,
	0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf2, 0xf3, 0xf4,
	0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa,
};

/*
 * Build t and its look-ahead table (1 << bits entries) from 16 code-length
 * counts and the values (annex C).
 */
static int build_huff(struct huff *t, uint16_t *look, int bits,
		      const uint8_t *counts, const uint8_t *vals)
{
	uint32_t code = 0, total = 0;
	int32_t mincode[17];

	for (int l = 1; l <= 16; l++)
		total += counts[l - 1];
	if (total > 256)
		return JPEG_ERR_BAD_TABLE;
	for (uint32_t i = 0; i < total; i++)
		t->vals[i] = vals[i];
	/* Canonical codes; reject an over-full code space. */
	total = 0;
	for (int l = 1; l <= 16; l++) {
		mincode[l] = (int32_t)code;
		t->valoff[l] = (int32_t)total - (int32_t)code;
		code += counts[l - 1];
		total += counts[l - 1];
		if (code > (1u << l))
			return JPEG_ERR_BAD_TABLE;
		t->maxcode[l] = counts[l - 1] ? (int32_t)code - 1 : -1;
		code <<= 1;
	}
	/* Every look-ahead prefix that starts with a short code. */
	for (int i = 0; i < (1 << bits); i++)
		look[i] = 0;
	for (int l = 1; l <= bits; l++) {
		for (int32_t c = mincode[l]; c <= t->maxcode[l]; c++) {
			uint32_t v = t->vals[c + t->valoff[l]];
			int sh = bits - l;

			for (int x = 0; x < (1 << sh); x++)
				look[((uint32_t)c << sh) | (uint32_t)x] =
					(uint16_t)(l << 8 | v);
		}
	}
	t->defined = 1;
	return 0;
}

static int parse_dht(struct dec *d)
{
	size_t end;
	uint32_t tc, th, total;
	int ret = seg_begin(d, &end);

	if (ret)
		return ret;
	while (d->pos < end) {
		tc = d->data[d->pos] >> 4;
		th = d->data[d->pos] & 15;
		d->pos++;
		if (tc > 1 || th > 3)
			return JPEG_ERR_BAD_TABLE;
		if (end - d->pos < 16)
			return JPEG_ERR_BAD_TABLE;
		total = 0;
		for (int l = 0; l < 16; l++)
			total += d->data[d->pos + l];
		if (total > 256 || end - d->pos - 16 < total)
			return JPEG_ERR_BAD_TABLE;
		if (tc)
			ret = build_huff(&d->ac[th].h, d->ac[th].look, AC_LOOK_BITS,
					 &d->data[d->pos], &d->data[d->pos + 16]);
		else
			ret = build_huff(&d->dc[th].h, d->dc[th].look, DC_LOOK_BITS,
					 &d->data[d->pos], &d->data[d->pos + 16]);
		if (ret)
			return ret;
		d->pos += 16 + total;
	}
	return 0;
}

static int parse_sof(struct dec *d)
{
	size_t end;
	uint32_t p, n, hv, tq;
	int ret;

	if (d->have_sof)
		return JPEG_ERR_BAD_MARKER;
	ret = seg_begin(d, &end);
	if (ret)
		return ret;
	if (end - d->pos < 6)
		return JPEG_ERR_BAD_FRAME;
	p = d->data[d->pos];
	d->height = ((uint32_t)d->data[d->pos + 1] << 8) | d->data[d->pos + 2];
	d->width = ((uint32_t)d->data[d->pos + 3] << 8) | d->data[d->pos + 4];
	n = d->data[d->pos + 5];
	d->pos += 6;
	if (p != 8)
		return JPEG_ERR_UNSUPPORTED;
	if (d->height == 0)
		return JPEG_ERR_UNSUPPORTED;	/* height from DNL */
	if (d->width == 0)
		return JPEG_ERR_BAD_FRAME;
	if (d->width > JPEG_MAX_DIM || d->height > JPEG_MAX_DIM)
		return JPEG_ERR_TOO_LARGE;
	if (n != 1 && n != 3)
		return JPEG_ERR_UNSUPPORTED;
	if (end - d->pos != 3 * n)
		return JPEG_ERR_BAD_FRAME;
	d->ncomp = n;
	for (uint32_t i = 0; i < n; i++) {
		struct comp *c = &d->comp[i];

		c->id = d->data[d->pos];
		hv = d->data[d->pos + 1];
		tq = d->data[d->pos + 2];
		d->pos += 3;
		c->h = (uint8_t)(hv >> 4);
		c->v = (uint8_t)(hv & 15);
		if (c->h < 1 || c->h > 4 || c->v < 1 || c->v > 4 || tq > 3)
			return JPEG_ERR_BAD_FRAME;
		c->tq = (uint8_t)tq;
		for (uint32_t j = 0; j < i; j++)
			if (d->comp[j].id == c->id)
				return JPEG_ERR_BAD_FRAME;
	}
	if (n == 1) {
		/* One component: non-interleaved, one block per MCU. */
		d->comp[0].h = d->comp[0].v = 1;
	} else {
		if (d->comp[1].h != 1 || d->comp[1].v != 1 ||
		    d->comp[2].h != 1 || d->comp[2].v != 1)
			return JPEG_ERR_UNSUPPORTED;
		hv = ((uint32_t)d->comp[0].h << 4) | d->comp[0].v;
		if (hv != 0x22 && hv != 0x21 && hv != 0x11)
			return JPEG_ERR_UNSUPPORTED;
	}
	d->hmax = d->comp[0].h;
	d->vmax = d->comp[0].v;
	for (uint32_t i = 0; i < n; i++) {
		struct comp *c = &d->comp[i];

		c->w = (d->width * c->h + d->hmax - 1) / d->hmax;
		c->hgt = (d->height * c->v + d->vmax - 1) / d->vmax;
	}
	d->have_sof = 1;
	return 0;
}

static int parse_sos(struct dec *d)
{
	size_t end;
	uint32_t ns, id, t;
	int ret;

	if (!d->have_sof)
		return JPEG_ERR_BAD_FRAME;
	ret = seg_begin(d, &end);
	if (ret)
		return ret;
	if (end - d->pos < 1)
		return JPEG_ERR_BAD_FRAME;
	ns = d->data[d->pos++];
	if (ns != d->ncomp)
		return JPEG_ERR_UNSUPPORTED;	/* one scan per component: multi-scan */
	if (end - d->pos != 2 * ns + 3)
		return JPEG_ERR_BAD_FRAME;
	for (uint32_t i = 0; i < ns; i++) {
		struct comp *c = &d->comp[i];

		id = d->data[d->pos];
		t = d->data[d->pos + 1];
		d->pos += 2;
		if (id != c->id)
			return JPEG_ERR_BAD_FRAME;
		c->td = (uint8_t)(t >> 4);
		c->ta = (uint8_t)(t & 15);
		if (c->td > 3 || c->ta > 3)
			return JPEG_ERR_BAD_FRAME;
		if (!d->dc[c->td].h.defined && c->td < 2) {
			const uint8_t *std = c->td ? std_dc_chroma : std_dc_luma;

			build_huff(&d->dc[c->td].h, d->dc[c->td].look,
				   DC_LOOK_BITS, std, std + 16);
		}
		if (!d->ac[c->ta].h.defined && c->ta < 2) {
			const uint8_t *std = c->ta ? std_ac_chroma : std_ac_luma;

			build_huff(&d->ac[c->ta].h, d->ac[c->ta].look,
				   AC_LOOK_BITS, std, std + 16);
		}
		if (!d->dc[c->td].h.defined || !d->ac[c->ta].h.defined ||
		    !d->qdef[c->tq])
			return JPEG_ERR_BAD_TABLE;
	}
	/* Ss = 0, Se = 63, Ah = Al = 0: sequential DCT. */
	if (d->data[d->pos] != 0 || d->data[d->pos + 1] != 63 ||
	    d->data[d->pos + 2] != 0)
		return JPEG_ERR_UNSUPPORTED;
	d->pos += 3;
	return 0;
}

/* Marker segments from SOI up to and including SOS. */
static int parse_headers(struct dec *d)
{
	uint32_t m;
	size_t end;
	int ret;

	ret = read_marker(d, &m);
	if (ret == JPEG_ERR_TRUNCATED && d->len >= 2)
		ret = JPEG_ERR_BAD_MARKER;
	if (ret)
		return ret;
	if (m != 0xD8)
		return JPEG_ERR_BAD_MARKER;
	for (;;) {
		ret = read_marker(d, &m);
		if (ret)
			return ret;
		switch (m) {
		case 0xC0:	/* baseline */
		case 0xC1:	/* extended sequential, Huffman (8-bit checked) */
			ret = parse_sof(d);
			break;
		case 0xC4:
			ret = parse_dht(d);
			break;
		case 0xDB:
			ret = parse_dqt(d);
			break;
		case 0xDD:
			ret = seg_begin(d, &end);
			if (ret)
				break;
			if (end - d->pos != 2)
				return JPEG_ERR_BAD_MARKER;
			d->restart = ((uint32_t)d->data[d->pos] << 8) |
				     d->data[d->pos + 1];
			d->pos = end;
			break;
		case 0xDA:
			return parse_sos(d);
		case 0x01:	/* TEM: no length */
			break;
		case 0xC2: case 0xC3: case 0xC5: case 0xC6: case 0xC7:
		case 0xC9: case 0xCA: case 0xCB: case 0xCD: case 0xCE:
		case 0xCF: case 0xCC: case 0xDC: case 0xDE: case 0xDF:
			/* progressive, lossless, hierarchical, arithmetic, DNL */
			return JPEG_ERR_UNSUPPORTED;
		default:
			if ((m >= 0xE0 && m <= 0xEF) || m == 0xFE ||
			    (m >= 0xF0 && m <= 0xFD)) {
				/* APPn, COM, JPGn: skipped */
				ret = seg_begin(d, &end);
				if (!ret)
					d->pos = end;
				break;
			}
			return JPEG_ERR_BAD_MARKER;	/* SOI, EOI, RSTn, reserved */
		}
		if (ret)
			return ret;
	}
}

/* ---- entropy decoding ---------------------------------------------------- */

/*
 * Top the bit buffer up to more than 56 bits while plain data bytes (and
 * stuffed 0xFF 0x00) follow. At a marker or the end it stops without
 * consuming it and records why: that is the error once bits it could not
 * supply are needed (a marker inside the scan ends the data too early).
 */
static void fill_bits(struct dec *d)
{
	while (d->bitcnt <= 56) {
		uint32_t b;

		if (d->pos >= d->len) {
			d->fill_err = JPEG_ERR_TRUNCATED;
			return;
		}
		b = d->data[d->pos];
		if (b == 0xFF) {
			if (d->len - d->pos < 2 || d->data[d->pos + 1] == 0xD9) {
				d->fill_err = JPEG_ERR_TRUNCATED;  /* EOI inside the scan */
				return;
			}
			if (d->data[d->pos + 1] != 0) {
				d->fill_err = JPEG_ERR_BAD_RESTART;
				return;
			}
			d->pos++;
		}
		d->pos++;
		d->bitbuf = (d->bitbuf << 8) | b;
		d->bitcnt += 8;
	}
}

/* The next n (1..16) bits; the caller made sure bitcnt >= n. */
static inline uint32_t take_bits(struct dec *d, int n)
{
	d->bitcnt -= n;
	return (uint32_t)(d->bitbuf >> d->bitcnt) & ((1u << n) - 1);
}

/*
 * Codes longer than the look-ahead (@bits), or too few bits left: length by
 * length. Returns the symbol (0..255) or a negative JPEG_ERR_*.
 */
static int decode_huff_slow(struct dec *d, const struct huff *t, int bits)
{
	int l = 1;

	if (d->bitcnt >= 16) {
		/* The look-ahead saw real bits: no code is that short. */
		uint32_t peek = (uint32_t)(d->bitbuf >> (d->bitcnt - 16)) & 0xFFFF;

		for (l = bits + 1; l <= 16; l++) {
			int32_t code = (int32_t)(peek >> (16 - l));

			if (code <= t->maxcode[l]) {
				d->bitcnt -= l;
				return t->vals[code + t->valoff[l]];
			}
		}
		return JPEG_ERR_BAD_HUFFMAN;
	}
	for (; l <= 16; l++) {
		int32_t code;

		if (l > d->bitcnt)
			return d->fill_err;
		code = (int32_t)((d->bitbuf >> (d->bitcnt - l)) & ((1u << l) - 1));
		if (code <= t->maxcode[l]) {
			d->bitcnt -= l;
			return t->vals[code + t->valoff[l]];
		}
	}
	return JPEG_ERR_BAD_HUFFMAN;
}

/*
 * One symbol (0..255) or a negative JPEG_ERR_*; bits are topped up by the
 * caller (decode_block). The symbol is returned, not stored, so that it
 * stays in a register.
 */
static inline int decode_huff(struct dec *d, const struct huff *t,
			      const uint16_t *look, int bits)
{
	uint32_t peek, e;

	if (d->bitcnt >= bits)
		peek = (uint32_t)(d->bitbuf >> (d->bitcnt - bits));
	else
		peek = (uint32_t)(d->bitbuf << (bits - d->bitcnt));
	e = look[peek & ((1u << bits) - 1)];
	if (e && (int)(e >> 8) <= d->bitcnt) {
		d->bitcnt -= (int)(e >> 8);
		return (int)(e & 0xFF);
	}
	return decode_huff_slow(d, t, bits);
}

/* RECEIVE + EXTEND (F.2.2.1): s (1..15) magnitude bits to a signed value. */
static inline int32_t extend(uint32_t v, int s)
{
	uint32_t neg = ((v >> (s - 1)) & 1) - 1;	/* all ones: negative */

	return (int32_t)(v + (neg & (1u - (1u << s))));
}

/*
 * One block: Huffman decode and dequantise into d->coef (natural order,
 * zero on entry). *nz gets a bit per position written.
 */
static int decode_block(struct dec *d, struct comp *c, uint64_t *nz)
{
	const uint16_t *q = d->quant[c->tq];
	const struct huff_dc *dc = &d->dc[c->td];
	const struct huff_ac *ac = &d->ac[c->ta];
	int32_t *coef = d->coef;
	uint64_t mask = 1;
	int k, r, s, rs;

	/* A symbol and its extra bits are at most 16 + 15 bits. */
	if (d->bitcnt < 32)
		fill_bits(d);
	rs = decode_huff(d, &dc->h, dc->look, DC_LOOK_BITS);
	if (rs < 0)
		return rs;
	if (rs > 11)
		return JPEG_ERR_BAD_HUFFMAN;
	if (rs) {
		if (rs > d->bitcnt)
			return d->fill_err;
		c->pred = (int16_t)(c->pred + extend(take_bits(d, rs), rs));
	}
	coef[0] = (int32_t)c->pred * q[0];
	for (k = 1; k < 64; k++) {
		if (d->bitcnt < 32)
			fill_bits(d);
		rs = decode_huff(d, &ac->h, ac->look, AC_LOOK_BITS);
		if (rs < 0)
			return rs;
		r = rs >> 4;
		s = rs & 15;
		if (s == 0) {
			if (r != 15)
				break;		/* EOB */
			k += 15;		/* ZRL */
			if (k > 63)
				return JPEG_ERR_BAD_HUFFMAN;
			continue;
		}
		k += r;
		if (k > 63)
			return JPEG_ERR_BAD_HUFFMAN;
		if (s > d->bitcnt)
			return d->fill_err;
		coef[zigzag[k]] = (int32_t)(int16_t)extend(take_bits(d, s), s) * q[k];
		mask |= (uint64_t)1 << zigzag[k];
	}
	*nz = mask;
	return 0;
}

/* ---- inverse DCT ---------------------------------------------------------- */

/*
 * Range limit after the IDCT: x is the level-shifted sample; values are
 * taken modulo 1024 as libjpeg's post-IDCT table does, then clamped.
 */
static inline uint8_t range_limit(int64_t x)
{
	uint32_t y = ((uint32_t)x + 128) & 1023;

	if (y < 256)
		return (uint8_t)y;
	return y < 640 ? 255 : 0;
}

/*
 * One 8-point pass of the LL&M integer IDCT (libjpeg's JDCT_ISLOW): @x in
 * natural order, @o scaled by 2^CONST_BITS and not yet descaled. Both the
 * column and the row pass use it; they differ only in how they descale.
 * With @lo4, x[4..7] are known to be zero (the same result, fewer terms).
 */
static inline __attribute__((always_inline))
void idct8(const int64_t x[8], int64_t o[8], int lo4)
{
	int64_t t0, t1, t2, t3, t10, t11, t12, t13, z1, z2, z3, z4, z5;
	int64_t x4 = lo4 ? 0 : x[4], x5 = lo4 ? 0 : x[5];
	int64_t x6 = lo4 ? 0 : x[6], x7 = lo4 ? 0 : x[7];

	/* Even part */
	z1 = (x[2] + x6) * FIX_0_541196100;
	t2 = z1 - x6 * FIX_1_847759065;
	t3 = z1 + x[2] * FIX_0_765366865;
	t0 = (x[0] + x4) * (1 << CONST_BITS);
	t1 = (x[0] - x4) * (1 << CONST_BITS);
	t10 = t0 + t3;
	t13 = t0 - t3;
	t11 = t1 + t2;
	t12 = t1 - t2;

	/* Odd part */
	t0 = x7;
	t1 = x5;
	t2 = x[3];
	t3 = x[1];
	z1 = t0 + t3;
	z2 = t1 + t2;
	z3 = t0 + t2;
	z4 = t1 + t3;
	z5 = (z3 + z4) * FIX_1_175875602;
	t0 *= FIX_0_298631336;
	t1 *= FIX_2_053119869;
	t2 *= FIX_3_072711026;
	t3 *= FIX_1_501321110;
	z1 *= -FIX_0_899976223;
	z2 *= -FIX_2_562915447;
	z3 = z3 * -FIX_1_961570560 + z5;
	z4 = z4 * -FIX_0_390180644 + z5;
	t0 += z1 + z3;
	t1 += z2 + z4;
	t2 += z2 + z3;
	t3 += z1 + z4;

	o[0] = t10 + t3;
	o[7] = t10 - t3;
	o[1] = t11 + t2;
	o[6] = t11 - t2;
	o[2] = t12 + t1;
	o[5] = t12 - t1;
	o[3] = t13 + t0;
	o[4] = t13 - t0;
}

/* Zero the coefficients set in @nz: d->coef is all zero between blocks. */
static void clear_coef(struct dec *d, uint64_t nz)
{
	while (nz) {
		d->coef[__builtin_ctzll(nz)] = 0;
		nz &= nz - 1;
	}
}

/* Columns (bit i: column i) with a coefficient set in the rows of @rows. */
static inline uint32_t nz_columns(uint64_t nz, uint64_t rows)
{
	nz &= rows;
	nz |= nz >> 32;
	nz |= nz >> 16;
	nz |= nz >> 8;
	return (uint32_t)nz & 0xFF;
}

#define ROWS_1_7	0xFFFFFFFFFFFFFF00ull
#define ROWS_4_7	0xFFFFFFFF00000000ull

/*
 * A row of 8 samples travels packed in a uint64_t, sample k in bits
 * 8k..8k+7. Where the destination is 8-byte aligned (on a little-endian
 * CPU) a whole row is one aligned store, which is fine in any memory type
 * (Device memory refuses only unaligned accesses);
 * otherwise, and for cropped rows, it is stored byte by byte.
 */
typedef uint64_t __attribute__((may_alias)) row64_t;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define WIDE_STORES	1
#else
#define WIDE_STORES	0
#endif

static inline int wide_ok(const uint8_t *dst, size_t stride, uint32_t ncols)
{
	return WIDE_STORES && ncols == 8 && !((uintptr_t)dst & 7) && !(stride & 7);
}

/* nrows x ncols samples of @rows to a plane. */
static void store_rows(uint8_t *dst, size_t stride, const uint64_t rows[8],
		       uint32_t nrows, uint32_t ncols)
{
	if (wide_ok(dst, stride, ncols)) {
		for (uint32_t j = 0; j < nrows; j++, dst += stride)
			*(row64_t *)dst = rows[j];
		return;
	}
	for (uint32_t j = 0; j < nrows; j++, dst += stride)
		for (uint32_t i = 0; i < ncols; i++)
			dst[i] = (uint8_t)(rows[j] >> (8 * i));
}

/* Bytes 0..3 of x to bytes 0, 2, 4, 6. */
static inline uint64_t spread4(uint64_t x)
{
	x &= 0xFFFFFFFFull;
	x = (x | x << 16) & 0x0000FFFF0000FFFFull;
	return (x | x << 8) & 0x00FF00FF00FF00FFull;
}

/* A Cb and a Cr block, interleaved into NV12's CbCr plane. */
static void store_rows_cbcr(uint8_t *dst, size_t stride, const uint64_t cb[8],
			    const uint64_t cr[8], uint32_t nrows, uint32_t ncols)
{
	if (wide_ok(dst, stride, ncols)) {
		for (uint32_t j = 0; j < nrows; j++, dst += stride) {
			((row64_t *)dst)[0] = spread4(cb[j]) | spread4(cr[j]) << 8;
			((row64_t *)dst)[1] = spread4(cb[j] >> 32) |
					      spread4(cr[j] >> 32) << 8;
		}
		return;
	}
	for (uint32_t j = 0; j < nrows; j++, dst += stride) {
		for (uint32_t i = 0; i < ncols; i++) {
			dst[2 * i] = (uint8_t)(cb[j] >> (8 * i));
			dst[2 * i + 1] = (uint8_t)(cr[j] >> (8 * i));
		}
	}
}

/*
 * Pass 2 on one row of the workspace, descaled by 2^(CONST_BITS +
 * PASS1_BITS + 3) and range limited, packed; @cols: the columns with
 * coefficients (the others are zero in every row, and w[4..7] are not read
 * when columns 4..7 have none).
 */
static inline __attribute__((always_inline))
uint64_t idct_row(const int32_t *w, uint32_t cols)
{
	int64_t x[8], o[8];
	uint64_t r = 0;

	if (cols == 1) {
		/* w[1..7] are zero: the row is flat. */
		return 0x0101010101010101ull *
		       range_limit(DESCALE((int64_t)w[0], PASS1_BITS + 3));
	}
	if (cols & 0xF0) {
		for (int k = 0; k < 8; k++)
			x[k] = w[k];
		idct8(x, o, 0);
	} else {
		for (int k = 0; k < 4; k++)
			x[k] = w[k];
		idct8(x, o, 1);
	}
	for (int k = 7; k >= 0; k--)
		r = r << 8 | range_limit(DESCALE(o[k], CONST_BITS + PASS1_BITS + 3));
	return r;
}

/* Pass 1 on column i of @in into column i of @ws, scaled up by 2^PASS1_BITS. */
static inline __attribute__((always_inline))
void idct_col(const int32_t *in, int32_t *ws, int i, uint32_t ac_cols,
	      uint32_t hi_cols)
{
	int64_t x[8], o[8];

	if (!(ac_cols & (1u << i))) {
		int32_t dc = (int32_t)((int64_t)in[i] * (1 << PASS1_BITS));

		for (int j = 0; j < 8; j++)
			ws[8 * j + i] = dc;
		return;
	}
	if (hi_cols & (1u << i)) {
		for (int k = 0; k < 8; k++)
			x[k] = in[8 * k + i];
		idct8(x, o, 0);
	} else {
		for (int k = 0; k < 4; k++)
			x[k] = in[8 * k + i];
		idct8(x, o, 1);
	}
	for (int k = 0; k < 8; k++)
		ws[8 * k + i] = (int32_t)DESCALE(o[k], CONST_BITS - PASS1_BITS);
}

/*
 * Inverse DCT of d->coef (positions set in @nz) into 8 packed rows; d->coef
 * is left all zero. Blocks, columns and rows whose higher coefficients are
 * zero take shorter paths with the same result as the full transform.
 */
static void idct_block(struct dec *d, uint64_t nz, uint64_t rows[8])
{
	int32_t *in = d->coef;
	int32_t ws[64];
	uint32_t cols = nz_columns(nz, ~0ull), ac_cols = nz_columns(nz, ROWS_1_7);
	uint32_t hi_cols = nz_columns(nz, ROWS_4_7);

	if (!ac_cols) {
		/*
		 * Only row 0 (DC-only blocks too): pass 1 gives every column
		 * its DC shortcut, so all rows of the workspace are the same.
		 */
		uint64_t r;

		for (int i = 0; i < 8; i++)
			ws[i] = (int32_t)((int64_t)in[i] * (1 << PASS1_BITS));
		clear_coef(d, nz);
		r = idct_row(ws, cols);
		for (int j = 0; j < 8; j++)
			rows[j] = r;
		return;
	}
	if (cols == 1) {
		/* Only column 0: each row is flat. */
		idct_col(in, ws, 0, ac_cols, hi_cols);
		clear_coef(d, nz);
		for (int j = 0; j < 8; j++)
			rows[j] = idct_row(&ws[8 * j], 1);
		return;
	}
	for (int i = 0; i < 8; i++) {
		if (cols & (1u << i)) {
			idct_col(in, ws, i, ac_cols, hi_cols);
		} else if (i < 4 || (cols & 0xF0)) {
			for (int j = 0; j < 8; j++)
				ws[8 * j + i] = 0;
		}
	}
	clear_coef(d, nz);
	for (int j = 0; j < 8; j++)
		rows[j] = idct_row(&ws[8 * j], cols);
}

/*
 * The block at (bx, by) of component ci, cropped to its plane. NV12's Cb
 * block is kept until the Cr block of the same MCU comes, then both are
 * stored interleaved.
 */
static void idct_store(struct dec *d, uint32_t ci, uint64_t nz, uint32_t bx,
		       uint32_t by)
{
	const struct comp *c = &d->comp[ci];
	uint32_t x0 = bx * 8, y0 = by * 8;
	uint32_t nrows = c->hgt - y0 < 8 ? c->hgt - y0 : 8;
	uint32_t ncols = c->w - x0 < 8 ? c->w - x0 : 8;
	size_t stride = c->out->stride;
	uint64_t rows[8];

	if (c->step == 2 && ci == 1) {
		idct_block(d, nz, d->cb_rows);
		return;
	}
	idct_block(d, nz, rows);
	if (c->step == 2)	/* Cr: the pair goes to Cb's view of the plane */
		store_rows_cbcr(d->comp[1].out->ptr + (size_t)y0 * stride +
				(size_t)x0 * 2, stride, d->cb_rows, rows, nrows,
				ncols);
	else
		store_rows(c->out->ptr + (size_t)y0 * stride + x0, stride, rows,
			   nrows, ncols);
}

/* After an interval: byte-align, then expect RSTn (n = count mod 8). */
static int read_restart(struct dec *d, uint32_t n)
{
	uint32_t m;
	int ret;

	d->bitcnt = 0;
	d->bitbuf = 0;
	ret = read_marker(d, &m);
	if (ret == JPEG_ERR_BAD_MARKER)
		return JPEG_ERR_BAD_RESTART;
	if (ret)
		return ret;
	if (m != 0xD0 + (n & 7))
		return JPEG_ERR_BAD_RESTART;
	for (uint32_t i = 0; i < d->ncomp; i++)
		d->comp[i].pred = 0;
	return 0;
}

static int decode_scan(struct dec *d)
{
	uint32_t mcux, mcuy, mcus, left, rst = 0;
	int ret;

	if (d->ncomp == 1) {
		mcux = (d->width + 7) / 8;
		mcuy = (d->height + 7) / 8;
	} else {
		mcux = (d->width + 8 * d->hmax - 1) / (8 * d->hmax);
		mcuy = (d->height + 8 * d->vmax - 1) / (8 * d->vmax);
	}
	mcus = mcux * mcuy;
	left = d->restart;
	for (uint32_t i = 0; i < d->ncomp; i++)
		d->comp[i].pred = 0;
	for (uint32_t m = 0; m < mcus; m++) {
		uint32_t mx = m % mcux, my = m / mcux;

		if (d->restart && left == 0) {
			ret = read_restart(d, rst++);
			if (ret)
				return ret;
			left = d->restart;
		}
		left--;
		for (uint32_t ci = 0; ci < d->ncomp; ci++) {
			struct comp *c = &d->comp[ci];

			for (uint32_t v = 0; v < c->v; v++) {
				for (uint32_t h = 0; h < c->h; h++) {
					uint64_t nz = 0;

					ret = decode_block(d, c, &nz);
					if (ret)
						return ret;
					uint32_t bx = mx * c->h + h;
					uint32_t by = my * c->v + v;

					if (bx * 8 < c->w && by * 8 < c->hgt)
						idct_store(d, ci, nz, bx, by);
					else
						clear_coef(d, nz);
				}
			}
		}
	}
	/* The scan must be followed by EOI (one scan per frame). */
	d->bitcnt = 0;
	for (;;) {
		uint32_t mk;

		ret = read_marker(d, &mk);
		if (ret)
			return ret;
		if (mk == 0xD9)
			return 0;
		if (mk == 0xDA || (mk >= 0xC0 && mk <= 0xCF && mk != 0xC4 &&
				   mk != 0xC8 && mk != 0xCC))
			return JPEG_ERR_UNSUPPORTED;	/* another scan/frame */
		if (mk == 0xDC)
			return JPEG_ERR_UNSUPPORTED;	/* DNL */
		return JPEG_ERR_BAD_MARKER;
	}
}

/* ---- API ------------------------------------------------------------------ */

static void dec_init(struct dec *d, const uint8_t *data, size_t len)
{
	uint8_t *p = (uint8_t *)d;

	for (size_t i = 0; i < sizeof(*d); i++)
		p[i] = 0;
	d->data = data;
	d->len = len;
	d->fill_err = JPEG_ERR_TRUNCATED;
}

static void fill_info(const struct dec *d, struct jpeg_info *info)
{
	if (!info)
		return;
	info->width = d->width;
	info->height = d->height;
	info->ncomp = d->ncomp;
	if (d->ncomp == 1)
		info->sub = JPEG_SUB_GRAY;
	else if (d->hmax == 2 && d->vmax == 2)
		info->sub = JPEG_SUB_420;
	else if (d->hmax == 2)
		info->sub = JPEG_SUB_422;
	else
		info->sub = JPEG_SUB_444;
	for (uint32_t i = 0; i < 3; i++) {
		info->comp_w[i] = i < d->ncomp ? d->comp[i].w : 0;
		info->comp_h[i] = i < d->ncomp ? d->comp[i].hgt : 0;
	}
	info->restart_interval = d->restart;
}

int jpeg_parse_header(const uint8_t *data, size_t len, struct jpeg_info *info)
{
	struct dec d;
	int ret;

	if (!data || !info)
		return JPEG_ERR_INVAL;
	dec_init(&d, data, len);
	ret = parse_headers(&d);
	if (ret)
		return ret;
	fill_info(&d, info);
	return 0;
}

/* The plane must hold h rows of w samples spaced step bytes apart. */
static int check_plane(const struct jpeg_plane *p, uint32_t w, uint32_t h,
		       uint32_t step)
{
	uint64_t row = (uint64_t)(w - 1) * step + 1;

	if (!p->ptr)
		return JPEG_ERR_INVAL;
	if (p->stride < row)
		return JPEG_ERR_OUT_TOO_SMALL;
	if ((uint64_t)p->stride * (h - 1) + row > p->size)
		return JPEG_ERR_OUT_TOO_SMALL;
	return 0;
}

int jpeg_decode_nv12(const uint8_t *data, size_t len,
		     const struct jpeg_out *out, struct jpeg_info *info)
{
	struct dec d;
	int ret;

	if (!data || !out)
		return JPEG_ERR_INVAL;
	dec_init(&d, data, len);
	ret = parse_headers(&d);
	if (ret)
		return ret;
	fill_info(&d, info);
	if (d.ncomp == 3 && (d.hmax != 2 || d.vmax != 2))
		return JPEG_ERR_UNSUPPORTED;
	uint32_t cw = (d.width + 1) / 2, ch = (d.height + 1) / 2;

	ret = check_plane(&out->y, d.width, d.height, 1);
	if (!ret)
		ret = check_plane(&out->uv, 2 * cw, ch, 1);
	if (ret)
		return ret;
	d.comp[0].out = &out->y;
	d.comp[0].step = 1;
	if (d.ncomp == 3) {
		/* Cb at even bytes, Cr at odd: two views of the uv plane. */
		struct jpeg_plane cr = out->uv;

		cr.ptr++;
		cr.size--;
		d.comp[1].out = &out->uv;
		d.comp[1].step = 2;
		d.comp[2].out = &cr;
		d.comp[2].step = 2;
		return decode_scan(&d);
	}
	for (uint32_t y = 0; y < ch; y++)
		for (uint32_t x = 0; x < 2 * cw; x++)
			out->uv.ptr[(size_t)y * out->uv.stride + x] = 128;
	return decode_scan(&d);
}

int jpeg_decode_planar(const uint8_t *data, size_t len,
		       const struct jpeg_plane planes[3], struct jpeg_info *info)
{
	struct dec d;
	int ret;

	if (!data || !planes)
		return JPEG_ERR_INVAL;
	dec_init(&d, data, len);
	ret = parse_headers(&d);
	if (ret)
		return ret;
	fill_info(&d, info);
	for (uint32_t i = 0; i < d.ncomp; i++) {
		ret = check_plane(&planes[i], d.comp[i].w, d.comp[i].hgt, 1);
		if (ret)
			return ret;
		d.comp[i].out = &planes[i];
		d.comp[i].step = 1;
	}
	return decode_scan(&d);
}

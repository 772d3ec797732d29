// SPDX-License-Identifier: GPL-2.0
/*
 * mkclip: write a synthetic encrypted Motion-JPEG clip (docs/clip-format.md)
 * and the SHA-256 of every frame's expected NV12 decode, optionally also of
 * its expected XRGB8888 picture, the same frames in the clear and the same
 * frames as a WebM file.
 *
 *   mkclip -W width -H height -n frames -o clip -d digests \
 *          --key-file FILE --key-id N [--seed S] [--fps NUM/DEN] \
 *          [-r|--xrgb-digests FILE] [-m|--mjpeg-hdr FILE] [-w|--webm FILE]
 *   mkclip -W width -H height -n frames {-m FILE | -w FILE} -d digests \
 *          [--seed S] [--fps NUM/DEN] [-r|--xrgb-digests FILE]
 *
 * Without a key there is no encrypted clip: only the clear frames (-m), a
 * clear WebM (-w) and the digests, for clear content that is not a
 * protected clip.
 *
 * Picture: a dark moving gradient, a bright square bouncing across the frame,
 * a vertical bar sweeping down, and the frame number in a built-in 5x7 font.
 * --seed changes the colours and start positions (not the IVs).
 * Each frame: baseline 4:2:0 JPEG, quality 80 (libjpeg-turbo), encrypted with
 * AES-128-CTR (firmware/lib/crypto/aes.c) under IV = 8 random bytes from
 * /dev/urandom || 8 zero bytes (the block counter).
 * Digests: "<index> <sha256 hex>" per line, of libjpeg-turbo's raw_data_out
 * JDCT_ISLOW decode (C IDCT, JSIMD_FORCENONE=1) arranged as NV12 (Y w x h,
 * then CbCr pairs (w/2) x (h/2)), as firmware/lib/jpeg produces.
 * XRGB digests (-r): same line format, of libjpeg-turbo's decode to
 * JCS_EXT_BGRX (do_fancy_upsampling = FALSE, JDCT_ISLOW, C code): rows of
 * 4 * w bytes B, G, R, 0xff, tightly packed, as firmware/lib/jpeg followed by
 * firmware/lib/color's color_nv12_row_to_xrgb8888() produces.
 * Clear frames (-m): the same JPEGs, unencrypted, as a Motion-JPEG stream
 * in the framing of v4l2-ctl's --stream-from-hdr (v4l-utils): per frame the
 * bytes "rdhV" (its FILE_HDR_ID, v4l2_fourcc('V', 'h', 'd', 'r'), written
 * big-endian), the JPEG's length as a big-endian u32, then the JPEG. A
 * stateful decoder fed this file one frame per OUTPUT buffer (v4l2-ctl
 * --stream-from-hdr, v4l2-compliance --stream-from-hdr) decodes to the
 * frames the -d digests describe. Clear frames of a protected clip are
 * that clip in the clear: give them to no one the clip is protected from.
 * WebM (-w, webm.c): one V_MJPEG track, under WebM encryption when a key is
 * given (KID "sdp-content:" || key id as a big-endian u32), each block the
 * same 8-byte IV and ciphertext as the clip's record; clear otherwise.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

#include "aes.h"
#include "sha256.h"
#include "clip.h"
#include "webm.h"

static void die(const char *msg)
{
	fprintf(stderr, "mkclip: %s\n", msg);
	exit(1);
}

static const uint8_t font5x7[10][7] = {
	{ 0x0e, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0e },	/* 0 */
	{ 0x04, 0x0c, 0x04, 0x04, 0x04, 0x04, 0x0e },	/* 1 */
	{ 0x0e, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1f },	/* 2 */
	{ 0x1f, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0e },	/* 3 */
	{ 0x02, 0x06, 0x0a, 0x12, 0x1f, 0x02, 0x02 },	/* 4 */
	{ 0x1f, 0x10, 0x1e, 0x01, 0x01, 0x11, 0x0e },	/* 5 */
	{ 0x06, 0x08, 0x10, 0x1e, 0x11, 0x11, 0x0e },	/* 6 */
	{ 0x1f, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08 },	/* 7 */
	{ 0x0e, 0x11, 0x11, 0x0e, 0x11, 0x11, 0x0e },	/* 8 */
	{ 0x0e, 0x11, 0x11, 0x0f, 0x01, 0x02, 0x0c },	/* 9 */
};

static void put_px(uint8_t *rgb, int w, int h, int x, int y,
		   uint8_t r, uint8_t g, uint8_t b)
{
	uint8_t *p;

	if (x < 0 || y < 0 || x >= w || y >= h)
		return;
	p = rgb + ((size_t)y * w + x) * 3;
	p[0] = r;
	p[1] = g;
	p[2] = b;
}

static void fill(uint8_t *rgb, int w, int h, int x0, int y0, int x1, int y1,
		 uint8_t r, uint8_t g, uint8_t b)
{
	for (int y = y0; y < y1; y++)
		for (int x = x0; x < x1; x++)
			put_px(rgb, w, h, x, y, r, g, b);
}

/* Triangle wave 0..range, period 2*range. */
static int bounce(long t, int range)
{
	long m;

	if (range <= 0)
		return 0;
	m = t % (2L * range);
	return (int)(m < range ? m : 2L * range - m);
}

static void draw_frame(uint8_t *rgb, int w, int h, uint32_t n, uint32_t seed)
{
	int sq = (w < h ? w : h) / 4, scale, x, y;
	char digits[16];
	uint8_t cr = 0xe0 | (seed & 0x1f), cg = 0xe0 | ((seed >> 5) & 0x1f),
		cb = 0x40 + ((seed >> 10) & 0x7f);

	if (sq < 4)
		sq = 4;
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			put_px(rgb, w, h, x, y, (uint8_t)(16 + (x * 48) / w),
			       (uint8_t)(16 + ((y + n) % h) * 48 / h),
			       (uint8_t)(64 + (seed & 31)));
	/* sweeping vertical-moving horizontal bar */
	y = bounce((long)n * 3 + (seed >> 3) % 97, h - h / 16);
	fill(rgb, w, h, 0, y, w, y + h / 16 + 1, 40, 160, 220);
	/* bouncing bright square */
	x = bounce((long)n * 4 + (seed % 101), w - sq);
	y = bounce((long)n * 2 + (seed >> 7) % 89, h - sq);
	fill(rgb, w, h, x, y, x + sq, y + sq, cr, cg, cb);
	/* frame counter, top-left, white on black */
	scale = h / 48 > 0 ? h / 48 : 1;
	snprintf(digits, sizeof(digits), "%u", n);
	fill(rgb, w, h, 0, 0, (int)strlen(digits) * 6 * scale + scale,
	     9 * scale, 0, 0, 0);
	for (size_t i = 0; digits[i]; i++) {
		const uint8_t *g = font5x7[digits[i] - '0'];

		for (int r = 0; r < 7; r++)
			for (int c = 0; c < 5; c++)
				if (g[r] & (0x10 >> c))
					fill(rgb, w, h,
					     scale + ((int)i * 6 + c) * scale,
					     scale + r * scale,
					     scale + ((int)i * 6 + c + 1) * scale,
					     scale + (r + 1) * scale,
					     255, 255, 255);
	}
}

static uint8_t *encode(const uint8_t *rgb, int w, int h, unsigned long *len)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr err;
	unsigned char *out = NULL;
	JSAMPROW row;

	c.err = jpeg_std_error(&err);
	jpeg_create_compress(&c);
	jpeg_mem_dest(&c, &out, len);
	c.image_width = w;
	c.image_height = h;
	c.input_components = 3;
	c.in_color_space = JCS_RGB;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, 80, TRUE);
	c.dct_method = JDCT_ISLOW;
	c.optimize_coding = FALSE;
	c.comp_info[0].h_samp_factor = 2;
	c.comp_info[0].v_samp_factor = 2;
	c.comp_info[1].h_samp_factor = c.comp_info[1].v_samp_factor = 1;
	c.comp_info[2].h_samp_factor = c.comp_info[2].v_samp_factor = 1;
	jpeg_start_compress(&c, TRUE);
	while (c.next_scanline < c.image_height) {
		row = (JSAMPROW)(rgb + (size_t)c.next_scanline * w * 3);
		jpeg_write_scanlines(&c, &row, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	return out;
}

/* libjpeg-turbo raw decode, arranged as NV12 (w, h even), then SHA-256. */
static void ref_digest(const uint8_t *jpg, unsigned long len, int w, int h,
		       uint8_t digest[SHA256_DIGEST_SIZE])
{
	struct jpeg_decompress_struct d;
	struct jpeg_error_mgr err;
	uint8_t *pl[3], *nv12;
	size_t stride[3], rows[3];
	JSAMPROW rowp[3][32];
	JSAMPARRAY arr[3];
	int cw = w / 2, ch = h / 2;

	d.err = jpeg_std_error(&err);
	jpeg_create_decompress(&d);
	jpeg_mem_src(&d, jpg, len);
	jpeg_read_header(&d, TRUE);
	if (d.num_components != 3 || d.max_v_samp_factor != 2 ||
	    d.max_h_samp_factor != 2 || (int)d.image_width != w ||
	    (int)d.image_height != h)
		die("unexpected JPEG layout");
	d.raw_data_out = TRUE;
	d.dct_method = JDCT_ISLOW;
	jpeg_start_decompress(&d);
	for (int c = 0; c < 3; c++) {
		jpeg_component_info *ci = &d.comp_info[c];

		stride[c] = ci->width_in_blocks * DCTSIZE;
		rows[c] = (ci->height_in_blocks + ci->v_samp_factor) * DCTSIZE;
		pl[c] = calloc(stride[c], rows[c]);
		if (!pl[c])
			die("out of memory");
		arr[c] = rowp[c];
	}
	while (d.output_scanline < d.output_height) {
		JDIMENSION base = d.output_scanline;

		for (int c = 0; c < 3; c++) {
			int vs = d.comp_info[c].v_samp_factor;
			size_t r0 = (size_t)base * vs / d.max_v_samp_factor;

			for (int r = 0; r < vs * DCTSIZE; r++)
				rowp[c][r] = pl[c] + (r0 + r) * stride[c];
		}
		if (!jpeg_read_raw_data(&d, arr, d.max_v_samp_factor * DCTSIZE))
			die("jpeg_read_raw_data");
	}
	jpeg_finish_decompress(&d);
	jpeg_destroy_decompress(&d);

	nv12 = malloc((size_t)w * h + (size_t)2 * cw * ch);
	if (!nv12)
		die("out of memory");
	for (int y = 0; y < h; y++)
		memcpy(nv12 + (size_t)y * w, pl[0] + y * stride[0], w);
	for (int y = 0; y < ch; y++)
		for (int x = 0; x < cw; x++) {
			uint8_t *uv = nv12 + (size_t)w * h + (size_t)y * 2 * cw + 2 * x;

			uv[0] = pl[1][y * stride[1] + x];
			uv[1] = pl[2][y * stride[2] + x];
		}
	sha256(nv12, (size_t)w * h + (size_t)2 * cw * ch, digest);
	free(nv12);
	for (int c = 0; c < 3; c++)
		free(pl[c]);
}

/*
 * libjpeg-turbo colour decode to JCS_EXT_BGRX with chroma replicated (no
 * fancy upsampling), JDCT_ISLOW; SHA-256 of the w x h x 4 bytes.
 */
static void ref_xrgb_digest(const uint8_t *jpg, unsigned long len, int w,
			    int h, uint8_t digest[SHA256_DIGEST_SIZE])
{
	struct jpeg_decompress_struct d;
	struct jpeg_error_mgr err;
	struct sha256_ctx sc;
	uint8_t *row;

	d.err = jpeg_std_error(&err);
	jpeg_create_decompress(&d);
	jpeg_mem_src(&d, jpg, len);
	jpeg_read_header(&d, TRUE);
	d.out_color_space = JCS_EXT_BGRX;
	d.do_fancy_upsampling = FALSE;
	d.dct_method = JDCT_ISLOW;
	jpeg_start_decompress(&d);
	if ((int)d.output_width != w || (int)d.output_height != h ||
	    d.output_components != 4)
		die("unexpected BGRX decode layout");
	row = malloc((size_t)w * 4);
	if (!row)
		die("out of memory");
	sha256_init(&sc);
	while (d.output_scanline < d.output_height) {
		if (jpeg_read_scanlines(&d, &row, 1) != 1)
			die("jpeg_read_scanlines");
		sha256_update(&sc, row, (size_t)w * 4);
	}
	sha256_final(&sc, digest);
	jpeg_finish_decompress(&d);
	jpeg_destroy_decompress(&d);
	free(row);
}

static void put_digest(FILE *f, unsigned long index,
		       const uint8_t digest[SHA256_DIGEST_SIZE])
{
	fprintf(f, "%lu ", index);
	for (int j = 0; j < SHA256_DIGEST_SIZE; j++)
		fprintf(f, "%02x", digest[j]);
	fprintf(f, "\n");
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static void put_le16(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void read_key(const char *path, uint8_t key[AES128_KEY_SIZE])
{
	char buf[128];
	size_t n;
	FILE *f = fopen(path, "r");

	if (!f)
		die("cannot open key file");
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r' ||
		     buf[n - 1] == ' '))
		n--;
	if (n != 2 * AES128_KEY_SIZE)
		die("key file must hold exactly 32 hex characters");
	for (int i = 0; i < AES128_KEY_SIZE; i++) {
		int hi = hexval(buf[2 * i]), lo = hexval(buf[2 * i + 1]);

		if (hi < 0 || lo < 0)
			die("key file: not hex");
		key[i] = (uint8_t)(hi << 4 | lo);
	}
	memset(buf, 0, sizeof(buf));
}

static unsigned long parse_num(const char *s, const char *what)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || !*s || *end || s[0] == '-') {
		fprintf(stderr, "mkclip: bad %s '%s'\n", what, s);
		exit(1);
	}
	return v;
}

static void usage(int status)
{
	fprintf(status ? stderr : stdout,
		"usage: mkclip -W width -H height -n frames -o clip -d digests\n"
		"              --key-file FILE --key-id N [--seed S] [--fps NUM/DEN]\n"
		"              [-r|--xrgb-digests FILE] [-m|--mjpeg-hdr FILE]\n"
		"              [-w|--webm FILE]\n"
		"       mkclip -W width -H height -n frames {-m FILE | -w FILE}\n"
		"              -d digests [--seed S] [--fps NUM/DEN]\n"
		"              [-r|--xrgb-digests FILE]\n"
		"  -o FILE  the encrypted clip (needs --key-file, --key-id)\n"
		"  --key-file FILE, --key-id N  the content key (32 hex characters)\n"
		"           and its id; without them no output is encrypted\n"
		"  -d FILE  per-frame SHA-256 of libjpeg-turbo's NV12 decode\n"
		"  -r FILE  per-frame SHA-256 of libjpeg-turbo's JCS_EXT_BGRX\n"
		"           decode (XRGB8888, no fancy upsampling, ISLOW)\n"
		"  -m FILE  the frames in the clear: JPEGs framed for v4l2-ctl\n"
		"           --stream-from-hdr (\"rdhV\", big-endian u32 length, JPEG)\n"
		"  -w FILE  the frames as WebM (V_MJPEG): with a key, WebM-encrypted\n"
		"           with the clip's IVs and ciphertext; without, clear\n");
	exit(status);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key-file", required_argument, NULL, 'k' },
		{ "key-id", required_argument, NULL, 'i' },
		{ "seed", required_argument, NULL, 's' },
		{ "fps", required_argument, NULL, 'f' },
		{ "xrgb-digests", required_argument, NULL, 'r' },
		{ "mjpeg-hdr", required_argument, NULL, 'm' },
		{ "webm", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long w = 0, h = 0, n = 0, key_id = 0, fnum = 30, fden = 1;
	unsigned long seed = 1;
	const char *out_path = NULL, *dig_path = NULL, *key_path = NULL;
	const char *xrgb_path = NULL, *mjpeg_path = NULL, *webm_path = NULL;
	int have_key_id = 0, opt;
	uint8_t key[AES128_KEY_SIZE], hdr[CLIP_HEADER_SIZE];
	struct aes128_key ks;
	FILE *out = NULL, *dig, *xdig = NULL, *mjpeg = NULL, *rnd = NULL;
	FILE *webm_file = NULL;
	struct webm *webm = NULL;
	uint8_t *rgb;

	while ((opt = getopt_long(argc, argv, "W:H:n:o:d:r:m:w:h", opts,
				  NULL)) != -1) {
		switch (opt) {
		case 'W': w = parse_num(optarg, "width"); break;
		case 'H': h = parse_num(optarg, "height"); break;
		case 'n': n = parse_num(optarg, "frame count"); break;
		case 'o': out_path = optarg; break;
		case 'd': dig_path = optarg; break;
		case 'r': xrgb_path = optarg; break;
		case 'm': mjpeg_path = optarg; break;
		case 'w': webm_path = optarg; break;
		case 'k': key_path = optarg; break;
		case 'i': key_id = parse_num(optarg, "key id"); have_key_id = 1; break;
		case 's': seed = parse_num(optarg, "seed"); break;
		case 'f':
			if (sscanf(optarg, "%lu/%lu", &fnum, &fden) != 2)
				die("--fps wants NUM/DEN");
			break;
		case 'h': usage(0); break;
		default: usage(2);
		}
	}
	if (optind != argc || !dig_path ||
	    (!out_path && !mjpeg_path && !webm_path) ||
	    (out_path && !key_path) || (!key_path != !have_key_id))
		usage(2);
	if (w < CLIP_MIN_DIM || w > CLIP_MAX_DIM || (w & 1) ||
	    h < CLIP_MIN_DIM || h > CLIP_MAX_DIM || (h & 1))
		die("width and height must be even, 16..4096");
	if (n < 1 || n > CLIP_MAX_FRAMES)
		die("frame count must be 1..100000");
	if (key_id > 0xffffffffUL || !fnum || !fden || fnum > 0xffffffffUL ||
	    fden > 0xffffffffUL)
		die("bad key id or fps");
	if (webm_path && fnum > (uint64_t)WEBM_MAX_FPS * fden)
		die("WebM: at most 1000 frames per second (ms timestamps)");

	/* Reference digests use libjpeg-turbo's C IDCT, like tests/host-jpeg. */
	setenv("JSIMD_FORCENONE", "1", 1);

	if (key_path) {
		read_key(key_path, key);
		aes128_set_key(&ks, key);
		memset(key, 0, sizeof(key));
		rnd = fopen("/dev/urandom", "rb");
		if (!rnd)
			die("cannot open /dev/urandom");
	}
	if (out_path && !(out = fopen(out_path, "wb")))
		die("cannot open the clip");
	if (webm_path) {
		uint8_t kid[WEBM_KID_SIZE];
		struct webm_track t = {
			.width = w, .height = h, .fps_num = fnum,
			.fps_den = fden, .frame_count = n,
			.kid = key_path ? kid : NULL,
		};

		webm_kid(key_id, kid);
		webm_file = fopen(webm_path, "wb");
		webm = webm_begin(&t);
		if (!webm_file || !webm)
			die("cannot open the WebM file, or out of memory");
	}
	dig = fopen(dig_path, "w");
	if (xrgb_path && !(xdig = fopen(xrgb_path, "w")))
		die("cannot open the XRGB digests file");
	if (mjpeg_path && !(mjpeg = fopen(mjpeg_path, "wb")))
		die("cannot open the clear Motion-JPEG file");
	rgb = malloc((size_t)w * h * 3);
	if (!dig || !rgb)
		die("cannot open the digests file, or out of memory");

	memset(hdr, 0, sizeof(hdr));
	memcpy(hdr, CLIP_MAGIC, CLIP_MAGIC_SIZE);
	put_le16(hdr + 8, CLIP_VERSION);
	put_le16(hdr + 10, CLIP_HEADER_SIZE);
	put_le32(hdr + 12, CLIP_FORMAT_MJPG);
	put_le16(hdr + 16, w);
	put_le16(hdr + 18, h);
	put_le32(hdr + 20, n);
	put_le32(hdr + 24, key_id);
	put_le32(hdr + 28, fnum);
	put_le32(hdr + 32, fden);
	if (out && fwrite(hdr, 1, sizeof(hdr), out) != sizeof(hdr))
		die("write error");

	for (unsigned long i = 0; i < n; i++) {
		uint8_t rec[CLIP_FRAME_HDR_SIZE], digest[SHA256_DIGEST_SIZE];
		unsigned long len = 0;
		uint8_t *jpg;

		draw_frame(rgb, w, h, i, seed * 2654435761u);
		jpg = encode(rgb, w, h, &len);
		if (!len || len > CLIP_MAX_FRAME_LEN)
			die("encoded frame too large");
		ref_digest(jpg, len, w, h, digest);
		put_digest(dig, i, digest);
		if (xdig) {
			ref_xrgb_digest(jpg, len, w, h, digest);
			put_digest(xdig, i, digest);
		}

		if (mjpeg) {
			uint8_t fh[8];

			memcpy(fh, "rdhV", 4);
			put_be32(fh + 4, len);
			if (fwrite(fh, 1, sizeof(fh), mjpeg) != sizeof(fh) ||
			    fwrite(jpg, 1, len, mjpeg) != len)
				die("write error");
		}

		if (!key_path) {
			if (webm)
				webm_add_frame(webm, NULL, jpg, len);
			free(jpg);
			continue;
		}
		put_le32(rec, len);
		if (fread(rec + 4, 1, 8, rnd) != 8)
			die("cannot read /dev/urandom");
		memset(rec + 12, 0, 8);
		aes128_ctr_xcrypt(&ks, rec + 4, 0, jpg, jpg, len);
		if (out && (fwrite(rec, 1, sizeof(rec), out) != sizeof(rec) ||
			    fwrite(jpg, 1, len, out) != len))
			die("write error");
		/* the same IV (its counter half is zero) and ciphertext */
		if (webm)
			webm_add_frame(webm, rec + 4, jpg, len);
		free(jpg);
	}
	if (key_path) {
		aes128_wipe_key(&ks);
		fclose(rnd);
	}
	if (out && fclose(out))
		die("write error");
	if (webm && (webm_finish(webm, webm_file) || fclose(webm_file)))
		die("cannot write the WebM file (write error or out of memory)");
	free(rgb);
	if (xdig && fclose(xdig))
		die("write error");
	if (mjpeg && fclose(mjpeg))
		die("write error");
	if (fclose(dig))
		die("write error");
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * bench_jpeg: the firmware JPEG decoder (firmware/lib/jpeg, to NV12 as the
 * video TA uses it) against libjpeg-turbo without SIMD (JSIMD_FORCENONE=1)
 * and with SIMD (raw_data_out, JDCT_ISLOW: the planes mkclip's digests are
 * made from), on the frames of clear Motion-JPEG clips (mkclip -m).
 *
 *   bench_jpeg [-r REPS] [-j JSON] NAME=CLIP.mjpeg.hdr:DIGESTS ...
 *
 * libjpeg-turbo reads JSIMD_FORCENONE once per process, so each decoder
 * runs in a worker process of its own (this program, re-executed with
 * --worker and the environment it needs). The parent first has every worker
 * decode every frame once and checks each output's NV12 arrangement against
 * the clip's digests, then runs the repetitions interleaved: for each clip,
 * firmware, turbo scalar, turbo SIMD, firmware, ... Each worker times one
 * pass over all the clip's frames in CPU time of its thread
 * (CLOCK_THREAD_CPUTIME_ID, so that time the machine gives to other work
 * does not count; decoding only: the frames are in memory, the output
 * buffers allocated beforehand). The
 * table and the JSON give the median per decoder and its speed relative
 * to libjpeg-turbo scalar (its time divided by the decoder's: above 1 is
 * faster). Nothing here is asserted; a digest mismatch is reported and
 * makes the exit status 1.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jpeglib.h>

#include "jpeg.h"
#include "sha256.h"

#define MAX_CLIPS	8
#define STR(x)		#x
#define XSTR(x)		STR(x)

enum { DEC_FW, DEC_SCALAR, DEC_SIMD, NDEC };

static const char *const dec_name[NDEC] = {
	"firmware", "turbo_scalar", "turbo_simd",
};
static const char *const dec_label[NDEC] = {
	"firmware/lib/jpeg (NV12)", "libjpeg-turbo scalar", "libjpeg-turbo SIMD",
};

struct frame {
	const uint8_t *jpg;
	size_t len;
};

struct clip {
	const char *name;
	const char *path;
	const char *digests;
	uint8_t *file;
	size_t file_len;
	struct frame *frames;
	size_t nframes;
	uint32_t w, h;
	/* output: NV12 for the firmware; MCU-padded raw planes for turbo */
	uint8_t *nv12;
	uint8_t *plane[3];
	size_t stride[3], rows[3];
};

static struct clip clips[MAX_CLIPS];
static int nclips;

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "bench_jpeg: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(2);
}

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		die("%s: %s", path, strerror(errno));
	do {
		if (n == cap) {
			cap = cap ? 2 * cap : 1 << 20;
			buf = realloc(buf, cap);
			if (!buf)
				die("out of memory");
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r);
	if (ferror(f))
		die("%s: read error", path);
	fclose(f);
	*len = n;
	return buf;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* NAME=FILE:DIGESTS; the frames framed as mkclip -m writes them. */
static void load_clip(struct clip *c, char *arg)
{
	char *eq = strchr(arg, '='), *colon;
	size_t pos = 0, cap = 0;
	struct jpeg_info info;

	if (!eq || !(colon = strchr(eq, ':')))
		die("clip argument '%s' is not NAME=FILE:DIGESTS", arg);
	*eq = *colon = 0;
	c->name = arg;
	c->path = eq + 1;
	c->digests = colon + 1;
	c->file = read_file(c->path, &c->file_len);
	while (pos < c->file_len) {
		uint32_t l;

		if (c->file_len - pos < 8 || memcmp(c->file + pos, "rdhV", 4))
			die("%s: bad frame header at byte %zu", c->path, pos);
		l = be32(c->file + pos + 4);
		pos += 8;
		if (l > c->file_len - pos)
			die("%s: truncated frame at byte %zu", c->path, pos);
		if (c->nframes == cap) {
			cap = cap ? 2 * cap : 64;
			c->frames = realloc(c->frames, cap * sizeof(*c->frames));
			if (!c->frames)
				die("out of memory");
		}
		c->frames[c->nframes].jpg = c->file + pos;
		c->frames[c->nframes++].len = l;
		pos += l;
	}
	if (!c->nframes)
		die("%s: no frames", c->path);
	if (jpeg_parse_header(c->frames[0].jpg, c->frames[0].len, &info))
		die("%s: frame 0 does not parse", c->path);
	if (info.sub != JPEG_SUB_420 || (info.width & 1) || (info.height & 1))
		die("%s: not 4:2:0 with an even size", c->path);
	c->w = info.width;
	c->h = info.height;
}

/* ---- decoders --------------------------------------------------------------- */

static int fw_decode(struct clip *c, const struct frame *f)
{
	struct jpeg_out out = {
		.y = { c->nv12, (size_t)c->w * c->h, c->w },
		.uv = { c->nv12 + (size_t)c->w * c->h, (size_t)c->w * c->h / 2,
			c->w },
	};

	return jpeg_decode_nv12(f->jpg, f->len, &out, NULL);
}

struct turbo {
	struct jpeg_decompress_struct d;
	struct jpeg_error_mgr err;
	jmp_buf jb;
};

static struct turbo turbo;

static void turbo_error(j_common_ptr cinfo)
{
	(void)cinfo;
	longjmp(turbo.jb, 1);
}

static void turbo_init(void)
{
	turbo.d.err = jpeg_std_error(&turbo.err);
	turbo.err.error_exit = turbo_error;
	jpeg_create_decompress(&turbo.d);
}

/* The clip's raw planes, MCU-padded as mkclip's reference decode has them. */
static void turbo_alloc(struct clip *c)
{
	uint32_t wb[3] = { (c->w + 15) / 16 * 2, (c->w + 15) / 16,
			   (c->w + 15) / 16 };
	uint32_t hb = (c->h + 15) / 16;

	for (int i = 0; i < 3; i++) {
		c->stride[i] = (size_t)wb[i] * DCTSIZE;
		c->rows[i] = (size_t)hb * (i ? 1 : 2) * DCTSIZE;
		c->plane[i] = calloc(c->stride[i], c->rows[i]);
		if (!c->plane[i])
			die("out of memory");
	}
}

static int turbo_decode(struct clip *c, const struct frame *f)
{
	struct jpeg_decompress_struct *d = &turbo.d;
	JSAMPROW rowp[3][2 * DCTSIZE];
	JSAMPARRAY arr[3] = { rowp[0], rowp[1], rowp[2] };

	if (setjmp(turbo.jb)) {
		jpeg_abort_decompress(d);
		return -1;
	}
	jpeg_mem_src(d, f->jpg, f->len);
	jpeg_read_header(d, TRUE);
	if (d->num_components != 3 || d->max_v_samp_factor != 2 ||
	    d->max_h_samp_factor != 2 || d->image_width != c->w ||
	    d->image_height != c->h)
		longjmp(turbo.jb, 1);
	d->raw_data_out = TRUE;
	d->dct_method = JDCT_ISLOW;
	jpeg_start_decompress(d);
	while (d->output_scanline < d->output_height) {
		size_t base = d->output_scanline;

		for (int i = 0; i < 3; i++) {
			size_t vs = i ? DCTSIZE : 2 * DCTSIZE;
			size_t r0 = i ? base / 2 : base;

			for (size_t r = 0; r < vs; r++)
				rowp[i][r] = c->plane[i] + (r0 + r) * c->stride[i];
		}
		if (!jpeg_read_raw_data(d, arr, 2 * DCTSIZE))
			longjmp(turbo.jb, 1);
	}
	jpeg_finish_decompress(d);
	return 0;
}

/* SHA-256 of the decoder's last output arranged as NV12. */
static void output_digest(struct clip *c, int dec, uint8_t digest[32])
{
	size_t cw = c->w / 2, ch = c->h / 2;
	struct sha256_ctx sc;
	uint8_t *row;

	if (dec == DEC_FW) {
		sha256(c->nv12, (size_t)c->w * c->h * 3 / 2, digest);
		return;
	}
	row = malloc(2 * cw);
	if (!row)
		die("out of memory");
	sha256_init(&sc);
	for (size_t y = 0; y < c->h; y++)
		sha256_update(&sc, c->plane[0] + y * c->stride[0], c->w);
	for (size_t y = 0; y < ch; y++) {
		for (size_t x = 0; x < cw; x++) {
			row[2 * x] = c->plane[1][y * c->stride[1] + x];
			row[2 * x + 1] = c->plane[2][y * c->stride[2] + x];
		}
		sha256_update(&sc, row, 2 * cw);
	}
	sha256_final(&sc, digest);
	free(row);
}

static double cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/*
 * Worker: commands on stdin, one per line, answers on stdout.
 *   V i  decode every frame of clip i once; answer the number of frames
 *        whose NV12 arrangement differs from the clip's digests
 *   T i  decode every frame of clip i; answer the CPU nanoseconds it took
 */
static int worker(int dec)
{
	char cmd;
	int i;

	if (dec != DEC_FW)
		turbo_init();
	for (i = 0; i < nclips; i++) {
		struct clip *c = &clips[i];

		if (dec == DEC_FW) {
			c->nv12 = malloc((size_t)c->w * c->h * 3 / 2);
			if (!c->nv12)
				die("out of memory");
		} else {
			turbo_alloc(c);
		}
	}
	while (scanf(" %c %d", &cmd, &i) == 2) {
		struct clip *c;

		if (i < 0 || i >= nclips)
			die("worker: bad clip %d", i);
		c = &clips[i];
		if (cmd == 'V') {
			FILE *f = fopen(c->digests, "r");
			unsigned long bad = 0;

			if (!f)
				die("%s: %s", c->digests, strerror(errno));
			for (size_t n = 0; n < c->nframes; n++) {
				uint8_t dg[32];
				char want[65], got[65];
				unsigned long idx;
				int ret = dec == DEC_FW ? fw_decode(c, &c->frames[n]) :
					  turbo_decode(c, &c->frames[n]);

				if (fscanf(f, "%lu %64s", &idx, want) != 2 || idx != n)
					die("%s: no digest for frame %zu", c->digests, n);
				output_digest(c, dec, dg);
				for (int k = 0; k < 32; k++)
					sprintf(got + 2 * k, "%02x", dg[k]);
				if (ret || strcmp(got, want)) {
					fprintf(stderr, "bench_jpeg: %s: %s frame %zu: %s\n",
						c->name, dec_name[dec], n,
						ret ? "decode error" : "digest mismatch");
					bad++;
				}
			}
			fclose(f);
			printf("%lu\n", bad);
		} else if (cmd == 'T') {
			double t0 = cpu_ns();

			for (size_t n = 0; n < c->nframes; n++)
				if (dec == DEC_FW)
					fw_decode(c, &c->frames[n]);
				else
					turbo_decode(c, &c->frames[n]);
			printf("%.0f\n", cpu_ns() - t0);
		} else {
			die("worker: bad command '%c'", cmd);
		}
		fflush(stdout);
	}
	return 0;
}

/* ---- parent ----------------------------------------------------------------- */

struct proc {
	FILE *to, *from;
	pid_t pid;
};

static void spawn(struct proc *p, int dec, char **argv)
{
	int in[2], out[2];

	if (pipe(in) || pipe(out))
		die("pipe: %s", strerror(errno));
	fflush(NULL);
	p->pid = fork();
	if (p->pid < 0)
		die("fork: %s", strerror(errno));
	if (p->pid == 0) {
		char *args[MAX_CLIPS + 4];
		int n = 0;

		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		if (dec == DEC_SCALAR)
			setenv("JSIMD_FORCENONE", "1", 1);
		else
			unsetenv("JSIMD_FORCENONE");
		args[n++] = "bench_jpeg";
		args[n++] = "--worker";
		args[n++] = (char *)dec_name[dec];
		for (int i = 0; i < nclips; i++)
			args[n++] = argv[i];
		args[n] = NULL;
		execv("/proc/self/exe", args);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	p->to = fdopen(in[1], "w");
	p->from = fdopen(out[0], "r");
	if (!p->to || !p->from)
		die("fdopen: %s", strerror(errno));
}

static double ask(struct proc *p, char cmd, int clip)
{
	double v;

	fprintf(p->to, "%c %d\n", cmd, clip);
	fflush(p->to);
	if (fscanf(p->from, "%lf", &v) != 1)
		die("a worker died");
	return v;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void usage(int status)
{
	fprintf(status ? stderr : stdout,
		"usage: bench_jpeg [-r REPS] [-j JSON] NAME=CLIP.mjpeg.hdr:DIGESTS ...\n"
		"  NAME     the clip's label (e.g. 640x360)\n"
		"  CLIP     clear Motion-JPEG frames (mkclip -m), DIGESTS their\n"
		"           NV12 digests (mkclip -d)\n"
		"  -r REPS  interleaved repetitions per decoder and clip (15)\n"
		"  -j JSON  also write the results as JSON to this file\n");
	exit(status);
}

int main(int argc, char **argv)
{
	const char *json = NULL;
	int reps = 15, opt, status = 0;
	struct proc procs[NDEC];
	double *t[MAX_CLIPS][NDEC], med[MAX_CLIPS][NDEC];
	unsigned long bad[MAX_CLIPS][NDEC];
	char **clip_args;
	FILE *js;

	if (argc > 2 && !strcmp(argv[1], "--worker")) {
		int dec;

		for (dec = 0; dec < NDEC; dec++)
			if (!strcmp(argv[2], dec_name[dec]))
				break;
		if (dec == NDEC || argc - 3 > MAX_CLIPS)
			die("bad worker arguments");
		for (int i = 3; i < argc; i++)
			load_clip(&clips[nclips++], argv[i]);
		return worker(dec);
	}
	while ((opt = getopt(argc, argv, "r:j:h")) != -1) {
		switch (opt) {
		case 'r': reps = atoi(optarg); break;
		case 'j': json = optarg; break;
		case 'h': usage(0); break;
		default: usage(2);
		}
	}
	if (reps < 1 || optind == argc || argc - optind > MAX_CLIPS)
		usage(2);
	clip_args = &argv[optind];
	for (int i = optind; i < argc; i++) {
		char *copy = strdup(argv[i]);

		if (!copy)
			die("out of memory");
		load_clip(&clips[nclips++], copy);
	}
	for (int d = 0; d < NDEC; d++)
		spawn(&procs[d], d, clip_args);

	/* Check every output once (also the warm-up). */
	for (int i = 0; i < nclips; i++) {
		for (int d = 0; d < NDEC; d++) {
			bad[i][d] = (unsigned long)ask(&procs[d], 'V', i);
			if (bad[i][d])
				status = 1;
			t[i][d] = malloc(reps * sizeof(double));
			if (!t[i][d])
				die("out of memory");
		}
	}
	for (int r = 0; r < reps; r++)
		for (int i = 0; i < nclips; i++)
			for (int d = 0; d < NDEC; d++)
				t[i][d][r] = ask(&procs[d], 'T', i) /
					     clips[i].nframes;
	for (int d = 0; d < NDEC; d++) {
		fclose(procs[d].to);
		fclose(procs[d].from);
	}

	printf("Host JPEG decode: median CPU time of %d interleaved repetitions, "
	       "libjpeg-turbo %s\n", reps, XSTR(LIBJPEG_TURBO_VERSION));
	printf("%-10s %6s  %-26s %9s %9s %10s  %s\n", "clip", "frames",
	       "decoder", "ms/frame", "frames/s", "vs scalar", "NV12 digests");
	for (int i = 0; i < nclips; i++) {
		for (int d = 0; d < NDEC; d++) {
			qsort(t[i][d], reps, sizeof(double), cmp_double);
			med[i][d] = reps & 1 ? t[i][d][reps / 2] :
				    (t[i][d][reps / 2 - 1] + t[i][d][reps / 2]) / 2;
		}
		for (int d = 0; d < NDEC; d++)
			printf("%-10s %6zu  %-26s %9.3f %9.1f %9.2fx  %s\n",
			       clips[i].name, clips[i].nframes, dec_label[d],
			       med[i][d] / 1e6, 1e9 / med[i][d],
			       med[i][DEC_SCALAR] / med[i][d],
			       bad[i][d] ? "MISMATCH" : "all match");
	}
	if (!json)
		return status;
	js = fopen(json, "w");
	if (!js)
		die("%s: %s", json, strerror(errno));
	fprintf(js, "{\n  \"benchmark\": \"host-jpeg\",\n"
		"  \"what\": \"firmware JPEG decoder against libjpeg-turbo on the clips' frames, host\",\n"
		"  \"libjpeg_turbo\": \"%s\",\n  \"repetitions\": %d,\n"
		"  \"reference\": \"turbo_scalar\",\n  \"clips\": [\n",
		XSTR(LIBJPEG_TURBO_VERSION), reps);
	for (int i = 0; i < nclips; i++) {
		fprintf(js, "    {\n      \"name\": \"%s\",\n      \"width\": %u,\n"
			"      \"height\": %u,\n      \"frames\": %zu,\n"
			"      \"decoders\": {\n", clips[i].name, clips[i].w,
			clips[i].h, clips[i].nframes);
		for (int d = 0; d < NDEC; d++)
			fprintf(js, "        \"%s\": { \"median_cpu_ms_per_frame\": %.4f, "
				"\"min_cpu_ms_per_frame\": %.4f, \"max_cpu_ms_per_frame\": %.4f, "
				"\"speed_vs_reference\": %.3f, \"digests_match\": %s }%s\n",
				dec_name[d], med[i][d] / 1e6, t[i][d][0] / 1e6,
				t[i][d][reps - 1] / 1e6,
				med[i][DEC_SCALAR] / med[i][d],
				bad[i][d] ? "false" : "true", d + 1 < NDEC ? "," : "");
		fprintf(js, "      }\n    }%s\n", i + 1 < nclips ? "," : "");
	}
	fprintf(js, "  ]\n}\n");
	if (fclose(js))
		die("%s: write error", json);
	return status;
}

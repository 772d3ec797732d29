// SPDX-License-Identifier: GPL-2.0
/*
 * sdp-basic: the secure data path test of OP-TEE's "xtest --sdp-basic",
 * against a restricted dma-buf heap.
 *
 * A buffer is allocated from the heap, registered with the TEE through its
 * dma-buf fd (TEEC_RegisterSharedMemoryFileDescriptor) and the heap fd is
 * closed: the registration holds the buffer. Trusted code then injects
 * random bytes into it, transforms them in place (b := ~b + 1) and dumps
 * them back, and the client checks every byte. Five phases:
 *
 *   1. normal-world client -> SDP TA                  (must pass)
 *   2. SDP TA -> SDP TA                               (must pass)
 *   3. SDP TA -> invoke-tests pseudo-TA               (must pass)
 *   4. normal-world client -> pseudo-TA, secure memref (must be refused)
 *   5. out-of-bounds memrefs on a registered buffer    (must be refused
 *      before reaching the TA; an in-bounds one must reach it)
 *
 * Each phase prints "Test passed" or what failed, with the TEEC result and
 * origin. The exit status is 0 only if every phase passed.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pta_invoke_tests.h"
#include "sdp_heap.h"
#include "sdp_ta.h"
#include "sdp_tee.h"

#define DEFAULT_HEAP	"/dev/dma_heap/restricted"
#define DEFAULT_SIZE	5000
#define DEFAULT_LOOPS	1000
#define MAX_OFFSET	255

/* SDP test TA and invoke-tests pseudo-TA (see sdp-ta-protocol.md) */
static const TEEC_UUID sdp_ta_uuid = TA_SDP_BASIC_UUID;
static const TEEC_UUID invoke_pta_uuid = PTA_INVOKE_TESTS_UUID;

enum sdp_op { OP_INJECT, OP_TRANSFORM, OP_DUMP };

static const char *const op_names[] = { "inject", "transform", "dump" };

/* Who is invoked, and the command for each operation. */
struct phase {
	const char *title;
	const TEEC_UUID *uuid;
	uint32_t cmd[3];
};

static const struct phase phases[] = {
	{ "normal-world client invokes the SDP TA", &sdp_ta_uuid,
	  { TA_SDP_BASIC_CMD_INJECT, TA_SDP_BASIC_CMD_TRANSFORM,
	    TA_SDP_BASIC_CMD_DUMP } },
	{ "SDP TA invokes the SDP TA", &sdp_ta_uuid,
	  { TA_SDP_BASIC_CMD_INVOKE_INJECT, TA_SDP_BASIC_CMD_INVOKE_TRANSFORM,
	    TA_SDP_BASIC_CMD_INVOKE_DUMP } },
	{ "SDP TA invokes the invoke-tests pseudo-TA", &sdp_ta_uuid,
	  { TA_SDP_BASIC_CMD_PTA_INJECT, TA_SDP_BASIC_CMD_PTA_TRANSFORM,
	    TA_SDP_BASIC_CMD_PTA_DUMP } },
	{ "normal-world client invokes the pseudo-TA (shall fail)",
	  &invoke_pta_uuid,
	  { PTA_INVOKE_TESTS_CMD_COPY_NSEC_TO_SEC,
	    PTA_INVOKE_TESTS_CMD_READ_MODIFY_SEC,
	    PTA_INVOKE_TESTS_CMD_COPY_SEC_TO_NSEC } },
};

static int verbose;

/* ---- random bytes: splitmix64, seeded so that a failure can be rerun ---- */

static uint64_t rng_state;

static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void rng_fill(uint8_t *buf, size_t len)
{
	while (len) {
		uint64_t r = rng_next();
		size_t n = len < sizeof(r) ? len : sizeof(r);

		memcpy(buf, &r, n);
		buf += n;
		len -= n;
	}
}

/* ---- TEEC result reporting ---- */

static void report(const char *what, TEEC_Result res, uint32_t origin)
{
	printf("  %s: %s (0x%08" PRIx32 "), origin %s (%" PRIu32 ")\n", what,
	       sdp_tee_result_name(res), (uint32_t)res,
	       sdp_tee_origin_name(origin),
	       origin);
}

/* ---- context, session, registration (libsdp) ---- */

static int session_open(struct sdp_tee *s, const TEEC_UUID *uuid)
{
	uint32_t origin;
	TEEC_Result res;

	res = sdp_tee_open(s, uuid, &origin);
	if (res != TEEC_SUCCESS) {
		report(s->ctx_open ? "TEEC_OpenSession" :
		       "TEEC_InitializeContext", res, origin);
		sdp_tee_close(s);
		return -1;
	}
	return 0;
}

/*
 * Allocate @size bytes from @heap and register them with the TEE; the
 * dma-buf fd is closed right away, the registration holds the buffer.
 */
static int register_buffer(struct sdp_tee *s, const char *heap, size_t size,
			   TEEC_SharedMemory *shm)
{
	char msg[SDP_HEAP_MSG_SIZE];
	TEEC_Result res;
	int fd;

	fd = sdp_heap_alloc(heap, size, msg, sizeof(msg));
	if (fd < 0) {
		printf("  %s\n", msg);
		return -1;
	}
	res = sdp_tee_register_fd(&s->ctx, shm, fd);
	close(fd);
	if (res != TEEC_SUCCESS) {
		report("TEEC_RegisterSharedMemoryFileDescriptor", res,
		       TEEC_ORIGIN_API);
		return -1;
	}
	if (verbose)
		printf("  registered %zu bytes of %s: shared memory of %zu bytes\n",
		       size, heap, shm->size);
	return 0;
}

/* ---- the three operations ---- */

static TEEC_Result invoke_op(struct sdp_tee *s, const struct phase *ph,
			     enum sdp_op op, TEEC_SharedMemory *shm,
			     size_t offset, uint8_t *buf, size_t len,
			     uint32_t *origin)
{
	TEEC_Operation o;

	memset(&o, 0, sizeof(o));
	switch (op) {
	case OP_INJECT:
		o.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT,
						TEEC_MEMREF_PARTIAL_OUTPUT,
						TEEC_NONE, TEEC_NONE);
		o.params[0].tmpref.buffer = buf;
		o.params[0].tmpref.size = len;
		o.params[1].memref.parent = shm;
		o.params[1].memref.offset = offset;
		o.params[1].memref.size = len;
		break;
	case OP_TRANSFORM:
		o.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INOUT,
						TEEC_NONE, TEEC_NONE,
						TEEC_NONE);
		o.params[0].memref.parent = shm;
		o.params[0].memref.offset = offset;
		o.params[0].memref.size = len;
		break;
	case OP_DUMP:
		o.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INPUT,
						TEEC_MEMREF_TEMP_OUTPUT,
						TEEC_NONE, TEEC_NONE);
		o.params[0].memref.parent = shm;
		o.params[0].memref.offset = offset;
		o.params[0].memref.size = len;
		o.params[1].tmpref.buffer = buf;
		o.params[1].tmpref.size = len;
		break;
	}
	*origin = 0;
	return TEEC_InvokeCommand(&s->sess, ph->cmd[op], &o, origin);
}

/* Index of the first byte that is not (uint8_t)(~ref + 1), or -1. */
static long check_dumped(const uint8_t *ref, const uint8_t *out, size_t len,
			 size_t *errors)
{
	long first = -1;
	size_t i;

	*errors = 0;
	for (i = 0; i < len; i++) {
		if (out[i] == (uint8_t)(~ref[i] + 1))
			continue;
		if (first < 0)
			first = (long)i;
		(*errors)++;
	}
	return first;
}

struct options {
	const char *heap;
	size_t size;
	unsigned long loops;
	bool offsets;
};

/*
 * Bytes moved per operation: with random offsets, the buffer size less the
 * largest offset, so that offset + length stays inside it; a buffer too
 * small for that is used whole, at offset 0.
 */
static size_t data_len(const struct options *opt)
{
	if (!opt->offsets || opt->size <= MAX_OFFSET)
		return opt->size;
	return opt->size - MAX_OFFSET;
}

/*
 * Phases 1 to 4. Returns 0 if every loop injected, transformed and dumped
 * correctly, 1 if an operation failed (its result is stored in @res and
 * @origin) or the data was wrong, -1 if the test could not run.
 */
static int run_loops(const struct options *opt, const struct phase *ph,
		     bool expect_refusal, TEEC_Result *res, uint32_t *origin)
{
	size_t len = data_len(opt);
	uint8_t *ref = malloc(len), *buf = malloc(len);
	TEEC_SharedMemory shm;
	struct sdp_tee s;
	unsigned long loop;
	int ret = -1;

	*res = TEEC_SUCCESS;
	*origin = 0;
	if (!ref || !buf) {
		printf("  out of memory\n");
		goto out_free;
	}
	if (session_open(&s, ph->uuid))
		goto out_free;
	if (register_buffer(&s, opt->heap, opt->size, &shm))
		goto out_close;

	for (loop = 0; loop < opt->loops; loop++) {
		size_t offset, errors;
		enum sdp_op op;
		long first;

		rng_fill(ref, len);
		memcpy(buf, ref, len);
		/* 0..255, from the first random byte as in the reference */
		offset = ref[0] % (opt->size - len + 1);

		for (op = OP_INJECT; op <= OP_DUMP; op++) {
			*res = invoke_op(&s, ph, op, &shm, offset, buf, len,
					 origin);
			if (*res == TEEC_SUCCESS)
				continue;
			printf("  loop %lu, offset %zu, %zu bytes: %s (cmd %" PRIu32 ") %s\n",
			       loop, offset, len, op_names[op], ph->cmd[op],
			       expect_refusal ? "refused" : "failed");
			report(op_names[op], *res, *origin);
			ret = 1;
			goto out_release;
		}

		first = check_dumped(ref, buf, len, &errors);
		if (first >= 0) {
			printf("  loop %lu, offset %zu: %zu of %zu dumped bytes wrong; first at %ld: 0x%02x, expected 0x%02x\n",
			       loop, offset, errors, len, first, buf[first],
			       (uint8_t)(~ref[first] + 1));
			ret = 1;
			goto out_release;
		}
		if (verbose > 1)
			printf("  loop %lu: offset %zu, %zu bytes ok\n", loop,
			       offset, len);
	}
	if (verbose)
		printf("  %lu loops of %zu bytes checked\n", opt->loops, len);
	ret = 0;

out_release:
	TEEC_ReleaseSharedMemory(&shm);
out_close:
	sdp_tee_close(&s);
out_free:
	free(ref);
	free(buf);
	return ret;
}

/* Phases 1 to 3 must pass. */
static bool phase_passes(const struct options *opt, const struct phase *ph)
{
	TEEC_Result res;
	uint32_t origin;

	return run_loops(opt, ph, false, &res, &origin) == 0;
}

/*
 * Phase 4: the pseudo-TA serves secure memrefs only to TAs; a normal-world
 * client's first operation, inject, is refused with BAD_PARAMETERS by the
 * TEE.
 */
static bool phase_refused(const struct options *opt, const struct phase *ph)
{
	TEEC_Result res;
	uint32_t origin;
	int ret;

	ret = run_loops(opt, ph, true, &res, &origin);
	if (ret < 0)
		return false;
	if (ret == 0) {
		printf("  the pseudo-TA accepted a secure memref from a normal-world client\n");
		return false;
	}
	if (res != TEEC_ERROR_BAD_PARAMETERS || origin != TEEC_ORIGIN_TEE) {
		printf("  expected TEEC_ERROR_BAD_PARAMETERS from the TEE\n");
		return false;
	}
	printf("  refused as expected\n");
	return true;
}

/*
 * Phase 5: INJECT from a non-secure shared memory @in into the registered
 * buffer @out at @offset/@size. An invalid reference must be refused by
 * libteec or the kernel (GENERIC or BAD_PARAMETERS, not from the TA); a
 * valid one must reach the TA, whatever it answers.
 */
static bool out_of_bounds_case(struct sdp_tee *s, TEEC_SharedMemory *in,
			       TEEC_SharedMemory *out, size_t offset,
			       size_t size, bool valid)
{
	uint32_t origin = 0;
	TEEC_Operation o;
	TEEC_Result res;
	bool ok;

	memset(&o, 0, sizeof(o));
	o.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INPUT,
					TEEC_MEMREF_PARTIAL_OUTPUT,
					TEEC_NONE, TEEC_NONE);
	o.params[0].memref.parent = in;
	o.params[0].memref.offset = 0;
	o.params[0].memref.size = size;
	o.params[1].memref.parent = out;
	o.params[1].memref.offset = offset;
	o.params[1].memref.size = size;

	res = TEEC_InvokeCommand(&s->sess, 0, &o, &origin);
	if (valid)
		ok = origin == TEEC_ORIGIN_TRUSTED_APP;
	else
		ok = origin != TEEC_ORIGIN_TRUSTED_APP &&
		     (res == TEEC_ERROR_GENERIC ||
		      res == TEEC_ERROR_BAD_PARAMETERS);
	if (!ok || verbose) {
		char what[96];

		snprintf(what, sizeof(what), "%s offset %#zx size %#zx (%s)",
			 ok ? "ok:" : "FAILED:", offset, size,
			 valid ? "valid, must reach the TA" :
				 "out of bounds, must be refused");
		report(what, res, origin);
	}
	return ok;
}

static bool phase_out_of_bounds(const struct options *opt)
{
	TEEC_SharedMemory in, out;
	struct sdp_tee s;
	TEEC_Result res;
	size_t size;
	bool ok = false;

	if (session_open(&s, &sdp_ta_uuid))
		return false;
	if (register_buffer(&s, opt->heap, opt->size, &out))
		goto out_close;

	/* The kernel decides how much was allocated: test against that. */
	size = out.size;
	memset(&in, 0, sizeof(in));
	in.size = size;
	in.flags = TEEC_MEM_INPUT;
	res = TEEC_AllocateSharedMemory(&s.ctx, &in);
	if (res != TEEC_SUCCESS) {
		report("TEEC_AllocateSharedMemory", res, TEEC_ORIGIN_API);
		goto out_release;
	}
	memset(in.buffer, 0x5a, size);

	ok = out_of_bounds_case(&s, &in, &out, size - 1, 1, true);
	ok &= out_of_bounds_case(&s, &in, &out, size - 1, 2, false);
	ok &= out_of_bounds_case(&s, &in, &out, size - 1, 5000, false);
	ok &= out_of_bounds_case(&s, &in, &out, size, 1, false);
	ok &= out_of_bounds_case(&s, &in, &out, size, 4096, false);
	ok &= out_of_bounds_case(&s, &in, &out, 2, ~(size_t)0, false);

	TEEC_ReleaseSharedMemory(&in);
out_release:
	TEEC_ReleaseSharedMemory(&out);
out_close:
	sdp_tee_close(&s);
	return ok;
}

/* ---- command line ---- */

static void usage(FILE *f, const char *argv0)
{
	fprintf(f,
		"Usage: %s [OPTION]...\n"
		"Secure data path basic test: allocate a buffer from a restricted\n"
		"dma-buf heap, register it with the TEE and have trusted code\n"
		"inject, transform and dump data through it; then check that a\n"
		"normal-world client cannot hand it to the pseudo-TA and that\n"
		"out-of-bounds references are refused.\n"
		"\n"
		"  -s SIZE            buffer size in bytes [%d]\n"
		"  -n LOOPS           iterations of phases 1 to 4 [%d]\n"
		"  --heap-name PATH   dma-buf heap to allocate from [%s]\n"
		"  --no-offset        always at offset 0, not at a random 0..%d\n"
		"                     (buffers that small always are)\n"
		"  --seed N           seed of the random data [time and pid]\n"
		"  -v                 verbose; twice: every loop\n"
		"  -h, --help         this text\n"
		"\n"
		"Exit status 0 if all five phases pass, 1 otherwise.\n",
		argv0, DEFAULT_SIZE, DEFAULT_LOOPS, DEFAULT_HEAP, MAX_OFFSET);
}

static bool parse_ulong(const char *s, unsigned long long *v)
{
	char *end;

	if (!*s || *s == '-')
		return false;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return !errno && !*end;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "heap-name", required_argument, NULL, 'H' },
		{ "no-offset", no_argument, NULL, 'O' },
		{ "seed", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	struct options opt = {
		.heap = DEFAULT_HEAP,
		.size = DEFAULT_SIZE,
		.loops = DEFAULT_LOOPS,
		.offsets = true,
	};
	unsigned long long v, seed;
	struct timespec now;
	TEEC_Context ctx;
	TEEC_Result res;
	int c, failed = 0;
	size_t i;

	clock_gettime(CLOCK_MONOTONIC, &now);
	seed = (unsigned long long)time(NULL) ^
	       ((unsigned long long)now.tv_nsec << 16) ^ now.tv_sec ^
	       ((unsigned long long)getpid() << 40);
	while ((c = getopt_long(argc, argv, "s:n:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (!parse_ulong(optarg, &v) || !v || v > SIZE_MAX) {
				fprintf(stderr, "%s: -s: invalid size '%s'\n",
					argv[0], optarg);
				return 2;
			}
			opt.size = v;
			break;
		case 'n':
			if (!parse_ulong(optarg, &v) || !v || v > ~0UL) {
				fprintf(stderr, "%s: -n: invalid loop count '%s'\n",
					argv[0], optarg);
				return 2;
			}
			opt.loops = v;
			break;
		case 'H':
			opt.heap = optarg;
			break;
		case 'O':
			opt.offsets = false;
			break;
		case 'S':
			if (!parse_ulong(optarg, &seed)) {
				fprintf(stderr, "%s: --seed: invalid seed '%s'\n",
					argv[0], optarg);
				return 2;
			}
			break;
		case 'v':
			verbose++;
			break;
		case 'h':
			usage(stdout, argv[0]);
			return 0;
		default:
			usage(stderr, argv[0]);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", argv[0],
			argv[optind]);
		usage(stderr, argv[0]);
		return 2;
	}

	res = TEEC_InitializeContext(NULL, &ctx);
	if (res != TEEC_SUCCESS) {
		printf("sdp-basic: no TEE: TEEC_InitializeContext: %s (0x%08" PRIx32 ")\n",
		       sdp_tee_result_name(res), (uint32_t)res);
		return 1;
	}
	TEEC_FinalizeContext(&ctx);

	rng_state = seed;
	printf("sdp-basic: heap %s, size %zu, %lu loops, %s, seed %llu\n",
	       opt.heap, opt.size, opt.loops,
	       data_len(&opt) < opt.size ? "random offsets" : "no offset",
	       seed);

	for (i = 0; i < sizeof(phases) / sizeof(phases[0]); i++) {
		bool ok;

		printf("\nSecure Data Path basic access: %s\n", phases[i].title);
		ok = i < 3 ? phase_passes(&opt, &phases[i]) :
			     phase_refused(&opt, &phases[i]);
		printf("%s\n", ok ? "Test passed" : "Test failed!");
		failed += !ok;
	}

	printf("\nSecure Data Path basic access: invoke the TA with out of bounds buffer references\n");
	if (phase_out_of_bounds(&opt)) {
		printf("Test passed\n");
	} else {
		printf("Test failed!\n");
		failed++;
	}

	printf("\nsdp-basic: %s (%d of 5 phases failed; seed %llu)\n",
	       failed ? "FAILED" : "all phases passed", failed, seed);
	return failed ? 1 : 0;
}

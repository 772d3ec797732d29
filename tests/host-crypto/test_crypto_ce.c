// SPDX-License-Identifier: GPL-2.0
/*
 * The Cryptographic Extension paths of firmware/lib/crypto (aes_ce.S,
 * sha256_ce.S) against the portable C, bit-exact, in the AArch64 build of
 * the host tests (run under qemu-aarch64, whose default CPU has AES and
 * SHA2). Also checks the EL3 rules those routines follow: every vector
 * register comes back unchanged, IRQ and FIQ are masked for the call and
 * DAIF is restored.
 *
 * DAIF is not accessible at EL0 (SCTLR_EL1.UMA is clear), so here the
 * routines' MRS/MSR DAIF instructions raise SIGILL; a handler emulates
 * them on a model DAIF and records the sequence. The same object code as
 * the firmware's runs; only those three instructions are emulated.
 *
 * With CRYPTO_BENCH=1 in the environment (make bench) it ends with a
 * throughput comparison of CE and C, printed, not asserted.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <ucontext.h>

#include "aes.h"
#include "crypto_ce.h"
#include "sha256.h"
#include "test_crypto.h"

#define BOTH_PATHS	(CRYPTO_CE_AES | CRYPTO_CE_SHA256)
#define MAX_LEN		9000
#define RANDOM_ROUNDS	400

void ce_regs_call(void *fn, const uint64_t args[5], const uint8_t vin[512],
		  uint8_t vout[512]);

/* ---- DAIF emulation ------------------------------------------------------- */

#define DAIF_MASK	0x3c0u
#define DAIF_IF		0x0c0u
#define INSN_MRS_DAIF	0xd53b4220u	/* | Rt */
#define INSN_MSR_DAIF	0xd51b4220u	/* | Rt */
#define INSN_DAIFSET	0xd50340dfu	/* | imm4 << 8 */

static volatile uint64_t model_daif;
static volatile unsigned int daif_traps;
static volatile int daif_bad_insn;
static volatile uint64_t daif_at_restore;	/* model DAIF before MSR DAIF */

static void sigill(int sig, siginfo_t *si, void *uc_v)
{
	ucontext_t *uc = uc_v;
	mcontext_t *mc = &uc->uc_mcontext;
	uint32_t insn = *(const uint32_t *)mc->pc;
	unsigned int rt = insn & 31;

	(void)sig;
	(void)si;
	if ((insn & ~31u) == INSN_MRS_DAIF) {
		if (rt != 31)
			mc->regs[rt] = model_daif;
	} else if ((insn & ~(15u << 8)) == INSN_DAIFSET) {
		model_daif |= (uint64_t)((insn >> 8) & 15) << 6;
	} else if ((insn & ~31u) == INSN_MSR_DAIF) {
		daif_at_restore = model_daif;
		model_daif = (rt == 31 ? 0 : mc->regs[rt]) & DAIF_MASK;
	} else {
		daif_bad_insn = 1;
		signal(SIGILL, SIG_DFL);
		return;			/* re-executes, dies with SIGILL */
	}
	daif_traps++;
	mc->pc += 4;
}

void test_ce_setup(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = sigill;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGILL, &sa, NULL);
}

/* ---- helpers -------------------------------------------------------------- */

static void ctr_add_ref(uint8_t c[16], uint64_t v)
{
	unsigned int carry = 0;
	int i;

	for (i = 15; i >= 0; i--) {
		unsigned int s = c[i] + (unsigned int)(v & 0xff) + carry;

		c[i] = (uint8_t)s;
		carry = s >> 8;
		v >>= 8;
	}
}

/* IVs that exercise the carry out of the low 64 bits and the 2^128 wrap. */
static void random_iv(uint8_t iv[16])
{
	unsigned int i;

	rnd_fill(iv, 16);
	switch (rnd() % 4) {
	case 0:
		for (i = 8; i < 16; i++)
			iv[i] = 0xff;
		iv[15] -= (uint8_t)(rnd() % 64);
		break;
	case 1:
		memset(iv, 0xff, 16);
		iv[15] -= (uint8_t)(rnd() % 64);
		break;
	default:
		break;
	}
}

static uint8_t *alloc_buf(size_t n)
{
	uint8_t *p = malloc(n);

	if (!p) {
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	return p;
}

/* ---- the routines against C ----------------------------------------------- */

static void test_sha256_blocks(void)
{
	uint8_t *buf = alloc_buf(80 * 64 + 16);
	uint32_t hc[8], hg[8];
	size_t n;
	int ok = 1;

	for (n = 1; n <= 80 && ok; n++) {
		const uint8_t *p = buf + rnd() % 16;
		unsigned int i;

		rnd_fill(buf, 80 * 64 + 16);
		for (i = 0; i < 8; i++)
			hc[i] = hg[i] = (uint32_t)rnd();
		sha256_ce_blocks(hc, p, n);
		sha256_blocks_generic(hg, p, n);
		ok = same("sha256_ce_blocks", (uint8_t *)hc, (uint8_t *)hg,
			  sizeof(hc));
		if (!ok)
			diag("with %zu blocks at offset %u", n,
			     (unsigned int)(p - buf));
	}
	report(ok, "sha256_ce_blocks_matches_generic_1_to_80_blocks");
	free(buf);
}

static void test_aes_ctr_blocks(void)
{
	uint8_t *in = alloc_buf(300 * 16 + 16), *ce = alloc_buf(300 * 16 + 16);
	uint8_t *ref = alloc_buf(300 * 16);
	uint8_t key[16], iv[16], ctr[16], want_ctr[16];
	struct aes128_key k;
	int ok = 1, ok_ctr = 1, round;

	for (round = 0; round < 100 && ok && ok_ctr; round++) {
		size_t n = 1 + rnd() % 300;
		unsigned int io = rnd() % 16, oo = rnd() % 16;

		rnd_fill(key, 16);
		random_iv(iv);
		aes128_set_key(&k, key);
		rnd_fill(in, 300 * 16 + 16);
		memcpy(ctr, iv, 16);
		aes128_ce_ctr_blocks(k.rk, ctr, in + io, ce + oo, n);
		aes128_ctr_xcrypt_generic(&k, iv, 0, in + io, ref, n * 16);
		ok = same("aes128_ce_ctr_blocks", ce + oo, ref, n * 16);
		memcpy(want_ctr, iv, 16);
		ctr_add_ref(want_ctr, n);
		ok_ctr = same("counter after the call", ctr, want_ctr, 16);
		if (!ok || !ok_ctr)
			diag("with %zu blocks, in +%u, out +%u", n, io, oo);
	}
	report(ok, "aes128_ce_ctr_blocks_matches_generic");
	report(ok_ctr, "aes128_ce_ctr_blocks_advances_counter_by_n");
	free(in);
	free(ce);
	free(ref);
}

/* ---- the public API, CE path against C path ------------------------------- */

/* Digest of p[0..len) fed to sha256_update() in pieces cut at random. */
static void sha256_split(const uint8_t *p, size_t len, uint8_t d[32])
{
	struct sha256_ctx c;
	size_t done = 0;

	sha256_init(&c);
	while (done < len) {
		size_t n = rnd() % 3 ? rnd() % (len - done + 1) : len - done;

		sha256_update(&c, p + done, n);
		done += n;
	}
	sha256_final(&c, d);
}

static void test_sha256_random(void)
{
	uint8_t *buf = alloc_buf(MAX_LEN + 16);
	uint8_t dce[32], dc[32];
	int ok = 1, round;

	for (round = 0; round < RANDOM_ROUNDS && ok; round++) {
		size_t len = rnd() % (MAX_LEN + 1);
		const uint8_t *p = buf + rnd() % 16;
		uint64_t seed;

		rnd_fill(buf, MAX_LEN + 16);
		seed = rng_state;
		crypto_ce_allow(BOTH_PATHS);
		sha256_split(p, len, dce);
		rng_state = seed;	/* the same cut points */
		crypto_ce_allow(0);
		sha256_split(p, len, dc);
		ok = same("sha256 CE vs C", dce, dc, 32);
		if (!ok)
			diag("length %zu at offset %u, round %d", len,
			     (unsigned int)(p - buf), round);
	}
	crypto_ce_allow(BOTH_PATHS);
	report(ok, "sha256_ce_matches_c_random_lengths_splits_alignments");
	free(buf);
}

static void test_ctr_random(void)
{
	uint8_t *in = alloc_buf(MAX_LEN + 48), *ce = alloc_buf(MAX_LEN + 48);
	uint8_t *ref = alloc_buf(MAX_LEN + 48);
	uint8_t key[16], iv[16];
	struct aes128_key k;
	int ok = 1, round;

	for (round = 0; round < RANDOM_ROUNDS && ok; round++) {
		size_t len = rnd() % (MAX_LEN + 1);
		unsigned int io = rnd() % 16, oo = rnd() % 16;
		uint64_t off = rnd() % 3 ? rnd() % (rnd() % 2 ? 1024 : 100000) :
					   rnd();
		int in_place = rnd() % 4 == 0;

		rnd_fill(key, 16);
		random_iv(iv);
		aes128_set_key(&k, key);
		rnd_fill(in, MAX_LEN + 48);
		/* Guard bytes around the output: 0xa5 in both. */
		memset(ce, 0xa5, MAX_LEN + 48);
		memset(ref, 0xa5, MAX_LEN + 48);
		if (in_place) {
			memcpy(ce + 16 + oo, in + io, len);
			memcpy(ref + 16 + oo, in + io, len);
			crypto_ce_allow(BOTH_PATHS);
			aes128_ctr_xcrypt(&k, iv, off, ce + 16 + oo,
					  ce + 16 + oo, len);
			aes128_ctr_xcrypt_generic(&k, iv, off, ref + 16 + oo,
						  ref + 16 + oo, len);
		} else {
			crypto_ce_allow(BOTH_PATHS);
			aes128_ctr_xcrypt(&k, iv, off, in + io, ce + 16 + oo,
					  len);
			aes128_ctr_xcrypt_generic(&k, iv, off, in + io,
						  ref + 16 + oo, len);
		}
		ok = same("aes128_ctr_xcrypt CE vs C (with guards)", ce, ref,
			  MAX_LEN + 48);
		if (!ok)
			diag("length %zu, offset %llu, in +%u, out +%u, %s", len,
			     (unsigned long long)off, io, oo,
			     in_place ? "in place" : "out of place");
	}
	report(ok, "aes128_ctr_ce_matches_c_random_lengths_offsets_alignments");
	free(in);
	free(ce);
	free(ref);
}

/* A message cut into chunks decrypted in random order, each at its offset. */
static void test_ctr_chunks_any_order(void)
{
	uint8_t *in = alloc_buf(MAX_LEN), *ce = alloc_buf(MAX_LEN);
	uint8_t *ref = alloc_buf(MAX_LEN);
	size_t cut[8], len = MAX_LEN - rnd() % 1000;
	uint8_t key[16], iv[16];
	struct aes128_key k;
	int i, n = 8;

	rnd_fill(key, 16);
	random_iv(iv);
	aes128_set_key(&k, key);
	rnd_fill(in, len);
	cut[0] = 0;
	for (i = 1; i < n; i++)
		cut[i] = cut[i - 1] + rnd() % ((len - cut[i - 1]) / 2 + 1);
	for (i = n - 1; i >= 0; i--) {
		size_t end = i == n - 1 ? len : cut[i + 1];

		aes128_ctr_xcrypt(&k, iv, cut[i], in + cut[i], ce + cut[i],
				  end - cut[i]);
	}
	aes128_ctr_xcrypt_generic(&k, iv, 0, in, ref, len);
	report(same("chunks vs one call", ce, ref, len),
	       "aes128_ctr_ce_chunks_in_any_order_match_one_c_call");
	free(in);
	free(ce);
	free(ref);
}

/* ---- EL3 rules: vector registers and DAIF --------------------------------- */

static int vregs_kept(void *fn, const uint64_t args[5], const char *what)
{
	uint8_t vin[512], vout[512];

	rnd_fill(vin, sizeof(vin));
	memset(vout, 0, sizeof(vout));
	ce_regs_call(fn, args, vin, vout);
	return same(what, vout, vin, sizeof(vin));
}

static void test_vregs(void)
{
	uint8_t buf[64 * 64 + 1], out[256 * 16], iv[16], key[16];
	uint32_t h[8], hg[8];
	struct aes128_key k;
	uint64_t args[5];
	int ok;

	rnd_fill(buf, sizeof(buf));
	memset(h, 0x5a, sizeof(h));
	memcpy(hg, h, sizeof(h));
	args[0] = (uintptr_t)h;
	args[1] = (uintptr_t)(buf + 1);
	args[2] = 64;
	args[3] = args[4] = 0;
	ok = vregs_kept((void *)sha256_ce_blocks, args, "v0-v31 after sha256");
	sha256_blocks_generic(hg, buf + 1, 64);
	ok &= same("digest under the harness", (uint8_t *)h, (uint8_t *)hg,
		   sizeof(h));
	report(ok, "sha256_ce_blocks_preserves_v0_to_v31");

	rnd_fill(key, 16);
	rnd_fill(iv, 16);
	aes128_set_key(&k, key);
	args[0] = (uintptr_t)k.rk;
	args[1] = (uintptr_t)iv;
	args[2] = (uintptr_t)buf;
	args[3] = (uintptr_t)out;
	args[4] = 256;
	ok = vregs_kept((void *)aes128_ce_ctr_blocks, args,
			"v0-v31 after aes ctr");
	report(ok, "aes128_ce_ctr_blocks_preserves_v0_to_v31");
}

/* Before a CE call: the model DAIF at @start, the trap record cleared. */
static void daif_arm(uint64_t start)
{
	model_daif = start;
	daif_traps = 0;
	daif_at_restore = 0;
}

/* After it: three traps, IRQ and FIQ masked before the restore, DAIF back. */
static int daif_checked(const char *what, uint64_t start)
{
	if (daif_traps == 3 && model_daif == start &&
	    (daif_at_restore & DAIF_IF) == DAIF_IF)
		return 1;
	diag("%s: DAIF %#llx: %u traps, masked %#llx, after %#llx", what,
	     (unsigned long long)start, daif_traps,
	     (unsigned long long)daif_at_restore,
	     (unsigned long long)model_daif);
	return 0;
}

static void test_daif(void)
{
	static const uint64_t start[] = { 0, 0x100, 0x200, DAIF_MASK };
	uint8_t buf[64 * 4], key[16], ctr[16];
	struct aes128_key k;
	uint32_t h[8] = { 0 };
	int ok_sha = 1, ok_aes = 1;
	unsigned int i;

	rnd_fill(buf, sizeof(buf));
	rnd_fill(key, 16);
	rnd_fill(ctr, 16);
	aes128_set_key(&k, key);
	for (i = 0; i < ARRAY_SIZE(start); i++) {
		daif_arm(start[i]);
		sha256_ce_blocks(h, buf, 4);
		ok_sha &= daif_checked("sha256", start[i]);
		daif_arm(start[i]);
		aes128_ce_ctr_blocks(k.rk, ctr, buf, buf, 16);
		ok_aes &= daif_checked("aes", start[i]);
	}
	model_daif = 0;
	report(ok_sha && !daif_bad_insn,
	       "sha256_ce_blocks_masks_irq_fiq_and_restores_daif");
	report(ok_aes && !daif_bad_insn,
	       "aes128_ce_ctr_blocks_masks_irq_fiq_and_restores_daif");
}

/* The public API never hands the CE routines more than 4 KiB per call. */
static void test_chunk_bound(void)
{
	uint8_t *buf = alloc_buf(100000), key[16], iv[16], d[32];
	struct aes128_key k;
	unsigned int calls;
	int ok;

	rnd_fill(buf, 100000);
	daif_traps = 0;
	sha256(buf, 100000, d);
	calls = daif_traps / 3;
	/* 1562 whole blocks in 64-block calls, then the final block(s) */
	ok = calls == (1562 + 63) / 64 + 1;
	if (!ok)
		diag("sha256 of 100000 bytes: %u CE calls", calls);
	report(ok, "sha256_feeds_ce_at_most_4096_bytes_per_call");

	rnd_fill(key, 16);
	rnd_fill(iv, 16);
	aes128_set_key(&k, key);
	daif_traps = 0;
	aes128_ctr_xcrypt(&k, iv, 8, buf, buf, 100000);
	calls = daif_traps / 3;
	/* head (8 bytes), 6249 whole blocks in 256-block calls, tail (8) */
	ok = calls == 1 + (6249 + 255) / 256 + 1;
	if (!ok)
		diag("aes ctr of 100000 bytes at offset 8: %u CE calls", calls);
	report(ok, "aes128_ctr_feeds_ce_at_most_4096_bytes_per_call");
	free(buf);
}

/* ---- throughput, printed ------------------------------------------------- */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/*
 * MB/s of SHA-256 (aes = 0) or AES-128-CTR (aes = 1) over len bytes:
 * whole-buffer calls of the CE routine (so the emulated DAIF traps, three
 * per call, cost nothing measurable) or of the portable C.
 */
static double mbps(int ce, int aes, const uint8_t *buf, uint8_t *out,
		   size_t len, unsigned int reps)
{
	struct aes128_key k;
	uint8_t ctr[16] = { 0 };
	uint32_t h[8] = { 0 };
	unsigned int i;
	double t;

	aes128_set_key(&k, buf);
	t = now();
	for (i = 0; i < reps; i++) {
		if (aes && ce)
			aes128_ce_ctr_blocks(k.rk, ctr, buf, out, len / 16);
		else if (aes)
			aes128_ctr_xcrypt_generic(&k, ctr, 0, buf, out, len);
		else if (ce)
			sha256_ce_blocks(h, buf, len / 64);
		else
			sha256_blocks_generic(h, buf, len / 64);
	}
	t = now() - t;
	return (double)len * reps / t / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median5(double v[5])
{
	qsort(v, 5, sizeof(v[0]), cmp_double);
	return v[2];
}

/* C and CE measured in turn, five times each, so load hits both alike. */
static void bench_one(const char *name, int aes, const uint8_t *buf,
		      uint8_t *out, size_t len)
{
	double c[5], ce[5], mc, mce;
	unsigned int i;

	for (i = 0; i < 5; i++) {
		c[i] = mbps(0, aes, buf, out, len, 1);
		ce[i] = mbps(1, aes, buf, out, len, 4);
	}
	mc = median5(c);
	mce = median5(ce);
	diag("  %-12s C %7.1f MB/s, CE %7.1f MB/s, CE/C %.1fx", name, mc, mce,
	     mce / mc);
}

static void bench(void)
{
	const size_t len = 1 << 20;
	uint8_t *buf = alloc_buf(len), *out = alloc_buf(len);

	rnd_fill(buf, len);
	diag("bench under qemu-aarch64 (TCG), 1 MiB per call, medians of 5 interleaved:");
	bench_one("SHA-256:", 0, buf, out, len);
	bench_one("AES-128-CTR:", 1, buf, out, len);
	free(buf);
	free(out);
}

void test_ce(void)
{
	unsigned int paths = crypto_ce_paths();

	diag("Cryptographic Extension paths: %s", crypto_ce_describe());
	report(paths == BOTH_PATHS, "ce_paths_detected_from_id_aa64isar0");
	if (paths != BOTH_PATHS) {
		skip("ce_tests", "this CPU lacks AES or SHA2 (qemu-aarch64 -cpu max has both)");
		return;
	}
	test_sha256_blocks();
	test_aes_ctr_blocks();
	test_sha256_random();
	test_ctr_random();
	test_ctr_chunks_any_order();
	test_vregs();
	test_daif();
	test_chunk_bound();
	if (getenv("CRYPTO_BENCH"))
		bench();
}

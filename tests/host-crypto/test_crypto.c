// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of firmware/lib/crypto (AES-128, AES-128-CTR, SHA-256): the
 * firmware's own sources built for the host. Published vectors (FIPS-197,
 * SP 800-38A, FIPS 180-2), counter carry checked against an independent
 * per-block computation, chunked/streaming use against one-shot, and random
 * buffers against the host's openssl(1) when it is installed.
 *
 * TAP on stdout. SEED=<n> in the environment changes the random inputs
 * (default fixed, printed as a comment). The AArch64 build (run under
 * qemu-aarch64) exercises the Cryptographic Extension paths through the
 * same tests and adds test_crypto_ce.c's CE-against-C checks.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aes.h"
#include "sha256.h"
#include "secure_wipe.h"
#include "test_crypto.h"

static int test_num, failures;

void report(int ok, const char *name)
{
	test_num++;
	printf("%sok %d - %s\n", ok ? "" : "not ", test_num, name);
	if (!ok)
		failures++;
	fflush(stdout);
}

void skip(const char *name, const char *why)
{
	test_num++;
	printf("ok %d - %s # SKIP %s\n", test_num, name, why);
	fflush(stdout);
}

void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

void hex2bin(const char *hex, uint8_t *out, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned int v;

		if (sscanf(hex + 2 * i, "%2x", &v) != 1) {
			fprintf(stderr, "bad hex literal %s\n", hex);
			exit(2);
		}
		out[i] = (uint8_t)v;
	}
}

static void bin2hex(const uint8_t *in, size_t n, char *hex)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(hex + 2 * i, "%02x", in[i]);
	hex[2 * n] = 0;
}

/* Compare and, on mismatch, say where. */
int same(const char *what, const uint8_t *got, const uint8_t *want,
	 size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (got[i] != want[i]) {
			diag("%s: byte %zu is %02x, expected %02x", what, i,
			     got[i], want[i]);
			return 0;
		}
	}
	return 1;
}

static int same_hex(const char *what, const uint8_t *got, const char *hex)
{
	size_t n = strlen(hex) / 2;
	uint8_t *want = malloc(n);
	int ok;

	hex2bin(hex, want, n);
	ok = same(what, got, want, n);
	free(want);
	return ok;
}

/* xorshift64*: reproducible random inputs. */
uint64_t rng_state;

uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

void rnd_fill(uint8_t *p, size_t n)
{
	while (n--)
		*p++ = (uint8_t)(rnd() >> 56);
}

/* ---- AES ------------------------------------------------------------------ */

static void test_aes_fips197_c1(void)
{
	struct aes128_key k;
	uint8_t key[16], pt[16], ct[16];

	hex2bin("000102030405060708090a0b0c0d0e0f", key, 16);
	hex2bin("00112233445566778899aabbccddeeff", pt, 16);
	aes128_set_key(&k, key);
	aes128_encrypt_block(&k, pt, ct);
	report(same_hex("C.1", ct, "69c4e0d86a7b0430d8cdb78070b4c55a"),
	       "aes128_fips197_c1_encrypt");
	/* in place */
	aes128_encrypt_block(&k, pt, pt);
	report(same(("C.1 in place"), pt, ct, 16), "aes128_encrypt_block_in_place");
	/* FIPS-197 A.1: last round key of 2b7e1516... is d014f9a8c9ee2589e13f0cc8b6630ca6 */
	hex2bin("2b7e151628aed2a6abf7158809cf4f3c", key, 16);
	aes128_set_key(&k, key);
	report(same_hex("A.1 w[40..43]", k.rk + 160,
			"d014f9a8c9ee2589e13f0cc8b6630ca6"),
	       "aes128_fips197_a1_key_expansion");
	aes128_wipe_key(&k);
	{
		static const struct aes128_key zero;

		report(!memcmp(&k, &zero, sizeof(k)), "aes128_wipe_key_zeroes_schedule");
	}
}

#define SP_KEY	"2b7e151628aed2a6abf7158809cf4f3c"
#define SP_IV	"f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"
#define SP_PT	"6bc1bee22e409f96e93d7e117393172a" \
		"ae2d8a571e03ac9c9eb76fac45af8e51" \
		"30c81c46a35ce411e5fbc1191a0a52ef" \
		"f69f2445df4f9b17ad2b417be66c3710"
#define SP_CT	"874d6191b620e3261bef6864990db6ce" \
		"9806f66b7970fdff8617187bb9fffdff" \
		"5ae4df3edbd5d35e5b4f09020db03eab" \
		"1e031dda2fbe03d1792170a0f3009cee"

static void test_ctr_sp800_38a(void)
{
	struct aes128_key k;
	uint8_t key[16], iv[16], pt[64], ct[64], buf[64];

	hex2bin(SP_KEY, key, 16);
	hex2bin(SP_IV, iv, 16);
	hex2bin(SP_PT, pt, 64);
	hex2bin(SP_CT, ct, 64);
	aes128_set_key(&k, key);

	aes128_ctr_xcrypt(&k, iv, 0, pt, buf, 64);
	report(same("F.5.1", buf, ct, 64), "aes128_ctr_sp800_38a_f51_encrypt");

	aes128_ctr_xcrypt(&k, iv, 0, ct, buf, 64);
	report(same("F.5.2", buf, pt, 64), "aes128_ctr_sp800_38a_f52_decrypt");

	memcpy(buf, pt, 64);
	aes128_ctr_xcrypt(&k, iv, 0, buf, buf, 64);
	report(same("F.5.1 in place", buf, ct, 64), "aes128_ctr_in_place");

	/* block 3 alone, from its offset */
	aes128_ctr_xcrypt(&k, iv, 48, pt + 48, buf, 16);
	report(same("F.5.1 block 4 at offset 48", buf, ct + 48, 16),
	       "aes128_ctr_offset_selects_counter_block");

	/* unaligned buffers and offsets inside a block */
	{
		uint8_t src[80], dst[80];
		int ok = 1;
		size_t off;

		for (off = 0; off < 64 && ok; off++) {
			memcpy(src + 3, pt + off, 64 - off);
			aes128_ctr_xcrypt(&k, iv, off, src + 3, dst + 1, 64 - off);
			ok = same("F.5.1 tail", dst + 1, ct + off, 64 - off);
		}
		report(ok, "aes128_ctr_every_start_offset_unaligned_buffers");
	}
	aes128_ctr_xcrypt(&k, iv, 0, pt, NULL, 0);
	report(1, "aes128_ctr_zero_length_touches_nothing");
	aes128_wipe_key(&k);
}

/* Independent reference: counter as two 64-bit halves, one block per AES. */
static void ref_ctr(const struct aes128_key *k, const uint8_t iv[16],
		    uint64_t offset, const uint8_t *in, uint8_t *out, size_t len)
{
	uint64_t hi = 0, lo = 0, blk = offset / 16;
	size_t i;
	int j;

	for (j = 0; j < 8; j++) {
		hi = hi << 8 | iv[j];
		lo = lo << 8 | iv[8 + j];
	}
	if (lo + blk < lo)
		hi++;
	lo += blk;
	for (i = 0; i < len; ) {
		uint8_t cb[16], ks[16];
		unsigned int s = (unsigned int)((offset + i) % 16);

		for (j = 0; j < 8; j++) {
			cb[j] = (uint8_t)(hi >> (56 - 8 * j));
			cb[8 + j] = (uint8_t)(lo >> (56 - 8 * j));
		}
		aes128_encrypt_block(k, cb, ks);
		for (; s < 16 && i < len; s++, i++)
			out[i] = in[i] ^ ks[s];
		if (++lo == 0)
			hi++;
	}
}

static void test_ctr_carry(void)
{
	struct aes128_key k;
	uint8_t key[16], iv[16], pt[100], got[100], want[100];
	static const struct {
		const char *iv;
		uint64_t offset;
		const char *name;
	} cases[] = {
		{ "0001020304050607ffffffffffffffff", 0,
		  "aes128_ctr_carry_across_64bit_boundary" },
		{ "00010203040506fffffffffffffffffd", 5,
		  "aes128_ctr_carry_ripples_through_bytes" },
		{ "0001020304050607fffffffffffffff0", 0xffffffffffffffe5ULL,
		  "aes128_ctr_large_offset_carries_into_high_half" },
		{ "ffffffffffffffffffffffffffffffff", 7,
		  "aes128_ctr_wraps_modulo_2_128" },
	};
	size_t i;

	rnd_fill(key, 16);
	rnd_fill(pt, sizeof(pt));
	aes128_set_key(&k, key);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		hex2bin(cases[i].iv, iv, 16);
		aes128_ctr_xcrypt(&k, iv, cases[i].offset, pt, got, sizeof(pt));
		ref_ctr(&k, iv, cases[i].offset, pt, want, sizeof(pt));
		report(same(cases[i].name, got, want, sizeof(pt)), cases[i].name);
	}
	/* The wrap really goes to counter 0: block 1 after all-ones is AES(0). */
	{
		uint8_t zero[32] = { 0 }, ks[32], blk0[16] = { 0 };

		memset(iv, 0xff, 16);
		aes128_ctr_xcrypt(&k, iv, 0, zero, ks, 32);
		aes128_encrypt_block(&k, blk0, blk0);
		report(same("wrap to zero", ks + 16, blk0, 16),
		       "aes128_ctr_counter_after_all_ones_is_zero");
	}
	aes128_wipe_key(&k);
}

static void test_ctr_chunked(void)
{
	enum { N = 5000 };
	static uint8_t pt[N], whole[N], chunked[N];
	struct aes128_key k;
	uint8_t key[16], iv[16];
	int round, ok = 1, ok_inplace = 1;

	for (round = 0; round < 200 && ok && ok_inplace; round++) {
		size_t len = (size_t)(rnd() % N), pos = 0;
		uint64_t base = rnd() % 4096;

		rnd_fill(key, 16);
		rnd_fill(iv, 16);
		if (round % 4 == 0)
			memset(iv + 8, 0xff, 8);	/* carries on the way */
		rnd_fill(pt, len);
		aes128_set_key(&k, key);
		aes128_ctr_xcrypt(&k, iv, base, pt, whole, len);
		while (pos < len) {
			size_t n = (size_t)(rnd() % 67);

			if (n > len - pos)
				n = len - pos;
			aes128_ctr_xcrypt(&k, iv, base + pos, pt + pos,
					  chunked + pos, n);
			pos += n;
		}
		ok = same("chunked", chunked, whole, len);
		/* in place, chunks in reverse order */
		memcpy(chunked, pt, len);
		for (pos = len; pos > 0; ) {
			size_t n = 1 + (size_t)(rnd() % 300);

			if (n > pos)
				n = pos;
			pos -= n;
			aes128_ctr_xcrypt(&k, iv, base + pos, chunked + pos,
					  chunked + pos, n);
		}
		ok_inplace = same("in place reverse", chunked, whole, len);
		aes128_wipe_key(&k);
	}
	report(ok, "aes128_ctr_random_chunks_equal_one_shot");
	report(ok_inplace, "aes128_ctr_in_place_chunks_any_order_equal_one_shot");
}

/* ---- SHA-256 --------------------------------------------------------------- */

static void test_sha256_vectors(void)
{
	static const char msg448[] =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	uint8_t d[32];
	struct sha256_ctx c;
	static uint8_t million[1000000];

	sha256("abc", 3, d);
	report(same_hex("abc", d, "ba7816bf8f01cfea414140de5dae2223"
				  "b00361a396177a9cb410ff61f20015ad"),
	       "sha256_fips180_abc");

	sha256(msg448, strlen(msg448), d);
	report(same_hex("448-bit", d, "248d6a61d20638b8e5c026930c3e6039"
				      "a33ce45964ff2167f6ecedd419db06c1"),
	       "sha256_fips180_448_bit_message");

	memset(million, 'a', sizeof(million));
	sha256(million, sizeof(million), d);
	report(same_hex("million a", d, "cdc76e5c9914fb9281a1c7e284d73e67"
					"f1809a48a497200e046d39ccc7112cd0"),
	       "sha256_fips180_one_million_a");

	/* the same, fed in 1000-byte updates */
	sha256_init(&c);
	for (int i = 0; i < 1000; i++)
		sha256_update(&c, million, 1000);
	sha256_final(&c, d);
	report(same_hex("million a streamed", d,
			"cdc76e5c9914fb9281a1c7e284d73e67"
			"f1809a48a497200e046d39ccc7112cd0"),
	       "sha256_fips180_one_million_a_streamed");

	/* padding boundaries: n 'a's (digests from Python's hashlib) */
	{
		static const struct {
			size_t n;
			const char *hex;
		} pad[] = {
			{ 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
			{ 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
			{ 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
			{ 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
			{ 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb" },
			{ 120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c" },
		};
		size_t i;
		int ok = 1;

		for (i = 0; i < ARRAY_SIZE(pad); i++) {
			sha256(million, pad[i].n, d);
			if (!same_hex("padding boundary", d, pad[i].hex)) {
				diag("length %zu", pad[i].n);
				ok = 0;
			}
		}
		report(ok, "sha256_padding_boundaries_55_56_63_64_119_120");
	}

	sha256("", 0, d);
	report(same_hex("empty", d, "e3b0c44298fc1c149afbf4c8996fb924"
				    "27ae41e4649b934ca495991b7852b855"),
	       "sha256_empty_message");

	{
		static const struct sha256_ctx zero;

		sha256_init(&c);
		sha256_update(&c, "abc", 3);
		sha256_final(&c, d);
		report(!memcmp(&c, &zero, sizeof(c)), "sha256_final_wipes_context");
	}
}

static void test_sha256_streaming(void)
{
	enum { N = 3000 };
	static uint8_t buf[N + 1];
	uint8_t one[32], streamed[32];
	int round, ok = 1;

	for (round = 0; round < 300 && ok; round++) {
		size_t len = round < 130 ? (size_t)round : (size_t)(rnd() % N);
		uint8_t *msg = buf + (round & 1);	/* odd address half the time */
		size_t pos = 0;
		struct sha256_ctx c;

		rnd_fill(msg, len);
		sha256(msg, len, one);
		sha256_init(&c);
		while (pos < len) {
			size_t n = (size_t)(rnd() % 150);

			if (n > len - pos)
				n = len - pos;
			sha256_update(&c, msg + pos, n);
			pos += n;
		}
		sha256_final(&c, streamed);
		ok = same("streamed", streamed, one, 32);
		if (!ok)
			diag("length %zu", len);
	}
	report(ok, "sha256_random_split_points_equal_one_shot");
}

/* ---- openssl(1) cross-checks ---------------------------------------------- */

static char tmpdir[64];

static int write_file(const char *path, const uint8_t *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	int ok;

	if (!f)
		return 0;
	ok = fwrite(p, 1, n, f) == n;
	return fclose(f) == 0 && ok;
}

static long read_file(const char *path, uint8_t *p, size_t max)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return -1;
	n = fread(p, 1, max, f);
	fclose(f);
	return (long)n;
}

static void test_openssl(void)
{
	enum { N = 70000 };
	static uint8_t pt[N], mine[N], theirs[N + 16];
	char in[128], out[128], cmd[512], khex[33], ivhex[65], dhex[65];
	int round, ok_ctr = 1, ok_sha = 1, ok_carry = 1;

	if (system("openssl version >/dev/null 2>&1") != 0) {
		skip("aes128_ctr_matches_openssl", "openssl(1) not installed");
		skip("aes128_ctr_carry_matches_openssl", "openssl(1) not installed");
		skip("sha256_matches_openssl", "openssl(1) not installed");
		return;
	}
	strcpy(tmpdir, "/tmp/host-crypto.XXXXXX");
	if (!mkdtemp(tmpdir)) {
		report(0, "openssl_cross_check_tmpdir");
		return;
	}
	snprintf(in, sizeof(in), "%s/in", tmpdir);
	snprintf(out, sizeof(out), "%s/out", tmpdir);

	for (round = 0; round < 8; round++) {
		size_t len = round == 0 ? 0 : (size_t)(rnd() % N);
		uint8_t key[16], iv[16];
		struct aes128_key k;
		FILE *p;
		long got;

		rnd_fill(key, 16);
		rnd_fill(iv, 16);
		if (round >= 6) {	/* low half about to wrap */
			memset(iv + 8, 0xff, 8);
			iv[15] = (uint8_t)(0xff - round);
		}
		rnd_fill(pt, len);
		bin2hex(key, 16, khex);
		bin2hex(iv, 16, ivhex);
		if (!write_file(in, pt, len)) {
			ok_ctr = 0;
			break;
		}
		snprintf(cmd, sizeof(cmd),
			 "openssl enc -aes-128-ctr -K %s -iv %s -nopad -in %s -out %s",
			 khex, ivhex, in, out);
		aes128_set_key(&k, key);
		aes128_ctr_xcrypt(&k, iv, 0, pt, mine, len);
		aes128_wipe_key(&k);
		got = system(cmd) == 0 ? read_file(out, theirs, sizeof(theirs)) : -1;
		if (got != (long)len || !same("openssl enc", mine, theirs, len)) {
			diag("%s: got %ld bytes, want %zu", cmd, got, len);
			if (round >= 6)
				ok_carry = 0;
			else
				ok_ctr = 0;
		}

		snprintf(cmd, sizeof(cmd), "openssl dgst -sha256 -r %s", in);
		sha256(pt, len, mine);
		bin2hex(mine, 32, dhex);
		p = popen(cmd, "r");
		if (!p || !fgets(cmd, sizeof(cmd), p) || strncmp(cmd, dhex, 64)) {
			diag("sha256 of %zu bytes: mine %s, openssl %.64s", len,
			     dhex, cmd);
			ok_sha = 0;
		}
		if (p)
			pclose(p);
	}
	report(ok_ctr, "aes128_ctr_matches_openssl");
	report(ok_carry, "aes128_ctr_carry_matches_openssl");
	report(ok_sha, "sha256_matches_openssl");
	unlink(in);
	unlink(out);
	rmdir(tmpdir);
}

/* ---- misc ------------------------------------------------------------------ */

static void test_secure_wipe(void)
{
	uint8_t b[37];
	size_t i;
	int ok = 1;

	memset(b, 0xa5, sizeof(b));
	secure_wipe(b + 1, 35);
	ok = b[0] == 0xa5 && b[36] == 0xa5;
	for (i = 1; i < 36; i++)
		ok &= b[i] == 0;
	report(ok, "secure_wipe_zeroes_exactly_the_range");
}

int main(void)
{
	const char *seed = getenv("SEED");

	rng_state = seed ? strtoull(seed, NULL, 0) : 0x5d9c0ffee1234567ULL;
	if (!rng_state)
		rng_state = 1;
	diag("firmware/lib/crypto host tests, SEED=0x%llx",
	     (unsigned long long)rng_state);
#ifdef __aarch64__
	test_ce_setup();
#endif

	test_aes_fips197_c1();
	test_ctr_sp800_38a();
	test_ctr_carry();
	test_ctr_chunked();
	test_sha256_vectors();
	test_sha256_streaming();
	test_secure_wipe();
	test_openssl();
#ifdef __aarch64__
	test_ce();
#endif

	printf("1..%d\n", test_num);
	return failures ? 1 : 0;
}

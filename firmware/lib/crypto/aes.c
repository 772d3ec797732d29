// SPDX-License-Identifier: GPL-2.0
/*
 * AES-128 encryption (FIPS-197) and CTR mode (NIST SP 800-38A), byte
 * oriented: the state is 16 bytes in input order (column-major, byte
 * r + 4c is row r of column c), every access is a byte access. One
 * 256-byte S-box table; see aes.h for the side-channel note. In a
 * CRYPTO_CE build CTR goes through the Cryptographic Extension (aes_ce.S)
 * when crypto_ce_paths() says so; this C is the reference it is tested
 * against.
 */
#include "aes.h"
#include "crypto_ce.h"
#include "secure_wipe.h"

static const uint8_t sbox[256] = {
	0x63, 0x7c, 0x77, 0x7b, 0xf2, 0x6b, 0x6f, 0xc5,
	0x30, 0x01, 0x67, 0x2b, 0xfe, 0xd7, 0xab, 0x76,
	0xca, 0x82, 0xc9, 0x7d, 0xfa, 0x59, 0x47, 0xf0,
	0xad, 0xd4, 0xa2, 0xaf, 0x9c, 0xa4, 0x72, 0xc0,
	0xb7, 0xfd, 0x93, 0x26, 0x36, 0x3f, 0xf7, 0xcc,
	0x34, 0xa5, 0xe5, 0xf1, 0x71, 0xd8, 0x31, 0x15,
	0x04, 0xc7, 0x23, 0xc3, 0x18, 0x96, 0x05, 0x9a,
	0x07, 0x12, 0x80, 0xe2, 0xeb, 0x27, 0xb2, 0x75,
	0x09, 0x83, 0x2c, 0x1a, 0x1b, 0x6e, 0x5a, 0xa0,
	0x52, 0x3b, 0xd6, 0xb3, 0x29, 0xe3, 0x2f, 0x84,
	0x53, 0xd1, 0x00, 0xed, 0x20, 0xfc, 0xb1, 0x5b,
	0x6a, 0xcb, 0xbe, 0x39, 0x4a, 0x4c, 0x58, 0xcf,
	0xd0, 0xef, 0xaa, 0xfb, 0x43, 0x4d, 0x33, 0x85,
	0x45, 0xf9, 0x02, 0x7f, 0x50, 0x3c, 0x9f, 0xa8,
	0x51, 0xa3, 0x40, 0x8f, 0x92, 0x9d, 0x38, 0xf5,
	0xbc, 0xb6, 0xda, 0x21, 0x10, 0xff, 0xf3, 0xd2,
	0xcd, 0x0c, 0x13, 0xec, 0x5f, 0x97, 0x44, 0x17,
	0xc4, 0xa7, 0x7e, 0x3d, 0x64, 0x5d, 0x19, 0x73,
	0x60, 0x81, 0x4f, 0xdc, 0x22, 0x2a, 0x90, 0x88,
	0x46, 0xee, 0xb8, 0x14, 0xde, 0x5e, 0x0b, 0xdb,
	0xe0, 0x32, 0x3a, 0x0a, 0x49, 0x06, 0x24, 0x5c,
	0xc2, 0xd3, 0xac, 0x62, 0x91, 0x95, 0xe4, 0x79,
	0xe7, 0xc8, 0x37, 0x6d, 0x8d, 0xd5, 0x4e, 0xa9,
	0x6c, 0x56, 0xf4, 0xea, 0x65, 0x7a, 0xae, 0x08,
	0xba, 0x78, 0x25, 0x2e, 0x1c, 0xa6, 0xb4, 0xc6,
	0xe8, 0xdd, 0x74, 0x1f, 0x4b, 0xbd, 0x8b, 0x8a,
	0x70, 0x3e, 0xb5, 0x66, 0x48, 0x03, 0xf6, 0x0e,
	0x61, 0x35, 0x57, 0xb9, 0x86, 0xc1, 0x1d, 0x9e,
	0xe1, 0xf8, 0x98, 0x11, 0x69, 0xd9, 0x8e, 0x94,
	0x9b, 0x1e, 0x87, 0xe9, 0xce, 0x55, 0x28, 0xdf,
	0x8c, 0xa1, 0x89, 0x0d, 0xbf, 0xe6, 0x42, 0x68,
	0x41, 0x99, 0x2d, 0x0f, 0xb0, 0x54, 0xbb, 0x16,
};

/* Multiplication by x in GF(2^8) mod x^8 + x^4 + x^3 + x + 1, branch-free. */
static inline uint8_t xtime(uint8_t x)
{
	return (uint8_t)((x << 1) ^ (0x1b & -(x >> 7)));
}

void aes128_set_key(struct aes128_key *k, const uint8_t key[AES128_KEY_SIZE])
{
	uint8_t *rk = k->rk;
	uint8_t rcon = 0x01;
	unsigned int i;

	for (i = 0; i < AES128_KEY_SIZE; i++)
		rk[i] = key[i];

	for (i = AES128_KEY_SIZE; i < sizeof(k->rk); i += 4) {
		uint8_t t0 = rk[i - 4], t1 = rk[i - 3];
		uint8_t t2 = rk[i - 2], t3 = rk[i - 1];

		if (i % AES128_KEY_SIZE == 0) {
			/* RotWord, SubWord, Rcon */
			uint8_t r = t0;

			t0 = sbox[t1] ^ rcon;
			t1 = sbox[t2];
			t2 = sbox[t3];
			t3 = sbox[r];
			rcon = xtime(rcon);
		}
		rk[i + 0] = rk[i - 16] ^ t0;
		rk[i + 1] = rk[i - 15] ^ t1;
		rk[i + 2] = rk[i - 14] ^ t2;
		rk[i + 3] = rk[i - 13] ^ t3;
	}
}

void aes128_wipe_key(struct aes128_key *k)
{
	secure_wipe(k, sizeof(*k));
}

void aes128_encrypt_block(const struct aes128_key *k,
			  const uint8_t in[AES_BLOCK_SIZE],
			  uint8_t out[AES_BLOCK_SIZE])
{
	const uint8_t *rk = k->rk;
	uint8_t s[AES_BLOCK_SIZE], t[AES_BLOCK_SIZE];
	unsigned int round, r, c;

	for (c = 0; c < AES_BLOCK_SIZE; c++)
		s[c] = in[c] ^ rk[c];

	for (round = 1; round <= AES128_ROUNDS; round++) {
		rk += AES_BLOCK_SIZE;
		/* SubBytes and ShiftRows: row r rotates left by r columns. */
		for (c = 0; c < 4; c++)
			for (r = 0; r < 4; r++)
				t[r + 4 * c] = sbox[s[r + 4 * ((c + r) & 3)]];

		if (round == AES128_ROUNDS) {
			for (c = 0; c < AES_BLOCK_SIZE; c++)
				s[c] = t[c] ^ rk[c];
			break;
		}

		/* MixColumns, then AddRoundKey. */
		for (c = 0; c < 16; c += 4) {
			uint8_t a0 = t[c], a1 = t[c + 1];
			uint8_t a2 = t[c + 2], a3 = t[c + 3];
			uint8_t all = a0 ^ a1 ^ a2 ^ a3;

			s[c + 0] = a0 ^ all ^ xtime(a0 ^ a1) ^ rk[c + 0];
			s[c + 1] = a1 ^ all ^ xtime(a1 ^ a2) ^ rk[c + 1];
			s[c + 2] = a2 ^ all ^ xtime(a2 ^ a3) ^ rk[c + 2];
			s[c + 3] = a3 ^ all ^ xtime(a3 ^ a0) ^ rk[c + 3];
		}
	}

	for (c = 0; c < AES_BLOCK_SIZE; c++)
		out[c] = s[c];
	secure_wipe(s, sizeof(s));
	secure_wipe(t, sizeof(t));
}

/* ctr += v, ctr a 128-bit big-endian integer, modulo 2^128. */
static void ctr_add(uint8_t ctr[AES_BLOCK_SIZE], uint64_t v)
{
	unsigned int carry = 0;
	int i;

	for (i = AES_BLOCK_SIZE - 1; i >= 0 && (v || carry); i--) {
		unsigned int sum = ctr[i] + (unsigned int)(v & 0xff) + carry;

		ctr[i] = (uint8_t)sum;
		carry = sum >> 8;
		v >>= 8;
	}
}

/*
 * Whole-block CTR: out block j = in block j ^ AES(ctr + j) for j < n, ctr
 * left at ctr + n. In place allowed.
 */
typedef void ctr_blocks_fn(const struct aes128_key *k,
			   uint8_t ctr[AES_BLOCK_SIZE], const uint8_t *in,
			   uint8_t *out, size_t n);

static void ctr_blocks_generic(const struct aes128_key *k,
			       uint8_t ctr[AES_BLOCK_SIZE], const uint8_t *in,
			       uint8_t *out, size_t n)
{
	uint8_t ks[AES_BLOCK_SIZE];
	unsigned int i;

	for (; n; n--) {
		aes128_encrypt_block(k, ctr, ks);
		for (i = 0; i < AES_BLOCK_SIZE; i++)
			out[i] = in[i] ^ ks[i];
		in += AES_BLOCK_SIZE;
		out += AES_BLOCK_SIZE;
		ctr_add(ctr, 1);
	}
	secure_wipe(ks, sizeof(ks));
}

/*
 * aes128_ctr_xcrypt() on a whole-block function given at most max blocks
 * per call: a partial first block (offset not on a block boundary), the
 * whole blocks, a partial last block.
 */
static void ctr_xcrypt(ctr_blocks_fn *blocks, size_t max,
		       const struct aes128_key *k,
		       const uint8_t iv[AES_BLOCK_SIZE], uint64_t offset,
		       const uint8_t *in, uint8_t *out, size_t len)
{
	uint8_t ctr[AES_BLOCK_SIZE], ks[AES_BLOCK_SIZE];
	unsigned int skip = (unsigned int)(offset % AES_BLOCK_SIZE);
	unsigned int i;

	if (!len)
		return;

	for (i = 0; i < AES_BLOCK_SIZE; i++)
		ctr[i] = iv[i];
	ctr_add(ctr, offset / AES_BLOCK_SIZE);

	if (skip) {
		size_t n = AES_BLOCK_SIZE - skip;

		if (n > len)
			n = len;
		for (i = 0; i < AES_BLOCK_SIZE; i++)
			ks[i] = 0;
		blocks(k, ctr, ks, ks, 1);
		for (i = 0; i < n; i++)
			out[i] = in[i] ^ ks[skip + i];
		in += n;
		out += n;
		len -= n;
	}
	while (len >= AES_BLOCK_SIZE) {
		size_t m = len / AES_BLOCK_SIZE;

		if (m > max)
			m = max;
		blocks(k, ctr, in, out, m);
		in += m * AES_BLOCK_SIZE;
		out += m * AES_BLOCK_SIZE;
		len -= m * AES_BLOCK_SIZE;
	}
	if (len) {
		for (i = 0; i < AES_BLOCK_SIZE; i++)
			ks[i] = 0;
		blocks(k, ctr, ks, ks, 1);
		for (i = 0; i < len; i++)
			out[i] = in[i] ^ ks[i];
	}
	secure_wipe(ks, sizeof(ks));
}

void aes128_ctr_xcrypt_generic(const struct aes128_key *k,
			       const uint8_t iv[AES_BLOCK_SIZE],
			       uint64_t offset, const uint8_t *in,
			       uint8_t *out, size_t len)
{
	ctr_xcrypt(ctr_blocks_generic, SIZE_MAX, k, iv, offset, in, out, len);
}

#ifdef CRYPTO_CE
static void ctr_blocks_ce(const struct aes128_key *k,
			  uint8_t ctr[AES_BLOCK_SIZE], const uint8_t *in,
			  uint8_t *out, size_t n)
{
	aes128_ce_ctr_blocks(k->rk, ctr, in, out, n);
}
#endif

void aes128_ctr_xcrypt(const struct aes128_key *k,
		       const uint8_t iv[AES_BLOCK_SIZE], uint64_t offset,
		       const uint8_t *in, uint8_t *out, size_t len)
{
#ifdef CRYPTO_CE
	/* aes_ce.S at most 4 KiB per call: interrupts masked that long */
	if (crypto_ce_paths() & CRYPTO_CE_AES) {
		ctr_xcrypt(ctr_blocks_ce, CRYPTO_CE_MAX_BYTES / AES_BLOCK_SIZE,
			   k, iv, offset, in, out, len);
		return;
	}
#endif
	aes128_ctr_xcrypt_generic(k, iv, offset, in, out, len);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * SHA-256 (FIPS 180-4 sections 5.1.1, 5.3.3, 6.2). The compression function
 * keeps a rolling 16-word message schedule; input words are assembled from
 * bytes, so input buffers need no alignment. In a CRYPTO_CE build whole
 * blocks go to the Cryptographic Extension routine (sha256_ce.S) when
 * crypto_ce_paths() says so; this C is the reference it is tested against.
 */
#include "sha256.h"
#include "crypto_ce.h"
#include "secure_wipe.h"

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5,
	0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t ror32(uint32_t x, unsigned int n)
{
	return (x >> n) | (x << (32 - n));
}

static inline uint32_t load_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static inline void store_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void sha256_block(uint32_t h[8], const uint8_t *p)
{
	uint32_t w[16];
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
	uint32_t e = h[4], f = h[5], g = h[6], hh = h[7];
	unsigned int t;

	for (t = 0; t < 64; t++) {
		uint32_t wt, t1, t2;

		if (t < 16) {
			wt = load_be32(p + 4 * t);
		} else {
			uint32_t w15 = w[(t - 15) & 15], w2 = w[(t - 2) & 15];
			uint32_t s0 = ror32(w15, 7) ^ ror32(w15, 18) ^ (w15 >> 3);
			uint32_t s1 = ror32(w2, 17) ^ ror32(w2, 19) ^ (w2 >> 10);

			wt = s1 + w[(t - 7) & 15] + s0 + w[t & 15];
		}
		w[t & 15] = wt;

		t1 = hh + (ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25)) +
		     ((e & f) ^ (~e & g)) + K[t] + wt;
		t2 = (ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22)) +
		     ((a & b) ^ (a & c) ^ (b & c));
		hh = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
	h[5] += f;
	h[6] += g;
	h[7] += hh;
	secure_wipe(w, sizeof(w));
}

void sha256_blocks_generic(uint32_t h[8], const uint8_t *p, size_t n)
{
	for (; n; n--, p += SHA256_BLOCK_SIZE)
		sha256_block(h, p);
}

static void sha256_blocks(uint32_t h[8], const uint8_t *p, size_t n)
{
#ifdef CRYPTO_CE
	const size_t max = CRYPTO_CE_MAX_BYTES / SHA256_BLOCK_SIZE;

	if (n && (crypto_ce_paths() & CRYPTO_CE_SHA256)) {
		while (n) {
			size_t m = n < max ? n : max;

			sha256_ce_blocks(h, p, m);
			p += m * SHA256_BLOCK_SIZE;
			n -= m;
		}
		return;
	}
#endif
	sha256_blocks_generic(h, p, n);
}

void sha256_init(struct sha256_ctx *c)
{
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	unsigned int i;

	for (i = 0; i < 8; i++)
		c->h[i] = iv[i];
	c->bytes = 0;
	c->buf_len = 0;
}

void sha256_update(struct sha256_ctx *c, const void *data, size_t len)
{
	const uint8_t *p = data;

	c->bytes += len;
	if (c->buf_len) {
		while (len && c->buf_len < SHA256_BLOCK_SIZE) {
			c->buf[c->buf_len++] = *p++;
			len--;
		}
		if (c->buf_len < SHA256_BLOCK_SIZE)
			return;
		sha256_blocks(c->h, c->buf, 1);
		c->buf_len = 0;
	}
	sha256_blocks(c->h, p, len / SHA256_BLOCK_SIZE);
	p += len - len % SHA256_BLOCK_SIZE;
	len %= SHA256_BLOCK_SIZE;
	while (len--)
		c->buf[c->buf_len++] = *p++;
}

void sha256_final(struct sha256_ctx *c, uint8_t digest[SHA256_DIGEST_SIZE])
{
	uint64_t bits = c->bytes * 8;
	unsigned int i;

	/* Padding: 0x80, zeros to 56 mod 64, then the bit length, big endian. */
	c->buf[c->buf_len++] = 0x80;
	if (c->buf_len > SHA256_BLOCK_SIZE - 8) {
		while (c->buf_len < SHA256_BLOCK_SIZE)
			c->buf[c->buf_len++] = 0;
		sha256_blocks(c->h, c->buf, 1);
		c->buf_len = 0;
	}
	while (c->buf_len < SHA256_BLOCK_SIZE - 8)
		c->buf[c->buf_len++] = 0;
	for (i = 0; i < 8; i++)
		c->buf[SHA256_BLOCK_SIZE - 1 - i] = (uint8_t)(bits >> (8 * i));
	sha256_blocks(c->h, c->buf, 1);

	for (i = 0; i < 8; i++)
		store_be32(digest + 4 * i, c->h[i]);
	secure_wipe(c, sizeof(*c));
}

void sha256(const void *data, size_t len, uint8_t digest[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, data, len);
	sha256_final(&c, digest);
}

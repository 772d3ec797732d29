/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SHA-256 (FIPS 180-4), streaming and one-shot.
 *
 * Pure C with byte accesses to caller buffers (any alignment, any memory
 * type), no FP/SIMD, under 400 bytes of stack; on a CPU with the Armv8
 * Cryptographic Extension whole blocks go through sha256_ce.S instead
 * (crypto_ce.h: 4 KiB per call, interrupts masked, V registers saved and
 * restored, 512 bytes of stack). Also built for the host tests
 * (tests/host-crypto).
 *
 *	struct sha256_ctx c;
 *
 *	sha256_init(&c);
 *	sha256_update(&c, part1, len1);	  any number of times, any lengths
 *	sha256_final(&c, digest);	  then c is wiped; init again to reuse
 *
 * A context is not shared between CPUs without a lock. Messages are limited
 * to 2^64 - 1 bits (2 EiB), far above anything the firmware sees.
 */
#ifndef FW_CRYPTO_SHA256_H
#define FW_CRYPTO_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE	32
#define SHA256_BLOCK_SIZE	64

struct sha256_ctx {
	uint32_t h[8];			/* chaining value */
	uint64_t bytes;			/* message bytes so far */
	uint8_t buf[SHA256_BLOCK_SIZE];	/* partial block */
	unsigned int buf_len;		/* bytes in buf, < 64 */
};

void sha256_init(struct sha256_ctx *c);
void sha256_update(struct sha256_ctx *c, const void *data, size_t len);
/* Write the digest and wipe the context. */
void sha256_final(struct sha256_ctx *c, uint8_t digest[SHA256_DIGEST_SIZE]);
/* One-shot: digest of data[0..len). */
void sha256(const void *data, size_t len, uint8_t digest[SHA256_DIGEST_SIZE]);

/*
 * The portable C compression of n 64-byte blocks into h: the reference the
 * Cryptographic Extension path (crypto_ce.h) is tested against. The calls
 * above choose the CE path on their own when the CPU has it.
 */
void sha256_blocks_generic(uint32_t h[8], const uint8_t *p, size_t n);

#endif /* FW_CRYPTO_SHA256_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AES-128 (FIPS-197) block encryption and AES-128-CTR (NIST SP 800-38A).
 *
 * Pure C with byte accesses only: no alignment requirement on any buffer,
 * no FP/SIMD, no allocation, under 256 bytes of stack. On a CPU with the
 * Armv8 Cryptographic Extension, aes128_ctr_xcrypt() runs on AESE/AESMC
 * instead (aes_ce.S, crypto_ce.h: 4 KiB per call, interrupts masked, V
 * registers saved and restored, 256 bytes of stack; the blocks are
 * encrypted without the S-box table, which aes128_set_key() still uses).
 * Also built for the host tests (tests/host-crypto).
 *
 * Side channels: the S-box is a 256-byte table indexed by secret data, so
 * this is not constant-time on a machine with data caches in the path. At
 * EL3 the S-box (.rodata.sbox) sits in a page the MMU maps non-cacheable
 * (firmware.ld, plat/qemu_virt/mmap.c), which removes the cache-timing
 * channel there; the GF(2^8) doubling is branch-free. Do not reuse this
 * code where the table is cached and the attacker shares the caches.
 *
 * Usage: aes128_set_key() once, then any number of aes128_encrypt_block()
 * or aes128_ctr_xcrypt() calls (the key schedule is only read, so several
 * CPUs may use one key at once), then aes128_wipe_key().
 */
#ifndef FW_CRYPTO_AES_H
#define FW_CRYPTO_AES_H

#include <stddef.h>
#include <stdint.h>

#define AES_BLOCK_SIZE		16
#define AES128_KEY_SIZE		16
#define AES128_ROUNDS		10

/* The expanded key: 11 round keys of 16 bytes. Holds key material. */
struct aes128_key {
	uint8_t rk[(AES128_ROUNDS + 1) * AES_BLOCK_SIZE];
};

/* Expand a 16-byte key (FIPS-197 section 5.2). */
void aes128_set_key(struct aes128_key *k, const uint8_t key[AES128_KEY_SIZE]);

/* Zero the expanded key (secure_wipe: not elided by the compiler). */
void aes128_wipe_key(struct aes128_key *k);

/* Encrypt one block (FIPS-197 section 5.1); in == out is allowed. */
void aes128_encrypt_block(const struct aes128_key *k,
			  const uint8_t in[AES_BLOCK_SIZE],
			  uint8_t out[AES_BLOCK_SIZE]);

/*
 * AES-128-CTR encryption or decryption (the same operation) of len bytes
 * that sit at byte offset @offset of a message whose initial counter block
 * is @iv: keystream block j is AES(iv + j), the 16-byte counter block taken
 * as one 128-bit big-endian integer that wraps modulo 2^128 (as OpenSSL's
 * aes-128-ctr does), and byte i of the message is XORed with byte i % 16 of
 * block i / 16. So a message can be processed in chunks of any sizes, in
 * any order, each call given its chunk's offset, with the same result as
 * one call over the whole message.
 *
 * in == out (in place) is allowed; other overlaps are not. Any alignment.
 * The caller must never reuse an (key, counter) pair for different data.
 */
void aes128_ctr_xcrypt(const struct aes128_key *k,
		       const uint8_t iv[AES_BLOCK_SIZE], uint64_t offset,
		       const uint8_t *in, uint8_t *out, size_t len);

/*
 * aes128_ctr_xcrypt() in portable C only: the reference that the
 * Cryptographic Extension path (crypto_ce.h) is tested against.
 * aes128_ctr_xcrypt() chooses the CE path on its own when the CPU has it.
 */
void aes128_ctr_xcrypt_generic(const struct aes128_key *k,
			       const uint8_t iv[AES_BLOCK_SIZE],
			       uint64_t offset, const uint8_t *in,
			       uint8_t *out, size_t len);

#endif /* FW_CRYPTO_AES_H */

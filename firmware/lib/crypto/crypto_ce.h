/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Armv8 Cryptographic Extension paths of AES-128-CTR and SHA-256
 * (aes_ce.S, sha256_ce.S), and which of them this CPU may use.
 *
 * aes.c and sha256.c choose per call: the CE routine when crypto_ce_paths()
 * has the bit, their portable C otherwise. The C stays the reference; tests/host-crypto checks the two
 * bit-exact against each other under qemu-aarch64.
 *
 * Each CE call masks IRQ/FIQ and saves the V registers it touches (EL3 does
 * not save the normal world's FP/SIMD state), so the callers feed it at
 * most CRYPTO_CE_MAX_BYTES at a time: interrupts stay masked for one 4 KiB
 * chunk, not for a whole frame.
 *
 * The CE path is compiled into aes.c and sha256.c only when the build
 * defines CRYPTO_CE (firmware/Makefile; the AArch64 host tests) and links
 * crypto_ce.c and the .S files. Every other build of those two files (the
 * guest's vdec_test at EL0, where DAIF is not accessible; host tools and
 * tests) is the portable C alone.
 */
#ifndef FW_CRYPTO_CE_H
#define FW_CRYPTO_CE_H

#include <stddef.h>
#include <stdint.h>

#define CRYPTO_CE_AES		(1u << 0)	/* AESE/AESMC */
#define CRYPTO_CE_SHA256	(1u << 1)	/* SHA256H/H2/SU0/SU1 */

#define CRYPTO_CE_MAX_BYTES	4096

/*
 * The CE paths in use: those ID_AA64ISAR0_EL1 reports (AES field [7:4] >= 1,
 * SHA2 field [15:12] >= 1; read on the first call) and crypto_ce_allow()
 * permits. 0 unless the build is AArch64 and defines CRYPTO_CE.
 */
unsigned int crypto_ce_paths(void);

/*
 * Permit only the paths in @mask (all by default): tests compare the CE
 * and C paths through the public API; also a switch to rule CE out.
 */
void crypto_ce_allow(unsigned int mask);

/* "AES CE, SHA-256 CE", "AES C, SHA-256 C" or a mix: for a log line. */
const char *crypto_ce_describe(void);

/* The assembly routines (see their files); n >= 1 blocks. */
void sha256_ce_blocks(uint32_t h[8], const uint8_t *p, size_t n);
void aes128_ce_ctr_blocks(const uint8_t rk[176], uint8_t ctr[16],
			  const uint8_t *in, uint8_t *out, size_t n);

#endif /* FW_CRYPTO_CE_H */

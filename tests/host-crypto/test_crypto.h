/* SPDX-License-Identifier: GPL-2.0 */
/* TAP and random-input helpers shared by test_crypto.c and test_crypto_ce.c. */
#ifndef TEST_CRYPTO_H
#define TEST_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

void report(int ok, const char *name);
void skip(const char *name, const char *why);
void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void hex2bin(const char *hex, uint8_t *out, size_t n);
/* Compare and, on mismatch, say where. */
int same(const char *what, const uint8_t *got, const uint8_t *want, size_t n);

/* xorshift64*: reproducible random inputs; SEED= sets rng_state. */
extern uint64_t rng_state;
uint64_t rnd(void);
void rnd_fill(uint8_t *p, size_t n);

/* test_crypto_ce.c, AArch64 builds only: setup before any crypto call. */
void test_ce_setup(void);
void test_ce(void);

#endif /* TEST_CRYPTO_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * Runtime selection of the Cryptographic Extension paths (crypto_ce.h).
 */
#include "crypto_ce.h"

#define ISAR0_AES_SHIFT		4
#define ISAR0_SHA2_SHIFT	12
#define ISAR0_FIELD_MASK	0xfu

/* ~0u until the ID register has been read; the same value on every CPU. */
static unsigned int hw_paths = ~0u;
static unsigned int allowed = CRYPTO_CE_AES | CRYPTO_CE_SHA256;

#if defined(CRYPTO_CE) && defined(__aarch64__)
static unsigned int read_hw_paths(void)
{
	uint64_t isar0;
	unsigned int paths = 0;

	__asm__ volatile("mrs %0, id_aa64isar0_el1" : "=r"(isar0));
	if ((isar0 >> ISAR0_AES_SHIFT & ISAR0_FIELD_MASK) >= 1)
		paths |= CRYPTO_CE_AES;
	if ((isar0 >> ISAR0_SHA2_SHIFT & ISAR0_FIELD_MASK) >= 1)
		paths |= CRYPTO_CE_SHA256;
	return paths;
}
#else
static unsigned int read_hw_paths(void)
{
	return 0;
}
#endif

unsigned int crypto_ce_paths(void)
{
	unsigned int hw = hw_paths;

	if (hw == ~0u) {
		/* A race between CPUs writes the same value twice. */
		hw = read_hw_paths();
		hw_paths = hw;
	}
	return hw & allowed;
}

void crypto_ce_allow(unsigned int mask)
{
	allowed = mask;
}

const char *crypto_ce_describe(void)
{
	static const char *const names[4] = {
		"AES C, SHA-256 C",
		"AES CE, SHA-256 C",
		"AES C, SHA-256 CE",
		"AES CE, SHA-256 CE",
	};

	return names[crypto_ce_paths() & 3];
}

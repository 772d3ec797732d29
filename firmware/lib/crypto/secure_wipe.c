// SPDX-License-Identifier: GPL-2.0
/*
 * secure_wipe(): volatile byte stores, then a compiler barrier that claims
 * to read the buffer, so neither the stores nor their order against later
 * code can be optimised away, even under LTO.
 */
#include "secure_wipe.h"

void secure_wipe(void *p, size_t n)
{
	volatile unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = 0;
	__asm__ __volatile__("" : : "r"(p) : "memory");
}

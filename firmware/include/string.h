/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The firmware's C library string functions (lib/string.c), standard
 * prototypes. At EL3 the MMU is off, so every data access is Device memory
 * and must be naturally aligned: these functions only ever make aligned
 * accesses. memcpy, memmove and memset move 8-byte words when the pointers
 * allow it (memcpy also when source and destination are misaligned
 * relative to each other: aligned loads, shifted); memcpy and memset of
 * large 8-aligned buffers run at word speed.
 *
 * Note: memcpy/memmove may read the whole aligned 8-byte word holding the
 * first or last source byte (never another word), so do not point them at
 * device registers.
 */
#ifndef FW_STRING_H
#define FW_STRING_H

#include <stddef.h>

void *memcpy(void *dest, const void *src, size_t n);
void *memmove(void *dest, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *s1, const void *s2, size_t n);
size_t strlen(const char *s);

#endif /* FW_STRING_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The firmware's C library string functions (lib/string.c), standard
 * prototypes. At EL3 the MMU maps RAM as Normal memory (mmu.h), where any
 * alignment is legal: memcpy, memmove, memset and memcmp work in 8-byte
 * words whatever the alignment of their arguments (aligned stores,
 * loads wherever the source falls).
 *
 * Note: they make word-sized and unaligned accesses, so never point them
 * at device registers (Device memory faults on unaligned accesses).
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

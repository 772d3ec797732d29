// SPDX-License-Identifier: GPL-2.0
/*
 * memcpy, memmove, memset, memcmp, strlen for EL3 with the MMU off: every
 * access is naturally aligned (Device memory faults on unaligned accesses),
 * bulk work is done in 8-byte words. Also built for the host tests.
 */
#include <stdint.h>
#include <string.h>

typedef uint64_t __attribute__((may_alias)) word_t;

#define WSIZE	sizeof(word_t)
#define WMASK	(WSIZE - 1)

/* Forward copy; also correct for overlapping buffers with dest < src. */
static void copy_forward(unsigned char *d, const unsigned char *s, size_t n)
{
	if (n >= 2 * WSIZE) {
		word_t *dw;
		unsigned int off;

		while ((uintptr_t)d & WMASK) {
			*d++ = *s++;
			n--;
		}
		dw = (word_t *)d;
		off = (uintptr_t)s & WMASK;
		if (!off) {
			const word_t *sw = (const word_t *)s;

			for (; n >= 4 * WSIZE; n -= 4 * WSIZE) {
				word_t a = sw[0], b = sw[1], c = sw[2], e = sw[3];

				dw[0] = a;
				dw[1] = b;
				dw[2] = c;
				dw[3] = e;
				sw += 4;
				dw += 4;
			}
			for (; n >= WSIZE; n -= WSIZE)
				*dw++ = *sw++;
			s = (const unsigned char *)sw;
		} else {
			/*
			 * Source misaligned relative to dest: aligned loads of
			 * the words holding the source bytes, merged with
			 * shifts (little endian). The last load may reach up to
			 * 7 bytes past the source, inside the aligned word that
			 * holds its last byte.
			 */
			const word_t *sw = (const word_t *)(s - off);
			unsigned int rs = off * 8, ls = 64 - rs;
			word_t cur = *sw++;

			for (; n >= WSIZE; n -= WSIZE) {
				word_t next = *sw++;

				*dw++ = (cur >> rs) | (next << ls);
				cur = next;
			}
			s = (const unsigned char *)sw - WSIZE + off;
		}
		d = (unsigned char *)dw;
	}
	while (n--)
		*d++ = *s++;
}

static void copy_backward(unsigned char *d, const unsigned char *s, size_t n)
{
	d += n;
	s += n;
	if (n >= 2 * WSIZE && !(((uintptr_t)d ^ (uintptr_t)s) & WMASK)) {
		word_t *dw;
		const word_t *sw;

		while ((uintptr_t)d & WMASK) {
			*--d = *--s;
			n--;
		}
		dw = (word_t *)d;
		sw = (const word_t *)s;
		for (; n >= WSIZE; n -= WSIZE)
			*--dw = *--sw;
		d = (unsigned char *)dw;
		s = (const unsigned char *)sw;
	}
	while (n--)
		*--d = *--s;
}

void *memcpy(void *dest, const void *src, size_t n)
{
	copy_forward(dest, src, n);
	return dest;
}

void *memmove(void *dest, const void *src, size_t n)
{
	unsigned char *d = dest;
	const unsigned char *s = src;

	if (d == s || !n)
		return dest;
	if (d < s || d >= s + n)
		copy_forward(d, s, n);
	else
		copy_backward(d, s, n);
	return dest;
}

void *memset(void *dest, int c, size_t n)
{
	unsigned char *p = dest;
	unsigned char b = (unsigned char)c;

	if (n >= 2 * WSIZE) {
		word_t w = b * 0x0101010101010101ULL;
		word_t *pw;

		while ((uintptr_t)p & WMASK) {
			*p++ = b;
			n--;
		}
		pw = (word_t *)p;
		for (; n >= 4 * WSIZE; n -= 4 * WSIZE) {
			pw[0] = w;
			pw[1] = w;
			pw[2] = w;
			pw[3] = w;
			pw += 4;
		}
		for (; n >= WSIZE; n -= WSIZE)
			*pw++ = w;
		p = (unsigned char *)pw;
	}
	while (n--)
		*p++ = b;
	return dest;
}

int memcmp(const void *s1, const void *s2, size_t n)
{
	const unsigned char *p = s1, *q = s2;

	if (!(((uintptr_t)p | (uintptr_t)q) & WMASK)) {
		while (n >= WSIZE && *(const word_t *)p == *(const word_t *)q) {
			p += WSIZE;
			q += WSIZE;
			n -= WSIZE;
		}
	}
	for (; n; n--, p++, q++) {
		if (*p != *q)
			return *p - *q;
	}
	return 0;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

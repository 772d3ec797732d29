// SPDX-License-Identifier: GPL-2.0
/*
 * memcpy, memmove, memset, memcmp, strlen for EL3 with the MMU on: RAM is
 * Normal memory (mmu.h), where unaligned accesses are legal, so bulk work
 * is done in 8-byte words whatever the alignment: stores aligned (the
 * destination is aligned first), loads wherever the source falls. Also
 * built for the host tests.
 */
#include <stdint.h>
#include <string.h>

/* An 8-byte word at any address, aliasing anything. */
typedef uint64_t __attribute__((may_alias, aligned(1))) uword_t;
typedef uint64_t __attribute__((may_alias)) word_t;

#define WSIZE	sizeof(word_t)
#define WMASK	(WSIZE - 1)

/* Eight words, all loaded before any is stored (see copy_forward()). */
static inline __attribute__((always_inline)) void copy_8w(word_t *dw,
							 const uword_t *sw)
{
	word_t a = sw[0], b = sw[1], c = sw[2], e = sw[3];
	word_t f = sw[4], g = sw[5], h = sw[6], i = sw[7];

	dw[0] = a;
	dw[1] = b;
	dw[2] = c;
	dw[3] = e;
	dw[4] = f;
	dw[5] = g;
	dw[6] = h;
	dw[7] = i;
}

/*
 * Forward copy; also correct for overlapping buffers with dest < src (no
 * store reaches a source byte that is still to be loaded).
 *
 * The bulk moves 128 bytes per iteration: under QEMU's TCG every taken
 * branch ends a translation block, and with 32 bytes per iteration the
 * loop itself cost about a tenth of the SDP TA's INJECT and DUMP of 3 MiB
 * (ta/memref.c copies page by page with memmove). A q-register (FP/SIMD)
 * loop, with the IRQ/FIQ masking and register saving EL3 needs around it,
 * measured no faster there under QEMU 7.2.
 */
static void copy_forward(unsigned char *d, const unsigned char *s, size_t n)
{
	if (n >= 2 * WSIZE) {
		const uword_t *sw;
		word_t *dw;

		while ((uintptr_t)d & WMASK) {
			*d++ = *s++;
			n--;
		}
		dw = (word_t *)d;
		sw = (const uword_t *)s;
		for (; n >= 16 * WSIZE; n -= 16 * WSIZE) {
			copy_8w(dw, sw);
			copy_8w(dw + 8, sw + 8);
			sw += 16;
			dw += 16;
		}
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
		d = (unsigned char *)dw;
		s = (const unsigned char *)sw;
	}
	while (n--)
		*d++ = *s++;
}

/* Backward copy, for overlapping buffers with dest > src. */
static void copy_backward(unsigned char *d, const unsigned char *s, size_t n)
{
	d += n;
	s += n;
	if (n >= 2 * WSIZE) {
		const uword_t *sw;
		word_t *dw;

		while ((uintptr_t)d & WMASK) {
			*--d = *--s;
			n--;
		}
		dw = (word_t *)d;
		sw = (const uword_t *)s;
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

	while (n >= WSIZE && *(const uword_t *)p == *(const uword_t *)q) {
		p += WSIZE;
		q += WSIZE;
		n -= WSIZE;
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

// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of lib/string.c and lib/printf.c: every alignment and
 * overlap of the word-wise copy paths against a byte-by-byte reference, and
 * the formatter against the host's snprintf. The firmware functions are
 * built renamed (fw_memcpy, ...), see the Makefile.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *fw_memcpy(void *dest, const void *src, size_t n);
void *fw_memmove(void *dest, const void *src, size_t n);
void *fw_memset(void *s, int c, size_t n);
int fw_memcmp(const void *s1, const void *s2, size_t n);
size_t fw_strlen(const char *s);
int fw_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int failures, checks;

#define CHECK(cond, ...) do {						\
	checks++;							\
	if (!(cond)) {							\
		failures++;						\
		if (failures < 20) {					\
			printf("FAIL %s:%d: ", __FILE__, __LINE__);	\
			printf(__VA_ARGS__);				\
			printf("\n");					\
		}							\
	}								\
} while (0)

#define BUF 512

static unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 131 + 7);
}

static void fill(unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b[i] = pattern(i);
}

/* Up to BUF - 16 (test_memcmp's offsets); past 128: copy_forward's bulk loop. */
static size_t sizes[] = { 0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 23, 31, 32, 33,
			  40, 63, 64, 65, 100, 127, 128, 129, 200, 255, 256,
			  257, 300, 383, 384, 385, 447, 448, 496 };
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))

static void test_memcpy(void)
{
	static unsigned char src[BUF + 64], dst[BUF + 64], ref[BUF + 64];

	for (size_t so = 0; so < 16; so++)
		for (size_t d_o = 0; d_o < 16; d_o++)
			for (size_t k = 0; k < NSIZES; k++) {
				size_t n = sizes[k];

				fill(src, sizeof(src));
				memset(dst, 0xee, sizeof(dst));
				memset(ref, 0xee, sizeof(ref));
				memcpy(ref + d_o, src + so, n);
				CHECK(fw_memcpy(dst + d_o, src + so, n) ==
				      dst + d_o, "memcpy return");
				CHECK(!memcmp(dst, ref, sizeof(dst)),
				      "memcpy so=%zu do=%zu n=%zu", so, d_o, n);
			}
}

static void test_memmove(void)
{
	static unsigned char buf[BUF + 64], ref[BUF + 64];

	for (size_t a = 0; a < 24; a++)
		for (size_t b = 0; b < 24; b++)
			for (size_t k = 0; k < NSIZES; k++) {
				size_t n = sizes[k];

				fill(buf, sizeof(buf));
				fill(ref, sizeof(ref));
				memmove(ref + a, ref + b, n);
				CHECK(fw_memmove(buf + a, buf + b, n) == buf + a,
				      "memmove return");
				CHECK(!memcmp(buf, ref, sizeof(buf)),
				      "memmove dst=+%zu src=+%zu n=%zu", a, b, n);
			}
}

static void test_memset(void)
{
	static unsigned char buf[BUF + 64], ref[BUF + 64];

	for (size_t o = 0; o < 16; o++)
		for (size_t k = 0; k < NSIZES; k++) {
			size_t n = sizes[k];
			int c = (int)(o * 37 + k) | 0x100; /* only the low byte counts */

			fill(buf, sizeof(buf));
			fill(ref, sizeof(ref));
			memset(ref + o, c, n);
			CHECK(fw_memset(buf + o, c, n) == buf + o, "memset return");
			CHECK(!memcmp(buf, ref, sizeof(buf)), "memset o=%zu n=%zu",
			      o, n);
		}
}

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static void test_memcmp(void)
{
	static unsigned char a[BUF], b[BUF];

	for (size_t o = 0; o < 16; o++)
		for (size_t k = 0; k < NSIZES; k++) {
			size_t n = sizes[k];

			fill(a, sizeof(a));
			fill(b, sizeof(b));
			CHECK(fw_memcmp(a + o, b + o, n) == 0, "memcmp equal");
			for (size_t at = 0; at < n; at += 1 + n / 7) {
				b[o + at] ^= 0x80;
				CHECK(sign(fw_memcmp(a + o, b + o, n)) ==
				      sign(memcmp(a + o, b + o, n)),
				      "memcmp o=%zu n=%zu at=%zu", o, n, at);
				b[o + at] ^= 0x80;
			}
			if (n > 1)
				CHECK(fw_memcmp(a + o, a + o + 1, n - 1) != 0 ||
				      memcmp(a + o, a + o + 1, n - 1) == 0,
				      "memcmp misaligned");
		}
	CHECK(fw_strlen("") == 0 && fw_strlen("abc") == 3, "strlen");
}

/* The formatter must agree with the host's printf on these. */
#define FMT(...) do {							\
	char want[256], got[256];					\
	int wn = snprintf(want, sizeof(want), __VA_ARGS__);		\
	int gn = fw_snprintf(got, sizeof(got), __VA_ARGS__);		\
	CHECK(wn == gn && !strcmp(want, got),				\
	      "format %s: want \"%s\" (%d), got \"%s\" (%d)",		\
	      #__VA_ARGS__, want, wn, got, gn);				\
} while (0)

static void test_format(void)
{
	char small[8];
	int n;

	FMT("plain");
	FMT("%d %i %u", 0, -1, 4000000000u);
	FMT("%d %d", INT32_MIN, INT32_MAX);
	FMT("%ld %lld %lu", -5L, (long long)INT64_MIN, (unsigned long)UINT64_MAX);
	FMT("%x %X %#x %#X %#x", 0xabcdu, 0xabcdu, 255u, 255u, 0u);
	FMT("%lx %llx %zx %zu", 0xfeedfacecafebeefUL, 1ULL << 63, (size_t)4096,
	    (size_t)12345);
	FMT("%hhd %hhu %hd %hu", 300, 300, 70000, 70000);
	FMT("%jd %td", (intmax_t)-7, (ptrdiff_t)-8);
	FMT("[%5d] [%-5d] [%05d] [%+d] [% d] [%+5d] [%-+5d]", 42, 42, -42, 7, 7,
	    -3, 3);
	FMT("[%.3d] [%8.3d] [%-8.3x] [%.0d]", 5, -5, 0xau, 0);
	FMT("[%#010x] [%#-10x] [%010lx]", 0x1234u, 0x1234u, 0xfUL);
	FMT("[%s] [%8s] [%-8s] [%.2s] [%*s] [%-*s] [%.*s]", "abc", "abc",
	    "abc", "abc", 6, "xy", 6, "xy", 1, "xy");
	FMT("[%c] [%3c] [%-3c] [%%]", 'a', 'b', 'c');
	FMT("[%*d] [%-*d]", -6, 1, 4, 2);
	FMT("%p %p", (void *)0x1234, (void *)0xffff000012345678UL);

	n = fw_snprintf(small, sizeof(small), "%s", "0123456789");
	CHECK(n == 10 && !strcmp(small, "0123456"), "truncation: %d \"%s\"", n,
	      small);
	n = fw_snprintf(NULL, 0, "%d", 12345);
	CHECK(n == 5, "size 0: %d", n);
	{
		char buf[32];

		const char *volatile null = NULL;

		fw_snprintf(buf, sizeof(buf), "%s|%p", null, (void *)0);
		CHECK(!strcmp(buf, "(null)|0x0"), "null: \"%s\"", buf);
		const char *volatile unknown = "a%qb%";

		fw_snprintf(buf, sizeof(buf), unknown);
		CHECK(!strcmp(buf, "a%qb%"), "unknown conversion: \"%s\"", buf);
	}
}

int main(void)
{
	test_memcpy();
	test_memmove();
	test_memset();
	test_memcmp();
	test_format();
	printf("test-lib: %d checks, %d failed\n", checks, failures);
	return failures ? 1 : 0;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The unit tests' tiny TAP harness, shared by tests.c (which runs every
 * test) and the test files it links (test_video.c, test_engine.c).
 */
#ifndef HOST_TEST_HARNESS_H
#define HOST_TEST_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Failed checks of the running test. */
extern int cur_fail;

#define CHECK(c) do {							\
	if (!(c)) {							\
		printf("#   %s:%d: CHECK(%s) failed\n", __FILE__,	\
		       __LINE__, #c);					\
		cur_fail++;						\
	}								\
} while (0)

#define CHECK_EQ(a, b) do {						\
	unsigned long long _a = (unsigned long long)(a);		\
	unsigned long long _b = (unsigned long long)(b);		\
	if (_a != _b) {							\
		printf("#   %s:%d: %s is %#llx, expected %s = %#llx\n",	\
		       __FILE__, __LINE__, #a, _a, #b, _b);		\
		cur_fail++;						\
	}								\
} while (0)

/* Every one of the @n bytes at @p is @v. */
static inline bool all_bytes(const void *p, size_t n, uint8_t v)
{
	const uint8_t *b = p;

	while (n--)
		if (*b++ != v)
			return false;
	return true;
}

struct test_case {
	const char *name;
	void (*fn)(void);
};

#define T(fn) { &#fn[5], fn }	/* name without "test_" */

/* The video decoder TA's tests (test_video.c). */
extern const struct test_case video_tests[];
extern const unsigned int video_test_count;

/* DECRYPT_SAMPLE and the JPEG engine TA's tests (test_engine.c). */
extern const struct test_case engine_tests[];
extern const unsigned int engine_test_count;

#endif /* HOST_TEST_HARNESS_H */

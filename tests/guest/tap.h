/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal TAP 13 producer for the guest tests.
 *
 * Each test program prints "ok N - name" / "not ok N - name" lines, "# ..."
 * diagnostics and a trailing "1..N" plan. The host runner counts the result
 * lines of every program, so a program must print one result per behaviour.
 */
#ifndef SDP_TAP_H
#define SDP_TAP_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_count;
static int tap_failed;

static inline void tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

/* Report one result; returns @pass so callers can chain on it. */
static inline int tap_result(int pass, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", pass ? "" : "not ", ++tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
	if (!pass)
		tap_failed++;
	return pass;
}

/*
 * A known failure that is not this project's to fix: "not ok ... # TODO
 * why", which TAP and the runner count as expected, not as a failure.
 */
static inline void tap_todo(const char *why, const char *fmt, ...)
{
	va_list ap;

	printf("not ok %d - ", ++tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" # TODO %s\n", why);
	fflush(stdout);
}

static inline void tap_skip(const char *name, const char *why)
{
	printf("ok %d - %s # SKIP %s\n", ++tap_count, name, why);
	fflush(stdout);
}

/*
 * Assert that a call failed with exactly @want_errno. @ret is the call's
 * return value (negative or -1 on failure) and @err the errno it left.
 */
static inline int tap_errno(long ret, int err, int want_errno, const char *name)
{
	if (ret >= 0) {
		tap_diag("%s: succeeded (ret %ld), expected %s", name, ret,
			 strerror(want_errno));
		return tap_result(0, "%s", name);
	}
	if (err != want_errno)
		tap_diag("%s: got errno %d (%s), expected %d (%s)", name, err,
			 strerror(err), want_errno, strerror(want_errno));
	return tap_result(err == want_errno, "%s", name);
}

/* Print the plan and return the process exit status. */
static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	fflush(stdout);
	return tap_failed ? 1 : 0;
}

#endif /* SDP_TAP_H */

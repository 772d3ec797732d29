/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One TAP result line per call, for the single-file host test programs
 * (tests/host-jpeg, tests/host-clip): "ok N - ..." / "not ok N - ...".
 * The program prints the plan ("1..n_test") and exits nonzero if n_fail.
 */
#ifndef SDP_TAP_RESULT_H
#define SDP_TAP_RESULT_H

#include <stdarg.h>
#include <stdio.h>

static int n_test, n_fail;

static void result(int ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void result(int ok, const char *fmt, ...)
{
	va_list ap;

	n_test++;
	if (!ok)
		n_fail++;
	printf("%sok %d - ", ok ? "" : "not ", n_test);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

#endif /* SDP_TAP_RESULT_H */

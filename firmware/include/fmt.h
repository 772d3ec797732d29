/* SPDX-License-Identifier: GPL-2.0 */
/*
 * printf-style formatting (lib/printf.c), no hardware dependence.
 * Conversions: %d %i %u %x %X %p %s %c %%; flags - 0 + space #; width and
 * precision (also *); sizes hh h l ll z j t. %p prints 0x and hex digits.
 */
#ifndef FW_FMT_H
#define FW_FMT_H

#include <stdarg.h>
#include <stddef.h>

typedef void (*fw_putc_fn)(void *ctx, char c);

/* Format to @put; returns the number of characters produced. */
int fw_vformat(fw_putc_fn put, void *ctx, const char *fmt, va_list ap);

/* Like snprintf: always terminates when @size > 0; returns the length the
 * full output would have had. */
int fw_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fw_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* FW_FMT_H */

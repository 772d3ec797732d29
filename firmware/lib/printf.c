// SPDX-License-Identifier: GPL-2.0
/*
 * printf-style formatting for fw_log and friends; no hardware dependence
 * (also built for the host tests). See <fmt.h> for what it supports;
 * anything else after a '%' is printed as is.
 */
#include <stdbool.h>
#include <stdint.h>
#include <fmt.h>

#define F_LEFT		0x01
#define F_ZERO		0x02
#define F_PLUS		0x04
#define F_SPACE		0x08
#define F_ALT		0x10
#define F_PTR		0x20	/* %p: 0x even for 0 */

struct out {
	fw_putc_fn put;
	void *ctx;
	int count;
};

static void emit(struct out *o, char c)
{
	o->put(o->ctx, c);
	o->count++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		emit(o, c);
}

static void emit_string(struct out *o, const char *s, int flags, int width,
			int prec)
{
	int len = 0;

	if (!s)
		s = "(null)";
	while (s[len] && (prec < 0 || len < prec))
		len++;
	if (!(flags & F_LEFT))
		pad(o, ' ', width - len);
	for (int i = 0; i < len; i++)
		emit(o, s[i]);
	if (flags & F_LEFT)
		pad(o, ' ', width - len);
}

static void emit_number(struct out *o, uint64_t v, bool neg, unsigned int base,
			bool upper, int flags, int width, int prec)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	char sign = 0;
	bool prefix = base == 16 && (flags & F_ALT) && (v || (flags & F_PTR));
	int ndig = 0, zeros = 0, plen;

	while (v) {
		buf[ndig++] = digits[v % base];
		v /= base;
	}
	if (prec < 0 && !ndig)
		buf[ndig++] = '0';	/* "%.0d" of 0 prints no digit */
	if (prec > ndig)
		zeros = prec - ndig;

	if (neg)
		sign = '-';
	else if (flags & F_PLUS)
		sign = '+';
	else if (flags & F_SPACE)
		sign = ' ';
	plen = (sign ? 1 : 0) + (prefix ? 2 : 0);

	/* '0' pads with zeros after the sign/prefix, unless a precision is set */
	if ((flags & F_ZERO) && !(flags & F_LEFT) && prec < 0 &&
	    width > plen + ndig)
		zeros = width - plen - ndig;
	if (!(flags & F_LEFT))
		pad(o, ' ', width - plen - zeros - ndig);
	if (sign)
		emit(o, sign);
	if (prefix) {
		emit(o, '0');
		emit(o, upper ? 'X' : 'x');
	}
	pad(o, '0', zeros);
	for (int i = ndig; i > 0; i--)
		emit(o, buf[i - 1]);
	if (flags & F_LEFT)
		pad(o, ' ', width - plen - zeros - ndig);
}

enum size { SZ_INT, SZ_CHAR, SZ_SHORT, SZ_LONG, SZ_LLONG, SZ_SIZE, SZ_MAX,
	    SZ_PTRDIFF };

int fw_vformat(fw_putc_fn put, void *ctx, const char *fmt, va_list ap)
{
	struct out o = { put, ctx, 0 };

	while (*fmt) {
		const char *start = fmt;
		int flags = 0, width = 0, prec = -1;
		enum size size = SZ_INT;
		uint64_t u;
		int64_t s;

		if (*fmt != '%') {
			emit(&o, *fmt++);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				flags |= F_LEFT;
			else if (*fmt == '0')
				flags |= F_ZERO;
			else if (*fmt == '+')
				flags |= F_PLUS;
			else if (*fmt == ' ')
				flags |= F_SPACE;
			else if (*fmt == '#')
				flags |= F_ALT;
			else
				break;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				flags |= F_LEFT;
				width = width == INT32_MIN ? 0 : -width;
			}
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9' && width < 10000)
				width = width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				if (prec < 0)
					prec = -1;
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9' &&
				       prec < 10000)
					prec = prec * 10 + (*fmt++ - '0');
			}
		}
		switch (*fmt) {
		case 'h':
			size = SZ_SHORT;
			if (*++fmt == 'h') {
				size = SZ_CHAR;
				fmt++;
			}
			break;
		case 'l':
			size = SZ_LONG;
			if (*++fmt == 'l') {
				size = SZ_LLONG;
				fmt++;
			}
			break;
		case 'z':
			size = SZ_SIZE;
			fmt++;
			break;
		case 'j':
			size = SZ_MAX;
			fmt++;
			break;
		case 't':
			size = SZ_PTRDIFF;
			fmt++;
			break;
		}

		switch (*fmt) {
		case 'd':
		case 'i':
			switch (size) {
			case SZ_CHAR: s = (signed char)va_arg(ap, int); break;
			case SZ_SHORT: s = (short)va_arg(ap, int); break;
			case SZ_LONG: s = va_arg(ap, long); break;
			case SZ_LLONG: s = va_arg(ap, long long); break;
			case SZ_SIZE: s = va_arg(ap, ptrdiff_t); break;
			case SZ_MAX: s = va_arg(ap, intmax_t); break;
			case SZ_PTRDIFF: s = va_arg(ap, ptrdiff_t); break;
			default: s = va_arg(ap, int); break;
			}
			u = s < 0 ? -(uint64_t)s : (uint64_t)s;
			emit_number(&o, u, s < 0, 10, false, flags, width,
				    prec);
			break;
		case 'u':
		case 'x':
		case 'X':
			switch (size) {
			case SZ_CHAR: u = (unsigned char)va_arg(ap, unsigned int); break;
			case SZ_SHORT: u = (unsigned short)va_arg(ap, unsigned int); break;
			case SZ_LONG: u = va_arg(ap, unsigned long); break;
			case SZ_LLONG: u = va_arg(ap, unsigned long long); break;
			case SZ_SIZE: u = va_arg(ap, size_t); break;
			case SZ_MAX: u = va_arg(ap, uintmax_t); break;
			case SZ_PTRDIFF: u = (uint64_t)va_arg(ap, ptrdiff_t); break;
			default: u = va_arg(ap, unsigned int); break;
			}
			emit_number(&o, u, false, *fmt == 'u' ? 10 : 16,
				    *fmt == 'X', flags & ~(F_PLUS | F_SPACE),
				    width, prec);
			break;
		case 'p':
			u = (uintptr_t)va_arg(ap, void *);
			emit_number(&o, u, false, 16, false, F_ALT | F_PTR |
				    (flags & (F_LEFT | F_ZERO)), width, prec);
			break;
		case 's':
			emit_string(&o, va_arg(ap, const char *), flags, width,
				    prec);
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);

			if (!(flags & F_LEFT))
				pad(&o, ' ', width - 1);
			emit(&o, c);
			if (flags & F_LEFT)
				pad(&o, ' ', width - 1);
			break;
		}
		case '%':
			emit(&o, '%');
			break;
		default:
			/* unknown conversion: print the directive verbatim */
			while (start < fmt)
				emit(&o, *start++);
			if (*fmt)
				emit(&o, *fmt);
			else
				continue;
			break;
		}
		fmt++;
	}
	return o.count;
}

struct buf {
	char *p;
	size_t size, len;
};

static void buf_put(void *ctx, char c)
{
	struct buf *b = ctx;

	if (b->len + 1 < b->size)
		b->p[b->len] = c;
	b->len++;
}

int fw_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buf b = { buf, size, 0 };
	int n = fw_vformat(buf_put, &b, fmt, ap);

	if (size)
		buf[b.len < size ? b.len : size - 1] = '\0';
	return n;
}

int fw_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fw_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

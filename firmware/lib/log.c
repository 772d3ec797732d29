// SPDX-License-Identifier: GPL-2.0
/*
 * fw_log and fw_panic: formatted output on the secure console, straight to
 * the UART (no buffer, no length limit). One lock keeps the lines of
 * concurrent CPUs apart; each call ends its output with a newline.
 */
#include <arch.h>
#include <fmt.h>
#include <fw.h>
#include <lock.h>
#include <platform.h>

static struct fw_lock log_lock;

static void console_put(void *ctx, char c)
{
	char *last = ctx;

	plat_console_putc(c);
	*last = c;
}

static void __attribute__((format(printf, 2, 3)))
console_printf(char *last, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fw_vformat(console_put, last, fmt, ap);
	va_end(ap);
}

void fw_log(const char *fmt, ...)
{
	char last = '\n';
	va_list ap;

	fw_lock_acquire(&log_lock);
	va_start(ap, fmt);
	fw_vformat(console_put, &last, fmt, ap);
	va_end(ap);
	if (last != '\n')
		plat_console_putc('\n');
	fw_lock_release(&log_lock);
}

void fw_panic(const char *fmt, ...)
{
	char last = '\n';
	va_list ap;

	/*
	 * Bounded: this CPU may have faulted while holding the lock, or
	 * another CPU may be stuck with it. Without the lock, start a line.
	 */
	if (!fw_lock_acquire_bounded(&log_lock, 10000000))
		plat_console_putc('\n');
	console_printf(&last, "PANIC: cpu%u: ", fw_cpu_index());
	va_start(ap, fmt);
	fw_vformat(console_put, &last, fmt, ap);
	va_end(ap);
	if (last != '\n')
		plat_console_putc('\n');
	plat_system_off();
}

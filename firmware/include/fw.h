/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Services the firmware core gives to the layers above it (OP-TEE ABI, TAs).
 * Host builds of the pure logic (tests/host) provide their own versions.
 */
#ifndef FW_H
#define FW_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* printf-like log to the secure UART: %s %c %d %i %u %x %p, l/ll/z sizes. */
void fw_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Pointer through which the firmware accesses physical address @pa (the MMU
 * is off at EL3: identity). Only call it on ranges already validated with
 * the memory classification helpers.
 */
void *fw_phys_to_ptr(uint64_t pa);

/* Log "PANIC: ..." and power the machine off; never returns. */
void fw_panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif /* FW_H */

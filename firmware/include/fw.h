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

/*
 * printf-like log to the secure UART: %s %c %d %i %u %x %p, l/ll/z sizes
 * (lib/printf.c, <fmt.h> lists all). Each call prints whole lines: a final
 * newline is added if the output lacks one. Callable from any CPU at any
 * time after boot; a lock (<lock.h>) keeps concurrent lines apart, so do not
 * call it while holding a lock that the log path could need. Keep the
 * volume low: nothing per standard call.
 */
void fw_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Pointer through which the firmware accesses physical address @pa (the MMU
 * is off at EL3: identity). Only call it on ranges already validated with
 * the memory classification helpers.
 *
 * EL3 core note: with the MMU off every data access is Device-nGnRnE, for
 * secure and normal-world RAM alike. Each access must be naturally aligned
 * (an unaligned one is an alignment fault -> PANIC; the code is built with
 * -mstrict-align, casts of unaligned pointers to wider types defeat that)
 * and exclusives/atomics must not be used. memcpy/memset (<string.h>) are
 * safe for any alignment and fast for 8-byte aligned buffers.
 */
void *fw_phys_to_ptr(uint64_t pa);

/*
 * Log "PANIC: cpuN: ..." and power the machine off; never returns. The test
 * runner fails a run on any secure-log line starting with PANIC.
 */
void fw_panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif /* FW_H */

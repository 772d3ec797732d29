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
 * Pointer through which the firmware accesses physical address @pa (the EL3
 * MMU maps identity). Only call it on ranges already validated with the
 * memory classification helpers.
 *
 * EL3 core note: the MMU maps the firmware's RAM, the SDP carveouts and the
 * normal world's RAM as Normal write-back cacheable memory (<mmu.h>), so
 * any access size and alignment is legal there; only device registers are
 * Device-nGnRnE (<arch.h>'s mmio_*). Exclusives/atomics are still not used
 * (<lock.h>). memcpy/memset (<string.h>) work in 8-byte words for any
 * alignment.
 */
void *fw_phys_to_ptr(uint64_t pa);

/*
 * Log "PANIC: cpuN: ..." and power the machine off; never returns. The test
 * runner fails a run on any secure-log line starting with PANIC.
 */
void fw_panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif /* FW_H */

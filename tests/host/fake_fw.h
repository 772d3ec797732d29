/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host stand-ins for the firmware core services (fw.h): fake physical
 * memory for normal RAM and secure RAM, a log buffer, panic = abort.
 */
#ifndef HOST_FAKE_FW_H
#define HOST_FAKE_FW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "layout.h"

#define NS_RAM_BASE	((uint64_t)HEX(RAM_ADDR))
#define NS_RAM_SIZE	((uint64_t)HEX(RAM_SIZE))
#define SEC_RAM_BASE	((uint64_t)HEX(SEC_RAM_ADDR))
#define SEC_RAM_SIZE_B	((uint64_t)HEX(SEC_RAM_SIZE))
#define FW_RAM_BASE	((uint64_t)HEX(FW_RAM_ADDR))
#define FW_RAM_SIZE_B	((uint64_t)HEX(FW_RAM_SIZE))
#define SDP_BASE	((uint64_t)HEX(SDP_ADDR))
#define SDP_SIZE_B	((uint64_t)HEX(SDP_SIZE))
#define RUI_BASE	((uint64_t)HEX(RESTRICTED_UI_ADDR))
#define RUI_SIZE_B	((uint64_t)HEX(RESTRICTED_UI_SIZE))

/* Map the fake memories (idempotent). */
void fake_mem_init(void);
/* Zero all fake memory (drops its pages). */
void fake_mem_clear(void);
/* Test-side access to fake memory; aborts outside it. */
void *pa_ptr(uint64_t pa);

/* Everything fw_log() printed since the last clear. */
const char *fake_log(void);
void fake_log_clear(void);

/*
 * Run @hook once, inside the firmware's (@skip + 1)-th fw_phys_to_ptr()
 * call from now, before that call answers: lets a test act in the middle
 * of a firmware call (a racing CPU, a normal world rewriting memory).
 */
void fake_set_phys_hook(void (*hook)(void), unsigned int skip);
/* The next standard call is suspended before it runs, as thread @id. */
void fake_thread_suspend_next(unsigned int id);

#endif /* HOST_FAKE_FW_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * Power control: QEMU's secure PL061 drives its gpio-pwr device, pin 0
 * powers the machine off, pin 1 resets it.
 */
#include <arch.h>
#include <platform.h>

#define GPIODIR		0x400

static void __attribute__((noreturn)) gpio_pulse(unsigned int pin)
{
	plat_console_flush();
	mmio_write32(PLAT_GPIO_BASE + GPIODIR,
		     mmio_read32(PLAT_GPIO_BASE + GPIODIR) | (1u << pin));
	/* data register: address bits 9:2 select the pins written */
	mmio_write32(PLAT_GPIO_BASE + ((1u << pin) << 2), 1u << pin);
	dsb();
	for (;;)
		wfi();
}

void plat_system_off(void)
{
	gpio_pulse(PLAT_GPIO_POWEROFF);
}

void plat_system_reset(void)
{
	gpio_pulse(PLAT_GPIO_RESET);
}

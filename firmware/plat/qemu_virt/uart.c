// SPDX-License-Identifier: GPL-2.0
/*
 * Secure console: PL011 at PLAT_UART_BASE, polled, transmit only.
 */
#include <arch.h>
#include <platform.h>

#define UARTDR		0x000
#define UARTFR		0x018
#define UARTIBRD	0x024
#define UARTFBRD	0x028
#define UARTLCR_H	0x02c
#define UARTCR		0x030
#define UARTIMSC	0x038
#define UARTICR		0x044

#define FR_BUSY		(1 << 3)
#define FR_TXFF		(1 << 5)
#define LCR_H_FEN	(1 << 4)
#define LCR_H_WLEN8	(3 << 5)
#define CR_UARTEN	(1 << 0)
#define CR_TXE		(1 << 8)

static void reg_write(unsigned int reg, uint32_t val)
{
	mmio_write32(PLAT_UART_BASE + reg, val);
}

void plat_console_init(void)
{
	/* divisor = clk / (16 * baud) in 16.6 fixed point */
	uint32_t div = (4 * PLAT_UART_CLK_HZ + PLAT_UART_BAUD / 2) /
		       PLAT_UART_BAUD;

	reg_write(UARTCR, 0);
	reg_write(UARTIBRD, div >> 6);
	reg_write(UARTFBRD, div & 0x3f);
	reg_write(UARTLCR_H, LCR_H_WLEN8 | LCR_H_FEN);
	reg_write(UARTIMSC, 0);
	reg_write(UARTICR, 0x7ff);
	reg_write(UARTCR, CR_UARTEN | CR_TXE);
}

static void putc_raw(char c)
{
	while (mmio_read32(PLAT_UART_BASE + UARTFR) & FR_TXFF)
		;
	reg_write(UARTDR, (unsigned char)c);
}

void plat_console_putc(char c)
{
	if (c == '\n')
		putc_raw('\r');
	putc_raw(c);
}

void plat_console_flush(void)
{
	while (mmio_read32(PLAT_UART_BASE + UARTFR) & FR_BUSY)
		;
}

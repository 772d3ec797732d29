/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The device-enumeration pseudo-TA that Linux's optee driver queries at
 * probe (drivers/tee/optee/device.c): it lists the UUIDs of TAs that want a
 * device on the TEE bus: here the restricted-memory PTA (pta_rmem.h) and
 * the JPEG decoder engine TA (jpeg_engine_ta.h).
 */
#ifndef TA_PTA_DEVICE_H
#define TA_PTA_DEVICE_H

/* 7011a688-ddde-4053-a5a9-7b3c4ddf13b8 */
#define PTA_DEVICE_UUID \
	{ 0x7011a688, 0xddde, 0x4053, \
	  { 0xa5, 0xa9, 0x7b, 0x3c, 0x4d, 0xdf, 0x13, 0xb8 } }

#define PTA_CMD_GET_DEVICES		0	/* TAs not needing tee-supplicant */
#define PTA_CMD_GET_DEVICES_SUPP	1	/* TAs needing tee-supplicant */
#define PTA_CMD_GET_DEVICES_RPMB	2	/* TAs needing RPMB */

#endif /* TA_PTA_DEVICE_H */

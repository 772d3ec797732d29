/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The content keys of the host builds (test_keys.c): fixed test values,
 * not secrets. The firmware's table is generated from the build's key file.
 */
#ifndef HOST_TEST_KEYS_H
#define HOST_TEST_KEYS_H

/* FIPS-197 appendix A.1's key. */
#define TEST_VIDEO_KEY_ID	7u
#define TEST_VIDEO_KEY { \
	0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, \
	0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c }

/* A second key, to decrypt with the wrong one. */
#define TEST_VIDEO_KEY2_ID	9u
#define TEST_VIDEO_KEY2 { \
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, \
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f }

#endif /* HOST_TEST_KEYS_H */

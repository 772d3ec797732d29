// SPDX-License-Identifier: GPL-2.0
/*
 * The Trusted Applications built into the firmware.
 *
 * Two images are built from the same sources. The product image has the
 * TAs a product ships: device enumeration, the restricted-memory PTA, the
 * video decoder and the JPEG decoder engine. The test image (FW_TEST_TAS)
 * adds OP-TEE's SDP test TA and invoke-tests pseudo-TA, which copy any
 * secure data path range to non-secure memory on request: test code, as
 * in OP-TEE, that a product never carries. Their sources are not even
 * linked into the product image.
 */
#include "ta.h"

extern const struct ta_desc jpeg_engine_ta;
extern const struct ta_desc pta_device;
extern const struct ta_desc pta_rmem;
extern const struct ta_desc sdp_video_ta;
#ifdef FW_TEST_TAS
extern const struct ta_desc pta_invoke_tests;
extern const struct ta_desc sdp_basic_ta;
#endif

const struct ta_desc *const ta_builtin[] = {
	&pta_device,
	&pta_rmem,
	&sdp_video_ta,
	&jpeg_engine_ta,
#ifdef FW_TEST_TAS
	&pta_invoke_tests,
	&sdp_basic_ta,
#endif
};

const unsigned int ta_builtin_count =
	sizeof(ta_builtin) / sizeof(ta_builtin[0]);

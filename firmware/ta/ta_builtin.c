// SPDX-License-Identifier: GPL-2.0
/*
 * The Trusted Applications built into the firmware.
 */
#include "ta.h"

extern const struct ta_desc pta_device;
extern const struct ta_desc pta_invoke_tests;
extern const struct ta_desc sdp_basic_ta;
extern const struct ta_desc sdp_video_ta;

const struct ta_desc *const ta_builtin[] = {
	&pta_device,
	&pta_invoke_tests,
	&sdp_basic_ta,
	&sdp_video_ta,
};

const unsigned int ta_builtin_count =
	sizeof(ta_builtin) / sizeof(ta_builtin[0]);

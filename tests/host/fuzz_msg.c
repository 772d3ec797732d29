// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the OP-TEE message boundary and everything behind it
 * (page lists, shared memory registry, TA framework, the built-in TAs of
 * the test image: ta_builtin.c with FW_TEST_TAS), driven through
 * optee_smc_handler() with fake physical memory. The input format
 * is in fuzz_format.h. fw_phys_to_ptr() aborts on any access outside fake
 * normal RAM and the secure data path ranges, so a validation hole that
 * lets the firmware touch its own memory or an unchecked address crashes.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_format.h"
#include "nsworld.h"
#include "../../firmware/optee/optee_entry.h"
#include "../../firmware/optee/shm.h"
#include "../../firmware/ta/ta_client.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint64_t arg_addrs[FZ_NUM_ARG_ADDRS] = FZ_ARG_ADDRS;

/* Copy @len bytes to @pa, clipped to the normal RAM below or above RUI. */
static void put_ns(uint64_t pa, const uint8_t *src, size_t len)
{
	uint64_t end;

	if (pa < NS_RAM_BASE || pa >= NS_RAM_BASE + NS_RAM_SIZE)
		return;
	end = pa < RUI_BASE ? RUI_BASE : NS_RAM_BASE + NS_RAM_SIZE;
	if (pa >= RUI_BASE && pa < RUI_BASE + RUI_SIZE_B)
		return;
	if (len > end - pa)
		len = (size_t)(end - pa);
	memcpy(pa_ptr(pa), src, len);
}

static void setup(void)
{
	static unsigned int runs;
	uint64_t *list;
	uint32_t i, a0;
	struct optee_msg_arg *arg;

	optee_reset();
	sdp_video_ta_reset();
	jpeg_engine_ta_reset();
	if (runs++ % 64 == 0)
		fake_mem_clear();	/* drop pages dirtied by earlier runs */
	memset(pa_ptr(FZ_ARG_PA), 0, 4096);
	memset(pa_ptr(FZ_LIST_PA), 0, FZ_LIST_SIZE);
	memset(pa_ptr(FZ_DATA_PA), 0, FZ_DATA_SIZE);

	/* the data area, registered the way the driver does it */
	list = pa_ptr(FZ_PRELIST_PA);
	for (i = 0; i < FZ_DATA_PAGES; i++)
		list[i] = FZ_DATA_PA + i * 4096ull;
	arg = pa_ptr(FZ_ARG_PA);
	arg->cmd = OPTEE_MSG_CMD_REGISTER_SHM;
	arg->num_params = 1;
	arg->params[0].attr = OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT |
			      OPTEE_MSG_ATTR_NONCONTIG;
	arg->params[0].u.tmem.buf_ptr = FZ_PRELIST_PA | FZ_COOKIE_OFFSET;
	arg->params[0].u.tmem.size = FZ_DATA_SIZE - FZ_COOKIE_OFFSET;
	arg->params[0].u.tmem.shm_ref = FZ_COOKIE;
	a0 = ns_call(FZ_ARG_PA);
	if (a0 || arg->ret)
		abort();
	memset(arg, 0, 4096);
}

static void check_invariants(void)
{
	if (ta_session_count() > TA_MAX_CLIENT_SESSIONS + TA_MAX_TA_SESSIONS ||
	    shm_count() > SHM_MAX_ENTRIES ||
	    shm_pool_used() > SHM_POOL_PAGES || ta_windows_reserved())
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int records = 0;
	uint32_t regs[4];
	uint64_t pa;

	fake_mem_init();
	setup();
	while (size >= 4 && records++ < FZ_MAX_RECORDS) {
		uint8_t op = data[0], sel = data[1];
		size_t len = (size_t)data[2] | (size_t)data[3] << 8;

		data += 4;
		size -= 4;
		if (len > size)
			len = size;
		switch (op % FZ_NUM_OPS) {
		case FZ_OP_MSG:
			pa = arg_addrs[sel % FZ_NUM_ARG_ADDRS];
			if (len > OPTEE_MSG_GET_ARG_SIZE(OPTEE_MSG_MAX_PARAMS + 1))
				len = OPTEE_MSG_GET_ARG_SIZE(
					OPTEE_MSG_MAX_PARAMS + 1);
			put_ns(pa, data, len);
			ns_smc(OPTEE_SMC_CALL_WITH_ARG, pa >> 32,
			       pa & 0xffffffffu, 0, NULL);
			break;
		case FZ_OP_LIST:
			if (sel * 64u < FZ_LIST_SIZE)
				put_ns(FZ_LIST_PA + sel * 64u, data,
				       len < FZ_LIST_SIZE - sel * 64u ?
				       len : FZ_LIST_SIZE - sel * 64u);
			break;
		case FZ_OP_DATA:
			if (sel * 1024u < FZ_DATA_SIZE)
				put_ns(FZ_DATA_PA + sel * 1024u, data,
				       len < FZ_DATA_SIZE - sel * 1024u ?
				       len : FZ_DATA_SIZE - sel * 1024u);
			break;
		case FZ_OP_FAST:
			memset(regs, 0, sizeof(regs));
			memcpy(regs, data, len < sizeof(regs) ? len : sizeof(regs));
			/* keep to the Trusted OS ranges the entry code routes */
			regs[0] = (sel & 1 ? 0xBF00FF00u : 0xB2000000u) |
				  (regs[0] & 0xffu);
			ns_smc(regs[0], regs[1], regs[2], regs[3], NULL);
			break;
		}
		check_invariants();
		data += len;
		size -= len;
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Normal-world emulation for the host tests and the fuzzer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nsworld.h"
#include "../../firmware/optee/optee_entry.h"

#define PAGE	4096ull

static uint64_t heap_next;

void ns_reset(void)
{
	optee_reset();
	sdp_video_ta_reset();
	jpeg_engine_ta_reset();
	fake_mem_clear();
	fake_log_clear();
	heap_next = NS_HEAP_BASE;
}

uint64_t ns_alloc(uint64_t size)
{
	uint64_t pa = heap_next;

	size = (size + PAGE - 1) & ~(PAGE - 1);
	if (!size)
		size = PAGE;
	if (pa + size > NS_HEAP_BASE + NS_HEAP_SIZE) {
		fprintf(stderr, "ns_alloc: out of fake heap\n");
		abort();
	}
	heap_next += size;
	memset(pa_ptr(pa), 0, size);
	return pa;
}

uint64_t ns_smc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3,
		struct smc_regs *out)
{
	struct smc_regs r;
	unsigned int i;

	for (i = 0; i < 18; i++)
		r.x[i] = 0x5a5a5a5a00000000ull | i;
	r.x[0] = fid;
	r.x[1] = a1;
	r.x[2] = a2;
	r.x[3] = a3;
	optee_smc_handler(&r, 0);
	if (out)
		*out = r;
	return r.x[0];
}

uint32_t ns_call(uint64_t arg_pa)
{
	return (uint32_t)ns_smc(OPTEE_SMC_CALL_WITH_ARG, arg_pa >> 32,
				arg_pa & 0xffffffffu, 0, NULL);
}

struct optee_msg_arg *ns_msg(uint32_t n, uint64_t *pa)
{
	struct optee_msg_arg *arg;

	*pa = ns_alloc(OPTEE_MSG_GET_ARG_SIZE(n));
	arg = pa_ptr(*pa);
	arg->num_params = n;
	return arg;
}

static uint32_t call_msg(uint64_t pa, struct optee_msg_arg *arg)
{
	uint32_t a0 = ns_call(pa);

	return a0 ? NS_SMC_FAILED | a0 : arg->ret;
}

uint32_t ns_register_raw(uint64_t attr, uint64_t cookie, uint64_t list,
			 uint64_t size)
{
	uint64_t pa;
	struct optee_msg_arg *arg = ns_msg(1, &pa);

	arg->cmd = OPTEE_MSG_CMD_REGISTER_SHM;
	arg->params[0].attr = attr;
	arg->params[0].u.tmem.buf_ptr = list;
	arg->params[0].u.tmem.size = size;
	arg->params[0].u.tmem.shm_ref = cookie;
	return call_msg(pa, arg);
}

/* A page list of @pages[0..n) in fresh memory (chained list pages); its PA. */
static uint64_t write_page_list(const uint64_t *pages, uint32_t n)
{
	uint64_t nlist = n ? (n + 510) / 511 : 1;
	uint64_t list_pa = ns_alloc(nlist * PAGE), *list = pa_ptr(list_pa);
	uint32_t i;

	for (i = 0; i < n; i++) {
		list[(i / 511) * 512 + i % 511] = pages[i];
		if (i % 511 == 510)
			list[(i / 511) * 512 + 511] =
				list_pa + (i / 511 + 1) * PAGE;
	}
	return list_pa;
}

uint32_t ns_shm_register(struct ns_shm *s, uint64_t cookie, uint64_t size,
			 uint32_t offset, bool scatter)
{
	uint64_t base;
	uint32_t i;

	memset(s, 0, sizeof(*s));
	s->cookie = cookie;
	s->size = size;
	s->offset = offset;
	s->npages = (uint32_t)((offset + size + PAGE - 1) / PAGE);
	if (s->npages > 8192)
		abort();
	if (scatter) {
		/* one page each, then reversed: no two neighbours adjacent */
		for (i = 0; i < s->npages; i++)
			s->pages[s->npages - 1 - i] = ns_alloc(2 * PAGE);
	} else {
		base = ns_alloc((uint64_t)s->npages * PAGE);
		for (i = 0; i < s->npages; i++)
			s->pages[i] = base + (uint64_t)i * PAGE;
	}
	s->list_pa = write_page_list(s->pages, s->npages);
	return ns_register_raw(OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT |
			       OPTEE_MSG_ATTR_NONCONTIG, cookie,
			       s->list_pa | offset, size);
}

uint32_t ns_shm_unregister(uint64_t cookie)
{
	uint64_t pa;
	struct optee_msg_arg *arg = ns_msg(1, &pa);

	arg->cmd = OPTEE_MSG_CMD_UNREGISTER_SHM;
	arg->params[0].attr = OPTEE_MSG_ATTR_TYPE_RMEM_INPUT;
	arg->params[0].u.rmem.shm_ref = cookie;
	return call_msg(pa, arg);
}

static uint8_t *shm_byte(const struct ns_shm *s, uint64_t off)
{
	uint64_t x = s->offset + off;

	return (uint8_t *)pa_ptr(s->pages[x / PAGE] + x % PAGE);
}

void ns_shm_write(const struct ns_shm *s, uint64_t off, const void *src,
		  size_t len)
{
	const uint8_t *p = src;
	size_t i;

	for (i = 0; i < len; i++)
		*shm_byte(s, off + i) = p[i];
}

void ns_shm_read(const struct ns_shm *s, uint64_t off, void *dst, size_t len)
{
	uint8_t *p = dst;
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = *shm_byte(s, off + i);
}

struct optee_msg_param p_none(void)
{
	struct optee_msg_param p;

	memset(&p, 0, sizeof(p));
	return p;
}

struct optee_msg_param p_value(uint64_t attr, uint64_t a, uint64_t b,
			       uint64_t c)
{
	struct optee_msg_param p = p_none();

	p.attr = attr;
	p.u.value.a = a;
	p.u.value.b = b;
	p.u.value.c = c;
	return p;
}

struct optee_msg_param p_rmem(uint64_t attr, uint64_t cookie, uint64_t offs,
			      uint64_t size)
{
	struct optee_msg_param p = p_none();

	p.attr = attr;
	p.u.rmem.offs = offs;
	p.u.rmem.size = size;
	p.u.rmem.shm_ref = cookie;
	return p;
}

struct optee_msg_param p_tmem(uint64_t attr, uint64_t pa, uint64_t size)
{
	struct optee_msg_param p = p_none();

	p.attr = attr;
	p.u.tmem.buf_ptr = pa;
	p.u.tmem.size = size;
	/* the driver passes its tee_shm pointer; any nonzero cookie */
	p.u.tmem.shm_ref = pa ? 0xffff000012345678ull : 0;
	return p;
}

/* In an SDP range: a restricted buffer, which the driver sends as a TMEM. */
static bool restricted(uint64_t pa)
{
	return (pa >= SDP_BASE && pa - SDP_BASE < SDP_SIZE_B) ||
	       (pa >= RUI_BASE && pa - RUI_BASE < RUI_SIZE_B);
}

struct optee_msg_param p_mem(uint64_t attr, uint64_t pa, uint64_t size)
{
	struct optee_msg_param p = p_tmem(attr, pa, size);

	if (pa && !restricted(pa))
		p.attr |= NS_ATTR_TEMP_SHM;
	return p;
}

/* Cookies of the registrations of one message's p_mem() params: + index. */
#define TEMP_SHM_COOKIE		0x7e3900000000ull
#define TEMP_SHM_MAX_PAGES	8192u

static void temp_shm_drop(const struct optee_msg_param *built, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (built[i].attr & NS_ATTR_TEMP_SHM &&
		    ns_shm_unregister(TEMP_SHM_COOKIE + i))
			abort();
}

/*
 * Register the buffers of the p_mem() params among @built[0..n) and turn
 * their copies in the message, @sent, into RMEMs. 0, or
 * NS_TEMP_SHM_FAILED with nothing left registered.
 */
static uint32_t temp_shm_prepare(const struct optee_msg_param *built,
				 struct optee_msg_param *sent, uint32_t n)
{
	static uint64_t pages[TEMP_SHM_MAX_PAGES];
	uint64_t pa, size, first, offset, npages, j;
	uint32_t i;

	for (i = 0; i < n; i++) {
		if (!(built[i].attr & NS_ATTR_TEMP_SHM))
			continue;
		pa = built[i].u.tmem.buf_ptr;
		size = built[i].u.tmem.size;
		first = pa & ~(PAGE - 1);
		offset = pa - first;
		/* libteec shares at least one byte of a zero-sized buffer */
		npages = (offset + (size ? size : 1) + PAGE - 1) / PAGE;
		for (j = 0; j < npages && j < TEMP_SHM_MAX_PAGES; j++)
			pages[j] = first + j * PAGE;
		if (npages > TEMP_SHM_MAX_PAGES ||
		    ns_register_raw(OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT |
				    OPTEE_MSG_ATTR_NONCONTIG,
				    TEMP_SHM_COOKIE + i,
				    write_page_list(pages, (uint32_t)npages) |
				    offset, size ? size : 1)) {
			temp_shm_drop(built, i);
			return NS_TEMP_SHM_FAILED;
		}
		sent[i] = p_rmem((built[i].attr & ~NS_ATTR_TEMP_SHM) -
				 OPTEE_MSG_ATTR_TYPE_TMEM_INPUT +
				 OPTEE_MSG_ATTR_TYPE_RMEM_INPUT,
				 TEMP_SHM_COOKIE + i, 0, size);
	}
	return 0;
}

/* After the call: @sent's p_mem() params as built, with the sizes returned. */
static void temp_shm_finish(const struct optee_msg_param *built,
			    struct optee_msg_param *sent, uint32_t n)
{
	uint64_t size;
	uint32_t i;

	for (i = 0; i < n; i++) {
		if (!(built[i].attr & NS_ATTR_TEMP_SHM))
			continue;
		size = sent[i].u.rmem.size;
		sent[i] = built[i];
		sent[i].u.tmem.size = size;
	}
	temp_shm_drop(built, n);
}

uint32_t ns_open(const TEE_UUID *uuid, uint32_t login,
		 const struct optee_msg_param *params, uint32_t n,
		 uint32_t *session, uint32_t *origin)
{
	uint64_t pa;
	struct optee_msg_arg *arg = ns_msg(n + 2, &pa);
	uint8_t octets[16];
	uint32_t ret;

	arg->cmd = OPTEE_MSG_CMD_OPEN_SESSION;
	arg->params[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT |
			      OPTEE_MSG_ATTR_META;
	arg->params[1].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT |
			      OPTEE_MSG_ATTR_META;
	tee_uuid_to_octets(octets, uuid);
	memcpy(arg->params[0].u.octets, octets, 16);
	arg->params[1].u.value.c = login;
	if (n)
		memcpy(&arg->params[2], params, n * sizeof(*params));
	if (temp_shm_prepare(params, &arg->params[2], n))
		return NS_TEMP_SHM_FAILED;
	ret = call_msg(pa, arg);
	temp_shm_finish(params, &arg->params[2], n);
	if (session)
		*session = arg->session;
	if (origin)
		*origin = arg->ret_origin;
	return ret;
}

uint32_t ns_invoke(uint32_t session, uint32_t func,
		   struct optee_msg_param *params, uint32_t n,
		   uint32_t *origin)
{
	uint64_t pa;
	struct optee_msg_arg *arg = ns_msg(n, &pa);
	uint32_t ret;

	arg->cmd = OPTEE_MSG_CMD_INVOKE_COMMAND;
	arg->func = func;
	arg->session = session;
	if (n)
		memcpy(arg->params, params, n * sizeof(*params));
	if (temp_shm_prepare(params, arg->params, n))
		return NS_TEMP_SHM_FAILED;
	ret = call_msg(pa, arg);
	temp_shm_finish(params, arg->params, n);
	if (n)
		memcpy(params, arg->params, n * sizeof(*params));
	if (origin)
		*origin = arg->ret_origin;
	return ret;
}

uint32_t ns_close(uint32_t session)
{
	uint64_t pa;
	struct optee_msg_arg *arg = ns_msg(0, &pa);

	arg->cmd = OPTEE_MSG_CMD_CLOSE_SESSION;
	arg->session = session;
	return call_msg(pa, arg);
}

uint32_t ns_call_once(const TEE_UUID *uuid, uint32_t login, uint32_t func,
		 struct optee_msg_param *params, uint32_t n, uint32_t *origin)
{
	uint32_t s = 0, ret;

	if (ns_open(uuid, login, NULL, 0, &s, NULL))
		return NS_SESSION_FAILED;
	ret = ns_invoke(s, func, params, n, origin);
	if (ns_close(s))
		return NS_SESSION_FAILED;
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Registered shared memory: the cookie table, the page pool and the walk
 * of the normal world's page lists.
 *
 * A memref of a registration points into the pool, so the pool may only
 * be packed (registrations slid down over the gap an unregistered one
 * left) while no other call is in flight: with two secure threads,
 * another call may hold such memrefs while it computes without the TEE
 * core lock (optee_calls_in_flight(), ta.h). Until then the gap stays,
 * with its old contents; a registration that finds no room after the
 * last one packs the pool first if it may.
 */
#include <string.h>

#include "fw.h"
#include "memclass.h"
#include "optee_entry.h"
#include "optee_msg.h"
#include "shm.h"

#define PAGE_MASK	((uint64_t)OPTEE_MSG_NONCONTIG_PAGE_SIZE - 1)

struct shm_entry {
	uint64_t cookie;	/* 0: free */
	uint64_t size;		/* bytes, from page_offset into pages[0] */
	uint32_t page_offset;	/* < 4096 */
	uint32_t first;		/* index of pages[0] in the pool */
	uint32_t npages;
	uint64_t seq;		/* registration order */
};

static struct shm_entry table[SHM_MAX_ENTRIES];
/* Page PAs of all registrations: [0, pool_end) holds them and gaps. */
static uint64_t pool[SHM_POOL_PAGES];
static uint32_t pool_end;
/* Secure copy of the page-list page being read. */
static uint64_t list_copy[OPTEE_MSG_PAGELIST_ENTRIES + 1];
static uint64_t last_seq;

/*
 * The newest registration under @cookie. Like OP-TEE's registered-shm list
 * (new ones in front, looked up from the front), a cookie registered again
 * while an older registration still holds it hides the older one, which
 * comes back when the newer is unregistered. Linux's cookie is a kernel
 * address: it is reused when an unregister failed in close() and the
 * kernel freed its side anyway.
 */
static struct shm_entry *find(uint64_t cookie)
{
	struct shm_entry *e = NULL;
	unsigned int i;

	if (!cookie)
		return NULL;
	for (i = 0; i < SHM_MAX_ENTRIES; i++)
		if (table[i].cookie == cookie && (!e || table[i].seq > e->seq))
			e = &table[i];
	return e;
}

/* Read @npages page addresses from the list at @list_pa into @dst. */
static TEE_Result read_page_list(uint64_t list_pa, uint64_t *dst,
				 uint32_t npages)
{
	uint32_t done = 0, n, i;
	uint64_t pa;

	for (;;) {
		if (list_pa & PAGE_MASK ||
		    !memclass_is_nsec(list_pa, OPTEE_MSG_NONCONTIG_PAGE_SIZE))
			return TEE_ERROR_BAD_PARAMETERS;
		memcpy(list_copy, fw_phys_to_ptr(list_pa), sizeof(list_copy));

		n = npages - done;
		if (n > OPTEE_MSG_PAGELIST_ENTRIES)
			n = OPTEE_MSG_PAGELIST_ENTRIES;
		for (i = 0; i < n; i++) {
			pa = list_copy[i];
			if (pa & PAGE_MASK ||
			    !memclass_is_nsec(pa, OPTEE_MSG_NONCONTIG_PAGE_SIZE))
				return TEE_ERROR_BAD_PARAMETERS;
			dst[done++] = pa;
		}
		if (done == npages)
			return TEE_SUCCESS;
		list_pa = list_copy[OPTEE_MSG_PAGELIST_ENTRIES];
	}
}

/* The registration with the lowest first page at or above @from. */
static struct shm_entry *next_in_pool(uint32_t from)
{
	struct shm_entry *next = NULL;
	unsigned int i;

	for (i = 0; i < SHM_MAX_ENTRIES; i++)
		if (table[i].cookie && table[i].first >= from &&
		    (!next || table[i].first < next->first))
			next = &table[i];
	return next;
}

/* Slide every registration down over the gaps, in pool order. */
static void pack_pool(void)
{
	struct shm_entry *e;
	uint32_t end = 0;

	while ((e = next_in_pool(end)) != NULL) {
		if (e->first != end) {
			memmove(&pool[end], &pool[e->first],
				e->npages * sizeof(pool[0]));
			e->first = end;
		}
		end += e->npages;
	}
	pool_end = end;
}

TEE_Result shm_register(uint64_t cookie, uint64_t list, uint64_t size)
{
	uint32_t page_offset = (uint32_t)(list & PAGE_MASK);
	struct shm_entry *e = NULL;
	uint64_t npages;
	unsigned int i;
	TEE_Result res;

	if (!cookie || !size ||
	    size > (uint64_t)SHM_MAX_PAGES * OPTEE_MSG_NONCONTIG_PAGE_SIZE)
		return TEE_ERROR_BAD_PARAMETERS;
	npages = (page_offset + size + PAGE_MASK) / OPTEE_MSG_NONCONTIG_PAGE_SIZE;
	if (npages > SHM_MAX_PAGES)
		return TEE_ERROR_BAD_PARAMETERS;

	for (i = 0; i < SHM_MAX_ENTRIES && !e; i++)
		if (!table[i].cookie)
			e = &table[i];
	if (e && npages > SHM_POOL_PAGES - pool_end &&
	    optee_calls_in_flight() <= 1)
		pack_pool();
	if (!e || npages > SHM_POOL_PAGES - pool_end)
		return TEE_ERROR_OUT_OF_MEMORY;

	/* Fill the free tail of the pool; commit only when all pages pass. */
	res = read_page_list(list & ~PAGE_MASK, &pool[pool_end],
			     (uint32_t)npages);
	if (res)
		return res;

	e->cookie = cookie;
	e->size = size;
	e->page_offset = page_offset;
	e->first = pool_end;
	e->npages = (uint32_t)npages;
	e->seq = ++last_seq;
	pool_end += (uint32_t)npages;
	return TEE_SUCCESS;
}

TEE_Result shm_unregister(uint64_t cookie)
{
	struct shm_entry *e = find(cookie);

	if (!e)
		return TEE_ERROR_BAD_PARAMETERS;
	memset(e, 0, sizeof(*e));
	if (optee_calls_in_flight() <= 1)
		pack_pool();
	return TEE_SUCCESS;
}

TEE_Result shm_memref(uint64_t cookie, uint64_t offs, uint64_t size,
		      uint8_t access, struct memref *m)
{
	const struct shm_entry *e = find(cookie);
	uint64_t start;

	if (!e || offs > e->size || size > e->size - offs)
		return TEE_ERROR_BAD_PARAMETERS;
	start = e->page_offset + offs;
	memref_init_paged(m, MEMREF_KIND_NSEC, access,
			  &pool[e->first + (start >> MEMREF_PAGE_SHIFT)],
			  start & PAGE_MASK, size);
	return TEE_SUCCESS;
}

void shm_reset(void)
{
	memset(table, 0, sizeof(table));
	pool_end = 0;
}

unsigned int shm_count(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < SHM_MAX_ENTRIES; i++)
		n += table[i].cookie != 0;
	return n;
}

unsigned int shm_pool_used(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < SHM_MAX_ENTRIES; i++)
		n += table[i].npages;
	return n;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * reach_test - which devices a restricted buffer is mapped for, and how.
 *
 * The heap maps a restricted buffer for an importer with
 * dma_map_resource(), which hands a device without an IOMMU the physical
 * address itself. Through the test module sdp_reach.ko (a platform device
 * whose bus reach and DMA offset each call sets), for every heap given on
 * the command line:
 *  - a device that reaches the buffer gets one segment whose DMA address
 *    is the buffer's physical address (restricted_heap_buffer_range())
 *    and whose length is its size;
 *  - a bus that reaches just the buffer's last byte maps it, one address
 *    bit less is refused at attach with ERANGE (no bounce, no WARN);
 *  - a device that sees RAM at an offset is refused with ERANGE: the
 *    untranslated address would miss the buffer;
 *  - restricted_heap_buffer_range() answers EINVAL for another exporter's
 *    dma-buf (the system heap), which the same device maps normally.
 * And the kernel-internal entry of TEE_IOC_SHM_REGISTER_FD,
 * tee_shm_register_dmabuf(), as a TEE client driver would call it: a
 * restricted buffer becomes a shm at the buffer's physical address and
 * size, another exporter's buffer is refused with EINVAL (skipped, with
 * the reason, on a board without a TEE).
 * Behind an IOMMU the device would get an IOVA instead; QEMU's virt board
 * has no IOMMU in front of a platform device, so that case is not run.
 *
 * With --len-limit HEAP first (a carveout larger than 4 GiB): a buffer of
 * 4 GiB - 4 KiB is allocated, one of 4 GiB is refused with ENOMEM (a
 * mapping is one scatterlist entry, whose length is an unsigned int).
 * Output: TAP.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "testutil.h"
#include "../kmod/sdp_reach.h"

#define REACH_MODULE	"/tests/sdp_reach.ko"
#define REACH_DEV	"/dev/sdp_reach"
#define SYSTEM_HEAP	"/dev/dma_heap/system"
#define BUF_SIZE	(256 * 1024)
#define OFFSET		0x10000000ull

static int reach_fd = -1;

static int load_module(void)
{
	int fd, ret;

	fd = open(REACH_MODULE, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		tap_diag("open %s: %s", REACH_MODULE, strerror(errno));
		return -1;
	}
	ret = syscall(SYS_finit_module, fd, "", 0);
	close(fd);
	if (ret && errno != EEXIST) {
		tap_diag("finit_module %s: %s", REACH_MODULE, strerror(errno));
		return -1;
	}
	reach_fd = open(REACH_DEV, O_RDWR | O_CLOEXEC);
	if (reach_fd < 0) {
		tap_diag("open %s: %s", REACH_DEV, strerror(errno));
		return -1;
	}
	return 0;
}

static int attach(int buf, unsigned int bits, uint64_t offset,
		  struct sdp_reach_attach *a)
{
	int ret;

	memset(a, 0, sizeof(*a));
	a->fd = buf;
	a->limit_bits = bits;
	a->dma_offset = offset;
	ret = ioc(reach_fd, SDP_REACH_ATTACH, a);
	if (ret)
		tap_diag("SDP_REACH_ATTACH reach %u bits offset %#llx: %s", bits,
			 (unsigned long long)offset, strerror(-ret));
	return ret;
}

static void report(const char *heap, const char *what,
		   const struct sdp_reach_attach *a)
{
	tap_diag("%s, %s: range %d attach %d map %d nents %u pa %#llx+%#llx dma %#llx+%#llx",
		 heap, what, a->range_err, a->attach_err, a->map_err, a->nents,
		 (unsigned long long)a->paddr, (unsigned long long)a->size,
		 (unsigned long long)a->dma_addr,
		 (unsigned long long)a->dma_len);
}

/* Address bits a bus needs to reach byte @last. */
static unsigned int bits_for(uint64_t last)
{
	unsigned int bits = 1;

	while (bits < 64 && last >> bits)
		bits++;
	return bits;
}

/* tee_shm_register_dmabuf() on @buf: @want 0 (at @paddr) or -EINVAL. */
static void tee_case(const char *label, int buf, uint64_t paddr, int want)
{
	struct sdp_reach_tee t = { .fd = buf };
	char name[128];
	int ret;
	bool ok;

	snprintf(name, sizeof(name), "%s: %s", label,
		 want ? "tee_shm_register_dmabuf_refuses_other_exporters" :
			"tee_shm_register_dmabuf_gives_the_buffers_range");
	ret = ioc(reach_fd, SDP_REACH_TEE_REGISTER, &t);
	if (ret == -ENODEV) {
		tap_skip(name, "no TEE to register with on this board");
		return;
	}
	ok = !ret && t.err == want &&
	     (want || (t.paddr == paddr && t.size == BUF_SIZE));
	if (!ok)
		tap_diag("%s: ioctl %d, err %d, shm %#llx+%#llx, expected err %d at %#llx+%#x",
			 label, ret, t.err, (unsigned long long)t.paddr,
			 (unsigned long long)t.size, want,
			 (unsigned long long)paddr, BUF_SIZE);
	tap_result(ok, "%s", name);
}

static void heap_cases_not_run(const char *heap, const char *why)
{
	const char *name = strrchr(heap, '/') + 1;

	tap_diag("%s: %s", name, why);
	not_run("maps_restricted_buffer_at_its_physical_address", why);
	not_run("narrowest_reach_maps_one_bit_less_refused", why);
	not_run("refuses_device_with_dma_offset", why);
	not_run("tee_shm_register_dmabuf_gives_the_buffers_range", why);
}

static void heap_cases(const char *heap)
{
	const char *name = strrchr(heap, '/') + 1;
	struct sdp_reach_attach a, b;
	unsigned int bits;
	int buf;
	bool ok;

	buf = heap_alloc(heap, BUF_SIZE);
	if (buf < 0) {
		heap_cases_not_run(heap, "allocation failed");
		return;
	}

	ok = !attach(buf, 64, 0, &a) && !a.range_err && !a.attach_err &&
	     !a.map_err && a.nents == 1 && a.dma_addr == a.paddr &&
	     a.dma_len == BUF_SIZE && a.size == BUF_SIZE;
	if (!ok)
		report(name, "full reach", &a);
	tap_result(ok, "%s: maps_restricted_buffer_at_its_physical_address",
		   name);

	bits = bits_for(a.paddr + a.size - 1);
	ok = bits < 64 && !attach(buf, bits, 0, &a) && !a.attach_err &&
	     !a.map_err && a.dma_addr == a.paddr &&
	     !attach(buf, bits - 1, 0, &b) && b.attach_err == -ERANGE &&
	     b.map_err == -ENOEXEC;
	if (!ok) {
		report(name, "narrowest reach", &a);
		report(name, "one bit less", &b);
	}
	tap_result(ok, "%s: narrowest_reach_maps_one_bit_less_refused (%u bits)",
		   name, bits);

	ok = !attach(buf, 64, OFFSET, &a) && a.attach_err == -ERANGE;
	if (!ok)
		report(name, "DMA offset", &a);
	tap_result(ok, "%s: refuses_device_with_dma_offset", name);

	tee_case(name, buf, a.paddr, 0);
	close(buf);
}

static void other_exporter(void)
{
	struct sdp_reach_attach a;
	int buf;
	bool ok;

	buf = heap_alloc(SYSTEM_HEAP, BUF_SIZE);
	if (buf < 0) {
		not_run("buffer_range_refuses_system_heap_buffer",
			"allocation failed");
		not_run("system: tee_shm_register_dmabuf_refuses_other_exporters",
			"allocation failed");
		return;
	}
	ok = !attach(buf, 64, 0, &a) && a.range_err == -EINVAL &&
	     !a.attach_err && !a.map_err;
	if (!ok)
		report("system", "full reach", &a);
	tap_result(ok, "buffer_range_refuses_system_heap_buffer");
	tee_case("system", buf, 0, -EINVAL);
	close(buf);
}

/* The largest length a mapping can describe, and one page more. */
static void length_limit(const char *heap)
{
	const size_t max = 0x100000000ull - 4096;
	int buf;

	buf = heap_alloc(heap, max);
	tap_result(buf >= 0, "%s: allocates_4gib_minus_one_page",
		   strrchr(heap, '/') + 1);
	if (buf >= 0)
		close(buf);
	buf = heap_alloc(heap, max + 4096);
	if (buf >= 0)
		close(buf);
	tap_errno(buf >= 0 ? 0 : -1, -buf, ENOMEM,
		  "refuses_4gib_a_mapping_cannot_describe");
}

int main(int argc, char **argv)
{
	int i;

	if (argc > 2 && !strcmp(argv[1], "--len-limit")) {
		length_limit(argv[2]);
		argv += 2;
		argc -= 2;
	}
	if (argc < 2) {
		fprintf(stderr,
			"usage: reach_test [--len-limit HEAP] /dev/dma_heap/NAME...\n");
		return 2;
	}
	tap_result(!load_module(), "test_module_loaded");
	if (reach_fd < 0) {
		for (i = 1; i < argc; i++)
			heap_cases_not_run(argv[i], "no " REACH_DEV);
		not_run("buffer_range_refuses_system_heap_buffer",
			"no " REACH_DEV);
		not_run("system: tee_shm_register_dmabuf_refuses_other_exporters",
			"no " REACH_DEV);
		return tap_done();
	}
	for (i = 1; i < argc; i++)
		heap_cases(argv[i]);
	other_exporter();
	close(reach_fd);
	return tap_done();
}

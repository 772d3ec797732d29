// SPDX-License-Identifier: GPL-2.0
/*
 * sdp_peek - TEST ONLY: map a physical range into a process
 *
 * /dev/sdp_peek maps the physical range given by the module parameters
 * "base" and "size" (page aligned), uncached, into any process that mmaps
 * it. The guest tests point it at the restricted carveout in secure RAM to
 * show that a normal-world CPU read of secure memory does not return data:
 * it raises a synchronous external abort, which the kernel delivers to the
 * reading process as SIGBUS, without an oops.
 *
 * This hands raw physical memory to userspace; never load it on a system
 * that matters. Ranges that overlap System RAM are refused, so that no
 * cacheable kernel mapping gets an uncached alias.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/ioport.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>

static unsigned long base;
module_param(base, ulong, 0444);
MODULE_PARM_DESC(base, "Physical start of the window (page aligned)");

static unsigned long size;
module_param(size, ulong, 0444);
MODULE_PARM_DESC(size, "Size of the window in bytes (page aligned)");

static int sdp_peek_mmap(struct file *file, struct vm_area_struct *vma)
{
	unsigned long len = vma->vm_end - vma->vm_start;
	unsigned long pages = size >> PAGE_SHIFT;

	if (vma->vm_pgoff >= pages || vma_pages(vma) > pages - vma->vm_pgoff)
		return -EINVAL;

	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return remap_pfn_range(vma, vma->vm_start,
			       PHYS_PFN(base) + vma->vm_pgoff, len,
			       vma->vm_page_prot);
}

static const struct file_operations sdp_peek_fops = {
	.owner = THIS_MODULE,
	.mmap = sdp_peek_mmap,
};

static struct miscdevice sdp_peek_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "sdp_peek",
	.fops = &sdp_peek_fops,
	.mode = 0600,
};

static int __init sdp_peek_init(void)
{
	if (!size || !PAGE_ALIGNED(base) || !PAGE_ALIGNED(size) ||
	    base + size < base) {
		pr_err("base=%#lx size=%#lx: need a nonzero, page-aligned range\n",
		       base, size);
		return -EINVAL;
	}

	if (region_intersects(base, size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT) {
		pr_err("refusing [%#lx, %#lx): overlaps System RAM\n",
		       base, base + size);
		return -EINVAL;
	}

	pr_warn("TEST ONLY: /dev/sdp_peek maps physical [%#lx, %#lx)\n",
		base, base + size);
	return misc_register(&sdp_peek_dev);
}
module_init(sdp_peek_init);

static void __exit sdp_peek_exit(void)
{
	misc_deregister(&sdp_peek_dev);
}
module_exit(sdp_peek_exit);

MODULE_DESCRIPTION("Test only: map a physical range into a process");
MODULE_LICENSE("GPL");

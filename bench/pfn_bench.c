// SPDX-License-Identifier: GPL-2.0
/*
 * pfn_to_online_page() before and after the series, timed in one run.
 *
 * old_pfn_to_online_page() is the v7.3-rc7 implementation (section flags,
 * subsection map, and get_dev_pagemap() where ZONE_DEVICE shares the
 * section with RAM); pfn_to_online_page() is the kernel's, rebuilt on
 * pfn_active(). Both are called on the same pfns, alternating rounds:
 *
 *   ram        pfns of a section that holds only RAM (ram_pfn's section)
 *   ram-norcu  the same, new code without its RCU section (diagnostic)
 *   shared-ram RAM pfns of a section shared with ZONE_DEVICE
 *   shared-dev ZONE_DEVICE pfns of that section
 *   walk       every pfn below walk_end, reading the page count of each
 *              page found, as kmemleak's scan of all zones does
 *
 * Parameters: ram_pfn, dev_start, dev_end (the device range, e.g. a pmem
 * namespace), walk_end (0: no walk), rounds. Results go to the kernel
 * log; loading fails with -EINVAL when the RAM section is not all online
 * or a device pfn is.
 */
#include <linux/ktime.h>
#include <linux/memory_hotplug.h>
#include <linux/memremap.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/module.h>

static unsigned long ram_pfn = 0x10000;
module_param(ram_pfn, ulong, 0444);
static unsigned long dev_start = 0x78000;
module_param(dev_start, ulong, 0444);
static unsigned long dev_end = 0x7a000;
module_param(dev_end, ulong, 0444);
static unsigned long walk_end;
module_param(walk_end, ulong, 0444);
static unsigned int rounds = 20;
module_param(rounds, uint, 0444);

/* v7.3-rc7's pfn_to_online_page(), mm/memory_hotplug.c */
static struct page *old_pfn_to_online_page(unsigned long pfn)
{
	unsigned long nr = pfn_to_section_nr(pfn);
	struct dev_pagemap *pgmap;
	struct mem_section *ms;

	if (nr >= NR_MEM_SECTIONS)
		return NULL;

	ms = __nr_to_section(nr);
	if (!online_section(ms))
		return NULL;

	if (IS_ENABLED(CONFIG_HAVE_ARCH_PFN_VALID) && !pfn_valid(pfn))
		return NULL;

	if (!pfn_section_valid(ms, pfn))
		return NULL;

	if (!online_device_section(ms))
		return pfn_to_page(pfn);

	pgmap = get_dev_pagemap(pfn);
	put_dev_pagemap(pgmap);

	if (pgmap)
		return NULL;

	return pfn_to_page(pfn);
}

typedef struct page *(*lookup_fn)(unsigned long pfn);

/*
 * The series' pfn_to_online_page() without its own RCU read-side critical
 * section, to tell the cost of rcu_read_lock_sched() per call from the rest
 * ("ram-norcu"): norcu_pass() holds one section across the whole pass.
 */
static struct page *norcu_pfn_to_online_page(unsigned long pfn)
{
	unsigned long nr = pfn_to_section_nr(pfn);
	struct mem_section *ms;
	struct page *page;

	if (nr >= NR_MEM_SECTIONS)
		return NULL;
	ms = __nr_to_section(nr);
	if (!online_section(ms) || !pfn_section_active(ms, pfn))
		return NULL;
	page = pfn_to_page(pfn);
	if (unlikely(online_device_section(ms)) && is_zone_device_page(page))
		return NULL;
	return page;
}

/* Nanoseconds for one pass over [start, end); *found counts pages found */
static u64 pass(lookup_fn fn, unsigned long start, unsigned long end,
		unsigned long *found)
{
	unsigned long pfn, n = 0;
	u64 t = ktime_get_ns();

	for (pfn = start; pfn < end; pfn++)
		if (fn(pfn))
			n++;
	t = ktime_get_ns() - t;
	*found = n;
	return t;
}

/* A pass under one RCU read-side critical section, for the norcu lookup */
static u64 norcu_pass(lookup_fn fn, unsigned long start, unsigned long end,
		      unsigned long *found)
{
	u64 t;

	rcu_read_lock_sched();
	t = pass(fn, start, end, found);
	rcu_read_unlock_sched();
	return t;
}

/* A pass that also reads each page found, as a pfn walker does */
static u64 walk_pass(lookup_fn fn, unsigned long start, unsigned long end,
		     unsigned long *found)
{
	unsigned long pfn, n = 0;
	struct page *page;
	u64 t = ktime_get_ns();

	for (pfn = start; pfn < end; pfn++) {
		page = fn(pfn);
		if (page && page_ref_count(page))
			n++;
	}
	t = ktime_get_ns() - t;
	*found = n;
	return t;
}

/* @expect: pages that must be found, or -1 to only report them */
static int bench(const char *name, unsigned long start, unsigned long end,
		 long expect, lookup_fn new_fn)
{
	typeof(&pass) run = !strcmp(name, "walk") ? walk_pass :
			    !strcmp(name, "ram-norcu") ? norcu_pass : pass;
	u64 t_old = 0, t_new = 0;
	unsigned long f_old, f_new, nr = end - start;
	unsigned int r;

	for (r = 0; r < rounds; r++) {
		t_old += run(old_pfn_to_online_page, start, end, &f_old);
		t_new += run(new_fn, start, end, &f_new);
		cond_resched();
	}
	pr_info("pfn_bench: %-10s %6lu pfns x %u: old %llu.%02llu ns/call, new %llu.%02llu ns/call, pages found old %lu new %lu\n",
		name, nr, rounds,
		t_old / (nr * rounds), t_old * 100 / (nr * rounds) % 100,
		t_new / (nr * rounds), t_new * 100 / (nr * rounds) % 100,
		f_old, f_new);
	if (expect >= 0 && f_new != expect) {
		pr_err("pfn_bench: %s: expected %ld pages\n", name, expect);
		return -EINVAL;
	}
	return 0;
}

static int __init pfn_bench_init(void)
{
	unsigned long ram = SECTION_ALIGN_DOWN(ram_pfn);
	unsigned long shared = SECTION_ALIGN_DOWN(dev_start);
	int ret;

	if (!dev_end || SECTION_ALIGN_DOWN(dev_end - 1) != shared ||
	    !rounds)
		return -EINVAL;
	ret = bench("ram", ram, ram + PAGES_PER_SECTION, PAGES_PER_SECTION,
		    pfn_to_online_page);
	if (!ret)
		ret = bench("ram-norcu", ram, ram + PAGES_PER_SECTION,
			    PAGES_PER_SECTION, norcu_pfn_to_online_page);
	if (!ret && dev_end < shared + PAGES_PER_SECTION)
		ret = bench("shared-ram", dev_end, shared + PAGES_PER_SECTION,
			    -1, pfn_to_online_page);
	if (!ret)
		ret = bench("shared-dev", dev_start, dev_end, 0,
			    pfn_to_online_page);
	if (!ret && walk_end)
		ret = bench("walk", 0, walk_end, -1, pfn_to_online_page);
	return ret;
}

static void __exit pfn_bench_exit(void)
{
}

module_init(pfn_bench_init);
module_exit(pfn_bench_exit);
MODULE_DESCRIPTION("pfn_to_online_page() old vs new");
MODULE_LICENSE("GPL");

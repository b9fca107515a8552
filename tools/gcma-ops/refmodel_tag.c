// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The reference model's rules for the tag-storage donor
 * (lib/mm/tag_storage.c, docs/tag_storage.md): one donor of RM_TAG_PAGES
 * reserved boot pages, registered as id 0 with the next pool id.
 * Inactive, its pool holds every page; active, none: activation always
 * succeeds on an inactive donor (the guarantee), whatever cleancache
 * holds. The executor never keeps a reference on a tag page, so a
 * deactivation of an active donor always succeeds too.
 */
#include <errno.h>

#include "refmodel.h"

#define MAX_POOLS	64	/* CLEANCACHE_MAX_POOLS */

/**
 * rm_tag_register() - check tag_storage_register() of the donor.
 * @rm: the model.
 * @ret: what it returned.
 * @faulted: an allocation failed on purpose during the call.
 *
 * -EBUSY once registered (its pages are no boot pages any more),
 * -ENOMEM when cleancache has no pool left, else id 0.
 *
 * Context: Any context.
 */
void rm_tag_register(struct refmodel *rm, int ret, bool faulted)
{
	int want = rm->tag_registered ? -EBUSY :
		   rm->nr_pools >= MAX_POOLS ? -ENOMEM : 0;

	if (faulted && ret == -ENOMEM)
		return;
	rm_expect(rm, "tag_storage_register", ret, want);
	if (ret || rm->failed)
		return;
	rm->tag_registered = true;
	rm->tag_pool = rm->nr_pools++;
	rm->tag_active = false;
}

/**
 * rm_tag_activate() - check tag_storage_activate(0).
 * @rm: the model.
 * @ret: what it returned.
 *
 * -EINVAL before registration, -EALREADY when active, else 0.
 *
 * Context: Any context.
 */
void rm_tag_activate(struct refmodel *rm, int ret)
{
	int want = !rm->tag_registered ? -EINVAL :
		   rm->tag_active ? -EALREADY : 0;

	rm_expect(rm, "tag_storage_activate", ret, want);
	if (!ret && !rm->failed)
		rm->tag_active = true;
}

/**
 * rm_tag_deactivate() - check tag_storage_deactivate(0).
 * @rm: the model.
 * @ret: what it returned.
 *
 * -EINVAL before registration, -EALREADY when inactive, else 0.
 *
 * Context: Any context.
 */
void rm_tag_deactivate(struct refmodel *rm, int ret)
{
	int want = !rm->tag_registered ? -EINVAL :
		   !rm->tag_active ? -EALREADY : 0;

	rm_expect(rm, "tag_storage_deactivate", ret, want);
	if (!ret && !rm->failed)
		rm->tag_active = false;
}

/**
 * rm_tag_pool_size() - the donor pool's size, if @pool is the donor's.
 * @rm: the model.
 * @pool: a pool id.
 * @size: receives the size.
 *
 * Context: Any context.
 * Return: whether @pool is the donor's.
 */
bool rm_tag_pool_size(const struct refmodel *rm, int pool,
		      unsigned long *size)
{
	if (!rm->tag_registered || pool != rm->tag_pool)
		return false;
	*size = rm->tag_active ? 0 : RM_TAG_PAGES;
	return true;
}

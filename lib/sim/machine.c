// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Creating, booting and destroying simulated machines: the platform's
 * parts (memmap, log, clock, trace, RCU worker; lib/platform/), then the
 * core's per-machine state (the initcalls, below), then what the
 * simulation keeps on the machine (filesystems, pins).
 */
#include <stdlib.h>
#include <string.h>

#include "kernel/rcupdate.h"
#include "sim/sim_internal.h"

/*
 * Core subsystems with machine-local state, created with the machine and
 * destroyed with it (the kernel's initcalls, per machine).
 */
static const struct sim_subsys {
	enum machine_local_id id;
	void *(*create)(void);
	void (*destroy)(void *state);
} sim_subsystems[] = {
	/* First: the others free pages into it until they are gone. */
	{ ML_PAGE_ALLOC, page_alloc_state_create, page_alloc_state_destroy },
	{ ML_CLEANCACHE, cleancache_state_create, cleancache_state_destroy },
	{ ML_GCMA, gcma_state_create, gcma_state_destroy },
	{ ML_CMA, cma_state_create, cma_state_destroy },
	{ ML_FRONTSWAP, frontswap_state_create, frontswap_state_destroy },
	{ ML_TAG_STORAGE, tag_storage_state_create, tag_storage_state_destroy },
};

/* Create every subsystem's state; on failure undo and return -ENOMEM. */
static int sim_subsys_create(struct sim_machine *m)
{
	struct sim_enter_state saved;
	int ret = 0;
	size_t i;

	sim_machine_enter(m, &saved);
	for (i = 0; i < ARRAY_SIZE(sim_subsystems); i++) {
		m->local[sim_subsystems[i].id] = sim_subsystems[i].create();
		if (!m->local[sim_subsystems[i].id]) {
			ret = -ENOMEM;
			break;
		}
	}
	while (ret && i--)
		sim_subsystems[i].destroy(m->local[sim_subsystems[i].id]);
	sim_machine_leave(&saved);
	return ret;
}

/*
 * Tear down what lives on the machine, with the caller borrowing it:
 * pins first (releasing them may free folios), filesystems next (their
 * unmount uses cleancache and RCU), then, once
 * every RCU callback has run, the subsystems' state.
 */
static void sim_subsys_destroy(struct sim_machine *m, bool drain_here)
{
	struct sim_enter_state saved;
	size_t i = ARRAY_SIZE(sim_subsystems);

	sim_machine_enter(m, &saved);
	sim_pin_release_all(m);
	sim_fs_exit(m);
	if (drain_here)
		sim_rcu_drain();
	else
		rcu_barrier();
	while (i--)
		sim_subsystems[i].destroy(m->local[sim_subsystems[i].id]);
	sim_trace_exit(m);
	sim_machine_leave(&saved);
}

static void sim_default_copy_page(void *ctx, void *dst, const void *src)
{
	memcpy(dst, src, PAGE_SIZE);
}

static int sim_config_check(const struct sim_machine_config *cfg)
{
	/* pfns must be physical addresses that fit in 64 bits. */
	const unsigned long max_pfn = 1UL << (64 - PAGE_SHIFT);

	if (!cfg->nr_pages)
		return -EINVAL;
	if (cfg->base_pfn >= max_pfn || cfg->nr_pages > max_pfn - cfg->base_pfn)
		return -EOVERFLOW;
	if (cfg->nr_pages > SIM_MACHINE_MAX_PAGES)
		return -ENOMEM;
	if ((unsigned int)cfg->data_mode > SIM_DATA_PAGES ||
	    (unsigned int)cfg->violation_mode > SIM_VIOLATION_ABORT)
		return -EINVAL;
	if (cfg->name && strlen(cfg->name) >= sizeof(((struct sim_machine *)0)->name))
		return -ENAMETOOLONG;
	return 0;
}

/**
 * sim_machine_create() - build a machine from @cfg.
 * @cfg: the configuration; DEFAULT modes take the build's defaults.
 * @out: receives the machine.
 *
 * Every pfn starts free: refcount 0, no flags, and in data mode its page
 * poisoned. The machine is in its boot phase until sim_machine_boot_done().
 *
 * Context: Process context; the caller need not be attached.
 * Return: 0; -EINVAL for NULL arguments, 0 pages or an unknown mode;
 * -EOVERFLOW when the pfn range does not fit in 64-bit physical addresses;
 * -ENAMETOOLONG for a name of 32 bytes or more; -EINVAL also for a bad
 * LIBGCMA_* environment variable (said on stderr); -ENOMEM, also for more
 * than SIM_MACHINE_MAX_PAGES, or in data mode more than SIM_DATA_MAX_PAGES
 * or the host's memory (checked before anything is mapped). On failure
 * *@out is left untouched.
 */
/* Undo the platform's parts of a machine: pins, log, clock, memory. */
static void sim_machine_put_base(struct sim_machine *m)
{
	sim_pin_exit(m);
	sim_log_exit(m);
	sim_clock_exit(m);
	sim_machine_unmap(m);
	sim_vlog_destroy(&m->vlog);
	pthread_mutex_destroy(&m->fault_lock);
	pthread_mutex_destroy(&m->lock);
}

/*
 * Everything sim_machine_create() does after allocating @m (zeroed), with
 * the environment's @defects; the call_rcu worker's reference taken when
 * @get_rcu (a reset keeps the one it has). On failure what was set up is
 * undone, @m itself is left to the caller.
 */
static int sim_machine_init(struct sim_machine *m,
			    const struct sim_machine_config *cfg,
			    unsigned int defects, bool get_rcu)
{
	int ret;

	snprintf(m->name, sizeof(m->name), "%s", cfg->name ? cfg->name : "machine");
	m->nr_pages = cfg->nr_pages;
	m->base_pfn = cfg->base_pfn;
	m->end_pfn = cfg->base_pfn + cfg->nr_pages;
	m->data_mode = cfg->data_mode == SIM_DATA_DEFAULT ?
		       SIM_DEFAULT_DATA_MODE : cfg->data_mode;
	m->seed = cfg->seed;
	if (cfg->ops)
		m->ops = *cfg->ops;
	if (!m->ops.copy_page)
		m->ops.copy_page = sim_default_copy_page;
	m->defects = defects;
	m->hooks.safe_point = sim_pin_expire_due;
	m->hooks.describe_page_owner = sim_pin_describe;
	m->hooks.contig_blame = sim_hurdle_blame;
	pthread_mutex_init(&m->lock, NULL);
	pthread_mutex_init(&m->fault_lock, NULL);
	sim_vlog_init(&m->vlog, cfg->violation_mode == SIM_VIOLATION_DEFAULT ?
				SIM_DEFAULT_VIOLATION_MODE : cfg->violation_mode);

	ret = sim_machine_map(m);
	if (!ret)
		ret = sim_clock_init(m);
	if (!ret)
		ret = sim_log_init(m);
	if (!ret)
		ret = sim_pin_init(m);
	if (!ret && get_rcu)
		ret = sim_rcu_get();
	if (!ret) {
		ret = sim_trace_init(m);
		if (!ret)
			ret = sim_fs_init(m);
		if (!ret)
			ret = sim_subsys_create(m);
		if (ret) {
			sim_fs_exit(m);
			sim_trace_exit(m);
			if (get_rcu)
				sim_rcu_put();
		}
	}
	if (ret)
		sim_machine_put_base(m);
	return ret;
}

/*
 * Everything sim_machine_destroy() does before freeing @m; the call_rcu
 * worker's reference dropped when @put_rcu, else the old state's
 * callbacks are run by the caller (sim_rcu_drain()).
 */
static void sim_machine_fini(struct sim_machine *m, bool put_rcu)
{
	sim_subsys_destroy(m, !put_rcu);
	if (put_rcu)
		sim_rcu_put();
	sim_machine_put_base(m);
}

/**
 * sim_machine_create() - build a machine from @cfg.
 * @cfg: the configuration; DEFAULT modes take the build's defaults.
 * @out: receives the machine.
 *
 * Every pfn starts free: refcount 0, no flags, and in data mode its page
 * poisoned. The machine is in its boot phase until sim_machine_boot_done().
 *
 * Context: Process context; the caller need not be attached.
 * Return: 0; -EINVAL for NULL arguments, 0 pages or an unknown mode;
 * -EOVERFLOW when the pfn range does not fit in 64-bit physical addresses;
 * -ENAMETOOLONG for a name of 32 bytes or more; -EINVAL also for a bad
 * LIBGCMA_* environment variable (said on stderr); -ENOMEM, also for more
 * than SIM_MACHINE_MAX_PAGES, or in data mode more than SIM_DATA_MAX_PAGES
 * or the host's memory (checked before anything is mapped). On failure
 * *@out is left untouched.
 */
int sim_machine_create(const struct sim_machine_config *cfg,
		       struct sim_machine **out)
{
	struct sim_machine *m;
	unsigned int defects;
	int ret;

	if (!cfg || !out)
		return -EINVAL;
	ret = sim_config_check(cfg);
	if (ret)
		return ret;
	ret = sim_env_check(&defects);
	if (ret)
		return ret;
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	ret = sim_machine_init(m, cfg, defects, true);
	if (ret) {
		free(m);
		return ret;
	}
	*out = m;
	return 0;
}

/**
 * sim_machine_reset() - make @m again what sim_machine_create() made.
 * @mp: the machine; set to NULL if the reset fails.
 *
 * Tears down everything on the machine as sim_machine_destroy() does,
 * then builds it again from the configuration it was created with (the
 * LIBGCMA_* environment read again), in the same memory: a fresh machine
 * in its boot phase, in every respect a later call can observe (the same
 * code builds both; tests/fuzz/test_machine_reset.c compares them). What
 * it saves over destroy and create: the machine's allocation, and the
 * hand-off to the call_rcu worker, which would run the old state's
 * callbacks: here the caller runs them (sim_rcu_drain()).
 *
 * Context: Process context, outside any RCU read-side critical section;
 * the calling thread may be attached to @m (it is detached), no other
 * thread may be.
 * Return: 0; -EINVAL for a NULL machine; -EBUSY while another thread is
 * attached or the caller holds the RCU read lock (nothing changes);
 * -EINVAL for a bad LIBGCMA_* environment variable (nothing changes);
 * -ENOMEM if the new machine cannot be built: then the old one is gone
 * too, freed as by sim_machine_destroy(), and *@mp is NULL.
 */
int sim_machine_reset(struct sim_machine **mp)
{
	struct sim_machine *m = mp ? *mp : NULL;
	struct sim_machine_config cfg;
	struct sim_env_ops ops;
	unsigned int defects;
	char name[sizeof(m->name)];
	int ret;

	if (!m)
		return -EINVAL;
	ret = sim_env_check(&defects);
	if (ret)
		return ret;
	ret = sim_detach_for_destroy(m);
	if (ret)
		return ret;
	memcpy(name, m->name, sizeof(name));
	ops = m->ops;
	cfg = (struct sim_machine_config) {
		.name = name, .nr_pages = m->nr_pages, .base_pfn = m->base_pfn,
		.data_mode = m->data_mode, .violation_mode = m->vlog.mode,
		.seed = m->seed, .ops = &ops,
	};
	sim_machine_fini(m, false);
	memset(m, 0, sizeof(*m));
	ret = sim_machine_init(m, &cfg, defects, false);
	if (ret) {
		sim_rcu_put();
		free(m);
		*mp = NULL;
	}
	return ret;
}

/**
 * sim_machine_destroy() - free a machine and everything it owns.
 * @m: the machine.
 *
 * The calling thread may be attached to @m (it is detached); no other
 * thread may be. Pending RCU callbacks are run first.
 *
 * Context: Process context, outside any RCU read-side critical section.
 * Return: 0, -EINVAL for a NULL @m, -EBUSY while another thread is
 * attached or the caller holds the RCU read lock (nothing is freed).
 */
int sim_machine_destroy(struct sim_machine *m)
{
	int ret;

	if (!m)
		return -EINVAL;
	ret = sim_detach_for_destroy(m);
	if (ret)
		return ret;
	sim_machine_fini(m, true);
	free(m);
	return 0;
}

/**
 * sim_machine_get_info() - facts about @m.
 * @m: the machine.
 * @out: receives them.
 *
 * Context: Any context.
 * Return: 0, or -EINVAL for a NULL argument.
 */
int sim_machine_get_info(const struct sim_machine *m,
			 struct sim_machine_info *out)
{
	struct sim_machine *mm = (struct sim_machine *)m;

	if (!m || !out)
		return -EINVAL;
	pthread_mutex_lock(&mm->lock);
	*out = (struct sim_machine_info) {
		.name = m->name,
		.nr_pages = m->nr_pages,
		.base_pfn = m->base_pfn,
		.end_pfn = m->end_pfn,
		.data_mode = m->data_mode,
		.violation_mode = m->vlog.mode,
		.seed = m->seed,
		.booted = m->booted,
		.memmap_bytes = m->memmap_bytes,
		.data_bytes = m->data_bytes,
		.nr_reserved = m->nr_reserved,
		.attached = __atomic_load_n(&m->attached, __ATOMIC_RELAXED),
	};
	pthread_mutex_unlock(&mm->lock);
	return 0;
}

/*
 * The late initcall that activates @m's CMA areas. A caller attached to
 * @m runs it itself, so its allocations (each area's bitmap, a
 * `guarantee` area's GCMA registration) meet @m's fault rules, and a
 * fail-nth loop reaches an activation that fails; anyone else runs it as
 * the machine, exempt from them.
 */
static void sim_cma_activate(struct sim_machine *m)
{
	struct sim_enter_state saved;

	if (sim_tls_machine == m) {
		cma_activate_areas();
		return;
	}
	sim_machine_enter(m, &saved);
	cma_activate_areas();
	sim_machine_leave(&saved);
}

/**
 * sim_machine_boot_done() - end the boot phase of @m.
 * @m: the machine.
 *
 * After this the memblock-like allocator is closed, as memblock is once
 * the kernel's page allocator runs, and every pfn not reserved becomes
 * free system memory for folio_alloc(): the runs between reservations are
 * handed to the buddy allocator as maximal aligned blocks, writing only
 * each block's first descriptor (docs/page_alloc.md). Then the late
 * initcalls run: the CMA areas declared during boot are activated (an
 * area that cannot be, for an allocation that fails, is logged with
 * -ENOMEM and stays unusable: its pages stay reserved, cma_alloc() of it
 * is -EINVAL). A caller attached to @m makes the activation's
 * allocations itself, under @m's fault rules.
 *
 * Context: Process context; the calling thread may be attached to @m or
 * to no machine.
 * Return: 0, -EINVAL for a NULL @m, -EALREADY if already booted, -ENOMEM
 * (still in the boot phase).
 */
int sim_machine_boot_done(struct sim_machine *m)
{
	struct sim_enter_state saved;
	int ret = 0;

	if (!m)
		return -EINVAL;
	pthread_mutex_lock(&m->lock);
	if (m->booted) {
		ret = -EALREADY;
	} else {
		sim_machine_enter(m, &saved);
		ret = sim_memblock_free_all(m);
		sim_machine_leave(&saved);
	}
	if (!ret)
		m->booted = true;
	pthread_mutex_unlock(&m->lock);
	if (!ret) {
		sim_page_alloc_boot_hooks(m);
		sim_cma_activate(m);
	}
	return ret;
}

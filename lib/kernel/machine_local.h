/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Machine-local state (kernel shim).
 *
 * What the kernel keeps in file-scope globals (cleancache's pools, LRU
 * and fs registry; later GCMA's areas) exists once per simulated machine
 * here. A core file gets the calling thread's instance with
 * machine_local(); the machine creates every instance with the
 * subsystem's constructor and frees it with its destructor. In a kernel
 * port, machine_local(ML_X) becomes the address of a static variable.
 */
#ifndef _KSHIM_MACHINE_LOCAL_H
#define _KSHIM_MACHINE_LOCAL_H

enum machine_local_id {
	ML_CLEANCACHE,
	ML_GCMA,
	ML_CMA,
	ML_PAGE_ALLOC,
	ML_FRONTSWAP,
	ML_NR,
};

/*
 * machine_local - the attached machine's instance of state @id, or NULL
 * (reported as an API violation) from a thread attached to no machine.
 */
void *machine_local(enum machine_local_id id);

/*
 * Constructors and destructors, called by sim_machine_create() and
 * sim_machine_destroy(). A destructor runs when no thread is attached and
 * every RCU callback has run: it frees directly.
 */
void *cleancache_state_create(void);
void cleancache_state_destroy(void *state);
void *gcma_state_create(void);
void gcma_state_destroy(void *state);
void *cma_state_create(void);
void cma_state_destroy(void *state);

/*
 * Late initcalls, run by sim_machine_boot_done() once the page allocator
 * is up, with the machine borrowed: cma_activate_areas() (lib/mm/cma.c).
 */
int cma_activate_areas(void);
void *page_alloc_state_create(void);
void page_alloc_state_destroy(void *state);
void *frontswap_state_create(void);
void frontswap_state_destroy(void *state);

#endif /* _KSHIM_MACHINE_LOCAL_H */

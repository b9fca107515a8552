/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Pinned folios: simulated users holding pages the way the kernel's
 * pin_user_pages() callers do (O_DIRECT I/O, vmsplice, FOLL_LONGTERM GUP).
 *
 * A pin takes one reference and one _pincount on the folio, so the folio
 * cannot be freed, and migration, which needs the references it expects,
 * fails on it. A timed pin (hold_ns > 0) is released by the machine at the
 * first safe point (cond_resched(), sim_clock_advance()) after its expiry
 * time; an untimed one lives until sim_unpin(), sim_unpin_holder() or the
 * machine's destruction.
 *
 * Deviation: the kernel adds GUP_PIN_COUNTING_BIAS (1024) to the refcount
 * of a small folio instead of using _pincount; here every folio uses one
 * reference plus _pincount, so folio_maybe_dma_pinned() is exact.
 */
#ifndef _LIBGCMA_PIN_H
#define _LIBGCMA_PIN_H

#include <libgcma/folio.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sim_machine;
struct sim_pin;

/**
 * enum sim_pin_kind - who pins and how.
 * @SIM_PIN_ODIRECT: O_DIRECT I/O: short, usually timed.
 * @SIM_PIN_VMSPLICE: vmsplice into a pipe: until explicitly released.
 * @SIM_PIN_LONGTERM: FOLL_LONGTERM GUP (RDMA, VFIO): see
 *	sim_pin_set_longterm_migrates().
 * @SIM_PIN_AIO: an AIO ring buffer page, held for the ring's life
 *	(io_setup() to io_destroy()).
 * @SIM_PIN_FRESH: a page made unmovable for a moment right after it was
 *	allocated (taken from a per-CPU list, a page-cache page being read):
 *	the 2013 thread's "temporarily unmovable" pages.
 * @SIM_PIN_NR_KINDS: number of kinds.
 */
enum sim_pin_kind {
	SIM_PIN_ODIRECT,
	SIM_PIN_VMSPLICE,
	SIM_PIN_LONGTERM,
	SIM_PIN_AIO,
	SIM_PIN_FRESH,
	SIM_PIN_NR_KINDS,
};

/**
 * folio_maybe_dma_pinned() - is @folio pinned?
 * @folio: a folio head.
 *
 * Exact here (see the deviation above), a hint in the kernel.
 *
 * Context: Any context.
 * Return: true while at least one pin holds @folio.
 */
static inline bool folio_maybe_dma_pinned(const struct folio *folio)
{
	return __atomic_load_n(&folio->_pincount.counter, __ATOMIC_ACQUIRE) > 0;
}

LIBGCMA_API int sim_pin_folio(struct folio *folio, enum sim_pin_kind kind,
			      uint64_t hold_ns, const char *holder,
			      struct sim_pin **out);
LIBGCMA_API int sim_unpin(struct sim_pin *pin);
LIBGCMA_API long sim_unpin_holder(struct sim_machine *m, const char *holder);
LIBGCMA_API long sim_pin_random(struct sim_machine *m, enum sim_pin_kind kind,
				unsigned long nr, uint64_t hold_ns,
				const char *holder, uint64_t *prng);
/* One request of sim_pin_random_batch(): sim_pin_random()'s arguments. */
struct sim_pin_random_req {
	enum sim_pin_kind kind;
	unsigned long nr;
	uint64_t hold_ns;
	const char *holder;
	long pinned;		/* out: what sim_pin_random() would return */
};

LIBGCMA_API long sim_pin_random_batch(struct sim_machine *m,
				      struct sim_pin_random_req *req,
				      unsigned int n, uint64_t *prng);
LIBGCMA_API unsigned long sim_pin_count(const struct sim_machine *m);
LIBGCMA_API int sim_pin_describe(const struct folio *folio, char *buf,
				 size_t len);
LIBGCMA_API const char *sim_pin_kind_name(enum sim_pin_kind kind);
LIBGCMA_API int sim_pin_set_longterm_migrates(struct sim_machine *m, bool on);
LIBGCMA_API bool sim_pin_longterm_migrates(const struct sim_machine *m);

#ifdef __cplusplus
}
#endif

#endif /* _LIBGCMA_PIN_H */

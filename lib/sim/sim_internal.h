/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Simulation layer internals: what the lib/sim/ files share on top of the
 * platform's machine structure (platform/internal.h). The simulation sits
 * above the core; nothing below includes this header.
 */
#ifndef _SIM_SIM_INTERNAL_H
#define _SIM_SIM_INTERNAL_H

#include "platform/internal.h"

/*
 * An order-dependent 64-bit hash of a sequence of words, for
 * sim_machine_digest() (lib/sim/digest.c): each word goes through
 * splitmix64's finaliser, then into the state by rotate, xor, multiply.
 */
struct sim_hash {
	uint64_t h;
	unsigned int corrupt;	/* lists found corrupt (digest.c) */
};

static inline void sim_hash_u64(struct sim_hash *s, uint64_t v)
{
	uint64_t z = v + 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	s->h = (((s->h << 27) | (s->h >> 37)) ^ z) * 0x9e3779b97f4a7c15ULL;
}

/* lib/sim/digest.c: a string, its length first. */
void sim_hash_str(struct sim_hash *s, const char *str);

/* lib/sim/env.c: the LIBGCMA_* variables, checked at machine creation. */
int sim_env_check(unsigned int *defects);

/*
 * lib/sim/boot.c: at sim_machine_boot_done(), size the page
 * allocator's zone and hand it every pfn not reserved (memblock_free_all).
 * Caller holds m->lock and has entered @m.
 */
int sim_memblock_free_all(struct sim_machine *m);

/* lib/sim/fs.c: per-machine filesystem state; exit unmounts what is left. */
struct sim_fs_state;
int sim_fs_init(struct sim_machine *m);
void sim_fs_exit(struct sim_machine *m);
unsigned long sim_fs_direct_reclaim(gfp_t gfp, unsigned int order);

/*
 * lib/sim/pin.c: pinned folios. sim_pin_expire_due() runs at safe points;
 * sim_pin_release_all() runs first in the machine's teardown.
 * sim_pin_set_longterm_check() lets the page allocator model say which
 * folios a FOLL_LONGTERM pin must not take (CMA pageblocks).
 */
struct sim_pins;
int sim_pin_init(struct sim_machine *m);
void sim_pin_exit(struct sim_machine *m);
void sim_pin_release_all(struct sim_machine *m);
void sim_pin_expire_due(struct sim_machine *m);
void sim_pin_set_longterm_check(struct sim_machine *m,
				bool (*pinnable)(struct folio *folio));
unsigned long sim_pin_check(struct sim_machine *m);
int sim_pin_oldest_kind(struct sim_machine *m, const struct folio *folio);

/*
 * lib/sim/pin_draw.c: sim_pin_random_batch()'s reservoir sample from its
 * candidate list. Every way of drawing gives the same picks and
 * generator state; the vector ones draw 8 at a time.
 */
enum sim_draw_isa {
	SIM_DRAW_SCALAR,	/* one draw at a time: the reference */
	SIM_DRAW_VECTOR,	/* vector extensions, the build's own ISA */
	SIM_DRAW_AVX2,		/* x86-64 AVX2 */
	SIM_DRAW_AVX512,	/* x86-64 AVX-512F and DQ */
	SIM_DRAW_NR_ISAS,
};
bool sim_draw_isa_usable(enum sim_draw_isa isa);
enum sim_draw_isa sim_draw_isa_best(void);
void sim_pin_reservoir_list(enum sim_draw_isa isa, unsigned long *pick,
			    unsigned long nr, unsigned long base,
			    const uint32_t *cand, unsigned long seen,
			    uint64_t *prng);

/* lib/sim/hurdle.c: CMA's hurdles as causes (include/libgcma/hurdle.h). */
void sim_hurdle_blame(const struct folio *folio, uint64_t ns, int err);
void sim_hurdle_charge(enum sim_cause cause, uint64_t ns);
void sim_pin_digest(struct sim_machine *m, struct sim_hash *h);

/* lib/sim/pagealloc.c: install the long-term pin check at boot. */
void sim_page_alloc_boot_hooks(struct sim_machine *m);

#endif /* _SIM_SIM_INTERNAL_H */

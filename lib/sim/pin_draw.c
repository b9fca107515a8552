// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The reservoir draws of sim_pin_random_batch(), several at a time.
 *
 * Candidate c (0-based) past the first @nr draws j = hi64(z * (c + 1)),
 * z being the generator's next output, and replaces pick[j] if j < nr.
 * splitmix64 is counter-based: the state only steps by a constant, so
 * draw c's z depends on the start state and c alone, and a vector of 8
 * lanes computes 8 draws at once. A replacement is rare (about
 * nr * ln(seen / nr) of seen draws; nr is a few pins), so the vector
 * code only proves that a group of draws has none: j < nr exactly when
 * z * (c + 1) < nr * 2^64, i.e. z below a threshold that falls with c.
 * A threshold taken at the smallest c of a chunk is at least every
 * draw's own; a group with a lane below it is redone one draw at a time
 * by the scalar loop, which applies its replacements in candidate order.
 * Every path leaves the same picks and the same generator state.
 */
#include "sim/sim_internal.h"

/* sim_prng_next()'s step of the state. */
#define SIM_DRAW_GAMMA	0x9e3779b97f4a7c15ULL

/*
 * Draws for candidates @c .. @end - 1 (all >= @nr), one at a time from
 * *@state: the reference every other path must match.
 */
static void sim_draw_scalar(unsigned long *pick, unsigned long nr,
			    unsigned long base, const uint32_t *cand,
			    unsigned long c, unsigned long end, uint64_t *state)
{
	uint64_t s = *state;

	for (; c < end; c++) {
		uint64_t z = sim_prng_next(&s);
		uint64_t j = (uint64_t)(((unsigned __int128)z * (c + 1)) >> 64);

		if (j < nr)
			pick[j] = base + cand[c];
	}
	*state = s;
}

/*
 * Every z of a draw with bound @b or more that can give j < @nr is below
 * the return value: nr * 2^64 / b rounded up, or more (saturated).
 */
static inline uint64_t sim_draw_threshold(unsigned long nr, uint64_t b)
{
	uint64_t t;

	if (__builtin_mul_overflow(UINT64_MAX / b + 1, (uint64_t)nr, &t))
		return UINT64_MAX;
	return t;
}

#if defined(__GNUC__) && !defined(SIM_DRAW_NO_VECTOR)
#define SIM_DRAW_VECTOR_OK 1

#define SIM_DRAW_LANES	8
#define SIM_DRAW_GROUP	(4 * SIM_DRAW_LANES)	/* draws per any-hit test */
#define SIM_DRAW_CHUNK	(8 * SIM_DRAW_GROUP)	/* draws per threshold */

typedef uint64_t sim_u64x8 __attribute__((vector_size(8 * SIM_DRAW_LANES)));
typedef uint64_t sim_u64x4 __attribute__((vector_size(32)));
typedef uint64_t sim_u64x2 __attribute__((vector_size(16)));

/*
 * sim_prng_next()'s output from a stepped state, lane by lane (through a
 * pointer: a vector argument or return value would draw gcc's -Wpsabi).
 */
static inline __attribute__((always_inline)) void
sim_draw_mix_x8(sim_u64x8 *v)
{
	sim_u64x8 z = *v;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	*v = z ^ (z >> 31);
}

/*
 * Is the sign bit set in a lane of @v? Halves are or-ed together (a
 * union, as a lane index in a loop made some compilers extract each lane).
 */
static inline __attribute__((always_inline)) bool
sim_draw_any_sign(const sim_u64x8 *v)
{
	union {
		sim_u64x8 x8;
		sim_u64x4 x4[2];
		sim_u64x2 x2[2];
	} u;

	u.x8 = *v;
	u.x4[0] |= u.x4[1];
	u.x2[0] |= u.x2[1];
	return (u.x2[0][0] | u.x2[0][1]) >> 63;
}

/*
 * sim_draw_scalar() by groups of SIM_DRAW_GROUP draws, each tested at
 * once against the chunk's threshold t; the tail (under a group) and any
 * group that may replace a pick run through sim_draw_scalar(). The test
 * is (z >> 1) - ((t >> 1) + 1): both terms are at most 2^63, so its
 * sign bit is set exactly when z >> 1 is below (t >> 1) + 1, which holds
 * for every z < t (and a few more). Shift, subtract and or exist in every
 * vector instruction set (an unsigned compare does not; gcc 12 made one
 * compare per lane of it). Inlined into one function per instruction set
 * below, which compiles the same code for that set.
 */
static inline __attribute__((always_inline)) void
sim_draw_vector(unsigned long *pick, unsigned long nr, unsigned long base,
		const uint32_t *cand, unsigned long c, unsigned long end,
		uint64_t *state)
{
	const sim_u64x8 zero = { 0 };
	const sim_u64x8 lane = { 1, 2, 3, 4, 5, 6, 7, 8 };
	uint64_t s = *state;
	/*
	 * The group's first 8 states, kept in step with @s (a broadcast of
	 * @s per group went through memory with gcc 12's AVX2 code).
	 */
	sim_u64x8 sv = (zero + s) + lane * SIM_DRAW_GAMMA;

	while (end - c >= SIM_DRAW_GROUP) {
		unsigned long chunk_end = c + SIM_DRAW_CHUNK;
		sim_u64x8 t = zero + ((sim_draw_threshold(nr, c + 1) >> 1) + 1);

		if (chunk_end > end)
			chunk_end = end;
		for (; chunk_end - c >= SIM_DRAW_GROUP; c += SIM_DRAW_GROUP) {
			sim_u64x8 z0 = sv, z1, z2, z3, below;

			z1 = z0 + 8 * SIM_DRAW_GAMMA;
			z2 = z0 + 16 * SIM_DRAW_GAMMA;
			z3 = z0 + 24 * SIM_DRAW_GAMMA;
			sim_draw_mix_x8(&z0);
			sim_draw_mix_x8(&z1);
			sim_draw_mix_x8(&z2);
			sim_draw_mix_x8(&z3);
			below = ((z0 >> 1) - t) | ((z1 >> 1) - t) |
				((z2 >> 1) - t) | ((z3 >> 1) - t);
			if (__builtin_expect(sim_draw_any_sign(&below), 0)) {
				uint64_t redo = s;

				sim_draw_scalar(pick, nr, base, cand, c,
						c + SIM_DRAW_GROUP, &redo);
			}
			s += SIM_DRAW_GROUP * SIM_DRAW_GAMMA;
			sv += SIM_DRAW_GROUP * SIM_DRAW_GAMMA;
		}
	}
	sim_draw_scalar(pick, nr, base, cand, c, end, &s);
	*state = s;
}

static void sim_draw_vector_base(unsigned long *pick, unsigned long nr,
				 unsigned long base, const uint32_t *cand,
				 unsigned long c, unsigned long end,
				 uint64_t *state)
{
	sim_draw_vector(pick, nr, base, cand, c, end, state);
}
#endif

#if defined(SIM_DRAW_VECTOR_OK) && defined(__x86_64__)
#define SIM_DRAW_X86 1

__attribute__((target("avx2")))
static void sim_draw_avx2(unsigned long *pick, unsigned long nr,
			  unsigned long base, const uint32_t *cand,
			  unsigned long c, unsigned long end, uint64_t *state)
{
	sim_draw_vector(pick, nr, base, cand, c, end, state);
}

__attribute__((target("avx512f,avx512dq")))
static void sim_draw_avx512(unsigned long *pick, unsigned long nr,
			    unsigned long base, const uint32_t *cand,
			    unsigned long c, unsigned long end, uint64_t *state)
{
	sim_draw_vector(pick, nr, base, cand, c, end, state);
}
#endif

/**
 * sim_draw_isa_usable() - can this build and CPU run @isa's draws?
 * @isa: a way to draw.
 *
 * Context: Any context.
 * Return: true if sim_pin_reservoir_list() runs @isa as asked.
 */
bool sim_draw_isa_usable(enum sim_draw_isa isa)
{
	switch (isa) {
	case SIM_DRAW_SCALAR:
		return true;
#ifdef SIM_DRAW_VECTOR_OK
	case SIM_DRAW_VECTOR:
		return true;
#endif
#ifdef SIM_DRAW_X86
	case SIM_DRAW_AVX2:
		return __builtin_cpu_supports("avx2");
	case SIM_DRAW_AVX512:
		return __builtin_cpu_supports("avx512f") &&
		       __builtin_cpu_supports("avx512dq");
#endif
	default:
		return false;
	}
}

/**
 * sim_draw_isa_best() - the fastest usable way to draw.
 *
 * Per draw, 150000 candidates, a reservoir of 8, on an AMD EPYC with
 * AVX-512 (gcc 12 -O3 / clang 14 -O3): scalar 1.4 / 1.5 ns, vector
 * (SSE2) 1.2 / 1.2 ns, AVX2 1.07 / 0.62 ns, AVX-512 0.21 / 0.21 ns. The
 * vector code is chosen only on x86-64, where it was measured.
 *
 * Context: Any context.
 * Return: an enum sim_draw_isa that sim_draw_isa_usable() accepts.
 */
enum sim_draw_isa sim_draw_isa_best(void)
{
	if (sim_draw_isa_usable(SIM_DRAW_AVX512))
		return SIM_DRAW_AVX512;
	if (sim_draw_isa_usable(SIM_DRAW_AVX2))
		return SIM_DRAW_AVX2;
#ifdef SIM_DRAW_X86
	return SIM_DRAW_VECTOR;
#else
	return SIM_DRAW_SCALAR;
#endif
}

/**
 * sim_pin_reservoir_list() - a reservoir sample of @nr from a candidate
 * list, as sim_pin_reservoir() offers candidate after candidate.
 * @isa: how to draw; one that is not usable draws one at a time.
 * @pick: receives the pfns of min(@nr, @seen) picks, in reservoir order.
 * @nr: the reservoir's size, > 0.
 * @base: the pfn that @cand's offsets count from.
 * @cand: @seen candidate offsets, in pfn order.
 * @seen: number of candidates.
 * @prng: the generator's state, advanced by one step per candidate past
 *	the first @nr.
 *
 * Every @isa gives the same @pick and *@prng (tests/unit/test_pin.c).
 *
 * Context: Any context.
 * Return: nothing.
 */
void sim_pin_reservoir_list(enum sim_draw_isa isa, unsigned long *pick,
			    unsigned long nr, unsigned long base,
			    const uint32_t *cand, unsigned long seen,
			    uint64_t *prng)
{
	uint64_t state = *prng;		/* a store to @pick may alias *@prng */
	unsigned long c;

	for (c = 0; c < seen && c < nr; c++)
		pick[c] = base + cand[c];
	if (c == seen)
		return;
	if (!sim_draw_isa_usable(isa))
		isa = SIM_DRAW_SCALAR;
	switch (isa) {
#ifdef SIM_DRAW_VECTOR_OK
	case SIM_DRAW_VECTOR:
		sim_draw_vector_base(pick, nr, base, cand, c, seen, &state);
		break;
#endif
#ifdef SIM_DRAW_X86
	case SIM_DRAW_AVX2:
		sim_draw_avx2(pick, nr, base, cand, c, seen, &state);
		break;
	case SIM_DRAW_AVX512:
		sim_draw_avx512(pick, nr, base, cand, c, seen, &state);
		break;
#endif
	default:
		sim_draw_scalar(pick, nr, base, cand, c, seen, &state);
		break;
	}
	*prng = state;
}

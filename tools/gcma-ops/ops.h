/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The operation language of the fuzz target and the trace replay: an
 * operation is a kind and up to four small arguments; a program is a
 * machine geometry and a bounded array of operations.
 *
 * Four forms of one program:
 *  - bytes (a fuzz input): byte 0 picks the geometry, then each op is
 *    one kind byte followed by one byte per argument; each byte is
 *    reduced modulo the argument's range, so every input decodes;
 *  - the decoded struct gops_program;
 *  - text, one line per op ("gcma_alloc area=0 off=4 count=8 flags=1"),
 *    optionally followed by " -> result", which the parser ignores;
 *  - bytes again from gops_encode(), which writes each value as it is,
 *    so decode(encode(p)) == p and a text trace can become a corpus file.
 *
 * docs/testing.md ("Fuzzing") lists every op and its arguments.
 */
#ifndef _GCMA_OPS_H
#define _GCMA_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define GOPS_MAX_OPS	128
#define GOPS_MAX_ARGS	4
/* Longest formatted line, result included. */
#define GOPS_LINE_MAX	160

enum gop_kind {
	GOP_REGISTER_AREA,	/* gcma_register_area() of a direct area */
	GOP_REGISTER_POOL,	/* cleancache_backend_register_pool() */
	GOP_DONATE,		/* cleancache_backend_put_folio() */
	GOP_TAKE,		/* cleancache_backend_get_folio() */
	GOP_DONATE_RANGE,	/* cleancache_backend_put_range() */
	GOP_TAKE_RANGE,		/* cleancache_backend_get_range() */
	GOP_READ,		/* sim_page_cache_read() */
	GOP_READAHEAD,		/* sim_page_cache_readahead() */
	GOP_WRITE,		/* sim_page_cache_write() */
	GOP_WRITEBACK,		/* sim_page_cache_writeback() */
	GOP_EVICT,		/* sim_page_cache_evict() */
	GOP_SHRINK,		/* sim_page_cache_shrink() */
	GOP_TRUNCATE,		/* sim_page_cache_truncate() */
	GOP_FORGET,		/* sim_inode_evict(), then the inode anew */
	GOP_GCMA_ALLOC,		/* gcma_alloc_range() */
	GOP_GCMA_FREE,		/* gcma_free_range() */
	GOP_CMA_ALLOC,		/* cma_alloc_pages() */
	GOP_CMA_RELEASE,	/* cma_release_pages() */
	GOP_PIN_FILE,		/* sim_pin_folio() of a page-cache folio */
	GOP_PIN_GCMA,		/* sim_pin_folio() of a GCMA-allocated page */
	GOP_PIN_CMA,		/* sim_pin_folio() of a CMA allocation */
	GOP_UNPIN,		/* sim_unpin() */
	GOP_FAIL_NTH,		/* sim_fault_fail_nth() for the next op */
	GOP_FAIL_PROB,		/* sim_fault_set_probability(), next op */
	GOP_CLOCK,		/* sim_clock_advance(): timed pins expire */
	GOP_USE_GCMA,		/* the allocator's user sets page flags */
	/* The frontswap-like client (appended: older inputs decode alike). */
	GOP_SWAPON,		/* sim_swapon() */
	GOP_SWAPOFF,		/* sim_swapoff() */
	GOP_FSW_STORE,		/* frontswap_store() */
	GOP_FSW_LOAD,		/* frontswap_load() */
	GOP_FSW_INVALIDATE,	/* frontswap_invalidate_page() */
	GOP_FSW_INVALIDATE_AREA,	/* frontswap_invalidate_area() */
	GOP_SWAP_OUT,		/* sim_swap_out() */
	GOP_SWAP_IN,		/* sim_swap_in() */
	GOP_SWAP_FREE,		/* sim_swap_free() */
	GOP_SWAP_RATIO,		/* sim_frontswap_set_ratio() */
	/* The tag-storage donor (appended likewise). */
	GOP_TAG_REGISTER,	/* tag_storage_register() */
	GOP_TAG_ACTIVATE,	/* tag_storage_activate() */
	GOP_TAG_DEACTIVATE,	/* tag_storage_deactivate() */
	GOP_PCP,		/* sim_page_alloc_set_pcp(), _set_cma_pcp() */
	/* The hurdles of lib/sim/hurdle.c (appended likewise). */
	GOP_BH_ATTACH,		/* sim_bh_attach() */
	GOP_NOSWAP,		/* sim_hurdle_set_noswap() */
	GOP_NR_KINDS,
};

/* Machine geometries a program may ask for (byte 0 of an input). */
#define GOPS_NR_GEOMETRIES	3
extern const unsigned long gops_geometry_pages[GOPS_NR_GEOMETRIES];

/**
 * struct gop - one operation.
 * @kind: enum gop_kind.
 * @arg: its arguments, each below the range gops_arg_range() gives.
 */
struct gop {
	unsigned int kind;
	unsigned int arg[GOPS_MAX_ARGS];
};

/**
 * struct gops_program - a machine geometry and the ops to run on it.
 * @geometry: index into gops_geometry_pages.
 * @nr: ops in @ops.
 * @ops: the ops, in order.
 */
struct gops_program {
	unsigned int geometry;
	unsigned int nr;
	struct gop ops[GOPS_MAX_OPS];
};

const char *gops_kind_name(unsigned int kind);
unsigned int gops_nr_args(unsigned int kind);
const char *gops_arg_name(unsigned int kind, unsigned int i);
unsigned int gops_arg_range(unsigned int kind, unsigned int i);

void gops_decode(const uint8_t *data, size_t size, struct gops_program *p);
size_t gops_random_input(uint64_t seed, unsigned long i, uint8_t *buf,
			 size_t max_len);
size_t gops_encode(const struct gops_program *p, uint8_t *buf, size_t len);
int gops_format(const struct gop *op, const char *result, char *buf,
		size_t len);
int gops_parse_line(const char *line, struct gop *op);
int gops_parse_program(FILE *in, struct gops_program *p, int *bad_line);
int gops_print_program(const struct gops_program *p, FILE *out);
const char *gops_errno_name(int err, char *buf, size_t len);

#endif /* _GCMA_OPS_H */

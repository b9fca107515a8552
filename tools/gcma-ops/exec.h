/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The executor: runs a program (ops.h) on a fresh machine (created, or
 * the previous run's reset: retire.h), and after
 * every op looks for recorded violations, runs every invariant checker
 * (over the pfns the op touched, dirty.h; whole every
 * GOPS_FULL_CHECK_EVERY ops and after the last) and compares the
 * machine with the reference model (refmodel.h): the op's result and
 * data every op, the counters and refcounts where the op touched a pfn
 * and at the whole checks (docs/testing.md, "After every op").
 *
 * The machine (pages from the program's geometry, data mode, violations
 * recorded), built top-down by memblock:
 *
 *   0                                                                nr_pages
 *   | system memory | tags | donor | area1 | area0 | fz-gcma  | fz-cma  |
 *                    16 p   32 p    64 p    64 p    512 p      512 p
 *                   (tags, fz-gcma, fz-cma only with >= 2048 pages)
 *
 * - area0/area1: reserved boot pages that GCMA ops register as direct
 *   GCMA areas (register_area); area1 ends where area0 starts;
 * - donor: pages the executor owns and donates to the pools it
 *   registers (register_pool) or takes back (donate, take, ...);
 * - tags: reserved boot pages the tag ops register as the tag-storage
 *   donor (tag_register, refmodel_tag.c);
 * - fz-cma: a classic CMA area; fz-gcma: a CMA area with `guarantee`
 *   (also the first GCMA area, registered at boot);
 * - one simulated filesystem (page cache of 40 pages, with cleancache)
 *   holding four inodes of 24 pages (inode numbers 1..4).
 */
#ifndef _GCMA_OPS_EXEC_H
#define _GCMA_OPS_EXEC_H

#include <stdint.h>
#include <stdio.h>

#include "ops.h"

/* Ops between two runs of the whole checkers (struct gops_options). */
#define GOPS_FULL_CHECK_EVERY	32

struct sim_machine;

/**
 * struct gops_result - how a run ended.
 * @nr_run: ops run (the failing one included).
 * @failed_op: index of the op after which a check failed, or -1.
 * @msg: what failed.
 */
struct gops_result {
	unsigned int nr_run;
	int failed_op;
	char msg[640];
};

/**
 * struct gops_options - settings of a run beyond its program.
 * @state: where to print the machine's state (page states, violations,
 *	areas, cleancache and CMA counters, free lists) when a check
 *	fails; NULL: nowhere.
 * @defects: bit i switches kernel defect i (enum sim_defect_id,
 *	<libgcma/defects.h>) on for the run, right after the machine is
 *	created (before its areas are declared and it boots).
 * @full_check_every: the whole checkers run after every this many ops
 *	(but one fewer than half this many ops before the last) and after
 *	the last; after the others, the checkers look only at
 *	the pfns the op touched (dirty.h). 0: GOPS_FULL_CHECK_EVERY; 1:
 *	after every op, so that @res->failed_op is the first op after
 *	which anything is wrong.
 * @after_op: a test's hook, called after each op (with its index) and
 *	before the checks, e.g. to plant a corruption; NULL: none.
 * @arg: passed to @after_op.
 * @after_op_unseen: what @after_op changes in the memmap is not counted
 *	as touched: only the whole checkers can find it.
 * @fresh_machine: run on a newly created machine, not on the previous
 *	run's machine reset (retire.h; GCMA_OPS_FRESH=1 does it for every
 *	run).
 */
struct gops_options {
	FILE *state;
	unsigned int defects;
	unsigned int full_check_every;
	void (*after_op)(struct sim_machine *m, unsigned int index,
			 void *arg);
	void *arg;
	bool after_op_unseen;
	bool fresh_machine;
};

struct folio;
uint64_t gops_page_hash(struct folio *folio);

int gops_run(const struct gops_program *p, FILE *trace,
	     struct gops_result *res);
void gops_print_state(struct sim_machine *m, FILE *out);
int gops_run_opts(const struct gops_program *p, FILE *trace,
		  const struct gops_options *opts, struct gops_result *res);

#endif /* _GCMA_OPS_EXEC_H */

/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The executor's hurdle ops (ops.h: bh_attach, noswap): what holds a
 * contiguous allocation up besides pins (lib/sim/hurdle.c), set on the
 * fuzzer's machine, each result checked against the model's rules.
 */
#ifndef _GCMA_OPS_EXEC_HURDLE_H
#define _GCMA_OPS_EXEC_HURDLE_H

#include <stdbool.h>

#include "refmodel.h"

struct inode;
struct sim_machine;

int gops_bh_attach(struct refmodel *rm, struct inode *inode, int ino,
		   unsigned int idx, bool dirty, bool faulted);
int gops_noswap(struct refmodel *rm, struct sim_machine *m, bool on);

#endif /* _GCMA_OPS_EXEC_HURDLE_H */

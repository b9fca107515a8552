/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Shrinking a failing program: remove operations, then simplify their
 * arguments, for as long as the run still fails the same way.
 */
#ifndef _GCMA_REPLAY_SHRINK_H
#define _GCMA_REPLAY_SHRINK_H

#include <stdbool.h>

#include "exec.h"
#include "ops.h"

void failure_signature(const char *msg, char *sig, size_t len);
int shrink_program(struct gops_program *p, const struct gops_options *opts,
		   bool any_failure, unsigned long *runs);

#endif /* _GCMA_REPLAY_SHRINK_H */

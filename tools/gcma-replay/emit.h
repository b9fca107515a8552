/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* Turning a failing trace into a CMocka regression test. */
#ifndef _GCMA_REPLAY_EMIT_H
#define _GCMA_REPLAY_EMIT_H

#include "ops.h"

int emit_regression(const char *dir, const char *name,
		    const struct gops_program *p, unsigned int defects,
		    const char *source, const char *failure);

#endif /* _GCMA_REPLAY_EMIT_H */

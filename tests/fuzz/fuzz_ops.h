/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* What fuzz_ops.c offers the corpus-replay program and the benchmark. */
#ifndef _GCMA_FUZZ_OPS_H
#define _GCMA_FUZZ_OPS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Where a failing run also prints the machine's state (NULL: nowhere). */
extern FILE *fuzz_ops_state;

int fuzz_ops_run_input(const uint8_t *data, size_t size, FILE *out);

#endif /* _GCMA_FUZZ_OPS_H */

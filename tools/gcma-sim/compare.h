/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * gcma-sim compare A.json[:CONFIG] B.json[:CONFIG]: two results side by
 * side (docs/simulator.md "Compare").
 */
#ifndef _GCMA_SIM_COMPARE_H
#define _GCMA_SIM_COMPARE_H

#include <stdio.h>

#include "compare_json.h"

#define COMPARE_FILE_MAX	(256UL << 20)

int compare_main(int argc, char **argv, FILE *out, FILE *err);
void compare_write(const struct cmp_file *a, const char *a_name,
		   const char *a_cfg, const struct cmp_file *b,
		   const char *b_name, const char *b_cfg, FILE *out);

#endif /* _GCMA_SIM_COMPARE_H */

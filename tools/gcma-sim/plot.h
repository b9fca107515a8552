/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * --plot FILE: the latency chart, the app-side chart and a latency CDF
 * per configuration, drawn by gnuplot when it is installed.
 */
#ifndef _GCMA_SIM_PLOT_H
#define _GCMA_SIM_PLOT_H

#include "seeds.h"

int plot_check(const char *path, char *err, size_t errlen);
int plot_write(const struct seeds_result *sr, const char *path, char *err,
	       size_t errlen);

#endif /* _GCMA_SIM_PLOT_H */

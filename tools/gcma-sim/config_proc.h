/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * One configuration in a process of its own (config_proc.c).
 */
#ifndef _GCMA_SIM_CONFIG_PROC_H
#define _GCMA_SIM_CONFIG_PROC_H

#include <stdbool.h>

#include "engine.h"

bool config_proc_run(struct cfg_result *r,
		     void (*run_config)(struct cfg_result *r));
unsigned long config_proc_count(void);
bool config_proc_supported(void);

#endif /* _GCMA_SIM_CONFIG_PROC_H */

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The state libgcma keeps per simulated machine, made once at boot: the
 * pointers machine_local() reads (mm/port.h).
 */
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kconfig.h>

#include "port.h"

void *mm_port_state[ML_NR];

static int __init libgcma_state_init(void)
{
	mm_port_state[ML_CLEANCACHE] = cleancache_state_create();
	if (!mm_port_state[ML_CLEANCACHE])
		return -ENOMEM;
	if (!IS_ENABLED(CONFIG_GCMA))
		return 0;
	mm_port_state[ML_GCMA] = gcma_state_create();
	return mm_port_state[ML_GCMA] ? 0 : -ENOMEM;
}
core_initcall(libgcma_state_init);

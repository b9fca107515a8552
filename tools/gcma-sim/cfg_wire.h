/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * A configuration's results across a process boundary (cfg_wire.c).
 */
#ifndef _GCMA_SIM_CFG_WIRE_H
#define _GCMA_SIM_CFG_WIRE_H

#include "engine.h"

int cfg_wire_send(int fd, struct cfg_result *r, unsigned long forks);
int cfg_wire_recv(int fd, struct cfg_result *r, unsigned long *forks);

#endif /* _GCMA_SIM_CFG_WIRE_H */

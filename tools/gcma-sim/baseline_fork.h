/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The baseline pass from the request pass's warm-up (baseline_fork.c).
 */
#ifndef _GCMA_SIM_BASELINE_FORK_H
#define _GCMA_SIM_BASELINE_FORK_H

#include <stdbool.h>
#include <stdint.h>

#include "engine.h"

/*
 * struct baseline_fork - one configuration's baseline child.
 * @pid: the child (in the parent), or 0: no child, the baseline pass
 *	runs as before, warm-up and all.
 * @child: this process is the child.
 * @sock: this process's end of the socket pair to the other (-1: none);
 *	a socket, not a pipe: a write to a dead child fails with EPIPE
 *	(MSG_NOSIGNAL) instead of killing the parent with SIGPIPE.
 * @events: the configuration's event count at the fork (in the child).
 * @sent: slots whose extra[] count the parent has sent.
 * @broken: a send to the child failed (in the parent).
 */
struct baseline_fork {
	int pid;
	bool child;
	int sock;
	uint64_t events;
	unsigned long sent;
	bool broken;
};

void baseline_fork_init(struct baseline_fork *bf);
bool baseline_fork_start(struct baseline_fork *bf, struct sim_run *run,
			 struct cfg_result *r);
void baseline_fork_sent_extra(struct baseline_fork *bf,
			      const struct sim_run *run,
			      const struct cfg_result *r, unsigned long slot);
void baseline_fork_next_extra(struct baseline_fork *bf,
			      const struct sim_run *run, struct cfg_result *r,
			      unsigned long slot);
void baseline_fork_child_merge(struct baseline_fork *bf, struct cfg_result *r);
void baseline_fork_child_done(struct baseline_fork *bf,
			      const struct cfg_result *r, int ret)
	__attribute__((noreturn));
bool baseline_fork_finish(struct baseline_fork *bf, struct sim_run *run,
			  struct cfg_result *r, int *ret);
unsigned long baseline_fork_count(void);
void baseline_fork_add_count(unsigned long n);

#endif /* _GCMA_SIM_BASELINE_FORK_H */

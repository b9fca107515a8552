/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * gcma-sim's progress line on stderr (docs/simulator.md, "Progress"):
 * work units counted by any number of threads, one line redrawn in
 * place with the percentage, what each configuration is doing and an
 * ETA.
 */
#ifndef _GCMA_SIM_PROGRESS_H
#define _GCMA_SIM_PROGRESS_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define PROGRESS_SLOTS		8	/* configurations shown at once */
#define PROGRESS_LINE		160

enum progress_mode {
	PROGRESS_AUTO,		/* only when the output is a terminal */
	PROGRESS_ALWAYS,
	PROGRESS_NEVER,
};

/*
 * struct progress - one progress line.
 *
 * @done and the slots' phases are updated by the workers without a
 * lock; @print_lock serialises the drawing, and a worker that finds it
 * taken skips drawing (the next one draws), so counting never waits.
 */
struct progress {
	FILE *out;
	bool on;		/* drawing at all */
	bool tty;		/* redraw in place and erase at the end */
	uint64_t total;		/* units, set before the workers start */
	_Atomic uint64_t done;
	_Atomic(const char *) name[PROGRESS_SLOTS];
	_Atomic(const char *) phase[PROGRESS_SLOTS];
	pthread_mutex_t print_lock;
	/* Under print_lock: */
	int last_pct;
	size_t last_len;
	uint64_t start_ns, last_ns;	/* CLOCK_MONOTONIC */
	int relay_fd;		/* >= 0: a forked worker's, progress_relay() */
};

/*
 * struct progress_msg - one update a forked worker sends its parent
 * (progress_relay(), progress_apply()). @name and @phase are the
 * worker's pointers: static strings, or the parent's own memory (the
 * worker is its fork), so they mean the same in the parent.
 */
struct progress_msg {
	uint32_t kind;		/* enum progress_msg_kind */
	uint32_t slot;
	uint64_t units;
	const char *name;
	const char *phase;
};

enum progress_msg_kind {
	PROGRESS_MSG_ADVANCE = 1,
	PROGRESS_MSG_PHASE,
	PROGRESS_MSG_NR,	/* kinds from here on are the channel owner's */
};

int progress_parse_mode(const char *s, enum progress_mode *mode);
void progress_init(struct progress *p, enum progress_mode mode, FILE *out);
void progress_add_total(struct progress *p, uint64_t units);
void progress_phase(struct progress *p, unsigned int slot, const char *name,
		    const char *phase);
void progress_advance(struct progress *p, uint64_t units);
void progress_finish(struct progress *p);
void progress_relay(struct progress *p, int fd);
void progress_apply(struct progress *p, const struct progress_msg *m);

#endif /* _GCMA_SIM_PROGRESS_H */

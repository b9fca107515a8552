/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Events in virtual time: a binary min-heap by time, ties in the order
 * they were pushed, so a run is a function of its seed.
 */
#ifndef _GCMA_SIM_EVENT_QUEUE_H
#define _GCMA_SIM_EVENT_QUEUE_H

#include <stddef.h>
#include <stdint.h>

/**
 * struct evq_event - one event.
 * @at_ns: when, in virtual ns.
 * @seq: the push order (set by evq_push()).
 * @kind: the user's kind.
 * @who: the user's index (a client).
 * @ptr: the user's pointer (a buffer).
 * @arg: the user's number (its pages).
 * @since_ns: the user's earlier time (when a request arrived).
 * @size: the user's size index.
 */
struct evq_event {
	uint64_t at_ns;
	uint64_t seq;
	unsigned int kind;
	unsigned int who;
	void *ptr;
	unsigned long arg;
	uint64_t since_ns;
	unsigned int size;
};

struct event_queue {
	struct evq_event *heap;
	size_t nr, cap;
	uint64_t seq;
};

void evq_init(struct event_queue *q);
void evq_free(struct event_queue *q);
int evq_push(struct event_queue *q, const struct evq_event *ev);
int evq_pop(struct event_queue *q, struct evq_event *out);

#endif /* _GCMA_SIM_EVENT_QUEUE_H */

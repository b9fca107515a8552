// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * A binary min-heap of events ordered by (time, push order).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "event_queue.h"

/**
 * evq_init() - an empty queue.
 * @q: the queue.
 *
 * Context: Any context.
 * Return: nothing.
 */
void evq_init(struct event_queue *q)
{
	memset(q, 0, sizeof(*q));
}

/**
 * evq_free() - drop every event and the queue's memory.
 * @q: the queue; empty and reusable after.
 *
 * Context: Any context.
 * Return: nothing.
 */
void evq_free(struct event_queue *q)
{
	free(q->heap);
	evq_init(q);
}

static bool evq_before(const struct evq_event *a, const struct evq_event *b)
{
	return a->at_ns < b->at_ns || (a->at_ns == b->at_ns && a->seq < b->seq);
}

static void evq_swap(struct evq_event *a, struct evq_event *b)
{
	struct evq_event t = *a;

	*a = *b;
	*b = t;
}

/**
 * evq_push() - add an event.
 * @q: the queue.
 * @ev: the event, copied; its @seq is set to the push order.
 *
 * Context: Any context.
 * Return: 0; -ENOMEM (the queue is unchanged).
 */
int evq_push(struct event_queue *q, const struct evq_event *ev)
{
	size_t i;

	if (q->nr == q->cap) {
		size_t cap = q->cap ? 2 * q->cap : 64;
		struct evq_event *h = realloc(q->heap, cap * sizeof(*h));

		if (!h)
			return -ENOMEM;
		q->heap = h;
		q->cap = cap;
	}
	i = q->nr++;
	q->heap[i] = *ev;
	q->heap[i].seq = q->seq++;
	while (i && evq_before(&q->heap[i], &q->heap[(i - 1) / 2])) {
		evq_swap(&q->heap[i], &q->heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	return 0;
}

/**
 * evq_pop() - take the earliest event (the first pushed among equals).
 * @q: the queue.
 * @out: the event.
 *
 * Context: Any context.
 * Return: 0; -ENOENT when the queue is empty.
 */
int evq_pop(struct event_queue *q, struct evq_event *out)
{
	size_t i = 0;

	if (!q->nr)
		return -ENOENT;
	*out = q->heap[0];
	q->heap[0] = q->heap[--q->nr];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < q->nr && evq_before(&q->heap[l], &q->heap[m]))
			m = l;
		if (r < q->nr && evq_before(&q->heap[r], &q->heap[m]))
			m = r;
		if (m == i)
			break;
		evq_swap(&q->heap[i], &q->heap[m]);
		i = m;
	}
	return 0;
}

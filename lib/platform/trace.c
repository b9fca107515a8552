// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The event trace of a machine, in the style of the ftrace ring buffer.
 *
 * Each event becomes one line
 *
 *   <task>-<tid> [000] ..... <sec>.<usec>: <event>: <fields>
 *
 * kept in a ring of the latest SIM_TRACE_RING_LEN lines and, when an output
 * FILE is set, written there as well. The CPU column is always 000 and the
 * flags column always "....." (no interrupts or preemption here).
 *
 * Timestamps are the machine's virtual clock (sim_clock_now(),
 * docs/cost-model.md) in microseconds: events with no charged work
 * between them share a timestamp, as events on a coarse trace clock do.
 * The stamps never go back, not even on a clear (the clock is only read
 * under the trace lock and kept at least as high as the last one), so
 * lines from before and after a clear still sort by time.
 *
 * A disabled trace costs one relaxed atomic load per event: nothing is
 * formatted. Whether it is on lives in the machine (sim_machine.trace_on),
 * so a hot caller can test sim_trace_on() inline before it even computes
 * the event's fields.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "platform/internal.h"

/* Lines kept in the ring; older ones are overwritten, the count is not. */
#define SIM_TRACE_RING_LEN	4096

/**
 * struct sim_trace - the trace of one machine.
 * @lock: protects everything below.
 * @clock: timestamp of the latest event, in microseconds.
 * @count: events recorded since the last clear.
 * @out: stream that gets each line as it is recorded, or NULL.
 * @ring: the latest SIM_TRACE_RING_LEN lines, without newlines; event
 *	number i lives in slot i % SIM_TRACE_RING_LEN. Mapped by the first
 *	event (NULL until then: most machines never trace).
 */
struct sim_trace {
	pthread_mutex_t lock;
	uint64_t clock;
	unsigned long count;
	FILE *out;
	char (*ring)[SIM_TRACE_LINE_LEN];
};

/**
 * sim_trace_init() - give @m an empty, disabled trace.
 * @m: a machine being created.
 *
 * The ring is mapped by the first event that is recorded (sim_trace_ring()),
 * not here: a machine that never traces (a fuzzer builds one per input)
 * pays no mmap() and munmap() for it.
 *
 * Context: Process context, from sim_machine_create().
 * Return: 0, or -ENOMEM.
 */
int sim_trace_init(struct sim_machine *m)
{
	struct sim_trace *t = calloc(1, sizeof(*t));

	if (!t)
		return -ENOMEM;
	pthread_mutex_init(&t->lock, NULL);
	m->trace = t;
	return 0;
}

/**
 * sim_trace_exit() - free @m's trace.
 * @m: a machine being destroyed (or whose creation failed).
 *
 * The output stream, if any, is not closed: it belongs to the caller.
 *
 * Context: Process context; nobody else uses the machine.
 * Return: nothing.
 */
void sim_trace_exit(struct sim_machine *m)
{
	struct sim_trace *t = m->trace;

	if (!t)
		return;
	__atomic_store_n(&m->trace_on, 0, __ATOMIC_RELAXED);
	m->trace = NULL;
	pthread_mutex_destroy(&t->lock);
	if (t->ring)
		munmap(t->ring, SIM_TRACE_RING_LEN * sizeof(*t->ring));
	free(t);
}

/*
 * The ring, mapped at the first event: anonymous, so its pages are only
 * touched as lines fill it (a calloc() of it would be memset once glibc's
 * mmap threshold has grown past its 1 MiB). NULL when that fails: the
 * event is dropped. Called with t->lock held.
 */
static char (*sim_trace_ring(struct sim_trace *t))[SIM_TRACE_LINE_LEN]
{
	void *p;

	if (t->ring)
		return t->ring;
	p = mmap(NULL, SIM_TRACE_RING_LEN * sizeof(*t->ring),
		 PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED)
		t->ring = p;
	return t->ring;
}

/* The calling thread's name as ftrace's comm column shows it. */
static void sim_trace_comm(char *buf, size_t len)
{
	if (pthread_getname_np(pthread_self(), buf, len) || !buf[0])
		snprintf(buf, len, "sim");
}

/**
 * sim_trace_event() - record one event in the attached machine's trace.
 * @event: the event name, as a tracepoint's ("cleancache_store").
 * @fmt: printf format of the fields ("ino=%lu index=%lu ...").
 *
 * Does nothing, cheaply, for a thread attached to no machine or when the
 * machine's trace is off. A line longer than SIM_TRACE_LINE_LEN - 1 bytes
 * is cut.
 *
 * Context: Any context; takes the trace lock (a leaf lock) briefly.
 * Return: nothing.
 */
void sim_trace_event(const char *event, const char *fmt, ...)
{
	struct sim_machine *m = sim_tls_machine;
	char fields[SIM_TRACE_LINE_LEN];
	struct sim_trace *t;
	char comm[16];
	char *line;
	va_list ap;
	uint64_t now;
	pid_t tid;
	int used;

	if (!sim_trace_on())
		return;
	t = m->trace;

	va_start(ap, fmt);
	vsnprintf(fields, sizeof(fields), fmt, ap);
	va_end(ap);
	sim_trace_comm(comm, sizeof(comm));
	tid = gettid();

	pthread_mutex_lock(&t->lock);
	if (!sim_trace_ring(t)) {
		pthread_mutex_unlock(&t->lock);
		return;
	}
	now = max(t->clock, sim_clock_now(m) / 1000);
	t->clock = now;
	line = t->ring[t->count % SIM_TRACE_RING_LEN];
	used = snprintf(line, SIM_TRACE_LINE_LEN,
			"%16s-%-7d [000] ..... %5llu.%06llu: %s: ", comm,
			(int)tid, (unsigned long long)(now / 1000000),
			(unsigned long long)(now % 1000000), event);
	if (used >= 0 && used < SIM_TRACE_LINE_LEN) {
		size_t room = SIM_TRACE_LINE_LEN - 1 - used;
		size_t n = strnlen(fields, room);

		memcpy(line + used, fields, n);
		line[used + n] = '\0';
	}
	t->count++;
	if (t->out) {
		fputs(line, t->out);
		fputc('\n', t->out);
	}
	pthread_mutex_unlock(&t->lock);
}

/**
 * sim_trace_enable() - turn @m's trace on or off.
 * @m: the machine.
 * @on: true to record events from now on.
 *
 * Lines already recorded stay; turning the trace off keeps them readable.
 *
 * Context: Any context.
 * Return: 0, or -EINVAL for a NULL @m.
 */
int sim_trace_enable(struct sim_machine *m, bool on)
{
	if (!m || !m->trace)
		return -EINVAL;
	__atomic_store_n(&m->trace_on, on ? 1 : 0, __ATOMIC_RELAXED);
	return 0;
}

/**
 * sim_trace_set_output() - also write each new line to @out.
 * @m: the machine.
 * @out: an open stream, or NULL to stop streaming.
 *
 * Lines are written with a newline as they are recorded, under the trace
 * lock, so lines from several threads never interleave. The stream is not
 * flushed after each line: fflush() it before reading it back.
 *
 * Context: Any context.
 * Return: 0, or -EINVAL for a NULL @m.
 */
int sim_trace_set_output(struct sim_machine *m, FILE *out)
{
	if (!m || !m->trace)
		return -EINVAL;
	pthread_mutex_lock(&m->trace->lock);
	m->trace->out = out;
	pthread_mutex_unlock(&m->trace->lock);
	return 0;
}

/**
 * sim_trace_count() - events recorded in @m's trace since the last clear.
 * @m: the machine.
 *
 * Only the latest 4096 of them are kept; see sim_trace_get().
 *
 * Context: Any context.
 * Return: the count; 0 for a NULL @m.
 */
unsigned long sim_trace_count(const struct sim_machine *m)
{
	struct sim_trace *t;
	unsigned long n;

	if (!m || !m->trace)
		return 0;
	t = m->trace;
	pthread_mutex_lock(&t->lock);
	n = t->count;
	pthread_mutex_unlock(&t->lock);
	return n;
}

/**
 * sim_trace_get() - copy event @i of @m's trace into @buf.
 * @m: the machine.
 * @i: event number, 0 for the oldest since the last clear.
 * @buf: receives the line, NUL-terminated, without a newline.
 * @len: size of @buf; a longer line is cut to fit.
 *
 * Context: Any context.
 * Return: 0; -EINVAL for a NULL argument or a zero @len; -ENOENT when @i
 * is not below sim_trace_count() or is older than the latest 4096 events.
 */
int sim_trace_get(const struct sim_machine *m, unsigned long i, char *buf,
		  size_t len)
{
	struct sim_trace *t;
	int ret = 0;

	if (!m || !m->trace || !buf || !len)
		return -EINVAL;
	t = m->trace;
	pthread_mutex_lock(&t->lock);
	if (i >= t->count || t->count - i > SIM_TRACE_RING_LEN)
		ret = -ENOENT;
	else
		snprintf(buf, len, "%s", t->ring[i % SIM_TRACE_RING_LEN]);
	pthread_mutex_unlock(&t->lock);
	return ret;
}

/**
 * sim_trace_clear() - forget every recorded line of @m's trace.
 * @m: the machine.
 *
 * The count restarts at 0; the virtual clock keeps running. Whether the
 * trace is enabled and where it streams do not change.
 *
 * Context: Any context.
 * Return: nothing.
 */
void sim_trace_clear(struct sim_machine *m)
{
	struct sim_trace *t;

	if (!m || !m->trace)
		return;
	t = m->trace;
	pthread_mutex_lock(&t->lock);
	t->count = 0;
	pthread_mutex_unlock(&t->lock);
}

/**
 * sim_trace_print() - print @m's kept lines, oldest first, to @out.
 * @m: the machine.
 * @out: where to print.
 *
 * Output is the ftrace "trace" file's: a short comment header giving the
 * lines kept and the events recorded, then one line per event.
 *
 * Context: Any context; holds the trace lock while printing.
 * Return: 0, or -EINVAL for a NULL argument.
 */
int sim_trace_print(const struct sim_machine *m, FILE *out)
{
	unsigned long first, kept;
	struct sim_trace *t;

	if (!m || !m->trace || !out)
		return -EINVAL;
	t = m->trace;
	pthread_mutex_lock(&t->lock);
	kept = min(t->count, (unsigned long)SIM_TRACE_RING_LEN);
	first = t->count - kept;
	fprintf(out, "# tracer: nop\n");
	fprintf(out, "#\n");
	fprintf(out, "# entries-in-buffer/entries-written: %lu/%lu\n", kept,
		t->count);
	fprintf(out, "#\n");
	for (unsigned long i = first; i < t->count; i++)
		fprintf(out, "%s\n", t->ring[i % SIM_TRACE_RING_LEN]);
	pthread_mutex_unlock(&t->lock);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The progress line (docs/simulator.md, "Progress"). Workers count work
 * units with one atomic add; whoever sees the percentage move (or a
 * second pass) redraws the line if nobody else is drawing. Percentages
 * are read and printed under the drawing lock, so they never go back.
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fd_io.h"
#include "progress.h"

#define PROGRESS_REDRAW_NS	1000000000ULL	/* at least once a second */

static uint64_t progress_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/**
 * progress_parse_mode() - parse --progress's value.
 * @s: "auto", "always" or "never".
 * @mode: set on success.
 *
 * Context: Any context.
 * Return: 0; -EINVAL (@mode unchanged).
 */
int progress_parse_mode(const char *s, enum progress_mode *mode)
{
	static const char *const names[] = {
		[PROGRESS_AUTO] = "auto",
		[PROGRESS_ALWAYS] = "always",
		[PROGRESS_NEVER] = "never",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(s, names[i])) {
			*mode = (enum progress_mode)i;
			return 0;
		}
	}
	return -EINVAL;
}

/**
 * progress_init() - a progress line on @out, nothing counted yet.
 * @p: the line.
 * @mode: PROGRESS_AUTO draws only when @out is a terminal.
 * @out: where (stderr).
 *
 * Context: Process context, before any worker uses @p.
 * Return: nothing.
 */
void progress_init(struct progress *p, enum progress_mode mode, FILE *out)
{
	memset(p, 0, sizeof(*p));
	p->out = out;
	p->tty = isatty(fileno(out));
	p->on = mode == PROGRESS_ALWAYS || (mode == PROGRESS_AUTO && p->tty);
	atomic_init(&p->done, 0);
	for (int i = 0; i < PROGRESS_SLOTS; i++) {
		atomic_init(&p->name[i], NULL);
		atomic_init(&p->phase[i], NULL);
	}
	pthread_mutex_init(&p->print_lock, NULL);
	p->last_pct = -1;
	p->start_ns = progress_now();
	p->relay_fd = -1;
}

/**
 * progress_relay() - send this process's updates of @p to its parent.
 * @p: the line, as the parent had it when it forked this process.
 * @fd: a stream socket to the parent, which hands each struct
 *	progress_msg read from it to progress_apply().
 *
 * From now on progress_advance() and progress_phase() in this process
 * send a message instead of counting and drawing here, and only while
 * the line is drawn at all (@p->on): a run without the line sends
 * nothing.
 *
 * Context: Process context, in a forked worker, before it counts.
 * Return: nothing.
 */
void progress_relay(struct progress *p, int fd)
{
	p->relay_fd = fd;
}

/* Send one update to the parent; a lost line is no error of the run. */
static void progress_send(struct progress *p, uint32_t kind, uint32_t slot,
			  uint64_t units, const char *name, const char *phase)
{
	struct progress_msg m = {
		.kind = kind, .slot = slot, .units = units,
		.name = name, .phase = phase,
	};

	if (p->on)
		(void)fd_write_all(p->relay_fd, &m, sizeof(m));
}

/**
 * progress_apply() - an update a forked worker sent (progress_relay()).
 * @p: the parent's line.
 * @m: the message; kinds other than PROGRESS_MSG_ADVANCE and
 *	PROGRESS_MSG_PHASE are ignored.
 *
 * Context: Any thread of the parent; as progress_advance().
 * Return: nothing.
 */
void progress_apply(struct progress *p, const struct progress_msg *m)
{
	if (m->kind == PROGRESS_MSG_ADVANCE)
		progress_advance(p, m->units);
	else if (m->kind == PROGRESS_MSG_PHASE)
		progress_phase(p, m->slot, m->name, m->phase);
}

/**
 * progress_add_total() - @units more work to do.
 * @p: the line.
 * @units: work units (the engine counts workload steps).
 *
 * Context: Process context, before the workers start.
 * Return: nothing.
 */
void progress_add_total(struct progress *p, uint64_t units)
{
	p->total += units;
}

/**
 * progress_phase() - what the worker of @slot is doing now.
 * @p: the line.
 * @slot: the worker's slot (a configuration), < PROGRESS_SLOTS.
 * @name: its name; a static string.
 * @phase: "warm-up", "requests", ...; a static string, NULL when done.
 *
 * Context: Any thread; no lock.
 * Return: nothing.
 */
void progress_phase(struct progress *p, unsigned int slot, const char *name,
		    const char *phase)
{
	if (slot >= PROGRESS_SLOTS)
		return;
	if (p->relay_fd >= 0) {
		progress_send(p, PROGRESS_MSG_PHASE, slot, 0, name, phase);
		return;
	}
	atomic_store(&p->name[slot], name);
	atomic_store(&p->phase[slot], phase);
}

/* "m:ss" or "h:mm:ss" of @ns into @buf. */
static void progress_fmt_time(char *buf, size_t len, uint64_t ns)
{
	uint64_t s = ns / 1000000000ULL;

	if (s >= 3600)
		snprintf(buf, len, "%llu:%02llu:%02llu",
			 (unsigned long long)(s / 3600),
			 (unsigned long long)(s / 60 % 60),
			 (unsigned long long)(s % 60));
	else
		snprintf(buf, len, "%llu:%02llu", (unsigned long long)(s / 60),
			 (unsigned long long)(s % 60));
}

/* Draw the line; called with print_lock held. */
static void progress_draw(struct progress *p, bool force)
{
	uint64_t done = atomic_load(&p->done), now = progress_now();
	char line[PROGRESS_LINE], eta[24];
	size_t len;
	int pct;

	if (done > p->total)
		done = p->total;
	pct = p->total ? (int)(done * 100 / p->total) : 100;
	if (!force && pct <= p->last_pct &&
	    now - p->last_ns < PROGRESS_REDRAW_NS)
		return;
	if (pct < p->last_pct)
		pct = p->last_pct;
	if (done && done < p->total) {
		double per = (double)(now - p->start_ns) / (double)done;

		progress_fmt_time(eta, sizeof(eta),
				  (uint64_t)(per * (double)(p->total - done)));
	} else {
		snprintf(eta, sizeof(eta), done ? "0:00" : "-:--");
	}
	len = (size_t)snprintf(line, sizeof(line), "gcma-sim %3d%%", pct);
	for (int i = 0; i < PROGRESS_SLOTS && len < sizeof(line); i++) {
		const char *name = atomic_load(&p->name[i]);
		const char *phase = atomic_load(&p->phase[i]);

		if (name && phase)
			len += (size_t)snprintf(line + len, sizeof(line) - len,
						"  %s: %s", name, phase);
	}
	if (len < sizeof(line))
		len += (size_t)snprintf(line + len, sizeof(line) - len,
					"  ETA %s", eta);
	if (len >= sizeof(line))
		len = sizeof(line) - 1;
	/* Blanks over what the last, longer line left. */
	fprintf(p->out, "\r%s%*s", line,
		p->last_len > len ? (int)(p->last_len - len) : 0, "");
	fflush(p->out);
	p->last_len = len;
	p->last_pct = pct;
	p->last_ns = now;
}

/**
 * progress_advance() - @units of work done; maybe redraw.
 * @p: the line.
 * @units: work units done since the last call of this worker.
 *
 * The line is redrawn when the percentage moved or a second passed,
 * by this thread unless another one is drawing.
 *
 * Context: Any thread; never waits for another.
 * Return: nothing.
 */
void progress_advance(struct progress *p, uint64_t units)
{
	if (p->relay_fd >= 0) {
		progress_send(p, PROGRESS_MSG_ADVANCE, 0, units, NULL, NULL);
		return;
	}
	atomic_fetch_add(&p->done, units);
	if (!p->on || pthread_mutex_trylock(&p->print_lock))
		return;
	progress_draw(p, false);
	pthread_mutex_unlock(&p->print_lock);
}

/**
 * progress_finish() - the work is over: draw the last line and end it.
 * @p: the line; not used again.
 *
 * A run that went to the end shows 100% (every unit counted), one that
 * stopped early shows where it stopped. On a terminal the line is erased (the results follow); elsewhere
 * (--progress=always into a file) the last line stays, ended by a
 * newline.
 *
 * Context: Process context, after every worker stopped.
 * Return: nothing.
 */
void progress_finish(struct progress *p)
{
	if (p->on) {
		pthread_mutex_lock(&p->print_lock);
		for (int i = 0; i < PROGRESS_SLOTS; i++)
			atomic_store(&p->phase[i], NULL);
		progress_draw(p, true);
		if (p->tty)
			fprintf(p->out, "\r%*s\r", (int)p->last_len, "");
		else
			fputc('\n', p->out);
		fflush(p->out);
		pthread_mutex_unlock(&p->print_lock);
	}
	pthread_mutex_destroy(&p->print_lock);
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Violation logs: what WARN_ON, VM_BUG_ON, the invariant checks and API
 * misuse report. One log per machine, plus a process-wide one for threads
 * attached to no machine.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "platform/internal.h"

static struct sim_violation_log sim_global_vlog = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.mode = SIM_DEFAULT_VIOLATION_MODE,
};

/**
 * sim_vlog_init() - set up an empty violation log.
 * @log: the log.
 * @mode: record or abort.
 *
 * Context: Process context.
 * Return: nothing.
 */
void sim_vlog_init(struct sim_violation_log *log, enum sim_violation_mode mode)
{
	/* The ring is read only below @count: no need to zero its 14 KiB. */
	log->count = 0;
	pthread_mutex_init(&log->lock, NULL);
	log->mode = mode;
}

/**
 * sim_vlog_destroy() - release a log's lock.
 * @log: the log.
 *
 * Context: Process context; nobody may use @log any more.
 * Return: nothing.
 */
void sim_vlog_destroy(struct sim_violation_log *log)
{
	pthread_mutex_destroy(&log->lock);
}

/**
 * sim_violation_env_parse() - the meaning of a LIBGCMA_VIOLATIONS value.
 * @e: the value, or NULL when unset.
 *
 * "print" echoes every recorded violation on stderr; "abort" also ends
 * the process at the first one, whatever the machine's mode (a run with a
 * defect switch on stops where it is found). Unset or empty: neither.
 *
 * Context: Any context.
 * Return: 0 (neither), 1 (print), 2 (abort); -EINVAL for anything else,
 * after saying so on stderr with the accepted values.
 */
int sim_violation_env_parse(const char *e)
{
	if (!e || !*e)
		return 0;
	if (!strcmp(e, "print"))
		return 1;
	if (!strcmp(e, "abort"))
		return 2;
	fprintf(stderr, "libgcma: LIBGCMA_VIOLATIONS='%s' is not valid; accepted values: print, abort (or unset)\n",
		e);
	return -EINVAL;
}

/*
 * LIBGCMA_VIOLATIONS, read once. A bad value also fails every
 * sim_machine_create() (lib/sim/env.c); here it is reported once and
 * read as unset.
 */
static int sim_violation_env(void)
{
	static int env = -1;

	if (env < 0) {
		int mode = sim_violation_env_parse(getenv("LIBGCMA_VIOLATIONS"));

		env = mode < 0 ? 0 : mode;
	}
	return env;
}

static void sim_violation_print(const struct sim_machine *m,
				const struct sim_violation *v)
{
	fprintf(stderr, "libgcma: %s%s%s: %s at %s:%d in %s(): %s\n",
		m ? "machine " : "", m ? m->name : "", m ? "" : "(no machine)",
		v->kind, v->file, v->line, v->func, v->msg);
}

/**
 * sim_report_violation() - record a failed check.
 * @kind: class of check ("WARN_ON", "VM_BUG_ON", "CHECK", "API",
 *	"SLAB", ...).
 * @file: source file of the check.
 * @line: source line of the check.
 * @func: function that made the check.
 * @fmt: printf format of the message, then its arguments.
 *
 * Goes to the log of the calling thread's machine, or to the process-wide
 * log. Under SIM_VIOLATION_ABORT the report is printed and the process
 * aborts. Set LIBGCMA_VIOLATIONS=print to echo recorded ones on stderr,
 * LIBGCMA_VIOLATIONS=abort to print and abort at the first one.
 *
 * Context: Any context. Takes the log's lock.
 * Return: nothing.
 */
void sim_report_violation(const char *kind, const char *file, int line,
			  const char *func, const char *fmt, ...)
{
	struct sim_machine *m = sim_tls_machine;
	struct sim_violation_log *log = m ? &m->vlog : &sim_global_vlog;
	struct sim_violation v = {
		.kind = kind, .file = file, .line = line, .func = func,
	};
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v.msg, sizeof(v.msg), fmt, ap);
	va_end(ap);

	pthread_mutex_lock(&log->lock);
	log->ring[log->count % SIM_VLOG_LEN] = v;
	/* Read without the lock by sim_violation_count(). */
	__atomic_store_n(&log->count, log->count + 1, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&log->lock);

	if (log->mode == SIM_VIOLATION_ABORT || sim_violation_env() == 2) {
		sim_violation_print(m, &v);
		abort();
	}
	/*
	 * With no machine, nobody may look at the log: misuse of the API and
	 * corrupted slab objects (an RCU callback's kfree()) are printed.
	 */
	if (sim_violation_env() ||
	    (!m && (!strcmp(kind, "API") || !strcmp(kind, "SLAB"))))
		sim_violation_print(m, &v);
}

/**
 * sim_report_unattached() - report a kernel-named call from a thread
 * attached to no machine.
 * @func: the call.
 *
 * Context: Any context.
 * Return: nothing.
 */
void sim_report_unattached(const char *func)
{
	sim_report_violation("API", __FILE__, __LINE__, func,
			     "%s() called from a thread attached to no machine; call sim_thread_attach() first",
			     func);
}

static struct sim_violation_log *sim_vlog_of(const struct sim_machine *m)
{
	return m ? (struct sim_violation_log *)&m->vlog : &sim_global_vlog;
}

/**
 * sim_violation_count() - violations recorded since the last clear.
 * @m: a machine, or NULL for the log of threads attached to none.
 *
 * Context: Any context.
 * Return: the number recorded (older ones may have left the ring).
 */
unsigned long sim_violation_count(const struct sim_machine *m)
{
	/* No lock: the fuzzer reads it after every op. */
	return __atomic_load_n(&sim_vlog_of(m)->count, __ATOMIC_ACQUIRE);
}

/**
 * sim_violation_get() - copy out one recorded violation.
 * @m: a machine, or NULL for the process-wide log.
 * @i: which one: 0 is the first recorded since the last clear, and
 *	sim_violation_count() - 1 the latest.
 * @out: receives the violation.
 *
 * Only the latest 64 are kept; asking for an older one fails.
 *
 * Context: Any context.
 * Return: 0, -EINVAL for a NULL @out, -ENOENT if @i is not kept.
 */
int sim_violation_get(const struct sim_machine *m, unsigned long i,
		      struct sim_violation *out)
{
	struct sim_violation_log *log = sim_vlog_of(m);
	unsigned long first;
	int ret = -ENOENT;

	if (!out)
		return -EINVAL;
	pthread_mutex_lock(&log->lock);
	first = log->count > SIM_VLOG_LEN ? log->count - SIM_VLOG_LEN : 0;
	if (i >= first && i < log->count) {
		*out = log->ring[i % SIM_VLOG_LEN];
		ret = 0;
	}
	pthread_mutex_unlock(&log->lock);
	return ret;
}

/**
 * sim_violation_clear() - forget every recorded violation.
 * @m: a machine, or NULL for the process-wide log.
 *
 * Context: Any context.
 * Return: nothing.
 */
void sim_violation_clear(struct sim_machine *m)
{
	struct sim_violation_log *log = sim_vlog_of(m);

	pthread_mutex_lock(&log->lock);
	__atomic_store_n(&log->count, 0, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&log->lock);
}

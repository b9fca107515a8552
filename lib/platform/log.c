// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The kernel log of a machine: printk() and a dmesg-like ring.
 *
 * The ring is SIM_LOG_BUF_LEN bytes of text used circularly: @head is the
 * offset of the oldest byte, @used the bytes after it. Every stored line
 * ends with '\n', so dropping the oldest line means advancing @head past
 * the first newline. A line is stored as
 *
 *   [<seconds, width 5>.<microseconds, 6 digits>] <text>\n
 *
 * with the machine's virtual time when printk() ran.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/printk.h"
#include "platform/internal.h"

/**
 * struct sim_log - the kernel log of one machine.
 * @lock: protects everything below; a leaf lock.
 * @ring: SIM_LOG_BUF_LEN bytes of text.
 * @head: offset in @ring of the oldest byte kept.
 * @used: bytes kept.
 * @count: lines printed since the last clear, dropped ones included.
 * @out: stream each new line is echoed to, or NULL.
 */
struct sim_log {
	pthread_mutex_t lock;
	char *ring;
	size_t head;
	size_t used;
	unsigned long count;
	FILE *out;
};

/**
 * sim_log_init() - give @m an empty kernel log.
 * @m: a machine being created.
 *
 * Context: Process context, from sim_machine_create().
 * Return: 0, or -ENOMEM.
 */
int sim_log_init(struct sim_machine *m)
{
	struct sim_log *log = calloc(1, sizeof(*log));

	if (!log)
		return -ENOMEM;
	log->ring = malloc(SIM_LOG_BUF_LEN);
	if (!log->ring) {
		free(log);
		return -ENOMEM;
	}
	pthread_mutex_init(&log->lock, NULL);
	m->log = log;
	return 0;
}

/**
 * sim_log_exit() - free @m's kernel log.
 * @m: a machine being destroyed (or whose creation failed).
 *
 * The echo stream, if any, is not closed: it belongs to the caller.
 *
 * Context: Process context; nobody else uses the machine.
 * Return: nothing.
 */
void sim_log_exit(struct sim_machine *m)
{
	struct sim_log *log = m->log;

	if (!log)
		return;
	m->log = NULL;
	pthread_mutex_destroy(&log->lock);
	free(log->ring);
	free(log);
}

/* Drop the oldest line. Called with the lock held and @used > 0. */
static void sim_log_drop_oldest(struct sim_log *log)
{
	while (log->used) {
		char c = log->ring[log->head];

		log->head = (log->head + 1) % SIM_LOG_BUF_LEN;
		log->used--;
		if (c == '\n')
			return;
	}
}

/* Append @len bytes ending with '\n', dropping old lines to make room. */
static void sim_log_append(struct sim_log *log, const char *line, size_t len)
{
	size_t tail, first;

	while (log->used + len > SIM_LOG_BUF_LEN)
		sim_log_drop_oldest(log);
	tail = (log->head + log->used) % SIM_LOG_BUF_LEN;
	first = min(len, (size_t)SIM_LOG_BUF_LEN - tail);
	memcpy(log->ring + tail, line, first);
	memcpy(log->ring, line + first, len - first);
	log->used += len;
}

/* Store one line of @len bytes of @text (no newline in it) at time @now. */
static void sim_log_line(struct sim_log *log, uint64_t now, const char *text,
			 size_t len)
{
	char line[SIM_LOG_LINE_MAX];
	int n;

	n = snprintf(line, sizeof(line), "[%5llu.%06llu] ",
		     (unsigned long long)(now / 1000000000),
		     (unsigned long long)(now % 1000000000 / 1000));
	if (n < 0 || (size_t)n >= sizeof(line) - 1)
		return;
	len = min(len, sizeof(line) - 1 - n);
	memcpy(line + n, text, len);
	line[n + len] = '\n';
	len += n + 1;

	pthread_mutex_lock(&log->lock);
	sim_log_append(log, line, len);
	log->count++;
	if (log->out)
		fwrite(line, 1, len, log->out);
	pthread_mutex_unlock(&log->lock);
}

/* Skip a KERN_<LEVEL> or KERN_CONT prefix. */
static const char *sim_log_skip_level(const char *text)
{
	if (text[0] == KERN_SOH[0] && text[1])
		return text + 2;
	return text;
}

/**
 * printk() - print a message to the attached machine's kernel log.
 * @fmt: printf format, optionally starting with a KERN_<LEVEL> prefix.
 *
 * Each line of the message (split at '\n'; a final newline ends the last
 * line and adds none) becomes one log line with the current virtual time.
 * A line longer than SIM_LOG_LINE_MAX is cut. From a thread attached to no
 * machine the message goes to stderr.
 *
 * Context: Any context; takes the log's leaf lock.
 * Return: the length of the formatted message, level prefix excluded.
 */
int printk(const char *fmt, ...)
{
	struct sim_machine *m = sim_tls_machine;
	char msg[SIM_LOG_LINE_MAX];
	const char *text, *nl;
	uint64_t now;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n < 0)
		return 0;
	text = sim_log_skip_level(msg);
	n -= text - msg;
	if (!m || !m->log) {
		fprintf(stderr, "%s%s", text,
			*text && text[strlen(text) - 1] == '\n' ? "" : "\n");
		return n;
	}
	now = sim_clock_now(m);
	do {
		nl = strchr(text, '\n');
		sim_log_line(m->log, now, text, nl ? (size_t)(nl - text) : strlen(text));
		text = nl ? nl + 1 : NULL;
	} while (text && *text);
	return n;
}

/**
 * sim_log_read() - copy @m's kernel log, oldest line first, into @buf.
 * @m: the machine.
 * @buf: receives the text, NUL-terminated; may be NULL when @len is 0.
 * @len: size of @buf; the text is cut to @len - 1 bytes.
 *
 * As snprintf(): the return value is the size of the whole log, so a
 * result >= @len means the copy was cut; call again with a buffer of
 * result + 1 bytes.
 *
 * Context: Any context.
 * Return: the number of bytes the log holds (newlines included, NUL
 * excluded), or -EINVAL for a NULL @m or a NULL @buf with a non-zero @len.
 */
ssize_t sim_log_read(struct sim_machine *m, char *buf, size_t len)
{
	struct sim_log *log;
	size_t n, first;
	ssize_t ret;

	if (!m || !m->log || (!buf && len))
		return -EINVAL;
	log = m->log;
	pthread_mutex_lock(&log->lock);
	ret = (ssize_t)log->used;
	if (len) {
		n = min(log->used, len - 1);
		first = min(n, (size_t)SIM_LOG_BUF_LEN - log->head);
		memcpy(buf, log->ring + log->head, first);
		memcpy(buf + first, log->ring, n - first);
		buf[n] = '\0';
	}
	pthread_mutex_unlock(&log->lock);
	return ret;
}

/**
 * sim_log_clear() - empty @m's kernel log, as dmesg -C.
 * @m: the machine.
 *
 * The line count restarts at 0; the echo stream does not change.
 *
 * Context: Any context.
 * Return: 0, or -EINVAL for a NULL @m.
 */
int sim_log_clear(struct sim_machine *m)
{
	if (!m || !m->log)
		return -EINVAL;
	pthread_mutex_lock(&m->log->lock);
	m->log->head = 0;
	m->log->used = 0;
	m->log->count = 0;
	pthread_mutex_unlock(&m->log->lock);
	return 0;
}

/**
 * sim_log_count() - lines printed to @m's kernel log since the last clear.
 * @m: the machine.
 *
 * Lines the ring no longer holds are counted too.
 *
 * Context: Any context.
 * Return: the count; 0 for a NULL @m.
 */
unsigned long sim_log_count(const struct sim_machine *m)
{
	unsigned long n;

	if (!m || !m->log)
		return 0;
	pthread_mutex_lock(&m->log->lock);
	n = m->log->count;
	pthread_mutex_unlock(&m->log->lock);
	return n;
}

/**
 * sim_log_set_output() - also write each new log line to @out.
 * @m: the machine.
 * @out: an open stream, or NULL (the default) to stop echoing.
 *
 * Lines are written as they are printed, under the log lock, so lines of
 * several threads never interleave. The stream is not flushed per line.
 *
 * Context: Any context.
 * Return: 0, or -EINVAL for a NULL @m.
 */
int sim_log_set_output(struct sim_machine *m, FILE *out)
{
	if (!m || !m->log)
		return -EINVAL;
	pthread_mutex_lock(&m->log->lock);
	m->log->out = out;
	pthread_mutex_unlock(&m->log->lock);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The page-access trace parser (trace_format.h). A trace is text:
 *
 *   gcma-trace 1                      the first line, exactly
 *   # a comment                       (and blank lines) anywhere after it
 *   size KIND ID PAGES                an object's size, before its lines
 *   TIME TASK KIND ID INDEX OP [PAGES]
 *
 * KIND is anon or file, OP r, w or d; numbers are decimal. Every line is
 * checked whole: a bad one stops the parse with "NAME:LINE: reason" and
 * nothing is kept. Bounded work per byte, no recursion: a fuzzer may
 * feed it anything.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trace_format.h"

#define TRACE_MAX_FIELDS	8

/* One line's parse: where it is, what it holds. */
struct trace_line {
	const char *name;
	unsigned long line;
	char *err;
	size_t errlen;
	char *field[TRACE_MAX_FIELDS];
	unsigned int nr;
};

static int trace_fail(struct trace_line *l, const char *fmt, ...)
{
	char msg[TRACE_ERR_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(l->err, l->errlen, "%s:%lu: %s", l->name, l->line, msg);
	return -EINVAL;
}

/* A decimal number of at most @max: digits only, no sign, no blanks. */
static int trace_number(struct trace_line *l, const char *what,
			const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (!*s)
		return trace_fail(l, "%s: empty", what);
	for (const char *c = s; *c; c++) {
		if (*c < '0' || *c > '9')
			return trace_fail(l, "%s: '%.32s' is not a decimal number",
					  what, s);
		if (v > (max - (uint64_t)(*c - '0')) / 10)
			return trace_fail(l, "%s: '%.32s' is more than %llu",
					  what, s, (unsigned long long)max);
		v = v * 10 + (uint64_t)(*c - '0');
	}
	*out = v;
	return 0;
}

static int trace_kind(struct trace_line *l, const char *s, bool *anon)
{
	if (!strcmp(s, "anon"))
		*anon = true;
	else if (!strcmp(s, "file"))
		*anon = false;
	else
		return trace_fail(l, "kind: '%.32s' is neither anon nor file",
				  s);
	return 0;
}

static size_t trace_hash_slot(const struct trace *t, bool anon, uint32_t id)
{
	uint64_t h = ((uint64_t)id << 1 | anon) * 0x9e3779b97f4a7c15ULL;

	return (size_t)(h >> 32) & (t->hash_size - 1);
}

/* Double the table (or make it) and put every object back. */
static int trace_hash_grow(struct trace *t)
{
	size_t size = t->hash_size ? t->hash_size * 2 : 64;
	uint32_t *old = t->hash;
	uint32_t *hash = calloc(size, sizeof(*hash));

	if (!hash)
		return -ENOMEM;
	t->hash = hash;
	t->hash_size = size;
	for (size_t i = 0; i < t->nr_obj; i++) {
		size_t s = trace_hash_slot(t, t->obj[i].anon, t->obj[i].id);

		while (t->hash[s])
			s = (s + 1) & (size - 1);
		t->hash[s] = (uint32_t)i + 1;
	}
	free(old);
	return 0;
}

/* The object (@anon, @id): found, or added with no size. */
static int trace_obj_get(struct trace *t, bool anon, uint32_t id,
			 bool *fresh, uint32_t *out)
{
	size_t s;

	*fresh = false;
	if ((t->nr_obj + 1) * 2 > t->hash_size && trace_hash_grow(t))
		return -ENOMEM;
	for (s = trace_hash_slot(t, anon, id); t->hash[s];
	     s = (s + 1) & (t->hash_size - 1)) {
		const struct trace_obj *o = &t->obj[t->hash[s] - 1];

		if (o->anon == anon && o->id == id) {
			*out = t->hash[s] - 1;
			return 0;
		}
	}
	if (t->nr_obj == t->cap_obj) {
		size_t cap = t->cap_obj ? t->cap_obj * 2 : 16;
		struct trace_obj *o = realloc(t->obj, cap * sizeof(*o));

		if (!o)
			return -ENOMEM;
		t->obj = o;
		t->cap_obj = cap;
	}
	t->obj[t->nr_obj] = (struct trace_obj){ .anon = anon, .id = id };
	t->hash[s] = (uint32_t)t->nr_obj + 1;
	*out = (uint32_t)t->nr_obj++;
	*fresh = true;
	return 0;
}

/* "size KIND ID PAGES": before any line of that object, once. */
static int trace_size_line(struct trace *t, struct trace_line *l)
{
	uint64_t id, pages;
	uint32_t o;
	bool anon = false, fresh;
	int ret;

	if (l->nr != 4)
		return trace_fail(l, "a size line is 'size KIND ID PAGES' (%u fields)",
				  l->nr);
	ret = trace_kind(l, l->field[1], &anon);
	if (!ret)
		ret = trace_number(l, "id", l->field[2], TRACE_ID_MAX, &id);
	if (!ret)
		ret = trace_number(l, "size", l->field[3], TRACE_INDEX_MAX,
				   &pages);
	if (ret)
		return ret;
	ret = trace_obj_get(t, anon, (uint32_t)id, &fresh, &o);
	if (ret)
		return trace_fail(l, "out of memory");
	if (!fresh)
		return trace_fail(l, "size of %s %llu given after its first line or twice",
				  anon ? "anon" : "file",
				  (unsigned long long)id);
	t->obj[o].pages = pages;
	t->obj[o].declared = true;
	return 0;
}

static int trace_rec_add(struct trace *t, const struct trace_rec *r)
{
	if (t->nr == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1024;
		struct trace_rec *rec = realloc(t->rec, cap * sizeof(*rec));

		if (!rec)
			return -ENOMEM;
		t->rec = rec;
		t->cap = cap;
	}
	t->rec[t->nr++] = *r;
	return 0;
}

/* "TIME TASK KIND ID INDEX OP [PAGES]". */
static int trace_access_line(struct trace *t, struct trace_line *l)
{
	struct trace_rec r = { .pages = 1 };
	uint64_t time, task, id, index, pages = 1;
	struct trace_obj *o;
	const char *op;
	bool anon = false, fresh;
	int ret;

	if (l->nr != 6 && l->nr != 7)
		return trace_fail(l, "%u fields; a line is 'TIME TASK KIND ID INDEX OP [PAGES]'",
				  l->nr);
	ret = trace_number(l, "time", l->field[0], UINT64_MAX, &time);
	if (!ret)
		ret = trace_number(l, "task", l->field[1], TRACE_ID_MAX, &task);
	if (!ret)
		ret = trace_kind(l, l->field[2], &anon);
	if (!ret)
		ret = trace_number(l, "id", l->field[3], TRACE_ID_MAX, &id);
	if (!ret)
		ret = trace_number(l, "index", l->field[4], TRACE_INDEX_MAX - 1,
				   &index);
	if (ret)
		return ret;
	op = l->field[5];
	if (!strcmp(op, "r"))
		r.op = TRACE_READ;
	else if (!strcmp(op, "w"))
		r.op = TRACE_WRITE;
	else if (!strcmp(op, "d"))
		r.op = TRACE_DROP;
	else
		return trace_fail(l, "op: '%.32s' is not r, w or d", op);
	if (l->nr == 7 && r.op == TRACE_DROP)
		return trace_fail(l, "a drop (d) takes no page count");
	if (l->nr == 7) {
		ret = trace_number(l, "pages", l->field[6], TRACE_PAGES_MAX,
				   &pages);
		if (ret)
			return ret;
		if (!pages)
			return trace_fail(l, "pages: 0; a line touches at least one page");
	}
	if (index + pages > TRACE_INDEX_MAX)
		return trace_fail(l, "index + pages is more than %llu",
				  (unsigned long long)TRACE_INDEX_MAX);
	if (t->nr && time < t->rec[t->nr - 1].t_ns)
		return trace_fail(l, "time %llu is before the previous line's %llu",
				  (unsigned long long)time,
				  (unsigned long long)t->rec[t->nr - 1].t_ns);
	if (trace_obj_get(t, anon, (uint32_t)id, &fresh, &r.obj))
		return trace_fail(l, "out of memory");
	o = &t->obj[r.obj];
	if (r.op == TRACE_DROP) {
		pages = 0;
		if (o->declared && index > o->pages)
			return trace_fail(l, "drop from page %llu of %s %llu, beyond its size %llu",
					  (unsigned long long)index,
					  anon ? "anon" : "file",
					  (unsigned long long)id,
					  (unsigned long long)o->pages);
	} else if (o->declared && index + pages > o->pages) {
		return trace_fail(l, "pages %llu..%llu of %s %llu, beyond its size %llu",
				  (unsigned long long)index,
				  (unsigned long long)(index + pages - 1),
				  anon ? "anon" : "file",
				  (unsigned long long)id,
				  (unsigned long long)o->pages);
	} else if (index + pages > o->pages) {
		o->pages = index + pages;
	}
	r.t_ns = time;
	r.task = (uint32_t)task;
	r.index = index;
	r.pages = (uint32_t)pages;
	if (trace_rec_add(t, &r))
		return trace_fail(l, "out of memory");
	t->pages_touched += pages;
	return 0;
}

/* Split @s (NUL-terminated, modified) at blanks into @l's fields. */
static int trace_split(struct trace_line *l, char *s)
{
	l->nr = 0;
	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			return 0;
		if (l->nr == TRACE_MAX_FIELDS)
			return trace_fail(l, "more than %d fields",
					  TRACE_MAX_FIELDS);
		l->field[l->nr++] = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
		if (*s)
			*s++ = '\0';
	}
}

/* One line, without its newline, @len bytes at @p. */
static int trace_line_parse(struct trace *t, struct trace_line *l,
			    const char *p, size_t len)
{
	char buf[TRACE_LINE_MAX + 1];
	int ret;

	if (len && p[len - 1] == '\r')
		len--;
	if (len > TRACE_LINE_MAX)
		return trace_fail(l, "line longer than %d bytes",
				  TRACE_LINE_MAX);
	if (memchr(p, '\0', len))
		return trace_fail(l, "a NUL byte: not a text file");
	memcpy(buf, p, len);
	buf[len] = '\0';
	if (l->line == 1)
		return strcmp(buf, TRACE_HEADER) ?
		       trace_fail(l, "expected the header '%s'", TRACE_HEADER) :
		       0;
	if (buf[strspn(buf, " \t")] == '#')
		return 0;
	ret = trace_split(l, buf);
	if (ret || !l->nr)
		return ret;
	if (!strcmp(l->field[0], "size"))
		return trace_size_line(t, l);
	return trace_access_line(t, l);
}

/**
 * trace_parse() - parse a trace held in memory.
 * @buf: its bytes (need not be NUL-terminated; may hold anything).
 * @len: how many.
 * @name: the file's name, for messages.
 * @t: filled on success (trace_free() it); left empty on failure.
 * @err: on failure, "NAME:LINE: reason" (or "NAME: reason").
 * @errlen: size of @err.
 *
 * Context: Process context.
 * Return: 0; -EINVAL for a bad line (the first one); -ENOMEM.
 */
int trace_parse(const char *buf, size_t len, const char *name,
		struct trace *t, char *err, size_t errlen)
{
	struct trace_line l = { .name = name, .err = err, .errlen = errlen };
	const char *p = buf, *end = buf + len;
	int ret = 0;

	memset(t, 0, sizeof(*t));
	if (!len) {
		snprintf(err, errlen, "%s: empty: expected the header '%s'",
			 name, TRACE_HEADER);
		return -EINVAL;
	}
	while (p < end && !ret) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		l.line++;
		ret = trace_line_parse(t, &l, p, n);
		p += n + (nl ? 1 : 0);
	}
	free(t->hash);
	t->hash = NULL;
	t->hash_size = 0;
	if (ret)
		trace_free(t);
	return ret;
}

/*
 * @path whole into a new buffer: a regular file of at most
 * TRACE_FILE_MAX bytes. Opening does not wait (a FIFO is refused).
 */
static int trace_read_file(const char *path, char **out, size_t *out_len,
			   char *err, size_t errlen)
{
	struct stat st;
	size_t len = 0;
	char *buf = NULL;
	int fd, ret = 0;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		snprintf(err, errlen, "%s: cannot open: %s", path,
			 strerror(errno));
		return ret;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		ret = -EINVAL;
		goto out;
	}
	if ((uint64_t)st.st_size > TRACE_FILE_MAX) {
		snprintf(err, errlen, "%s: larger than %lu bytes", path,
			 TRACE_FILE_MAX);
		ret = -EFBIG;
		goto out;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		snprintf(err, errlen, "%s: out of memory", path);
		ret = -ENOMEM;
		goto out;
	}
	/* The size may change meanwhile: read at most what was allocated. */
	while (len < (size_t)st.st_size + 1) {
		ssize_t n = read(fd, buf + len, (size_t)st.st_size + 1 - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			snprintf(err, errlen, "%s: cannot read: %s", path,
				 strerror(errno));
			goto out;
		}
		if (!n)
			break;
		len += (size_t)n;
	}
	if (len > (size_t)st.st_size) {
		snprintf(err, errlen, "%s: grew while it was read", path);
		ret = -EINVAL;
	}
out:
	close(fd);
	if (ret) {
		free(buf);
		return ret;
	}
	*out = buf;
	*out_len = len;
	return 0;
}

/**
 * trace_load() - read and parse a trace file.
 * @path: the file: regular, at most TRACE_FILE_MAX bytes.
 * @t: filled on success (trace_free() it); left empty on failure.
 * @err: on failure, "PATH:LINE: reason" or "PATH: reason".
 * @errlen: size of @err.
 *
 * Context: Process context.
 * Return: 0; -errno from open/read; -EFBIG; -EINVAL (not a regular
 * file, a bad line); -ENOMEM.
 */
int trace_load(const char *path, struct trace *t, char *err, size_t errlen)
{
	size_t len = 0;
	char *buf = NULL;
	int ret;

	memset(t, 0, sizeof(*t));
	ret = trace_read_file(path, &buf, &len, err, errlen);
	if (ret)
		return ret;
	ret = trace_parse(buf, len, path, t, err, errlen);
	free(buf);
	return ret;
}

/**
 * trace_free() - free a parsed trace.
 * @t: from trace_parse()/trace_load() (even failed), or zeroed.
 *
 * Context: Process context.
 * Return: nothing.
 */
void trace_free(struct trace *t)
{
	free(t->rec);
	free(t->obj);
	free(t->hash);
	memset(t, 0, sizeof(*t));
}

/**
 * trace_op_name() - an op's letter in the format.
 * @op: the op.
 *
 * Context: Any context.
 * Return: "r", "w", "d"; "?" for an unknown value.
 */
const char *trace_op_name(enum trace_op op)
{
	static const char *const names[] = { "r", "w", "d" };

	return (unsigned int)op < 3 ? names[op] : "?";
}

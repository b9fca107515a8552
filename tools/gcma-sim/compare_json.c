// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * A recursive-descent JSON reader (RFC 8259 syntax; \u escapes become
 * '?', which no key of ours holds) that keeps schema_version, scenario,
 * seeds and the summary cells of a gcma-sim JSON file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare_json.h"

#define JSON_DEPTH_MAX	64

struct jp {
	const char *start, *p, *end;
	char *err;
	size_t errlen;
	int depth;
};

static int jp_fail(struct jp *j, const char *what)
{
	if (!*j->err)
		snprintf(j->err, j->errlen, "%s at byte %zu", what,
			 (size_t)(j->p - j->start));
	return -EINVAL;
}

static void jp_ws(struct jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
				 *j->p == '\r' || *j->p == '\n'))
		j->p++;
}

static bool jp_eat(struct jp *j, char c)
{
	jp_ws(j);
	if (j->p < j->end && *j->p == c) {
		j->p++;
		return true;
	}
	return false;
}

/* A string into @buf (truncated to @len - 1; NULL: skipped). */
static int jp_string(struct jp *j, char *buf, size_t len)
{
	size_t n = 0;

	if (!jp_eat(j, '"'))
		return jp_fail(j, "a string expected");
	while (j->p < j->end && *j->p != '"') {
		char c = *j->p++;

		if ((unsigned char)c < 0x20)
			return jp_fail(j, "a control character in a string");
		if (c == '\\') {
			if (j->p >= j->end)
				break;
			c = *j->p++;
			switch (c) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case 'u':
				if (j->end - j->p < 4)
					return jp_fail(j, "a short \\u escape");
				j->p += 4;
				c = '?';
				break;
			case '"': case '\\': case '/':
				break;
			default:
				return jp_fail(j, "a bad escape");
			}
		}
		if (buf && n + 1 < len)
			buf[n++] = c;
	}
	if (!jp_eat(j, '"'))
		return jp_fail(j, "an unterminated string");
	if (buf && len)
		buf[n] = '\0';
	return 0;
}

/* A number, or null (@null set). */
static int jp_number(struct jp *j, double *v, bool *null)
{
	char *e;

	jp_ws(j);
	*null = false;
	if (j->end - j->p >= 4 && !strncmp(j->p, "null", 4)) {
		j->p += 4;
		*null = true;
		*v = 0;
		return 0;
	}
	if (j->p >= j->end || !(*j->p == '-' || (*j->p >= '0' && *j->p <= '9')))
		return jp_fail(j, "a number expected");
	*v = strtod(j->p, &e);
	if (e == j->p || e > j->end)
		return jp_fail(j, "a bad number");
	j->p = e;
	return 0;
}

static int jp_skip(struct jp *j);

/* The members of an object, each given to @member (NULL: skipped). */
static int jp_object(struct jp *j, int (*member)(struct jp *, const char *,
						  void *), void *arg)
{
	char key[64];
	int ret;

	if (!jp_eat(j, '{'))
		return jp_fail(j, "an object expected");
	if (++j->depth > JSON_DEPTH_MAX)
		return jp_fail(j, "nested too deep");
	if (jp_eat(j, '}'))
		goto done;
	do {
		ret = jp_string(j, key, sizeof(key));
		if (ret)
			return ret;
		if (!jp_eat(j, ':'))
			return jp_fail(j, "':' expected");
		ret = member ? member(j, key, arg) : jp_skip(j);
		if (ret)
			return ret;
	} while (jp_eat(j, ','));
	if (!jp_eat(j, '}'))
		return jp_fail(j, "',' or '}' expected");
done:
	j->depth--;
	return 0;
}

/* The elements of an array, each given to @elem (NULL: skipped). */
static int jp_array(struct jp *j, int (*elem)(struct jp *, void *),
		    void *arg)
{
	int ret;

	if (!jp_eat(j, '['))
		return jp_fail(j, "an array expected");
	if (++j->depth > JSON_DEPTH_MAX)
		return jp_fail(j, "nested too deep");
	if (jp_eat(j, ']'))
		goto done;
	do {
		ret = elem ? elem(j, arg) : jp_skip(j);
		if (ret)
			return ret;
	} while (jp_eat(j, ','));
	if (!jp_eat(j, ']'))
		return jp_fail(j, "',' or ']' expected");
done:
	j->depth--;
	return 0;
}

static int jp_skip(struct jp *j)
{
	static const char *const words[] = { "true", "false", "null" };
	double v;
	bool null;

	jp_ws(j);
	if (j->p >= j->end)
		return jp_fail(j, "a value expected");
	if (*j->p == '{')
		return jp_object(j, NULL, NULL);
	if (*j->p == '[')
		return jp_array(j, NULL, NULL);
	if (*j->p == '"')
		return jp_string(j, NULL, 0);
	for (size_t i = 0; i < 3; i++) {
		size_t n = strlen(words[i]);

		if ((size_t)(j->end - j->p) >= n && !strncmp(j->p, words[i], n)) {
			j->p += n;
			return 0;
		}
	}
	return jp_number(j, &v, &null);
}

static int cell_member(struct jp *j, const char *key, void *arg)
{
	struct cmp_cell *c = arg;
	double v;
	bool null;
	int ret;

	if (!strcmp(key, "section"))
		return jp_string(j, c->section, sizeof(c->section));
	if (!strcmp(key, "config"))
		return jp_string(j, c->config, sizeof(c->config));
	if (!strcmp(key, "metric"))
		return jp_string(j, c->metric, sizeof(c->metric));
	if (strcmp(key, "pages") && strcmp(key, "seeds") &&
	    strcmp(key, "mean") && strcmp(key, "ci95") && strcmp(key, "sd") &&
	    strcmp(key, "prec") && strcmp(key, "pooled"))
		return jp_skip(j);
	ret = jp_number(j, &v, &null);
	if (ret)
		return ret;
	if (!strcmp(key, "pages"))
		c->pages = null ? 0 : (unsigned long)v;
	else if (!strcmp(key, "seeds"))
		c->ci.n = null ? 0 : (unsigned int)v;
	else if (!strcmp(key, "mean"))
		c->ci.mean = v, c->has_mean = !null;
	else if (!strcmp(key, "ci95"))
		c->ci.half = v, c->has_ci = !null;
	else if (!strcmp(key, "sd"))
		c->ci.sd = v;
	else if (!strcmp(key, "pooled"))
		c->pooled = v, c->has_pooled = !null;
	else
		c->prec = null ? 0 : (int)v;
	return 0;
}

static int cell_elem(struct jp *j, void *arg)
{
	struct cmp_file *f = arg;
	struct cmp_cell *c = realloc(f->cells, (f->nr_cells + 1) * sizeof(*c));
	int ret;

	if (!c)
		return -ENOMEM;
	f->cells = c;
	c = &f->cells[f->nr_cells];
	memset(c, 0, sizeof(*c));
	c->prec = 3;
	ret = jp_object(j, cell_member, c);
	if (!ret && (!*c->section || !*c->config || !*c->metric))
		return jp_fail(j, "a summary cell without section, config or metric");
	f->nr_cells += !ret;
	return ret;
}

static int seed_elem(struct jp *j, void *arg)
{
	struct cmp_file *f = arg;
	size_t len = strlen(f->seed_list);
	double v;
	bool null;
	int ret = jp_number(j, &v, &null);

	if (ret)
		return ret;
	f->seeds++;
	if (len + 24 < sizeof(f->seed_list))
		snprintf(f->seed_list + len, sizeof(f->seed_list) - len,
			 "%s%.0f", len ? "," : "", v);
	else if (len + 4 < sizeof(f->seed_list) &&
		 strcmp(f->seed_list + len - 3, "..."))
		strcat(f->seed_list, "...");
	return 0;
}

static int top_member(struct jp *j, const char *key, void *arg)
{
	struct cmp_file *f = arg;
	double v;
	bool null;
	int ret;

	if (!strcmp(key, "summary"))
		return jp_array(j, cell_elem, f);
	if (!strcmp(key, "seeds"))
		return jp_array(j, seed_elem, f);
	if (!strcmp(key, "scenario"))
		return jp_string(j, f->scenario, sizeof(f->scenario));
	if (!strcmp(key, "schema_version")) {
		ret = jp_number(j, &v, &null);
		f->schema = null ? 0 : (int)v;
		return ret;
	}
	return jp_skip(j);
}

/**
 * cmp_file_parse() - read the summary of a gcma-sim JSON text.
 * @text: the file's bytes.
 * @len: how many.
 * @f: filled (free with cmp_file_free(), also on failure).
 * @err: message on failure.
 * @errlen: size of @err.
 *
 * Context: Process context.
 * Return: 0; -EINVAL (not JSON, or no schema_version >= 2 and summary);
 * -ENOMEM.
 */
int cmp_file_parse(const char *text, size_t len, struct cmp_file *f,
		   char *err, size_t errlen)
{
	struct jp j = { .start = text, .p = text, .end = text + len, .err = err,
			.errlen = errlen };
	int ret;

	memset(f, 0, sizeof(*f));
	*err = '\0';
	ret = jp_object(&j, top_member, f);
	jp_ws(&j);
	if (!ret && j.p != j.end)
		ret = jp_fail(&j, "text after the JSON object");
	if (ret == -ENOMEM)
		snprintf(err, errlen, "out of memory");
	if (ret)
		return ret;
	if (f->schema < 2 || !f->nr_cells) {
		snprintf(err, errlen,
			 "no schema_version >= 2 with a summary: not a gcma-sim JSON output of this version (docs/simulator.md \"JSON\")");
		return -EINVAL;
	}
	return 0;
}

/**
 * cmp_file_free() - free what cmp_file_parse() allocated.
 * @f: parsed or not.
 *
 * Context: Process context.
 * Return: nothing.
 */
void cmp_file_free(struct cmp_file *f)
{
	free(f->cells);
	f->cells = NULL;
	f->nr_cells = 0;
}

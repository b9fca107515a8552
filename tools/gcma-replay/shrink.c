// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The shrinker of gcma-replay (docs/testing.md, "Replay and shrink").
 *
 * A candidate program replaces the current one when its run fails with
 * the same signature: the failure message without the failing op's index
 * and with every number replaced by '#', so "pfn 0x1a3: refcount 2, the
 * model expects 1" matches at another pfn after ops were removed, but a
 * different check does not. --any-failure accepts any failure instead.
 *
 * Four passes, repeated until none removes or changes anything:
 *  0. the smallest machine geometry that still fails;
 *  1. cut the ops after the failing one (they never ran);
 *  2. delta debugging over the ops (Zeller's ddmin, complements only):
 *     remove chunks of n/2, n/4, ... 1 ops;
 *  3. each argument of each op: try 0, else half, keep what fails.
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "shrink.h"

struct shrink_ctx {
	const struct gops_options *opts;
	bool any_failure;
	char sig[sizeof(((struct gops_result *)0)->msg)];
	unsigned long runs;
	int failed_op;		/* of the current program */
};

/**
 * failure_signature() - what two failures must share to count as one.
 * @msg: a struct gops_result message ("op 12 (gcma_free): pfn 0x1a3: ...").
 * @sig: receives the signature.
 * @len: its size.
 *
 * Context: Any context.
 * Return: nothing.
 */
void failure_signature(const char *msg, char *sig, size_t len)
{
	const char *p = strstr(msg, "): ");
	size_t n = 0;

	/* Drop "op N (kind): ": the index changes as ops go. */
	p = p ? p + 3 : msg;
	while (*p && n + 1 < len) {
		if (isdigit((unsigned char)*p)) {
			sig[n++] = '#';
			while (isxdigit((unsigned char)*p) || *p == 'x')
				p++;
			continue;
		}
		sig[n++] = *p++;
	}
	sig[n] = '\0';
}

/* Does @p still fail the way the shrinker started from? */
static bool still_fails(struct shrink_ctx *c, const struct gops_program *p)
{
	struct gops_options quiet = *c->opts;
	struct gops_result r;
	char sig[sizeof(c->sig)];

	quiet.state = NULL;
	c->runs++;
	if (gops_run_opts(p, NULL, &quiet, &r) != -EUCLEAN)
		return false;
	failure_signature(r.msg, sig, sizeof(sig));
	if (!c->any_failure && strcmp(sig, c->sig))
		return false;
	c->failed_op = r.failed_op;
	return true;
}

/* @dst = @src without ops [start, start + nr). */
static void cut(struct gops_program *dst, const struct gops_program *src,
		unsigned int start, unsigned int nr)
{
	*dst = *src;
	memmove(&dst->ops[start], &src->ops[start + nr],
		(src->nr - start - nr) * sizeof(src->ops[0]));
	dst->nr = src->nr - nr;
}

/* Pass 2: ddmin over the ops. Return whether anything went. */
static bool shrink_ops(struct shrink_ctx *c, struct gops_program *p)
{
	static struct gops_program cand;
	unsigned int parts = 2;
	bool changed = false;

	while (p->nr >= 2) {
		unsigned int chunk = (p->nr + parts - 1) / parts;
		bool removed = false;

		for (unsigned int start = 0; start < p->nr; start += chunk) {
			unsigned int nr = chunk < p->nr - start ? chunk :
				p->nr - start;

			cut(&cand, p, start, nr);
			if (still_fails(c, &cand)) {
				*p = cand;
				removed = changed = true;
				parts = parts > 2 ? parts - 1 : 2;
				break;
			}
		}
		if (removed)
			continue;
		if (parts >= p->nr)
			break;
		parts = parts * 2 < p->nr ? parts * 2 : p->nr;
	}
	return changed;
}

/* Pass 3: smaller arguments. Return whether any changed. */
static bool shrink_args(struct shrink_ctx *c, struct gops_program *p)
{
	bool changed = false;

	for (unsigned int i = 0; i < p->nr; i++) {
		struct gop *op = &p->ops[i];

		for (unsigned int a = 0; a < gops_nr_args(op->kind); a++) {
			unsigned int orig = op->arg[a];
			const unsigned int try[2] = { 0, orig / 2 };

			/* 0, else half; the next round halves again. */
			for (int t = 0; t < 2 && try[t] < orig; t++) {
				op->arg[a] = try[t];
				if (still_fails(c, p)) {
					changed = true;
					break;
				}
				op->arg[a] = orig;
			}
		}
	}
	return changed;
}

/* Pass 0: a smaller machine. Return whether it changed. */
static bool shrink_geometry(struct shrink_ctx *c, struct gops_program *p)
{
	unsigned int orig = p->geometry;

	for (unsigned int g = 0; g < orig; g++) {
		p->geometry = g;
		if (still_fails(c, p))
			return true;
	}
	p->geometry = orig;
	return false;
}

/**
 * shrink_program() - make a failing program smaller, same failure.
 * @p: the program; replaced by the smallest failing one found.
 * @opts: the run's options (defect switches); state output is ignored.
 * @any_failure: accept any failure, not only the original one.
 * @runs: receives the number of runs it took.
 *
 * Context: Process context, no machine attached; runs @p many times.
 * Return: 0; -EINVAL if @p does not fail to begin with.
 */
int shrink_program(struct gops_program *p, const struct gops_options *opts,
		   bool any_failure, unsigned long *runs)
{
	struct shrink_ctx c = { .opts = opts, .any_failure = true };
	struct gops_options quiet = *opts;
	struct gops_result r;
	bool changed;

	quiet.state = NULL;
	*runs = 1;
	if (gops_run_opts(p, NULL, &quiet, &r) != -EUCLEAN)
		return -EINVAL;
	failure_signature(r.msg, c.sig, sizeof(c.sig));
	c.any_failure = any_failure;
	c.failed_op = r.failed_op;
	do {
		changed = shrink_geometry(&c, p);
		/* Pass 1: the ops after the failing one never ran. */
		p->nr = (unsigned int)c.failed_op + 1;
		changed |= shrink_ops(&c, p);
		p->nr = (unsigned int)c.failed_op + 1;
		changed |= shrink_args(&c, p);
	} while (changed);
	*runs += c.runs;
	return 0;
}

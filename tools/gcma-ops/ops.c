// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The operation language: the table of op kinds and their arguments,
 * and the conversions between bytes, programs and text (ops.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"

const unsigned long gops_geometry_pages[GOPS_NR_GEOMETRIES] = {
	256, 2048, 4096,
};

/**
 * struct gop_desc - how one kind is written.
 * @name: its name in a trace.
 * @nr_args: arguments it takes.
 * @arg_name: their names.
 * @range: their ranges: a value is in [0, range).
 */
struct gop_desc {
	const char *name;
	unsigned int nr_args;
	const char *arg_name[GOPS_MAX_ARGS];
	unsigned int range[GOPS_MAX_ARGS];
};

/*
 * Ranges reach a little past what the machine has (an inode has 24
 * pages, a direct GCMA area 64, the donor region 32), so the error paths
 * of out-of-range calls are exercised too.
 */
static const struct gop_desc gop_table[GOP_NR_KINDS] = {
	[GOP_REGISTER_AREA] = { "register_area", 1, { "area" }, { 2 } },
	[GOP_REGISTER_POOL] = { "register_pool", 0, { 0 }, { 0 } },
	[GOP_DONATE] = { "donate", 2, { "pool", "off" }, { 4, 40 } },
	[GOP_TAKE] = { "take", 2, { "pool", "off" }, { 4, 40 } },
	[GOP_DONATE_RANGE] = { "donate_range", 3, { "pool", "off", "count" },
			       { 4, 40, 12 } },
	[GOP_TAKE_RANGE] = { "take_range", 3, { "pool", "off", "count" },
			     { 4, 40, 12 } },
	[GOP_READ] = { "read", 2, { "ino", "idx" }, { 4, 28 } },
	[GOP_READAHEAD] = { "readahead", 3, { "ino", "idx", "nr" },
			    { 4, 28, 9 } },
	[GOP_WRITE] = { "write", 2, { "ino", "idx" }, { 4, 28 } },
	[GOP_WRITEBACK] = { "writeback", 2, { "ino", "idx" }, { 4, 28 } },
	[GOP_EVICT] = { "evict", 2, { "ino", "idx" }, { 4, 28 } },
	[GOP_SHRINK] = { "shrink", 1, { "nr" }, { 17 } },
	[GOP_TRUNCATE] = { "truncate", 2, { "ino", "pages" }, { 4, 29 } },
	[GOP_FORGET] = { "forget", 1, { "ino" }, { 4 } },
	[GOP_GCMA_ALLOC] = { "gcma_alloc", 4,
			     { "area", "off", "count", "flags" },
			     { 2, 72, 20, 4 } },
	[GOP_GCMA_FREE] = { "gcma_free", 3, { "area", "off", "count" },
			    { 2, 72, 20 } },
	[GOP_CMA_ALLOC] = { "cma_alloc", 4,
			    { "area", "count", "align", "flags" },
			    { 2, 40, 8, 4 } },
	[GOP_CMA_RELEASE] = { "cma_release", 2, { "slot", "part" }, { 8, 2 } },
	[GOP_PIN_FILE] = { "pin_file", 3, { "ino", "idx", "kind" },
			   { 4, 28, 3 } },
	[GOP_PIN_GCMA] = { "pin_gcma", 3, { "area", "off", "kind" },
			   { 2, 64, 2 } },
	[GOP_PIN_CMA] = { "pin_cma", 2, { "slot", "kind" }, { 8, 2 } },
	[GOP_UNPIN] = { "unpin", 1, { "slot" }, { 8 } },
	[GOP_FAIL_NTH] = { "fail_nth", 2, { "classes", "n" }, { 128, 8 } },
	[GOP_FAIL_PROB] = { "fail_prob", 2, { "classes", "ppm" },
			    { 128, 256 } },
	[GOP_CLOCK] = { "clock", 1, { "us" }, { 256 } },
	[GOP_USE_GCMA] = { "use_gcma", 3, { "area", "off", "count" },
			   { 2, 72, 20 } },
	/*
	 * Swap: two types (swap 0, 1) of 16 slots; a type that is off is
	 * called by a type number never in use, and slots 16, 17 are past
	 * the end. policy: enum sim_swap_policy; flags: bit 0 a zram-like
	 * device, bit 1 exclusive loads; pct: the ratio in tens of percent
	 * (11: 110%, refused).
	 */
	[GOP_SWAPON] = { "swapon", 3, { "swap", "policy", "flags" },
			 { 2, 3, 4 } },
	[GOP_SWAPOFF] = { "swapoff", 1, { "swap" }, { 2 } },
	[GOP_FSW_STORE] = { "fsw_store", 2, { "swap", "off" }, { 2, 18 } },
	[GOP_FSW_LOAD] = { "fsw_load", 2, { "swap", "off" }, { 2, 18 } },
	[GOP_FSW_INVALIDATE] = { "fsw_invalidate", 2, { "swap", "off" },
				 { 2, 18 } },
	[GOP_FSW_INVALIDATE_AREA] = { "fsw_invalidate_area", 1, { "swap" },
				      { 2 } },
	[GOP_SWAP_OUT] = { "swap_out", 2, { "swap", "off" }, { 2, 18 } },
	[GOP_SWAP_IN] = { "swap_in", 2, { "swap", "off" }, { 2, 18 } },
	[GOP_SWAP_FREE] = { "swap_free", 2, { "swap", "off" }, { 2, 18 } },
	[GOP_SWAP_RATIO] = { "swap_ratio", 1, { "pct" }, { 12 } },
	/* The tag-storage donor: one, of RM_TAG_PAGES (>= 2048 pages only). */
	[GOP_TAG_REGISTER] = { "tag_register", 0, { 0 }, { 0 } },
	[GOP_TAG_ACTIVATE] = { "tag_activate", 0, { 0 }, { 0 } },
	[GOP_TAG_DEACTIVATE] = { "tag_deactivate", 0, { 0 }, { 0 } },
	[GOP_PCP] = { "pcp", 3, { "cpus", "high", "cma" }, { 3, 4, 2 } },
	/* Buffer heads on a page-cache page; no swap at all (on=0, 1). */
	[GOP_BH_ATTACH] = { "bh_attach", 3, { "ino", "idx", "dirty" },
			    { 4, 28, 2 } },
	[GOP_NOSWAP] = { "noswap", 1, { "on" }, { 2 } },
};

/**
 * gops_kind_name() - the trace name of an op kind.
 * @kind: enum gop_kind.
 *
 * Context: Any context.
 * Return: the name, or NULL for an unknown kind.
 */
const char *gops_kind_name(unsigned int kind)
{
	return kind < GOP_NR_KINDS ? gop_table[kind].name : NULL;
}

/**
 * gops_nr_args() - how many arguments an op kind takes.
 * @kind: enum gop_kind.
 *
 * Context: Any context.
 * Return: 0..GOPS_MAX_ARGS; 0 for an unknown kind.
 */
unsigned int gops_nr_args(unsigned int kind)
{
	return kind < GOP_NR_KINDS ? gop_table[kind].nr_args : 0;
}

/**
 * gops_arg_name() - the name of an op kind's argument.
 * @kind: enum gop_kind.
 * @i: argument index.
 *
 * Context: Any context.
 * Return: the name, or NULL past the kind's arguments.
 */
const char *gops_arg_name(unsigned int kind, unsigned int i)
{
	return i < gops_nr_args(kind) ? gop_table[kind].arg_name[i] : NULL;
}

/**
 * gops_arg_range() - the range of an op kind's argument.
 * @kind: enum gop_kind.
 * @i: argument index.
 *
 * Context: Any context.
 * Return: values are in [0, return); 0 past the kind's arguments.
 */
unsigned int gops_arg_range(unsigned int kind, unsigned int i)
{
	return i < gops_nr_args(kind) ? gop_table[kind].range[i] : 0;
}

static uint64_t gops_splitmix(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/**
 * gops_random_input() - the @i-th random fuzz input of seed @seed.
 * @seed: the campaign's seed.
 * @i: the input's number.
 * @buf: receives the bytes; at least @max_len long.
 * @max_len: the longest input, at least 1.
 *
 * Inputs come from splitmix64 seeded with @seed and @i, so input @i of a
 * seed is the same on every machine and in every tool (gcma-replay
 * --random, fuzz_ops_replay --random): a failure is named by the pair.
 *
 * Context: Any context.
 * Return: the input's length, 1 to @max_len.
 */
size_t gops_random_input(uint64_t seed, unsigned long i, uint8_t *buf,
			 size_t max_len)
{
	uint64_t s = seed * 0x9e3779b97f4a7c15ULL + i;
	size_t len = 1 + (size_t)(gops_splitmix(&s) % max_len);

	for (size_t j = 0; j < len; j++)
		buf[j] = (uint8_t)gops_splitmix(&s);
	return len;
}

/**
 * gops_decode() - turn a fuzz input into a program.
 * @data: the input.
 * @size: its length.
 * @p: receives the program.
 *
 * Byte 0 picks the geometry (modulo GOPS_NR_GEOMETRIES); then each op is
 * a kind byte and one byte per argument, each reduced modulo its range.
 * Decoding stops at GOPS_MAX_OPS ops or at an op cut short by the end of
 * the input (which is dropped). Every input decodes.
 *
 * Context: Any context.
 */
void gops_decode(const uint8_t *data, size_t size, struct gops_program *p)
{
	size_t pos = 1;

	memset(p, 0, sizeof(*p));
	if (!size)
		return;
	p->geometry = data[0] % GOPS_NR_GEOMETRIES;
	while (p->nr < GOPS_MAX_OPS && pos < size) {
		struct gop *op = &p->ops[p->nr];
		unsigned int kind = data[pos] % GOP_NR_KINDS;
		unsigned int n = gop_table[kind].nr_args;

		if (size - pos - 1 < n)
			break;
		op->kind = kind;
		for (unsigned int i = 0; i < n; i++)
			op->arg[i] = data[pos + 1 + i] % gop_table[kind].range[i];
		pos += 1 + n;
		p->nr++;
	}
}

/**
 * gops_encode() - turn a program into a fuzz input.
 * @p: the program; every argument must be in its range.
 * @buf: receives the bytes.
 * @len: size of @buf.
 *
 * Context: Any context.
 * Return: bytes needed (snprintf-style: more than @len means cut short).
 */
size_t gops_encode(const struct gops_program *p, uint8_t *buf, size_t len)
{
	size_t pos = 0;

#define PUT(b) do { if (pos < len) buf[pos] = (uint8_t)(b); pos++; } while (0)
	PUT(p->geometry);
	for (unsigned int i = 0; i < p->nr; i++) {
		const struct gop *op = &p->ops[i];

		PUT(op->kind);
		for (unsigned int a = 0; a < gops_nr_args(op->kind); a++)
			PUT(op->arg[a]);
	}
#undef PUT
	return pos;
}

/**
 * gops_format() - one op as a trace line.
 * @op: the op.
 * @result: text after " -> ", or NULL for none.
 * @buf: receives the line, without a newline.
 * @len: size of @buf.
 *
 * Context: Any context.
 * Return: 0; -EINVAL for an unknown kind; -ENOSPC if @buf is too short
 * (then it holds a cut line).
 */
int gops_format(const struct gop *op, const char *result, char *buf,
		size_t len)
{
	size_t pos;
	int n;

	if (op->kind >= GOP_NR_KINDS || !len)
		return -EINVAL;
	n = snprintf(buf, len, "%s", gop_table[op->kind].name);
	for (unsigned int i = 0; i < gops_nr_args(op->kind); i++) {
		pos = (size_t)n < len ? (size_t)n : len;
		n += snprintf(buf + pos, len - pos, " %s=%u",
			      gop_table[op->kind].arg_name[i], op->arg[i]);
	}
	if (result) {
		pos = (size_t)n < len ? (size_t)n : len;
		n += snprintf(buf + pos, len - pos, " -> %s", result);
	}
	return (size_t)n < len ? 0 : -ENOSPC;
}

/* The next space-separated word of *@s, NUL-terminated in place. */
static char *next_word(char **s)
{
	char *w = *s;

	while (*w == ' ' || *w == '\t')
		w++;
	if (!*w)
		return NULL;
	*s = w;
	while (**s && **s != ' ' && **s != '\t')
		(*s)++;
	if (**s)
		*(*s)++ = '\0';
	return w;
}

/* Parse "name=value" for argument @i of @kind into @op. */
static int parse_arg(unsigned int kind, unsigned int i, char *word,
		     struct gop *op)
{
	const char *name = gop_table[kind].arg_name[i];
	size_t nlen = strlen(name);
	unsigned long v;
	char *end;

	if (strncmp(word, name, nlen) || word[nlen] != '=')
		return -EINVAL;
	errno = 0;
	v = strtoul(word + nlen + 1, &end, 10);
	if (errno || *end || end == word + nlen + 1 ||
	    v >= gop_table[kind].range[i])
		return -EINVAL;
	op->arg[i] = (unsigned int)v;
	return 0;
}

/**
 * gops_parse_line() - one trace line back into an op.
 * @line: "name arg=v ..." with an optional " -> result" (ignored) and
 *	optional trailing newline.
 * @op: receives the op.
 *
 * Arguments must come in the order gops_format() writes them, each in
 * its range.
 *
 * Context: Any context.
 * Return: 0; -EINVAL for anything else (@op then undefined); -ENAMETOOLONG
 * for a line longer than GOPS_LINE_MAX.
 */
int gops_parse_line(const char *line, struct gop *op)
{
	char copy[GOPS_LINE_MAX + 1], *s = copy, *w, *arrow;
	unsigned int kind;

	if (strlen(line) > GOPS_LINE_MAX)
		return -ENAMETOOLONG;
	strcpy(copy, line);
	copy[strcspn(copy, "\r\n")] = '\0';
	arrow = strstr(copy, " -> ");
	if (arrow)
		*arrow = '\0';
	w = next_word(&s);
	if (!w)
		return -EINVAL;
	for (kind = 0; kind < GOP_NR_KINDS; kind++)
		if (!strcmp(w, gop_table[kind].name))
			break;
	if (kind == GOP_NR_KINDS)
		return -EINVAL;
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	for (unsigned int i = 0; i < gop_table[kind].nr_args; i++) {
		w = next_word(&s);
		if (!w || parse_arg(kind, i, w, op))
			return -EINVAL;
	}
	return next_word(&s) ? -EINVAL : 0;
}

/* Is @line blank or a comment? */
static bool skip_line(const char *line)
{
	while (isspace((unsigned char)*line))
		line++;
	return !*line || *line == '#';
}

/**
 * gops_parse_program() - read a text trace.
 * @in: the trace: an optional first line "machine pages=N" (N one of
 *	gops_geometry_pages; default the first), then one op per line;
 *	blank lines and lines starting with '#' are skipped.
 * @p: receives the program.
 * @bad_line: receives the number of the first bad line (from 1), or 0.
 *
 * Context: Any context.
 * Return: 0; -EINVAL for a bad line; -E2BIG for more than GOPS_MAX_OPS ops;
 * -EIO when @in could not be read to its end (errno says why).
 */
int gops_parse_program(FILE *in, struct gops_program *p, int *bad_line)
{
	char line[GOPS_LINE_MAX + 2];
	int nr = 0;

	memset(p, 0, sizeof(*p));
	*bad_line = 0;
	while (fgets(line, sizeof(line), in)) {
		unsigned long pages;

		nr++;
		if (skip_line(line))
			continue;
		if (sscanf(line, "machine pages=%lu", &pages) == 1) {
			unsigned int g;

			for (g = 0; g < GOPS_NR_GEOMETRIES; g++)
				if (gops_geometry_pages[g] == pages)
					break;
			if (g == GOPS_NR_GEOMETRIES || p->nr) {
				*bad_line = nr;
				return -EINVAL;
			}
			p->geometry = g;
			continue;
		}
		if (p->nr == GOPS_MAX_OPS) {
			*bad_line = nr;
			return -E2BIG;
		}
		if (gops_parse_line(line, &p->ops[p->nr])) {
			*bad_line = nr;
			return -EINVAL;
		}
		p->nr++;
	}
	return ferror(in) ? -EIO : 0;
}

/**
 * gops_print_program() - write a program as a text trace, no results.
 * @p: the program.
 * @out: where to.
 *
 * Context: Any context.
 * Return: 0; -EINVAL for an op of unknown kind.
 */
int gops_print_program(const struct gops_program *p, FILE *out)
{
	char line[GOPS_LINE_MAX];

	fprintf(out, "machine pages=%lu\n", gops_geometry_pages[p->geometry]);
	for (unsigned int i = 0; i < p->nr; i++) {
		if (gops_format(&p->ops[i], NULL, line, sizeof(line)))
			return -EINVAL;
		fprintf(out, "%s\n", line);
	}
	return 0;
}

/**
 * gops_errno_name() - "-EINVAL" for -EINVAL, the number for anything else.
 * @err: a result.
 * @buf: room for the number.
 * @len: size of @buf.
 *
 * A table of the errors the modelled calls return (strerrorname_np() is
 * glibc 2.32 and later; OSS-Fuzz builds on an older one).
 *
 * Context: Any context.
 * Return: a static string, or @buf.
 */
const char *gops_errno_name(int err, char *buf, size_t len)
{
	static const struct { int err; const char *name; } names[] = {
		{ -EPERM, "-EPERM" }, { -ENOENT, "-ENOENT" },
		{ -EIO, "-EIO" }, { -ENXIO, "-ENXIO" }, { -E2BIG, "-E2BIG" },
		{ -EAGAIN, "-EAGAIN" }, { -ENOMEM, "-ENOMEM" },
		{ -EFAULT, "-EFAULT" }, { -EBUSY, "-EBUSY" },
		{ -EEXIST, "-EEXIST" }, { -ENODEV, "-ENODEV" },
		{ -EINVAL, "-EINVAL" }, { -ENOSPC, "-ENOSPC" },
		{ -ERANGE, "-ERANGE" }, { -ENAMETOOLONG, "-ENAMETOOLONG" },
		{ -EOVERFLOW, "-EOVERFLOW" }, { -EOPNOTSUPP, "-EOPNOTSUPP" },
		{ -EALREADY, "-EALREADY" }, { -EUCLEAN, "-EUCLEAN" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].err == err)
			return names[i].name;
	snprintf(buf, len, "%d", err);
	return buf;
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * gcma-replay --emit-test: write tests/regressions/test_NAME.c, a CMocka
 * program that runs the trace (regression.h), and add NAME to the list
 * in tests/regressions/meson.build. The trace must run clean; when it was
 * found with defect switches on, it must also still fail with them on,
 * so the test keeps proving that the checkers see that defect.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libgcma/defects.h>

#include "emit.h"
#include "tool_output.h"

/* A test name: lower-case letters, digits and '_', not empty. */
static bool name_ok(const char *name)
{
	if (!*name || strlen(name) > 64)
		return false;
	for (const char *c = name; *c; c++)
		if (!islower((unsigned char)*c) && !isdigit((unsigned char)*c) &&
		    *c != '_')
			return false;
	return true;
}

/* @s as C comment text: no "*\/" can end the comment early. */
static void put_comment_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		fputc(*s, f);
		if (*s == '*' && s[1] == '/')
			fputc(' ', f);
	}
}

static int write_test(const char *path, const char *name,
		      const struct gops_program *p, unsigned int defects,
		      const char *source, const char *failure)
{
	char line[GOPS_LINE_MAX];
	FILE *f = fopen(path, "wx");

	if (!f)
		return -errno;
	fprintf(f, "// SPDX-License-Identifier: GPL-2.0-only OR MIT\n/*\n"
		" * Regression %s, written by gcma-replay --emit-test from\n * ",
		name);
	put_comment_text(f, source);
	fprintf(f, ".\n * It failed with:\n *   ");
	put_comment_text(f, failure);
	fprintf(f, "\n");
	if (defects) {
		fprintf(f, " * with these defect switches on:");
		for (int id = 0; id < SIM_DEFECT_NR; id++)
			if (defects & (1u << id))
				fprintf(f, " %s", sim_defect_name(id));
		fprintf(f, ".\n * The trace must run clean with them off and"
			" still fail with them on.\n");
	} else {
		fprintf(f, " * The trace must now run clean.\n");
	}
	fprintf(f, " */\n#include \"regression.h\"\n\n"
		"static const char trace[] =\n\t\"machine pages=%lu\\n\"\n",
		gops_geometry_pages[p->geometry]);
	for (unsigned int i = 0; i < p->nr; i++) {
		gops_format(&p->ops[i], NULL, line, sizeof(line));
		fprintf(f, "\t\"%s\\n\"\n", line);
	}
	fprintf(f, "\t;\n\nint main(void)\n{\n"
		"\treturn regression_main(\"%s\", trace, %#xu);\n}\n",
		name, defects);
	return tool_fclose_errno(f);
}

/*
 * Insert "'@name'," before the closing ']' of the list in @path. The new
 * text goes to a temporary file renamed over @path: a failed write leaves
 * @path as it was.
 */
static int register_test(const char *path, const char *name)
{
	FILE *f = fopen(path, "r");
	char *text, *end, tmp[4096 + 16];
	struct stat st;
	mode_t mode;
	long len;
	int fd, ret;

	if (!f)
		return -errno;
	mode = fstat(fileno(f), &st) ? 0644 : st.st_mode & 07777;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	text = len < 0 ? NULL : calloc(1, (size_t)len + 1);
	if (!text || fread(text, 1, (size_t)len, f) != (size_t)len) {
		fclose(f);
		free(text);
		return -EIO;
	}
	fclose(f);
	end = strstr(text, "\n]");
	if (!end) {
		free(text);
		return -EINVAL;
	}
	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
	fd = mkstemp(tmp);
	f = fd < 0 ? NULL : fdopen(fd, "w");
	if (!f) {
		ret = -errno;
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		free(text);
		return ret;
	}
	fwrite(text, 1, (size_t)(end - text) + 1, f);
	fprintf(f, "\t'%s',", name);
	fputs(end, f);
	free(text);
	ret = tool_fclose_errno(f);
	if (!ret && (chmod(tmp, mode) || rename(tmp, path)))
		ret = -errno;
	if (ret)
		unlink(tmp);
	return ret;
}

/**
 * emit_regression() - write a regression test for a failing program.
 * @dir: the regression directory (tests/regressions).
 * @name: the test's name; test_@name.c is written.
 * @p: the program, usually shrunk.
 * @defects: the defect switches it failed with (bit i: enum sim_defect_id i).
 * @source: where it came from, for the comment.
 * @failure: the failure message, for the comment.
 *
 * Context: Process context.
 * Return: 0; -EINVAL for a bad name or a meson.build without the list;
 * -EEXIST if the test exists; another -errno for an I/O error (then no
 * test file is left and meson.build is as it was).
 */
int emit_regression(const char *dir, const char *name,
		    const struct gops_program *p, unsigned int defects,
		    const char *source, const char *failure)
{
	char path[4096], test[4096];
	int ret;

	if (!name_ok(name))
		return -EINVAL;
	snprintf(test, sizeof(test), "%s/test_%s.c", dir, name);
	ret = write_test(test, name, p, defects, source, failure);
	if (!ret) {
		snprintf(path, sizeof(path), "%s/meson.build", dir);
		ret = register_test(path, name);
	}
	/* Nothing half-done: no test file that meson.build does not list. */
	if (ret && ret != -EEXIST)
		unlink(test);
	return ret;
}

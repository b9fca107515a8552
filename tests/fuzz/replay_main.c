// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * fuzz_ops_replay - the fuzz target as a plain program (any compiler).
 *
 *   fuzz_ops_replay PATH...          replay files; a directory means
 *                                    every file in it. A file ending in
 *                                    .txt is a text trace, any other a
 *                                    fuzz input (bytes)
 *   fuzz_ops_replay --random N --seed S [--max-len L] [--seconds T]
 *                                    N inputs of up to L bytes (default
 *                                    512) from a seeded generator, or
 *                                    fewer if T seconds pass first (a
 *                                    campaign bounded in time: N large)
 *   fuzz_ops_replay --print FILE     the trace of FILE, with results
 *   fuzz_ops_replay --encode IN.txt OUT
 *                                    a text trace as a fuzz input
 *   --state (before the other options): on a failure, also print the
 *   machine's state (sim_machine_show(), cleancache's statistics, the
 *   latest violations) before it is torn down
 *
 * Exit status: 0 if every input passed, 1 if one failed (its trace and
 * the disagreement are printed on stderr), 2 for a usage or I/O error.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <libgcma/libgcma.h>

#include "exec.h"
#include "ops.h"
#include "fuzz_ops.h"

#define FUZZ_INPUT_MAX	(1 + GOPS_MAX_OPS * (1 + GOPS_MAX_ARGS))

static unsigned long nr_files, nr_failed;

static bool is_text(const char *path)
{
	size_t n = strlen(path);

	return n > 4 && !strcmp(path + n - 4, ".txt");
}

/* Read @path as a program (text or bytes); @buf gets its bytes. */
static int load(const char *path, uint8_t *buf, size_t *len)
{
	static struct gops_program prog, again;
	FILE *f = fopen(path, "rb");
	int bad, ret = 0;

	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -errno;
	}
	if (!is_text(path)) {
		*len = fread(buf, 1, FUZZ_INPUT_MAX, f);
		fclose(f);
		return 0;
	}
	ret = gops_parse_program(f, &prog, &bad);
	fclose(f);
	if (ret) {
		fprintf(stderr, "%s:%d: not an op line\n", path, bad);
		return ret;
	}
	*len = gops_encode(&prog, buf, FUZZ_INPUT_MAX);
	/* The text and the bytes must be the same program. */
	gops_decode(buf, *len, &again);
	if (memcmp(&prog, &again, sizeof(prog))) {
		fprintf(stderr, "%s: encode/decode changed the program\n",
			path);
		return -EINVAL;
	}
	return 0;
}

static int replay_file(const char *path)
{
	static uint8_t buf[FUZZ_INPUT_MAX];
	size_t len;
	int ret = load(path, buf, &len);

	if (ret)
		return ret;
	nr_files++;
	ret = fuzz_ops_run_input(buf, len, stderr);
	if (ret) {
		fprintf(stderr, "FAIL %s\n", path);
		nr_failed++;
	}
	return 0;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file of @dir, in name order (a stable report). */
static int replay_dir(const char *dir)
{
	char **names = NULL, path[4096];
	size_t nr = 0, cap = 0;
	struct dirent *d;
	DIR *dp = opendir(dir);
	int ret = 0;

	if (!dp) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		return -errno;
	}
	while ((d = readdir(dp))) {
		if (d->d_name[0] == '.')
			continue;
		if (nr == cap) {
			char **n = realloc(names, (cap = cap * 2 + 16) *
						  sizeof(*names));

			if (!n) {
				ret = -ENOMEM;
				break;
			}
			names = n;
		}
		names[nr++] = strdup(d->d_name);
	}
	closedir(dp);
	if (nr)
		qsort(names, nr, sizeof(*names), compare_names);
	for (size_t i = 0; i < nr; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (!ret)
			ret = replay_file(path);
		free(names[i]);
	}
	free(names);
	return ret;
}

static int replay_path(const char *path)
{
	struct stat st;

	if (stat(path, &st)) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -errno;
	}
	return S_ISDIR(st.st_mode) ? replay_dir(path) : replay_file(path);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int run_random(unsigned long n, uint64_t seed, size_t max_len,
		      double seconds)
{
	static uint8_t buf[FUZZ_INPUT_MAX];
	static struct gops_program prog;
	double t0 = now_s();

	for (unsigned long i = 0; i < n; i++) {
		if (seconds > 0 && now_s() - t0 >= seconds)
			break;
		size_t len = gops_random_input(seed, i, buf, max_len);

		nr_files++;
		if (fuzz_ops_run_input(buf, len, stderr)) {
			nr_failed++;
			fprintf(stderr, "FAIL random input %lu of seed %llu after %.1f s; as a text trace:\n",
				i, (unsigned long long)seed, now_s() - t0);
			gops_decode(buf, len, &prog);
			gops_print_program(&prog, stderr);
			return 0;	/* the first failure is enough */
		}
	}
	return 0;
}

static int print_file(const char *path)
{
	static uint8_t buf[FUZZ_INPUT_MAX];
	static struct gops_program prog;
	struct gops_result res;
	size_t len;
	int ret = load(path, buf, &len);

	if (ret)
		return 2;
	gops_decode(buf, len, &prog);
	ret = gops_run(&prog, stdout, &res);
	if (ret)
		printf("---- %s\n", res.msg);
	return ret ? 1 : 0;
}

static int encode_file(const char *in, const char *out)
{
	static uint8_t buf[FUZZ_INPUT_MAX];
	size_t len;
	FILE *f;

	if (load(in, buf, &len))
		return 2;
	f = fopen(out, "wb");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
		fprintf(stderr, "%s: %s\n", out, strerror(errno));
		return 2;
	}
	return 0;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: fuzz_ops_replay [--state] PATH...\n"
		"       fuzz_ops_replay --random N --seed S [--max-len L] [--seconds T]\n"
		"       fuzz_ops_replay --print FILE\n"
		"       fuzz_ops_replay --encode IN.txt OUT\n");
	return 2;
}

int main(int argc, char **argv)
{
	unsigned long random_n = 0;
	uint64_t seed = 1;
	size_t max_len = 512;
	double seconds = 0;
	bool random = false;
	int i = 1;

	if (argc > 1 && !strcmp(argv[1], "--state")) {
		fuzz_ops_state = stderr;
		argv++;
		argc--;
	}
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "--print"))
		return argc == 3 ? print_file(argv[2]) : usage();
	if (!strcmp(argv[1], "--encode"))
		return argc == 4 ? encode_file(argv[2], argv[3]) : usage();
	for (; i < argc && !strncmp(argv[i], "--", 2); i += 2) {
		if (i + 1 >= argc)
			return usage();
		if (!strcmp(argv[i], "--random")) {
			random = true;
			random_n = strtoul(argv[i + 1], NULL, 0);
		} else if (!strcmp(argv[i], "--seed")) {
			seed = strtoull(argv[i + 1], NULL, 0);
		} else if (!strcmp(argv[i], "--seconds")) {
			seconds = atof(argv[i + 1]);
		} else if (!strcmp(argv[i], "--max-len")) {
			max_len = strtoul(argv[i + 1], NULL, 0);
			if (!max_len || max_len > FUZZ_INPUT_MAX)
				return usage();
		} else {
			return usage();
		}
	}
	if (random && run_random(random_n, seed, max_len, seconds))
		return 2;
	for (; i < argc; i++)
		if (replay_path(argv[i]))
			return 2;
	printf("fuzz_ops_replay: %lu inputs, %lu failed\n", nr_files,
	       nr_failed);
	return nr_failed ? 1 : 0;
}

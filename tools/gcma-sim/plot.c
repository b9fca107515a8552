// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The plot: request size (x, log) against avg and max latency (y, log),
 * one pair of lines per configuration, as a PNG written by gnuplot.
 * gnuplot (looked up in PATH, optional; Debian: gnuplot-nox) reads the
 * script and the data on its standard input and writes the PNG on its
 * standard output, which is a temporary file next to the PNG asked for:
 * only when gnuplot exits 0 and the file starts like a PNG is it renamed
 * to that name. A failure leaves no file and an existing one untouched.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plot.h"
#include "plot_scripts.h"

extern char **environ;

static const unsigned char plot_png_magic[8] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
};

/* Is there an executable @name in PATH? */
static bool plot_have(const char *name)
{
	const char *path = getenv("PATH");
	char buf[4096];

	while (path && *path) {
		size_t len = strcspn(path, ":");

		snprintf(buf, sizeof(buf), "%.*s/%s", (int)len, path, name);
		if (len && !access(buf, X_OK))
			return true;
		path += len;
		if (*path == ':')
			path++;
	}
	return false;
}

/* A new temporary file next to @path, its name in @tmp; fd or -errno. */
static int plot_tmp_create(const char *path, char *tmp, size_t len)
{
	int fd;

	if ((size_t)snprintf(tmp, len, "%s.XXXXXX", path) >= len)
		return -ENAMETOOLONG;
	fd = mkostemp(tmp, O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/**
 * plot_check() - can a plot be written to @path, and is gnuplot there?
 * @path: the PNG the user asked for.
 * @err: message on failure.
 * @errlen: size of @err.
 *
 * Creates (and removes) a file next to @path, so a directory that does
 * not exist or cannot be written is known before the run.
 *
 * Context: Process context.
 * Return: 0; 1 when gnuplot is not installed (a message in @err: there
 * will be no plot, which is not an error of the run); -errno when @path
 * cannot be created.
 */
int plot_check(const char *path, char *err, size_t errlen)
{
	char tmp[4096];
	int fd = plot_tmp_create(path, tmp, sizeof(tmp));

	if (fd < 0) {
		snprintf(err, errlen, "--plot %s: cannot create: %s", path,
			 strerror(-fd));
		return fd;
	}
	close(fd);
	unlink(tmp);
	if (!plot_have("gnuplot")) {
		snprintf(err, errlen,
			 "--plot %s: gnuplot is not installed (apt-get install gnuplot-nox); no plot written",
			 path);
		return 1;
	}
	return 0;
}

/*
 * Run gnuplot with the script of @job on its stdin and @out as its
 * stdout; a message in @err unless it exits 0.
 */
static int plot_run_gnuplot(const struct plot_job *job, int out, char *err,
			    size_t errlen)
{
	char *argv[] = { "gnuplot", NULL };
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	posix_spawn_file_actions_t fa;
	int pipefd[2], ret, st;
	bool wrote;
	pid_t pid;
	FILE *g;

	if (pipe2(pipefd, O_CLOEXEC)) {
		snprintf(err, errlen, "cannot run gnuplot: %s", strerror(errno));
		return -errno;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pipefd[0], 0);
	posix_spawn_file_actions_adddup2(&fa, out, 1);
	ret = posix_spawnp(&pid, "gnuplot", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[0]);
	if (ret) {
		close(pipefd[1]);
		snprintf(err, errlen, "cannot run gnuplot: %s", strerror(ret));
		return -ret;
	}
	/* gnuplot may exit before reading it all: EPIPE, not SIGPIPE. */
	sigaction(SIGPIPE, &ign, &old);
	g = fdopen(pipefd[1], "w");
	if (g) {
		job->script(job, g);
		wrote = !ferror(g);
		wrote = !fclose(g) && wrote;
	} else {
		close(pipefd[1]);
		wrote = false;
	}
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	sigaction(SIGPIPE, &old, NULL);
	if (WIFSIGNALED(st)) {
		snprintf(err, errlen, "gnuplot was killed by signal %d",
			 WTERMSIG(st));
		return -EIO;
	}
	if (WEXITSTATUS(st)) {
		snprintf(err, errlen, "gnuplot failed (exit status %d)",
			 WEXITSTATUS(st));
		return -EIO;
	}
	if (!wrote) {
		snprintf(err, errlen, "writing to gnuplot failed");
		return -EIO;
	}
	return 0;
}

/* Does @fd hold a PNG (its first bytes)? */
static bool plot_is_png(int fd)
{
	unsigned char magic[sizeof(plot_png_magic)];

	return pread(fd, magic, sizeof(magic), 0) == (ssize_t)sizeof(magic) &&
	       !memcmp(magic, plot_png_magic, sizeof(magic));
}

/*
 * Draw @job into the PNG file @path, replaced only by a complete PNG;
 * 0, -ENOENT (no gnuplot), -EIO (gnuplot failed or wrote no PNG) or
 * another -errno (the file cannot be created or renamed).
 */
static int plot_one(const struct plot_job *job, const char *path, char *err,
		    size_t errlen)
{
	char tmp[4096], why[256];
	mode_t mask;
	int fd, ret;

	if (!plot_have("gnuplot")) {
		snprintf(err, errlen,
			 "--plot %s: gnuplot is not installed (apt-get install gnuplot-nox); no plot written",
			 path);
		return -ENOENT;
	}
	fd = plot_tmp_create(path, tmp, sizeof(tmp));
	if (fd < 0) {
		snprintf(err, errlen, "--plot %s: cannot create: %s", path,
			 strerror(-fd));
		return fd;
	}
	ret = plot_run_gnuplot(job, fd, why, sizeof(why));
	if (!ret && !plot_is_png(fd)) {
		snprintf(why, sizeof(why), "gnuplot wrote no PNG");
		ret = -EIO;
	}
	/* mkostemp() made it 0600; a PNG is as readable as any new file. */
	mask = umask(0);
	umask(mask);
	if (!ret && fchmod(fd, 0666 & ~mask)) {
		ret = -errno;
		snprintf(why, sizeof(why), "%s", strerror(errno));
	}
	if (close(fd) && !ret) {
		ret = -errno;
		snprintf(why, sizeof(why), "%s", strerror(errno));
	}
	if (!ret && rename(tmp, path)) {
		ret = -errno;
		snprintf(why, sizeof(why),
			 "cannot rename the temporary file to it: %s",
			 strerror(errno));
	}
	if (ret) {
		unlink(tmp);
		snprintf(err, errlen, "--plot %s: %s; no plot written", path,
			 why);
	}
	return ret;
}

/* @path with its ".png" replaced by @suffix (which ends in ".png"). */
static int plot_name(const char *path, const char *suffix, char *buf,
		     size_t len)
{
	size_t n = strlen(path);

	if (n >= 4 && !strcmp(path + n - 4, ".png"))
		n -= 4;
	return (size_t)snprintf(buf, len, "%.*s%s", (int)n, path, suffix) >=
	       len ? -ENAMETOOLONG : 0;
}

/**
 * plot_write() - the charts of @sr: latency per size at @path, the
 * app-side cost at PATH-app.png, the latency CDF of each configuration
 * at PATH-cdf-CONFIG.png (PATH: @path without ".png").
 * @sr: run and aggregated (one seed or more).
 * @path: the main image; each file is replaced only by a complete PNG.
 * @err: message on the first failure.
 * @errlen: size of @err.
 *
 * Context: Process context; no other thread of the process runs (SIGPIPE
 * is ignored while gnuplot reads).
 * Return: 0; -ENOENT (gnuplot is not installed); -EIO (gnuplot failed or
 * wrote no PNG); another -errno (a file cannot be created or renamed).
 * The other charts are still attempted after a failure.
 */
int plot_write(const struct seeds_result *sr, const char *path, char *err,
	       size_t errlen)
{
	struct plot_job job = { .sr = sr, .script = plot_latency_script };
	char name[4096], suffix[64], scratch[512];
	int ret, first = 0;

	ret = plot_one(&job, path, err, errlen);
	first = ret;
	job.script = plot_app_script;
	ret = plot_name(path, "-app.png", name, sizeof(name));
	if (!ret)
		ret = plot_one(&job, name, first ? scratch : err,
				       first ? sizeof(scratch) : errlen);
	first = first ? first : ret;
	job.script = plot_cdf_script;
	for (int c = 0; c < SCN_CFG_NR; c++) {
		if (!sr->runs[0].cfg[c].ran)
			continue;
		job.config = c;
		snprintf(suffix, sizeof(suffix), "-cdf-%s.png",
			 scn_config_name(c));
		ret = plot_name(path, suffix, name, sizeof(name));
		if (!ret)
			ret = plot_one(&job, name, first ? scratch : err,
				       first ? sizeof(scratch) : errlen);
		first = first ? first : ret;
	}
	return first;
}

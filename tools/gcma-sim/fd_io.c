// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Whole records over a stream socket between the simulator and the
 * processes it forks (baseline_fork.c, config_proc.c): a short read or
 * write is continued, an interrupted one retried. Writes use send() with
 * MSG_NOSIGNAL, so a dead peer is an error (EPIPE), not a SIGPIPE that
 * kills the writer.
 */
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fd_io.h"

/**
 * fd_write_all() - send @len bytes of @buf on socket @fd.
 * @fd: a connected stream socket.
 * @buf: the bytes.
 * @len: how many.
 *
 * Context: Process context; may block while the peer's buffer is full.
 * Return: 0; -EIO when the peer is gone or the socket fails (part of
 * @buf may have been sent).
 */
int fd_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/**
 * fd_read_all() - receive exactly @len bytes into @buf from @fd.
 * @fd: a connected stream socket.
 * @buf: where.
 * @len: how many.
 *
 * Context: Process context; blocks until they arrive.
 * Return: 0; -EIO at end of stream (the peer closed or died) or on an
 * error before @len bytes came (@buf holds what did).
 */
int fd_read_all(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

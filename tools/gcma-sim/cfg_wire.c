// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * A configuration's results (struct cfg_result) sent from the process
 * that ran it (config_proc.c) to the simulator's: the structure itself,
 * whose pointers mean nothing on the other side, then what they point
 * to: each request's latency and result, the meminfo snapshots, the
 * clients' results with their plan, and the configuration's trace lines.
 * The receiver keeps its own run, trace stream, slot and name, and
 * appends the trace lines to its stream, so what it prints is what the
 * configuration would have printed run in a thread of its own.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_wire.h"
#include "clients_run.h"
#include "fd_io.h"

/* What precedes the arrays: the result and how long each array is. */
struct cfg_wire_head {
	struct cfg_result r;
	uint64_t nr_lat;	/* lat_ns[] and lat_ret[] entries (0: none) */
	uint64_t nr_pre;	/* clients' pre_steps[] entries */
	uint64_t trace_len;	/* trace bytes */
	uint64_t forks;		/* baseline passes run by a child */
	bool has_clients;
};

/* Entries of lat_ns[], lat_ret[] and pre_steps[] as engine.c sizes them. */
static uint64_t cfg_wire_nr_lat(const struct cfg_result *r)
{
	const struct scn_scenario *s = r->run->s;
	uint64_t total = (uint64_t)s->nr_sizes * s->repeat +
			 scn_areas_requests(&s->areas);

	return total ? total : 1;
}

static uint64_t cfg_wire_nr_pre(const struct cfg_result *r)
{
	uint64_t total = scn_areas_requests(&r->run->s->areas);

	return total ? total : 1;
}

/**
 * cfg_wire_send() - send @r to the process that reads cfg_wire_recv().
 * @fd: a stream socket to it.
 * @r: the configuration's result, its run over; its trace stream is
 *	flushed.
 * @forks: baseline passes a forked child ran for it (baseline_fork.c).
 *
 * Context: Process context, in the process that ran the configuration.
 * Return: 0; -EIO when the socket or the trace stream fails.
 */
int cfg_wire_send(int fd, struct cfg_result *r, unsigned long forks)
{
	struct cfg_wire_head h = { .r = *r, .forks = forks };
	int ret;

	if (r->trace && fflush(r->trace))
		return -EIO;
	h.nr_lat = r->lat_ns && r->lat_ret ? cfg_wire_nr_lat(r) : 0;
	h.has_clients = r->clients && r->clients->pre_steps;
	h.nr_pre = h.has_clients ? cfg_wire_nr_pre(r) : 0;
	h.trace_len = r->trace ? r->trace_len : 0;
	ret = fd_write_all(fd, &h, sizeof(h));
	if (!ret && h.nr_lat)
		ret = fd_write_all(fd, r->lat_ns, h.nr_lat * sizeof(*r->lat_ns));
	if (!ret && h.nr_lat)
		ret = fd_write_all(fd, r->lat_ret, h.nr_lat * sizeof(*r->lat_ret));
	if (!ret && r->nr_mi)
		ret = fd_write_all(fd, r->mi, r->nr_mi * sizeof(*r->mi));
	if (!ret && h.has_clients)
		ret = fd_write_all(fd, r->clients, sizeof(*r->clients));
	if (!ret && h.has_clients)
		ret = fd_write_all(fd, r->clients->pre_steps,
				   h.nr_pre * sizeof(*r->clients->pre_steps));
	if (!ret && h.trace_len)
		ret = fd_write_all(fd, r->trace_buf, h.trace_len);
	return ret;
}

/* Read @n entries of @size into a new array at *@out (NULL for 0). */
static int cfg_wire_array(int fd, void **out, uint64_t n, size_t size)
{
	*out = NULL;
	if (!n)
		return 0;
	if (n > SIZE_MAX / size)
		return -EIO;
	*out = malloc(n * size);
	if (!*out)
		return -ENOMEM;
	return fd_read_all(fd, *out, n * size);
}

/**
 * cfg_wire_recv() - receive a configuration's result into @r.
 * @fd: a stream socket from the process cfg_wire_send() wrote on.
 * @r: the configuration's result as engine_run() set it up (run, trace
 *	stream, slot, name kept); filled on success, unchanged on failure.
 * @forks: receives the baseline passes a child ran for it.
 *
 * Context: Process context.
 * Return: 0; -EIO (short or inconsistent stream); -ENOMEM.
 */
int cfg_wire_recv(int fd, struct cfg_result *r, unsigned long *forks)
{
	struct cfg_wire_head h;
	struct clients_result *cl = NULL;
	void *lat_ns = NULL, *lat_ret = NULL, *mi = NULL, *pre = NULL;
	char *trace = NULL;
	int ret;

	ret = fd_read_all(fd, &h, sizeof(h));
	if (!ret && h.nr_lat && h.nr_lat != cfg_wire_nr_lat(r))
		ret = -EIO;
	if (!ret && h.has_clients && h.nr_pre != cfg_wire_nr_pre(r))
		ret = -EIO;
	if (!ret)
		ret = cfg_wire_array(fd, &lat_ns, h.nr_lat, sizeof(*r->lat_ns));
	if (!ret)
		ret = cfg_wire_array(fd, &lat_ret, h.nr_lat,
				     sizeof(*r->lat_ret));
	if (!ret)
		ret = cfg_wire_array(fd, &mi, h.r.nr_mi, sizeof(*r->mi));
	if (!ret && h.has_clients)
		ret = cfg_wire_array(fd, (void **)&cl, 1, sizeof(*cl));
	if (!ret && h.has_clients)
		ret = cfg_wire_array(fd, &pre, h.nr_pre,
				     sizeof(*cl->pre_steps));
	if (!ret)
		ret = cfg_wire_array(fd, (void **)&trace, h.trace_len, 1);
	if (!ret && h.trace_len && !r->trace)
		ret = -EIO;
	if (!ret && h.trace_len &&
	    fwrite(trace, 1, h.trace_len, r->trace) != h.trace_len)
		ret = -ENOMEM;
	free(trace);
	if (ret) {
		free(lat_ns);
		free(lat_ret);
		free(mi);
		free(cl);
		free(pre);
		return ret;
	}
	if (cl)
		cl->pre_steps = pre;
	/* Ours: the run, the trace stream and where it stands, the line. */
	h.r.run = r->run;
	h.r.trace = r->trace;
	h.r.trace_buf = r->trace_buf;
	h.r.trace_len = r->trace_len;
	h.r.slot = r->slot;
	memcpy(h.r.name, r->name, sizeof(h.r.name));
	/* Theirs, gone with their process. */
	h.r.extra = NULL;
	h.r.acct.page = NULL;
	h.r.lat_ns = lat_ns;
	h.r.lat_ret = lat_ret;
	h.r.mi = mi;
	h.r.clients = cl;
	*r = h.r;
	*forks = h.forks;
	return 0;
}

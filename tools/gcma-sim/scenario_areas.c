// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * [area.NAME] and [client.NAME] sections (docs/simulator.md "Areas and
 * clients"). A section is created by its first key; a key given twice in
 * one section, an unknown key, a bad value is refused with a message the
 * parser prefixes with the file and the line. scn_areas_validate()
 * checks what only makes sense together, once the whole file is read.
 */
#include <errno.h>
#include <string.h>

#include "scenario_areas.h"
#include "tool_number.h"

#define AREA_PAGES_MAX		(1UL << 26)
#define CLIENT_COUNT_MAX	1000000UL
#define CLIENT_US_MAX		1000000000UL	/* 1000 s */
#define CLIENT_WEIGHT_MAX	1000000UL

static const char *const arrival_names[SCN_ARRIVAL_NR] = {
	[SCN_ARRIVAL_PERIODIC] = "periodic",
	[SCN_ARRIVAL_POISSON] = "poisson",
	[SCN_ARRIVAL_BURST] = "burst",
};

static const char *const hold_names[SCN_HOLD_NR] = {
	[SCN_HOLD_FIXED] = "fixed",
	[SCN_HOLD_EXP] = "exp",
	[SCN_HOLD_UNIFORM] = "uniform",
};

/**
 * scn_arrival_name() - the scenario name of an arrival process.
 * @v: the process.
 *
 * Context: Any context.
 * Return: a static string; "?" for an unknown value.
 */
const char *scn_arrival_name(enum scn_arrival v)
{
	return (unsigned int)v < SCN_ARRIVAL_NR ? arrival_names[v] : "?";
}

/**
 * scn_hold_name() - the scenario name of a hold-time distribution.
 * @v: the distribution.
 *
 * Context: Any context.
 * Return: a static string; "?" for an unknown value.
 */
const char *scn_hold_name(enum scn_hold v)
{
	return (unsigned int)v < SCN_HOLD_NR ? hold_names[v] : "?";
}

static int parse_ulong(const char *v, unsigned long lo, unsigned long hi,
		       unsigned long *out, char *err, size_t errlen)
{
	uint64_t x;

	if (tool_parse_u64(v, &x) || x < lo || x > hi) {
		snprintf(err, errlen, "'%s' is not a number in [%lu, %lu]", v,
			 lo, hi);
		return -EINVAL;
	}
	*out = (unsigned long)x;
	return 0;
}

static int parse_name(const char *v, const char *const *names, int nr,
		      int *out, char *err, size_t errlen)
{
	char known[128] = "";

	for (int i = 0; i < nr; i++) {
		if (!strcmp(v, names[i])) {
			*out = i;
			return 0;
		}
		snprintf(known + strlen(known), sizeof(known) - strlen(known),
			 "%s%s", i ? ", " : "", names[i]);
	}
	snprintf(err, errlen, "'%s' is not one of %s", v, known);
	return -EINVAL;
}

/* "P" or "P:W", P a page count in [1, AREA_PAGES_MAX], W a weight. */
static int parse_size(const char *elem, size_t len, unsigned long *pages,
		      unsigned long *weight, char *err, size_t errlen)
{
	char num[48], *colon;

	if (len >= sizeof(num)) {
		snprintf(err, errlen, "'%.*s' is too long", (int)len, elem);
		return -EINVAL;
	}
	memcpy(num, elem, len);
	num[len] = '\0';
	*weight = 1;
	colon = strchr(num, ':');
	if (colon) {
		*colon = '\0';
		if (parse_ulong(colon + 1, 1, CLIENT_WEIGHT_MAX, weight, err,
				errlen))
			return -EINVAL;
	}
	return parse_ulong(num, 1, AREA_PAGES_MAX, pages, err, errlen);
}

/* sizes = P[:W],P[:W],...: distinct page counts with weights. */
static int parse_sizes(struct scn_client *c, const char *v, char *err,
		       size_t errlen)
{
	unsigned long sizes[SCN_CLIENT_SIZES], weights[SCN_CLIENT_SIZES];
	unsigned int nr = 0;
	const char *p = v;

	while (*p) {
		size_t len = strcspn(p, ",");
		const char *e = p + len;

		while (len && (*p == ' ' || *p == '\t')) {
			p++;
			len--;
		}
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (!len || (!*e && e[-1] == ',')) {
			snprintf(err, errlen, "empty element in '%s'", v);
			return -EINVAL;
		}
		if (nr == SCN_CLIENT_SIZES) {
			snprintf(err, errlen, "more than %d sizes",
				 SCN_CLIENT_SIZES);
			return -EINVAL;
		}
		if (parse_size(p, len, &sizes[nr], &weights[nr], err, errlen))
			return -EINVAL;
		for (unsigned int i = 0; i < nr; i++) {
			if (sizes[i] == sizes[nr]) {
				snprintf(err, errlen, "%lu given twice",
					 sizes[nr]);
				return -EINVAL;
			}
		}
		nr++;
		p = *e ? e + 1 : e;
		if (*e && !*p) {
			snprintf(err, errlen, "empty element in '%s'", v);
			return -EINVAL;
		}
	}
	if (!nr) {
		snprintf(err, errlen, "no size given");
		return -EINVAL;
	}
	memcpy(c->sizes, sizes, sizeof(sizes));
	memcpy(c->weights, weights, sizeof(weights));
	c->nr_sizes = nr;
	return 0;
}

/* The keys of each section; the index is the key's bit in ->seen. */
static const char *const area_keys[] = { "pages", "guarantee" };
static const char *const client_keys[] = {
	"area", "sizes", "arrival", "period_us", "burst", "start_us",
	"hold", "hold_us", "concurrency", "count",
};

static int key_index(const char *const *keys, int nr, const char *name)
{
	for (int i = 0; i < nr; i++)
		if (!strcmp(keys[i], name))
			return i;
	return -1;
}

static int area_key(struct scn_area *ar, int k, const char *v, char *err,
		    size_t errlen)
{
	if (k == 0)
		return parse_ulong(v, 1024, AREA_PAGES_MAX, &ar->pages, err,
				   errlen);
	if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "1"))
		ar->guarantee = true;
	else if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "0"))
		ar->guarantee = false;
	else {
		snprintf(err, errlen, "'%s' is not a boolean (true/false)", v);
		return -EINVAL;
	}
	return 0;
}

static int client_key(struct scn_client *c, int k, const char *v, char *err,
		      size_t errlen)
{
	int e;

	switch (k) {
	case 0:
		if (strlen(v) >= sizeof(c->area_name) || !*v) {
			snprintf(err, errlen, "'%s' is not an area name", v);
			return -EINVAL;
		}
		strcpy(c->area_name, v);
		return 0;
	case 1:
		return parse_sizes(c, v, err, errlen);
	case 2:
		if (parse_name(v, arrival_names, SCN_ARRIVAL_NR, &e, err,
			       errlen))
			return -EINVAL;
		c->arrival = e;
		return 0;
	case 3:
		return parse_ulong(v, 1, CLIENT_US_MAX, &c->period_us, err,
				   errlen);
	case 4:
		return parse_ulong(v, 1, 4096, &c->burst, err, errlen);
	case 5:
		return parse_ulong(v, 0, CLIENT_US_MAX, &c->start_us, err,
				   errlen);
	case 6:
		if (parse_name(v, hold_names, SCN_HOLD_NR, &e, err, errlen))
			return -EINVAL;
		c->hold = e;
		return 0;
	case 7:
		return parse_ulong(v, 0, CLIENT_US_MAX, &c->hold_us, err,
				   errlen);
	case 8:
		return parse_ulong(v, 0, 4096, &c->concurrency, err, errlen);
	default:
		return parse_ulong(v, 1, CLIENT_COUNT_MAX, &c->count, err,
				   errlen);
	}
}

/* A section name: letters, digits, '_' and '-', 1 to 23 characters. */
static int check_name(const char *name, char *err, size_t errlen)
{
	size_t len = strlen(name);

	if (!len || len >= SCN_AREA_NAME_LEN ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != len) {
		snprintf(err, errlen,
			 "'%s' is not a name (1 to %d letters, digits, '_', '-')",
			 name, SCN_AREA_NAME_LEN - 1);
		return -EINVAL;
	}
	return 0;
}

static struct scn_area *area_get(struct scn_areas *a, const char *name,
				 char *err, size_t errlen)
{
	struct scn_area *ar;

	for (unsigned int i = 0; i < a->nr_areas; i++)
		if (!strcmp(a->area[i].name, name))
			return &a->area[i];
	if (check_name(name, err, errlen))
		return NULL;
	if (a->nr_areas == SCN_MAX_AREAS) {
		snprintf(err, errlen, "more than %d areas", SCN_MAX_AREAS);
		return NULL;
	}
	ar = &a->area[a->nr_areas++];
	memset(ar, 0, sizeof(*ar));
	strcpy(ar->name, name);
	return ar;
}

static struct scn_client *client_get(struct scn_areas *a, const char *name,
				     char *err, size_t errlen)
{
	struct scn_client *c;

	for (unsigned int i = 0; i < a->nr_clients; i++)
		if (!strcmp(a->client[i].name, name))
			return &a->client[i];
	if (check_name(name, err, errlen))
		return NULL;
	if (a->nr_clients == SCN_MAX_CLIENTS) {
		snprintf(err, errlen, "more than %d clients", SCN_MAX_CLIENTS);
		return NULL;
	}
	c = &a->client[a->nr_clients++];
	memset(c, 0, sizeof(*c));
	strcpy(c->name, name);
	c->burst = 1;
	return c;
}

/**
 * scn_areas_key() - one key of an [area.NAME] or [client.NAME] section.
 * @a: the areas and clients so far.
 * @section: the section name as written ("area.camera").
 * @name: the key.
 * @value: its value.
 * @err: the reason on failure.
 * @errlen: size of @err.
 *
 * Context: Any context.
 * Return: 1 (the key was set), 0 (@section is not one of these sections:
 * nothing changed), -EINVAL (message in @err).
 */
int scn_areas_key(struct scn_areas *a, const char *section,
		  const char *name, const char *value, char *err,
		  size_t errlen)
{
	unsigned int *seen;
	int k, ret = 0;

	if (!strncmp(section, "area.", 5)) {
		struct scn_area *ar = area_get(a, section + 5, err, errlen);

		if (!ar)
			return -EINVAL;
		k = key_index(area_keys, 2, name);
		seen = &ar->seen;
		if (k >= 0 && !(*seen & (1U << k)))
			ret = area_key(ar, k, value, err, errlen);
	} else if (!strncmp(section, "client.", 7)) {
		struct scn_client *c = client_get(a, section + 7, err, errlen);

		if (!c)
			return -EINVAL;
		k = key_index(client_keys, 10, name);
		seen = &c->seen;
		if (k >= 0 && !(*seen & (1U << k)))
			ret = client_key(c, k, value, err, errlen);
	} else {
		return 0;
	}
	if (k < 0) {
		snprintf(err, errlen, "unknown key");
		return -EINVAL;
	}
	if (*seen & (1U << k)) {
		snprintf(err, errlen, "given twice");
		return -EINVAL;
	}
	if (ret)
		return ret;
	*seen |= 1U << k;
	return 1;
}

static int client_validate(struct scn_areas *a, struct scn_client *c,
			   char *err, size_t errlen)
{
	unsigned int i;

	for (i = 0; i < a->nr_areas; i++)
		if (!strcmp(a->area[i].name, c->area_name))
			break;
	if (!c->area_name[0] || i == a->nr_areas) {
		snprintf(err, errlen, "[client.%s] area: %s", c->name,
			 c->area_name[0] ? "no such [area.NAME] section" :
					   "missing");
		return -EINVAL;
	}
	c->area = i;
	if (!c->nr_sizes || !c->count || !c->period_us) {
		snprintf(err, errlen, "[client.%s] %s: missing", c->name,
			 !c->nr_sizes ? "sizes" : !c->count ? "count" :
			 "period_us");
		return -EINVAL;
	}
	if (c->burst > 1 && c->arrival != SCN_ARRIVAL_BURST) {
		snprintf(err, errlen,
			 "[client.%s] burst: only with arrival = burst",
			 c->name);
		return -EINVAL;
	}
	for (unsigned int k = 0; k < c->nr_sizes; k++) {
		if (c->sizes[k] > a->area[i].pages) {
			snprintf(err, errlen,
				 "[client.%s] sizes: %lu pages is more than area %s (%lu pages)",
				 c->name, c->sizes[k], a->area[i].name,
				 a->area[i].pages);
			return -EINVAL;
		}
	}
	return 0;
}

/**
 * scn_areas_validate() - check the areas and clients of a whole file.
 * @a: them; each client's area index is resolved.
 * @nr_pages: the machine's pages.
 * @err: the reason on failure ("[client.video] area: missing").
 * @errlen: size of @err.
 *
 * Areas without a client, or clients without an area, are refused; so
 * is an area whose size is not a multiple of 1024 pages and areas that
 * take more than half of the machine together.
 *
 * Context: Any context.
 * Return: 0; -EINVAL.
 */
int scn_areas_validate(struct scn_areas *a, unsigned long nr_pages,
		       char *err, size_t errlen)
{
	unsigned long total = 0;

	if (!a->nr_areas && !a->nr_clients)
		return 0;
	if (!a->nr_areas || !a->nr_clients) {
		snprintf(err, errlen, "%s",
			 a->nr_areas ? "[area.*] sections without any [client.*] section" :
				       "[client.*] sections without any [area.*] section");
		return -EINVAL;
	}
	for (unsigned int i = 0; i < a->nr_areas; i++) {
		if (!a->area[i].pages || a->area[i].pages % 1024) {
			snprintf(err, errlen,
				 "[area.%s] pages: %s", a->area[i].name,
				 a->area[i].pages ? "must be a multiple of 1024 (4 MiB)" :
						    "missing");
			return -EINVAL;
		}
		total += a->area[i].pages;
	}
	if (total > nr_pages / 2) {
		snprintf(err, errlen,
			 "[area.*] pages: %lu in all is more than half of [machine] pages (%lu)",
			 total, nr_pages);
		return -EINVAL;
	}
	for (unsigned int i = 0; i < a->nr_clients; i++)
		if (client_validate(a, &a->client[i], err, errlen))
			return -EINVAL;
	return 0;
}

/**
 * scn_areas_pages() - the pages of every area together.
 * @a: the areas.
 *
 * Context: Any context.
 * Return: the sum; 0 without areas.
 */
unsigned long scn_areas_pages(const struct scn_areas *a)
{
	unsigned long total = 0;

	for (unsigned int i = 0; i < a->nr_areas; i++)
		total += a->area[i].pages;
	return total;
}

/**
 * scn_areas_requests() - the requests of every client together.
 * @a: the clients.
 *
 * Context: Any context.
 * Return: the sum of their counts; 0 without clients.
 */
unsigned long scn_areas_requests(const struct scn_areas *a)
{
	unsigned long total = 0;

	for (unsigned int i = 0; i < a->nr_clients; i++)
		total += a->client[i].count;
	return total;
}

/**
 * scn_areas_write() - the sections, as scn_areas_key() reads them back.
 * @a: the areas and clients.
 * @out: where.
 *
 * Context: Process context.
 * Return: nothing (errors are seen on @out).
 */
void scn_areas_write(const struct scn_areas *a, FILE *out)
{
	for (unsigned int i = 0; i < a->nr_areas; i++)
		fprintf(out, "\n[area.%s]\npages = %lu\nguarantee = %s\n",
			a->area[i].name, a->area[i].pages,
			a->area[i].guarantee ? "true" : "false");
	for (unsigned int i = 0; i < a->nr_clients; i++) {
		const struct scn_client *c = &a->client[i];

		fprintf(out, "\n[client.%s]\narea = %s\nsizes = ", c->name,
			c->area_name);
		for (unsigned int k = 0; k < c->nr_sizes; k++)
			fprintf(out, "%s%lu:%lu", k ? "," : "", c->sizes[k],
				c->weights[k]);
		fprintf(out, "\narrival = %s\nperiod_us = %lu\n",
			scn_arrival_name(c->arrival), c->period_us);
		if (c->arrival == SCN_ARRIVAL_BURST)
			fprintf(out, "burst = %lu\n", c->burst);
		fprintf(out, "start_us = %lu\nhold = %s\nhold_us = %lu\n",
			c->start_us, scn_hold_name(c->hold), c->hold_us);
		fprintf(out, "concurrency = %lu\ncount = %lu\n",
			c->concurrency, c->count);
	}
}

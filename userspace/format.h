/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmscope client: the data it renders and the one output path that serves
 * the table, JSON and Prometheus views, so that they never drift apart.
 */
#ifndef VMSCOPE_FORMAT_H
#define VMSCOPE_FORMAT_H

#include <stdint.h>
#include <stdio.h>
#include <stddef.h>
#include <linux/vmscope.h>

#define VS_MAX_PROBES	32

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

struct vs_proc {
	uint32_t	pid;
	uint32_t	uid;
	char		comm[32];
	uint64_t	minflt;
	uint64_t	majflt;
	uint64_t	lat[VMSCOPE_LAT_BUCKETS];	/* by bucket index */
	uint64_t	exit_ns;			/* exit records only */
	int		has_exit;
};

struct vs_probe {
	char		event[32];
	char		symbol[64];
	uint32_t	state;
	uint64_t	hits;
	uint64_t	missed;
	int32_t		error;
};

struct vs_sys {
	uint64_t	minflt;
	uint64_t	majflt;
	uint64_t	lat[VMSCOPE_LAT_BUCKETS];
	uint32_t	procs_tracked;
	uint32_t	procs_max;
	uint64_t	procs_refused;
	uint64_t	exits_total;
	uint64_t	events_dropped;
	uint32_t	latency;
	struct vs_probe	probes[VS_MAX_PROBES];
	int		nprobes;
};

/*
 * The per-process counters, in DESIGN.md's vocabulary: the names are the
 * JSON keys, the table headers and (as vmscope_<name>_total) the
 * Prometheus metrics.
 */
struct vs_counter {
	const char	*name;
	size_t		off;		/* of a uint64_t in struct vs_proc */
	const char	*help;
};

extern const struct vs_counter vs_counters[];
extern const unsigned int vs_ncounters;

static inline uint64_t vs_get(const struct vs_proc *p, const struct vs_counter *c)
{
	return *(const uint64_t *)((const char *)p + c->off);
}

const struct vs_counter *vs_counter_find(const char *name);

enum vs_fmt {
	VS_TABLE,
	VS_JSON,
	VS_PROM,
};

/* Bucket index -> lower bound in ns. */
static inline uint64_t vs_lat_lo(unsigned int b)
{
	return b ? 1ULL << (b - 1) : 0;
}

const char *vs_probe_state_name(uint32_t state);

void vs_print_ps(FILE *f, enum vs_fmt fmt, const struct vs_proc *v, int n);
void vs_print_show(FILE *f, enum vs_fmt fmt, const struct vs_proc *p);
void vs_print_sys(FILE *f, enum vs_fmt fmt, const struct vs_sys *s);
/* An exit record (events): one line, or one JSON object per line. */
void vs_print_exit(FILE *f, enum vs_fmt fmt, const struct vs_proc *p);
/* Deltas over @secs seconds (watch, top); JSON: one object, no newline. */
void vs_print_rates_header(FILE *f);
void vs_print_rates(FILE *f, enum vs_fmt fmt, const struct vs_proc *now,
		    const struct vs_proc *before, double secs);
void vs_print_hist(FILE *f, const uint64_t *lat);

/* JSON and Prometheus string escaping (exposed for the format tests). */
void vs_json_str(FILE *f, const char *s);
void vs_prom_label(FILE *f, const char *s);

#endif /* VMSCOPE_FORMAT_H */

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
#include <linux/vmscope_keys.h>

#define VS_MAX_PROBES	32

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

/* The per-process numbers, in the order of uapi/linux/vmscope_keys.h. */
#define VS_KEY_ENUM(n, N, kind, col, help)	VS_##N,
enum vs_key {
	VMSCOPE_KEYS(VS_KEY_ENUM)
	VS_NKEYS,
};

#undef VS_KEY_ENUM

struct vs_proc {
	uint32_t	pid;
	uint32_t	uid;
	char		comm[32];
	uint64_t	c[VS_NKEYS];
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
	char		reason[96];
};

/* The module's own numbers of sys, in the order of VMSCOPE_SYS(). */
#define VS_SYS_ENUM(n, N, type, kind, help)	VS_S_##N,
enum vs_sys_key {
	VMSCOPE_SYS(VS_SYS_ENUM)
	VS_SYS_NR,
};

#undef VS_SYS_ENUM

enum vs_sys_kind {
	VS_SYS_COUNTER,
	VS_SYS_GAUGE,
	VS_SYS_BOOL,
};

struct vs_sys_field {
	const char	*name;
	uint16_t	attr;		/* VMSCOPE_A_SYS_* */
	int		bytes;		/* its netlink type: 1, 4, or 0 (uint) */
	enum vs_sys_kind kind;
	const char	*help;
};

extern const struct vs_sys_field vs_sys_fields[VS_SYS_NR];

struct vs_sys {
	uint64_t	c[VS_NKEYS];
	uint64_t	v[VS_SYS_NR];
	uint64_t	lat[VMSCOPE_LAT_BUCKETS];
	struct vs_probe	probes[VS_MAX_PROBES];
	int		nprobes;
};

/* One OOM kill record: a field for each of VMSCOPE_OOM(), of its name. */
struct vs_oom {
	uint64_t	seq;
	uint64_t	time_ns;
	uint32_t	pid;
	char		comm[32];
	uint32_t	uid;
	uint64_t	rss_anon_kb;
	uint64_t	rss_file_kb;
	uint64_t	rss_shmem_kb;
	uint64_t	pgtbl_bytes;
	int32_t		oom_score_adj;
	uint32_t	constraint;
	uint64_t	memcg_id;
	char		memcg[256];
	uint32_t	trigger_pid;
	char		trigger_comm[32];
	int32_t		order;
	uint32_t	gfp;
};

/* The types of VMSCOPE_OOM() fields. */
enum vs_oom_type {
	VS_OOM_UINT,
	VS_OOM_OPT_UINT,
	VS_OOM_U32,
	VS_OOM_X32,
	VS_OOM_CONSTRAINT,
	VS_OOM_S32,
	VS_OOM_STR,
	VS_OOM_OPT_STR,
};

struct vs_oom_field {
	const char	*name;
	uint16_t	attr;		/* VMSCOPE_A_OOM_* */
	enum vs_oom_type type;
	size_t		off;		/* in struct vs_oom */
	size_t		size;
	const char	*help;
};

extern const struct vs_oom_field vs_oom_fields[];
extern const unsigned int vs_noom_fields;

/*
 * The per-process numbers, one entry a key of uapi/linux/vmscope_keys.h:
 * the names are the JSON keys, the table headers and the Prometheus
 * metrics (vmscope_<name>_total for counters, vmscope_<name> for gauges).
 */
struct vs_counter {
	const char	*name;
	enum vs_key	key;
	uint16_t	proc_attr;	/* VMSCOPE_A_PROC_* */
	uint16_t	sys_attr;	/* VMSCOPE_A_SYS_* */
	int		gauge;		/* a level, not a count of events */
	int		ns;		/* a time in ns, not a count */
	int		col;		/* a default column of narrow tables */
	const char	*help;
};

extern const struct vs_counter vs_counters[];
extern const unsigned int vs_ncounters;

static inline uint64_t vs_get(const struct vs_proc *p, const struct vs_counter *c)
{
	return p->c[c->key];
}

const struct vs_counter *vs_counter_find(const char *name);

/*
 * Columns of the narrow tables (ps, top, watch): the default ones, or
 * those of a comma-separated list ("all": every one).  Returns -1 and
 * names the bad one in @bad when a name is unknown.
 */
int vs_columns_set(const char *list, const char **bad);

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
/* An OOM kill record: events and the oom command. */
void vs_print_oom(FILE *f, enum vs_fmt fmt, const struct vs_oom *o);
const char *vs_oom_constraint_name(uint32_t c);

/* JSON and Prometheus string escaping (exposed for the format tests). */
void vs_json_str(FILE *f, const char *s);
void vs_prom_label(FILE *f, const char *s);

#endif /* VMSCOPE_FORMAT_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope client: rendering.  Every value goes through the counter table
 * below, whatever the format, so that the table, JSON and Prometheus views
 * always carry the same names and numbers.
 */
#include <inttypes.h>
#include <string.h>
#include "format.h"

/*
 * A gauge is a level (Prometheus's gauge), every other kind a count; a
 * count of kind NSEC is a time, in nanoseconds.
 */
#define VS_GAUGE_EVENT	0
#define VS_GAUGE_NSEC	0
#define VS_GAUGE_TASK	0
#define VS_GAUGE_SUM	0
#define VS_GAUGE_GAUGE	1
#define VS_NS_EVENT	0
#define VS_NS_NSEC	1
#define VS_NS_TASK	0
#define VS_NS_SUM	0
#define VS_NS_GAUGE	0
#define VS_COUNTER(n, N, kind, col, help)				\
	{ #n, VS_##N, VMSCOPE_A_PROC_##N, VMSCOPE_A_SYS_##N,		\
	  VS_GAUGE_##kind, VS_NS_##kind, col, help },

const struct vs_counter vs_counters[] = { VMSCOPE_KEYS(VS_COUNTER) };

#define VS_BYTES_uint	0
#define VS_BYTES_u32	4
#define VS_BYTES_u8	1
#define VS_SYS_FIELD(n, N, type, kind, help)				\
	{ #n, VMSCOPE_A_SYS_##N, VS_BYTES_##type, VS_SYS_##kind, help },

const struct vs_sys_field vs_sys_fields[VS_SYS_NR] = {
	VMSCOPE_SYS(VS_SYS_FIELD)
};

#define VS_OOM_FIELD(n, N, type, help)					\
	{ #n, VMSCOPE_A_OOM_##N, VS_OOM_##type, offsetof(struct vs_oom, n), \
	  sizeof(((struct vs_oom *)0)->n), help },

const struct vs_oom_field vs_oom_fields[] = { VMSCOPE_OOM(VS_OOM_FIELD) };
const unsigned int vs_noom_fields = ARRAY_SIZE(vs_oom_fields);

const unsigned int vs_ncounters = ARRAY_SIZE(vs_counters);

/* Columns of the narrow tables, as indexes into vs_counters. */
static unsigned int cols[VS_NKEYS];
static unsigned int ncols;

int vs_columns_set(const char *list, const char **bad)
{
	static char name[32];
	const struct vs_counter *c;
	const char *p, *e;
	unsigned int i;
	size_t len;

	ncols = 0;
	if (!list || !strcmp(list, "all")) {
		for (i = 0; i < vs_ncounters; i++)
			if (list || vs_counters[i].col)
				cols[ncols++] = i;
		return 0;
	}
	for (p = list; *p; p = *e ? e + 1 : e) {
		e = strchr(p, ',');
		if (!e)
			e = p + strlen(p);
		len = e - p;
		if (len >= sizeof(name))
			len = sizeof(name) - 1;
		memcpy(name, p, len);
		name[len] = '\0';
		c = vs_counter_find(name);
		if (!c || ncols == VS_NKEYS) {
			*bad = name;
			return -1;
		}
		cols[ncols++] = c - vs_counters;
	}
	return ncols ? 0 : -1;
}

static void columns_default(void)
{
	if (!ncols)
		vs_columns_set(NULL, NULL);
}

const struct vs_counter *vs_counter_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < vs_ncounters; i++)
		if (!strcmp(vs_counters[i].name, name))
			return &vs_counters[i];
	return NULL;
}

const char *vs_probe_state_name(uint32_t state)
{
	static const char *const names[] = {
		[VMSCOPE_PROBE_STATE_OFF] = "off",
		[VMSCOPE_PROBE_STATE_ATTACHED] = "attached",
		[VMSCOPE_PROBE_STATE_FALLBACK] = "fallback",
		[VMSCOPE_PROBE_STATE_UNAVAILABLE] = "unavailable",
		[VMSCOPE_PROBE_STATE_FAILED] = "failed",
		[VMSCOPE_PROBE_STATE_READ] = "read",
	};

	if (state < ARRAY_SIZE(names) && names[state])
		return names[state];
	return "unknown";
}

void vs_json_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

void vs_prom_label(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

/* comm for a table cell: no blanks or control characters. */
static void table_comm(FILE *f, const char *s, int width)
{
	char buf[32];
	int i;

	for (i = 0; s[i] && i < (int)sizeof(buf) - 1; i++)
		buf[i] = (unsigned char)s[i] <= ' ' || s[i] == 0x7f ? '?' : s[i];
	buf[i] = '\0';
	fprintf(f, "%-*s", width, buf);
}

static void json_hist(FILE *f, const uint64_t *lat)
{
	const char *sep = "";
	unsigned int b;

	fputc('[', f);
	for (b = 0; b < VMSCOPE_LAT_BUCKETS; b++) {
		if (!lat[b])
			continue;
		fprintf(f, "%s{\"lo\":%" PRIu64 ",\"count\":%" PRIu64 "}", sep,
			vs_lat_lo(b), lat[b]);
		sep = ",";
	}
	fputc(']', f);
}

/*
 * JSON of a process, built in a buffer without printf: `--json ps` of
 * 10,000 processes puts 250,000 numbers.
 */
static char *put_str(char *s, const char *t)
{
	size_t n = strlen(t);

	memcpy(s, t, n);
	return s + n;
}

static char *put_u64(char *s, uint64_t v)
{
	char t[20];
	int n = 0;

	do
		t[n++] = '0' + v % 10;
	while (v /= 10);
	while (n)
		*s++ = t[--n];
	return s;
}

/* Room for json_proc_put() of any process. */
#define JSON_PROC_MAX	(64 + 6 * sizeof(((struct vs_proc *)0)->comm) + \
			 VS_NKEYS * (32 + 20))

/*
 * What every JSON process starts with, pid, comm, uid and the counters,
 * put at @s: the end of it.
 */
static char *json_proc_put(char *s, const struct vs_proc *p)
{
	/* ',"name":', padded: copied whole, advanced by its length. */
	static char key[VS_NKEYS][32];
	static size_t klen[VS_NKEYS];
	const unsigned char *c;
	unsigned int i;

	if (!klen[0])
		for (i = 0; i < vs_ncounters; i++)
			klen[i] = snprintf(key[i], sizeof(key[i]), ",\"%s\":",
					   vs_counters[i].name);
	s = put_str(s, "{\"pid\":");
	s = put_u64(s, p->pid);
	s = put_str(s, ",\"comm\":\"");
	for (c = (const unsigned char *)p->comm;
	     *c && c < (const unsigned char *)p->comm + sizeof(p->comm); c++) {
		if (*c == '"' || *c == '\\') {
			*s++ = '\\';
			*s++ = *c;
		} else if (*c < 0x20 || *c >= 0x7f) {
			s += sprintf(s, "\\u%04x", *c);
		} else {
			*s++ = *c;
		}
	}
	s = put_str(s, "\",\"uid\":");
	s = put_u64(s, p->uid);
	for (i = 0; i < vs_ncounters; i++) {
		memcpy(s, key[i], sizeof(key[i]));
		s = put_u64(s + klen[i], vs_get(p, &vs_counters[i]));
	}
	return s;
}

static void json_proc_fast(FILE *f, const struct vs_proc *p, int first)
{
	char buf[1 + JSON_PROC_MAX], *s = buf;

	if (!first)
		*s++ = ',';
	s = json_proc_put(s, p);
	if (p->has_exit) {
		s = put_str(s, ",\"exit_ns\":");
		s = put_u64(s, p->exit_ns);
	}
	*s++ = '}';
	fwrite_unlocked(buf, 1, s - buf, f);
}

static void json_proc(FILE *f, const struct vs_proc *p, int hist)
{
	char buf[JSON_PROC_MAX];

	fwrite(buf, 1, json_proc_put(buf, p) - buf, f);
	if (hist) {
		fputs(",\"fault_lat_ns\":", f);
		json_hist(f, p->lat);
	}
	if (p->has_exit)
		fprintf(f, ",\"exit_ns\":%" PRIu64, p->exit_ns);
	fputc('}', f);
}

static void prom_labels(FILE *f, const struct vs_proc *p)
{
	fprintf(f, "{pid=\"%" PRIu32 "\",comm=", p->pid);
	vs_prom_label(f, p->comm);
	fputc('}', f);
}

/*
 * The fault service-time histogram of process @p (NULL: the system's);
 * @head: its HELP and TYPE first.
 */
static void prom_hist(FILE *f, const struct vs_proc *p, const uint64_t *lat,
		      int head)
{
	unsigned int b;

	if (head) {
		fputs("# HELP vmscope_fault_lat_ns_total Faults by service time (log2 buckets, lo in ns).\n",
		      f);
		fputs("# TYPE vmscope_fault_lat_ns_total counter\n", f);
	}
	for (b = 0; b < VMSCOPE_LAT_BUCKETS; b++) {
		if (!lat[b])
			continue;
		fputs("vmscope_fault_lat_ns_total{", f);
		if (p) {
			fprintf(f, "pid=\"%" PRIu32 "\",comm=", p->pid);
			vs_prom_label(f, p->comm);
			fputc(',', f);
		}
		fprintf(f, "lo=\"%" PRIu64 "\"} %" PRIu64 "\n", vs_lat_lo(b),
			lat[b]);
	}
}

/*
 * A time in ns as people read it, in 9 characters at most: "850ns",
 * "12.3us", "4.6ms", "1.23s", and whole seconds from 1000 s on.
 */
static void human_time(char *buf, size_t len, uint64_t ns)
{
	if (ns < 1000)
		snprintf(buf, len, "%" PRIu64 "ns", ns);
	else if (ns < 1000000)
		snprintf(buf, len, "%.1fus", ns / 1e3);
	else if (ns < 1000000000)
		snprintf(buf, len, "%.1fms", ns / 1e6);
	else if (ns < 1000000000000ULL)
		snprintf(buf, len, "%.2fs", ns / 1e9);
	else
		snprintf(buf, len, "%" PRIu64 "s", ns / 1000000000);
}

/* Value @v of counter @c as the tables show it: a time in its unit. */
static const char *table_val(char *buf, size_t len,
			     const struct vs_counter *c, uint64_t v)
{
	if (c->ns)
		human_time(buf, len, v);
	else
		snprintf(buf, len, "%" PRIu64, v);
	return buf;
}

/*
 * Counter @c's Prometheus metric: vmscope_<name>_total for a count,
 * vmscope_<name> for a gauge, and for a time in ns its base unit,
 * vmscope_<name less _ns>_seconds_total.
 */
static const char *prom_name(char *buf, size_t len,
			     const struct vs_counter *c)
{
	if (c->ns)
		snprintf(buf, len, "vmscope_%.*s_seconds_total",
			 (int)strlen(c->name) - 3, c->name);
	else
		snprintf(buf, len, "vmscope_%s%s", c->name,
			 c->gauge ? "" : "_total");
	return buf;
}

/* Its HELP and TYPE lines. */
static void prom_head(FILE *f, const struct vs_counter *c)
{
	char name[64];

	prom_name(name, sizeof(name), c);
	fprintf(f, "# HELP %s %s\n", name, c->help);
	fprintf(f, "# TYPE %s %s\n", name, c->gauge ? "gauge" : "counter");
}

/* A sample's value and newline: seconds, exactly, for a time in ns. */
static void prom_val(FILE *f, const struct vs_counter *c, uint64_t v)
{
	if (c->ns)
		fprintf(f, " %" PRIu64 ".%09" PRIu64 "\n", v / 1000000000,
			v % 1000000000);
	else
		fprintf(f, " %" PRIu64 "\n", v);
}

static void prom_procs(FILE *f, const struct vs_proc *v, int n, int hist)
{
	unsigned int i;
	int j;

	char name[64];

	for (i = 0; i < vs_ncounters; i++) {
		prom_head(f, &vs_counters[i]);
		prom_name(name, sizeof(name), &vs_counters[i]);
		for (j = 0; j < n; j++) {
			fputs(name, f);
			prom_labels(f, &v[j]);
			prom_val(f, &vs_counters[i],
				 vs_get(&v[j], &vs_counters[i]));
		}
	}
	if (!hist)
		return;
	for (j = 0; j < n; j++)
		prom_hist(f, &v[j], v[j].lat, !j);
}

static int col_width(unsigned int i)
{
	int w = strlen(vs_counters[i].name);

	return w > 9 ? w : 9;
}

void vs_print_ps(FILE *f, enum vs_fmt fmt, const struct vs_proc *v, int n)
{
	char val[24];
	unsigned int i;
	int j;

	switch (fmt) {
	case VS_JSON:
		fputs("{\"processes\":[", f);
		for (j = 0; j < n; j++)
			json_proc_fast(f, &v[j], !j);
		fputs("]}\n", f);
		break;
	case VS_PROM:
		prom_procs(f, v, n, 0);
		break;
	case VS_TABLE:
		columns_default();
		fprintf(f, "%7s %-15s", "pid", "comm");
		for (i = 0; i < ncols; i++)
			fprintf(f, " %9s", vs_counters[cols[i]].name);
		fputc('\n', f);
		for (j = 0; j < n; j++) {
			fprintf(f, "%7" PRIu32 " ", v[j].pid);
			table_comm(f, v[j].comm, 15);
			for (i = 0; i < ncols; i++)
				fprintf(f, " %*s", col_width(cols[i]),
					table_val(val, sizeof(val),
						  &vs_counters[cols[i]],
						  vs_get(&v[j],
							 &vs_counters[cols[i]])));
			fputc('\n', f);
		}
		break;
	}
}

/* A power-of-two bound in binary units, as bpftrace's hist() shows. */
static void human_ns(char *buf, size_t len, uint64_t v)
{
	const char *u = "";

	if (v >= 1ULL << 30 && !(v & ((1ULL << 30) - 1))) {
		v >>= 30;
		u = "G";
	} else if (v >= 1ULL << 20 && !(v & ((1ULL << 20) - 1))) {
		v >>= 20;
		u = "M";
	} else if (v >= 1024 && !(v & 1023)) {
		v >>= 10;
		u = "K";
	}
	snprintf(buf, len, "%" PRIu64 "%s", v, u);
}

/* Log2 histogram as bars, like bpftrace's hist(). */
void vs_print_hist(FILE *f, const uint64_t *lat)
{
	unsigned int b, first = VMSCOPE_LAT_BUCKETS, last = 0;
	char lo[24], hi[24];
	uint64_t max = 0;
	int w, k;

	for (b = 0; b < VMSCOPE_LAT_BUCKETS; b++) {
		if (!lat[b])
			continue;
		if (first == VMSCOPE_LAT_BUCKETS)
			first = b;
		last = b;
		if (lat[b] > max)
			max = lat[b];
	}
	if (!max) {
		fputs("  (no faults timed: turn the latency mode on)\n", f);
		return;
	}
	for (b = first; b <= last; b++) {
		human_ns(lo, sizeof(lo), vs_lat_lo(b));
		if (b == VMSCOPE_LAT_BUCKETS - 1)
			snprintf(hi, sizeof(hi), "...");
		else
			human_ns(hi, sizeof(hi), vs_lat_lo(b + 1));
		w = (int)(lat[b] * 40 / max);
		fprintf(f, "  [%s, %s)%*s %10" PRIu64 " |", lo, hi,
			(int)(12 - strlen(lo) - strlen(hi)), "", lat[b]);
		for (k = 0; k < 40; k++)
			fputc(k < w ? '@' : ' ', f);
		fputs("|\n", f);
	}
}

void vs_print_show(FILE *f, enum vs_fmt fmt, const struct vs_proc *p)
{
	char val[24];
	unsigned int i;

	switch (fmt) {
	case VS_JSON:
		json_proc(f, p, 1);
		fputc('\n', f);
		break;
	case VS_PROM:
		prom_procs(f, p, 1, 1);
		break;
	case VS_TABLE:
		fprintf(f, "%-24s %" PRIu32 "\n", "pid", p->pid);
		fprintf(f, "%-24s ", "comm");
		table_comm(f, p->comm, 0);
		fprintf(f, "\n%-24s %" PRIu32 "\n", "uid", p->uid);
		for (i = 0; i < vs_ncounters; i++)
			fprintf(f, "%-24s %s\n", vs_counters[i].name,
				table_val(val, sizeof(val), &vs_counters[i],
					  vs_get(p, &vs_counters[i])));
		fprintf(f, "fault_lat_ns (service time, ns)\n");
		vs_print_hist(f, p->lat);
		break;
	}
}

void vs_print_sys(FILE *f, enum vs_fmt fmt, const struct vs_sys *s)
{
	char name[64], val[24];
	const char *sep = "";
	int i;

	switch (fmt) {
	case VS_JSON:
		fputc('{', f);
		for (i = 0; i < (int)vs_ncounters; i++)
			fprintf(f, "\"%s\":%" PRIu64 ",", vs_counters[i].name,
				s->c[vs_counters[i].key]);
		for (i = 0; i < VS_SYS_NR; i++)
			fprintf(f, "\"%s\":%" PRIu64 ",", vs_sys_fields[i].name,
				s->v[i]);
		fputs("\"fault_lat_ns\":", f);
		json_hist(f, s->lat);
		fputs(",\"probes\":[", f);
		for (i = 0; i < s->nprobes; i++) {
			const struct vs_probe *p = &s->probes[i];

			fprintf(f, "%s{\"event\":", sep);
			vs_json_str(f, p->event);
			fputs(",\"symbol\":", f);
			vs_json_str(f, p->symbol);
			fprintf(f, ",\"state\":\"%s\",\"hits\":%" PRIu64
				",\"missed\":%" PRIu64 ",\"error\":%" PRId32,
				vs_probe_state_name(p->state), p->hits, p->missed,
				p->error);
			if (p->reason[0]) {
				fputs(",\"reason\":", f);
				vs_json_str(f, p->reason);
			}
			fputc('}', f);
			sep = ",";
		}
		fputs("]}\n", f);
		break;
	case VS_PROM:
		for (i = 0; i < (int)vs_ncounters; i++) {
			prom_head(f, &vs_counters[i]);
			fputs(prom_name(name, sizeof(name), &vs_counters[i]), f);
			prom_val(f, &vs_counters[i], s->c[vs_counters[i].key]);
		}
		for (i = 0; i < VS_SYS_NR; i++) {
			const struct vs_sys_field *sf = &vs_sys_fields[i];
			const char *sfx = sf->kind == VS_SYS_COUNTER ? "_total" : "";

			fprintf(f, "# HELP vmscope_%s%s %s\n", sf->name, sfx,
				sf->help);
			fprintf(f, "# TYPE vmscope_%s%s %s\n", sf->name, sfx,
				*sfx ? "counter" : "gauge");
			fprintf(f, "vmscope_%s%s %" PRIu64 "\n", sf->name, sfx,
				s->v[i]);
		}
		prom_hist(f, NULL, s->lat, 1);
		fputs("# TYPE vmscope_probe_hits_total counter\n", f);
		for (i = 0; i < s->nprobes; i++) {
			fputs("vmscope_probe_hits_total{event=", f);
			vs_prom_label(f, s->probes[i].event);
			fprintf(f, ",state=\"%s\"} %" PRIu64 "\n",
				vs_probe_state_name(s->probes[i].state),
				s->probes[i].hits);
		}
		fputs("# TYPE vmscope_probe_missed_total counter\n", f);
		for (i = 0; i < s->nprobes; i++) {
			fputs("vmscope_probe_missed_total{event=", f);
			vs_prom_label(f, s->probes[i].event);
			fprintf(f, "} %" PRIu64 "\n", s->probes[i].missed);
		}
		break;
	case VS_TABLE:
		for (i = 0; i < (int)vs_ncounters; i++)
			fprintf(f, "%-24s %s\n", vs_counters[i].name,
				table_val(val, sizeof(val), &vs_counters[i],
					  s->c[vs_counters[i].key]));
		for (i = 0; i < VS_SYS_NR; i++) {
			if (vs_sys_fields[i].kind == VS_SYS_BOOL)
				fprintf(f, "%-24s %s\n", vs_sys_fields[i].name,
					s->v[i] ? "on" : "off");
			else
				fprintf(f, "%-24s %" PRIu64 "\n",
					vs_sys_fields[i].name, s->v[i]);
		}
		fprintf(f, "fault_lat_ns (service time, ns)\n");
		vs_print_hist(f, s->lat);
		/*
		 * The symbol last, on a line of its own where it would pass
		 * column 80 (symbol@caller names run to 41 characters).
		 */
		fprintf(f, "\n%-13s %-11s %10s %6s  %s\n", "event", "state",
			"hits", "missed", "symbol");
		for (i = 0; i < s->nprobes; i++) {
			const char *sym = s->probes[i].symbol;

			fprintf(f, "%-13s %-11s %10" PRIu64 " %6" PRIu64 "%s%s\n",
				s->probes[i].event,
				vs_probe_state_name(s->probes[i].state),
				s->probes[i].hits, s->probes[i].missed,
				strlen(sym) > 80 - 45 ? "\n                " : "  ",
				sym);
			if (s->probes[i].reason[0])
				fprintf(f, "%-13s (%s)\n", "",
					s->probes[i].reason);
		}
		break;
	}
}

void vs_print_exit(FILE *f, enum vs_fmt fmt, const struct vs_proc *p)
{
	char val[24];
	unsigned int i;

	if (fmt == VS_JSON) {
		fputs("{\"event\":\"exit\",\"process\":", f);
		json_proc(f, p, 1);
		fputs("}\n", f);
		return;
	}
	fprintf(f, "exit pid %" PRIu32 " comm ", p->pid);
	table_comm(f, p->comm, 0);
	fprintf(f, " uid %" PRIu32, p->uid);
	for (i = 0; i < vs_ncounters; i++)
		fprintf(f, " %s %s", vs_counters[i].name,
			table_val(val, sizeof(val), &vs_counters[i],
				  vs_get(p, &vs_counters[i])));
	if (p->has_exit)
		fprintf(f, " exit_ns %" PRIu64, p->exit_ns);
	fputc('\n', f);
}

static int rate_width(unsigned int i)
{
	int w = strlen(vs_counters[i].name) + (vs_counters[i].gauge ? 0 : 2);

	return w > 10 ? w : 10;
}

void vs_print_rates_header(FILE *f)
{
	char name[40];
	unsigned int i;

	columns_default();
	fprintf(f, "%7s %-15s", "pid", "comm");
	for (i = 0; i < ncols; i++) {
		snprintf(name, sizeof(name), "%s%s", vs_counters[cols[i]].name,
			 vs_counters[cols[i]].gauge ? "" : "/s");
		fprintf(f, " %*s", rate_width(cols[i]), name);
	}
	fputc('\n', f);
}

/*
 * Deltas of the counters over the interval; gauges are given as they are
 * now.  JSON carries every number, the table its columns.
 */
void vs_print_rates(FILE *f, enum vs_fmt fmt, const struct vs_proc *now,
		    const struct vs_proc *before, double secs)
{
	const struct vs_counter *c;
	char val[24];
	unsigned int i;
	uint64_t a, b;

	if (fmt == VS_JSON) {
		fprintf(f, "{\"pid\":%" PRIu32 ",\"comm\":", now->pid);
		vs_json_str(f, now->comm);
		fprintf(f, ",\"interval_s\":%.3f", secs);
		for (i = 0; i < vs_ncounters; i++) {
			c = &vs_counters[i];
			a = vs_get(now, c);
			b = before && !c->gauge ? vs_get(before, c) : 0;
			fprintf(f, ",\"%s\":%" PRIu64, c->name, a >= b ? a - b : 0);
		}
		fputc('}', f);	/* the caller ends the line */
		return;
	}
	columns_default();
	fprintf(f, "%7" PRIu32 " ", now->pid);
	table_comm(f, now->comm, 15);
	for (i = 0; i < ncols; i++) {
		c = &vs_counters[cols[i]];
		a = vs_get(now, c);
		if (c->gauge) {
			fprintf(f, " %*" PRIu64, rate_width(cols[i]), a);
			continue;
		}
		b = before ? vs_get(before, c) : 0;
		if (c->ns) {	/* time stalled a second */
			human_time(val, sizeof(val),
				   a >= b ? (uint64_t)((a - b) / secs) : 0);
			fprintf(f, " %*s", rate_width(cols[i]), val);
			continue;
		}
		fprintf(f, " %*.1f", rate_width(cols[i]),
			a >= b ? (a - b) / secs : 0.0);
	}
	fputc('\n', f);
}

const char *vs_oom_constraint_name(uint32_t c)
{
	static const char *const names[] = {
		[VMSCOPE_OOM_CONSTRAINT_GLOBAL] = "global",
		[VMSCOPE_OOM_CONSTRAINT_CPUSET] = "cpuset",
		[VMSCOPE_OOM_CONSTRAINT_MEMPOLICY] = "mempolicy",
		[VMSCOPE_OOM_CONSTRAINT_MEMCG] = "memcg",
	};

	return c < ARRAY_SIZE(names) ? names[c] : "unknown";
}

/* The number in field @f of @o (not a string). */
static int64_t oom_num(const struct vs_oom *o, const struct vs_oom_field *f)
{
	const char *p = (const char *)o + f->off;
	uint64_t u64;
	uint32_t u32;
	int32_t s32;

	switch (f->type) {
	case VS_OOM_UINT:
	case VS_OOM_OPT_UINT:
		memcpy(&u64, p, sizeof(u64));
		return (int64_t)u64;
	case VS_OOM_S32:
		memcpy(&s32, p, sizeof(s32));
		return s32;
	default:
		memcpy(&u32, p, sizeof(u32));
		return u32;
	}
}

/*
 * rss_<kind>_kb: the JSON of the first version has them in one object,
 * "rss_kb": {"anon": ..., "file": ..., "shmem": ...}; kept.
 */
static const char *oom_rss_kind(const char *name, char *buf, size_t len)
{
	size_t n = strlen(name);

	if (strncmp(name, "rss_", 4) || n < 8 || strcmp(name + n - 3, "_kb"))
		return NULL;
	snprintf(buf, len, "%.*s", (int)(n - 7), name + 4);
	return buf;
}

/* An OOM kill record, every field of VMSCOPE_OOM(): events and oom. */
void vs_print_oom(FILE *f, enum vs_fmt fmt, const struct vs_oom *o)
{
	const struct vs_oom_field *fl;
	const char *kind, *str;
	char buf[32];
	int in_rss = 0;
	unsigned int i;

	fputs(fmt == VS_JSON ? "{\"event\":\"oom\"" : "oom", f);
	for (i = 0; i < vs_noom_fields; i++) {
		fl = &vs_oom_fields[i];
		str = (const char *)o + fl->off;
		kind = fmt == VS_JSON ? oom_rss_kind(fl->name, buf, sizeof(buf)) :
					NULL;
		if (in_rss && !kind)
			fputc('}', f);
		if (fmt == VS_JSON && kind)
			fprintf(f, in_rss ? ",\"%s\":" : ",\"rss_kb\":{\"%s\":",
				kind);
		else if (fmt == VS_JSON)
			fprintf(f, ",\"%s\":", fl->name);
		else
			fprintf(f, " %s ", fl->name);
		in_rss = !!kind;
		switch (fl->type) {
		case VS_OOM_STR:
		case VS_OOM_OPT_STR:
			if (fmt == VS_JSON)
				vs_json_str(f, str);
			else if (!str[0] && fl->type == VS_OOM_OPT_STR)
				fputc('-', f);
			else
				table_comm(f, str, 0);
			break;
		case VS_OOM_CONSTRAINT:
			fprintf(f, fmt == VS_JSON ? "\"%s\"" : "%s",
				vs_oom_constraint_name(oom_num(o, fl)));
			break;
		case VS_OOM_X32:
			fprintf(f, fmt == VS_JSON ? "%" PRId64 : "%#" PRIx64,
				oom_num(o, fl));
			break;
		case VS_OOM_S32:
			fprintf(f, "%" PRId64, oom_num(o, fl));
			break;
		default:
			fprintf(f, "%" PRIu64, (uint64_t)oom_num(o, fl));
			break;
		}
	}
	if (in_rss)
		fputc('}', f);
	fputs(fmt == VS_JSON ? "}\n" : "\n", f);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Host test of the client's rendering: print fixed inputs in every view,
 * one section per "== VIEW FORMAT" line; scripts/test-format.py checks the
 * output (JSON with a real parser, Prometheus against the text format,
 * the table against the inputs).
 */
#include <string.h>
#include "format.h"

static void fill(struct vs_proc *p, unsigned int pid, const char *comm,
		 uint64_t min, uint64_t maj)
{
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	p->uid = 1000;
	strncpy(p->comm, comm, sizeof(p->comm) - 1);
	p->c[VS_MINFLT] = min;
	p->c[VS_MAJFLT] = maj;
}

int main(void)
{
	static const char *const names[] = { "table", "json", "prometheus" };
	struct vs_proc v[3], before;
	struct vs_oom o;
	struct vs_sys s;
	const char *bad;
	int f;

	fill(&v[0], 1, "init", 1234, 5);
	/* A comm with characters every format must escape. */
	fill(&v[1], 4242, "we\"ird\\ na\nme", 18446744073709551615ULL, 0);
	fill(&v[2], 77, "touch", 16463, 4);
	v[2].lat[11] = 3;	/* [1K, 2K) */
	v[2].lat[15] = 16000;	/* [16K, 32K) */
	v[2].lat[31] = 1;	/* last bucket */
	v[2].c[VS_COW_COPY] = 4096;
	v[2].c[VS_SWAPOUT] = 77;
	v[2].c[VS_PGTBL_BYTES] = 131072;
	v[2].exit_ns = 1795906162545986948ULL;
	v[2].has_exit = 1;

	memset(&s, 0, sizeof(s));
	s.c[VS_MINFLT] = 99;
	s.c[VS_MAJFLT] = 3;
	s.c[VS_SWAPIN] = 12;
	s.v[VS_S_UNATTRIBUTED] = 5;
	s.lat[12] = 7;
	s.v[VS_S_PROCS_TRACKED] = 3;
	s.v[VS_S_PROCS_MAX] = 65536;
	s.nprobes = 3;
	strcpy(s.probes[0].event, "fork");
	strcpy(s.probes[0].symbol, "sched_process_fork");
	s.probes[0].state = VMSCOPE_PROBE_STATE_ATTACHED;
	s.probes[0].hits = 10;
	strcpy(s.probes[1].event, "fault_lat_ns");
	strcpy(s.probes[1].symbol, "handle_mm_fault");
	s.probes[1].state = VMSCOPE_PROBE_STATE_UNAVAILABLE;
	s.probes[1].error = -2;
	strcpy(s.probes[1].reason, "kernel built without \"X\"");
	strcpy(s.probes[2].event, "cow_reuse_thp");
	strcpy(s.probes[2].symbol, "pmdp_set_access_flags@do_huge_pmd_wp_page");
	s.probes[2].state = VMSCOPE_PROBE_STATE_FALLBACK;
	s.probes[2].hits = 123456789;
	memset(&o, 0, sizeof(o));
	o.seq = 3;
	o.time_ns = 1795906162545986948ULL;
	o.pid = 4242;
	strcpy(o.comm, "hog");
	o.rss_anon_kb = 65000;
	o.pgtbl_bytes = 204800;
	o.oom_score_adj = -17;
	o.constraint = VMSCOPE_OOM_CONSTRAINT_MEMCG;
	o.memcg_id = 1234;
	strcpy(o.memcg, "/vmscope-oom");
	o.trigger_pid = 4243;
	strcpy(o.trigger_comm, "alloc");
	o.gfp = 0xcc0;

	for (f = VS_TABLE; f <= VS_PROM; f++) {
		printf("== ps %s\n", names[f]);
		vs_print_ps(stdout, f, v, 3);
		printf("== show %s\n", names[f]);
		vs_print_show(stdout, f, &v[2]);
		printf("== sys %s\n", names[f]);
		vs_print_sys(stdout, f, &s);
	}
	printf("== exit line\n");
	vs_print_exit(stdout, VS_TABLE, &v[2]);
	printf("== exit json\n");
	vs_print_exit(stdout, VS_JSON, &v[2]);
	printf("== oom json\n");
	vs_print_oom(stdout, VS_JSON, &o);
	printf("== oom line\n");
	vs_print_oom(stdout, VS_TABLE, &o);
	before = v[2];
	before.c[VS_MINFLT] -= 1000;
	printf("== rates json\n");
	vs_print_rates(stdout, VS_JSON, &v[2], &before, 2.0);
	printf("\n== rates table\n");
	vs_print_rates(stdout, VS_TABLE, &v[2], &before, 2.0);
	printf("== columns\n");
	printf("%d\n", vs_columns_set("cow_copy,pgtbl_bytes", &bad));
	vs_print_ps(stdout, VS_TABLE, v, 3);
	bad = NULL;
	f = vs_columns_set("minflt,nosuch", &bad);
	printf("%d %s\n", f, bad ? bad : "?");

	/* Every field of an OOM record, each with a value of its own. */
	for (f = 0; f < (int)vs_noom_fields; f++) {
		const struct vs_oom_field *fl = &vs_oom_fields[f];
		char *p = (char *)&o + fl->off;
		uint64_t u64 = 4000003 + 7 * f;
		uint32_t u32 = 4000003 + 7 * f;

		switch (fl->type) {
		case VS_OOM_UINT:
		case VS_OOM_OPT_UINT:
			memcpy(p, &u64, sizeof(u64));
			break;
		case VS_OOM_STR:
		case VS_OOM_OPT_STR:
			snprintf(p, fl->size, "s%d", f);
			break;
		case VS_OOM_CONSTRAINT:
			u32 = VMSCOPE_OOM_CONSTRAINT_CPUSET;
			memcpy(p, &u32, sizeof(u32));
			break;
		default:
			memcpy(p, &u32, sizeof(u32));
			break;
		}
	}
	printf("== every oom json\n");
	vs_print_oom(stdout, VS_JSON, &o);
	printf("== every oom table\n");
	vs_print_oom(stdout, VS_TABLE, &o);

	/*
	 * Every key and sys field, each with a value of its own; a time's
	 * in seconds of its own, which the tables show in their unit.
	 */
	for (f = 0; f < VS_NKEYS; f++) {
		v[2].c[f] = vs_counters[f].ns ? 1000003007ULL * (f + 1) :
			    1000003 + 7 * f;
		s.c[f] = vs_counters[f].ns ? 2000003007ULL * (f + 1) :
			 2000003 + 7 * f;
	}
	for (f = 0; f < VS_SYS_NR; f++)
		s.v[f] = vs_sys_fields[f].kind == VS_SYS_BOOL ? 1 : 3000003 + 7 * f;
	for (f = VS_TABLE; f <= VS_PROM; f++) {
		printf("== every show %s\n", names[f]);
		vs_print_show(stdout, f, &v[2]);
		printf("== every ps %s\n", names[f]);
		vs_columns_set("all", &bad);
		vs_print_ps(stdout, f, &v[2], 1);
		if (f != VS_PROM) {
			printf("== every exit %s\n", names[f]);
			vs_print_exit(stdout, f, &v[2]);
		}
		printf("== every sys %s\n", names[f]);
		vs_print_sys(stdout, f, &s);
	}
	return 0;
}

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
	p->minflt = min;
	p->majflt = maj;
}

int main(void)
{
	static const char *const names[] = { "table", "json", "prometheus" };
	struct vs_proc v[3], before;
	struct vs_sys s;
	int f;

	fill(&v[0], 1, "init", 1234, 5);
	/* A comm with characters every format must escape. */
	fill(&v[1], 4242, "we\"ird\\ na\nme", 18446744073709551615ULL, 0);
	fill(&v[2], 77, "touch", 16463, 4);
	v[2].lat[11] = 3;	/* [1K, 2K) */
	v[2].lat[15] = 16000;	/* [16K, 32K) */
	v[2].lat[31] = 1;	/* last bucket */
	v[2].exit_ns = 1795906162545986948ULL;
	v[2].has_exit = 1;

	memset(&s, 0, sizeof(s));
	s.minflt = 99;
	s.majflt = 3;
	s.lat[12] = 7;
	s.procs_tracked = 3;
	s.procs_max = 65536;
	s.nprobes = 2;
	strcpy(s.probes[0].event, "fork");
	strcpy(s.probes[0].symbol, "sched_process_fork");
	s.probes[0].state = VMSCOPE_PROBE_STATE_ATTACHED;
	s.probes[0].hits = 10;
	strcpy(s.probes[1].event, "fault_lat_ns");
	strcpy(s.probes[1].symbol, "handle_mm_fault");
	s.probes[1].state = VMSCOPE_PROBE_STATE_UNAVAILABLE;
	s.probes[1].error = -2;

	for (f = VS_TABLE; f <= VS_PROM; f++) {
		printf("== ps %s\n", names[f]);
		vs_print_ps(stdout, f, v, 3);
		printf("== show %s\n", names[f]);
		vs_print_show(stdout, f, &v[2]);
		printf("== sys %s\n", names[f]);
		vs_print_sys(stdout, f, &s);
	}
	printf("== exit table\n");
	vs_print_exit(stdout, VS_TABLE, &v[2]);
	printf("== exit json\n");
	vs_print_exit(stdout, VS_JSON, &v[2]);
	before = v[2];
	before.minflt -= 1000;
	printf("== rates json\n");
	vs_print_rates(stdout, VS_JSON, &v[2], &before, 2.0);
	printf("\n== rates table\n");
	vs_print_rates(stdout, VS_TABLE, &v[2], &before, 2.0);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Memory stalls and refaults of one process, against what the kernel
 * accounts for the same process by other means: its cgroup's memory.stat
 * (workingset_*) and memory.pressure, and taskstats, read by the kernel's
 * own tools/accounting/getdelays (built from linux-source into
 * build/selftests).  Each process runs alone in a cgroup made for it, so
 * the cgroup's numbers are the process's.
 *
 * The workload is build/selftests/workloads/thrash: its code is locked,
 * so only its anonymous mapping thrashes.  It waits for a line before it
 * starts and another before it exits, and between them vmscope, taskstats
 * and the cgroup are read while it is quiescent.
 */
#define _GNU_SOURCE
#include <libgen.h>
#include <sched.h>
#include <limits.h>
#include <stdarg.h>
#include <linux/sched.h>
#include <sys/syscall.h>
#include "vmscope_test.h"
#include "kselftest_harness.h"

#define NR_HUGEPAGES	"/proc/sys/vm/nr_hugepages"

/* The number in @file; -1 if it has none. */
static long long file_ll(const char *file)
{
	long long v = -1;
	FILE *f = fopen(file, "r");

	if (f) {
		if (fscanf(f, "%lld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static long long hugepages_was = -1;

FIXTURE(slow) {};
FIXTURE_SETUP(slow) {}

/* What a test changed of the system, put back however it ended. */
FIXTURE_TEARDOWN(slow)
{
	char v[32];

	if (hugepages_was < 0)
		return;
	snprintf(v, sizeof(v), "%lld\n", hugepages_was);
	write_file(NR_HUGEPAGES, v);
}

static char bindir[1024];

/* build/selftests, where this program, getdelays and workloads/ are. */
static const char *bin(const char *name, char *buf, size_t len)
{
	if (!bindir[0]) {
		char self[1024];
		ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

		self[n > 0 ? n : 0] = '\0';
		snprintf(bindir, sizeof(bindir), "%s", dirname(self));
	}
	snprintf(buf, len, "%s/%s", bindir, name);
	return buf;
}

/* A thrash workload in cgroup @cg, waiting for its go. */
struct thrash {
	pid_t	pid;
	int	in;		/* its stdin */
	FILE	*out;		/* its stdout */
};

/*
 * fork() into cgroup @cg (NULL: this one's), on CPU 0: the child lives its
 * whole life there, from its first instruction (clone3() with
 * CLONE_INTO_CGROUP).  A child that joined after fork() counted what it
 * did before in another cgroup: a page of text it read back there made
 * memory.stat one refault short of vmscope (6.1).
 *
 * On CPU 0: taskstats drops a delay whose two ends read local_clock() on
 * CPUs whose clocks disagree (6.1 under TCG lost 85 swap-ins of 15361 that
 * way).  And PSI adds up a cgroup's stall time per CPU, weighted by the
 * time each CPU had a task of the cgroup busy (in whole jiffies): a short
 * task on another CPU, in the same two seconds as the workload's stalls
 * on CPU 0, takes its share of them out of memory.pressure's total (2-4 %
 * on 6.1 and 7.3 while memcg_stat_settle()'s child ran anywhere).
 */
static pid_t fork_into(const char *cg)
{
	struct clone_args args = { .exit_signal = SIGCHLD };
	cpu_set_t was, one;
	pid_t pid;
	int fd = -1;

	if (cg) {
		fd = open(cg, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			return -1;
		args.flags = CLONE_INTO_CGROUP;
		args.cgroup = fd;
	}
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	sched_getaffinity(0, sizeof(was), &was);
	sched_setaffinity(0, sizeof(one), &one);
	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid) {
		sched_setaffinity(0, sizeof(was), &was);
		if (fd >= 0)
			close(fd);
	}
	return pid;
}

/*
 * Workload @name of workloads/ with the arguments that follow (up to 7, a
 * NULL after them), in cgroup @cg (NULL: this one's).
 */
static int work_start(struct thrash *t, const char *cg, const char *name, ...)
{
	char file[64], path[PATH_MAX];
	char *argv[9] = { (char *)name };
	int in[2], out[2], i;
	va_list ap;

	va_start(ap, name);
	for (i = 1; i < 8 && (argv[i] = va_arg(ap, char *)); i++)
		;
	va_end(ap);
	if (pipe(in) || pipe(out))
		return -1;
	snprintf(file, sizeof(file), "workloads/%s", name);
	bin(file, path, sizeof(path));
	t->pid = fork_into(cg);
	if (t->pid < 0)
		return -1;
	if (!t->pid) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[1]);
		close(out[0]);
		execv(path, argv);
		_exit(4);
	}
	close(in[0]);
	close(out[1]);
	t->in = in[1];
	t->out = fdopen(out[0], "r");
	return t->out ? 0 : -1;
}

/*
 * 0 once the workload said "ready": set up, and blocked until its go, so
 * that what a sample reads of it holds still (a workload still starting,
 * its code being locked in, read back pages of it between the reads of
 * memory.stat and of vmscope: 6.12-debug).
 */
static int work_ready(struct thrash *t)
{
	char line[128];

	while (fgets(line, sizeof(line), t->out))
		if (!strncmp(line, "ready", 5))
			return 0;
	return -1;
}

/*
 * thrash -w PAGES PASSES (-r: at random if @rnd), or -w -f FILE PASSES if
 * @file.
 */
static int thrash_start(struct thrash *t, const char *cg, unsigned long pages,
			unsigned long passes, const char *file, int rnd)
{
	char np[32], ns[32];

	snprintf(np, sizeof(np), "%lu", pages);
	snprintf(ns, sizeof(ns), "%lu", passes);
	if (file)
		return work_start(t, cg, "thrash", "-w", "-f", file, ns, NULL) ?:
		       work_ready(t);
	if (rnd)
		return work_start(t, cg, "thrash", "-w", "-r", np, ns, NULL) ?:
		       work_ready(t);
	return work_start(t, cg, "thrash", "-w", np, ns, NULL) ?: work_ready(t);
}

/* Let it run; 0 once it said "done". */
static int thrash_run(struct thrash *t)
{
	char line[128];

	if (write(t->in, "go\n", 3) != 3)
		return -1;
	while (fgets(line, sizeof(line), t->out))
		if (!strncmp(line, "done", 4))
			return 0;
	return -1;
}

static int thrash_stop(struct thrash *t)
{
	int status;

	if (write(t->in, "\n", 1) != 1)
		kill(t->pid, SIGKILL);
	close(t->in);
	fclose(t->out);
	if (waitpid(t->pid, &status, 0) != t->pid)
		return -1;
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -1;
}

/* What taskstats says of a thread group (getdelays -d -t). */
struct delays {
	long long swapin, swapin_ns;
	long long reclaim, reclaim_ns;
	long long thrashing, thrashing_ns;
	long long compact, compact_ns;
};

static int getdelays(int tgid, struct delays *d)
{
	char path[PATH_MAX], cmd[PATH_MAX + 64], line[256], want[16] = "";
	long long *dst = NULL;
	int got = 0;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "%s -d -t %d",
		 bin("getdelays", path, sizeof(path)), tgid);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	/* A header line names the delay, the next gives count and total. */
	while (fgets(line, sizeof(line), f)) {
		if (dst && sscanf(line, "%lld %lld", &dst[0], &dst[1]) == 2) {
			got++;
			dst = NULL;
			continue;
		}
		dst = NULL;
		if (sscanf(line, "%15s", want) != 1)
			continue;
		if (!strcmp(want, "SWAP"))
			dst = &d->swapin;
		else if (!strcmp(want, "RECLAIM"))
			dst = &d->reclaim;
		else if (!strcmp(want, "THRASHING"))
			dst = &d->thrashing;
		else if (!strcmp(want, "COMPACT"))
			dst = &d->compact;
	}
	pclose(f);
	return got == 4 ? 0 : -1;
}

/* memory.pressure's "some ... total=" of @cg, in ns. */
static long long pressure_some_ns(const char *cg)
{
	char file[256], line[256];
	long long total = -1;
	FILE *f;

	snprintf(file, sizeof(file), "%s/memory.pressure", cg);
	f = fopen(file, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "some avg10=%*s avg60=%*s avg300=%*s total=%lld",
			   &total) == 1)
			break;
	fclose(f);
	return total < 0 ? -1 : total * 1000;
}

static long long memcg_stat(const char *cg, const char *name)
{
	char file[256];

	snprintf(file, sizeof(file), "%s/memory.stat", cg);
	return file_kv(file, name);
}

/*
 * memory.stat is exact once the cgroup's per-CPU counts are flushed, and
 * reading it flushes only past a threshold of pending updates (a worker
 * flushes every 2 s, on a deferrable timer that an idle VM defers).  A
 * child in @cg faults in and frees 2 MiB, which is updates enough.  It is
 * the cgroup's too: where memory is short (the debug kernels), it reads
 * back pages of its own text and stalls, and memory.stat and
 * memory.pressure count that.  Its pid, for its exit record; -1 if none.
 */
static pid_t memcg_stat_settle(const char *cg)
{
	pid_t pid = fork_into(cg);

	if (!pid) {
		char *p;

		p = map_anon(2 * MiB);
		if (p)
			touch(p, 2 * MiB / PAGE);
		_exit(0);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
	sleep(1);
	return pid;
}

static int delayacct_set(const char *v)
{
	return write_file("/proc/sys/kernel/task_delayacct", v) == 0;
}

#define EXPECT_WITHIN(a, b, pct)					\
	do {								\
		long long _a = (a), _b = (b);				\
		EXPECT_LE(llabs(_a - _b) * 100, _b * (pct));		\
	} while (0)

static const char *const refault_keys[] = {
	"workingset_refault_anon", "workingset_refault_file",
	"workingset_activate_anon", "workingset_activate_file",
};

/* What is compared, read at one moment. */
struct sample {
	long long	ms[4];		/* memory.stat, refault_keys[] */
	long long	vs[4];		/* vmscope, refault_keys[] */
	long long	stall[5][2];	/* vmscope, stall_keys[]: count, ns */
	struct delays	d;
	long long	psi;
	long long	settler[4];	/* the settling child's, refault_keys[] */
	long long	settler_ns;	/* ... and its stall times, summed */
	long long	windows;	/* probes: stall_end's hits, all */
	long long	kinds;		/* ... and those of a kind */
};

static const char *const stall_keys[5] = {
	"stall_reclaim", "stall_compact", "stall_thrashing", "stall_swapin",
	"stall_memhigh",
};

/* The sum of the stall times that memory.pressure counts, of exited @pid. */
static long long exit_stall_ns(int pid)
{
	return exit_col(pid, "stall_reclaim_ns") +
	       exit_col(pid, "stall_compact_ns") +
	       exit_col(pid, "stall_thrashing_ns") +
	       exit_col(pid, "stall_memhigh_ns");
}

/*
 * What the cgroup (memory.stat, memory.pressure), vmscope and taskstats
 * say of workload @pid in @cg.  The settling child runs first: what it
 * does is in this sample, and in the cgroup's numbers of the next one,
 * where a test adds its exit record to the workload's.
 */
static int sample(struct sample *x, int pid, const char *cg)
{
	char ns[64];
	unsigned int i;
	pid_t settler = memcg_stat_settle(cg);

	if (settler < 0)
		return -1;
	for (i = 0; i < 4; i++) {
		x->settler[i] = exit_col(settler, refault_keys[i]);
		if (x->settler[i] < 0)
			return -1;
	}
	x->settler_ns = exit_stall_ns(settler);
	x->psi = pressure_some_ns(cg);
	for (i = 0; i < 4; i++) {
		x->ms[i] = memcg_stat(cg, refault_keys[i]);
		x->vs[i] = col(pid, refault_keys[i]);
	}
	for (i = 0; i < 5; i++) {
		snprintf(ns, sizeof(ns), "%s_ns", stall_keys[i]);
		x->stall[i][0] = col(pid, stall_keys[i]);
		x->stall[i][1] = col(pid, ns);
	}
	x->windows = probe_field("stall_end", 0);
	x->kinds = probe_field("stall_reclaim", 0) +
		   probe_field("stall_compact", 0) +
		   probe_field("stall_thrashing", 0) +
		   probe_field("stall_memhigh", 0);
	return getdelays(pid, &x->d);
}

#define D(f)	(b.f - a.f)

/*
 * What the run added to the stall times memory.pressure counts: the
 * workload's, and the settling child's of sample @b (the cgroup's too).
 */
static long long stall_sum(const struct sample *a, const struct sample *b)
{
	return b->stall[0][1] - a->stall[0][1] + b->stall[1][1] -
	       a->stall[1][1] + b->stall[2][1] - a->stall[2][1] +
	       b->stall[4][1] - a->stall[4][1] + b->settler_ns;
}

/*
 * vmscope's own clocks, as most users have them (delay accounting off):
 * the stall times of a process alone in its cgroup add up to the time PSI
 * saw the cgroup stalled, memory.pressure's "some total", within 5 %.
 */
TEST_F_TIMEOUT(slow, thrash_pressure, 900)
{
	struct sample a, b;
	long long sum;
	struct thrash t;
	char cg[128];
	unsigned int i;

	if (!swap_available())
		SKIP(return, "no swap device (the VM runner sets up zram swap)");
	if (memcg_make(cg, sizeof(cg), "pressure", "16M", NULL))
		SKIP(return, "no cgroup v2 memory controller at " CG);
	delayacct_set("0");
	ASSERT_EQ(0, thrash_start(&t, cg, 5120, 4, NULL, 1));
	ASSERT_EQ(0, sample(&a, t.pid, cg));
	ASSERT_EQ(0, thrash_run(&t));
	ASSERT_EQ(0, sample(&b, t.pid, cg));
	for (i = 0; i < 4; i++)
		EXPECT_EQ(D(ms[i]), D(vs[i]) + b.settler[i]);
	for (i = 0; i < 5; i++)
		TH_LOG("%s: +%lld in %lld ns", stall_keys[i], D(stall[i][0]),
		       D(stall[i][1]));
	sum = stall_sum(&a, &b);
	TH_LOG("stall times +%lld ns (%lld the settling child's)",
	       sum, b.settler_ns);
	TH_LOG("memory.pressure some total +%lld ns", D(psi));
	TH_LOG("stall windows closed +%lld, of a kind +%lld (every process)",
	       D(windows), D(kinds));
	EXPECT_GT(D(stall[2][0]), 0);
	EXPECT_WITHIN(sum, D(psi), 5);
	ASSERT_EQ(0, thrash_stop(&t));
	rmdir(cg);
}

/*
 * The working set (20 MiB, touched at random) does not fit in the cgroup
 * (16 MiB): pages come back from zram, some soon after they were pushed
 * out (a refault distance within the working set: the kernel's measure
 * of thrashing, with either LRU), some later.  What the run adds, from
 * "go" to "done" (not the process's start, which may read back its
 * libraries): refaults and activations equal memory.stat's, exactly;
 * each stall counter and time taskstats', and the stall times add up to
 * memory.pressure's, within 5 %.
 */
TEST_F_TIMEOUT(slow, thrash_anon, 900)
{
	struct sample a, b;
	long long sum;
	struct thrash t;
	char cg[128];
	unsigned int i;

	if (!swap_available())
		SKIP(return, "no swap device (the VM runner sets up zram swap)");
	if (memcg_make(cg, sizeof(cg), "thrash", "16M", NULL))
		SKIP(return, "no cgroup v2 memory controller at " CG);
	if (!delayacct_set("1"))
		SKIP(return, "no kernel.task_delayacct to turn on");
	ASSERT_EQ(0, thrash_start(&t, cg, 5120, 4, NULL, 1));
	ASSERT_EQ(0, sample(&a, t.pid, cg));
	ASSERT_EQ(0, thrash_run(&t));
	ASSERT_EQ(0, sample(&b, t.pid, cg));
	for (i = 0; i < 4; i++) {
		TH_LOG("%s: vmscope +%lld (and %lld the settling child's), memory.stat +%lld",
		       refault_keys[i], D(vs[i]), b.settler[i], D(ms[i]));
		EXPECT_EQ(D(ms[i]), D(vs[i]) + b.settler[i]);
	}
	EXPECT_GT(D(vs[2]), 0);
	TH_LOG("reclaim: vmscope +%lld in %lld ns, taskstats +%lld in %lld ns",
	       D(stall[0][0]), D(stall[0][1]), D(d.reclaim), D(d.reclaim_ns));
	TH_LOG("compact: vmscope +%lld in %lld ns, taskstats +%lld in %lld ns",
	       D(stall[1][0]), D(stall[1][1]), D(d.compact), D(d.compact_ns));
	TH_LOG("thrashing: vmscope +%lld in %lld ns, taskstats +%lld in %lld ns",
	       D(stall[2][0]), D(stall[2][1]), D(d.thrashing),
	       D(d.thrashing_ns));
	TH_LOG("swapin: vmscope +%lld in %lld ns, taskstats +%lld in %lld ns",
	       D(stall[3][0]), D(stall[3][1]), D(d.swapin), D(d.swapin_ns));
	EXPECT_GT(D(d.reclaim), 0);
	EXPECT_GT(D(d.thrashing), 0);
	/*
	 * Counts, within 10 %: one reclaim is one stall, where taskstats
	 * counts each pass of do_try_to_free_pages() (one that reclaimed
	 * nothing and goes round again counts twice); and taskstats drops
	 * a delay its clock, local_clock(), measured as 0 ns or less.  On
	 * 6.1 under TCG (the HPET as clocksource) it dropped 5 % of the
	 * thrashing waits, 6 % of the swap-ins and 3 % of the reclaims,
	 * the process on one CPU.  vmscope counts each stall and each read
	 * once; taskstats never counts one that vmscope did not.
	 */
	EXPECT_WITHIN(D(stall[0][0]), D(d.reclaim), 10);
	EXPECT_WITHIN(D(stall[2][0]), D(d.thrashing), 10);
	EXPECT_WITHIN(D(stall[3][0]), D(d.swapin), 10);
	EXPECT_LE(D(d.thrashing), D(stall[2][0]));
	EXPECT_LE(D(d.swapin), D(stall[3][0]));
	/* Times: thrashing and swap-ins are the kernel's where it runs. */
	EXPECT_WITHIN(D(stall[0][1]), D(d.reclaim_ns), 5);
	EXPECT_WITHIN(D(stall[2][1]), D(d.thrashing_ns), 5);
	EXPECT_WITHIN(D(stall[3][1]), D(d.swapin_ns), 5);
	sum = stall_sum(&a, &b);
	TH_LOG("stall times +%lld ns (%lld the settling child's)",
	       sum, b.settler_ns);
	TH_LOG("memory.pressure some total +%lld ns", D(psi));
	TH_LOG("stall windows closed +%lld, of a kind +%lld (every process)",
	       D(windows), D(kinds));
	EXPECT_WITHIN(sum, D(psi), 5);
	EXPECT_EQ(0, D(stall[4][0]));
	/* The exits ring keeps what it had. */
	ASSERT_EQ(0, thrash_stop(&t));
	EXPECT_EQ(b.stall[2][1], exit_col(t.pid, "stall_thrashing_ns"));
	EXPECT_EQ(b.vs[2], exit_col(t.pid, "workingset_activate_anon"));
	rmdir(cg);
}

/*
 * Over memory.high with no swap to reclaim to: the kernel throttles the
 * process on its way back to user space.  The same workload in a cgroup
 * with no limit is never throttled.
 */
TEST_F_TIMEOUT(slow, memhigh, 600)
{
	struct thrash hi, free;
	char cg[128], cg2[128], file[256];

	if (memcg_make(cg, sizeof(cg), "high", "max", "0"))
		SKIP(return, "no cgroup v2 memory controller at " CG);
	snprintf(file, sizeof(file), "%s/memory.high", cg);
	ASSERT_EQ(0, write_file(file, "8M"));
	ASSERT_EQ(0, memcg_make(cg2, sizeof(cg2), "free", "max", "0"));
	ASSERT_EQ(0, thrash_start(&hi, cg, 2304, 1, NULL, 0));
	ASSERT_EQ(0, thrash_start(&free, cg2, 2304, 1, NULL, 0));
	ASSERT_EQ(0, thrash_run(&hi));
	ASSERT_EQ(0, thrash_run(&free));
	TH_LOG("over memory.high: stall_memhigh %lld in %lld ns, memory.events high %lld",
	       col(hi.pid, "stall_memhigh"), col(hi.pid, "stall_memhigh_ns"),
	       memcg_event(cg, "high"));
	TH_LOG("no limit: stall_memhigh %lld in %lld ns",
	       col(free.pid, "stall_memhigh"), col(free.pid, "stall_memhigh_ns"));
	EXPECT_GT(memcg_event(cg, "high"), 0);
	EXPECT_GT(col(hi.pid, "stall_memhigh_ns"), 0);
	EXPECT_GT(col(hi.pid, "stall_memhigh"), 0);
	EXPECT_EQ(0, col(free.pid, "stall_memhigh"));
	EXPECT_EQ(0, col(free.pid, "stall_memhigh_ns"));
	/* reset zeroes them. */
	ASSERT_EQ(0, dbg_write("reset", "1\n"));
	EXPECT_EQ(0, col(hi.pid, "stall_memhigh"));
	EXPECT_EQ(0, col(hi.pid, "stall_memhigh_ns"));
	EXPECT_EQ(0, col(hi.pid, "stall_reclaim_ns"));
	ASSERT_EQ(0, thrash_stop(&hi));
	ASSERT_EQ(0, thrash_stop(&free));
	rmdir(cg);
	rmdir(cg2);
}

/* One moment of direct compaction, as vmstat, vmscope and taskstats see it. */
struct csample {
	long long	vmstat;		/* /proc/vmstat compact_stall */
	long long	sys;		/* vmscope's total of stall_compact */
	long long	n, ns;		/* the process's stall_compact(_ns) */
	struct delays	d;
};

static int csample(struct csample *x, int pid)
{
	long long sys;
	int i;

	/*
	 * vmscope counts a compaction at psi_memstall_leave(), vmstat right
	 * after: read again where one ended in between.
	 */
	for (i = 0; i < 100; i++) {
		sys = vms_sys("stall_compact");
		x->vmstat = vmstat_get("compact_stall");
		x->sys = vms_sys("stall_compact");
		if (x->sys == sys)
			break;
	}
	x->n = col(pid, "stall_compact");
	x->ns = col(pid, "stall_compact_ns");
	return getdelays(pid, &x->d);
}

/*
 * Direct compaction, forced: the workload fills 60 % of the free memory
 * and frees every other page of it, then asks for huge pages worth half
 * of what was free.  The free 2 MiB blocks serve the first; for the rest
 * the page allocator compacts, in the workload.  What it counts is
 * /proc/vmstat's compact_stall: vmscope's total of every process and
 * kernel thread equals its rise exactly, and the workload's own count is
 * part of it.  taskstats counts also the compactions the kernel skipped
 * at once (too little free memory to compact with), so at least as many;
 * the time is taskstats' within 5 %.
 */
TEST_F_TIMEOUT(slow, compact, 600)
{
	char mib[32], hp[32];
	long long free_mib;
	struct csample a, b;
	struct thrash t;

	hugepages_was = file_ll(NR_HUGEPAGES);
	if (access(NR_HUGEPAGES, W_OK) || hugepages_was < 0)
		SKIP(return, "no %s (no hugetlb) to ask huge pages of", NR_HUGEPAGES);
	if (!delayacct_set("1"))
		SKIP(return, "no kernel.task_delayacct to turn on");
	free_mib = file_colon("/proc/meminfo", "MemFree") / 1024;
	snprintf(mib, sizeof(mib), "%lld", free_mib * 6 / 10);
	snprintf(hp, sizeof(hp), "%lld", free_mib / 2 / 2);
	ASSERT_EQ(0, work_start(&t, NULL, "compact", mib, hp, NULL));
	ASSERT_EQ(0, work_ready(&t));
	ASSERT_EQ(0, csample(&a, t.pid));
	ASSERT_EQ(0, thrash_run(&t));
	ASSERT_EQ(0, csample(&b, t.pid));
	TH_LOG("free %lld MiB; kept %s MiB with holes, asked %s huge pages, got %lld",
	       free_mib, mib, hp, file_ll(NR_HUGEPAGES));
	TH_LOG("compact: vmscope +%lld in %lld ns, taskstats +%lld in %lld ns",
	       D(n), D(ns), D(d.compact), D(d.compact_ns));
	TH_LOG("compact_stall: vmstat +%lld, vmscope's total +%lld",
	       D(vmstat), D(sys));
	EXPECT_GT(D(n), 0);
	EXPECT_EQ(D(vmstat), D(sys));
	EXPECT_LE(D(n), D(vmstat));
	EXPECT_LE(D(n), D(d.compact));
	EXPECT_WITHIN(D(ns), D(d.compact_ns), 5);
	ASSERT_EQ(0, thrash_stop(&t));
	EXPECT_EQ(b.n, exit_col(t.pid, "stall_compact"));
}

/* A 32 MiB file on ext4 on a zram disk of its own: a real page cache. */
struct zdisk {
	int	id;
	char	dir[64];
	char	file[96];
};

static int sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

static int zdisk_make(struct zdisk *z, char *why, size_t len)
{
	char buf[64 * 1024];
	FILE *f = fopen("/sys/class/zram-control/hot_add", "r");
	int fd, i;

	if (!f || fscanf(f, "%d", &z->id) != 1) {
		snprintf(why, len, "no zram-control to add a disk (zram not loaded)");
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	snprintf(z->dir, sizeof(z->dir), "/tmp/vmscope-zdisk-%d", z->id);
	snprintf(z->file, sizeof(z->file), "%s/f", z->dir);
	mkdir(z->dir, 0755);
	if (sh("echo 64M >/sys/block/zram%d/disksize", z->id) ||
	    sh("mkfs.ext4 -q /dev/zram%d", z->id) ||
	    sh("mount /dev/zram%d %s", z->id, z->dir)) {
		snprintf(why, len, "no ext4 on zram%d (mkfs.ext4 or mount failed)", z->id);
		return -1;
	}
	fd = open(z->file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	for (i = 0; i < 512; i++) {
		memset(buf, i, sizeof(buf));
		if (write(fd, buf, sizeof(buf)) != sizeof(buf))
			break;
	}
	/* Written back and out of the page cache: the reader reads it in. */
	fsync(fd);
	posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	close(fd);
	return i == 512 ? 0 : -1;
}

static void zdisk_drop(struct zdisk *z)
{
	char id[16];

	sh("umount %s; echo 1 >/sys/block/zram%d/reset", z->dir, z->id);
	rmdir(z->dir);
	snprintf(id, sizeof(id), "%d", z->id);
	write_file("/sys/class/zram-control/hot_remove", id);
}

/*
 * A file twice the size of its reader's cgroup, read three times: each
 * pass reads back what the pass before pushed out of the page cache.
 */
TEST_F_TIMEOUT(slow, refault_file, 600)
{
	struct zdisk z = { .id = -1 };
	struct thrash t;
	char cg[128], why[128];
	unsigned int i;
	long long v, want;
	pid_t settler;

	if (memcg_make(cg, sizeof(cg), "file", "16M", NULL))
		SKIP(return, "no cgroup v2 memory controller at " CG);
	if (zdisk_make(&z, why, sizeof(why))) {
		if (z.id >= 0)
			zdisk_drop(&z);
		rmdir(cg);
		SKIP(return, "%s", why);
	}
	ASSERT_EQ(0, thrash_start(&t, cg, 0, 3, z.file, 0));
	ASSERT_EQ(0, thrash_run(&t));
	settler = memcg_stat_settle(cg);
	ASSERT_LT(0, settler);
	for (i = 0; i < ARRAY_SIZE(refault_keys); i++) {
		/* The settling child is in the cgroup too. */
		v = col(t.pid, refault_keys[i]) +
		    exit_col(settler, refault_keys[i]);
		want = memcg_stat(cg, refault_keys[i]);
		TH_LOG("%s: vmscope %lld, memory.stat %lld", refault_keys[i],
		       v, want);
		EXPECT_EQ(want, v);
	}
	EXPECT_GT(col(t.pid, "workingset_refault_file"), 0);
	ASSERT_EQ(0, thrash_stop(&t));
	zdisk_drop(&z);
	rmdir(cg);
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope selftests: minflt/majflt per process against /proc/PID/stat and
 * the workload's own arithmetic; exit records; pid reuse; reset; probes;
 * the fault service-time histogram.  Run as root with vmscope loaded.
 */
#include "vmscope_test.h"
#include <pthread.h>
#include "kselftest_harness.h"

#define NPAGES		4096		/* 16 MiB: sized for TCG */

struct anon {
	char	*mem;
	size_t	done;
	size_t	step;
};

static void anon_fn(void *arg, char cmd)
{
	struct anon *a = arg;

	if (cmd == 't') {
		touch(a->mem + a->done * PAGE, a->step);
		a->done += a->step;
	}
}

TEST(processes_header)
{
	char line[256];
	FILE *f = fopen(VMS_DBG "processes", "r");

	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, fgets(line, sizeof(line), f));
	fclose(f);
	EXPECT_NE(NULL, strstr(line, "pid"));
	EXPECT_NE(NULL, strstr(line, "comm"));
	EXPECT_NE(NULL, strstr(line, "minflt"));
	EXPECT_NE(NULL, strstr(line, "majflt"));
}

/* Touch N anonymous pages: minflt grows by at least N, equals /proc. */
TEST(anon_touch)
{
	struct anon a = { .mem = map_anon(2 * NPAGES * PAGE), .step = NPAGES };
	struct worker w;
	struct row r0 = { 0 }, r1 = { 0 };

	ASSERT_NE(NULL, a.mem);
	ASSERT_EQ(0, worker_start(&w, anon_fn, &a));
	ASSERT_ROW_EQ_PROC(w.pid, r0);
	ASSERT_EQ(0, worker_do(&w, 't'));
	ASSERT_ROW_EQ_PROC(w.pid, r1);
	EXPECT_GE(r1.minflt - r0.minflt, NPAGES);
	/* A few pages beyond N: the pipe code path's stack, nothing more. */
	EXPECT_LE(r1.minflt - r0.minflt, NPAGES + 16);
	ASSERT_EQ(0, worker_do(&w, 't'));
	ASSERT_ROW_EQ_PROC(w.pid, r1);
	EXPECT_GE(r1.minflt - r0.minflt, 2 * NPAGES);
	TH_LOG("pid %d: vmscope minflt %llu majflt %llu", w.pid, r1.minflt,
	       r1.majflt);
	ASSERT_EQ(0, worker_stop(&w, NULL));
}

/* A file mapping read after its page cache was dropped: major faults. */
#define FPAGES		256

struct filemap {
	const char	*path;
	char		*map;
	size_t		sum;
};

static void file_fn(void *arg, char cmd)
{
	struct filemap *fm = arg;
	size_t i;
	int fd;

	if (cmd != 'r')
		return;
	fd = open(fm->path, O_RDONLY);
	if (fd < 0)
		_exit(2);
	fm->map = mmap(NULL, FPAGES * PAGE, PROT_READ, MAP_SHARED, fd, 0);
	if (fm->map == MAP_FAILED)
		_exit(3);
	madvise(fm->map, FPAGES * PAGE, MADV_RANDOM);
	posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	close(fd);
	for (i = 0; i < FPAGES; i++)
		fm->sum += __atomic_load_n(&fm->map[i * PAGE], __ATOMIC_RELAXED);
}

TEST(major_faults)
{
	const char *dir = getenv("VMSCOPE_SCRATCH");
	struct filemap fm = { 0 };
	char path[256], *buf;
	struct worker w;
	struct row r = { 0 };
	int fd, i;

	if (!dir)
		dir = "/var/tmp";
	snprintf(path, sizeof(path), "%s/vmscope-major.%d", dir, getpid());
	fm.path = path;
	buf = malloc(PAGE);
	ASSERT_NE(NULL, buf);
	fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600);
	ASSERT_LE(0, fd);
	for (i = 0; i < FPAGES; i++) {
		memset(buf, i, PAGE);
		ASSERT_EQ(PAGE, write(fd, buf, PAGE));
	}
	ASSERT_EQ(0, fsync(fd));
	ASSERT_EQ(0, posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED));
	close(fd);
	free(buf);

	ASSERT_EQ(0, worker_start(&w, file_fn, &fm));
	ASSERT_EQ(0, worker_do(&w, 'r'));
	ASSERT_ROW_EQ_PROC(w.pid, r);
	TH_LOG("%s: majflt %llu (vmscope) for %d pages read", dir, r.majflt,
	       FPAGES);
	ASSERT_EQ(0, worker_stop(&w, NULL));
	unlink(path);
	ASSERT_GT(r.majflt, 0);
}

/* 8 threads fault; 4 exit early: the sum still equals /proc. */
#define NTHREADS	8
#define TPAGES		512

static pthread_barrier_t tbar;

/*
 * One mapping for all threads, made (and THP turned off for it) before any
 * thread starts: with a mapping per thread, a thread could touch its pages
 * while a neighbour's mmap/madvise had merged or split its VMA, and get a
 * huge page (seen on 6.1: 4076 faults for 4096 pages).
 */
static char *tmem;

static void *thread_fn(void *arg)
{
	long i = (long)arg;
	char *mem = tmem + i * TPAGES * PAGE;

	touch(mem, TPAGES);
	if (i < NTHREADS / 2)
		return NULL;		/* exits early */
	pthread_barrier_wait(&tbar);	/* all touched */
	pthread_barrier_wait(&tbar);	/* process exits */
	return NULL;
}

struct threads {
	pthread_t	t[NTHREADS];
};

static void threads_fn(void *arg, char cmd)
{
	struct threads *ts = arg;
	long i;

	if (cmd == 's') {
		tmem = map_anon(NTHREADS * TPAGES * PAGE);
		if (!tmem)
			_exit(1);
		pthread_barrier_init(&tbar, NULL, NTHREADS / 2 + 1);
		for (i = 0; i < NTHREADS; i++)
			pthread_create(&ts->t[i], NULL, thread_fn, (void *)i);
		for (i = 0; i < NTHREADS / 2; i++)
			pthread_join(ts->t[i], NULL);
		pthread_barrier_wait(&tbar);
	}
}

TEST(threads)
{
	struct threads ts;
	struct worker w;
	struct rusage ru;
	struct row r = { 0 };

	ASSERT_EQ(0, worker_start(&w, threads_fn, &ts));
	ASSERT_ROW_EQ_PROC(w.pid, r);
	EXPECT_GE(r.minflt, NTHREADS * TPAGES);
	TH_LOG("8 threads, 4 gone: vmscope minflt %llu", r.minflt);
	/* The barrier releases the 4 live threads when the worker exits. */
	kill(w.pid, SIGKILL);
	close(w.cmd);
	close(w.ack);
	ASSERT_EQ(w.pid, wait4(w.pid, NULL, 0, &ru));
}

/* The exit record carries the final counts: those wait4() reports. */
static int wait_exit_row(int pid, struct row *r)
{
	int i, n = 0;

	/* The record is written when the task is freed, after RCU. */
	for (i = 0; i < 100 && n < 1; i++) {
		n = vms_rows(VMS_EXITS, pid, r);
		if (n < 1)
			usleep(50000);
	}
	return n;
}

TEST(exit_record)
{
	struct anon a = { .mem = map_anon(NPAGES * PAGE), .step = NPAGES };
	struct worker w;
	struct rusage ru;
	struct row r = { 0 };

	ASSERT_NE(NULL, a.mem);
	ASSERT_EQ(0, worker_start(&w, anon_fn, &a));
	ASSERT_EQ(0, worker_do(&w, 't'));
	ASSERT_EQ(0, worker_stop(&w, &ru));
	ASSERT_EQ(1, wait_exit_row(w.pid, &r));
	EXPECT_EQ((unsigned long long)ru.ru_minflt, r.minflt);
	EXPECT_EQ((unsigned long long)ru.ru_majflt, r.majflt);
	EXPECT_GE(r.minflt, NPAGES);
	EXPECT_EQ(0, vms_rows(VMS_LIVE, w.pid, &r));
}

/* A new process that gets an exited one's pid starts from zero. */
static int fork_with_pid(int want, struct worker *w, worker_fn fn, void *arg)
{
	char buf[32];
	int fd, i;

	for (i = 0; i < 20; i++) {
		fd = open("/proc/sys/kernel/ns_last_pid", O_WRONLY);
		if (fd < 0)
			return -1;
		snprintf(buf, sizeof(buf), "%d", want - 1);
		if (write(fd, buf, strlen(buf)) < 0) {
			close(fd);
			return -1;
		}
		close(fd);
		if (worker_start(w, fn, arg))
			return -1;
		if (w->pid == want)
			return 0;
		worker_stop(w, NULL);
	}
	return -1;
}

TEST(pid_reuse)
{
	struct anon a = { .mem = map_anon(NPAGES * PAGE), .step = NPAGES };
	struct anon b = { .mem = map_anon(PAGE), .step = 1 };
	struct worker w, w2;
	struct rusage ru;
	struct row r = { 0 };
	int pid;

	/* Choosing a pid takes ns_last_pid, which needs CHECKPOINT_RESTORE. */
	if (access("/proc/sys/kernel/ns_last_pid", W_OK))
		SKIP(return, "no /proc/sys/kernel/ns_last_pid (CHECKPOINT_RESTORE off)");
	ASSERT_NE(NULL, a.mem);
	ASSERT_EQ(0, worker_start(&w, anon_fn, &a));
	ASSERT_EQ(0, worker_do(&w, 't'));
	pid = w.pid;
	ASSERT_EQ(0, worker_stop(&w, &ru));
	/* Right away: the old entry may not have been freed yet. */
	ASSERT_EQ(0, fork_with_pid(pid, &w2, anon_fn, &b));
	ASSERT_ROW_EQ_PROC(pid, r);
	EXPECT_LT(r.minflt, (unsigned long long)ru.ru_minflt);
	EXPECT_LT(r.minflt, NPAGES / 2);
	TH_LOG("pid %d: old process %ld minflt, new one %llu", pid,
	       ru.ru_minflt, r.minflt);
	ASSERT_EQ(0, worker_stop(&w2, NULL));
}

/* reset: 1 zeroes every counter, anything else is refused. */
TEST(reset)
{
	struct anon a = { .mem = map_anon(2 * NPAGES * PAGE), .step = NPAGES };
	unsigned long long min0, maj0, min1, maj1;
	struct worker w;
	struct row r = { 0 }, g;
	long long total;
	pid_t gone;
	int kept;

	ASSERT_NE(NULL, a.mem);
	ASSERT_EQ(0, worker_start(&w, anon_fn, &a));
	ASSERT_EQ(0, worker_do(&w, 't'));
	ASSERT_ROW_EQ_PROC(w.pid, r);

	EXPECT_EQ(-EINVAL, dbg_write("reset", "2"));
	EXPECT_EQ(-EINVAL, dbg_write("reset", "0"));
	EXPECT_EQ(-EINVAL, dbg_write("reset", "yes"));
	EXPECT_EQ(-EINVAL, dbg_write("reset", ""));
	EXPECT_EQ(-EINVAL, dbg_write("reset", "1 1"));
	ASSERT_ROW_EQ_PROC(w.pid, r);		/* nothing lost */

	/* An exit before the reset: the reset takes its record away. */
	gone = fork();
	ASSERT_LE(0, gone);
	if (!gone)
		_exit(0);
	ASSERT_EQ(gone, waitpid(gone, NULL, 0));
	ASSERT_EQ(1, wait_exit_row(gone, &g));

	ASSERT_EQ(0, proc_faults(w.pid, &min0, &maj0));
	ASSERT_EQ(0, dbg_write("reset", "1\n"));
	ASSERT_EQ(1, vms_rows(VMS_LIVE, w.pid, &r));
	EXPECT_EQ(0, r.minflt);
	EXPECT_EQ(0, r.majflt);
	/*
	 * Other processes may exit at any time: after the reset, the ring
	 * holds at least as many records as exits_total counted just
	 * before (all of them, unless it wrapped), and none from before.
	 */
	EXPECT_EQ(0, vms_rows(VMS_EXITS, gone, &g));
	total = vms_sys("exits_total");
	kept = vms_rows(VMS_EXITS, -1, &g);
	EXPECT_LE(0, total);
	EXPECT_TRUE(total <= kept || kept == vms_sys("exits_kept_max"))
		TH_LOG("exits_total %lld, %d records kept", total, kept);

	ASSERT_EQ(0, worker_do(&w, 't'));
	ASSERT_EQ(0, proc_faults(w.pid, &min1, &maj1));
	ASSERT_EQ(1, vms_rows(VMS_LIVE, w.pid, &r));
	EXPECT_EQ(min1 - min0, r.minflt);
	EXPECT_EQ(maj1 - maj0, r.majflt);
	EXPECT_GE(r.minflt, NPAGES);
	ASSERT_EQ(0, worker_stop(&w, NULL));
}

/*
 * debugfs for looking: its tables show what netlink gives, every key under
 * its name, for a live process and for its exit record, and summary has
 * every key and sys field.
 */
TEST(debugfs_tables)
{
	struct anon a = { .mem = map_anon(NPAGES * PAGE), .step = NPAGES };
	struct row nl, db, x;
	struct worker w;
	unsigned int i;

	ASSERT_NE(NULL, a.mem);
	ASSERT_EQ(0, worker_start(&w, anon_fn, &a));
	ASSERT_EQ(0, worker_do(&w, 't'));
	ASSERT_EQ(1, vms_rows(VMS_LIVE, w.pid, &nl));
	ASSERT_EQ(1, dbg_rows("processes", w.pid, &db));
	EXPECT_STREQ(nl.comm, db.comm);
	for (i = 0; i < VT_NKEYS; i++)
		EXPECT_EQ(nl.v[i], dbg_col("processes", w.pid,
					   vms_test_names[i].name))
			TH_LOG("processes: %s", vms_test_names[i].name);
	for (i = 0; i < ARRAY_SIZE(vms_test_names); i++) {
		const char *name = vms_test_names[i].name;

		EXPECT_LE(0, dbg_summary(name))
			TH_LOG("summary: no %s", name ? name : "?");
	}
	ASSERT_EQ(0, worker_stop(&w, NULL));
	ASSERT_EQ(1, wait_exit_row(w.pid, &x));
	ASSERT_EQ(1, dbg_rows("exits", w.pid, &db));
	for (i = 0; i < VT_NKEYS; i++)
		EXPECT_EQ(x.v[i], dbg_col("exits", w.pid,
					  vms_test_names[i].name))
			TH_LOG("exits: %s", vms_test_names[i].name);
	EXPECT_GE(x.minflt, NPAGES);
}

/* Every event is listed with a state; the process hooks are attached. */
TEST(probes)
{
	static const char *const events[] = {
		"minflt", "majflt", "fork", "exec", "exit", "fault_lat_ns",
		"cow_copy", "cow_reuse", "cow_reuse_thp", "pgtbl_pte",
		"pgtbl_pmd", "pgtbl_pud", "pgtbl_p4d", "pgtbl_pending",
		"thp_fault", "swapin", "swapin_remote", "swapout",
		"oom_trigger", "oom_victim", "oom_kill",
	};
	static const char *const states[] = {
		"attached", "fallback", "unavailable", "failed", "off", "read",
	};
	char line[256], ev[64], sym[64], st[32];
	unsigned long hits, missed;
	unsigned int seen = 0, i, j;
	int n;
	FILE *f = fopen(VMS_DBG "probes", "r");

	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, fgets(line, sizeof(line), f));
	while (fgets(line, sizeof(line), f)) {
		n = sscanf(line, "%63s %63s %31s %lu %lu", ev, sym, st, &hits,
			   &missed);
		ASSERT_EQ(5, n);
		for (j = 0; j < ARRAY_SIZE(states); j++)
			if (!strcmp(st, states[j]))
				break;
		EXPECT_LT(j, ARRAY_SIZE(states));
		for (i = 0; i < ARRAY_SIZE(events); i++)
			if (!strcmp(ev, events[i]))
				seen |= 1U << i;
		if (!strcmp(ev, "fork") || !strcmp(ev, "exit")) {
			EXPECT_STREQ("attached", st);
			EXPECT_GT(hits, 0);
		}
		/* An event that cannot exist here says why. */
		if (!strcmp(st, "unavailable"))
			EXPECT_NE(NULL, strchr(line, '('));
		line[strcspn(line, "\n")] = '\0';
		TH_LOG("%s", line);
	}
	fclose(f);
	EXPECT_EQ((1U << (ARRAY_SIZE(events))) - 1, seen);
}

/* The latency histogram counts every fault of the process. */
static long long lat_count(int pid)
{
	char line[1024];
	long long n = -1;
	FILE *f = fopen(VMS_DBG "fault_lat_ns", "r");
	int p;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		long long c;

		if (sscanf(line, "%d %*s %lld", &p, &c) == 2 && p == pid)
			n = c;
	}
	fclose(f);
	return n;
}

static unsigned long lat_missed(void)
{
	long long m = probe_field("fault_lat_ns", 1);

	return m < 0 ? 0 : m;
}

TEST(latency)
{
	struct anon a = { .mem = map_anon(NPAGES * PAGE), .step = NPAGES };
	unsigned long missed0, missed;
	struct worker w;
	long long n;
	struct row r = { 0 };

	ASSERT_NE(NULL, a.mem);
	ASSERT_EQ(-EINVAL, dbg_write("latency", "maybe"));
	ASSERT_EQ(0, dbg_write("latency", "1"));
	missed0 = lat_missed();
	ASSERT_EQ(0, worker_start(&w, anon_fn, &a));
	ASSERT_EQ(0, worker_do(&w, 't'));
	ASSERT_ROW_EQ_PROC(w.pid, r);
	n = lat_count(w.pid);
	missed = lat_missed() - missed0;
	TH_LOG("faults %llu, timed %lld, missed %lu", r.minflt + r.majflt, n,
	       missed);
	/*
	 * Every counted fault is one handle_mm_fault() call; retried and
	 * failed calls are timed but not counted.
	 */
	EXPECT_GE(n + (long long)missed, (long long)(r.minflt + r.majflt));
	EXPECT_LE(n, (long long)(r.minflt + r.majflt) + 64);
	/* The system histogram holds at least this process's faults. */
	EXPECT_GE(vms_sys_lat(), n);
	ASSERT_EQ(0, worker_stop(&w, NULL));
	ASSERT_EQ(0, dbg_write("latency", "0"));
}

TEST_HARNESS_MAIN

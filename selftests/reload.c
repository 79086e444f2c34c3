// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope selftest: unload and load the module VMSCOPE_RELOAD_CYCLES times
 * (default 20, make stress 100) while a process faults and another forks,
 * reading every debugfs view after each load; afterwards the counts of a
 * new process are still exact.  (A reader
 * holding a debugfs file open holds a module reference: rmmod then fails
 * with EBUSY, as for any module, so reads are not concurrent with it.)
 * Needs VMSCOPE_KO (the module's path).
 */
#include "vmscope_test.h"
#include <sys/prctl.h>
#include <time.h>
#include "kselftest_harness.h"

static pid_t spawn(void (*fn)(void))
{
	pid_t pid = fork();

	if (!pid) {
		/* Never outlive the test, whatever happens to it. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		fn();
		_exit(0);
	}
	return pid;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* rmmod, again while a dump in progress holds the module (EBUSY). */
static int unload(void)
{
	int i, ret = -1;

	for (i = 0; i < 200 && ret; i++) {
		ret = system("rmmod vmscope 2>/dev/null");
		if (ret)
			usleep(20000);
	}
	return ret ? system("rmmod vmscope") : 0;
}

static void faulter(void)
{
	char *mem = map_anon(256 * PAGE);

	if (!mem)
		_exit(1);
	for (;;) {
		touch(mem, 256);
		madvise(mem, 256 * PAGE, MADV_DONTNEED);
	}
}

/* Read every debugfs view once. */
static void read_all(void)
{
	static const char *const files[] = {
		"summary", "processes", "exits", "probes", "fault_lat_ns",
	};
	char buf[4096], path[128];
	unsigned int i;
	int fd;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), VMS_DBG "%s", files[i]);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		while (read(fd, buf, sizeof(buf)) > 0)
			;
		close(fd);
	}
}

static void forker(void)
{
	for (;;) {
		pid_t pid = fork();

		if (!pid)
			_exit(0);
		waitpid(pid, NULL, 0);
	}
}

FIXTURE(reload) {
	pid_t	kids[2];
};

FIXTURE_SETUP(reload)
{
	self->kids[0] = spawn(faulter);
	self->kids[1] = spawn(forker);
}

FIXTURE_TEARDOWN(reload)
{
	int i;

	for (i = 0; i < 2; i++) {
		kill(self->kids[i], SIGKILL);
		waitpid(self->kids[i], NULL, 0);
	}
}

TEST_F_TIMEOUT(reload, under_load, 3600)
{
	const char *ko = getenv("VMSCOPE_KO");
	struct row r = { 0 };
	unsigned long long min, maj;
	int cycles = env_ul("VMSCOPE_RELOAD_CYCLES", 20);
	double t0, t1, t2, rm_ms = 0, ins_ms = 0;
	char cmd[512];
	int i, status, done[2];
	pid_t pid;
	char c;

	if (!ko)
		SKIP(return, "VMSCOPE_KO (path of vmscope.ko) is not set");
	snprintf(cmd, sizeof(cmd), "insmod %s latency=1", ko);
	for (i = 0; i < cycles; i++) {
		t0 = now_ms();
		ASSERT_EQ(0, unload());
		t1 = now_ms();
		ASSERT_EQ(0, system(cmd));
		t2 = now_ms();
		ASSERT_LE(0, vms_sys("minflt"));
		read_all();
		rm_ms += t1 - t0;
		ins_ms += t2 - t1;
		if (cycles > 20 && (i + 1) % 10 == 0)
			TH_LOG("%d cycles: rmmod %.0f ms, insmod %.0f ms on average",
			       i + 1, rm_ms / (i + 1), ins_ms / (i + 1));
	}
	for (i = 0; i < 2; i++) {
		kill(self->kids[i], SIGKILL);
		waitpid(self->kids[i], NULL, 0);
	}
	TH_LOG("%d unload/load cycles under load: rmmod %.0f ms, insmod %.0f ms on average",
	       cycles, rm_ms / cycles, ins_ms / cycles);
	/* Reload without the latency probe, as the runner loaded it. */
	ASSERT_EQ(0, unload());
	snprintf(cmd, sizeof(cmd), "insmod %s", ko);
	ASSERT_EQ(0, system(cmd));

	/*
	 * Still exact: a new process's row equals /proc, once it has
	 * touched its pages and faults no more (it says so through a pipe:
	 * a sleep was not enough on a debug kernel under TCG).
	 */
	ASSERT_EQ(0, pipe(done));
	pid = fork();
	if (!pid) {
		char *mem = map_anon(1024 * PAGE);

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		touch(mem, 1024);
		if (write(done[1], "t", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(done[1]);
	ASSERT_EQ(1, read(done[0], &c, 1));
	close(done[0]);
	ASSERT_EQ(1, vms_rows(VMS_LIVE, pid, &r));
	ASSERT_EQ(0, proc_faults(pid, &min, &maj));
	EXPECT_EQ(min, r.minflt);
	EXPECT_EQ(maj, r.majflt);
	EXPECT_GE(r.minflt, 1024);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
}

TEST_HARNESS_MAIN

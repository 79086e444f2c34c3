// SPDX-License-Identifier: GPL-2.0
/*
 * The workloads of make demo (scripts/demo-guest.sh).  Each stops itself
 * with SIGSTOP where the demo reads its numbers, and goes on at SIGCONT.
 *
 * usage: scene demand PAGES      stop; map PAGES, stop; touch each once, stop
 *        scene major FILE        drop FILE's page cache, map it, stop; read
 *                                a byte a page, stop; map it again and
 *                                read it again (cached), stop
 *        scene cow PAGES         touch PAGES, fork; the child stops, reads
 *                                every page, stops, writes half, stops,
 *                                exits; the parent stops, writes every
 *                                page, stops.  Prints "child PID".
 *        scene sparse            stop; one page every 2 MiB over 512 MiB,
 *                                stop; one page every 1 GiB over 32 GiB,
 *                                stop
 *        scene shared PROCS MB   map MB of shared memory; PROCS children
 *                                stop, touch all of it, stop.  Prints
 *                                "child PID" for each.
 *        scene thp MB            stop; touch MB without THP, stop; MB
 *                                with MADV_HUGEPAGE, stop
 *        scene hold MB           touch MB, stop; touch them again, stop
 *        scene alloc MB [ADJ]    oom_score_adj ADJ, touch MB, stop
 *        scene thrash MB SECS    touch MB over and over for SECS seconds
 *
 * Mappings are 2 MiB aligned and (but for thp's second) MADV_NOHUGEPAGE, so
 * the arithmetic in the demo's explanations holds.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define PAGE	4096UL
#define PMD	(2UL << 20)
#define PUD	(512 * PMD)

static void stop(void)
{
	fflush(stdout);
	raise(SIGSTOP);
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* len bytes at a 2 MiB boundary. */
static char *map(size_t len, int flags, int advice)
{
	size_t span = len + PMD;
	char *p, *a;

	p = mmap(NULL, span, PROT_READ | PROT_WRITE,
		 flags | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		die("scene: mmap");
	a = (char *)(((unsigned long)p + PMD - 1) & ~(PMD - 1));
	if (a > p)
		munmap(p, a - p);
	if (a + len < p + span)
		munmap(a + len, p + span - (a + len));
	madvise(a, len, advice);	/* fails without THP: fine */
	return a;
}

static void touch(char *p, size_t len, size_t step)
{
	size_t i;

	for (i = 0; i < len; i += step)
		p[i] = 1;
}

/* Read a byte a page; the sum goes where the compiler cannot drop it. */
unsigned long scene_sum;

static void read_all(const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i += PAGE)
		scene_sum += p[i];
}

static void major(const char *file)
{
	struct stat st;
	char *p;
	int fd;

	fd = open(file, O_RDONLY);
	if (fd < 0 || fstat(fd, &st))
		die("scene: open");
	if (posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED))
		die("scene: posix_fadvise");
	p = mmap(NULL, st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		die("scene: mmap");
	madvise(p, st.st_size, MADV_RANDOM);	/* no readahead */
	stop();
	read_all(p, st.st_size);
	stop();
	munmap(p, st.st_size);
	p = mmap(NULL, st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		die("scene: mmap");
	read_all(p, st.st_size);
	stop();
}

static void cow(size_t len)
{
	char *p = map(len, MAP_PRIVATE, MADV_NOHUGEPAGE);
	pid_t pid;

	touch(p, len, PAGE);
	pid = fork();
	if (pid < 0)
		die("scene: fork");
	if (!pid) {
		stop();
		read_all(p, len);
		stop();
		touch(p, len / 2, PAGE);
		stop();
		_exit(0);
	}
	printf("child %d\n", pid);
	if (waitpid(pid, NULL, 0) < 0)
		die("scene: waitpid");
	stop();
	touch(p, len, PAGE);
	stop();
}

static void children(int n, size_t len)
{
	char *p = map(len, MAP_SHARED, MADV_NOHUGEPAGE);
	pid_t pid;
	int i;

	for (i = 0; i < n; i++) {
		pid = fork();
		if (pid < 0)
			die("scene: fork");
		if (!pid) {
			stop();
			touch(p, len, PAGE);
			stop();
			_exit(0);
		}
		printf("child %d\n", pid);
	}
	fflush(stdout);
	while (wait(NULL) > 0)
		;
}

static void set_adj(const char *adj)
{
	int fd = open("/proc/self/oom_score_adj", O_WRONLY);

	if (fd < 0 || write(fd, adj, strlen(adj)) < 0)
		die("scene: /proc/self/oom_score_adj");
	close(fd);
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	unsigned long n = argc > 2 ? strtoul(argv[2], NULL, 0) : 0;
	size_t mb = n << 20;
	time_t end;
	char *p;

	setvbuf(stdout, NULL, _IONBF, 0);	/* nothing for a child to inherit */
	if (!strcmp(what, "demand") && n) {
		stop();
		p = map(n * PAGE, MAP_PRIVATE, MADV_NOHUGEPAGE);
		stop();
		touch(p, n * PAGE, PAGE);
		stop();
	} else if (!strcmp(what, "major") && argc > 2) {
		major(argv[2]);
	} else if (!strcmp(what, "cow") && n) {
		cow(n * PAGE);
	} else if (!strcmp(what, "sparse")) {
		stop();
		p = map(512 * PMD, MAP_PRIVATE, MADV_NOHUGEPAGE);
		touch(p, 512 * PMD, 2 * PMD);
		stop();
		p = mmap(NULL, 33 * PUD, PROT_READ | PROT_WRITE, MAP_PRIVATE |
			 MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (p == MAP_FAILED)
			die("scene: mmap");
		p = (char *)(((unsigned long)p + PUD - 1) & ~(PUD - 1));
		madvise(p, 32 * PUD, MADV_NOHUGEPAGE);
		touch(p, 32 * PUD, PUD);
		stop();
	} else if (!strcmp(what, "shared") && n && argc > 3) {
		children(n, strtoul(argv[3], NULL, 0) << 20);
	} else if (!strcmp(what, "thp") && n) {
		stop();
		p = map(mb, MAP_PRIVATE, MADV_NOHUGEPAGE);
		touch(p, mb, PAGE);
		stop();
		p = map(mb, MAP_PRIVATE, MADV_HUGEPAGE);
		touch(p, mb, PAGE);
		stop();
	} else if (!strcmp(what, "hold") && n) {
		p = map(mb, MAP_PRIVATE, MADV_NOHUGEPAGE);
		touch(p, mb, PAGE);
		stop();
		touch(p, mb, PAGE);
		stop();
	} else if (!strcmp(what, "alloc") && n) {
		if (argc > 3)
			set_adj(argv[3]);
		p = map(mb, MAP_PRIVATE, MADV_NOHUGEPAGE);
		touch(p, mb, PAGE);
		stop();
	} else if (!strcmp(what, "thrash") && n && argc > 3) {
		p = map(mb, MAP_PRIVATE, MADV_NOHUGEPAGE);
		end = time(NULL) + strtol(argv[3], NULL, 0);
		while (time(NULL) < end)
			touch(p, mb, PAGE);
	} else {
		fprintf(stderr, "usage: scene %s ARGS (see the source)\n",
			"demand|major|cow|sparse|shared|thp|hold|alloc|thrash");
		return 2;
	}
	return 0;
}

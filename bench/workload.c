// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope benchmark workloads: each runs one fault path N times and prints
 * the time it took, in nanoseconds of CLOCK_MONOTONIC (under QEMU -icount
 * guest time follows the instructions executed, see Documentation/bench.rst).
 *
 * usage: workload anon|cow|pgtbl|major|swap|thrash PAGES [FILE]
 *
 *   anon   touch PAGES anonymous pages (the minor-fault path)
 *   cow    touch PAGES, fork; the child writes them all (CoW breaks)
 *   pgtbl  touch one page every 2 MiB, PAGES times (a PTE table each)
 *   major  read PAGES pages of FILE after POSIX_FADV_DONTNEED (major faults)
 *   swap   touch PAGES, MADV_PAGEOUT them, touch them again (swap out, in)
 *   thrash touch PAGES, then twice more: run in a cgroup whose memory.max
 *          is below PAGES pages, each pass reads back what the last one
 *          pushed out (refaults, reclaim and thrashing stalls)
 *
 * Only the faulting phase is timed; setup and teardown are not.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT	21
#endif

#define PAGE	4096UL
#define PMD	(2UL << 20)

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static char *map(size_t len)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED) {
		perror("workload: mmap");
		exit(1);
	}
	madvise(p, len, MADV_NOHUGEPAGE);	/* fails without THP: fine */
	return p;
}

static void touch(char *p, size_t n, size_t step)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i * step] = 1 + i % 251;
}

int main(int argc, char **argv)
{
	unsigned long long t0, t1;
	unsigned long n;
	volatile char sum = 0;
	size_t i;
	char *p;
	int fd, status;
	pid_t pid;

	if (argc < 3) {
		fprintf(stderr, "usage: workload anon|cow|pgtbl|major|swap|thrash PAGES [FILE]\n");
		return 2;
	}
	n = strtoul(argv[2], NULL, 0);
	if (!strcmp(argv[1], "anon")) {
		p = map(n * PAGE);
		t0 = now_ns();
		touch(p, n, PAGE);
		t1 = now_ns();
	} else if (!strcmp(argv[1], "cow")) {
		p = map(n * PAGE);
		touch(p, n, PAGE);
		t0 = now_ns();
		pid = fork();
		if (!pid) {
			touch(p, n, PAGE);
			_exit(0);
		}
		waitpid(pid, &status, 0);
		t1 = now_ns();
	} else if (!strcmp(argv[1], "pgtbl")) {
		p = map(n * PMD);
		t0 = now_ns();
		touch(p, n, PMD);
		t1 = now_ns();
	} else if (!strcmp(argv[1], "major")) {
		if (argc < 4)
			return 2;
		fd = open(argv[3], O_RDONLY);
		if (fd < 0) {
			perror("workload: open");
			return 1;
		}
		p = mmap(NULL, n * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p == MAP_FAILED)
			return 1;
		madvise(p, n * PAGE, MADV_RANDOM);	/* one page per fault */
		posix_fadvise(fd, 0, n * PAGE, POSIX_FADV_DONTNEED);
		t0 = now_ns();
		for (i = 0; i < n; i++)
			sum += p[i * PAGE];
		t1 = now_ns();
	} else if (!strcmp(argv[1], "swap")) {
		p = map(n * PAGE);
		touch(p, n, PAGE);
		t0 = now_ns();
		if (madvise(p, n * PAGE, MADV_PAGEOUT)) {
			perror("workload: MADV_PAGEOUT");
			return 1;
		}
		for (i = 0; i < n; i++)
			sum += p[i * PAGE];
		t1 = now_ns();
	} else if (!strcmp(argv[1], "thrash")) {
		p = map(n * PAGE);
		touch(p, n, PAGE);
		t0 = now_ns();
		touch(p, n, PAGE);
		touch(p, n, PAGE);
		t1 = now_ns();
	} else {
		fprintf(stderr, "workload: unknown workload '%s'\n", argv[1]);
		return 2;
	}
	printf("%llu\n", t1 - t0);
	return 0;
}

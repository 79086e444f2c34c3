// SPDX-License-Identifier: GPL-2.0
/*
 * Thrashing workload: map PAGES anonymous pages and write one byte of
 * each, in order, PASSES times over.  Run in a cgroup whose memory.max
 * is below PAGES pages, with swap, every pass swaps the pages of the last
 * one out and reads them back in: the working set does not fit.
 *
 * Its code and data are locked first (mlockall(MCL_CURRENT)): only the
 * mapping thrashes, never its own text, so every stall it shows is the
 * mapping's.  With -p it prints, each second, the pages it touched in
 * that second ("pages/s N"), then "done" when it is through; with -w it
 * says "ready" once set up (its code locked, its mapping made) and waits
 * for a line on stdin, then starts, and waits for another before it exits.  With
 * -f it reads FILE PASSES times over instead, through the page cache.
 * With -r each pass touches PAGES pages picked at random (the same
 * sequence every run) rather than each once in order: some come back
 * soon after they were pushed out, some late, which is what makes the
 * kernel see a working set on either LRU.
 *
 * usage: thrash [-p] [-r] [-w] PAGES PASSES
 *        thrash [-w] -f FILE PASSES
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>

static void wait_line(void)
{
	char line[16];

	if (!fgets(line, sizeof(line), stdin))
		exit(0);
}

/* Set up: say so, and wait for the go. */
static void wait_go(void)
{
	printf("ready\n");
	fflush(stdout);
	wait_line();
}

static int read_file(const char *file, unsigned long passes, int wait)
{
	static char buf[1 << 16];
	unsigned long pass, bytes = 0;
	ssize_t n;
	int fd;

	if (wait)
		wait_go();
	for (pass = 0; pass < passes; pass++) {
		fd = open(file, O_RDONLY);
		if (fd < 0) {
			perror("thrash: open");
			return 1;
		}
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			bytes += n;
		close(fd);
	}
	printf("done %lu bytes %lu passes\n", bytes, passes);
	fflush(stdout);
	if (wait)
		wait_line();
	return 0;
}

int main(int argc, char **argv)
{
	int opt, progress = 0, wait = 0, rnd = 0;
	unsigned long x = 1, k;
	const char *file = NULL;
	unsigned long i, n, passes, pass, done = 0;
	long page = sysconf(_SC_PAGESIZE);
	time_t last;
	char *p;

	while ((opt = getopt(argc, argv, "f:prw")) != -1) {
		if (opt == 'p')
			progress = 1;
		else if (opt == 'r')
			rnd = 1;
		else if (opt == 'w')
			wait = 1;
		else if (opt == 'f')
			file = optarg;
		else
			goto usage;
	}
	if (mlockall(MCL_CURRENT))
		perror("thrash: mlockall (its text may thrash too)");
	if (file && argc - optind == 1)
		return read_file(file, strtoul(argv[optind], NULL, 0), wait);
	if (file || argc - optind != 2)
		goto usage;
	n = strtoul(argv[optind], NULL, 0);
	passes = strtoul(argv[optind + 1], NULL, 0);
	p = mmap(NULL, n * page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("thrash: mmap");
		return 1;
	}
	madvise(p, n * page, MADV_NOHUGEPAGE);	/* fails without THP: fine */
	if (wait)
		wait_go();
	last = time(NULL);
	for (pass = 0; pass < passes; pass++) {
		for (i = 0; i < n; i++) {
			/* -r: pages in a random order (an LCG), n a pass */
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			k = rnd ? (x >> 33) % n : i;
			p[k * page]++;
			done++;
			if (progress && time(NULL) != last) {
				printf("pages/s %lu\n", done);
				fflush(stdout);
				done = 0;
				last = time(NULL);
			}
		}
	}
	printf("done %lu pages %lu passes\n", n, passes);
	fflush(stdout);
	if (wait)
		wait_line();
	return 0;
usage:
	fprintf(stderr, "usage: thrash [-p] [-r] [-w] PAGES PASSES\n"
		"       thrash [-w] -f FILE PASSES\n");
	return 2;
}

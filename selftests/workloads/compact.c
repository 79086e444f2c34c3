// SPDX-License-Identifier: GPL-2.0
/*
 * Compaction workload.  It maps MIB MiB of anonymous memory in small pages
 * and writes each, then frees every other page (MADV_DONTNEED): the page
 * it keeps of each pair pins the block, and what it frees comes back as
 * order-0 holes.  On a line on stdin it asks for HUGEPAGES huge pages
 * (writes /proc/sys/vm/nr_hugepages): once the free 2 MiB blocks are
 * gone, the page allocator compacts, in this process, moving the pages it
 * kept.  It prints "done N", N the huge pages the kernel then has, and on
 * the next line puts nr_hugepages back as it found it and exits.
 *
 * It runs at nice -20.  Its allocations wake kswapd and kcompactd; where
 * they share its CPU, one that preempts it as PSI's compaction window
 * closes (PSI turns interrupts back on there), before taskstats' does,
 * puts its time in taskstats' window and not in PSI's nor vmscope's.  At
 * nice 0 one 7.3 run with one CPU had taskstats 2 % above vmscope; at
 * nice -20, three runs were within 0.2 %.
 *
 * usage: compact MIB HUGEPAGES
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>

#define NR_HUGEPAGES	"/proc/sys/vm/nr_hugepages"

static long hugepages(const char *set)
{
	char buf[32];
	ssize_t n;
	int fd = open(NR_HUGEPAGES, set ? O_RDWR : O_RDONLY);

	if (fd < 0)
		return -1;
	if (set && write(fd, set, strlen(set)) < 0)
		perror("compact: write " NR_HUGEPAGES);
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

static void wait_line(void)
{
	char line[16];

	if (!fgets(line, sizeof(line), stdin))
		exit(0);
}

int main(int argc, char **argv)
{
	long page = sysconf(_SC_PAGESIZE), was;
	unsigned long i, n;
	char want[32];
	char *p;

	if (argc != 3) {
		fprintf(stderr, "usage: compact MIB HUGEPAGES\n");
		return 2;
	}
	n = strtoul(argv[1], NULL, 0) * (1UL << 20) / page;
	snprintf(want, sizeof(want), "%lu\n", strtoul(argv[2], NULL, 0));
	if (setpriority(PRIO_PROCESS, 0, -20))
		perror("compact: setpriority");
	was = hugepages(NULL);
	if (was < 0) {
		perror("compact: " NR_HUGEPAGES);
		return 1;
	}
	p = mmap(NULL, n * page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("compact: mmap");
		return 1;
	}
	madvise(p, n * page, MADV_NOHUGEPAGE);	/* fails without THP: fine */
	for (i = 0; i < n; i++)
		p[i * page] = 1;
	for (i = 1; i < n; i += 2)
		madvise(p + i * page, page, MADV_DONTNEED);
	printf("ready %lu pages\n", n);
	fflush(stdout);
	wait_line();
	printf("done %ld\n", hugepages(want));
	fflush(stdout);
	wait_line();
	snprintf(want, sizeof(want), "%ld\n", was);
	hugepages(want);
	return 0;
}

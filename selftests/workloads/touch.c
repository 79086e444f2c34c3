// SPDX-License-Identifier: GPL-2.0
/*
 * Demonstration workload: map N anonymous pages, touch each once (one
 * minor fault per page), say so on stdout, then wait until killed.
 *
 * usage: touch PAGES
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>

int main(int argc, char **argv)
{
	unsigned long i, n = argc > 1 ? strtoul(argv[1], NULL, 0) : 16384;
	long page = sysconf(_SC_PAGESIZE);
	char *p;

	p = mmap(NULL, n * page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("touch: mmap");
		return 1;
	}
	madvise(p, n * page, MADV_NOHUGEPAGE);	/* fails without THP: fine */
	for (i = 0; i < n; i++)
		p[i * page] = 1;
	printf("touched %lu pages\n", n);
	fflush(stdout);
	pause();
	return 0;
}

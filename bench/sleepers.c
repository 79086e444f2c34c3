// SPDX-License-Identifier: GPL-2.0
/*
 * N sleeping processes for the snapshot benchmark: fork N children that
 * pause(), print "ready", and wait; killing this process kills them all
 * (PR_SET_PDEATHSIG).
 *
 * usage: sleepers N
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/prctl.h>

int main(int argc, char **argv)
{
	long i, n = argc > 1 ? strtol(argv[1], NULL, 0) : 1000;
	pid_t pid;

	for (i = 0; i < n; i++) {
		pid = fork();
		if (pid < 0) {
			perror("sleepers: fork");
			return 1;
		}
		if (!pid) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getppid() == 1)
				_exit(0);
			for (;;)
				pause();
		}
	}
	printf("ready %ld\n", n);
	fflush(stdout);
	for (;;)
		pause();
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * A fork bomb for make stress: every process forks until fork() fails
 * (the cgroup's pids.max), or until it has made FANOUT children, then
 * sleeps.  Run it in a cgroup with pids.max set, and end it with
 * cgroup.kill.
 *
 * usage: forkbomb FANOUT
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int fanout = argc > 1 ? atoi(argv[1]) : 4;
	int made = 0;

	while (made < fanout) {
		pid_t pid = fork();

		if (pid < 0) {
			if (errno == EAGAIN || errno == ENOMEM)
				break;
			perror("forkbomb: fork");
			return 1;
		}
		if (!pid) {
			made = 0;	/* a child starts its own fan */
			continue;
		}
		made++;
	}
	for (;;)
		pause();
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the vmscope selftests: read vmscope's numbers through its
 * ABI, the generic netlink family (vms_rows(), vms_col(), vms_sys()), and
 * the kernel's own (/proc/PID/stat), and drive a worker process that
 * faults only when told to, so that both are read while it is quiescent.
 * The debugfs readers (dbg_*()) are for the tests of debugfs itself and of
 * its knobs.
 */
#ifndef VMSCOPE_TEST_H
#define VMSCOPE_TEST_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <linux/vmscope.h>
#include <linux/vmscope_keys.h>

#define VMS_DBG		"/sys/kernel/debug/vmscope/"
#define PAGE		4096UL

#define VMS_TEST_KEY(n, N, kind, col, help)	VT_##N,
enum { VMSCOPE_KEYS(VMS_TEST_KEY) VT_NKEYS };
#undef VMS_TEST_KEY

struct row {
	int		pid;
	char		comm[32];
	unsigned long long minflt;
	unsigned long long majflt;
	long long	v[VT_NKEYS];	/* every key, -1 if absent */
};

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

/* Every key and sys field by name, with its attributes. */
struct vms_test_name {
	const char	*name;
	int		proc;		/* VMSCOPE_A_PROC_*, 0: none */
	int		sys;		/* VMSCOPE_A_SYS_* */
};

#define VMS_TEST_KEY(n, N, kind, col, help)				\
	{ #n, VMSCOPE_A_PROC_##N, VMSCOPE_A_SYS_##N },
#define VMS_TEST_SYS(n, N, type, kind, help)	{ #n, 0, VMSCOPE_A_SYS_##N },
static const struct vms_test_name vms_test_names[] = {
	VMSCOPE_KEYS(VMS_TEST_KEY)
	VMSCOPE_SYS(VMS_TEST_SYS)
};

#undef VMS_TEST_KEY
#undef VMS_TEST_SYS

/* Index of key @name in struct row's v[]; -1 if it is none. */
static inline int vms_key_index(const char *name)
{
	int i;

	for (i = 0; i < VT_NKEYS; i++)
		if (!strcmp(vms_test_names[i].name, name))
			return i;
	return -1;
}

/* A uint attribute (u32 or u64), a u32 or a u8. */
static inline long long nla_num(const struct nlattr *a)
{
	switch (nla_len(a)) {
	case 1:
		return nla_get_u8((struct nlattr *)a);
	case 4:
		return nla_get_u32((struct nlattr *)a);
	case 8:
		return (long long)nla_get_u64((struct nlattr *)a);
	}
	return -1;
}

/* An OOM kill record (oom-get); memcg "-" when the record has none. */
struct oomrec {
	long long seq;
	int pid, uid, score, trigger, order;
	char comm[32], constraint[16], memcg[128], tcomm[32];
	long long anon, file, shmem, pgtbl, memcg_id;
};

/* What a request to vmscope collects. */
struct vms_nl {
	int		cmd;
	int		pid;		/* rows of this pid (-1: every one) */
	int		rows;
	struct row	*r;		/* the last one */
	const char	*name;		/* sys-get: this field's value */
	long long	value;
	long long	lat;		/* sys-get: fault_lat_ns counts */
	struct oomrec	*o;		/* oom-get: the last of pid (0: any) */
	int		done;
	int		err;
};

static inline int vms_nl_oom(struct genlmsghdr *gh, struct vms_nl *q)
{
	static const char *const cons[] = {
		[VMSCOPE_OOM_CONSTRAINT_GLOBAL] = "global",
		[VMSCOPE_OOM_CONSTRAINT_CPUSET] = "cpuset",
		[VMSCOPE_OOM_CONSTRAINT_MEMPOLICY] = "mempolicy",
		[VMSCOPE_OOM_CONSTRAINT_MEMCG] = "memcg",
	};
	struct oomrec x = { .memcg = "-", .constraint = "?" };
	struct nlattr *a;
	long long v;
	int rem;

	nla_for_each_attr(a, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0),
			  rem) {
		v = nla_num(a);
		switch (nla_type(a)) {
		case VMSCOPE_A_OOM_SEQ:
			x.seq = v;
			break;
		case VMSCOPE_A_OOM_PID:
			x.pid = v;
			break;
		case VMSCOPE_A_OOM_UID:
			x.uid = v;
			break;
		case VMSCOPE_A_OOM_OOM_SCORE_ADJ:
			x.score = (int)v;
			break;
		case VMSCOPE_A_OOM_TRIGGER_PID:
			x.trigger = v;
			break;
		case VMSCOPE_A_OOM_ORDER:
			x.order = (int)v;
			break;
		case VMSCOPE_A_OOM_RSS_ANON_KB:
			x.anon = v;
			break;
		case VMSCOPE_A_OOM_RSS_FILE_KB:
			x.file = v;
			break;
		case VMSCOPE_A_OOM_RSS_SHMEM_KB:
			x.shmem = v;
			break;
		case VMSCOPE_A_OOM_PGTBL_BYTES:
			x.pgtbl = v;
			break;
		case VMSCOPE_A_OOM_MEMCG_ID:
			x.memcg_id = v;
			break;
		case VMSCOPE_A_OOM_CONSTRAINT:
			if (v >= 0 && v < (long long)ARRAY_SIZE(cons))
				snprintf(x.constraint, sizeof(x.constraint),
					 "%s", cons[v]);
			break;
		case VMSCOPE_A_OOM_COMM:
			nla_strlcpy(x.comm, a, sizeof(x.comm));
			break;
		case VMSCOPE_A_OOM_TRIGGER_COMM:
			nla_strlcpy(x.tcomm, a, sizeof(x.tcomm));
			break;
		case VMSCOPE_A_OOM_MEMCG:
			nla_strlcpy(x.memcg, a, sizeof(x.memcg));
			break;
		}
	}
	if (q->o && (!q->pid || x.pid == q->pid))
		*q->o = x;
	q->rows++;
	return NL_OK;
}

static inline int vms_nl_valid(struct nl_msg *msg, void *arg)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	struct nlattr *a, *b;
	struct vms_nl *q = arg;
	struct row x;
	int rem, rem2, i, t;

	if (q->cmd == VMSCOPE_CMD_OOM_GET)
		return vms_nl_oom(gh, q);
	memset(&x, 0, sizeof(x));
	for (i = 0; i < VT_NKEYS; i++)
		x.v[i] = -1;
	x.pid = -1;
	nla_for_each_attr(a, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0),
			  rem) {
		t = nla_type(a);
		if (q->cmd == VMSCOPE_CMD_SYS_GET) {
			if (t == VMSCOPE_A_SYS_FAULT_LAT_NS)
				nla_for_each_nested(b, a, rem2)
					if (nla_type(b) == VMSCOPE_A_BUCKET_COUNT)
						q->lat += nla_num(b);
			for (i = 0; i < (int)ARRAY_SIZE(vms_test_names); i++)
				if (t == vms_test_names[i].sys &&
				    !strcmp(vms_test_names[i].name, q->name))
					q->value = nla_num(a);
			continue;
		}
		if (t == VMSCOPE_A_PROC_PID)
			x.pid = nla_get_u32(a);
		else if (t == VMSCOPE_A_PROC_COMM)
			nla_strlcpy(x.comm, a, sizeof(x.comm));
		for (i = 0; i < VT_NKEYS; i++)
			if (t == vms_test_names[i].proc)
				x.v[i] = nla_num(a);
	}
	if (q->cmd == VMSCOPE_CMD_SYS_GET || (q->pid != -1 && x.pid != q->pid))
		return NL_OK;
	x.minflt = x.v[VT_MINFLT];
	x.majflt = x.v[VT_MAJFLT];
	*q->r = x;
	q->rows++;
	return NL_OK;
}

static inline int vms_nl_error(struct sockaddr_nl *nla, struct nlmsgerr *e,
			       void *arg)
{
	((struct vms_nl *)arg)->err = -e->error;
	((struct vms_nl *)arg)->done = 1;
	return NL_STOP;
}

static inline int vms_nl_stop(struct nl_msg *msg, void *arg)
{
	((struct vms_nl *)arg)->done = 1;
	return NL_STOP;
}

/* One request to vmscope, its replies into @q; 0 or -errno. */
static inline int vms_nl_request(struct vms_nl *q, int flags)
{
	struct nl_sock *sk = nl_socket_alloc();
	struct nl_msg *msg = NULL;
	struct nl_cb *cb = NULL;
	int family, ret = -ENOMEM;

	if (!sk)
		return -ENOMEM;
	if (genl_connect(sk)) {
		ret = -EIO;
		goto out;
	}
	family = genl_ctrl_resolve(sk, VMSCOPE_FAMILY_NAME);
	if (family < 0) {
		ret = -ENOENT;
		goto out;
	}
	nl_socket_set_buffer_size(sk, 1 << 20, 0);
	msg = nlmsg_alloc();
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!msg || !cb)
		goto out;
	genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0,
		    flags | NLM_F_ACK, q->cmd, VMSCOPE_FAMILY_VERSION);
	if (q->cmd == VMSCOPE_CMD_PROC_GET && !(flags & NLM_F_DUMP))
		nla_put_u32(msg, VMSCOPE_A_PROC_PID, q->pid);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, vms_nl_valid, q);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, vms_nl_stop, q);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, vms_nl_stop, q);
	nl_cb_err(cb, NL_CB_CUSTOM, vms_nl_error, q);
	ret = nl_send_auto(sk, msg);
	while (ret >= 0 && !q->done)
		ret = nl_recvmsgs(sk, cb);
	ret = q->err ? -q->err : ret < 0 ? -EIO : 0;
out:
	nlmsg_free(msg);
	nl_cb_put(cb);
	nl_socket_free(sk);
	return ret;
}

enum vms_which { VMS_LIVE, VMS_EXITS };

/*
 * Records of @pid (-1: every one) among the live processes (proc-get) or
 * the exit records (exit-get dump): the last goes to @r; how many there
 * were, -1 if vmscope cannot be asked.
 */
static inline int vms_rows(enum vms_which w, int pid, struct row *r)
{
	struct vms_nl q = { .pid = pid, .r = r };
	int ret;

	if (w == VMS_LIVE && pid != -1) {
		q.cmd = VMSCOPE_CMD_PROC_GET;
		ret = vms_nl_request(&q, 0);
		if (ret == -ESRCH || ret == -ENOENT)
			return 0;
	} else {
		q.cmd = w == VMS_LIVE ? VMSCOPE_CMD_PROC_GET :
					VMSCOPE_CMD_EXIT_GET;
		ret = vms_nl_request(&q, NLM_F_DUMP);
	}
	return ret ? -1 : q.rows;
}

/* Key @name of @pid's last record (live or exit); -1 if there is none. */
static inline long long vms_col(enum vms_which w, int pid, const char *name)
{
	int k = vms_key_index(name);
	struct row r;

	if (k < 0 || vms_rows(w, pid, &r) < 1)
		return -1;
	return r.v[k];
}

/* A system total or sys field by name (sys-get); -1 if absent. */
static inline long long vms_sys(const char *name)
{
	struct row r;
	struct vms_nl q = { .cmd = VMSCOPE_CMD_SYS_GET, .r = &r,
			    .name = name, .value = -1 };

	return vms_nl_request(&q, 0) ? -1 : q.value;
}

/*
 * OOM records (oom-get dump); the last one (or, with @pid, the last one of
 * that victim) in @r (may be NULL); how many there are, -1 on error.
 */
static inline int vms_oom_records(int pid, struct oomrec *r)
{
	struct vms_nl q = { .cmd = VMSCOPE_CMD_OOM_GET, .pid = pid, .o = r };

	return vms_nl_request(&q, NLM_F_DUMP) ? -1 : q.rows;
}

/* The faults of the system's fault_lat_ns histogram (sys-get). */
static inline long long vms_sys_lat(void)
{
	struct row r;
	struct vms_nl q = { .cmd = VMSCOPE_CMD_SYS_GET, .r = &r, .name = "" };

	return vms_nl_request(&q, 0) ? -1 : q.lat;
}

/*
 * Rows of a debugfs table ("processes" or "exits") for @pid (-1: every
 * row): the last one goes to @r; returns how many there were, -1 if
 * unreadable.
 */
static inline int dbg_rows(const char *file, int pid, struct row *r)
{
	char path[128], line[512];
	struct row x;
	int n = 0;
	FILE *f;

	snprintf(path, sizeof(path), VMS_DBG "%s", file);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (!fgets(line, sizeof(line), f)) {	/* header */
		fclose(f);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%d %31s %llu %llu", &x.pid, x.comm,
			   &x.minflt, &x.majflt) != 4)
			continue;
		if (x.pid == pid || pid == -1) {
			*r = x;
			n++;
		}
	}
	fclose(f);
	return n;
}

/* Fields 10 (minflt) and 12 (majflt) of /proc/PID/stat. */
static inline int proc_faults(int pid, unsigned long long *min,
			      unsigned long long *maj)
{
	char path[64], buf[1024], *p;
	unsigned long long v[10];
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0)
		return -1;
	buf[len] = '\0';
	p = strrchr(buf, ')');		/* comm may hold spaces */
	if (!p)
		return -1;
	/*
	 * After ")": state(3) ppid pgrp session tty tpgid flags minflt(10)
	 * cminflt majflt(12).
	 */
	if (sscanf(p + 2, "%*c %llu %llu %llu %llu %llu %llu %llu %llu %llu",
		   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7],
		   &v[8]) != 9)
		return -1;
	*min = v[6];
	*maj = v[8];
	return 0;
}

/* vmscope's row @r for @pid, read now, equals /proc/PID/stat. */
#define ASSERT_ROW_EQ_PROC(pid, r) do {					\
	unsigned long long _min, _maj;					\
	struct row *_r = &(r);						\
	int _pid = (pid);						\
	ASSERT_EQ(1, vms_rows(VMS_LIVE, _pid, _r));			\
	ASSERT_EQ(0, proc_faults(_pid, &_min, &_maj));			\
	EXPECT_EQ(_min, _r->minflt);					\
	EXPECT_EQ(_maj, _r->majflt);					\
} while (0)

/*
 * Column @name of the last row for @pid in debugfs table @file ("processes"
 * or "exits"), found by the header row; -1 if there is none.
 */
static inline long long dbg_col(const char *file, int pid, const char *name)
{
	char path[128], line[1024], *tok, *save;
	long long ret = -1;
	int col = -1, i;
	FILE *f;

	snprintf(path, sizeof(path), VMS_DBG "%s", file);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fgets(line, sizeof(line), f))
		for (i = 0, tok = strtok_r(line, "\n ", &save); tok;
		     i++, tok = strtok_r(NULL, "\n ", &save))
			if (!strcmp(tok, name))
				col = i;
	while (col > 0 && fgets(line, sizeof(line), f)) {
		tok = strtok_r(line, "\n ", &save);
		if (!tok || atoi(tok) != pid)
			continue;
		for (i = 1; i <= col && tok; i++)
			tok = strtok_r(NULL, "\n ", &save);
		if (tok)
			ret = atoll(tok);
	}
	fclose(f);
	return ret;
}

/* The value of a "Name:  value ..." line of @path; -1 if absent. */
static inline long long file_colon(const char *path, const char *name)
{
	char line[256];
	long long v, ret = -1;
	size_t len = strlen(name);
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, name, len) && line[len] == ':' &&
		    sscanf(line + len + 1, "%lld", &v) == 1)
			ret = v;
	fclose(f);
	return ret;
}

/* The value of a "name value" line of @path; -1 if absent. */
static inline long long file_kv(const char *path, const char *name)
{
	char line[256], key[128];
	long long v, ret = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%127s %lld", key, &v) == 2 &&
		    !strcmp(key, name))
			ret = v;
	fclose(f);
	return ret;
}

/* A "Name:  value kB" line of /proc/PID/status (in kB); -1 if absent. */
static inline long long proc_status(int pid, const char *name)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	return file_colon(path, name);
}

/* A number from the environment (make stress sizes the tests), or @def. */
static inline unsigned long env_ul(const char *name, unsigned long def)
{
	const char *s = getenv(name);

	return s && *s ? strtoul(s, NULL, 0) : def;
}

/* A counter of /proc/vmstat; -1 if absent. */
static inline long long vmstat_get(const char *name)
{
	return file_kv("/proc/vmstat", name);
}

/* Write @s to a file; 0 or -errno. */
static inline int write_file(const char *path, const char *s)
{
	int fd, ret = 0;

	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

/* Write @s to a debugfs file; 0 or -errno. */
static inline int dbg_write(const char *file, const char *s)
{
	char path[128];
	int fd, ret = 0;

	snprintf(path, sizeof(path), VMS_DBG "%s", file);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

/* First byte of a debugfs file ("0" or "1" for a knob); '?' if unreadable. */
static inline char dbg_read_char(const char *file)
{
	char path[128], c = '?';
	int fd;

	snprintf(path, sizeof(path), VMS_DBG "%s", file);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return c;
	if (read(fd, &c, 1) != 1)
		c = '?';
	close(fd);
	return c;
}

/* Value of "name value" in summary; -1 if absent. */
static inline long long dbg_summary(const char *name)
{
	return file_kv(VMS_DBG "summary", name);
}

/*
 * Field of event @ev's row in debugfs "probes" ("event symbol state hits
 * missed hook"): @col 0 hits, 1 missed; -1 if absent.
 */
static inline long long probe_field(const char *ev, int col)
{
	char line[512], e[64];
	long long v[2], ret = -1;
	FILE *f = fopen(VMS_DBG "probes", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %*s %*s %lld %lld", e, &v[0], &v[1]) == 3 &&
		    !strcmp(e, ev))
			ret = v[col];
	fclose(f);
	return ret;
}

/* Sum of the values of summary lines whose name starts with @prefix. */
static inline long long dbg_summary_sum(const char *prefix)
{
	char line[256], key[128];
	long long v, sum = 0;
	FILE *f = fopen(VMS_DBG "summary", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%127s %lld", key, &v) == 2 &&
		    !strncmp(key, prefix, strlen(prefix)))
			sum += v;
	fclose(f);
	return sum;
}

/* Anonymous memory that faults in 4 KiB pages (THP off for it). */
static inline char *map_anon(size_t bytes)
{
	char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	/* Fails on kernels without THP (PREEMPT_RT): nothing to turn off. */
	madvise(p, bytes, MADV_NOHUGEPAGE);
	return p;
}

static inline void touch(char *p, size_t pages)
{
	size_t i;

	for (i = 0; i < pages; i++)
		__atomic_store_n(&p[i * PAGE], 1, __ATOMIC_RELAXED);
}

/*
 * A worker process.  It runs @fn(arg, cmd) for each command byte the
 * parent sends and answers with one byte when done; between commands it
 * blocks in read() and does not fault.  Command 'x' makes it exit.
 */
struct worker {
	pid_t	pid;
	int	cmd;	/* parent writes */
	int	ack;	/* parent reads */
};

typedef void (*worker_fn)(void *arg, char cmd);

static inline int worker_start(struct worker *w, worker_fn fn, void *arg)
{
	int to[2], from[2];
	char c;

	if (pipe(to) || pipe(from))
		return -1;
	w->pid = fork();
	if (w->pid < 0)
		return -1;
	if (!w->pid) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		close(to[1]);
		close(from[0]);
		fn(arg, 's');
		c = 'k';
		if (write(from[1], &c, 1) != 1)
			_exit(1);
		while (read(to[0], &c, 1) == 1 && c != 'x') {
			fn(arg, c);
			if (write(from[1], &c, 1) != 1)
				_exit(1);
		}
		_exit(0);
	}
	close(to[0]);
	close(from[1]);
	w->cmd = to[1];
	w->ack = from[0];
	return read(w->ack, &c, 1) == 1 ? 0 : -1;
}

static inline int worker_do(struct worker *w, char c)
{
	if (write(w->cmd, &c, 1) != 1)
		return -1;
	return read(w->ack, &c, 1) == 1 ? 0 : -1;
}

/* Tell the worker to exit and reap it; its rusage goes to @ru. */
static inline int worker_stop(struct worker *w, struct rusage *ru)
{
	struct rusage r;
	int status;
	char c = 'x';

	if (write(w->cmd, &c, 1) != 1)
		kill(w->pid, SIGKILL);
	close(w->cmd);
	close(w->ack);
	if (wait4(w->pid, &status, 0, ru ? ru : &r) != w->pid)
		return -1;
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -1;
}

#define CG		"/sys/fs/cgroup"
#define MiB		(1024UL * 1024)
#define GiB		(1024 * MiB)

static inline long long col(int pid, const char *name)
{
	return vms_col(VMS_LIVE, pid, name);
}

/*
 * Column @name of @pid's exit record.  The record is written when the
 * task is freed, after an RCU grace period: wait for it (up to 5 s).
 */
static inline long long exit_col(int pid, const char *name)
{
	long long v = -1;
	int i;

	for (i = 0; i < 100 && v < 0; i++) {
		v = vms_col(VMS_EXITS, pid, name);
		if (v < 0)
			usleep(50000);
	}
	return v;
}

static inline int swap_available(void)
{
	char line[256];
	long long total = 0;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "SwapTotal: %lld", &total) == 1)
			break;
	fclose(f);
	return total > 0;
}

/* A cgroup v2 memcg for one test; "" if there is none to be had. */
static inline int memcg_make(char *path, size_t len, const char *tag,
			     const char *max, const char *swap_max)
{
	char file[256];

	if (access(CG "/cgroup.controllers", R_OK))
		return -1;
	write_file(CG "/cgroup.subtree_control", "+memory");
	snprintf(path, len, CG "/vmscope-%s-%d", tag, getpid());
	rmdir(path);
	if (mkdir(path, 0755))
		return -1;
	snprintf(file, sizeof(file), "%s/memory.max", path);
	if (write_file(file, max))
		return -1;
	snprintf(file, sizeof(file), "%s/memory.swap.max", path);
	if (swap_max && write_file(file, swap_max))
		return -1;
	return 0;
}

static inline int memcg_enter(const char *path, int pid)
{
	char file[256], buf[32];

	snprintf(file, sizeof(file), "%s/cgroup.procs", path);
	snprintf(buf, sizeof(buf), "%d", pid);
	return write_file(file, buf);
}

static inline long long memcg_event(const char *path, const char *name)
{
	char file[256];

	snprintf(file, sizeof(file), "%s/memory.events", path);
	return file_kv(file, name);
}

#endif /* VMSCOPE_TEST_H */

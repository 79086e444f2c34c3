// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope selftests: a seeded netlink fuzzer and garbage for the debugfs
 * knobs.  Run as root with vmscope loaded.
 *
 * The fuzzer sends VMSCOPE_FUZZ_N messages (default 20000) built from
 * VMSCOPE_FUZZ_SEED (default: the time; printed, so a failure can be
 * replayed) to the family over a raw socket: valid requests with random
 * flags, unknown commands and versions, attributes of random type and
 * length, lengths past the message's end, nested garbage, bit flips of a
 * valid request, and dumps abandoned after their first reply.  The kernel
 * handles a request inside sendmsg(), so the replies are queued when it
 * returns and are drained before the next one.  Half the messages go from
 * root, half from an unprivileged user (uid 65534), who must never reset,
 * never read another user's process or exit record, and never join the
 * events group.  Then the module must still count a workload exactly.
 */
#include "vmscope_test.h"
#include <poll.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <linux/vmscope.h>
#include "kselftest_harness.h"

#define NOBODY		65534
#define MSG_MAX		512

static unsigned long long rng;

static unsigned int rnd(unsigned int n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return n ? rng % n : 0;
}

struct fuzz {
	int		family;
	int		sk;
	unsigned int	seq;
	bool		priv;
	/* what came back */
	unsigned long	sent;
	unsigned long	acks;		/* error 0 */
	unsigned long	errors[256];	/* by errno */
	unsigned long	data;		/* replies with a payload */
	unsigned long	abandoned;
	/* what must never happen to an unprivileged sender */
	unsigned long	reset_ok;
	unsigned long	foreign;	/* a process or exit of another uid */
	unsigned long	oom_data;	/* an OOM record */
	unsigned short	flags;		/* of the message in flight */
};

static int fuzz_socket(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int sk = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);

	if (sk < 0)
		return -1;
	if (bind(sk, (struct sockaddr *)&sa, sizeof(sa))) {
		close(sk);
		return -1;
	}
	return sk;
}

/* Append an attribute header claiming @len, and @n bytes of @data. */
static size_t put_attr(char *buf, size_t off, unsigned short type,
		       unsigned short len, const void *data, size_t n)
{
	struct nlattr a = { .nla_len = len, .nla_type = type };

	if (off + NLA_HDRLEN + NLA_ALIGN(n) > MSG_MAX)
		return off;
	memcpy(buf + off, &a, sizeof(a));
	memcpy(buf + off + NLA_HDRLEN, data, n);
	return off + NLA_HDRLEN + NLA_ALIGN(n);
}

/* A pid worth asking for: ours, init's, one that is not there, any. */
static unsigned int some_pid(void)
{
	switch (rnd(4)) {
	case 0:
		return getpid();
	case 1:
		return 1;
	case 2:
		return 4000000 + rnd(100000);
	}
	return rnd(70000);
}

/* Random attributes: any type, any length, nested garbage. */
static size_t put_garbage(char *buf, size_t off)
{
	unsigned char junk[64];
	unsigned int i, n = rnd(5);

	for (i = 0; i < sizeof(junk); i++)
		junk[i] = rnd(256);
	while (n--) {
		unsigned short type = rnd(40), len;
		size_t k = rnd(sizeof(junk));

		if (!rnd(4))
			type |= NLA_F_NESTED;
		if (!rnd(8))
			type |= NLA_F_NET_BYTEORDER;
		switch (rnd(4)) {
		case 0:		/* past the end */
			len = NLA_HDRLEN + k + 1 + rnd(200);
			break;
		case 1:		/* shorter than its header */
			len = rnd(NLA_HDRLEN);
			break;
		default:
			len = NLA_HDRLEN + k;
		}
		off = put_attr(buf, off, type, len, junk, k);
	}
	return off;
}

/* Build one message into @buf; returns its length (the header may lie). */
static size_t build(struct fuzz *f, char *buf, bool *dump)
{
	static const unsigned char cmds[] = {
		VMSCOPE_CMD_PROC_GET, VMSCOPE_CMD_SYS_GET, VMSCOPE_CMD_EXIT_GET,
		VMSCOPE_CMD_RESET, VMSCOPE_CMD_OOM_GET, VMSCOPE_CMD_EXIT_NTF,
		VMSCOPE_CMD_OOM_NTF,
	};
	struct nlmsghdr *nh = (void *)buf;
	struct genlmsghdr *gh = NLMSG_DATA(nh);
	unsigned int kind = rnd(8), pid = some_pid(), i;
	size_t off = NLMSG_HDRLEN + GENL_HDRLEN;

	memset(buf, 0, MSG_MAX);
	nh->nlmsg_type = f->family;
	nh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nh->nlmsg_seq = ++f->seq;
	gh->cmd = cmds[rnd(sizeof(cmds))];
	gh->version = VMSCOPE_FAMILY_VERSION;
	*dump = false;

	switch (kind) {
	case 0:		/* a valid do, random flags */
		off = put_attr(buf, off, VMSCOPE_A_PROC_PID, NLA_HDRLEN + 4,
			       &pid, 4);
		nh->nlmsg_flags |= rnd(2) ? NLM_F_DUMP : rnd(1 << 12);
		break;
	case 1:		/* unknown command, version */
		gh->cmd = rnd(256);
		gh->version = rnd(4);
		off = put_garbage(buf, off);
		break;
	case 2:		/* a known command, garbage attributes */
		off = put_garbage(buf, off);
		break;
	case 3:		/* truncated: the header claims more, or less */
		off = put_attr(buf, off, VMSCOPE_A_PROC_PID, NLA_HDRLEN + 4,
			       &pid, 4);
		off = rnd(off + 1);
		if (off < NLMSG_HDRLEN)
			off = NLMSG_HDRLEN;
		nh->nlmsg_len = rnd(2) ? off : off + rnd(64);
		return off;
	case 4:		/* a dump, abandoned after its first reply */
		gh->cmd = rnd(2) ? VMSCOPE_CMD_PROC_GET : VMSCOPE_CMD_EXIT_GET;
		nh->nlmsg_flags |= NLM_F_DUMP;
		*dump = true;
		break;
	case 5:		/* reset, with or without garbage */
		gh->cmd = VMSCOPE_CMD_RESET;
		if (rnd(2))
			off = put_garbage(buf, off);
		break;
	default:	/* bit flips of a valid request (not the family) */
		off = put_attr(buf, off, VMSCOPE_A_PROC_PID, NLA_HDRLEN + 4,
			       &pid, 4);
		for (i = rnd(4) + 1; i; i--) {
			size_t at = 6 + rnd(off - 6);	/* past nlmsg_type */

			buf[at] ^= 1 << rnd(8);
		}
		nh->nlmsg_len = off;
		return off;
	}
	nh->nlmsg_len = off;
	return off;
}

/* The uid a process or exit reply names; -1 for other replies. */
static long reply_uid(struct nlmsghdr *nh, unsigned int *pid)
{
	struct genlmsghdr *gh = NLMSG_DATA(nh);
	char *p = (char *)gh + GENL_HDRLEN, *end = (char *)nh + nh->nlmsg_len;
	long uid = -1;

	*pid = 0;
	if (nh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN ||
	    (gh->cmd != VMSCOPE_CMD_PROC_GET && gh->cmd != VMSCOPE_CMD_EXIT_GET))
		return -1;
	while (p + NLA_HDRLEN <= end) {
		struct nlattr *a = (void *)p;

		if (a->nla_len < NLA_HDRLEN || p + a->nla_len > end)
			break;
		if ((a->nla_type & NLA_TYPE_MASK) == VMSCOPE_A_PROC_UID &&
		    a->nla_len >= NLA_HDRLEN + 4)
			uid = *(unsigned int *)(p + NLA_HDRLEN);
		if ((a->nla_type & NLA_TYPE_MASK) == VMSCOPE_A_PROC_PID &&
		    a->nla_len >= NLA_HDRLEN + 4)
			*pid = *(unsigned int *)(p + NLA_HDRLEN);
		p += NLA_ALIGN(a->nla_len);
	}
	return uid;
}

/* Drain the replies to one message; @abandon: stop after the first. */
static void drain(struct fuzz *f, unsigned char cmd, bool abandon)
{
	static char buf[65536];
	struct pollfd pfd = { .fd = f->sk, .events = POLLIN };
	bool done = false;

	while (!done) {
		struct nlmsghdr *nh;
		ssize_t len;

		/*
		 * sendmsg() ran the request, recv() runs a dump on: every
		 * reply is queued by now, or none is coming.
		 */
		if (poll(&pfd, 1, 0) <= 0)
			return;
		len = recv(f->sk, buf, sizeof(buf), MSG_DONTWAIT);
		if (len <= 0)
			return;
		for (nh = (void *)buf; NLMSG_OK(nh, len); nh = NLMSG_NEXT(nh, len)) {
			if (nh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(nh);
				int err = -e->error;

				if (!err) {
					f->acks++;
					/* Not a request: netlink acks it unread. */
					if (cmd == VMSCOPE_CMD_RESET &&
					    (f->flags & NLM_F_REQUEST) &&
					    nh->nlmsg_seq == f->seq)
						f->reset_ok++;
				} else {
					f->errors[err & 255]++;
				}
				done = true;
			} else if (nh->nlmsg_type == NLMSG_DONE) {
				done = true;
			} else if (nh->nlmsg_type == f->family) {
				struct genlmsghdr *gh = NLMSG_DATA(nh);
				unsigned int pid;
				long uid = reply_uid(nh, &pid);

				f->data++;
				if (gh->cmd == VMSCOPE_CMD_OOM_GET)
					f->oom_data++;
				if (!f->priv && uid >= 0 && uid != NOBODY) {
					if (f->foreign++ < 3)
						fprintf(stderr, "# %s pid %u of uid %ld (cmd %u)\n",
							"uid 65534 was sent",
							pid, uid, gh->cmd);
				}
			}
		}
		if (abandon) {
			f->abandoned++;
			close(f->sk);
			f->sk = fuzz_socket();
			return;
		}
	}
}

static int fuzz_run(struct fuzz *f, unsigned long n)
{
	char msg[MSG_MAX];

	f->sk = fuzz_socket();
	if (f->sk < 0)
		return -1;
	while (n--) {
		struct genlmsghdr *gh = NLMSG_DATA((struct nlmsghdr *)msg);
		bool dump;
		size_t len = build(f, msg, &dump);

		f->flags = ((struct nlmsghdr *)msg)->nlmsg_flags;

		if (f->sk < 0)
			return -1;
		if (send(f->sk, msg, len, 0) < 0)
			return -1;
		f->sent++;
		drain(f, gh->cmd, dump);
	}
	close(f->sk);
	return 0;
}

static void fuzz_log(struct __test_metadata *_metadata, const char *who,
		     const struct fuzz *f)
{
	char line[512];
	size_t off = 0;
	int e;

	for (e = 1; e < 256; e++)
		if (f->errors[e] && off < sizeof(line) - 32)
			off += snprintf(line + off, sizeof(line) - off, " %s %lu",
					strerrorname_np(e) ?: "?", f->errors[e]);
	line[off] = '\0';
	TH_LOG("%s: %lu sent, %lu acks, %lu replies, %lu dumps abandoned; errors:%s",
	       who, f->sent, f->acks, f->data, f->abandoned, line);
}

/* A child's counts, as vmscope has them, against /proc/PID/stat. */
static void touch_fn(void *arg, char cmd)
{
	if (cmd == 't')
		touch(arg, 1024);
}

/* make stress sends 100000 messages: longer than TEST()'s 30 s under slub_debug. */
FIXTURE(fuzz) {
	int	unused;
};

FIXTURE_SETUP(fuzz)
{
}

FIXTURE_TEARDOWN(fuzz)
{
}

TEST_F_TIMEOUT(fuzz, netlink, 1800)
{
	unsigned long n = env_ul("VMSCOPE_FUZZ_N", 20000);
	unsigned long long seed = env_ul("VMSCOPE_FUZZ_SEED", time(NULL));
	struct fuzz root = { .priv = true }, *user;
	long long tot0, tot1;
	struct row r0 = { 0 }, r1 = { 0 };
	struct worker w;
	struct nl_sock *ns;
	char *mem;
	int status, grp;
	pid_t pid;

	ns = nl_socket_alloc();
	ASSERT_NE(NULL, ns);
	ASSERT_EQ(0, genl_connect(ns));
	root.family = genl_ctrl_resolve(ns, VMSCOPE_FAMILY_NAME);
	ASSERT_LT(0, root.family);
	grp = genl_ctrl_resolve_grp(ns, VMSCOPE_FAMILY_NAME, "events");
	ASSERT_LT(0, grp);
	nl_socket_free(ns);
	TH_LOG("seed %llu (VMSCOPE_FUZZ_SEED replays it), %lu messages", seed, n);

	rng = seed | 1;
	ASSERT_EQ(0, fuzz_run(&root, n / 2));
	fuzz_log(_metadata, "root", &root);
	EXPECT_EQ(n / 2, root.sent);

	/* The unprivileged half, in a child that drops to nobody. */
	user = mmap(NULL, sizeof(*user), PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, user);
	memset(user, 0, sizeof(*user));
	user->family = root.family;
	tot0 = vms_sys("minflt");
	ASSERT_LT(0, tot0);
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		int sk;

		if (setgid(NOBODY) || setuid(NOBODY))
			_exit(2);
		/* The events group is root's. */
		sk = fuzz_socket();
		if (sk < 0 || !setsockopt(sk, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
					  &grp, sizeof(grp)))
			_exit(3);
		close(sk);
		/* So is debugfs. */
		if (open(VMS_DBG "reset", O_WRONLY) >= 0)
			_exit(4);
		rng = (seed * 31) | 1;
		_exit(fuzz_run(user, n - n / 2) ? 5 : 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status)) {
		TH_LOG("unprivileged child: 3 joined events, 4 opened debugfs, 5 no socket");
	}
	fuzz_log(_metadata, "uid 65534", user);
	EXPECT_EQ(n - n / 2, user->sent);
	EXPECT_EQ(0, user->reset_ok);
	EXPECT_EQ(0, user->foreign);
	EXPECT_EQ(0, user->oom_data);
	EXPECT_LT(0, user->errors[EPERM]);
	/* No reset came through: the totals only grew. */
	tot1 = vms_sys("minflt");
	EXPECT_LE(tot0, tot1);

	/* Afterwards: a workload counted exactly. */
	mem = map_anon(1024 * PAGE);
	ASSERT_NE(NULL, mem);
	ASSERT_EQ(0, worker_start(&w, touch_fn, mem));
	ASSERT_ROW_EQ_PROC(w.pid, r0);
	ASSERT_EQ(0, worker_do(&w, 't'));
	ASSERT_ROW_EQ_PROC(w.pid, r1);
	EXPECT_LE(1024, r1.minflt - r0.minflt);
	EXPECT_GE(1024 + 16, r1.minflt - r0.minflt);
	ASSERT_EQ(0, worker_stop(&w, NULL));
}

/*
 * Garbage written to the debugfs knobs: refused, or taken as it parses.
 * Every write latency takes switches latency mode, and on 6.12-debug under
 * TCG a switch takes 0.8-1.8 s (0.07-0.13 s on Debian's 6.12): some 40 of
 * them outlast TEST()'s 30 s there.
 */
TEST_F_TIMEOUT(fuzz, debugfs_garbage, 600)
{
	unsigned long long seed = env_ul("VMSCOPE_FUZZ_SEED", time(NULL));
	unsigned long refused = 0, taken = 0;
	char buf[80], path[128];
	int i, k, fd;

	rng = (seed * 17) | 1;
	for (i = 0; i < 2000; i++) {
		const char *knob = rnd(2) ? "reset" : "latency";
		size_t len = 1 + rnd(sizeof(buf) - 1);
		ssize_t ret;

		for (k = 0; k < (int)len; k++)
			buf[k] = rnd(256);
		/* Never "1" to reset: the counters of other tests stay. */
		if (!strcmp(knob, "reset") &&
		    (buf[0] == '+' || (buf[0] >= '0' && buf[0] <= '9')))
			buf[0] = 'x';
		snprintf(path, sizeof(path), VMS_DBG "%s", knob);
		fd = open(path, O_WRONLY);
		ASSERT_LE(0, fd);
		ret = write(fd, buf, len);
		if (ret < 0) {
			EXPECT_TRUE(errno == EINVAL || errno == ERANGE) {
				TH_LOG("%s: %s", knob, strerror(errno));
			}
			refused++;
		} else {
			EXPECT_EQ((ssize_t)len, ret);
			EXPECT_STREQ("latency", knob);
			taken++;
		}
		close(fd);
	}
	TH_LOG("2000 writes: %lu refused, %lu taken (by latency's kstrtobool)",
	       refused, taken);
	EXPECT_LT(0, refused);
	/* The knob is still a knob. */
	ASSERT_EQ(0, dbg_write("latency", "1\n"));
	EXPECT_EQ('1', dbg_read_char("latency"));
	ASSERT_EQ(0, dbg_write("latency", "0"));
	EXPECT_EQ('0', dbg_read_char("latency"));
}

TEST_HARNESS_MAIN

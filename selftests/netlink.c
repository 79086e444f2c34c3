// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope selftests of the generic netlink family itself: malformed
 * requests get errors and leave the module working; a burst of requests;
 * a dump of 2000 processes while others start and exit returns each live
 * one exactly once.  Run as root with vmscope loaded.
 */
#include "vmscope_test.h"
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <linux/vmscope.h>
#include "kselftest_harness.h"

struct req {
	int	done;		/* the ack, the dump's end or an error came */
	int	err;		/* errno from the kernel, 0 on success */
	int	msgs;		/* replies */
	pid_t	*pids;		/* proc-get dump: pids seen */
	int	npids;
	int	cap;
};

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	struct req *r = arg;
	struct nlattr *a;

	r->msgs++;
	if (!r->pids)
		return NL_OK;
	a = nla_find(genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0),
		     VMSCOPE_A_PROC_PID);
	if (a && r->npids < r->cap)
		r->pids[r->npids++] = nla_get_u32(a);
	return NL_OK;
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	((struct req *)arg)->err = -e->error;
	((struct req *)arg)->done = 1;
	return NL_STOP;
}

static int on_stop(struct nl_msg *msg, void *arg)
{
	((struct req *)arg)->done = 1;
	return NL_STOP;
}

/* Send @msg (consumed) and wait for the ack or the dump's end. */
static int request(struct nl_sock *sk, struct nl_msg *msg, struct req *r)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int ret;

	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_stop, r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_stop, r);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, r);
	ret = nl_send_auto(sk, msg);
	nlmsg_free(msg);
	/* nl_recvmsgs() returns after a lone reply: read on to the ack. */
	while (ret >= 0 && !r->done)
		ret = nl_recvmsgs(sk, cb);
	nl_cb_put(cb);
	if (r->err)
		return -r->err;
	return ret < 0 ? -EIO : 0;
}

FIXTURE(nl) {
	struct nl_sock	*sk;
	int		family;
};

FIXTURE_SETUP(nl)
{
	self->sk = nl_socket_alloc();
	ASSERT_NE(NULL, self->sk);
	ASSERT_EQ(0, genl_connect(self->sk));
	self->family = genl_ctrl_resolve(self->sk, VMSCOPE_FAMILY_NAME);
	ASSERT_LT(0, self->family);
}

FIXTURE_TEARDOWN(nl)
{
	nl_socket_free(self->sk);
}

static struct nl_msg *new_msg(int family, int flags, unsigned char cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (msg)
		genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0,
			    flags | NLM_F_ACK, cmd, VMSCOPE_FAMILY_VERSION);
	return msg;
}

/* Append a raw attribute header claiming @len, followed by @n bytes. */
static void put_raw(struct nl_msg *msg, unsigned short type,
		    unsigned short len, const void *data, int n)
{
	struct nlattr hdr = { .nla_len = len, .nla_type = type };

	nlmsg_append(msg, &hdr, sizeof(hdr), 0);
	nlmsg_append(msg, (void *)data, n, NLMSG_ALIGNTO);
}

TEST_F(nl, malformed_requests)
{
	unsigned int pid = getpid(), zero = 0;
	unsigned short half = 1;
	struct nl_msg *msg;
	struct req r;

	/* pid of the wrong size */
	msg = new_msg(self->family, 0, VMSCOPE_CMD_PROC_GET);
	put_raw(msg, VMSCOPE_A_PROC_PID, NLA_HDRLEN + 2, &half, 2);
	memset(&r, 0, sizeof(r));
	EXPECT_EQ(-EINVAL, request(self->sk, msg, &r));

	/* pid 0: below the policy's minimum */
	msg = new_msg(self->family, 0, VMSCOPE_CMD_PROC_GET);
	nla_put_u32(msg, VMSCOPE_A_PROC_PID, zero);
	memset(&r, 0, sizeof(r));
	EXPECT_EQ(-ERANGE, request(self->sk, msg, &r));

	/* missing pid */
	msg = new_msg(self->family, 0, VMSCOPE_CMD_PROC_GET);
	memset(&r, 0, sizeof(r));
	EXPECT_EQ(-EINVAL, request(self->sk, msg, &r));

	/* unknown attribute: strict parsing rejects it */
	msg = new_msg(self->family, 0, VMSCOPE_CMD_PROC_GET);
	nla_put_u32(msg, VMSCOPE_A_PROC_PID, pid);
	nla_put_u32(msg, 30, 1);
	memset(&r, 0, sizeof(r));
	EXPECT_EQ(-EINVAL, request(self->sk, msg, &r));

	/* attributes on an op that takes none */
	msg = new_msg(self->family, 0, VMSCOPE_CMD_SYS_GET);
	nla_put_u32(msg, 1, 1);
	memset(&r, 0, sizeof(r));
	EXPECT_EQ(-EINVAL, request(self->sk, msg, &r));

	/* truncated attribute: its length runs past the message */
	msg = new_msg(self->family, 0, VMSCOPE_CMD_PROC_GET);
	put_raw(msg, VMSCOPE_A_PROC_PID, 64, &pid, 4);
	memset(&r, 0, sizeof(r));
	EXPECT_EQ(-EINVAL, request(self->sk, msg, &r));

	/* unknown command */
	msg = new_msg(self->family, 0, 200);
	memset(&r, 0, sizeof(r));
	EXPECT_EQ(-EOPNOTSUPP, request(self->sk, msg, &r));

	/* the module still answers, and right */
	msg = new_msg(self->family, 0, VMSCOPE_CMD_PROC_GET);
	nla_put_u32(msg, VMSCOPE_A_PROC_PID, pid);
	memset(&r, 0, sizeof(r));
	EXPECT_EQ(0, request(self->sk, msg, &r));
	EXPECT_EQ(1, r.msgs);
}

TEST_F_TIMEOUT(nl, burst_of_requests, 600)
{
	int i, ok = 0, ret, first = -1, ferr = 0, fmsgs = 0;
	struct nl_msg *msg;
	struct req r;

	for (i = 0; i < 10000; i++) {
		msg = new_msg(self->family, 0, i % 100 ? VMSCOPE_CMD_PROC_GET :
						   VMSCOPE_CMD_SYS_GET);
		if (i % 100)
			nla_put_u32(msg, VMSCOPE_A_PROC_PID, getpid());
		memset(&r, 0, sizeof(r));
		ret = request(self->sk, msg, &r);
		if (!ret && r.msgs == 1) {
			ok++;
		} else if (first < 0) {
			first = i;
			ferr = ret;
			fmsgs = r.msgs;
		}
	}
	if (first >= 0)
		TH_LOG("first failure: request %d: %d, %d replies", first, ferr,
		       fmsgs);
	EXPECT_EQ(10000, ok);
}

#define NSTABLE		2000

static void churn(void)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	for (;;) {
		pid_t pid = fork();

		if (!pid)
			_exit(0);
		waitpid(pid, NULL, 0);
	}
}

TEST_F_TIMEOUT(nl, dump_under_churn, 600)
{
	pid_t *stable, churner;
	int i, j, seen, twice = 0, missing = 0;
	struct nl_msg *msg;
	struct req r;

	stable = calloc(NSTABLE, sizeof(*stable));
	ASSERT_NE(NULL, stable);
	for (i = 0; i < NSTABLE; i++) {
		stable[i] = fork();
		if (!stable[i]) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			pause();
			_exit(0);
		}
		ASSERT_LT(0, stable[i]);
	}
	churner = fork();
	if (!churner)
		churn();
	/* 2000 records take many skbs; read each whole. */
	nl_socket_set_msg_buf_size(self->sk, 65536);
	memset(&r, 0, sizeof(r));
	r.cap = 4 * NSTABLE + 1024;
	r.pids = calloc(r.cap, sizeof(*r.pids));
	ASSERT_NE(NULL, r.pids);
	msg = new_msg(self->family, NLM_F_DUMP, VMSCOPE_CMD_PROC_GET);
	EXPECT_EQ(0, request(self->sk, msg, &r));
	kill(churner, SIGKILL);
	waitpid(churner, NULL, 0);
	for (i = 0; i < NSTABLE; i++) {
		seen = 0;
		for (j = 0; j < r.npids; j++)
			seen += r.pids[j] == stable[i];
		twice += seen > 1;
		missing += seen == 0;
	}
	TH_LOG("dump: %d records in %d messages, %d stable processes: %d missing, %d twice",
	       r.npids, r.msgs, NSTABLE, missing, twice);
	EXPECT_EQ(0, missing);
	EXPECT_EQ(0, twice);
	for (i = 0; i < NSTABLE; i++)
		kill(stable[i], SIGKILL);
	for (i = 0; i < NSTABLE; i++)
		waitpid(stable[i], NULL, 0);
	free(r.pids);
	free(stable);
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope: the generic netlink family "vmscope".
 *
 * The ABI is Documentation/netlink/specs/vmscope.yaml.  The uapi header,
 * and the policies, split ops and family of netlink-gen.c, are generated
 * from it by the kernel's ynl-gen-c.py (make uapi; make check proves they
 * agree); this file gives the handlers.  One fill function per object
 * serves do, dump and notification.
 *
 * Who may see what: a caller sees a process whose real, effective and saved
 * uids all equal the caller's real uid (the uid rule of ptrace's
 * PTRACE_MODE_READ_REALCREDS; ptrace_may_access() itself is not exported
 * to modules), or any process with CAP_PERFMON (or CAP_SYS_ADMIN).  Pids
 * are those of the caller's pid namespace; processes outside it are
 * invisible.
 * reset needs CAP_SYS_ADMIN.  The events group carries every process's exit
 * and every OOM kill with pids of the initial pid namespace: binding to it
 * needs CAP_SYS_ADMIN, as does the dump of OOM records.
 *
 * Events are never built in a hook: netlink subscribes to the exits and
 * OOM rings (ring.c), whose work items hand it each new record in process
 * context, to be sent with GFP_KERNEL.  Records overwritten before that,
 * and failed sends, are counted as dropped by the ring.  One dump helper
 * serves both rings.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/pid_namespace.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include "vmscope.h"
#ifdef VMS_GENL_COMPAT
#include "genl_compat.h"
#endif
#include "netlink-gen.h"
#ifdef VMS_GENL_COMPAT
#undef genl_family
/* 6.1: the family netlink-gen.c describes, as 6.1 takes it (see below). */
static struct genl_family vms_family;
#else
#define vms_family vmscope_nl_family
#endif

/*
 * Compat: nla_put_uint() appeared in 6.7; Kbuild tests the headers for it
 * (6.1 lacks it).  This is the same encoding: u32 when the value fits.
 */
#ifndef VMS_HAVE_NLA_PUT_UINT
static int nla_put_uint(struct sk_buff *skb, int attrtype, u64 value)
{
	u64 tmp64 = value;
	u32 tmp32 = value;

	if (tmp64 == tmp32)
		return nla_put_u32(skb, attrtype, tmp32);
	return nla_put(skb, attrtype, sizeof(u64), &tmp64);
}
#endif

#define VMS_MCGRP_EVENTS	VMSCOPE_NLGRP_EVENTS

static bool vms_nl_ready;		/* family registered */

/* Whether current may see live process @p; RCU reader. */
static bool vms_may_see(struct task_struct *p)
{
	const struct cred *tcred;
	kuid_t uid = current_uid();

	if (perfmon_capable())
		return true;
	tcred = __task_cred(p);
	return uid_eq(uid, tcred->uid) && uid_eq(uid, tcred->euid) &&
	       uid_eq(uid, tcred->suid);
}

static int vms_put_hist(struct sk_buff *skb, int type, const u64 *lat)
{
	struct nlattr *nest;
	unsigned int b;

	for (b = 0; b < VMS_LAT_BUCKETS; b++) {
		if (!lat[b])
			continue;
		nest = nla_nest_start(skb, type);
		if (!nest)
			return -EMSGSIZE;
		if (nla_put_uint(skb, VMSCOPE_A_BUCKET_LO, vms_lat_lo(b)) ||
		    nla_put_uint(skb, VMSCOPE_A_BUCKET_COUNT, lat[b])) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
		nla_nest_end(skb, nest);
	}
	return 0;
}

/* Attribute of each key in the proc and sys sets, in key order. */
#define VMS_PROC_ATTR(n, N, kind, col, help)	VMSCOPE_A_PROC_##N,
#define VMS_SYS_ATTR(n, N, kind, col, help)	VMSCOPE_A_SYS_##N,
static const u16 vms_proc_attr[VMS_K_NR] = { VMSCOPE_KEYS(VMS_PROC_ATTR) };
static const u16 vms_sys_attr[VMS_K_NR] = { VMSCOPE_KEYS(VMS_SYS_ATTR) };

/* A u64 attribute as vms_put_keys() lays them out, one after another. */
struct vms_nla_u64 {
	struct nlattr	nla;
	u64		v;
} __packed;

/*
 * Every key of @s, in one reservation: a dump of 10,000 processes puts
 * 150,000 of them, and nla_put()'s per-attribute checks, memset and
 * memcpy were half of its time.  Each is a full u64, which the spec's
 * "uint" allows; the payload need not be 8-byte aligned.
 */
static int vms_put_keys(struct sk_buff *skb, const u16 *attr,
			const struct vms_snap *s)
{
	const int len = VMS_K_NR * sizeof(struct vms_nla_u64);
	struct vms_nla_u64 *a;
	u64 v[VMS_K_NR];
	unsigned int k;

	BUILD_BUG_ON(sizeof(*a) != nla_total_size(sizeof(u64)));
	if (skb_tailroom(skb) < len)
		return -EMSGSIZE;
	vms_snap_keys(s, v);
	a = skb_put(skb, len);
	for (k = 0; k < VMS_K_NR; k++, a++) {
		a->nla.nla_type = attr[k];
		a->nla.nla_len = sizeof(*a);
		a->v = v[k];
	}
	return 0;
}

/* The one fill for a process: do, dump, exit dump and exit event. */
static int vms_fill_proc(struct sk_buff *skb, const struct vms_snap *s,
			 pid_t nr, const u64 *exit_ns, u32 portid, u32 seq,
			 int flags, u8 cmd)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &vms_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, VMSCOPE_A_PROC_PID, nr) ||
	    nla_put_string(skb, VMSCOPE_A_PROC_COMM, s->comm) ||
	    nla_put_u32(skb, VMSCOPE_A_PROC_UID,
			from_kuid_munged(current_user_ns(), s->uid)) ||
	    vms_put_keys(skb, vms_proc_attr, s) ||
	    (s->has_lat &&
	     vms_put_hist(skb, VMSCOPE_A_PROC_FAULT_LAT_NS, s->lat)) ||
	    (exit_ns && nla_put_uint(skb, VMSCOPE_A_PROC_EXIT_NS, *exit_ns))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

int vmscope_nl_proc_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attr = info->attrs[VMSCOPE_A_PROC_PID];
	struct task_struct *p;
	struct vms_proc *e;
	struct sk_buff *rsp;
	struct vms_snap *s;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, VMSCOPE_A_PROC_PID))
		return -EINVAL;
	s = kmalloc(sizeof(*s), GFP_KERNEL);
	rsp = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!s || !rsp) {
		ret = -ENOMEM;
		goto err;
	}

	rcu_read_lock();
	p = pid_task(find_vpid(nla_get_u32(attr)), PIDTYPE_TGID);
	if (!p) {
		rcu_read_unlock();
		NL_SET_ERR_MSG_ATTR(info->extack, attr, "no such process");
		ret = -ESRCH;
		goto err;
	}
	if (!vms_may_see(p)) {
		rcu_read_unlock();
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "process of another user: needs CAP_PERFMON or CAP_SYS_ADMIN");
		ret = -EPERM;
		goto err;
	}
	e = vms_proc_lookup(p->tgid, p->start_boottime);
	if (!e || !vms_proc_snap(e, s)) {
		rcu_read_unlock();
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "process not tracked (table full, or a kernel thread)");
		ret = -ENOENT;
		goto err;
	}
	rcu_read_unlock();

	ret = vms_fill_proc(rsp, s, nla_get_u32(attr), NULL, info->snd_portid,
			    info->snd_seq, 0, VMSCOPE_CMD_PROC_GET);
	if (ret)
		goto err;
	kfree(s);
	return genlmsg_reply(rsp, info);

err:
	nlmsg_free(rsp);
	kfree(s);
	return ret;
}

/*
 * Dump: the cursor is a hash chain.  A chain is emitted whole or not at
 * all, so a process that lives through the dump sits in one chain and is
 * emitted exactly once, whatever enters or leaves the table meanwhile.
 */
struct vms_dump {
	struct sk_buff		*skb;
	struct netlink_callback	*cb;
	struct pid_namespace	*ns;
	bool			all;		/* perfmon_capable() */
	int			err;
	struct vms_snap		s;
};

static void vms_dump_one(struct vms_proc *e, void *arg)
{
	struct vms_dump *d = arg;
	struct task_struct *p;
	pid_t nr;

	if (d->err)
		return;
	nr = pid_nr_ns(e->pid, d->ns);
	p = pid_task(e->pid, PIDTYPE_TGID);
	if (!nr || !p || !vms_proc_snap(e, &d->s))
		return;
	if (!d->all && !vms_may_see(p))
		return;
	d->err = vms_fill_proc(d->skb, &d->s, nr, NULL,
			       NETLINK_CB(d->cb->skb).portid,
			       d->cb->nlh->nlmsg_seq, NLM_F_MULTI,
			       VMSCOPE_CMD_PROC_GET);
}

int vmscope_nl_proc_get_dumpit(struct sk_buff *skb,
			       struct netlink_callback *cb)
{
	unsigned long *bucket = &cb->args[0];
	struct vms_dump *d;
	void *mark;

	d = kmalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	d->skb = skb;
	d->cb = cb;
	d->ns = task_active_pid_ns(current);
	d->all = perfmon_capable();
	for (*bucket = vms_table_next_bucket(*bucket);
	     *bucket < vms_table_buckets();
	     *bucket = vms_table_next_bucket(*bucket + 1)) {
		mark = skb_tail_pointer(skb);
		d->err = 0;
		vms_table_walk_bucket(*bucket, vms_dump_one, d);
		if (d->err) {
			/* Send this chain whole in the next skb. */
			nlmsg_trim(skb, mark);
			break;
		}
	}
	kfree(d);
	return skb->len;
}

/* Who may see which record of a ring, decided once a dump. */
struct vms_ring_dump {
	struct pid_namespace	*ns;
	bool			all;
};

typedef int (*vms_rec_fill_fn)(struct sk_buff *skb, const void *rec,
			       const struct vms_ring_dump *d, u32 portid,
			       u32 seq, int flags);

struct vms_ring_dump_ctx {
	struct sk_buff		*skb;
	struct netlink_callback	*cb;
	vms_rec_fill_fn		fill;
	struct vms_ring_dump	d;
};

static int vms_ring_dump_one(const void *rec, void *arg)
{
	struct vms_ring_dump_ctx *c = arg;

	return c->fill(c->skb, rec, &c->d, NETLINK_CB(c->cb->skb).portid,
		       c->cb->nlh->nlmsg_seq, NLM_F_MULTI);
}

/*
 * The one dump of a sequenced ring, oldest record first, resumed at
 * record cb->args[0] (vms_ring_walk()).  @fill returns -EMSGSIZE when the
 * skb is full, 0 otherwise (also for a record the caller may not see).
 */
static int vms_nl_ring_dump(struct sk_buff *skb, struct netlink_callback *cb,
			    struct vms_ring *ring, vms_rec_fill_fn fill)
{
	struct vms_ring_dump_ctx c = {
		.skb = skb,
		.cb = cb,
		.fill = fill,
		.d = {
			.ns = task_active_pid_ns(current),
			.all = perfmon_capable(),
		},
	};

	if (vms_ring_walk(ring, &cb->args[0], vms_ring_dump_one, &c) ==
	    -ENOMEM)
		return -ENOMEM;
	return skb->len;
}

static int vms_fill_exit(struct sk_buff *skb, const void *rec,
			 const struct vms_ring_dump *d, u32 portid, u32 seq,
			 int flags)
{
	const struct vms_exit *x = rec;
	pid_t nr = pid_nr_ns(x->pid, d->ns);

	if (!nr || !(d->all || uid_eq(x->s.uid, current_uid())))
		return 0;
	return vms_fill_proc(skb, &x->s, nr, &x->exit_ns, portid, seq, flags,
			     VMSCOPE_CMD_EXIT_GET);
}

int vmscope_nl_exit_get_dumpit(struct sk_buff *skb,
			       struct netlink_callback *cb)
{
	return vms_nl_ring_dump(skb, cb, &vms_exit_ring, vms_fill_exit);
}

static int vms_fill_probe(struct sk_buff *skb, unsigned int i)
{
	struct vms_probe_info pi;
	struct nlattr *nest;

	vms_probe_info(i, &pi);
	nest = nla_nest_start(skb, VMSCOPE_A_SYS_PROBE);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_string(skb, VMSCOPE_A_PROBE_EVENT, pi.event) ||
	    nla_put_string(skb, VMSCOPE_A_PROBE_SYMBOL, pi.symbol) ||
	    nla_put_u32(skb, VMSCOPE_A_PROBE_STATE, pi.state) ||
	    nla_put_uint(skb, VMSCOPE_A_PROBE_HITS, pi.hits) ||
	    nla_put_uint(skb, VMSCOPE_A_PROBE_MISSED, pi.missed) ||
	    (pi.err && nla_put_s32(skb, VMSCOPE_A_PROBE_ERROR, pi.err)) ||
	    (pi.why && nla_put_string(skb, VMSCOPE_A_PROBE_REASON, pi.why))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* The values of VMSCOPE_SYS() as attributes of the sys set, by their type. */
#define VMS_SYS_PUT(n, N, type, kind, help)				\
	nla_put_##type(skb, VMSCOPE_A_SYS_##N, v[VMS_S_##N]) ||
static int vms_put_sys(struct sk_buff *skb)
{
	u64 v[VMS_S_NR];

	vms_sys_values(v);
	return VMSCOPE_SYS(VMS_SYS_PUT) 0;
}

int vmscope_nl_sys_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *rsp;
	struct vms_snap *s;
	unsigned int i;
	void *hdr;
	int ret = -EMSGSIZE;

	s = kmalloc(sizeof(*s), GFP_KERNEL);
	rsp = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!s || !rsp) {
		ret = -ENOMEM;
		goto err;
	}
	vms_sys_snap(s);
	hdr = genlmsg_put_reply(rsp, info, &vms_family, 0, info->genlhdr->cmd);
	if (!hdr)
		goto err;
	if (vms_put_keys(rsp, vms_sys_attr, s) || vms_put_sys(rsp) ||
	    vms_put_hist(rsp, VMSCOPE_A_SYS_FAULT_LAT_NS, s->lat))
		goto err;
	for (i = 0; i < vms_probes_count(); i++)
		if (vms_fill_probe(rsp, i))
			goto err;
	genlmsg_end(rsp, hdr);
	kfree(s);
	return genlmsg_reply(rsp, info);

err:
	nlmsg_free(rsp);
	kfree(s);
	return ret;
}

/* A field of VMSCOPE_OOM() as its attribute, by its type. */
#define VMS_OOM_PUT_UINT(a, v)		nla_put_uint(skb, a, v)
#define VMS_OOM_PUT_U32(a, v)		nla_put_u32(skb, a, v)
#define VMS_OOM_PUT_X32(a, v)		nla_put_u32(skb, a, v)
#define VMS_OOM_PUT_CONSTRAINT(a, v)	nla_put_u32(skb, a, v)
#define VMS_OOM_PUT_S32(a, v)		nla_put_s32(skb, a, v)
#define VMS_OOM_PUT_STR(a, v)		nla_put_string(skb, a, v)
#define VMS_OOM_PUT_OPT_UINT(a, v)	((v) && nla_put_uint(skb, a, v))
#define VMS_OOM_PUT_OPT_STR(a, v)	((v)[0] && nla_put_string(skb, a, v))
#define VMS_OOM_PUT(n, N, type, help)					\
	VMS_OOM_PUT_##type(VMSCOPE_A_OOM_##N, r->n) ||

/* The one fill for an OOM record: dump and event. */
static int vms_fill_oom(struct sk_buff *skb, const struct vms_oom *r,
			u32 portid, u32 seq, int flags, u8 cmd)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &vms_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (VMSCOPE_OOM(VMS_OOM_PUT) 0) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int vms_fill_oom_dump(struct sk_buff *skb, const void *rec,
			     const struct vms_ring_dump *d, u32 portid,
			     u32 seq, int flags)
{
	return vms_fill_oom(skb, rec, portid, seq, flags, VMSCOPE_CMD_OOM_GET);
}

/*
 * A request without a policy carries no attribute: genetlink ignores what
 * such a split op is given, and a malformed request gets its error here.
 */
int vmscope_nl_no_attrs(const struct genl_split_ops *ops, struct sk_buff *skb,
			struct genl_info *info)
{
	if (nlmsg_attrlen(info->nlhdr, GENL_HDRLEN) > 0) {
		NL_SET_ERR_MSG(info->extack, "this request takes no attributes");
		return -EINVAL;
	}
	return 0;
}

/* The same for the dumps, at their start: the error is the request's. */
int vmscope_nl_dump_start(struct netlink_callback *cb)
{
	if (nlmsg_attrlen(cb->nlh, GENL_HDRLEN) > 0) {
		NL_SET_ERR_MSG(cb->extack, "this dump takes no attributes");
		return -EINVAL;
	}
	return 0;
}

/*
 * OOM records carry pids of the initial pid namespace: CAP_SYS_ADMIN,
 * checked when the dump starts, so that a refusal is the request's error
 * (a dumpit's error would only end the dump).
 */
int vmscope_nl_oom_get_start(struct netlink_callback *cb)
{
	if (vmscope_nl_dump_start(cb))
		return -EINVAL;
	if (!capable(CAP_SYS_ADMIN)) {
		NL_SET_ERR_MSG(cb->extack, "OOM records need CAP_SYS_ADMIN");
		return -EPERM;
	}
	return 0;
}

int vmscope_nl_oom_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return vms_nl_ring_dump(skb, cb, &vms_oom_ring, vms_fill_oom_dump);
}

int vmscope_nl_reset_doit(struct sk_buff *skb, struct genl_info *info)
{
	if (!capable(CAP_SYS_ADMIN)) {
		NL_SET_ERR_MSG(info->extack, "reset needs CAP_SYS_ADMIN");
		return -EPERM;
	}
	vms_reset();
	return 0;
}

/*
 * The events group carries every process's exit and every OOM kill, with
 * pids of the initial pid namespace: joining it needs CAP_SYS_ADMIN.  The
 * generated family has the group without its flags (6.12's ynl-gen-c.py
 * knows none): this one takes its place before the family is registered.
 */
static const struct genl_multicast_group vms_mcgrps[] = {
	[VMS_MCGRP_EVENTS] = {
		.name = VMSCOPE_MCGRP_EVENTS,
		.flags = GENL_MCAST_CAP_SYS_ADMIN,
	},
};

#ifdef VMS_GENL_COMPAT
/* One genl_ops a command: its do, its dump, the do's policy for both. */
static struct genl_ops vms_ops[VMSCOPE_CMD_MAX];

static void vms_family_build(void)
{
	const struct vms_gen_family *g = &vmscope_nl_family;
	unsigned int i, j, n = 0;

	for (i = 0; i < g->n_split_ops; i++) {
		const struct genl_split_ops *op = &g->split_ops[i];

		for (j = 0; j < n && vms_ops[j].cmd != op->cmd; j++)
			;
		if (j == n && !WARN_ON_ONCE(n == ARRAY_SIZE(vms_ops)))
			vms_ops[n++].cmd = op->cmd;
		if (j == ARRAY_SIZE(vms_ops))
			continue;
		if (op->doit) {
			vms_ops[j].doit = op->doit;
			vms_ops[j].policy = op->policy;
			vms_ops[j].maxattr = op->maxattr;
		}
		if (op->dumpit) {
			vms_ops[j].start = op->start;
			vms_ops[j].dumpit = op->dumpit;
		}
		vms_ops[j].flags |= op->flags & (GENL_ADMIN_PERM |
						 GENL_UNS_ADMIN_PERM);
	}
	strscpy(vms_family.name, g->name, sizeof(vms_family.name));
	vms_family.version = g->version;
	vms_family.netnsok = g->netnsok;
	vms_family.parallel_ops = g->parallel_ops;
	vms_family.module = g->module;
	vms_family.ops = vms_ops;
	vms_family.n_ops = n;
	/* Every command: strict, and no attributes where there is no policy. */
	vms_family.resv_start_op = VMSCOPE_CMD_PROC_GET;
	vms_family.mcgrps = vms_mcgrps;
	vms_family.n_mcgrps = ARRAY_SIZE(vms_mcgrps);
}
#else
static void vms_family_build(void)
{
	BUILD_BUG_ON(ARRAY_SIZE(vms_mcgrps) != 1);
	vms_family.mcgrps = vms_mcgrps;
}
#endif

static bool vms_has_listeners(void)
{
	/* Pairs with the release in vms_netlink_init(): family is set up. */
	return smp_load_acquire(&vms_nl_ready) &&
	       genl_has_listeners(&vms_family, &init_net, VMS_MCGRP_EVENTS);
}

/*
 * Multicast @skb to the events group; 0 if sent or nobody listens any
 * more (a record no one asked for is not lost).
 */
static int vms_ntf_multicast(struct sk_buff *skb)
{
	if (genlmsg_multicast(&vms_family, skb, 0, VMS_MCGRP_EVENTS,
			      GFP_KERNEL) && vms_has_listeners())
		return -ENOBUFS;
	return 0;
}

/* The exits ring's subscriber: an exit record to the events group. */
static int vms_ntf_exit(struct vms_ring *ring, const void *rec)
{
	const struct vms_exit *x = rec;
	struct sk_buff *skb;

	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	if (vms_fill_proc(skb, &x->s, pid_nr(x->pid), &x->exit_ns, 0, 0, 0,
			  VMSCOPE_CMD_EXIT_NTF)) {
		nlmsg_free(skb);
		return -EMSGSIZE;
	}
	return vms_ntf_multicast(skb);
}

/* The OOM ring's subscriber: an OOM record to the events group. */
static int vms_ntf_oom(struct vms_ring *ring, const void *rec)
{
	struct sk_buff *skb;

	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	if (vms_fill_oom(skb, rec, 0, 0, 0, VMSCOPE_CMD_OOM_NTF)) {
		nlmsg_free(skb);
		return -EMSGSIZE;
	}
	return vms_ntf_multicast(skb);
}

static const struct vms_ring_sub vms_exit_sub = {
	.wanted = vms_has_listeners,
	.send = vms_ntf_exit,
};

static const struct vms_ring_sub vms_oom_sub = {
	.wanted = vms_has_listeners,
	.send = vms_ntf_oom,
};

int vms_netlink_init(void)
{
	int ret;

	vms_family_build();
	ret = genl_register_family(&vms_family);
	if (ret)
		return ret;
	/* Publish the registered family to the hooks. */
	smp_store_release(&vms_nl_ready, true);
	vms_ring_subscribe(&vms_exit_ring, &vms_exit_sub);
	vms_ring_subscribe(&vms_oom_ring, &vms_oom_sub);
	return 0;
}

/* The hooks are gone: no ring takes a record any more. */
void vms_netlink_exit(void)
{
	WRITE_ONCE(vms_nl_ready, false);
	vms_ring_subscribe(&vms_oom_ring, NULL);
	vms_ring_subscribe(&vms_exit_ring, NULL);
	genl_unregister_family(&vms_family);
}

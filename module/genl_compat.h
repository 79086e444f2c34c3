/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmscope: 6.1 compat for the generated netlink code (netlink-gen.c).
 *
 * Split ops, a do and a dump of a command each with a policy of its own,
 * came in 6.2.  On 6.1 this header is included first (Kbuild), and the
 * generated ops and family take these types of vmscope's own; netlink.c
 * builds 6.1's family from them, one genl_ops a command, where the dump
 * shares the do's policy (as it did before the split).  6.1 has no
 * per-op pre_doit: the strict parsing of every command (resv_start_op)
 * refuses attributes where there is no policy, which is all the
 * generated pre_doit hooks check.
 */
#ifndef _VMSCOPE_GENL_COMPAT_H
#define _VMSCOPE_GENL_COMPAT_H

#include <net/genetlink.h>

struct genl_split_ops {
	int (*pre_doit)(const struct genl_split_ops *ops, struct sk_buff *skb,
			struct genl_info *info);
	int (*doit)(struct sk_buff *skb, struct genl_info *info);
	int (*start)(struct netlink_callback *cb);
	int (*dumpit)(struct sk_buff *skb, struct netlink_callback *cb);
	const struct nla_policy	*policy;
	unsigned int		maxattr;
	u8			cmd;
	u8			flags;
};

/* What netlink-gen.c's family initialiser names. */
struct vms_gen_family {
	const char		*name;
	unsigned int		version;
	bool			netnsok;
	bool			parallel_ops;
	struct module		*module;
	const struct genl_split_ops *split_ops;
	unsigned int		n_split_ops;
	const struct genl_multicast_group *mcgrps;
	unsigned int		n_mcgrps;
};

#define genl_family vms_gen_family

#endif /* _VMSCOPE_GENL_COMPAT_H */

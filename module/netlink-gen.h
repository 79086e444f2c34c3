/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/vmscope.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_VMSCOPE_GEN_H
#define _LINUX_VMSCOPE_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/vmscope.h>

int vmscope_nl_no_attrs(const struct genl_split_ops *ops, struct sk_buff *skb,
			struct genl_info *info);
int vmscope_nl_dump_start(struct netlink_callback *cb);
int vmscope_nl_oom_get_start(struct netlink_callback *cb);

int vmscope_nl_proc_get_doit(struct sk_buff *skb, struct genl_info *info);
int vmscope_nl_proc_get_dumpit(struct sk_buff *skb,
			       struct netlink_callback *cb);
int vmscope_nl_sys_get_doit(struct sk_buff *skb, struct genl_info *info);
int vmscope_nl_exit_get_dumpit(struct sk_buff *skb,
			       struct netlink_callback *cb);
int vmscope_nl_reset_doit(struct sk_buff *skb, struct genl_info *info);
int vmscope_nl_oom_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);

enum {
	VMSCOPE_NLGRP_EVENTS,
};

extern struct genl_family vmscope_nl_family;

#endif /* _LINUX_VMSCOPE_GEN_H */

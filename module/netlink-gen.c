// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/vmscope.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "netlink-gen.h"

#include <uapi/linux/vmscope.h>

/* VMSCOPE_CMD_PROC_GET - do */
static const struct nla_policy vmscope_proc_get_nl_policy[VMSCOPE_A_PROC_PID + 1] = {
	[VMSCOPE_A_PROC_PID] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* Ops table for vmscope */
static const struct genl_split_ops vmscope_nl_ops[] = {
	{
		.cmd		= VMSCOPE_CMD_PROC_GET,
		.doit		= vmscope_nl_proc_get_doit,
		.policy		= vmscope_proc_get_nl_policy,
		.maxattr	= VMSCOPE_A_PROC_PID,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd	= VMSCOPE_CMD_PROC_GET,
		.start	= vmscope_nl_dump_start,
		.dumpit	= vmscope_nl_proc_get_dumpit,
		.flags	= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= VMSCOPE_CMD_SYS_GET,
		.pre_doit	= vmscope_nl_no_attrs,
		.doit		= vmscope_nl_sys_get_doit,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd	= VMSCOPE_CMD_EXIT_GET,
		.start	= vmscope_nl_dump_start,
		.dumpit	= vmscope_nl_exit_get_dumpit,
		.flags	= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= VMSCOPE_CMD_RESET,
		.pre_doit	= vmscope_nl_no_attrs,
		.doit		= vmscope_nl_reset_doit,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd	= VMSCOPE_CMD_OOM_GET,
		.start	= vmscope_nl_oom_get_start,
		.dumpit	= vmscope_nl_oom_get_dumpit,
		.flags	= GENL_CMD_CAP_DUMP,
	},
};

static const struct genl_multicast_group vmscope_nl_mcgrps[] = {
	[VMSCOPE_NLGRP_EVENTS] = { "events", },
};

struct genl_family vmscope_nl_family __ro_after_init = {
	.name		= VMSCOPE_FAMILY_NAME,
	.version	= VMSCOPE_FAMILY_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.split_ops	= vmscope_nl_ops,
	.n_split_ops	= ARRAY_SIZE(vmscope_nl_ops),
	.mcgrps		= vmscope_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(vmscope_nl_mcgrps),
};

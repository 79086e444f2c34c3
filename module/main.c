// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope: per-process view of the virtual-memory system.
 *
 * Init brings up the parts in order (table, netlink, probes, debugfs) and
 * unwinds in reverse on failure; exit undoes them in reverse.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include "vmscope.h"

unsigned int vms_max_procs = 65536;
module_param_named(max_procs, vms_max_procs, uint, 0444);
MODULE_PARM_DESC(max_procs,
		 "Most processes tracked at once; inserts beyond are refused and counted (default 65536)");

unsigned int vms_max_exits = 1024;
module_param_named(max_exits, vms_max_exits, uint, 0444);
MODULE_PARM_DESC(max_exits,
		 "Exit records kept in the exits ring (default 1024)");

bool vms_param_latency;
module_param_named(latency, vms_param_latency, bool, 0444);
MODULE_PARM_DESC(latency,
		 "Time every page fault into fault_lat_ns from load on (default off; debugfs \"latency\" switches it at run time)");

bool vms_param_ftrace = true;
module_param_named(ftrace, vms_param_ftrace, bool, 0444);
MODULE_PARM_DESC(ftrace,
		 "Hook function entries through ftrace (default on; off: kprobes, the fallback where ftrace cannot)");

unsigned int vms_maxactive = 256;
module_param_named(maxactive, vms_maxactive, uint, 0444);
MODULE_PARM_DESC(maxactive,
		 "Faults timed at once by the latency kretprobe; more are counted as missed (default 256)");

/* In the order of enum vms_sys. */
#define VMS_S_NAME(n, N, type, kind, help)	#n,
const char *const vms_sys_names[VMS_S_NR] = { VMSCOPE_SYS(VMS_S_NAME) };

/* The values of VMSCOPE_SYS(), read now; process context. */
void vms_sys_values(u64 *v)
{
	struct vms_table_stats st;

	vms_table_stats(&st);
	v[VMS_S_UNATTRIBUTED] = vms_unattributed();
	v[VMS_S_OOM_RECORDS] = vms_ring_end(&vms_oom_ring);
	v[VMS_S_PROCS_TRACKED] = st.live;
	v[VMS_S_PROCS_MAX] = st.max;
	v[VMS_S_PROCS_REFUSED] = st.refused;
	v[VMS_S_EXITS_TOTAL] = st.exits;
	v[VMS_S_EXITS_KEPT_MAX] = st.exits_max;
	v[VMS_S_ENTRY_BYTES] = st.entry_bytes;
	v[VMS_S_TABLE_BYTES] = st.table_bytes;
	v[VMS_S_EVENTS_DROPPED] = vms_ring_dropped(&vms_exit_ring) +
				  vms_ring_dropped(&vms_oom_ring);
	v[VMS_S_LATENCY] = vms_latency_on();
}

/* Zero every counter: debugfs "reset" and netlink reset. */
void vms_reset(void)
{
	vms_table_reset();
	vms_fault_reset();
	vms_oom_reset();
}

static int __init vmscope_init(void)
{
	int ret;

	if (!vms_max_procs || !vms_max_exits || !vms_maxactive) {
		pr_err("max_procs, max_exits and maxactive must be > 0\n");
		return -EINVAL;
	}
	ret = vms_table_init();
	if (ret)
		return ret;
	vms_oom_init();
	ret = vms_netlink_init();
	if (ret)
		goto err_table;
	ret = vms_probes_init();
	if (ret)
		goto err_netlink;
	ret = vms_table_populate();
	if (ret)
		goto err_probes;
	ret = vms_debugfs_init();
	if (ret)
		goto err_probes;
	pr_info("loaded\n");
	return 0;

err_probes:
	vms_probes_exit();
	vms_oom_exit();
err_netlink:
	vms_netlink_exit();
err_table:
	vms_table_exit();
	return ret;
}

static void __exit vmscope_exit(void)
{
	vms_debugfs_exit();
	vms_probes_exit();
	vms_oom_exit();
	vms_netlink_exit();
	vms_table_exit();
	pr_info("unloaded\n");
}

module_init(vmscope_init);
module_exit(vmscope_exit);

MODULE_DESCRIPTION("vmscope: per-process page faults, CoW, page tables, swap and OOM");
MODULE_AUTHOR("vmscope developers");
MODULE_LICENSE("GPL");

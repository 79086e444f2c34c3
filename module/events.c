// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope: the events, and where each is found on a kernel.
 *
 * Each event names its hook kind and an ordered list of candidates
 * (tracepoint or symbol names, a symbol optionally only when called from
 * one function); probes.c tries them in order, hook_x86.c hooks function
 * entries.  A candidate that does not exist on this kernel passes to the
 * next one; an event with no candidate left stays "unavailable" and the
 * module loads anyway.  Tracepoint handlers are the trampolines below:
 * the kernel calls them with the tracepoint's own arguments, and they
 * count what the handler saw as every other hook's dispatcher does.
 */
#include <linux/binfmts.h>
#include <linux/mm_types.h>
#include "probes.h"

static void vms_tp_fork(void *data, struct task_struct *parent,
			struct task_struct *child)
{
	vms_probe_ran(VMS_P_FORK, 0, VMS_HIT);
	vms_proc_fork(child);
	vms_mm_adopt(child);
}

static void vms_tp_exec(void *data, struct task_struct *p, pid_t old_pid,
			struct linux_binprm *bprm)
{
	vms_probe_ran(VMS_P_EXEC, 0, VMS_HIT);
	vms_proc_exec(p);
	vms_mm_adopt(p);
}

static void vms_tp_free(void *data, struct task_struct *p)
{
	vms_probe_ran(VMS_P_FREE, 0, VMS_HIT);
	vms_proc_free(p);
}

/*
 * rss_stat(mm, member[, count]): called on every RSS change (every fault
 * that maps a page, on 6.2 and later), so the other counters return
 * before any stack frame is set up.  6.1 passes the new count as a third
 * argument, which this does not need.
 */
static void vms_tp_rss_stat(void *data, struct mm_struct *mm, int member)
{
	if (member == MM_SWAPENTS)
		vms_probe_ran(VMS_P_SWAPOUT, VMS_P_SWAPIN_FAULT,
			      vms_swapents(mm));
}

static void vms_tp_mark_victim(void *data, struct task_struct *task,
			       uid_t uid)
{
	vms_probe_ran(VMS_P_OOM_KILL, 0, vms_oom_mark_victim(task, uid));
}

#define CANDIDATES(...)	((const struct vms_cand[]){ __VA_ARGS__, { } })
#define SYM(s)		{ .sym = (s) }
#define AT(s, c)	{ .sym = (s), .caller = (c) }
#define AT_FN(s, c, f)	{ .sym = (s), .caller = (c), .fn = (f) }

#ifdef CONFIG_PSI
#define VMS_NO_PSI	NULL
#else
#define VMS_NO_PSI	"kernel built without CONFIG_PSI"
#endif

#ifdef CONFIG_TRANSPARENT_HUGEPAGE
#define VMS_NO_THP	NULL
#else
#define VMS_NO_THP	"kernel built without CONFIG_TRANSPARENT_HUGEPAGE"
#endif

struct vms_probe vms_probes[VMS_P_NR] = {
	[VMS_P_MINFLT] = {
		.event = "minflt",
		.hook = VMS_HOOK_READ,
		.cand = CANDIDATES(SYM("task->min_flt")),
	},
	[VMS_P_MAJFLT] = {
		.event = "majflt",
		.hook = VMS_HOOK_READ,
		.cand = CANDIDATES(SYM("task->maj_flt")),
	},
	[VMS_P_FORK] = {
		.event = "fork",
		.hook = VMS_HOOK_TP,
		.cand = CANDIDATES(SYM("sched_process_fork")),
		.tp_fn = vms_tp_fork,
	},
	[VMS_P_EXEC] = {
		.event = "exec",
		.hook = VMS_HOOK_TP,
		.cand = CANDIDATES(SYM("sched_process_exec")),
		.tp_fn = vms_tp_exec,
	},
	[VMS_P_FREE] = {
		.event = "exit",
		.hook = VMS_HOOK_TP,
		.cand = CANDIDATES(SYM("sched_process_free")),
		.tp_fn = vms_tp_free,
	},
	[VMS_P_COW_COPY] = {
		.event = "cow_copy",
		.hook = VMS_HOOK_ENTRY,
		.cand = CANDIDATES(AT("ptep_clear_flush", "wp_page_copy"),
				   AT("ptep_clear_flush", "do_wp_page")),
		.fn = vms_cow_copy,
		/* Reclaim calls it for every page it unmaps on 6.1, 6.12. */
		.want_direct = true,
	},
	[VMS_P_COW_REUSE] = {
		.event = "cow_reuse",
		.hook = VMS_HOOK_ENTRY,
		/*
		 * wp_page_reuse() is "static inline", so notrace: ftrace
		 * hooks the function it calls, a kprobe it as a fallback.
		 * Where it is inlined (6.12 with KCSAN), do_wp_page() calls
		 * ptep_set_access_flags() only through it on x86, whose
		 * hardware young bit leaves __wp_page_copy_user()'s call out.
		 */
		.cand = CANDIDATES(AT_FN("ptep_set_access_flags",
					 "wp_page_reuse", vms_cow_reuse_vma),
				   AT_FN("ptep_set_access_flags",
					 "wp_page_reuse.constprop.0",
					 vms_cow_reuse_vma),
				   AT_FN("ptep_set_access_flags",
					 "do_wp_page", vms_cow_reuse_vma),
				   SYM("wp_page_reuse"),
				   SYM("wp_page_reuse.constprop.0")),
		.fn = vms_cow_reuse,
	},
	[VMS_P_COW_REUSE_PMD] = {
		.event = "cow_reuse_thp",
		.hook = VMS_HOOK_ENTRY,
		.cand = CANDIDATES(AT("pmdp_set_access_flags",
				      "do_huge_pmd_wp_page")),
		.fn = vms_cow_reuse_pmd,
		.absent = VMS_NO_THP,
	},
	[VMS_P_PGTBL_PTE] = {
		.event = "pgtbl_pte",
		.hook = VMS_HOOK_ENTRY,
		.cand = CANDIDATES(SYM("pmd_install")),
		.fn = vms_pte_install,
	},
	[VMS_P_PGTBL_PMD] = {
		.event = "pgtbl_pmd",
		.hook = VMS_HOOK_KRETPROBE,
		.cand = CANDIDATES(SYM("__pmd_alloc")),
		.entry = vms_upper_entry,
		.ret = vms_pmd_ret,
		.data_size = sizeof(struct vms_pgtbl_call),
	},
	[VMS_P_PGTBL_PUD] = {
		.event = "pgtbl_pud",
		.hook = VMS_HOOK_KRETPROBE,
		.cand = CANDIDATES(SYM("__pud_alloc")),
		.entry = vms_upper_entry,
		.ret = vms_pud_ret,
		.data_size = sizeof(struct vms_pgtbl_call),
	},
	[VMS_P_PGTBL_P4D] = {
		.event = "pgtbl_p4d",
		.hook = VMS_HOOK_KRETPROBE,
		.cand = CANDIDATES(SYM("__p4d_alloc")),
		.entry = vms_upper_entry,
		.ret = vms_p4d_ret,
		.data_size = sizeof(struct vms_pgtbl_call),
	},
	[VMS_P_MM_FREE] = {
		.event = "pgtbl_pending",
		.hook = VMS_HOOK_ENTRY,
		.cand = CANDIDATES(SYM("__mmdrop")),
		.fn = vms_mm_free,
	},
	[VMS_P_THP_FAULT] = {
		.event = "thp_fault",
		.hook = VMS_HOOK_KRETPROBE,
		.cand = CANDIDATES(SYM("do_huge_pmd_anonymous_page")),
		.entry = vms_thp_entry,
		.ret = vms_thp_ret,
		.data_size = sizeof(struct vms_fault_call),
		.absent = VMS_NO_THP,
	},
	[VMS_P_SWAPIN] = {
		.event = "swapin",
		.hook = VMS_HOOK_ENTRY,
		/* Where do_swap_page() lets go of the swap entry. */
		.cand = CANDIDATES(AT_FN("folio_put_swap", "do_swap_page",
					 vms_swapin_folio),
				   AT_FN("swap_free_nr", "do_swap_page",
					 vms_swapin_nr),
				   AT_FN("swap_free", "do_swap_page",
					 vms_swapin_one)),
		.rider = VMS_P_SWAPIN_FAULT,
	},
	[VMS_P_SWAPIN_FAULT] = {
		/* Swap-ins of another mm (GUP), told by swapout's tracepoint. */
		.event = "swapin_remote",
		.hook = VMS_HOOK_VIA,
		.cand = CANDIDATES(SYM("rss_stat")),
		.via = VMS_P_SWAPOUT,
	},
	[VMS_P_SWAPOUT] = {
		.event = "swapout",
		.hook = VMS_HOOK_TP,
		.cand = CANDIDATES(SYM("rss_stat")),
		.tp_fn = vms_tp_rss_stat,
		.rider = VMS_P_SWAPIN_FAULT,
	},
	[VMS_P_OOM_TRIGGER] = {
		.event = "oom_trigger",
		.hook = VMS_HOOK_ENTRY,
		.cand = CANDIDATES(SYM("oom_kill_process")),
		.fn = vms_oom_trigger,
	},
	[VMS_P_OOM_VICTIM] = {
		.event = "oom_victim",
		.hook = VMS_HOOK_ENTRY,
		.cand = CANDIDATES(SYM("__oom_kill_process")),
		.fn = vms_oom_victim,
	},
	[VMS_P_OOM_KILL] = {
		.event = "oom_kill",
		.hook = VMS_HOOK_TP,
		.cand = CANDIDATES(SYM("mark_victim")),
		.tp_fn = vms_tp_mark_victim,
	},
	[VMS_P_FAULT_LAT] = {
		.event = "fault_lat_ns",
		.hook = VMS_HOOK_KRETPROBE,
		.cand = CANDIDATES(SYM("handle_mm_fault")),
		.entry = vms_fault_ret_entry,
		.ret = vms_fault_ret,
		.data_size = sizeof(u64),
		.latency = true,
	},
	/* Memory stalls and refaults: stall.c says how. */
	[VMS_P_STALL] = {
		.event = "stall",
		.hook = VMS_HOOK_ENTRY,
		.cand = CANDIDATES(SYM("psi_memstall_enter")),
		.fn = vms_stall_enter,
		.caller_ip = true,
		.absent = VMS_NO_PSI,
	},
	[VMS_P_STALL_END] = {
		.event = "stall_end",
		.hook = VMS_HOOK_ENTRY,
		.cand = CANDIDATES(SYM("psi_memstall_leave")),
		.fn = vms_stall_leave,
		.absent = VMS_NO_PSI,
	},
	[VMS_P_STALL_RECLAIM] = {
		.event = "stall_reclaim",
		.hook = VMS_HOOK_VIA,
		.cand = CANDIDATES(SYM("psi_memstall_leave")),
		.via = VMS_P_STALL_END,
	},
	[VMS_P_STALL_COMPACT] = {
		.event = "stall_compact",
		.hook = VMS_HOOK_VIA,
		.cand = CANDIDATES(SYM("psi_memstall_leave")),
		.via = VMS_P_STALL_END,
	},
	[VMS_P_STALL_THRASHING] = {
		.event = "stall_thrashing",
		.hook = VMS_HOOK_VIA,
		.cand = CANDIDATES(SYM("psi_memstall_leave")),
		.via = VMS_P_STALL_END,
	},
	[VMS_P_STALL_MEMHIGH] = {
		.event = "stall_memhigh",
		.hook = VMS_HOOK_VIA,
		.cand = CANDIDATES(SYM("psi_memstall_leave")),
		.via = VMS_P_STALL_END,
	},
	[VMS_P_MARK_RECLAIM] = {
		.event = "stall_mark_reclaim",
		.hook = VMS_HOOK_ENTRY,
		.cand = CANDIDATES(SYM("try_to_free_pages")),
		.fn = vms_stall_mark_reclaim,
		.absent = VMS_NO_PSI,
	},
	[VMS_P_MARK_RECLAIM_MEMCG] = {
		.event = "stall_mark_reclaim_memcg",
		.hook = VMS_HOOK_ENTRY,
		.cand = CANDIDATES(SYM("try_to_free_mem_cgroup_pages")),
		.fn = vms_stall_mark_reclaim,
		.absent = VMS_NO_PSI,
	},
	[VMS_P_MARK_COMPACT] = {
		.event = "stall_mark_compact",
		/* At its return: its result says whether compaction ran. */
		.hook = VMS_HOOK_KRETPROBE,
		.cand = CANDIDATES(SYM("try_to_compact_pages")),
		.ret = vms_stall_mark_compact,
		.absent = VMS_NO_PSI,
	},
	[VMS_P_STALL_SWAPIN] = {
		.event = "stall_swapin",
		.hook = VMS_HOOK_KRETPROBE,
		/* 6.12 and later; 6.1 reads a page */
		.cand = CANDIDATES(SYM("swap_read_folio"), SYM("swap_readpage")),
		.entry = vms_swapin_wait_entry,
		.ret = vms_swapin_wait_ret,
		.data_size = 2 * sizeof(u64),
	},
	[VMS_P_REFAULT] = {
		.event = "refault",
		.hook = VMS_HOOK_SITES,
		/* 7.x: mod_lruvec_state() is a function of its own. */
		.cand = CANDIDATES(AT("__mod_lruvec_state", "workingset_refault"),
				   AT("__mod_lruvec_state", "lru_gen_refault"),
				   AT("mod_lruvec_state", "workingset_refault"),
				   AT("mod_lruvec_state", "lru_gen_refault")),
		.fn = vms_refault,
	},
};


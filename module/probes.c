// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope: the probe table.
 *
 * Each event names its hook kind and an ordered list of candidates
 * (tracepoint or symbol names); one loop registers them.  A function entry
 * is hooked with an ftrace callback of its own (a direct call from the
 * function's fentry site, arguments but no full register save), for the
 * one whose calls are mostly dropped with a direct-call trampoline of its
 * own, or with a kprobe where ftrace cannot attach.  A candidate that
 * does not exist on this kernel (-ENOENT) passes to the next one; an event
 * with no candidate left stays "unavailable" and the module loads anyway.
 * The outcome of every event is shown in debugfs "probes" with its hit and
 * missed counts: nothing is ever a silent zero.
 *
 * Hit counts are per-CPU and summed when read.  vms_probe_mutex serialises
 * registration (load, unload, the latency knob) and the state fields.
 */
#include <linux/tracepoint.h>
#include <linux/ftrace.h>
#include <linux/hash.h>
#include <linux/mutex.h>
#include <linux/binfmts.h>
#include <linux/kallsyms.h>
#include <linux/ptrace.h>
#include <linux/uaccess.h>
#include <asm/ibt.h>
#include <asm/linkage.h>
#include <asm/nospec-branch.h>
#include "vmscope.h"

enum vms_hook {
	VMS_HOOK_READ,		/* nothing to hook: read from the kernel */
	VMS_HOOK_TP,		/* tracepoint */
	VMS_HOOK_ENTRY,		/* function entry, optionally from one caller */
	VMS_HOOK_KRETPROBE,	/* kretprobe with entry handler */
	VMS_HOOK_VIA,		/* told by another event's hook */
};

/*
 * A candidate: a symbol (or tracepoint), and for kprobes optionally the
 * function it must be called from.  A call-site restriction finds a point
 * inside a function that is inlined on some kernels: the callee is a real
 * function and the return address must lie in the caller's text.
 */
struct vms_cand {
	const char		*sym;
	const char		*caller;
	vms_entry_fn		fn;		/* instead of the event's */
};

struct vms_probe {
	const char		*event;
	enum vms_hook		hook;
	const struct vms_cand	*cand;		/* ends with a NULL sym */
	void			*tp_fn;
	vms_entry_fn		fn;		/* entry */
	kretprobe_handler_t	entry;
	kretprobe_handler_t	ret;
	size_t			data_size;
	bool			latency;	/* only in latency mode */
	unsigned int		via;		/* VMS_HOOK_VIA: whose hook */
	const char		*absent;	/* why not on this kernel */
	bool			want_direct;	/* callers mostly filtered */

	/* vms_probe_mutex */
	enum vmscope_probe_state state;
	char			attached[64];
	int			err;
	struct tracepoint	*tp;
	struct kprobe		kp;
	struct kretprobe	rp;
	bool			ftrace;		/* entry hooked by vms_fops */
	bool			direct;		/* ... by vms_dops instead */
	unsigned long		missed;		/* of earlier registrations */
	/* Set before the hook is registered, read by its handler. */
	vms_entry_fn		efn;
	unsigned long		caller_lo;
	unsigned long		caller_len;	/* 0: any caller */
	unsigned long		ip;		/* ftrace hooks: fentry site */
};

static DEFINE_PER_CPU(unsigned long [VMS_P_NR], vms_hits);
/* Events seen and not counted (an ftrace callback recursing, ...). */
static DEFINE_PER_CPU(unsigned long [VMS_P_NR], vms_missed);
static DEFINE_MUTEX(vms_probe_mutex);
static bool vms_latency;

void vms_probe_hit(unsigned int id)
{
	this_cpu_inc(vms_hits[id]);
}

/* An event the probe saw and could not count. */
void vms_probe_miss(unsigned int id)
{
	this_cpu_inc(vms_missed[id]);
}

static void vms_tp_fork(void *data, struct task_struct *parent,
			struct task_struct *child)
{
	vms_probe_hit(VMS_P_FORK);
	vms_proc_fork(child);
	vms_mm_adopt(child);
}

static void vms_tp_exec(void *data, struct task_struct *p, pid_t old_pid,
			struct linux_binprm *bprm)
{
	vms_probe_hit(VMS_P_EXEC);
	vms_proc_exec(p);
	vms_mm_adopt(p);
}

static void vms_tp_free(void *data, struct task_struct *p)
{
	vms_probe_hit(VMS_P_FREE);
	vms_proc_free(p);
}

#define CANDIDATES(...)	((const struct vms_cand[]){ __VA_ARGS__, { } })
#define SYM(s)		{ .sym = (s) }
#define AT(s, c)	{ .sym = (s), .caller = (c) }
#define AT_FN(s, c, f)	{ .sym = (s), .caller = (c), .fn = (f) }

#ifdef CONFIG_TRANSPARENT_HUGEPAGE
#define VMS_NO_THP	NULL
#else
#define VMS_NO_THP	"kernel built without CONFIG_TRANSPARENT_HUGEPAGE"
#endif

static struct vms_probe vms_probes[VMS_P_NR] = {
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
		 */
		.cand = CANDIDATES(AT_FN("ptep_set_access_flags",
					 "wp_page_reuse", vms_cow_reuse_vma),
				   AT_FN("ptep_set_access_flags",
					 "wp_page_reuse.constprop.0",
					 vms_cow_reuse_vma),
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
		.tp_fn = vms_swapout,
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
		.tp_fn = vms_oom_mark_victim,
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
};

struct vms_tp_find {
	const char		*name;
	struct tracepoint	*tp;
};

static void vms_tp_match(struct tracepoint *tp, void *priv)
{
	struct vms_tp_find *f = priv;

	if (!strcmp(tp->name, f->name))
		f->tp = tp;
}

/*
 * Start and size of function @name's text: a kprobe finds its address,
 * kallsyms its size.  The kprobe is registered disabled, so it is never
 * armed: nothing is patched and nothing waits.  Its address is the
 * function's entry as kprobes and ftrace see it (past an ENDBR64).
 */
static int vms_func_range(const char *name, unsigned long *lo,
			  unsigned long *len, unsigned long *entry)
{
	struct kprobe kp = { .symbol_name = name,
			     .flags = KPROBE_FLAG_DISABLED };
	char buf[KSYM_SYMBOL_LEN];
	unsigned long off, size;
	char *plus;
	int ret;

	ret = register_kprobe(&kp);
	if (ret)
		return ret;
	unregister_kprobe(&kp);
	sprint_symbol(buf, (unsigned long)kp.addr);
	plus = strrchr(buf, '+');
	if (!plus || sscanf(plus, "+%lx/%lx", &off, &size) != 2 || !size)
		return -EINVAL;
	*lo = (unsigned long)kp.addr - off;
	*len = size;
	if (entry)
		*entry = (unsigned long)kp.addr;
	return 0;
}

/*
 * Whether the text of the function at [@lo, @lo + @len) calls @target
 * directly (x86 "call rel32").  A caller that inlines the callee on this
 * kernel, or reaches it only through another function, does not.
 */
static bool vms_calls(unsigned long lo, unsigned long len,
		      unsigned long target)
{
	unsigned long a;
	u8 insn[5];
	s32 rel;

	for (a = lo; a + sizeof(insn) <= lo + len; a++) {
		if (copy_from_kernel_nofault(insn, (void *)a, sizeof(insn)))
			return false;
		if (insn[0] != 0xe8)
			continue;
		memcpy(&rel, insn + 1, sizeof(rel));
		if (a + sizeof(insn) + rel == target)
			return true;
	}
	return false;
}

/* Kprobe handler: filter by call site, then the event's handler. */
static int vms_kprobe_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct vms_probe *p = container_of(kp, struct vms_probe, kp);

	if (p->caller_len &&
	    regs_get_kernel_stack_nth(regs, 0) - p->caller_lo >= p->caller_len)
		return 0;
	if (p->efn(regs_get_kernel_argument(regs, 0),
		   regs_get_kernel_argument(regs, 1),
		   regs_get_kernel_argument(regs, 2)))
		vms_probe_hit(p - vms_probes);
	return 0;
}

#ifdef ftrace_regs_get_argument
#define vms_ftrace_arg(fregs, n)	ftrace_regs_get_argument(fregs, n)
#else	/* 6.1: x86's struct ftrace_regs is a pt_regs */
#define vms_ftrace_arg(fregs, n)	regs_get_kernel_argument(&(fregs)->regs, n)
#endif

/*
 * One ftrace_ops for every entry hook: its unregistration waits for one
 * RCU-tasks grace period where an ops per event waited for one each (in a
 * TCG VM under load, seconds per rmmod).  The callback finds the event by
 * the fentry address of the function it was called from, in a small
 * open-addressed table that vms_probe_mutex fills before the address goes
 * into the filter and empties only once the ops is unregistered.
 */
#define VMS_FT_BITS	5
#define VMS_FT_SLOTS	BIT(VMS_FT_BITS)	/* > entry events */

static struct ftrace_ops vms_fops;
static unsigned long vms_ft_ip[VMS_FT_SLOTS];
static struct vms_probe *vms_ft_probe[VMS_FT_SLOTS];
static bool vms_fops_on;			/* vms_probe_mutex */
static bool vms_ft_broken;	/* ftrace refused vms_fops, or ftrace=0 */

/*
 * The callbacks read the table unlocked: an address is in it before the
 * code that calls the callback for it is patched in, and the patching
 * serialises every CPU.
 */
static notrace struct vms_probe *vms_ft_find(unsigned long ip)
{
	unsigned int i = hash_long(ip, VMS_FT_BITS), n;
	unsigned long v;

	for (n = 0; n < VMS_FT_SLOTS; n++) {
		v = READ_ONCE(vms_ft_ip[i]);
		if (v == ip)
			return READ_ONCE(vms_ft_probe[i]);
		if (!v)
			return NULL;
		i = (i + 1) & (VMS_FT_SLOTS - 1);
	}
	return NULL;
}

/* The slot @ip now has, or -errno. */
static int vms_ft_add(struct vms_probe *p, unsigned long ip)
{
	unsigned int i = hash_long(ip, VMS_FT_BITS), n;

	lockdep_assert_held(&vms_probe_mutex);
	for (n = 0; n < VMS_FT_SLOTS; n++) {
		/* Another event on the same function: a kprobe for this one. */
		if (vms_ft_ip[i] == ip)
			return -EBUSY;
		if (!vms_ft_ip[i]) {
			WRITE_ONCE(vms_ft_probe[i], p);
			/* The probe before the address that finds it. */
			smp_store_release(&vms_ft_ip[i], ip);
			return i;
		}
		i = (i + 1) & (VMS_FT_SLOTS - 1);
	}
	return -ENOSPC;
}

/*
 * Handlers in progress on this CPU: one at most.  No handler calls a
 * hooked function, and no hooked function runs in interrupt context, so a
 * nested call is a bug to be seen (counted as missed), not a case to
 * serve.  This guard is a per-CPU counter rather than
 * ftrace_test_recursion_trylock(): that one computes the context level and
 * rewrites current->trace_recursion twice, about 35 instructions a call:
 * 0.0013 of 6.1's swap workload under -icount (see bench.rst).
 */
static DEFINE_PER_CPU(unsigned int, vms_ft_depth);

/*
 * ftrace callback, called from a hooked function's fentry site @ip with
 * preemption enabled: @parent_ip is the return address into its caller.
 * The handler runs with preemption disabled.
 */
static __always_inline void vms_ft_run(struct vms_probe *p, unsigned long a0,
				       unsigned long a1, unsigned long a2)
{
	preempt_disable_notrace();
	if (unlikely(this_cpu_inc_return(vms_ft_depth) != 1)) {
		vms_probe_miss(p - vms_probes);
		goto out;
	}
	if (p->efn(a0, a1, a2))
		vms_probe_hit(p - vms_probes);
out:
	this_cpu_dec(vms_ft_depth);
	preempt_enable_notrace();
}

static void notrace vms_ftrace_fn(unsigned long ip, unsigned long parent_ip,
				  struct ftrace_ops *ops,
				  struct ftrace_regs *fregs)
{
	struct vms_probe *p = vms_ft_find(ip);

	if (unlikely(!p))
		return;
	if (p->caller_len && parent_ip - p->caller_lo >= p->caller_len)
		return;
	vms_ft_run(p, vms_ftrace_arg(fregs, 0), vms_ftrace_arg(fregs, 1),
		   vms_ftrace_arg(fregs, 2));
}

/*
 * A direct call (register_ftrace_direct(), as BPF trampolines use) for
 * the one entry hook whose function is called mostly from elsewhere:
 * ptep_clear_flush(), which reclaim calls for every page it unmaps on
 * 6.1 and 6.12 when it cannot defer the TLB flush.  Through vms_fops each
 * of those calls saves and restores the argument registers in ftrace's
 * trampoline and looks the event up before the caller filter drops it;
 * here the fentry site calls vms_direct_tramp, which compares the return
 * address into the caller with the caller's text (four instructions) and
 * returns, or calls vms_direct_fn() with the arguments still in their
 * registers, saving those it clobbers.  Preemption is on in the
 * trampoline, as in ftrace's; unregistering the ops waits for an
 * RCU-tasks grace period, after which no task is inside it.
 */
#if defined(CONFIG_X86_64) && defined(CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS)
#define VMS_DIRECT	1

#ifndef CALL_DEPTH_ACCOUNT	/* 6.1: no call depth tracking */
#define CALL_DEPTH_ACCOUNT ""
#endif

static struct ftrace_ops vms_dops;
static struct vms_probe *vms_direct_probe;	/* vms_probe_mutex */
static bool vms_dops_on;			/* vms_probe_mutex */
static bool vms_direct_broken;			/* vms_probe_mutex */
/* The caller's text; set before vms_dops is registered. */
static unsigned long vms_direct_lo __used;
static unsigned long vms_direct_len __used;

static void notrace __used vms_direct_fn(unsigned long a0, unsigned long a1,
					 unsigned long a2)
{
	vms_ft_run(READ_ONCE(vms_direct_probe), a0, a1, a2);
}

/*
 * Entered from the fentry site: 0(%rsp) returns into the hooked function,
 * 8(%rsp) into its caller.  %r11 is free there (not an argument register;
 * ftrace's own trampoline does not keep it either).
 */
asm("	.pushsection	.text, \"ax\", @progbits\n"
"	.type		vms_direct_tramp, @function\n"
"	.globl		vms_direct_tramp\n"
"vms_direct_tramp:\n"
	ASM_ENDBR
	CALL_DEPTH_ACCOUNT
"	movq	8(%rsp), %r11\n"
"	subq	vms_direct_lo(%rip), %r11\n"
"	cmpq	vms_direct_len(%rip), %r11\n"
"	jae	1f\n"
"	pushq	%rbp\n"
"	movq	%rsp, %rbp\n"
"	pushq	%rdi\n"
"	pushq	%rsi\n"
"	pushq	%rdx\n"
"	pushq	%rcx\n"
"	pushq	%r8\n"
"	pushq	%r9\n"
"	pushq	%rax\n"
"	call	vms_direct_fn\n"
"	popq	%rax\n"
"	popq	%r9\n"
"	popq	%r8\n"
"	popq	%rcx\n"
"	popq	%rdx\n"
"	popq	%rsi\n"
"	popq	%rdi\n"
"	leave\n"
"1:\n"
	ASM_RET
"	.size		vms_direct_tramp, .-vms_direct_tramp\n"
"	.popsection\n"
);

#ifdef VMS_HAVE_FTRACE_DIRECT_MULTI	/* 6.1 */
#define vms_direct_register(ops, addr)	register_ftrace_direct_multi(ops, addr)
#define vms_direct_unregister(ops, addr) \
	unregister_ftrace_direct_multi(ops, addr)
#else
#define vms_direct_register(ops, addr)	register_ftrace_direct(ops, addr)
#define vms_direct_unregister(ops, addr) \
	unregister_ftrace_direct(ops, addr, false)
#endif

/* Put @p's function (entered at @ip) in vms_dops' filter. */
static int vms_direct_add(struct vms_probe *p, unsigned long ip)
{
	int ret;

	lockdep_assert_held(&vms_probe_mutex);
	if (!p->want_direct || vms_direct_probe || vms_dops_on ||
	    vms_direct_broken)
		return -EBUSY;
	ret = ftrace_set_filter_ip(&vms_dops, ip, 0, 0);
	if (ret)
		return ret;
	vms_direct_lo = p->caller_len ? p->caller_lo : 0;
	vms_direct_len = p->caller_len ?: ULONG_MAX;
	WRITE_ONCE(vms_direct_probe, p);
	return 0;
}
#else
static int vms_direct_add(struct vms_probe *p, unsigned long ip)
{
	return -EOPNOTSUPP;
}
#endif

/*
 * Hook the function entered at @ip: through vms_fops, else a kprobe.  At
 * load the ops is not registered yet and this only fills its filter:
 * vms_ft_start() patches every entry site in one go.
 */
static int vms_ft_hook(struct vms_probe *p, unsigned long ip)
{
	int ret, slot;

	slot = vms_ft_add(p, ip);
	ret = slot < 0 ? slot : ftrace_set_filter_ip(&vms_fops, ip, 0, 0);
	if (!ret) {
		p->ftrace = true;
		return 0;
	}
	/* Not in the filter: nothing can look the slot up. */
	if (slot >= 0) {
		WRITE_ONCE(vms_ft_ip[slot], 0);
		vms_ft_probe[slot] = NULL;
	}
	return ret;
}

static int vms_attach_entry(struct vms_probe *p, const char *sym,
			    unsigned long ip)
{
	int ret = -ENODEV;

	if (!vms_ft_broken) {
		p->ip = ip;
		if (p->want_direct && !vms_direct_add(p, ip)) {
			p->ftrace = true;
			p->direct = true;
			return 0;
		}
		ret = vms_ft_hook(p, ip);
		if (!ret)
			return 0;
	}
	if (vms_param_ftrace)
		pr_info("%s: no ftrace hook (%pe), a kprobe instead\n", sym,
			ERR_PTR(ret));
	memset(&p->kp, 0, sizeof(p->kp));
	p->kp.symbol_name = sym;
	p->kp.pre_handler = vms_kprobe_pre;
	return register_kprobe(&p->kp);
}

/*
 * Unhook every ftrace entry hook at once (unload, ftrace refusing the
 * ops): after unregister_ftrace_function() no callback runs any more.  The
 * filter stays: 6.1 and 6.12's ftrace_free_filter() leaves the ops
 * pointing at the hashes it freed, so the ops is unusable after it, and it
 * runs once, at unload.
 */
static void vms_ft_shutdown(void)
{
	unsigned int i;

	lockdep_assert_held(&vms_probe_mutex);
	if (vms_fops_on)
		unregister_ftrace_function(&vms_fops);
	vms_fops_on = false;
#ifdef VMS_DIRECT
	if (vms_dops_on)
		vms_direct_unregister(&vms_dops, (unsigned long)vms_direct_tramp);
	vms_dops_on = false;
	vms_direct_probe = NULL;
#endif
	for (i = 0; i < VMS_FT_SLOTS; i++) {
		vms_ft_ip[i] = 0;
		vms_ft_probe[i] = NULL;
	}
	for (i = 0; i < VMS_P_NR; i++) {
		if (vms_probes[i].ftrace) {
			vms_probes[i].ftrace = false;
			vms_probes[i].direct = false;
			vms_probes[i].state = VMSCOPE_PROBE_STATE_OFF;
		}
	}
}

static void vms_attach(struct vms_probe *p);

#ifdef VMS_DIRECT
/*
 * Register vms_dops if it holds an event.  If ftrace will not have it
 * (a BPF trampoline on the function already, say: -EBUSY), the event
 * goes to vms_fops, whose registration follows.
 */
static void vms_direct_start(void)
{
	struct vms_probe *p = vms_direct_probe;
	int ret;

	lockdep_assert_held(&vms_probe_mutex);
	if (!p || vms_dops_on)
		return;
	ret = vms_direct_register(&vms_dops, (unsigned long)vms_direct_tramp);
	if (!ret) {
		vms_dops_on = true;
		return;
	}
	pr_info("%s: no direct call (%pe), the ftrace callback instead\n",
		p->event, ERR_PTR(ret));
	ftrace_set_filter_ip(&vms_dops, p->ip, 1, 0);
	vms_direct_probe = NULL;
	vms_direct_broken = true;
	p->ftrace = false;
	p->direct = false;
	p->state = VMSCOPE_PROBE_STATE_OFF;
	vms_attach(p);
}
#else
static void vms_direct_start(void)
{
}
#endif

/*
 * Register vms_fops with the filter vms_attach_entry() filled.  If ftrace
 * will not have it, the entry hooks it held fall back to kprobes.
 */
static void vms_ft_start(void)
{
	struct vms_probe *p;
	int ret;

	lockdep_assert_held(&vms_probe_mutex);
	vms_direct_start();
	if (vms_fops_on)
		return;
	for (p = vms_probes; p < vms_probes + VMS_P_NR; p++)
		if (p->ftrace && !p->direct)
			break;
	if (p == vms_probes + VMS_P_NR)
		return;		/* never an empty filter: that traces all */
	vms_fops.func = vms_ftrace_fn;
	ret = register_ftrace_function(&vms_fops);
	if (!ret) {
		vms_fops_on = true;
		return;
	}
	pr_info("ftrace: cannot register (%pe), kprobes instead\n",
		ERR_PTR(ret));
	vms_ft_broken = true;
	vms_ft_shutdown();
	/* The entry hooks vms_ft_shutdown() turned off. */
	for (p = vms_probes; p < vms_probes + VMS_P_NR; p++)
		if (p->hook == VMS_HOOK_ENTRY && !p->latency &&
		    p->state == VMSCOPE_PROBE_STATE_OFF)
			vms_attach(p);
}

static bool vms_probe_attached(const struct vms_probe *p)
{
	return p->state == VMSCOPE_PROBE_STATE_ATTACHED ||
	       p->state == VMSCOPE_PROBE_STATE_FALLBACK;
}

static int vms_attach_one(struct vms_probe *p, const struct vms_cand *c)
{
	struct vms_tp_find f = { .name = c->sym };
	int ret;

	switch (p->hook) {
	case VMS_HOOK_READ:
		return 0;
	case VMS_HOOK_ENTRY: {
		unsigned long lo, len, entry;

		p->caller_len = 0;
		p->ftrace = false;
		p->efn = c->fn ?: p->fn;
		ret = vms_func_range(c->sym, &lo, &len, &entry);
		if (ret)
			return ret;
		if (c->caller) {
			ret = vms_func_range(c->caller, &p->caller_lo,
					     &p->caller_len, NULL);
			if (ret)
				return ret;
			/* Not called from there on this kernel: next one. */
			if (!vms_calls(p->caller_lo, p->caller_len, lo)) {
				p->caller_len = 0;
				return -ENOENT;
			}
		}
		return vms_attach_entry(p, c->sym, entry);
	}
	case VMS_HOOK_TP:
		for_each_kernel_tracepoint(vms_tp_match, &f);
		if (!f.tp)
			return -ENOENT;
		ret = tracepoint_probe_register(f.tp, p->tp_fn, p);
		if (!ret)
			p->tp = f.tp;
		return ret;
	case VMS_HOOK_KRETPROBE:
		memset(&p->rp, 0, sizeof(p->rp));
		p->rp.kp.symbol_name = c->sym;
		p->rp.entry_handler = p->entry;
		p->rp.handler = p->ret;
		p->rp.data_size = p->data_size;
		p->rp.maxactive = vms_maxactive;
		return register_kretprobe(&p->rp);
	case VMS_HOOK_VIA:
		return vms_probe_attached(&vms_probes[p->via]) ? 0 : -ENOENT;
	}
	return -EINVAL;
}

static void vms_detach(struct vms_probe *p)
{
	lockdep_assert_held(&vms_probe_mutex);
	if (!vms_probe_attached(p))
		return;
	switch (p->hook) {
	case VMS_HOOK_READ:
	case VMS_HOOK_VIA:
		break;
	case VMS_HOOK_TP:
		tracepoint_probe_unregister(p->tp, p->tp_fn, p);
		p->tp = NULL;
		break;
	case VMS_HOOK_ENTRY:
		/* ftrace entry hooks come and go together. */
		if (p->ftrace) {
			vms_ft_shutdown();
			return;
		}
		unregister_kprobe(&p->kp);
		p->missed += p->kp.nmissed;
		break;
	case VMS_HOOK_KRETPROBE:
		unregister_kretprobe(&p->rp);
		p->missed += p->rp.nmissed + p->rp.kp.nmissed;
		break;
	}
	p->state = VMSCOPE_PROBE_STATE_OFF;
}

/* Try each candidate in order; -ENOENT passes to the next. */
static void vms_attach(struct vms_probe *p)
{
	int i, ret = -ENOENT;

	lockdep_assert_held(&vms_probe_mutex);
	p->attached[0] = '\0';
	if (p->absent) {
		p->err = -ENOENT;
		p->state = VMSCOPE_PROBE_STATE_UNAVAILABLE;
		return;
	}
	for (i = 0; p->cand[i].sym; i++) {
		ret = vms_attach_one(p, &p->cand[i]);
		if (ret != -ENOENT)
			break;
	}
	p->err = ret;
	if (!ret) {
		if (p->cand[i].caller)
			snprintf(p->attached, sizeof(p->attached), "%s@%s",
				 p->cand[i].sym, p->cand[i].caller);
		else
			strscpy(p->attached, p->cand[i].sym,
				sizeof(p->attached));
		if (p->hook == VMS_HOOK_READ)
			p->state = VMSCOPE_PROBE_STATE_READ;
		else
			p->state = i ? VMSCOPE_PROBE_STATE_FALLBACK :
				       VMSCOPE_PROBE_STATE_ATTACHED;
		return;
	}
	p->state = ret == -ENOENT ? VMSCOPE_PROBE_STATE_UNAVAILABLE :
				    VMSCOPE_PROBE_STATE_FAILED;
	pr_info("event %s: no probe attached (%pe)\n", p->event, ERR_PTR(ret));
}

int vms_latency_set(bool on)
{
	unsigned int i;
	int ret = 0;

	mutex_lock(&vms_probe_mutex);
	if (on == vms_latency)
		goto out;
	/* Histograms before the probes, probes before the histograms go. */
	if (on) {
		ret = vms_table_lat(true);
		if (ret)
			goto out;
	}
	for (i = 0; i < VMS_P_NR; i++) {
		if (!vms_probes[i].latency)
			continue;
		if (on) {
			vms_attach(&vms_probes[i]);
			if (vms_probes[i].err)
				ret = vms_probes[i].err;
		} else {
			vms_detach(&vms_probes[i]);
		}
	}
	if (on)
		vms_ft_start();
	else
		vms_table_lat(false);
	vms_latency = on;
out:
	mutex_unlock(&vms_probe_mutex);
	return ret;
}

bool vms_latency_on(void)
{
	return READ_ONCE(vms_latency);
}

int vms_probes_init(void)
{
	unsigned int i;

	mutex_lock(&vms_probe_mutex);
	vms_ft_broken = !vms_param_ftrace;
	for (i = 0; i < VMS_P_NR; i++) {
		vms_probes[i].state = VMSCOPE_PROBE_STATE_OFF;
		vms_probes[i].missed = 0;
		if (!vms_probes[i].latency &&
		    vms_probes[i].hook != VMS_HOOK_VIA)
			vms_attach(&vms_probes[i]);
	}
	vms_ft_start();
	/* After the hooks they ride on, the kprobe fallback included. */
	for (i = 0; i < VMS_P_NR; i++)
		if (vms_probes[i].hook == VMS_HOOK_VIA)
			vms_attach(&vms_probes[i]);
	mutex_unlock(&vms_probe_mutex);
	if (vms_param_latency)
		vms_latency_set(true);
	return 0;
}

void vms_probes_exit(void)
{
	unsigned int i;

	mutex_lock(&vms_probe_mutex);
	vms_ft_shutdown();
	ftrace_free_filter(&vms_fops);
#ifdef VMS_DIRECT
	ftrace_free_filter(&vms_dops);
#endif
	for (i = 0; i < VMS_P_NR; i++)
		vms_detach(&vms_probes[i]);
	vms_latency = false;
	mutex_unlock(&vms_probe_mutex);
	/* No tracepoint handler runs after this. */
	tracepoint_synchronize_unregister();
}

unsigned int vms_probes_count(void)
{
	return VMS_P_NR;
}

static const char *const vms_state_names[] = {
	[VMSCOPE_PROBE_STATE_OFF] = "off",
	[VMSCOPE_PROBE_STATE_ATTACHED] = "attached",
	[VMSCOPE_PROBE_STATE_FALLBACK] = "fallback",
	[VMSCOPE_PROBE_STATE_UNAVAILABLE] = "unavailable",
	[VMSCOPE_PROBE_STATE_FAILED] = "failed",
	[VMSCOPE_PROBE_STATE_READ] = "read",
};

/* How an event is hooked; vms_probe_mutex. */
static const char *vms_hook_name(const struct vms_probe *p)
{
	switch (p->hook) {
	case VMS_HOOK_READ:
		return "read";
	case VMS_HOOK_TP:
		return "tracepoint";
	case VMS_HOOK_ENTRY:
		if (!vms_probe_attached(p))
			return "entry";
		if (p->direct)
			return "ftrace-direct";
		return p->ftrace ? "ftrace" : "kprobe";
	case VMS_HOOK_KRETPROBE:
		return "kretprobe";
	case VMS_HOOK_VIA:
		return vms_hook_name(&vms_probes[p->via]);
	}
	return "?";
}

void vms_probe_info(unsigned int i, struct vms_probe_info *info)
{
	struct vms_probe *p = &vms_probes[i];
	int cpu;

	mutex_lock(&vms_probe_mutex);
	info->event = p->event;
	if (p->attached[0])
		strscpy(info->symbol, p->attached, sizeof(info->symbol));
	else if (p->cand[0].caller)
		snprintf(info->symbol, sizeof(info->symbol), "%s@%s",
			 p->cand[0].sym, p->cand[0].caller);
	else
		strscpy(info->symbol, p->cand[0].sym, sizeof(info->symbol));
	info->why = p->absent;
	/* Attached, and never hit for a reason worth saying. */
	if (i == VMS_P_PGTBL_P4D && !pgtable_l5_enabled())
		info->why = "4-level paging: the P4D level is folded, never allocated";
	info->state = p->state;
	info->state_name = vms_state_names[p->state];
	info->err = p->err;
	info->missed = p->missed;
	if (p->hook == VMS_HOOK_KRETPROBE && vms_probe_attached(p))
		info->missed += p->rp.nmissed + p->rp.kp.nmissed;
	if (p->hook == VMS_HOOK_ENTRY && vms_probe_attached(p) && !p->ftrace)
		info->missed += p->kp.nmissed;
	info->hook = vms_hook_name(p);
	mutex_unlock(&vms_probe_mutex);
	info->hits = 0;
	for_each_possible_cpu(cpu) {
		info->hits += per_cpu(vms_hits[i], cpu);
		info->missed += per_cpu(vms_missed[i], cpu);
	}
}

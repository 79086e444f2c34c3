// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope: how a function entry is hooked on x86-64.
 *
 * An ftrace callback shared by every entry hook (arguments, no full
 * register save), a direct call with a trampoline of its own for the one
 * event whose calls are mostly dropped by its caller check, or a kprobe
 * where ftrace cannot attach (or with ftrace=0).  A candidate that must be
 * called from one function is checked twice: at attach time, that the
 * caller's text calls the function directly (an x86 "call rel32"), and on
 * every call, that the return address lies in the caller's text.
 *
 * Another architecture gives these same functions (probes.h) in a file
 * of its own; the event table and the handlers stay as they are.
 */
#include <linux/ftrace.h>
#include <linux/hash.h>
#include <linux/kallsyms.h>
#include <linux/ptrace.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/ibt.h>
#include <asm/linkage.h>
#include <asm/nospec-branch.h>
#include "probes.h"

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

/*
 * Whether function @name's text calls the function at @target directly;
 * its text in [@lo, @lo + @len) if so.  0, or -errno (-ENOENT: not here).
 */
int vms_func_calls(const char *name, unsigned long target, unsigned long *lo,
		   unsigned long *len)
{
	int ret = vms_func_range(name, lo, len, NULL);

	if (ret)
		return ret;
	return vms_calls(*lo, *len, target) ? 0 : -ENOENT;
}

/* The start of function @name's text, or 0. */
unsigned long vms_func_start(const char *name)
{
	unsigned long lo, len;

	return vms_func_range(name, &lo, &len, NULL) ? 0 : lo;
}

/* Kprobe handler: filter by call site, then the event's handler. */
static int vms_kprobe_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct vms_probe *p = container_of(kp, struct vms_probe, kp);

	unsigned long ret = regs_get_kernel_stack_nth(regs, 0);

	if (p->caller_len && ret - p->caller_lo >= p->caller_len)
		return 0;
	vms_probe_ran(p - vms_probes, p->rider,
		      p->efn(regs_get_kernel_argument(regs, 0),
			     regs_get_kernel_argument(regs, 1),
			     p->caller_ip ? ret :
					    regs_get_kernel_argument(regs, 2)));
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
		vms_probe_ran(p - vms_probes, 0, VMS_MISS);
		goto out;
	}
	vms_probe_ran(p - vms_probes, p->rider, p->efn(a0, a1, a2));
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
		   p->caller_ip ? parent_ip : vms_ftrace_arg(fregs, 2));
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
 * vms_entry_start() patches every entry site in one go.
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
void vms_entry_start(void)
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

/* Hook the entry of candidate @c of @p; -ENOENT: not on this kernel. */
int vms_entry_attach(struct vms_probe *p, const struct vms_cand *c)
{
	unsigned long lo, len, entry;
	int ret;

	p->caller_len = 0;
	p->ftrace = false;
	p->efn = c->fn ?: p->fn;
	ret = vms_func_range(c->sym, &lo, &len, &entry);
	if (ret)
		return ret;
	if (c->caller) {
		ret = vms_func_range(c->caller, &p->caller_lo, &p->caller_len,
				     NULL);
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

/* Unhook @p: ftrace entry hooks come and go together. */
void vms_entry_detach(struct vms_probe *p)
{
	lockdep_assert_held(&vms_probe_mutex);
	if (p->ftrace) {
		vms_ft_shutdown();
		return;
	}
	unregister_kprobe(&p->kp);
	p->missed += p->kp.nmissed;
}

/* Missed by the hook itself, while attached. */
unsigned long vms_entry_missed(const struct vms_probe *p)
{
	return p->ftrace ? 0 : p->kp.nmissed;
}

/* How @p's entry is hooked, for "probes". */
const char *vms_entry_kind(const struct vms_probe *p)
{
	if (p->direct)
		return "ftrace-direct";
	return p->ftrace ? "ftrace" : "kprobe";
}

/* Before the first attach: ftrace=0 takes kprobes only. */
void vms_entry_init(void)
{
	lockdep_assert_held(&vms_probe_mutex);
	vms_ft_broken = !vms_param_ftrace;
}

/* Unload: every entry hook is gone, and the ops' filters with them. */
void vms_entry_exit(void)
{
	lockdep_assert_held(&vms_probe_mutex);
	vms_ft_shutdown();
	ftrace_free_filter(&vms_fops);
#ifdef VMS_DIRECT
	ftrace_free_filter(&vms_dops);
#endif
}

/*
 * VMS_HOOK_SITES: a kprobe on each instruction that calls a candidate's
 * function from the candidate's caller, for every candidate found.  At a
 * call instruction the arguments are in their registers, as at the
 * callee's entry, and only that caller's calls pay: the function itself
 * may be called on every fault from elsewhere.
 */
#define VMS_SITES_MAX	16

struct vms_site {
	struct kprobe		kp;
	struct vms_probe	*p;
};

struct vms_sites {
	struct kprobe		*kps[VMS_SITES_MAX];
	struct vms_site		site[VMS_SITES_MAX];
	int			err;		/* of the last refusal */
};

static int vms_site_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct vms_probe *p = container_of(kp, struct vms_site, kp)->p;

	vms_probe_ran(p - vms_probes, p->rider,
		      p->efn(regs->di, regs->si, regs->dx));
	return 0;
}

/* Kprobes on the calls of @c's function in @c's caller; how many. */
static int vms_sites_add(struct vms_probe *p, const struct vms_cand *c)
{
	struct vms_sites *ss = p->sites;
	unsigned long lo, len, tlo, tlen, a;
	unsigned int n = 0;
	u8 insn[5];
	s32 rel;

	if (vms_func_range(c->sym, &tlo, &tlen, NULL) ||
	    vms_func_range(c->caller, &lo, &len, NULL))
		return 0;
	for (a = lo; a + sizeof(insn) <= lo + len; a++) {
		struct vms_site *s = &ss->site[p->nr_sites];
		int ret;

		if (p->nr_sites == VMS_SITES_MAX)
			break;
		if (copy_from_kernel_nofault(insn, (void *)a, sizeof(insn)))
			break;
		/* call rel32, or a tail call: jmp rel32 */
		if (insn[0] != 0xe8 && insn[0] != 0xe9)
			continue;
		memcpy(&rel, insn + 1, sizeof(rel));
		if (a + sizeof(insn) + rel != tlo)
			continue;
		memset(s, 0, sizeof(*s));
		s->p = p;
		s->kp.addr = (kprobe_opcode_t *)a;
		s->kp.pre_handler = vms_site_pre;
		/* -EILSEQ: bytes inside an instruction that looked like one */
		ret = register_kprobe(&s->kp);
		if (ret) {
			if (ret != -EILSEQ)
				ss->err = ret;
			continue;
		}
		ss->kps[p->nr_sites++] = &s->kp;
		n++;
	}
	return n;
}

int vms_sites_attach(struct vms_probe *p)
{
	const struct vms_cand *c;
	size_t used = 0;
	int n, err;

	lockdep_assert_held(&vms_probe_mutex);
	p->efn = p->fn;
	p->nr_sites = 0;
	p->sites = kzalloc(sizeof(*p->sites), GFP_KERNEL);
	if (!p->sites)
		return -ENOMEM;
	for (c = p->cand; c->sym; c++) {
		n = vms_sites_add(p, c);
		if (n && used < sizeof(p->attached))
			used += scnprintf(p->attached + used,
					  sizeof(p->attached) - used,
					  "%s%s@%s*%d", used ? "," : "",
					  c->sym, c->caller, n);
	}
	if (p->nr_sites)
		return 0;
	err = p->sites->err ?: -ENOENT;
	kfree(p->sites);
	p->sites = NULL;
	return err;
}

/* One grace period for all the sites. */
void vms_sites_detach(struct vms_probe *p)
{
	unsigned int i;

	lockdep_assert_held(&vms_probe_mutex);
	if (!p->sites)
		return;
	unregister_kprobes(p->sites->kps, p->nr_sites);
	for (i = 0; i < p->nr_sites; i++)
		p->missed += p->sites->site[i].kp.nmissed;
	kfree(p->sites);
	p->sites = NULL;
	p->nr_sites = 0;
}

unsigned long vms_sites_missed(const struct vms_probe *p)
{
	unsigned long n = 0;
	unsigned int i;

	for (i = 0; i < p->nr_sites; i++)
		n += p->sites->site[i].kp.nmissed;
	return n;
}

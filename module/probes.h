/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmscope: what the three parts of the probes share.
 *
 *  events.c    which events exist: their hook kind, candidates and
 *              handlers (the probe table), and the tracepoint trampolines
 *  probes.c    the generic machinery: candidates in order, tracepoints,
 *              kretprobes, states, hit and missed counts, latency mode
 *  hook_x86.c  how a function entry is hooked on this architecture: an
 *              ftrace callback, a direct call, a kprobe, the caller check
 *
 * Whatever the hook, its dispatcher counts what the handler says it saw
 * (vms_probe_ran()): handlers count nothing themselves.
 */
#ifndef _VMSCOPE_PROBES_H
#define _VMSCOPE_PROBES_H

#include <linux/kprobes.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include "vmscope.h"

/* Probe ids, in the order of the probe table in events.c. */
enum {
	VMS_P_MINFLT,
	VMS_P_MAJFLT,
	VMS_P_FORK,
	VMS_P_EXEC,
	VMS_P_FREE,
	VMS_P_COW_COPY,
	VMS_P_COW_REUSE,
	VMS_P_COW_REUSE_PMD,
	VMS_P_PGTBL_PTE,
	VMS_P_PGTBL_PMD,
	VMS_P_PGTBL_PUD,
	VMS_P_PGTBL_P4D,
	VMS_P_MM_FREE,
	VMS_P_THP_FAULT,
	VMS_P_SWAPIN,
	VMS_P_SWAPIN_FAULT,
	VMS_P_SWAPOUT,
	VMS_P_OOM_TRIGGER,
	VMS_P_OOM_VICTIM,
	VMS_P_OOM_KILL,
	VMS_P_FAULT_LAT,
	VMS_P_STALL,
	VMS_P_STALL_END,
	VMS_P_STALL_RECLAIM,
	VMS_P_STALL_COMPACT,
	VMS_P_STALL_THRASHING,
	VMS_P_STALL_MEMHIGH,
	VMS_P_MARK_RECLAIM,
	VMS_P_MARK_RECLAIM_MEMCG,
	VMS_P_MARK_COMPACT,
	VMS_P_STALL_SWAPIN,
	VMS_P_REFAULT,
	VMS_P_NR,
};

enum vms_hook {
	VMS_HOOK_READ,		/* nothing to hook: read from the kernel */
	VMS_HOOK_TP,		/* tracepoint */
	VMS_HOOK_ENTRY,		/* function entry, optionally from one caller */
	VMS_HOOK_KRETPROBE,	/* kretprobe with entry handler */
	VMS_HOOK_VIA,		/* told by another event's hook */
	VMS_HOOK_SITES,		/* every call of a function from another */
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

struct vms_sites;

struct vms_probe {
	const char		*event;
	enum vms_hook		hook;
	const struct vms_cand	*cand;		/* ends with a NULL sym */
	void			*tp_fn;
	vms_entry_fn		fn;		/* entry */
	kretprobe_handler_t	entry;
	vms_ret_fn		ret;
	size_t			data_size;
	bool			latency;	/* only in latency mode */
	unsigned int		via;		/* VMS_HOOK_VIA: whose hook */
	unsigned int		rider;		/* told by VMS_HIT_RIDER */
	const char		*absent;	/* why not on this kernel */
	bool			want_direct;	/* callers mostly filtered */
	bool			caller_ip;	/* a2: the return address */

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
	struct vms_sites	*sites;		/* VMS_HOOK_SITES */
	unsigned int		nr_sites;
};

extern struct vms_probe vms_probes[VMS_P_NR];
extern struct mutex vms_probe_mutex;
DECLARE_PER_CPU(unsigned long [VMS_P_NR], vms_hits);
DECLARE_PER_CPU(unsigned long [VMS_P_NR], vms_missed);

/*
 * Count what a handler of event @id returned (VMS_HIT, VMS_HIT_RIDER for
 * the event @rider that rides on its hook or VMS_HIT_AS() for another,
 * VMS_MISS); any context.
 */
static __always_inline void vms_probe_ran(unsigned int id, unsigned int rider,
					  unsigned int hit)
{
	if (hit & VMS_HIT)
		this_cpu_inc(vms_hits[id]);
	if (hit & VMS_HIT_RIDER) {
		if (hit >> VMS_HIT_AS_SHIFT)
			rider = min_t(unsigned int, hit >> VMS_HIT_AS_SHIFT,
				      VMS_P_NR - 1);
		this_cpu_inc(vms_hits[rider]);
	}
	if (hit & VMS_MISS)
		this_cpu_inc(vms_missed[id]);
}

/* probes.c */
void vms_attach(struct vms_probe *p);
bool vms_probe_attached(const struct vms_probe *p);

/* hook_x86.c: function entries on this architecture */
void vms_entry_init(void);
int vms_entry_attach(struct vms_probe *p, const struct vms_cand *c);
void vms_entry_start(void);
void vms_entry_detach(struct vms_probe *p);
void vms_entry_exit(void);
const char *vms_entry_kind(const struct vms_probe *p);
unsigned long vms_entry_missed(const struct vms_probe *p);
int vms_func_calls(const char *name, unsigned long target, unsigned long *lo,
		   unsigned long *len);
unsigned long vms_func_start(const char *name);
int vms_sites_attach(struct vms_probe *p);
void vms_sites_detach(struct vms_probe *p);
unsigned long vms_sites_missed(const struct vms_probe *p);

#endif /* _VMSCOPE_PROBES_H */

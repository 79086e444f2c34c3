// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope: the probe table.
 *
 * Each event names its hook kind and an ordered list of candidates
 * (tracepoint or symbol names); one loop registers them.  A candidate that
 * does not exist on this kernel (-ENOENT) passes to the next one; an event
 * with no candidate left stays "unavailable" and the module loads anyway.
 * The outcome of every event is shown in debugfs "probes" with its hit and
 * missed counts: nothing is ever a silent zero.
 *
 * Hit counts are per-CPU and summed when read.  vms_probe_mutex serialises
 * registration (load, unload, the latency knob) and the state fields.
 */
#include <linux/tracepoint.h>
#include <linux/mutex.h>
#include <linux/binfmts.h>
#include "vmscope.h"

enum vms_hook {
	VMS_HOOK_READ,		/* nothing to hook: read from the kernel */
	VMS_HOOK_TP,		/* tracepoint */
	VMS_HOOK_KRETPROBE,	/* kretprobe with entry handler */
};

struct vms_probe {
	const char		*event;
	enum vms_hook		hook;
	const char *const	*cand;		/* NULL-terminated */
	void			*tp_fn;
	kretprobe_handler_t	entry;
	kretprobe_handler_t	ret;
	size_t			data_size;
	bool			latency;	/* only in latency mode */

	/* vms_probe_mutex */
	enum vmscope_probe_state state;
	const char		*attached;
	int			err;
	struct tracepoint	*tp;
	struct kretprobe	rp;
	unsigned long		missed;		/* of earlier registrations */
};

static DEFINE_PER_CPU(unsigned long [VMS_P_NR], vms_hits);
static DEFINE_MUTEX(vms_probe_mutex);
static bool vms_latency;

void vms_probe_hit(unsigned int id)
{
	this_cpu_inc(vms_hits[id]);
}

static void vms_tp_fork(void *data, struct task_struct *parent,
			struct task_struct *child)
{
	vms_probe_hit(VMS_P_FORK);
	vms_proc_fork(child);
}

static void vms_tp_exec(void *data, struct task_struct *p, pid_t old_pid,
			struct linux_binprm *bprm)
{
	vms_probe_hit(VMS_P_EXEC);
	vms_proc_exec(p);
}

static void vms_tp_free(void *data, struct task_struct *p)
{
	vms_probe_hit(VMS_P_FREE);
	vms_proc_free(p);
}

#define CANDIDATES(...)	((const char *const[]){ __VA_ARGS__, NULL })

static struct vms_probe vms_probes[VMS_P_NR] = {
	[VMS_P_MINFLT] = {
		.event = "minflt",
		.hook = VMS_HOOK_READ,
		.cand = CANDIDATES("task->min_flt"),
	},
	[VMS_P_MAJFLT] = {
		.event = "majflt",
		.hook = VMS_HOOK_READ,
		.cand = CANDIDATES("task->maj_flt"),
	},
	[VMS_P_FORK] = {
		.event = "fork",
		.hook = VMS_HOOK_TP,
		.cand = CANDIDATES("sched_process_fork"),
		.tp_fn = vms_tp_fork,
	},
	[VMS_P_EXEC] = {
		.event = "exec",
		.hook = VMS_HOOK_TP,
		.cand = CANDIDATES("sched_process_exec"),
		.tp_fn = vms_tp_exec,
	},
	[VMS_P_FREE] = {
		.event = "exit",
		.hook = VMS_HOOK_TP,
		.cand = CANDIDATES("sched_process_free"),
		.tp_fn = vms_tp_free,
	},
	[VMS_P_FAULT_LAT] = {
		.event = "fault_lat_ns",
		.hook = VMS_HOOK_KRETPROBE,
		.cand = CANDIDATES("handle_mm_fault"),
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

static int vms_attach_one(struct vms_probe *p, const char *name)
{
	struct vms_tp_find f = { .name = name };
	int ret;

	switch (p->hook) {
	case VMS_HOOK_READ:
		return 0;
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
		p->rp.kp.symbol_name = name;
		p->rp.entry_handler = p->entry;
		p->rp.handler = p->ret;
		p->rp.data_size = p->data_size;
		p->rp.maxactive = vms_maxactive;
		return register_kretprobe(&p->rp);
	}
	return -EINVAL;
}

static bool vms_probe_attached(const struct vms_probe *p)
{
	return p->state == VMSCOPE_PROBE_STATE_ATTACHED ||
	       p->state == VMSCOPE_PROBE_STATE_FALLBACK;
}

static void vms_detach(struct vms_probe *p)
{
	lockdep_assert_held(&vms_probe_mutex);
	if (!vms_probe_attached(p))
		return;
	switch (p->hook) {
	case VMS_HOOK_READ:
		break;
	case VMS_HOOK_TP:
		tracepoint_probe_unregister(p->tp, p->tp_fn, p);
		p->tp = NULL;
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
	p->attached = NULL;
	for (i = 0; p->cand[i]; i++) {
		ret = vms_attach_one(p, p->cand[i]);
		if (ret != -ENOENT)
			break;
	}
	p->err = ret;
	if (!ret) {
		p->attached = p->cand[i];
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
	for (i = 0; i < VMS_P_NR; i++) {
		vms_probes[i].state = VMSCOPE_PROBE_STATE_OFF;
		vms_probes[i].missed = 0;
		if (!vms_probes[i].latency)
			vms_attach(&vms_probes[i]);
	}
	mutex_unlock(&vms_probe_mutex);
	if (vms_param_latency)
		vms_latency_set(true);
	return 0;
}

void vms_probes_exit(void)
{
	unsigned int i;

	mutex_lock(&vms_probe_mutex);
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

void vms_probe_info(unsigned int i, struct vms_probe_info *info)
{
	struct vms_probe *p = &vms_probes[i];
	int cpu;

	mutex_lock(&vms_probe_mutex);
	info->event = p->event;
	info->symbol = p->attached ? p->attached : p->cand[0];
	info->state = p->state;
	info->state_name = vms_state_names[p->state];
	info->err = p->err;
	info->missed = p->missed;
	if (p->hook == VMS_HOOK_KRETPROBE && vms_probe_attached(p))
		info->missed += p->rp.nmissed + p->rp.kp.nmissed;
	mutex_unlock(&vms_probe_mutex);
	info->hits = 0;
	for_each_possible_cpu(cpu)
		info->hits += per_cpu(vms_hits[i], cpu);
}

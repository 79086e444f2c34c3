// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope: attaching the events.
 *
 * events.c lists the events; for each, its candidates are tried in order
 * by hook kind (tracepoint, function entry through hook_x86.c, kretprobe,
 * read from the kernel, or told by another event's hook); -ENOENT passes
 * to the next candidate.  The outcome of every event is shown in debugfs
 * "probes" with its hit and missed counts: nothing is ever a silent zero.
 *
 * Hit counts are per-CPU and summed when read; the dispatcher of each hook
 * kind counts what the handler returned (vms_probe_ran()).
 * vms_probe_mutex serialises registration (load, unload, the latency
 * knob) and the state fields.
 */
#include <linux/tracepoint.h>
#include <linux/mutex.h>
#include "probes.h"

DEFINE_PER_CPU(unsigned long [VMS_P_NR], vms_hits);
/* Events seen and not counted (an ftrace callback recursing, ...). */
DEFINE_PER_CPU(unsigned long [VMS_P_NR], vms_missed);
/* Registration (load, unload, the latency knob) and the state fields. */
DEFINE_MUTEX(vms_probe_mutex);
static bool vms_latency;

/* The one return handler of every kretprobe: the event's, counted. */
static int vms_rp_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct vms_probe *p = container_of(get_kretprobe(ri), struct vms_probe,
					   rp);

	vms_probe_ran(p - vms_probes, 0, p->ret(ri, regs));
	return 0;
}

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

bool vms_probe_attached(const struct vms_probe *p)
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
	case VMS_HOOK_ENTRY:
		return vms_entry_attach(p, c);
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
		p->rp.handler = vms_rp_ret;
		p->rp.data_size = p->data_size;
		p->rp.maxactive = vms_maxactive;
		return register_kretprobe(&p->rp);
	case VMS_HOOK_VIA:
		return vms_probe_attached(&vms_probes[p->via]) ? 0 : -ENOENT;
	case VMS_HOOK_SITES:
		break;		/* every candidate at once: vms_attach() */
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
		vms_entry_detach(p);
		break;
	case VMS_HOOK_KRETPROBE:
		unregister_kretprobe(&p->rp);
		p->missed += p->rp.nmissed + p->rp.kp.nmissed;
		break;
	case VMS_HOOK_SITES:
		vms_sites_detach(p);
		break;
	}
	p->state = VMSCOPE_PROBE_STATE_OFF;
}

/* Try each candidate in order; -ENOENT passes to the next. */
void vms_attach(struct vms_probe *p)
{
	int i, ret = -ENOENT;

	lockdep_assert_held(&vms_probe_mutex);
	p->attached[0] = '\0';
	if (p->absent) {
		p->err = -ENOENT;
		p->state = VMSCOPE_PROBE_STATE_UNAVAILABLE;
		return;
	}
	if (p->hook == VMS_HOOK_SITES) {
		/* Sets attached itself: the candidates found, and their sites. */
		ret = vms_sites_attach(p);
		p->err = ret;
		p->state = !ret ? VMSCOPE_PROBE_STATE_ATTACHED :
			   ret == -ENOENT ? VMSCOPE_PROBE_STATE_UNAVAILABLE :
					    VMSCOPE_PROBE_STATE_FAILED;
		if (ret)
			pr_info("event %s: no probe attached (%pe)\n",
				p->event, ERR_PTR(ret));
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
		vms_entry_start();
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
	vms_entry_init();
	vms_stall_init();
	for (i = 0; i < VMS_P_NR; i++) {
		vms_probes[i].state = VMSCOPE_PROBE_STATE_OFF;
		vms_probes[i].missed = 0;
		if (!vms_probes[i].latency &&
		    vms_probes[i].hook != VMS_HOOK_VIA)
			vms_attach(&vms_probes[i]);
	}
	vms_entry_start();
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
	vms_entry_exit();
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
		return vms_entry_kind(p);
	case VMS_HOOK_KRETPROBE:
		return "kretprobe";
	case VMS_HOOK_VIA:
		return vms_hook_name(&vms_probes[p->via]);
	case VMS_HOOK_SITES:
		return "kprobe-call";
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
	if (p->hook == VMS_HOOK_ENTRY && vms_probe_attached(p))
		info->missed += vms_entry_missed(p);
	if (p->hook == VMS_HOOK_SITES && vms_probe_attached(p))
		info->missed += vms_sites_missed(p);
	info->hook = vms_hook_name(p);
	mutex_unlock(&vms_probe_mutex);
	info->hits = 0;
	for_each_possible_cpu(cpu) {
		info->hits += per_cpu(vms_hits[i], cpu);
		info->missed += per_cpu(vms_missed[i], cpu);
	}
}


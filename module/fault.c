// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope: page faults.
 *
 * minflt and majflt cost nothing per fault: mm_account_fault() already
 * counts them per task with the kernel's own rules (retries and errors not
 * counted, FAULT_FLAG_TRIED counts as major), and table.c reads them when
 * asked.  Only the fault service-time histogram needs a hook on every
 * fault: a kretprobe on handle_mm_fault(), registered only while the
 * latency mode is on.
 *
 * The system histogram is per-CPU and summed when read; the per-process
 * one hangs off the process's entry (atomic, any CPU), allocated only in
 * latency mode.  A process whose histogram could not be allocated counts
 * its faults as missed.
 */
#include <linux/ktime.h>
#include "vmscope.h"

struct vms_lat_pcpu {
	unsigned long	b[VMS_LAT_BUCKETS];
};

static DEFINE_PER_CPU(struct vms_lat_pcpu, vms_sys_lat);

/* VMS_MISS: a tracked process without a histogram. */
unsigned int vms_fault_lat_account(u64 ns)
{
	unsigned int b = vms_lat_bucket(ns), ret = 0;
	struct vms_proc *e;

	this_cpu_inc(vms_sys_lat.b[b]);
	rcu_read_lock();
	e = vms_proc_current();
	if (e) {
		struct vms_hist *h = READ_ONCE(e->lat);

		if (h)
			atomic_long_inc(&h->b[b]);
		else
			ret = VMS_MISS;
	}
	rcu_read_unlock();
	return ret;
}

/* Entry of handle_mm_fault(): remember when the fault started. */
int vms_fault_ret_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	/* Kernel threads are not tracked; skip their return probe. */
	if (current->flags & PF_KTHREAD)
		return 1;
	*(u64 *)ri->data = ktime_get_mono_fast_ns();
	return 0;
}

/*
 * Return of handle_mm_fault().  The vma may be gone by now (the fault may
 * have dropped mmap_lock): only the time and current are used.
 */
unsigned int vms_fault_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return VMS_HIT | vms_fault_lat_account(ktime_get_mono_fast_ns() -
					       *(u64 *)ri->data);
}

void vms_fault_sys_lat(u64 *lat)
{
	unsigned int b;
	int cpu;

	for (b = 0; b < VMS_LAT_BUCKETS; b++) {
		lat[b] = 0;
		for_each_possible_cpu(cpu)
			lat[b] += per_cpu(vms_sys_lat.b[b], cpu);
	}
}

void vms_fault_reset(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		memset(per_cpu_ptr(&vms_sys_lat, cpu), 0, sizeof(vms_sys_lat));
}

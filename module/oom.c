// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope: OOM kills.
 *
 * Every OOM decision runs under the oom_lock mutex: out_of_memory() and
 * all it calls.  Three hooks follow one kill:
 *
 *  oom_kill_process(oc, msg)	a victim was chosen for current's
 *				allocation: oom_trigger of current; the
 *				constraint, memcg, order and gfp of oc are
 *				kept for the record.
 *  __oom_kill_process(victim)	the kill of one process (once per member
 *				of a memory.oom.group).
 *  mark_victim tracepoint	called by __oom_kill_process() under
 *				task_lock(victim), right after it counted
 *				OOM_KILL in /proc/vmstat: the record is
 *				taken here, with the victim's mm alive.  A
 *				victim already exiting is marked too, without
 *				a kill: no __oom_kill_process() is pending
 *				then, and nothing is recorded.
 *
 * vms_oom_cur hands state from one hook to the next; oom_lock serialises
 * all three, so it needs no lock of its own.  Nothing here allocates or
 * sleeps: records go into a static ring under vms_oom_lock (raw), and a
 * work item resolves the memcg's path (cgroup_path_ns() takes a mutex)
 * and sends the netlink event.  A record overwritten before anyone read
 * it is lost from the ring, never silently: records carry a sequence
 * number and readers see the gap.
 */
#include <linux/oom.h>
#include <linux/memcontrol.h>
#include <linux/cgroup.h>
#include <linux/nsproxy.h>
#include <linux/workqueue.h>
#include <linux/sched/signal.h>
#include <linux/ktime.h>
#include "vmscope.h"

static struct {
	/* From oom_kill_process(), for the kills it makes. */
	pid_t			trigger_pid;
	char			trigger_comm[TASK_COMM_LEN];
	enum oom_constraint	constraint;
	u64			memcg_id;
	int			order;
	gfp_t			gfp;
	/* From __oom_kill_process(): the process being killed. */
	struct signal_struct	*victim;
} vms_oom_cur;				/* oom_lock */

static struct vms_oom vms_ooms[VMS_OOM_RING];	/* vms_oom_lock */
static unsigned long vms_oom_total;		/* vms_oom_lock */
static DEFINE_RAW_SPINLOCK(vms_oom_lock);

static void vms_oom_work_fn(struct work_struct *work);
static DECLARE_WORK(vms_oom_work, vms_oom_work_fn);

static const char *const vms_constraint_names[] = {
	[CONSTRAINT_NONE] = "global",
	[CONSTRAINT_CPUSET] = "cpuset",
	[CONSTRAINT_MEMORY_POLICY] = "mempolicy",
	[CONSTRAINT_MEMCG] = "memcg",
};

const char *vms_oom_constraint_name(unsigned int c)
{
	return c < ARRAY_SIZE(vms_constraint_names) ? vms_constraint_names[c] :
						      "unknown";
}

static void vms_oom_count(struct task_struct *t, unsigned int c)
{
	rcu_read_lock();
	vms_count_task(t, c, 1);
	rcu_read_unlock();
}

/* oom_kill_process(oc, message) */
bool vms_oom_trigger(unsigned long a0, unsigned long a1, unsigned long a2)
{
	struct oom_control *oc = (void *)a0;

	vms_oom_cur.trigger_pid = current->tgid;
	vms_comm(vms_oom_cur.trigger_comm, current);
	vms_oom_cur.constraint = oc->constraint;
	vms_oom_cur.memcg_id = 0;
#ifdef CONFIG_MEMCG
	if (oc->memcg)
		vms_oom_cur.memcg_id = cgroup_id(oc->memcg->css.cgroup);
#endif
	vms_oom_cur.order = oc->order;
	vms_oom_cur.gfp = oc->gfp_mask;
	vms_oom_cur.victim = NULL;
	vms_oom_count(current, VMS_C_OOM_TRIGGER);
	return true;
}

/* __oom_kill_process(victim, message) */
bool vms_oom_victim(unsigned long a0, unsigned long a1, unsigned long a2)
{
	struct task_struct *victim = (void *)a0;

	vms_oom_cur.victim = victim->signal;
	return true;
}

/*
 * mark_victim(task, uid): under task_lock(task), task->mm set.  Only a
 * kill announced by __oom_kill_process() is recorded.
 */
void vms_oom_mark_victim(void *data, struct task_struct *task, uid_t uid)
{
	struct mm_struct *mm = task->mm;
	unsigned long flags;
	struct vms_oom *r;

	if (!vms_oom_cur.victim || task->signal != vms_oom_cur.victim || !mm)
		return;
	vms_oom_cur.victim = NULL;
	vms_probe_hit(VMS_P_OOM_KILL);
	vms_oom_count(task, VMS_C_OOM_KILL);

	raw_spin_lock_irqsave(&vms_oom_lock, flags);
	r = &vms_ooms[vms_oom_total % VMS_OOM_RING];
	memset(r, 0, sizeof(*r));
	r->seq = vms_oom_total++;
	r->time_ns = ktime_get_real_ns();
	r->pid = task->tgid;
	r->uid = uid;
	vms_comm(r->comm, task);
	r->rss_kb[0] = get_mm_counter(mm, MM_ANONPAGES) << (PAGE_SHIFT - 10);
	r->rss_kb[1] = get_mm_counter(mm, MM_FILEPAGES) << (PAGE_SHIFT - 10);
	r->rss_kb[2] = get_mm_counter(mm, MM_SHMEMPAGES) << (PAGE_SHIFT - 10);
	r->pgtbl_bytes = mm_pgtables_bytes(mm);
	r->oom_score_adj = task->signal->oom_score_adj;
	r->constraint = vms_oom_cur.constraint;
	r->memcg_id = vms_oom_cur.memcg_id;
	r->trigger_pid = vms_oom_cur.trigger_pid;
	memcpy(r->trigger_comm, vms_oom_cur.trigger_comm, TASK_COMM_LEN);
	r->order = vms_oom_cur.order;
	r->gfp = (__force u32)vms_oom_cur.gfp;
	raw_spin_unlock_irqrestore(&vms_oom_lock, flags);

	queue_work(system_unbound_wq, &vms_oom_work);
}

/* One past the newest record's number. */
unsigned long vms_oom_end(void)
{
	unsigned long flags, end;

	raw_spin_lock_irqsave(&vms_oom_lock, flags);
	end = vms_oom_total;
	raw_spin_unlock_irqrestore(&vms_oom_lock, flags);
	return end;
}

unsigned long vms_oom_start(unsigned long end)
{
	return end > VMS_OOM_RING ? end - VMS_OOM_RING : 0;
}

/* Copy record @seq into @r; false if it was overwritten or reset. */
bool vms_oom_get(unsigned long seq, struct vms_oom *r)
{
	unsigned long flags;
	bool ok;

	raw_spin_lock_irqsave(&vms_oom_lock, flags);
	*r = vms_ooms[seq % VMS_OOM_RING];
	ok = seq < vms_oom_total && r->seq == seq;
	raw_spin_unlock_irqrestore(&vms_oom_lock, flags);
	return ok;
}

/* Name the memcg of record @seq, if it still exists; process context. */
static void vms_oom_resolve(unsigned long seq, char *path)
{
	struct cgroup *cg = NULL;
	unsigned long flags;
	struct vms_oom *r;
	u64 id;

	raw_spin_lock_irqsave(&vms_oom_lock, flags);
	r = &vms_ooms[seq % VMS_OOM_RING];
	id = r->seq == seq && !r->memcg[0] ? r->memcg_id : 0;
	raw_spin_unlock_irqrestore(&vms_oom_lock, flags);
#ifdef CONFIG_MEMCG
	if (id)
		cg = cgroup_get_from_id(id);
#endif
	if (IS_ERR_OR_NULL(cg))
		return;
	if (cgroup_path_ns(cg, path, VMS_OOM_PATH,
			   current->nsproxy->cgroup_ns) < 0)
		path[0] = '\0';
	cgroup_put(cg);
	raw_spin_lock_irqsave(&vms_oom_lock, flags);
	if (r->seq == seq)
		strscpy(r->memcg, path, sizeof(r->memcg));
	raw_spin_unlock_irqrestore(&vms_oom_lock, flags);
}

/*
 * Process context: name the memcg of each new record (the cgroup may be
 * gone by now: the record then keeps its id only), then send it to the
 * events group.  Records overwritten before this runs are counted as
 * dropped events.
 */
static void vms_oom_work_fn(struct work_struct *work)
{
	static unsigned long next;	/* only this work item touches it */
	unsigned long seq, end = vms_oom_end();
	struct vms_oom *r;
	char *path;

	path = kmalloc(VMS_OOM_PATH, GFP_KERNEL);
	r = kmalloc(sizeof(*r), GFP_KERNEL);
	if (next > end)			/* reset */
		next = 0;
	if (next < vms_oom_start(end)) {
		vms_nl_events_lost(vms_oom_start(end) - next);
		next = vms_oom_start(end);
	}
	for (seq = next; seq < end; seq++) {
		if (path)
			vms_oom_resolve(seq, path);
		if (r && vms_oom_get(seq, r))
			vms_nl_oom_send(r);
		else
			vms_nl_events_lost(1);
	}
	kfree(r);
	kfree(path);
	next = end;
}

/* Forget every record (reset). */
void vms_oom_reset(void)
{
	unsigned long flags;

	flush_work(&vms_oom_work);
	raw_spin_lock_irqsave(&vms_oom_lock, flags);
	memset(vms_ooms, 0, sizeof(vms_ooms));
	vms_oom_total = 0;
	raw_spin_unlock_irqrestore(&vms_oom_lock, flags);
}

/* The hooks are gone: nothing queues the work any more. */
void vms_oom_exit(void)
{
	cancel_work_sync(&vms_oom_work);
}

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
 * sleeps: records go into a static sequenced ring (ring.c), whose work
 * item names the memcg (cgroup_path_ns() takes a mutex) before the record
 * is sent to a subscriber.  A record overwritten before anyone read it is
 * lost from the ring, never silently: records carry a sequence number and
 * readers see the gap.
 */
#include <linux/oom.h>
#include <linux/memcontrol.h>
#include <linux/cgroup.h>
#include <linux/nsproxy.h>
#include <linux/sched/signal.h>
#include <linux/ktime.h>
#include <linux/slab.h>
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

static struct vms_oom vms_ooms[VMS_OOM_RING];	/* the ring's slots */
struct vms_ring vms_oom_ring;

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
unsigned int vms_oom_trigger(unsigned long a0, unsigned long a1,
			     unsigned long a2)
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
	return VMS_HIT;
}

/* __oom_kill_process(victim, message) */
unsigned int vms_oom_victim(unsigned long a0, unsigned long a1,
			    unsigned long a2)
{
	struct task_struct *victim = (void *)a0;

	vms_oom_cur.victim = victim->signal;
	return VMS_HIT;
}

/*
 * mark_victim(task, uid): under task_lock(task), task->mm set.  Only a
 * kill announced by __oom_kill_process() is recorded.
 */
unsigned int vms_oom_mark_victim(struct task_struct *task, uid_t uid)
{
	struct mm_struct *mm = task->mm;
	unsigned long flags;
	struct vms_oom *r;

	if (!vms_oom_cur.victim || task->signal != vms_oom_cur.victim || !mm)
		return 0;
	vms_oom_cur.victim = NULL;
	vms_oom_count(task, VMS_C_OOM_KILL);

	r = vms_ring_claim(&vms_oom_ring, &flags);
	memset(r, 0, sizeof(*r));
	r->time_ns = ktime_get_real_ns();
	r->pid = task->tgid;
	r->uid = uid;
	vms_comm(r->comm, task);
	r->rss_anon_kb = get_mm_counter(mm, MM_ANONPAGES) << (PAGE_SHIFT - 10);
	r->rss_file_kb = get_mm_counter(mm, MM_FILEPAGES) << (PAGE_SHIFT - 10);
	r->rss_shmem_kb = get_mm_counter(mm, MM_SHMEMPAGES) <<
			  (PAGE_SHIFT - 10);
	r->pgtbl_bytes = mm_pgtables_bytes(mm);
	r->oom_score_adj = task->signal->oom_score_adj;
	r->constraint = vms_oom_cur.constraint;
	r->memcg_id = vms_oom_cur.memcg_id;
	r->trigger_pid = vms_oom_cur.trigger_pid;
	memcpy(r->trigger_comm, vms_oom_cur.trigger_comm, TASK_COMM_LEN);
	r->order = vms_oom_cur.order;
	r->gfp = (__force u32)vms_oom_cur.gfp;
	vms_ring_commit(&vms_oom_ring, flags);
	return VMS_HIT;
}

static void vms_oom_memcg_id(void *rec, void *arg)
{
	struct vms_oom *r = rec;
	u64 *id = arg;

	*id = r->memcg[0] ? 0 : r->memcg_id;
}

static void vms_oom_memcg_name(void *rec, void *arg)
{
	struct vms_oom *r = rec;

	strscpy(r->memcg, arg, sizeof(r->memcg));
}

/*
 * The ring's prepare(): name the memcg of record @seq, if the cgroup still
 * exists (else the record keeps its id only); process context.
 */
static void vms_oom_resolve(unsigned long seq)
{
	struct cgroup *cg = NULL;
	char *path;
	u64 id = 0;

	if (!vms_ring_update(&vms_oom_ring, seq, vms_oom_memcg_id, &id))
		return;
#ifdef CONFIG_MEMCG
	if (id)
		cg = cgroup_get_from_id(id);
#endif
	if (IS_ERR_OR_NULL(cg))
		return;
	path = kmalloc(VMS_OOM_PATH, GFP_KERNEL);
	if (path && cgroup_path_ns(cg, path, VMS_OOM_PATH,
				   current->nsproxy->cgroup_ns) >= 0)
		vms_ring_update(&vms_oom_ring, seq, vms_oom_memcg_name, path);
	cgroup_put(cg);
	kfree(path);
}

static const struct vms_ring_ops vms_oom_ops = {
	.prepare = vms_oom_resolve,
};

void vms_oom_init(void)
{
	BUILD_BUG_ON(offsetof(struct vms_oom, rec));
	vms_ring_init(&vms_oom_ring, vms_ooms, sizeof(*vms_ooms), VMS_OOM_RING,
		      &vms_oom_ops);
}

/* Forget every record (reset). */
void vms_oom_reset(void)
{
	vms_ring_reset(&vms_oom_ring, NULL, NULL);
}

/* The hooks are gone: nothing commits a record any more. */
void vms_oom_exit(void)
{
	vms_ring_exit(&vms_oom_ring);
}

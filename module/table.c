// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope: the per-process table and the exits ring.
 *
 * Locking scheme
 * --------------
 * The table is a fixed array of hlist chains (sized from max_procs when the
 * module loads, never resized).  An entry (struct vms_proc) exists for each
 * tracked thread group, keyed by (tgid, start_boottime), so that a reused
 * pid never finds the entry of an earlier process.
 *
 * vms_table_lock (raw, irq-safe) protects the chains' membership, the list
 * of all entries (vms_all: walked for totals and reset, where the chains'
 * order does not matter), the live count and the entry pool.  It is raw
 * because the fork, exec and free hooks run with preemption disabled (or
 * from an RCU callback), also on PREEMPT_RT; nothing that sleeps or
 * allocates is done under it.
 *
 * Readers walk the chains under rcu_read_lock(); probe handlers are RCU
 * readers.  An entry is unhashed under the lock and goes back to the pool
 * (or to the slab) from an RCU callback, which also drops its pid reference.
 *
 * Entries are never allocated in a hook: hooks take them from a pool that a
 * work item refills with GFP_KERNEL in process context.  When the table is
 * full or the pool is empty, the insert is refused and counted, never
 * silently dropped.  Memory is bounded by max_procs entries plus the pool.
 *
 * Event counters (vms_count()) are atomic in the entry, any CPU, no lock;
 * system totals are per-CPU and count every event, including those no
 * tracked process can be charged with ("unattributed").  The counters of
 * stalls and refaults live in a block (struct vms_lazy) that the first
 * count of one attaches to the entry.  That count may come from a kprobe
 * on an instruction, whose int3 handler lockdep (rightly) sees as NMI
 * context: the pool is an array of slots that a hook empties one with
 * xchg() (no lock, no ABA), refilled by a work item that an irq_work
 * queues.  An empty pool loses the count to "unattributed", and the hook
 * that counted says it missed.
 *
 * minflt/majflt are read from the tasks (signal->min_flt plus every live
 * thread's min_flt, consistent under signal->stats_lock, as /proc does),
 * minus a base: 0 for a process started after the module loaded, the
 * count at the time it was first seen otherwise, the count at the last
 * reset after a reset.  base_* are written only by populate (before the
 * entry is published) and by reset (under vms_reset_mutex).
 *
 * The exits ring (vms_exit_ring, a sequenced ring of ring.c) keeps the
 * final counters of the last max_exits processes to exit: the free hook
 * puts them there under the ring's lock; a record holds its pid, and the
 * pid of a record it overwrites is dropped after the lock is released.
 *
 * Ordering: an entry is fully initialised before hlist_add_head_rcu()
 * publishes it; the RCU grace period orders its reuse after every reader.
 */
#include <linux/slab.h>
#include <linux/irq_work.h>
#include <linux/llist.h>
#include <linux/hash.h>
#include <linux/pid.h>
#include <linux/sched/signal.h>
#include <linux/cred.h>
#include <linux/ktime.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include <linux/mutex.h>
#include <linux/mm.h>
#include <linux/sched/task.h>
#include "vmscope.h"

#define VMS_POOL_TARGET		256U
#define VMS_LAZY_TARGET		64U

/* A process's counters from VMS_C_LAZY on; node while it waits to go. */
struct vms_lazy {
	union {
		atomic_long_t		c[VMS_C_NR - VMS_C_LAZY];
		struct llist_node	node;
	};
};

static struct hlist_head *vms_hash;
static unsigned int vms_hash_bits;
static unsigned int vms_hash_shift;		/* 64 - vms_hash_bits */
static DEFINE_RAW_SPINLOCK(vms_table_lock);
static unsigned int vms_live;			/* vms_table_lock */
static LIST_HEAD(vms_all);			/* vms_table_lock; RCU readers */
static struct vms_proc *vms_pool;		/* vms_table_lock; via rcu.next */
static unsigned int vms_pool_count;		/* vms_table_lock */
static unsigned int vms_pool_target;
static atomic_long_t vms_refused;
static struct kmem_cache *vms_cache;
static struct kmem_cache *vms_hist_cache;
static bool vms_lat_wanted;			/* vms_table_lock */
static unsigned int vms_hists;			/* vms_table_lock */
static u64 vms_load_boottime;
static DEFINE_MUTEX(vms_reset_mutex);
static struct vms_lazy *vms_lazy_slots[VMS_LAZY_TARGET];	/* xchg() */
static atomic_t vms_lazy_count;			/* blocks in the slots */
static LLIST_HEAD(vms_lazy_spare);		/* to free, from any context */
static atomic_t vms_lazy_live;			/* attached to entries */
static struct kmem_cache *vms_lazy_cache;

static struct vms_exit *vms_exits;		/* the ring's slots */
struct vms_ring vms_exit_ring;

/* Final counters of processes that left the table, for the summary. */
struct vms_gone {
	unsigned long	minflt;
	unsigned long	majflt;
};

static DEFINE_PER_CPU(struct vms_gone, vms_gone);

/* System totals of the event counters, and those charged to no entry. */
struct vms_sys_ctr {
	unsigned long	c[VMS_C_NR];
	unsigned long	unattributed;
};

static DEFINE_PER_CPU(struct vms_sys_ctr, vms_sys_ctr);

/* In key order, as enum vms_key is. */
#define VMS_K_NAME(n, N, kind, col, help)	#n,
const char *const vms_key_names[VMS_K_NR] = {
	VMSCOPE_KEYS(VMS_K_NAME)
};

static void vms_lazy_refill(struct work_struct *work);
static DECLARE_WORK(vms_lazy_work, vms_lazy_refill);

/* The refill, asked for from any context (queue_work() is not NMI-safe). */
static void vms_lazy_kick(struct irq_work *w)
{
	queue_work(system_unbound_wq, &vms_lazy_work);
}

static struct irq_work vms_lazy_irq_work = IRQ_WORK_INIT(vms_lazy_kick);

/* A zeroed block from the pool, or NULL; any context, NMI included. */
static struct vms_lazy *vms_lazy_get(void)
{
	struct vms_lazy *l = NULL;
	unsigned int i;

	for (i = 0; i < VMS_LAZY_TARGET && !l; i++)
		if (READ_ONCE(vms_lazy_slots[i]))
			l = xchg(&vms_lazy_slots[i], NULL);
	if (!l || atomic_dec_return(&vms_lazy_count) < VMS_LAZY_TARGET / 2)
		irq_work_queue(&vms_lazy_irq_work);
	if (l)
		memset(l, 0, sizeof(*l));
	return l;
}

/* Into a free slot: false if there was none.  Any context. */
static bool vms_lazy_slot(struct vms_lazy *l)
{
	unsigned int i;

	for (i = 0; i < VMS_LAZY_TARGET; i++)
		if (!READ_ONCE(vms_lazy_slots[i]) &&
		    !cmpxchg(&vms_lazy_slots[i], NULL, l)) {
			atomic_inc(&vms_lazy_count);
			return true;
		}
	return false;
}

/* Back to the pool, or freed later by the refill work; any context. */
static void vms_lazy_put(struct vms_lazy *l)
{
	if (vms_lazy_slot(l))
		return;
	llist_add(&l->node, &vms_lazy_spare);
	irq_work_queue(&vms_lazy_irq_work);
}

static void vms_lazy_free_spare(void)
{
	struct llist_node *n = llist_del_all(&vms_lazy_spare), *next;

	for (; n; n = next) {
		next = n->next;
		kmem_cache_free(vms_lazy_cache,
				container_of(n, struct vms_lazy, node));
	}
}

/* Process context: free what waits to go, fill the empty slots. */
static void vms_lazy_refill(struct work_struct *work)
{
	struct vms_lazy *l;

	vms_lazy_free_spare();
	while (atomic_read(&vms_lazy_count) < VMS_LAZY_TARGET) {
		l = kmem_cache_alloc(vms_lazy_cache, GFP_KERNEL | __GFP_NOWARN);
		if (!l)
			return;
		if (!vms_lazy_slot(l)) {
			kmem_cache_free(vms_lazy_cache, l);
			return;
		}
	}
}

/* @e's block, attached now if it had none; NULL if the pool is empty. */
static struct vms_lazy *vms_lazy_of(struct vms_proc *e)
{
	struct vms_lazy *l = READ_ONCE(e->lazy), *old;

	if (likely(l))
		return l;
	l = vms_lazy_get();
	if (!l)
		return NULL;
	old = cmpxchg(&e->lazy, NULL, l);
	if (old) {
		vms_lazy_put(l);
		return old;
	}
	atomic_inc(&vms_lazy_live);
	return l;
}

/* Take @e's block off, into the pool; @e is unreachable. */
static void vms_lazy_drop(struct vms_proc *e)
{
	struct vms_lazy *l = e->lazy;

	if (!l)
		return;
	e->lazy = NULL;
	atomic_dec(&vms_lazy_live);
	vms_lazy_put(l);
}

static __always_inline bool __vms_count(struct vms_proc *e, unsigned int c,
					long n)
{
	struct vms_lazy *l;

	/*
	 * @c is a constant at every call site; one check here stands for
	 * the two array bounds checks UBSAN would add (and the registers
	 * their calls tie up on a path taken twice a page on swap).
	 */
	if (WARN_ON_ONCE(c >= VMS_C_NR))
		return true;
	this_cpu_add(*(vms_sys_ctr.c + c), n);
	if (e && c < VMS_C_LAZY) {
		atomic_long_add(n, e->c + c);
		return true;
	}
	l = e ? vms_lazy_of(e) : NULL;
	if (l) {
		atomic_long_add(n, l->c + (c - VMS_C_LAZY));
		return true;
	}
	this_cpu_add(vms_sys_ctr.unattributed, n);
	return !e;
}

/*
 * Count @n events of kind @c for entry @e (NULL: nobody tracked).  Any
 * context; never sleeps.  The caller keeps @e alive (RCU reader).  False
 * if @e could not take it (no block for a lazy counter): counted as
 * unattributed, a miss for the hook.
 */
bool vms_count(struct vms_proc *e, unsigned int c, long n)
{
	return __vms_count(e, c, n);
}

static void vms_pool_refill(struct work_struct *work);
static DECLARE_WORK(vms_refill_work, vms_pool_refill);

static struct hlist_head *vms_chain(pid_t tgid, u64 start)
{
	u64 key = ((u64)tgid << 32) ^ start;

	/*
	 * hash_64(key, vms_hash_bits), its shift taken once at load: where
	 * UBSAN_SHIFT is on (Debian's 7.x), a shift by a variable is checked
	 * on every lookup, and the check's call ties up six registers.
	 */
	return &vms_hash[(key * GOLDEN_RATIO_64) >> (vms_hash_shift & 63)];
}

static __always_inline struct vms_proc *__vms_proc_lookup(pid_t tgid,
							  u64 start)
{
	struct vms_proc *e;

	hlist_for_each_entry_rcu(e, vms_chain(tgid, start), node,
				 lockdep_is_held(&vms_table_lock))
		if (e->tgid == tgid && e->start == start)
			return e;
	return NULL;
}

/* Caller holds rcu_read_lock() or vms_table_lock. */
struct vms_proc *vms_proc_lookup(pid_t tgid, u64 start)
{
	return __vms_proc_lookup(tgid, start);
}

/*
 * Count @n events of kind @c for the process of task @t (NULL, or a
 * process not tracked: unattributed).  The lookup and the count in one
 * call: a handler on the swap path makes two of these a page.  The caller
 * is an RCU reader and keeps @t alive.
 */
void vms_count_task(struct task_struct *t, unsigned int c, long n)
{
	__vms_count(t ? __vms_proc_lookup(t->tgid,
					  t->group_leader->start_boottime) :
			NULL, c, n);
}

/* The entry of current's thread group, or NULL.  Caller is an RCU reader. */
struct vms_proc *vms_proc_current(void)
{
	return vms_proc_lookup(current->tgid, current->group_leader->start_boottime);
}

static void vms_pool_push(struct vms_proc *e)
{
	lockdep_assert_held(&vms_table_lock);
	e->rcu.next = (struct callback_head *)vms_pool;
	vms_pool = e;
	vms_pool_count++;
}

static struct vms_proc *vms_pool_pop(void)
{
	struct vms_proc *e = vms_pool;

	lockdep_assert_held(&vms_table_lock);
	if (e) {
		vms_pool = (struct vms_proc *)e->rcu.next;
		vms_pool_count--;
	}
	return e;
}

/* Fill the pool up to @target entries; process context. */
static void vms_pool_fill(unsigned int target)
{
	unsigned long flags;
	struct vms_proc *e;
	unsigned int n;

	for (;;) {
		raw_spin_lock_irqsave(&vms_table_lock, flags);
		n = vms_pool_count;
		raw_spin_unlock_irqrestore(&vms_table_lock, flags);
		if (n >= target)
			return;
		e = kmem_cache_alloc(vms_cache, GFP_KERNEL | __GFP_NOWARN);
		if (!e)
			return;
		e->lat = NULL;
		e->lazy = NULL;
		if (READ_ONCE(vms_lat_wanted))
			e->lat = kmem_cache_alloc(vms_hist_cache,
						  GFP_KERNEL | __GFP_NOWARN);
		raw_spin_lock_irqsave(&vms_table_lock, flags);
		vms_pool_push(e);
		if (e->lat)
			vms_hists++;
		raw_spin_unlock_irqrestore(&vms_table_lock, flags);
	}
}

static void vms_pool_refill(struct work_struct *work)
{
	vms_pool_fill(vms_pool_target);
}

/* Free @e and its histogram; vms_hists was already adjusted. */
static void vms_proc_free_mem(struct vms_proc *e)
{
	vms_lazy_drop(e);
	if (e->lat)
		kmem_cache_free(vms_hist_cache, e->lat);
	kmem_cache_free(vms_cache, e);
}

static void vms_proc_rcu_free(struct rcu_head *rcu)
{
	struct vms_proc *e = container_of(rcu, struct vms_proc, rcu);
	unsigned long flags;

	put_pid(e->pid);
	vms_lazy_drop(e);
	raw_spin_lock_irqsave(&vms_table_lock, flags);
	if (vms_pool_count < vms_pool_target) {
		vms_pool_push(e);
		e = NULL;
	} else if (e->lat) {
		vms_hists--;
	}
	raw_spin_unlock_irqrestore(&vms_table_lock, flags);
	if (e)
		vms_proc_free_mem(e);
}

/*
 * Read the thread group's fault counts as /proc/PID/stat does: the counts
 * of reaped threads (signal->*_flt) plus those of live threads, consistent
 * under signal->stats_lock.  @leader is the group leader; RCU reader; may
 * take stats_lock, which sleeps on PREEMPT_RT: process context only.
 */
static void vms_task_faults(struct task_struct *leader, unsigned long *min,
			    unsigned long *maj)
{
	struct signal_struct *sig = leader->signal;
	struct task_struct *t;
	unsigned int seq;

	do {
		seq = read_seqbegin(&sig->stats_lock);
		*min = sig->min_flt;
		*maj = sig->maj_flt;
		__for_each_thread(sig, t) {
			*min += t->min_flt;
			*maj += t->maj_flt;
		}
	} while (read_seqretry(&sig->stats_lock, seq));
}

/*
 * Insert an entry for @p (a thread-group leader).  Never sleeps.  @min and
 * @maj are the base counts.  Returns false when refused.
 */
static bool vms_proc_add(struct task_struct *p, unsigned long min,
			 unsigned long maj)
{
	u64 start = p->start_boottime;
	struct vms_proc *e = NULL;
	unsigned long flags;
	bool low, ok = true;

	raw_spin_lock_irqsave(&vms_table_lock, flags);
	if (vms_proc_lookup(p->tgid, start))
		goto unlock;
	if (vms_live < vms_max_procs)
		e = vms_pool_pop();
	if (!e) {
		ok = false;
		goto unlock;
	}
	e->pid = get_pid(task_tgid(p));
	e->tgid = p->tgid;
	e->start = start;
	vms_comm(e->comm, p);
	e->base_minflt = min;
	e->base_majflt = maj;
	memset(e->c, 0, sizeof(e->c));
	if (e->lat)
		memset(e->lat, 0, sizeof(*e->lat));
	hlist_add_head_rcu(&e->node, vms_chain(e->tgid, start));
	list_add_tail_rcu(&e->all, &vms_all);
	vms_live++;
unlock:
	low = vms_pool_count < vms_pool_target / 2;
	raw_spin_unlock_irqrestore(&vms_table_lock, flags);
	if (low)
		queue_work(system_unbound_wq, &vms_refill_work);
	if (!ok)
		atomic_long_inc(&vms_refused);
	return ok;
}

/* sched_process_fork: a new thread group starts with zero counts. */
void vms_proc_fork(struct task_struct *child)
{
	if (!thread_group_leader(child) || (child->flags & PF_KTHREAD))
		return;
	vms_proc_add(child, 0, 0);
}

/*
 * sched_process_exec: take the new comm.  A process refused at fork gets
 * another chance here if it started after the module loaded (its base is
 * then known to be zero).
 */
void vms_proc_exec(struct task_struct *p)
{
	struct task_struct *leader = p->group_leader;
	struct vms_proc *e;
	unsigned long flags;

	raw_spin_lock_irqsave(&vms_table_lock, flags);
	e = vms_proc_lookup(leader->tgid, leader->start_boottime);
	if (e)
		vms_comm(e->comm, p);
	raw_spin_unlock_irqrestore(&vms_table_lock, flags);
	if (!e && leader->start_boottime > vms_load_boottime &&
	    !(p->flags & PF_KTHREAD))
		vms_proc_add(leader, 0, 0);
}

/* @s from entry @e of leader @p whose kernel fault counts are @min, @maj. */
static void vms_snap_fill(struct vms_snap *s, struct vms_proc *e,
			  struct task_struct *p, unsigned long min,
			  unsigned long maj)
{
	struct vms_lazy *l = READ_ONCE(e->lazy);
	struct vms_hist *h;
	unsigned int i;

	s->tgid = e->tgid;
	s->uid = task_uid(p);
	memcpy(s->comm, e->comm, TASK_COMM_LEN);
	s->minflt = min - READ_ONCE(e->base_minflt);
	s->majflt = maj - READ_ONCE(e->base_majflt);
	for (i = 0; i < VMS_C_LAZY; i++)
		s->c[i] = atomic_long_read(&e->c[i]);
	for (i = VMS_C_LAZY; i < VMS_C_NR; i++)
		s->c[i] = l ? atomic_long_read(&l->c[i - VMS_C_LAZY]) : 0;
	s->pgtbl_bytes = 0;
	h = READ_ONCE(e->lat);
	s->has_lat = !!h;
	if (!h)
		memset(s->lat, 0, sizeof(s->lat));
	for (i = 0; h && i < VMS_LAT_BUCKETS; i++)
		s->lat[i] = atomic_long_read(&h->b[i]);
}

/*
 * Page-table bytes the thread group holds now (VmPTE), from the first
 * thread that still has the mm.  task_lock() keeps t->mm alive; it sleeps
 * on PREEMPT_RT: process context only.  RCU reader.
 */
static u64 vms_task_pgtbl(struct task_struct *leader)
{
	struct task_struct *t;
	u64 bytes = 0;
	bool found = false;

	for_each_thread(leader, t) {
		task_lock(t);
		if (t->mm) {
			bytes = mm_pgtables_bytes(t->mm);
			found = true;
		}
		task_unlock(t);
		if (found)
			break;
	}
	return bytes;
}

/*
 * Fill @s from a live entry; RCU reader in process context.  False if the
 * process is gone.
 */
bool vms_proc_snap(struct vms_proc *e, struct vms_snap *s)
{
	struct task_struct *p = pid_task(e->pid, PIDTYPE_TGID);
	unsigned long min, maj;

	if (!p || p->start_boottime != e->start)
		return false;
	vms_task_faults(p, &min, &maj);
	vms_snap_fill(s, e, p, min, maj);
	s->pgtbl_bytes = vms_task_pgtbl(p);
	return true;
}

/*
 * sched_process_free of a thread-group leader: every thread has been
 * reaped, so signal->*_flt hold the final counts.  Runs from an RCU
 * callback; never sleeps.
 */
void vms_proc_free(struct task_struct *p)
{
	struct pid *old = NULL;
	struct vms_exit *x;
	struct vms_proc *e;
	unsigned long flags;
	struct vms_snap s;

	if (!thread_group_leader(p))
		return;
	raw_spin_lock_irqsave(&vms_table_lock, flags);
	e = vms_proc_lookup(p->tgid, p->start_boottime);
	if (e) {
		hlist_del_rcu(&e->node);
		list_del_rcu(&e->all);
		vms_live--;
	}
	raw_spin_unlock_irqrestore(&vms_table_lock, flags);
	if (!e)
		return;

	vms_snap_fill(&s, e, p, p->signal->min_flt, p->signal->maj_flt);
	this_cpu_add(vms_gone.minflt, s.minflt);
	this_cpu_add(vms_gone.majflt, s.majflt);

	x = vms_ring_claim(&vms_exit_ring, &flags);
	old = x->pid;
	x->s = s;
	x->pid = e->pid;
	x->start = e->start;
	x->exit_ns = ktime_get_real_ns();
	vms_ring_commit(&vms_exit_ring, flags);

	/*
	 * The record it overwrote lets go of its pid in the entry's RCU
	 * callback: the last put frees the pid, and on PREEMPT_RT the slab
	 * may sleep, which this tracepoint handler (preemption off) must not.
	 */
	e->pid = old;
	call_rcu(&e->rcu, vms_proc_rcu_free);
}

/*
 * Track every thread group that exists now.  The hooks are registered
 * first, so a process is either seen here or by the fork hook (or both:
 * the second insert finds the first).
 */
int vms_table_populate(void)
{
	struct task_struct *p;
	unsigned long min, maj;
	unsigned int n = 0;

	rcu_read_lock();
	for_each_process(p)
		n++;
	rcu_read_unlock();
	vms_pool_fill(min_t(unsigned int, n + vms_pool_target, vms_max_procs));

	rcu_read_lock();
	for_each_process(p) {
		if (p->flags & PF_KTHREAD)
			continue;
		min = 0;
		maj = 0;
		if (p->start_boottime <= vms_load_boottime)
			vms_task_faults(p, &min, &maj);
		vms_proc_add(p, min, maj);
	}
	rcu_read_unlock();
	return 0;
}

unsigned int vms_table_buckets(void)
{
	return 1U << vms_hash_bits;
}

/*
 * The first chain at or after @bucket that has entries, or
 * vms_table_buckets().  The table is sized for max_procs, so most chains
 * of a dump are empty; this skips them without a call each.  Racy: a
 * chain filled meanwhile is seen or not, as by a walk.
 */
unsigned int vms_table_next_bucket(unsigned int bucket)
{
	unsigned int n = vms_table_buckets();

	while (bucket < n && hlist_empty(&vms_hash[bucket]))
		bucket++;
	return bucket;
}

/* Call @fn on each entry of chain @bucket; @fn runs as an RCU reader. */
void vms_table_walk_bucket(unsigned int bucket, vms_proc_fn fn, void *arg)
{
	struct vms_proc *e;

	rcu_read_lock();
	hlist_for_each_entry_rcu(e, &vms_hash[bucket], node)
		fn(e, arg);
	rcu_read_unlock();
}

/* A copy of an exit record holds its own reference to the pid. */
static void vms_exit_hold(void *rec)
{
	struct vms_exit *x = rec;

	get_pid(x->pid);
}

static void vms_exit_release(void *rec)
{
	struct vms_exit *x = rec;

	put_pid(x->pid);
}

static const struct vms_ring_ops vms_exit_ops = {
	.hold = vms_exit_hold,
	.release = vms_exit_release,
};

/* Call @fn on every entry; @fn runs as an RCU reader. */
static void vms_table_walk_all(vms_proc_fn fn, void *arg)
{
	struct vms_proc *e;

	rcu_read_lock();
	list_for_each_entry_rcu(e, &vms_all, all)
		fn(e, arg);
	rcu_read_unlock();
}

static void vms_sum_one(struct vms_proc *e, void *arg)
{
	struct vms_snap *tot = arg, s;

	if (!vms_proc_snap(e, &s))
		return;
	tot->minflt += s.minflt;
	tot->majflt += s.majflt;
	tot->pgtbl_bytes += s.pgtbl_bytes;
}

/* System totals: live processes plus those that left the table. */
void vms_sys_snap(struct vms_snap *s)
{
	unsigned int i;
	int cpu;

	memset(s, 0, sizeof(*s));
	for_each_possible_cpu(cpu) {
		s->minflt += per_cpu(vms_gone.minflt, cpu);
		s->majflt += per_cpu(vms_gone.majflt, cpu);
		for (i = 0; i < VMS_C_NR; i++)
			s->c[i] += per_cpu(vms_sys_ctr.c[i], cpu);
	}
	vms_table_walk_all(vms_sum_one, s);
	vms_fault_sys_lat(s->lat);
	s->has_lat = true;
}

static void vms_reset_one(struct vms_proc *e, void *arg)
{
	struct task_struct *p = pid_task(e->pid, PIDTYPE_TGID);
	unsigned long min, maj;
	struct vms_lazy *l;
	struct vms_hist *h;
	int i;

	if (!p || p->start_boottime != e->start)
		return;
	vms_task_faults(p, &min, &maj);
	WRITE_ONCE(e->base_minflt, min);
	WRITE_ONCE(e->base_majflt, maj);
	for (i = 0; i < VMS_C_LAZY; i++)
		atomic_long_set(&e->c[i], 0);
	l = READ_ONCE(e->lazy);
	for (i = 0; l && i < VMS_C_NR - VMS_C_LAZY; i++)
		atomic_long_set(&l->c[i], 0);
	h = READ_ONCE(e->lat);
	if (h)
		for (i = 0; i < VMS_LAT_BUCKETS; i++)
			atomic_long_set(&h->b[i], 0);
}

/* Reset of the exits ring: its pids go to the array at *@arg, put later. */
static void vms_exit_clear(void *rec, void *arg)
{
	struct vms_exit *x = rec;
	struct pid ***next = arg;

	*(*next)++ = x->pid;
}

/*
 * Zero every counter: live entries take their current counts as base, the
 * totals of processes gone and the exits ring are cleared.  Events that
 * race with the reset land on either side of it.
 */
void vms_table_reset(void)
{
	struct pid **all, **pids;
	unsigned int i;
	int cpu;

	all = kcalloc(vms_max_exits, sizeof(*all), GFP_KERNEL);
	pids = all;

	mutex_lock(&vms_reset_mutex);
	vms_table_walk_all(vms_reset_one, NULL);
	for_each_possible_cpu(cpu) {
		per_cpu(vms_gone.minflt, cpu) = 0;
		per_cpu(vms_gone.majflt, cpu) = 0;
		memset(per_cpu_ptr(&vms_sys_ctr, cpu), 0, sizeof(vms_sys_ctr));
	}
	if (pids)
		vms_ring_reset(&vms_exit_ring, vms_exit_clear, &pids);
	mutex_unlock(&vms_reset_mutex);

	if (all)
		for (i = 0; i < vms_max_exits; i++)
			put_pid(all[i]);
	kfree(all);
}

/* Events charged to no tracked process, since load or reset. */
unsigned long vms_unattributed(void)
{
	unsigned long n = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		n += per_cpu(vms_sys_ctr.unattributed, cpu);
	return n;
}

void vms_table_stats(struct vms_table_stats *st)
{
	unsigned long flags;
	unsigned int pool, hists;

	raw_spin_lock_irqsave(&vms_table_lock, flags);
	st->live = vms_live;
	pool = vms_pool_count;
	hists = vms_hists;
	raw_spin_unlock_irqrestore(&vms_table_lock, flags);
	st->entry_bytes = kmem_cache_size(vms_cache);
	st->table_bytes = (unsigned long)(st->live + pool) * st->entry_bytes +
			  (unsigned long)hists * kmem_cache_size(vms_hist_cache) +
			  ((unsigned long)atomic_read(&vms_lazy_live) +
			   atomic_read(&vms_lazy_count)) *
			  kmem_cache_size(vms_lazy_cache) +
			  vms_table_buckets() * sizeof(*vms_hash) +
			  vms_max_exits * sizeof(*vms_exits);
	st->max = vms_max_procs;
	st->refused = atomic_long_read(&vms_refused);
	st->exits = vms_ring_end(&vms_exit_ring);
	st->exits_max = vms_max_exits;
}

/* Detach @e's histogram onto @list; vms_table_lock. */
static void vms_hist_take(struct vms_proc *e, struct vms_hist_free **list)
{
	struct vms_hist_free *f = (void *)e->lat;

	lockdep_assert_held(&vms_table_lock);
	if (!f)
		return;
	WRITE_ONCE(e->lat, NULL);
	vms_hists--;
	f->next = *list;
	*list = f;
}

/* Give @e a zeroed histogram from @list if it has none; vms_table_lock. */
static unsigned int vms_hist_give(struct vms_proc *e,
				  struct vms_hist_free **list)
{
	struct vms_hist_free *f = *list;

	lockdep_assert_held(&vms_table_lock);
	if (e->lat)
		return 0;
	if (!f)
		return 1;
	*list = f->next;
	memset(f, 0, sizeof(struct vms_hist));
	/* Zeroed before seen; readers follow the pointer (READ_ONCE()). */
	smp_store_release(&e->lat, (struct vms_hist *)f);
	vms_hists++;
	return 0;
}

static void vms_hist_free_list(struct vms_hist_free *f)
{
	struct vms_hist_free *next;

	for (; f; f = next) {
		next = f->next;
		kmem_cache_free(vms_hist_cache, f);
	}
}

/*
 * Latency mode on: every entry, live or in the pool, gets a histogram
 * (entries the pool takes in later get theirs in vms_pool_fill()).  Off:
 * all of them are taken back and freed once no reader can see them.  An
 * entry that comes back to the pool during the switch may miss its
 * histogram; its faults are then counted as missed.  Process context;
 * vms_probe_mutex serialises the calls.
 */
int vms_table_lat(bool on)
{
	struct vms_hist_free *spare = NULL, *f;
	unsigned int need, i;
	unsigned long flags;
	struct vms_proc *e;

	if (!on) {
		raw_spin_lock_irqsave(&vms_table_lock, flags);
		WRITE_ONCE(vms_lat_wanted, false);
		list_for_each_entry(e, &vms_all, all)
			vms_hist_take(e, &spare);
		for (e = vms_pool; e; e = (struct vms_proc *)e->rcu.next)
			vms_hist_take(e, &spare);
		raw_spin_unlock_irqrestore(&vms_table_lock, flags);
		synchronize_rcu();
		vms_hist_free_list(spare);
		return 0;
	}

	WRITE_ONCE(vms_lat_wanted, true);
	for (;;) {
		need = 0;
		raw_spin_lock_irqsave(&vms_table_lock, flags);
		list_for_each_entry(e, &vms_all, all)
			need += vms_hist_give(e, &spare);
		for (e = vms_pool; e; e = (struct vms_proc *)e->rcu.next)
			need += vms_hist_give(e, &spare);
		raw_spin_unlock_irqrestore(&vms_table_lock, flags);
		if (!need)
			break;
		for (i = 0; i < need; i++) {
			f = kmem_cache_alloc(vms_hist_cache, GFP_KERNEL);
			if (!f) {
				vms_hist_free_list(spare);
				vms_table_lat(false);
				return -ENOMEM;
			}
			f->next = spare;
			spare = f;
		}
	}
	vms_hist_free_list(spare);
	return 0;
}

int vms_table_init(void)
{
	unsigned int buckets, i;

	vms_load_boottime = ktime_get_boottime_ns();
	buckets = roundup_pow_of_two(max(vms_max_procs / 2, 64U));
	vms_hash_bits = ilog2(buckets);
	vms_hash_shift = 64 - vms_hash_bits;
	vms_hash = vmalloc_array(buckets, sizeof(*vms_hash));
	if (!vms_hash)
		return -ENOMEM;
	for (i = 0; i < buckets; i++)
		INIT_HLIST_HEAD(&vms_hash[i]);

	vms_exits = vmalloc_array(vms_max_exits, sizeof(*vms_exits));
	if (!vms_exits)
		goto err_hash;
	BUILD_BUG_ON(offsetof(struct vms_exit, rec));
	vms_ring_init(&vms_exit_ring, vms_exits, sizeof(*vms_exits),
		      vms_max_exits, &vms_exit_ops);

	vms_cache = KMEM_CACHE(vms_proc, 0);
	if (!vms_cache)
		goto err_ring;
	vms_hist_cache = KMEM_CACHE(vms_hist, 0);
	vms_lazy_cache = KMEM_CACHE(vms_lazy, 0);
	if (!vms_hist_cache || !vms_lazy_cache) {
		kmem_cache_destroy(vms_lazy_cache);
		kmem_cache_destroy(vms_hist_cache);
		kmem_cache_destroy(vms_cache);
		goto err_ring;
	}
	vms_lazy_refill(NULL);
	vms_pool_target = min(VMS_POOL_TARGET, vms_max_procs);
	vms_pool_fill(vms_pool_target);
	return 0;

err_ring:
	vfree(vms_exits);
err_hash:
	vfree(vms_hash);
	return -ENOMEM;
}

/* The hooks are gone: nothing else touches the table now. */
void vms_table_exit(void)
{
	struct hlist_node *tmp;
	struct vms_lazy *l;
	struct vms_proc *e;
	unsigned int b, i;

	cancel_work_sync(&vms_refill_work);
	for (b = 0; b < vms_table_buckets(); b++) {
		hlist_for_each_entry_safe(e, tmp, &vms_hash[b], node) {
			hlist_del(&e->node);
			list_del(&e->all);
			put_pid(e->pid);
			vms_proc_free_mem(e);
		}
	}
	/* Entries on their way back to the pool. */
	rcu_barrier();
	cancel_work_sync(&vms_refill_work);
	while ((e = vms_pool)) {
		vms_pool = (struct vms_proc *)e->rcu.next;
		vms_proc_free_mem(e);
	}
	vms_pool_count = 0;
	vms_hists = 0;
	irq_work_sync(&vms_lazy_irq_work);
	cancel_work_sync(&vms_lazy_work);
	vms_lazy_free_spare();
	for (i = 0; i < VMS_LAZY_TARGET; i++) {
		l = xchg(&vms_lazy_slots[i], NULL);
		if (l)
			kmem_cache_free(vms_lazy_cache, l);
	}
	atomic_set(&vms_lazy_count, 0);
	kmem_cache_destroy(vms_cache);
	kmem_cache_destroy(vms_hist_cache);
	kmem_cache_destroy(vms_lazy_cache);
	vms_ring_exit(&vms_exit_ring);
	for (i = 0; i < vms_max_exits; i++)
		put_pid(vms_exits[i].pid);
	vfree(vms_exits);
	vfree(vms_hash);
}

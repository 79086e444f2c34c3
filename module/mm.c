// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope: copy-on-write, page tables, THP faults, swap-in and swap-out.
 *
 * Every event here is charged to the owner of the mm it happens to, not
 * to the task that runs the code: kswapd or another process's reclaim
 * swaps out pages of the mm that maps them, a remote fault (GUP) grows the
 * target's page tables.  vms_mm_task() maps an mm to its process: current
 * when current uses it, else mm->owner (CONFIG_MEMCG).
 *
 * An mm under construction has no process yet: fork copies page tables
 * into the child's mm before the child has a pid, exec builds the new
 * stack in an mm that becomes the process's only at exec_mmap().  Their
 * owner does not use them yet (owner->mm != mm).  Page tables allocated
 * for such an mm wait in a small pending table, keyed by mm, and are
 * adopted by the process at sched_process_fork / sched_process_exec, or
 * counted as unattributed when the mm is freed first (fork or exec
 * failed).  A full pending table counts them as unattributed at once.
 *
 * Handlers run in probe context (preemption off, any task, never sleep);
 * vms_pending_lock is raw and irq-safe, taken only for mms under
 * construction and when one of them is freed.  With preemption off a
 * handler is already an RCU reader (every flavour is one since 4.20):
 * the owner lookups mark it with rcu_read_lock_sched_notrace(), a
 * preempt count increment, where rcu_read_lock() is a function call on
 * PREEMPT_RCU kernels (Debian's), twice a page on the swap path.
 */
#include <linux/mm.h>
#include <linux/swap.h>
#ifdef VMS_HAVE_LEAFOPS
#include <linux/leafops.h>
#else
#include <linux/swapops.h>
#endif
#include <linux/huge_mm.h>
#include <linux/spinlock.h>
#include "vmscope.h"

#define VMS_PENDING_SLOTS	64
#define VMS_PGTBL_LEVELS	4	/* VMS_C_PGTBL_PTE .. VMS_C_PGTBL_P4D */

struct vms_pending {
	struct mm_struct	*mm;
	unsigned long		n[VMS_PGTBL_LEVELS];
};

static struct vms_pending vms_pending[VMS_PENDING_SLOTS];	/* lock */
static unsigned int vms_pending_used;		/* lock; read racily */
static DEFINE_RAW_SPINLOCK(vms_pending_lock);

/*
 * The task whose process an mm belongs to: current when it uses the mm,
 * else mm->owner (CONFIG_MEMCG); NULL if neither.  An mm under
 * construction (see above) gives a task that does not use it yet
 * (t->mm != mm).  A handler: preemption is off.
 */
static __always_inline struct task_struct *vms_mm_task(struct mm_struct *mm)
{
	struct task_struct *t = current;

	if (likely(READ_ONCE(t->mm) == mm && !(t->flags & PF_KTHREAD)))
		return t;
#ifdef CONFIG_MEMCG
	return rcu_dereference_sched(mm->owner);
#else
	return NULL;
#endif
}

/*
 * Count @n events @c of the mm's owner (no mm, no owner, an mm under
 * construction: unattributed).  Any context.
 */
static void vms_count_mm(struct mm_struct *mm, unsigned int c, long n)
{
	struct task_struct *t;

	rcu_read_lock_sched_notrace();
	t = mm ? vms_mm_task(mm) : NULL;
	if (t && READ_ONCE(t->mm) != mm)
		t = NULL;
	vms_count_task(t, c, n);
	rcu_read_unlock_sched_notrace();
}

/* Keep one page-table page of level @c for an mm under construction. */
static bool vms_pending_add(struct mm_struct *mm, unsigned int c)
{
	struct vms_pending *free = NULL;
	unsigned long flags;
	bool ok = true;
	int i;

	raw_spin_lock_irqsave(&vms_pending_lock, flags);
	for (i = 0; i < VMS_PENDING_SLOTS; i++) {
		if (vms_pending[i].mm == mm)
			break;
		if (!vms_pending[i].mm && !free)
			free = &vms_pending[i];
	}
	if (i < VMS_PENDING_SLOTS) {
		vms_pending[i].n[c - VMS_C_PGTBL_PTE]++;
	} else if (free) {
		memset(free, 0, sizeof(*free));
		free->mm = mm;
		free->n[c - VMS_C_PGTBL_PTE] = 1;
		vms_pending_used++;
	} else {
		ok = false;
	}
	raw_spin_unlock_irqrestore(&vms_pending_lock, flags);
	return ok;
}

/* Take the pending counts of @mm out of the table; false if none. */
static bool vms_pending_take(struct mm_struct *mm, unsigned long *n)
{
	unsigned long flags;
	bool found = false;
	int i;

	if (!READ_ONCE(vms_pending_used))
		return false;
	raw_spin_lock_irqsave(&vms_pending_lock, flags);
	for (i = 0; i < VMS_PENDING_SLOTS; i++) {
		if (vms_pending[i].mm != mm)
			continue;
		memcpy(n, vms_pending[i].n, sizeof(vms_pending[i].n));
		vms_pending[i].mm = NULL;
		vms_pending_used--;
		found = true;
		break;
	}
	raw_spin_unlock_irqrestore(&vms_pending_lock, flags);
	return found;
}

static void vms_pending_charge(struct vms_proc *e, const unsigned long *n)
{
	int l;

	for (l = 0; l < VMS_PGTBL_LEVELS; l++)
		if (n[l])
			vms_count(e, VMS_C_PGTBL_PTE + l, n[l]);
}

/*
 * sched_process_fork / sched_process_exec: @p's process takes the page
 * tables built for its mm before it had one.  After the table hooks.
 */
void vms_mm_adopt(struct task_struct *p)
{
	unsigned long n[VMS_PGTBL_LEVELS];
	struct task_struct *leader;
	struct mm_struct *mm = READ_ONCE(p->mm);

	if (!mm || !vms_pending_take(mm, n))
		return;
	rcu_read_lock();
	leader = p->group_leader;
	vms_pending_charge(vms_proc_lookup(leader->tgid,
					   leader->start_boottime), n);
	rcu_read_unlock();
}

/*
 * Swap-in: do_swap_page(vmf) maps a page back from a swap entry.  It also
 * handles migration, device and hwpoison entries and PTE markers, fails,
 * or asks for a retry (the fault then comes back); the one point reached
 * only once the page is mapped back is its release of the swap entry,
 * called from do_swap_page(): swap_free() (6.1), swap_free_nr(entry, nr)
 * (6.12), folio_put_swap(folio, page) (7.x).  Swap-cache hits count: a
 * page mapped back from a swap entry is a swap-in whether or not it had to
 * be read.
 *
 * Those functions do not say whose mm it is.  The rss_stat tracepoint that
 * swap-out already hooks does: next to the release, on the same CPU and
 * under the same PTE lock, do_swap_page() moves the pages from MM_SWAPENTS
 * to MM_ANONPAGES of vma->vm_mm.  It is current->mm but for a remote fault
 * (GUP: ptrace, /proc/PID/mem, process_vm_readv; khugepaged).  6.1 and
 * 6.12 release first, 7.x counts first; 6.1 traces only the change of
 * another task's mm (its per-task RSS cache takes current's own).
 *
 * Release first: the release charges current's process at once and leaves
 * {task, nr, faults} in a per-CPU slot; an MM_SWAPENTS change outside
 * reclaim of another mm, by the same task before its fault is over (a
 * fault is counted in min_flt/maj_flt when it ends), moves the nr to that
 * mm's owner.  Count first: an MM_SWAPENTS change outside reclaim leaves
 * {task, mm, faults} in the slot and the release that follows in the same
 * fault charges that mm.  The slot only ever names an mm for the fault in
 * flight, which holds the mm; nothing else dereferences it.
 *
 * On PREEMPT_RT the PTE lock does not disable preemption: a task preempted
 * between the two may find its slot taken by another on the same CPU, and
 * its swap-in then stays charged to it.  Totals stay exact.
 */
struct vms_swapin_slot {
	struct task_struct	*task;		/* compared, never dereferenced */
	struct mm_struct	*mm;		/* count first */
	unsigned long		faults;
	long			nr;		/* release first */
};

static DEFINE_PER_CPU(struct vms_swapin_slot, vms_swapin_slot);

static unsigned long vms_faults(void)
{
	return current->min_flt + current->maj_flt;
}

/*
 * rss_stat(mm, MM_SWAPENTS) outside reclaim; preemption is off.
 * VMS_HIT_RIDER: a remote swap-in.
 */
static unsigned int vms_swapin_mm(struct mm_struct *mm)
{
	struct vms_swapin_slot *s = this_cpu_ptr(&vms_swapin_slot);
	unsigned long faults = vms_faults();
	struct mm_struct *own = current->mm;
	long nr = s->nr;

	if (s->task == current && s->faults == faults && nr) {
		s->task = NULL;
		s->nr = 0;
		if (mm == own)
			return 0;
		/* A remote swap-in: from current's process to the owner's. */
		vms_count_mm(own, VMS_C_SWAPIN, -nr);
		vms_count_mm(mm, VMS_C_SWAPIN, nr);
		return VMS_HIT_RIDER;
	}
	s->task = current;
	s->mm = mm;
	s->faults = faults;
	s->nr = 0;
	return 0;
}

/* Release first: charge current's mm, and say so in the slot. */
static unsigned int vms_swapin_charge(long nr)
{
	struct vms_swapin_slot *s = this_cpu_ptr(&vms_swapin_slot);

	vms_count_mm(current->mm, VMS_C_SWAPIN, nr);
	s->task = current;
	s->mm = NULL;
	s->faults = vms_faults();
	s->nr = nr;
	return VMS_HIT;
}

/* swap_free(entry) from do_swap_page(), 6.1: one page. */
unsigned int vms_swapin_one(unsigned long a0, unsigned long a1,
			    unsigned long a2)
{
	return vms_swapin_charge(1);
}

/* swap_free_nr(entry, nr) from do_swap_page(), 6.12. */
unsigned int vms_swapin_nr(unsigned long a0, unsigned long a1,
			   unsigned long a2)
{
	return vms_swapin_charge((int)a1);
}

/*
 * folio_put_swap(folio, page) from do_swap_page(), 7.x: page, or all.
 * Counts first: the mm is in the slot.
 */
unsigned int vms_swapin_folio(unsigned long a0, unsigned long a1,
			      unsigned long a2)
{
	struct vms_swapin_slot *s = this_cpu_ptr(&vms_swapin_slot);
	struct folio *folio = (void *)a0;
	long nr = a1 ? 1 : folio_nr_pages(folio);
	struct mm_struct *mm = current->mm;
	unsigned int hit = VMS_HIT;

	if (s->task == current && s->faults == vms_faults() && s->mm) {
		if (s->mm != mm)
			hit |= VMS_HIT_RIDER;
		mm = s->mm;
		s->task = NULL;
		s->mm = NULL;
	}
	vms_count_mm(mm, VMS_C_SWAPIN, nr);
	return hit;
}

/* __mmdrop(mm): an mm nobody adopted (failed fork or exec) is gone. */
unsigned int vms_mm_free(unsigned long a0, unsigned long a1,
			 unsigned long a2)
{
	struct mm_struct *mm = (void *)a0;
	unsigned long n[VMS_PGTBL_LEVELS];

	if (!vms_pending_take(mm, n))
		return 0;
	vms_pending_charge(NULL, n);
	return VMS_HIT;
}

/* One page-table page of level @c was installed in @mm. */
static void vms_pgtbl(struct mm_struct *mm, unsigned int c)
{
	struct task_struct *t;

	rcu_read_lock_sched_notrace();
	t = vms_mm_task(mm);
	if (t && READ_ONCE(t->mm) != mm) {
		t = NULL;
		if (vms_pending_add(mm, c))
			goto out;
	}
	vms_count_task(t, c, 1);
out:
	rcu_read_unlock_sched_notrace();
}

/*
 * pmd_install(mm, pmd, &pte): every PTE table of a user mm is installed
 * here (__pte_alloc() calls it, file faults call it with a preallocated
 * table), under the PMD lock and only if the PMD is still empty.  An empty
 * PMD on entry is a table installed, unless another thread of the process
 * installs one in the same 2 MiB first, between this entry and the lock:
 * both then count, as for the upper levels below (Documentation/vmscope.rst
 * says why a return probe, exact there, is not used).
 */
unsigned int vms_pte_install(unsigned long a0, unsigned long a1,
			     unsigned long a2)
{
	struct mm_struct *mm = (void *)a0;
	pmd_t *pmd = (void *)a1;

	if (!pmd_none(READ_ONCE(*pmd)))
		return 0;
	vms_pgtbl(mm, VMS_C_PGTBL_PTE);
	return VMS_HIT;
}

/*
 * __pmd_alloc(mm, pud, addr), __pud_alloc(), __p4d_alloc(): 0 when the
 * entry is populated on return.  A table allocated and freed because
 * another thread populated the same entry first also returns 0 and is
 * counted (both threads must fault in the same empty 1 GiB / 512 GiB
 * region at once; see Documentation/vmscope.rst).
 */
int vms_upper_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct vms_pgtbl_call *d = (void *)ri->data;

	d->mm = (void *)regs_get_kernel_argument(regs, 0);
	return 0;
}

static unsigned int vms_upper_ret(struct kretprobe_instance *ri,
				  struct pt_regs *regs, unsigned int c)
{
	struct vms_pgtbl_call *d = (void *)ri->data;

	if (regs_return_value(regs))
		return 0;
	vms_pgtbl(d->mm, c);
	return VMS_HIT;
}

unsigned int vms_pmd_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return vms_upper_ret(ri, regs, VMS_C_PGTBL_PMD);
}

unsigned int vms_pud_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return vms_upper_ret(ri, regs, VMS_C_PGTBL_PUD);
}

unsigned int vms_p4d_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return vms_upper_ret(ri, regs, VMS_C_PGTBL_P4D);
}

/*
 * ptep_clear_flush(vma, addr, ptep) called from wp_page_copy() (6.1) or
 * from do_wp_page() (6.12, where wp_page_copy() is inlined): the old PTE
 * is cleared only once the copy is made and the PTE was unchanged, right
 * before the new page is mapped.
 */
unsigned int vms_cow_copy(unsigned long a0, unsigned long a1,
			  unsigned long a2)
{
	struct vm_area_struct *vma = (void *)a0;

	vms_count_mm(vma->vm_mm, VMS_C_COW_COPY, 1);
	return VMS_HIT;
}

/*
 * wp_page_reuse(vmf, ...): a write fault made a write-protected page
 * writable in place.  Shared mappings (write-notify of file pages) reach
 * it too: only private (anonymous) reuse counts.
 */
unsigned int vms_cow_reuse(unsigned long a0, unsigned long a1,
			   unsigned long a2)
{
	struct vm_fault *vmf = (void *)a0;
	struct vm_area_struct *vma = vmf->vma;

	if (vma->vm_flags & (VM_SHARED | VM_MAYSHARE))
		return 0;
	vms_count_mm(vma->vm_mm, VMS_C_COW_REUSE, 1);
	return VMS_HIT;
}

/*
 * ptep_set_access_flags(vma, ...) called from wp_page_reuse(): the same
 * event, where ftrace can hook it.
 */
unsigned int vms_cow_reuse_vma(unsigned long a0, unsigned long a1,
			       unsigned long a2)
{
	struct vm_area_struct *vma = (void *)a0;

	if (vma->vm_flags & (VM_SHARED | VM_MAYSHARE))
		return 0;
	vms_count_mm(vma->vm_mm, VMS_C_COW_REUSE, 1);
	return VMS_HIT;
}

/*
 * pmdp_set_access_flags(vma, ...) called from do_huge_pmd_wp_page(): only
 * its reuse path calls it; the THP was exclusive and is written in place.
 */
unsigned int vms_cow_reuse_pmd(unsigned long a0, unsigned long a1,
			       unsigned long a2)
{
	struct vm_area_struct *vma = (void *)a0;

	vms_count_mm(vma->vm_mm, VMS_C_COW_REUSE, 1);
	return VMS_HIT;
}

/*
 * do_huge_pmd_anonymous_page(vmf): 0 both when it mapped a THP and when
 * it mapped the huge zero page (or lost a race).  A THP is an anonymous
 * page; the huge zero page is not.  vmf lives in the caller's frame and
 * the fault still holds the mmap or VMA lock on return.
 */
int vms_thp_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct vms_fault_call *d = (void *)ri->data;

	d->vmf = (void *)regs_get_kernel_argument(regs, 0);
	d->mm = d->vmf->vma->vm_mm;
	return 0;
}

unsigned int vms_thp_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
#ifdef CONFIG_TRANSPARENT_HUGEPAGE
	struct vms_fault_call *d = (void *)ri->data;
	pmd_t pmd;

	if (regs_return_value(regs))
		return 0;
	pmd = READ_ONCE(*d->vmf->pmd);
	if (!pmd_trans_huge(pmd) || !PageAnon(pmd_page(pmd)))
		return 0;
	vms_count_mm(d->mm, VMS_C_THP_FAULT, 1);
	return VMS_HIT;
#else
	return 0;
#endif
}

/*
 * Tracepoint rss_stat(mm, member[, count]): an RSS counter of @mm changed.
 * MM_SWAPENTS, the mm's swap entries, rises in two places only: reclaim
 * turning a mapped anonymous page into a swap entry (try_to_unmap_one(),
 * 7.x's ttu_anon_* helpers; once per mapping mm), and fork copying swap
 * entries into the child.  Every reclaim path runs with PF_MEMALLOC set
 * (kswapd, direct, memcg and proactive reclaim, reclaim_pages() for
 * MADV_PAGEOUT) and fork never does; where MM_SWAPENTS falls (zap,
 * swap-in, swapoff, MADV_FREE) PF_MEMALLOC is not set.  So an MM_SWAPENTS
 * change under PF_MEMALLOC is one page swapped out: exactly the rise of
 * the owner's VmSwap.  Outside reclaim, the change of a swap-in tells
 * whose mm it is (vms_swapin_mm()).
 * The tracepoint is a direct call on every RSS change: far cheaper than
 * the kprobe on mm_trace_rss_stat() it replaced (see bench.rst).  Its
 * trampoline (events.c) calls this for MM_SWAPENTS only.
 */
noinline unsigned int vms_swapents(struct mm_struct *mm)
{
	if (!(current->flags & PF_MEMALLOC))
		return vms_swapin_mm(mm);
	vms_count_mm(mm, VMS_C_SWAPOUT, 1);
	return VMS_HIT;
}

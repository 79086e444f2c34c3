/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmscope: per-process view of the virtual-memory system.
 *
 * Internal declarations shared by the parts of the module.  Each part
 * (probes, table, fault, debugfs) has an init and an exit; main.c calls
 * them in order and unwinds in reverse.
 */
#ifndef _VMSCOPE_H
#define _VMSCOPE_H

#include <linux/types.h>
#include <linux/atomic.h>
#include <linux/percpu.h>
#include <linux/rculist.h>
#include <linux/sched.h>
#include <linux/kprobes.h>
#include <linux/uidgid.h>
#include <linux/mm_types.h>
#include <linux/vmscope.h>
#include <linux/vmscope_keys.h>

/* Fault service-time histogram: bucket i counts times in [2^(i-1), 2^i) ns. */
#define VMS_LAT_BUCKETS		VMSCOPE_LAT_BUCKETS

/*
 * The keys (uapi/linux/vmscope_keys.h): every number of a process, in the
 * order users see them.  X-macro helpers take a key's kind as a suffix.
 */
#define VMS_KIND(n, N, kind, col, help)	VMS_KIND_##kind(n, N)

/*
 * The keys of kind EVENT and NSEC: counters a process entry holds, counted
 * by the hooks (vms_count()).  The others are read when asked: minflt and majflt
 * from the tasks (mm_account_fault() keeps them), pgtbl_bytes from the mm,
 * pgtbl_alloc is the sum of the four levels.  See Documentation/vmscope.rst.
 */
#define VMS_KIND_EVENT(n, N)	VMS_C_##N,
#define VMS_KIND_NSEC(n, N)	VMS_C_##N,
#define VMS_KIND_TASK(n, N)
#define VMS_KIND_SUM(n, N)
#define VMS_KIND_GAUGE(n, N)
enum vms_ctr {
	VMSCOPE_KEYS(VMS_KIND)
	VMS_C_NR,
};

#undef VMS_KIND_EVENT
#undef VMS_KIND_NSEC
#undef VMS_KIND_TASK
#undef VMS_KIND_SUM
#undef VMS_KIND_GAUGE

/*
 * The counters of VMSCOPE_KEYS_RARE() (stalls and refaults), from
 * VMS_C_LAZY on, are not in the entry: most processes never stall, and a
 * block of them is attached to an entry at its first one (struct vms_lazy
 * in table.c).  VMS_C_LAZY is the number of counters VMSCOPE_KEYS_MAIN()
 * holds.
 */
#define VMS_HELD_EVENT		1
#define VMS_HELD_NSEC		1
#define VMS_HELD_TASK		0
#define VMS_HELD_SUM		0
#define VMS_HELD_GAUGE		0
#define VMS_HELD(n, N, kind, col, help)	+ VMS_HELD_##kind
#define VMS_C_LAZY		(0 VMSCOPE_KEYS_MAIN(VMS_HELD))

struct vms_lazy;

struct vms_hist {
	atomic_long_t		b[VMS_LAT_BUCKETS];
};

/* A histogram off its entry, on its way to be freed. */
struct vms_hist_free {
	struct vms_hist_free	*next;
};

/*
 * One tracked thread group.
 *
 * Key: (tgid, start_boottime).  tgid is the number in the initial pid
 * namespace; start_boottime is copied to the new leader by de_thread(),
 * so the key survives an exec from a non-leader thread.
 *
 * Protects: node and the table's count are changed only under
 * vms_table_lock; lookups walk the chains under RCU.  comm is written
 * under vms_table_lock and read racily (as /proc does).  base_* are
 * written before the entry is published and by reset, under
 * vms_reset_mutex.  lat is set and cleared under vms_table_lock, only in
 * latency mode (vms_table_lat()); its buckets are atomic.  lazy is set
 * once, by the first count of a lazy counter (cmpxchg, any context), and
 * taken off when the entry is freed.  Lifetime:
 * unhashed under the lock, then an RCU callback (call_rcu()) puts pid and
 * returns the entry to the pool, or frees it with lat when the pool is
 * full.  At exit, pid moves to the exits ring and the entry takes the pid
 * of the record it overwrote, for the callback to put.
 */
struct vms_proc {
	struct hlist_node	node;
	struct list_head	all;
	struct rcu_head		rcu;
	struct pid		*pid;		/* ref held; the TGID pid */
	pid_t			tgid;		/* init_pid_ns number */
	u64			start;		/* leader's start_boottime */
	char			comm[TASK_COMM_LEN];
	unsigned long		base_minflt;	/* kernel count at tracking start */
	unsigned long		base_majflt;
	atomic_long_t		c[VMS_C_LAZY];
	struct vms_lazy		*lazy;		/* the others; NULL: all 0 */
	struct vms_hist		*lat;		/* latency mode only */
};

/* A process's counters, as read at one moment. */
struct vms_snap {
	pid_t			tgid;
	kuid_t			uid;		/* real uid */
	char			comm[TASK_COMM_LEN];
	u64			minflt;
	u64			majflt;
	u64			c[VMS_C_NR];
	u64			pgtbl_bytes;	/* now; 0 once the mm is gone */
	bool			has_lat;	/* lat[] may be non-zero */
	u64			lat[VMS_LAT_BUCKETS];
};

/*
 * Every key: the columns of debugfs tables and the netlink attributes
 * (vms_key_names[] holds the names, vms_snap_keys() the values).
 */
#define VMS_K_ENUM(n, N, kind, col, help)	VMS_K_##N,
enum vms_key {
	VMSCOPE_KEYS(VMS_K_ENUM)
	VMS_K_NR,
};

#undef VMS_K_ENUM

extern const char *const vms_key_names[VMS_K_NR];

/* The key of kind SUM pgtbl_alloc: page tables allocated, all levels. */
static inline u64 vms_sum_pgtbl_alloc(const struct vms_snap *s)
{
	return s->c[VMS_C_PGTBL_PTE] + s->c[VMS_C_PGTBL_PMD] +
	       s->c[VMS_C_PGTBL_PUD] + s->c[VMS_C_PGTBL_P4D];
}

/*
 * All keys of @s at once, in key order: a dump puts VMS_K_NR a process.
 * Straight-line, so no index is checked at run time: 7.x builds with
 * UBSAN_BOUNDS, which checked three indices a key in the table-driven
 * loop this replaced.  A key of kind TASK or GAUGE is the field of its
 * name in struct vms_snap.
 */
#define VMS_KIND_EVENT(n, N)	v[VMS_K_##N] = s->c[VMS_C_##N];
#define VMS_KIND_NSEC(n, N)	v[VMS_K_##N] = s->c[VMS_C_##N];
#define VMS_KIND_TASK(n, N)	v[VMS_K_##N] = s->n;
#define VMS_KIND_SUM(n, N)	v[VMS_K_##N] = vms_sum_##n(s);
#define VMS_KIND_GAUGE(n, N)	v[VMS_K_##N] = s->n;
static inline void vms_snap_keys(const struct vms_snap *s, u64 *v)
{
	VMSCOPE_KEYS(VMS_KIND)
}

#undef VMS_KIND_EVENT
#undef VMS_KIND_NSEC
#undef VMS_KIND_TASK
#undef VMS_KIND_SUM
#undef VMS_KIND_GAUGE

/* ring.c: sequenced rings of records (exits, OOM kills) */
struct vms_rec {
	unsigned long		seq;		/* record number */
};

struct vms_ring;

struct vms_ring_ops {
	void (*prepare)(unsigned long seq);	/* process context */
	void (*hold)(void *rec);		/* under the ring's lock */
	void (*release)(void *rec);
};

/* Who takes the records as they come (netlink): registers itself. */
struct vms_ring_sub {
	bool (*wanted)(void);			/* any context, cheap */
	int (*send)(struct vms_ring *ring, const void *rec); /* 0: sent */
};

struct vms_ring {
	raw_spinlock_t		lock;
	void			*slots;
	size_t			size;
	unsigned int		max;
	unsigned long		total;		/* lock: records made */
	const struct vms_ring_ops *ops;
	const struct vms_ring_sub *sub;
	struct work_struct	work;
	atomic_long_t		next;		/* first record not sent */
	atomic_long_t		dropped;
};

void vms_ring_init(struct vms_ring *ring, void *slots, size_t size,
		   unsigned int max, const struct vms_ring_ops *ops);
void *vms_ring_claim(struct vms_ring *ring, unsigned long *flags)
	__acquires(&ring->lock);
void vms_ring_commit(struct vms_ring *ring, unsigned long flags)
	__releases(&ring->lock);
unsigned long vms_ring_end(struct vms_ring *ring);
unsigned long vms_ring_start(struct vms_ring *ring, unsigned long end);
bool vms_ring_update(struct vms_ring *ring, unsigned long seq,
		     void (*fn)(void *rec, void *arg), void *arg);
bool vms_ring_get(struct vms_ring *ring, unsigned long seq, void *out);
void vms_ring_put(struct vms_ring *ring, void *rec);
int vms_ring_walk(struct vms_ring *ring, unsigned long *from,
		  int (*fn)(const void *rec, void *arg), void *arg);
void vms_ring_reset(struct vms_ring *ring, void (*clear)(void *rec, void *arg),
		    void *arg);
unsigned long vms_ring_dropped(struct vms_ring *ring);
void vms_ring_subscribe(struct vms_ring *ring, const struct vms_ring_sub *sub);
void vms_ring_exit(struct vms_ring *ring);

/* An exited process's final counters, kept in the exits ring. */
struct vms_exit {
	struct vms_rec		rec;
	struct vms_snap		s;
	struct pid		*pid;		/* ref held while in the ring */
	u64			start;
	u64			exit_ns;	/* ktime_get_real_ns() at free */
};

extern struct vms_ring vms_exit_ring;

/* table.c */
int vms_table_init(void);
void vms_table_exit(void);
struct vms_proc *vms_proc_lookup(pid_t tgid, u64 start);
struct vms_proc *vms_proc_current(void);
void vms_proc_fork(struct task_struct *child);
void vms_proc_exec(struct task_struct *p);
void vms_proc_free(struct task_struct *p);
int vms_table_populate(void);
bool vms_proc_snap(struct vms_proc *e, struct vms_snap *s);
void vms_table_reset(void);
void vms_sys_snap(struct vms_snap *s);
bool vms_count(struct vms_proc *e, unsigned int c, long n);
void vms_count_task(struct task_struct *t, unsigned int c, long n);
unsigned long vms_unattributed(void);

typedef void (*vms_proc_fn)(struct vms_proc *e, void *arg);
unsigned int vms_table_buckets(void);
unsigned int vms_table_next_bucket(unsigned int bucket);
void vms_table_walk_bucket(unsigned int bucket, vms_proc_fn fn, void *arg);

struct vms_table_stats {
	unsigned int		live;
	unsigned int		max;
	unsigned long		refused;
	unsigned long		exits;
	unsigned int		exits_max;
	unsigned int		entry_bytes;	/* one entry, as the slab gives it */
	unsigned long		table_bytes;	/* entries, pool, chains, ring */
};

void vms_table_stats(struct vms_table_stats *st);
int vms_table_lat(bool on);

/* fault.c */
unsigned int vms_fault_lat_account(u64 ns);
void vms_fault_reset(void);
void vms_fault_sys_lat(u64 *lat);
int vms_fault_ret_entry(struct kretprobe_instance *ri, struct pt_regs *regs);
unsigned int vms_fault_ret(struct kretprobe_instance *ri, struct pt_regs *regs);

/* probes.c */

struct vms_probe_info {
	const char		*event;
	char			symbol[64];
	const char		*why;		/* absent on this kernel: why */
	const char		*state_name;
	enum vmscope_probe_state state;
	unsigned long		hits;
	unsigned long		missed;
	const char		*hook;		/* ftrace, kprobe, tracepoint, ... */
	int			err;
};

/* The direct-call trampoline (asm in hook_x86.c): never called from C. */
void vms_direct_tramp(void);

int vms_probes_init(void);
void vms_probes_exit(void);
unsigned int vms_probes_count(void);
void vms_probe_info(unsigned int i, struct vms_probe_info *info);
int vms_latency_set(bool on);
bool vms_latency_on(void);

/*
 * What a handler saw, which the dispatcher of its hook counts: its event
 * (VMS_HIT), the event that rides on its hook (VMS_HIT_RIDER: a remote
 * swap-in, told by the swap hooks), or one it could not count (VMS_MISS);
 * 0 for a call that was none of its business.
 */
#define VMS_HIT			BIT(0)
#define VMS_HIT_RIDER		BIT(1)
#define VMS_MISS		BIT(2)
/* A rider chosen by the handler: event @id (> 0) rather than the probe's. */
#define VMS_HIT_AS_SHIFT	8
#define VMS_HIT_AS(id)		(VMS_HIT_RIDER | (id) << VMS_HIT_AS_SHIFT)

/*
 * An entry handler sees the first three arguments of the function it
 * hooks, whether an ftrace callback or a kprobe delivered them.  They are
 * passed in registers: an array on the callback's stack cost a stack
 * canary and its zero-initialisation on every hit.
 */
typedef unsigned int (*vms_entry_fn)(unsigned long a0, unsigned long a1,
				     unsigned long a2);
/* A kretprobe's return handler. */
typedef unsigned int (*vms_ret_fn)(struct kretprobe_instance *ri,
				   struct pt_regs *regs);

/* mm.c: copy-on-write, page tables, THP, swap */
struct vms_pgtbl_call {
	struct mm_struct	*mm;
};

struct vm_fault;

struct vms_fault_call {
	struct vm_fault		*vmf;
	struct mm_struct	*mm;
};

void vms_mm_adopt(struct task_struct *p);
unsigned int vms_mm_free(unsigned long a0, unsigned long a1, unsigned long a2);
unsigned int vms_cow_copy(unsigned long a0, unsigned long a1, unsigned long a2);
unsigned int vms_cow_reuse(unsigned long a0, unsigned long a1, unsigned long a2);
unsigned int vms_cow_reuse_vma(unsigned long a0, unsigned long a1, unsigned long a2);
unsigned int vms_cow_reuse_pmd(unsigned long a0, unsigned long a1, unsigned long a2);
unsigned int vms_pte_install(unsigned long a0, unsigned long a1, unsigned long a2);
int vms_upper_entry(struct kretprobe_instance *ri, struct pt_regs *regs);
unsigned int vms_pmd_ret(struct kretprobe_instance *ri, struct pt_regs *regs);
unsigned int vms_pud_ret(struct kretprobe_instance *ri, struct pt_regs *regs);
unsigned int vms_p4d_ret(struct kretprobe_instance *ri, struct pt_regs *regs);
int vms_thp_entry(struct kretprobe_instance *ri, struct pt_regs *regs);
unsigned int vms_thp_ret(struct kretprobe_instance *ri, struct pt_regs *regs);
unsigned int vms_swapin_one(unsigned long a0, unsigned long a1, unsigned long a2);
unsigned int vms_swapin_nr(unsigned long a0, unsigned long a1, unsigned long a2);
unsigned int vms_swapin_folio(unsigned long a0, unsigned long a1, unsigned long a2);
unsigned int vms_swapents(struct mm_struct *mm);

/* stall.c: memory stalls and refaults */
struct seq_file;

void vms_stall_init(void);
int vms_stall_callers_show(struct seq_file *m);
unsigned int vms_stall_enter(unsigned long a0, unsigned long a1, unsigned long a2);
unsigned int vms_stall_leave(unsigned long a0, unsigned long a1, unsigned long a2);
unsigned int vms_stall_mark_reclaim(unsigned long a0, unsigned long a1,
				    unsigned long a2);
unsigned int vms_stall_mark_compact(struct kretprobe_instance *ri,
				    struct pt_regs *regs);
int vms_swapin_wait_entry(struct kretprobe_instance *ri, struct pt_regs *regs);
unsigned int vms_swapin_wait_ret(struct kretprobe_instance *ri,
				 struct pt_regs *regs);
unsigned int vms_refault(unsigned long a0, unsigned long a1, unsigned long a2);

/* oom.c */
#define VMS_OOM_RING	64
#define VMS_OOM_PATH	256

/*
 * One OOM kill: a field for each of VMSCOPE_OOM(), of its name.  Pids are
 * those of the initial pid namespace.
 */
struct vms_oom {
	union {
		struct vms_rec	rec;
		unsigned long	seq;
	};
	u64			time_ns;	/* CLOCK_REALTIME */
	pid_t			pid;		/* victim */
	uid_t			uid;
	char			comm[TASK_COMM_LEN];
	u64			rss_anon_kb;
	u64			rss_file_kb;
	u64			rss_shmem_kb;
	u64			pgtbl_bytes;
	short			oom_score_adj;
	unsigned int		constraint;	/* enum oom_constraint */
	u64			memcg_id;	/* cgroup id; 0: none */
	char			memcg[VMS_OOM_PATH];	/* "" until named */
	pid_t			trigger_pid;
	char			trigger_comm[TASK_COMM_LEN];
	int			order;
	u32			gfp;
};

extern struct vms_ring vms_oom_ring;

const char *vms_oom_constraint_name(unsigned int c);
void vms_oom_init(void);
void vms_oom_reset(void);
unsigned int vms_oom_trigger(unsigned long a0, unsigned long a1, unsigned long a2);
unsigned int vms_oom_victim(unsigned long a0, unsigned long a1, unsigned long a2);
unsigned int vms_oom_mark_victim(struct task_struct *task, uid_t uid);
void vms_oom_exit(void);

/* netlink.c */
int vms_netlink_init(void);
void vms_netlink_exit(void);

/* debugfs.c */
int vms_debugfs_init(void);
void vms_debugfs_exit(void);

/*
 * The module's own numbers beside the system totals (VMSCOPE_SYS() in
 * uapi/linux/vmscope_keys.h), as sys-get and debugfs "summary" give them.
 */
#define VMS_S_ENUM(n, N, type, kind, help)	VMS_S_##N,
enum vms_sys {
	VMSCOPE_SYS(VMS_S_ENUM)
	VMS_S_NR,
};

#undef VMS_S_ENUM

extern const char *const vms_sys_names[VMS_S_NR];
void vms_sys_values(u64 *v);
void vms_reset(void);

/* main.c: module parameters */
extern unsigned int vms_max_procs;
extern unsigned int vms_max_exits;
extern bool vms_param_latency;
extern bool vms_param_ftrace;
extern unsigned int vms_maxactive;

/* Helpers. */
static inline unsigned int vms_lat_bucket(u64 ns)
{
	unsigned int b = fls64(ns);

	return b < VMS_LAT_BUCKETS ? b : VMS_LAT_BUCKETS - 1;
}

/* Lower bound (ns) of histogram bucket @b. */
static inline u64 vms_lat_lo(unsigned int b)
{
	return b ? 1ULL << (b - 1) : 0;
}

static inline void vms_comm(char *dst, const struct task_struct *p)
{
	/* task_lock() sleeps on PREEMPT_RT; copy racily, as tracepoints do. */
	memcpy(dst, p->comm, TASK_COMM_LEN);
	dst[TASK_COMM_LEN - 1] = '\0';
}

#endif /* _VMSCOPE_H */

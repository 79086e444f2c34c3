// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope selftests: copy-on-write, page tables, THP faults, swap-in,
 * swap-out charged to the owner, and OOM kill records, each against an
 * independent truth: the workload's own arithmetic, /proc/PID/status
 * (VmPTE, VmSwap), /proc/PID/smaps_rollup (AnonHugePages), /proc/vmstat
 * (pgreuse, pswpout, oom_kill) and the memcg's memory.events.
 *
 * Run as root with vmscope loaded.  The swap tests need a swap device and
 * the OOM and memcg tests cgroup v2 with the memory controller; the VM
 * runner (guest.sh) sets up both (zram swap, vm.page-cluster=0).
 */
#include "vmscope_test.h"
#include <sys/syscall.h>
#include <sys/swap.h>
#include <sys/uio.h>
#include <sys/stat.h>
#include <time.h>
#include "kselftest_harness.h"

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT	21
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open	434
#endif
#ifndef SYS_process_madvise
#define SYS_process_madvise	440
#endif

/* A value of /proc/PID/smaps_rollup, in kB; -1 if absent. */
static long long rollup_kb(int pid, const char *name)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", pid);
	return file_colon(path, name);
}

/*
 * Tests that wait on reclaim, swap I/O or the OOM killer take longer than
 * the harness's default 30 s under TCG: they run in this empty fixture,
 * with their own timeout.
 */
FIXTURE(slow) {};
FIXTURE_SETUP(slow) {}
FIXTURE_TEARDOWN(slow) {}

/* Memory that a worker uses, set up by its start command. */
struct region {
	char	*base;		/* aligned start */
	size_t	len;		/* bytes */
	size_t	step;		/* touch one byte every step bytes */
	size_t	align;
	int	thp;		/* MADV_HUGEPAGE rather than NOHUGEPAGE */
	int	nothp;		/* PR_SET_THP_DISABLE for the whole worker */
	pid_t	child;		/* forked by 'F' */
};

/* Map @r->len bytes aligned to @r->align, NORESERVE. */
static int region_map(struct region *r)
{
	size_t span = r->len + r->align;
	char *p, *a;

	p = mmap(NULL, span, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	a = (char *)(((unsigned long)p + r->align - 1) & ~(r->align - 1));
	if (a > p)
		munmap(p, a - p);
	if (a + r->len < p + span)
		munmap(a + r->len, p + span - (a + r->len));
	r->base = a;
	madvise(a, r->len, r->thp ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
	return 0;
}

/*
 * Worker commands: 's' start (map), 't' write one byte every step with a
 * non-zero pattern, 'r' read them back (checks the pattern), 'W'
 * MADV_WILLNEED over the region, 'u' unmap, 'a' allocate without end.
 */
static void region_fn(void *arg, char cmd)
{
	struct region *r = arg;
	size_t off;
	char *p;

	switch (cmd) {
	case 's':
		if (r->nothp)
			prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
		/* Mapped by the parent already, or nothing to map. */
		if (!r->base && r->len && region_map(r))
			_exit(2);
		break;
	case 't':
		for (off = 0; off < r->len; off += r->step)
			r->base[off] = 1 + (off / r->step) % 251;
		break;
	case 'r':
		for (off = 0; off < r->len; off += r->step)
			if (r->base[off] != (char)(1 + (off / r->step) % 251))
				_exit(3);
		break;
	case 'W':
		madvise(r->base, r->len, MADV_WILLNEED);
		break;
	case 'f':	/* share everything with a child that exits at once */
		r->child = fork();
		if (!r->child)
			_exit(0);
		waitpid(r->child, NULL, 0);
		break;
	case 'F':	/* ... with a child that stays ('k' ends it) */
		r->child = fork();
		if (!r->child) {
			pause();
			_exit(0);
		}
		break;
	case 'k':
		kill(r->child, SIGKILL);
		waitpid(r->child, NULL, 0);
		break;
	case 'u':
		munmap(r->base, r->len);
		break;
	case 'p':
		/*
		 * 6.1 batches a task's own RSS updates (SPLIT_RSS_COUNTING)
		 * and folds them into the mm every 64 events: 256 faults
		 * elsewhere make VmSwap exact again.
		 */
		p = mmap(NULL, 256 * PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			_exit(5);
		madvise(p, 256 * PAGE, MADV_NOHUGEPAGE);
		for (off = 0; off < 256 * PAGE; off += PAGE)
			p[off] = 1;
		munmap(p, 256 * PAGE);
		break;
	case 'a':
		for (;;) {
			p = mmap(NULL, MiB, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (p == MAP_FAILED)
				_exit(4);
			for (off = 0; off < MiB; off += PAGE)
				p[off] = 1;
		}
	}
}

/*
 * fork CoW: the parent writes N pages, a child forked after that writes
 * them all: N copies for the child.  The parent then writes them again:
 * no longer shared, N reuses, and the system's cow_reuse moves exactly
 * as /proc/vmstat pgreuse.
 */
#define COW_PAGES	1024

struct cow {
	char	*mem;
};

static void cow_fn(void *arg, char cmd)
{
	struct cow *c = arg;

	if (cmd == 'w')
		touch(c->mem, COW_PAGES);
}

/*
 * /proc/vmstat's @vm and vmscope's system total @key at one moment, for a
 * delta of both: an event of another process between the two reads would
 * count on one side only, so retry until @vm stood still around @key.
 */
static void vmstat_pair(const char *vm, const char *key, long long *v,
			long long *k)
{
	long long before;
	int i;

	for (i = 0; i < 100; i++) {
		before = vmstat_get(vm);
		*k = vms_sys(key);
		*v = vmstat_get(vm);
		if (*v == before)
			return;
	}
}

TEST(cow_fork)
{
	struct cow c = { .mem = map_anon(COW_PAGES * PAGE) };
	char *drain;
	long long copy0, copy1, reuse0, reuse1, pg0, pg1, sys0, sys1;
	struct worker w;
	int self = getpid();

	ASSERT_NE(NULL, c.mem);
	touch(c.mem, COW_PAGES);
	ASSERT_EQ(0, worker_start(&w, cow_fn, &c));
	copy0 = col(w.pid, "cow_copy");
	ASSERT_GE(copy0, 0);
	ASSERT_EQ(0, worker_do(&w, 'w'));
	copy1 = col(w.pid, "cow_copy");
	TH_LOG("child %d: cow_copy %lld -> %lld for %d pages written",
	       w.pid, copy0, copy1, COW_PAGES);
	/* The copies of the pages, and at most a few of its own stack. */
	EXPECT_GE(copy1 - copy0, COW_PAGES);
	EXPECT_LE(copy1 - copy0, COW_PAGES + 8);

	/*
	 * The copies left the old pages to us alone, but a page may still be
	 * held by another CPU's LRU batch, and the kernel copies a page with
	 * an extra reference: mlock() drains every CPU's batch first.
	 */
	drain = map_anon(PAGE);
	ASSERT_NE(NULL, drain);
	touch(drain, 1);
	ASSERT_EQ(0, mlock(drain, PAGE));
	munlock(drain, PAGE);
	copy0 = col(self, "cow_copy");
	reuse0 = col(self, "cow_reuse");
	vmstat_pair("pgreuse", "cow_reuse", &pg0, &sys0);
	touch(c.mem, COW_PAGES);
	vmstat_pair("pgreuse", "cow_reuse", &pg1, &sys1);
	reuse1 = col(self, "cow_reuse");
	copy1 = col(self, "cow_copy");
	TH_LOG("parent %d: cow_reuse +%lld cow_copy +%lld; system cow_reuse +%lld, pgreuse +%lld",
	       self, reuse1 - reuse0, copy1 - copy0, sys1 - sys0, pg1 - pg0);
	/*
	 * Each write is a reuse or, where the kernel still sees another
	 * reference to the page (7.x keeps some for a while), a copy: the
	 * two add up to the pages written, and reuse is what the kernel
	 * itself counts as pgreuse.
	 */
	EXPECT_GE((reuse1 - reuse0) + (copy1 - copy0), COW_PAGES);
	EXPECT_LE((reuse1 - reuse0) + (copy1 - copy0), COW_PAGES + 8);
	EXPECT_GE(reuse1 - reuse0, COW_PAGES - 64);
	EXPECT_EQ(pg1 - pg0, sys1 - sys0);
	copy1 = col(w.pid, "cow_copy");
	ASSERT_EQ(0, worker_stop(&w, NULL));
	/* The exit record keeps the final count. */
	EXPECT_EQ(copy1, exit_col(w.pid, "cow_copy"));
}

/* pgtbl_bytes of @pid equals its VmPTE (kB) * 1024. */
#define EXPECT_PGTBL_BYTES(pid) do {					\
	int _pid = (pid);						\
	long long _vm = proc_status(_pid, "VmPTE");			\
	long long _b = col(_pid, "pgtbl_bytes");			\
	ASSERT_GE(_vm, 0);						\
	EXPECT_EQ(_vm * 1024, _b);					\
} while (0)

struct levels {
	long long pte, pmd, pud, alloc, vmpte;
};

static void levels(int pid, struct levels *l)
{
	l->pte = col(pid, "pgtbl_pte");
	l->pmd = col(pid, "pgtbl_pmd");
	l->pud = col(pid, "pgtbl_pud");
	l->alloc = col(pid, "pgtbl_alloc");
	l->vmpte = proc_status(pid, "VmPTE");
}

/* One page every 2 MiB over an aligned 1 GiB: 512 PTE tables, 1 PMD. */
TEST(pgtbl_pte)
{
	struct region r = { .len = GiB, .step = 2 * MiB, .align = GiB,
			    .nothp = 1 };
	struct levels a, b;
	struct worker w;

	ASSERT_EQ(0, worker_start(&w, region_fn, &r));
	levels(w.pid, &a);
	ASSERT_EQ(0, worker_do(&w, 't'));
	levels(w.pid, &b);
	TH_LOG("pid %d: pte +%lld pmd +%lld pud +%lld alloc +%lld, VmPTE +%lld kB",
	       w.pid, b.pte - a.pte, b.pmd - a.pmd, b.pud - a.pud,
	       b.alloc - a.alloc, b.vmpte - a.vmpte);
	EXPECT_EQ(512, b.pte - a.pte);
	EXPECT_EQ(1, b.pmd - a.pmd);
	EXPECT_LE(b.pud - a.pud, 1);
	EXPECT_EQ(b.alloc - a.alloc, (b.pte - a.pte) + (b.pmd - a.pmd) +
				     (b.pud - a.pud));
	EXPECT_EQ((b.vmpte - a.vmpte) * 1024, (b.alloc - a.alloc) * 4096);
	EXPECT_PGTBL_BYTES(w.pid);
	ASSERT_EQ(0, worker_do(&w, 'u'));
	EXPECT_PGTBL_BYTES(w.pid);
	ASSERT_EQ(0, worker_stop(&w, NULL));
}

/* One page every 1 GiB across an aligned 512 GiB: 512 PMD tables, 1 PUD. */
TEST(pgtbl_pmd)
{
	struct region r = { .len = 512 * GiB, .step = GiB, .align = 512 * GiB,
			    .nothp = 1 };
	struct levels a, b;
	struct worker w;

	ASSERT_EQ(0, worker_start(&w, region_fn, &r));
	levels(w.pid, &a);
	ASSERT_EQ(0, worker_do(&w, 't'));
	levels(w.pid, &b);
	TH_LOG("pid %d: pte +%lld pmd +%lld pud +%lld, VmPTE %lld -> %lld kB",
	       w.pid, b.pte - a.pte, b.pmd - a.pmd, b.pud - a.pud, a.vmpte,
	       b.vmpte);
	EXPECT_EQ(512, b.pte - a.pte);
	EXPECT_EQ(512, b.pmd - a.pmd);
	EXPECT_EQ(1, b.pud - a.pud);
	EXPECT_EQ((b.vmpte - a.vmpte) * 1024, 1025 * 4096);
	EXPECT_PGTBL_BYTES(w.pid);
	ASSERT_EQ(0, worker_do(&w, 'u'));
	levels(w.pid, &a);
	EXPECT_EQ(a.vmpte, b.vmpte - 1025 * 4);
	EXPECT_EQ(b.alloc, a.alloc);	/* allocations, not a level */
	EXPECT_PGTBL_BYTES(w.pid);
	ASSERT_EQ(0, worker_stop(&w, NULL));
	/* The exit record keeps the allocations; the tables are gone. */
	EXPECT_EQ(a.pmd, exit_col(w.pid, "pgtbl_pmd"));
	EXPECT_EQ(a.alloc, exit_col(w.pid, "pgtbl_alloc"));
	EXPECT_EQ(0, exit_col(w.pid, "pgtbl_bytes"));
}

/*
 * Fork copies page tables into the child's mm before the child exists:
 * they must be the child's, every one of them.
 */
TEST(pgtbl_fork)
{
	struct region r = { .len = 16 * 2 * MiB, .step = 2 * MiB,
			    .align = 2 * MiB, .nothp = 1 };
	struct worker w;
	long long alloc, vmpte;

	prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
	ASSERT_EQ(0, region_map(&r));
	region_fn(&r, 't');		/* 16 PTE tables to copy */
	ASSERT_EQ(0, worker_start(&w, cow_fn, NULL));
	alloc = col(w.pid, "pgtbl_alloc");
	vmpte = proc_status(w.pid, "VmPTE");
	TH_LOG("child %d: pgtbl_alloc %lld (pte %lld), VmPTE %lld kB",
	       w.pid, alloc, col(w.pid, "pgtbl_pte"), vmpte);
	EXPECT_GE(col(w.pid, "pgtbl_pte"), 16);
	EXPECT_EQ(vmpte * 1024, alloc * 4096);
	EXPECT_PGTBL_BYTES(w.pid);
	ASSERT_EQ(0, worker_stop(&w, NULL));
}

/* Hits of event @ev's probe (debugfs "probes"); -1 if absent. */
static long long probe_hits(const char *ev)
{
	return probe_field(ev, 0);
}

static int thp_available(char *why, size_t len)
{
	char buf[128] = "";
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");

	if (!f) {
		snprintf(why, len, "kernel without THP (no transparent_hugepage in sysfs)");
		return 0;
	}
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	if (strstr(buf, "[never]")) {
		snprintf(why, len, "THP is off (transparent_hugepage/enabled: never)");
		return 0;
	}
	return 1;
}

/* A 2 MiB-aligned MADV_HUGEPAGE region written once: one THP fault. */
TEST(thp_fault)
{
	struct region r = { .len = 2 * MiB, .step = 2 * MiB, .align = 2 * MiB,
			    .thp = 1 };
	long long f0, f1, h0, h1;
	struct worker w;
	char why[128];

	if (!thp_available(why, sizeof(why)))
		SKIP(return, "%s", why);
	ASSERT_EQ(0, worker_start(&w, region_fn, &r));
	f0 = col(w.pid, "thp_fault");
	h0 = rollup_kb(w.pid, "AnonHugePages");
	ASSERT_EQ(0, worker_do(&w, 't'));
	f1 = col(w.pid, "thp_fault");
	h1 = rollup_kb(w.pid, "AnonHugePages");
	TH_LOG("pid %d: thp_fault +%lld, AnonHugePages +%lld kB", w.pid,
	       f1 - f0, h1 - h0);
	EXPECT_EQ(1, f1 - f0);
	EXPECT_EQ(2048, h1 - h0);
	ASSERT_EQ(0, worker_stop(&w, NULL));
	EXPECT_EQ(f1, exit_col(w.pid, "thp_fault"));
}

/*
 * THP copy-on-write: an exclusive THP written after its sharer exited is
 * reused whole (one cow_reuse, still a THP); written while a child still
 * maps it, the PMD is split and the one 4 KiB page written is copied.
 */
TEST(thp_cow)
{
	struct region r = { .len = 2 * MiB, .step = 2 * MiB, .align = 2 * MiB,
			    .thp = 1 };
	long long c0, c1, u0, u1, h0, h1, t0, t1;
	struct worker w;
	char why[128];

	if (!thp_available(why, sizeof(why)))
		SKIP(return, "%s", why);
	ASSERT_EQ(0, worker_start(&w, region_fn, &r));
	ASSERT_EQ(0, worker_do(&w, 't'));
	ASSERT_EQ(2048, rollup_kb(w.pid, "AnonHugePages"));
	ASSERT_EQ(0, worker_do(&w, 'f'));
	c0 = col(w.pid, "cow_copy");
	u0 = col(w.pid, "cow_reuse");
	t0 = probe_hits("cow_reuse_thp");
	ASSERT_EQ(0, worker_do(&w, 't'));
	t1 = probe_hits("cow_reuse_thp");
	c1 = col(w.pid, "cow_copy");
	u1 = col(w.pid, "cow_reuse");
	h1 = rollup_kb(w.pid, "AnonHugePages");
	TH_LOG("sharer gone: cow_reuse +%lld (THP +%lld) cow_copy +%lld, AnonHugePages %lld kB",
	       u1 - u0, t1 - t0, c1 - c0, h1);
	/*
	 * One THP reuse; the worker's own stack page, write-protected by
	 * the same fork, may add a 4 KiB reuse when the command arrives
	 * (where it lies depends on the stack's random offset).
	 */
	EXPECT_EQ(1, t1 - t0);
	EXPECT_GE(u1 - u0, 1);
	EXPECT_LE(u1 - u0, 3);
	EXPECT_EQ(0, c1 - c0);
	EXPECT_EQ(2048, h1);

	ASSERT_EQ(0, worker_do(&w, 'F'));
	h0 = rollup_kb(w.pid, "AnonHugePages");
	c0 = col(w.pid, "cow_copy");
	ASSERT_EQ(0, worker_do(&w, 't'));
	c1 = col(w.pid, "cow_copy");
	h1 = rollup_kb(w.pid, "AnonHugePages");
	TH_LOG("sharer alive: cow_copy +%lld, AnonHugePages %lld -> %lld kB",
	       c1 - c0, h0, h1);
	EXPECT_GE(c1 - c0, 1);	/* the page written (and maybe a stack page) */
	EXPECT_LE(c1 - c0, 3);
	EXPECT_EQ(0, h1);
	ASSERT_EQ(0, worker_do(&w, 'k'));
	ASSERT_EQ(0, worker_stop(&w, NULL));
}

/* process_madvise(MADV_PAGEOUT) of @len bytes at @base in process @pid. */
static long pageout(int pid, void *base, size_t len)
{
	struct iovec iov = { .iov_base = base, .iov_len = len };
	int fd = syscall(SYS_pidfd_open, pid, 0);
	long ret;

	if (fd < 0)
		return -1;
	ret = syscall(SYS_process_madvise, fd, &iov, 1, MADV_PAGEOUT, 0);
	close(fd);
	return ret;
}

#define SWAP_PAGES	1024

struct swapv {
	long long swapout, swapin, vmswap, majflt;
};

static void swapv(int pid, struct swapv *v)
{
	v->swapout = col(pid, "swapout");
	v->swapin = col(pid, "swapin");
	v->majflt = col(pid, "majflt");
	v->vmswap = proc_status(pid, "VmSwap");
}

/*
 * Pages pushed out by another process (process_madvise) are charged to
 * their owner, exactly the rise of its VmSwap; the caller is charged
 * nothing.  Faulting them back counts swapin, read from the device
 * (major) or, after MADV_WILLNEED, found in the swap cache (minor): both
 * count.
 */
TEST_F_TIMEOUT(slow, swap_remote, 300)
{
	struct region r = { .len = SWAP_PAGES * PAGE, .step = PAGE,
			    .align = PAGE };
	long long me0, me1, sys0, sys1, psw0, psw1;
	struct swapv a, b, c;
	struct worker w;
	int me = getpid();

	if (!swap_available())
		SKIP(return, "no swap device (the VM runner sets up zram swap)");
	/* Mapped here, untouched: the worker inherits it, we know where. */
	ASSERT_EQ(0, region_map(&r));
	ASSERT_EQ(0, worker_start(&w, region_fn, &r));
	ASSERT_EQ(0, worker_do(&w, 't'));
	swapv(w.pid, &a);
	me0 = col(me, "swapout");
	sys0 = vms_sys("swapout");
	psw0 = vmstat_get("pswpout");
	ASSERT_EQ(SWAP_PAGES * PAGE, pageout(w.pid, r.base, r.len))
		TH_LOG("process_madvise: %s", strerror(errno));
	psw1 = vmstat_get("pswpout");
	sys1 = vms_sys("swapout");
	me1 = col(me, "swapout");
	swapv(w.pid, &b);
	TH_LOG("owner %d: swapout +%lld, VmSwap +%lld kB", w.pid,
	       b.swapout - a.swapout, b.vmswap - a.vmswap);
	TH_LOG("caller %d: swapout +%lld; system swapout +%lld, pswpout +%lld",
	       me, me1 - me0, sys1 - sys0, psw1 - psw0);
	EXPECT_EQ((b.vmswap - a.vmswap) / 4, b.swapout - a.swapout);
	EXPECT_GE(b.swapout - a.swapout, SWAP_PAGES / 2);
	EXPECT_EQ(0, me1 - me0);
	EXPECT_GE(sys1 - sys0, psw1 - psw0);

	/* Read back from the device: major faults, one per page. */
	ASSERT_EQ(0, worker_do(&w, 'r'));
	ASSERT_EQ(0, worker_do(&w, 'p'));
	swapv(w.pid, &c);
	TH_LOG("owner %d: swapin +%lld, VmSwap -%lld kB, majflt +%lld",
	       w.pid, c.swapin - b.swapin, b.vmswap - c.vmswap,
	       c.majflt - b.majflt);
	EXPECT_EQ((b.vmswap - c.vmswap) / 4, c.swapin - b.swapin);
	EXPECT_EQ(b.swapout - a.swapout, c.swapin - b.swapin);
	EXPECT_EQ(c.swapin - b.swapin, c.majflt - b.majflt);

	/* Out again, into the swap cache by MADV_WILLNEED, then touched. */
	ASSERT_EQ(SWAP_PAGES * PAGE, pageout(w.pid, r.base, r.len));
	swapv(w.pid, &a);
	ASSERT_EQ(0, worker_do(&w, 'W'));
	swapv(w.pid, &b);
	EXPECT_EQ(a.swapin, b.swapin);	/* read ahead, not faulted */
	ASSERT_EQ(0, worker_do(&w, 'r'));
	ASSERT_EQ(0, worker_do(&w, 'p'));
	swapv(w.pid, &c);
	TH_LOG("owner %d: swap-cache hits: swapin +%lld, VmSwap -%lld kB, majflt +%lld",
	       w.pid, c.swapin - b.swapin, b.vmswap - c.vmswap,
	       c.majflt - b.majflt);
	EXPECT_EQ((b.vmswap - c.vmswap) / 4, c.swapin - b.swapin);
	EXPECT_GE(c.swapin - b.swapin, SWAP_PAGES / 2);
	EXPECT_EQ(0, c.majflt - b.majflt);

	/*
	 * Out again, and read by this process (process_vm_readv(): GUP
	 * faults the pages in for it): the swap-ins are the owner's.
	 */
	ASSERT_EQ(SWAP_PAGES * PAGE, pageout(w.pid, r.base, r.len));
	swapv(w.pid, &a);
	me0 = col(me, "swapin");
	sys0 = probe_hits("swapin_remote");
	{
		struct iovec local = { .iov_len = r.len };
		struct iovec remote = { .iov_base = r.base, .iov_len = r.len };

		local.iov_base = malloc(r.len);
		ASSERT_NE(NULL, local.iov_base);
		ASSERT_EQ((ssize_t)r.len,
			  process_vm_readv(w.pid, &local, 1, &remote, 1, 0));
		free(local.iov_base);
	}
	me1 = col(me, "swapin");
	sys1 = probe_hits("swapin_remote");
	swapv(w.pid, &b);
	TH_LOG("owner %d read remotely: swapin +%lld, VmSwap -%lld kB; caller swapin +%lld",
	       w.pid, b.swapin - a.swapin, a.vmswap - b.vmswap, me1 - me0);
	TH_LOG("swapin_remote hits +%lld", sys1 - sys0);
	EXPECT_EQ((a.vmswap - b.vmswap) / 4, b.swapin - a.swapin);
	EXPECT_GE(b.swapin - a.swapin, SWAP_PAGES / 2);
	EXPECT_EQ(0, me1 - me0);
	/* One hit a remote swap-in (small pages: one page each). */
	EXPECT_EQ(b.swapin - a.swapin, sys1 - sys0);
	ASSERT_EQ(0, worker_stop(&w, NULL));
	EXPECT_EQ(b.swapin, exit_col(w.pid, "swapin"));
	EXPECT_EQ(b.swapout, exit_col(w.pid, "swapout"));
}

/*
 * Memory pressure inside a memcg: the second process's allocations push
 * the first one's pages out.  Each is charged its own pages only, exactly
 * the rise of its VmSwap.
 */
TEST_F_TIMEOUT(slow, swap_memcg, 300)
{
	struct region r1 = { .len = 16 * MiB, .step = PAGE, .align = PAGE };
	struct region r2 = r1;
	struct swapv a1, b1, a2, b2;
	struct worker w1, w2;
	char cg[128];

	if (!swap_available())
		SKIP(return, "no swap device (the VM runner sets up zram swap)");
	if (memcg_make(cg, sizeof(cg), "swap", "24M", NULL))
		SKIP(return, "no cgroup v2 memory controller at " CG);
	ASSERT_EQ(0, worker_start(&w1, region_fn, &r1));
	ASSERT_EQ(0, worker_start(&w2, region_fn, &r2));
	ASSERT_EQ(0, memcg_enter(cg, w1.pid));
	ASSERT_EQ(0, memcg_enter(cg, w2.pid));
	ASSERT_EQ(0, worker_do(&w1, 't'));
	swapv(w1.pid, &a1);
	swapv(w2.pid, &a2);
	ASSERT_EQ(0, worker_do(&w2, 't'));
	swapv(w1.pid, &b1);
	swapv(w2.pid, &b2);
	TH_LOG("first %d: swapout +%lld, VmSwap +%lld kB", w1.pid,
	       b1.swapout - a1.swapout, b1.vmswap - a1.vmswap);
	TH_LOG("second %d (the reclaimer): swapout +%lld, VmSwap +%lld kB",
	       w2.pid, b2.swapout - a2.swapout, b2.vmswap - a2.vmswap);
	EXPECT_GT(b1.swapout - a1.swapout, 0);
	EXPECT_EQ((b1.vmswap - a1.vmswap) / 4, b1.swapout - a1.swapout);
	EXPECT_EQ((b2.vmswap - a2.vmswap) / 4, b2.swapout - a2.swapout);
	ASSERT_EQ(0, worker_stop(&w1, NULL));
	ASSERT_EQ(0, worker_stop(&w2, NULL));
	rmdir(cg);
}

/* OOM records, through netlink (oom-get): the last one of @pid in @r. */
static int oom_records_of(struct oomrec *r, int pid)
{
	return vms_oom_records(pid, r);
}

static int oom_records(struct oomrec *r)
{
	return oom_records_of(r, 0);
}

/* Wait for @pid; true if SIGKILL ended it. */
static int killed(int pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return 0;
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

static void set_adj(int pid, const char *adj)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/oom_score_adj", pid);
	write_file(path, adj);
}

/*
 * memcg OOM: a hog holds most of a 64 MiB memcg, a second process's
 * allocation invokes the OOM killer, which kills the hog.  (Some kernels
 * kill the allocator too, before the hog's memory is uncharged: every
 * kill must then be recorded as well.)
 */
TEST_F_TIMEOUT(slow, oom_memcg, 300)
{
	struct region rh = { .len = 40 * MiB, .step = PAGE, .align = PAGE };
	struct region ra = { .len = 32 * MiB, .step = PAGE, .align = PAGE };
	long long k0, k1, n0, n1, trig;
	struct worker hog, alloc;
	struct oomrec o;
	char cg[128];
	int alive, i;

	signal(SIGPIPE, SIG_IGN);
	if (memcg_make(cg, sizeof(cg), "oom", "64M", "0"))
		SKIP(return, "no cgroup v2 memory controller at " CG);
	ASSERT_EQ(0, worker_start(&hog, region_fn, &rh));
	ASSERT_EQ(0, worker_start(&alloc, region_fn, &ra));
	ASSERT_EQ(0, memcg_enter(cg, hog.pid));
	ASSERT_EQ(0, memcg_enter(cg, alloc.pid));
	set_adj(hog.pid, "1000");
	ASSERT_EQ(0, worker_do(&hog, 't'));
	vmstat_pair("oom_kill", "oom_records", &k0, &n0);
	alive = !worker_do(&alloc, 't');
	EXPECT_TRUE(killed(hog.pid));
	/* A work item names the memcg after the kill: wait for it, 5 s. */
	for (i = 0; i < 100; i++) {
		if (oom_records_of(&o, hog.pid) >= 1 && strcmp(o.memcg, "-"))
			break;
		usleep(50000);
	}
	vmstat_pair("oom_kill", "oom_records", &k1, &n1);
	ASSERT_GE(oom_records_of(&o, hog.pid), 1);
	TH_LOG("oom_kill +%lld (vmstat), records +%lld, allocator %s",
	       k1 - k0, n1 - n0, alive ? "alive" : "killed too");
	TH_LOG("hog's: pid %d (hog %d) %s memcg %s adj %d anon %lld kB",
	       o.pid, hog.pid, o.constraint, o.memcg, o.score, o.anon);
	TH_LOG("trigger %d (allocator %d)", o.trigger, alloc.pid);
	EXPECT_GE(k1 - k0, 1);
	EXPECT_EQ(k1 - k0, n1 - n0);
	EXPECT_EQ(k1 - k0, memcg_event(cg, "oom_kill"));
	EXPECT_EQ(hog.pid, o.pid);
	EXPECT_STREQ("memcg", o.constraint);
	EXPECT_STREQ(cg + strlen(CG), o.memcg);
	EXPECT_EQ(alloc.pid, o.trigger);
	EXPECT_EQ(1000, o.score);
	EXPECT_GE(o.anon, 30 * 1024);
	EXPECT_EQ(1, exit_col(hog.pid, "oom_kill"));
	close(hog.cmd);
	close(hog.ack);
	if (alive) {
		trig = col(alloc.pid, "oom_trigger");
		ASSERT_EQ(0, worker_stop(&alloc, NULL));
	} else {
		close(alloc.cmd);
		close(alloc.ack);
		EXPECT_TRUE(killed(alloc.pid));
		trig = exit_col(alloc.pid, "oom_trigger");
	}
	EXPECT_GE(trig, 1);
	rmdir(cg);
}

/*
 * VMSCOPE_OOM_BURST (default 20, make stress 50) OOM kills in a row: every
 * one recorded, none lost.
 */
#define BURST_MAX	64	/* the module's ring of records */

TEST_F_TIMEOUT(slow, oom_burst, 300)
{
	struct region r = { .len = 64 * MiB, .step = PAGE, .align = PAGE };
	long long k0, k1, n0, n1;
	int burst = env_ul("VMSCOPE_OOM_BURST", 20);
	int pids[BURST_MAX], i, n, first;
	struct oomrec o;
	struct worker w;
	char cg[128];

	ASSERT_GE(BURST_MAX, burst);
	signal(SIGPIPE, SIG_IGN);
	if (memcg_make(cg, sizeof(cg), "burst", "8M", "0"))
		SKIP(return, "no cgroup v2 memory controller at " CG);
	vmstat_pair("oom_kill", "oom_records", &k0, &n0);
	for (i = 0; i < burst; i++) {
		ASSERT_EQ(0, worker_start(&w, region_fn, &r));
		ASSERT_EQ(0, memcg_enter(cg, w.pid));
		pids[i] = w.pid;
		worker_do(&w, 't');
		EXPECT_TRUE(killed(w.pid));
		close(w.cmd);
		close(w.ack);
	}
	vmstat_pair("oom_kill", "oom_records", &k1, &n1);
	n = oom_records(&o);
	TH_LOG("%d hogs: oom_kill +%lld (vmstat), records +%lld, %d kept, last seq %lld",
	       burst, k1 - k0, n1 - n0, n, o.seq);
	EXPECT_EQ(burst, k1 - k0);
	EXPECT_EQ(burst, n1 - n0);
	EXPECT_EQ(burst, memcg_event(cg, "oom_kill"));
	EXPECT_EQ(pids[burst - 1], o.pid);
	EXPECT_EQ(n1 - 1, o.seq);
	first = 0;
	for (i = 0; i < burst; i++)
		first += exit_col(pids[i], "oom_kill") == 1;
	EXPECT_EQ(burst, first);
	rmdir(cg);
}

/*
 * Global OOM: hugetlb reservations take the VM's memory, swap is off,
 * and a hog allocates until the OOM killer kills it.  Seconds in the
 * selftests; after make stress-debug's fork bomb and stressors, on
 * 6.12-debug, about 12 minutes: the reservation took 6.3 s (and 269 of
 * the 598 pages it asked for), the rest went to the hog's way to the OOM
 * kill.  The log says how long the reservation took.
 */
TEST_F_TIMEOUT(slow, oom_global, 1200)
{
	struct timespec t0, t1;
	struct region r = { .step = PAGE };
	char line[256], dev[200] = "", buf[32];
	long long avail = -1, k0, k1, n0, n1, hp;
	struct oomrec o;
	struct worker w;
	FILE *f;

	signal(SIGPIPE, SIG_IGN);
	if (access("/proc/sys/vm/nr_hugepages", W_OK))
		SKIP(return, "no hugetlb pages to take memory away with");
	f = fopen("/proc/swaps", "r");
	ASSERT_NE(NULL, f);
	while (fgets(line, sizeof(line), f))
		if (line[0] == '/')
			sscanf(line, "%199s", dev);
	fclose(f);
	if (dev[0])
		ASSERT_EQ(0, swapoff(dev));
	f = fopen("/proc/meminfo", "r");
	ASSERT_NE(NULL, f);
	while (fgets(line, sizeof(line), f))
		sscanf(line, "MemAvailable: %lld", &avail);
	fclose(f);
	ASSERT_GT(avail, 0);
	hp = (avail - 160 * 1024) / 2048;
	snprintf(buf, sizeof(buf), "%lld", hp > 0 ? hp : 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	write_file("/proc/sys/vm/nr_hugepages", buf);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	TH_LOG("%lld huge pages asked, %lld taken in %.1f s (MemAvailable was %lld kB)",
	       hp, file_colon("/proc/meminfo", "HugePages_Total"),
	       t1.tv_sec - t0.tv_sec + (t1.tv_nsec - t0.tv_nsec) / 1e9, avail);

	vmstat_pair("oom_kill", "oom_records", &k0, &n0);
	ASSERT_EQ(0, worker_start(&w, region_fn, &r));
	set_adj(w.pid, "1000");
	worker_do(&w, 'a');
	EXPECT_TRUE(killed(w.pid));
	close(w.cmd);
	close(w.ack);
	write_file("/proc/sys/vm/nr_hugepages", "0");
	if (dev[0])
		EXPECT_EQ(0, swapon(dev, 0));
	vmstat_pair("oom_kill", "oom_records", &k1, &n1);
	ASSERT_GE(oom_records(&o), 1);
	TH_LOG("oom_kill +%lld (vmstat), records +%lld", k1 - k0, n1 - n0);
	TH_LOG("last: pid %d (hog %d) %s memcg %s trigger %d %s", o.pid,
	       w.pid, o.constraint, o.memcg, o.trigger, o.tcomm);
	EXPECT_EQ(k1 - k0, n1 - n0);
	EXPECT_GE(k1 - k0, 1);
	EXPECT_EQ(w.pid, o.pid);
	EXPECT_STREQ("global", o.constraint);
	EXPECT_STREQ("-", o.memcg);
	EXPECT_NE(0, o.trigger);
}

TEST_HARNESS_MAIN

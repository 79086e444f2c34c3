// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope: the debugfs tree, /sys/kernel/debug/vmscope/.
 *
 * For looking, not an ABI: tables have a header row of counter names;
 * netlink is the interface for programs.  Pids are shown as the reader's
 * pid namespace sees them; processes outside it are not shown.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/pid_namespace.h>
#include <linux/uaccess.h>
#include "vmscope.h"

static struct dentry *vms_dir;

static void vms_print_lat(struct seq_file *m, const char *name, const u64 *lat)
{
	unsigned int b;

	for (b = 0; b < VMS_LAT_BUCKETS; b++)
		if (lat[b])
			seq_printf(m, "%s[%llu] %llu\n", name, vms_lat_lo(b),
				   lat[b]);
}

/* Table columns: one per key, as wide as its name (at least 8). */
static void vms_keys_header(struct seq_file *m)
{
	unsigned int k;

	seq_puts(m, "    pid comm            ");
	for (k = 0; k < VMS_K_NR; k++)
		seq_printf(m, " %8s", vms_key_names[k]);
}

static void vms_keys_row(struct seq_file *m, pid_t nr, const struct vms_snap *s)
{
	u64 v[VMS_K_NR];
	unsigned int k;
	int w;

	vms_snap_keys(s, v);
	seq_printf(m, "%7d %-16s", nr, s->comm);
	for (k = 0; k < VMS_K_NR; k++) {
		w = max_t(int, 8, strlen(vms_key_names[k]));
		seq_printf(m, " %*llu", w, v[k]);
	}
}

static int summary_show(struct seq_file *m, void *v)
{
	u64 val[VMS_K_NR], sv[VMS_S_NR];
	struct vms_snap *s;
	unsigned int k;

	s = kmalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	vms_sys_snap(s);
	vms_sys_values(sv);
	vms_snap_keys(s, val);
	for (k = 0; k < VMS_K_NR; k++)
		seq_printf(m, "%s %llu\n", vms_key_names[k], val[k]);
	for (k = 0; k < VMS_S_NR; k++)
		seq_printf(m, "%s %llu\n", vms_sys_names[k], sv[k]);
	vms_print_lat(m, "fault_lat_ns", s->lat);
	kfree(s);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(summary);

/*
 * "processes" and "fault_lat_ns": a header record, then one record per
 * hash chain that has entries, so a long table is read in pieces.  *pos
 * is 0 for the header, else 1 + the chain's index: empty chains (most of
 * them, the table being sized for max_procs) are skipped without a record,
 * and a read costs what the live entries cost.  The row's snapshot lives
 * in the open file (seq_open_private()): no allocation per record.
 */
static void *vms_tab_start(struct seq_file *m, loff_t *pos)
{
	unsigned int b;

	if (*pos == 0)
		return SEQ_START_TOKEN;
	if (*pos > vms_table_buckets())
		return NULL;
	b = vms_table_next_bucket(*pos - 1);
	if (b >= vms_table_buckets())
		return NULL;
	*pos = b + 1;
	return pos;
}

static void *vms_tab_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return vms_tab_start(m, pos);
}

static void vms_tab_stop(struct seq_file *m, void *v)
{
}

struct vms_row {
	struct seq_file		*m;
	struct pid_namespace	*ns;
	struct vms_snap		s;
};

static void vms_proc_row(struct vms_proc *e, void *arg)
{
	struct vms_row *r = arg;
	pid_t nr = pid_nr_ns(e->pid, r->ns);

	if (!nr || !vms_proc_snap(e, &r->s))
		return;
	vms_keys_row(r->m, nr, &r->s);
	seq_putc(r->m, '\n');
}

static void vms_lat_row(struct vms_proc *e, void *arg)
{
	struct vms_row *r = arg;
	pid_t nr = pid_nr_ns(e->pid, r->ns);
	unsigned int b;
	u64 n = 0;

	if (!nr || !vms_proc_snap(e, &r->s))
		return;
	for (b = 0; b < VMS_LAT_BUCKETS; b++)
		n += r->s.lat[b];
	if (!n)
		return;
	seq_printf(r->m, "%7d %-16s %10llu ", nr, r->s.comm, n);
	for (b = 0; b < VMS_LAT_BUCKETS; b++)
		if (r->s.lat[b])
			seq_printf(r->m, " %llu:%llu", vms_lat_lo(b), r->s.lat[b]);
	seq_putc(r->m, '\n');
}

static int vms_tab_show(struct seq_file *m, void *v, vms_proc_fn fn,
			const char *header)
{
	struct vms_row *r = m->private;

	if (v == SEQ_START_TOKEN) {
		if (header) {
			seq_puts(m, header);
		} else {
			vms_keys_header(m);
			seq_putc(m, '\n');
		}
		return 0;
	}
	r->m = m;
	r->ns = task_active_pid_ns(current);
	vms_table_walk_bucket(*(loff_t *)v - 1, fn, r);
	return 0;
}

static int processes_show(struct seq_file *m, void *v)
{
	return vms_tab_show(m, v, vms_proc_row, NULL);
}

static int lat_show(struct seq_file *m, void *v)
{
	return vms_tab_show(m, v, vms_lat_row,
			    "    pid comm             fault_lat_ns  buckets(lo_ns:count)\n");
}

static const struct seq_operations processes_sops = {
	.start = vms_tab_start,
	.next = vms_tab_next,
	.stop = vms_tab_stop,
	.show = processes_show,
};

static const struct seq_operations lat_sops = {
	.start = vms_tab_start,
	.next = vms_tab_next,
	.stop = vms_tab_stop,
	.show = lat_show,
};

static int processes_open(struct inode *inode, struct file *file)
{
	return seq_open_private(file, &processes_sops, sizeof(struct vms_row));
}

static int lat_open(struct inode *inode, struct file *file)
{
	return seq_open_private(file, &lat_sops, sizeof(struct vms_row));
}

static const struct file_operations processes_fops = {
	.owner = THIS_MODULE,
	.open = processes_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = seq_release_private,
};

static const struct file_operations lat_fops = {
	.owner = THIS_MODULE,
	.open = lat_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = seq_release_private,
};

static int vms_exit_row(const void *rec, void *arg)
{
	const struct vms_exit *x = rec;
	struct vms_row *r = arg;
	pid_t nr = pid_nr_ns(x->pid, r->ns);

	if (nr) {
		vms_keys_row(r->m, nr, &x->s);
		seq_printf(r->m, " %20llu\n", x->exit_ns);
	}
	return 0;
}

static int exits_show(struct seq_file *m, void *v)
{
	struct vms_row r = { .m = m, .ns = task_active_pid_ns(current) };

	vms_keys_header(m);
	seq_printf(m, " %20s\n", "exit_ns");
	return vms_ring_walk(&vms_exit_ring, NULL, vms_exit_row, &r);
}
DEFINE_SHOW_ATTRIBUTE(exits);

static int probes_show(struct seq_file *m, void *v)
{
	struct vms_probe_info pi;
	unsigned int i;

	seq_printf(m, "%-14s %-40s %-12s %12s %8s %-10s\n", "event", "symbol",
		   "state", "hits", "missed", "hook");
	for (i = 0; i < vms_probes_count(); i++) {
		vms_probe_info(i, &pi);
		seq_printf(m, "%-14s %-40s %-12s %12lu %8lu %-10s", pi.event,
			   pi.symbol, pi.state_name, pi.hits, pi.missed,
			   pi.hook);
		if (pi.why)
			seq_printf(m, " (%s)", pi.why);
		else if (pi.err)
			seq_printf(m, " (%pe)", ERR_PTR(pi.err));
		seq_putc(m, '\n');
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(probes);

/* The functions whose memory stalls count by their caller (stall.c). */
static int stall_callers_show(struct seq_file *m, void *v)
{
	return vms_stall_callers_show(m);
}
DEFINE_SHOW_ATTRIBUTE(stall_callers);

/* A field of VMSCOPE_OOM(), by its type, after @sep. */
#define VMS_OOM_SHOW_UINT(v)	seq_printf(m, "%s%llu", sep, (u64)(v))
#define VMS_OOM_SHOW_U32(v)	seq_printf(m, "%s%u", sep, (u32)(v))
#define VMS_OOM_SHOW_X32(v)	seq_printf(m, "%s%#x", sep, (u32)(v))
#define VMS_OOM_SHOW_S32(v)	seq_printf(m, "%s%d", sep, (s32)(v))
#define VMS_OOM_SHOW_STR(v)	seq_printf(m, "%s%s", sep, v)
#define VMS_OOM_SHOW_CONSTRAINT(v)					\
	seq_printf(m, "%s%s", sep, vms_oom_constraint_name(v))
#define VMS_OOM_SHOW_OPT_UINT(v)	VMS_OOM_SHOW_UINT(v)
#define VMS_OOM_SHOW_OPT_STR(v)	seq_printf(m, "%s%s", sep, (v)[0] ? (v) : "-")
#define VMS_OOM_SHOW(n, N, type, help)	VMS_OOM_SHOW_##type(r->n); sep = " ";
#define VMS_OOM_HEAD(n, N, type, help)	" " #n

static int vms_oom_row(const void *rec, void *arg)
{
	const struct vms_oom *r = rec;
	struct seq_file *m = arg;
	const char *sep = "";

	VMSCOPE_OOM(VMS_OOM_SHOW)
	seq_putc(m, '\n');
	return 0;
}

/* "oom": the OOM kill records, oldest first; pids of the initial pid ns. */
static int oom_show(struct seq_file *m, void *v)
{
	/* The header without its first space. */
	seq_puts(m, VMSCOPE_OOM(VMS_OOM_HEAD) "\n" + 1);
	return vms_ring_walk(&vms_oom_ring, NULL, vms_oom_row, m);
}
DEFINE_SHOW_ATTRIBUTE(oom);

/* "reset": writing 1 zeroes every counter; anything else is -EINVAL. */
static ssize_t reset_write(struct file *file, const char __user *ubuf,
			   size_t count, loff_t *ppos)
{
	unsigned int v;
	int ret;

	ret = kstrtouint_from_user(ubuf, count, 10, &v);
	if (ret)
		return ret;
	if (v != 1)
		return -EINVAL;
	vms_reset();
	return count;
}

static const struct file_operations reset_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = reset_write,
	.llseek = noop_llseek,
};

/* "latency": 1 attaches the fault service-time probe, 0 detaches it. */
static ssize_t latency_read(struct file *file, char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	char buf[3] = { vms_latency_on() ? '1' : '0', '\n', '\0' };

	return simple_read_from_buffer(ubuf, count, ppos, buf, 2);
}

static ssize_t latency_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	bool on;
	int ret;

	ret = kstrtobool_from_user(ubuf, count, &on);
	if (ret)
		return ret;
	ret = vms_latency_set(on);
	return ret ? ret : count;
}

static const struct file_operations latency_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = latency_read,
	.write = latency_write,
	.llseek = default_llseek,
};

int vms_debugfs_init(void)
{
	vms_dir = debugfs_create_dir("vmscope", NULL);
	if (IS_ERR(vms_dir))
		return PTR_ERR(vms_dir);
	debugfs_create_file("summary", 0400, vms_dir, NULL, &summary_fops);
	debugfs_create_file("processes", 0400, vms_dir, NULL, &processes_fops);
	debugfs_create_file("fault_lat_ns", 0400, vms_dir, NULL, &lat_fops);
	debugfs_create_file("exits", 0400, vms_dir, NULL, &exits_fops);
	debugfs_create_file("probes", 0400, vms_dir, NULL, &probes_fops);
	debugfs_create_file("stall_callers", 0400, vms_dir, NULL,
			    &stall_callers_fops);
	debugfs_create_file("oom", 0400, vms_dir, NULL, &oom_fops);
	debugfs_create_file("reset", 0200, vms_dir, NULL, &reset_fops);
	debugfs_create_file("latency", 0600, vms_dir, NULL, &latency_fops);
	return 0;
}

void vms_debugfs_exit(void)
{
	debugfs_remove_recursive(vms_dir);
}

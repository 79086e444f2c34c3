// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope: the client.  Talks to the vmscope generic netlink family
 * (Documentation/netlink/specs/vmscope.yaml) through libnl-genl-3 and
 * renders through format.c.  A command table, like iw's.
 */
#include <errno.h>
#include <sys/socket.h>
#include <stdarg.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include "format.h"

#ifndef VMSCOPE_VERSION
#define VMSCOPE_VERSION "0.1"
#endif

static enum vs_fmt fmt = VS_TABLE;
static struct nl_sock *sk;
static int family;

static void die(int code, const char *fmtstr, ...)
	__attribute__((format(printf, 2, 3), noreturn));

static void die(int code, const char *fmtstr, ...)
{
	va_list ap;

	fputs("vmscope: ", stderr);
	va_start(ap, fmtstr);
	vfprintf(stderr, fmtstr, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

/* Errors in one line: the cause and the next step. */
static void die_errno(int err, const char *what)
{
	switch (err) {
	case ESRCH:
		die(1, "%s: no such process", what);
	case ENOENT:
		die(1, "%s: process not tracked by vmscope (a kernel thread, or the table was full: see `vmscope sys`)",
		    what);
	case EPERM:
	case EACCES:
		die(1, "%s: permission denied: another user's process, reset, events and oom need root (CAP_PERFMON or CAP_SYS_ADMIN)",
		    what);
	case EOPNOTSUPP:
		die(1, "%s: not supported by this vmscope module: kernel module too old for this client",
		    what);
	default:
		die(1, "%s: %s", what, strerror(err));
	}
}

static void proc_keys_init(void);

static void nl_open(void)
{
	sk = nl_socket_alloc();
	if (!sk)
		die(1, "out of memory");
	if (genl_connect(sk))
		die(1, "cannot open a generic netlink socket");
	/*
	 * Receive into 32 KiB without peeking first: one recvmsg() per
	 * message, and the kernel fills dump skbs to the reader's buffer.
	 */
	if (nl_socket_set_msg_buf_size(sk, 32768))
		die(1, "out of memory");
	proc_keys_init();
	family = genl_ctrl_resolve(sk, VMSCOPE_FAMILY_NAME);
	if (family < 0)
		die(1, "module not loaded: run `sudo insmod vmscope.ko` (or `sudo modprobe vmscope`)");
}

/* Reply parsing: every length is checked; a malformed reply is an error. */
struct reply {
	int		done;		/* the ack, the dump's end or an error came */
	int		err;		/* errno from the kernel */
	int		bad;		/* malformed reply */
	struct vs_proc	*procs;
	int		n;
	int		cap;
	struct vs_sys	*sys;
	int		oom;		/* print OOM records as they come */
};

/*
 * Attribute access without libnl's out-of-line helpers: a dump of 10,000
 * processes carries 200,000 attributes.  Same checks as nla_ok().
 */
#define attr_len(a)	((int)(a)->nla_len - NLA_HDRLEN)
#define attr_data(a)	((const char *)(a) + NLA_HDRLEN)

static inline int attr_ok(const struct nlattr *a, int rem)
{
	return rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= rem;
}

static inline struct nlattr *attr_next(const struct nlattr *a, int *rem)
{
	*rem -= NLA_ALIGN(a->nla_len);
	return (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len));
}

static int get_uint(const struct nlattr *a, uint64_t *v)
{
	uint32_t v32;

	if (attr_len(a) == 4) {
		memcpy(&v32, attr_data(a), 4);
		*v = v32;
	} else if (attr_len(a) == 8) {
		memcpy(v, attr_data(a), 8);
	} else {
		return -1;
	}
	return 0;
}

static int get_u32(const struct nlattr *a, uint32_t *v)
{
	if (attr_len(a) != 4)
		return -1;
	memcpy(v, attr_data(a), 4);
	return 0;
}

static int get_str(const struct nlattr *a, char *buf, size_t len)
{
	if (nla_len(a) < 1)
		return -1;
	nla_strlcpy(buf, a, len);
	return 0;
}

static int parse_hist(const struct nlattr *nest, uint64_t *lat)
{
	struct nlattr *a;
	uint64_t lo = UINT64_MAX, count = 0;
	unsigned int b;
	int rem;

	nla_for_each_nested(a, (struct nlattr *)nest, rem) {
		if (nla_type(a) == VMSCOPE_A_BUCKET_LO && get_uint(a, &lo))
			return -1;
		if (nla_type(a) == VMSCOPE_A_BUCKET_COUNT && get_uint(a, &count))
			return -1;
	}
	for (b = 0; b < VMSCOPE_LAT_BUCKETS; b++)
		if (vs_lat_lo(b) == lo) {
			lat[b] = count;
			return 0;
		}
	return -1;
}

/* A counter attribute of the proc (@sys: sys) set: its key, or -1. */
static int counter_of(int type, int sys)
{
	unsigned int i;

	for (i = 0; i < vs_ncounters; i++)
		if (type == (sys ? vs_counters[i].sys_attr :
				   vs_counters[i].proc_attr))
			return vs_counters[i].key;
	return -1;
}

/* A sys attribute of VMSCOPE_SYS(): its index, or -1. */
static int sys_field_of(int type)
{
	unsigned int i;

	for (i = 0; i < VS_SYS_NR; i++)
		if (type == vs_sys_fields[i].attr)
			return i;
	return -1;
}

/* The value of @a, of @sf's type (uint, u32 or u8). */
static int get_sys(const struct nlattr *a, const struct vs_sys_field *sf,
		   uint64_t *v)
{
	uint32_t v32;

	if (!sf->bytes)
		return get_uint(a, v);
	if (attr_len(a) != sf->bytes)
		return -1;
	if (sf->bytes == 1) {
		*v = *(const uint8_t *)attr_data(a);
	} else {
		memcpy(&v32, attr_data(a), 4);
		*v = v32;
	}
	return 0;
}

/* proc attribute -> counter key, -1 if not a counter (a dump has many). */
static signed char proc_key[VMSCOPE_A_PROC_MAX + 1];

static void proc_keys_init(void)
{
	int t;

	for (t = 0; t <= VMSCOPE_A_PROC_MAX; t++)
		proc_key[t] = counter_of(t, 0);
}

static int parse_proc(struct nlattr *attrs, int len, struct vs_proc *p)
{
	struct nlattr *a;
	int rem, k;

	memset(p, 0, sizeof(*p));
	for (a = attrs, rem = len; attr_ok(a, rem); a = attr_next(a, &rem)) {
		int type = a->nla_type & NLA_TYPE_MASK, bad = 0;

		k = type <= VMSCOPE_A_PROC_MAX ? proc_key[type] : -1;
		if (k >= 0) {
			if (get_uint(a, &p->c[k]))
				return -1;
			continue;
		}
		switch (type) {
		case VMSCOPE_A_PROC_PID:
			bad = get_u32(a, &p->pid);
			break;
		case VMSCOPE_A_PROC_UID:
			bad = get_u32(a, &p->uid);
			break;
		case VMSCOPE_A_PROC_COMM:
			bad = get_str(a, p->comm, sizeof(p->comm));
			break;
		case VMSCOPE_A_PROC_FAULT_LAT_NS:
			bad = parse_hist(a, p->lat);
			break;
		case VMSCOPE_A_PROC_EXIT_NS:
			bad = get_uint(a, &p->exit_ns);
			p->has_exit = 1;
			break;
		default:	/* newer module: ignore what we do not know */
			break;
		}
		if (bad)
			return -1;
	}
	return p->pid ? 0 : -1;
}

static int parse_probe(const struct nlattr *nest, struct vs_probe *p)
{
	struct nlattr *a;
	uint64_t err;
	int rem, bad;

	memset(p, 0, sizeof(*p));
	nla_for_each_nested(a, (struct nlattr *)nest, rem) {
		bad = 0;
		switch (nla_type(a)) {
		case VMSCOPE_A_PROBE_EVENT:
			bad = get_str(a, p->event, sizeof(p->event));
			break;
		case VMSCOPE_A_PROBE_SYMBOL:
			bad = get_str(a, p->symbol, sizeof(p->symbol));
			break;
		case VMSCOPE_A_PROBE_STATE:
			bad = get_u32(a, &p->state);
			break;
		case VMSCOPE_A_PROBE_HITS:
			bad = get_uint(a, &p->hits);
			break;
		case VMSCOPE_A_PROBE_MISSED:
			bad = get_uint(a, &p->missed);
			break;
		case VMSCOPE_A_PROBE_REASON:
			bad = get_str(a, p->reason, sizeof(p->reason));
			break;
		case VMSCOPE_A_PROBE_ERROR:
			bad = nla_len(a) != 4;
			if (!bad) {
				err = nla_get_u32(a);
				p->error = (int32_t)err;
			}
			break;
		}
		if (bad)
			return -1;
	}
	return 0;
}

static int parse_sys(struct nlattr *attrs, int len, struct vs_sys *s)
{
	struct nlattr *a;
	int rem, bad, k;

	memset(s, 0, sizeof(*s));
	nla_for_each_attr(a, attrs, len, rem) {
		bad = 0;
		k = counter_of(nla_type(a), 1);
		if (k >= 0) {
			if (get_uint(a, &s->c[k]))
				return -1;
			continue;
		}
		k = sys_field_of(nla_type(a));
		if (k >= 0) {
			if (get_sys(a, &vs_sys_fields[k], &s->v[k]))
				return -1;
			continue;
		}
		switch (nla_type(a)) {
		case VMSCOPE_A_SYS_FAULT_LAT_NS:
			bad = parse_hist(a, s->lat);
			break;
		case VMSCOPE_A_SYS_PROBE:
			if (s->nprobes < VS_MAX_PROBES)
				bad = parse_probe(a, &s->probes[s->nprobes++]);
			break;
		}
		if (bad)
			return -1;
	}
	return 0;
}

static int get_s32(const struct nlattr *a, int32_t *v)
{
	if (nla_len(a) != 4)
		return -1;
	*v = (int32_t)nla_get_u32((struct nlattr *)a);
	return 0;
}

/* An OOM record: every field of VMSCOPE_OOM(), by its type. */
static int parse_oom(struct nlattr *attrs, int len, struct vs_oom *o)
{
	const struct vs_oom_field *fl;
	struct nlattr *a;
	unsigned int i;
	int rem, bad;
	char *p;

	memset(o, 0, sizeof(*o));
	nla_for_each_attr(a, attrs, len, rem) {
		for (i = 0; i < vs_noom_fields; i++)
			if (vs_oom_fields[i].attr == nla_type(a))
				break;
		if (i == vs_noom_fields)
			continue;
		fl = &vs_oom_fields[i];
		p = (char *)o + fl->off;
		switch (fl->type) {
		case VS_OOM_UINT:
		case VS_OOM_OPT_UINT:
			bad = get_uint(a, (uint64_t *)p);
			break;
		case VS_OOM_S32:
			bad = get_s32(a, (int32_t *)p);
			break;
		case VS_OOM_STR:
		case VS_OOM_OPT_STR:
			bad = get_str(a, p, fl->size);
			break;
		default:
			bad = get_u32(a, (uint32_t *)p);
			break;
		}
		if (bad)
			return -1;
	}
	return o->pid ? 0 : -1;
}

/* One message of the reply: a process, the totals or an OOM record. */
static void on_msg(const struct nlmsghdr *h, struct reply *r)
{
	const struct genlmsghdr *gh = NLMSG_DATA(h);
	struct nlattr *attrs = (struct nlattr *)((char *)gh + GENL_HDRLEN);
	int len = (int)h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;

	if (len < 0) {
		r->bad = 1;
		return;
	}
	if (r->sys) {
		if (parse_sys(attrs, len, r->sys))
			r->bad = 1;
		return;
	}
	if (r->oom) {
		struct vs_oom o;

		if (parse_oom(attrs, len, &o))
			r->bad = 1;
		else
			vs_print_oom(stdout, fmt, &o);
		return;
	}
	if (r->n == r->cap) {
		int cap = r->cap ? 2 * r->cap : 256;
		struct vs_proc *p = realloc(r->procs, cap * sizeof(*p));

		if (!p)
			die(1, "out of memory");
		r->procs = p;
		r->cap = cap;
	}
	if (parse_proc(attrs, len, &r->procs[r->n]))
		r->bad = 1;
	else
		r->n++;
}

/*
 * Read the reply to request @seq up to its ack, its error or the end of
 * its dump.  Messages are parsed in place: libnl's receive path allocates
 * and copies each one, and a dump of 10,000 processes is 10,000 messages.
 */
static void receive(struct reply *r, uint32_t seq, const char *what)
{
	static char buf[32768] __attribute__((aligned(NLMSG_ALIGNTO)));
	int fd = nl_socket_get_fd(sk);
	struct nlmsghdr *h;
	ssize_t n;
	int len;

	while (!r->done) {
		n = recv(fd, buf, sizeof(buf), MSG_TRUNC);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die(1, "%s: cannot receive: %s", what, strerror(errno));
		if (n > (ssize_t)sizeof(buf))
			die(1, "%s: reply larger than %zu bytes", what, sizeof(buf));
		len = n;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_seq != seq)	/* an earlier request's */
				continue;
			if (h->nlmsg_type == NLMSG_DONE) {
				r->done = 1;
			} else if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);

				if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
					r->bad = 1;
				else
					r->err = -e->error;
				r->done = 1;
			} else if (h->nlmsg_type == family) {
				on_msg(h, r);
			}
			if (r->done)
				break;
		}
		if (!r->done && len)
			r->bad = 1;	/* a truncated message */
		if (r->bad)
			break;
	}
}

/* Send one request and collect the reply (or dump) into @r. */
static void request(uint8_t cmd, int flags, uint32_t pid, struct reply *r,
		    const char *what)
{
	struct nl_msg *msg = nlmsg_alloc();
	uint32_t seq;
	int ret;

	if (!msg)
		die(1, "out of memory");
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0,
			 flags | NLM_F_ACK, cmd, VMSCOPE_FAMILY_VERSION) ||
	    (pid && nla_put_u32(msg, VMSCOPE_A_PROC_PID, pid)))
		die(1, "cannot build the request");
	ret = nl_send_auto(sk, msg);
	seq = nlmsg_hdr(msg)->nlmsg_seq;
	nlmsg_free(msg);
	if (ret < 0)
		die(1, "%s: cannot send: %s", what, nl_geterror(ret));
	receive(r, seq, what);
	if (r->err)
		die_errno(r->err, what);
	if (r->bad)
		die(1, "%s: malformed reply from the module (client and module versions differ?)",
		    what);
}

static void get_procs(struct reply *r)
{
	memset(r, 0, sizeof(*r));
	request(VMSCOPE_CMD_PROC_GET, NLM_F_DUMP, 0, r, "ps");
}

static void get_proc(uint32_t pid, struct vs_proc *p)
{
	struct reply r = { 0 };
	char what[32];

	snprintf(what, sizeof(what), "pid %" PRIu32, pid);
	request(VMSCOPE_CMD_PROC_GET, 0, pid, &r, what);
	if (r.n != 1)
		die(1, "%s: no reply", what);
	*p = r.procs[0];
	free(r.procs);
}

static uint32_t parse_pid(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v <= 0 || v > 0x3fffffff)
		die(2, "not a pid: '%s'", s);
	return v;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Options shared by commands. */
static const char *opt_sort;
static int opt_n = -1;
static double opt_delay = 1.0;
static long opt_count = -1;

static const struct vs_counter *sort_key;

/*
 * Sort key of one process (processes are large: sort these instead).
 * Ascending pid, or descending by a counter and then ascending pid.
 */
struct sort_ent {
	uint64_t	key;
	uint32_t	pid;
	uint32_t	i;
};

static int cmp_ent(const void *a, const void *b)
{
	const struct sort_ent *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? 1 : -1;
	return (x->pid > y->pid) - (x->pid < y->pid);
}

/* Sort by pid: four byte-wide counting passes, no comparisons. */
static void radix_pid(struct sort_ent *e, int n)
{
	struct sort_ent *tmp = malloc((n + 1) * sizeof(*e)), *from = e, *to = tmp;
	unsigned int cnt[256], shift, sum, c;
	int i;

	if (!tmp)
		die(1, "out of memory");
	for (shift = 0; shift < 32; shift += 8) {
		memset(cnt, 0, sizeof(cnt));
		for (i = 0; i < n; i++)
			cnt[(from[i].pid >> shift) & 0xff]++;
		for (sum = 0, c = 0; c < 256; c++) {
			unsigned int k = cnt[c];

			cnt[c] = sum;
			sum += k;
		}
		for (i = 0; i < n; i++)
			to[cnt[(from[i].pid >> shift) & 0xff]++] = from[i];
		from = to;
		to = from == e ? tmp : e;
	}
	/* Four passes: the result is back in @e. */
	free(tmp);
}

/* Sort @r's processes by sort_key. */
static void sort_procs(struct reply *r)
{
	struct sort_ent *e = malloc((r->n + 1) * sizeof(*e));
	struct vs_proc *v = malloc((r->n + 1) * sizeof(*v));
	int i;

	if (!e || !v)
		die(1, "out of memory");
	for (i = 0; i < r->n; i++) {
		e[i].key = sort_key ? vs_get(&r->procs[i], sort_key) : 0;
		e[i].pid = r->procs[i].pid;
		e[i].i = i;
	}
	if (sort_key)
		qsort(e, r->n, sizeof(*e), cmp_ent);
	else
		radix_pid(e, r->n);
	for (i = 0; i < r->n; i++)
		v[i] = r->procs[e[i].i];
	free(r->procs);
	free(e);
	r->procs = v;
}

static void set_sort(void)
{
	if (!opt_sort || !strcmp(opt_sort, "pid"))
		return;
	sort_key = vs_counter_find(opt_sort);
	if (!sort_key)
		die(2, "cannot sort by '%s': use pid or a counter name (see `vmscope show`)",
		    opt_sort);
}

static int cmd_ps(int argc, char **argv)
{
	struct reply r;

	if (argc)
		die(2, "ps takes no arguments");
	set_sort();
	nl_open();
	get_procs(&r);
	sort_procs(&r);
	/* Whole buffers: a dump of thousands of processes is megabytes. */
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	if (opt_n >= 0 && opt_n < r.n)
		r.n = opt_n;
	vs_print_ps(stdout, fmt, r.procs, r.n);
	free(r.procs);
	return 0;
}

static int cmd_show(int argc, char **argv)
{
	struct vs_proc p;

	if (argc != 1)
		die(2, "usage: vmscope show PID");
	nl_open();
	get_proc(parse_pid(argv[0]), &p);
	vs_print_show(stdout, fmt, &p);
	return 0;
}

static int cmd_sys(int argc, char **argv)
{
	struct vs_sys s;
	struct reply r = { .sys = &s };

	if (argc)
		die(2, "sys takes no arguments");
	nl_open();
	request(VMSCOPE_CMD_SYS_GET, 0, 0, &r, "sys");
	vs_print_sys(stdout, fmt, &s);
	return 0;
}

static int cmd_reset(int argc, char **argv)
{
	struct reply r = { 0 };

	if (argc)
		die(2, "reset takes no arguments");
	nl_open();
	request(VMSCOPE_CMD_RESET, 0, 0, &r, "reset");
	if (fmt == VS_JSON)
		puts("{\"reset\":true}");
	else
		puts("vmscope: every counter zeroed");
	return 0;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

static int cmd_watch(int argc, char **argv)
{
	struct vs_proc before, now;
	double t0, t1;
	uint32_t pid;
	long i;

	if (argc != 1)
		die(2, "usage: vmscope watch PID [-d SECONDS] [-c COUNT]");
	pid = parse_pid(argv[0]);
	nl_open();
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	get_proc(pid, &before);
	t0 = now_s();
	if (fmt == VS_TABLE)
		vs_print_rates_header(stdout);
	for (i = 0; !stop && (opt_count < 0 || i < opt_count); i++) {
		usleep(opt_delay * 1e6);
		if (stop)
			break;
		get_proc(pid, &now);
		t1 = now_s();
		vs_print_rates(stdout, fmt, &now, &before, t1 - t0);
		if (fmt == VS_JSON)
			putchar('\n');
		fflush(stdout);
		before = now;
		t0 = t1;
	}
	return 0;
}

/* top: the busiest processes by minflt rate, refreshed every interval. */
static const struct vs_proc *find_pid(const struct reply *r, uint32_t pid,
				      const char *comm)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (r->procs[i].pid == pid && !strcmp(r->procs[i].comm, comm))
			return &r->procs[i];
	return NULL;
}

struct rate {
	const struct vs_proc	*now;
	const struct vs_proc	*before;
	uint64_t		key;
};

static int cmp_rate(const void *a, const void *b)
{
	const struct rate *x = a, *y = b;

	return x->key < y->key ? 1 : x->key > y->key ? -1 : 0;
}

static int cmd_top(int argc, char **argv)
{
	const struct vs_counter *key;
	struct reply prev, cur;
	struct termios saved, raw;
	int tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	struct rate *rates;
	double t0, t1;
	long iter;
	int i, n;

	if (argc)
		die(2, "top takes no arguments");
	key = vs_counter_find(opt_sort ? opt_sort : "minflt");
	if (!key)
		die(2, "cannot sort by '%s': use a counter name (see `vmscope show`)",
		    opt_sort);
	nl_open();
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (tty && fmt == VS_TABLE && !tcgetattr(STDIN_FILENO, &saved)) {
		raw = saved;
		raw.c_lflag &= ~(ICANON | ECHO);
		tcsetattr(STDIN_FILENO, TCSANOW, &raw);
	} else {
		tty = 0;
	}
	get_procs(&prev);
	t0 = now_s();
	for (iter = 0; !stop && (opt_count < 0 || iter < opt_count); iter++) {
		struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
		char c;

		if (tty && poll(&pfd, 1, opt_delay * 1000) > 0 &&
		    read(STDIN_FILENO, &c, 1) == 1 && (c == 'q' || c == 'Q'))
			break;
		if (!tty)
			usleep(opt_delay * 1e6);
		get_procs(&cur);
		t1 = now_s();
		rates = calloc(cur.n ? cur.n : 1, sizeof(*rates));
		if (!rates)
			die(1, "out of memory");
		for (i = 0; i < cur.n; i++) {
			const struct vs_proc *b = find_pid(&prev, cur.procs[i].pid,
							   cur.procs[i].comm);
			uint64_t a = vs_get(&cur.procs[i], key);
			uint64_t z = b ? vs_get(b, key) : 0;

			rates[i].now = &cur.procs[i];
			rates[i].before = b;
			rates[i].key = a >= z ? a - z : 0;
		}
		qsort(rates, cur.n, sizeof(*rates), cmp_rate);
		n = opt_n >= 0 && opt_n < cur.n ? opt_n : cur.n;
		if (fmt == VS_JSON) {
			printf("{\"interval_s\":%.3f,\"sort\":\"%s\",\"processes\":[",
			       t1 - t0, key->name);
			for (i = 0; i < n; i++) {
				if (i)
					putchar(',');
				vs_print_rates(stdout, VS_JSON, rates[i].now,
					       rates[i].before, t1 - t0);
			}
			puts("]}");
		} else {
			if (tty)
				fputs("\033[H\033[2J", stdout);
			printf("vmscope top: %d processes, sorted by %s/s, every %.1f s%s\n",
			       cur.n, key->name, opt_delay, tty ? " (q quits)" : "");
			vs_print_rates_header(stdout);
			for (i = 0; i < n; i++)
				vs_print_rates(stdout, VS_TABLE, rates[i].now,
					       rates[i].before, t1 - t0);
		}
		fflush(stdout);
		free(rates);
		free(prev.procs);
		prev = cur;
		t0 = t1;
	}
	free(prev.procs);
	if (tty)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	return 0;
}

static int cmd_oom(int argc, char **argv)
{
	struct reply r = { .oom = 1 };

	if (argc)
		die(2, "oom takes no arguments");
	nl_open();
	request(VMSCOPE_CMD_OOM_GET, NLM_F_DUMP, 0, &r, "oom");
	return 0;
}

static int on_event(struct nl_msg *msg, void *arg)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	long *left = arg;
	struct vs_proc p;
	struct vs_oom o;

	if (!genlmsg_valid_hdr(nlmsg_hdr(msg), 0))
		return NL_SKIP;
	if (gh->cmd == VMSCOPE_CMD_EXIT_NTF &&
	    !parse_proc(genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0), &p))
		vs_print_exit(stdout, fmt, &p);
	else if (gh->cmd == VMSCOPE_CMD_OOM_NTF &&
		 !parse_oom(genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0), &o))
		vs_print_oom(stdout, fmt, &o);
	else
		return NL_SKIP;
	fflush(stdout);
	if (*left > 0 && !--*left)
		stop = 1;
	return NL_OK;
}

static int cmd_events(int argc, char **argv)
{
	long left = opt_count;
	int grp, ret;

	if (argc)
		die(2, "events takes no arguments");
	nl_open();
	grp = genl_ctrl_resolve_grp(sk, VMSCOPE_FAMILY_NAME,
				    VMSCOPE_MCGRP_EVENTS);
	if (grp < 0)
		die(1, "events: the module has no events group: kernel module too old for this client");
	nl_socket_disable_seq_check(sk);
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, on_event, &left);
	ret = nl_socket_add_membership(sk, grp);
	if (ret < 0)
		die_errno(ret == -NLE_PERM ? EPERM : -ret, "events");
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	while (!stop) {
		ret = nl_recvmsgs_default(sk);
		if (ret < 0 && ret != -NLE_INTR && ret != -NLE_AGAIN)
			die(1, "events: %s", nl_geterror(ret));
	}
	return 0;
}

struct command {
	const char	*name;
	const char	*args;
	const char	*help;
	int		(*fn)(int argc, char **argv);
	unsigned int	fmts;	/* formats it takes, besides the table */
};

#define F_JSON	(1U << VS_JSON)
#define F_PROM	(1U << VS_PROM)

static const struct command commands[] = {
	{ "ps", "[--sort FIELD] [-n N] [-o FIELDS]", "table of tracked processes",
	  cmd_ps, F_JSON | F_PROM },
	{ "show", "PID", "every counter of one process, with its fault-latency histogram",
	  cmd_show, F_JSON | F_PROM },
	{ "top", "[--sort FIELD] [-n N] [-o FIELDS] [-d SECONDS] [-c COUNT]",
	  "busiest processes by fault rate, refreshed (q quits)", cmd_top, F_JSON },
	{ "watch", "PID [-o FIELDS] [-d SECONDS] [-c COUNT]",
	  "per-interval deltas of one process",
	  cmd_watch, F_JSON },
	{ "events", "[-c COUNT]",
	  "stream exit and OOM kill records as they happen (root)",
	  cmd_events, F_JSON },
	{ "oom", "", "recent OOM kills (root)", cmd_oom, F_JSON },
	{ "sys", "", "system totals, table state, probe states",
	  cmd_sys, F_JSON | F_PROM },
	{ "reset", "", "zero every counter (root)", cmd_reset, F_JSON },
};

static void usage(FILE *f)
{
	unsigned int i;

	fprintf(f, "usage: vmscope [--json | --prometheus] COMMAND [ARGS]\n\n");
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-7s %s\n  %-7s   %s\n", commands[i].name,
			commands[i].args, "", commands[i].help);
	fprintf(f, "\n  --json        JSON (JSON Lines for top, watch, events)\n"
		   "  --prometheus  Prometheus text format (ps, show, sys)\n"
		   "  -o FIELDS     table columns: counter names, comma-separated, or all\n"
		   "  -h, --help    this help (vmscope COMMAND -h: the command's)\n"
		   "  --version     the client's version\n"
		   "\nThe vmscope module must be loaded (sudo insmod vmscope.ko).\n");
}

static long parse_num(int c, const char *arg)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || *end || v < 0)
		die(2, "-%c wants a number, not '%s'", c, arg);
	return v;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "prometheus", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "sort", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *cmd = NULL;
	const char *bad = NULL;
	int c, help = 0;
	unsigned int i;
	char *end;

	/* GNU getopt permutes: options may come before or after the command. */
	while ((c = getopt_long(argc, argv, "hn:d:c:o:", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			fmt = VS_JSON;
			break;
		case 'P':
			fmt = VS_PROM;
			break;
		case 'h':
			help = 1;
			break;
		case 'V':
			printf("vmscope %s (netlink family %s version %d)\n",
			       VMSCOPE_VERSION, VMSCOPE_FAMILY_NAME,
			       VMSCOPE_FAMILY_VERSION);
			return 0;
		case 's':
			opt_sort = optarg;
			break;
		case 'n':
			opt_n = parse_num(c, optarg);
			break;
		case 'o':
			if (vs_columns_set(optarg, &bad))
				die(2, "-o: unknown field '%s': use counter names (see `vmscope show`) or all",
				    bad ? bad : optarg);
			break;
		case 'c':
			opt_count = parse_num(c, optarg);
			break;
		case 'd':
			opt_delay = strtod(optarg, &end);
			if (*end || opt_delay < 0.05 || opt_delay > 3600)
				die(2, "-d wants seconds between 0.05 and 3600, not '%s'",
				    optarg);
			break;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		usage(help ? stdout : stderr);
		return help ? 0 : 2;
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(argv[optind], commands[i].name))
			cmd = &commands[i];
	if (!cmd) {
		fprintf(stderr, "vmscope: unknown command '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	if (help) {
		printf("usage: vmscope [--json%s] %s %s\n  %s\n",
		       cmd->fmts & F_PROM ? " | --prometheus" : "", cmd->name,
		       cmd->args, cmd->help);
		return 0;
	}
	if (fmt != VS_TABLE && !(cmd->fmts & (1U << fmt)))
		die(2, "%s does not take --%s", cmd->name,
		    fmt == VS_JSON ? "json" : "prometheus");
	return cmd->fn(argc - optind - 1, argv + optind + 1);
}

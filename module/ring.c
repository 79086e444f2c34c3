// SPDX-License-Identifier: GPL-2.0
/*
 * vmscope: sequenced rings, for the records of exited processes and of
 * OOM kills.
 *
 * A ring holds the last max records put in it.  Records are numbered from
 * 0 at load or reset; record n lives in slot n % max and starts with its
 * number (struct vms_rec), so a reader asking for a record that has been
 * overwritten, or reset, finds out and the gap shows.  Nothing is
 * allocated on the way in: a hook claims the next slot, fills it and
 * commits it, under the ring's lock (raw, irq-safe: the hooks run with
 * preemption off, and on PREEMPT_RT too).
 *
 * A commit queues the ring's work item when it has something to do: its
 * owner's prepare() (which may sleep: naming a memcg takes a mutex), or a
 * subscriber that wants the records (netlink, with listeners on its
 * events group).  The work runs in process context, takes each new
 * record in turn and hands it to the subscriber's send().  Records
 * overwritten before the work reached them, and records send() could not
 * deliver, count as dropped.  The ring knows nothing of netlink: the
 * subscriber registers itself.
 *
 * The owner's ops: prepare() completes a record in process context before
 * it is sent; hold() takes, under the lock, the references a copy of a
 * record needs (a pid), release() drops them.
 */
#include <linux/slab.h>
#include <linux/workqueue.h>
#include "vmscope.h"

static void vms_ring_work(struct work_struct *work);

/*
 * @slots holds @max records of @size bytes, each starting with its seq;
 * @ops (may be NULL) are the owner's.
 */
void vms_ring_init(struct vms_ring *ring, void *slots, size_t size,
		   unsigned int max, const struct vms_ring_ops *ops)
{
	static const struct vms_ring_ops none;

	raw_spin_lock_init(&ring->lock);
	ring->slots = slots;
	ring->size = size;
	ring->max = max;
	ring->total = 0;
	ring->ops = ops ? ops : &none;
	ring->sub = NULL;
	atomic_long_set(&ring->next, 0);
	atomic_long_set(&ring->dropped, 0);
	INIT_WORK(&ring->work, vms_ring_work);
	memset(slots, 0, array_size(max, size));
}

static struct vms_rec *vms_ring_slot(struct vms_ring *ring, unsigned long seq)
{
	return ring->slots + (seq % ring->max) * ring->size;
}

/*
 * The slot of the next record, ring locked: fill it (its old contents are
 * those of the record it replaces), then vms_ring_commit().  Any context.
 */
void *vms_ring_claim(struct vms_ring *ring, unsigned long *flags)
	__acquires(&ring->lock)
{
	raw_spin_lock_irqsave(&ring->lock, *flags);
	return vms_ring_slot(ring, ring->total);
}

/* Number the claimed record, unlock, and have it prepared and sent. */
void vms_ring_commit(struct vms_ring *ring, unsigned long flags)
	__releases(&ring->lock)
{
	const struct vms_ring_sub *sub;
	unsigned long end;

	vms_ring_slot(ring, ring->total)->seq = ring->total;
	end = ++ring->total;
	raw_spin_unlock_irqrestore(&ring->lock, flags);

	/* Pairs with the release in vms_ring_subscribe(). */
	sub = smp_load_acquire(&ring->sub);
	if (ring->ops->prepare || (sub && sub->wanted()))
		queue_work(system_unbound_wq, &ring->work);
	else if (!work_pending(&ring->work))
		atomic_long_set(&ring->next, end);	/* nobody wanted it */
}

/* One past the newest record's number; records before it may be gone. */
unsigned long vms_ring_end(struct vms_ring *ring)
{
	unsigned long flags, end;

	raw_spin_lock_irqsave(&ring->lock, flags);
	end = ring->total;
	raw_spin_unlock_irqrestore(&ring->lock, flags);
	return end;
}

/* The oldest record number still in the ring, for an @end. */
unsigned long vms_ring_start(struct vms_ring *ring, unsigned long end)
{
	return end > ring->max ? end - ring->max : 0;
}

/*
 * Call @fn on record @seq under the ring's lock (it must not sleep); false,
 * without a call, if the record is gone (overwritten, or reset) or not yet
 * made.
 */
bool vms_ring_update(struct vms_ring *ring, unsigned long seq,
		     void (*fn)(void *rec, void *arg), void *arg)
{
	unsigned long flags;
	struct vms_rec *r;
	bool ok;

	raw_spin_lock_irqsave(&ring->lock, flags);
	r = vms_ring_slot(ring, seq);
	ok = seq < ring->total && r->seq == seq;
	if (ok)
		fn(r, arg);
	raw_spin_unlock_irqrestore(&ring->lock, flags);
	return ok;
}

/*
 * Copy record @seq into @out, with the references it holds taken (the
 * owner's hold()): vms_ring_put() it when done.  False if it is gone.
 */
struct vms_ring_copy {
	struct vms_ring		*ring;
	void			*out;
};

static void vms_ring_copy(void *rec, void *arg)
{
	struct vms_ring_copy *c = arg;

	memcpy(c->out, rec, c->ring->size);
	if (c->ring->ops->hold)
		c->ring->ops->hold(c->out);
}

bool vms_ring_get(struct vms_ring *ring, unsigned long seq, void *out)
{
	struct vms_ring_copy c = { .ring = ring, .out = out };

	return vms_ring_update(ring, seq, vms_ring_copy, &c);
}

/* Let go of a copy vms_ring_get() made; process context. */
void vms_ring_put(struct vms_ring *ring, void *rec)
{
	if (ring->ops->release)
		ring->ops->release(rec);
}

/*
 * Call @fn on a copy of every record still in the ring, oldest first, from
 * record *@from on (NULL: the oldest); process context.  @fn returns
 * non-zero to stop: *@from is then that record's number (a dump resumes
 * there), else one past the newest.  -ENOMEM, or what @fn returned.
 */
int vms_ring_walk(struct vms_ring *ring, unsigned long *from,
		  int (*fn)(const void *rec, void *arg), void *arg)
{
	unsigned long seq = from ? *from : 0, end = vms_ring_end(ring);
	void *rec = kmalloc(ring->size, GFP_KERNEL);
	int ret = 0;

	if (!rec)
		return -ENOMEM;
	seq = max(seq, vms_ring_start(ring, end));
	for (; seq < end; seq++) {
		if (!vms_ring_get(ring, seq, rec))
			continue;
		ret = fn(rec, arg);
		vms_ring_put(ring, rec);
		if (ret)
			break;
	}
	kfree(rec);
	if (from)
		*from = seq;
	return ret;
}

/*
 * Forget every record: @clear (may be NULL) runs on each slot under the
 * lock, then the slots are zeroed and numbering starts again from 0.
 * Process context.
 */
void vms_ring_reset(struct vms_ring *ring, void (*clear)(void *rec, void *arg),
		    void *arg)
{
	unsigned long flags;
	unsigned int i;

	flush_work(&ring->work);
	raw_spin_lock_irqsave(&ring->lock, flags);
	for (i = 0; clear && i < ring->max; i++)
		clear(ring->slots + i * ring->size, arg);
	memset(ring->slots, 0, array_size(ring->max, ring->size));
	ring->total = 0;
	raw_spin_unlock_irqrestore(&ring->lock, flags);
	atomic_long_set(&ring->next, 0);
}

/* Records lost to the subscriber: overwritten first, or not sent. */
unsigned long vms_ring_dropped(struct vms_ring *ring)
{
	return atomic_long_read(&ring->dropped);
}

/*
 * @sub takes the records committed from now on (NULL: nobody).  Process
 * context; unsubscribing waits for a send in flight.
 */
void vms_ring_subscribe(struct vms_ring *ring, const struct vms_ring_sub *sub)
{
	if (sub)
		atomic_long_set(&ring->next, vms_ring_end(ring));
	/* @sub is set up before a commit or the work can see it. */
	smp_store_release(&ring->sub, sub);
	if (!sub)
		cancel_work_sync(&ring->work);
}

/* The hooks are gone: nothing queues the work any more. */
void vms_ring_exit(struct vms_ring *ring)
{
	cancel_work_sync(&ring->work);
}

/* Process context: prepare and send each record committed since the last. */
static void vms_ring_work(struct work_struct *work)
{
	struct vms_ring *ring = container_of(work, struct vms_ring, work);
	/* Pairs with the release in vms_ring_subscribe(). */
	const struct vms_ring_sub *sub = smp_load_acquire(&ring->sub);
	unsigned long seq, start, end = vms_ring_end(ring);
	bool wanted = sub && sub->wanted();
	void *rec = NULL;

	seq = atomic_long_read(&ring->next);
	if (seq > end)			/* reset meanwhile */
		seq = 0;
	start = vms_ring_start(ring, end);
	if (seq < start) {
		if (wanted)
			atomic_long_add(start - seq, &ring->dropped);
		seq = start;
	}
	if (wanted)
		rec = kmalloc(ring->size, GFP_KERNEL);
	for (; seq < end; seq++) {
		if (ring->ops->prepare)
			ring->ops->prepare(seq);
		if (!wanted)
			continue;
		if (!rec || !vms_ring_get(ring, seq, rec)) {
			atomic_long_inc(&ring->dropped);
			continue;
		}
		if (sub->send(ring, rec))
			atomic_long_inc(&ring->dropped);
		vms_ring_put(ring, rec);
	}
	kfree(rec);
	atomic_long_set(&ring->next, end);
}

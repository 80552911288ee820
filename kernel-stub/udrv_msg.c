// SPDX-License-Identifier: GPL-2.0
/*
 * udrv message engine: the queue to user space, upcalls and notifications
 * from the kernel half, downcalls and replies written by the user half.
 *
 * Every message the user half writes is copied in and checked before
 * anything acts on it: header fields, lengths, the function id against the
 * allowlist, and the request length against the entry's bounds. Handlers
 * then validate their own arguments (handles, offsets) with udrv_handle_get()
 * and udrv_check_range().
 */
#include <linux/errno.h>
#include <linux/hardirq.h>
#include <linux/jiffies.h>
#include <linux/poll.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "udrv_internal.h"

/* Marks the current task as inside an inline downcall handler. */
struct udrv_inline_caller {
	struct list_head node;
	struct task_struct *task;
};

struct udrv_dc_work {
	struct work_struct work;
	struct udrv_channel *ch;
	struct file *file;
	const struct udrv_downcall *entry;
	struct udrv_qmsg *reply;
	u32 req_len;
	/* Aligned as Cap'n Proto segments and the handlers' casts need. */
	u8 req[] __aligned(8);
};

static struct udrv_qmsg *udrv_qmsg_alloc(u32 len, gfp_t gfp)
{
	struct udrv_qmsg *q = kvmalloc(struct_size(q, payload, len), gfp);

	if (q)
		memset(&q->hdr, 0, sizeof(q->hdr));
	return q;
}

/*
 * Queues @q for the user half served by @file (NULL: whoever is attached)
 * and, for an upcall, registers @p to receive the reply.
 */
static int udrv_queue(struct udrv_channel *ch, struct file *file,
		      struct udrv_qmsg *q, struct udrv_pending *p)
{
	unsigned long flags;
	int ret = 0;

	spin_lock_irqsave(&ch->lock, flags);
	if (!ch->server || ch->dead || (file && ch->server != file))
		ret = -ENOTCONN;
	else if (ch->outq_len >= UDRV_QUEUE_MAX &&
		 q->hdr.kind != UDRV_MSG_REPLY)
		/* replies are bounded by the downcalls the user half made */
		ret = -ENOBUFS;
	if (!ret) {
		if (p)
			list_add_tail(&p->node, &ch->pending);
		list_add_tail(&q->node, &ch->outq);
		ch->outq_len++;
		if (ch->ring)
			udrv_ring_fill_locked(ch);
	}
	spin_unlock_irqrestore(&ch->lock, flags);
	if (!ret)
		wake_up_interruptible(&ch->readq);
	return ret;
}

/*
 * Without CONFIG_PREEMPT_COUNT (Debian's 6.1 has it) a held spinlock is
 * invisible; refuse what can still be seen.
 */
static bool udrv_cannot_sleep(void)
{
	if (IS_ENABLED(CONFIG_PREEMPT_COUNT))
		return !preemptible();
	return irqs_disabled() || in_interrupt();
}

/*
 * An inline downcall runs in the user half's write(): an upcall from it
 * would wait for a reply that thread can never send.
 */
static bool udrv_in_inline_downcall(struct udrv_channel *ch)
{
	struct udrv_inline_caller *c;
	unsigned long flags;
	bool found = false;

	spin_lock_irqsave(&ch->lock, flags);
	list_for_each_entry(c, &ch->inline_callers, node)
		found |= c->task == current;
	spin_unlock_irqrestore(&ch->lock, flags);
	return found;
}

/* Grows with every message the user half sends. */
static s64 udrv_user_activity(struct udrv_channel *ch)
{
	return atomic64_read(&ch->stats[UDRV_STAT_BYTES_FROM_USER]);
}

/**
 * udrv_upcall_timeout() - call a user-half function and wait for its reply
 * @ch:        the channel
 * @func:      user-half function id
 * @req:       request payload
 * @req_len:   its length (up to UDRV_MSG_MAX_PAYLOAD)
 * @resp:      buffer for the reply payload
 * @resp_cap:  its size
 * @resp_len:  set to the reply's length (may be NULL)
 * @timeout_ms: how long the user half may stay silent before the reply
 *	(anything it sends meanwhile, such as the upcall's own downcalls,
 *	restarts the wait)
 *
 * Sleeps interruptibly. Never call it from atomic context: it refuses with
 * a warning instead of sleeping there.
 *
 * Return: the user half's status (0 or -errno), or -EWOULDBLOCK (atomic
 * context), -EDEADLK (from a downcall handler not marked
 * UDRV_DC_MAY_UPCALL), -ENOTCONN (no user half), -EPIPE (it died meanwhile), -ENODEV
 * (channel destroyed), -ETIMEDOUT, -EINTR, -EMSGSIZE (reply too long),
 * -ENOBUFS (queue full), -ENOMEM or -EINVAL.
 */
int udrv_upcall_timeout(struct udrv_channel *ch, u32 func, const void *req,
			u32 req_len, void *resp, u32 resp_cap, u32 *resp_len,
			unsigned int timeout_ms)
{
	struct udrv_pending p = { .resp = resp, .resp_cap = resp_cap };
	struct udrv_msg_hdr hdr;
	struct udrv_qmsg *q;
	unsigned long flags;
	s64 activity;
	long left;
	int ret;

	if (udrv_cannot_sleep()) {
		udrv_stat_inc(ch, UDRV_STAT_UPCALL_ATOMIC);
		WARN_ONCE(1, "udrv: %s: upcall %u from atomic context refused\n",
			  ch->name, func);
		return -EWOULDBLOCK;
	}
	if (req_len > UDRV_MSG_MAX_PAYLOAD || (req_len && !req) ||
	    (resp_cap && !resp) || func >= UDRV_FUNC_RESERVED)
		return -EINVAL;
	if (udrv_in_inline_downcall(ch)) {
		udrv_stat_inc(ch, UDRV_STAT_UPCALL_ERRORS);
		WARN_ONCE(1, "udrv: %s: upcall %u from a downcall not marked UDRV_DC_MAY_UPCALL\n",
			  ch->name, func);
		return -EDEADLK;
	}

	q = udrv_qmsg_alloc(req_len, GFP_KERNEL);
	if (!q)
		return -ENOMEM;
	q->hdr.kind = UDRV_MSG_UPCALL;
	q->hdr.func = func;
	q->hdr.len = req_len;
	q->hdr.seq = atomic64_inc_return(&ch->next_seq);
	if (req_len)
		memcpy(q->payload, req, req_len);
	hdr = q->hdr;
	p.seq = hdr.seq;
	p.func = func;
	init_completion(&p.done);

	udrv_stat_inc(ch, UDRV_STAT_UPCALLS);
	ret = udrv_queue(ch, NULL, q, &p);
	if (ret) {
		kvfree(q);
		udrv_stat_inc(ch, ret == -ENOTCONN ? UDRV_STAT_UPCALL_DETACHED :
			      UDRV_STAT_UPCALL_ERRORS);
		return ret;
	}

	/*
	 * The timeout bounds silence, not work: an upcall such as ndo_stop
	 * under TCG may take seconds of nested downcalls, each of which shows
	 * the user half is alive and restarts the wait.
	 */
	do {
		activity = udrv_user_activity(ch);
		left = wait_for_completion_interruptible_timeout(&p.done,
								 msecs_to_jiffies(timeout_ms));
	} while (!left && udrv_user_activity(ch) != activity);
	spin_lock_irqsave(&ch->lock, flags);
	if (list_empty(&p.node)) {
		ret = p.status;
	} else {
		/* No answer: forget it; a late reply counts as stray. */
		list_del(&p.node);
		ret = left ? -EINTR : -ETIMEDOUT;
	}
	spin_unlock_irqrestore(&ch->lock, flags);

	if (ret == -ETIMEDOUT)
		udrv_stat_inc(ch, UDRV_STAT_UPCALL_TIMEOUTS);
	else if (ret)
		udrv_stat_inc(ch, UDRV_STAT_UPCALL_ERRORS);
	if (resp_len)
		*resp_len = ret ? 0 : p.resp_len;
	hdr.status = ret;
	udrv_trace(ch, &hdr, true);
	return ret;
}
EXPORT_SYMBOL_GPL(udrv_upcall_timeout);

/**
 * udrv_upcall() - udrv_upcall_timeout() with the channel's default timeout
 * @ch:       the channel
 * @func:     user-half function id
 * @req:      request payload
 * @req_len:  its length
 * @resp:     buffer for the reply payload
 * @resp_cap: its size
 * @resp_len: set to the reply's length (may be NULL)
 *
 * Return: as udrv_upcall_timeout().
 */
int udrv_upcall(struct udrv_channel *ch, u32 func, const void *req,
		u32 req_len, void *resp, u32 resp_cap, u32 *resp_len)
{
	return udrv_upcall_timeout(ch, func, req, req_len, resp, resp_cap,
				   resp_len, ch->cfg.upcall_timeout_ms);
}
EXPORT_SYMBOL_GPL(udrv_upcall);

/**
 * udrv_notify() - send a one-way event to the user half
 * @ch:      the channel
 * @func:    user-half function id
 * @payload: event payload
 * @len:     its length
 *
 * Callable from any context, interrupts included; never waits.
 *
 * Return: 0, -ENOTCONN (no user half), -ENOBUFS (queue full), -ENOMEM or
 * -EINVAL. A failed notification is counted as dropped.
 */
int udrv_notify(struct udrv_channel *ch, u32 func, const void *payload,
		u32 len)
{
	gfp_t gfp = udrv_cannot_sleep() ? GFP_ATOMIC : GFP_KERNEL;
	struct udrv_msg_hdr hdr;
	struct udrv_qmsg *q;
	int ret;

	if (len > UDRV_MSG_MAX_PAYLOAD || (len && !payload) ||
	    func >= UDRV_FUNC_RESERVED)
		return -EINVAL;
	q = udrv_qmsg_alloc(len, gfp);
	if (!q) {
		udrv_stat_inc(ch, UDRV_STAT_NOTIFY_DROPPED);
		return -ENOMEM;
	}
	q->hdr.kind = UDRV_MSG_NOTIFY;
	q->hdr.func = func;
	q->hdr.len = len;
	q->hdr.seq = atomic64_inc_return(&ch->next_seq);
	if (len)
		memcpy(q->payload, payload, len);
	hdr = q->hdr;
	ret = udrv_queue(ch, NULL, q, NULL);
	if (ret) {
		kvfree(q);
		udrv_stat_inc(ch, UDRV_STAT_NOTIFY_DROPPED);
		return ret;
	}
	udrv_stat_inc(ch, UDRV_STAT_NOTIFIES);
	udrv_trace(ch, &hdr, true);
	return 0;
}
EXPORT_SYMBOL_GPL(udrv_notify);

/* Fails every upcall waiting for a reply; they return @status at once. */
void udrv_msg_fail_pending(struct udrv_channel *ch, int status)
{
	struct udrv_pending *p, *tmp;
	unsigned long flags;

	spin_lock_irqsave(&ch->lock, flags);
	list_for_each_entry_safe(p, tmp, &ch->pending, node) {
		list_del_init(&p->node);
		p->status = status;
		complete(&p->done);
	}
	spin_unlock_irqrestore(&ch->lock, flags);
}

/* Drops whatever the user half has not read. */
void udrv_msg_purge(struct udrv_channel *ch)
{
	struct udrv_qmsg *q, *tmp;
	unsigned long flags;
	LIST_HEAD(drop);

	spin_lock_irqsave(&ch->lock, flags);
	list_splice_init(&ch->outq, &drop);
	ch->outq_len = 0;
	spin_unlock_irqrestore(&ch->lock, flags);
	list_for_each_entry_safe(q, tmp, &drop, node)
		kvfree(q);
}

__poll_t udrv_msg_poll_mask(struct udrv_channel *ch)
{
	__poll_t mask = EPOLLOUT | EPOLLWRNORM;
	unsigned long flags;

	spin_lock_irqsave(&ch->lock, flags);
	if (ch->ring ? udrv_ring_pending_locked(ch) : !list_empty(&ch->outq))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (ch->ring && ch->ring_broken)
		mask |= EPOLLERR;
	if (ch->dead)
		mask |= EPOLLHUP | EPOLLERR;
	spin_unlock_irqrestore(&ch->lock, flags);
	return mask;
}

static bool udrv_readable(struct udrv_channel *ch)
{
	return !list_empty_careful(&ch->outq) || READ_ONCE(ch->dead);
}

/* Takes the first queued message if it fits in @room bytes. */
static struct udrv_qmsg *udrv_dequeue(struct udrv_channel *ch, size_t room,
				      bool *too_big)
{
	struct udrv_qmsg *q;

	spin_lock_irq(&ch->lock);
	q = list_first_entry_or_null(&ch->outq, struct udrv_qmsg, node);
	if (q && UDRV_MSG_SIZE(q->hdr.len) > room) {
		*too_big = true;
		q = NULL;
	}
	if (q) {
		list_del(&q->node);
		ch->outq_len--;
	}
	spin_unlock_irq(&ch->lock);
	return q;
}

static void udrv_requeue(struct udrv_channel *ch, struct udrv_qmsg *q)
{
	spin_lock_irq(&ch->lock);
	list_add(&q->node, &ch->outq);
	ch->outq_len++;
	spin_unlock_irq(&ch->lock);
}

ssize_t udrv_msg_read(struct udrv_channel *ch, struct file *file,
		      char __user *buf, size_t count)
{
	bool too_big = false;
	size_t done = 0;
	int ret;

	if (count < sizeof(struct udrv_msg_hdr) || READ_ONCE(ch->ring))
		return -EINVAL;
	if (!(file->f_flags & O_NONBLOCK)) {
		ret = wait_event_interruptible(ch->readq, udrv_readable(ch));
		if (ret)
			return ret;
	}
	for (;;) {
		struct udrv_qmsg *q = udrv_dequeue(ch, count - done, &too_big);
		size_t size;

		if (!q)
			break;
		size = UDRV_MSG_SIZE(q->hdr.len);
		if (copy_to_user(buf + done, &q->hdr, sizeof(q->hdr)) ||
		    copy_to_user(buf + done + sizeof(q->hdr), q->payload,
				 q->hdr.len)) {
			udrv_requeue(ch, q);
			return done ? done : -EFAULT;
		}
		if (q->hdr.kind == UDRV_MSG_UPCALL)
			udrv_trace(ch, &q->hdr, true);
		udrv_stat_add(ch, UDRV_STAT_BYTES_TO_USER, size);
		kvfree(q);
		done += size;
	}
	if (done)
		return done;
	if (too_big)
		return -EMSGSIZE;
	return READ_ONCE(ch->dead) ? -ENODEV : -EAGAIN;
}

static int udrv_bad_message(struct udrv_channel *ch,
			    const struct udrv_msg_hdr *hdr)
{
	struct udrv_msg_hdr rec = *hdr;

	rec.status = -EBADMSG;
	udrv_stat_inc(ch, UDRV_STAT_BAD_MESSAGES);
	udrv_trace(ch, &rec, false);
	return -EBADMSG;
}

/* A reply from the user half to one of our upcalls. */
static int udrv_reply(struct udrv_channel *ch, const struct udrv_msg_hdr *hdr,
		      const void *payload)
{
	struct udrv_pending *p;
	unsigned long flags;
	int status = hdr->status;
	bool found = false;

	if (status > 0 || status < -MAX_ERRNO)
		status = -EPROTO;
	spin_lock_irqsave(&ch->lock, flags);
	list_for_each_entry(p, &ch->pending, node) {
		if (p->seq != hdr->seq)
			continue;
		list_del_init(&p->node);
		if (hdr->func != p->func) {
			p->status = -EPROTO;
		} else if (hdr->len > p->resp_cap) {
			p->status = -EMSGSIZE;
		} else {
			memcpy(p->resp, payload, hdr->len);
			p->resp_len = hdr->len;
			p->status = status;
		}
		complete(&p->done);
		found = true;
		break;
	}
	spin_unlock_irqrestore(&ch->lock, flags);
	if (!found) {
		udrv_stat_inc(ch, UDRV_STAT_STRAY_REPLIES);
		return -ESRCH;
	}
	return 0;
}

/* Records a finished downcall: its function, sequence id and status. */
static void udrv_trace_downcall(struct udrv_channel *ch,
				const struct udrv_msg_hdr *reply)
{
	struct udrv_msg_hdr rec = *reply;

	rec.kind = UDRV_MSG_DOWNCALL;
	udrv_trace(ch, &rec, false);
}

static void udrv_downcall_run(struct udrv_channel *ch, struct file *file,
			      const struct udrv_downcall *entry,
			      struct udrv_qmsg *reply, const void *req,
			      u32 req_len)
{
	struct udrv_call call = {
		.req = req,
		.req_len = req_len,
		.resp = reply->payload,
		.resp_cap = entry->resp_max,
	};
	int status, idx;

	idx = srcu_read_lock(&ch->srcu);
	status = entry->handler(ch, ch->cfg.priv, &call);
	srcu_read_unlock(&ch->srcu, idx);
	if (WARN_ONCE(call.resp_len > entry->resp_max,
		      "udrv: %s: downcall %s overflowed its reply\n",
		      ch->name, entry->name)) {
		status = -EOVERFLOW;
		call.resp_len = 0;
	}
	if (status)
		udrv_stat_inc(ch, UDRV_STAT_DOWNCALL_ERRORS);
	reply->hdr.status = status;
	reply->hdr.len = status ? 0 : call.resp_len;
	udrv_trace_downcall(ch, &reply->hdr);
	if (udrv_queue(ch, file, reply, NULL))
		kvfree(reply);
}

static void udrv_downcall_work(struct work_struct *work)
{
	struct udrv_dc_work *w = container_of(work, struct udrv_dc_work, work);

	udrv_downcall_run(w->ch, w->file, w->entry, w->reply, w->req,
			  w->req_len);
	kvfree(w);
}

/* Queues an error reply that needs no handler. */
static int udrv_reply_error(struct udrv_channel *ch, struct file *file,
			    const struct udrv_msg_hdr *req, int status)
{
	struct udrv_qmsg *q = udrv_qmsg_alloc(0, GFP_KERNEL);
	int ret;

	if (!q)
		return -ENOMEM;
	q->hdr.kind = UDRV_MSG_REPLY;
	q->hdr.func = req->func;
	q->hdr.seq = req->seq;
	q->hdr.status = status;
	udrv_stat_inc(ch, UDRV_STAT_DOWNCALL_ERRORS);
	udrv_trace_downcall(ch, &q->hdr);
	ret = udrv_queue(ch, file, q, NULL);
	if (ret)
		kvfree(q);
	return ret;
}

static int udrv_downcall(struct udrv_channel *ch, struct file *file,
			 const struct udrv_msg_hdr *hdr,
			 const char __user *ubuf)
{
	const struct udrv_downcall *entry = NULL;
	struct udrv_dc_work *w;
	struct udrv_qmsg *reply;
	int ret = -ENOMEM;

	udrv_stat_inc(ch, UDRV_STAT_DOWNCALLS);
	if (hdr->func < ch->cfg.n_downcalls)
		entry = &ch->cfg.downcalls[hdr->func];
	else if (hdr->func >= UDRV_FUNC_KAPI_BASE &&
		 hdr->func - UDRV_FUNC_KAPI_BASE < ch->cfg.n_kapi_downcalls)
		entry = &ch->cfg.kapi_downcalls[hdr->func - UDRV_FUNC_KAPI_BASE];
	if (!entry || !entry->handler) {
		udrv_stat_inc(ch, UDRV_STAT_UNKNOWN_FUNC);
		return udrv_reply_error(ch, file, hdr, -EOPNOTSUPP);
	}
	if (hdr->len < entry->min_len || hdr->len > entry->max_len) {
		udrv_stat_inc(ch, UDRV_STAT_BAD_MESSAGES);
		return udrv_reply_error(ch, file, hdr, -EBADMSG);
	}

	reply = udrv_qmsg_alloc(entry->resp_max, GFP_KERNEL);
	w = kvmalloc(struct_size(w, req, hdr->len), GFP_KERNEL);
	if (!reply || !w)
		goto err_free;
	if (copy_from_user(w->req, ubuf, hdr->len)) {
		ret = -EFAULT;
		goto err_free;
	}
	reply->hdr.kind = UDRV_MSG_REPLY;
	reply->hdr.func = hdr->func;
	reply->hdr.seq = hdr->seq;
	udrv_stat_add(ch, UDRV_STAT_BYTES_FROM_USER, UDRV_MSG_SIZE(hdr->len));

	if (!(entry->flags & UDRV_DC_MAY_UPCALL)) {
		struct udrv_inline_caller me = { .task = current };

		spin_lock_irq(&ch->lock);
		list_add(&me.node, &ch->inline_callers);
		spin_unlock_irq(&ch->lock);
		udrv_downcall_run(ch, file, entry, reply, w->req, hdr->len);
		spin_lock_irq(&ch->lock);
		list_del(&me.node);
		spin_unlock_irq(&ch->lock);
		kvfree(w);
		return 0;
	}
	/* It may wait for an upcall: the user half must stay free to answer. */
	INIT_WORK(&w->work, udrv_downcall_work);
	w->ch = ch;
	w->file = file;
	w->entry = entry;
	w->reply = reply;
	w->req_len = hdr->len;
	queue_work(ch->wq, &w->work);
	return 0;

err_free:
	kvfree(w);
	kvfree(reply);
	return ret;
}

/* Handles the message at @ubuf; returns the bytes it took or -errno. */
static ssize_t udrv_write_one(struct udrv_channel *ch, struct file *file,
			      const char __user *ubuf, size_t avail)
{
	struct udrv_msg_hdr hdr;
	void *payload;
	int ret;

	if (READ_ONCE(ch->dead))
		return -ENODEV;
	if (avail < sizeof(hdr)) {
		memset(&hdr, 0, sizeof(hdr));
		return udrv_bad_message(ch, &hdr);
	}
	if (copy_from_user(&hdr, ubuf, sizeof(hdr)))
		return -EFAULT;
	if (hdr.flags || hdr.reserved || hdr.len > UDRV_MSG_MAX_PAYLOAD ||
	    sizeof(hdr) + hdr.len > avail ||
	    (hdr.kind != UDRV_MSG_REPLY && hdr.status))
		return udrv_bad_message(ch, &hdr);

	switch (hdr.kind) {
	case UDRV_MSG_DOWNCALL:
		ret = udrv_downcall(ch, file, &hdr, ubuf + sizeof(hdr));
		break;
	case UDRV_MSG_REPLY:
		payload = kvmalloc(hdr.len ?: 1, GFP_KERNEL);
		if (!payload)
			return -ENOMEM;
		if (copy_from_user(payload, ubuf + sizeof(hdr), hdr.len)) {
			kvfree(payload);
			return -EFAULT;
		}
		udrv_stat_add(ch, UDRV_STAT_BYTES_FROM_USER,
			      UDRV_MSG_SIZE(hdr.len));
		ret = udrv_reply(ch, &hdr, payload);
		kvfree(payload);
		break;
	default:
		return udrv_bad_message(ch, &hdr);
	}
	if (ret)
		return ret;
	return min_t(size_t, UDRV_MSG_SIZE(hdr.len), avail);
}

ssize_t udrv_msg_write(struct udrv_channel *ch, struct file *file,
		       const char __user *buf, size_t count)
{
	size_t done = 0;

	if (READ_ONCE(ch->ring))
		udrv_ring_kick(ch);
	while (done < count) {
		ssize_t n = udrv_write_one(ch, file, buf + done, count - done);

		if (n < 0)
			return done ? done : n;
		done += n;
	}
	return done;
}

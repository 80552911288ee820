// SPDX-License-Identifier: MIT
/*
 * Sleeping: completions, wait queues, schedule_timeout, msleep and friends,
 * all through the event runtime's block/wake (udrv/sched.h).
 *
 * The kernel wakes a task; kenv wakes a wait point. A completion or mutex
 * is its own key. A wait_event() sleeper blocks on its wait-queue entry
 * (unique, on its stack): prepare_to_wait*() records the entry, and the
 * schedule_timeout() that follows blocks on it; the entry's wake function
 * (autoremove_wake_function...) wakes exactly that key.
 */
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/sched.h>
#include <linux/swait.h>
#include <linux/wait.h>
#include "internal.h"

/* Set by prepare_to_wait*(), consumed by the next schedule_timeout(). */
static struct wait_queue_entry *prepared_entry;

static long remaining_jiffies(unsigned long expire)
{
	long left = (long)(expire - jiffies);

	return left > 0 ? left : 0;
}

/*
 * Blocks until woken or @timeout jiffies have passed; returns the jiffies
 * left (0 on timeout), like the kernel's schedule_timeout().
 */
signed long schedule_timeout(signed long timeout)
{
	const void *key = prepared_entry;
	unsigned long expire;
	int dummy;

	kenv_update_jiffies();
	if (timeout < 0) {
		kenv_report("schedule_timeout: wrong timeout value %lx", timeout);
		timeout = 0;
	}
	prepared_entry = NULL;
	if (READ_ONCE(current->__state) == TASK_RUNNING) {
		/* Nothing to wait for: a reschedule point. */
		__SCT__cond_resched();
		return timeout;
	}
	if (!key)
		key = &dummy;
	WRITE_ONCE(current->__state, TASK_RUNNING);
	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		kenv_block(key, 0, "schedule_timeout");
		return timeout;
	}
	expire = jiffies + timeout;
	kenv_block(key, kenv_jiffies_deadline(expire), "schedule_timeout");
	return remaining_jiffies(expire);
}

signed long schedule_timeout_uninterruptible(signed long timeout)
{
	__set_current_state(TASK_UNINTERRUPTIBLE);
	return schedule_timeout(timeout);
}

signed long schedule_timeout_interruptible(signed long timeout)
{
	__set_current_state(TASK_INTERRUPTIBLE);
	return schedule_timeout(timeout);
}

signed long schedule_timeout_killable(signed long timeout)
{
	__set_current_state(TASK_KILLABLE);
	return schedule_timeout(timeout);
}

signed long schedule_timeout_idle(signed long timeout)
{
	__set_current_state(TASK_IDLE);
	return schedule_timeout(timeout);
}

void schedule(void)
{
	schedule_timeout(MAX_SCHEDULE_TIMEOUT);
}

void msleep(unsigned int msecs)
{
	unsigned long timeout = msecs_to_jiffies(msecs) + 1;

	while (timeout)
		timeout = schedule_timeout_uninterruptible(timeout);
}

unsigned long msleep_interruptible(unsigned int msecs)
{
	unsigned long timeout = msecs_to_jiffies(msecs) + 1;

	while (timeout)
		timeout = schedule_timeout_interruptible(timeout);
	return jiffies_to_msecs(timeout);
}

/* Sleeps for at least @min us (hrtimer-precise, not jiffy-rounded). */
void usleep_range_state(unsigned long min, unsigned long max,
				unsigned int state)
{
	u64 deadline = kenv_now_ns() + (u64)min * NSEC_PER_USEC;
	int key;

	if (max < min)
		kenv_report("usleep_range: max %lu < min %lu", max, min);
	while (kenv_now_ns() < deadline)
		kenv_block(&key, deadline, "usleep_range");
}

/* Completions: `done` counts completions; UINT_MAX after complete_all(). */
void complete(struct completion *x)
{
	if (x->done != UINT_MAX)
		x->done++;
	kenv_wake(x, false);
}

void complete_all(struct completion *x)
{
	x->done = UINT_MAX;
	kenv_wake(x, true);
}

static long wait_completion(struct completion *x, long timeout,
			    const char *who)
{
	unsigned long expire;

	kenv_update_jiffies();
	expire = jiffies + timeout;
	kenv_might_sleep(who);
	while (!x->done) {
		if (timeout == MAX_SCHEDULE_TIMEOUT) {
			kenv_block(x, 0, who);
			continue;
		}
		if (!remaining_jiffies(expire))
			return 0;
		kenv_block(x, kenv_jiffies_deadline(expire), who);
	}
	if (x->done != UINT_MAX)
		x->done--;
	if (timeout == MAX_SCHEDULE_TIMEOUT)
		return timeout;
	return max(remaining_jiffies(expire), 1L);
}

void wait_for_completion(struct completion *x)
{
	wait_completion(x, MAX_SCHEDULE_TIMEOUT, "wait_for_completion");
}

void wait_for_completion_io(struct completion *x)
{
	wait_completion(x, MAX_SCHEDULE_TIMEOUT, "wait_for_completion_io");
}

unsigned long wait_for_completion_timeout(struct completion *x,
					  unsigned long timeout)
{
	return wait_completion(x, timeout, "wait_for_completion_timeout");
}

int wait_for_completion_interruptible(struct completion *x)
{
	wait_completion(x, MAX_SCHEDULE_TIMEOUT, "wait_for_completion_interruptible");
	return 0;
}

long wait_for_completion_interruptible_timeout(struct completion *x,
					       unsigned long timeout)
{
	return wait_completion(x, timeout, "wait_for_completion_interruptible_timeout");
}

int wait_for_completion_killable(struct completion *x)
{
	wait_completion(x, MAX_SCHEDULE_TIMEOUT, "wait_for_completion_killable");
	return 0;
}

bool try_wait_for_completion(struct completion *x)
{
	if (!x->done)
		return false;
	if (x->done != UINT_MAX)
		x->done--;
	return true;
}

bool completion_done(struct completion *x)
{
	return x->done != 0;
}

void __init_swait_queue_head(struct swait_queue_head *q, const char *name,
			     struct lock_class_key *key)
{
	raw_spin_lock_init(&q->lock);
	INIT_LIST_HEAD(&q->task_list);
}

/* Wait queues. */
void __init_waitqueue_head(struct wait_queue_head *wq_head, const char *name,
			   struct lock_class_key *key)
{
	spin_lock_init(&wq_head->lock);
	INIT_LIST_HEAD(&wq_head->head);
}

int default_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode,
			  int wake_flags, void *key)
{
	kenv_wake(wq_entry, true);
	return 1;
}

int autoremove_wake_function(struct wait_queue_entry *wq_entry,
			     unsigned int mode, int sync, void *key)
{
	int ret = default_wake_function(wq_entry, mode, sync, key);

	if (ret)
		list_del_init_careful(&wq_entry->entry);
	return ret;
}

int woken_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode,
			int sync, void *key)
{
	wq_entry->flags |= WQ_FLAG_WOKEN;
	return default_wake_function(wq_entry, mode, sync, key);
}

void init_wait_entry(struct wait_queue_entry *wq_entry, int flags)
{
	wq_entry->flags = flags;
	wq_entry->private = current;
	wq_entry->func = autoremove_wake_function;
	INIT_LIST_HEAD(&wq_entry->entry);
}

void add_wait_queue(struct wait_queue_head *wq_head,
		    struct wait_queue_entry *wq_entry)
{
	wq_entry->flags &= ~WQ_FLAG_EXCLUSIVE;
	list_add(&wq_entry->entry, &wq_head->head);
}

void add_wait_queue_exclusive(struct wait_queue_head *wq_head,
			      struct wait_queue_entry *wq_entry)
{
	wq_entry->flags |= WQ_FLAG_EXCLUSIVE;
	list_add_tail(&wq_entry->entry, &wq_head->head);
}

void remove_wait_queue(struct wait_queue_head *wq_head,
		       struct wait_queue_entry *wq_entry)
{
	list_del(&wq_entry->entry);
}

static void enqueue(struct wait_queue_head *wq_head,
		    struct wait_queue_entry *wq_entry, int state)
{
	if (list_empty(&wq_entry->entry)) {
		if (wq_entry->flags & WQ_FLAG_EXCLUSIVE)
			list_add_tail(&wq_entry->entry, &wq_head->head);
		else
			list_add(&wq_entry->entry, &wq_head->head);
	}
	set_current_state(state);
	prepared_entry = wq_entry;
}

long prepare_to_wait_event(struct wait_queue_head *wq_head,
			   struct wait_queue_entry *wq_entry, int state)
{
	enqueue(wq_head, wq_entry, state);
	return 0;
}

void prepare_to_wait(struct wait_queue_head *wq_head,
		     struct wait_queue_entry *wq_entry, int state)
{
	wq_entry->flags &= ~WQ_FLAG_EXCLUSIVE;
	enqueue(wq_head, wq_entry, state);
}

bool prepare_to_wait_exclusive(struct wait_queue_head *wq_head,
			       struct wait_queue_entry *wq_entry, int state)
{
	bool was_empty = list_empty(&wq_head->head);

	wq_entry->flags |= WQ_FLAG_EXCLUSIVE;
	enqueue(wq_head, wq_entry, state);
	return was_empty;
}

void finish_wait(struct wait_queue_head *wq_head,
		 struct wait_queue_entry *wq_entry)
{
	__set_current_state(TASK_RUNNING);
	prepared_entry = NULL;
	if (!list_empty_careful(&wq_entry->entry))
		list_del_init(&wq_entry->entry);
}

/* Wakes every non-exclusive waiter and up to @nr_exclusive exclusive ones. */
int __wake_up(struct wait_queue_head *wq_head, unsigned int mode,
	      int nr_exclusive, void *key)
{
	struct wait_queue_entry *curr, *next;
	int woken = 0;

	list_for_each_entry_safe(curr, next, &wq_head->head, entry) {
		unsigned int flags = curr->flags;
		int ret = curr->func(curr, mode, 0, key);

		if (ret < 0)
			break;
		woken += ret > 0;
		if (ret && (flags & WQ_FLAG_EXCLUSIVE) && !--nr_exclusive)
			break;
	}
	return woken;
}

void __wake_up_locked(struct wait_queue_head *wq_head, unsigned int mode,
		      int nr)
{
	__wake_up(wq_head, mode, nr, NULL);
}

void __wake_up_sync(struct wait_queue_head *wq_head, unsigned int mode)
{
	__wake_up(wq_head, mode, 1, NULL);
}

long wait_woken(struct wait_queue_entry *wq_entry, unsigned int mode,
		long timeout)
{
	if (!(wq_entry->flags & WQ_FLAG_WOKEN)) {
		set_current_state(mode);
		prepared_entry = wq_entry;
		timeout = schedule_timeout(timeout);
	}
	__set_current_state(TASK_RUNNING);
	wq_entry->flags &= ~WQ_FLAG_WOKEN;
	return timeout;
}

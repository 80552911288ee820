// SPDX-License-Identifier: MIT
/*
 * Work items, delayed work, workqueues and tasklets on the event runtime.
 *
 * Each workqueue keeps its own FIFO of queued items (work->entry) and runs
 * them in worker fibers, at most max_active at a time: an ordered queue
 * (max_active 1) runs its items one after another even when one sleeps.
 * work->data is kenv's: bit WORK_STRUCT_PENDING_BIT as in the kernel
 * (work_pending() reads it inline) and the queue's address in the upper
 * bits while queued. Which items are running is recorded by the workers,
 * not in the item: a work function may free its own item.
 */
#include <linux/interrupt.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include "internal.h"

#define WQ_NAME_LEN 40

#define KENV_WORK_FLAGS		WORK_STRUCT_FLAG_MASK

struct workqueue_struct {
	char name[WQ_NAME_LEN];
	unsigned int flags;
	int max_active;
	int workers;
	long items;		/* queued + running, for flush */
	struct list_head queue;
} __aligned(16);

#define SYSTEM_WQ(var, wqname, max)					\
	static struct workqueue_struct var##_struct = {			\
		.name = wqname, .max_active = max,			\
		.queue = LIST_HEAD_INIT(var##_struct.queue),		\
	};								\
	struct workqueue_struct *var = &var##_struct

SYSTEM_WQ(system_wq, "events", WQ_DFL_ACTIVE);
SYSTEM_WQ(system_highpri_wq, "events_highpri", WQ_DFL_ACTIVE);
SYSTEM_WQ(system_long_wq, "events_long", WQ_DFL_ACTIVE);
SYSTEM_WQ(system_unbound_wq, "events_unbound", WQ_DFL_ACTIVE);
SYSTEM_WQ(system_freezable_wq, "events_freezable", WQ_DFL_ACTIVE);
SYSTEM_WQ(system_power_efficient_wq, "events_power_efficient", WQ_DFL_ACTIVE);
SYSTEM_WQ(system_freezable_power_efficient_wq,
	  "events_freezable_power_efficient", WQ_DFL_ACTIVE);

/* One per busy worker fiber, on its stack. */
struct running {
	struct list_head node;
	struct work_struct *work;
};

static LIST_HEAD(running_items);

static bool work_running(struct work_struct *work)
{
	struct running *r;

	list_for_each_entry(r, &running_items, node)
		if (r->work == work)
			return true;
	return false;
}

static unsigned long work_flags(struct work_struct *work)
{
	return atomic_long_read(&work->data);
}

static bool work_queued(struct work_struct *work)
{
	return !list_empty(&work->entry) && work->entry.next;
}

static void worker(void *arg);

static void enqueue_work(struct workqueue_struct *wq, struct work_struct *work)
{
	const struct udrv_sched *s = kenv_need_sched("queue_work");

	atomic_long_set(&work->data, (unsigned long)wq | WORK_STRUCT_PENDING);
	list_add_tail(&work->entry, &wq->queue);
	wq->items++;
	if (wq->workers < wq->max_active) {
		wq->workers++;
		s->schedule(s->ctx, worker, wq, 0, wq->name);
	}
}

static void worker(void *arg)
{
	struct workqueue_struct *wq = arg;

	while (!list_empty(&wq->queue)) {
		struct work_struct *work =
			list_first_entry(&wq->queue, struct work_struct, entry);
		struct running me = { .work = work };

		list_del_init(&work->entry);
		atomic_long_set(&work->data, WORK_STRUCT_NO_POOL);
		list_add(&me.node, &running_items);
		kenv_update_jiffies();
		current->flags |= PF_WQ_WORKER;
		current->worker_private = &me;
		work->func(work);
		current->worker_private = NULL;
		current->flags &= ~PF_WQ_WORKER;
		list_del(&me.node);
		wq->items--;
		kenv_wake(work, true);
		if (!wq->items)
			kenv_wake(wq, true);
	}
	wq->workers--;
}

/* The item the calling worker fiber runs (each fiber has its own current). */
struct work_struct *current_work(void)
{
	struct running *r = current->worker_private;

	if (!(current->flags & PF_WQ_WORKER) || !r)
		return NULL;
	return r->work;
}

bool queue_work_on(int cpu, struct workqueue_struct *wq, struct work_struct *work)
{
	if (test_and_set_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(work)))
		return false;
	enqueue_work(wq, work);
	return true;
}

bool queue_work_node(int node, struct workqueue_struct *wq,
		     struct work_struct *work)
{
	return queue_work_on(WORK_CPU_UNBOUND, wq, work);
}

void delayed_work_timer_fn(struct timer_list *t)
{
	struct delayed_work *dwork = from_timer(dwork, t, timer);

	enqueue_work(dwork->wq, &dwork->work);
}

static void arm_delayed(int cpu, struct workqueue_struct *wq,
			struct delayed_work *dwork, unsigned long delay)
{
	if (!delay) {
		enqueue_work(wq, &dwork->work);
		return;
	}
	if (dwork->timer.function != delayed_work_timer_fn)
		kenv_report("queue_delayed_work: %ps's timer was not set up by INIT_DELAYED_WORK",
			    dwork->work.func);
	dwork->wq = wq;
	dwork->cpu = cpu;
	kenv_update_jiffies();
	mod_timer(&dwork->timer, jiffies + delay);
}

bool queue_delayed_work_on(int cpu, struct workqueue_struct *wq,
			   struct delayed_work *dwork, unsigned long delay)
{
	if (test_and_set_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(&dwork->work)))
		return false;
	arm_delayed(cpu, wq, dwork, delay);
	return true;
}

/* Takes a pending item off its timer or queue; returns whether it was. */
static bool grab_pending(struct work_struct *work, struct timer_list *timer)
{
	if (!(work_flags(work) & WORK_STRUCT_PENDING))
		return false;
	if (timer)
		del_timer(timer);
	if (work_queued(work)) {
		struct workqueue_struct *wq = (void *)(work_flags(work) & ~KENV_WORK_FLAGS);

		list_del_init(&work->entry);
		if (!--wq->items)
			kenv_wake(wq, true);
	}
	atomic_long_andnot(WORK_STRUCT_PENDING, &work->data);
	return true;
}

bool mod_delayed_work_on(int cpu, struct workqueue_struct *wq,
			 struct delayed_work *dwork, unsigned long delay)
{
	bool was_pending = grab_pending(&dwork->work, &dwork->timer);

	set_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(&dwork->work));
	arm_delayed(cpu, wq, dwork, delay);
	return was_pending;
}

static bool wait_idle(struct work_struct *work, const char *who)
{
	bool waited = false;

	while ((work_flags(work) & WORK_STRUCT_PENDING) || work_running(work)) {
		kenv_block(work, 0, who);
		waited = true;
	}
	return waited;
}

bool flush_work(struct work_struct *work)
{
	return wait_idle(work, "flush_work");
}

bool cancel_work(struct work_struct *work)
{
	return grab_pending(work, NULL);
}

bool cancel_work_sync(struct work_struct *work)
{
	bool was_pending = grab_pending(work, NULL);

	wait_idle(work, "cancel_work_sync");
	return was_pending;
}

bool cancel_delayed_work(struct delayed_work *dwork)
{
	return grab_pending(&dwork->work, &dwork->timer);
}

bool cancel_delayed_work_sync(struct delayed_work *dwork)
{
	bool was_pending = grab_pending(&dwork->work, &dwork->timer);

	wait_idle(&dwork->work, "cancel_delayed_work_sync");
	return was_pending;
}

bool flush_delayed_work(struct delayed_work *dwork)
{
	if (del_timer_sync(&dwork->timer))
		enqueue_work(dwork->wq, &dwork->work);
	return flush_work(&dwork->work);
}

unsigned int work_busy(struct work_struct *work)
{
	unsigned int ret = 0;

	if (work_flags(work) & WORK_STRUCT_PENDING)
		ret |= WORK_BUSY_PENDING;
	if (work_running(work))
		ret |= WORK_BUSY_RUNNING;
	return ret;
}

struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags,
					 int max_active, ...)
{
	struct workqueue_struct *wq = kzalloc(sizeof(*wq), GFP_KERNEL);
	va_list args;

	if (!wq)
		return NULL;
	va_start(args, max_active);
	vsnprintf(wq->name, sizeof(wq->name), fmt, args);
	va_end(args);
	wq->flags = flags;
	wq->max_active = max_active > 0 ? max_active : WQ_DFL_ACTIVE;
	INIT_LIST_HEAD(&wq->queue);
	return wq;
}

void __flush_workqueue(struct workqueue_struct *wq)
{
	while (wq->items)
		kenv_block(wq, 0, "flush_workqueue");
}

void drain_workqueue(struct workqueue_struct *wq)
{
	__flush_workqueue(wq);
}

void destroy_workqueue(struct workqueue_struct *wq)
{
	drain_workqueue(wq);
	kfree(wq);
}

void workqueue_set_max_active(struct workqueue_struct *wq, int max_active)
{
	wq->max_active = max_active > 0 ? max_active : WQ_DFL_ACTIVE;
}

/*
 * Tasklets: softirq-context calls, one instance at a time, run on the loop
 * outside fibers (they cannot sleep).
 */
static void tasklet_call(void *arg)
{
	struct tasklet_struct *t = arg;

	if (t->use_callback)
		t->callback(t);
	else
		t->func(t->data);
}

static void tasklet_run(void *arg)
{
	struct tasklet_struct *t = arg;
	struct kenv_atomic_callback cb = {
		"tasklet", t->use_callback ? (void *)t->callback : (void *)t->func
	};

	if (atomic_read(&t->count)) {
		/* Disabled: retry a jiffy later, as the softirq would re-raise. */
		kenv_update_jiffies();
		kenv_schedule_atomic(tasklet_run, t,
				     kenv_jiffies_deadline(jiffies + 1), "tasklet");
		return;
	}
	set_bit(TASKLET_STATE_RUN, &t->state);
	clear_bit(TASKLET_STATE_SCHED, &t->state);
	kenv_run_atomic(&cb, tasklet_call, t);
	clear_bit(TASKLET_STATE_RUN, &t->state);
	kenv_wake(t, true);
}

void __tasklet_schedule(struct tasklet_struct *t)
{
	kenv_schedule_atomic(tasklet_run, t, 0, "tasklet");
}

void __tasklet_hi_schedule(struct tasklet_struct *t)
{
	__tasklet_schedule(t);
}

void tasklet_init(struct tasklet_struct *t, void (*func)(unsigned long),
		  unsigned long data)
{
	t->next = NULL;
	t->state = 0;
	atomic_set(&t->count, 0);
	t->func = func;
	t->use_callback = false;
	t->data = data;
}

void tasklet_setup(struct tasklet_struct *t,
		   void (*callback)(struct tasklet_struct *))
{
	t->next = NULL;
	t->state = 0;
	atomic_set(&t->count, 0);
	t->callback = callback;
	t->use_callback = true;
	t->data = 0;
}

void tasklet_kill(struct tasklet_struct *t)
{
	while (t->state & (BIT(TASKLET_STATE_SCHED) | BIT(TASKLET_STATE_RUN)))
		kenv_block(t, 0, "tasklet_kill");
}

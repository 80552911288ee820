// SPDX-License-Identifier: MIT
/*
 * Time: jiffies conversions, ktime, busy-wait delays and timer_list.
 *
 * Scheduler time (udrv_sched.now_ns) is the kernel's monotonic clock:
 * jiffies, ktime and timers follow it, so a test's manual clock drives them
 * deterministically. Busy-wait delays (udelay, ndelay, mdelay) wait on the
 * host's real clock instead: they exist to let hardware settle, and the
 * hardware lives in real time.
 *
 * A pending timer is a call scheduled on the event runtime. timer_pending()
 * (inline: entry.pprev != NULL) must keep working, so kenv marks a pending
 * timer by pointing entry.pprev at the timer's own entry.next, which holds
 * the runtime's handle for cancel().
 *
 * del_timer()/del_timer_sync() are inline wrappers of timer_delete*().
 */
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/timekeeping.h>
#include <linux/timer.h>
#include "internal.h"

unsigned int jiffies_to_msecs(const unsigned long j)
{
	return (HZ <= MSEC_PER_SEC) ? (MSEC_PER_SEC / HZ) * j :
				      DIV_ROUND_UP(j, HZ / MSEC_PER_SEC);
}

unsigned int jiffies_to_usecs(const unsigned long j)
{
	return (USEC_PER_SEC / HZ) * j;
}

unsigned long __msecs_to_jiffies(const unsigned int m)
{
	if ((int)m < 0)
		return MAX_JIFFY_OFFSET;
	return DIV_ROUND_UP(m, MSEC_PER_SEC / HZ);
}

unsigned long __usecs_to_jiffies(const unsigned int u)
{
	if (u > jiffies_to_usecs(MAX_JIFFY_OFFSET))
		return MAX_JIFFY_OFFSET;
	return DIV_ROUND_UP(u, USEC_PER_SEC / HZ);
}

u64 nsecs_to_jiffies64(u64 n)
{
	return div_u64(n, NSEC_PER_SEC / HZ);
}

unsigned long nsecs_to_jiffies(u64 n)
{
	return (unsigned long)nsecs_to_jiffies64(n);
}

ktime_t ktime_get(void)
{
	kenv_update_jiffies();
	return ns_to_ktime(kenv_now_ns());
}

/* Real, boot and TAI time have no separate offsets in a user half. */
ktime_t ktime_get_with_offset(enum tk_offsets offs)
{
	return ktime_get();
}

u64 ktime_get_mono_fast_ns(void)
{
	return kenv_now_ns();
}

void ktime_get_ts64(struct timespec64 *ts)
{
	*ts = ns_to_timespec64(kenv_now_ns());
}

void ktime_get_real_ts64(struct timespec64 *ts)
{
	ktime_get_ts64(ts);
}

/* Busy waits, on the host's real clock (see above). */
static void spin_ns(u64 ns)
{
	u64 until = kenv_host_real_ns() + ns;

	while (kenv_host_real_ns() < until)
		cpu_relax();
	kenv_update_jiffies();
}

/* udelay(n) passes n * 0x10c7 (2^32 / 10^6), ndelay(n) n * 5 (2^32 / 10^9). */
void __const_udelay(unsigned long xloops)
{
	spin_ns(((u64)xloops * NSEC_PER_SEC) >> 32);
}

void __udelay(unsigned long usecs)
{
	spin_ns((u64)usecs * NSEC_PER_USEC);
}

void __ndelay(unsigned long nsecs)
{
	spin_ns(nsecs);
}

void __delay(unsigned long loops)
{
	spin_ns(loops);
}

/* Timers. */
static const struct timer_list *running_timer;

static bool timer_armed(const struct timer_list *t)
{
	return t->entry.pprev != NULL;
}

static void timer_disarm(struct timer_list *t)
{
	t->entry.next = NULL;
	t->entry.pprev = NULL;
}

static void timer_call(void *arg)
{
	struct timer_list *t = arg;

	t->function(t);
}

/* Runs on the loop, outside fibers: a timer callback cannot sleep. */
static void timer_fire(void *arg)
{
	struct timer_list *t = arg;
	struct kenv_atomic_callback cb = { "timer", t->function };

	if (!timer_armed(t))
		return;
	timer_disarm(t);
	running_timer = t;
	kenv_run_atomic(&cb, timer_call, t);
	running_timer = NULL;
}

void init_timer_key(struct timer_list *timer,
		    void (*func)(struct timer_list *), unsigned int flags,
		    const char *name, struct lock_class_key *key)
{
	timer_disarm(timer);
	timer->function = func;
	timer->flags = flags;
}

static int timer_cancel(struct timer_list *t)
{
	const struct udrv_sched *s = kenv_sched;

	if (!timer_armed(t))
		return 0;
	if (s)
		s->cancel(s->ctx, (uint64_t)(unsigned long)t->entry.next);
	timer_disarm(t);
	return 1;
}

static int timer_arm(struct timer_list *t, unsigned long expires)
{
	int was_pending = timer_cancel(t);
	uint64_t handle;

	if (!t->function)
		return was_pending;	/* shut down: re-arming is ignored */
	t->expires = expires;
	handle = kenv_schedule_atomic(timer_fire, t,
				      kenv_jiffies_deadline(expires), "timer");
	t->entry.next = (struct hlist_node *)(unsigned long)handle;
	t->entry.pprev = &t->entry.next;
	return was_pending;
}

int mod_timer(struct timer_list *timer, unsigned long expires)
{
	return timer_arm(timer, expires);
}

int mod_timer_pending(struct timer_list *timer, unsigned long expires)
{
	return timer_armed(timer) ? timer_arm(timer, expires) : 0;
}

int timer_reduce(struct timer_list *timer, unsigned long expires)
{
	if (timer_armed(timer) && time_before_eq(timer->expires, expires))
		return 1;
	return timer_arm(timer, expires);
}

void add_timer(struct timer_list *timer)
{
	if (timer_armed(timer))
		kenv_report("add_timer(%px): timer already pending", timer);
	timer_arm(timer, timer->expires);
}

void add_timer_on(struct timer_list *timer, int cpu)
{
	add_timer(timer);
}

int timer_delete(struct timer_list *timer)
{
	return timer_cancel(timer);
}

/* After shutdown the timer cannot be re-armed: mod_timer() ignores it. */
int timer_shutdown(struct timer_list *timer)
{
	int ret = timer_cancel(timer);

	timer->function = NULL;
	return ret;
}

int try_to_del_timer_sync(struct timer_list *timer)
{
	if (timer == running_timer)
		return -1;
	return timer_cancel(timer);
}

/*
 * A timer callback runs in softirq context and cannot block, so once
 * del_timer_sync() runs no callback is half-way: cancelling is enough,
 * unless the caller is the callback itself (a deadlock in the kernel).
 */
int timer_delete_sync(struct timer_list *timer)
{
	if (timer == running_timer)
		kenv_report("del_timer_sync(%px) from its own callback: deadlock in the kernel",
			    timer);
	return timer_cancel(timer);
}

int timer_shutdown_sync(struct timer_list *timer)
{
	int ret = timer_delete_sync(timer);

	timer->function = NULL;
	return ret;
}

struct timespec64 ns_to_timespec64(s64 nsec)
{
	struct timespec64 ts = { 0, 0 };
	s32 rem;

	if (!nsec)
		return ts;
	ts.tv_sec = div_s64_rem(nsec, NSEC_PER_SEC, &rem);
	if (unlikely(rem < 0)) {
		ts.tv_sec--;
		rem += NSEC_PER_SEC;
	}
	ts.tv_nsec = rem;
	return ts;
}

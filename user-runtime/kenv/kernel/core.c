// SPDX-License-Identifier: MIT
/*
 * kenv core: the installed scheduler, jiffies, blocking and diagnostics.
 */
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/preempt.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include "internal.h"

const struct udrv_sched *kenv_sched;

u64 jiffies_64 = INITIAL_JIFFIES;
unsigned long volatile jiffies = INITIAL_JIFFIES;

void kenv_set_sched(const struct udrv_sched *sched)
{
	if (kenv_sched && kenv_sched->set_switch_hook)
		kenv_sched->set_switch_hook(kenv_sched->ctx, NULL, NULL);
	kenv_sched = sched;
	if (!sched)
		return;
	if (sched->set_switch_hook)
		sched->set_switch_hook(sched->ctx, kenv_fiber_switched, NULL);
	kenv_update_jiffies();
}

const struct udrv_sched *kenv_need_sched(const char *who)
{
	if (!kenv_sched)
		kenv_fatal("%s needs the event runtime's scheduler, but kenv_set_sched() was not called",
			   who);
	return kenv_sched;
}

u64 kenv_now_ns(void)
{
	return kenv_sched ? kenv_sched->now_ns(kenv_sched->ctx) : 0;
}

/*
 * jiffies count scheduler time from INITIAL_JIFFIES, as the kernel's do from
 * boot, so that wrap-around bugs show up after five minutes as they would.
 */
void kenv_update_jiffies(void)
{
	u64 ticks = div_u64(kenv_now_ns(), NSEC_PER_SEC / HZ);

	jiffies_64 = (u64)INITIAL_JIFFIES + ticks;
	jiffies = (unsigned long)jiffies_64;
}

u64 kenv_jiffies_deadline(unsigned long j)
{
	long delta = (long)(j - (unsigned long)(u64)INITIAL_JIFFIES);

	if (delta < 0)
		delta = 0;
	return (u64)delta * (NSEC_PER_SEC / HZ);
}

const struct kenv_atomic_callback *kenv_atomic_running;

void kenv_run_atomic(const struct kenv_atomic_callback *cb,
		     void (*call)(void *), void *arg)
{
	const struct kenv_atomic_callback *outer = kenv_atomic_running;

	kenv_update_jiffies();
	__preempt_count_add(SOFTIRQ_OFFSET);
	kenv_atomic_running = cb;
	call(arg);
	kenv_atomic_running = outer;
	__preempt_count_sub(SOFTIRQ_OFFSET);
}

uint64_t kenv_schedule_atomic(void (*fn)(void *), void *arg, u64 deadline_ns,
			      const char *name)
{
	const struct udrv_sched *s = kenv_need_sched(name);

	if (s->schedule_atomic)
		return s->schedule_atomic(s->ctx, fn, arg, deadline_ns, name);
	return s->schedule(s->ctx, fn, arg, deadline_ns, name);
}

void kenv_might_sleep(const char *who)
{
	const struct kenv_atomic_callback *cb = kenv_atomic_running;

	if (cb)
		kenv_report("BUG: sleeping function called from invalid context: %s from %s callback %ps, preempt_count %#x",
			    who, cb->kind, cb->fn, preempt_count());
	else if (preempt_count() || kenv_irqs_off)
		kenv_report("BUG: sleeping function called from invalid context: %s, preempt_count %#x",
			    who, preempt_count());
}

enum udrv_block_result kenv_block(const void *key, u64 deadline_ns,
				  const char *who)
{
	const struct udrv_sched *s = kenv_need_sched(who);
	struct udrv_wait_point *wp;
	enum udrv_block_result r;

	kenv_might_sleep(who);
	if (!s->in_fiber(s->ctx) && kenv_atomic_running)
		kenv_fatal("%s from %s callback %ps: an atomic callback cannot sleep",
			   who, kenv_atomic_running->kind,
			   kenv_atomic_running->fn);
	if (!s->in_fiber(s->ctx))
		kenv_fatal("%s would block outside a fiber (only fibers of the event runtime may sleep)",
			   who);
	wp = kenv_host_wait_point_get(key);
	r = s->block(s->ctx, wp, deadline_ns);
	kenv_host_wait_point_put(key);
	kenv_update_jiffies();
	return r;
}

unsigned int kenv_wake(const void *key, bool all)
{
	struct udrv_wait_point *wp = kenv_host_wait_point_find(key);
	const struct udrv_sched *s = kenv_sched;

	if (!wp || !s)
		return 0;
	return all ? s->wake_all(s->ctx, wp) : s->wake_one(s->ctx, wp);
}

static unsigned long warn_count;

unsigned long kenv_warn_count(void)
{
	return warn_count;
}

void kenv_count_warn(void)
{
	warn_count++;
}

void kenv_report(const char *fmt, ...)
{
	char line[512];
	va_list args;

	va_start(args, fmt);
	vscnprintf(line, sizeof(line), fmt, args);
	va_end(args);
	warn_count++;
	kenv_host_log(LOGLEVEL_WARNING, line);
}

void kenv_fatal(const char *fmt, ...)
{
	char line[512];
	va_list args;

	va_start(args, fmt);
	vscnprintf(line, sizeof(line), fmt, args);
	va_end(args);
	kenv_host_die(line);
}

int kenv_preempt_count(void)
{
	return preempt_count();
}

void kenv_run_softirq(void (*fn)(unsigned long), unsigned long arg)
{
	kenv_update_jiffies();
	__preempt_count_add(SOFTIRQ_OFFSET);
	fn(arg);
	__preempt_count_sub(SOFTIRQ_OFFSET);
}

void __noreturn fortify_panic(const char *name)
{
	kenv_fatal("detected buffer overflow in %s (fortify)", name);
}

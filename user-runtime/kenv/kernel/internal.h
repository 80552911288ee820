/* SPDX-License-Identifier: MIT */
/*
 * Shared by kenv's kernel-side translation units (compiled with kcc.py
 * against the kernel headers, like the driver itself).
 */
#ifndef KENV_KERNEL_INTERNAL_H
#define KENV_KERNEL_INTERNAL_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <udrv/sched.h>
#include <kenv/host.h>
#include <kenv/kenv.h>

extern const struct udrv_sched *kenv_sched;

/* The scheduler, or a clear death naming @who when none is installed. */
const struct udrv_sched *kenv_need_sched(const char *who);

u64 kenv_now_ns(void);

/* Jiffies value @j as a deadline on the scheduler's clock. */
u64 kenv_jiffies_deadline(unsigned long j);

/*
 * Blocks the calling fiber on the wait point of @key until woken or until
 * @deadline_ns (0: none). @who names the kernel function for diagnostics.
 */
enum udrv_block_result kenv_block(const void *key, u64 deadline_ns,
				  const char *who);
unsigned int kenv_wake(const void *key, bool all);

/*
 * Depth of local_irq_save()-style sections: the real interrupt flag is
 * never touched (cli would fault in user space), kenv only keeps count.
 */
extern int kenv_irqs_off;

/* Counts a WARN (the SIGILL trap and kenv_report do). */
void kenv_count_warn(void);

/* Reports (like the kernel's might_sleep) a blocking call in atomic context. */
void kenv_might_sleep(const char *who);

/* A kernel-style diagnostic: logged at KERN_WARNING and counted as a WARN. */
void kenv_report(const char *fmt, ...) __printf(1, 2);

/* Formats and dies (kenv_host_die). */
void kenv_fatal(const char *fmt, ...) __printf(1, 2) __noreturn;

/*
 * Schedules fn(arg) to run as the kernel runs timers and tasklets: outside
 * any fiber when the runtime offers it (udrv_sched.schedule_atomic), else
 * in a fiber of its own (a test table without it).
 */
uint64_t kenv_schedule_atomic(void (*fn)(void *), void *arg, u64 deadline_ns,
			      const char *name);

/*
 * The atomic-context callback running now (timer, tasklet, RCU), for
 * "sleeping function called from invalid context" reports; NULL otherwise.
 */
struct kenv_atomic_callback {
	const char *kind;	/* "timer", "tasklet", "rcu" */
	const void *fn;		/* the driver's function, printed with %ps */
};
extern const struct kenv_atomic_callback *kenv_atomic_running;

/*
 * Runs call(arg) as the atomic callback @cb with the preempt count raised
 * as in softirq context, jiffies refreshed.
 */
void kenv_run_atomic(const struct kenv_atomic_callback *cb,
		     void (*call)(void *), void *arg);

/* udrv_sched.set_switch_hook: gives each fiber its own `current`. */
void kenv_fiber_switched(void *arg, void **local, int exiting);

/* Tells the free hook (kenv_set_free_hook) that @p is being freed. */
void kenv_notify_free(const void *p);

/* Runs @fn(@arg) with the preempt count raised as in softirq context. */
void kenv_run_softirq(void (*fn)(unsigned long), unsigned long arg);

#endif /* KENV_KERNEL_INTERNAL_H */

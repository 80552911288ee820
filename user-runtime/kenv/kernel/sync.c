// SPDX-License-Identifier: MIT
/*
 * Spinlocks, rwlocks, bottom halves, mutexes and RCU under the event
 * runtime's serialisation: one fiber runs at a time and yields only where
 * it blocks, so a spinlock can never be contended by a running holder. A
 * spinlock found held is therefore a deadlock the kernel would spin on
 * forever: kenv dies naming it. Spinlocks raise the preempt count as in
 * the kernel, which lets kenv report sleeping in atomic context. Mutexes
 * block the fiber on the mutex's wait point until unlocked.
 */
#include <linux/bottom_half.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include "internal.h"

int kenv_irqs_off;

static void raw_lock(raw_spinlock_t *lock, const char *who)
{
	if (atomic_read(&lock->raw_lock.val))
		kenv_fatal("%s(%px): lock already held; the kernel would spin forever (recursive locking, or a lock held across a sleep)",
			   who, lock);
	preempt_disable();
	atomic_set(&lock->raw_lock.val, _Q_LOCKED_VAL);
}

static void raw_unlock(raw_spinlock_t *lock, const char *who)
{
	if (!atomic_read(&lock->raw_lock.val))
		kenv_report("%s(%px): unlocking a lock that is not held", who, lock);
	atomic_set(&lock->raw_lock.val, 0);
	preempt_enable();
}

void __lockfunc _raw_spin_lock(raw_spinlock_t *lock)
{
	raw_lock(lock, "spin_lock");
}

void __lockfunc _raw_spin_unlock(raw_spinlock_t *lock)
{
	raw_unlock(lock, "spin_unlock");
}

int __lockfunc _raw_spin_trylock(raw_spinlock_t *lock)
{
	if (atomic_read(&lock->raw_lock.val))
		return 0;
	raw_lock(lock, "spin_trylock");
	return 1;
}

void __lockfunc _raw_spin_lock_bh(raw_spinlock_t *lock)
{
	__preempt_count_add(SOFTIRQ_DISABLE_OFFSET);
	raw_lock(lock, "spin_lock_bh");
}

void __lockfunc _raw_spin_unlock_bh(raw_spinlock_t *lock)
{
	raw_unlock(lock, "spin_unlock_bh");
	__preempt_count_sub(SOFTIRQ_DISABLE_OFFSET);
}

int __lockfunc _raw_spin_trylock_bh(raw_spinlock_t *lock)
{
	if (atomic_read(&lock->raw_lock.val))
		return 0;
	_raw_spin_lock_bh(lock);
	return 1;
}

void __lockfunc _raw_spin_lock_irq(raw_spinlock_t *lock)
{
	kenv_irqs_off++;
	raw_lock(lock, "spin_lock_irq");
}

void __lockfunc _raw_spin_unlock_irq(raw_spinlock_t *lock)
{
	raw_unlock(lock, "spin_unlock_irq");
	kenv_irqs_off = 0;
}

unsigned long __lockfunc _raw_spin_lock_irqsave(raw_spinlock_t *lock)
{
	unsigned long flags = kenv_irqs_off++;

	raw_lock(lock, "spin_lock_irqsave");
	return flags;
}

void __lockfunc _raw_spin_unlock_irqrestore(raw_spinlock_t *lock,
					    unsigned long flags)
{
	raw_unlock(lock, "spin_unlock_irqrestore");
	kenv_irqs_off = flags;
}

/* rwlocks: any number of readers, or one writer (qrwlock's encoding). */
static void read_lock_common(rwlock_t *lock, const char *who)
{
	if (atomic_read(&lock->raw_lock.cnts) & _QW_WMASK)
		kenv_fatal("%s(%px): write-locked; the kernel would spin forever",
			   who, lock);
	preempt_disable();
	atomic_add(_QR_BIAS, &lock->raw_lock.cnts);
}

static void write_lock_common(rwlock_t *lock, const char *who)
{
	if (atomic_read(&lock->raw_lock.cnts))
		kenv_fatal("%s(%px): already locked; the kernel would spin forever",
			   who, lock);
	preempt_disable();
	atomic_set(&lock->raw_lock.cnts, _QW_LOCKED);
}

void __lockfunc _raw_read_lock(rwlock_t *lock)
{
	read_lock_common(lock, "read_lock");
}

void __lockfunc _raw_read_unlock(rwlock_t *lock)
{
	atomic_sub(_QR_BIAS, &lock->raw_lock.cnts);
	preempt_enable();
}

void __lockfunc _raw_write_lock(rwlock_t *lock)
{
	write_lock_common(lock, "write_lock");
}

void __lockfunc _raw_write_unlock(rwlock_t *lock)
{
	atomic_set(&lock->raw_lock.cnts, 0);
	preempt_enable();
}

void __lockfunc _raw_read_lock_bh(rwlock_t *lock)
{
	__preempt_count_add(SOFTIRQ_DISABLE_OFFSET);
	read_lock_common(lock, "read_lock_bh");
}

void __lockfunc _raw_read_unlock_bh(rwlock_t *lock)
{
	_raw_read_unlock(lock);
	__preempt_count_sub(SOFTIRQ_DISABLE_OFFSET);
}

void __lockfunc _raw_write_lock_bh(rwlock_t *lock)
{
	__preempt_count_add(SOFTIRQ_DISABLE_OFFSET);
	write_lock_common(lock, "write_lock_bh");
}

void __lockfunc _raw_write_unlock_bh(rwlock_t *lock)
{
	_raw_write_unlock(lock);
	__preempt_count_sub(SOFTIRQ_DISABLE_OFFSET);
}

unsigned long __lockfunc _raw_read_lock_irqsave(rwlock_t *lock)
{
	unsigned long flags = kenv_irqs_off++;

	read_lock_common(lock, "read_lock_irqsave");
	return flags;
}

void __lockfunc _raw_read_unlock_irqrestore(rwlock_t *lock, unsigned long flags)
{
	_raw_read_unlock(lock);
	kenv_irqs_off = flags;
}

unsigned long __lockfunc _raw_write_lock_irqsave(rwlock_t *lock)
{
	unsigned long flags = kenv_irqs_off++;

	write_lock_common(lock, "write_lock_irqsave");
	return flags;
}

void __lockfunc _raw_write_unlock_irqrestore(rwlock_t *lock, unsigned long flags)
{
	_raw_write_unlock(lock);
	kenv_irqs_off = flags;
}

void __local_bh_enable_ip(unsigned long ip, unsigned int cnt)
{
	__preempt_count_sub(cnt);
}

/* Static-call trampolines the headers call directly. */
int __SCT__cond_resched(void)
{
	const struct udrv_sched *s = kenv_sched;

	if (s && !preempt_count() && s->in_fiber(s->ctx)) {
		s->yield(s->ctx);
		kenv_update_jiffies();
	}
	return 0;
}

int __SCT__might_resched(void)
{
	return __SCT__cond_resched();
}

/*
 * Reached only when the preempt count drops to zero with a reschedule
 * requested (the inverted PREEMPT_NEED_RESCHED bit cleared), which kenv
 * never requests: nothing to do.
 */
void __SCT__preempt_schedule(void)
{
}

void __SCT__preempt_schedule_notrace(void)
{
}

/* Mutexes: the owner word holds `current` while locked. */
void __mutex_init(struct mutex *lock, const char *name,
		  struct lock_class_key *key)
{
	atomic_long_set(&lock->owner, 0);
	raw_spin_lock_init(&lock->wait_lock);
	INIT_LIST_HEAD(&lock->wait_list);
}

static int mutex_wait_acquire(struct mutex *lock, const char *who)
{
	kenv_might_sleep(who);
	/* Without per-fiber identity every fiber is the same `current`. */
	if (kenv_sched && kenv_sched->set_switch_hook && current &&
	    atomic_long_read(&lock->owner) == (long)current)
		kenv_fatal("WARNING: possible recursive locking detected: %s(%px) by %s (pid %d), which already holds it: deadlock in the kernel",
			   who, lock, current->comm, current->pid);
	while (atomic_long_read(&lock->owner))
		kenv_block(lock, 0, who);
	atomic_long_set(&lock->owner, (long)current);
	return 0;
}

void mutex_lock(struct mutex *lock)
{
	mutex_wait_acquire(lock, "mutex_lock");
}

int mutex_lock_interruptible(struct mutex *lock)
{
	return mutex_wait_acquire(lock, "mutex_lock_interruptible");
}

int mutex_lock_killable(struct mutex *lock)
{
	return mutex_wait_acquire(lock, "mutex_lock_killable");
}

void mutex_lock_io(struct mutex *lock)
{
	mutex_wait_acquire(lock, "mutex_lock_io");
}

int mutex_trylock(struct mutex *lock)
{
	if (atomic_long_read(&lock->owner))
		return 0;
	atomic_long_set(&lock->owner, (long)current);
	return 1;
}

void mutex_unlock(struct mutex *lock)
{
	if (!atomic_long_read(&lock->owner))
		kenv_report("mutex_unlock(%px): mutex is not locked", lock);
	atomic_long_set(&lock->owner, 0);
	kenv_wake(lock, false);
}

bool mutex_is_locked(struct mutex *lock)
{
	return atomic_long_read(&lock->owner) != 0;
}

/*
 * RCU: readers cannot sleep, and only one fiber runs at a time, so when a
 * fiber reaches synchronize_rcu() no reader is inside a read-side section:
 * the grace period has elapsed. Callbacks still run later, from the loop,
 * as the kernel runs them after the grace period.
 */
void __rcu_read_lock(void)
{
	current->rcu_read_lock_nesting++;
}

void __rcu_read_unlock(void)
{
	if (WARN_ON_ONCE(current->rcu_read_lock_nesting <= 0))
		return;
	current->rcu_read_lock_nesting--;
}

void synchronize_rcu(void)
{
	kenv_might_sleep("synchronize_rcu");
	if (current->rcu_read_lock_nesting)
		kenv_report("synchronize_rcu() inside an RCU read-side section (deadlock in the kernel)");
}

static unsigned long rcu_callbacks_pending;

struct rcu_call {
	struct rcu_head *head;
	rcu_callback_t func;
	void *free_ptr;
};

static void rcu_call(void *arg)
{
	struct rcu_call *c = arg;

	if (c->free_ptr)
		kvfree(c->free_ptr);
	else
		c->func(c->head);
}

static void rcu_call_run(void *arg)
{
	struct rcu_call *c = arg;
	struct kenv_atomic_callback cb = {
		"rcu", c->free_ptr ? (void *)kvfree : (void *)c->func
	};

	kenv_run_atomic(&cb, rcu_call, c);
	kfree(c);
	if (!--rcu_callbacks_pending)
		kenv_wake(&rcu_callbacks_pending, true);
}

static void rcu_defer(struct rcu_head *head, rcu_callback_t func, void *ptr)
{
	struct rcu_call *c = kmalloc(sizeof(*c), GFP_ATOMIC);

	if (!c)
		kenv_fatal("call_rcu: out of memory");
	c->head = head;
	c->func = func;
	c->free_ptr = ptr;
	rcu_callbacks_pending++;
	kenv_schedule_atomic(rcu_call_run, c, 0, "rcu");
}

void call_rcu(struct rcu_head *head, rcu_callback_t func)
{
	rcu_defer(head, func, NULL);
}

/* kfree_rcu(ptr, field) passes the field's offset as @func. */
void kvfree_call_rcu(struct rcu_head *head, rcu_callback_t func)
{
	if (!head) {
		synchronize_rcu();
		kvfree((void *)func);
		return;
	}
	rcu_defer(head, func, (void *)head - (unsigned long)func);
}

void rcu_barrier(void)
{
	while (rcu_callbacks_pending)
		kenv_block(&rcu_callbacks_pending, 0, "rcu_barrier");
}

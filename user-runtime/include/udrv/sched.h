/* SPDX-License-Identifier: MIT */
/*
 * udrv/sched.h - what the event runtime offers to kernel C running in user
 * space.
 *
 * The kernel environment (user-runtime/kenv) implements msleep, timers,
 * workqueues, completions, wait queues and mutexes for the unmodified driver
 * code of a user half. It does so only through this table, which the Dingo
 * event runtime (user-runtime/dingo) fills in: the runtime owns the loop, the
 * fibers and the clock; kenv owns the kernel semantics. Tests may fill it with
 * a deterministic implementation of their own.
 *
 * Plain C: it is included by kernel-header translation units (kenv) and by
 * C++ (dingo) alike, so it may use nothing beyond <stdint.h>-style types,
 * which both worlds provide.
 */
#ifndef UDRV_SCHED_H
#define UDRV_SCHED_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdint.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A place fibers block on until woken. Storage belongs to the caller: the
 * kernel's wait queue, completion and mutex structs have fixed layouts with
 * no room for one, so kenv keeps wait points in a side table keyed by the
 * kernel object's address, alive while someone waits. The runtime may use the
 * opaque words and must not assume anything else about the memory around it;
 * a wait point must not move while fibers wait on it. Zero-initialised means
 * "no fiber is waiting".
 */
struct udrv_wait_point {
	uint64_t opaque[4];
};

/* Returned by block(). */
enum udrv_block_result {
	UDRV_WOKEN = 0,
	UDRV_TIMED_OUT = 1,
};

struct udrv_sched {
	void *ctx;

	/* Monotonic time in nanoseconds; injectable (tests advance it by hand). */
	uint64_t (*now_ns)(void *ctx);

	/*
	 * Suspends the calling fiber until wake() on @wp or until the monotonic
	 * time reaches @deadline_ns (0: no deadline; one already past times out
	 * on the next turn of the loop, after other runnable fibers). Other
	 * handlers run meanwhile. Calling it outside a fiber is a programming error the
	 * runtime reports and aborts on (the original code would have slept in
	 * atomic context).
	 */
	enum udrv_block_result (*block)(void *ctx, struct udrv_wait_point *wp,
					uint64_t deadline_ns);

	/* Makes every fiber blocked on @wp runnable; returns how many. */
	unsigned int (*wake_all)(void *ctx, struct udrv_wait_point *wp);

	/* Makes the oldest fiber blocked on @wp runnable; returns 1 or 0. */
	unsigned int (*wake_one)(void *ctx, struct udrv_wait_point *wp);

	/*
	 * Runs fn(arg) in a new fiber named @name once the monotonic time
	 * reaches @deadline_ns (0: as soon as the loop gets to it). @name is
	 * copied (up to 31 characters). Returns a nonzero handle for cancel();
	 * handles are never reused.
	 */
	uint64_t (*schedule)(void *ctx, void (*fn)(void *arg), void *arg,
			     uint64_t deadline_ns, const char *name);

	/*
	 * Cancels a scheduled call that has not started: returns 1 if it was
	 * pending and will now never run, 0 if it already started or finished.
	 */
	int (*cancel)(void *ctx, uint64_t handle);

	/* Nonzero when the caller runs in a fiber (it may block). */
	int (*in_fiber)(void *ctx);

	/* Lets other runnable fibers run first (cond_resched, yield). */
	void (*yield)(void *ctx);

	/*
	 * The entries below were added for the user half's host; kenv falls
	 * back to one shared `current` and to fibers for atomic callbacks when
	 * a table leaves them NULL.
	 */

	/*
	 * Identity of the running code: the running fiber's id, nonzero and
	 * never reused, or 0 on the loop (outside fibers).
	 */
	uint64_t (*current_id)(void *ctx);

	/*
	 * Name of the running code: the fiber's, the atomic callback's
	 * (schedule_atomic) or "loop". Valid until the next switch.
	 */
	const char *(*current_name)(void *ctx);

	/*
	 * A word that belongs to the running fiber, for the environment (kenv
	 * keeps the fiber's task_struct there); NULL outside a fiber. Zero when
	 * a fiber starts.
	 */
	void **(*fiber_local)(void *ctx);

	/*
	 * Installs @hook (NULL removes it), called on the loop thread whenever
	 * control changes hands: with the word of the fiber about to run, with
	 * NULL when control returns to the loop, and once with @exiting set for
	 * a fiber whose function returned, before its word is reused. kenv
	 * points `current` at the fiber's own task with it.
	 */
	void (*set_switch_hook)(void *ctx,
				void (*hook)(void *arg, void **local,
					     int exiting),
				void *arg);

	/*
	 * Runs fn(arg) on the loop, outside any fiber, once the monotonic time
	 * reaches @deadline_ns (0: as soon as the loop gets to it), as the
	 * kernel runs timer callbacks and tasklets: atomically, unable to
	 * block (block() from it is reported with @name and aborts). The handle
	 * is cancel()'s, from the same never-reused sequence as schedule()'s.
	 */
	uint64_t (*schedule_atomic)(void *ctx, void (*fn)(void *arg), void *arg,
				    uint64_t deadline_ns, const char *name);
};

#ifdef __cplusplus
}
#endif

#endif /* UDRV_SCHED_H */

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
};

#ifdef __cplusplus
}
#endif

#endif /* UDRV_SCHED_H */

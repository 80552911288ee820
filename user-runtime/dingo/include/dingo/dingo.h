/* SPDX-License-Identifier: MIT */
/*
 * dingo/dingo.h - the Dingo-native C API for drivers written directly
 * against the runtime.
 *
 * A driver is a set of handlers for events (typed FIFO mailboxes of
 * fixed-size messages). A handler run in fiber mode is sequential code that
 * may wait: EMIT sends a message, AWAIT { IF(ev, &msg) {..} ELIF(..) {..} }
 * waits for the first of several events, CALL sends a request and continues
 * when its reply arrives. No stack ripping: the fiber keeps the locals.
 *
 * The body of an AWAIT must be just its IF/ELIF chain: the chain is run
 * once to learn the events and once more to take the message that fired.
 */
#ifndef DINGO_DINGO_H
#define DINGO_DINGO_H

#include <stddef.h>
#include <stdint.h>

#include <udrv/sched.h>

#ifdef __cplusplus
extern "C" {
#endif

struct dingo_rt;    /* a dingo::Runtime, wired by main() */
struct dingo_event; /* a mailbox of messages of one size */

enum dingo_direction { DINGO_IN, DINGO_OUT, DINGO_LOCAL };
enum dingo_mode { DINGO_ATOMIC, DINGO_FIBER };

typedef void (*dingo_handler)(struct dingo_rt *rt, void *ctx, const void *msg);

/* udrv/sched.h served by this runtime (what kenv is given). */
struct udrv_sched dingo_sched(struct dingo_rt *rt);

uint64_t dingo_now(struct dingo_rt *rt);

/* An event whose messages are @msg_size bytes (0: no payload). */
struct dingo_event *dingo_event_new(struct dingo_rt *rt, const char *name,
				    size_t msg_size, enum dingo_direction dir);
void dingo_event_free(struct dingo_event *ev);

/* Every message of @ev goes to @fn, atomically or each in a new fiber. */
void dingo_on(struct dingo_event *ev, enum dingo_mode mode, dingo_handler fn,
	      void *ctx);

/* Sends a copy of msg_size bytes at @msg (NULL when msg_size is 0). */
void dingo_emit(struct dingo_event *ev, const void *msg);
/* Any thread: like dingo_emit. */
void dingo_post(struct dingo_event *ev, const void *msg);
/* Takes the oldest message into @msg_out (may be NULL): 1, or 0 if none. */
int dingo_take(struct dingo_event *ev, void *msg_out);

/*
 * In a fiber: waits for a message on any of @evs; returns the index of the
 * one whose oldest message arrived first, or -1 if @deadline_ns passed.
 */
int dingo_wait(struct dingo_rt *rt, struct dingo_event *const *evs, int n,
	       uint64_t deadline_ns);

/* In a fiber: emits @req on @req_ev and waits for the reply on @reply_ev. */
void dingo_call(struct dingo_rt *rt, struct dingo_event *req_ev,
		const void *req, struct dingo_event *reply_ev, void *reply_out);

/* Emits an empty message on @ev at @deadline_ns (timeouts for AWAIT). */
uint64_t dingo_timer_emit(struct dingo_rt *rt, struct dingo_event *ev,
			  uint64_t deadline_ns);
int dingo_timer_cancel(struct dingo_rt *rt, uint64_t timer);

/* Runs fn(arg) in a new fiber. */
uint64_t dingo_spawn(struct dingo_rt *rt, const char *name,
		     void (*fn)(void *arg), void *arg);

/* --- AWAIT machinery ------------------------------------------------- */

#define DINGO_AWAIT_MAX 16

struct dingo_await {
	struct dingo_rt *rt;
	struct dingo_event *evs[DINGO_AWAIT_MAX];
	int n;
	int phase; /* 0 start, 1 learning the events, 2 taking the one fired */
	int fired;
	int matched;
};

struct dingo_await dingo_await_begin(struct dingo_rt *rt);
int dingo_await_next(struct dingo_await *aw);
int dingo_await_case(struct dingo_await *aw, struct dingo_event *ev,
		     void *msg_out);

#define DINGO_EMIT(ev, msgp) dingo_emit((ev), (msgp))
#define DINGO_CALL(rt, req_ev, reqp, reply_ev, replyp) \
	dingo_call((rt), (req_ev), (reqp), (reply_ev), (replyp))
#define DINGO_AWAIT(rt)                                                    \
	for (struct dingo_await dingo_await_ = dingo_await_begin(rt);      \
	     dingo_await_next(&dingo_await_);)
#define DINGO_IF(ev, msgp) if (dingo_await_case(&dingo_await_, (ev), (msgp)))
#define DINGO_ELIF(ev, msgp) else DINGO_IF(ev, msgp)

#ifndef DINGO_NO_SHORT_NAMES
#define EMIT DINGO_EMIT
#define CALL DINGO_CALL
#define AWAIT DINGO_AWAIT
#define IF DINGO_IF
#define ELIF DINGO_ELIF
#endif

#ifdef __cplusplus
}

namespace dingo {
class Runtime;
// The C handle of a runtime main() created.
inline dingo_rt *toC(Runtime &rt) { return reinterpret_cast<dingo_rt *>(&rt); }
} // namespace dingo
#endif

#endif /* DINGO_DINGO_H */

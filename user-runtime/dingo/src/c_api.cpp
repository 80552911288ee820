// The Dingo-native C API (dingo/dingo.h) over Runtime and Mailbox.
#include "dingo/dingo.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "dingo/mailbox.h"
#include "dingo/runtime.h"
#include "dingo/sched_table.h"

namespace {

struct CMessage {
  std::vector<unsigned char> bytes;
  // Drivers put their message code first; the trace records it.
  uint64_t traceWord() const {
    uint64_t w = 0;
    if (!bytes.empty())
      std::memcpy(&w, bytes.data(), bytes.size() < 8 ? bytes.size() : 8);
    return w;
  }
};

dingo::Runtime &cpp(dingo_rt *rt) { return *reinterpret_cast<dingo::Runtime *>(rt); }

dingo::Direction direction(dingo_direction d) {
  switch (d) {
  case DINGO_IN: return dingo::Direction::Incoming;
  case DINGO_OUT: return dingo::Direction::Outgoing;
  case DINGO_LOCAL: break;
  }
  return dingo::Direction::Internal;
}

} // namespace

struct dingo_event {
  dingo_event(dingo_rt *r, const char *name, size_t size, dingo_direction dir)
      : rt(r), msgSize(size), box(cpp(r), name, direction(dir)) {}

  CMessage wrap(const void *msg) const {
    CMessage m;
    m.bytes.resize(msgSize);
    if (msgSize)
      std::memcpy(m.bytes.data(), msg, msgSize);
    return m;
  }

  dingo_rt *rt;
  size_t msgSize;
  dingo::Mailbox<CMessage> box;
};

extern "C" {

udrv_sched dingo_sched(dingo_rt *rt) { return dingo::schedTable(cpp(rt)); }

uint64_t dingo_now(dingo_rt *rt) { return cpp(rt).nowNs(); }

dingo_event *dingo_event_new(dingo_rt *rt, const char *name, size_t msg_size,
                             dingo_direction dir) {
  return new dingo_event(rt, name, msg_size, dir);
}

void dingo_event_free(dingo_event *ev) { delete ev; }

void dingo_on(dingo_event *ev, dingo_mode mode, dingo_handler fn, void *ctx) {
  dingo_rt *rt = ev->rt;
  ev->box.setHandler(mode == DINGO_FIBER ? dingo::HandlerMode::Fiber
                                         : dingo::HandlerMode::Atomic,
                     [rt, fn, ctx](CMessage &m) { fn(rt, ctx, m.bytes.data()); });
}

void dingo_emit(dingo_event *ev, const void *msg) { ev->box.send(ev->wrap(msg)); }

void dingo_post(dingo_event *ev, const void *msg) { ev->box.post(ev->wrap(msg)); }

int dingo_take(dingo_event *ev, void *msg_out) {
  std::optional<CMessage> m = ev->box.tryReceive();
  if (!m)
    return 0;
  if (msg_out && ev->msgSize)
    std::memcpy(msg_out, m->bytes.data(), ev->msgSize);
  return 1;
}

int dingo_wait(dingo_rt *rt, dingo_event *const *evs, int n, uint64_t deadline_ns) {
  std::vector<dingo::MailboxBase *> boxes;
  for (int i = 0; i < n; ++i)
    boxes.push_back(&evs[i]->box);
  return cpp(rt).waitAny(boxes.data(), boxes.size(), deadline_ns);
}

void dingo_call(dingo_rt *rt, dingo_event *req_ev, const void *req,
                dingo_event *reply_ev, void *reply_out) {
  cpp(rt).requireFiber("CALL");
  dingo_emit(req_ev, req);
  dingo_wait(rt, &reply_ev, 1, 0);
  dingo_take(reply_ev, reply_out);
}

uint64_t dingo_timer_emit(dingo_rt *rt, dingo_event *ev, uint64_t deadline_ns) {
  return cpp(rt).addTimer(deadline_ns, ev->box.name(), [ev] {
    CMessage m;
    m.bytes.assign(ev->msgSize, 0);
    ev->box.send(std::move(m));
  });
}

int dingo_timer_cancel(dingo_rt *rt, uint64_t timer) {
  return cpp(rt).cancelTimer(timer) ? 1 : 0;
}

uint64_t dingo_spawn(dingo_rt *rt, const char *name, void (*fn)(void *), void *arg) {
  return cpp(rt).spawn(name, [fn, arg] { fn(arg); });
}

dingo_await dingo_await_begin(dingo_rt *rt) {
  dingo_await aw{};
  aw.rt = rt;
  return aw;
}

int dingo_await_next(dingo_await *aw) {
  switch (aw->phase) {
  case 0:
    aw->phase = 1;
    return 1;
  case 1:
    if (aw->n == 0) {
      std::fprintf(stderr, "dingo: AWAIT without any IF\n");
      std::abort();
    }
    aw->fired = dingo_wait(aw->rt, aw->evs, aw->n, 0);
    aw->phase = 2;
    return 1;
  default:
    return 0;
  }
}

int dingo_await_case(dingo_await *aw, dingo_event *ev, void *msg_out) {
  if (aw->phase == 1) {
    if (aw->n == DINGO_AWAIT_MAX) {
      std::fprintf(stderr, "dingo: AWAIT on more than %d events\n", DINGO_AWAIT_MAX);
      std::abort();
    }
    aw->evs[aw->n++] = ev;
    return 0;
  }
  if (aw->matched || aw->evs[aw->fired] != ev)
    return 0;
  aw->matched = 1;
  dingo_take(ev, msg_out);
  return 1;
}

} // extern "C"

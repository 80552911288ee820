// Fibers on the loop: starting, switching, blocking on wait points, waking.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "dingo/mailbox.h"
#include "dingo/runtime.h"
#include "fiber.h"
#include "sanitizer.h"

namespace dingo {

void fiberMain(void *arg) {
  Fiber *f = static_cast<Fiber *>(arg);
  Runtime &rt = f->rt;
  sanitizer::finishSwitch(nullptr, &rt.loopStackBottom_, &rt.loopStackSize_);
  f->started = true;
  rt.record(TraceKind::FiberStart, 0, 0, 0, 0, f->name);
  f->fn();
  f->fn = nullptr;  // the captures die on the fiber's own stack
  rt.finishCurrent();
}

const char *Runtime::currentFiberName() const {
  return current_ ? current_->name : "loop";
}

uint32_t Runtime::currentFiberId() const { return current_ ? current_->id : 0; }

const char *Runtime::currentName() const {
  if (current_)
    return current_->name;
  return atomicName_ ? atomicName_ : "loop";
}

void **Runtime::fiberLocal() { return current_ ? &current_->local : nullptr; }

Fiber *Runtime::acquireFiber(const char *name, std::function<void()> fn) {
  Fiber *f;
  if (idleFibers_.empty()) {
    fibers_.push_back(std::make_unique<Fiber>(*this, options_.stackBytes));
    f = fibers_.back().get();
  } else {
    f = idleFibers_.back();
    idleFibers_.pop_back();
  }
  f->id = nextFiberId_++;
  std::memset(f->name, 0, sizeof f->name);
  std::strncpy(f->name, name ? name : "fiber", sizeof f->name - 1);
  f->stack.setOwner(f->name);
  f->fn = std::move(fn);
  f->local = nullptr;
  f->sp = prepareContext(f->stack.top(), fiberMain, f);
  ++liveFibers_;
  return f;
}

void Runtime::releaseFiber(Fiber *f) {
  f->fn = nullptr;
  f->task = 0;
  f->started = f->finished = f->cancelled = false;
  f->asanFakeStack = nullptr;
  idleFibers_.push_back(f);
  --liveFibers_;
}

void Runtime::startFiberHandler(const char *name, std::function<void()> fn) {
  makeReady(acquireFiber(name, std::move(fn)));
}

void Runtime::makeReady(Fiber *f) { ready_.push_back(f); }

size_t Runtime::runReadyFibers() {
  // Only the fibers runnable now: one that yields goes to the back and waits
  // for the next turn, after the loop has looked at timers and the OS.
  size_t n = ready_.size();
  for (size_t i = 0; i < n; ++i) {
    Fiber *f = ready_.front();
    ready_.pop_front();
    if (f->cancelled) {
      releaseFiber(f);
      continue;
    }
    if (f->task) {
      tasks_.erase(f->task);  // started: cancel() now returns 0
      f->task = 0;
    }
    resume(f);
  }
  return n;
}

void Runtime::resume(Fiber *f) {
  record(TraceKind::FiberSwitch, 0, f->id, 0, 0, f->name);
  current_ = f;
  switched(&f->local, 0);
  void *fakeStack = nullptr;
  sanitizer::startSwitch(&fakeStack, f->stack.bottom(), f->stack.size());
  dingo_context_switch(&loopSp_, f->sp);
  sanitizer::finishSwitch(fakeStack, nullptr, nullptr);
  current_ = nullptr;
  if (f->finished) {
    switched(&f->local, 1);
    releaseFiber(f);
  }
  switched(nullptr, 0);
}

void Runtime::suspendCurrent(SuspendReason why) {
  Fiber *f = current_;
  record(TraceKind::FiberSuspend, 0, 0, static_cast<uint64_t>(why), 0, f->name);
  sanitizer::startSwitch(&f->asanFakeStack, loopStackBottom_, loopStackSize_);
  dingo_context_switch(&f->sp, loopSp_);
  sanitizer::finishSwitch(f->asanFakeStack, &loopStackBottom_, &loopStackSize_);
}

void Runtime::finishCurrent() {
  Fiber *f = current_;
  f->finished = true;
  record(TraceKind::FiberExit, 0, 0, 0, 0, f->name);
  // nullptr: this fiber's fake stack can go, it never runs again.
  sanitizer::startSwitch(nullptr, loopStackBottom_, loopStackSize_);
  dingo_context_switch(&f->sp, loopSp_);
  fatal("finished fiber '%s' was resumed", f->name);
}

void Runtime::yield() {
  requireFiber("yield");
  makeReady(current_);
  suspendCurrent(SuspendReason::Yield);
}

// --- wait points --------------------------------------------------------------
// opaque[0] = oldest Waiter, opaque[1] = newest; both 0 when nobody waits.

namespace {

Waiter *headOf(const udrv_wait_point &wp) {
  return reinterpret_cast<Waiter *>(static_cast<uintptr_t>(wp.opaque[0]));
}
Waiter *tailOf(const udrv_wait_point &wp) {
  return reinterpret_cast<Waiter *>(static_cast<uintptr_t>(wp.opaque[1]));
}
void setHead(udrv_wait_point &wp, Waiter *w) {
  wp.opaque[0] = reinterpret_cast<uintptr_t>(w);
}
void setTail(udrv_wait_point &wp, Waiter *w) {
  wp.opaque[1] = reinterpret_cast<uintptr_t>(w);
}

void append(udrv_wait_point &wp, Waiter &w) {
  w.prev = tailOf(wp);
  w.next = nullptr;
  if (w.prev)
    w.prev->next = &w;
  else
    setHead(wp, &w);
  setTail(wp, &w);
}

void unlink(udrv_wait_point &wp, Waiter &w) {
  if (w.prev)
    w.prev->next = w.next;
  else
    setHead(wp, w.next);
  if (w.next)
    w.next->prev = w.prev;
  else
    setTail(wp, w.prev);
  w.prev = w.next = nullptr;
}

} // namespace

BlockResult Runtime::block(udrv_wait_point &wp, uint64_t deadlineNs) {
  requireFiber("block");
  Waiter w{current_, &wp};
  append(wp, w);
  if (deadlineNs != 0) {
    w.timer = timers_.add(deadlineNs, current_->name, [this, &w] {
      unlink(*w.wp, w);
      w.timedOut = true;
      record(TraceKind::Timeout, 0, w.fiber->id, 0, 0, w.fiber->name);
      makeReady(w.fiber);
    });
  }
  suspendCurrent(SuspendReason::Block);
  return w.timedOut ? BlockResult::TimedOut : BlockResult::Woken;
}

unsigned Runtime::wakeOne(udrv_wait_point &wp) {
  Waiter *w = headOf(wp);
  if (!w)
    return 0;
  unlink(wp, *w);
  if (w->timer)
    timers_.cancel(w->timer);
  record(TraceKind::Wake, 0, w->fiber->id, 0, 0, w->fiber->name);
  makeReady(w->fiber);
  return 1;
}

unsigned Runtime::wakeAll(udrv_wait_point &wp) {
  unsigned n = 0;
  while (wakeOne(wp))
    ++n;
  return n;
}

void Runtime::sleepUntil(uint64_t deadlineNs) {
  requireFiber("sleepUntil");
  udrv_wait_point wp{};
  while (clock_.nowNs() < deadlineNs)
    block(wp, deadlineNs);
}

// --- waiting on mailboxes -------------------------------------------------------

int Runtime::waitAny(std::initializer_list<MailboxBase *> boxes, uint64_t deadlineNs) {
  return waitAny(boxes.begin(), boxes.size(), deadlineNs);
}

int Runtime::waitAny(MailboxBase *const *boxes, size_t count, uint64_t deadlineNs) {
  requireFiber("waitAny");
  auto earliest = [&] {
    int best = -1;
    uint64_t bestSeq = UINT64_MAX;
    for (size_t i = 0; i < count; ++i)
      if (boxes[i]->oldestSeq() < bestSeq) {
        bestSeq = boxes[i]->oldestSeq();
        best = static_cast<int>(i);
      }
    return best;
  };
  for (size_t i = 0; i < count; ++i)
    if (boxes[i]->hasHandler())
      fatal("fiber '%s' waits on mailbox '%s', which has a handler that takes its "
            "messages", current_->name, boxes[i]->name());
  for (;;) {
    int best = earliest();
    if (best >= 0)
      return best;
    udrv_wait_point wp{};
    for (size_t i = 0; i < count; ++i)
      boxes[i]->waiters().push_back(&wp);
    BlockResult r = block(wp, deadlineNs);
    for (size_t i = 0; i < count; ++i) {
      auto &ws = boxes[i]->waiters();
      for (auto it = ws.begin(); it != ws.end(); ++it)
        if (*it == &wp) {
          ws.erase(it);
          break;
        }
    }
    if (r == BlockResult::TimedOut)
      return earliest();
  }
}

} // namespace dingo

// The loop: remote arrivals, timers, message dispatch, runnable fibers, and
// sleeping in the OS port when none of them has work.
#include "dingo/runtime.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "dingo/mailbox.h"
#include "fiber.h"

namespace dingo {

Runtime::Runtime(Clock &clock, OsPort &port, TraceRing *trace)
    : Runtime(clock, port, trace, Options()) {}

Runtime::Runtime(Clock &clock, OsPort &port, TraceRing *trace, Options options)
    : clock_(clock), port_(port), trace_(trace), options_(options) {
  installStackOverflowReporter();
}

Runtime::~Runtime() {
  if (liveFibers_ != 0) {
    std::fprintf(stderr, "dingo: runtime destroyed with %zu unfinished fiber(s):",
                 liveFibers_);
    for (const auto &f : fibers_)
      if (f->fn)
        std::fprintf(stderr, " '%s'", f->name);
    std::fprintf(stderr, "\n");
  }
}

void Runtime::record(TraceKind kind, uint32_t mailbox, uint32_t peer, uint64_t a,
                     uint64_t b, const char *name) {
  if (trace_)
    trace_->record(kind, clock_.nowNs(), currentFiberId(), mailbox, peer, a, b, name);
}

void Runtime::fatal(const char *format, ...) const {
  std::fputs("dingo: ", stderr);
  va_list args;
  va_start(args, format);
  std::vfprintf(stderr, format, args);
  va_end(args);
  std::fputc('\n', stderr);
  if (trace_)
    trace_->dump(stderr);
  std::abort();
}

void Runtime::requireFiber(const char *operation) const {
  if (current_)
    return;
  if (atomicName_)
    fatal("%s called outside a fiber, from atomic callback '%s': it runs "
          "atomically on the loop and must not sleep", operation, atomicName_);
  fatal("%s called outside a fiber: the caller runs atomically on the loop "
        "(a handler or timer callback) and must not sleep", operation);
}

void Runtime::run() {
  if (current_)
    fatal("run() called from fiber '%s'", current_->name);
  // The loop may run on another thread than the one that built it, and the
  // overflow report needs an alternate signal stack on the loop thread.
  installStackOverflowReporter();
  while (!stopRequested_.load(std::memory_order_acquire))
    step(true);
  stopRequested_.store(false, std::memory_order_release);
}

void Runtime::stop() {
  stopRequested_.store(true, std::memory_order_release);
  port_.wake();
}

bool Runtime::runUntilIdle() {
  if (current_)
    fatal("runUntilIdle() called from fiber '%s'", current_->name);
  installStackOverflowReporter();
  bool any = false;
  while (step(false))
    any = true;
  return any;
}

bool Runtime::step(bool mayBlock) {
  size_t work = drainRemote() ? 1 : 0;
  work += fireDueTimers();
  work += dispatchArrivals();
  work += runReadyFibers();
  bool worked = work != 0;
  // A busy loop still polls the OS after every kWorkPerPoll messages, timers
  // and fiber resumptions, so fds are not starved; an idle one polls every
  // time. A poll is a system call: amortised, it stays off the fast path.
  workSincePoll_ += work;
  if (worked && workSincePoll_ < kWorkPerPoll)
    return true;
  workSincePoll_ = 0;
  int64_t budget = (!worked && mayBlock) ? sleepBudgetNs() : 0;
  if (budget != 0) {
    std::lock_guard<std::mutex> lock(remoteLock_);
    if (remotePending_.load(std::memory_order_relaxed) ||
        stopRequested_.load(std::memory_order_acquire))
      budget = 0;
    else
      loopSleeping_ = true;
  }
  int ran = port_.wait(budget);
  if (budget != 0) {
    std::lock_guard<std::mutex> lock(remoteLock_);
    loopSleeping_ = false;
  }
  return worked || ran > 0;
}

int64_t Runtime::sleepBudgetNs() {
  if (!ready_.empty() || !arrivals_.empty())
    return 0;
  uint64_t next = timers_.nextDeadline();
  if (next == UINT64_MAX || !clock_.advancesByItself())
    return -1;
  uint64_t now = clock_.nowNs();
  return next <= now ? 0 : static_cast<int64_t>(next - now);
}

// --- other threads ----------------------------------------------------------

void Runtime::post(std::function<void()> fn) {
  bool wake;
  {
    std::lock_guard<std::mutex> lock(remoteLock_);
    posted_.push_back(std::move(fn));
    remotePending_.store(true, std::memory_order_release);
    wake = loopSleeping_;
  }
  if (wake)
    port_.wake();
}

void Runtime::noteRemote(MailboxBase &box) {
  bool wake;
  {
    std::lock_guard<std::mutex> lock(remoteLock_);
    remoteBoxes_.push_back(&box);
    remotePending_.store(true, std::memory_order_release);
    wake = loopSleeping_;
  }
  if (wake)
    port_.wake();
}

bool Runtime::drainRemote() {
  std::vector<MailboxBase *> boxes;
  std::vector<std::function<void()>> posted;
  if (!remotePending_.load(std::memory_order_acquire))
    return false;  // the common case costs no lock
  {
    std::lock_guard<std::mutex> lock(remoteLock_);
    boxes.swap(remoteBoxes_);
    posted.swap(posted_);
    remotePending_.store(false, std::memory_order_relaxed);
  }
  for (MailboxBase *box : boxes)
    box->drainRemote();
  for (auto &fn : posted) {
    fn();
    runReadyFibers();
  }
  return true;
}

// --- mailboxes --------------------------------------------------------------

uint32_t Runtime::registerMailbox() { return nextMailboxId_++; }

void Runtime::forgetMailbox(MailboxBase &box) {
  for (auto it = arrivals_.begin(); it != arrivals_.end();)
    it = (*it == &box) ? arrivals_.erase(it) : it + 1;
  std::lock_guard<std::mutex> lock(remoteLock_);
  for (auto it = remoteBoxes_.begin(); it != remoteBoxes_.end();)
    it = (*it == &box) ? remoteBoxes_.erase(it) : it + 1;
}

void Runtime::noteArrival(MailboxBase &box) { arrivals_.push_back(&box); }

size_t Runtime::dispatchArrivals() {
  // Only what is queued now: a handler sending to itself must not starve
  // timers and the OS port.
  size_t n = arrivals_.size();
  for (size_t i = 0; i < n && !arrivals_.empty(); ++i) {
    MailboxBase *box = arrivals_.front();
    arrivals_.pop_front();
    box->dispatchOne();
    // Whatever the message made runnable runs before the next message, so
    // a message's consequences are complete before the next one is seen.
    runReadyFibers();
  }
  return n;
}

// --- timers and scheduled calls -----------------------------------------------

Handle Runtime::addTimer(uint64_t deadlineNs, const char *name,
                         std::function<void()> fn) {
  return timers_.add(deadlineNs, name, std::move(fn));
}

size_t Runtime::fireDueTimers() {
  size_t fired = 0;
  if (timers_.size() == 0)
    return 0;  // saves reading the clock
  TimerQueue::Fired t;
  while (timers_.popDue(clock_.nowNs(), t)) {
    ++fired;
    record(TraceKind::TimerFire, 0, 0, t.deadlineNs, t.handle, t.name);
    t.fn();
    t.fn = nullptr;
    runReadyFibers();
  }
  return fired;
}

Handle Runtime::schedule(uint64_t deadlineNs, const char *name,
                         std::function<void()> fn) {
  Handle h = nextTask_++;
  Task &task = tasks_[h];
  task.fn = std::move(fn);
  std::strncpy(task.name, name ? name : "task", sizeof task.name - 1);
  if (deadlineNs == 0)
    startTask(h);
  else
    task.timer = timers_.add(deadlineNs, task.name, [this, h] { startTask(h); });
  return h;
}

Handle Runtime::scheduleAtomic(uint64_t deadlineNs, const char *name,
                               std::function<void()> fn) {
  Handle h = nextTask_++;
  Task &task = tasks_[h];
  task.fn = std::move(fn);
  task.atomic = true;
  std::strncpy(task.name, name ? name : "atomic", sizeof task.name - 1);
  task.timer = timers_.add(deadlineNs, task.name, [this, h] { runAtomicTask(h); });
  return h;
}

void Runtime::runAtomicTask(Handle h) {
  auto it = tasks_.find(h);
  Task task = std::move(it->second);
  tasks_.erase(it);  // running: cancel() now returns 0
  const char *outer = atomicName_;
  atomicName_ = task.name;
  task.fn();
  atomicName_ = outer;
}

void Runtime::startTask(Handle h) {
  Task &task = tasks_.at(h);
  task.timer = 0;
  task.fiber = acquireFiber(task.name, std::move(task.fn));
  task.fiber->task = h;
  makeReady(task.fiber);
}

bool Runtime::cancel(Handle h) {
  auto it = tasks_.find(h);
  if (it == tasks_.end())
    return false;
  if (it->second.timer)
    timers_.cancel(it->second.timer);  // atomic tasks always have one
  else
    it->second.fiber->cancelled = true;  // dropped when the loop reaches it
  record(TraceKind::Cancel, 0, 0, h, 0, it->second.name);
  tasks_.erase(it);
  return true;
}

} // namespace dingo

// dingo/runtime.h - the Dingo event loop: serialised atomic handlers and
// cooperative fibers on one thread.
//
// One Runtime per user half, created by main() with the clock, OS port and
// trace ring it should use. Everything except post()/stop()/Mailbox::post()
// must be called on the loop thread. Exactly one piece of code runs at a
// time: the loop itself (atomic handlers, timer callbacks) or one fiber,
// which gives control back only by blocking, waiting or yielding.
#pragma once

#include <udrv/sched.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "dingo/clock.h"
#include "dingo/os_port.h"
#include "dingo/timers.h"
#include "dingo/trace.h"

namespace dingo {

enum class BlockResult { Woken = UDRV_WOKEN, TimedOut = UDRV_TIMED_OUT };

struct Fiber;
class MailboxBase;

class Runtime {
public:
  struct Options {
    // Usable bytes per fiber stack (a guard page comes on top). Kernel code
    // is written for 16 KiB stacks; sanitizers need several times more.
    size_t stackBytes = 256 * 1024;
  };

  Runtime(Clock &clock, OsPort &port, TraceRing *trace = nullptr);
  Runtime(Clock &clock, OsPort &port, TraceRing *trace, Options options);
  ~Runtime();
  Runtime(const Runtime &) = delete;
  Runtime &operator=(const Runtime &) = delete;

  Clock &clock() { return clock_; }
  OsPort &port() { return port_; }
  TraceRing *trace() { return trace_; }
  uint64_t nowNs() const { return clock_.nowNs(); }

  // --- the loop -----------------------------------------------------------
  // Runs until stop(). Sleeps in the OS port when there is nothing to do.
  void run();
  // Thread-safe: makes run() return after the current step.
  void stop();
  // Does everything that can be done now without sleeping (due timers,
  // pending messages, runnable fibers, ready fds) until nothing is left.
  // Returns whether it did anything. The tests' way of turning the loop.
  bool runUntilIdle();

  // --- fibers -------------------------------------------------------------
  // Runs fn in a new fiber named @name once the clock reaches @deadlineNs
  // (0: as soon as the loop gets to it). The handle is for cancel().
  Handle schedule(uint64_t deadlineNs, const char *name,
                  std::function<void()> fn);
  Handle spawn(const char *name, std::function<void()> fn) {
    return schedule(0, name, std::move(fn));
  }
  // True if the scheduled call had not started and now never will.
  bool cancel(Handle task);

  // Runs fn on the loop, outside any fiber (atomic: it may not block), once
  // the clock reaches @deadlineNs (0: soon). Same handle space as schedule().
  Handle scheduleAtomic(uint64_t deadlineNs, const char *name,
                        std::function<void()> fn);

  bool inFiber() const { return current_ != nullptr; }
  const char *currentFiberName() const;
  uint32_t currentFiberId() const;
  // The fiber's name, the running atomic callback's name, or "loop".
  const char *currentName() const;
  // The running fiber's own word (zero when it starts); nullptr on the loop.
  void **fiberLocal();
  // Called on every switch: with the next fiber's word, with nullptr when
  // the loop takes over, and once with exiting=1 when a fiber's function
  // returned (udrv_sched.set_switch_hook).
  using SwitchHook = void (*)(void *arg, void **local, int exiting);
  void setSwitchHook(SwitchHook hook, void *arg) {
    switchHook_ = hook;
    switchHookArg_ = arg;
  }
  size_t liveFibers() const { return liveFibers_; }

  // In a fiber: lets every other runnable fiber and pending event go first.
  void yield();
  // In a fiber: suspends until wakeOne/wakeAll on @wp or until the clock
  // reaches @deadlineNs (0: no deadline). Outside a fiber this reports the
  // caller as sleeping in atomic context and aborts.
  BlockResult block(udrv_wait_point &wp, uint64_t deadlineNs);
  unsigned wakeOne(udrv_wait_point &wp);
  unsigned wakeAll(udrv_wait_point &wp);
  void sleepUntil(uint64_t deadlineNs);

  // In a fiber: waits until one of @boxes holds a message and returns the
  // index of the one whose oldest message arrived first, or -1 if
  // @deadlineNs (nonzero) passed first. Mailboxes with a handler cannot be
  // waited on (their messages go to the handler).
  int waitAny(std::initializer_list<MailboxBase *> boxes,
              uint64_t deadlineNs = 0);
  int waitAny(MailboxBase *const *boxes, size_t count, uint64_t deadlineNs);

  // --- timers -------------------------------------------------------------
  // Runs fn on the loop (atomically, not in a fiber) at @deadlineNs.
  Handle addTimer(uint64_t deadlineNs, const char *name,
                  std::function<void()> fn);
  bool cancelTimer(Handle timer) { return timers_.cancel(timer); }

  // --- other threads ------------------------------------------------------
  // Thread-safe: runs fn on the loop thread, atomically, soon.
  void post(std::function<void()> fn);

  // Internal to mailboxes and the runtime's own files.
  uint64_t nextMessageSeq() { return ++messageSeq_; }
  uint32_t registerMailbox();
  void forgetMailbox(MailboxBase &box);
  void noteArrival(MailboxBase &box);
  void noteRemote(MailboxBase &box);
  void record(TraceKind kind, uint32_t mailbox, uint32_t peer, uint64_t a,
              uint64_t b, const char *name);
  bool tracing() const { return trace_ != nullptr; }
  void requireFiber(const char *operation) const;
  // Reports a misuse of the runtime on stderr ("dingo: " + message), dumps
  // the trace ring after it, and aborts.
  [[noreturn]] void fatal(const char *format, ...) const
      __attribute__((format(printf, 2, 3)));
  void startFiberHandler(const char *name, std::function<void()> fn);

private:
  // A schedule()d call: waiting for its deadline (timer != 0) or given a
  // fiber that has not run yet. Erased when the fiber first runs.
  struct Task {
    Handle timer = 0;
    Fiber *fiber = nullptr;
    std::function<void()> fn;
    char name[32] = {};
    bool atomic = false;
  };
  friend void fiberMain(void *);

  bool step(bool mayBlock);
  bool drainRemote();
  size_t fireDueTimers();
  size_t dispatchArrivals();
  size_t runReadyFibers();
  int64_t sleepBudgetNs();

  Fiber *acquireFiber(const char *name, std::function<void()> fn);
  void releaseFiber(Fiber *fiber);
  void makeReady(Fiber *fiber);
  void resume(Fiber *fiber);
  void suspendCurrent(SuspendReason why);
  void finishCurrent();
  void startTask(Handle task);
  void runAtomicTask(Handle task);
  void switched(void **local, int exiting) {
    if (switchHook_)
      switchHook_(switchHookArg_, local, exiting);
  }

  Clock &clock_;
  OsPort &port_;
  TraceRing *trace_;
  Options options_;

  Fiber *current_ = nullptr;
  const char *atomicName_ = nullptr;  // the scheduleAtomic() call running
  SwitchHook switchHook_ = nullptr;
  void *switchHookArg_ = nullptr;
  void *loopSp_ = nullptr;
  const void *loopStackBottom_ = nullptr;
  size_t loopStackSize_ = 0;
  std::deque<Fiber *> ready_;
  std::vector<std::unique_ptr<Fiber>> fibers_;
  std::vector<Fiber *> idleFibers_;
  size_t liveFibers_ = 0;
  uint32_t nextFiberId_ = 1;

  TimerQueue timers_;
  std::unordered_map<Handle, Task> tasks_;
  Handle nextTask_ = 1;

  uint64_t messageSeq_ = 0;
  uint32_t nextMailboxId_ = 1;
  std::deque<MailboxBase *> arrivals_;
  std::vector<MailboxBase *> waitScratch_;

  std::mutex remoteLock_;
  std::vector<MailboxBase *> remoteBoxes_;
  std::vector<std::function<void()>> posted_;
  bool loopSleeping_ = false;
  std::atomic<bool> remotePending_{false};
  static constexpr size_t kWorkPerPoll = 256;
  size_t workSincePoll_ = 0;
  std::atomic<bool> stopRequested_{false};
};


} // namespace dingo

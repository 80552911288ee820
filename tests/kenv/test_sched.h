// SPDX-License-Identifier: MIT
//
// TEST FIXTURE: a small deterministic implementation of the udrv_sched table
// (udrv/sched.h) for kenv's tests. The real one is the Dingo event runtime
// (user-runtime/dingo). One thread, ucontext fibers, a FIFO run queue and a
// manual clock that jumps to the next deadline when nothing can run.
#pragma once

#include "udrv/sched.h"

#include <ucontext.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace kenv_test {

class TestSched {
 public:
  TestSched();
  ~TestSched();
  TestSched(const TestSched &) = delete;
  TestSched &operator=(const TestSched &) = delete;

  const udrv_sched *table() const { return &table_; }
  uint64_t now() const { return now_; }

  // Queues fn(arg) to start in a new fiber at @deadline_ns (0: now).
  uint64_t spawn(void (*fn)(void *), void *arg, uint64_t deadline_ns = 0,
                 const char *name = "test");

  // Runs fibers, advancing the clock to the next deadline whenever nothing
  // is runnable, until no work is left. Returns how many fibers are still
  // blocked without a deadline (a deadlock if nonzero).
  size_t run();

 private:
  struct Fiber;
  struct Call {
    uint64_t handle;
    void (*fn)(void *);
    void *arg;
    uint64_t deadline;
    uint64_t seq;
    std::string name;
  };

  static uint64_t now_ns(void *ctx);
  static udrv_block_result block(void *ctx, udrv_wait_point *wp, uint64_t deadline);
  static unsigned int wake_all(void *ctx, udrv_wait_point *wp);
  static unsigned int wake_one(void *ctx, udrv_wait_point *wp);
  static uint64_t schedule(void *ctx, void (*fn)(void *), void *arg,
                           uint64_t deadline, const char *name);
  static int cancel(void *ctx, uint64_t handle);
  static int in_fiber(void *ctx);
  static void yield(void *ctx);
  static void trampoline(unsigned int hi, unsigned int lo);

  void switch_to(Fiber *f);
  void switch_to_loop();
  unsigned int wake(udrv_wait_point *wp, bool all);
  bool start_due_calls();
  bool advance_clock();

  udrv_sched table_{};
  uint64_t now_ = 0;
  uint64_t next_handle_ = 1;
  uint64_t seq_ = 0;
  ucontext_t loop_ctx_{};
  const void *loop_stack_bottom_ = nullptr;  // for ASan's fiber switches
  size_t loop_stack_size_ = 0;
  Fiber *current_ = nullptr;
  std::vector<Call> calls_;
  std::deque<Fiber *> runnable_;
  std::vector<Fiber *> blocked_;  // in blocking order
  std::vector<std::unique_ptr<Fiber>> fibers_;
};

}  // namespace kenv_test

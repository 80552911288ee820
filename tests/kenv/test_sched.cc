// SPDX-License-Identifier: MIT
// TEST FIXTURE: see test_sched.h.
#include "test_sched.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#define KENV_TEST_ASAN 1
#endif

namespace kenv_test {

namespace {
constexpr size_t kStackSize = 256 * 1024;
}

struct TestSched::Fiber {
  ucontext_t ctx{};
  std::vector<char> stack;
  void (*fn)(void *) = nullptr;
  void *arg = nullptr;
  std::string name;
  bool done = false;
  udrv_wait_point *waiting = nullptr;
  uint64_t deadline = 0;
  udrv_block_result result = UDRV_WOKEN;
  TestSched *owner = nullptr;
};

TestSched::TestSched() {
  table_.ctx = this;
  table_.now_ns = now_ns;
  table_.block = block;
  table_.wake_all = wake_all;
  table_.wake_one = wake_one;
  table_.schedule = schedule;
  table_.cancel = cancel;
  table_.in_fiber = in_fiber;
  table_.yield = yield;
}

TestSched::~TestSched() = default;

uint64_t TestSched::spawn(void (*fn)(void *), void *arg, uint64_t deadline,
                          const char *name) {
  return schedule(this, fn, arg, deadline, name);
}

uint64_t TestSched::now_ns(void *ctx) { return static_cast<TestSched *>(ctx)->now_; }

uint64_t TestSched::schedule(void *ctx, void (*fn)(void *), void *arg,
                             uint64_t deadline, const char *name) {
  auto *s = static_cast<TestSched *>(ctx);
  uint64_t h = s->next_handle_++;
  s->calls_.push_back({h, fn, arg, deadline, s->seq_++, name ? name : ""});
  return h;
}

int TestSched::cancel(void *ctx, uint64_t handle) {
  auto *s = static_cast<TestSched *>(ctx);
  auto it = std::find_if(s->calls_.begin(), s->calls_.end(),
                         [&](const Call &c) { return c.handle == handle; });
  if (it == s->calls_.end()) return 0;
  s->calls_.erase(it);
  return 1;
}

int TestSched::in_fiber(void *ctx) { return static_cast<TestSched *>(ctx)->current_ != nullptr; }

udrv_block_result TestSched::block(void *ctx, udrv_wait_point *wp, uint64_t deadline) {
  auto *s = static_cast<TestSched *>(ctx);
  Fiber *f = s->current_;
  if (!f) {
    std::fprintf(stderr, "test_sched: block() outside a fiber\n");
    std::abort();
  }
  f->waiting = wp;
  f->deadline = deadline;
  f->result = UDRV_WOKEN;
  s->blocked_.push_back(f);
  s->switch_to_loop();
  return f->result;
}

unsigned int TestSched::wake(udrv_wait_point *wp, bool all) {
  unsigned int n = 0;
  for (auto it = blocked_.begin(); it != blocked_.end();) {
    if ((*it)->waiting == wp) {
      (*it)->waiting = nullptr;
      (*it)->result = UDRV_WOKEN;
      runnable_.push_back(*it);
      it = blocked_.erase(it);
      n++;
      if (!all) break;
    } else {
      ++it;
    }
  }
  return n;
}

unsigned int TestSched::wake_all(void *ctx, udrv_wait_point *wp) {
  return static_cast<TestSched *>(ctx)->wake(wp, true);
}

unsigned int TestSched::wake_one(void *ctx, udrv_wait_point *wp) {
  return static_cast<TestSched *>(ctx)->wake(wp, false);
}

void TestSched::yield(void *ctx) {
  auto *s = static_cast<TestSched *>(ctx);
  if (!s->current_) return;
  s->runnable_.push_back(s->current_);
  s->switch_to_loop();
}

void TestSched::trampoline(unsigned int hi, unsigned int lo) {
  auto *f = reinterpret_cast<Fiber *>((static_cast<uintptr_t>(hi) << 32) | lo);
#ifdef KENV_TEST_ASAN
  __sanitizer_finish_switch_fiber(nullptr, &f->owner->loop_stack_bottom_,
                                  &f->owner->loop_stack_size_);
#endif
  f->fn(f->arg);
  f->done = true;
  f->owner->switch_to_loop();
}

void TestSched::switch_to(Fiber *f) {
  current_ = f;
#ifdef KENV_TEST_ASAN
  void *fake = nullptr;
  __sanitizer_start_switch_fiber(&fake, f->stack.data(), f->stack.size());
#endif
  swapcontext(&loop_ctx_, &f->ctx);
#ifdef KENV_TEST_ASAN
  __sanitizer_finish_switch_fiber(fake, nullptr, nullptr);
#endif
  current_ = nullptr;
}

void TestSched::switch_to_loop() {
  Fiber *f = current_;
#ifdef KENV_TEST_ASAN
  void *fake = nullptr;
  __sanitizer_start_switch_fiber(f->done ? nullptr : &fake, loop_stack_bottom_,
                                 loop_stack_size_);
#endif
  swapcontext(&f->ctx, &loop_ctx_);
#ifdef KENV_TEST_ASAN
  __sanitizer_finish_switch_fiber(fake, &loop_stack_bottom_, &loop_stack_size_);
#endif
}

bool TestSched::start_due_calls() {
  std::vector<Call> due;
  for (auto it = calls_.begin(); it != calls_.end();) {
    if (it->deadline <= now_) {
      due.push_back(*it);
      it = calls_.erase(it);
    } else {
      ++it;
    }
  }
  std::sort(due.begin(), due.end(), [](const Call &a, const Call &b) {
    return a.deadline != b.deadline ? a.deadline < b.deadline : a.seq < b.seq;
  });
  for (const Call &c : due) {
    auto f = std::make_unique<Fiber>();
    f->fn = c.fn;
    f->arg = c.arg;
    f->name = c.name;
    f->owner = this;
    f->stack.resize(kStackSize);
    getcontext(&f->ctx);
    f->ctx.uc_stack.ss_sp = f->stack.data();
    f->ctx.uc_stack.ss_size = f->stack.size();
    f->ctx.uc_link = nullptr;
    auto p = reinterpret_cast<uintptr_t>(f.get());
    makecontext(&f->ctx, reinterpret_cast<void (*)()>(trampoline), 2,
                static_cast<unsigned int>(p >> 32), static_cast<unsigned int>(p));
    runnable_.push_back(f.get());
    fibers_.push_back(std::move(f));
  }
  return !due.empty();
}

// Jumps to the earliest deadline of a pending call or a blocked fiber.
bool TestSched::advance_clock() {
  uint64_t next = UINT64_MAX;
  for (const Call &c : calls_) next = std::min(next, c.deadline);
  for (const Fiber *f : blocked_)
    if (f->deadline) next = std::min(next, f->deadline);
  if (next == UINT64_MAX) return false;
  now_ = std::max(now_, next);
  for (auto it = blocked_.begin(); it != blocked_.end();) {
    if ((*it)->deadline && (*it)->deadline <= now_) {
      (*it)->waiting = nullptr;
      (*it)->result = UDRV_TIMED_OUT;
      runnable_.push_back(*it);
      it = blocked_.erase(it);
    } else {
      ++it;
    }
  }
  return true;
}

size_t TestSched::run() {
  for (;;) {
    if (!runnable_.empty()) {
      Fiber *f = runnable_.front();
      runnable_.pop_front();
      switch_to(f);
      if (f->done) {
        fibers_.erase(std::find_if(fibers_.begin(), fibers_.end(),
                                   [&](const auto &p) { return p.get() == f; }));
      }
      continue;
    }
    if (start_due_calls()) continue;
    if (!advance_clock()) break;
  }
  return blocked_.size();
}

}  // namespace kenv_test

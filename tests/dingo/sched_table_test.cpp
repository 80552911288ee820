// udrv/sched.h as kenv sees it: every call goes through the C table.
#include "dingo/sched_table.h"

#include "fixture.h"

namespace dingo::test {
namespace {

class SchedTableTest : public RuntimeTest {
protected:
  udrv_sched s = schedTable(rt);

  // Runs fn in a fiber started through the table itself.
  template <class F> uint64_t inFiber(const char *name, F &fn, uint64_t deadline = 0) {
    return s.schedule(
        s.ctx, [](void *arg) { (*static_cast<F *>(arg))(); }, &fn, deadline, name);
  }
};

TEST_F(SchedTableTest, NowFollowsTheInjectedClock) {
  EXPECT_EQ(s.now_ns(s.ctx), clock.nowNs());
  clock.advance(123);
  EXPECT_EQ(s.now_ns(s.ctx), 1000 * kMs + 123);
}

TEST_F(SchedTableTest, BlockTimesOutExactlyAtTheDeadline) {
  udrv_wait_point wp{};
  uint64_t deadline = clock.nowNs() + 10 * kMs;
  int result = -1;
  uint64_t wokeAt = 0;
  auto body = [&] {
    result = s.block(s.ctx, &wp, deadline);
    wokeAt = s.now_ns(s.ctx);
  };
  inFiber("sleeper", body);
  advance(10 * kMs - 1);
  EXPECT_EQ(result, -1) << "woke before the deadline";
  advance(1);
  EXPECT_EQ(result, UDRV_TIMED_OUT);
  EXPECT_EQ(wokeAt, deadline);
  EXPECT_EQ(wp.opaque[0], 0u) << "a timed-out waiter must leave the wait point";
  EXPECT_EQ(s.wake_one(s.ctx, &wp), 0u);
}

TEST_F(SchedTableTest, WakeBeforeTheDeadlineReturnsWokenAndDisarmsTheTimeout) {
  udrv_wait_point wp{};
  std::vector<int> results;
  auto body = [&] {
    results.push_back(s.block(s.ctx, &wp, s.now_ns(s.ctx) + 5 * kMs));
    // Blocks again without deadline: a stale timeout would wake it.
    results.push_back(s.block(s.ctx, &wp, 0));
  };
  inFiber("sleeper", body);
  advance(2 * kMs);
  EXPECT_EQ(s.wake_one(s.ctx, &wp), 1u);
  rt.runUntilIdle();
  advance(10 * kMs);
  EXPECT_EQ(results, (std::vector<int>{UDRV_WOKEN}));
  EXPECT_EQ(s.wake_all(s.ctx, &wp), 1u);
  rt.runUntilIdle();
  EXPECT_EQ(results, (std::vector<int>{UDRV_WOKEN, UDRV_WOKEN}));
}

TEST_F(SchedTableTest, WakeOneWakesTheOldestWaiterFirst) {
  udrv_wait_point wp{};
  auto waiter = [&](const char *name) {
    return [&, name] {
      s.block(s.ctx, &wp, 0);
      log.push_back(name);
    };
  };
  auto a = waiter("a"), b = waiter("b"), c = waiter("c");
  inFiber("a", a);
  inFiber("b", b);
  inFiber("c", c);
  rt.runUntilIdle();
  EXPECT_EQ(s.wake_one(s.ctx, &wp), 1u);
  rt.runUntilIdle();
  EXPECT_EQ(log, (std::vector<std::string>{"a"}));
  EXPECT_EQ(s.wake_one(s.ctx, &wp), 1u);
  EXPECT_EQ(s.wake_one(s.ctx, &wp), 1u);
  EXPECT_EQ(s.wake_one(s.ctx, &wp), 0u);
  rt.runUntilIdle();
  EXPECT_EQ(log, (std::vector<std::string>{"a", "b", "c"}));
}

TEST_F(SchedTableTest, WakeAllReturnsHowManyItWoke) {
  udrv_wait_point wp{};
  int woken = 0;
  auto body = [&] {
    s.block(s.ctx, &wp, 0);
    ++woken;
  };
  for (int i = 0; i < 4; ++i)
    inFiber("w", body);
  rt.runUntilIdle();
  EXPECT_EQ(s.wake_all(s.ctx, &wp), 4u);
  EXPECT_EQ(s.wake_all(s.ctx, &wp), 0u);
  rt.runUntilIdle();
  EXPECT_EQ(woken, 4);
}

TEST_F(SchedTableTest, ScheduleRunsAtItsDeadlineInANamedFiber) {
  std::string name;
  int inFiberFlag = -1;
  uint64_t ranAt = 0;
  auto body = [&] {
    name = rt.currentFiberName();
    inFiberFlag = s.in_fiber(s.ctx);
    ranAt = s.now_ns(s.ctx);
  };
  uint64_t deadline = clock.nowNs() + 3 * kMs;
  EXPECT_NE(inFiber("e1000_watchdog", body, deadline), 0u);
  advance(3 * kMs - 1);
  EXPECT_EQ(inFiberFlag, -1);
  advance(1);
  EXPECT_EQ(name, "e1000_watchdog");
  EXPECT_EQ(inFiberFlag, 1);
  EXPECT_EQ(ranAt, deadline);
  EXPECT_EQ(s.in_fiber(s.ctx), 0) << "the test body runs on the loop, not a fiber";
}

TEST_F(SchedTableTest, CancelBeforeTheDeadlineReturnsOneAndTheCallNeverRuns) {
  bool ran = false;
  auto body = [&] { ran = true; };
  uint64_t h = inFiber("work", body, clock.nowNs() + kMs);
  EXPECT_EQ(s.cancel(s.ctx, h), 1);
  EXPECT_EQ(s.cancel(s.ctx, h), 0);
  advance(2 * kMs);
  EXPECT_FALSE(ran);
  EXPECT_EQ(rt.liveFibers(), 0u);
}

TEST_F(SchedTableTest, CancelOfADueCallThatHasNotRunYetReturnsOne) {
  bool ran = false;
  auto body = [&] { ran = true; };
  uint64_t h = inFiber("work", body, 0);  // runnable, but the loop has not turned
  EXPECT_EQ(s.cancel(s.ctx, h), 1);
  rt.runUntilIdle();
  EXPECT_FALSE(ran);
  EXPECT_EQ(rt.liveFibers(), 0u);
}

TEST_F(SchedTableTest, CancelAfterTheCallStartedReturnsZero) {
  udrv_wait_point wp{};
  bool finished = false;
  auto body = [&] {
    s.block(s.ctx, &wp, 0);
    finished = true;
  };
  uint64_t h = inFiber("running", body, 0);
  rt.runUntilIdle();  // started, now blocked
  EXPECT_EQ(s.cancel(s.ctx, h), 0);
  s.wake_one(s.ctx, &wp);
  rt.runUntilIdle();
  EXPECT_TRUE(finished) << "cancel() must not stop a started call";
  EXPECT_EQ(s.cancel(s.ctx, h), 0);
}

TEST_F(SchedTableTest, HandlesAreDistinctAndNonzero) {
  auto body = [] {};
  uint64_t a = inFiber("a", body, clock.nowNs() + kMs);
  uint64_t b = inFiber("b", body, clock.nowNs() + kMs);
  EXPECT_NE(a, 0u);
  EXPECT_NE(b, 0u);
  EXPECT_NE(a, b);
  advance(kMs);
}

TEST_F(SchedTableTest, YieldLetsTheOtherRunnableFibersGoFirst) {
  auto make = [&](std::string name) {
    return [&, name] {
      for (int i = 0; i < 3; ++i) {
        log.push_back(name + std::to_string(i));
        s.yield(s.ctx);
      }
    };
  };
  auto a = make("a"), b = make("b");
  inFiber("a", a);
  inFiber("b", b);
  rt.runUntilIdle();
  EXPECT_EQ(log, (std::vector<std::string>{"a0", "b0", "a1", "b1", "a2", "b2"}));
}

TEST_F(SchedTableTest, ScheduleFromInsideAFiberAndFromTheLoopBothWork) {
  auto inner = [&] { log.push_back("inner"); };
  auto outer = [&] {
    log.push_back("outer");
    inFiber("inner", inner);
  };
  inFiber("outer", outer);
  rt.runUntilIdle();
  EXPECT_EQ(log, (std::vector<std::string>{"outer", "inner"}));
}

TEST_F(SchedTableTest, BlockingOutsideAFiberIsReportedAsSleepingInAtomicContext) {
  udrv_wait_point wp{};
  EXPECT_DEATH(s.block(s.ctx, &wp, 0),
               "block called outside a fiber: the caller runs atomically");
}

TEST_F(SchedTableTest, AtomicCallsRunAtTheirDeadlineOnTheLoopNamed) {
  struct Seen {
    udrv_sched *s;
    int inFiber = -1;
    uint64_t id = 99;
    std::string name;
    uint64_t at = 0;
  } seen{&s};
  s.schedule_atomic(
      s.ctx,
      [](void *arg) {
        auto *v = static_cast<Seen *>(arg);
        v->inFiber = v->s->in_fiber(v->s->ctx);
        v->id = v->s->current_id(v->s->ctx);
        v->name = v->s->current_name(v->s->ctx);
        v->at = v->s->now_ns(v->s->ctx);
      },
      &seen, clock.nowNs() + 5 * kMs, "my_timer_fn");
  advance(4 * kMs);
  EXPECT_EQ(seen.inFiber, -1);
  advance(1 * kMs);
  EXPECT_EQ(seen.inFiber, 0);
  EXPECT_EQ(seen.id, 0u);
  EXPECT_EQ(seen.name, "my_timer_fn");
  EXPECT_EQ(seen.at, clock.nowNs());
  EXPECT_STREQ(s.current_name(s.ctx), "loop");
}

TEST_F(SchedTableTest, AtomicCallsCancelLikeScheduledOnes) {
  int ran = 0;
  auto bump = [](void *arg) { ++*static_cast<int *>(arg); };
  uint64_t h = s.schedule_atomic(s.ctx, bump, &ran, clock.nowNs() + kMs, "t");
  uint64_t f = s.schedule(s.ctx, bump, &ran, clock.nowNs() + kMs, "f");
  EXPECT_NE(h, f);
  EXPECT_EQ(s.cancel(s.ctx, h), 1);
  advance(2 * kMs);
  EXPECT_EQ(ran, 1);
  EXPECT_EQ(s.cancel(s.ctx, h), 0);
}

TEST_F(SchedTableTest, BlockingInAnAtomicCallNamesIt) {
  static udrv_wait_point wp{};
  uint64_t h = s.schedule_atomic(
      s.ctx, [](void *arg) { auto *t = static_cast<udrv_sched *>(arg); t->block(t->ctx, &wp, 0); },
      &s, 0, "e1000_watchdog");
  EXPECT_DEATH(rt.runUntilIdle(), "from atomic callback 'e1000_watchdog'");
  EXPECT_EQ(s.cancel(s.ctx, h), 1);  // it ran only in the death test's child
}

TEST_F(SchedTableTest, EachFiberHasItsOwnIdAndWordAndTheHookFollowsSwitches) {
  struct Hook {
    std::vector<std::string> events;
  } hook;
  s.set_switch_hook(
      s.ctx,
      [](void *arg, void **local, int exiting) {
        auto *h = static_cast<Hook *>(arg);
        if (!local) {
          h->events.push_back("loop");
          return;
        }
        if (exiting) {
          h->events.push_back("exit:" + std::to_string(reinterpret_cast<uintptr_t>(*local)));
          return;
        }
        if (!*local)
          *local = reinterpret_cast<void *>(h->events.size() + 100);
        h->events.push_back("in:" + std::to_string(reinterpret_cast<uintptr_t>(*local)));
      },
      &hook);
  uint64_t idA = 0, idB = 0;
  void **wordA = nullptr;
  auto a = [&] {
    idA = s.current_id(s.ctx);
    wordA = s.fiber_local(s.ctx);
    s.yield(s.ctx);
  };
  auto b = [&] { idB = s.current_id(s.ctx); };
  inFiber("a", a);
  inFiber("b", b);
  rt.runUntilIdle();
  s.set_switch_hook(s.ctx, nullptr, nullptr);
  EXPECT_NE(idA, 0u);
  EXPECT_NE(idB, 0u);
  EXPECT_NE(idA, idB);
  EXPECT_NE(wordA, nullptr);
  EXPECT_EQ(s.fiber_local(s.ctx), nullptr);
  // a runs, yields; b runs and exits; a resumes with its own word and exits.
  std::vector<std::string> expected = {"in:100", "loop", "in:102", "exit:102", "loop",
                                       "in:100", "exit:100", "loop"};
  EXPECT_EQ(hook.events, expected);
}

} // namespace
} // namespace dingo::test

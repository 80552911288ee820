// The kernel semantics kenv builds on udrv/sched.h, modelled here in a few
// lines through the C table only, to show the table carries them: re-queue
// of a pending work is a no-op, cancel_work_sync waits for a running work,
// mod_timer re-arms. (kenv's real implementation lives in user-runtime/kenv.)
#include "dingo/sched_table.h"

#include "fixture.h"

namespace dingo::test {
namespace {

struct Work {
  udrv_sched *s;
  std::function<void()> fn;
  uint64_t handle = 0;
  bool pending = false;
  bool running = false;
  udrv_wait_point idle{};

  static void run(void *arg) {
    auto *w = static_cast<Work *>(arg);
    w->pending = false;
    w->running = true;
    w->fn();
    w->running = false;
    w->s->wake_all(w->s->ctx, &w->idle);
  }
  // queue_work / mod_delayed_work-free queue_delayed_work: false if pending.
  bool queue(uint64_t deadline = 0) {
    if (pending)
      return false;
    pending = true;
    handle = s->schedule(s->ctx, run, this, deadline, "work");
    return true;
  }
  // mod_timer: re-arms a pending timer at the new deadline.
  void modify(uint64_t deadline) {
    if (pending && s->cancel(s->ctx, handle))
      pending = false;
    queue(deadline);
  }
  // cancel_work_sync: true if it was pending; waits for a running one.
  bool cancelSync() {
    bool wasPending = pending && s->cancel(s->ctx, handle) == 1;
    if (wasPending)
      pending = false;
    while (running)
      s->block(s->ctx, &idle, 0);
    return wasPending;
  }
};

class KernelPatternsTest : public RuntimeTest {
protected:
  udrv_sched s = schedTable(rt);
};

TEST_F(KernelPatternsTest, RequeueOfAPendingWorkIsANoOp) {
  int runs = 0;
  Work w{&s, [&] { ++runs; }};
  EXPECT_TRUE(w.queue());
  EXPECT_FALSE(w.queue());
  rt.runUntilIdle();
  EXPECT_EQ(runs, 1);
  EXPECT_TRUE(w.queue()) << "once it ran, it can be queued again";
  rt.runUntilIdle();
  EXPECT_EQ(runs, 2);
}

TEST_F(KernelPatternsTest, CancelWorkSyncWaitsForARunningWork) {
  Work w{&s, [&] {
    log.push_back("work: start");
    udrv_wait_point nap{};
    s.block(s.ctx, &nap, s.now_ns(s.ctx) + 5 * kMs);  // msleep(5) inside the work
    log.push_back("work: end");
  }};
  w.queue();
  rt.runUntilIdle();
  bool wasPending = true;
  rt.spawn("remove", [&] {
    wasPending = w.cancelSync();
    log.push_back("cancel_work_sync returned");
  });
  rt.runUntilIdle();
  EXPECT_EQ(log, (std::vector<std::string>{"work: start"}));
  advance(5 * kMs);
  EXPECT_EQ(log, (std::vector<std::string>{"work: start", "work: end",
                                           "cancel_work_sync returned"}));
  EXPECT_FALSE(wasPending);
}

TEST_F(KernelPatternsTest, ModTimerRearmsAndFiresOnceAtTheNewDeadline) {
  std::vector<uint64_t> firedAt;
  Work t{&s, [&] { firedAt.push_back(s.now_ns(s.ctx)); }};
  uint64_t t0 = clock.nowNs();
  t.queue(t0 + 10 * kMs);
  advance(4 * kMs);
  t.modify(t0 + 20 * kMs);
  advance(10 * kMs);
  EXPECT_TRUE(firedAt.empty()) << "the old deadline must not fire";
  advance(6 * kMs);
  EXPECT_EQ(firedAt, (std::vector<uint64_t>{t0 + 20 * kMs}));
}

} // namespace
} // namespace dingo::test

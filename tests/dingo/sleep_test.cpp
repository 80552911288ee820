// How long the loop sleeps in the OS port: a clock that advances by itself
// (like CLOCK_MONOTONIC) and a port that, instead of sleeping, records the
// timeout it was given and moves that clock forward by it. No real sleeping.
#include "fixture.h"

namespace dingo::test {
namespace {

class SteppedClock final : public Clock {
public:
  uint64_t nowNs() const override { return now; }
  bool advancesByItself() const override { return true; }
  uint64_t now = 5000 * kMs;
};

class RecordingPort final : public OsPort {
public:
  explicit RecordingPort(SteppedClock &clock) : clock_(clock) {}
  void watchReadable(int, std::function<void()>) override {}
  void unwatch(int) override {}
  int wait(int64_t timeoutNs) override {
    if (timeoutNs != 0)
      waits.push_back(timeoutNs);
    if (timeoutNs > 0)
      clock_.now += static_cast<uint64_t>(timeoutNs);
    if (timeoutNs < 0)
      ADD_FAILURE() << "the loop would sleep forever";
    return 0;
  }
  void wake() override {}
  std::vector<int64_t> waits;

private:
  SteppedClock &clock_;
};

TEST(LoopSleepTest, SleepsExactlyUntilTheNextTimerDeadline) {
  SteppedClock clock;
  RecordingPort port(clock);
  Runtime rt(clock, port);
  std::vector<uint64_t> firedAt;
  uint64_t t0 = clock.now;
  rt.addTimer(t0 + 7 * kMs, "b", [&] { firedAt.push_back(clock.now); });
  rt.addTimer(t0 + 3 * kMs, "a", [&] { firedAt.push_back(clock.now); });
  rt.schedule(t0 + 10 * kMs, "c", [&] {
    firedAt.push_back(clock.now);
    rt.stop();
  });
  rt.run();
  EXPECT_EQ(port.waits, (std::vector<int64_t>{3 * kMs, 4 * kMs, 3 * kMs}));
  EXPECT_EQ(firedAt, (std::vector<uint64_t>{t0 + 3 * kMs, t0 + 7 * kMs, t0 + 10 * kMs}));
}

TEST(LoopSleepTest, ABlockedFiberDeadlineBoundsTheSleep) {
  SteppedClock clock;
  RecordingPort port(clock);
  Runtime rt(clock, port);
  udrv_wait_point wp{};
  BlockResult result = BlockResult::Woken;
  rt.spawn("msleep", [&] {
    result = rt.block(wp, clock.now + 2 * kMs);
    rt.stop();
  });
  rt.run();
  EXPECT_EQ(port.waits, (std::vector<int64_t>{2 * kMs}));
  EXPECT_EQ(result, BlockResult::TimedOut);
}

TEST(LoopSleepTest, MisuseIsReportedWithTheTraceDumped) {
  ManualClock clock;
  EpollPort port;
  TraceRing trace(16);
  Runtime rt(clock, port, &trace);
  Mailbox<int> box(rt, "incoming", Direction::Incoming);
  box.setHandler(HandlerMode::Atomic, [&](int &) { rt.yield(); });
  box.send(7);
  EXPECT_DEATH(rt.runUntilIdle(),
               "dingo: yield called outside a fiber.*\n"
               "dingo trace: 2 records, last 2 kept\n"
               "1 t=[0-9]+ msg-in fiber=0 mailbox=[0-9]+ peer=0 a=1 b=7 name=incoming\n"
               "2 t=[0-9]+ dispatch .*name=incoming");
}

} // namespace
} // namespace dingo::test

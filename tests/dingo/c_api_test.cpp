// The Dingo-native C API, through the linkmon example driver (example_driver.c)
// with the test playing the kernel.
#include "dingo/dingo.h"

#include "example_driver.h"
#include "fixture.h"

namespace dingo::test {
namespace {

class LinkmonTest : public RuntimeTest {
protected:
  void SetUp() override {
    lm = linkmon_create(toC(rt), 10 * kMs);
    ASSERT_NE(lm, nullptr);
    // The kernel answers register reads from the PHY's status word...
    dingo_on(lm->reg_read, DINGO_ATOMIC, [](dingo_rt *, void *ctx, const void *msg) {
      auto *self = static_cast<LinkmonTest *>(ctx);
      auto *req = static_cast<const linkmon_reg_read *>(msg);
      self->log.push_back("read " + std::to_string(req->reg));
      linkmon_reg_value reply{req->reg, self->phyStatus};
      dingo_emit(self->lm->reg_value, &reply);
    }, this);
    // ...and records the carrier reports.
    dingo_on(lm->carrier, DINGO_ATOMIC, [](dingo_rt *, void *ctx, const void *msg) {
      auto *self = static_cast<LinkmonTest *>(ctx);
      self->log.push_back(static_cast<const linkmon_carrier *>(msg)->on ? "carrier on"
                                                                        : "carrier off");
    }, this);
  }
  void TearDown() override {
    RuntimeTest::TearDown();
    linkmon_destroy(lm);
  }

  linkmon *lm = nullptr;
  uint32_t phyStatus = LINKMON_STATUS_LINK;
};

TEST_F(LinkmonTest, ProbeCallsTheKernelAndReportsTheCarrier) {
  dingo_emit(lm->probe, nullptr);
  rt.runUntilIdle();
  EXPECT_EQ(log, (std::vector<std::string>{"read 1", "carrier on"}));
  EXPECT_EQ(rt.liveFibers(), 1u) << "the driver waits in AWAIT";
  dingo_emit(lm->remove, nullptr);
  rt.runUntilIdle();
  EXPECT_EQ(rt.liveFibers(), 0u);
}

TEST_F(LinkmonTest, AwaitServesInterruptsTimerAndRemoveInArrivalOrder) {
  dingo_emit(lm->probe, nullptr);
  rt.runUntilIdle();
  phyStatus = 0;
  dingo_emit(lm->irq, nullptr);
  rt.runUntilIdle();
  EXPECT_EQ(log.back(), "carrier off");
  advance(10 * kMs);
  advance(10 * kMs);
  EXPECT_EQ(lm->polls, 2u);
  phyStatus = LINKMON_STATUS_LINK;
  dingo_emit(lm->irq, nullptr);
  dingo_emit(lm->remove, nullptr);
  rt.runUntilIdle();
  EXPECT_EQ(log, (std::vector<std::string>{"read 1", "carrier on", "read 1", "carrier off",
                                           "read 1", "carrier on", "carrier off"}));
  EXPECT_EQ(lm->reads, 3u);
  EXPECT_EQ(rt.liveFibers(), 0u);
  advance(50 * kMs);
  EXPECT_EQ(lm->polls, 2u) << "remove cancelled the polling timer";
}

TEST_F(LinkmonTest, InterruptsDuringACallWaitForTheNextAwait) {
  dingo_emit(lm->probe, nullptr);
  // The irq arrives before the probe's CALL is answered: it must queue, not
  // be lost or interleave with the call.
  dingo_emit(lm->irq, nullptr);
  rt.runUntilIdle();
  EXPECT_EQ(log, (std::vector<std::string>{"read 1", "carrier on", "read 1"}));
  EXPECT_EQ(lm->reads, 2u);
  dingo_emit(lm->remove, nullptr);
  rt.runUntilIdle();
}

TEST_F(RuntimeTest, SchedTableFromTheCApiDrivesTheSameRuntime) {
  udrv_sched s = dingo_sched(toC(rt));
  EXPECT_EQ(s.ctx, static_cast<void *>(&rt));
  EXPECT_EQ(s.now_ns(s.ctx), clock.nowNs());
  bool ran = false;
  s.schedule(s.ctx, [](void *arg) { *static_cast<bool *>(arg) = true; }, &ran, 0, "c");
  rt.runUntilIdle();
  EXPECT_TRUE(ran);
}

TEST_F(RuntimeTest, DingoWaitTimesOutWithMinusOne) {
  dingo_event *ev = dingo_event_new(toC(rt), "quiet", 4, DINGO_LOCAL);
  int result = 7;
  uint64_t deadline = clock.nowNs() + kMs;
  rt.spawn("waiter", [&] { result = dingo_wait(toC(rt), &ev, 1, deadline); });
  advance(kMs);
  EXPECT_EQ(result, -1);
  dingo_event_free(ev);
}

TEST_F(RuntimeTest, CallOutsideAFiberIsReported) {
  dingo_event *req = dingo_event_new(toC(rt), "req", 0, DINGO_OUT);
  dingo_event *rep = dingo_event_new(toC(rt), "rep", 0, DINGO_IN);
  EXPECT_DEATH(dingo_call(toC(rt), req, nullptr, rep, nullptr), "CALL called outside a fiber");
  dingo_event_free(req);
  dingo_event_free(rep);
}

} // namespace
} // namespace dingo::test

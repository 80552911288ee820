// The trace ring: what is recorded, in which order, with which fields.
#include "fixture.h"

namespace dingo::test {
namespace {

std::vector<TraceKind> kinds(const std::vector<TraceRecord> &records) {
  std::vector<TraceKind> out;
  for (const TraceRecord &r : records)
    out.push_back(r.kind);
  return out;
}

TEST_F(RuntimeTest, TraceRecordsMessagesSwitchesAndTimersInOrder) {
  Mailbox<int> in(rt, "in", Direction::Incoming);
  Mailbox<int> out(rt, "out", Direction::Outgoing);
  udrv_wait_point wp{};
  in.setHandler(HandlerMode::Fiber, [&](int &v) {
    out.send(v * 2);
    rt.block(wp, rt.nowNs() + kMs);
  });
  out.setHandler(HandlerMode::Atomic, [](int &) {});
  trace.clear();
  in.send(21);
  rt.runUntilIdle();
  advance(kMs);
  std::vector<TraceRecord> r = trace.snapshot();
  using K = TraceKind;
  ASSERT_EQ(kinds(r), (std::vector<K>{K::MessageIn, K::Dispatch, K::FiberSwitch,
                                      K::FiberStart, K::MessageOut, K::FiberSuspend,
                                      K::Dispatch, K::TimerFire, K::Timeout,
                                      K::FiberSwitch, K::FiberExit}));
  for (size_t i = 0; i < r.size(); ++i)
    EXPECT_EQ(r[i].seq, i + 1);
  uint32_t fiber = r[2].peer;
  EXPECT_NE(fiber, 0u);
  EXPECT_EQ(r[0].mailbox, in.id());
  EXPECT_EQ(r[0].b, 21u) << "integral messages record their value";
  EXPECT_EQ(r[0].fiber, 0u) << "sent from the loop";
  EXPECT_STREQ(r[0].name, "in");
  EXPECT_EQ(r[1].a, r[0].a) << "dispatch names the message it hands over";
  EXPECT_EQ(r[3].fiber, fiber);
  EXPECT_STREQ(r[3].name, "in") << "a fiber handler is named after its mailbox";
  EXPECT_EQ(r[4].mailbox, out.id());
  EXPECT_EQ(r[4].b, 42u);
  EXPECT_EQ(r[4].fiber, fiber) << "sent from inside the fiber";
  EXPECT_EQ(r[5].a, static_cast<uint64_t>(SuspendReason::Block));
  EXPECT_EQ(r[7].a, r[7].timeNs) << "the timer fired at its deadline";
  EXPECT_EQ(r[8].peer, fiber);
  EXPECT_EQ(r[7].timeNs, r[0].timeNs + kMs);
}

TEST(TraceRingTest, KeepsOnlyTheNewestRecords) {
  TraceRing ring(8);
  for (int i = 0; i < 20; ++i)
    ring.record(TraceKind::MessageLocal, 100 + i, 0, 1, 0, i, 0, "box");
  std::vector<TraceRecord> r = ring.snapshot();
  ASSERT_EQ(r.size(), 8u);
  EXPECT_EQ(ring.total(), 20u);
  for (size_t i = 0; i < r.size(); ++i) {
    EXPECT_EQ(r[i].seq, 13 + i);
    EXPECT_EQ(r[i].a, 12 + i);
  }
}

TEST(TraceRingTest, FormatsOneLinePerRecord) {
  TraceRing ring(4);
  ring.record(TraceKind::FiberSwitch, 5000, 0, 0, 7, 0, 0, "e1000_watchdog_task");
  EXPECT_EQ(TraceRing::formatRecord(ring.snapshot()[0]),
            "1 t=5000 fiber-switch fiber=0 mailbox=0 peer=7 a=0 b=0 name=e1000_watchdog_");
  char *buf = nullptr;
  size_t len = 0;
  FILE *mem = open_memstream(&buf, &len);
  ring.dump(mem);
  fclose(mem);
  EXPECT_EQ(std::string(buf), "dingo trace: 1 records, last 1 kept\n1 t=5000 fiber-switch "
                              "fiber=0 mailbox=0 peer=7 a=0 b=0 name=e1000_watchdog_\n");
  free(buf);
}

TEST_F(RuntimeTest, CancelAndWakeAreTraced) {
  udrv_wait_point wp{};
  rt.spawn("sleeper", [&] { rt.block(wp, 0); });
  rt.runUntilIdle();
  Handle h = rt.schedule(clock.nowNs() + kMs, "never", [] {});
  trace.clear();
  rt.cancel(h);
  rt.wakeOne(wp);
  rt.runUntilIdle();
  std::vector<TraceRecord> r = trace.snapshot();
  ASSERT_GE(r.size(), 2u);
  EXPECT_EQ(r[0].kind, TraceKind::Cancel);
  EXPECT_EQ(r[0].a, h);
  EXPECT_STREQ(r[0].name, "never");
  EXPECT_EQ(r[1].kind, TraceKind::Wake);
  EXPECT_STREQ(r[1].name, "sleeper");
}

} // namespace
} // namespace dingo::test

// Fibers: stacks, guard pages, preserved register state, reuse.
#include <gmock/gmock.h>

#include <cmath>

#include "fixture.h"

namespace dingo::test {
namespace {

// Not inlined or folded: every level must take a real frame.
__attribute__((noinline)) int recurse(volatile char *parentFrame, int depth) {
  volatile char frame[512];
  frame[0] = static_cast<char>(depth);
  frame[511] = parentFrame ? parentFrame[0] : 0;
  if (depth == 0)
    return frame[0] + frame[511];
  return recurse(frame, depth - 1) + frame[0];
}

TEST_F(RuntimeTest, DeepButBoundedRecursionFitsTheStack) {
  int result = -1;
  rt.spawn("deep-enough", [&] { result = recurse(nullptr, 100); });  // ~60 KiB
  rt.runUntilIdle();
  EXPECT_GE(result, 0);
  EXPECT_EQ(rt.liveFibers(), 0u);
}

TEST(FiberDeathTest, StackOverflowIsReportedWithTheFiberName) {
  auto overflow = [] {
    ManualClock clock;
    EpollPort port;
    Runtime::Options small;
    small.stackBytes = 64 * 1024;
    Runtime rt(clock, port, nullptr, small);
    rt.spawn("deep-recursion", [] { recurse(nullptr, 1 << 20); });
    rt.runUntilIdle();
  };
  EXPECT_DEATH(overflow(), "stack overflow in fiber 'deep-recursion': fault at 0x[0-9a-f]+ "
                           "in the guard pages");
}

TEST(FiberDeathTest, AWildFaultOutsideAnyGuardPageIsNotBlamedOnAFiber) {
  auto wild = [] {
    ManualClock clock;
    EpollPort port;
    Runtime rt(clock, port);
    rt.spawn("innocent", [] { *static_cast<volatile int *>(nullptr) = 1; });
    rt.runUntilIdle();
  };
  // Whatever reports the fault (the default action or ASan), it is not us.
  EXPECT_DEATH(wild(), testing::Not(testing::HasSubstr("stack overflow")));
}

TEST_F(RuntimeTest, FloatingPointAndCalleeSavedStateSurviveSwitches) {
  double results[2] = {0, 0};
  for (int k = 0; k < 2; ++k)
    rt.spawn("math", [&, k] {
      double acc = k + 1.0;
      long counter = 7 * (k + 1);
      for (int i = 0; i < 50; ++i) {
        acc = std::sqrt(acc * acc + i);
        counter += i;
        rt.yield();
      }
      results[k] = acc + static_cast<double>(counter);
    });
  rt.runUntilIdle();
  for (int k = 0; k < 2; ++k) {
    double acc = k + 1.0;
    long counter = 7 * (k + 1);
    for (int i = 0; i < 50; ++i) {
      acc = std::sqrt(acc * acc + i);
      counter += i;
    }
    EXPECT_DOUBLE_EQ(results[k], acc + static_cast<double>(counter));
  }
}

TEST_F(RuntimeTest, FinishedFibersAreReusedAndGetFreshIds) {
  std::vector<uint32_t> ids;
  for (int round = 0; round < 50; ++round) {
    rt.spawn("short", [&] { ids.push_back(rt.currentFiberId()); });
    rt.runUntilIdle();
  }
  ASSERT_EQ(ids.size(), 50u);
  for (size_t i = 1; i < ids.size(); ++i)
    EXPECT_GT(ids[i], ids[i - 1]);
  EXPECT_EQ(rt.liveFibers(), 0u);
}

TEST_F(RuntimeTest, CurrentFiberNameIsLoopOutsideFibers) {
  EXPECT_STREQ(rt.currentFiberName(), "loop");
  EXPECT_EQ(rt.currentFiberId(), 0u);
  std::string inside;
  rt.spawn("named", [&] { inside = rt.currentFiberName(); });
  rt.runUntilIdle();
  EXPECT_EQ(inside, "named");
}

TEST_F(RuntimeTest, SleepUntilWakesAtTheDeadline) {
  uint64_t wokeAt = 0;
  uint64_t deadline = clock.nowNs() + 20 * kMs;
  rt.spawn("msleep", [&] {
    rt.sleepUntil(deadline);
    wokeAt = clock.nowNs();
  });
  advance(19 * kMs);
  EXPECT_EQ(wokeAt, 0u);
  advance(kMs);
  EXPECT_EQ(wokeAt, deadline);
}

} // namespace
} // namespace dingo::test

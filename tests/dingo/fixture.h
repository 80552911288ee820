// Shared wiring of the dingo tests: what main() does in a user half, with a
// manual clock so every test is deterministic.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dingo/clock.h"
#include "dingo/mailbox.h"
#include "dingo/os_port.h"
#include "dingo/runtime.h"
#include "dingo/trace.h"

namespace dingo::test {

constexpr uint64_t kMs = 1000000;

class RuntimeTest : public ::testing::Test {
protected:
  ManualClock clock{1000 * kMs};
  EpollPort port;
  TraceRing trace{4096};
  Runtime rt{clock, port, &trace};
  std::vector<std::string> log;

  void advance(uint64_t ns) {
    clock.advance(ns);
    rt.runUntilIdle();
  }

  void TearDown() override {
    rt.runUntilIdle();
    if (HasFailure())
      trace.dump(stderr);
  }
};

} // namespace dingo::test

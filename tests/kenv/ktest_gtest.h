// SPDX-License-Identifier: MIT
//
// The C++ half of ktest.h: collects kernel-side failures and events, and
// sets up kenv (scheduler, driver thread, log capture) for each test.
#pragma once

#include "kenv/kenv.h"
#include "ktest.h"
#include "test_sched.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

// The sanitizer build of a test binary names its suites Asan_<suite>, so
// ctest sees two distinct sets of tests.
#ifdef KENV_TEST_ASAN_VARIANT
#define KSUITE(name) Asan_##name
#else
#define KSUITE(name) name
#endif

namespace kenv_test {

struct LogLine {
  int level;
  std::string text;
};

// Set while a KenvTest runs: where ktest_event() and the log sink record.
struct Recorder {
  TestSched *sched = nullptr;
  std::vector<std::pair<std::string, uint64_t>> events;  // name, now_ns
  std::vector<LogLine> log;

  bool logged(int level, const std::string &substr) const;
  uint64_t event_time(const std::string &name) const;  // UINT64_MAX if absent
  std::vector<std::string> event_names() const;
};

Recorder &recorder();

class KenvTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  TestSched sched_;
};

}  // namespace kenv_test

// SPDX-License-Identifier: MIT
#include "ktest_gtest.h"

#include <cstdint>

namespace kenv_test {

Recorder &recorder() {
  static Recorder r;
  return r;
}

bool Recorder::logged(int level, const std::string &substr) const {
  for (const LogLine &l : log)
    if (l.level == level && l.text.find(substr) != std::string::npos) return true;
  return false;
}

uint64_t Recorder::event_time(const std::string &name) const {
  for (const auto &e : events)
    if (e.first == name) return e.second;
  return UINT64_MAX;
}

std::vector<std::string> Recorder::event_names() const {
  std::vector<std::string> names;
  for (const auto &e : events) names.push_back(e.first);
  return names;
}

namespace {
void capture(void *, int level, const char *line) {
  recorder().log.push_back({level, line});
}
}  // namespace

void KenvTest::SetUp() {
  recorder() = Recorder{};
  recorder().sched = &sched_;
  kenv_set_log_sink(capture, nullptr);
  kenv_set_sched(sched_.table());
  ASSERT_EQ(kenv_thread_attach("kenv-test"), 0);
}

void KenvTest::TearDown() {
  kenv_thread_detach();
  kenv_set_sched(nullptr);
  kenv_set_log_sink(nullptr, nullptr);
  recorder().sched = nullptr;
}

}  // namespace kenv_test

extern "C" void ktest_fail(const char *file, int line, const char *expr) {
  ADD_FAILURE_AT(file, line) << "kernel-side expectation failed: " << expr;
}

extern "C" void ktest_event(const char *what) {
  auto &r = kenv_test::recorder();
  r.events.emplace_back(what, r.sched ? r.sched->now() : 0);
}

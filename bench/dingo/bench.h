// Helpers of the dingo benchmarks: every figure is printed with its ratio to
// a baseline measured in the same run, never compared with a fixed number.
#pragma once

#include <chrono>
#include <cstdio>

namespace dingo::bench {

// Nanoseconds per operation of body(), which performs @ops operations; the
// best of three runs, to keep other tenants of the machine out of it.
template <class F> double nsPer(long ops, F &&body) {
  double best = 1e300;
  for (int round = 0; round < 3; ++round) {
    auto t0 = std::chrono::steady_clock::now();
    body();
    auto t1 = std::chrono::steady_clock::now();
    double ns = std::chrono::duration<double, std::nano>(t1 - t0).count() / ops;
    if (ns < best)
      best = ns;
  }
  return best;
}

// One line: value, unit, and value / baseline.
inline void row(const char *what, double value, const char *unit, double baseline) {
  std::printf("  %-34s %10.2f %-6s %8.2fx baseline\n", what, value, unit, value / baseline);
}

void switchBenchmarks();
void messageBenchmarks();

} // namespace dingo::bench

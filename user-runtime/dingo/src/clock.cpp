#include "dingo/clock.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace dingo {

uint64_t MonotonicClock::nowNs() const {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000u +
         static_cast<uint64_t>(ts.tv_nsec);
}

void ManualClock::set(uint64_t ns) {
  if (ns < now_) {
    std::fprintf(stderr, "dingo: ManualClock::set(%llu) moves time back from %llu\n",
                 static_cast<unsigned long long>(ns),
                 static_cast<unsigned long long>(now_));
    std::abort();
  }
  now_ = ns;
}

} // namespace dingo

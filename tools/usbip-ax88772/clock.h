// Time as the model sees it: nanoseconds on a monotonic clock, injected so
// tests run auto-negotiation and interrupt pacing on a manual clock.
#pragma once

#include <cstdint>

namespace ax88772 {

using Nanos = int64_t;
constexpr Nanos kMillisecond = 1000000;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Nanos now() const = 0;
};

class ManualClock : public Clock {
 public:
  Nanos now() const override { return now_; }
  void advance(Nanos by) { now_ += by; }

 private:
  Nanos now_ = 0;
};

}  // namespace ax88772

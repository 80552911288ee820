// dingo/clock.h - the runtime's injectable source of monotonic time.
#pragma once

#include <cstdint>

namespace dingo {

// Monotonic nanoseconds. The loop reads time only through this interface so
// tests can run timers deterministically with a ManualClock.
class Clock {
public:
  virtual ~Clock() = default;
  virtual uint64_t nowNs() const = 0;
  // False for a clock that moves only when told to: the loop then never
  // sleeps waiting for a timer deadline (it would wait forever).
  virtual bool advancesByItself() const = 0;
};

// CLOCK_MONOTONIC.
class MonotonicClock final : public Clock {
public:
  uint64_t nowNs() const override;
  bool advancesByItself() const override { return true; }
};

// Time that tests move by hand. Advancing it does not run anything: the test
// then calls Runtime::runUntilIdle(), which fires every timer now due.
class ManualClock final : public Clock {
public:
  explicit ManualClock(uint64_t startNs = 1) : now_(startNs) {}
  uint64_t nowNs() const override { return now_; }
  bool advancesByItself() const override { return false; }
  void advance(uint64_t ns) { now_ += ns; }
  // Moves to an absolute time; moving backwards is a test bug and aborts.
  void set(uint64_t ns);

private:
  uint64_t now_;
};

} // namespace dingo

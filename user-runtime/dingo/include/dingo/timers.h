// dingo/timers.h - deadline-ordered timer queue of the loop.
#pragma once

#include <cstdint>
#include <functional>
#include <unordered_map>
#include <vector>

namespace dingo {

using Handle = uint64_t;  // nonzero; 0 never names anything

// Timers due at the same deadline fire in the order they were added.
// Cancellation is O(1) (the heap entry is dropped lazily).
class TimerQueue {
public:
  struct Fired {
    Handle handle = 0;
    uint64_t deadlineNs = 0;
    char name[16] = {};
    std::function<void()> fn;
  };

  Handle add(uint64_t deadlineNs, const char *name, std::function<void()> fn);
  // True if the timer was pending and now never fires.
  bool cancel(Handle handle);
  bool pending(Handle handle) const { return live_.count(handle) != 0; }
  size_t size() const { return live_.size(); }
  // Earliest pending deadline, UINT64_MAX when empty.
  uint64_t nextDeadline();
  // Removes the earliest timer with deadline <= nowNs into @out.
  bool popDue(uint64_t nowNs, Fired &out);

private:
  struct HeapEntry {
    uint64_t deadlineNs;
    Handle handle;  // increasing: breaks deadline ties in FIFO order
  };
  struct Live {
    char name[16];
    std::function<void()> fn;
  };
  static bool later(const HeapEntry &x, const HeapEntry &y);
  void dropCancelledTop();

  std::vector<HeapEntry> heap_;
  std::unordered_map<Handle, Live> live_;
  Handle nextHandle_ = 1;
};

} // namespace dingo

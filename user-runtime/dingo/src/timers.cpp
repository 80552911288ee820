#include "dingo/timers.h"

#include <algorithm>
#include <cstring>

namespace dingo {

bool TimerQueue::later(const HeapEntry &x, const HeapEntry &y) {
  if (x.deadlineNs != y.deadlineNs)
    return x.deadlineNs > y.deadlineNs;
  return x.handle > y.handle;
}

Handle TimerQueue::add(uint64_t deadlineNs, const char *name,
                       std::function<void()> fn) {
  Handle h = nextHandle_++;
  Live &live = live_[h];
  std::memset(live.name, 0, sizeof live.name);
  if (name)
    std::strncpy(live.name, name, sizeof live.name - 1);
  live.fn = std::move(fn);
  heap_.push_back(HeapEntry{deadlineNs, h});
  std::push_heap(heap_.begin(), heap_.end(), later);
  return h;
}

bool TimerQueue::cancel(Handle handle) { return live_.erase(handle) != 0; }

void TimerQueue::dropCancelledTop() {
  while (!heap_.empty() && live_.count(heap_.front().handle) == 0) {
    std::pop_heap(heap_.begin(), heap_.end(), later);
    heap_.pop_back();
  }
}

uint64_t TimerQueue::nextDeadline() {
  dropCancelledTop();
  return heap_.empty() ? UINT64_MAX : heap_.front().deadlineNs;
}

bool TimerQueue::popDue(uint64_t nowNs, Fired &out) {
  dropCancelledTop();
  if (heap_.empty() || heap_.front().deadlineNs > nowNs)
    return false;
  HeapEntry top = heap_.front();
  std::pop_heap(heap_.begin(), heap_.end(), later);
  heap_.pop_back();
  auto it = live_.find(top.handle);
  out.handle = top.handle;
  out.deadlineNs = top.deadlineNs;
  std::memcpy(out.name, it->second.name, sizeof out.name);
  out.fn = std::move(it->second.fn);
  live_.erase(it);
  return true;
}

} // namespace dingo

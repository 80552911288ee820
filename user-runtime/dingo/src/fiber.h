// The runtime's fiber record (private to the runtime's sources).
#pragma once

#include <cstdint>
#include <functional>

#include <udrv/sched.h>

#include "dingo/context.h"
#include "dingo/timers.h"

namespace dingo {

class Runtime;

struct Fiber {
  Fiber(Runtime &owner, size_t stackBytes) : rt(owner), stack(stackBytes) {}

  Runtime &rt;
  FiberStack stack;
  void *sp = nullptr;          // saved stack pointer while not running
  std::function<void()> fn;
  uint32_t id = 0;             // fresh for every function a fiber runs
  char name[32] = {};
  Handle task = 0;             // the schedule() handle until it starts
  bool started = false;
  bool finished = false;
  bool cancelled = false;
  void *asanFakeStack = nullptr;
  void *local = nullptr;       // udrv_sched.fiber_local: the environment's word
};

// A fiber blocked on a udrv_wait_point: lives on that fiber's stack, linked
// into the wait point's opaque words (head, tail).
struct Waiter {
  Fiber *fiber;
  udrv_wait_point *wp;
  Waiter *prev = nullptr;
  Waiter *next = nullptr;
  Handle timer = 0;
  bool timedOut = false;
};

} // namespace dingo

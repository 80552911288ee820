// udrv/sched.h on top of the Runtime: each entry is a thin cast.
#include "dingo/sched_table.h"

#include "dingo/runtime.h"

namespace dingo {

namespace {

Runtime &rt(void *ctx) { return *static_cast<Runtime *>(ctx); }

uint64_t nowNs(void *ctx) { return rt(ctx).nowNs(); }

udrv_block_result block(void *ctx, udrv_wait_point *wp, uint64_t deadlineNs) {
  return static_cast<udrv_block_result>(rt(ctx).block(*wp, deadlineNs));
}

unsigned int wakeAll(void *ctx, udrv_wait_point *wp) { return rt(ctx).wakeAll(*wp); }

unsigned int wakeOne(void *ctx, udrv_wait_point *wp) { return rt(ctx).wakeOne(*wp); }

uint64_t schedule(void *ctx, void (*fn)(void *), void *arg, uint64_t deadlineNs,
                  const char *name) {
  return rt(ctx).schedule(deadlineNs, name, [fn, arg] { fn(arg); });
}

int cancel(void *ctx, uint64_t handle) { return rt(ctx).cancel(handle) ? 1 : 0; }

int inFiber(void *ctx) { return rt(ctx).inFiber() ? 1 : 0; }

void yield(void *ctx) { rt(ctx).yield(); }

uint64_t currentId(void *ctx) { return rt(ctx).currentFiberId(); }

const char *currentName(void *ctx) { return rt(ctx).currentName(); }

void **fiberLocal(void *ctx) { return rt(ctx).fiberLocal(); }

void setSwitchHook(void *ctx, void (*hook)(void *, void **, int), void *arg) {
  rt(ctx).setSwitchHook(hook, arg);
}

uint64_t scheduleAtomic(void *ctx, void (*fn)(void *), void *arg,
                        uint64_t deadlineNs, const char *name) {
  return rt(ctx).scheduleAtomic(deadlineNs, name, [fn, arg] { fn(arg); });
}

} // namespace

udrv_sched schedTable(Runtime &runtime) {
  udrv_sched table{};
  table.ctx = &runtime;
  table.now_ns = nowNs;
  table.block = block;
  table.wake_all = wakeAll;
  table.wake_one = wakeOne;
  table.schedule = schedule;
  table.cancel = cancel;
  table.in_fiber = inFiber;
  table.yield = yield;
  table.current_id = currentId;
  table.current_name = currentName;
  table.fiber_local = fiberLocal;
  table.set_switch_hook = setSwitchHook;
  table.schedule_atomic = scheduleAtomic;
  return table;
}

} // namespace dingo

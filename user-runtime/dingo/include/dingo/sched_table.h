// dingo/sched_table.h - udrv/sched.h served by a Runtime.
#pragma once

#include <udrv/sched.h>

namespace dingo {

class Runtime;

// A table whose ctx is @runtime: kenv's timers, workqueues, completions,
// wait queues, mutexes and msleep run on the runtime's fibers and clock.
// The runtime must outlive every use of the table.
udrv_sched schedTable(Runtime &runtime);

} // namespace dingo

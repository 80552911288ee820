// SPDX-License-Identifier: MIT
//
// kenv primitives against their kernel semantics. The checks that need
// kernel types live in prims.c (kernel recipe); the ones about time and
// fibers run there inside fibers of the deterministic test scheduler.
#include "ktest_gtest.h"

#include <gtest/gtest.h>

namespace kenv_test {
namespace {

constexpr uint64_t kMs = 1000000;
constexpr uint64_t kJiffy = 4 * kMs;  // CONFIG_HZ=250 in Debian's kernel

using KSUITE(Prims) = KenvTest;

TEST_F(KSUITE(Prims), AllocationFollowsKernelRules) { kt_alloc_semantics(); }
TEST_F(KSUITE(Prims), KreallocGrowsKeepsAndZeroes) { kt_krealloc_growth(); }
TEST_F(KSUITE(Prims), KmemCacheRunsConstructorAndAligns) { kt_kmem_cache(); }
TEST_F(KSUITE(Prims), DevresReleasesInReverseOrder) { kt_devres_order(); }
TEST_F(KSUITE(Prims), PerCpuAreaIsPerThreadCopy) { kt_percpu_area(); }
TEST_F(KSUITE(Prims), PrintfKernelExtensions) { kt_printf_formats(); }
TEST_F(KSUITE(Prims), StringsNumbersBits) { kt_strings_and_numbers(); }
TEST_F(KSUITE(Prims), ModuleParamsThroughTheirOps) { kt_params(); }

TEST_F(KSUITE(Prims), PrintkLevelsAndDevicePrefix) {
  kt_log_levels();
  const auto &r = recorder();
  EXPECT_TRUE(r.logged(3, "kt: error 3"));
  EXPECT_TRUE(r.logged(6, "kt: info"));
  EXPECT_TRUE(r.logged(4, "ktdrv 0000:00:03.0: warned here"));
  EXPECT_TRUE(r.logged(4, "kt: default level"));  // MESSAGE_LOGLEVEL_DEFAULT
}

TEST_F(KSUITE(Prims), WarnOnLogsFileLineAndContinues) {
  unsigned long before = kenv_warn_count();
  EXPECT_EQ(kt_warn_on(), 1);
  // WARN_ON once, WARN_ON_ONCE three times but reported once.
  EXPECT_EQ(kenv_warn_count(), before + 2);
  EXPECT_TRUE(recorder().logged(4, "WARNING: at "));
  EXPECT_TRUE(recorder().logged(4, "prims.c:"));
  EXPECT_EQ(kt_warn_on(), 1);  // the ONCE site stays silent now
  EXPECT_EQ(kenv_warn_count(), before + 3);
}

TEST_F(KSUITE(Prims), SleepingInAtomicContextIsReported) {
  unsigned long before = kenv_warn_count();
  kt_sleep_in_atomic();
  EXPECT_EQ(kenv_warn_count(), before + 1);
  EXPECT_TRUE(recorder().logged(4, "sleeping function called from invalid context"));
  EXPECT_EQ(kenv_preempt_count(), 0);
}

using KSUITE(PrimsDeathTest) = KenvTest;

TEST_F(KSUITE(PrimsDeathTest), BugAbortsWithFileLine) {
  EXPECT_DEATH(kt_bug(), "kenv: kernel BUG at .*prims.c:[0-9]+!");
}

TEST_F(KSUITE(PrimsDeathTest), RecursiveSpinlockIsADeadlock) {
  EXPECT_DEATH(kt_spin_recursion(), "spin_lock.*already held");
}

TEST_F(KSUITE(Prims), MsleepAdvancesTheClockByWholeJiffies) {
  sched_.spawn(kt_msleep, reinterpret_cast<void *>(10));
  EXPECT_EQ(sched_.run(), 0u);
  // msleep(10) = msecs_to_jiffies(10) + 1 = 4 jiffies of 4 ms.
  EXPECT_EQ(recorder().event_time("msleep:end") - recorder().event_time("msleep:start"),
            4 * kJiffy);
}

TEST_F(KSUITE(Prims), UsleepRangeSleepsAtLeastMin) {
  uint64_t start = sched_.now();
  sched_.spawn(kt_usleep_range, nullptr);
  EXPECT_EQ(sched_.run(), 0u);
  uint64_t slept = recorder().event_time("usleep:end") - start;
  EXPECT_GE(slept, 100000u);
  EXPECT_LE(slept, 200000u);
}

TEST_F(KSUITE(Prims), MutexContentionYieldsTheFiber) {
  sched_.spawn(kt_mutex_holder, nullptr);
  sched_.spawn(kt_mutex_waiter, nullptr);
  EXPECT_EQ(sched_.run(), 0u);
  const auto &r = recorder();
  EXPECT_EQ(r.event_names(), (std::vector<std::string>{
                                 "holder:locked", "waiter:trying", "holder:unlock",
                                 "waiter:locked"}));
  // The waiter blocked (other fibers ran) until the holder unlocked.
  EXPECT_EQ(r.event_time("waiter:trying"), 0u);
  EXPECT_EQ(r.event_time("waiter:locked"), r.event_time("holder:unlock"));
  EXPECT_EQ(r.event_time("holder:unlock"), 4 * kJiffy);
}

TEST_F(KSUITE(Prims), TimersFireOnceInSoftirqAndCancel) {
  kt_reset_shared();
  sched_.spawn(kt_timer_case, nullptr);
  EXPECT_EQ(sched_.run(), 0u);
  EXPECT_EQ(recorder().event_time("timer:fired"), 5 * kJiffy);
}

TEST_F(KSUITE(Prims), WorkItemsRunInFibersAndFlushWaits) {
  kt_reset_shared();
  sched_.spawn(kt_work_case, nullptr);
  EXPECT_EQ(sched_.run(), 0u);
  const auto &r = recorder();
  EXPECT_EQ(r.event_time("work:run"), 0u);
  // flush_work() returned only after the work item's msleep(4) ended.
  EXPECT_EQ(r.event_time("work:flushed"), r.event_time("work:done"));
  EXPECT_EQ(r.event_time("work:done"), 2 * kJiffy);
  // flush_delayed_work() ran the 10-jiffy delayed work at once.
  EXPECT_LT(r.event_time("dwork:run"), 10 * kJiffy);
  EXPECT_EQ(r.event_time("dwork:flushed"), r.event_time("dwork:run"));
}

TEST_F(KSUITE(Prims), CompletionTimesOut) {
  kt_reset_shared();
  sched_.spawn(kt_completion_waiter, reinterpret_cast<void *>(10));
  EXPECT_EQ(sched_.run(), 0u);
  EXPECT_EQ(recorder().event_time("completion:timeout"), 10 * kJiffy);
}

TEST_F(KSUITE(Prims), CompletionWakesTheWaiter) {
  kt_reset_shared();
  sched_.spawn(kt_completion_waiter, reinterpret_cast<void *>(100));
  sched_.spawn(kt_completion_completer, reinterpret_cast<void *>(20));
  EXPECT_EQ(sched_.run(), 0u);
  // msleep(20): 5 + 1 jiffies.
  EXPECT_EQ(recorder().event_time("completion:done"), 6 * kJiffy);
}

TEST_F(KSUITE(Prims), WaitEventRechecksItsCondition) {
  sched_.spawn(kt_waitqueue_waiter, nullptr);
  sched_.spawn(kt_waitqueue_waker, nullptr);
  EXPECT_EQ(sched_.run(), 0u);
  // The first wake-up (condition false) did not end the wait; the second did.
  EXPECT_EQ(recorder().event_time("wq:woken"), recorder().event_time("wq:wake"));
  EXPECT_EQ(recorder().event_time("wq:woken"), 2 * 3 * kJiffy);
}

TEST_F(KSUITE(Prims), TaskletsAndRcuCallbacksAreDeferred) {
  sched_.spawn(kt_deferred_case, nullptr);
  EXPECT_EQ(sched_.run(), 0u);
  EXPECT_EQ(recorder().event_names(),
            (std::vector<std::string>{"tasklet:run", "rcu:callback", "deferred:done"}));
}

}  // namespace
}  // namespace kenv_test

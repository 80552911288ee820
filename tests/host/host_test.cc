// The host against a scripted kernel half (SOCK_SEQPACKET peer) on a Dingo
// runtime with a manual clock; the driver side is kernel-recipe C
// (host_fixture.c) running on kenv.
#include <gtest/gtest.h>

#include <cerrno>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <kenv/kenv.h>
#include <udrv/client.h>

#include "dingo/clock.h"
#include "dingo/os_port.h"
#include "dingo/runtime.h"
#include "dingo/sched_table.h"
#include "host_fixture.h"
#include "host_impl.h"
#include "observers/parser.h"
#include "peer.h"

namespace host_test {
namespace {

constexpr uint64_t kMs = 1000 * 1000;

// Upcall ids of the tests' "driver".
enum : uint32_t { kEcho = 1, kQuick = 2, kNested = 3, kQueueWork = 4 };
// Downcall ids.
enum : uint32_t { kDownA = 10, kDownB = 11 };

using Handler = std::function<int(uint32_t in, uint32_t &out)>;

class HostTest : public ::testing::Test {
 protected:
  void SetUp() override {
    table_ = dingo::schedTable(rt_);
    kenv_set_sched(&table_);
    int err = kenv_thread_attach("host-test");
    ASSERT_TRUE(err == 0 || err == -EBUSY) << err;
    int fd = peer_.open();
    ASSERT_GE(fd, 0);
    ASSERT_EQ(udrv_client_adopt(fd, &client_), 0);
    cfg_.device = "socketpair";
    cfg_.driver = "host-test";
    cfg_.upcall = &HostTest::upcall;
    cfg_.arg = this;
  }
  void TearDown() override {
    host_.reset();
    kenv_set_sched(nullptr);
    udrv_client_close(client_);
  }

  void startHost(observers::Monitor *monitor = nullptr,
                 observers::Policy policy = observers::Policy::Log) {
    host_ = std::make_unique<udrv_host_impl::Host>(rt_, client_, cfg_, monitor, policy);
    host_->start();
    rt_.runUntilIdle();
  }
  void turn() { rt_.runUntilIdle(); }
  void advance(uint64_t ns) {
    clock_.advance(ns);
    kenv_update_jiffies();
    rt_.runUntilIdle();
  }

  static int upcall(void *arg, unsigned func, const void *req, unsigned long len, void *reply,
                    unsigned long cap, unsigned long *replyLen) {
    auto *self = static_cast<HostTest *>(arg);
    uint32_t in = 0, out = 0;
    if (len >= sizeof in)
      std::memcpy(&in, req, sizeof in);
    auto it = self->handlers_.find(func);
    if (it == self->handlers_.end())
      return -EOPNOTSUPP;
    int status = it->second(in, out);
    if (cap < sizeof out)
      return -EMSGSIZE;
    std::memcpy(reply, &out, sizeof out);
    *replyLen = sizeof out;
    return status;
  }

  dingo::ManualClock clock_;
  dingo::EpollPort port_;
  dingo::Runtime rt_{clock_, port_};
  udrv_sched table_{};
  Peer peer_;
  udrv_client *client_ = nullptr;
  udrv_host_config cfg_{};
  std::map<unsigned, Handler> handlers_;
  std::unique_ptr<udrv_host_impl::Host> host_;
};

// Handlers shared by several tests.
Handler echoTwice() {
  return [](uint32_t in, uint32_t &out) {
    out = in * 2;
    return in == 0 ? -EIO : 0;
  };
}
Handler downcallThenAnswer(uint32_t func, std::vector<int> *statuses = nullptr) {
  return [func, statuses](uint32_t in, uint32_t &out) {
    int status = hf_downcall_u32(func, in, &out);
    if (statuses)
      statuses->push_back(status);
    return status;
  };
}

TEST_F(HostTest, UpcallRunsInAFiberAndItsStatusAndPayloadAreReplied) {
  bool inFiber = false;
  handlers_[kEcho] = [&](uint32_t in, uint32_t &out) {
    inFiber = rt_.inFiber();
    return echoTwice()(in, out);
  };
  startHost();
  peer_.upcall(kEcho, 100, 21);
  peer_.upcall(kEcho, 101, 0);
  turn();
  auto sent = peer_.drain();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_TRUE(inFiber);
  EXPECT_EQ(sent[0].hdr.kind, UDRV_MSG_REPLY);
  EXPECT_EQ(sent[0].hdr.seq, 100u);
  EXPECT_EQ(sent[0].hdr.func, kEcho);
  EXPECT_EQ(sent[0].hdr.status, 0);
  EXPECT_EQ(sent[0].u32(), 42u);
  EXPECT_EQ(sent[1].hdr.seq, 101u);
  EXPECT_EQ(sent[1].hdr.status, -EIO);
  EXPECT_EQ(host_->stats().upcalls, 2u);
}

TEST_F(HostTest, ADowncallBlocksOnlyItsFiber) {
  handlers_[kEcho] = downcallThenAnswer(kDownA);
  handlers_[kQuick] = echoTwice();
  startHost();
  peer_.upcall(kEcho, 1, 5);
  peer_.upcall(kQuick, 2, 8);
  turn();
  auto sent = peer_.drain();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].hdr.kind, UDRV_MSG_DOWNCALL);
  EXPECT_EQ(sent[0].hdr.func, kDownA);
  EXPECT_EQ(sent[0].u32(), 5u);
  EXPECT_EQ(sent[1].hdr.kind, UDRV_MSG_REPLY);  // the second upcall was served
  EXPECT_EQ(sent[1].hdr.seq, 2u);
  EXPECT_EQ(sent[1].u32(), 16u);
  peer_.reply(sent[0], 77);
  turn();
  auto after = peer_.drain();
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].hdr.seq, 1u);
  EXPECT_EQ(after[0].u32(), 77u);
}

TEST_F(HostTest, NestedUpcallIsServedWhileTheDowncallWaits) {
  handlers_[kEcho] = downcallThenAnswer(kDownA);
  handlers_[kNested] = echoTwice();
  startHost();
  peer_.upcall(kEcho, 1, 3);
  turn();
  auto down = peer_.take();
  ASSERT_TRUE(down);
  ASSERT_EQ(down->hdr.kind, UDRV_MSG_DOWNCALL);
  // The kernel's downcall handler upcalls before it replies.
  peer_.upcall(kNested, 2, 4);
  turn();
  auto nested = peer_.drain();
  ASSERT_EQ(nested.size(), 1u);
  EXPECT_EQ(nested[0].hdr.seq, 2u);
  EXPECT_EQ(nested[0].u32(), 8u);
  peer_.reply(*down, 9);
  turn();
  auto outer = peer_.drain();
  ASSERT_EQ(outer.size(), 1u);
  EXPECT_EQ(outer[0].hdr.seq, 1u);
  EXPECT_EQ(outer[0].u32(), 9u);
}

TEST_F(HostTest, RepliesOutOfOrderReachTheirOwnFibers) {
  handlers_[kEcho] = downcallThenAnswer(kDownA);
  startHost();
  peer_.upcall(kEcho, 1, 5);
  peer_.upcall(kEcho, 2, 6);
  turn();
  auto downs = peer_.drain();
  ASSERT_EQ(downs.size(), 2u);
  ASSERT_NE(downs[0].hdr.seq, downs[1].hdr.seq);
  peer_.reply(downs[1], downs[1].u32() * 100);
  turn();
  auto first = peer_.drain();
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].hdr.seq, 2u);
  EXPECT_EQ(first[0].u32(), 600u);
  peer_.reply(downs[0], downs[0].u32() * 100);
  turn();
  auto second = peer_.drain();
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].hdr.seq, 1u);
  EXPECT_EQ(second[0].u32(), 500u);
}

TEST_F(HostTest, StrayReplyIsCountedAndChangesNothing) {
  handlers_[kEcho] = downcallThenAnswer(kDownA);
  startHost();
  peer_.upcall(kEcho, 1, 5);
  turn();
  auto down = peer_.take();
  ASSERT_TRUE(down);
  Msg stray = *down;
  stray.hdr.seq += 1000;
  peer_.reply(stray, 1);
  turn();
  EXPECT_EQ(host_->stats().strayReplies, 1u);
  EXPECT_TRUE(peer_.drain().empty());
  peer_.reply(*down, 2);
  turn();
  auto r = peer_.drain();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].u32(), 2u);
}

TEST_F(HostTest, HangUpEndsTheRunCleanlyAndFailsTheWaitingDowncall) {
  std::vector<int> statuses;
  handlers_[kEcho] = downcallThenAnswer(kDownA, &statuses);
  startHost();
  peer_.upcall(kEcho, 1, 5);
  turn();
  ASSERT_TRUE(peer_.take());
  peer_.hangUp();
  turn();
  EXPECT_TRUE(host_->ended());
  EXPECT_EQ(host_->result(), 0);
  ASSERT_EQ(statuses.size(), 1u);
  EXPECT_EQ(statuses[0], -ENODEV);
}

TEST_F(HostTest, WorkItemSleepsThenDowncallsAndANestedUpcallIsServed) {
  handlers_[kQueueWork] = [](uint32_t in, uint32_t &out) {
    hf_queue_downcall_work(kDownB, in, 20);
    out = hf_current_work_is_null();
    return 0;
  };
  handlers_[kNested] = echoTwice();
  startHost();
  peer_.upcall(kQueueWork, 1, 33);
  turn();
  auto replied = peer_.drain();
  ASSERT_EQ(replied.size(), 1u);
  EXPECT_EQ(replied[0].u32(), 1u) << "current_work() in an upcall's fiber";
  advance(10 * kMs);
  EXPECT_TRUE(peer_.drain().empty()) << "the work item is still in msleep(20)";
  advance(15 * kMs);
  auto down = peer_.take();
  ASSERT_TRUE(down);
  EXPECT_EQ(down->hdr.kind, UDRV_MSG_DOWNCALL);
  EXPECT_EQ(down->hdr.func, kDownB);
  EXPECT_EQ(down->u32(), 33u);
  peer_.upcall(kNested, 2, 50);
  turn();
  auto nested = peer_.drain();
  ASSERT_EQ(nested.size(), 1u);
  EXPECT_EQ(nested[0].u32(), 100u);
  EXPECT_EQ(hf_work_state(), 0);
  peer_.reply(*down, 44);
  turn();
  EXPECT_EQ(hf_work_state(), 1);
  unsigned reply = 0;
  EXPECT_EQ(hf_work_result(&reply), 0);
  EXPECT_EQ(reply, 44u);
  EXPECT_EQ(hf_work_saw_itself(), 1) << "current_work() in the work item";
}

TEST_F(HostTest, TimerCallbacksRunOutsideFibersInSoftirqContext) {
  startHost();
  rt_.spawn("armer", [] { hf_arm_probe_timer(10); });
  turn();
  EXPECT_EQ(hf_probe_timer_softirq(), -1);
  advance(12 * kMs);
  EXPECT_EQ(hf_probe_timer_softirq(), 1);
}

TEST_F(HostTest, DowncallOutsideAFiberIsRefused) {
  startHost();
  int status = 0;
  rt_.scheduleAtomic(0, "atomic-cb", [&] { status = hf_downcall_u32(kDownA, 1, nullptr); });
  turn();
  EXPECT_EQ(status, -EWOULDBLOCK);
  EXPECT_TRUE(peer_.drain().empty());
}

TEST_F(HostTest, NoHostRunningMeansNotConnected) {
  EXPECT_EQ(hf_downcall_u32(kDownA, 1, nullptr), -ENOTCONN);
}

using HostDeathTest = HostTest;

TEST_F(HostDeathTest, TimerCallbackThatSleepsIsReportedByName) {
  startHost();
  hf_arm_sleeping_timer(5);
  EXPECT_DEATH(advance(10 * kMs),
               "sleeping function called from invalid context: schedule_timeout from timer "
               "callback hf_timer_sleeps");
}

TEST_F(HostTest, EachFiberHasItsOwnCurrent) {
  startHost();
  int pidA = 0, pidB = 0, lockA = 0, lockB = 0;
  std::string commA, commB;
  rt_.spawn("fiber-a", [&] {
    pidA = hf_current_pid();
    commA = hf_current_comm();
    lockA = hf_mutex_hold(10);
  });
  rt_.spawn("fiber-b", [&] {
    pidB = hf_current_pid();
    commB = hf_current_comm();
    lockB = hf_mutex_hold(0);  // waits for fiber-a's mutex
  });
  turn();
  EXPECT_EQ(commA, "fiber-a");
  EXPECT_EQ(commB, "fiber-b");
  EXPECT_NE(pidA, pidB);
  EXPECT_EQ(lockB, 0) << "fiber-b took the mutex fiber-a holds";
  advance(30 * kMs);  // msleep(10) at HZ=250 is 4 jiffies, 16 ms
  EXPECT_EQ(lockA, pidA);
  EXPECT_EQ(lockB, pidB);
}

TEST_F(HostDeathTest, RecursiveMutexLockIsDetected) {
  startHost();
  rt_.spawn("locker", [] { hf_mutex_twice(); });
  EXPECT_DEATH(turn(), "possible recursive locking detected: mutex_lock\\(.*\\) by locker");
}

TEST_F(HostTest, FreeHookSeesEveryFreeOfTheUserHalf) {
  std::vector<const void *> freed;
  kenv_set_free_hook([](void *arg, const void *p) {
    static_cast<std::vector<const void *> *>(arg)->push_back(p);
  }, &freed);
  void *k = hf_kmalloc(64);
  void *v = hf_vmalloc(8192);
  hf_kfree(k);
  hf_vfree(v);
  void *managed = hf_devm_cycle();
  kenv_set_free_hook(nullptr, nullptr);
  ASSERT_GE(freed.size(), 3u);
  EXPECT_EQ(freed[0], k);
  EXPECT_EQ(freed[1], v);
  EXPECT_EQ(freed[2], managed) << "the devm allocation, released with its device";
}

// --- observers ----------------------------------------------------------------

const char kSpec[] = R"(
protocol Dev {
  property "the queue is woken only while the device is open";
  messages { ?open; !wake; }
  initial state Closed { ?open -> Opening; }
  state Opening { !open.ret [ret == 0] -> Opened; !open.ret [ret != 0] -> Closed; }
  state Opened { !wake; }
})";
const char kBindings[] = R"(
upcall   dev_ops.open  open
downcall wake_queue    wake
)";

void describe(void *, udrv_host_crossing *c) {
  if (!c->is_downcall && c->func == kEcho)
    c->callee = "dev_ops.open";
  else if (c->is_downcall && c->func == kDownA)
    c->callee = "wake_queue";
  if (c->is_reply)
    c->ret = c->status;
}

class HostObserverTest : public HostTest {
 protected:
  void SetUp() override {
    HostTest::SetUp();
    observers::DiagnosticSink sink;
    ASSERT_TRUE(observers::parseSpec("dev.spec", kSpec, specs_, sink)) << sink.formatAll();
    ASSERT_TRUE(bindings_.parse("dev.bind", kBindings, sink)) << sink.formatAll();
    ASSERT_TRUE(bindings_.check(specs_, sink)) << sink.formatAll();
    cfg_.describe = describe;
  }
  void startObserved(observers::Policy policy) {
    monitor_ = std::make_unique<observers::Monitor>(
        specs_, bindings_, policy,
        [this](const observers::Violation &v) { violations_.push_back(v.format()); });
    startHost(monitor_.get(), policy);
  }
  observers::SpecSet specs_;
  observers::BindingTable bindings_;
  std::unique_ptr<observers::Monitor> monitor_;
  std::vector<std::string> violations_;
};

TEST_F(HostObserverTest, FailPolicyRefusesTheOffendingDowncallBeforeTheKernel) {
  std::vector<int> statuses;
  handlers_[kQuick] = downcallThenAnswer(kDownA, &statuses);  // wake before open
  handlers_[kEcho] = echoTwice();
  startObserved(observers::Policy::FailCrossing);
  peer_.upcall(kQuick, 1, 1);
  turn();
  ASSERT_EQ(statuses.size(), 1u);
  EXPECT_EQ(statuses[0], -EPROTO);
  auto sent = peer_.drain();
  ASSERT_EQ(sent.size(), 1u) << "only the upcall's reply: the downcall never left";
  EXPECT_EQ(sent[0].hdr.kind, UDRV_MSG_REPLY);
  EXPECT_EQ(sent[0].hdr.status, -EPROTO);
  ASSERT_EQ(violations_.size(), 1u);
  EXPECT_NE(violations_[0].find("Dev"), std::string::npos) << violations_[0];
  EXPECT_FALSE(host_->ended());
  // After a successful open the same downcall is allowed and reaches the kernel.
  peer_.upcall(kEcho, 2, 4);
  peer_.upcall(kQuick, 3, 1);
  turn();
  auto after = peer_.drain();
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[1].hdr.kind, UDRV_MSG_DOWNCALL);
  EXPECT_EQ(monitor_->observed(), 4u);  // wake (refused), open, open.ret, wake
}

TEST_F(HostObserverTest, StopPolicyEndsTheRun) {
  handlers_[kQuick] = downcallThenAnswer(kDownA);
  startObserved(observers::Policy::Stop);
  peer_.upcall(kQuick, 1, 1);
  turn();
  EXPECT_TRUE(host_->ended());
  EXPECT_EQ(host_->result(), -EPROTO);
  EXPECT_TRUE(peer_.drain().empty());
}

TEST_F(HostObserverTest, LogPolicyLetsTheCrossingThrough) {
  handlers_[kQuick] = downcallThenAnswer(kDownA);
  startObserved(observers::Policy::Log);
  peer_.upcall(kQuick, 1, 1);
  turn();
  auto sent = peer_.drain();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].hdr.kind, UDRV_MSG_DOWNCALL);
  EXPECT_EQ(violations_.size(), 1u);
}

}  // namespace
}  // namespace host_test

// The event loop: mailbox order, atomicity, WAIT on several mailboxes,
// timers, and the OS port (fds and other threads).
#include <unistd.h>

#include <thread>

#include "fixture.h"

namespace dingo::test {
namespace {

TEST_F(RuntimeTest, AtomicHandlerSeesMessagesInFifoOrder) {
  Mailbox<int> box(rt, "numbers");
  std::vector<int> seen;
  box.setHandler(HandlerMode::Atomic, [&](int &v) { seen.push_back(v); });
  for (int i = 0; i < 100; ++i)
    box.send(i);
  EXPECT_TRUE(seen.empty()) << "send() must not run the handler re-entrantly";
  rt.runUntilIdle();
  ASSERT_EQ(seen.size(), 100u);
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(seen[i], i);
}

TEST_F(RuntimeTest, MessagesOfSeveralMailboxesAreHandledInArrivalOrder) {
  Mailbox<int> a(rt, "a"), b(rt, "b");
  a.setHandler(HandlerMode::Atomic, [&](int &v) { log.push_back("a" + std::to_string(v)); });
  b.setHandler(HandlerMode::Fiber, [&](int &v) { log.push_back("b" + std::to_string(v)); });
  a.send(1);
  b.send(2);
  a.send(3);
  b.send(4);
  rt.runUntilIdle();
  EXPECT_EQ(log, (std::vector<std::string>{"a1", "b2", "a3", "b4"}));
}

TEST_F(RuntimeTest, HandlersInterleaveOnlyAtBlockingPoints) {
  Mailbox<int> box(rt, "work");
  udrv_wait_point gate{};
  int inside = 0;
  box.setHandler(HandlerMode::Fiber, [&](int &v) {
    EXPECT_EQ(inside++, 0) << "handler " << v << " entered while another runs";
    log.push_back("start" + std::to_string(v));
    log.push_back("mid" + std::to_string(v));
    --inside;
    if (v == 1)
      rt.block(gate, 0);  // the only place another handler may run
    ++inside;
    log.push_back("end" + std::to_string(v));
    --inside;
  });
  box.send(1);
  box.send(2);
  box.send(3);
  rt.runUntilIdle();
  EXPECT_EQ(log, (std::vector<std::string>{"start1", "mid1", "start2", "mid2", "end2",
                                           "start3", "mid3", "end3"}));
  EXPECT_EQ(rt.wakeOne(gate), 1u);
  rt.runUntilIdle();
  EXPECT_EQ(log.back(), "end1");
  EXPECT_EQ(rt.liveFibers(), 0u);
}

TEST_F(RuntimeTest, WaitAnyReturnsTheMailboxWhoseMessageArrivedFirst) {
  Mailbox<int> a(rt, "a"), b(rt, "b");
  std::vector<int> fired;
  rt.spawn("waiter", [&] {
    for (int i = 0; i < 3; ++i) {
      int which = rt.waitAny({&a, &b});
      fired.push_back(which);
      int v = which == 0 ? *a.tryReceive() : *b.tryReceive();
      fired.push_back(v);
    }
  });
  rt.runUntilIdle();
  EXPECT_TRUE(fired.empty());
  b.send(10);
  a.send(20);
  b.send(30);
  rt.runUntilIdle();
  EXPECT_EQ(fired, (std::vector<int>{1, 10, 0, 20, 1, 30}));
}

TEST_F(RuntimeTest, WaitAnyTimesOutAtItsDeadline) {
  Mailbox<int> a(rt, "a");
  int result = 99;
  uint64_t deadline = clock.nowNs() + 5 * kMs;
  rt.spawn("waiter", [&] { result = rt.waitAny({&a}, deadline); });
  advance(5 * kMs - 1);
  EXPECT_EQ(result, 99);
  advance(1);
  EXPECT_EQ(result, -1);
  EXPECT_TRUE(a.waiters().empty()) << "a timed-out waiter must unsubscribe";
}

TEST_F(RuntimeTest, ReceiveBlocksUntilAMessageArrives) {
  Mailbox<std::string> box(rt, "text");
  std::string got;
  rt.spawn("reader", [&] { got = box.receive(); });
  rt.runUntilIdle();
  EXPECT_EQ(got, "");
  box.send("hello");
  rt.runUntilIdle();
  EXPECT_EQ(got, "hello");
}

TEST_F(RuntimeTest, TimersFireInDeadlineOrderAndTiesInInsertionOrder) {
  uint64_t t0 = clock.nowNs();
  rt.addTimer(t0 + 3 * kMs, "c", [&] { log.push_back("c"); });
  rt.addTimer(t0 + 1 * kMs, "a", [&] { log.push_back("a"); });
  rt.addTimer(t0 + 3 * kMs, "d", [&] { log.push_back("d"); });
  Handle dropped = rt.addTimer(t0 + 2 * kMs, "x", [&] { log.push_back("x"); });
  rt.addTimer(t0 + 2 * kMs, "b", [&] { log.push_back("b"); });
  EXPECT_TRUE(rt.cancelTimer(dropped));
  EXPECT_FALSE(rt.cancelTimer(dropped));
  advance(1 * kMs - 1);
  EXPECT_TRUE(log.empty());
  advance(1);
  EXPECT_EQ(log, (std::vector<std::string>{"a"}));
  advance(5 * kMs);
  EXPECT_EQ(log, (std::vector<std::string>{"a", "b", "c", "d"}));
}

TEST_F(RuntimeTest, FdReadinessFeedsAnIncomingMailbox) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  Mailbox<char> incoming(rt, "from-pipe", Direction::Incoming);
  std::string got;
  incoming.setHandler(HandlerMode::Atomic, [&](char &c) {
    got.push_back(c);
    if (got.size() == 5)
      rt.stop();
  });
  port.watchReadable(fds[0], [&] {
    char c;
    if (read(fds[0], &c, 1) == 1)
      incoming.send(c);
  });
  std::thread writer([&] { ASSERT_EQ(write(fds[1], "hello", 5), 5); });
  rt.run();
  writer.join();
  EXPECT_EQ(got, "hello");
  port.unwatch(fds[0]);
  close(fds[0]);
  close(fds[1]);
}

TEST_F(RuntimeTest, PostsFromAnotherThreadArriveInOrderOnTheLoopThread) {
  Mailbox<int> box(rt, "remote");
  const int count = 20000;
  int expected = 0;
  bool inOrder = true;
  std::thread::id loopThread = std::this_thread::get_id();
  bool onLoopThread = true;
  box.setHandler(HandlerMode::Atomic, [&](int &v) {
    inOrder &= v == expected++;
    onLoopThread &= std::this_thread::get_id() == loopThread;
    if (expected == count)
      rt.stop();
  });
  std::thread producer([&] {
    for (int i = 0; i < count; ++i)
      box.post(i);
  });
  rt.run();
  producer.join();
  EXPECT_EQ(expected, count);
  EXPECT_TRUE(inOrder);
  EXPECT_TRUE(onLoopThread);
}

TEST_F(RuntimeTest, PostedFunctionWakesASleepingLoop) {
  bool ran = false;
  std::thread other([&] { rt.post([&] { ran = true; rt.stop(); }); });
  rt.run();  // sleeps in the port until the post arrives
  other.join();
  EXPECT_TRUE(ran);
}

TEST_F(RuntimeTest, ManualClockTimersDoNotFireByThemselves) {
  bool fired = false;
  rt.addTimer(clock.nowNs() + kMs, "later", [&] { fired = true; });
  EXPECT_FALSE(rt.runUntilIdle());
  EXPECT_FALSE(fired);
  advance(kMs);
  EXPECT_TRUE(fired);
}

TEST_F(RuntimeTest, WaitingOnAMailboxWithAHandlerIsReported) {
  Mailbox<int> box(rt, "handled");
  box.setHandler(HandlerMode::Atomic, [](int &) {});
  EXPECT_DEATH(
      {
        rt.spawn("confused", [&] { rt.waitAny({&box}); });
        rt.runUntilIdle();
      },
      "fiber 'confused' waits on mailbox 'handled', which has a handler");
}

} // namespace
} // namespace dingo::test

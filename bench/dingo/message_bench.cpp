// Message throughput and round trip of the loop, each against the plainest
// code doing the same job, measured in the same run.
#include "bench.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "dingo/clock.h"
#include "dingo/mailbox.h"
#include "dingo/os_port.h"
#include "dingo/runtime.h"

namespace dingo::bench {

namespace {

constexpr long kMessages = 2000000;
constexpr long kBatch = 256;
constexpr long kRoundTrips = 20000;

void rate(const char *what, double nsPerMsg, double baselineNs) {
  std::printf("  %-34s %10.2f ns/msg %6.1f M msg/s %8.2fx baseline\n", what, nsPerMsg,
              1e3 / nsPerMsg, nsPerMsg / baselineNs);
}

// Baseline: a deque and a std::function, i.e. a queue and an indirect call.
double plainQueueNs() {
  std::deque<uint64_t> q;
  uint64_t sum = 0;
  std::function<void(uint64_t &)> handler = [&](uint64_t &v) { sum += v; };
  double ns = nsPer(kMessages, [&] {
    for (long done = 0; done < kMessages; done += kBatch) {
      for (long i = 0; i < kBatch; ++i)
        q.push_back(static_cast<uint64_t>(i));
      while (!q.empty()) {
        handler(q.front());
        q.pop_front();
      }
    }
  });
  if (sum == 1)
    std::puts("");
  return ns;
}

double sameThreadNs(HandlerMode mode, long messages) {
  ManualClock clock;
  EpollPort port;
  Runtime rt(clock, port);
  Mailbox<uint64_t> box(rt, "bench");
  uint64_t sum = 0;
  box.setHandler(mode, [&](uint64_t &v) { sum += v; });
  double ns = nsPer(messages, [&] {
    for (long done = 0; done < messages; done += kBatch) {
      for (long i = 0; i < kBatch; ++i)
        box.send(static_cast<uint64_t>(i));
      rt.runUntilIdle();
    }
  });
  if (sum == 1)
    std::puts("");
  return ns;
}

double yieldRoundNs() {
  ManualClock clock;
  EpollPort port;
  Runtime rt(clock, port);
  const long rounds = 500000;
  return nsPer(2 * rounds, [&] {
    for (int f = 0; f < 2; ++f)
      rt.spawn("yielder", [&] {
        for (long i = 0; i < rounds; ++i)
          rt.yield();
      });
    rt.runUntilIdle();
  });
}

// Baseline: a mutex-protected batch queue with a condition variable.
double plainCrossThreadNs() {
  std::mutex lock;
  std::condition_variable cv;
  std::vector<uint64_t> queue;
  return nsPer(kMessages, [&] {
    std::thread producer([&] {
      for (long i = 0; i < kMessages; ++i) {
        std::lock_guard<std::mutex> g(lock);
        queue.push_back(static_cast<uint64_t>(i));
        if (queue.size() == 1)
          cv.notify_one();
      }
    });
    std::vector<uint64_t> batch;
    long received = 0;
    uint64_t sum = 0;
    while (received < kMessages) {
      {
        std::unique_lock<std::mutex> g(lock);
        cv.wait(g, [&] { return !queue.empty(); });
        batch.swap(queue);
      }
      for (uint64_t v : batch)
        sum += v;
      received += static_cast<long>(batch.size());
      batch.clear();
    }
    producer.join();
    if (sum == 1)
      std::puts("");
  });
}

double crossThreadNs() {
  MonotonicClock clock;
  EpollPort port;
  Runtime rt(clock, port);
  Mailbox<uint64_t> box(rt, "bench");
  long received = 0;
  box.setHandler(HandlerMode::Atomic, [&](uint64_t &) {
    if (++received == kMessages)
      rt.stop();
  });
  return nsPer(kMessages, [&] {
    received = 0;
    std::thread producer([&] {
      for (long i = 0; i < kMessages; ++i)
        box.post(static_cast<uint64_t>(i));
    });
    rt.run();
    producer.join();
  });
}

// Baseline round trip: the loop thread's bare mechanism, an eventfd watched
// by epoll, and an atomic the requester spins on.
double plainRoundTripNs() {
  int efd = eventfd(0, EFD_NONBLOCK);
  int ep = epoll_create1(0);
  epoll_event ev{};
  ev.events = EPOLLIN;
  epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
  std::atomic<long> replied{-1};
  std::atomic<bool> done{false};
  std::thread server([&] {
    long expect = 0;
    while (!done.load()) {
      epoll_event out;
      if (epoll_wait(ep, &out, 1, 100) <= 0)
        continue;
      uint64_t v;
      while (read(efd, &v, sizeof v) > 0)
        replied.store(expect++);
    }
  });
  double ns = nsPer(kRoundTrips, [&] {
    for (long i = 0; i < kRoundTrips; ++i) {
      long target = replied.load() + 1;
      uint64_t one = 1;
      if (write(efd, &one, sizeof one) != sizeof one)
        std::abort();
      while (replied.load(std::memory_order_acquire) < target)
        __builtin_ia32_pause();
    }
  });
  done.store(true);
  server.join();
  close(ep);
  close(efd);
  return ns;
}

double roundTripNs() {
  MonotonicClock clock;
  EpollPort port;
  Runtime rt(clock, port);
  Mailbox<long> requests(rt, "requests", Direction::Incoming);
  std::atomic<long> replied{-1};
  requests.setHandler(HandlerMode::Atomic, [&](long &v) {
    replied.store(v, std::memory_order_release);
  });
  std::thread loop([&] { rt.run(); });
  long next = 0;
  double ns = nsPer(kRoundTrips, [&] {
    for (long i = 0; i < kRoundTrips; ++i) {
      long id = next++;
      requests.post(id);
      while (replied.load(std::memory_order_acquire) < id)
        __builtin_ia32_pause();
    }
  });
  rt.stop();
  loop.join();
  return ns;
}

} // namespace

void messageBenchmarks() {
  double plain = plainQueueNs();
  std::printf("same thread, baseline: deque + std::function %.2f ns/msg\n", plain);
  rate("dingo atomic handler", sameThreadNs(HandlerMode::Atomic, kMessages), plain);
  rate("dingo fiber per message", sameThreadNs(HandlerMode::Fiber, kMessages / 8), plain);

  double plainCross = plainCrossThreadNs();
  std::printf("producer thread -> loop thread, baseline: mutex + condvar batch queue "
              "%.2f ns/msg\n", plainCross);
  rate("dingo Mailbox::post", crossThreadNs(), plainCross);

  double plainRt = plainRoundTripNs();
  std::printf("round trip producer -> handler -> reply, baseline: eventfd + epoll + "
              "atomic %.0f ns\n", plainRt);
  row("dingo post + atomic handler", roundTripNs(), "ns", plainRt);

  std::printf("fiber yield through the loop (switch to loop and back), baseline: "
              "deque + std::function %.2f ns\n", plain);
  row("dingo Runtime::yield", yieldRoundNs(), "ns", plain);
}

} // namespace dingo::bench

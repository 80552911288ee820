// dingo/os_port.h - the loop's one interface to the operating system.
//
// Everything outside the loop thread reaches the loop through this: file
// descriptors that become readable (the kernel channel's eventfd or poll fd,
// test pipes) and wake-ups from other threads. Timers are not here: the loop
// computes the wait timeout from its own timer queue and clock.
#pragma once

#include <cstdint>
#include <functional>
#include <unordered_map>

namespace dingo {

class OsPort {
public:
  virtual ~OsPort() = default;

  // onReadable runs on the loop thread, inside wait(), each time @fd is
  // readable (level-triggered: it must consume what it reads or it is called
  // again). One watcher per fd; the caller keeps owning the fd.
  virtual void watchReadable(int fd, std::function<void()> onReadable) = 0;
  virtual void unwatch(int fd) = 0;

  // Waits until a watched fd is readable or wake() is called, at most
  // @timeoutNs (negative: no limit; 0: just polls), and runs the callbacks of
  // the ready fds. Returns how many callbacks ran.
  virtual int wait(int64_t timeoutNs) = 0;

  // Thread-safe and async-signal-safe: makes the current or next wait()
  // return promptly.
  virtual void wake() = 0;
};

// epoll plus an eventfd for wake().
class EpollPort final : public OsPort {
public:
  EpollPort();
  ~EpollPort() override;
  EpollPort(const EpollPort &) = delete;
  EpollPort &operator=(const EpollPort &) = delete;

  void watchReadable(int fd, std::function<void()> onReadable) override;
  void unwatch(int fd) override;
  int wait(int64_t timeoutNs) override;
  void wake() override;

private:
  int epollFd_;
  int wakeFd_;
  std::unordered_map<int, std::function<void()>> watchers_;
};

} // namespace dingo

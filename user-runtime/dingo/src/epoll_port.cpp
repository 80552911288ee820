#include "dingo/os_port.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace dingo {

namespace {

[[noreturn]] void fatalErrno(const char *what, int fd) {
  std::fprintf(stderr, "dingo: %s (fd %d): %s\n", what, fd, std::strerror(errno));
  std::abort();
}

} // namespace

EpollPort::EpollPort() {
  epollFd_ = epoll_create1(EPOLL_CLOEXEC);
  if (epollFd_ < 0)
    fatalErrno("epoll_create1", -1);
  wakeFd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wakeFd_ < 0)
    fatalErrno("eventfd", -1);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = wakeFd_;
  if (epoll_ctl(epollFd_, EPOLL_CTL_ADD, wakeFd_, &ev) < 0)
    fatalErrno("epoll_ctl(ADD wake eventfd)", wakeFd_);
}

EpollPort::~EpollPort() {
  close(wakeFd_);
  close(epollFd_);
}

void EpollPort::watchReadable(int fd, std::function<void()> onReadable) {
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = fd;
  if (epoll_ctl(epollFd_, EPOLL_CTL_ADD, fd, &ev) < 0)
    fatalErrno("epoll_ctl(ADD)", fd);
  watchers_[fd] = std::move(onReadable);
}

void EpollPort::unwatch(int fd) {
  if (watchers_.erase(fd) == 0)
    return;
  // The fd may already be closed; epoll then forgot it by itself.
  if (epoll_ctl(epollFd_, EPOLL_CTL_DEL, fd, nullptr) < 0 && errno != EBADF &&
      errno != ENOENT)
    fatalErrno("epoll_ctl(DEL)", fd);
}

int EpollPort::wait(int64_t timeoutNs) {
  int timeoutMs;
  if (timeoutNs < 0)
    timeoutMs = -1;
  else // round up: waking early only costs another turn, late misses deadlines
    timeoutMs = static_cast<int>((timeoutNs + 999999) / 1000000);
  epoll_event events[32];
  int n = epoll_wait(epollFd_, events, 32, timeoutMs);
  if (n < 0) {
    if (errno == EINTR)
      return 0;
    fatalErrno("epoll_wait", epollFd_);
  }
  int ran = 0;
  for (int i = 0; i < n; ++i) {
    int fd = events[i].data.fd;
    if (fd == wakeFd_) {
      uint64_t count;
      while (read(wakeFd_, &count, sizeof count) > 0) {
      }
      continue;
    }
    auto it = watchers_.find(fd);
    if (it == watchers_.end())
      continue; // unwatched by an earlier callback of this batch
    std::function<void()> callback = it->second;
    callback();
    ++ran;
  }
  return ran;
}

void EpollPort::wake() {
  uint64_t one = 1;
  // EAGAIN means the counter is saturated: a wake-up is pending anyway.
  ssize_t r = write(wakeFd_, &one, sizeof one);
  (void)r;
}

} // namespace dingo

// dingo/mailbox.h - typed FIFO mailboxes of the event loop.
//
// A mailbox either has a handler, and the loop hands it each message in
// arrival order (atomically on the loop, or in a fresh fiber that may
// block), or it has none, and fibers take messages with receive() or
// Runtime::waitAny(). send() is for the loop thread, post() for any thread.
#pragma once

#include <cassert>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "dingo/runtime.h"

namespace dingo {

enum class Direction { Incoming, Outgoing, Internal };
enum class HandlerMode { Atomic, Fiber };

// What the trace records of a message (record field `b`): integral and enum
// messages record their value; other types may provide a member
// `uint64_t traceWord() const` (a message type code, a call id).
template <class T, class = void> struct HasTraceWord : std::false_type {};
template <class T>
struct HasTraceWord<T, std::void_t<decltype(std::declval<const T &>().traceWord())>>
    : std::true_type {};

template <class T> uint64_t traceWordOf(const T &msg) {
  if constexpr (std::is_integral_v<T> || std::is_enum_v<T>)
    return static_cast<uint64_t>(msg);
  else if constexpr (HasTraceWord<T>::value)
    return msg.traceWord();
  else
    return 0;
}

class MailboxBase {
public:
  MailboxBase(Runtime &rt, const char *name, Direction direction);
  virtual ~MailboxBase();
  MailboxBase(const MailboxBase &) = delete;
  MailboxBase &operator=(const MailboxBase &) = delete;

  uint32_t id() const { return id_; }
  const char *name() const { return name_; }
  Direction direction() const { return direction_; }
  bool hasHandler() const { return hasHandler_; }
  virtual size_t size() const = 0;
  // Arrival number of the oldest pending message; UINT64_MAX when empty.
  virtual uint64_t oldestSeq() const = 0;

  // Runtime side.
  virtual void dispatchOne() = 0;
  virtual void drainRemote() = 0;
  std::vector<udrv_wait_point *> &waiters() { return waiters_; }

protected:
  void arrived(uint64_t seq, uint64_t traceWord);
  void taken(uint64_t seq, uint64_t traceWord);
  void remoteArrived() { rt_.noteRemote(*this); }

  Runtime &rt_;
  bool hasHandler_ = false;
  HandlerMode mode_ = HandlerMode::Atomic;
  std::mutex remoteLock_;

private:
  uint32_t id_;
  char name_[16];
  Direction direction_;
  std::vector<udrv_wait_point *> waiters_;
};

template <class T> class Mailbox final : public MailboxBase {
public:
  using Handler = std::function<void(T &)>;

  Mailbox(Runtime &rt, const char *name, Direction direction = Direction::Internal)
      : MailboxBase(rt, name, direction) {}

  // Set before the first message arrives.
  void setHandler(HandlerMode mode, Handler handler) {
    mode_ = mode;
    handler_ = std::move(handler);
    hasHandler_ = true;
  }

  // Loop thread.
  void send(T msg) {
    uint64_t seq = rt_.nextMessageSeq();
    uint64_t word = rt_.tracing() ? traceWordOf(msg) : 0;
    queue_.push_back(Entry{seq, std::move(msg)});
    arrived(seq, word);
  }

  // Any thread. Messages posted by one thread arrive in the order posted.
  void post(T msg) {
    bool first;
    {
      std::lock_guard<std::mutex> lock(remoteLock_);
      first = remote_.empty();
      remote_.push_back(std::move(msg));
    }
    if (first)
      remoteArrived();
  }

  // Loop thread: the oldest message, if any. Not for mailboxes with a handler.
  std::optional<T> tryReceive() {
    assert(!hasHandler_);
    if (queue_.empty())
      return std::nullopt;
    Entry e = std::move(queue_.front());
    queue_.pop_front();
    if (rt_.tracing())
      taken(e.seq, traceWordOf(e.value));
    return std::optional<T>(std::move(e.value));
  }

  // In a fiber: the oldest message, waiting for one if there is none.
  T receive() {
    MailboxBase *self = this;
    while (queue_.empty())
      rt_.waitAny(&self, 1, 0);
    return std::move(*tryReceive());
  }

  size_t size() const override { return queue_.size(); }
  uint64_t oldestSeq() const override {
    return queue_.empty() ? UINT64_MAX : queue_.front().seq;
  }

  void dispatchOne() override {
    Entry e = std::move(queue_.front());
    queue_.pop_front();
    if (rt_.tracing())
      taken(e.seq, traceWordOf(e.value));
    if (mode_ == HandlerMode::Atomic) {
      handler_(e.value);
      return;
    }
    rt_.startFiberHandler(name(), [this, msg = std::move(e.value)]() mutable {
      handler_(msg);
    });
  }

  void drainRemote() override {
    {
      std::lock_guard<std::mutex> lock(remoteLock_);
      drained_.swap(remote_);
    }
    for (T &msg : drained_)
      send(std::move(msg));
    drained_.clear();
  }

private:
  struct Entry {
    uint64_t seq;
    T value;
  };
  std::deque<Entry> queue_;
  std::vector<T> remote_;
  std::vector<T> drained_;
  Handler handler_;
};

} // namespace dingo

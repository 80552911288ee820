// dingo/trace.h - bounded ring of everything the loop does.
//
// Every message sent or dispatched, every fiber switch, every timer firing
// and every block/wake is one fixed-size record. The ring keeps the newest
// `capacity` records; it is the input of the protocol observers (they read
// records in `seq` order) and is dumped as text when a test or the daemon
// fails. The record layout is part of the interface: see
// docs/ARCHITECTURE.md ("Trace records").
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace dingo {

enum class TraceKind : uint32_t {
  MessageIn = 1,     // sent to an incoming mailbox (from the kernel)
  MessageOut = 2,    // sent to an outgoing mailbox (to the kernel)
  MessageLocal = 3,  // sent to an internal mailbox
  Dispatch = 4,      // a message handed to its handler or receiver
  FiberStart = 5,    // a fiber begins running its function
  FiberSwitch = 6,   // the loop resumes a fiber (peer = fiber id)
  FiberSuspend = 7,  // a fiber gives control back (a = SuspendReason)
  FiberExit = 8,     // a fiber's function returned
  TimerFire = 9,     // a timer's deadline was reached (a = deadline)
  Wake = 10,         // a blocked fiber made runnable (peer = fiber id)
  Timeout = 11,      // a blocked fiber's deadline passed (peer = fiber id)
  Cancel = 12,       // a scheduled call cancelled before it started
};

enum class SuspendReason : uint64_t { Block = 1, Yield = 2, WaitMailbox = 3 };

const char *traceKindName(TraceKind kind);

// 64 bytes, no pointers: records can be copied to a file or another process
// and read back as they are.
struct TraceRecord {
  uint64_t seq;      // 1, 2, 3...: a gap at the ring's start means overwritten
  uint64_t timeNs;   // the runtime clock when recorded
  TraceKind kind;
  uint32_t fiber;    // fiber running when recorded; 0 = the loop itself
  uint32_t mailbox;  // mailbox id for message records, else 0
  uint32_t peer;     // the other fiber of a switch, wake or timeout
  uint64_t a;        // kind-specific: message seq, deadline, handle, reason
  uint64_t b;        // kind-specific: the message's first trace word
  char name[16];     // mailbox, fiber or timer name, truncated, NUL-padded
};
static_assert(sizeof(TraceRecord) == 64, "trace records are 64 bytes");

class TraceRing {
public:
  explicit TraceRing(size_t capacity);

  void record(TraceKind kind, uint64_t timeNs, uint32_t fiber,
              uint32_t mailbox, uint32_t peer, uint64_t a, uint64_t b,
              const char *name);

  size_t capacity() const { return ring_.size(); }
  uint64_t total() const { return next_ - 1; }  // ever recorded
  // The retained records, oldest first.
  std::vector<TraceRecord> snapshot() const;
  void clear();

  // One line per record; see formatRecord().
  void dump(FILE *out) const;
  static std::string formatRecord(const TraceRecord &r);

private:
  std::vector<TraceRecord> ring_;
  uint64_t next_ = 1;
};

} // namespace dingo

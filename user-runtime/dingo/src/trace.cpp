#include "dingo/trace.h"

#include <cinttypes>
#include <cstring>

namespace dingo {

const char *traceKindName(TraceKind kind) {
  switch (kind) {
  case TraceKind::MessageIn: return "msg-in";
  case TraceKind::MessageOut: return "msg-out";
  case TraceKind::MessageLocal: return "msg-local";
  case TraceKind::Dispatch: return "dispatch";
  case TraceKind::FiberStart: return "fiber-start";
  case TraceKind::FiberSwitch: return "fiber-switch";
  case TraceKind::FiberSuspend: return "fiber-suspend";
  case TraceKind::FiberExit: return "fiber-exit";
  case TraceKind::TimerFire: return "timer-fire";
  case TraceKind::Wake: return "wake";
  case TraceKind::Timeout: return "timeout";
  case TraceKind::Cancel: return "cancel";
  }
  return "unknown";
}

TraceRing::TraceRing(size_t capacity) : ring_(capacity ? capacity : 1) {}

void TraceRing::record(TraceKind kind, uint64_t timeNs, uint32_t fiber,
                       uint32_t mailbox, uint32_t peer, uint64_t a, uint64_t b,
                       const char *name) {
  TraceRecord &r = ring_[(next_ - 1) % ring_.size()];
  r.seq = next_++;
  r.timeNs = timeNs;
  r.kind = kind;
  r.fiber = fiber;
  r.mailbox = mailbox;
  r.peer = peer;
  r.a = a;
  r.b = b;
  std::memset(r.name, 0, sizeof r.name);
  if (name)
    std::strncpy(r.name, name, sizeof r.name - 1);
}

std::vector<TraceRecord> TraceRing::snapshot() const {
  std::vector<TraceRecord> out;
  uint64_t count = total() < ring_.size() ? total() : ring_.size();
  out.reserve(count);
  for (uint64_t seq = next_ - count; seq < next_; ++seq)
    out.push_back(ring_[(seq - 1) % ring_.size()]);
  return out;
}

void TraceRing::clear() { next_ = 1; }

std::string TraceRing::formatRecord(const TraceRecord &r) {
  char line[192];
  std::snprintf(line, sizeof line,
                "%" PRIu64 " t=%" PRIu64 " %s fiber=%u mailbox=%u peer=%u a=%" PRIu64
                " b=%" PRIu64 " name=%.16s",
                r.seq, r.timeNs, traceKindName(r.kind), r.fiber, r.mailbox, r.peer,
                r.a, r.b, r.name);
  return line;
}

void TraceRing::dump(FILE *out) const {
  std::fprintf(out, "dingo trace: %" PRIu64 " records, last %zu kept\n", total(),
               total() < ring_.size() ? static_cast<size_t>(total()) : ring_.size());
  for (const TraceRecord &r : snapshot())
    std::fprintf(out, "%s\n", formatRecord(r).c_str());
}

} // namespace dingo

// The observer: runs checked protocol specs against the messages that cross
// the driver/OS boundary and records every verdict.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "observers/spec.h"

namespace observers {

struct Event {
  MessageRef message;
  std::map<std::string, int64_t> args;
  int64_t ret = 0;
  uint64_t timeNs = 0;

  // "?ndo_open(dev=1)", "!ndo_open.ret = -12"
  std::string describe() const;
};

struct ProtocolSnapshot {
  std::string protocol;
  std::optional<int64_t> key;
  std::string state;

  std::string describe() const;  // "UsbPipe[pipe=3]: Active"
};

struct Violation {
  std::string protocol;
  std::optional<int64_t> key;
  std::string state;                      // where the protocol was
  std::string offending;                  // the event, or "timeout"
  std::string reason;
  std::vector<ProtocolSnapshot> states;   // every protocol instance then
  std::vector<std::string> recentEvents;  // oldest first, the offending one last

  std::string format() const;
};

// One protocol's part in accepting an event.
struct Step {
  enum class Kind { Stayed, Moved, Spawned, Ended };
  const Protocol* protocol = nullptr;
  std::optional<int64_t> key;
  Kind kind = Kind::Stayed;
  const State* from = nullptr;
  const State* to = nullptr;

  // "NetDevice: Closed -> Opening", "UsbPipe[pipe=3]: spawned"
  std::string describe() const;
};

struct TraceEntry {
  Event event;
  bool accepted = true;
  std::vector<Step> steps;

  std::vector<std::string> describeSteps() const;
};

class Observer {
 public:
  // `specs` must have passed checkSpecs() and outlive the observer.
  explicit Observer(const SpecSet& specs, size_t historyDepth = 32);

  // Feeds one event; returns false if any protocol concerned rejected it.
  // Timeouts up to the event's time are checked first.
  bool observe(const Event& event);

  // Reports every state whose timeout has expired by `nowNs`.
  void advanceTo(uint64_t nowNs);

  // Puts a protocol (instance) into `state` as if just entered at `nowNs`,
  // with its variables at their initial values; creates a keyed instance.
  // For tests and for attaching mid-life.
  void forceState(const std::string& protocol, const std::string& state,
                  std::optional<int64_t> key = std::nullopt, uint64_t nowNs = 0);

  // The current leaf state, or "" when the (keyed) instance does not exist.
  std::string stateOf(const std::string& protocol, std::optional<int64_t> key = std::nullopt) const;

  std::vector<ProtocolSnapshot> snapshot() const;
  const std::vector<Violation>& violations() const { return violations_; }
  // Every event seen, newest last; bounded (the oldest are dropped).
  const std::deque<TraceEntry>& trace() const { return trace_; }

 private:
  // Per-protocol tables computed once, so that observing allocates little.
  struct Compiled {
    const Protocol* proto = nullptr;
    std::map<std::string, std::vector<const State*>> chains;  // state -> it and its supers
    bool hasTimeouts = false;
  };
  struct Instance {
    const std::vector<const State*>* chain = nullptr;  // leaf first
    std::vector<uint64_t> enteredAt;                    // parallel to chain
    std::vector<bool> timedOut;                         // parallel to chain
    std::map<std::string, int64_t> vars;
    const State* leaf() const { return chain->front(); }
  };
  using Instances = std::map<std::optional<int64_t>, Instance>;

  Instance makeInstance(const Compiled& c, const std::string& leaf, uint64_t now) const;
  bool deliver(size_t index, const Event& event, TraceEntry& entry);
  const Transition* select(const Instance& inst, const Event& event, std::optional<int64_t> key) const;
  void enter(const Compiled& c, Instance& inst, const std::string& target, uint64_t now) const;
  int64_t eval(const Expr& expr, const Instance& inst, const Event* event, std::optional<int64_t> key) const;
  bool inState(const std::string& protocol, const std::string& state, std::optional<int64_t> key) const;
  void report(const Protocol& proto, std::optional<int64_t> key, const std::string& state,
              const std::string& offending, const std::string& reason);

  const SpecSet& specs_;
  size_t historyDepth_;
  std::vector<Compiled> compiled_;                          // in spec order
  std::map<std::string, size_t> indexByName_;
  std::map<MessageRef, std::vector<size_t>> observers_;     // who observes a message
  std::vector<Instances> instances_;                        // parallel to compiled_
  std::vector<Violation> violations_;
  std::deque<TraceEntry> trace_;
};

}  // namespace observers

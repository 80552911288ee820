// From crossings of the split boundary to protocol events, with a policy.
//
// The event runtime's trace names a crossing by what the C code calls: an
// upcall by the ops field the kernel called through
// ("net_device_ops.ndo_open"), a downcall by the kernel function
// ("netif_wake_queue"). A binding table per subsystem
// (annotations/protocols/*.bind) maps those to protocol messages and names
// the arguments the specs test.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "observers/diagnostics.h"
#include "observers/observer.h"

namespace observers {

struct Crossing {
  enum class Kind { Upcall, Downcall };
  Kind kind = Kind::Upcall;
  bool isReply = false;       // the return of the call, carrying `ret`
  std::string callee;         // ops field or kernel function
  std::vector<int64_t> args;  // positional C arguments, as integers/handles
  int64_t ret = 0;
  uint64_t timeNs = 0;
};

struct Binding {
  SourceLocation where;
  Crossing::Kind kind = Crossing::Kind::Upcall;
  std::string callee;
  std::string message;
  std::vector<std::pair<std::string, size_t>> args;  // spec name, C position
};

class BindingTable {
 public:
  // Parses one .bind file; errors (unknown kind, bad argument mapping,
  // duplicate callee) go to `sink` with file:line.
  bool parse(const std::string& file, const std::string& text, DiagnosticSink& sink);
  bool parseFile(const std::string& path, DiagnosticSink& sink);

  // Every bound message must be declared by some protocol with the matching
  // direction (upcall: '?', downcall: '!'), and every argument it names.
  bool check(const SpecSet& specs, DiagnosticSink& sink) const;

  const Binding* find(Crossing::Kind kind, const std::string& callee) const;
  size_t size() const { return bindings_.size(); }

 private:
  std::vector<Binding> bindings_;  // file order, so diagnostics are too
  std::map<std::pair<Crossing::Kind, std::string>, size_t> index_;
};

// What the runtime does with a crossing a protocol rejected.
enum class Policy {
  Log,           // record the violation, let the crossing proceed
  FailCrossing,  // record it and fail the offending downcall with an error
  Stop,          // record it and stop the user half
};

enum class Action { Proceed, FailCrossing, Stop };

class Monitor {
 public:
  using Reporter = std::function<void(const Violation&)>;

  Monitor(const SpecSet& specs, const BindingTable& bindings, Policy policy, Reporter reporter,
          size_t historyDepth = 32);

  // Observes one crossing; crossings no binding names pass unobserved.
  Action onCrossing(const Crossing& crossing);
  void advanceTo(uint64_t nowNs);

  Observer& observer() { return observer_; }
  uint64_t observed() const { return observed_; }
  uint64_t unbound() const { return unbound_; }

 private:
  void flushViolations();

  const BindingTable& bindings_;
  Policy policy_;
  Reporter reporter_;
  Observer observer_;
  size_t reported_ = 0;
  uint64_t observed_ = 0;
  uint64_t unbound_ = 0;
};

}  // namespace observers

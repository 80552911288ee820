// The split plan: a plain model of what goes to which half. Built by
// planSplit() from the analysis model and the source facts; the writers
// (kernel half, user half, report) only read it.
#pragma once

#include "analyzer/Diagnostics.h"
#include "analyzer/Model.h"
#include "splitter/SourceFacts.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace splitdriver::splitter {

enum class Half { Kernel, User };
const char *halfName(Half half);

// What one half does with a definition.
enum class Placement {
  Keep,  // verbatim
  Stub,  // same signature, the body crosses to the other half
  Drop,  // nothing in this half refers to it
};
const char *placementName(Placement placement);

struct PlannedFunction {
  std::string name;
  std::string file;
  unsigned line = 0;
  Half home = Half::User;  // the half that runs its body
  Placement kernel = Placement::Drop, user = Placement::Drop;
  std::string why;  // from the analysis, or the splitter's own rule

  Placement in(Half half) const { return half == Half::Kernel ? kernel : user; }
};

struct PlannedVariable {
  std::string name;
  std::string file;
  unsigned line = 0;
  bool kernel = false, user = false;
  std::string why;
};

// A function the other half calls: a stub where it is called, a handler
// where it runs. Arguments and results cross in 64-bit slots when they are
// scalars; anything else needs a generated codec, listed in `missing`.
struct PlannedCall {
  unsigned id = 0;  // function id on the channel, per direction
  std::string function;
  std::string file;  // where its body runs
  std::vector<Parameter> parameters;
  std::string returnType;
  ValueClass returnClass = ValueClass::Void;
  std::vector<std::string> missing;  // "netdev (struct net_device *)", "result (...)"
  bool marshalable() const { return missing.empty(); }
};

struct PlannedEntry {
  std::string function;  // empty: the driver has no such entry
  std::string file;
};

struct Plan {
  std::string driver;
  std::vector<std::string> files;  // sources, sorted
  std::map<std::string, PlannedFunction> functions;
  std::map<std::string, PlannedVariable> variables;  // key "file:name"
  std::vector<PlannedCall> upcalls;    // kernel half -> user half
  std::vector<PlannedCall> downcalls;  // user half -> kernel half
  PlannedEntry moduleInit, moduleExit;

  const PlannedCall *upcall(const std::string &function) const;
  const PlannedCall *downcall(const std::string &function) const;
};

// Unanswered questions of the analysis: each one becomes an error naming
// the question and the sidecar annotation that answers it. True if none.
bool checkQuestions(const analyzer::Model &model, analyzer::DiagnosticSink &sink);

// Errors (a function defined twice, a model function with no definition)
// go to `sink` and make it return nothing.
std::optional<Plan> planSplit(const analyzer::Model &model, const SourceFacts &facts,
                              analyzer::DiagnosticSink &sink);

}  // namespace splitdriver::splitter

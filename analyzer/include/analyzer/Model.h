// The analysis model: what the analyzer concludes about one driver. Plain
// data; the generators (JSON, text, DOT) only read it. The JSON form is
// documented in docs/ARCHITECTURE.md (format "split-driver-analysis").
#pragma once

#include "analyzer/Rules.h"
#include "analyzer/Sidecar.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace splitdriver::analyzer {

constexpr int kModelVersion = 1;

enum class Side { Kernel, User };
const char *sideName(Side side);

// Why a function may or may not move.
enum class Constraint {
  Forced,  // kernel: imposed context, data path, or a lock shared with the kernel
  Anchor,  // user: a process-context entry point from the kernel
  Pinned,  // the sidecar pins it
  Free,    // the cut decides
};
const char *constraintName(Constraint constraint);

struct ModelFunction {
  std::string name;
  std::string file;
  unsigned beginLine = 0;
  unsigned endLine = 0;
  bool isStatic = false;
  std::set<Context> contexts;  // imposed by the kernel, propagated along calls
  bool dataPath = false;
  // Context (or "datapath") -> the call chain that imposes it.
  std::map<std::string, std::string> contextReasons;
  std::vector<std::string> roles;  // how the kernel reaches it directly
  Side side = Side::User;
  Constraint constraint = Constraint::Free;
  std::vector<std::string> reason;  // the chain, outermost first

  unsigned lines() const { return endLine >= beginLine ? endLine - beginLine + 1 : 0; }
};

enum class EdgeKind { Direct, Field, Variable, CallbackArg };
const char *edgeKindName(EdgeKind kind);

struct ModelEdge {
  std::string caller;
  std::string callee;
  EdgeKind kind = EdgeKind::Direct;
  std::string via;                    // "struct.field" or variable for indirect edges
  std::set<std::string> heldLocks;    // driver spinlocks held at the call
  std::string file;
  unsigned line = 0;
  bool inLoop = false;     // one of its calls sits in a loop of the caller
  double weight = 1;
  bool crossing = false;  // the sides of caller and callee differ
};

// A kernel entry into the driver, from a rule.
struct ModelRoot {
  std::string function;
  std::string how;  // "net_device_ops.ndo_open", "request_irq arg 1"
  CallbackSpec spec;
  bool assumed = false;  // no rule matched: process assumed, see questions
  // module_init / module_exit: the kernel half is the module, so it runs them.
  bool moduleEntry = false;
  // A `defer` annotation: the kernel half's work item calls it after its
  // kernel callers have returned, in process context.
  bool deferred = false;
};

struct ModelExternal {
  std::string name;
  std::set<std::string> callers;
  bool sleeps = false;  // a `sleeps` rule names it
};

struct ModelLock {
  std::string name;  // "struct.field" or a global
  std::string kind;
  std::set<std::string> kernelTakers, userTakers;
  std::string status;      // kernel-local, user-local, shared
  std::string resolution;  // for shared: kernel or combolock
  std::string why;
};

// A field's type facts and layout, as the collector found them.
using ModelField = FieldTypeFact;

struct FieldAccessSet {
  std::set<std::string> in;   // read by the callee side ("struct.field" or global)
  std::set<std::string> out;  // written by the callee side
};

struct ModelCrossing {
  std::string caller;  // "(kernel)" for an entry from the kernel
  std::string callee;
  std::string direction;  // upcall (kernel -> user) or downcall (user -> kernel)
  std::string via;        // root role or edge kind
  FieldAccessSet state;
  // A downcall of a kernel function with a kernel API model: the kernel
  // owns what it reads, so those fields must be current in both halves.
  bool kernelApi = false;
  // An upcall of a deferred function: queued, its kernel caller goes on.
  bool deferred = false;
  // A kernel entry: the lock the kernel holds when it calls (holds=), and
  // for a deferred one how the kernel half takes it while it reads the
  // arguments (a guard rule: C over $0, $1, ...).
  std::string holds, guardTake, guardRelease;
};

// A pointer argument that points to a buffer of a known length (a `buffer`
// rule matched the function's ops slot, or the kernel function itself).
struct ModelBuffer {
  int arg = 0;
  std::string direction;  // in, out, inout
  std::string length;     // C expression over $0, $1, ...
  std::string rule;       // file:line
};

// A kernel API model (a `model` rule) of a kernel function the driver calls:
// whether it may run or wait for driver code, and the fields ("struct.field")
// of its arguments it reads and writes. The kernel half runs it, so a user
// function that calls it is a crossing with that state.
struct ModelKernelApi {
  bool noUpcall = false;
  bool mayUpcall = false;
  std::set<std::string> reads, writes;
  std::vector<std::string> rules;  // file:line of each model line
};

struct ModelQuestion {
  std::string subject;  // "struct.field" or function
  std::string question;
  std::string answer;  // the sidecar line that answers it
};

struct ModelSummary {
  unsigned functions = 0, kernelFunctions = 0, userFunctions = 0;
  unsigned kernelLines = 0, userLines = 0;
  double kernelLinePercent = 0;
  unsigned crossingEdges = 0;
  double cutCost = 0;       // crossing weights + line cost of free functions moved to the kernel
  double lineCostPerLine = 0;
};

struct Model {
  std::string driver;
  std::vector<std::string> sources;
  std::vector<std::string> rulesFiles;
  std::map<std::string, ModelFunction> functions;
  std::vector<ModelEdge> edges;
  std::vector<ModelRoot> roots;
  std::map<std::string, ModelExternal> externals;
  std::map<std::string, ModelLock> locks;
  std::map<std::string, ModelField> fields;
  std::map<std::string, RecordFact> records;  // the records `fields` names
  std::vector<ModelCrossing> crossings;
  // Driver functions (by their ops slot) and kernel functions with buffer
  // arguments.
  std::map<std::string, std::vector<ModelBuffer>> buffers;
  std::map<std::string, ModelKernelApi> kernelApi;  // kernel functions the driver calls
  // What the halves' bus glue needs (the rules that apply): every bus; the
  // ledger and mmio rules of kernel functions the driver calls and the
  // resource kinds they name, in the rules' order.
  std::vector<BusRule> buses;
  std::vector<ResourceRule> resources;
  std::vector<LedgerRule> ledger;
  std::vector<MmioRule> mmio;
  std::vector<OwnRule> owns;  // every `own` rule
  std::vector<ModelQuestion> questions;
  std::vector<std::string> unresolved;  // indirect calls with no driver target
  std::vector<std::string> warnings;    // e.g. a sleeping call in atomic context
  Annotations annotations;
  ModelSummary summary;
};

}  // namespace splitdriver::analyzer

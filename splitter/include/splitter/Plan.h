// The split plan: a plain model of what goes to which half. Built by
// planSplit() from the analysis model and the source facts; the writers
// (kernel half, user half, report) only read it.
#pragma once

#include "analyzer/Diagnostics.h"
#include "analyzer/Model.h"
#include "splitter/Crossings.h"
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
  // With a codec (--codec): how each argument and the result travel, and
  // the opaque pointers the report lists ("data (void *): void *").
  std::vector<CrossingArg> args;
  CrossingArg result;
  std::vector<std::string> opaque;
  // An upcall the sidecar defers: the kernel half queues it on a work item
  // and its caller goes on. deferOwner is the C expression (over the
  // parameters) of the net_device held until it has run, or "NULL" when no
  // argument points anywhere; deferWhere is the annotation's file:line.
  bool deferred = false;
  std::string deferOwner, deferWhere;
  // The lock the kernel entered it under, taken around reading the
  // arguments: C over $0, $1, ... (a guard rule), or empty.
  std::string guardTake, guardRelease;
  bool marshalable() const { return missing.empty(); }
};

// What a kernel API call does beyond its result that the halves handle:
// device memory it maps for the user half (an mmio rule) or unmaps, DMA
// memory (kenv allocates it in a udrv region), a net_device with its
// private area.
enum class KernelCallEffect { None, MapResource, MapPhys, Unmap, DmaAlloc, DmaFree, NetdevAlloc };
const char *kernelCallEffectName(KernelCallEffect effect);

// A kernel API function the user half calls that kenv's downcalls.txt
// lists: served in the kernel half by a generated handler.
struct PlannedKernelCall {
  unsigned kenvId = 0;  // channel id kKernelApiBase + kenvId
  ExternalFunction prototype;  // as clang sees it in the driver's files
  std::vector<CrossingArg> args;
  CrossingArg result;
  bool mayUpcall = false;
  std::string mayUpcallWhy;
  std::string inlineWhy;  // a kernel API model's noupcall
  KernelCallEffect effect = KernelCallEffect::None;
  analyzer::MmioRule mmio;                    // effect MapResource, MapPhys, Unmap
  std::optional<analyzer::LedgerRule> ledger;  // what it adds to the ledger or forgets
  std::vector<std::string> missing;
  std::vector<std::string> opaque;
};

// An entry of the function table (docs/CROSSING.md section 3): a driver
// function (real or stub in each half) or a kernel function whose address
// the driver takes.
struct TableFunction {
  std::string name;
  bool driver = true;
};

// A driver variable a crossing object may point to (ops tables, bus
// drivers): kept in both halves, an entry of the globals table.
struct TableGlobal {
  std::string name;
  std::string file;
  std::string type;
};

// A variable both halves use and one writes: plain data (no pointers), a
// pointer to a described struct or a string. A scalar is applied whole
// where the peer changed it, an aggregate (array, struct) byte by byte; a
// pointer crosses as its object (objectTag set, or string), through the
// object tracker.
struct SharedVariable {
  std::string name;
  std::string file;
  std::string type;
  bool aggregate = false;
  std::string objectTag;
  bool string = false;
};

// A variable of a bus rule's driver struct: registered as <drv>_k by the
// kernel half, its remove slot wrapped to release the ledger.
struct BusDriver {
  std::string variable;
  std::string file;
  analyzer::BusRule bus;
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
  // module_<bus>_driver(var): init and exit written
  // by the macro; the kernel half registers `var` itself.
  std::string moduleDriverVariable;
  std::vector<TableFunction> functionTable;  // sorted by name
  std::vector<TableGlobal> globalTable;      // sorted by name
  // Variables both halves use and one may write: their values cross with
  // every call (sdm_symbols.shared), in this order.
  std::vector<SharedVariable> sharedVariables;
  std::vector<BusDriver> busDrivers;
  // The ledger's resource kinds (the model's, in the rules' order).
  std::vector<analyzer::ResourceRule> resources;
  std::optional<CodecDescription> codec;
  std::vector<PlannedKernelCall> kernelCalls;  // by kenv id
  std::vector<std::string> kenvDowncalls;      // kenv's table, for the user half's transport

  const PlannedCall *upcall(const std::string &function) const;
  const PlannedCall *downcall(const std::string &function) const;
};

// Unanswered questions of the analysis: each one becomes an error naming
// the question and the sidecar annotation that answers it. True if none.
bool checkQuestions(const analyzer::Model &model, analyzer::DiagnosticSink &sink);

// Errors (a function defined twice, a model function with no definition)
// go to `sink` and make it return nothing.
struct PlanOptions {
  std::optional<CodecDescription> codec;  // --codec: marshaled crossings
  std::vector<std::string> kenvDowncalls;  // kenv's downcalls.txt, with a codec
};

std::optional<Plan> planSplit(const analyzer::Model &model, const SourceFacts &facts,
                              analyzer::DiagnosticSink &sink,
                              const PlanOptions &options = PlanOptions());

}  // namespace splitdriver::splitter

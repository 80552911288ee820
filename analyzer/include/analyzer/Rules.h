// Kernel API rules (annotations/kernel-api/*.rules): which callbacks run in
// which context, which kernel calls take and release locks. Data, not code:
// a new subsystem needs a rules file.
#pragma once

#include "analyzer/Diagnostics.h"

#include <optional>
#include <string>
#include <vector>

namespace splitdriver::analyzer {

// Execution contexts, ordered from least to most constrained.
enum class Context { Process = 0, Atomic = 1, Softirq = 2, Hardirq = 3 };
constexpr int kContextCount = 4;
const char *contextName(Context context);
std::optional<Context> parseContext(const std::string &text);

struct RuleOrigin {
  std::string file;
  unsigned line = 0;
};

// What a callback rule promises about the function it names.
struct CallbackSpec {
  Context context = Context::Process;
  bool dataPath = false;        // a fast-path root: stays in the kernel
  std::string holds;            // lock the kernel holds when it calls back
  std::string label;            // human name ("NAPI poll")
  RuleOrigin origin;
};

// callback <struct>.<field|*> <context> [datapath] [holds=<lock>] ["label"]
struct FieldCallbackRule {
  std::string structName;
  std::string field;  // "*" matches every field
  CallbackSpec spec;
};

// register <function> <arg-index> <context> [datapath] [holds=<lock>] ["label"]
struct RegisterRule {
  std::string function;
  int argIndex = 0;
  CallbackSpec spec;
};

// lock <function> <arg-index|-> acquire|release <kind> [global=<name>]
struct LockRule {
  std::string function;
  int argIndex = -1;  // -1: a global lock named by `global`
  bool acquire = true;
  std::string kind;   // spinlock, mutex, rwlock, ...
  std::string global;
  RuleOrigin origin;
};

// passthrough <function> <arg-index>: returns (part of) that argument.
struct PassthroughRule {
  std::string function;
  int argIndex = 0;
};

// buffer <struct>.<field>|<function> <arg-index> in|out|inout "<length>":
// argument <arg-index> of the callback in that ops slot (or of that kernel
// function) points to a buffer of <length> bytes, a C expression over the
// arguments ($0, $1, ...) evaluated by the caller.
struct BufferRule {
  std::string structName, field;  // a callback slot, or
  std::string function;           // a kernel function
  int argIndex = 0;
  std::string direction;  // in, out, inout
  std::string length;
  RuleOrigin origin;
};

// What a kernel function the user half may downcall does with its object
// arguments and with driver code (DriverSlicer's kernel API model):
//   model <function> noupcall
//     it neither calls nor waits for driver code: the kernel half serves
//     the downcall inline, not on a worker that may upcall;
//   model <function> mayupcall
//     it may wait for driver code the arguments do not show (a threaded
//     handler, a lock held across an upcall): always on a worker;
//   model <function> <arg-index> <struct> reads|writes <field>...
//     it reads (or writes) those fields of the struct argument
//     <arg-index> points to: they cross toward the kernel (or back).
// Fields are checked against the real struct, and <struct> against the
// prototype, in every driver that calls the function.
struct ModelRule {
  std::string function;
  bool noUpcall = false;
  bool mayUpcall = false;
  int argIndex = -1;
  std::string structName;
  bool writes = false;
  std::vector<std::string> fields;
  RuleOrigin origin;
};

// guard <lock> "<take>" "<release>": how kernel code takes and releases the
// lock a callback rule says the kernel holds (holds=<lock>), as C over the
// callback's arguments ($0, $1, ...). The kernel half of a deferred
// callback holds it while it reads the arguments, as the caller did.
struct GuardRule {
  std::string lock;
  std::string take, release;
  RuleOrigin origin;
};

// ignore <name|prefix*>: compiler-generated noise (BUILD_BUG_ON helpers,
// module_init stubs) that is neither a driver function nor a kernel API.
// sleeps <function>: a kernel call that may sleep (never in atomic context).
struct Rules {
  std::vector<std::string> ignores;
  std::vector<std::string> sleepers;
  std::vector<FieldCallbackRule> callbacks;
  std::vector<RegisterRule> registrations;
  std::vector<LockRule> locks;
  std::vector<PassthroughRule> passthroughs;
  std::vector<BufferRule> buffers;
  std::vector<ModelRule> models;
  std::vector<GuardRule> guards;
  std::vector<std::string> files;  // the files the rules came from

  const FieldCallbackRule *findCallback(const std::string &structName,
                                        const std::string &field) const;
  const RegisterRule *findRegistration(const std::string &function, int argIndex) const;
  const LockRule *findLock(const std::string &function) const;
  const PassthroughRule *findPassthrough(const std::string &function) const;
  const GuardRule *findGuard(const std::string &lock) const;
  bool isIgnored(const std::string &function) const;
  // Spinlock-like kinds make their critical sections atomic.
  static bool isAtomicLockKind(const std::string &kind);
};

// Parses one rules text; errors carry `file`:line:col. Returns false on error.
bool parseRules(const std::string &text, const std::string &file, Rules &rules,
                DiagnosticSink &sink);
// Loads every *.rules file of a directory, in name order.
bool loadRulesDirectory(const std::string &directory, Rules &rules, DiagnosticSink &sink);

}  // namespace splitdriver::analyzer

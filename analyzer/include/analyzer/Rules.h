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

// bus <name> <driver-struct> <register> <unregister> <remove-slot>
//     "<remove's first parameter type>" "<its struct device *, C over $0>"
// A bus whose drivers are variables of `struct <driver-struct>`: the kernel
// half registers them itself (as <drv>_k) and wraps the remove slot, so a
// device that goes also releases what a gone user half still held.
struct BusRule {
  std::string name;          // pci, usb, ...
  std::string driverStruct;  // the struct a driver variable has
  std::string registerFn, unregisterFn;
  std::string removeSlot;    // remove, disconnect
  std::string removeParam;   // its C type, pointer star included
  std::string removeDevice;  // "&$0->dev"
  RuleOrigin origin;
};

// resource <KIND> owner "<struct device *, C over $obj>"|via <KIND>
//          release "<C over $obj, $arg>" [quiesce "<C>"|release "<log label>"] [keyed]
// A kernel resource the user half may hold through its downcalls: the
// kernel half's ledger records it (acquire/release rules), quiesces it when
// the user half dies (stops what would touch freed memory) and releases it
// when its owner device goes (or a child of it: a USB interface releases
// what its device holds). `quiesce release` releases it at quiesce (a NAPI
// context is disabled, not left for the remove). `via` takes the owner of the ledger entry of
// that kind with the same object (an IRQ's dev_id is a net_device);
// `keyed` entries match on their argument too (an IRQ line).
struct ResourceRule {
  std::string kind;  // upper case, a C identifier: PCI_ENABLED
  std::string owner, ownerVia;
  std::string release;
  std::string quiesce, quiesceLabel;
  bool quiesceReleases = false;
  bool keyed = false;
  RuleOrigin origin;
};

// acquire|release <function> <KIND> "<obj>" "<arg>" [if "<condition>"]
// After a downcall of <function>, the ledger adds (or forgets) an entry of
// <KIND> for the object and argument, C over the arguments $0, $1, ... and
// the result $ret; `if` makes it conditional (`!(int)$ret`).
struct LedgerRule {
  std::string function;
  bool acquire = true;
  std::string kind;
  std::string object, argument, condition;
  RuleOrigin origin;
};

// mmio <function> resource "<struct device *>" "<struct resource array>" "<index>"
// mmio <function> phys "<physical address>"
// mmio <function> unmap
// A kernel function that maps device memory for the user half (returns an
// __iomem pointer to the start of the device's resource <index>, a BAR, or
// to the physical address), or unmaps it (the kernel keeps the mapping
// until the device goes). C over the arguments $0, $1, ...
enum class MmioKind { Resource, Phys, Unmap };
const char *mmioKindName(MmioKind kind);
std::optional<MmioKind> parseMmioKind(const std::string &text);

struct MmioRule {
  std::string function;
  MmioKind kind = MmioKind::Resource;
  std::string device, resources, index, phys;
  RuleOrigin origin;
};

// own <struct> "<C>": a `struct <struct> *` argument of a kernel API call
// the user half makes is the kernel half's own (its module: THIS_MODULE),
// whatever the user half holds; the kernel half's handler passes <C>.
struct OwnRule {
  std::string structName;
  std::string value;
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
  std::vector<BusRule> buses;
  std::vector<ResourceRule> resources;
  std::vector<LedgerRule> ledger;
  std::vector<MmioRule> mmio;
  std::vector<OwnRule> owns;
  std::vector<std::string> files;  // the files the rules came from

  const FieldCallbackRule *findCallback(const std::string &structName,
                                        const std::string &field) const;
  const RegisterRule *findRegistration(const std::string &function, int argIndex) const;
  const LockRule *findLock(const std::string &function) const;
  const PassthroughRule *findPassthrough(const std::string &function) const;
  const GuardRule *findGuard(const std::string &lock) const;
  const ResourceRule *findResource(const std::string &kind) const;
  const MmioRule *findMmio(const std::string &function) const;
  bool isIgnored(const std::string &function) const;
  // Spinlock-like kinds make their critical sections atomic.
  static bool isAtomicLockKind(const std::string &kind);
};

// Parses one rules text; errors carry `file`:line:col. Returns false on error.
bool parseRules(const std::string &text, const std::string &file, Rules &rules,
                DiagnosticSink &sink);
// Every resource kind a ledger rule or a `via` names is declared (rules of
// one directory may refer to each other's kinds). Errors name the rule.
bool checkRuleReferences(const Rules &rules, DiagnosticSink &sink);
// Loads every *.rules file of a directory, in name order, and checks their
// references.
bool loadRulesDirectory(const std::string &directory, Rules &rules, DiagnosticSink &sink);

}  // namespace splitdriver::analyzer

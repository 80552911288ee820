// planSplit(): homes from the analysis, then, for each half separately, a
// liveness walk over the top-level declarations of every file. Roots are
// what the half must contain (its own functions, entry points, macro-made
// declarations, externally visible variables); a reference from a live
// declaration makes the target live. A live function whose home is the
// other half becomes a stub (its body, and so its references, do not come
// along). What stays dead is dropped, so neither half carries unused
// statics the compiler would warn about.
#include "splitter/Plan.h"

#include "KernelCallEffects.h"

#include <llvm/ADT/StringRef.h>

#include <algorithm>
#include <deque>
#include <map>
#include <set>

namespace splitdriver::splitter {
namespace {

using analyzer::Model;

struct DeclRef {
  const FileFacts *file;
  const TopLevelDecl *decl;
};

bool within(const ByteRange &inner, const EntryMacro &macro) {
  return macro.range.valid() && inner.begin >= macro.range.begin && inner.end <= macro.range.end;
}

class Planner {
public:
  Planner(const Model &model, const SourceFacts &facts, analyzer::DiagnosticSink &sink,
          const PlanOptions &options)
      : model_(model), facts_(facts), sink_(sink), options_(options) {}

  std::optional<Plan> run() {
    plan_.driver = model_.driver;
    plan_.codec = options_.codec;
    for (const FileFacts &file : facts_.files) {
      plan_.files.push_back(file.path);
      index(file);
    }
    if (sink_.errorCount() != errorsBefore_)
      return std::nullopt;
    assignHomes();
    makeTables();
    for (Half half : {Half::Kernel, Half::User})
      walk(half);
    placeVariables();
    makeCalls();
    planDeferrals();
    if (plan_.codec)
      planKernelCalls();
    if (sink_.errorCount() != errorsBefore_)
      return std::nullopt;
    return std::move(plan_);
  }

private:
  const Model &model_;
  const SourceFacts &facts_;
  analyzer::DiagnosticSink &sink_;
  const PlanOptions &options_;
  unsigned errorsBefore_ = sink_.errorCount();
  Plan plan_;
  std::map<std::string, DeclRef> definitions_;          // function name -> definition
  std::map<std::string, std::vector<DeclRef>> byName_;  // every top-level decl
  std::set<std::string> live_[2];                       // per half: "file:name" or function name
  std::set<std::string> mayBeWritten_;                 // variables some declaration may write (by name)

  static std::string variableKey(const FileFacts &file, const TopLevelDecl &decl) {
    return file.path + ":" + decl.name;
  }

  // What module_init/module_exit expand to is rewritten with the macro.
  static bool entryMachinery(const FileFacts &file, const TopLevelDecl &decl) {
    return within(decl.range, file.moduleInit) || within(decl.range, file.moduleExit);
  }

  void index(const FileFacts &file) {
    for (const TopLevelDecl &decl : file.decls) {
      if (entryMachinery(file, decl))
        continue;
      byName_[decl.name].push_back({&file, &decl});
      if (decl.kind != DeclKind::Function)
        continue;
      auto [it, inserted] = definitions_.emplace(decl.name, DeclRef{&file, &decl});
      if (!inserted)
        sink_.error("function " + decl.name + " is defined in two files (" +
                        it->second.file->path + " and here): the splitter names functions by "
                        "name and cannot split this driver yet",
                    file.path, decl.line);
    }
    if (!file.moduleInit.function.empty())
      plan_.moduleInit = {file.moduleInit.function, file.path};
    if (!file.moduleExit.function.empty())
      plan_.moduleExit = {file.moduleExit.function, file.path};
    // module_<bus>_driver(var) writes var_init and var_exit in one invocation.
    const std::string suffix = "_init";
    const std::string &init = file.moduleInit.function;
    if (file.moduleInit.range.valid() && file.moduleInit.range.begin == file.moduleExit.range.begin &&
        init.size() > suffix.size() && init.compare(init.size() - suffix.size(), suffix.size(), suffix) == 0)
      plan_.moduleDriverVariable = init.substr(0, init.size() - suffix.size());
  }

  // The tables of docs/CROSSING.md section 3: every driver function that
  // is not in .init/.exit (their addresses must not outlive loading) and
  // every kernel function whose address the driver takes; every ops table
  // or bus driver (a variable that names functions).
  void makeTables() {
    std::set<std::string> functions, kernelFunctions;
    for (const auto &[name, ref] : definitions_)
      if (!ref.decl->fromMacro && !ref.decl->initSection && !ref.decl->exitSection)
        functions.insert(name);
    std::map<std::string, TableGlobal> globals;
    for (const FileFacts &file : facts_.files)
      for (const TopLevelDecl &decl : file.decls) {
        if (entryMachinery(file, decl))
          continue;
        for (const std::string &taken : decl.addressTaken)
          if (!definitions_.count(taken) && file.externals.count(taken))
            kernelFunctions.insert(taken);
        if (decl.kind != DeclKind::Variable || decl.used || decl.grouped)
          continue;
        const analyzer::BusRule *bus = busOf(decl.variableType);
        if (bus)
          plan_.busDrivers.push_back({decl.name, file.path, *bus});
        bool namesFunction = false;
        for (const std::string &target : decl.references)
          namesFunction |= definitions_.count(target) > 0 || file.externals.count(target) > 0;
        if (namesFunction || bus)
          globals[decl.name] = {decl.name, file.path, decl.variableType};
      }
    plan_.resources = model_.resources;
    checkModuleDriver();
    for (const std::string &name : functions)
      plan_.functionTable.push_back({name, true});
    for (const std::string &name : kernelFunctions)
      plan_.functionTable.push_back({name, false});
    std::sort(plan_.functionTable.begin(), plan_.functionTable.end(),
              [](const TableFunction &a, const TableFunction &b) { return a.name < b.name; });
    for (auto &[name, global] : globals)
      plan_.globalTable.push_back(std::move(global));
  }

  void assignHomes() {
    for (const auto &[name, ref] : definitions_) {
      PlannedFunction f;
      f.name = name;
      f.file = ref.file->path;
      f.line = ref.decl->line;
      auto analysed = model_.functions.find(name);
      if (name == plan_.moduleInit.function || name == plan_.moduleExit.function) {
        f.home = Half::Kernel;
        f.why = "module entry point: the kernel half registers with the kernel as the "
                "original did";
      } else if (ref.decl->fromMacro) {
        f.home = Half::Kernel;
        f.why = "written by a kernel macro";
      } else if (analysed != model_.functions.end()) {
        f.home = analysed->second.side == analyzer::Side::Kernel ? Half::Kernel : Half::User;
        f.why = analysed->second.reason.empty() ? analyzer::constraintName(
                                                      analysed->second.constraint)
                                                : analysed->second.reason.front();
      } else {
        f.home = Half::User;
        f.why = "not in the analysis model: user half by default";
      }
      plan_.functions[name] = std::move(f);
    }
  }

  bool isRoot(Half half, const FileFacts &file, const TopLevelDecl &decl) const {
    if (entryMachinery(file, decl))
      return false;
    if (decl.kind == DeclKind::Function)
      return plan_.functions.at(decl.name).home == half;
    if (decl.kind != DeclKind::Variable)
      return false;
    return !decl.isStatic || decl.grouped || decl.used;
  }

  void walk(Half half) {
    std::set<std::string> &live = live_[half == Half::Kernel ? 0 : 1];
    std::deque<std::string> work;  // names whose references to follow
    auto reach = [&](const std::string &key, const std::string &name) {
      if (live.insert(key).second)
        work.push_back(name);
    };
    for (const FileFacts &file : facts_.files)
      for (const TopLevelDecl &decl : file.decls)
        if (isRoot(half, file, decl))
          reach(decl.kind == DeclKind::Variable ? variableKey(file, decl) : decl.name,
                decl.name);
    if (half == Half::Kernel) {
      for (const PlannedEntry *entry : {&plan_.moduleInit, &plan_.moduleExit})
        if (!entry->function.empty())
          reach(entry->function, entry->function);
      // module_<bus>_driver(var): the kernel half's
      // init registers var itself, although no kernel function names it.
      auto driver = byName_.find(plan_.moduleDriverVariable);
      for (const DeclRef &ref : driver == byName_.end() ? std::vector<DeclRef>() : driver->second)
        if (ref.decl->kind == DeclKind::Variable && !plan_.moduleDriverVariable.empty())
          reach(variableKey(*ref.file, *ref.decl), plan_.moduleDriverVariable);
    }
    // The tables (written with a codec) name every entry in both halves,
    // real or stub. Without a codec nothing would use them: the liveness
    // walk alone decides.
    if (plan_.codec)
      for (const TableFunction &entry : plan_.functionTable)
        if (entry.driver)
          reach(entry.name, entry.name);
    for (const TableGlobal &global : plan_.codec ? plan_.globalTable : std::vector<TableGlobal>())
      for (const DeclRef &ref : byName_[global.name])
        if (ref.decl->kind == DeclKind::Variable && ref.file->path == global.file)
          reach(variableKey(*ref.file, *ref.decl), global.name);
    while (!work.empty()) {
      std::string name = work.front();
      work.pop_front();
      for (const DeclRef &ref : byName_[name]) {
        // A stub's body is replaced: what the original body used is not needed.
        if (ref.decl->kind == DeclKind::Function &&
            plan_.functions.at(name).home != half)
          continue;
        if (ref.decl->kind == DeclKind::Prototype)
          continue;
        for (const std::string &target : ref.decl->references)
          reachName(target, reach);
      }
    }
    for (auto &[name, f] : plan_.functions) {
      Placement placement = !live.count(name) ? Placement::Drop
                            : f.home == half  ? Placement::Keep
                                              : Placement::Stub;
      (half == Half::Kernel ? f.kernel : f.user) = placement;
    }
  }

  template <typename Reach> void reachName(const std::string &target, Reach &reach) {
    auto decls = byName_.find(target);
    if (decls == byName_.end())
      return;  // a kernel symbol or a header's inline function
    for (const DeclRef &ref : decls->second) {
      if (ref.decl->kind == DeclKind::Variable)
        reach(variableKey(*ref.file, *ref.decl), target);
      else if (ref.decl->kind == DeclKind::Function)
        reach(target, target);
    }
  }

  // Variables a module parameter sets: what __param_<name> points to,
  // through __param_arr_<name> for arrays (the array and its count).
  static std::set<std::string> parameterVariables(const FileFacts &file) {
    std::map<std::string, const TopLevelDecl *> variables;
    for (const TopLevelDecl &decl : file.decls)
      if (decl.kind == DeclKind::Variable)
        variables[decl.name] = &decl;
    std::set<std::string> out;
    std::deque<std::string> work;
    for (const auto &[name, decl] : variables)
      if (llvm::StringRef(name).starts_with("__param_") &&
          !llvm::StringRef(name).starts_with("__param_str_"))
        work.push_back(name);
    while (!work.empty()) {
      auto found = variables.find(work.front());
      work.pop_front();
      if (found == variables.end())
        continue;
      for (const std::string &target : found->second->references)
        if (out.insert(target).second && llvm::StringRef(target).starts_with("__param_arr_"))
          work.push_back(target);
    }
    return out;
  }

  // The runtime's bound (SDM_SHARED_MAX_BYTES): every call carries it.
  static constexpr uint64_t kMaxSharedBytes = 4096;

  // ... and its bound on pointer variables (SDM_SHARED_MAX_POINTERS): each is
  // a root of every message.
  static constexpr size_t kMaxSharedPointers = 8;

  static bool isSharedData(const TopLevelDecl &decl) {
    return decl.plainDataBytes > 0 && decl.plainDataBytes <= kMaxSharedBytes;
  }

  // A pointer to a struct the codec describes, or to a string: it crosses
  // as its object.
  bool isSharedObjectPointer(const TopLevelDecl &decl) const {
    return plan_.codec && (decl.pointsToChar || (!decl.pointeeTag.empty() &&
                                                 plan_.codec->tags.count(decl.pointeeTag)));
  }

  size_t sharedPointers() const {
    return std::count_if(
        plan_.sharedVariables.begin(), plan_.sharedVariables.end(),
        [](const SharedVariable &v) { return v.string || !v.objectTag.empty(); });
  }

  bool inGlobalTable(const TopLevelDecl &decl) const {
    return std::any_of(plan_.globalTable.begin(), plan_.globalTable.end(),
                       [&](const TableGlobal &g) { return g.name == decl.name; });
  }

  // Written plain data both halves use: an entry of the shared table, its
  // bytes cross with every call.
  bool crossesWithCalls(const TopLevelDecl &decl, const std::set<std::string> &parameters) const {
    return plan_.codec && !inGlobalTable(decl) && !decl.constType &&
           !parameters.count(decl.name) && mayBeWritten_.count(decl.name) &&
           (isSharedData(decl) ||
            (isSharedObjectPointer(decl) && sharedPointers() < kMaxSharedPointers));
  }

  // Why a variable both halves use may have one copy in each.
  std::string sharedWhy(const TopLevelDecl &decl, const std::set<std::string> &parameters) const {
    if (plan_.codec && inGlobalTable(decl))
      return "used by both halves: one copy in each, in the globals table (a pointer to it "
             "crosses as the receiver's copy)";
    if (decl.constType)
      return "used by both halves: read-only, one identical copy in each";
    if (plan_.codec && parameters.count(decl.name))
      return "used by both halves: a module parameter; insmod sets the kernel half's copy, "
             "sent to the user half's before the driver's init";
    if (!mayBeWritten_.count(decl.name))
      return "used by both halves: never written (no assignment, and its address only as a "
             "pointer to const), one identical copy in each";
    if (crossesWithCalls(decl, parameters) && isSharedObjectPointer(decl))
      return "used by both halves and written: one copy in each; its value crosses with every "
             "call as the " + (decl.pointsToChar ? "string" : "struct " + decl.pointeeTag) +
             " it points to (object tracker), and each half applies what the other changed";
    if (crossesWithCalls(decl, parameters))
      return "used by both halves and written: one copy in each; its value crosses with every "
             "call, and each half applies what the other changed";
    if (!plan_.codec)
      return "used by both halves: one copy in each, not kept in sync (split without a codec: "
             "no call carries it)";
    return "used by both halves: one copy in each, " + whyNotSynced(decl);
  }

  // A written variable both halves use that no call carries (with a codec):
  // each half keeps its own copy, and the split warns.
  bool leftUnsynced(const TopLevelDecl &decl, const std::set<std::string> &parameters) const {
    return plan_.codec && !inGlobalTable(decl) && !decl.constType &&
           !parameters.count(decl.name) && mayBeWritten_.count(decl.name) &&
           !crossesWithCalls(decl, parameters);
  }

  std::string whyNotSynced(const TopLevelDecl &decl) const {
    if (decl.plainDataBytes > kMaxSharedBytes)
      return "not kept in sync: " + std::to_string(decl.plainDataBytes) + " bytes, over the " +
             std::to_string(kMaxSharedBytes) + " a call carries of a variable";
    if (isSharedObjectPointer(decl))
      return "not kept in sync: over the " + std::to_string(kMaxSharedPointers) +
             " pointer variables a call carries";
    if (!decl.pointeeTag.empty())
      return "not kept in sync yet: struct " + decl.pointeeTag + " is not described (only "
             "plain data, strings and pointers to described structs cross with the calls)";
    return "not kept in sync yet: " + decl.variableType + " holds pointers or a lock (only plain "
           "data, strings and pointers to described structs cross with the calls)";
  }

  void placeVariables() {
    for (const FileFacts &file : facts_.files)
      for (const TopLevelDecl &decl : file.decls)
        mayBeWritten_.insert(decl.mayWrite.begin(), decl.mayWrite.end());
    for (const FileFacts &file : facts_.files) {
      std::set<std::string> parameters = parameterVariables(file);
      for (const TopLevelDecl &decl : file.decls) {
        if (decl.kind != DeclKind::Variable || entryMachinery(file, decl))
          continue;
        std::string key = variableKey(file, decl);
        PlannedVariable v;
        v.name = decl.name;
        v.file = file.path;
        v.line = decl.line;
        v.kernel = live_[0].count(key) > 0;
        v.user = live_[1].count(key) > 0;
        v.why = v.kernel && v.user ? sharedWhy(decl, parameters)
                : v.kernel         ? "used only by the kernel half"
                : v.user           ? "used only by the user half"
                                   : "unused";
        if (v.kernel && v.user && !decl.used && crossesWithCalls(decl, parameters))
          plan_.sharedVariables.push_back(
              {decl.name, file.path, decl.variableType, decl.aggregate,
               isSharedData(decl) || decl.pointsToChar ? "" : decl.pointeeTag,
               !isSharedData(decl) && decl.pointsToChar});
        if (decl.used)
          v.why = "module metadata (modinfo, parameter table): kept in both halves";
        else if (decl.fromMacro)
          v.why += " (written by a kernel macro)";
        else if (v.kernel && v.user && leftUnsynced(decl, parameters))
          sink_.warning("variable '" + decl.name + "' is written and used by both halves, and " +
                            whyNotSynced(decl),
                        file.path, decl.line);
        plan_.variables[key] = std::move(v);
      }
    }
  }

  PlannedCall call(const PlannedFunction &f) {
    const TopLevelDecl &decl = *definitions_.at(f.name).decl;
    PlannedCall c;
    c.function = f.name;
    c.file = f.file;
    c.parameters = decl.parameters;
    c.returnType = decl.returnType;
    c.returnClass = decl.returnClass;
    if (decl.variadic)
      c.missing.push_back("... (variadic arguments)");
    if (plan_.codec) {
      classifyCall(f.name, decl.parameters, decl.result, c.args, c.result, c.missing, c.opaque);
      return c;
    }
    for (const Parameter &p : decl.parameters)
      if (!marshalable(p.valueClass))
        c.missing.push_back(p.name + " (" + p.type + ")");
    if (!marshalable(c.returnClass))
      c.missing.push_back("result (" + c.returnType + ")");
    return c;
  }

  // The `buffer` rules of a function: those pointer arguments become
  // buffers of the rule's length, kept in argv slots after the arguments.
  void applyBuffers(const std::string &function, const std::vector<Parameter> &parameters,
                    std::vector<CrossingArg> &args) {
    auto found = model_.buffers.find(function);
    if (found == model_.buffers.end())
      return;
    unsigned slot = static_cast<unsigned>(parameters.size());
    for (const analyzer::ModelBuffer &b : found->second) {
      std::string where = "buffer rule at " + b.rule + " for " + function + ": ";
      if (b.arg < 0 || static_cast<size_t>(b.arg) >= parameters.size()) {
        sink_.error(where + "it has no argument " + std::to_string(b.arg));
        continue;
      }
      CrossingArg &a = args[b.arg];
      if (a.kind == ArgKind::Scalar || a.kind == ArgKind::Unmarshalable) {
        sink_.error(where + "argument " + std::to_string(b.arg) + " (" +
                    parameters[b.arg].type + ") is not a pointer");
        continue;
      }
      std::string expanded, bad;
      if (!expandLength(b.length, parameters.size(), [](size_t) { return std::string("x"); },
                        expanded, bad)) {
        sink_.error(where + "'" + bad + "' in \"" + b.length + "\" names no argument");
        continue;
      }
      if (slot >= kMaxCallSlots) {
        sink_.error(where + "more than " + std::to_string(kMaxCallSlots) +
                    " arguments and buffer lengths");
        continue;
      }
      a.kind = b.direction == "in"    ? ArgKind::BufferIn
               : b.direction == "out" ? ArgKind::BufferOut
                                      : ArgKind::BufferInOut;
      a.size = 8;
      a.note.clear();
      a.length = b.length;
      a.rule = b.rule;
      a.lenSlot = slot++;
    }
  }

  // A pointer to a struct no description covers, of a type the driver has
  // globals of (its ops tables: a phylink_mac_ops): it crosses as
  // the peer's copy of the global, never as the sender's address.
  void pointToGlobals(const Parameter &p, CrossingArg &a) const {
    if (a.kind != ArgKind::Opaque || p.pointee != Pointee::Record)
      return;
    for (const TableGlobal &g : plan_.globalTable)
      if (g.type == "struct " + p.pointeeTag || g.type == "const struct " + p.pointeeTag) {
        a.kind = ArgKind::Global;
        a.note.clear();
        return;
      }
  }

  // An `own` rule's struct: the kernel half passes its own (THIS_MODULE).
  void useKernelsOwn(const Parameter &p, CrossingArg &a) const {
    if (a.kind != ArgKind::Opaque || p.pointee != Pointee::Record)
      return;
    for (const analyzer::OwnRule &own : model_.owns)
      if (own.structName == p.pointeeTag) {
        a.kernelValue = own.value;
        a.note.clear();
      }
  }

  void classifyCall(const std::string &function, const std::vector<Parameter> &parameters,
                    const Parameter &result, std::vector<CrossingArg> &args, CrossingArg &ret,
                    std::vector<std::string> &missing, std::vector<std::string> &opaque,
                    bool kernelApi = false) {
    auto note = [&](const Parameter &p, const CrossingArg &a) {
      std::string what = p.name + " (" + p.type + "): " + a.note;
      if (a.kind == ArgKind::Unmarshalable)
        missing.push_back(what);
      else if (a.kind == ArgKind::Opaque && a.kernelValue.empty())
        opaque.push_back(what);
    };
    for (const Parameter &p : parameters)
      args.push_back(classifyArgument(p, *plan_.codec));
    applyBuffers(function, parameters, args);
    for (size_t i = 0; i < parameters.size(); ++i) {
      pointToGlobals(parameters[i], args[i]);
      if (kernelApi)
        useKernelsOwn(parameters[i], args[i]);
    }
    for (size_t i = 0; i < parameters.size(); ++i)
      note(parameters[i], args[i]);
    ret = classifyArgument(result, *plan_.codec);
    if (ret.kind == ArgKind::OutScalar) {
      ret.kind = ArgKind::Opaque;
      ret.note = "a returned pointer to a scalar";
    }
    note(result, ret);
  }

  // Which kernel functions the user half calls: references of the
  // functions it keeps, declared (not defined) by the driver's headers.
  void planKernelCalls() {
    plan_.kenvDowncalls = options_.kenvDowncalls;
    std::map<std::string, const ExternalFunction *> called;
    for (const FileFacts &file : facts_.files)
      for (const TopLevelDecl &decl : file.decls) {
        if (decl.kind != DeclKind::Function || !plan_.functions.count(decl.name) ||
            plan_.functions.at(decl.name).user != Placement::Keep)
          continue;
        for (const std::string &target : decl.kernelCalls) {
          auto external = file.externals.find(target);
          if (external != file.externals.end() && !definitions_.count(target))
            called.emplace(target, &external->second);
        }
      }
    for (size_t id = 0; id < options_.kenvDowncalls.size(); ++id) {
      auto found = called.find(options_.kenvDowncalls[id]);
      if (found == called.end())
        continue;
      PlannedKernelCall k;
      k.kenvId = static_cast<unsigned>(id);
      k.prototype = *found->second;
      if (k.prototype.variadic)
        k.missing.push_back("... (variadic arguments)");
      classifyCall(k.prototype.name, k.prototype.parameters, k.prototype.result, k.args,
                   k.result, k.missing, k.opaque, /*kernelApi=*/true);
      attachKernelCallEffects(model_, k);
      checkRuleArguments(k, sink_);
      decideMayUpcall(k);
      plan_.kernelCalls.push_back(std::move(k));
    }
  }

  // module_<bus>_driver(var): the kernel half registers var itself, with
  // its bus rule's functions.
  void checkModuleDriver() {
    if (plan_.moduleDriverVariable.empty())
      return;
    for (const BusDriver &bus : plan_.busDrivers)
      if (bus.variable == plan_.moduleDriverVariable)
        return;
    for (const FileFacts &file : facts_.files)
      if (file.moduleInit.function == plan_.moduleDriverVariable + "_init")
        sink_.error("the module registers the driver variable " + plan_.moduleDriverVariable +
                        " with a bus whose driver struct no `bus` rule names (add one to the "
                        "kernel API rules: annotations/README.md)",
                    file.path, file.moduleInit.line);
  }

  // The bus rule whose driver struct a variable's type is, if any.
  const analyzer::BusRule *busOf(const std::string &variableType) const {
    for (const analyzer::BusRule &bus : model_.buses)
      if (variableType == "struct " + bus.driverStruct)
        return &bus;
    return nullptr;
  }



  // A kernel function reaches driver code only through a function pointer
  // its arguments lead to: an argument that is one, or an object whose
  // description has function-pointer or ops-table fields (directly or
  // through references). Those handlers run in a worker and may upcall.
  // A kernel API model overrides the rule: `noupcall` (the function neither
  // runs nor waits for driver code) is served inline, `mayupcall` (it may
  // wait for driver code its arguments do not show) on a worker.
  void decideMayUpcall(PlannedKernelCall &k) {
    auto api = model_.kernelApi.find(k.prototype.name);
    if (api != model_.kernelApi.end() && (api->second.noUpcall || api->second.mayUpcall)) {
      std::string rules;
      for (const std::string &rule : api->second.rules)
        rules += (rules.empty() ? "" : ", ") + rule.substr(rule.rfind('/') + 1);
      if (api->second.mayUpcall) {
        k.mayUpcall = true;
        k.mayUpcallWhy = "its kernel API model may wait for driver code (" + rules + ")";
      } else {
        k.inlineWhy = "served inline: its kernel API model runs no driver code (" + rules + ")";
      }
      return;
    }
    for (size_t i = 0; i < k.args.size(); ++i) {
      const CrossingArg &a = k.args[i];
      const std::string &name = k.prototype.parameters[i].name;
      if (a.kind == ArgKind::Function || a.kind == ArgKind::Global) {
        k.mayUpcall = true;
        k.mayUpcallWhy = name + (a.kind == ArgKind::Function ? " is a function pointer"
                                                             : " is a driver global (ops table)");
        return;
      }
      if (a.kind == ArgKind::Object && plan_.codec->reachesCode.count(a.tag)) {
        k.mayUpcall = true;
        k.mayUpcallWhy = name + " (struct " + a.tag + ") leads to driver code";
        return;
      }
    }
  }

  // A deferred upcall's pointer arguments must outlive its kernel caller:
  // the kernel half holds a net_device (the annotation's owner, or the
  // parameter that is one) until the user half has run it.
  void planDeferrals() {
    for (const analyzer::DeferAnnotation &defer : model_.annotations.defers) {
      std::string where = defer.pos.file + ":" + std::to_string(defer.pos.line);
      auto error = [&](const std::string &message) {
        sink_.error("defer " + defer.function + ": " + message, defer.pos.file, defer.pos.line,
                    defer.pos.column);
      };
      auto call = std::find_if(plan_.upcalls.begin(), plan_.upcalls.end(),
                               [&](const PlannedCall &c) { return c.function == defer.function; });
      if (call == plan_.upcalls.end())
        continue;  // no kernel code calls it: nothing to defer
      if (!plan_.codec) {
        // Slots alone cannot queue a call: its stub fails loudly instead.
        call->missing.push_back("deferral (" + where + ": a deferred upcall needs split --codec)");
        continue;
      }
      call->deferred = true;
      call->deferWhere = where;
      call->deferOwner = defer.owner.empty() ? defaultOwner(*call) : defer.owner;
      for (const analyzer::ModelCrossing &crossing : model_.crossings)
        if (crossing.callee == defer.function && !crossing.guardTake.empty()) {
          call->guardTake = crossing.guardTake;
          call->guardRelease = crossing.guardRelease;
        }
      if (call->deferOwner.empty())
        error("its pointer arguments must outlive its kernel caller; name the net_device that "
              "holds them: defer " + defer.function + " owner \"<C expression>\"");
    }
  }

  static std::string defaultOwner(const PlannedCall &call) {
    bool pointers = false;
    for (const Parameter &p : call.parameters) {
      if (p.pointee == Pointee::Record && p.pointeeTag == "net_device")
        return p.name;
      pointers = pointers || p.valueClass == ValueClass::Pointer;
    }
    return pointers ? "" : "NULL";
  }

  void makeCalls() {
    for (const auto &[name, f] : plan_.functions) {
      if (f.kernel == Placement::Stub) {
        plan_.upcalls.push_back(call(f));
        plan_.upcalls.back().id = plan_.upcalls.size() - 1;
      }
      if (f.user == Placement::Stub) {
        plan_.downcalls.push_back(call(f));
        plan_.downcalls.back().id = plan_.downcalls.size() - 1;
      }
    }
  }
};

const PlannedCall *findCall(const std::vector<PlannedCall> &calls, const std::string &function) {
  for (const PlannedCall &c : calls)
    if (c.function == function)
      return &c;
  return nullptr;
}

}  // namespace

const char *halfName(Half half) { return half == Half::Kernel ? "kernel" : "user"; }

const char *placementName(Placement placement) {
  switch (placement) {
  case Placement::Keep: return "keep";
  case Placement::Stub: return "stub";
  case Placement::Drop: break;
  }
  return "drop";
}

const char *valueClassName(ValueClass valueClass) {
  switch (valueClass) {
  case ValueClass::Void: return "void";
  case ValueClass::Signed: return "signed";
  case ValueClass::Unsigned: return "unsigned";
  case ValueClass::Pointer: return "pointer";
  case ValueClass::Aggregate: break;
  }
  return "aggregate";
}

bool marshalable(ValueClass valueClass) {
  return valueClass != ValueClass::Pointer && valueClass != ValueClass::Aggregate;
}

const char *declKindName(DeclKind kind) {
  switch (kind) {
  case DeclKind::Function: return "function";
  case DeclKind::Prototype: return "prototype";
  case DeclKind::Variable: break;
  }
  return "variable";
}

const PlannedCall *Plan::upcall(const std::string &function) const {
  return findCall(upcalls, function);
}

const PlannedCall *Plan::downcall(const std::string &function) const {
  return findCall(downcalls, function);
}

bool checkQuestions(const Model &model, analyzer::DiagnosticSink &sink) {
  for (const analyzer::ModelQuestion &q : model.questions)
    sink.error("unanswered analysis question about " + q.subject + ": " + q.question +
               " -- answer it in the driver's sidecar annotations with: " + q.answer);
  return model.questions.empty();
}

std::optional<Plan> planSplit(const Model &model, const SourceFacts &facts,
                              analyzer::DiagnosticSink &sink, const PlanOptions &options) {
  return Planner(model, facts, sink, options).run();
}

}  // namespace splitdriver::splitter

// planSplit(): homes from the analysis, then, for each half separately, a
// liveness walk over the top-level declarations of every file. Roots are
// what the half must contain (its own functions, entry points, macro-made
// declarations, externally visible variables); a reference from a live
// declaration makes the target live. A live function whose home is the
// other half becomes a stub (its body, and so its references, do not come
// along). What stays dead is dropped, so neither half carries unused
// statics the compiler would warn about.
#include "splitter/Plan.h"

#include <algorithm>
#include <deque>
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
  Planner(const Model &model, const SourceFacts &facts, analyzer::DiagnosticSink &sink)
      : model_(model), facts_(facts), sink_(sink) {}

  std::optional<Plan> run() {
    plan_.driver = model_.driver;
    for (const FileFacts &file : facts_.files) {
      plan_.files.push_back(file.path);
      index(file);
    }
    if (sink_.errorCount() != errorsBefore_)
      return std::nullopt;
    assignHomes();
    for (Half half : {Half::Kernel, Half::User})
      walk(half);
    placeVariables();
    makeCalls();
    return std::move(plan_);
  }

private:
  const Model &model_;
  const SourceFacts &facts_;
  analyzer::DiagnosticSink &sink_;
  unsigned errorsBefore_ = sink_.errorCount();
  Plan plan_;
  std::map<std::string, DeclRef> definitions_;          // function name -> definition
  std::map<std::string, std::vector<DeclRef>> byName_;  // every top-level decl
  std::set<std::string> live_[2];                       // per half: "file:name" or function name

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
    }
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

  void placeVariables() {
    for (const FileFacts &file : facts_.files)
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
        v.why = v.kernel && v.user ? "used by both halves: one copy in each, not kept in "
                                     "sync yet (needs the object tracker)"
                : v.kernel         ? "used only by the kernel half"
                : v.user           ? "used only by the user half"
                                   : "unused";
        if (decl.used)
          v.why = "module metadata (modinfo, parameter table): kept in both halves";
        else if (decl.fromMacro)
          v.why += " (written by a kernel macro)";
        plan_.variables[key] = std::move(v);
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
    for (const Parameter &p : decl.parameters)
      if (!marshalable(p.valueClass))
        c.missing.push_back(p.name + " (" + p.type + ")");
    if (!marshalable(c.returnClass))
      c.missing.push_back("result (" + c.returnType + ")");
    if (decl.variadic)
      c.missing.push_back("... (variadic arguments)");
    return c;
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
                              analyzer::DiagnosticSink &sink) {
  return Planner(model, facts, sink).run();
}

}  // namespace splitdriver::splitter

// Stage 1: the call graph. Direct calls from the facts; indirect calls
// resolved by the struct field (or variable) they go through; kernel entry
// points from the callback/register rules.
#include "Stages.h"

#include <map>
#include <tuple>

namespace splitdriver::analyzer {
namespace {

using TargetMap = std::map<std::string, std::set<std::string>>;

class GraphBuilder {
public:
  GraphBuilder(const Facts &facts, const Rules &rules, Model &model, DiagnosticSink &sink)
      : facts_(facts), rules_(rules), model_(model), sink_(sink) {}

  void build() {
    addFunctions();
    indexTargets();
    addDirectCalls();
    addIndirectCalls();
    addRoots();
    for (const std::string &sleeper : rules_.sleepers) {
      auto external = model_.externals.find(sleeper);
      if (external != model_.externals.end())
        external->second.sleeps = true;
    }
    model_.fields.insert(facts_.fieldTypes.begin(), facts_.fieldTypes.end());
    model_.records.insert(facts_.recordLayouts.begin(), facts_.recordLayouts.end());
  }

private:
  bool isDriverFunction(const std::string &name) const {
    return model_.functions.count(name) > 0;
  }

  void addFunctions() {
    for (const FunctionFact &fact : facts_.functions) {
      auto [it, inserted] = model_.functions.try_emplace(fact.name);
      if (!inserted) {
        sink_.warning("two definitions of '" + fact.name + "' (" + it->second.file + ":" +
                          std::to_string(it->second.beginLine) +
                          "); the analysis treats them as one function",
                      fact.file, fact.beginLine);
        continue;
      }
      ModelFunction &function = it->second;
      function.name = fact.name;
      function.file = fact.file;
      function.beginLine = fact.beginLine;
      function.endLine = fact.endLine;
      function.isStatic = fact.isStatic;
    }
  }

  // Which driver functions each struct field and each variable may hold.
  void indexTargets() {
    for (const RefFact &ref : facts_.refs) {
      if (!isDriverFunction(ref.function)) {
        if (ref.kind == RefKind::LocalVar)
          kernelVariableTargets_[ref.inFunction + ":" + ref.owner].insert(ref.function);
        continue;
      }
      if (ref.kind == RefKind::FieldInit || ref.kind == RefKind::FieldAssign)
        fieldTargets_[ref.owner + "." + ref.field].insert(ref.function);
      else if (ref.kind == RefKind::LocalVar)
        variableTargets_[ref.inFunction + ":" + ref.owner].insert(ref.function);
      else if (ref.kind == RefKind::GlobalVar)
        variableTargets_[ref.owner].insert(ref.function);
    }
  }

  ModelEdge &edge(const std::string &caller, const std::string &callee, EdgeKind kind,
                  const std::string &via, const SourcePos &pos) {
    auto key = std::make_tuple(caller, callee, static_cast<int>(kind), via);
    auto found = edgeIndex_.find(key);
    if (found != edgeIndex_.end())
      return model_.edges[found->second];
    ModelEdge created;
    created.caller = caller;
    created.callee = callee;
    created.kind = kind;
    created.via = via;
    created.file = pos.file;
    created.line = pos.line;
    edgeIndex_[key] = model_.edges.size();
    model_.edges.push_back(created);
    return model_.edges.back();
  }

  void addDirectCalls() {
    for (const CallFact &call : facts_.calls) {
      if (!isDriverFunction(call.caller))
        continue;
      if (!isDriverFunction(call.callee)) {
        ModelExternal &external = model_.externals[call.callee];
        external.name = call.callee;
        external.callers.insert(call.caller);
        continue;
      }
      ModelEdge &e = edge(call.caller, call.callee, EdgeKind::Direct, "", call.pos);
      e.heldLocks.insert(call.heldLocks.begin(), call.heldLocks.end());
      e.inLoop = e.inLoop || call.inLoop;
    }
  }

  void addIndirectCalls() {
    for (const IndirectCallFact &call : facts_.indirectCalls) {
      if (!isDriverFunction(call.caller))
        continue;
      const std::set<std::string> *targets = nullptr;
      std::string via;
      EdgeKind kind = EdgeKind::Field;
      if (!call.owner.empty()) {
        via = call.owner + "." + call.field;
        auto found = fieldTargets_.find(via);
        targets = found == fieldTargets_.end() ? nullptr : &found->second;
      } else {
        kind = EdgeKind::Variable;
        via = call.field;
        auto found = variableTargets_.find(call.caller + ":" + call.field);
        if (found == variableTargets_.end())
          found = variableTargets_.find(call.field);
        targets = found == variableTargets_.end() ? nullptr : &found->second;
      }
      auto kernel = kernelVariableTargets_.find(call.caller + ":" + call.field);
      if (!targets && kind == EdgeKind::Variable && kernel != kernelVariableTargets_.end()) {
        for (const std::string &target : kernel->second) {
          model_.externals[target].name = target;
          model_.externals[target].callers.insert(call.caller);
        }
        continue;
      }
      if (!targets) {
        model_.unresolved.push_back(call.caller + " calls through " + via + " (" + call.pos.file +
                                    ":" + std::to_string(call.pos.line) +
                                    "): no driver function is stored there");
        continue;
      }
      for (const std::string &target : *targets) {
        ModelEdge &e = edge(call.caller, target, kind, via, call.pos);
        e.heldLocks.insert(call.heldLocks.begin(), call.heldLocks.end());
        e.inLoop = e.inLoop || call.inLoop;
      }
    }
  }

  void addRoot(const std::string &function, const std::string &how, const CallbackSpec *spec) {
    for (const ModelRoot &root : model_.roots)
      if (root.function == function && root.how == how)
        return;
    ModelRoot root;
    root.function = function;
    root.how = how;
    if (spec) {
      root.spec = *spec;
    } else {
      root.assumed = true;
      model_.questions.push_back(
          {how, "in which context does the kernel call " + function + " through " + how + "?",
           "a rule in annotations/kernel-api/*.rules for " + how});
    }
    model_.roots.push_back(root);
  }

  // A function pointer given to a call: a registration if a rule names the
  // argument; given to a driver function, an edge from that function.
  void addCallArgument(const std::string &function, const std::string &callee, int argIndex,
                       const SourcePos &pos) {
    std::string how = callee + " arg " + std::to_string(argIndex);
    if (const RegisterRule *rule = rules_.findRegistration(callee, argIndex))
      addRoot(function, how, &rule->spec);
    else if (isDriverFunction(callee))
      edge(callee, function, EdgeKind::CallbackArg, how, pos);
    else
      addRoot(function, how, nullptr);
  }

  void addRoots() {
    for (const RefFact &ref : facts_.refs) {
      if (!isDriverFunction(ref.function))
        continue;
      switch (ref.kind) {
      case RefKind::FieldInit:
      case RefKind::FieldAssign: {
        std::string via = ref.owner + "." + ref.field;
        if (const FieldCallbackRule *rule = rules_.findCallback(ref.owner, ref.field))
          addRoot(ref.function, via, &rule->spec);
        else if (!calledThrough(via))
          addRoot(ref.function, via, nullptr);
        break;
      }
      case RefKind::CallArg:
        addCallArgument(ref.function, ref.owner, ref.argIndex, ref.pos);
        break;
      case RefKind::LocalVar:
        for (const ArgViaVarFact &arg : facts_.argsViaVar)
          if (arg.inFunction == ref.inFunction && arg.var == ref.owner)
            addCallArgument(ref.function, arg.callee, arg.argIndex, arg.pos);
        break;
      case RefKind::GlobalVar:
        if (!calledThrough(ref.owner))
          addRoot(ref.function, "global " + ref.owner, nullptr);
        break;
      case RefKind::ModuleEntry: {
        CallbackSpec spec;
        spec.label = "module entry point";
        addRoot(ref.function, ref.owner, &spec);
        for (ModelRoot &root : model_.roots)
          root.moduleEntry = root.moduleEntry || (root.function == ref.function &&
                                                  root.how == ref.owner);
        break;
      }
      case RefKind::Other:
        break;
      }
    }
  }

  bool calledThrough(const std::string &via) const {
    for (const ModelEdge &e : model_.edges)
      if (e.via == via && e.kind != EdgeKind::Direct)
        return true;
    return false;
  }

  const Facts &facts_;
  const Rules &rules_;
  Model &model_;
  DiagnosticSink &sink_;
  TargetMap fieldTargets_, variableTargets_, kernelVariableTargets_;
  std::map<std::tuple<std::string, std::string, int, std::string>, size_t> edgeIndex_;
};

}  // namespace

void buildCallGraph(const Facts &facts, const Rules &rules, Model &model, DiagnosticSink &sink) {
  GraphBuilder(facts, rules, model, sink).build();
}

}  // namespace splitdriver::analyzer

// Stages 2 and 3: execution contexts and the kernel|user classification
// with a reason chain for every function, pins and shared locks.
#include "Stages.h"

#include <deque>

namespace splitdriver::analyzer {
namespace {

constexpr int kDataPathKey = kContextCount;  // the data path rides along the contexts

std::string keyName(int key) {
  return key == kDataPathKey ? "datapath" : contextName(static_cast<Context>(key));
}

std::string rootDescription(const ModelRoot &root) {
  std::string text = root.function + " (" + root.how;
  if (!root.spec.label.empty())
    text += ": " + root.spec.label;
  text += ", " + std::string(contextName(root.spec.context));
  if (root.spec.dataPath)
    text += ", data path";
  if (!root.spec.holds.empty())
    text += ", kernel holds " + root.spec.holds;
  if (root.assumed)
    text += ", no rule: assumed";
  return text + ")";
}

bool isImposedAtomic(const ModelFunction &function) {
  for (Context context : function.contexts)
    if (context != Context::Process)
      return true;
  return false;
}

// The most constrained reason a function must be in the kernel.
std::string forcedReason(const ModelFunction &function) {
  for (int key : {static_cast<int>(Context::Hardirq), static_cast<int>(Context::Softirq),
                  static_cast<int>(Context::Atomic), kDataPathKey}) {
    auto found = function.contextReasons.find(keyName(key));
    if (found == function.contextReasons.end())
      continue;
    if (key == kDataPathKey)
      return "on the data path: " + found->second;
    return "runs in " + keyName(key) + " context imposed by the kernel: " + found->second;
  }
  return "";
}

// A deferred function is entered by the kernel half's work item: a root in
// process context; the contexts of its kernel callers stop at it.
void addDeferredRoots(Model &model) {
  for (const DeferAnnotation &defer : model.annotations.defers) {
    if (!model.functions.count(defer.function))
      continue;
    ModelRoot root;
    root.function = defer.function;
    root.how = "deferred upcall";
    root.spec.context = Context::Process;
    root.spec.label = "the kernel half's work item, after its callers return (" + defer.pos.file +
                      ":" + std::to_string(defer.pos.line) + ")";
    root.spec.origin = {defer.pos.file, defer.pos.line};
    root.deferred = true;
    // First: a deferred function's reason names its deferral.
    model.roots.insert(model.roots.begin(), root);
  }
}

// A kernel entry into a deferred function reaches the kernel half's stub,
// which queues it: the entry's context is the stub's. Data-path entries are
// not deferred (classify() refuses them).
bool entersDeferred(const Model &model, const ModelRoot &root) {
  return !root.deferred && !root.spec.dataPath && model.annotations.findDefer(root.function);
}

}  // namespace

void computeContexts(Model &model) {
  addDeferredRoots(model);
  struct Parent {
    std::string from;  // caller, or "" at a root
    const ModelRoot *root = nullptr;
  };
  std::map<std::pair<std::string, int>, Parent> parents;
  std::deque<std::pair<std::string, int>> work;
  for (const ModelRoot &root : model.roots) {
    ModelFunction &function = model.functions.at(root.function);
    bool deferred = entersDeferred(model, root);
    function.roles.push_back(root.how + " (" + contextName(root.spec.context) +
                             (root.spec.dataPath ? ", data path)" : deferred ? ", deferred)" : ")"));
    if (deferred)
      continue;
    std::vector<int> keys = {static_cast<int>(root.spec.context)};
    if (root.spec.dataPath)
      keys.push_back(kDataPathKey);
    for (int key : keys)
      if (parents.emplace(std::make_pair(root.function, key), Parent{"", &root}).second)
        work.emplace_back(root.function, key);
  }
  std::map<std::string, std::vector<const ModelEdge *>> callees;
  for (const ModelEdge &edge : model.edges)
    callees[edge.caller].push_back(&edge);
  while (!work.empty()) {
    auto [name, key] = work.front();
    work.pop_front();
    for (const ModelEdge *edge : callees[name])
      if (!model.annotations.findDefer(edge->callee) &&
          parents.emplace(std::make_pair(edge->callee, key), Parent{name, nullptr}).second)
        work.emplace_back(edge->callee, key);
  }
  for (const auto &[node, parent] : parents) {
    ModelFunction &function = model.functions.at(node.first);
    if (node.second == kDataPathKey)
      function.dataPath = true;
    else
      function.contexts.insert(static_cast<Context>(node.second));
    // Walk back to the root: root (how) -> ... -> this function.
    std::vector<std::string> chain;
    std::string at = node.first;
    const ModelRoot *root = nullptr;
    while (true) {
      const Parent &step = parents.at({at, node.second});
      if (step.root) {
        root = step.root;
        break;
      }
      chain.push_back(at);
      at = step.from;
    }
    std::string text = rootDescription(*root);
    for (auto it = chain.rbegin(); it != chain.rend(); ++it)
      text += " -> " + *it;
    function.contextReasons[keyName(node.second)] = text;
  }
}

// The module_init/module_exit root that names @name, if any.
const ModelRoot *moduleEntryRoot(const Model &model, const std::string &name) {
  for (const ModelRoot &root : model.roots)
    if (root.moduleEntry && root.function == name)
      return &root;
  return nullptr;
}

bool classify(const Facts &facts, Model &model, DiagnosticSink &sink) {
  for (auto &[name, function] : model.functions) {
    if (const ModelRoot *entry = moduleEntryRoot(model, name)) {
      function.side = Side::Kernel;
      function.constraint = Constraint::Forced;
      function.reason = {"kernel: the module's " + entry->how +
                         " entry point: the kernel half is the module and runs it"};
    } else if (isImposedAtomic(function) || function.dataPath) {
      function.side = Side::Kernel;
      function.constraint = Constraint::Forced;
      function.reason = {"kernel: " + forcedReason(function)};
    } else if (!function.roles.empty()) {
      function.side = Side::User;
      function.constraint = Constraint::Anchor;
      function.reason = {"user: process-context entry point " + function.roles.front()};
    } else {
      function.side = Side::User;
      function.constraint = Constraint::Free;
      if (function.contexts.empty()) {
        function.contexts.insert(Context::Process);
        function.contextReasons["process"] = "no kernel entry point reaches it: assumed";
      }
      function.reason = {"free: process context via " + function.contextReasons["process"]};
    }
  }
  bool ok = true;
  for (const DeferAnnotation &defer : model.annotations.defers) {
    auto found = model.functions.find(defer.function);
    if (found == model.functions.end() || found->second.constraint != Constraint::Forced)
      continue;
    sink.error("defer " + defer.function + ": the kernel enters it on the data path, which "
                   "never waits for the user half: " + found->second.reason.front(),
               defer.pos.file, defer.pos.line, defer.pos.column);
    ok = false;
  }
  for (const PinAnnotation &pin : model.annotations.pins) {
    auto found = model.functions.find(pin.function);
    if (found == model.functions.end())
      continue;  // reported by checkSidecar
    ModelFunction &function = found->second;
    std::string where = pin.pos.file + ":" + std::to_string(pin.pos.line);
    if (function.constraint == Constraint::Forced) {
      if (!pin.kernel) {
        sink.error("pin " + pin.function + " user contradicts a context constraint: " +
                       function.reason.front(),
                   pin.pos.file, pin.pos.line, pin.pos.column);
        ok = false;
      }
      continue;
    }
    function.side = pin.kernel ? Side::Kernel : Side::User;
    function.constraint = Constraint::Pinned;
    function.reason.insert(function.reason.begin(), std::string(sideName(function.side)) +
                                                        ": pinned by " + where);
  }
  return resolveLocks(facts, model, sink) && ok;
}

namespace {

class LockResolver {
public:
  LockResolver(const Facts &facts, Model &model, DiagnosticSink &sink)
      : facts_(facts), model_(model), sink_(sink) {}

  bool run() {
    bool changed = true;
    while (changed && ok_) {
      changed = tabulate();
      changed = pullLockHeldCallees() || changed;
    }
    return ok_;
  }

private:
  // Moves a function into the kernel; false (and an error) if a user pin forbids it.
  bool force(ModelFunction &function, const std::string &reason) {
    if (function.constraint == Constraint::Pinned && function.side == Side::User) {
      AnnotationPos pos;
      for (const PinAnnotation &pin : model_.annotations.pins)
        if (pin.function == function.name)
          pos = pin.pos;
      sink_.error("pin " + function.name + " user contradicts a lock constraint: " + reason,
                  pos.file, pos.line, pos.column);
      ok_ = false;
      return false;
    }
    function.side = Side::Kernel;
    function.constraint = Constraint::Forced;
    function.reason.insert(function.reason.begin(), "kernel: " + reason);
    return true;
  }

  // Rebuilds model.locks for the current sides; resolves shared locks.
  bool tabulate() {
    std::map<std::string, ModelLock> previous = std::move(model_.locks);
    model_.locks.clear();
    for (const LockOpFact &op : facts_.lockOps) {
      auto function = model_.functions.find(op.function);
      if (!op.acquire || function == model_.functions.end())
        continue;
      ModelLock &lock = model_.locks[op.lock];
      lock.name = op.lock;
      lock.kind = op.kind;
      (function->second.side == Side::Kernel ? lock.kernelTakers : lock.userTakers)
          .insert(op.function);
    }
    bool changed = false;
    for (auto &[name, lock] : model_.locks) {
      if (lock.userTakers.empty() || lock.kernelTakers.empty()) {
        lock.status = lock.userTakers.empty() ? "kernel-local" : "user-local";
        auto before = previous.find(name);
        if (before != previous.end() && before->second.resolution == "kernel") {
          lock.status = "shared";  // resolved earlier by moving its user side
          lock.resolution = before->second.resolution;
          lock.why = before->second.why;
        }
        continue;
      }
      lock.status = "shared";
      std::string kernelSide;
      for (const std::string &taker : lock.kernelTakers)
        kernelSide += (kernelSide.empty() ? "" : ", ") + taker;
      const FieldAnnotation *annotation = nullptr;
      size_t dot = name.rfind('.');
      if (dot != std::string::npos)
        annotation = model_.annotations.findField(name.substr(0, dot), name.substr(dot + 1));
      if (annotation && annotation->kind == "combolock") {
        lock.resolution = "combolock";
        lock.why = "the sidecar asks for a combolock (" + annotation->pos.file + ":" +
                   std::to_string(annotation->pos.line) + "): user-side critical sections stay " +
                   "in user space, kernel-side ones (" + kernelSide + ") keep the spinlock";
        continue;
      }
      lock.resolution = "kernel";
      lock.why = "also taken by kernel-side " + kernelSide +
                 ": the user-side critical sections are placed in the kernel (annotate `combolock " +
                 name + "` to keep them in user space)";
      for (const std::string &taker : lock.userTakers)
        changed |= force(model_.functions.at(taker),
                         "takes " + name + ", which kernel-side " + kernelSide + " also take");
      lock.kernelTakers.insert(lock.userTakers.begin(), lock.userTakers.end());
      lock.userTakers.clear();
    }
    return changed;
  }

  // A kernel function holding a spinlock runs its callees atomically.
  bool pullLockHeldCallees() {
    bool changed = false;
    std::deque<std::pair<std::string, std::string>> work;  // function, lock chain
    auto deferred = [&](const ModelEdge &edge) {
      return model_.annotations.findDefer(edge.callee) != nullptr;
    };
    for (const ModelEdge &edge : model_.edges)
      if (!edge.heldLocks.empty() && !deferred(edge) &&
          model_.functions.at(edge.caller).side == Side::Kernel)
        work.emplace_back(edge.callee, edge.caller + " holds " + *edge.heldLocks.begin());
    while (!work.empty()) {
      auto [name, why] = work.front();
      work.pop_front();
      ModelFunction &function = model_.functions.at(name);
      if (function.contexts.count(Context::Atomic))
        continue;
      function.contexts.insert(Context::Atomic);
      function.contextReasons["atomic"] = why + " -> " + name;
      if (function.side == Side::User)
        changed |= force(function, "runs in atomic context: " + why + " -> " + name);
      for (const ModelEdge &edge : model_.edges)
        if (edge.caller == name && !deferred(edge))
          work.emplace_back(edge.callee, why + " -> " + name);
    }
    return changed;
  }

  const Facts &facts_;
  Model &model_;
  DiagnosticSink &sink_;
  bool ok_ = true;
};

}  // namespace

bool resolveLocks(const Facts &facts, Model &model, DiagnosticSink &sink) {
  return LockResolver(facts, model, sink).run();
}

// The kernel enters a deferred callback holding a lock (holds=): its kernel
// half reads the arguments under that lock, later, as the caller did.
bool guardDeferredEntries(const Rules &rules, Model &model, DiagnosticSink &sink) {
  bool ok = true;
  for (ModelCrossing &crossing : model.crossings) {
    if (!crossing.deferred || crossing.holds.empty())
      continue;
    if (const GuardRule *guard = rules.findGuard(crossing.holds)) {
      crossing.guardTake = guard->take;
      crossing.guardRelease = guard->release;
      continue;
    }
    const DeferAnnotation *defer = model.annotations.findDefer(crossing.callee);
    sink.error("defer " + crossing.callee + ": the kernel calls it through " + crossing.via +
                   " holding " + crossing.holds + ", and no rule says how the kernel half takes "
                   "that lock while it reads the arguments (guard " + crossing.holds +
                   " \"<take>\" \"<release>\" in annotations/kernel-api)",
               defer->pos.file, defer->pos.line, defer->pos.column);
    ok = false;
  }
  return ok;
}

}  // namespace splitdriver::analyzer

// Stage 5: what crosses the cut. For every crossing, the struct fields and
// globals the callee side reads ([in]) and writes ([out]), transitively over
// the callee side's functions (type-based: a field of a struct is the same
// field whichever object it belongs to). Pointer-typed fields whose shape
// the types do not tell become questions for the sidecar.
#include "Stages.h"

#include <functional>

namespace splitdriver::analyzer {
namespace {

class SharedStateAnalysis {
public:
  SharedStateAnalysis(const Facts &facts, Model &model) : facts_(facts), model_(model) {
    for (const AccessFact &access : facts.accesses)
      accesses_[access.function].push_back(&access);
    for (const ModelEdge &edge : model.edges)
      callees_[edge.caller].push_back(&edge);
  }

  void run() {
    for (ModelEdge &edge : model_.edges) {
      Side caller = model_.functions.at(edge.caller).side;
      Side callee = model_.functions.at(edge.callee).side;
      edge.crossing = caller != callee;
      if (edge.crossing)
        addCrossing(edge.caller, edge.callee, edgeKindName(edge.kind) +
                                                  (edge.via.empty() ? "" : " " + edge.via));
    }
    // A deferred function's crossings are its kernel callers' edges and
    // entries (root.deferred is the kernel half's work item itself).
    for (const ModelRoot &root : model_.roots)
      if (!root.deferred && model_.functions.at(root.function).side == Side::User)
        addCrossing("(kernel)", root.function, root.how, root.spec.holds);
    addKernelApiCrossings();
    askQuestions();
    checkSleeps();
    checkIgnoredReads();
    summarise();
  }

private:
  void addCrossing(const std::string &caller, const std::string &callee, const std::string &via,
                   const std::string &holds = "") {
    ModelCrossing crossing;
    crossing.holds = holds;
    crossing.caller = caller;
    crossing.callee = callee;
    Side side = model_.functions.at(callee).side;
    crossing.direction = side == Side::User ? "upcall" : "downcall";
    crossing.via = via;
    crossing.deferred = side == Side::User && model_.annotations.findDefer(callee);
    std::set<std::string> visited;
    std::function<void(const std::string &)> visit = [&](const std::string &name) {
      if (!visited.insert(name).second)
        return;
      for (const AccessFact *access : accesses_[name]) {
        std::string key = access->owner.empty() ? "global:" + access->field
                                                : access->owner + "." + access->field;
        if (access->read)
          crossing.state.in.insert(key);
        if (access->write)
          crossing.state.out.insert(key);
      }
      for (const ModelEdge *edge : callees_[name])
        if (model_.functions.at(edge->callee).side == side)
          visit(edge->callee);
    };
    visit(callee);
    for (const std::string &key : crossing.state.in)
      crossed_.insert(key);
    for (const std::string &key : crossing.state.out)
      crossed_.insert(key);
    model_.crossings.push_back(std::move(crossing));
  }

  // A user function's call of a modelled kernel function is a downcall with
  // the fields the model names.
  void addKernelApiCrossings() {
    std::set<std::pair<std::string, std::string>> seen;
    for (const KernelCallFact &call : facts_.kernelCalls) {
      auto api = model_.kernelApi.find(call.callee);
      auto caller = model_.functions.find(call.caller);
      if (api == model_.kernelApi.end() || caller == model_.functions.end() ||
          caller->second.side != Side::User || !seen.insert({call.caller, call.callee}).second ||
          (api->second.reads.empty() && api->second.writes.empty()))
        continue;
      ModelCrossing crossing;
      crossing.caller = call.caller;
      crossing.callee = call.callee;
      crossing.direction = "downcall";
      crossing.via = "kernel API model";
      crossing.kernelApi = true;
      crossing.state.in = api->second.reads;
      crossing.state.out = api->second.writes;
      crossed_.insert(crossing.state.in.begin(), crossing.state.in.end());
      crossed_.insert(crossing.state.out.begin(), crossing.state.out.end());
      model_.crossings.push_back(std::move(crossing));
    }
  }

  void askQuestions() {
    for (const std::string &key : crossed_) {
      auto field = model_.fields.find(key);
      if (field == model_.fields.end())
        continue;
      size_t dot = key.rfind('.');
      if (model_.annotations.findField(key.substr(0, dot), key.substr(dot + 1)))
        continue;
      const std::string &kind = field->second.pointerClass;
      const std::string &type = field->second.type;
      if (kind == "string")
        model_.questions.push_back({key, key + " (" + type + ") crosses: a NUL-terminated string "
                                         "or a buffer of known length?",
                                    "nullterm " + key + "  |  length " + key + " <expr>"});
      else if (kind == "array")
        model_.questions.push_back({key, key + " (" + type + ") crosses: how many elements "
                                         "does it point to?",
                                    "length " + key + " <expr>"});
      else if (kind == "opaque")
        model_.questions.push_back({key, key + " (" + type + ") crosses: what does it point to?",
                                    "points_to " + key + " <struct>  |  opaque " + key + "  |  dma " + key +
                                        "  |  ignore " + key});
    }
  }

  // A call that may sleep from a function the kernel runs atomically: a bug
  // in the driver or a path the analysis cannot tell apart.
  void checkSleeps() {
    for (const auto &[name, external] : model_.externals) {
      if (!external.sleeps)
        continue;
      for (const std::string &caller : external.callers) {
        const ModelFunction &function = model_.functions.at(caller);
        for (const char *context : {"hardirq", "softirq", "atomic"}) {
          auto reason = function.contextReasons.find(context);
          if (reason == function.contextReasons.end())
            continue;
          model_.warnings.push_back(caller + " calls " + name + ", which may sleep, in " +
                                    context + " context: " + reason->second);
          break;
        }
      }
    }
  }

  // A field the sidecar ignores never crosses: a user-side function that
  // reads it sees the user half's own value. Right for its own objects (a
  // loopback test's rings), wrong for the kernel's (a ring cleanup that
  // frees the data path's buffers): the engineer decides, told here.
  void checkIgnoredReads() {
    for (const auto &[name, function] : model_.functions) {
      if (function.side != Side::User)
        continue;
      std::set<std::string> fields;
      for (const AccessFact *access : accesses_[name]) {
        const analyzer::FieldAnnotation *annotation =
            model_.annotations.findField(access->owner, access->field);
        if (access->read && annotation && annotation->kind == "ignore")
          fields.insert(access->owner + "." + access->field);
      }
      if (fields.empty())
        continue;
      std::string list;
      for (const std::string &field : fields)
        list += (list.empty() ? "" : ", ") + field;
      model_.warnings.push_back(name + " (user) reads " + list + ", which the sidecar ignores: " +
                                "it sees the user half's own values, never the kernel's (pin it " +
                                "kernel if it works on the kernel's objects)");
    }
  }

  void summarise() {
    ModelSummary &summary = model_.summary;
    for (const auto &[name, function] : model_.functions) {
      ++summary.functions;
      if (function.side == Side::Kernel) {
        ++summary.kernelFunctions;
        summary.kernelLines += function.lines();
        if (function.constraint == Constraint::Free)
          summary.cutCost += summary.lineCostPerLine * function.lines();
      } else {
        ++summary.userFunctions;
        summary.userLines += function.lines();
      }
    }
    unsigned total = summary.kernelLines + summary.userLines;
    summary.kernelLinePercent = total ? 100.0 * summary.kernelLines / total : 0;
    for (const ModelEdge &edge : model_.edges)
      if (edge.crossing) {
        ++summary.crossingEdges;
        summary.cutCost += edge.weight;
      }
  }

  const Facts &facts_;
  Model &model_;
  std::map<std::string, std::vector<const AccessFact *>> accesses_;
  std::map<std::string, std::vector<const ModelEdge *>> callees_;
  std::set<std::string> crossed_;
};

}  // namespace

void analyzeSharedState(const Facts &facts, Model &model) {
  SharedStateAnalysis(facts, model).run();
}

}  // namespace splitdriver::analyzer

#include "analyzer/Analyzer.h"

#include "Stages.h"
#include "analyzer/Frontend.h"
#include "analyzer/Sidecar.h"

namespace splitdriver::analyzer {

std::string AnalyzeOptions::defaultRulesDirectory() { return SPLIT_DRIVER_RULES_DIR; }

const char *sideName(Side side) { return side == Side::Kernel ? "kernel" : "user"; }

const char *constraintName(Constraint constraint) {
  switch (constraint) {
  case Constraint::Forced: return "forced";
  case Constraint::Anchor: return "anchor";
  case Constraint::Pinned: return "pinned";
  case Constraint::Free: return "free";
  }
  return "?";
}

const char *edgeKindName(EdgeKind kind) {
  switch (kind) {
  case EdgeKind::Direct: return "direct";
  case EdgeKind::Field: return "field";
  case EdgeKind::Variable: return "variable";
  case EdgeKind::CallbackArg: return "callback-arg";
  }
  return "?";
}

static std::string stem(const std::string &path) {
  size_t slash = path.find_last_of('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  size_t dot = name.find('.');
  return dot == std::string::npos ? name : name.substr(0, dot);
}

std::optional<Model> analyze(const clang::tooling::CompilationDatabase &database,
                             const std::vector<std::string> &requested,
                             const AnalyzeOptions &options, DiagnosticSink &sink) {
  Rules rules;
  if (!loadRulesDirectory(options.rulesDirectory, rules, sink))
    return std::nullopt;
  Model model;
  for (const std::string &file : options.annotationFiles)
    if (!loadSidecar(file, model.annotations, sink))
      return std::nullopt;
  Annotations kernelTypes;
  if (!loadKernelTypes(options.rulesDirectory, kernelTypes, sink))
    return std::nullopt;
  std::vector<std::string> files = resolveSourceFiles(database, requested, sink);
  if (!options.module.empty()) {
    std::vector<std::string> inModule;
    for (const std::string &file : files)
      if (kernelModuleName(database, file) == options.module)
        inModule.push_back(file);
    if (inModule.empty())
      sink.error("no translation unit of module '" + options.module + "' among the " +
                 std::to_string(files.size()) + " selected");
    files = inModule;
  }
  if (files.empty() || sink.errorCount())
    return std::nullopt;
  Facts facts;
  for (const Annotations *annotations : {&model.annotations, &kernelTypes})
    for (const FieldAnnotation &annotation : annotations->fields)
      if (annotation.kind == "length")
        facts.wantedFields.insert(annotation.structName + "." + annotation.expression);
  // A field a kernel API model names crosses though no driver code touches it.
  for (const ModelRule &rule : rules.models)
    for (const std::string &field : rule.fields)
      facts.wantedFields.insert(rule.structName + "." + field);
  if (!collectFacts(database, files, rules, facts, sink))
    return std::nullopt;
  mergeKernelTypes(kernelTypes, facts, model.annotations);
  if (!checkSidecar(model.annotations, facts, sink))
    return std::nullopt;
  model.driver = options.driverName;
  if (model.driver.empty())
    model.driver = kernelModuleName(database, files.front());
  if (model.driver.empty())
    model.driver = stem(files.front());
  model.sources = files;
  model.rulesFiles = rules.files;
  buildCallGraph(facts, rules, model, sink);
  attachBuffers(rules, model);
  if (!attachKernelApiModels(rules, facts, model, sink))
    return std::nullopt;
  attachBusKnowledge(rules, facts, model);
  computeContexts(model);
  if (!classify(facts, model, sink))
    return std::nullopt;
  chooseCut(model);
  if (!resolveLocks(facts, model, sink))
    return std::nullopt;
  analyzeSharedState(facts, model);
  if (!guardDeferredEntries(rules, model, sink))
    return std::nullopt;
  return model;
}

}  // namespace splitdriver::analyzer

// Buffer arguments and kernel API models from the kernel API rules
// (Stages.h: attachBuffers, attachKernelApiModels).
#include "Stages.h"

namespace splitdriver::analyzer {
namespace {

ModelBuffer modelBuffer(const BufferRule &rule) {
  return {rule.argIndex, rule.direction, rule.length,
          rule.origin.file + ":" + std::to_string(rule.origin.line)};
}

}  // namespace

void attachBuffers(const Rules &rules, Model &model) {
  for (const BufferRule &rule : rules.buffers) {
    // Kernel functions: kept whether or not the analysis saw the call (the
    // driver may reach them through a static inline of a kernel header).
    if (!rule.function.empty()) {
      model.buffers[rule.function].push_back(modelBuffer(rule));
      continue;
    }
    const std::string slot = rule.structName + "." + rule.field;
    for (const ModelRoot &root : model.roots)
      if (root.how == slot)
        model.buffers[root.function].push_back(modelBuffer(rule));
  }
}

namespace {

// Why a model line does not fit the kernel function's real prototype or
// struct ("" if it does).
std::string modelMismatch(const ModelRule &rule, const std::vector<PrototypeParam> &params,
                          const Facts &facts) {
  std::string fn = rule.function + "()";
  if (rule.argIndex >= static_cast<int>(params.size()))
    return fn + " has " + std::to_string(params.size()) + " arguments, no argument " +
           std::to_string(rule.argIndex);
  const PrototypeParam &param = params[rule.argIndex];
  if (param.structName != rule.structName)
    return "argument " + std::to_string(rule.argIndex) + " of " + fn + " is " +
           (param.structName.empty() ? "not a pointer to a struct"
                                     : "a struct " + param.structName + " *") +
           ", not a struct " + rule.structName + " *";
  if (rule.writes && param.constPointee)
    return "argument " + std::to_string(rule.argIndex) + " of " + fn + " is a const struct " +
           rule.structName + " *: " + fn + " cannot write it";
  auto record = facts.records.find(rule.structName);
  for (const std::string &field : rule.fields)
    if (record != facts.records.end() && !record->second.count(field))
      return "struct " + rule.structName + " has no field '" + field + "'";
  return "";
}

}  // namespace

bool attachKernelApiModels(const Rules &rules, const Facts &facts, Model &model,
                           DiagnosticSink &sink) {
  bool ok = true;
  for (const ModelRule &rule : rules.models) {
    // Only a function the driver calls has a prototype to check against.
    auto prototype = facts.prototypes.find(rule.function);
    if (prototype == facts.prototypes.end())
      continue;
    if (!rule.noUpcall && !rule.mayUpcall) {
      std::string mismatch = modelMismatch(rule, prototype->second, facts);
      if (!mismatch.empty()) {
        sink.error("model " + rule.function + ": " + mismatch, rule.origin.file, rule.origin.line);
        ok = false;
        continue;
      }
    }
    ModelKernelApi &api = model.kernelApi[rule.function];
    api.noUpcall = api.noUpcall || rule.noUpcall;
    api.mayUpcall = api.mayUpcall || rule.mayUpcall;
    if (api.noUpcall && api.mayUpcall) {
      sink.error("model " + rule.function + ": both noupcall and mayupcall", rule.origin.file,
                 rule.origin.line);
      ok = false;
    }
    for (const std::string &field : rule.fields)
      (rule.writes ? api.writes : api.reads).insert(rule.structName + "." + field);
    api.rules.push_back(rule.origin.file + ":" + std::to_string(rule.origin.line));
  }
  return ok;
}

}  // namespace splitdriver::analyzer

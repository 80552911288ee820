// Buffer arguments from the kernel API rules (Stages.h: attachBuffers).
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

}  // namespace splitdriver::analyzer

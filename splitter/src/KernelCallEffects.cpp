#include "KernelCallEffects.h"

#include <cctype>

namespace splitdriver::splitter {

const char *kernelCallEffectName(KernelCallEffect effect) {
  switch (effect) {
  case KernelCallEffect::None: return "";
  case KernelCallEffect::MapResource: return "map a resource";
  case KernelCallEffect::MapPhys: return "map a physical address";
  case KernelCallEffect::Unmap: return "unmap";
  case KernelCallEffect::DmaAlloc: return "dma_alloc";
  case KernelCallEffect::DmaFree: return "dma_free";
  case KernelCallEffect::NetdevAlloc: return "netdev_alloc";
  }
  return "?";
}

void attachKernelCallEffects(const analyzer::Model &model, PlannedKernelCall &k) {
  const std::string &name = k.prototype.name;
  for (const analyzer::LedgerRule &rule : model.ledger)
    if (rule.function == name)
      k.ledger = rule;
  for (const analyzer::MmioRule &rule : model.mmio)
    if (rule.function == name) {
      k.mmio = rule;
      k.effect = rule.kind == analyzer::MmioKind::Resource ? KernelCallEffect::MapResource
                 : rule.kind == analyzer::MmioKind::Phys   ? KernelCallEffect::MapPhys
                                                           : KernelCallEffect::Unmap;
      return;
    }
  if (name == "dma_alloc_attrs")
    k.effect = KernelCallEffect::DmaAlloc;
  else if (name == "dma_free_attrs")
    k.effect = KernelCallEffect::DmaFree;
  else if (name == "alloc_etherdev_mqs")
    k.effect = KernelCallEffect::NetdevAlloc;
}

void checkRuleArguments(const PlannedKernelCall &k, analyzer::DiagnosticSink &sink) {
  auto check = [&](const std::string &expr, const analyzer::RuleOrigin &origin) {
    for (size_t at = expr.find('$'); at != std::string::npos; at = expr.find('$', at + 1)) {
      if (expr.compare(at + 1, 3, "ret") == 0)
        continue;
      size_t end = at + 1;
      while (end < expr.size() && std::isdigit(static_cast<unsigned char>(expr[end])))
        ++end;
      if (end > at + 1 &&
          std::stoul(expr.substr(at + 1, end - at - 1)) < k.prototype.parameters.size())
        continue;
      sink.error("'" + expr + "': " + k.prototype.name + " has " +
                     std::to_string(k.prototype.parameters.size()) +
                     " arguments ($0 ...); $ret is its result",
                 origin.file, origin.line);
      return;
    }
  };
  if (k.ledger)
    for (const std::string *expr : {&k.ledger->object, &k.ledger->argument, &k.ledger->condition})
      check(*expr, k.ledger->origin);
  for (const std::string *expr : {&k.mmio.device, &k.mmio.resources, &k.mmio.index, &k.mmio.phys})
    check(*expr, k.mmio.origin);
}

}  // namespace splitdriver::splitter

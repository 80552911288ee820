// The bus and resource knowledge a driver's halves need (Stages.h:
// attachBusKnowledge): every bus and own rule, and the ledger and mmio rules
// of the kernel functions the driver calls, with the resources they name.
#include "Stages.h"

#include <set>

namespace splitdriver::analyzer {

void attachBusKnowledge(const Rules &rules, const Facts &facts, Model &model) {
  model.buses = rules.buses;
  model.owns = rules.owns;
  std::set<std::string> kinds;
  for (const LedgerRule &rule : rules.ledger)
    if (facts.prototypes.count(rule.function)) {
      model.ledger.push_back(rule);
      kinds.insert(rule.kind);
    }
  for (const MmioRule &rule : rules.mmio)
    if (facts.prototypes.count(rule.function))
      model.mmio.push_back(rule);
  // A `via` owner is looked up among the entries of its kind: keep it.
  for (const ResourceRule &rule : rules.resources)
    if (kinds.count(rule.kind) && !rule.ownerVia.empty())
      kinds.insert(rule.ownerVia);
  // In the rules' order: quiesce runs the kinds in this order.
  for (const ResourceRule &rule : rules.resources)
    if (kinds.count(rule.kind))
      model.resources.push_back(rule);
}

}  // namespace splitdriver::analyzer

// What a kernel API call the user half makes does beyond its result, from
// the kernel API rules the model carries (ledger and mmio rules), and the
// check of those rules' C expressions against the call.
#pragma once

#include "analyzer/Diagnostics.h"
#include "analyzer/Model.h"
#include "splitter/Plan.h"

namespace splitdriver::splitter {

// The call's ledger rule and effect: device memory from the mmio rules; DMA
// memory and net_devices, which kenv and the codec serve the same way on
// every bus.
void attachKernelCallEffects(const analyzer::Model &model, PlannedKernelCall &k);

// A ledger or mmio rule's $N must name an argument of the call; errors name
// the rule's file:line.
void checkRuleArguments(const PlannedKernelCall &k, analyzer::DiagnosticSink &sink);

}  // namespace splitdriver::splitter

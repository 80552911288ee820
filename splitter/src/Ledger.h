// The kernel half's resource ledger and device-memory regions, generated
// from the kernel API rules the model carries (`resource`, `acquire`,
// `release`, `mmio`): no bus is named here (docs/design/buses.md).
#pragma once

#include "splitter/Plan.h"

#include <string>

namespace splitdriver::splitter {

// The split header's enum of resource kinds and the ledger's prototypes.
std::string ledgerKinds(const std::string &driver, const Plan &plan);

// The kernel glue's ledger, quiesce and region functions (and, first, the
// prototypes the handlers share).
std::string ledgerGlue(const std::string &driver, const Plan &plan);

// After a kernel API downcall: what it adds to the ledger or forgets.
std::string ledgerHook(const std::string &driver, const PlannedKernelCall &k);

// The kernel API handler's body for a call with an mmio rule that maps
// device memory: the reply is the region's wire value. `call` is the C call.
std::string mmioHandlerBody(const std::string &driver, const PlannedKernelCall &k,
                            const std::string &call);

}  // namespace splitdriver::splitter

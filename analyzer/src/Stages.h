// The analysis stages after fact collection, in the order they run
// (internal header; the public entry point is analyzer/Analyzer.h).
#pragma once

#include "analyzer/Diagnostics.h"
#include "analyzer/Facts.h"
#include "analyzer/Model.h"
#include "analyzer/Rules.h"

namespace splitdriver::analyzer {

// Functions, call edges (direct and resolved indirect), kernel entry roots
// from the rules, external kernel functions, field types.
void buildCallGraph(const Facts &facts, const Rules &rules, Model &model, DiagnosticSink &sink);

// Buffer arguments: driver functions whose ops slot a `buffer` rule names,
// and the kernel functions one names.
void attachBuffers(const Rules &rules, Model &model);
// The kernel API models of the kernel functions the driver calls, checked
// against their prototypes and structs (errors name the rule's file:line).
bool attachKernelApiModels(const Rules &rules, const Facts &facts, Model &model,
                           DiagnosticSink &sink);

// The bus rules, and the ledger and mmio rules of the kernel functions the
// driver calls with the resource kinds they name (the splitter's bus glue).
void attachBusKnowledge(const Rules &rules, const Facts &facts, Model &model);

// Contexts imposed by the kernel, propagated along calls, with reasons.
void computeContexts(Model &model);

// Sides: forced kernel, user anchors, pins, locks shared across the cut.
// False when a pin contradicts a constraint (reported with the pin's position).
bool classify(const Facts &facts, Model &model, DiagnosticSink &sink);

// Locks by side; a lock taken on both sides is resolved by placing its
// user-side critical sections in the kernel unless the sidecar asks for a
// combolock; calls made under a kernel-side spinlock pull their callees in.
bool resolveLocks(const Facts &facts, Model &model, DiagnosticSink &sink);

// Places the free functions by a minimum cut (crossings vs kernel lines).
void chooseCut(Model &model);

// Locks by side after the cut; crossings with the state they carry;
// questions for what annotations must answer; the summary.
void analyzeSharedState(const Facts &facts, Model &model);
bool guardDeferredEntries(const Rules &rules, Model &model, DiagnosticSink &sink);

}  // namespace splitdriver::analyzer

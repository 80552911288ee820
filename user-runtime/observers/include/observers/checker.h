// Static checks of a parsed spec set.
#pragma once

#include "observers/diagnostics.h"
#include "observers/spec.h"

namespace observers {

// Errors make a spec unusable (unknown names, wrong message directions,
// missing or duplicate initial states, ill-typed guards, ambiguous
// transitions). Warnings flag likely mistakes (unreachable states, messages
// never accepted). Returns false if any error was reported.
bool checkSpecs(const SpecSet& specs, DiagnosticSink& sink);

}  // namespace observers

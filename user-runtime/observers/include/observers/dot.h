// Graphviz DOT of a protocol: one cluster per super state, one node per
// state, one edge per transition labelled with its message and guard.
#pragma once

#include <string>

#include "observers/spec.h"

namespace observers {

std::string protocolToDot(const Protocol& proto);

// The source text of an expression, as the DOT labels and reports show it.
std::string exprToString(const Expr& expr);

}  // namespace observers

// One generator per output format; each only reads the Model.
#pragma once

#include "analyzer/Model.h"

#include <string>

namespace splitdriver::analyzer {

std::string writeJson(const Model &model);        // versioned model (docs/ARCHITECTURE.md)
std::string writeTextReport(const Model &model);  // for a driver engineer
std::string writeDot(const Model &model);         // Graphviz, coloured by side, cut edges red

}  // namespace splitdriver::analyzer

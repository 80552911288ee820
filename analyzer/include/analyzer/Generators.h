// One generator per output format; each only reads the Model.
#pragma once

#include "analyzer/Model.h"

#include <string>

namespace splitdriver::analyzer {

std::string writeJson(const Model &model);        // versioned model (docs/ARCHITECTURE.md)
std::string writeTextReport(const Model &model);  // for a driver engineer
std::string writeDot(const Model &model);         // Graphviz, coloured by side, cut edges red

// Renders DOT text to SVG with Graphviz's `dot`; false with `error` set
// when dot is missing or fails.
bool renderSvg(const std::string &dot, std::string &svg, std::string &error);

}  // namespace splitdriver::analyzer

// Parsing protocol specs (annotations/protocols/*.spec) into the model.
#pragma once

#include <string>

#include "observers/diagnostics.h"
#include "observers/spec.h"

namespace observers {

// Parses `text` (named `file` in diagnostics) and appends its protocols to
// `out`. Syntax errors go to `sink` with file:line:col; parsing of a file
// stops at its first syntax error. Returns false on any error.
bool parseSpec(const std::string& file, const std::string& text, SpecSet& out, DiagnosticSink& sink);

// Reads and parses a file; a file that cannot be read is an error.
bool parseSpecFile(const std::string& path, SpecSet& out, DiagnosticSink& sink);

}  // namespace observers

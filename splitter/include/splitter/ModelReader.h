// The analyzer's JSON model for the splitter (analyzer/ModelReader.h), which
// must list functions. Wrong format, version or shape is an error naming
// the file.
#pragma once

#include "analyzer/Diagnostics.h"
#include "analyzer/Model.h"

#include <optional>
#include <string>

namespace splitdriver::splitter {

std::optional<analyzer::Model> readModelJson(const std::string &text, const std::string &file,
                                             analyzer::DiagnosticSink &sink);
std::optional<analyzer::Model> loadModelJson(const std::string &path,
                                             analyzer::DiagnosticSink &sink);

}  // namespace splitdriver::splitter

// Reads the analyzer's JSON model (format "split-driver-analysis", version
// kModelVersion, written by JsonGenerator) back into a Model: functions,
// crossings, locks, questions, fields, records and annotations. A wrong
// format or version is an error naming the file; what each reader needs on
// top (functions, records) its caller checks.
#pragma once

#include "analyzer/Diagnostics.h"
#include "analyzer/Model.h"

#include <optional>
#include <string>

namespace splitdriver::analyzer {

std::optional<Model> readModelJson(const std::string &text, const std::string &file,
                                   DiagnosticSink &sink);
std::optional<Model> loadModelJson(const std::string &path, DiagnosticSink &sink);

}  // namespace splitdriver::analyzer

// The describer: analysis model (+ sidecar) -> marshal description, format
// version 2 (marshal/README.md). Clang-free: it reads the model the
// analyzer wrote, so `split-driver marshal --model=...` needs no compile
// database. Rules in docs/ARCHITECTURE.md (marshal, "The describer").
#pragma once

#include "analyzer/Diagnostics.h"
#include "analyzer/Model.h"

#include <optional>
#include <string>
#include <vector>

namespace splitdriver::describe {

constexpr int kDescriptionVersion = 2;

// What the code generators after the describer need: the description as
// JSON text (what `<driver>.marshal.json` holds, byte for byte) and the C
// headers the in-place codec includes (kernel headers first, driver last).
struct MarshalDescription {
  std::string driver;
  std::string json;
  std::vector<std::string> includes;
  unsigned types = 0, fields = 0;
};

// Reads what the describer needs from an analysis model (JSON, format
// "split-driver-analysis"): driver, functions, crossings, fields, records,
// questions, annotations. Errors name the file.
std::optional<analyzer::Model> readAnalysisModel(const std::string &text, const std::string &file,
                                                 analyzer::DiagnosticSink &sink);
std::optional<analyzer::Model> loadAnalysisModel(const std::string &path,
                                                 analyzer::DiagnosticSink &sink);

// Replaces the model's annotations by sidecar files read now, each line
// checked against the structs and fields the model knows (file:line: error).
bool applySidecars(const std::vector<std::string> &files, analyzer::Model &model,
                   analyzer::DiagnosticSink &sink);

// The description of the state the model's crossings carry. A crossing
// pointer whose class needs a sidecar answer (char *, void *, pointer to
// scalars) is an error naming the question and the line that answers it.
std::optional<MarshalDescription> describe(const analyzer::Model &model,
                                           analyzer::DiagnosticSink &sink);

// Writes <directory>/<driver>.marshal.json (creating the directory).
bool writeDescription(const MarshalDescription &description, const std::string &directory,
                      analyzer::DiagnosticSink &sink);

}  // namespace splitdriver::describe

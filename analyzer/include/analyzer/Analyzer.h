// The analyzer's entry point: compile database + files -> Model.
#pragma once

#include "analyzer/Diagnostics.h"
#include "analyzer/Model.h"

#include <optional>
#include <string>
#include <vector>

namespace clang::tooling {
class CompilationDatabase;
}

namespace splitdriver::analyzer {

struct AnalyzeOptions {
  std::string rulesDirectory = defaultRulesDirectory();
  std::vector<std::string> annotationFiles;  // sidecar files
  std::string driverName;                    // defaults to the first source's stem

  static std::string defaultRulesDirectory();
};

// Runs every stage. Errors (database, parse, rules, sidecar, pins) go to
// `sink` and make it return nothing.
std::optional<Model> analyze(const clang::tooling::CompilationDatabase &database,
                             const std::vector<std::string> &files, const AnalyzeOptions &options,
                             DiagnosticSink &sink);

// The same with <directory>/compile_commands.json.
std::optional<Model> analyzeCompileDatabase(const std::string &directory,
                                            const std::vector<std::string> &files,
                                            const AnalyzeOptions &options, DiagnosticSink &sink);

}  // namespace splitdriver::analyzer

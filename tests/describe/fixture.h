// The fixture driver (fixtures/fx/fxdrv.c) analysed in process with a fixed
// compile command: kernel headers under fixtures/include, driver in fx/.
#pragma once

#include "analyzer/Analyzer.h"

#include <clang/Tooling/CompilationDatabase.h>

#include <optional>
#include <string>

namespace fixture {

inline std::optional<splitdriver::analyzer::Model>
analyzeFixture(const std::string &sidecar, splitdriver::analyzer::DiagnosticSink &sink) {
  std::string dir = DESCRIBE_FIXTURES;
  clang::tooling::FixedCompilationDatabase database(dir + "/fx",
                                                    {"-I" + dir + "/include", "-std=gnu11"});
  splitdriver::analyzer::AnalyzeOptions options;
  options.rulesDirectory = SPLIT_DRIVER_RULES_DIR;
  options.driverName = "fx";
  if (!sidecar.empty())
    options.annotationFiles = {dir + "/" + sidecar};
  return splitdriver::analyzer::analyze(database, {dir + "/fx/fxdrv.c"}, options, sink);
}

}  // namespace fixture

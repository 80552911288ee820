// A real driver of Debian's linux-source split in process, as
// `split-driver split` does without a codec: the analysis model, the plan
// and the generated files, and the text of a function in the original
// sources and in each half (for "verbatim on its side" checks).
#pragma once

#include "analyzer/Model.h"
#include "splitter/Plan.h"
#include "splitter/Splitter.h"

#include <string>
#include <vector>

namespace splitdriver::splitter {

struct RealSplit {
  analyzer::Model model;
  Plan plan;
  OutputFiles files;
};

// Analyses and splits the translation units `files` of the database in
// `databaseDir` (all of them when empty) with one sidecar; failures are
// gtest failures naming the diagnostics.
RealSplit splitRealDriver(const std::string &databaseDir, const std::vector<std::string> &files,
                          const std::string &annotations, const std::string &driver);

// The function's lines in the original source file.
std::string originalText(const analyzer::ModelFunction &f);

// The generated file of `side` ("kernel" or "user") that holds f's file.
const std::string &halfText(const RealSplit &split, const std::string &side,
                            const analyzer::ModelFunction &f);

// Every function the plan places (header inlines aside) has the home the
// analysis chose (module init/exit: the kernel) and is not a stub there.
// Returns how many were checked.
unsigned expectHomesFollowTheAnalysis(const RealSplit &split);

}  // namespace splitdriver::splitter

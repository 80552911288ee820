// Splitting the fixture drivers of tests/splitter/fixtures/drivers in
// process: analysis, source facts and plan of one fixture file.
#pragma once

#include "analyzer/Diagnostics.h"
#include "analyzer/Model.h"
#include "splitter/Plan.h"
#include "splitter/SourceFacts.h"
#include "splitter/Splitter.h"

#include <optional>
#include <string>

namespace splitdriver::splitter::testing {

struct FixtureSplit {
  analyzer::Model model;
  SourceFacts facts;
  Plan plan;
};

// Options for `split` of fixtures/drivers/<name>.c (with its .annotations).
SplitOptions fixtureOptions(const std::string &name, const std::string &out = "");

// Analysis, facts and plan of fixture <name>; failures are in `sink`.
std::optional<FixtureSplit> splitFixture(const std::string &name,
                                         analyzer::CollectingSink &sink);

std::string readText(const std::string &path);
// A fresh empty directory under the test's scratch area.
std::string scratchDirectory(const std::string &name);

}  // namespace splitdriver::splitter::testing

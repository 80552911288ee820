// Parses a driver's translation units with libTooling and records their
// top-level declarations (SourceFacts). The only splitter stage that
// includes clang headers.
#pragma once

#include "analyzer/Diagnostics.h"
#include "splitter/SourceFacts.h"

#include <optional>
#include <string>
#include <vector>

namespace clang::tooling {
class CompilationDatabase;
}

namespace splitdriver::splitter {

// `files` are compile-database entries (absolute paths). A clang error is
// reported with its file:line:col and makes it return nothing.
std::optional<SourceFacts> collectSourceFacts(const clang::tooling::CompilationDatabase &database,
                                              const std::vector<std::string> &files,
                                              analyzer::DiagnosticSink &sink);

}  // namespace splitdriver::splitter

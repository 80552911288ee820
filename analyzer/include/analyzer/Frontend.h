// Loading a kernel compile database and running the fact collector over
// the driver's translation units with libTooling.
#pragma once

#include "analyzer/Diagnostics.h"
#include "analyzer/Facts.h"
#include "analyzer/Rules.h"

#include <memory>
#include <string>
#include <vector>

namespace clang::tooling {
class CompilationDatabase;
}

namespace splitdriver::analyzer {

// Loads <dir>/compile_commands.json; a missing or unreadable one is an error.
std::unique_ptr<clang::tooling::CompilationDatabase>
loadCompileDatabase(const std::string &directory, DiagnosticSink &sink);

// Kernel gcc command line -> one clang accepts for a syntax-only parse:
// drops the gcc-only code-generation flags, dependency-file output and
// -Werror, and silences warnings about what is left.
std::vector<std::string> adjustKernelArguments(const std::vector<std::string> &arguments);

// The translation units to analyse: `requested` resolved against the
// database (an exact path, or a unique entry ending in /<name>), or every
// entry except *.mod.c when `requested` is empty. Unknown files are errors.
std::vector<std::string> resolveSourceFiles(const clang::tooling::CompilationDatabase &database,
                                            const std::vector<std::string> &requested,
                                            DiagnosticSink &sink);

// The kernel module a file belongs to (-DKBUILD_MODNAME in its command),
// or "" when the command does not say.
std::string kernelModuleName(const clang::tooling::CompilationDatabase &database,
                             const std::string &file);

// Parses every file and collects Facts. Any clang error (reported with its
// file:line:col) makes it return false.
bool collectFacts(const clang::tooling::CompilationDatabase &database,
                  const std::vector<std::string> &files, const Rules &rules, Facts &facts,
                  DiagnosticSink &sink);

// Parses every file (same flags, no fact collection): the cost floor of an
// analysis, for the benchmark's baseline. False on any clang error.
bool parseOnly(const clang::tooling::CompilationDatabase &database,
               const std::vector<std::string> &files, DiagnosticSink &sink);

}  // namespace splitdriver::analyzer

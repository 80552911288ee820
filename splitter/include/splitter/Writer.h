// The generators: plan + source facts -> the files of the output directory,
// as (relative path, contents) pairs. Nothing here touches the disk except
// reading the driver's sources; OutputDirectory writes the result.
#pragma once

#include "analyzer/Diagnostics.h"
#include "analyzer/Model.h"
#include "splitter/Plan.h"
#include "splitter/SourceFacts.h"

#include <map>
#include <optional>
#include <string>

namespace splitdriver::splitter {

struct WriterOptions {
  std::string udrvInclude;   // kernel-stub/include
  std::string udrvSymvers;   // udrv.ko's Module.symvers
  std::string compileDatabase;  // the driver's compile_commands.json, for the user half's recipe
  // With a codec: marshal/runtime (copied into both halves), and the
  // split-driver tree the user half's CMakeLists builds against.
  std::string marshalRuntime;
  std::string sourceDirectory;
  std::string binaryDirectory;
};

// Relative path -> contents; a std::map so files come out in one order.
using OutputFiles = std::map<std::string, std::string>;

// The driver name as a C identifier prefix ("e1000", "fixture_1").
std::string identifierPrefix(const std::string &driver);

// <out>/kernel/...: the driver's files rewritten for the kernel half
// (tooling::Replacements on the original text), its headers, the split
// header, the channel glue, Kbuild and Makefile.
bool writeKernelHalf(const Plan &plan, const SourceFacts &facts, const WriterOptions &options,
                     OutputFiles &out, analyzer::DiagnosticSink &sink);

// <out>/user/...: the driver's files rewritten for the user half, its
// headers, the split header, main and CMakeLists.txt.
bool writeUserHalf(const Plan &plan, const SourceFacts &facts, const WriterOptions &options,
                   OutputFiles &out, analyzer::DiagnosticSink &sink);

// <out>/split.json and <out>/split.txt: what went where and why.
void writeReport(const Plan &plan, const analyzer::Model &model, const SourceFacts &facts,
                 OutputFiles &out);

}  // namespace splitdriver::splitter

// split-driver split, as a library: analysis model + compile database +
// sources -> <out>/kernel, <out>/user, <out>/split.json, <out>/split.txt.
#pragma once

#include "analyzer/Diagnostics.h"
#include "splitter/Writer.h"

#include <string>
#include <vector>

namespace splitdriver::splitter {

struct SplitOptions {
  std::string buildDirectory;  // holds compile_commands.json
  std::vector<std::string> files;  // empty: every entry of the database
  std::string modelFile;       // analysis JSON; empty: analyse in process
  std::vector<std::string> annotationFiles;  // for the in-process analysis
  std::string rulesDirectory;  // idem; empty: the analyzer's default
  std::string driverName;
  std::string outputDirectory;
  // --codec=<dir>: marshal's output (<drv>.marshal.json, <drv>_sdm.{h,c});
  // crossings are marshaled, kernel API downcalls served (kenvDowncalls).
  std::string codecDirectory;
  std::string kenvDowncalls;  // kenv's downcalls.txt
  WriterOptions writer;
};

// Every stage in order; the first failing stage's errors are in `sink` and
// the output directory is untouched. Unanswered analysis questions are
// errors (one per question, naming the annotation that answers it).
bool split(const SplitOptions &options, analyzer::DiagnosticSink &sink);

// The same up to the files, without writing them (tests, --dry-run).
bool generate(const SplitOptions &options, OutputFiles &files, analyzer::DiagnosticSink &sink);

}  // namespace splitdriver::splitter

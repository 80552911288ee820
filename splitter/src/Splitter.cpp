#include "splitter/Splitter.h"

#include "analyzer/Analyzer.h"
#include "analyzer/Frontend.h"
#include "splitter/FactCollector.h"
#include "splitter/ModelReader.h"
#include "splitter/OutputDirectory.h"
#include "splitter/Plan.h"

#include <clang/Tooling/CompilationDatabase.h>

namespace splitdriver::splitter {
namespace {

std::optional<analyzer::Model> loadModel(const SplitOptions &options,
                                         const clang::tooling::CompilationDatabase &database,
                                         analyzer::DiagnosticSink &sink) {
  if (!options.modelFile.empty())
    return loadModelJson(options.modelFile, sink);
  analyzer::AnalyzeOptions analyze;
  if (!options.rulesDirectory.empty())
    analyze.rulesDirectory = options.rulesDirectory;
  analyze.annotationFiles = options.annotationFiles;
  analyze.driverName = options.driverName;
  return analyzer::analyze(database, options.files, analyze, sink);
}

std::string writerPrefix(const std::string &driver) { return identifierPrefix(driver); }

}  // namespace

bool generate(const SplitOptions &options, OutputFiles &files, analyzer::DiagnosticSink &sink) {
  auto database = analyzer::loadCompileDatabase(options.buildDirectory, sink);
  if (!database)
    return false;
  std::vector<std::string> sources =
      analyzer::resolveSourceFiles(*database, options.files, sink);
  if (sources.empty())
    return false;
  std::optional<analyzer::Model> model = loadModel(options, *database, sink);
  if (!model || !checkQuestions(*model, sink))
    return false;
  if (!options.driverName.empty())
    model->driver = options.driverName;
  std::optional<SourceFacts> facts = collectSourceFacts(*database, sources, sink);
  if (!facts)
    return false;
  PlanOptions planOptions;
  if (!options.codecDirectory.empty()) {
    planOptions.codec =
        loadCodecDescription(options.codecDirectory, writerPrefix(model->driver), sink);
    if (!planOptions.codec)
      return false;
    auto kenv = loadKenvDowncalls(options.kenvDowncalls, sink);
    if (!kenv)
      return false;
    planOptions.kenvDowncalls = std::move(*kenv);
  }
  std::optional<Plan> plan = planSplit(*model, *facts, sink, planOptions);
  if (!plan)
    return false;
  return writeKernelHalf(*plan, *facts, options.writer, files, sink) &&
         writeUserHalf(*plan, *facts, options.writer, files, sink) &&
         (writeReport(*plan, *model, *facts, files), true);
}

bool split(const SplitOptions &options, analyzer::DiagnosticSink &sink) {
  OutputFiles files;
  if (!generate(options, files, sink))
    return false;
  return replaceDirectory(options.outputDirectory, files, sink);
}

}  // namespace splitdriver::splitter

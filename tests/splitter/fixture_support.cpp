#include "fixture_support.h"

#include "analyzer/Analyzer.h"
#include "analyzer/Frontend.h"
#include "splitter/FactCollector.h"

#include <clang/Tooling/CompilationDatabase.h>
#include <llvm/Support/FileSystem.h>

#include <fstream>
#include <sstream>

namespace splitdriver::splitter::testing {

SplitOptions fixtureOptions(const std::string &name, const std::string &out) {
  SplitOptions options;
  options.buildDirectory = FIXTURE_DATABASE_DIR;
  options.files = {name + ".c"};
  options.driverName = name;
  options.rulesDirectory = SPLIT_DRIVER_RULES_DIR;
  std::string annotations = std::string(FIXTURE_ANNOTATIONS_DIR) + "/" + name + ".annotations";
  if (llvm::sys::fs::exists(annotations))
    options.annotationFiles = {annotations};
  options.outputDirectory = out;
  options.writer.udrvInclude = "/udrv/include";
  options.writer.udrvSymvers = "/udrv/Module.symvers";
  options.writer.compileDatabase = std::string(FIXTURE_DATABASE_DIR) + "/compile_commands.json";
  options.writer.marshalRuntime = SPLIT_DRIVER_MARSHAL_RUNTIME;
  options.writer.sourceDirectory = "/split-driver";
  options.writer.binaryDirectory = "/split-driver/build";
  options.kenvDowncalls = SPLIT_DRIVER_KENV_DOWNCALLS;
  return options;
}

std::optional<FixtureSplit> splitFixture(const std::string &name,
                                         analyzer::CollectingSink &sink) {
  SplitOptions options = fixtureOptions(name);
  auto database = analyzer::loadCompileDatabase(options.buildDirectory, sink);
  if (!database)
    return std::nullopt;
  auto files = analyzer::resolveSourceFiles(*database, options.files, sink);
  analyzer::AnalyzeOptions analyze;
  analyze.rulesDirectory = options.rulesDirectory;
  analyze.annotationFiles = options.annotationFiles;
  analyze.driverName = name;
  auto model = analyzer::analyze(*database, files, analyze, sink);
  if (!model)
    return std::nullopt;
  auto facts = collectSourceFacts(*database, files, sink);
  if (!facts)
    return std::nullopt;
  auto plan = planSplit(*model, *facts, sink);
  if (!plan)
    return std::nullopt;
  return FixtureSplit{std::move(*model), std::move(*facts), std::move(*plan)};
}

std::string readText(const std::string &path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string scratchDirectory(const std::string &name) {
  std::string dir = std::string(SPLITTER_TEST_TMP) + "/" + name;
  llvm::sys::fs::remove_directories(dir);
  llvm::sys::fs::create_directories(SPLITTER_TEST_TMP);
  return dir;
}

}  // namespace splitdriver::splitter::testing

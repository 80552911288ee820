// split-driver analyze -p <build-dir> [files...] [--format=text|json|dot] [-o out]
#include "Commands.h"

#include "analyzer/Analyzer.h"
#include "analyzer/Generators.h"

#include <clang/Tooling/CommonOptionsParser.h>
#include <llvm/Support/CommandLine.h>
#include <llvm/Support/raw_ostream.h>

#include <fstream>
#include <iostream>

namespace splitdriver::tools {
namespace {

namespace cl = llvm::cl;
using namespace splitdriver::analyzer;

cl::SubCommand Analyze("analyze",
                       "Classify every function of a driver kernel|user by call graph and "
                       "execution context, and report the state the halves share");
cl::OptionCategory Category("split-driver analyze options");

enum class Format { Text, Json, Dot };

cl::opt<Format> OutputFormat(
    "format", cl::desc("Output format"), cl::init(Format::Text),
    cl::values(clEnumValN(Format::Text, "text", "report for a driver engineer"),
               clEnumValN(Format::Json, "json", "versioned analysis model"),
               clEnumValN(Format::Dot, "dot", "Graphviz call graph coloured by side")),
    cl::cat(Category), cl::sub(Analyze));
cl::opt<std::string> OutputFile("o", cl::desc("Write the output to <file> (default: stdout)"),
                                cl::value_desc("file"), cl::cat(Category), cl::sub(Analyze));
cl::opt<std::string> RulesDirectory(
    "rules", cl::desc("Directory of kernel API *.rules files"), cl::value_desc("dir"),
    cl::init(AnalyzeOptions::defaultRulesDirectory()), cl::cat(Category), cl::sub(Analyze));
cl::list<std::string> AnnotationFiles("annotations",
                                      cl::desc("Sidecar annotation file of the driver"),
                                      cl::value_desc("file"), cl::cat(Category), cl::sub(Analyze));
cl::opt<std::string> DriverName("driver", cl::desc("Driver name in the outputs"),
                                cl::value_desc("name"), cl::cat(Category), cl::sub(Analyze));

// With no source files CommonOptionsParser loads no database; read -p's
// value (its own option, registered for every subcommand) and load it.
std::string buildPath() {
  auto &options = cl::getRegisteredOptions(Analyze);
  auto found = options.find("p");
  if (found == options.end())
    return "";
  return static_cast<cl::opt<std::string> *>(found->second)->getValue();
}

std::string render(const Model &model) {
  switch (OutputFormat) {
  case Format::Json: return writeJson(model);
  case Format::Dot: return writeDot(model);
  case Format::Text: break;
  }
  return writeTextReport(model);
}

}  // namespace

int runAnalyze(int argc, const char **argv) {
  StreamSink sink(std::cerr);
  auto parser = clang::tooling::CommonOptionsParser::create(argc, argv, Category,
                                                            cl::ZeroOrMore);
  if (!parser) {
    std::string message = llvm::toString(parser.takeError());
    sink.error("cannot load the compile database: " + message +
               " (pass -p <dir containing compile_commands.json>)");
    return kExitUsage;
  }
  AnalyzeOptions options;
  options.rulesDirectory = RulesDirectory;
  options.annotationFiles = AnnotationFiles;
  options.driverName = DriverName;
  std::optional<Model> model;
  if (!parser->getSourcePathList().empty()) {
    model = analyze(parser->getCompilations(), parser->getSourcePathList(), options, sink);
  } else if (std::string directory = buildPath(); !directory.empty()) {
    model = analyzeCompileDatabase(directory, {}, options, sink);
  } else {
    sink.error("no compile database: pass -p <dir containing compile_commands.json>");
    return kExitUsage;
  }
  if (!model)
    return kExitFailure;
  std::string output = render(*model);
  if (OutputFile.empty()) {
    std::cout << output;
    return kExitOk;
  }
  std::ofstream out(OutputFile);
  if (!(out << output)) {
    sink.error("cannot write the output", OutputFile);
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace splitdriver::tools

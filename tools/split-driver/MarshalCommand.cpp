// split-driver marshal (--model=<analysis.json> | -p <build-dir> [files...])
//   [--annotations=<sidecar>] -o <dir>: the marshal description, its schema
//   and the in-place C codec both halves compile.
#include "Commands.h"

#include "analyzer/Analyzer.h"
#include "describe/Describe.h"
#include "codegen.h"

#include <clang/Tooling/CommonOptionsParser.h>
#include <llvm/Support/CommandLine.h>

#include <iostream>
#include <sstream>

namespace splitdriver::tools {
namespace {

namespace cl = llvm::cl;
using namespace splitdriver::analyzer;

cl::SubCommand Marshal("marshal",
                       "Write <dir>/<driver>.marshal.json: the state the crossings carry, "
                       "described for the marshal code generators (format version 2)");
cl::OptionCategory Category("split-driver marshal options");

cl::opt<std::string> OutputDirectory("o", cl::desc("Output directory"), cl::value_desc("dir"),
                                     cl::Required, cl::cat(Category), cl::sub(Marshal));
cl::opt<std::string> ModelFile("model",
                               cl::desc("Analysis model from `split-driver analyze "
                                        "--format=json` (default: analyse now, with -p)"),
                               cl::value_desc("file"), cl::cat(Category), cl::sub(Marshal));
cl::list<std::string> AnnotationFiles(
    "annotations",
    cl::desc("Sidecar annotation file of the driver (with --model: replaces the model's)"),
    cl::value_desc("file"), cl::cat(Category), cl::sub(Marshal));
cl::opt<std::string> RulesDirectory("rules", cl::desc("Directory of kernel API *.rules files"),
                                    cl::value_desc("dir"),
                                    cl::init(AnalyzeOptions::defaultRulesDirectory()),
                                    cl::cat(Category), cl::sub(Marshal));
cl::opt<bool> DescriptionOnly("description-only",
                              cl::desc("Write <driver>.marshal.json only: no schema, no codec"),
                              cl::cat(Category), cl::sub(Marshal));
cl::opt<std::string> CapnpCompiler("capnp", cl::desc("The capnp compiler"),
                                   cl::value_desc("program"), cl::init("capnp"),
                                   cl::cat(Category), cl::sub(Marshal));
cl::opt<std::string> DriverName("driver", cl::desc("Driver name (default: the module's)"),
                                cl::value_desc("name"), cl::cat(Category), cl::sub(Marshal));

std::string buildPath() {
  auto &options = cl::getRegisteredOptions(Marshal);
  auto found = options.find("p");
  if (found == options.end())
    return "";
  return static_cast<cl::opt<std::string> *>(found->second)->getValue();
}

// The model from --model (sidecars checked against it) or from an analysis
// run now over -p's database (sidecars checked against the AST).
std::optional<Model> loadModel(clang::tooling::CommonOptionsParser &parser,
                               DiagnosticSink &sink) {
  if (!ModelFile.empty()) {
    std::optional<Model> model = describe::loadAnalysisModel(ModelFile, sink);
    if (model && !describe::applySidecars(AnnotationFiles, *model, sink))
      return std::nullopt;
    if (model && !DriverName.empty())
      model->driver = DriverName;
    return model;
  }
  AnalyzeOptions options;
  options.rulesDirectory = RulesDirectory;
  options.annotationFiles = AnnotationFiles;
  options.driverName = DriverName;
  if (!parser.getSourcePathList().empty())
    return analyze(parser.getCompilations(), parser.getSourcePathList(), options, sink);
  return analyzeCompileDatabase(buildPath(), {}, options, sink);
}

// The code generators' messages ("file: where: error: message") into the sink.
void forward(const std::string &text, DiagnosticSink &sink) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    auto at = line.find(": error: ");
    if (at == std::string::npos)
      continue;
    sink.error(line.substr(at + 9), line.substr(0, at));
  }
}

bool generateCodec(const describe::MarshalDescription &description, DiagnosticSink &sink) {
  sdmarshal::schema::CodegenTools tools;
  tools.capnp = CapnpCompiler;
  tools.plugin = SPLIT_DRIVER_SDM_PLUGIN;
  tools.importDir = SPLIT_DRIVER_SDM_SCHEMA_DIR;
  std::ostringstream errors;
  bool ok = sdmarshal::schema::generateCodec(description.json,
                                             description.driver + ".marshal.json",
                                             OutputDirectory, tools, errors);
  forward(errors.str(), sink);
  if (!ok && !sink.errorCount())
    sink.error("the code generators failed: " + errors.str());
  return ok;
}

}  // namespace

int runMarshal(int argc, const char **argv) {
  StreamSink sink(std::cerr);
  auto parser =
      clang::tooling::CommonOptionsParser::create(argc, argv, Category, cl::ZeroOrMore);
  if (!parser) {
    sink.error("cannot parse the command line: " + llvm::toString(parser.takeError()));
    return kExitUsage;
  }
  if (ModelFile.empty() && buildPath().empty() && parser->getSourcePathList().empty()) {
    sink.error("no input: pass --model=<analysis.json> or -p <dir containing "
               "compile_commands.json>");
    return kExitUsage;
  }
  std::optional<Model> model = loadModel(*parser, sink);
  if (!model)
    return kExitFailure;
  // describe() is the boundary for the code generators: its result holds the
  // description's JSON text and the headers the in-place codec includes.
  std::optional<describe::MarshalDescription> description = describe::describe(*model, sink);
  if (!description || !describe::writeDescription(*description, OutputDirectory, sink))
    return kExitFailure;
  if (!DescriptionOnly && !generateCodec(*description, sink))
    return kExitFailure;
  return kExitOk;
}

}  // namespace splitdriver::tools

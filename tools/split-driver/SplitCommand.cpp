// split-driver split -p <build-dir> -o <out> [--model=<json>] [files...]
#include "Commands.h"

#include "analyzer/Diagnostics.h"
#include "splitter/Splitter.h"

#include <clang/Tooling/CommonOptionsParser.h>
#include <llvm/Support/CommandLine.h>

#include <iostream>

namespace splitdriver::tools {
namespace {

namespace cl = llvm::cl;

cl::SubCommand Split("split",
                     "Write the kernel half (Kbuild) and the user half (CMake) of a driver, "
                     "and a report of what went where");
cl::OptionCategory Category("split-driver split options");

cl::opt<std::string> OutputDirectory("o", cl::desc("Output directory (replaced as a whole)"),
                                     cl::value_desc("dir"), cl::Required, cl::cat(Category),
                                     cl::sub(Split));
cl::opt<std::string> ModelFile("model",
                               cl::desc("Analysis model from `split-driver analyze "
                                        "--format=json` (default: analyse now)"),
                               cl::value_desc("file"), cl::cat(Category), cl::sub(Split));
cl::list<std::string> AnnotationFiles("annotations",
                                      cl::desc("Sidecar annotation file of the driver"),
                                      cl::value_desc("file"), cl::cat(Category), cl::sub(Split));
cl::opt<std::string> RulesDirectory("rules", cl::desc("Directory of kernel API *.rules files"),
                                    cl::value_desc("dir"), cl::cat(Category), cl::sub(Split));
cl::opt<std::string> DriverName("driver", cl::desc("Driver name (module <name>_k.ko, "
                                                   "program <name>-udrv)"),
                                cl::value_desc("name"), cl::cat(Category), cl::sub(Split));
cl::opt<std::string> UdrvInclude("udrv-include", cl::desc("udrv's kernel include directory"),
                                 cl::value_desc("dir"), cl::init(SPLIT_DRIVER_UDRV_INCLUDE),
                                 cl::cat(Category), cl::sub(Split));
cl::opt<std::string> UdrvSymvers("udrv-symvers", cl::desc("udrv.ko's Module.symvers"),
                                 cl::value_desc("file"), cl::init(SPLIT_DRIVER_UDRV_SYMVERS),
                                 cl::cat(Category), cl::sub(Split));

cl::opt<std::string> CodecDirectory(
    "codec",
    cl::desc("Marshal's output for this driver (<drv>.marshal.json, <drv>_sdm.{h,c}): "
             "crossings marshal their pointers through the codec"),
    cl::value_desc("dir"), cl::cat(Category), cl::sub(Split));
cl::opt<std::string> KenvDowncalls("kenv-downcalls",
                                   cl::desc("kenv's downcalls.txt (kernel API downcall ids)"),
                                   cl::value_desc("file"), cl::init(SPLIT_DRIVER_KENV_DOWNCALLS),
                                   cl::cat(Category), cl::sub(Split));

std::string buildPath() {
  auto &options = cl::getRegisteredOptions(Split);
  auto found = options.find("p");
  if (found == options.end())
    return "";
  return static_cast<cl::opt<std::string> *>(found->second)->getValue();
}

}  // namespace

int runSplit(int argc, const char **argv) {
  analyzer::StreamSink sink(std::cerr);
  auto parser =
      clang::tooling::CommonOptionsParser::create(argc, argv, Category, cl::ZeroOrMore);
  if (!parser) {
    sink.error("cannot parse the command line: " + llvm::toString(parser.takeError()));
    return kExitUsage;
  }
  splitter::SplitOptions options;
  options.buildDirectory = buildPath();
  if (options.buildDirectory.empty()) {
    sink.error("no compile database: pass -p <dir containing compile_commands.json>");
    return kExitUsage;
  }
  options.files = parser->getSourcePathList();
  options.modelFile = ModelFile;
  options.annotationFiles = AnnotationFiles;
  options.rulesDirectory = RulesDirectory;
  options.driverName = DriverName;
  options.outputDirectory = OutputDirectory;
  options.writer.udrvInclude = UdrvInclude;
  options.writer.udrvSymvers = UdrvSymvers;
  options.writer.compileDatabase = options.buildDirectory + "/compile_commands.json";
  options.codecDirectory = CodecDirectory;
  options.kenvDowncalls = KenvDowncalls;
  options.writer.marshalRuntime = SPLIT_DRIVER_MARSHAL_RUNTIME;
  options.writer.sourceDirectory = SPLIT_DRIVER_SOURCE_DIR;
  options.writer.binaryDirectory = SPLIT_DRIVER_BINARY_DIR;
  return splitter::split(options, sink) ? kExitOk : kExitFailure;
}

}  // namespace splitdriver::tools

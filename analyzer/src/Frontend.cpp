#include "analyzer/Frontend.h"

#include "FactCollector.h"
#include "analyzer/Analyzer.h"

#include <clang/Basic/Diagnostic.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Frontend/CompilerInstance.h>
#include <clang/Frontend/FrontendAction.h>
#include <clang/Frontend/FrontendActions.h>
#include <clang/Tooling/CompilationDatabase.h>
#include <clang/Tooling/JSONCompilationDatabase.h>
#include <clang/Tooling/Tooling.h>
#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>

#include <algorithm>

namespace splitdriver::analyzer {
namespace {

using namespace clang;

bool startsWith(const std::string &text, const char *prefix) {
  return text.rfind(prefix, 0) == 0;
}

// Flags gcc knows and clang 19 rejects or mishandles (see PROBES.md).
bool isRejectedFlag(const std::string &arg) {
  static const char *const exact[] = {
      "-mindirect-branch-register", "-mindirect-branch-cs-prefix", "-fno-allow-store-data-races",
      "-fconserve-stack",           "-mrecord-mcount",             "-Werror",
      "-falign-jumps=1",            "-falign-loops=1",
  };
  static const char *const prefixes[] = {
      "-mpreferred-stack-boundary=", "-mindirect-branch=", "-mfunction-return=",
      "-mharden-sls=",               "-Wp,-MMD",           "-Wp,-MD",
      "-Werror=",
  };
  for (const char *flag : exact)
    if (arg == flag)
      return true;
  for (const char *prefix : prefixes)
    if (startsWith(arg, prefix))
      return true;
  return false;
}

// Forwards clang's errors to the sink with their file:line:col.
class SinkDiagnosticConsumer : public DiagnosticConsumer {
public:
  explicit SinkDiagnosticConsumer(DiagnosticSink &sink) : sink_(sink) {}

  void HandleDiagnostic(DiagnosticsEngine::Level level, const clang::Diagnostic &info) override {
    DiagnosticConsumer::HandleDiagnostic(level, info);
    if (level < DiagnosticsEngine::Error)
      return;
    llvm::SmallString<256> message;
    info.FormatDiagnostic(message);
    std::string file;
    unsigned line = 0, column = 0;
    if (info.hasSourceManager() && info.getLocation().isValid()) {
      PresumedLoc presumed = info.getSourceManager().getPresumedLoc(
          info.getSourceManager().getExpansionLoc(info.getLocation()));
      if (presumed.isValid()) {
        file = presumed.getFilename();
        line = presumed.getLine();
        column = presumed.getColumn();
      }
    }
    sink_.error(message.str().str(), file, line, column);
  }

private:
  DiagnosticSink &sink_;
};

class CollectAction : public ASTFrontendAction {
public:
  CollectAction(const Rules &rules, const std::set<std::string> &driverDirs, Facts &facts)
      : rules_(rules), driverDirs_(driverDirs), facts_(facts) {}

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &compiler, StringRef) override {
    // The consumer decides which bodies to skip (kernel header inlines).
    compiler.getFrontendOpts().SkipFunctionBodies = true;
    return newFactCollector(rules_, driverDirs_, facts_);
  }

private:
  const Rules &rules_;
  const std::set<std::string> &driverDirs_;
  Facts &facts_;
};

class CollectActionFactory : public tooling::FrontendActionFactory {
public:
  CollectActionFactory(const Rules &rules, const std::set<std::string> &driverDirs, Facts &facts)
      : rules_(rules), driverDirs_(driverDirs), facts_(facts) {}

  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<CollectAction>(rules_, driverDirs_, facts_);
  }

private:
  const Rules &rules_;
  const std::set<std::string> &driverDirs_;
  Facts &facts_;
};

std::string realDirectory(const std::string &file) {
  llvm::SmallString<256> real;
  if (llvm::sys::fs::real_path(file, real))
    real = file;
  return llvm::sys::path::parent_path(real).str();
}

}  // namespace

std::unique_ptr<tooling::CompilationDatabase> loadCompileDatabase(const std::string &directory,
                                                                  DiagnosticSink &sink) {
  std::string path = directory + "/compile_commands.json";
  if (!llvm::sys::fs::exists(path)) {
    sink.error("no compile database: " + path +
               " does not exist (build the driver's <name>-source target, or pass -p <dir>)");
    return nullptr;
  }
  std::string message;
  auto database = tooling::JSONCompilationDatabase::loadFromFile(
      path, message, tooling::JSONCommandLineSyntax::AutoDetect);
  if (!database)
    sink.error("cannot load the compile database: " + message, path);
  return database;
}

std::vector<std::string> adjustKernelArguments(const std::vector<std::string> &arguments) {
  std::vector<std::string> adjusted;
  for (const std::string &arg : arguments)
    if (!isRejectedFlag(arg))
      adjusted.push_back(arg);
  adjusted.insert(adjusted.end(), {"-Wno-unknown-warning-option",
                                   "-Wno-gnu-variable-sized-type-not-at-end", "-w"});
  return adjusted;
}

std::vector<std::string> resolveSourceFiles(const tooling::CompilationDatabase &database,
                                            const std::vector<std::string> &requested,
                                            DiagnosticSink &sink) {
  std::vector<std::string> all = database.getAllFiles(), files;
  if (requested.empty()) {
    for (const std::string &file : all)
      if (!llvm::StringRef(file).ends_with(".mod.c"))
        files.push_back(file);
    if (files.empty())
      sink.error("the compile database lists no source files");
    return files;
  }
  for (const std::string &want : requested) {
    llvm::SmallString<256> absolute(want);
    llvm::sys::fs::make_absolute(absolute);
    std::vector<std::string> matches;
    for (const std::string &file : all)
      if (file == absolute.str() || llvm::StringRef(file).ends_with("/" + want))
        matches.push_back(file);
    if (all.empty() && llvm::sys::fs::exists(absolute))
      matches.push_back(absolute.str().str());  // a fixed database (`-- flags`) has no list
    if (matches.size() == 1)
      files.push_back(matches.front());
    else if (matches.empty())
      sink.error("'" + want + "' is not in the compile database");
    else
      sink.error("'" + want + "' matches " + std::to_string(matches.size()) +
                 " compile database entries; give a longer path");
  }
  return files;
}

std::string kernelModuleName(const tooling::CompilationDatabase &database,
                             const std::string &file) {
  const std::string prefix = "-DKBUILD_MODNAME=";
  for (const tooling::CompileCommand &command : database.getCompileCommands(file))
    for (const std::string &arg : command.CommandLine)
      if (startsWith(arg, prefix.c_str())) {
        std::string name = arg.substr(prefix.size());
        name.erase(std::remove(name.begin(), name.end(), '"'), name.end());
        name.erase(std::remove(name.begin(), name.end(), '\''), name.end());
        return name;
      }
  return "";
}

bool collectFacts(const tooling::CompilationDatabase &database,
                  const std::vector<std::string> &files, const Rules &rules, Facts &facts,
                  DiagnosticSink &sink) {
  std::set<std::string> driverDirs;
  for (const std::string &file : files)
    driverDirs.insert(realDirectory(file));
  tooling::ClangTool tool(database, files);
  tool.appendArgumentsAdjuster(
      [](const tooling::CommandLineArguments &args, StringRef) {
        return adjustKernelArguments(args);
      });
  SinkDiagnosticConsumer consumer(sink);
  tool.setDiagnosticConsumer(&consumer);
  tool.setPrintErrorMessage(false);
  unsigned errorsBefore = sink.errorCount();
  CollectActionFactory factory(rules, driverDirs, facts);
  int status = tool.run(&factory);
  if (status != 0 && sink.errorCount() == errorsBefore)
    sink.error("clang could not process the translation units (status " +
               std::to_string(status) + ")");
  return status == 0 && sink.errorCount() == errorsBefore;
}

bool parseOnly(const tooling::CompilationDatabase &database,
               const std::vector<std::string> &files, DiagnosticSink &sink) {
  tooling::ClangTool tool(database, files);
  tool.appendArgumentsAdjuster(
      [](const tooling::CommandLineArguments &args, StringRef) {
        return adjustKernelArguments(args);
      });
  SinkDiagnosticConsumer consumer(sink);
  tool.setDiagnosticConsumer(&consumer);
  tool.setPrintErrorMessage(false);
  auto factory = tooling::newFrontendActionFactory<SyntaxOnlyAction>();
  return tool.run(factory.get()) == 0;
}

std::optional<Model> analyzeCompileDatabase(const std::string &directory,
                                            const std::vector<std::string> &files,
                                            const AnalyzeOptions &options, DiagnosticSink &sink) {
  auto database = loadCompileDatabase(directory, sink);
  if (!database)
    return std::nullopt;
  return analyze(*database, files, options, sink);
}

}  // namespace splitdriver::analyzer

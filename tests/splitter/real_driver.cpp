#include "real_driver.h"

#include "analyzer/Analyzer.h"
#include "analyzer/Frontend.h"
#include "splitter/FactCollector.h"

#include <clang/Tooling/CompilationDatabase.h>
#include <llvm/Support/Path.h>

#include <fstream>
#include <gtest/gtest.h>

namespace splitdriver::splitter {

RealSplit splitRealDriver(const std::string &databaseDir, const std::vector<std::string> &files,
                          const std::string &annotations, const std::string &driver) {
  RealSplit out;
  analyzer::CollectingSink sink;
  auto database = analyzer::loadCompileDatabase(databaseDir, sink);
  EXPECT_TRUE(database) << sink.joined();
  if (!database)
    return out;
  auto sources = analyzer::resolveSourceFiles(*database, files, sink);
  analyzer::AnalyzeOptions analyze;
  analyze.rulesDirectory = SPLIT_DRIVER_RULES_DIR;
  analyze.annotationFiles = {annotations};
  analyze.driverName = driver;
  auto model = analyzer::analyze(*database, sources, analyze, sink);
  EXPECT_TRUE(model) << sink.joined();
  EXPECT_TRUE(model && checkQuestions(*model, sink)) << sink.joined();
  auto facts = collectSourceFacts(*database, sources, sink);
  EXPECT_TRUE(facts) << sink.joined();
  if (!model || !facts)
    return out;
  auto plan = planSplit(*model, *facts, sink);
  EXPECT_TRUE(plan) << sink.joined();
  if (!plan)
    return out;
  WriterOptions writer{"/udrv/include", "/udrv/Module.symvers", "compile_commands.json"};
  EXPECT_TRUE(writeKernelHalf(*plan, *facts, writer, out.files, sink)) << sink.joined();
  EXPECT_TRUE(writeUserHalf(*plan, *facts, writer, out.files, sink)) << sink.joined();
  writeReport(*plan, *model, *facts, out.files);
  out.model = std::move(*model);
  out.plan = std::move(*plan);
  return out;
}

std::string originalText(const analyzer::ModelFunction &f) {
  std::ifstream in(f.file);
  std::string line, out;
  for (unsigned n = 1; std::getline(in, line) && n <= f.endLine; ++n)
    if (n >= f.beginLine)
      out += line + "\n";
  return out;
}

const std::string &halfText(const RealSplit &split, const std::string &side,
                            const analyzer::ModelFunction &f) {
  static const std::string none;
  auto found = split.files.find(side + "/" + llvm::sys::path::filename(f.file).str());
  EXPECT_NE(found, split.files.end()) << "no " << side << " half of " << f.file;
  return found == split.files.end() ? none : found->second;
}

unsigned expectHomesFollowTheAnalysis(const RealSplit &split) {
  unsigned checked = 0;
  for (const auto &[name, f] : split.model.functions) {
    auto planned = split.plan.functions.find(name);
    if (planned == split.plan.functions.end())
      continue;  // defined in a header
    ++checked;
    if (name == split.plan.moduleInit.function || name == split.plan.moduleExit.function) {
      EXPECT_EQ(planned->second.home, Half::Kernel) << name;
      continue;
    }
    Half expected = f.side == analyzer::Side::Kernel ? Half::Kernel : Half::User;
    EXPECT_EQ(planned->second.home, expected) << name;
    EXPECT_NE(planned->second.in(expected), Placement::Stub) << name;
  }
  return checked;
}

}  // namespace splitdriver::splitter

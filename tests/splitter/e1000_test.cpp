// The split of Debian's e1000: every function lands where the analysis put
// it, kernel-side functions are verbatim in the kernel half, user-side ones
// verbatim in the user half, and what crosses is named.
#include "analyzer/Analyzer.h"
#include "analyzer/Frontend.h"
#include "splitter/FactCollector.h"
#include "splitter/Plan.h"
#include "splitter/Splitter.h"

#include <clang/Tooling/CompilationDatabase.h>
#include <llvm/Support/Path.h>

#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace splitdriver::splitter {
namespace {

struct E1000Split {
  analyzer::Model model;
  Plan plan;
  OutputFiles files;
};

// One analysis and split for all tests (each takes seconds).
const E1000Split &e1000() {
  static const E1000Split split = [] {
    E1000Split out;
    analyzer::CollectingSink sink;
    auto database = analyzer::loadCompileDatabase(E1000_DATABASE_DIR, sink);
    EXPECT_TRUE(database) << sink.joined();
    auto sources = analyzer::resolveSourceFiles(*database, {}, sink);
    analyzer::AnalyzeOptions analyze;
    analyze.rulesDirectory = SPLIT_DRIVER_RULES_DIR;
    analyze.annotationFiles = {E1000_ANNOTATIONS};
    analyze.driverName = "e1000";
    auto model = analyzer::analyze(*database, sources, analyze, sink);
    EXPECT_TRUE(model) << sink.joined();
    EXPECT_TRUE(checkQuestions(*model, sink)) << sink.joined();
    auto facts = collectSourceFacts(*database, sources, sink);
    EXPECT_TRUE(facts) << sink.joined();
    auto plan = planSplit(*model, *facts, sink);
    EXPECT_TRUE(plan) << sink.joined();
    WriterOptions writer{"/udrv/include", "/udrv/Module.symvers", "compile_commands.json"};
    EXPECT_TRUE(writeKernelHalf(*plan, *facts, writer, out.files, sink)) << sink.joined();
    EXPECT_TRUE(writeUserHalf(*plan, *facts, writer, out.files, sink)) << sink.joined();
    writeReport(*plan, *model, *facts, out.files);
    out.model = std::move(*model);
    out.plan = std::move(*plan);
    return out;
  }();
  return split;
}

std::string lines(const std::string &file, unsigned begin, unsigned end) {
  std::ifstream in(file);
  std::string line, out;
  for (unsigned n = 1; std::getline(in, line) && n <= end; ++n)
    if (n >= begin)
      out += line + "\n";
  return out;
}

std::string original(const analyzer::ModelFunction &f) {
  return lines(f.file, f.beginLine, f.endLine);
}

std::string half(const char *side, const analyzer::ModelFunction &f) {
  return e1000().files.at(std::string(side) + "/" + llvm::sys::path::filename(f.file).str());
}

TEST(E1000SplitTest, EveryFunctionRunsOnTheSideTheAnalysisChose) {
  const E1000Split &split = e1000();
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
  EXPECT_GT(checked, 200u);
}

TEST(E1000SplitTest, FastPathIsVerbatimInTheKernelHalfOnly) {
  const E1000Split &split = e1000();
  for (const char *name : {"e1000_intr", "e1000_clean", "e1000_xmit_frame"}) {
    const analyzer::ModelFunction &f = split.model.functions.at(name);
    ASSERT_EQ(f.side, analyzer::Side::Kernel) << name;
    std::string text = original(f);
    ASSERT_GT(text.size(), 100u) << name;
    EXPECT_NE(half("kernel", f).find(text), std::string::npos) << name;
    EXPECT_EQ(half("user", f).find(text), std::string::npos) << name;
  }
}

TEST(E1000SplitTest, ControlPathIsVerbatimInTheUserHalfAndAStubInTheKernel) {
  const E1000Split &split = e1000();
  for (const char *name : {"e1000_probe", "e1000_remove"}) {
    const analyzer::ModelFunction &f = split.model.functions.at(name);
    ASSERT_EQ(f.side, analyzer::Side::User) << name;
    std::string text = original(f);
    EXPECT_NE(half("user", f).find(text), std::string::npos) << name;
    EXPECT_EQ(half("kernel", f).find(text), std::string::npos) << name;
    const PlannedCall *call = split.plan.upcall(name);
    ASSERT_NE(call, nullptr) << name << " is reached through pci_driver from the kernel half";
    EXPECT_FALSE(call->marshalable());
    EXPECT_NE(half("kernel", f).find("e1000_split_unmarshalable(\"" + std::string(name) + "\""),
              std::string::npos);
  }
  // e1000_hw.c's PHY and EEPROM code runs in the user half only.
  const analyzer::ModelFunction &phy = split.model.functions.at("e1000_read_phy_reg");
  EXPECT_EQ(phy.side, analyzer::Side::User);
  EXPECT_NE(half("user", phy).find(original(phy)), std::string::npos);
}

TEST(E1000SplitTest, ModuleEntryPointsAreWiredThroughTheChannel) {
  const E1000Split &split = e1000();
  EXPECT_EQ(split.plan.moduleInit.function, "e1000_init_module");
  const std::string &main = split.files.at("kernel/e1000_main.c");
  EXPECT_NE(main.find("module_init(e1000_split_init);"), std::string::npos);
  // The driver registers as e1000_k (the stock e1000 binds the other NIC),
  // and its init, without __init, runs at the first attach.
  EXPECT_NE(main.find("\te1000_split_rename_e1000_driver();\n"
                      "\treturn e1000_split_open(e1000_init_module);"),
            std::string::npos);
  EXPECT_NE(main.find("\te1000_driver.name = \"e1000_k\";"), std::string::npos);
  EXPECT_NE(main.find("static int e1000_init_module(void)\n{"), std::string::npos);
  EXPECT_NE(main.find("\tif (e1000_split_stop())\n\t\te1000_exit_module();"),
            std::string::npos);
  EXPECT_EQ(split.files.at("user/e1000_main.c").find("module_init("), std::string::npos);
  EXPECT_NE(split.files.at("kernel/Kbuild").find("e1000_k-y := e1000_ethtool.o e1000_hw.o "
                                                 "e1000_main.o e1000_param.o e1000_split_k.o"),
            std::string::npos);
}

}  // namespace
}  // namespace splitdriver::splitter

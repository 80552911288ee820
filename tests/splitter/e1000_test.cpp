// The split of Debian's e1000: every function lands where the analysis put
// it, kernel-side functions are verbatim in the kernel half, user-side ones
// verbatim in the user half, and what crosses is named.
#include "real_driver.h"

#include <gtest/gtest.h>

namespace splitdriver::splitter {
namespace {

// One analysis and split for all tests (each takes seconds).
const RealSplit &e1000() {
  static const RealSplit split =
      splitRealDriver(E1000_DATABASE_DIR, {}, E1000_ANNOTATIONS, "e1000");
  return split;
}

std::string original(const analyzer::ModelFunction &f) { return originalText(f); }

std::string half(const char *side, const analyzer::ModelFunction &f) {
  return halfText(e1000(), side, f);
}

TEST(E1000SplitTest, EveryFunctionRunsOnTheSideTheAnalysisChose) {
  EXPECT_GT(expectHomesFollowTheAnalysis(e1000()), 200u);
}

TEST(E1000SplitTest, FastPathIsVerbatimInTheKernelHalfOnly) {
  const RealSplit &split = e1000();
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
  const RealSplit &split = e1000();
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
  const RealSplit &split = e1000();
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

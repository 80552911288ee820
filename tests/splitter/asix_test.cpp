// The split of Debian's asix (asix_devices.c, asix_common.c, ax88172a.c;
// usbnet stays the stock framework): every function lands where the
// analysis put it, usbnet's callbacks of the data path (rx/tx fixup,
// status) verbatim in the kernel half, bind/unbind/reset/link_reset and the
// MDIO accessors verbatim in the user half, and the usb_driver registered
// by the kernel half as asix_k.
#include "real_driver.h"

#include <gtest/gtest.h>

namespace splitdriver::splitter {
namespace {

const RealSplit &asix() {
  static const RealSplit split =
      splitRealDriver(AX88772_DATABASE_DIR, {"asix_devices.c", "asix_common.c", "ax88172a.c"},
                      AX88772_ANNOTATIONS, "asix");
  return split;
}

const analyzer::ModelFunction &function(const char *name) {
  auto found = asix().model.functions.find(name);
  if (found == asix().model.functions.end()) {
    ADD_FAILURE() << "the analysis has no function " << name;
    static const analyzer::ModelFunction none;
    return none;
  }
  return found->second;
}

TEST(AsixSplitTest, EveryFunctionRunsOnTheSideTheAnalysisChose) {
  EXPECT_GT(expectHomesFollowTheAnalysis(asix()), 80u);
}

TEST(AsixSplitTest, UsbnetIsTheFrameworkNotPartOfTheSplit) {
  const RealSplit &split = asix();
  EXPECT_EQ(split.plan.functions.count("usbnet_probe"), 0u);
  EXPECT_EQ(split.files.count("kernel/usbnet.c"), 0u);
  EXPECT_EQ(split.files.count("user/usbnet.c"), 0u);
  EXPECT_NE(split.files.at("kernel/Kbuild").find("asix_k-y := asix_common.o asix_devices.o "
                                                 "ax88172a.o asix_split_k.o"),
            std::string::npos)
      << split.files.at("kernel/Kbuild");
}

TEST(AsixSplitTest, DataPathIsVerbatimInTheKernelHalfOnly) {
  for (const char *name : {"asix_rx_fixup_common", "asix_rx_fixup_internal", "asix_tx_fixup",
                           "asix_status", "ax88172a_rx_fixup", "ax88172a_status"}) {
    const analyzer::ModelFunction &f = function(name);
    ASSERT_EQ(f.side, analyzer::Side::Kernel) << name;
    std::string text = originalText(f);
    ASSERT_GT(text.size(), 100u) << name;
    EXPECT_NE(halfText(asix(), "kernel", f).find(text), std::string::npos) << name;
    EXPECT_EQ(halfText(asix(), "user", f).find(text), std::string::npos) << name;
  }
}

void expectVerbatimInTheUserHalfOnly(const char *name) {
  const analyzer::ModelFunction &f = function(name);
  ASSERT_EQ(f.side, analyzer::Side::User) << name;
  std::string text = originalText(f);
  ASSERT_GT(text.size(), 100u) << name;
  EXPECT_NE(halfText(asix(), "user", f).find(text), std::string::npos) << name;
  EXPECT_EQ(halfText(asix(), "kernel", f).find(text), std::string::npos) << name;
}

TEST(AsixSplitTest, DriverInfoControlCallbacksAreVerbatimInTheUserHalfAndUpcalls) {
  for (const char *name : {"ax88772_bind", "ax88772_unbind", "ax88772_reset",
                           "ax88178_link_reset", "ax88172_link_reset"}) {
    expectVerbatimInTheUserHalfOnly(name);
    EXPECT_NE(asix().plan.upcall(name), nullptr)
        << name << ": usbnet (the kernel) calls it through driver_info";
  }
}

TEST(AsixSplitTest, MdioAccessorsAreVerbatimInTheUserHalf) {
  for (const char *name :
       {"asix_mdio_read", "asix_mdio_write", "asix_mdio_bus_read", "asix_mdio_bus_write"})
    expectVerbatimInTheUserHalfOnly(name);
}

TEST(AsixSplitTest, TheKernelHalfRegistersTheUsbDriverAsAsixK) {
  const RealSplit &split = asix();
  EXPECT_EQ(split.plan.moduleDriverVariable, "asix_driver");
  const std::string &devices = split.files.at("kernel/asix_devices.c");
  EXPECT_NE(devices.find("\tasix_driver.name = \"asix_k\";"), std::string::npos);
  EXPECT_NE(devices.find("\treturn usb_register(&asix_driver);"), std::string::npos);
  EXPECT_NE(devices.find("module_init(asix_split_init);"), std::string::npos);
  EXPECT_EQ(devices.find("module_usb_driver("), std::string::npos);
  EXPECT_EQ(split.files.at("user/asix_devices.c").find("module_usb_driver("), std::string::npos);
}

}  // namespace
}  // namespace splitdriver::splitter

// Buses as plug-ins (docs/design/buses.md): the plan finds bus drivers and
// mappings through the kernel API rules, and the kernel half's ledger,
// quiesce and remove wrappers are rendered from them, for PCI-less netdev
// code (fx_kapi) and a USB driver (fx_modusb).
#include "fixture_support.h"

#include "splitter/Crossings.h"
#include "splitter/Splitter.h"

#include <llvm/Support/FileSystem.h>

#include <fstream>
#include <gtest/gtest.h>

namespace splitdriver::splitter::testing {
namespace {

bool contains(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

// A codec directory with an empty description: every object argument stays
// unmarshalable, which is enough for the bus glue.
SplitOptions codecOptions(const std::string &fixture) {
  std::string dir = scratchDirectory("bus-" + fixture);
  llvm::sys::fs::create_directories(dir);
  std::ofstream(dir + "/" + fixture + ".marshal.json")
      << R"({"format": "split-driver-marshal", "version": 2, "driver": ")" << fixture
      << R"(", "types": []})";
  std::ofstream(dir + "/" + fixture + "_sdm.h") << "#include \"sdm.h\"\n";
  std::ofstream(dir + "/" + fixture + "_sdm.c") << "#include \"" << fixture << "_sdm.h\"\n";
  SplitOptions options = fixtureOptions(fixture);
  options.codecDirectory = dir;
  return options;
}

TEST(BusPlan, ABusDriverIsFoundByItsRulesDriverStruct) {
  analyzer::CollectingSink sink;
  auto split = splitFixture("fx_modusb", sink);
  ASSERT_TRUE(split) << sink.joined();
  ASSERT_EQ(split->plan.busDrivers.size(), 1u);
  EXPECT_EQ(split->plan.busDrivers[0].variable, "fx_modusb_driver");
  EXPECT_EQ(split->plan.busDrivers[0].bus.name, "usb");
  EXPECT_EQ(split->plan.busDrivers[0].bus.removeSlot, "disconnect");
  EXPECT_TRUE(contains(split->plan.busDrivers[0].bus.origin.file, "usb.rules"));
}

TEST(BusPlan, WithoutABusRuleAModuleDriverIsAnErrorAtItsMacro) {
  analyzer::CollectingSink sink;
  auto split = splitFixture("fx_modusb", sink);
  ASSERT_TRUE(split) << sink.joined();
  split->model.buses.clear();
  EXPECT_FALSE(planSplit(split->model, split->facts, sink));
  EXPECT_TRUE(contains(sink.joined(), "fx_modusb.c:35: error: the module registers the driver "
                                      "variable fx_modusb_driver with a bus whose driver struct "
                                      "no `bus` rule names"))
      << sink.joined();
}

TEST(BusPlan, ARuleArgumentTheCallLacksIsAnErrorAtTheRule) {
  analyzer::CollectingSink sink;
  auto split = splitFixture("fx_kapi", sink);
  ASSERT_TRUE(split) << sink.joined();
  for (analyzer::LedgerRule &rule : split->model.ledger)
    if (rule.function == "register_netdev")
      rule.object = "$7";
  PlanOptions options;
  options.codec = CodecDescription();
  auto kenv = loadKenvDowncalls(SPLIT_DRIVER_KENV_DOWNCALLS, sink);
  ASSERT_TRUE(kenv);
  options.kenvDowncalls = *kenv;
  EXPECT_FALSE(planSplit(split->model, split->facts, sink, options));
  EXPECT_TRUE(contains(sink.joined(), "netdev.rules:")) << sink.joined();
  EXPECT_TRUE(contains(sink.joined(), "error: '$7': register_netdev has 1 arguments"))
      << sink.joined();
}

TEST(BusGlue, TheLedgerComesFromTheResourceRules) {
  analyzer::CollectingSink sink;
  OutputFiles files;
  ASSERT_TRUE(generate(codecOptions("fx_kapi"), files, sink)) << sink.joined();
  const std::string &header = files["kernel/fx_kapi_split.h"];
  // fx_kapi requests an IRQ and registers a net_device: those kinds, the
  // NETDEV an IRQ's owner is found through, in the rules' order.
  EXPECT_TRUE(contains(header, "\tFX_KAPI_RES_IRQ,\n\tFX_KAPI_RES_NETDEV,\n"
                               "\tFX_KAPI_RES_NETDEV_REGISTERED,\n"))
      << header;
  EXPECT_FALSE(contains(header, "PCI")) << "no PCI call, no PCI resource";
  const std::string &glue = files["kernel/fx_kapi_split_k.c"];
  EXPECT_TRUE(contains(glue, "\tcase FX_KAPI_RES_IRQ:\n"
                             "\t\treturn fx_kapi_split_owner_via(FX_KAPI_RES_NETDEV, h->obj);"))
      << glue;
  EXPECT_TRUE(contains(glue, "\tcase FX_KAPI_RES_NETDEV_REGISTERED:\n"
                             "\t\tunregister_netdev(h->obj);\n\t\tbreak;"))
      << glue;
  EXPECT_TRUE(contains(glue, "\t[FX_KAPI_RES_IRQ] = true,\n")) << "an IRQ is keyed by its line";
  EXPECT_TRUE(contains(glue, "\t\tnetif_tx_disable(h->obj); netif_carrier_off(h->obj);\n"
                             "\t\tquiesced[FX_KAPI_RES_NETDEV_REGISTERED]++;"))
      << glue;
  EXPECT_TRUE(contains(glue, "the user half is gone: %u interface(s) stopped\\n\"")) << glue;
  // The hooks after the kernel API calls, C over argv and *ret.
  std::string handlers;
  for (const auto &[name, text] : files)
    if (name.rfind("kernel/", 0) == 0)
      handlers += text;
  EXPECT_TRUE(contains(handlers, "\tif (!(int)((int)*ret))\n\t\tfx_kapi_split_ledger_add("
                                 "FX_KAPI_RES_IRQ, (void *)(uintptr_t)((void *)(uintptr_t)argv[5]), "
                                 "(uint64_t)(uintptr_t)((unsigned int)argv[0]));"))
      << handlers;
}

TEST(BusGlue, AUsbDriversDisconnectReleasesTheLedger) {
  analyzer::CollectingSink sink;
  OutputFiles files;
  ASSERT_TRUE(generate(codecOptions("fx_modusb"), files, sink)) << sink.joined();
  const std::string &kernel = files["kernel/fx_modusb.c"];
  EXPECT_TRUE(contains(kernel, "\treturn usb_register(&fx_modusb_driver);")) << kernel;
  EXPECT_TRUE(contains(kernel, "\t\tusb_deregister(&fx_modusb_driver);")) << kernel;
  EXPECT_TRUE(contains(kernel, "static void fx_modusb_split_remove_fx_modusb_driver("
                               "struct usb_interface *dev)\n{"))
      << kernel;
  EXPECT_TRUE(contains(kernel, "\tfx_modusb_split_ledger_release(&dev->dev);")) << kernel;
  EXPECT_TRUE(contains(kernel, "\tfx_modusb_driver.disconnect = "
                               "fx_modusb_split_remove_fx_modusb_driver;"))
      << kernel;
}

// Not bus knowledge, but the same kind of glue: a kernel API call's pointer
// to a driver global crosses as that global, and a module pointer is the
// kernel half's own (an `own` rule).
TEST(KernelApiArgs, AnOpsGlobalCrossesAsItselfAndTheModuleIsTheKernelHalfs) {
  analyzer::CollectingSink sink;
  OutputFiles files;
  ASSERT_TRUE(generate(codecOptions("fx_mdio"), files, sink)) << sink.joined();
  const std::string &txt = files["split.txt"];
  EXPECT_TRUE(contains(txt, "phylink_create: (opaque, opaque, scalar, global) -> opaque; may "
                            "upcall: mac_ops is a driver global (ops table)"))
      << txt;
  EXPECT_TRUE(contains(txt, "__mdiobus_register: (opaque, opaque) -> scalar")) << txt;
  EXPECT_FALSE(contains(txt, "owner (struct module *)")) << "the module is not reported opaque";
  std::string kernel;
  for (const auto &[name, text] : files)
    if (name.rfind("kernel/", 0) == 0)
      kernel += text;
  EXPECT_TRUE(contains(kernel, "__mdiobus_register((struct mii_bus *)(uintptr_t)argv[0], "
                               "THIS_MODULE)"))
      << kernel;
  EXPECT_TRUE(contains(kernel, "	{ SDM_ARG_GLOBAL, ")) << "the descriptor's kind";
}

}  // namespace
}  // namespace splitdriver::splitter::testing

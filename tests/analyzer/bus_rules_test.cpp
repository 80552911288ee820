// Bus plug-ins' data (docs/design/buses.md): the bus, resource, acquire,
// release and mmio rules, their checks, and their way through the model's
// JSON to the splitter.
#include "analyzer/Generators.h"
#include "analyzer/ModelReader.h"
#include "analyzer/Rules.h"

#include <gtest/gtest.h>

#include <set>

using namespace splitdriver::analyzer;

TEST(BusRules, ParseEveryKind) {
  Rules rules;
  CollectingSink sink;
  ASSERT_TRUE(parseRules(
      "bus vbus vbus_driver vbus_register vbus_unregister remove \"struct vbus_dev *\" "
      "\"&$0->dev\"\n"
      "resource ON owner \"&((struct vbus_dev *)$obj)->dev\" release \"vbus_off($obj)\" "
      "quiesce \"vbus_stop($obj)\" \"device(s) stopped\"\n"
      "resource LINE via ON release \"vbus_free_line($arg, $obj)\" keyed\n"
      "resource CTX owner \"$obj\" release \"ctx_off($obj)\" quiesce release \"context(s) off\"\n"
      "acquire vbus_on ON \"$0\" \"0\" if \"!(int)$ret\"\n"
      "release vbus_off ON \"$0\" \"0\"\n"
      "mmio vbus_map resource \"&$0->dev\" \"$0->res\" \"$1\"\n"
      "mmio ioremap phys \"$0\"\n"
      "mmio vbus_unmap unmap\n"
      "own module \"THIS_MODULE\"\n",
      "v.rules", rules, sink))
      << sink.joined();
  EXPECT_TRUE(checkRuleReferences(rules, sink)) << sink.joined();
  ASSERT_EQ(rules.buses.size(), 1u);
  EXPECT_EQ(rules.buses[0].driverStruct, "vbus_driver");
  EXPECT_EQ(rules.buses[0].removeParam, "struct vbus_dev *");
  EXPECT_EQ(rules.buses[0].removeDevice, "&$0->dev");
  ASSERT_EQ(rules.resources.size(), 3u);
  EXPECT_EQ(rules.findResource("ON")->quiesceLabel, "device(s) stopped");
  EXPECT_FALSE(rules.findResource("ON")->quiesceReleases);
  EXPECT_EQ(rules.findResource("LINE")->ownerVia, "ON");
  EXPECT_TRUE(rules.findResource("LINE")->keyed);
  EXPECT_TRUE(rules.findResource("CTX")->quiesceReleases);
  EXPECT_EQ(rules.findResource("CTX")->quiesce, "ctx_off($obj)");
  ASSERT_EQ(rules.ledger.size(), 2u);
  EXPECT_TRUE(rules.ledger[0].acquire);
  EXPECT_EQ(rules.ledger[0].condition, "!(int)$ret");
  EXPECT_FALSE(rules.ledger[1].acquire);
  ASSERT_NE(rules.findMmio("vbus_map"), nullptr);
  EXPECT_EQ(rules.findMmio("vbus_map")->kind, MmioKind::Resource);
  EXPECT_EQ(rules.findMmio("vbus_map")->index, "$1");
  EXPECT_EQ(rules.findMmio("ioremap")->kind, MmioKind::Phys);
  EXPECT_EQ(rules.findMmio("vbus_unmap")->kind, MmioKind::Unmap);
  ASSERT_EQ(rules.owns.size(), 1u);
  EXPECT_EQ(rules.owns[0].structName, "module");
  EXPECT_EQ(rules.owns[0].value, "THIS_MODULE");
}

TEST(BusRules, BadRulesSayWhatIsWrong) {
  Rules rules;
  CollectingSink sink;
  EXPECT_FALSE(parseRules("bus vbus vbus_driver reg unreg remove \"struct x *\"\n"
                          "resource on owner \"$obj\" release \"x\"\n"
                          "resource ON owner $obj release \"x\"\n"
                          "acquire f ON $0 \"0\"\n"
                          "mmio f sideways\n"
                          "resource ON owner \"$obj\" release \"x\" frobnicate\n"
                          "own module THIS_MODULE\n",
                          "bad.rules", rules, sink));
  std::string all = sink.joined();
  EXPECT_NE(all.find("bad.rules:1:1: error: usage: bus <name>"), std::string::npos) << all;
  EXPECT_NE(all.find("bad.rules:2:10: error: expected a resource kind in upper case"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("bad.rules:3:19: error: expected the owner device (C over $obj) as a "
                     "quoted C expression"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("bad.rules:4:14: error: expected the object"), std::string::npos) << all;
  EXPECT_NE(all.find("bad.rules:5:8: error: expected resource, phys or unmap, got 'sideways'"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("bad.rules:6:38: error: unexpected 'frobnicate'"), std::string::npos) << all;
  EXPECT_NE(all.find("bad.rules:7:12: error: expected the kernel half's own value as a quoted C"),
            std::string::npos)
      << all;
}

TEST(BusRules, LedgerRulesNameDeclaredKinds) {
  Rules rules;
  CollectingSink sink;
  EXPECT_FALSE(parseRules("resource A via GHOST release \"x\"\nacquire f PHANTOM \"$0\" \"0\"\n"
                          "acquire f A \"$0\" \"0\"\n",
                          "r.rules", rules, sink));
  EXPECT_FALSE(checkRuleReferences(rules, sink));
  std::string all = sink.joined();
  EXPECT_NE(all.find("r.rules:3:9: error: f already has a ledger rule at r.rules:2"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("r.rules:2: error: resource kind PHANTOM is not declared"), std::string::npos)
      << all;
  EXPECT_NE(all.find("r.rules:1: error: resource kind GHOST is not declared"), std::string::npos)
      << all;
}

// The shipped plug-ins: PCI and USB are buses, their resources and mappings
// are data, and every ledger rule names a declared kind.
TEST(BusRules, ShippedBusesAreData) {
  Rules rules;
  CollectingSink sink;
  ASSERT_TRUE(loadRulesDirectory(SPLIT_DRIVER_RULES_DIR, rules, sink)) << sink.joined();
  std::set<std::string> buses;
  for (const BusRule &bus : rules.buses)
    buses.insert(bus.name + ":" + bus.driverStruct + ":" + bus.removeSlot);
  EXPECT_EQ(buses, (std::set<std::string>{"pci:pci_driver:remove", "usb:usb_driver:disconnect"}));
  for (const char *kind : {"PCI_ENABLED", "PCI_REGIONS", "NETDEV", "NETDEV_REGISTERED", "IRQ",
                           "NAPI_ENABLED", "USB_URB", "USB_CLAIMED"})
    EXPECT_NE(rules.findResource(kind), nullptr) << kind;
  EXPECT_EQ(rules.findResource("IRQ")->ownerVia, "NETDEV");
  ASSERT_NE(rules.findMmio("pci_iomap"), nullptr);
  EXPECT_EQ(rules.findMmio("pci_iomap")->kind, MmioKind::Resource);
  EXPECT_EQ(rules.findMmio("iounmap")->kind, MmioKind::Unmap);
}

TEST(BusRules, TheModelCarriesThemThroughJson) {
  Model model;
  model.driver = "demo";
  model.buses.push_back({"vbus", "vbus_driver", "vbus_register", "vbus_unregister", "remove",
                         "struct vbus_dev *", "&$0->dev", {"v.rules", 1}});
  model.resources.push_back(
      {"ON", "$obj", "", "vbus_off($obj)", "vbus_stop($obj)", "stopped", false, true, {"v.rules", 2}});
  model.ledger.push_back({"vbus_on", true, "ON", "$0", "0", "!(int)$ret", {"v.rules", 3}});
  model.mmio.push_back({"vbus_map", MmioKind::Resource, "&$0->dev", "$0->res", "$1", "", {"v.rules", 4}});
  CollectingSink sink;
  std::optional<Model> back = readModelJson(writeJson(model), "m.json", sink);
  ASSERT_TRUE(back) << sink.joined();
  ASSERT_EQ(back->buses.size(), 1u);
  EXPECT_EQ(back->buses[0].removeDevice, "&$0->dev");
  EXPECT_EQ(back->buses[0].origin.line, 1u);
  ASSERT_EQ(back->resources.size(), 1u);
  EXPECT_TRUE(back->resources[0].keyed);
  EXPECT_EQ(back->resources[0].quiesceLabel, "stopped");
  ASSERT_EQ(back->ledger.size(), 1u);
  EXPECT_EQ(back->ledger[0].condition, "!(int)$ret");
  ASSERT_EQ(back->mmio.size(), 1u);
  EXPECT_EQ(back->mmio[0].kind, MmioKind::Resource);
  EXPECT_EQ(back->mmio[0].origin.file, "v.rules");

  std::string json = writeJson(model);
  json.replace(json.find("\"resource\""), 10, "\"sideways\"");
  EXPECT_FALSE(readModelJson(json, "m.json", sink));
  EXPECT_NE(sink.joined().find("m.json: error: bus_knowledge.mmio vbus_map: unknown kind "
                               "'sideways'"),
            std::string::npos)
      << sink.joined();
}

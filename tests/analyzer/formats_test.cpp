// The line-oriented data formats: kernel API rules and sidecar annotations.
#include "analyzer/Rules.h"
#include "analyzer/Sidecar.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace splitdriver::analyzer;

TEST(RulesFormat, ParsesEveryRuleKind) {
  Rules rules;
  CollectingSink sink;
  ASSERT_TRUE(parseRules("# comment\n"
                         "callback net_device_ops.ndo_start_xmit softirq datapath holds=tx \"xmit\"\n"
                         "callback ethtool_ops.* process\n"
                         "register request_irq 1 hardirq\n"
                         "lock spin_lock 0 acquire spinlock\n"
                         "lock rtnl_lock - acquire mutex global=rtnl\n"
                         "passthrough spinlock_check 0\n"
                         "ignore __compiletime_assert_*\n"
                         "sleeps msleep\n",
                         "t.rules", rules, sink))
      << sink.joined();
  const FieldCallbackRule *xmit = rules.findCallback("net_device_ops", "ndo_start_xmit");
  ASSERT_NE(xmit, nullptr);
  EXPECT_EQ(xmit->spec.context, Context::Softirq);
  EXPECT_TRUE(xmit->spec.dataPath);
  EXPECT_EQ(xmit->spec.holds, "tx");
  EXPECT_EQ(xmit->spec.label, "xmit");
  EXPECT_EQ(xmit->spec.origin.line, 2u);
  const FieldCallbackRule *wildcard = rules.findCallback("ethtool_ops", "get_link");
  ASSERT_NE(wildcard, nullptr);
  EXPECT_EQ(wildcard->spec.context, Context::Process);
  EXPECT_EQ(rules.findCallback("ethtool_ops_x", "get_link"), nullptr);
  ASSERT_NE(rules.findRegistration("request_irq", 1), nullptr);
  EXPECT_EQ(rules.findRegistration("request_irq", 0), nullptr);
  ASSERT_NE(rules.findLock("rtnl_lock"), nullptr);
  EXPECT_EQ(rules.findLock("rtnl_lock")->global, "rtnl");
  EXPECT_TRUE(rules.isIgnored("__compiletime_assert_123"));
  EXPECT_FALSE(rules.isIgnored("e1000_probe"));
  EXPECT_EQ(rules.sleepers, std::vector<std::string>{"msleep"});
}

TEST(RulesFormat, ErrorsCarryFileLineAndColumn) {
  Rules rules;
  CollectingSink sink;
  EXPECT_FALSE(parseRules("callback a.b warp\nregister f x process\nfrobnicate\n", "bad.rules",
                          rules, sink));
  ASSERT_EQ(sink.diagnostics().size(), 3u) << sink.joined();
  EXPECT_EQ(sink.diagnostics()[0].format(),
            "bad.rules:1:14: error: unknown context 'warp' (expected hardirq, softirq, atomic or "
            "process)");
  EXPECT_EQ(sink.diagnostics()[1].line, 2u);
  EXPECT_EQ(sink.diagnostics()[1].column, 12u);
  EXPECT_EQ(sink.diagnostics()[2].line, 3u);
}

TEST(RulesFormat, BufferRulesNameASlotOrAFunction) {
  Rules rules;
  CollectingSink sink;
  ASSERT_TRUE(parseRules("buffer ethtool_ops.get_strings 2 out \"$0->n * 32\"\n"
                         "buffer dev_addr_mod 2 in \"$3\"\n",
                         "b.rules", rules, sink))
      << sink.joined();
  ASSERT_EQ(rules.buffers.size(), 2u);
  EXPECT_EQ(rules.buffers[0].structName, "ethtool_ops");
  EXPECT_EQ(rules.buffers[0].field, "get_strings");
  EXPECT_EQ(rules.buffers[0].argIndex, 2);
  EXPECT_EQ(rules.buffers[0].direction, "out");
  EXPECT_EQ(rules.buffers[0].length, "$0->n * 32");
  EXPECT_EQ(rules.buffers[1].function, "dev_addr_mod");
  EXPECT_EQ(rules.buffers[1].origin.line, 2u);
}

TEST(RulesFormat, BadBufferRulesSayWhatIsWrong) {
  Rules rules;
  CollectingSink sink;
  EXPECT_FALSE(parseRules("buffer f 1 sideways \"4\"\nbuffer f 1 in 4\nbuffer a.* 0 in \"1\"\n",
                          "b.rules", rules, sink));
  ASSERT_EQ(sink.diagnostics().size(), 3u) << sink.joined();
  EXPECT_EQ(sink.diagnostics()[0].format(),
            "b.rules:1:12: error: expected in, out or inout, got 'sideways'");
  EXPECT_EQ(sink.diagnostics()[1].format(),
            "b.rules:2:15: error: the length is a quoted C expression over $0, $1, ...");
  EXPECT_EQ(sink.diagnostics()[2].line, 3u);
  EXPECT_TRUE(rules.buffers.empty());
}

TEST(RulesFormat, ModelRulesSayWhatAKernelFunctionDoes) {
  Rules rules;
  CollectingSink sink;
  ASSERT_TRUE(parseRules("model f noupcall\nmodel g mayupcall\n"
                         "model f 0 net_device reads mtu flags\nmodel f 1 device writes power\n",
                         "m.rules", rules, sink))
      << sink.joined();
  ASSERT_EQ(rules.models.size(), 4u);
  EXPECT_TRUE(rules.models[0].noUpcall);
  EXPECT_TRUE(rules.models[1].mayUpcall);
  EXPECT_EQ(rules.models[2].structName, "net_device");
  EXPECT_EQ(rules.models[2].fields, (std::vector<std::string>{"mtu", "flags"}));
  EXPECT_FALSE(rules.models[2].writes);
  EXPECT_EQ(rules.models[3].argIndex, 1);
  EXPECT_TRUE(rules.models[3].writes);
  EXPECT_EQ(rules.models[3].origin.line, 4u);
}

TEST(RulesFormat, BadModelRulesSayWhatIsWrong) {
  Rules rules;
  CollectingSink sink;
  EXPECT_FALSE(parseRules("model f\nmodel f 0 net_device touches mtu\nmodel f x dev reads a\n",
                          "m.rules", rules, sink));
  ASSERT_EQ(sink.diagnostics().size(), 3u) << sink.joined();
  EXPECT_EQ(sink.diagnostics()[0].format(),
            "m.rules:1:1: error: usage: model <function> noupcall|mayupcall  |  model <function> "
            "<arg-index> <struct> reads|writes <field>...");
  EXPECT_EQ(sink.diagnostics()[1].format(),
            "m.rules:2:22: error: expected reads or writes, got 'touches'");
  EXPECT_EQ(sink.diagnostics()[2].line, 3u);
  EXPECT_TRUE(rules.models.empty());
}

TEST(RulesFormat, GuardRulesSayHowALockIsTaken) {
  Rules rules;
  CollectingSink sink;
  ASSERT_TRUE(parseRules("guard addr_lock \"lock_bh($0)\" \"unlock_bh($0)\"\n", "g.rules", rules,
                         sink))
      << sink.joined();
  ASSERT_NE(rules.findGuard("addr_lock"), nullptr);
  EXPECT_EQ(rules.findGuard("addr_lock")->take, "lock_bh($0)");
  EXPECT_EQ(rules.findGuard("addr_lock")->release, "unlock_bh($0)");
  EXPECT_EQ(rules.findGuard("tx_lock"), nullptr);
  Rules bad;
  EXPECT_FALSE(parseRules("guard a \"x\"\nguard b take \"y\"\nguard c \"x\" \"y\"\n"
                          "guard c \"x\" \"y\"\n",
                          "b.rules", bad, sink));
  std::string all = sink.joined();
  EXPECT_NE(all.find("b.rules:1:1: error: usage: guard <lock>"), std::string::npos) << all;
  EXPECT_NE(all.find("b.rules:2:9: error: the take and release are quoted C"), std::string::npos)
      << all;
  EXPECT_NE(all.find("b.rules:4:7: error: guard c is already given"), std::string::npos) << all;
}

TEST(RulesFormat, ShippedRulesLoad) {
  Rules rules;
  CollectingSink sink;
  ASSERT_TRUE(loadRulesDirectory(SPLIT_DRIVER_RULES_DIR, rules, sink)) << sink.joined();
  EXPECT_NE(rules.findRegistration("netif_napi_add", 2), nullptr);
  EXPECT_NE(rules.findCallback("driver_info", "rx_fixup"), nullptr);
  EXPECT_FALSE(rules.models.empty());
}

TEST(SidecarFormat, ParsesEveryAnnotation) {
  Annotations annotations;
  CollectingSink sink;
  ASSERT_TRUE(parseSidecar("pin e1000_probe user  # trailing comment\n"
                           "nullterm s.name\nlength s.buf s.len\nopaque s.cookie\n"
                           "container_of e1000_adapter napi\nignore s.pad\ncombolock s.lock\n",
                           "d.annotations", annotations, sink))
      << sink.joined();
  ASSERT_EQ(annotations.pins.size(), 1u);
  EXPECT_FALSE(annotations.pins[0].kernel);
  EXPECT_EQ(annotations.pins[0].pos.column, 5u);
  ASSERT_EQ(annotations.fields.size(), 5u);
  const FieldAnnotation *length = annotations.findField("s", "buf");
  ASSERT_NE(length, nullptr);
  EXPECT_EQ(length->kind, "length");
  EXPECT_EQ(length->expression, "s.len");
  EXPECT_EQ(length->pos.line, 3u);
  ASSERT_EQ(annotations.containerOfs.size(), 1u);
  EXPECT_EQ(annotations.containerOfs[0].member, "napi");
}

TEST(SidecarFormat, RejectsDuplicatesAndBadArity) {
  Annotations annotations;
  CollectingSink sink;
  EXPECT_FALSE(parseSidecar("nullterm s.a\nopaque s.a\npin f\nlength s.b\n\"open", "x", annotations,
                            sink));
  std::string all = sink.joined();
  EXPECT_NE(all.find("x:2:8: error: s.a is already annotated"), std::string::npos) << all;
  EXPECT_NE(all.find("x:3:1: error: too few words; usage: pin <function> kernel|user"),
            std::string::npos) << all;
  EXPECT_NE(all.find("x:4:1: error: too few words"), std::string::npos) << all;
  EXPECT_NE(all.find("x:5:1: error: unterminated quoted string"), std::string::npos) << all;
}

TEST(SidecarFormat, CheckedAgainstTheFacts) {
  Facts facts;
  facts.records["s"] = {"a", "b"};
  facts.functions.push_back({"f", "f.c", 1, 2, false, false});
  Annotations annotations;
  CollectingSink sink;
  ASSERT_TRUE(parseSidecar("nullterm s.a\npin f kernel\n", "ok", annotations, sink));
  EXPECT_TRUE(checkSidecar(annotations, facts, sink)) << sink.joined();
  Annotations bad;
  ASSERT_TRUE(parseSidecar("nullterm s.c\npin g kernel\ncontainer_of t a\n", "bad", bad, sink));
  EXPECT_FALSE(checkSidecar(bad, facts, sink));
  std::string all = sink.joined();
  EXPECT_NE(all.find("bad:1:10: error: struct s has no field 'c'"), std::string::npos) << all;
  EXPECT_NE(all.find("bad:2:5: error: pin names unknown function 'g'"), std::string::npos) << all;
  EXPECT_NE(all.find("bad:3:14: error: no struct 't'"), std::string::npos) << all;
}

TEST(SidecarFormat, DeferTakesAFunctionAndAnOptionalOwner) {
  Annotations annotations;
  CollectingSink sink;
  ASSERT_TRUE(parseSidecar("defer d_dump\ndefer d_mode owner \"a->netdev\"\n", "d", annotations,
                           sink))
      << sink.joined();
  ASSERT_EQ(annotations.defers.size(), 2u);
  EXPECT_EQ(annotations.defers[0].owner, "");
  EXPECT_EQ(annotations.defers[1].owner, "a->netdev");
  EXPECT_EQ(annotations.findDefer("d_mode"), &annotations.defers[1]);
  EXPECT_EQ(annotations.findDefer("d_other"), nullptr);
  Annotations bad;
  EXPECT_FALSE(parseSidecar("defer f owner\ndefer g holder \"x\"\ndefer h\ndefer h\n", "x", bad,
                            sink));
  std::string all = sink.joined();
  EXPECT_NE(all.find("x:1:1: error: too few words; usage: defer <function> [owner"),
            std::string::npos) << all;
  EXPECT_NE(all.find("x:2:9: error: expected owner, got 'holder'"), std::string::npos) << all;
  EXPECT_NE(all.find("x:4:7: error: h is already deferred"), std::string::npos) << all;
}

TEST(SidecarFormat, DeferredFunctionsReturnNothingAndRunInTheUserHalf) {
  Facts facts;
  FunctionFact dump{"d_dump", "d.c", 1, 2, true, false};
  dump.returnsVoid = true;
  facts.functions = {dump, {"d_check", "d.c", 3, 4, true, false}};
  Annotations annotations;
  CollectingSink sink;
  ASSERT_TRUE(parseSidecar("defer d_dump\ndefer d_check\ndefer d_none\npin d_dump kernel\n", "d",
                           annotations, sink));
  EXPECT_FALSE(checkSidecar(annotations, facts, sink));
  std::string all = sink.joined();
  EXPECT_NE(all.find("d:2:7: error: defer d_check: it returns a value"), std::string::npos) << all;
  EXPECT_NE(all.find("d:3:7: error: defer names unknown function 'd_none'"), std::string::npos)
      << all;
  EXPECT_NE(all.find("d:1:7: error: defer d_dump contradicts pin d_dump kernel at d:4"),
            std::string::npos) << all;
}

// A directory of kernel type facts (net.types) for one test, removed after.
struct TypesDirectory {
  explicit TypesDirectory(const std::string &text) {
    char pattern[] = "/tmp/split-driver-types-XXXXXX";
    path = mkdtemp(pattern);
    std::ofstream(path + "/net.types") << text;
  }
  ~TypesDirectory() { std::filesystem::remove_all(path); }
  std::string path;
};

TEST(KernelTypes, OnlyKernelTypeFactsAreShared) {
  TypesDirectory types("nullterm s.name\npin f user\nalloc_size s \"8\"\ndefer g\ninterior s\n");
  const std::string &dir = types.path;
  Annotations kernel;
  CollectingSink sink;
  EXPECT_FALSE(loadKernelTypes(dir, kernel, sink));
  std::string all = sink.joined();
  EXPECT_NE(all.find(dir + "/net.types:2:5: error: pin is a choice of one driver's split"),
            std::string::npos) << all;
  EXPECT_NE(all.find("net.types:3:12: error: alloc_size is a choice"), std::string::npos) << all;
  EXPECT_NE(all.find("net.types:4:7: error: defer is a choice"), std::string::npos) << all;
  EXPECT_EQ(sink.diagnostics().size(), 3u) << all;
}

TEST(KernelTypes, ADriverGetsTheFactsOfTheStructsItSeesUnlessItsSidecarSaysOtherwise) {
  TypesDirectory types("nullterm s.name\nopaque s.cookie\nnullterm t.name\ninterior s\n"
                       "interior t\nchain s.list t.node\nnullterm s.label\n");
  const std::string &dir = types.path;
  Annotations kernel, driver;
  CollectingSink sink;
  ASSERT_TRUE(loadKernelTypes(dir, kernel, sink)) << sink.joined();
  ASSERT_TRUE(parseSidecar("points_to s.cookie s\n", "d.annotations", driver, sink));
  Facts facts;
  facts.records["s"] = {"name", "cookie", "list"};
  mergeKernelTypes(kernel, facts, driver);
  ASSERT_NE(driver.findField("s", "name"), nullptr);
  EXPECT_EQ(driver.findField("s", "name")->pos.file, dir + "/net.types");
  EXPECT_EQ(driver.findField("s", "cookie")->kind, "points_to") << "the driver's own line wins";
  EXPECT_EQ(driver.findField("t", "name"), nullptr) << "t is not in the driver's units";
  EXPECT_EQ(driver.findField("s", "list"), nullptr) << "its entries' struct is not either";
  EXPECT_EQ(driver.findField("s", "label"), nullptr) << "this layout of s has no label";
  EXPECT_NE(driver.findType("interior", "s"), nullptr);
  EXPECT_EQ(driver.findType("interior", "t"), nullptr);
  EXPECT_TRUE(checkSidecar(driver, facts, sink)) << sink.joined();
}

TEST(KernelTypes, NoTypesFilesIsFine) {
  Annotations kernel;
  CollectingSink sink;
  EXPECT_TRUE(loadKernelTypes("/nonexistent-split-driver-dir", kernel, sink));
  EXPECT_TRUE(kernel.fields.empty());
}

TEST(RulesFormat, AMissingRulesDirectoryIsAnError) {
  Rules rules;
  CollectingSink sink;
  EXPECT_FALSE(loadRulesDirectory("/nonexistent-split-driver-rules", rules, sink));
  EXPECT_EQ(sink.joined(),
            "error: no *.rules files in the kernel API rules directory "
            "'/nonexistent-split-driver-rules' (or it cannot be read)\n");
}

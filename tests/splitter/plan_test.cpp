// The split plan of each fixture driver: which half runs each function,
// what becomes a stub, which statics each half keeps, which crossings exist.
#include "fixture_support.h"

#include <gtest/gtest.h>

namespace splitdriver::splitter::testing {
namespace {

class PlanTest : public ::testing::Test {
protected:
  Plan plan(const std::string &name) {
    analyzer::CollectingSink sink;
    auto split = splitFixture(name, sink);
    EXPECT_TRUE(split) << sink.joined();
    return split ? split->plan : Plan{};
  }

  static void expectFunction(const Plan &plan, const std::string &name, Half home,
                             Placement kernel, Placement user) {
    auto f = plan.functions.find(name);
    ASSERT_NE(f, plan.functions.end()) << name;
    EXPECT_EQ(f->second.home, home) << name;
    EXPECT_STREQ(placementName(f->second.kernel), placementName(kernel)) << name << " kernel";
    EXPECT_STREQ(placementName(f->second.user), placementName(user)) << name << " user";
  }

  static const PlannedVariable &variable(const Plan &plan, const std::string &name) {
    for (const auto &[key, v] : plan.variables)
      if (v.name == name)
        return v;
    ADD_FAILURE() << "no variable " << name;
    static PlannedVariable none;
    return none;
  }
};

// Without a codec (scalar crossings) the tables are not written: the ops
// table stays where it is used (with a codec: codec_test.cpp).
TEST_F(PlanTest, OpsTableEntriesBecomeUpcallStubsAndTheTablesAreListed) {
  Plan p = plan("fx_ops");
  expectFunction(p, "fx_ops_xmit", Half::Kernel, Placement::Keep, Placement::Drop);
  expectFunction(p, "fx_ops_open", Half::User, Placement::Stub, Placement::Keep);
  expectFunction(p, "fx_ops_stop", Half::User, Placement::Stub, Placement::Keep);
  expectFunction(p, "fx_ops_init", Half::Kernel, Placement::Keep, Placement::Drop);
  expectFunction(p, "fx_ops_exit", Half::Kernel, Placement::Keep, Placement::Drop);
  EXPECT_EQ(p.moduleInit.function, "fx_ops_init");
  EXPECT_EQ(p.moduleExit.function, "fx_ops_exit");
  const PlannedVariable &ops = variable(p, "fx_ops_netdev_ops");
  EXPECT_TRUE(ops.kernel);
  EXPECT_FALSE(ops.user);
  ASSERT_EQ(p.globalTable.size(), 1u);
  EXPECT_EQ(p.globalTable[0].name, "fx_ops_netdev_ops");
  // Every driver function but the .init/.exit ones, sorted by name.
  std::vector<std::string> table;
  for (const TableFunction &f : p.functionTable)
    table.push_back(f.name);
  EXPECT_EQ(table, (std::vector<std::string>{"fx_ops_open", "fx_ops_stop", "fx_ops_xmit"}));
  ASSERT_EQ(p.upcalls.size(), 2u);
  EXPECT_EQ(p.upcalls[0].function, "fx_ops_open");
  EXPECT_EQ(p.upcalls[0].id, 0u);
  EXPECT_EQ(p.upcalls[1].id, 1u);
  ASSERT_EQ(p.upcalls[0].missing.size(), 1u);
  EXPECT_EQ(p.upcalls[0].missing[0], "dev (struct net_device *)");
  EXPECT_TRUE(p.downcalls.empty());
}

TEST_F(PlanTest, FunctionPointerFieldTargetsStayWithTheCallerThroughTheField) {
  Plan p = plan("fx_fnptr");
  // The interrupt handler calls through priv->clean_rx: both targets are kernel.
  expectFunction(p, "fx_fnptr_intr", Half::Kernel, Placement::Keep, Placement::Stub);
  expectFunction(p, "fx_fnptr_clean_small", Half::Kernel, Placement::Keep, Placement::Stub);
  expectFunction(p, "fx_fnptr_clean_jumbo", Half::Kernel, Placement::Keep, Placement::Stub);
  // The code storing their addresses is user-side; the user half needs
  // addresses of them, hence downcall stubs there.
  expectFunction(p, "fx_fnptr_configure", Half::User, Placement::Drop, Placement::Keep);
  expectFunction(p, "fx_fnptr_setup", Half::User, Placement::Stub, Placement::Keep);
  const PlannedCall *setup = p.upcall("fx_fnptr_setup");
  ASSERT_NE(setup, nullptr);
  EXPECT_TRUE(setup->marshalable()) << "int irq, int mtu -> int cross in slots";
  const PlannedCall *intr = p.downcall("fx_fnptr_intr");
  ASSERT_NE(intr, nullptr);
  EXPECT_FALSE(intr->marshalable());
  EXPECT_EQ(intr->missing.back(), "data (void *)");
}

TEST_F(PlanTest, StaticsLiveOnTheSidesThatUseThem) {
  Plan p = plan("fx_shared");
  const PlannedVariable &count = variable(p, "fx_shared_count");
  EXPECT_TRUE(count.kernel && count.user);
  EXPECT_NE(count.why.find("both halves"), std::string::npos);
  // Both read it, nothing writes it: one identical copy each is the truth.
  const PlannedVariable &tag = variable(p, "fx_shared_tag");
  EXPECT_TRUE(tag.kernel && tag.user);
  EXPECT_NE(tag.why.find("never written"), std::string::npos) << tag.why;
  EXPECT_EQ(count.why.find("never written"), std::string::npos) << "the timer writes it";
  const PlannedVariable &name = variable(p, "fx_shared_name");
  EXPECT_FALSE(name.kernel);
  EXPECT_TRUE(name.user);
  const PlannedVariable &timer = variable(p, "fx_shared_timer");
  EXPECT_TRUE(timer.kernel);
  EXPECT_FALSE(timer.user);
  // A module parameter stays in both: insmod sets the kernel half's copy,
  // the user half's code reads its own.
  const PlannedVariable &debug = variable(p, "fx_shared_debug");
  EXPECT_TRUE(debug.kernel && debug.user);
  EXPECT_NE(debug.why.find("not kept in sync"), std::string::npos)
      << "without a codec nothing forwards it: " << debug.why;
  const PlannedVariable &param = variable(p, "__param_fx_shared_debug");
  EXPECT_TRUE(param.kernel && param.user);
  EXPECT_NE(param.why.find("module metadata"), std::string::npos);
  expectFunction(p, "fx_shared_tick", Half::Kernel, Placement::Keep, Placement::Drop);
  expectFunction(p, "fx_shared_report", Half::User, Placement::Drop, Placement::Keep);
  expectFunction(p, "fx_shared_work_fn", Half::User, Placement::Stub, Placement::Keep);
  const PlannedCall *work = p.upcall("fx_shared_work_fn");
  ASSERT_NE(work, nullptr);
  EXPECT_FALSE(work->marshalable()) << "its work_struct needs a codec";
  EXPECT_EQ(work->returnClass, ValueClass::Void);
  const PlannedVariable &stats = variable(p, "fx_shared_stats");
  EXPECT_TRUE(stats.kernel && stats.user) << "the user half writes it, the kernel's exit reads it";
  EXPECT_TRUE(p.sharedVariables.empty()) << "without a codec no call carries them";
}

// module_usb_driver(var) writes init and exit: the kernel half registers
// var itself, so it keeps var although no kernel-side function names it.
TEST_F(PlanTest, ModuleUsbDriverVariableStaysInTheKernelHalf) {
  Plan p = plan("fx_modusb");
  EXPECT_EQ(p.moduleDriverVariable, "fx_modusb_driver");
  expectFunction(p, "fx_modusb_probe", Half::User, Placement::Stub, Placement::Keep);
  expectFunction(p, "fx_modusb_disconnect", Half::User, Placement::Stub, Placement::Keep);
  EXPECT_TRUE(variable(p, "fx_modusb_driver").kernel);
  EXPECT_TRUE(variable(p, "fx_modusb_ids").kernel) << "the driver's id_table";
}

TEST_F(PlanTest, NestedCrossingHasADowncallWhoseBodyUpcalls) {
  Plan p = plan("fx_nested");
  expectFunction(p, "fx_nested_program", Half::Kernel, Placement::Keep, Placement::Stub);
  expectFunction(p, "fx_nested_phy_read", Half::User, Placement::Stub, Placement::Keep);
  expectFunction(p, "fx_nested_open", Half::User, Placement::Stub, Placement::Keep);
  const PlannedCall *program = p.downcall("fx_nested_program");
  const PlannedCall *phy = p.upcall("fx_nested_phy_read");
  ASSERT_TRUE(program && phy);
  EXPECT_TRUE(program->marshalable());
  EXPECT_TRUE(phy->marshalable());
  EXPECT_EQ(phy->returnClass, ValueClass::Unsigned);
}

TEST(QuestionsTest, EachQuestionIsAnErrorNamingItsAnnotation) {
  analyzer::Model model;
  model.questions.push_back({"demo.name", "demo.name (char *) crosses: a NUL-terminated string?",
                             "nullterm demo.name  |  length demo.name <expr>"});
  model.questions.push_back({"demo.buf", "demo.buf (u8 *) crosses: how many elements?",
                             "length demo.buf <expr>"});
  analyzer::CollectingSink sink;
  EXPECT_FALSE(checkQuestions(model, sink));
  ASSERT_EQ(sink.diagnostics().size(), 2u);
  EXPECT_NE(sink.diagnostics()[0].message.find("nullterm demo.name"), std::string::npos);
  EXPECT_NE(sink.diagnostics()[1].message.find("demo.buf (u8 *) crosses"), std::string::npos);
  EXPECT_NE(sink.diagnostics()[1].message.find("length demo.buf <expr>"), std::string::npos);
}

}  // namespace
}  // namespace splitdriver::splitter::testing

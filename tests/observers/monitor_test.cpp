// Crossings -> protocol events through binding tables, and the policies.
#include "observers/monitor.h"
#include "spec_test_util.h"

namespace observers {
namespace {

const char kSpec[] = R"(
protocol Dev {
  property "open before close";
  messages { ?open(id); ?close; !wake(q); }
  initial state Closed { ?open -> Opening; }
  state Opening { !open.ret [ret == 0] -> Opened; !open.ret [ret != 0] -> Closed; }
  state Opened { ?close -> Closed; !wake [arg.q == 2]; }
})";

const char kBindings[] = R"(
# comment line
upcall   dev_ops.open   open   id=arg0
upcall   dev_ops.close  close
downcall wake_queue     wake   q=arg1   # trailing comment
)";

Crossing crossing(Crossing::Kind kind, const std::string& callee, std::vector<int64_t> args = {},
                  bool isReply = false, int64_t ret = 0) {
  Crossing c;
  c.kind = kind;
  c.callee = callee;
  c.args = std::move(args);
  c.isReply = isReply;
  c.ret = ret;
  return c;
}

class MonitorTest : public ::testing::Test {
 protected:
  MonitorTest() : specs_(testing::parseChecked(kSpec)) {
    DiagnosticSink sink;
    EXPECT_TRUE(bindings_.parse("dev.bind", kBindings, sink)) << sink.formatAll();
    EXPECT_TRUE(bindings_.check(specs_, sink)) << sink.formatAll();
  }

  Monitor make(Policy policy) {
    return Monitor(specs_, bindings_, policy, [this](const Violation& v) { reported_.push_back(v.format()); });
  }

  SpecSet specs_;
  BindingTable bindings_;
  std::vector<std::string> reported_;
};

TEST_F(MonitorTest, MapsCrossingsToEventsWithNamedArguments) {
  Monitor m = make(Policy::Log);
  EXPECT_EQ(m.onCrossing(crossing(Crossing::Kind::Upcall, "dev_ops.open", {42})), Action::Proceed);
  EXPECT_EQ(m.observer().trace().back().event.describe(), "?open(id=42)");
  EXPECT_EQ(m.onCrossing(crossing(Crossing::Kind::Upcall, "dev_ops.open", {42}, true, 0)), Action::Proceed);
  EXPECT_EQ(m.observer().trace().back().event.describe(), "!open.ret(id=42) = 0");
  EXPECT_EQ(m.observer().stateOf("Dev"), "Opened");
  EXPECT_EQ(m.onCrossing(crossing(Crossing::Kind::Downcall, "wake_queue", {7, 2})), Action::Proceed);
  EXPECT_TRUE(reported_.empty()) << reported_[0];
  EXPECT_EQ(m.observed(), 3u);
}

TEST_F(MonitorTest, UnboundCrossingsPassUnobserved) {
  Monitor m = make(Policy::Stop);
  EXPECT_EQ(m.onCrossing(crossing(Crossing::Kind::Downcall, "kmalloc_something")), Action::Proceed);
  EXPECT_EQ(m.unbound(), 1u);
  EXPECT_TRUE(m.observer().trace().empty());
}

TEST_F(MonitorTest, PolicyLogProceedsAndReports) {
  Monitor m = make(Policy::Log);
  EXPECT_EQ(m.onCrossing(crossing(Crossing::Kind::Upcall, "dev_ops.close")), Action::Proceed);
  ASSERT_EQ(reported_.size(), 1u);
  EXPECT_NE(reported_[0].find("protocol violation: Dev in state Closed: ?close: not accepted in state Closed"),
            std::string::npos)
      << reported_[0];
}

TEST_F(MonitorTest, PolicyFailCrossingFailsTheDowncallOnly) {
  Monitor m = make(Policy::FailCrossing);
  // a wake on the wrong queue is a downcall: it can be failed
  m.observer().forceState("Dev", "Opened");
  EXPECT_EQ(m.onCrossing(crossing(Crossing::Kind::Downcall, "wake_queue", {7, 3})), Action::FailCrossing);
  // an upcall the protocol rejects cannot be failed: the user half stops
  EXPECT_EQ(m.onCrossing(crossing(Crossing::Kind::Upcall, "dev_ops.open", {1})), Action::Stop);
  EXPECT_EQ(reported_.size(), 2u);
}

TEST_F(MonitorTest, PolicyStopStops) {
  Monitor m = make(Policy::Stop);
  m.observer().forceState("Dev", "Opened");
  EXPECT_EQ(m.onCrossing(crossing(Crossing::Kind::Downcall, "wake_queue", {7, 3})), Action::Stop);
}

TEST(BindingTable, ErrorsCarryFileAndLine) {
  SpecSet specs = testing::parseChecked(kSpec);
  BindingTable table;
  DiagnosticSink sink;
  EXPECT_FALSE(table.parse("bad.bind", "upcall dev_ops.open open id=arg0\n"
                                       "sideways x y\n"
                                       "downcall wake_queue wake q=argument1\n"
                                       "upcall dev_ops.open open\n",
                           sink));
  EXPECT_EQ(sink.formatAll(),
            "bad.bind:2:1: error: expected '<upcall|downcall> <C name> <message> [name=argN...]'\n"
            "bad.bind:3:1: error: bad argument mapping 'q=argument1' (expected name=argN)\n"
            "bad.bind:4:1: error: upcall dev_ops.open is already bound at bad.bind:1\n");
}

TEST(BindingTable, CheckAgainstSpecs) {
  SpecSet specs = testing::parseChecked(kSpec);
  BindingTable table;
  DiagnosticSink sink;
  ASSERT_TRUE(table.parse("x.bind", "downcall dev_ops.open open\nupcall wake_queue wake\n"
                                    "upcall dev_ops.open open who=arg1\n",
                          sink));
  EXPECT_FALSE(table.check(specs, sink));
  EXPECT_EQ(sink.formatAll(),
            "x.bind:1:1: error: no protocol declares '!open'\n"
            "x.bind:2:1: error: no protocol declares '?wake'\n"
            "x.bind:3:1: error: message 'open' of protocol Dev has no argument 'who'\n");
}

TEST(BindingTable, ProjectBindingsMatchProjectSpecs) {
  SpecSet specs = testing::loadProjectSpecs();
  for (const char* name : {"pci-net", "usb-net"}) {
    BindingTable table;
    DiagnosticSink sink;
    EXPECT_TRUE(table.parseFile(std::string(PROTOCOLS_DIR) + "/" + name + ".bind", sink)) << sink.formatAll();
    EXPECT_TRUE(table.check(specs, sink)) << sink.formatAll();
    EXPECT_GT(table.size(), 10u);
  }
}

}  // namespace
}  // namespace observers

// The spec language: the model the parser builds, and every bad spec of
// tests/observers/bad failing at its stage with its message.
#include <dirent.h>

#include <fstream>
#include <sstream>

#include "spec_test_util.h"

namespace observers {
namespace {

const char kGood[] = R"(
# a comment
protocol Door per id {
  property "The door opens only when closed.";   // trailing comment
  depends Lock;
  spawn on ?open;
  var opens: int = -2;
  var locked: bool = true;
  messages { ?open(id, who); !closed(id); }
  initial state Closed timeout 250ms {
    ?open [!locked && arg.who == 7] { opens = opens + 1; } -> Opened;
  }
  super Moving {
    !closed -> Closed;
    initial state Opened;
    final state Broken;
  }
}
protocol Lock {
  property "x";
  messages { ?lock; }
  initial state Locked { ?lock; }
}
)";

TEST(SpecParser, BuildsTheModel) {
  SpecSet specs;
  DiagnosticSink sink;
  ASSERT_TRUE(parseSpec("good.spec", kGood, specs, sink)) << sink.formatAll();
  ASSERT_EQ(specs.protocols.size(), 2u);
  const Protocol& door = specs.protocols[0];
  EXPECT_EQ(door.name, "Door");
  EXPECT_EQ(door.property, "The door opens only when closed.");
  EXPECT_EQ(door.key, "id");
  EXPECT_EQ(door.depends, std::vector<std::string>{"Lock"});
  ASSERT_EQ(door.spawnOn.size(), 1u);
  EXPECT_EQ(door.spawnOn[0].spelling(), "?open");
  ASSERT_EQ(door.vars.size(), 2u);
  EXPECT_EQ(door.vars[0].initial, -2);
  EXPECT_TRUE(door.vars[1].isBool);
  EXPECT_EQ(door.vars[1].initial, 1);
  ASSERT_EQ(door.messages.size(), 2u);
  EXPECT_EQ(door.messages[0].args, (std::vector<std::string>{"id", "who"}));
  EXPECT_EQ(door.messages[1].direction, Direction::FromDriver);

  const State* closed = door.findState("Closed");
  ASSERT_NE(closed, nullptr);
  EXPECT_TRUE(closed->isInitial);
  EXPECT_EQ(closed->timeoutNs, 250000000u);
  ASSERT_EQ(closed->transitions.size(), 1u);
  const Transition& t = closed->transitions[0];
  EXPECT_EQ(t.message.spelling(), "?open");
  EXPECT_EQ(t.target, "Opened");
  ASSERT_NE(t.guard, nullptr);
  EXPECT_EQ(t.guard->op, "&&");
  ASSERT_EQ(t.actions.size(), 1u);
  EXPECT_EQ(t.actions[0].var, "opens");
  EXPECT_EQ(t.where.line, 11);

  EXPECT_EQ(door.findState("Opened")->parent, "Moving");
  EXPECT_TRUE(door.findState("Broken")->isFinal);
  EXPECT_EQ(door.initialLeaf("Moving"), "Opened");
  EXPECT_EQ(door.initialLeaf(), "Closed");
  ASSERT_EQ(door.ancestry("Opened").size(), 2u);
  EXPECT_EQ(door.ancestry("Opened")[1]->name, "Moving");
}

TEST(SpecParser, ReturnMessagesAndPrecedence) {
  SpecSet specs = testing::parseChecked(R"(
protocol P {
  property "x";
  var n: int = 0;
  messages { !call; }
  initial state S {
    !call;
    ?call.ret [ret == 0 || n + 1 > 2 && !(n == 3)] { n = n - 1; }
  }
})");
  const Transition& t = specs.protocols[0].states[0].transitions[1];
  EXPECT_TRUE(t.message.isReturn);
  EXPECT_EQ(t.message.spelling(), "?call.ret");
  // || binds loosest, && next, comparisons tighter, + tightest
  EXPECT_EQ(t.guard->op, "||");
  EXPECT_EQ(t.guard->rhs->op, "&&");
  EXPECT_EQ(t.guard->rhs->lhs->op, ">");
  EXPECT_EQ(t.guard->rhs->lhs->lhs->op, "+");
}

TEST(SpecParser, MissingFileIsAnError) {
  SpecSet specs;
  DiagnosticSink sink;
  EXPECT_FALSE(parseSpecFile("/nonexistent/x.spec", specs, sink));
  EXPECT_EQ(sink.formatAll(), "/nonexistent/x.spec: error: cannot read the spec file\n");
}

// Each file in bad/ starts with "# EXPECT: <diagnostic>": the first error the
// parser or checker reports must be exactly that.
TEST(SpecParser, BadSpecsFailWithTheirMessage) {
  std::string dir = BAD_SPECS_DIR;
  DIR* d = opendir(dir.c_str());
  ASSERT_NE(d, nullptr) << dir;
  int checked = 0;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name.size() < 5 || name.substr(name.size() - 5) != ".spec") continue;
    std::ifstream in(dir + "/" + name);
    std::stringstream text;
    text << in.rdbuf();
    std::string first = text.str().substr(0, text.str().find('\n'));
    const std::string marker = "# EXPECT: ";
    ASSERT_EQ(first.rfind(marker, 0), 0u) << name << " lacks its EXPECT line";
    SpecSet specs;
    DiagnosticSink sink;
    if (parseSpec(name, text.str(), specs, sink)) checkSpecs(specs, sink);
    ASSERT_TRUE(sink.hasErrors()) << name << " was accepted";
    std::string firstError;
    for (const auto& diag : sink.all())
      if (diag.severity == Severity::Error && firstError.empty()) firstError = diag.format();
    EXPECT_EQ(firstError, first.substr(marker.size())) << name;
    ++checked;
  }
  closedir(d);
  EXPECT_GE(checked, 20);
}

TEST(SpecChecker, WarnsAboutUnreachableStatesAndMessagesNeverAccepted) {
  SpecSet specs;
  DiagnosticSink sink;
  ASSERT_TRUE(parseSpec("w.spec", R"(protocol P {
  property "x";
  messages { ?a; ?never; }
  initial state S { ?a -> T; }
  state T { ?a -> S; }
  state Island { ?a -> S; }
})", specs, sink));
  EXPECT_TRUE(checkSpecs(specs, sink)) << "warnings are not errors";
  EXPECT_EQ(sink.formatAll(),
            "w.spec:6:3: warning: state 'Island' of protocol P is unreachable\n"
            "w.spec:3:18: warning: message 'never' of protocol P is never accepted in any state\n");
}

TEST(SpecChecker, ProjectSpecsAreClean) {
  SpecSet specs;
  DiagnosticSink sink;
  for (const char* name : {"lifecycle", "pci", "netdevice", "ethtool", "pm", "usb", "mdio"})
    ASSERT_TRUE(parseSpecFile(std::string(PROTOCOLS_DIR) + "/" + name + ".spec", specs, sink))
        << sink.formatAll();
  EXPECT_TRUE(checkSpecs(specs, sink));
  EXPECT_TRUE(sink.all().empty()) << sink.formatAll();
  for (const auto& p : specs.protocols) EXPECT_FALSE(p.property.empty()) << p.name;
  EXPECT_EQ(specs.protocols.size(), 8u);
}

}  // namespace
}  // namespace observers

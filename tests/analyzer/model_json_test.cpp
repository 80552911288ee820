// The JSON generator on a hand-built model: the versioned document the
// splitter and marshal read (docs/ARCHITECTURE.md), parsed back.
#include "analyzer/Generators.h"

#include <gtest/gtest.h>
#include <llvm/Support/JSON.h>

using namespace splitdriver::analyzer;

namespace {

Model smallModel() {
  Model model;
  model.driver = "demo";
  ModelFunction xmit;
  xmit.name = "demo_xmit";
  xmit.file = "demo.c";
  xmit.beginLine = 10;
  xmit.endLine = 19;
  xmit.contexts = {Context::Softirq};
  xmit.dataPath = true;
  xmit.side = Side::Kernel;
  xmit.constraint = Constraint::Forced;
  xmit.reason = {"kernel: on the data path"};
  ModelFunction open = xmit;
  open.name = "demo_open";
  open.contexts = {Context::Process};
  open.dataPath = false;
  open.side = Side::User;
  open.constraint = Constraint::Anchor;
  open.reason = {"user: entry point"};
  model.functions = {{xmit.name, xmit}, {open.name, open}};
  ModelEdge edge;
  edge.caller = "demo_open";
  edge.callee = "demo_xmit";
  edge.crossing = true;
  edge.heldLocks = {"demo.lock"};
  model.edges.push_back(edge);
  ModelLock lock;
  lock.name = "demo.lock";
  lock.kind = "spinlock";
  lock.status = "shared";
  lock.resolution = "combolock";
  lock.kernelTakers = {"demo_xmit"};
  lock.userTakers = {"demo_open"};
  model.locks[lock.name] = lock;
  ModelCrossing crossing;
  crossing.caller = "demo_open";
  crossing.callee = "demo_xmit";
  crossing.direction = "downcall";
  crossing.state.in = {"demo.len"};
  crossing.state.out = {"demo.count"};
  model.crossings.push_back(crossing);
  model.annotations.fields.push_back({"combolock", "demo", "lock", "", {"d.annotations", 3, 11}});
  model.summary.kernelLinePercent = 50;
  return model;
}

}  // namespace

TEST(ModelJson, VersionedDocumentRoundTrips) {
  llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(writeJson(smallModel()));
  ASSERT_TRUE(bool(parsed)) << llvm::toString(parsed.takeError());
  const llvm::json::Object &doc = *parsed->getAsObject();
  EXPECT_EQ(doc.getString("format"), "split-driver-analysis");
  EXPECT_EQ(doc.getInteger("version"), kModelVersion);
  EXPECT_EQ(doc.getString("driver"), "demo");

  const llvm::json::Array &functions = *doc.getArray("functions");
  ASSERT_EQ(functions.size(), 2u);
  const llvm::json::Object &xmit = *functions[1].getAsObject();  // sorted by name
  EXPECT_EQ(xmit.getString("name"), "demo_xmit");
  EXPECT_EQ(xmit.getString("side"), "kernel");
  EXPECT_EQ(xmit.getString("constraint"), "forced");
  EXPECT_EQ(xmit.getInteger("lines"), 10);
  EXPECT_EQ(xmit.getBoolean("data_path"), true);
  EXPECT_EQ((*xmit.getArray("contexts"))[0].getAsString(), "softirq");

  const llvm::json::Object &edge = *(*doc.getArray("edges"))[0].getAsObject();
  EXPECT_EQ(edge.getBoolean("crossing"), true);
  EXPECT_EQ((*edge.getArray("held_locks"))[0].getAsString(), "demo.lock");

  const llvm::json::Object &lock = *(*doc.getArray("locks"))[0].getAsObject();
  EXPECT_EQ(lock.getString("resolution"), "combolock");
  EXPECT_EQ((*lock.getArray("user_takers"))[0].getAsString(), "demo_open");

  const llvm::json::Object &crossing = *(*doc.getArray("crossings"))[0].getAsObject();
  EXPECT_EQ((*crossing.getArray("in"))[0].getAsString(), "demo.len");
  EXPECT_EQ((*crossing.getArray("out"))[0].getAsString(), "demo.count");

  const llvm::json::Object &annotation =
      *(*doc.getObject("annotations")->getArray("fields"))[0].getAsObject();
  EXPECT_EQ(annotation.getString("kind"), "combolock");
  EXPECT_EQ(annotation.getObject("pos")->getInteger("line"), 3);
  EXPECT_EQ(doc.getObject("summary")->getNumber("kernel_line_percent"), 50.0);
}

TEST(ModelDot, ColoursBySideAndMarksCutEdges) {
  std::string dot = writeDot(smallModel());
  EXPECT_NE(dot.find("\"demo_xmit\" [fillcolor=\"#f4a6a6\""), std::string::npos) << dot;
  EXPECT_NE(dot.find("\"demo_open\" [fillcolor=\"#a6c8f4\""), std::string::npos) << dot;
  EXPECT_NE(dot.find("\"demo_open\" -> \"demo_xmit\" [color=red"), std::string::npos) << dot;
}

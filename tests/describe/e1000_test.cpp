// split-driver marshal on the real e1000 (Debian linux-source-6.1,
// extracted by the e1000-source target): the description's content, and
// the command's exit codes and messages. The driver is analysed once.
#include "analyzer/Analyzer.h"
#include "analyzer/Generators.h"
#include "describe/Describe.h"

#include <llvm/Support/JSON.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

using namespace splitdriver;
using llvm::json::Object;

namespace {

struct CommandResult {
  int status = -1;
  std::string output;
};

// The command with stderr folded into the output.
CommandResult run(const std::string &arguments) {
  CommandResult result;
  std::string command = std::string(SPLIT_DRIVER_TOOL) + " marshal " + arguments + " 2>&1";
  FILE *pipe = popen(command.c_str(), "r");
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe))
    result.output.append(buffer, n);
  int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string slurp(const std::string &path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class E1000Marshal : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    analyzer::CollectingSink sink;
    analyzer::AnalyzeOptions options;
    options.annotationFiles = {E1000_ANNOTATIONS};
    auto model = analyzer::analyzeCompileDatabase(E1000_DATABASE_DIR, {}, options, sink);
    ASSERT_TRUE(model) << sink.joined();
    modelFile_ = new std::string(::testing::TempDir() + "/e1000.analysis.json");
    std::ofstream(*modelFile_) << analyzer::writeJson(*model);
    auto description = describe::describe(*model, sink);
    ASSERT_TRUE(description) << sink.joined();
    description_ = new describe::MarshalDescription(*description);
    document_ = new llvm::json::Value(llvm::cantFail(llvm::json::parse(description->json)));
  }
  static void TearDownTestSuite() {
    delete modelFile_;
    delete description_;
    delete document_;
  }

  static const Object *type(const std::string &name) {
    for (const llvm::json::Value &t : *document_->getAsObject()->getArray("types"))
      if (t.getAsObject()->getString("name") == name)
        return t.getAsObject();
    return nullptr;
  }
  static const Object *field(const std::string &typeName, const std::string &name) {
    if (const Object *t = type(typeName))
      for (const llvm::json::Value &f : *t->getArray("fields"))
        if (f.getAsObject()->getString("cfield") == name)
          return f.getAsObject();
    return nullptr;
  }
  static std::string key(const std::string &typeName, const std::string &name,
                         const std::string &k) {
    const Object *f = field(typeName, name);
    return f ? f->getString(k).value_or("").str() : "(absent)";
  }

  static std::string *modelFile_;
  static describe::MarshalDescription *description_;
  static llvm::json::Value *document_;
};
std::string *E1000Marshal::modelFile_ = nullptr;
describe::MarshalDescription *E1000Marshal::description_ = nullptr;
llvm::json::Value *E1000Marshal::document_ = nullptr;

TEST_F(E1000Marshal, FieldsOfTheAdapterAndTheNetDevice) {
  EXPECT_EQ(key("e1000_adapter", "rx_buffer_len", "type"), "u32");
  EXPECT_EQ(key("e1000_adapter", "rx_buffer_len", "dir"), "both");
  // SET_NETDEV_DEV writes net_device.dev.parent: the embedded device goes
  // to the kernel although nothing writes `dev` itself.
  EXPECT_EQ(key("net_device", "dev", "dir"), "both");
  EXPECT_EQ(key("e1000_adapter", "watchdog_task", "type"), "delayed_work");
  EXPECT_EQ(key("e1000_tx_ring", "buffer_info", "length"), "count");
  EXPECT_EQ(key("e1000_adapter", "stats_lock", "type"), "local");
  EXPECT_EQ(key("net_device", "netdev_ops", "type"), "global");
  EXPECT_EQ(key("net_device", "mtu", "type"), "u32");
  EXPECT_EQ(key("e1000_hw", "hw_addr", "type"), "region");
  EXPECT_EQ(key("e1000_rx_ring", "desc", "type"), "region");
  EXPECT_EQ(key("e1000_adapter", "netdev", "type"), "ref");
  EXPECT_EQ(key("e1000_adapter", "netdev", "target"), "net_device");
  EXPECT_EQ(key("e1000_adapter", "hw", "type"), "struct");
}

TEST_F(E1000Marshal, TypesAreNameableWithTheirHeaders) {
  const llvm::json::Array &types = *document_->getAsObject()->getArray("types");
  EXPECT_GE(types.size(), 10u);
  for (const llvm::json::Value &t : types)
    EXPECT_FALSE(t.getAsObject()->getString("ctype").value_or("").empty())
        << t.getAsObject()->getString("name")->str();
  EXPECT_EQ(type("net_device")->getString("alloc_size"),
            "ALIGN(sizeof(struct net_device), NETDEV_ALIGN) + sizeof(struct e1000_adapter)");
  EXPECT_EQ(type("device")->getBoolean("interior"), true);
  // Defined in e1000_param.c: its definition goes to e1000_local.h, with
  // the struct its member declares inside it printed in place.
  ASSERT_NE(type("e1000_option"), nullptr);
  EXPECT_EQ(type("e1000_option")->getString("ctype"), "struct e1000_option");
  const llvm::json::Array *local = document_->getAsObject()->getArray("local_definitions");
  ASSERT_NE(local, nullptr);
  int definitions = 0;
  for (const llvm::json::Value &d : *local)
    definitions += d.getAsString()->starts_with("struct e1000_option {");
  EXPECT_EQ(definitions, 1);
  const std::vector<std::string> &includes = description_->includes;
  EXPECT_NE(std::find(includes.begin(), includes.end(), "e1000.h"), includes.end());
  EXPECT_NE(std::find(includes.begin(), includes.end(), "linux/netdevice.h"), includes.end());
  EXPECT_EQ(includes.back(), "e1000_local.h");  // after the driver's headers
  EXPECT_EQ(includes[includes.size() - 2].find('/'), std::string::npos);  // driver headers last
}

TEST_F(E1000Marshal, CommandWritesTheSameDescription) {
  std::string out = ::testing::TempDir() + "/marshal-model";
  CommandResult result = run("--model=" + *modelFile_ + " -o " + out);
  ASSERT_EQ(result.status, 0) << result.output;
  EXPECT_EQ(slurp(out + "/e1000.marshal.json"), description_->json);
  std::string analysed = ::testing::TempDir() + "/marshal-p";
  result = run(std::string("-p ") + E1000_DATABASE_DIR + " --annotations=" + E1000_ANNOTATIONS +
               " -o " + analysed);
  ASSERT_EQ(result.status, 0) << result.output;
  EXPECT_EQ(slurp(analysed + "/e1000.marshal.json"), description_->json);
}

TEST_F(E1000Marshal, CommandRefusesBadInput) {
  CommandResult noInput = run("-o " + ::testing::TempDir() + "/none");
  EXPECT_EQ(noInput.status, 2) << noInput.output;
  EXPECT_NE(noInput.output.find("error: no input"), std::string::npos) << noInput.output;

  CommandResult missing = run("--model=/nonexistent/model.json -o " + ::testing::TempDir() + "/none");
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.output.find("/nonexistent/model.json: error: cannot read the analysis model"),
            std::string::npos)
      << missing.output;

  std::string sidecar = ::testing::TempDir() + "/bad-e1000.annotations";
  std::ofstream(sidecar) << "interior e1000_no_such_struct\n";
  std::string out = ::testing::TempDir() + "/marshal-bad";
  CommandResult bad = run("--model=" + *modelFile_ + " --annotations=" + sidecar + " -o " + out);
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.output.find(sidecar + ":1:10: error: interior names no struct "
                                      "'e1000_no_such_struct'"),
            std::string::npos)
      << bad.output;
  EXPECT_FALSE(std::ifstream(out + "/e1000.marshal.json").good());

  // Without the sidecar's answers the crossing pointers are questions.
  std::string empty = ::testing::TempDir() + "/empty.annotations";
  std::ofstream(empty) << "# nothing\n";
  CommandResult unanswered = run("--model=" + *modelFile_ + " --annotations=" + empty + " -o " + out);
  EXPECT_EQ(unanswered.status, 1);
  EXPECT_NE(unanswered.output.find("error: e1000_rx_ring.desc (void *) crosses"),
            std::string::npos)
      << unanswered.output;
  EXPECT_NE(unanswered.output.find("dma e1000_rx_ring.desc"), std::string::npos);
  EXPECT_FALSE(std::ifstream(out + "/e1000.marshal.json").good());
}

}  // namespace

// The describer on the fixture driver: types, field kinds, directions,
// names, includes, determinism, and the errors with their answers.
#include "fixture.h"

#include "analyzer/Generators.h"
#include "describe/Describe.h"

#include <llvm/Support/JSON.h>

#include <gtest/gtest.h>

#include <fstream>

using namespace splitdriver;
using llvm::json::Object;

namespace {

class DescribeTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    analyzer::CollectingSink sink;
    auto model = fixture::analyzeFixture("fx.annotations", sink);
    ASSERT_TRUE(model) << sink.joined();
    auto description = describe::describe(*model, sink);
    ASSERT_TRUE(description) << sink.joined();
    description_ = new describe::MarshalDescription(*description);
    auto parsed = llvm::json::parse(description->json);
    ASSERT_TRUE(bool(parsed));
    document_ = new llvm::json::Value(std::move(*parsed));
  }
  static void TearDownTestSuite() {
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
    const Object *t = type(typeName);
    if (!t)
      return nullptr;
    for (const llvm::json::Value &f : *t->getArray("fields"))
      if (f.getAsObject()->getString("name") == name)
        return f.getAsObject();
    return nullptr;
  }
  static std::string kind(const std::string &typeName, const std::string &name) {
    const Object *f = field(typeName, name);
    return f ? f->getString("type").value_or("").str() : "(absent)";
  }
  static std::string key(const std::string &typeName, const std::string &name,
                         const std::string &k) {
    const Object *f = field(typeName, name);
    return f ? f->getString(k).value_or("").str() : "(absent)";
  }

  static describe::MarshalDescription *description_;
  static llvm::json::Value *document_;
};
describe::MarshalDescription *DescribeTest::description_ = nullptr;
llvm::json::Value *DescribeTest::document_ = nullptr;

TEST_F(DescribeTest, HeaderAndTypes) {
  const Object &doc = *document_->getAsObject();
  EXPECT_EQ(doc.getString("format"), "split-driver-marshal");
  EXPECT_EQ(doc.getInteger("version"), 2);
  EXPECT_EQ(doc.getString("driver"), "fx");
  std::vector<std::string> names;
  for (const llvm::json::Value &t : *doc.getArray("types"))
    names.push_back(t.getAsObject()->getString("name")->str());
  // work_struct: the argument type of work handlers (reset_task's), interior.
  // fx_private is defined in fxdrv.c: described through fx_local.h.
  EXPECT_EQ(names, (std::vector<std::string>{"atomic_t", "fx_adapter", "fx_hw", "fx_private",
                                             "fx_ring", "net_device", "work_struct"}));
  EXPECT_EQ(type("work_struct")->getBoolean("interior"), true);
  EXPECT_EQ(type("fx_adapter")->getString("ctype"), "struct fx_adapter");
  EXPECT_EQ(type("atomic_t")->getString("ctype"), "atomic_t");
  EXPECT_EQ(description_->includes,
            (std::vector<std::string>{"linux/netdevice.h", "fxdrv.h", "fx_local.h"}));
  const llvm::json::Array *local = doc.getArray("local_definitions");
  ASSERT_NE(local, nullptr);
  ASSERT_EQ(local->size(), 1u);
  EXPECT_EQ((*local)[0].getAsString(), "struct fx_private {\n    int secret;\n};\n");
}

TEST_F(DescribeTest, ScalarsFromSizeAndSignedness) {
  EXPECT_EQ(kind("fx_adapter", "rx_buffer_len"), "u32");
  EXPECT_EQ(kind("fx_adapter", "delta"), "i16");
  EXPECT_EQ(kind("fx_adapter", "link_up"), "bool");
  EXPECT_EQ(kind("fx_adapter", "state"), "i32");
  EXPECT_EQ(kind("net_device", "mtu"), "u32");
  EXPECT_EQ(kind("atomic_t", "counter"), "i32");
  EXPECT_EQ(kind("fx_adapter", "wol"), "u8");
  EXPECT_EQ(kind("fx_adapter", "speed"), "u16");
  EXPECT_EQ(field("fx_adapter", "speed")->getBoolean("bitfield"), true);
  EXPECT_EQ(field("fx_adapter", "delta")->getBoolean("bitfield"), std::nullopt);
}

TEST_F(DescribeTest, PointersAndAggregates) {
  EXPECT_EQ(kind("fx_adapter", "netdev"), "ref");
  EXPECT_EQ(key("fx_adapter", "netdev", "target"), "net_device");
  EXPECT_EQ(kind("net_device", "netdev_ops"), "global");
  EXPECT_EQ(kind("fx_adapter", "hook"), "fnptr");
  EXPECT_EQ(kind("fx_hw", "hw_addr"), "region");
  EXPECT_EQ(kind("fx_ring", "desc"), "region");
  EXPECT_EQ(kind("fx_adapter", "label"), "string");
  EXPECT_EQ(kind("fx_adapter", "cookie"), "opaque");
  EXPECT_EQ(kind("fx_adapter", "pending"), "opaque");  // sk_buff
  EXPECT_EQ(kind("fx_adapter", "priv"), "ref");        // defined in a .c file: fx_local.h
  EXPECT_EQ(kind("fx_adapter", "fw"), "opaque");       // declared only (struct phylink)
  EXPECT_EQ(type("fx_firmware"), nullptr);
  EXPECT_EQ(kind("fx_adapter", "hw"), "struct");
  EXPECT_EQ(key("fx_adapter", "hw", "target"), "fx_hw");
  EXPECT_EQ(kind("fx_adapter", "mac"), "array");
  EXPECT_EQ(key("fx_adapter", "mac", "elem"), "u16");
  EXPECT_EQ(key("fx_adapter", "rings", "elem"), "fx_ring");
  EXPECT_EQ(key("net_device", "name", "elem"), "i8");
  EXPECT_EQ(kind("fx_adapter", "stats_lock"), "local");
  EXPECT_EQ(kind("fx_adapter", "reset_task"), "work") << "the handler crosses";
  EXPECT_EQ(kind("net_device", "dev_addr"), "bytes");
  EXPECT_EQ(key("net_device", "dev_addr", "length"), "addr_len");
  EXPECT_EQ(kind("net_device", "addr_len"), "u8");
  // A length field no driver code touches gets its layout from the sidecar.
  EXPECT_EQ(kind("fx_adapter", "eeprom"), "bytes");
  EXPECT_EQ(key("fx_adapter", "eeprom", "length"), "eeprom_len");
  EXPECT_EQ(kind("fx_adapter", "eeprom_len"), "u16");
}

TEST_F(DescribeTest, AnonymousMembersAreFlattened) {
  EXPECT_EQ(kind("fx_adapter", "u_raw"), "u32");
  EXPECT_EQ(key("fx_adapter", "u_raw", "cfield"), "u.raw");
  EXPECT_EQ(key("fx_adapter", "lo", "cfield"), "lo");
  EXPECT_EQ(kind("fx_adapter", "u"), "(absent)");
  EXPECT_EQ(key("fx_adapter", "pad_stat", "cfield"), "__pad_stat");
}

TEST_F(DescribeTest, DirectionsAreTheUnionOverCrossings) {
  EXPECT_EQ(key("net_device", "mtu", "dir"), "to-user");         // upcall reads it
  EXPECT_EQ(key("fx_adapter", "link_up", "dir"), "to-kernel");   // upcall writes it
  EXPECT_EQ(key("fx_adapter", "hi", "dir"), "to-user");          // downcall writes it
  EXPECT_EQ(key("fx_adapter", "rx_buffer_len", "dir"), "to-kernel");  // downcall reads it
}

// What a modelled kernel function reads crosses both ways: the kernel set it
// first, and the user half's unset copy must not be sent as its value.
TEST(DescribeKernelApi, WhatAModelledFunctionReadsCrossesBothWays) {
  analyzer::CollectingSink sink;
  auto model = fixture::analyzeFixture("fx.annotations", sink);
  ASSERT_TRUE(model) << sink.joined();
  analyzer::ModelCrossing call;
  call.caller = "fx_open";
  call.callee = "demo_kernel_function";
  call.direction = "downcall";
  call.via = "kernel API model";
  call.kernelApi = true;
  call.state.in = {"fx_adapter.rx_buffer_len"};  // fx_clean's downcall reads it too
  call.state.out = {"fx_adapter.delta"};           // fx_open's upcall reads it
  model->crossings.push_back(call);
  auto description = describe::describe(*model, sink);
  ASSERT_TRUE(description) << sink.joined();
  std::string json = description->json;
  size_t at = json.find("\"cfield\": \"rx_buffer_len\"");
  ASSERT_NE(at, std::string::npos) << json;
  EXPECT_NE(json.substr(at, 80).find("\"dir\": \"both\""), std::string::npos)
      << json.substr(at, 200);
}

TEST_F(DescribeTest, FieldsInDeclarationOrder) {
  std::vector<std::string> names;
  for (const llvm::json::Value &f : *type("fx_adapter")->getArray("fields"))
    names.push_back(f.getAsObject()->getString("name")->str());
  ASSERT_GE(names.size(), 3u);
  EXPECT_EQ(names[0], "netdev");
  EXPECT_EQ(names[1], "rx_buffer_len");
  EXPECT_EQ(names.back(), "priv");
}

TEST_F(DescribeTest, TypeAnnotations) {
  EXPECT_EQ(type("net_device")->getString("alloc_size"),
            "sizeof(struct net_device) + sizeof(struct fx_adapter)");
  EXPECT_EQ(type("fx_hw")->getBoolean("interior"), true);
  EXPECT_EQ(type("fx_adapter")->getBoolean("interior"), false);
}

TEST_F(DescribeTest, SameModelSameBytes) {
  analyzer::CollectingSink sink;
  auto model = fixture::analyzeFixture("fx.annotations", sink);
  ASSERT_TRUE(model) << sink.joined();
  auto again = describe::describe(*model, sink);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->json, description_->json);
  // Through the JSON model, as `split-driver marshal --model` reads it.
  auto read = describe::readAnalysisModel(analyzer::writeJson(*model), "m.json", sink);
  ASSERT_TRUE(read) << sink.joined();
  auto viaJson = describe::describe(*read, sink);
  ASSERT_TRUE(viaJson) << sink.joined();
  EXPECT_EQ(viaJson->json, description_->json);
}

TEST(DescribeErrors, UnansweredPointerNamesTheQuestionAndTheLine) {
  analyzer::CollectingSink sink;
  auto model = fixture::analyzeFixture("fx-unanswered.annotations", sink);
  ASSERT_TRUE(model) << sink.joined();
  EXPECT_FALSE(describe::describe(*model, sink));
  ASSERT_EQ(sink.errorCount(), 1u) << sink.joined();
  std::string message = sink.diagnostics().back().message;
  EXPECT_NE(message.find("fx_adapter.cookie (void *) crosses"), std::string::npos) << message;
  EXPECT_NE(message.find("opaque fx_adapter.cookie"), std::string::npos) << message;
  EXPECT_NE(message.find("fx-unanswered.annotations"), std::string::npos) << message;
}

TEST(DescribeErrors, SidecarLinesAreCheckedAgainstTheModel) {
  analyzer::CollectingSink sink;
  auto model = fixture::analyzeFixture("", sink);
  ASSERT_TRUE(model) << sink.joined();
  std::string path = ::testing::TempDir() + "/bad.annotations";
  std::ofstream(path) << "opaque fx_adapter.cookie\nalloc_size no_such_struct \"8\"\n"
                         "nullterm fx_adapter.no_such_field\n";
  EXPECT_FALSE(describe::applySidecars({path}, *model, sink));
  ASSERT_EQ(sink.errorCount(), 2u) << sink.joined();
  EXPECT_EQ(sink.diagnostics()[0].format(),
            path + ":3:10: error: struct fx_adapter has no field 'no_such_field'");
  EXPECT_EQ(sink.diagnostics()[1].line, 2u);
  EXPECT_NE(sink.diagnostics()[1].message.find("no_such_struct"), std::string::npos);
}

TEST(DescribeErrors, ModelFormatIsChecked) {
  analyzer::CollectingSink sink;
  EXPECT_FALSE(describe::readAnalysisModel("{\"format\": \"x\"}", "m.json", sink));
  EXPECT_FALSE(describe::readAnalysisModel(
      "{\"format\": \"split-driver-analysis\", \"version\": 1}", "old.json", sink));
  ASSERT_EQ(sink.errorCount(), 2u);
  EXPECT_NE(sink.diagnostics()[1].message.find("no \"records\""), std::string::npos);
}

}  // namespace

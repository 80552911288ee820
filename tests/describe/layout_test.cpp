// Layout facts in the analysis model: sizes, signedness, bit-fields,
// arrays, records and the headers that define them (from the ASTContext).
#include "fixture.h"

#include "analyzer/Generators.h"

#include <gtest/gtest.h>

using namespace splitdriver::analyzer;

namespace {

class LayoutTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    CollectingSink sink;
    auto model = fixture::analyzeFixture("fx.annotations", sink);
    ASSERT_TRUE(model) << sink.joined();
    model_ = new Model(std::move(*model));
  }
  static void TearDownTestSuite() { delete model_; }
  static const ModelField &field(const std::string &key) { return model_->fields.at(key); }
  static const RecordFact &record(const std::string &name) { return model_->records.at(name); }
  static Model *model_;
};
Model *LayoutTest::model_ = nullptr;

TEST_F(LayoutTest, ScalarsHaveSizeAndSignedness) {
  EXPECT_EQ(field("fx_adapter.rx_buffer_len").layout.size, 4u);
  EXPECT_FALSE(field("fx_adapter.rx_buffer_len").layout.isSigned);
  EXPECT_EQ(field("fx_adapter.delta").layout.size, 2u);
  EXPECT_TRUE(field("fx_adapter.delta").layout.isSigned);
  EXPECT_TRUE(field("fx_adapter.link_up").layout.isBool);
  EXPECT_EQ(field("fx_adapter.link_up").layout.size, 1u);
  EXPECT_EQ(field("fx_adapter.state").layout.size, 4u);
  EXPECT_TRUE(field("fx_adapter.state").layout.isSigned);  // enum with a negative enumerator
  EXPECT_EQ(field("fx_adapter.__pad_stat").layout.size, 8u);
  EXPECT_EQ(field("net_device.netdev_ops").layout.size, 8u);
}

TEST_F(LayoutTest, BitfieldsHaveTheirWidth) {
  EXPECT_EQ(field("fx_adapter.wol").bitfieldWidth, 1u);
  EXPECT_EQ(field("fx_adapter.speed").bitfieldWidth, 12u);
  EXPECT_EQ(field("fx_adapter.rx_buffer_len").bitfieldWidth, 0u);
}

TEST_F(LayoutTest, ArraysHaveCountAndElement) {
  const ModelField &mac = field("fx_adapter.mac");
  EXPECT_EQ(mac.pointerClass, "inline-array");
  EXPECT_EQ(mac.count, 3u);
  EXPECT_EQ(mac.elemClass, "scalar");
  EXPECT_EQ(mac.elem.size, 2u);
  EXPECT_FALSE(mac.elem.isSigned);
  const ModelField &rings = field("fx_adapter.rings");
  EXPECT_EQ(rings.count, 2u);
  EXPECT_EQ(rings.elemClass, "embedded");
  EXPECT_EQ(rings.pointee, "fx_ring");
  EXPECT_EQ(field("net_device.name").elem.size, 1u);
  // A pointer to scalars carries its element's layout too (for `length`).
  EXPECT_EQ(field("net_device.dev_addr").elem.size, 1u);
}

TEST_F(LayoutTest, PointersKnowConstAndOrder) {
  EXPECT_TRUE(field("net_device.netdev_ops").pointeeConst);
  EXPECT_FALSE(field("fx_adapter.netdev").pointeeConst);
  EXPECT_EQ(field("fx_adapter.netdev").index, 0u);
  EXPECT_EQ(field("fx_adapter.rx_buffer_len").index, 1u);
}

TEST_F(LayoutTest, RecordsNameTheirHeaders) {
  EXPECT_EQ(record("fx_adapter").header, "fxdrv.h");
  EXPECT_TRUE(record("fx_adapter").inDriver);
  EXPECT_EQ(record("fx_adapter").ctype, "struct fx_adapter");
  EXPECT_EQ(record("net_device").header, "linux/netdevice.h");
  EXPECT_FALSE(record("net_device").inDriver);
  EXPECT_EQ(record("atomic_t").ctype, "atomic_t");
  EXPECT_TRUE(record("fx_private").inSourceFile);
  EXPECT_EQ(record("fx_private").header, "");
  EXPECT_EQ(record("fx_firmware").file, "") << "declared only: no definition, no file";
  EXPECT_EQ(record("fx_firmware").size, 0u);
  EXPECT_EQ(record("fx_adapter").members.front(), "netdev");
  EXPECT_EQ(record("fx_adapter").size, 192u);  // x86_64: pointers 8, padding
}

TEST_F(LayoutTest, NestedAnonymousRecordsNameTheirParent) {
  const RecordFact &u = record("fx_adapter.u");
  EXPECT_TRUE(u.isUnion);
  EXPECT_EQ(u.ctype, "");
  EXPECT_EQ(u.parent, "fx_adapter");
  EXPECT_EQ(u.member, "u");
  const RecordFact &unnamed = record("fx_adapter.(anonymous)");
  EXPECT_EQ(unnamed.parent, "fx_adapter");
  EXPECT_EQ(unnamed.member, "");
}

TEST_F(LayoutTest, JsonModelCarriesTheLayoutKeys) {
  std::string json = writeJson(*model_);
  EXPECT_NE(json.find("\"bitfield_width\": 12"), std::string::npos);
  EXPECT_NE(json.find("\"records\": {"), std::string::npos);
  EXPECT_NE(json.find("\"header\": \"linux/netdevice.h\""), std::string::npos);
  EXPECT_NE(json.find("\"kind\": \"alloc_size\""), std::string::npos);
}

}  // namespace

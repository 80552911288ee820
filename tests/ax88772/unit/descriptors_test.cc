#include "descriptors.h"

#include <gtest/gtest.h>

namespace ax88772 {
namespace {

TEST(Descriptors, DeviceDescriptorIdentifiesAnAx88772) {
  const Bytes d = deviceDescriptor(DeviceIdentity{});
  ASSERT_EQ(d.size(), 18u);
  EXPECT_EQ(d[0], 18);
  EXPECT_EQ(d[1], kDescDevice);
  EXPECT_EQ(loadLe16(&d[2]), 0x0200);  // USB 2.0
  EXPECT_EQ(d[4], 0xff);               // vendor-specific class
  EXPECT_EQ(d[7], 64);                 // ep0 max packet
  EXPECT_EQ(loadLe16(&d[8]), 0x0b95);
  EXPECT_EQ(loadLe16(&d[10]), 0x7720);
  EXPECT_EQ(d[17], 1);  // one configuration
}

// Walks the configuration and returns the endpoint descriptors.
std::vector<Bytes> endpoints(const Bytes& config) {
  std::vector<Bytes> eps;
  for (size_t pos = 0; pos < config.size(); pos += config[pos]) {
    EXPECT_GT(config[pos], 0);
    if (config[pos + 1] == kDescEndpoint) eps.emplace_back(config.begin() + long(pos), config.begin() + long(pos) + 7);
  }
  return eps;
}

TEST(Descriptors, ConfigurationHasInterruptBulkInBulkOut) {
  const Bytes c = configurationDescriptor(false);
  ASSERT_EQ(c.size(), 39u);
  EXPECT_EQ(loadLe16(&c[2]), 39);  // wTotalLength covers everything
  EXPECT_EQ(c[4], 1);              // one interface
  EXPECT_EQ(c[5], kConfigurationValue);
  EXPECT_EQ(c[9 + 4], 3);          // interface: three endpoints
  const auto eps = endpoints(c);
  ASSERT_EQ(eps.size(), 3u);
  EXPECT_EQ(eps[0][2], 0x81);
  EXPECT_EQ(eps[0][3], 3);  // interrupt
  EXPECT_EQ(loadLe16(&eps[0][4]), 8);
  EXPECT_EQ(eps[0][6], 11);  // 2^10 microframes = 128 ms
  EXPECT_EQ(eps[1][2], 0x82);
  EXPECT_EQ(eps[1][3], 2);  // bulk
  EXPECT_EQ(loadLe16(&eps[1][4]), 512);
  EXPECT_EQ(eps[2][2], 0x03);
  EXPECT_EQ(eps[2][3], 2);
  EXPECT_EQ(loadLe16(&eps[2][4]), 512);
}

TEST(Descriptors, OtherSpeedConfigurationUsesFullSpeedPacketSizes) {
  const Bytes c = configurationDescriptor(true);
  EXPECT_EQ(c[1], kDescOtherSpeedConfiguration);
  const auto eps = endpoints(c);
  ASSERT_EQ(eps.size(), 3u);
  EXPECT_EQ(loadLe16(&eps[1][4]), 64);
  EXPECT_EQ(loadLe16(&eps[2][4]), 64);
  EXPECT_EQ(eps[0][6], 128);
}

TEST(Descriptors, QualifierDescribesTheOtherSpeed) {
  const Bytes q = deviceQualifierDescriptor();
  ASSERT_EQ(q.size(), 10u);
  EXPECT_EQ(q[1], kDescDeviceQualifier);
  EXPECT_EQ(q[8], 1);
}

TEST(Descriptors, StringsAreUtf16WithEnglishLanguageId) {
  DeviceIdentity id;
  auto langs = stringDescriptor(id, 0, 0);
  ASSERT_TRUE(langs);
  EXPECT_EQ(*langs, (Bytes{4, 3, 0x09, 0x04}));
  auto product = stringDescriptor(id, 2, 0x0409);
  ASSERT_TRUE(product);
  EXPECT_EQ((*product)[0], 2 + 2 * id.product.size());
  EXPECT_EQ((*product)[2], 'A');
  EXPECT_EQ((*product)[3], 0);
  EXPECT_FALSE(stringDescriptor(id, 4, 0x0409));
  EXPECT_FALSE(stringDescriptor(id, 1, 0x0407));
}

}  // namespace
}  // namespace ax88772

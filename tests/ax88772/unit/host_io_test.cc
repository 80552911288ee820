#include "host_io.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "ax88772.h"

namespace ax88772 {
namespace {

class LoopbackTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (pair.server >= 0) close(pair.server);
    if (pair.client >= 0) close(pair.client);
  }
  LoopbackPair pair;
};

TEST_F(LoopbackTest, PairIsConnected) {
  std::string error;
  ASSERT_TRUE(connectLoopback(&pair, &error)) << error;
  ASSERT_EQ(write(pair.client, "ping", 4), 4);
  char buf[4];
  ASSERT_EQ(read(pair.server, buf, 4), 4);
  EXPECT_EQ(std::string(buf, 4), "ping");
}

TEST_F(LoopbackTest, ImportHandshakeLeavesTheStreamAtTheFirstUrb) {
  std::string error;
  ASSERT_TRUE(connectLoopback(&pair, &error)) << error;
  Ax88772 device(Ax88772Config{}, [](const uint8_t*, size_t) {}, nullptr, 0);
  ASSERT_TRUE(importHandshake(pair, device.exportedDevice(), &error)) << error;
  // Nothing of the handshake is left over on either side.
  ASSERT_EQ(write(pair.client, "C", 1), 1);
  ASSERT_EQ(write(pair.server, "S", 1), 1);
  char c;
  ASSERT_EQ(read(pair.server, &c, 1), 1);
  EXPECT_EQ(c, 'C');
  ASSERT_EQ(read(pair.client, &c, 1), 1);
  EXPECT_EQ(c, 'S');
}

TEST(OpenTap, BadNamespaceIsReportedWithItsPath) {
  std::string error;
  EXPECT_LT(openTap("axtest0", "/nonexistent/ns/net", &error), 0);
  EXPECT_NE(error.find("/nonexistent/ns/net"), std::string::npos) << error;
  EXPECT_LT(openTap("a-name-longer-than-ifnamsiz", "", &error), 0);
  EXPECT_NE(error.find("longer than 15"), std::string::npos) << error;
}

}  // namespace
}  // namespace ax88772

#include "usbip_connection.h"

#include <gtest/gtest.h>

#include "ax88772.h"

namespace ax88772 {
namespace {

using namespace usbip;

constexpr uint32_t kDevId = 0x00010002;

class UsbipConnectionTest : public ::testing::Test {
 protected:
  UsbipConnectionTest()
      : device(config, [this](const uint8_t* f, size_t len) { wire.emplace_back(f, f + len); }, nullptr, 0),
        connection(device, device.stats(), kDevId) {}

  static Bytes submit(uint32_t seqnum, uint32_t dir, uint32_t ep, int32_t length, Bytes setup = Bytes(8, 0),
                      Bytes data = {}) {
    CmdSubmit c;
    c.seqnum = seqnum;
    c.devId = kDevId;
    c.direction = dir;
    c.ep = ep;
    c.transferBufferLength = length;
    std::copy(setup.begin(), setup.end(), c.setup.begin());
    Bytes msg = encodeCmdSubmit(c);
    msg.insert(msg.end(), data.begin(), data.end());
    return msg;
  }
  static Bytes setup(uint8_t type, uint8_t req, uint16_t value, uint16_t index, uint16_t length) {
    Bytes s{type, req};
    appendLe16(s, value);
    appendLe16(s, index);
    appendLe16(s, length);
    return s;
  }
  bool feed(const Bytes& msg) { return connection.receive(msg.data(), msg.size(), clock.now()); }
  // Takes the next reply: the header, and IN data when `data` is given.
  RetSubmit takeRet(Bytes* data = nullptr) {
    EXPECT_GE(connection.outputSize(), kHeaderSize);
    std::string error;
    auto ret = decodeRetSubmit(connection.output(), &error);
    EXPECT_TRUE(ret) << error;
    const size_t dataLen = data ? size_t(ret->actualLength) : 0;
    EXPECT_LE(kHeaderSize + dataLen, connection.outputSize());
    if (data) data->assign(connection.output() + kHeaderSize, connection.output() + kHeaderSize + dataLen);
    connection.consumeOutput(kHeaderSize + dataLen);
    return *ret;
  }
  void configure() {
    ASSERT_TRUE(feed(submit(100, kDirOut, 0, 0, setup(0x00, 9, 1, 0, 0))));
    ASSERT_EQ(takeRet().status, 0);
    ASSERT_TRUE(feed(submit(101, kDirOut, 0, 0, setup(0x40, reg::kWriteRxControl, reg::kRxStart, 0, 0))));
    ASSERT_TRUE(feed(submit(102, kDirOut, 0, 0, setup(0x40, reg::kWriteMediumMode, reg::kMediumReceiveEnable, 0, 0))));
    takeRet();
    takeRet();
    clock.advance(config.autonegDuration);
  }

  Ax88772Config config;
  ManualClock clock;
  std::vector<Bytes> wire;
  Ax88772 device;
  UsbipConnection connection;
};

TEST_F(UsbipConnectionTest, ControlInArrivingByteByByteGetsOneReply) {
  const Bytes msg = submit(7, kDirIn, 0, 64, setup(0x80, 6, 0x0100, 0, 64));
  for (uint8_t b : msg) ASSERT_TRUE(connection.receive(&b, 1, clock.now()));
  Bytes data;
  const RetSubmit ret = takeRet(&data);
  EXPECT_EQ(ret.seqnum, 7u);
  EXPECT_EQ(ret.status, 0);
  EXPECT_EQ(ret.actualLength, 18);
  EXPECT_EQ(data.size(), 18u);
  EXPECT_EQ(loadLe16(&data[8]), 0x0b95);
  EXPECT_EQ(connection.outputSize(), 0u);
}

TEST_F(UsbipConnectionTest, ControlOutDataIsConsumedAndTheStreamStaysInStep) {
  Bytes both = submit(1, kDirOut, 0, 6, setup(0x40, reg::kWriteNodeId, 0, 0, 6), {0x02, 9, 8, 7, 6, 5});
  const Bytes second = submit(2, kDirIn, 0, 6, setup(0xc0, reg::kReadNodeId, 0, 0, 6));
  both.insert(both.end(), second.begin(), second.end());
  ASSERT_TRUE(feed(both));
  RetSubmit first = takeRet();
  EXPECT_EQ(first.seqnum, 1u);
  EXPECT_EQ(first.actualLength, 6);
  Bytes data;
  EXPECT_EQ(takeRet(&data).seqnum, 2u);
  EXPECT_EQ(data, (Bytes{0x02, 9, 8, 7, 6, 5}));
}

TEST_F(UsbipConnectionTest, StallIsEpipe) {
  ASSERT_TRUE(feed(submit(3, kDirIn, 0, 2, setup(0xc0, 0x55, 0, 0, 2))));
  const RetSubmit ret = takeRet();
  EXPECT_EQ(ret.status, kStatusStall);
  EXPECT_EQ(ret.actualLength, 0);
}

TEST_F(UsbipConnectionTest, EndpointsOutsideTheConfigurationStall) {
  ASSERT_TRUE(feed(submit(4, kDirIn, kEpBulkIn, 2048)));  // not configured yet
  EXPECT_EQ(takeRet().status, kStatusStall);
  configure();
  ASSERT_TRUE(feed(submit(5, kDirIn, 5, 64)));
  EXPECT_EQ(takeRet().status, kStatusStall);
  EXPECT_EQ(device.stats().usbip_bad_endpoint, 2u);
}

TEST_F(UsbipConnectionTest, BulkInWaitsForAFrame) {
  configure();
  ASSERT_TRUE(feed(submit(10, kDirIn, kEpBulkIn, 2048)));
  EXPECT_EQ(connection.outputSize(), 0u);
  EXPECT_EQ(connection.pendingTransfers(), 1u);
  Bytes frame(60, 0xff);  // broadcast: not accepted without AB
  device.receiveFromWire(frame.data(), frame.size(), clock.now());
  connection.service(clock.now());
  EXPECT_EQ(connection.outputSize(), 0u);
  std::copy(config.mac.begin(), config.mac.end(), frame.begin());
  ASSERT_TRUE(device.receiveFromWire(frame.data(), frame.size(), clock.now()));
  connection.service(clock.now());
  Bytes data;
  const RetSubmit ret = takeRet(&data);
  EXPECT_EQ(ret.seqnum, 10u);
  EXPECT_EQ(ret.actualLength, 64);
  EXPECT_EQ(loadLe32(data.data()), frameHeader(60));
  EXPECT_EQ(connection.pendingTransfers(), 0u);
}

TEST_F(UsbipConnectionTest, UnlinkCancelsAPendingTransferOnce) {
  configure();
  ASSERT_TRUE(feed(submit(20, kDirIn, kEpBulkIn, 2048)));
  ASSERT_TRUE(feed(encodeCmdUnlink(CmdUnlink{21, kDevId, 0, 0, 20})));
  std::string error;
  auto ret = decodeRetUnlink(connection.output(), &error);
  ASSERT_TRUE(ret) << error;
  EXPECT_EQ(ret->seqnum, 21u);
  EXPECT_EQ(ret->status, kStatusUnlinked);
  connection.consumeOutput(kHeaderSize);
  // A frame arriving later must not complete the cancelled transfer.
  Bytes frame(60, 0);
  std::copy(config.mac.begin(), config.mac.end(), frame.begin());
  device.receiveFromWire(frame.data(), frame.size(), clock.now());
  connection.service(clock.now());
  EXPECT_EQ(connection.outputSize(), 0u);
  // Unlinking something already completed answers status 0.
  ASSERT_TRUE(feed(encodeCmdUnlink(CmdUnlink{22, kDevId, 0, 0, 20})));
  ret = decodeRetUnlink(connection.output(), &error);
  ASSERT_TRUE(ret);
  EXPECT_EQ(ret->status, 0);
  EXPECT_EQ(device.stats().usbip_unlinked_pending, 1u);
}

TEST_F(UsbipConnectionTest, BulkOutFramesReachTheWire) {
  configure();
  Bytes payload;
  appendLe32(payload, frameHeader(60));
  payload.resize(64, 0x42);
  ASSERT_TRUE(feed(submit(30, kDirOut, kEpBulkOut, int32_t(payload.size()), Bytes(8, 0), payload)));
  const RetSubmit ret = takeRet();
  EXPECT_EQ(ret.status, 0);
  EXPECT_EQ(ret.actualLength, 64);
  ASSERT_EQ(wire.size(), 1u);
  EXPECT_EQ(wire[0], Bytes(60, 0x42));
}

TEST_F(UsbipConnectionTest, ProtocolViolationsCloseTheConnection) {
  Bytes wrongDevice = submit(40, kDirIn, 0, 8, setup(0x80, 6, 0x0100, 0, 8));
  wrongDevice[11] = 0x09;
  EXPECT_FALSE(feed(wrongDevice));
  EXPECT_NE(connection.error().find("devid"), std::string::npos);
  EXPECT_FALSE(feed(submit(41, kDirIn, 0, 8, setup(0x80, 6, 0x0100, 0, 8))));  // stays closed
}

TEST_F(UsbipConnectionTest, UnknownCommandIsAnError) {
  Bytes msg(48, 0);
  msg[3] = 9;
  EXPECT_FALSE(feed(msg));
  EXPECT_NE(connection.error().find("unknown USB/IP command 9"), std::string::npos);
}

}  // namespace
}  // namespace ax88772

#include "usbip_wire.h"

#include <gtest/gtest.h>

namespace ax88772::usbip {
namespace {

ExportedDevice sampleDevice() {
  ExportedDevice d;
  d.path = "/sys/devices/x/1-1";
  d.busId = "1-1";
  d.busNum = 1;
  d.devNum = 2;
  d.speed = kSpeedHigh;
  d.idVendor = 0x0b95;
  d.idProduct = 0x7720;
  d.bcdDevice = 0x0001;
  d.deviceClass = 0xff;
  d.deviceSubClass = 0xff;
  d.configurationValue = 1;
  d.numConfigurations = 1;
  d.numInterfaces = 1;
  return d;
}

TEST(UsbipWire, ImportRequestIsVersionCodeStatusAndPaddedBusId) {
  const Bytes msg = encodeImportRequest("1-1");
  ASSERT_EQ(msg.size(), 40u);
  EXPECT_EQ(msg[0], 0x01);
  EXPECT_EQ(msg[1], 0x11);
  EXPECT_EQ(msg[2], 0x80);
  EXPECT_EQ(msg[3], 0x03);
  EXPECT_EQ(loadBe32(&msg[4]), 0u);
  EXPECT_EQ(msg[8], '1');
  EXPECT_EQ(msg[10], '1');
  EXPECT_EQ(msg[11], 0);
  std::string error;
  EXPECT_EQ(decodeImportRequest(msg, &error), "1-1");
}

TEST(UsbipWire, ImportRequestWithWrongVersionOrCodeIsRejected) {
  Bytes msg = encodeImportRequest("1-1");
  msg[1] = 0x06;
  std::string error;
  EXPECT_FALSE(decodeImportRequest(msg, &error));
  EXPECT_NE(error.find("version"), std::string::npos);
  msg = encodeImportRequest("1-1");
  msg[2] = 0x80;
  msg[3] = 0x05;  // OP_REQ_DEVLIST
  EXPECT_FALSE(decodeImportRequest(msg, &error));
  EXPECT_NE(error.find("operation code"), std::string::npos);
  EXPECT_FALSE(decodeImportRequest(Bytes(20, 0), &error));
  EXPECT_NE(error.find("short"), std::string::npos);
}

TEST(UsbipWire, ImportReplyLaysOutTheDeviceBlock) {
  const Bytes msg = encodeImportReply(0, sampleDevice());
  ASSERT_EQ(msg.size(), 320u);
  EXPECT_EQ(loadBe16(&msg[2]), kOpRepImport);
  const size_t ids = 8 + 256 + 32;
  EXPECT_EQ(loadBe32(&msg[ids]), 1u);       // busnum
  EXPECT_EQ(loadBe32(&msg[ids + 4]), 2u);   // devnum
  EXPECT_EQ(loadBe32(&msg[ids + 8]), 3u);   // speed: high
  EXPECT_EQ(loadBe16(&msg[ids + 12]), 0x0b95);
  EXPECT_EQ(loadBe16(&msg[ids + 14]), 0x7720);
  EXPECT_EQ(msg[ids + 18], 0xff);           // bDeviceClass
  EXPECT_EQ(msg[319], 1);                   // bNumInterfaces
  std::string error;
  auto dev = decodeImportReply(msg, &error);
  ASSERT_TRUE(dev) << error;
  EXPECT_TRUE(*dev == sampleDevice());
  EXPECT_EQ(dev->devId(), 0x00010002u);
}

TEST(UsbipWire, RefusedImportHasNoDeviceBlock) {
  const Bytes msg = encodeImportReply(1, sampleDevice());
  ASSERT_EQ(msg.size(), 8u);
  std::string error;
  EXPECT_EQ(decodeImportReplyStatus(msg, &error), 1u);
  EXPECT_FALSE(decodeImportReply(msg, &error));
  EXPECT_NE(error.find("refused"), std::string::npos);
}

TEST(UsbipWire, CmdSubmitFieldsAreBigEndianAtTheirOffsets) {
  Bytes h(48, 0);
  h[3] = 1;                                   // command
  h[4] = 0x12, h[7] = 0x34;                   // seqnum 0x12000034
  h[10] = 0x01, h[11] = 0x02;                 // devid 0x0102
  h[15] = 1;                                  // direction in
  h[19] = 2;                                  // ep
  h[23] = 0x01;                               // transfer_flags
  h[26] = 0x08;                               // length 0x800
  h[35] = 0;                                  // number_of_packets
  h[39] = 11;                                 // interval
  const uint8_t setup[8] = {0xc0, 0x13, 0, 0, 0, 0, 6, 0};
  std::copy(setup, setup + 8, h.begin() + 40);
  std::string error;
  auto cmd = decodeCommand(h.data(), &error);
  ASSERT_TRUE(cmd) << error;
  EXPECT_EQ(cmd->code, kCmdSubmit);
  EXPECT_EQ(cmd->submit.seqnum, 0x12000034u);
  EXPECT_EQ(cmd->submit.devId, 0x0102u);
  EXPECT_EQ(cmd->submit.direction, kDirIn);
  EXPECT_EQ(cmd->submit.ep, 2u);
  EXPECT_EQ(cmd->submit.transferFlags, 1u);
  EXPECT_EQ(cmd->submit.transferBufferLength, 0x800);
  EXPECT_EQ(cmd->submit.interval, 11);
  EXPECT_EQ(cmd->submit.setup[1], 0x13);
  EXPECT_EQ(cmd->submit.setup[6], 6);
  EXPECT_EQ(encodeCmdSubmit(cmd->submit), h);
}

TEST(UsbipWire, MalformedCommandsAreRejectedWithTheReason) {
  CmdSubmit s;
  s.seqnum = 7;
  s.direction = 2;
  std::string error;
  EXPECT_FALSE(decodeCommand(encodeCmdSubmit(s).data(), &error));
  EXPECT_NE(error.find("direction 2"), std::string::npos);
  s.direction = 0;
  s.ep = 16;
  EXPECT_FALSE(decodeCommand(encodeCmdSubmit(s).data(), &error));
  EXPECT_NE(error.find("endpoint 16"), std::string::npos);
  Bytes unknown(48, 0);
  unknown[3] = 5;
  EXPECT_FALSE(decodeCommand(unknown.data(), &error));
  EXPECT_NE(error.find("unknown USB/IP command 5"), std::string::npos);
}

TEST(UsbipWire, CmdUnlinkCarriesTheVictimSeqnum) {
  CmdUnlink u{9, 0x10002, 0, 0, 5};
  const Bytes msg = encodeCmdUnlink(u);
  ASSERT_EQ(msg.size(), 48u);
  EXPECT_EQ(loadBe32(&msg[0]), kCmdUnlink);
  EXPECT_EQ(loadBe32(&msg[20]), 5u);
  std::string error;
  auto cmd = decodeCommand(msg.data(), &error);
  ASSERT_TRUE(cmd);
  EXPECT_EQ(cmd->unlink.seqnum, 9u);
  EXPECT_EQ(cmd->unlink.unlinkSeqnum, 5u);
}

TEST(UsbipWire, RetSubmitHeaderThenInData) {
  Bytes out;
  const uint8_t data[3] = {0xaa, 0xbb, 0xcc};
  appendRetSubmit(out, RetSubmit{42, -32, 3, 0, 0, 0}, data, 3);
  ASSERT_EQ(out.size(), 51u);
  EXPECT_EQ(loadBe32(&out[0]), kRetSubmit);
  EXPECT_EQ(loadBe32(&out[4]), 42u);
  EXPECT_EQ(loadBe32(&out[8]), 0u);   // devid
  EXPECT_EQ(loadBe32(&out[12]), 0u);  // direction
  EXPECT_EQ(loadBe32(&out[16]), 0u);  // ep
  EXPECT_EQ(loadBe32(&out[20]), 0xffffffe0u);  // -EPIPE
  EXPECT_EQ(loadBe32(&out[24]), 3u);
  EXPECT_EQ(out[48], 0xaa);
  EXPECT_EQ(out[50], 0xcc);
  std::string error;
  auto ret = decodeRetSubmit(out.data(), &error);
  ASSERT_TRUE(ret);
  EXPECT_EQ(ret->status, kStatusStall);
  EXPECT_EQ(ret->actualLength, 3);
}

TEST(UsbipWire, RetUnlinkStatusAtOffset20) {
  Bytes out;
  appendRetUnlink(out, RetUnlink{8, kStatusUnlinked});
  ASSERT_EQ(out.size(), 48u);
  EXPECT_EQ(loadBe32(&out[0]), kRetUnlink);
  EXPECT_EQ(int32_t(loadBe32(&out[20])), -104);
  std::string error;
  EXPECT_FALSE(decodeRetSubmit(out.data(), &error));
  auto ret = decodeRetUnlink(out.data(), &error);
  ASSERT_TRUE(ret);
  EXPECT_EQ(ret->seqnum, 8u);
}

}  // namespace
}  // namespace ax88772::usbip

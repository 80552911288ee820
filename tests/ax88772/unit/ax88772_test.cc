#include "ax88772.h"

#include <gtest/gtest.h>

namespace ax88772 {
namespace {

constexpr uint8_t kVendorIn = 0xc0, kVendorOut = 0x40;
const MacAddress kMac{0x02, 0x88, 0x77, 0x20, 0x00, 0x01};

class Ax88772Test : public ::testing::Test {
 protected:
  Ax88772Test() {
    config.mac = kMac;
    device = std::make_unique<Ax88772>(
        config, [this](const uint8_t* f, size_t len) { wire.emplace_back(f, f + len); },
        [this](const ControlLogEntry& e) { log.push_back(formatControlLogEntry(e)); }, 0);
  }

  ControlResult request(uint8_t type, uint8_t req, uint16_t value, uint16_t index, uint16_t length,
                        Bytes data = {}) {
    return device->control(SetupPacket{type, req, value, index, length}, data, clock.now());
  }
  Bytes read(uint8_t req, uint16_t length, uint16_t value = 0, uint16_t index = 0) {
    ControlResult r = request(kVendorIn, req, value, index, length);
    EXPECT_FALSE(r.stalled) << r.stallReason;
    return r.data;
  }
  void write(uint8_t req, uint16_t value, uint16_t index = 0, Bytes data = {}) {
    ControlResult r = request(kVendorOut, req, value, index, uint16_t(data.size()), data);
    EXPECT_FALSE(r.stalled) << r.stallReason;
  }
  uint16_t mii(uint8_t reg) {
    write(reg::kSetSoftwareMii, 0);
    const Bytes v = read(reg::kReadMii, 2, reg::kEmbeddedPhyAddress, reg);
    write(reg::kSetHardwareMii, 0);
    return loadLe16(v.data());
  }
  // Configures the device as a driver would and waits for the link.
  void bringUp(uint16_t rxControl = reg::kRxStart | reg::kRxBroadcast) {
    ASSERT_FALSE(request(0x00, 9, 1, 0, 0).stalled);
    write(reg::kWriteRxControl, rxControl);
    write(reg::kWriteMediumMode, reg::kMediumReceiveEnable | reg::kMediumFullDuplex | reg::kMediumSpeed100);
    clock.advance(config.autonegDuration);
  }
  Bytes ethernet(const MacAddress& dst, size_t len = 60) {
    Bytes f(len, 0x5a);
    std::copy(dst.begin(), dst.end(), f.begin());
    return f;
  }

  Ax88772Config config;
  ManualClock clock;
  std::vector<Bytes> wire;
  std::vector<std::string> log;
  std::unique_ptr<Ax88772> device;
};

TEST_F(Ax88772Test, NodeIdComesFromTheEepromAndIsWritable) {
  EXPECT_EQ(read(reg::kReadNodeId, 6), Bytes(kMac.begin(), kMac.end()));
  EXPECT_EQ(read(reg::kReadEeprom, 2, 4), (Bytes{0x02, 0x88}));
  write(reg::kWriteNodeId, 0, 0, {0x02, 1, 2, 3, 4, 5});
  EXPECT_EQ(read(reg::kReadNodeId, 6), (Bytes{0x02, 1, 2, 3, 4, 5}));
}

TEST_F(Ax88772Test, EepromWritesNeedWriteEnableAndReloadUpdatesNodeId) {
  write(reg::kWriteEeprom, 4, 0x3412);
  EXPECT_EQ(device->stats().eeprom_write_rejected, 1u);
  EXPECT_EQ(read(reg::kReadEeprom, 2, 4), (Bytes{0x02, 0x88}));
  write(reg::kEepromWriteEnable, 0);
  write(reg::kWriteEeprom, 4, 0x3412);
  write(reg::kEepromWriteDisable, 0);
  EXPECT_EQ(read(reg::kReadEeprom, 2, 4), (Bytes{0x12, 0x34}));
  EXPECT_EQ(read(reg::kReadNodeId, 6)[0], 0x02);  // not reloaded yet
  write(reg::kWriteGpio, reg::kGpioReloadEeprom);
  EXPECT_EQ(read(reg::kReadNodeId, 6)[0], 0x12);
  EXPECT_EQ(request(kVendorIn, reg::kReadEeprom, 256, 0, 2).stalled, true);
}

TEST_F(Ax88772Test, PhyAddressRegisterNamesTheEmbeddedPhy) {
  EXPECT_EQ(read(reg::kReadPhyAddress, 2), (Bytes{0xe0, 0x10}));
}

TEST_F(Ax88772Test, MiiAccessNeedsSoftwareOwnership) {
  EXPECT_EQ(read(reg::kReadStationMgmtStatus, 1), Bytes{0x00});
  ControlResult r = request(kVendorIn, reg::kReadMii, reg::kEmbeddedPhyAddress, 2, 2);
  EXPECT_TRUE(r.stalled);
  EXPECT_EQ(device->stats().mii_without_ownership, 1u);
  write(reg::kSetSoftwareMii, 0);
  EXPECT_EQ(read(reg::kReadStationMgmtStatus, 1), Bytes{0x01});
  EXPECT_EQ(read(reg::kReadMii, 2, reg::kEmbeddedPhyAddress, 2), (Bytes{0x3b, 0x00}));
  EXPECT_EQ(read(reg::kReadMii, 2, 0x01, 2), (Bytes{0xff, 0xff}));  // nobody at address 1
  EXPECT_EQ(device->stats().mii_no_phy, 1u);
}

TEST_F(Ax88772Test, MiiWritesReachThePhy) {
  write(reg::kSetSoftwareMii, 0);
  write(reg::kWriteMii, reg::kEmbeddedPhyAddress, mii::kAnar, {0x61, 0x00});
  EXPECT_EQ(read(reg::kReadMii, 2, reg::kEmbeddedPhyAddress, mii::kAnar), (Bytes{0x61, 0x00}));
}

TEST_F(Ax88772Test, PhyHeldInResetByTheSoftwareResetRegister) {
  bringUp();
  EXPECT_TRUE(mii(mii::kBmsr) & mii::kBmsrLinkStatus);
  write(reg::kWriteSoftwareReset, 0);  // IPRL clear: PHY in reset
  EXPECT_EQ(mii(mii::kPhyId1), 0xffff);
  EXPECT_EQ(device->stats().mii_phy_in_reset, 1u);
  device->receiveFromWire(ethernet(kMac).data(), 60, clock.now());
  EXPECT_EQ(device->stats().rx_dropped_no_link, 1u);
  write(reg::kWriteSoftwareReset, reg::kResetPhyRelease);
  EXPECT_EQ(mii(mii::kPhyId1), 0x003b);
  EXPECT_FALSE(mii(mii::kBmsr) & mii::kBmsrLinkStatus);  // negotiating again
  clock.advance(config.autonegDuration);
  EXPECT_TRUE(mii(mii::kBmsr) & mii::kBmsrLinkStatus);
}

TEST_F(Ax88772Test, RegistersReadBackWhatWasWritten) {
  write(reg::kWriteIpg, 0x0c15, 0x0012);
  EXPECT_EQ(read(reg::kReadIpg, 3), (Bytes{0x15, 0x0c, 0x12}));
  write(reg::kWriteRxControl, 0x0398);
  EXPECT_EQ(read(reg::kReadRxControl, 2), (Bytes{0x98, 0x03}));
  write(reg::kWriteMediumMode, 0x0336);
  EXPECT_EQ(read(reg::kReadMediumStatus, 2), (Bytes{0x36, 0x03}));
  write(reg::kWriteMulticastFilter, 0, 0, {1, 2, 3, 4, 5, 6, 7, 8});
  EXPECT_EQ(read(reg::kReadMulticastFilter, 8), (Bytes{1, 2, 3, 4, 5, 6, 7, 8}));
  write(reg::kWritePhySelect, 0x01);
  EXPECT_EQ(read(reg::kReadPhySelect, 1), Bytes{0x01});
  write(reg::kWriteMonitorMode, 0x03);
  EXPECT_EQ(read(reg::kReadMonitorMode, 1), Bytes{0x03});
}

TEST_F(Ax88772Test, RejectedRequestsStallAndAreCountedAndLogged) {
  EXPECT_TRUE(request(kVendorIn, 0x55, 0x1234, 0x5678, 4).stalled);
  EXPECT_EQ(device->stats().ctrl_unknown, 1u);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_NE(log[0].find("bRequest=0x55 wValue=0x1234 wIndex=0x5678 wLength=4"), std::string::npos) << log[0];
  EXPECT_NE(log[0].find("STALL (unknown vendor request)"), std::string::npos) << log[0];

  EXPECT_TRUE(request(kVendorIn, reg::kReadNodeId, 0, 0, 4).stalled);
  EXPECT_EQ(device->stats().ctrl_bad_length, 1u);
  EXPECT_TRUE(request(kVendorOut, reg::kReadRxControl, 0, 0, 2, {0, 0}).stalled);
  EXPECT_EQ(device->stats().ctrl_bad_direction, 1u);
  EXPECT_TRUE(request(kVendorIn, reg::kReadSram, 0, 0, 2).stalled);
  EXPECT_NE(log.back().find("READ_SRAM is not modelled"), std::string::npos);
  EXPECT_TRUE(request(0x21, 0x00, 0, 0, 0).stalled);  // class request
  EXPECT_EQ(device->stats().ctrl_stalls, 5u);
  EXPECT_EQ(device->stats().ctrl_requests, 5u);
}

TEST_F(Ax88772Test, SuccessfulRequestsAreLoggedWithTheirData) {
  read(reg::kReadNodeId, 6);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_NE(log[0].find("READ_NODE_ID"), std::string::npos);
  EXPECT_NE(log[0].find("-> ok in=028877200001"), std::string::npos) << log[0];
}

TEST_F(Ax88772Test, StandardRequests) {
  ControlResult r = request(0x80, 6, 0x0100, 0, 8);
  ASSERT_FALSE(r.stalled);
  EXPECT_EQ(r.data.size(), 8u);  // truncated to wLength
  EXPECT_TRUE(request(0x80, 6, 0x0900, 0, 8).stalled);  // no such descriptor
  EXPECT_EQ(device->endpoint(kEpBulkIn, true), EndpointKind::None);
  EXPECT_TRUE(request(0x00, 9, 2, 0, 0).stalled);
  EXPECT_FALSE(request(0x00, 9, 1, 0, 0).stalled);
  EXPECT_EQ(request(0x80, 8, 0, 0, 1).data, Bytes{1});
  EXPECT_EQ(device->endpoint(kEpBulkIn, true), EndpointKind::Bulk);
  EXPECT_EQ(device->endpoint(kEpBulkOut, false), EndpointKind::Bulk);
  EXPECT_EQ(device->endpoint(kEpInterruptIn, true), EndpointKind::Interrupt);
  EXPECT_EQ(device->endpoint(kEpBulkOut, true), EndpointKind::None);
  EXPECT_FALSE(request(0x02, 3, 0, 0x82, 0).stalled);  // SET_FEATURE(HALT) on 0x82
  EXPECT_TRUE(device->halted(kEpBulkIn, true));
  EXPECT_EQ(request(0x82, 0, 0, 0x82, 2).data, (Bytes{1, 0}));
  EXPECT_FALSE(request(0x02, 1, 0, 0x82, 0).stalled);  // CLEAR_FEATURE(HALT)
  EXPECT_FALSE(device->halted(kEpBulkIn, true));
  EXPECT_TRUE(request(0x01, 11, 1, 0, 0).stalled);  // no alternate setting 1
}

TEST_F(Ax88772Test, ReceiverNeedsStartReceiveEnableAndLink) {
  const Bytes f = ethernet(kMac);
  ASSERT_FALSE(request(0x00, 9, 1, 0, 0).stalled);
  EXPECT_FALSE(device->receiveFromWire(f.data(), f.size(), clock.now()));
  EXPECT_EQ(device->stats().rx_dropped_no_link, 1u);
  clock.advance(config.autonegDuration);
  EXPECT_FALSE(device->receiveFromWire(f.data(), f.size(), clock.now()));
  EXPECT_EQ(device->stats().rx_dropped_stopped, 1u);
  write(reg::kWriteRxControl, reg::kRxStart);
  EXPECT_FALSE(device->receiveFromWire(f.data(), f.size(), clock.now()));  // RE still clear
  write(reg::kWriteMediumMode, reg::kMediumReceiveEnable);
  EXPECT_TRUE(device->receiveFromWire(f.data(), f.size(), clock.now()));
  auto in = device->dataIn(kEpBulkIn, 2048, clock.now());
  ASSERT_TRUE(in);
  EXPECT_EQ(in->size(), 4 + f.size());
  EXPECT_EQ(loadLe32(in->data()), frameHeader(60));
}

TEST_F(Ax88772Test, AddressFilter) {
  bringUp(reg::kRxStart);
  const MacAddress other{0x02, 0, 0, 0, 0, 9};
  const MacAddress broadcast{0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  const MacAddress multicast{0x01, 0x00, 0x5e, 0x00, 0x00, 0x01};
  EXPECT_FALSE(device->receiveFromWire(ethernet(other).data(), 60, clock.now()));
  EXPECT_FALSE(device->receiveFromWire(ethernet(broadcast).data(), 60, clock.now()));
  EXPECT_FALSE(device->receiveFromWire(ethernet(multicast).data(), 60, clock.now()));
  EXPECT_EQ(device->stats().rx_filtered, 3u);

  write(reg::kWriteRxControl, reg::kRxStart | reg::kRxBroadcast | reg::kRxMulticast);
  EXPECT_TRUE(device->receiveFromWire(ethernet(broadcast).data(), 60, clock.now()));
  const unsigned bit = ax88772MulticastHashBit(multicast.data());
  Bytes filter(8, 0);
  filter[((bit + 1) & 63) >> 3] = uint8_t(1u << ((bit + 1) & 7));  // a neighbouring bit only
  write(reg::kWriteMulticastFilter, 0, 0, filter);
  EXPECT_FALSE(device->receiveFromWire(ethernet(multicast).data(), 60, clock.now()));
  filter.assign(8, 0);
  filter[bit >> 3] = uint8_t(1u << (bit & 7));
  write(reg::kWriteMulticastFilter, 0, 0, filter);
  EXPECT_TRUE(device->receiveFromWire(ethernet(multicast).data(), 60, clock.now()));

  write(reg::kWriteRxControl, reg::kRxStart | reg::kRxPromiscuous);
  EXPECT_TRUE(device->receiveFromWire(ethernet(other).data(), 60, clock.now()));
}

TEST_F(Ax88772Test, MulticastHashIsTheTopSixBitsOfTheEthernetCrc) {
  // Expected values from zlib's (reflected) CRC-32: bit-reversed complement,
  // top six bits.
  const uint8_t ipv4AllHosts[6] = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x01};
  const uint8_t ipv6AllNodes[6] = {0x33, 0x33, 0x00, 0x00, 0x00, 0x01};
  const uint8_t ipv6Solicited[6] = {0x33, 0x33, 0xff, 0x00, 0x00, 0x02};
  EXPECT_EQ(ax88772MulticastHashBit(ipv4AllHosts), 31u);
  EXPECT_EQ(ax88772MulticastHashBit(ipv6AllNodes), 62u);
  EXPECT_EQ(ax88772MulticastHashBit(ipv6Solicited), 10u);
}

TEST_F(Ax88772Test, BulkInPacksQueuedFramesUpToTheMaximumBurst) {
  bringUp();
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(device->receiveFromWire(ethernet(kMac, 1500).data(), 1500, clock.now()));
  auto in = device->dataIn(kEpBulkIn, 16384, clock.now());  // MFB 2048 caps the transfer
  ASSERT_TRUE(in);
  EXPECT_EQ(in->size(), 1504u);
  write(reg::kWriteRxControl, reg::kRxStart | reg::kRxBroadcast | 0x0100);  // MFB 4096
  // stopping is not part of that write: the queue survives
  in = device->dataIn(kEpBulkIn, 16384, clock.now());
  ASSERT_TRUE(in);
  EXPECT_EQ(in->size(), 3008u);
  EXPECT_FALSE(device->dataIn(kEpBulkIn, 16384, clock.now()));
  EXPECT_EQ(device->stats().rx_frames, 3u);
  EXPECT_EQ(device->stats().rx_transfers, 2u);
}

TEST_F(Ax88772Test, RuntsArePaddedOnTheWireBothWays) {
  bringUp();
  Bytes arp = ethernet(kMac, 42);
  ASSERT_TRUE(device->receiveFromWire(arp.data(), arp.size(), clock.now()));
  auto in = device->dataIn(kEpBulkIn, 2048, clock.now());
  ASSERT_TRUE(in);
  EXPECT_EQ(loadLe32(in->data()), frameHeader(60));
  Bytes out;
  appendLe32(out, frameHeader(42));
  out.insert(out.end(), arp.begin(), arp.end());
  ASSERT_TRUE(device->dataOut(kEpBulkOut, out.data(), out.size(), clock.now()));
  ASSERT_EQ(wire.size(), 1u);
  EXPECT_EQ(wire[0].size(), 60u);
}

TEST_F(Ax88772Test, TransmitNeedsLink) {
  ASSERT_FALSE(request(0x00, 9, 1, 0, 0).stalled);
  Bytes out;
  appendLe32(out, frameHeader(60));
  out.resize(64, 0x77);
  device->dataOut(kEpBulkOut, out.data(), out.size(), clock.now());
  EXPECT_TRUE(wire.empty());
  EXPECT_EQ(device->stats().tx_dropped_no_link, 1u);
  clock.advance(config.autonegDuration);
  device->dataOut(kEpBulkOut, out.data(), out.size(), clock.now());
  ASSERT_EQ(wire.size(), 1u);
  EXPECT_EQ(device->stats().tx_frames, 1u);
}

TEST_F(Ax88772Test, FramingErrorHoldsTransmitUntilSoftwareResetRR) {
  bringUp();
  Bytes bad(64, 0x12);
  device->dataOut(kEpBulkOut, bad.data(), bad.size(), clock.now());
  EXPECT_EQ(device->stats().tx_framing_errors, 1u);
  Bytes good;
  appendLe32(good, frameHeader(60));
  good.resize(64, 0x77);
  device->dataOut(kEpBulkOut, good.data(), good.size(), clock.now());
  EXPECT_TRUE(wire.empty());
  write(reg::kWriteSoftwareReset, reg::kResetPhyRelease | reg::kResetClearBulkOut);
  clock.advance(config.autonegDuration);
  device->dataOut(kEpBulkOut, good.data(), good.size(), clock.now());
  EXPECT_EQ(wire.size(), 1u);
}

TEST_F(Ax88772Test, InterruptEndpointReportsLinkChangesAndEveryPeriod) {
  bringUp();
  auto report = device->dataIn(kEpInterruptIn, 8, clock.now());
  ASSERT_TRUE(report);
  EXPECT_EQ(*report, (Bytes{0xa1, 0x00, 0x01, 0, 0, 0, 0, 0}));
  EXPECT_FALSE(device->dataIn(kEpInterruptIn, 8, clock.now()));  // NAK within the period
  device->setCable(false, clock.now());
  report = device->dataIn(kEpInterruptIn, 8, clock.now());  // a change is reported at once
  ASSERT_TRUE(report);
  EXPECT_EQ((*report)[2], 0x00);
  EXPECT_EQ(device->nextDeadline(clock.now()), clock.now() + Ax88772::kInterruptPeriod);
  clock.advance(Ax88772::kInterruptPeriod);
  EXPECT_TRUE(device->dataIn(kEpInterruptIn, 8, clock.now()));
  EXPECT_EQ(device->stats().intr_reports, 3u);
}

TEST_F(Ax88772Test, DeadlinesAreNeverInThePast) {
  ASSERT_FALSE(request(0x00, 9, 1, 0, 0).stalled);
  EXPECT_EQ(device->nextDeadline(clock.now()), clock.now() + config.autonegDuration);
  clock.advance(10 * config.autonegDuration);  // nobody looked at the PHY meanwhile
  EXPECT_FALSE(device->nextDeadline(clock.now()));
  ASSERT_TRUE(device->dataIn(kEpInterruptIn, 8, clock.now()));
  clock.advance(10 * Ax88772::kInterruptPeriod);  // no interrupt URB pending
  EXPECT_FALSE(device->nextDeadline(clock.now()));
}

}  // namespace
}  // namespace ax88772

namespace ax88772 {
namespace {

Ax88772 makeDevice(const Ax88772Config& config) {
  return Ax88772(config, [](const uint8_t*, size_t) {}, nullptr, 0);
}

ControlResult vendor(Ax88772& d, uint8_t type, uint8_t req, uint16_t value, uint16_t index, uint16_t length) {
  return d.control(SetupPacket{type, req, value, index, length}, {}, 0);
}

TEST(Ax88772Variant, ChipCodeIsInTheStationManagementStatus) {
  Ax88772Config config;
  config.chipCode = reg::kChipCodeAx88772B;
  Ax88772 d = makeDevice(config);
  EXPECT_EQ(vendor(d, 0xc0, reg::kReadStationMgmtStatus, 0, 0, 1).data, Bytes{0x20});
  vendor(d, 0x40, reg::kSetSoftwareMii, 0, 0, 0);
  EXPECT_EQ(vendor(d, 0xc0, reg::kReadStationMgmtStatus, 0, 0, 1).data, Bytes{0x21});
}

TEST(Ax88772Variant, QueueControlExistsOnTheAx88772BOnly) {
  Ax88772 plain = makeDevice(Ax88772Config{});
  ControlResult r = vendor(plain, 0x40, reg::kWriteRxQueueControl, 0x8000, 0x8001, 0);
  EXPECT_TRUE(r.stalled);
  EXPECT_EQ(plain.stats().ctrl_unknown, 1u);
  Ax88772Config config;
  config.chipCode = reg::kChipCodeAx88772B;
  Ax88772 b = makeDevice(config);
  EXPECT_FALSE(vendor(b, 0x40, reg::kWriteRxQueueControl, 0x8000, 0x8001, 0).stalled);
}

TEST(Ax88772Variant, FaultInjectionStallsTheNamedRequest) {
  Ax88772Config config;
  config.stallRequests = {reg::kReadPhyAddress};
  Ax88772 d = makeDevice(config);
  EXPECT_TRUE(vendor(d, 0xc0, reg::kReadPhyAddress, 0, 0, 2).stalled);
  EXPECT_FALSE(vendor(d, 0xc0, reg::kReadNodeId, 0, 0, 6).stalled);
  EXPECT_EQ(d.stats().ctrl_injected_stalls, 1u);
  EXPECT_EQ(d.stats().ctrl_unknown, 0u);
}

}  // namespace
}  // namespace ax88772

// The ASIX AX88772 USB 2.0 to 10/100 Ethernet controller, modelled from the
// device's side: its descriptors, its vendor control requests (registers of
// the MAC, the embedded PHY behind MII management, the EEPROM), its bulk
// framing and its interrupt endpoint's link reports. Frames the host sends
// go to a wire sink; frames from the wire are filtered by the MAC's receive
// control and queued for bulk IN.
#pragma once

#include <array>
#include <deque>
#include <functional>
#include <vector>

#include "descriptors.h"
#include "device_stats.h"
#include "framing.h"
#include "mii_phy.h"
#include "usb_device.h"

namespace ax88772 {

using MacAddress = std::array<uint8_t, 6>;

namespace reg {
// Vendor request codes (AX88772 datasheet, "USB vendor commands").
constexpr uint8_t kReadSram = 0x02, kWriteSram = 0x03;
constexpr uint8_t kSetSoftwareMii = 0x06, kReadMii = 0x07, kWriteMii = 0x08;
constexpr uint8_t kReadStationMgmtStatus = 0x09, kSetHardwareMii = 0x0a;
constexpr uint8_t kReadEeprom = 0x0b, kWriteEeprom = 0x0c, kEepromWriteEnable = 0x0d,
                  kEepromWriteDisable = 0x0e;
constexpr uint8_t kReadRxControl = 0x0f, kWriteRxControl = 0x10;
constexpr uint8_t kReadIpg = 0x11, kWriteIpg = 0x12;
constexpr uint8_t kReadNodeId = 0x13, kWriteNodeId = 0x14;
constexpr uint8_t kReadMulticastFilter = 0x15, kWriteMulticastFilter = 0x16;
constexpr uint8_t kReadPhyAddress = 0x19;
constexpr uint8_t kReadMediumStatus = 0x1a, kWriteMediumMode = 0x1b;
constexpr uint8_t kReadMonitorMode = 0x1c, kWriteMonitorMode = 0x1d;
constexpr uint8_t kReadGpio = 0x1e, kWriteGpio = 0x1f;
constexpr uint8_t kWriteSoftwareReset = 0x20;
constexpr uint8_t kReadPhySelect = 0x21, kWritePhySelect = 0x22;
// AX88772B only: bulk IN queue control (how long and how much the device
// aggregates before completing a bulk IN transfer).
constexpr uint8_t kWriteRxQueueControl = 0x2a;
constexpr uint8_t kChipCodeAx88772B = 2;

constexpr uint8_t kStationMgmtHostEnable = 0x01;  // software owns MII
constexpr uint8_t kEmbeddedPhyAddress = 0x10;
// PHY address register: secondary PHY byte (type 7: none), primary PHY byte.
constexpr uint8_t kNoSecondaryPhy = 0xe0;

constexpr uint16_t kRxPromiscuous = 0x0001, kRxAllMulticast = 0x0002, kRxBroadcast = 0x0008,
                   kRxMulticast = 0x0010, kRxStart = 0x0080, kRxMaxBurstMask = 0x0300;
constexpr uint16_t kMediumFullDuplex = 0x0002, kMediumReceiveEnable = 0x0100, kMediumSpeed100 = 0x0200;

constexpr uint8_t kResetClearBulkOut = 0x01, kResetClearBulkIn = 0x02, kResetPhyRelease = 0x20,
                  kResetPhyPowerDown = 0x40;
constexpr uint8_t kGpioReloadEeprom = 0x80;
constexpr uint8_t kPhySelectEmbedded = 0x01;

constexpr size_t kEepromWords = 256;
constexpr size_t kEepromNodeIdWord = 4;
}  // namespace reg

// Bit of the 64-bit multicast filter that admits destination `mac`.
unsigned ax88772MulticastHashBit(const uint8_t* mac);

struct Ax88772Config {
  DeviceIdentity identity;
  MacAddress mac{0x02, 0x88, 0x77, 0x20, 0x00, 0x01};
  uint32_t phyId = MiiPhy::kDefaultPhyId;
  // Bits 6:4 of the station management status register: 0 for the
  // AX88772, 2 for the AX88772B.
  uint8_t chipCode = 0;
  // Fault injection: vendor request codes this device answers with a STALL,
  // as a broken unit would; for tests of the driver's error paths.
  std::vector<uint8_t> stallRequests;
  Nanos autonegDuration = 300 * kMillisecond;
  size_t rxQueueFrames = 256;
};

class Ax88772 : public UsbDevice {
 public:
  using WireSink = std::function<void(const uint8_t* frame, size_t len)>;
  using ControlLogSink = std::function<void(const ControlLogEntry&)>;

  Ax88772(const Ax88772Config& config, WireSink wire, ControlLogSink log, Nanos powerOn);
  // The bulk OUT parser calls back into this object: it must not move.
  Ax88772(const Ax88772&) = delete;
  Ax88772& operator=(const Ax88772&) = delete;

  usbip::ExportedDevice exportedDevice() const override;
  EndpointKind endpoint(uint32_t ep, bool in) const override;
  bool halted(uint32_t ep, bool in) const override;
  ControlResult control(const SetupPacket& setup, const Bytes& outData, Nanos now) override;
  bool dataOut(uint32_t ep, const uint8_t* data, size_t len, Nanos now) override;
  std::optional<Bytes> dataIn(uint32_t ep, size_t maxLength, Nanos now) override;
  std::optional<Nanos> nextDeadline(Nanos now) override;

  // A frame from the link partner. Returns false if it was dropped.
  bool receiveFromWire(const uint8_t* frame, size_t len, Nanos now);
  bool rxQueueFull() const { return rxQueue_.size() >= config_.rxQueueFrames; }
  void setCable(bool connected, Nanos now) { phy_.setCable(connected, now); }
  DeviceStats& stats() { return stats_; }
  const DeviceStats& stats() const { return stats_; }
  // Register values and link state, "name value" lines.
  std::string describeState(Nanos now);

  static constexpr Nanos kInterruptPeriod = 128 * kMillisecond;

 private:
  struct VendorRequest;
  static const VendorRequest* findVendorRequest(uint8_t code);
  static const char* vendorRequestName(uint8_t code);

  ControlResult standardRequest(const SetupPacket& s, Nanos now);
  ControlResult getDescriptor(const SetupPacket& s);
  ControlResult vendorRequest(const SetupPacket& s, const Bytes& outData, Nanos now);
  ControlResult stallCounted(uint64_t& counter, std::string reason);

  // Vendor request handlers (ax88772_registers.cc).
  ControlResult setSoftwareMii(const SetupPacket& s, const Bytes& d, Nanos now);
  ControlResult setHardwareMii(const SetupPacket& s, const Bytes& d, Nanos now);
  ControlResult readStationMgmtStatus(const SetupPacket& s, const Bytes& d, Nanos now);
  ControlResult readMii(const SetupPacket& s, const Bytes& d, Nanos now);
  ControlResult writeMii(const SetupPacket& s, const Bytes& d, Nanos now);
  ControlResult readEeprom(const SetupPacket& s, const Bytes& d, Nanos now);
  ControlResult writeEeprom(const SetupPacket& s, const Bytes& d, Nanos now);
  ControlResult eepromWriteEnable(const SetupPacket& s, const Bytes& d, Nanos now);
  ControlResult eepromWriteDisable(const SetupPacket& s, const Bytes& d, Nanos now);
  ControlResult readRxControl(const SetupPacket& s, const Bytes& d, Nanos now);
  ControlResult writeRxControl(const SetupPacket& s, const Bytes& d, Nanos now);
  ControlResult readIpg(const SetupPacket& s, const Bytes& d, Nanos now);
  ControlResult writeIpg(const SetupPacket& s, const Bytes& d, Nanos now);
  ControlResult readNodeId(const SetupPacket& s, const Bytes& d, Nanos now);
  ControlResult writeNodeId(const SetupPacket& s, const Bytes& d, Nanos now);
  ControlResult readMulticastFilter(const SetupPacket& s, const Bytes& d, Nanos now);
  ControlResult writeMulticastFilter(const SetupPacket& s, const Bytes& d, Nanos now);
  ControlResult readPhyAddress(const SetupPacket& s, const Bytes& d, Nanos now);
  ControlResult readMediumStatus(const SetupPacket& s, const Bytes& d, Nanos now);
  ControlResult writeMediumMode(const SetupPacket& s, const Bytes& d, Nanos now);
  ControlResult readMonitorMode(const SetupPacket& s, const Bytes& d, Nanos now);
  ControlResult writeMonitorMode(const SetupPacket& s, const Bytes& d, Nanos now);
  ControlResult readGpio(const SetupPacket& s, const Bytes& d, Nanos now);
  ControlResult writeGpio(const SetupPacket& s, const Bytes& d, Nanos now);
  ControlResult writeSoftwareReset(const SetupPacket& s, const Bytes& d, Nanos now);
  ControlResult readPhySelect(const SetupPacket& s, const Bytes& d, Nanos now);
  ControlResult writePhySelect(const SetupPacket& s, const Bytes& d, Nanos now);
  ControlResult writeRxQueueControl(const SetupPacket& s, const Bytes& d, Nanos now);

  void reloadFromEeprom();
  bool phyHeldInReset() const;
  bool linkUp(Nanos now);
  bool addressFilterAccepts(const uint8_t* frame) const;
  void sendToWire(const uint8_t* frame, size_t len);
  Bytes interruptReport(bool link) const;
  size_t maxBurst() const;

  const Ax88772Config config_;
  WireSink wire_;
  ControlLogSink log_;
  MiiPhy phy_;
  TxParser tx_;
  DeviceStats stats_;
  uint64_t controlSequence_ = 0;

  // Device state (USB chapter 9).
  uint8_t configuration_ = 0;
  std::array<bool, 16> haltedIn_{};
  std::array<bool, 16> haltedOut_{};

  // MAC registers.
  uint16_t rxControl_ = 0;
  uint16_t mediumMode_ = 0;
  std::array<uint8_t, 3> ipg_{0x15, 0x0c, 0x12};
  MacAddress nodeId_{};
  std::array<uint8_t, 8> multicastFilter_{};
  uint8_t gpio_ = 0;
  uint8_t monitorMode_ = 0;
  uint8_t softwareReset_ = reg::kResetPhyRelease;
  uint8_t phySelect_ = reg::kPhySelectEmbedded;
  std::array<uint16_t, 2> rxQueueControl_{};  // AX88772B
  bool softwareMii_ = false;
  bool eepromWriteEnabled_ = false;
  std::array<uint16_t, reg::kEepromWords> eeprom_{};

  Nanos txTime_ = 0;  // time of the bulk OUT transfer being parsed
  std::deque<Bytes> rxQueue_;
  std::optional<Nanos> lastInterruptReport_;
  bool lastReportedLink_ = false;
};

}  // namespace ax88772

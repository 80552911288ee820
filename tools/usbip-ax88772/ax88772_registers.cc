// The AX88772's vendor control requests: one table row per request code with
// its direction and data length, and one handler per register.
#include <cstdio>

#include "ax88772.h"

namespace ax88772 {

using Handler = ControlResult (Ax88772::*)(const SetupPacket&, const Bytes&, Nanos);

struct Ax88772::VendorRequest {
  uint8_t code;
  const char* name;
  bool in;          // device-to-host data stage
  uint16_t length;  // exact wLength the register takes
  Handler handler;  // nullptr: a real request this model does not implement
  bool onlyAx88772B = false;
};

namespace {
constexpr bool kIn = true, kOut = false;
}  // namespace

const Ax88772::VendorRequest* Ax88772::findVendorRequest(uint8_t code) {
  static const VendorRequest kTable[] = {
      {reg::kReadSram, "READ_SRAM", kIn, 2, nullptr},
      {reg::kWriteSram, "WRITE_SRAM", kOut, 2, nullptr},
      {reg::kSetSoftwareMii, "SET_SW_MII", kOut, 0, &Ax88772::setSoftwareMii},
      {reg::kReadMii, "READ_MII_REG", kIn, 2, &Ax88772::readMii},
      {reg::kWriteMii, "WRITE_MII_REG", kOut, 2, &Ax88772::writeMii},
      {reg::kReadStationMgmtStatus, "READ_STATMNGSTS", kIn, 1, &Ax88772::readStationMgmtStatus},
      {reg::kSetHardwareMii, "SET_HW_MII", kOut, 0, &Ax88772::setHardwareMii},
      {reg::kReadEeprom, "READ_EEPROM", kIn, 2, &Ax88772::readEeprom},
      {reg::kWriteEeprom, "WRITE_EEPROM", kOut, 0, &Ax88772::writeEeprom},
      {reg::kEepromWriteEnable, "EEPROM_WRITE_ENABLE", kOut, 0, &Ax88772::eepromWriteEnable},
      {reg::kEepromWriteDisable, "EEPROM_WRITE_DISABLE", kOut, 0, &Ax88772::eepromWriteDisable},
      {reg::kReadRxControl, "READ_RX_CTL", kIn, 2, &Ax88772::readRxControl},
      {reg::kWriteRxControl, "WRITE_RX_CTL", kOut, 0, &Ax88772::writeRxControl},
      {reg::kReadIpg, "READ_IPG012", kIn, 3, &Ax88772::readIpg},
      {reg::kWriteIpg, "WRITE_IPG", kOut, 0, &Ax88772::writeIpg},
      {reg::kReadNodeId, "READ_NODE_ID", kIn, 6, &Ax88772::readNodeId},
      {reg::kWriteNodeId, "WRITE_NODE_ID", kOut, 6, &Ax88772::writeNodeId},
      {reg::kReadMulticastFilter, "READ_MULTI_FILTER", kIn, 8, &Ax88772::readMulticastFilter},
      {reg::kWriteMulticastFilter, "WRITE_MULTI_FILTER", kOut, 8, &Ax88772::writeMulticastFilter},
      {reg::kReadPhyAddress, "READ_PHY_ID", kIn, 2, &Ax88772::readPhyAddress},
      {reg::kReadMediumStatus, "READ_MEDIUM_STATUS", kIn, 2, &Ax88772::readMediumStatus},
      {reg::kWriteMediumMode, "WRITE_MEDIUM_MODE", kOut, 0, &Ax88772::writeMediumMode},
      {reg::kReadMonitorMode, "READ_MONITOR_MODE", kIn, 1, &Ax88772::readMonitorMode},
      {reg::kWriteMonitorMode, "WRITE_MONITOR_MODE", kOut, 0, &Ax88772::writeMonitorMode},
      {reg::kReadGpio, "READ_GPIOS", kIn, 1, &Ax88772::readGpio},
      {reg::kWriteGpio, "WRITE_GPIOS", kOut, 0, &Ax88772::writeGpio},
      {reg::kWriteSoftwareReset, "SW_RESET", kOut, 0, &Ax88772::writeSoftwareReset},
      {reg::kReadPhySelect, "SW_PHY_STATUS", kIn, 1, &Ax88772::readPhySelect},
      {reg::kWritePhySelect, "SW_PHY_SELECT", kOut, 0, &Ax88772::writePhySelect},
      {reg::kWriteRxQueueControl, "WRITE_RX_QUEUE_CTRL", kOut, 0, &Ax88772::writeRxQueueControl, true},
  };
  for (const VendorRequest& r : kTable)
    if (r.code == code) return &r;
  return nullptr;
}

const char* Ax88772::vendorRequestName(uint8_t code) {
  const VendorRequest* r = findVendorRequest(code);
  return r ? r->name : "vendor?";
}

ControlResult Ax88772::vendorRequest(const SetupPacket& s, const Bytes& outData, Nanos now) {
  if ((s.requestType & 0x1f) != 0)
    return stallCounted(stats_.ctrl_bad_argument, "vendor request to a recipient other than the device");
  for (uint8_t code : config_.stallRequests)
    if (code == s.request) return stallCounted(stats_.ctrl_injected_stalls, "fault injected by --stall-request");
  const VendorRequest* r = findVendorRequest(s.request);
  if (!r) return stallCounted(stats_.ctrl_unknown, "unknown vendor request");
  if (r->onlyAx88772B && config_.chipCode != reg::kChipCodeAx88772B)
    return stallCounted(stats_.ctrl_unknown, std::string(r->name) + " exists on the AX88772B only");
  if (!r->handler) return stallCounted(stats_.ctrl_unknown, std::string(r->name) + " is not modelled");
  if (r->in != s.deviceToHost())
    return stallCounted(stats_.ctrl_bad_direction,
                        std::string(r->name) + (r->in ? " is a read (IN)" : " is a write (OUT)"));
  if (s.length != r->length || (!r->in && outData.size() != s.length))
    return stallCounted(stats_.ctrl_bad_length, std::string(r->name) + " takes " + std::to_string(r->length) +
                                                    " bytes, got wLength " + std::to_string(s.length));
  return (this->*r->handler)(s, outData, now);
}

ControlResult Ax88772::setSoftwareMii(const SetupPacket&, const Bytes&, Nanos) {
  softwareMii_ = true;
  return ControlResult::ok();
}

ControlResult Ax88772::setHardwareMii(const SetupPacket&, const Bytes&, Nanos) {
  softwareMii_ = false;
  return ControlResult::ok();
}

// Bit 0: host (software) owns MII management; bits 6:4: chip code.
ControlResult Ax88772::readStationMgmtStatus(const SetupPacket&, const Bytes&, Nanos) {
  return ControlResult::ok(
      {uint8_t((config_.chipCode & 7) << 4 | (softwareMii_ ? reg::kStationMgmtHostEnable : 0))});
}

bool Ax88772::phyHeldInReset() const {
  return !(softwareReset_ & reg::kResetPhyRelease) || (softwareReset_ & reg::kResetPhyPowerDown);
}

bool Ax88772::linkUp(Nanos now) { return !phyHeldInReset() && phy_.link(now).up; }

ControlResult Ax88772::readMii(const SetupPacket& s, const Bytes&, Nanos now) {
  if (!softwareMii_)
    return stallCounted(stats_.mii_without_ownership, "MII read while hardware owns the MII (no SET_SW_MII)");
  if (s.value > 31 || s.index > 31)
    return stallCounted(stats_.ctrl_bad_argument, "PHY address and register are 5-bit fields");
  ++stats_.mii_reads;
  uint16_t value = 0xffff;  // an MDIO bus nobody drives reads all ones
  if (s.value != reg::kEmbeddedPhyAddress) {
    ++stats_.mii_no_phy;
  } else if (phyHeldInReset()) {
    ++stats_.mii_phy_in_reset;
  } else {
    value = phy_.read(uint8_t(s.index), now);
  }
  Bytes out;
  appendLe16(out, value);
  return ControlResult::ok(out);
}

ControlResult Ax88772::writeMii(const SetupPacket& s, const Bytes& d, Nanos now) {
  if (!softwareMii_)
    return stallCounted(stats_.mii_without_ownership, "MII write while hardware owns the MII (no SET_SW_MII)");
  if (s.value > 31 || s.index > 31)
    return stallCounted(stats_.ctrl_bad_argument, "PHY address and register are 5-bit fields");
  ++stats_.mii_writes;
  if (s.value != reg::kEmbeddedPhyAddress) {
    ++stats_.mii_no_phy;
  } else if (phyHeldInReset()) {
    ++stats_.mii_phy_in_reset;
  } else {
    phy_.write(uint8_t(s.index), loadLe16(d.data()), now);
  }
  return ControlResult::ok();
}

ControlResult Ax88772::readEeprom(const SetupPacket& s, const Bytes&, Nanos) {
  if (s.value >= reg::kEepromWords)
    return stallCounted(stats_.ctrl_bad_argument, "EEPROM word offset beyond the 256-word EEPROM");
  ++stats_.eeprom_reads;
  Bytes out;
  appendLe16(out, eeprom_[s.value]);
  return ControlResult::ok(out);
}

// wValue: word offset, wIndex: the word. Without write enable the EEPROM
// ignores the write, as a 93C66 does.
ControlResult Ax88772::writeEeprom(const SetupPacket& s, const Bytes&, Nanos) {
  if (s.value >= reg::kEepromWords)
    return stallCounted(stats_.ctrl_bad_argument, "EEPROM word offset beyond the 256-word EEPROM");
  if (!eepromWriteEnabled_) {
    ++stats_.eeprom_write_rejected;
    return ControlResult::ok();
  }
  eeprom_[s.value] = s.index;
  return ControlResult::ok();
}

ControlResult Ax88772::eepromWriteEnable(const SetupPacket&, const Bytes&, Nanos) {
  eepromWriteEnabled_ = true;
  return ControlResult::ok();
}

ControlResult Ax88772::eepromWriteDisable(const SetupPacket&, const Bytes&, Nanos) {
  eepromWriteEnabled_ = false;
  return ControlResult::ok();
}

ControlResult Ax88772::readRxControl(const SetupPacket&, const Bytes&, Nanos) {
  Bytes out;
  appendLe16(out, rxControl_);
  return ControlResult::ok(out);
}

ControlResult Ax88772::writeRxControl(const SetupPacket& s, const Bytes&, Nanos) {
  rxControl_ = s.value;
  if (!(rxControl_ & reg::kRxStart)) rxQueue_.clear();  // stopping the receiver flushes its buffer
  return ControlResult::ok();
}

ControlResult Ax88772::readIpg(const SetupPacket&, const Bytes&, Nanos) {
  return ControlResult::ok(Bytes(ipg_.begin(), ipg_.end()));
}

// wValue: IPG0 | IPG1 << 8, wIndex: IPG2.
ControlResult Ax88772::writeIpg(const SetupPacket& s, const Bytes&, Nanos) {
  if (s.index > 0xff) return stallCounted(stats_.ctrl_bad_argument, "IPG2 is one byte");
  ipg_ = {uint8_t(s.value), uint8_t(s.value >> 8), uint8_t(s.index)};
  return ControlResult::ok();
}

ControlResult Ax88772::readNodeId(const SetupPacket&, const Bytes&, Nanos) {
  return ControlResult::ok(Bytes(nodeId_.begin(), nodeId_.end()));
}

ControlResult Ax88772::writeNodeId(const SetupPacket&, const Bytes& d, Nanos) {
  std::copy(d.begin(), d.end(), nodeId_.begin());
  return ControlResult::ok();
}

ControlResult Ax88772::readMulticastFilter(const SetupPacket&, const Bytes&, Nanos) {
  return ControlResult::ok(Bytes(multicastFilter_.begin(), multicastFilter_.end()));
}

ControlResult Ax88772::writeMulticastFilter(const SetupPacket&, const Bytes& d, Nanos) {
  std::copy(d.begin(), d.end(), multicastFilter_.begin());
  return ControlResult::ok();
}

ControlResult Ax88772::readPhyAddress(const SetupPacket&, const Bytes&, Nanos) {
  return ControlResult::ok({reg::kNoSecondaryPhy, reg::kEmbeddedPhyAddress});
}

ControlResult Ax88772::readMediumStatus(const SetupPacket&, const Bytes&, Nanos) {
  Bytes out;
  appendLe16(out, mediumMode_);
  return ControlResult::ok(out);
}

ControlResult Ax88772::writeMediumMode(const SetupPacket& s, const Bytes&, Nanos) {
  mediumMode_ = s.value;
  return ControlResult::ok();
}

ControlResult Ax88772::readMonitorMode(const SetupPacket&, const Bytes&, Nanos) {
  return ControlResult::ok({monitorMode_});
}

ControlResult Ax88772::writeMonitorMode(const SetupPacket& s, const Bytes&, Nanos) {
  if (s.value > 0xff) return stallCounted(stats_.ctrl_bad_argument, "monitor mode is one byte");
  monitorMode_ = uint8_t(s.value);
  return ControlResult::ok();
}

ControlResult Ax88772::readGpio(const SetupPacket&, const Bytes&, Nanos) { return ControlResult::ok({gpio_}); }

ControlResult Ax88772::writeGpio(const SetupPacket& s, const Bytes&, Nanos) {
  if (s.value > 0xff) return stallCounted(stats_.ctrl_bad_argument, "GPIO register is one byte");
  gpio_ = uint8_t(s.value & ~reg::kGpioReloadEeprom);  // RSE is a strobe, reads as 0
  if (s.value & reg::kGpioReloadEeprom) reloadFromEeprom();
  return ControlResult::ok();
}

ControlResult Ax88772::writeSoftwareReset(const SetupPacket& s, const Bytes&, Nanos now) {
  if (s.value > 0xff) return stallCounted(stats_.ctrl_bad_argument, "software reset register is one byte");
  ++stats_.sw_resets;
  const bool wasHeld = phyHeldInReset();
  softwareReset_ = uint8_t(s.value);
  if (s.value & reg::kResetClearBulkOut) tx_.clearError();
  if (s.value & reg::kResetClearBulkIn) rxQueue_.clear();
  if (wasHeld != phyHeldInReset()) phy_.hardReset(now);  // the PHY restarts from its defaults
  return ControlResult::ok();
}

ControlResult Ax88772::readPhySelect(const SetupPacket&, const Bytes&, Nanos) {
  return ControlResult::ok({phySelect_});
}

ControlResult Ax88772::writePhySelect(const SetupPacket& s, const Bytes&, Nanos) {
  if (s.value > 0xff) return stallCounted(stats_.ctrl_bad_argument, "PHY select is one byte");
  phySelect_ = uint8_t(s.value);
  return ControlResult::ok();
}

// wValue and wIndex hold the queue's timer and size limits; recorded only:
// the model completes bulk IN transfers as soon as frames are queued.
ControlResult Ax88772::writeRxQueueControl(const SetupPacket& s, const Bytes&, Nanos) {
  rxQueueControl_ = {s.value, s.index};
  return ControlResult::ok();
}

}  // namespace ax88772

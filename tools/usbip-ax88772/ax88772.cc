#include "ax88772.h"

#include <cstdio>

namespace ax88772 {
namespace {

constexpr uint8_t kTypeMask = 0x60, kTypeStandard = 0x00, kTypeVendor = 0x40;
constexpr uint8_t kRecipientMask = 0x1f, kRecipientDevice = 0, kRecipientInterface = 1,
                  kRecipientEndpoint = 2;
constexpr uint8_t kGetStatus = 0, kClearFeature = 1, kSetFeature = 3, kSetAddress = 5,
                  kGetDescriptor = 6, kGetConfiguration = 8, kSetConfiguration = 9,
                  kGetInterface = 10, kSetInterface = 11;
constexpr uint16_t kFeatureEndpointHalt = 0, kFeatureRemoteWakeup = 1;
constexpr size_t kMinEthernetFrame = 60;  // without FCS

const char* standardRequestName(uint8_t request);

}  // namespace

// The Ethernet CRC-32 over the destination address, as for the FCS; its top
// six bits index the 64-bit multicast filter.
unsigned ax88772MulticastHashBit(const uint8_t* mac) {
  uint32_t crc = 0xffffffff;
  for (int i = 0; i < 6; ++i) {
    uint8_t octet = mac[i];
    for (int bit = 0; bit < 8; ++bit, octet >>= 1) {
      const bool feedback = (crc >> 31) ^ (octet & 1);
      crc <<= 1;
      if (feedback) crc ^= 0x04c11db7;
    }
  }
  return crc >> 26;
}

namespace {

const char* standardRequestName(uint8_t request) {
  switch (request) {
    case kGetStatus: return "GET_STATUS";
    case kClearFeature: return "CLEAR_FEATURE";
    case kSetFeature: return "SET_FEATURE";
    case kSetAddress: return "SET_ADDRESS";
    case kGetDescriptor: return "GET_DESCRIPTOR";
    case kGetConfiguration: return "GET_CONFIGURATION";
    case kSetConfiguration: return "SET_CONFIGURATION";
    case kGetInterface: return "GET_INTERFACE";
    case kSetInterface: return "SET_INTERFACE";
    default: return "standard?";
  }
}

}  // namespace

Ax88772::Ax88772(const Ax88772Config& config, WireSink wire, ControlLogSink log, Nanos powerOn)
    : config_(config),
      wire_(std::move(wire)),
      log_(std::move(log)),
      phy_(config.phyId, config.autonegDuration),
      tx_([this](const uint8_t* frame, size_t len) { sendToWire(frame, len); }) {
  for (size_t i = 0; i < 3; ++i)
    eeprom_[reg::kEepromNodeIdWord + i] = uint16_t(config.mac[2 * i] | config.mac[2 * i + 1] << 8);
  reloadFromEeprom();
  phy_.hardReset(powerOn);
}

void Ax88772::reloadFromEeprom() {
  for (size_t i = 0; i < 3; ++i) {
    const uint16_t word = eeprom_[reg::kEepromNodeIdWord + i];
    nodeId_[2 * i] = uint8_t(word);
    nodeId_[2 * i + 1] = uint8_t(word >> 8);
  }
}

usbip::ExportedDevice Ax88772::exportedDevice() const {
  usbip::ExportedDevice d;
  d.path = "/sys/devices/usbip-ax88772/1-1";
  d.busId = "1-1";
  d.busNum = 1;
  d.devNum = 2;
  d.speed = usbip::kSpeedHigh;
  d.idVendor = config_.identity.idVendor;
  d.idProduct = config_.identity.idProduct;
  d.bcdDevice = config_.identity.bcdDevice;
  d.deviceClass = 0xff;
  d.deviceSubClass = 0xff;
  d.deviceProtocol = 0;
  d.configurationValue = configuration_;
  d.numConfigurations = 1;
  d.numInterfaces = 1;
  return d;
}

EndpointKind Ax88772::endpoint(uint32_t ep, bool in) const {
  if (ep == 0) return EndpointKind::Control;
  if (configuration_ != kConfigurationValue) return EndpointKind::None;
  if (in && ep == kEpInterruptIn) return EndpointKind::Interrupt;
  if (in && ep == kEpBulkIn) return EndpointKind::Bulk;
  if (!in && ep == kEpBulkOut) return EndpointKind::Bulk;
  return EndpointKind::None;
}

bool Ax88772::halted(uint32_t ep, bool in) const { return ep < 16 && (in ? haltedIn_ : haltedOut_)[ep]; }

ControlResult Ax88772::stallCounted(uint64_t& counter, std::string reason) {
  ++counter;
  return ControlResult::stall(std::move(reason));
}

ControlResult Ax88772::control(const SetupPacket& s, const Bytes& outData, Nanos now) {
  ++stats_.ctrl_requests;
  ControlLogEntry entry;
  entry.sequence = ++controlSequence_;
  entry.time = now;
  entry.setup = s;
  entry.outData = outData;
  const uint8_t type = s.requestType & kTypeMask;
  if (type == kTypeStandard) {
    entry.name = standardRequestName(s.request);
    entry.result = standardRequest(s, now);
  } else if (type == kTypeVendor) {
    entry.name = vendorRequestName(s.request);
    entry.result = vendorRequest(s, outData, now);
  } else {
    entry.name = "class?";
    entry.result = stallCounted(stats_.ctrl_unknown, "class requests are not implemented");
  }
  if (entry.result.stalled) ++stats_.ctrl_stalls;
  if (!entry.result.stalled && entry.result.data.size() > s.length) entry.result.data.resize(s.length);
  if (log_) log_(entry);
  return entry.result;
}

ControlResult Ax88772::standardRequest(const SetupPacket& s, Nanos) {
  const uint8_t recipient = s.requestType & kRecipientMask;
  const bool in = s.deviceToHost();
  auto endpointArgument = [&](uint32_t* ep, bool* epIn) {
    *ep = s.index & 0x0f;
    *epIn = s.index & 0x80;
    return *ep == 0 || endpoint(*ep, *epIn) != EndpointKind::None;
  };
  switch (s.request) {
    case kGetDescriptor:
      if (!in || recipient != kRecipientDevice) break;
      return getDescriptor(s);
    case kSetAddress:
      if (in || recipient != kRecipientDevice || s.value > 127) break;
      return ControlResult::ok();
    case kGetConfiguration:
      if (!in || s.length != 1) break;
      return ControlResult::ok({configuration_});
    case kSetConfiguration:
      if (in || (s.value != 0 && s.value != kConfigurationValue))
        return stallCounted(stats_.ctrl_bad_argument, "no configuration " + std::to_string(s.value));
      configuration_ = uint8_t(s.value);
      haltedIn_.fill(false);
      haltedOut_.fill(false);
      return ControlResult::ok();
    case kGetInterface:
      if (!in || recipient != kRecipientInterface || s.index != 0 || configuration_ == 0) break;
      return ControlResult::ok({0});
    case kSetInterface:
      if (in || recipient != kRecipientInterface || s.index != 0 || s.value != 0 || configuration_ == 0)
        return stallCounted(stats_.ctrl_bad_argument, "interface 0 has only alternate setting 0");
      haltedIn_.fill(false);
      haltedOut_.fill(false);
      return ControlResult::ok();
    case kGetStatus: {
      if (!in || s.length != 2) break;
      if (recipient == kRecipientDevice) return ControlResult::ok({0, 0});  // bus powered
      if (recipient == kRecipientInterface && s.index == 0) return ControlResult::ok({0, 0});
      uint32_t ep;
      bool epIn;
      if (recipient == kRecipientEndpoint && endpointArgument(&ep, &epIn))
        return ControlResult::ok({uint8_t(halted(ep, epIn)), 0});
      break;
    }
    case kClearFeature:
    case kSetFeature: {
      const bool set = s.request == kSetFeature;
      if (in) break;
      if (recipient == kRecipientDevice && s.value == kFeatureRemoteWakeup) return ControlResult::ok();
      uint32_t ep;
      bool epIn;
      if (recipient == kRecipientEndpoint && s.value == kFeatureEndpointHalt && endpointArgument(&ep, &epIn)) {
        if (ep != 0) (epIn ? haltedIn_ : haltedOut_)[ep] = set;
        return ControlResult::ok();
      }
      break;
    }
    default:
      return stallCounted(stats_.ctrl_unknown, "unknown standard request");
  }
  return stallCounted(stats_.ctrl_bad_argument, "standard request with invalid recipient, direction or argument");
}

ControlResult Ax88772::getDescriptor(const SetupPacket& s) {
  const uint8_t type = uint8_t(s.value >> 8);
  const uint8_t index = uint8_t(s.value);
  switch (type) {
    case kDescDevice: return ControlResult::ok(deviceDescriptor(config_.identity));
    case kDescConfiguration:
      if (index != 0) break;
      return ControlResult::ok(configurationDescriptor(false));
    case kDescOtherSpeedConfiguration:
      if (index != 0) break;
      return ControlResult::ok(configurationDescriptor(true));
    case kDescDeviceQualifier: return ControlResult::ok(deviceQualifierDescriptor());
    case kDescString:
      if (auto d = stringDescriptor(config_.identity, index, s.index)) return ControlResult::ok(*d);
      break;
    default: break;
  }
  return stallCounted(stats_.ctrl_bad_argument, "no such descriptor");
}

bool Ax88772::dataOut(uint32_t ep, const uint8_t* data, size_t len, Nanos now) {
  if (ep != kEpBulkOut) return false;
  ++stats_.tx_transfers;
  txTime_ = now;
  const TxParser::Counters before = tx_.counters();
  tx_.transfer(data, len);
  const TxParser::Counters& after = tx_.counters();
  stats_.tx_pad_headers += after.padHeaders - before.padHeaders;
  stats_.tx_framing_errors += after.framingErrors - before.framingErrors;
  stats_.tx_dropped_framing += after.bytesDiscarded - before.bytesDiscarded;
  if (after.framingErrors != before.framingErrors)
    fprintf(stderr, "usbip-ax88772: bulk OUT framing error: %s\n", tx_.lastError().c_str());
  return true;
}

void Ax88772::sendToWire(const uint8_t* frame, size_t len) {
  if (!linkUp(txTime_)) {
    ++stats_.tx_dropped_no_link;
    return;
  }
  ++stats_.tx_frames;
  stats_.tx_bytes += len;
  if (len >= kMinEthernetFrame) {
    wire_(frame, len);
    return;
  }
  uint8_t padded[kMinEthernetFrame] = {};  // the MAC pads runts on the wire
  std::copy(frame, frame + len, padded);
  wire_(padded, kMinEthernetFrame);
}

size_t Ax88772::maxBurst() const { return size_t(2048) << ((rxControl_ & reg::kRxMaxBurstMask) >> 8); }

std::optional<Bytes> Ax88772::dataIn(uint32_t ep, size_t maxLength, Nanos now) {
  if (ep == kEpInterruptIn) {
    const bool link = linkUp(now);
    const bool due = !lastInterruptReport_ || now - *lastInterruptReport_ >= kInterruptPeriod;
    if (link == lastReportedLink_ && !due) return std::nullopt;
    lastInterruptReport_ = now;
    lastReportedLink_ = link;
    ++stats_.intr_reports;
    Bytes report = interruptReport(link);
    if (report.size() > maxLength) report.resize(maxLength);
    return report;
  }
  if (ep != kEpBulkIn || rxQueue_.empty()) return std::nullopt;
  Bytes out;
  const size_t frames = packRxTransfer(rxQueue_, std::min(maxLength, maxBurst()), out);
  if (frames == 0) {
    // A frame larger than the host's buffer can never be delivered.
    rxQueue_.pop_front();
    ++stats_.rx_dropped_overflow;
    return std::nullopt;
  }
  ++stats_.rx_transfers;
  stats_.rx_frames += frames;
  stats_.rx_bytes += out.size();
  return out;
}

Bytes Ax88772::interruptReport(bool link) const {
  // Byte 0 is the report's signature, byte 2 bit 0 the primary PHY's link.
  return Bytes{0xa1, 0x00, uint8_t(link ? 0x01 : 0x00), 0, 0, 0, 0, 0};
}

std::optional<Nanos> Ax88772::nextDeadline(Nanos now) {
  phy_.link(now);  // completes a negotiation that is due
  std::optional<Nanos> next = phy_.nextEvent();
  if (lastInterruptReport_ && *lastInterruptReport_ + kInterruptPeriod > now) {
    const Nanos report = *lastInterruptReport_ + kInterruptPeriod;
    if (!next || report < *next) next = report;
  }
  return next;
}

bool Ax88772::addressFilterAccepts(const uint8_t* frame) const {
  if (rxControl_ & reg::kRxPromiscuous) return true;
  static const uint8_t kBroadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  if (std::equal(frame, frame + 6, kBroadcast)) return rxControl_ & reg::kRxBroadcast;
  if (frame[0] & 1) {
    if (rxControl_ & reg::kRxAllMulticast) return true;
    if (!(rxControl_ & reg::kRxMulticast)) return false;
    const unsigned bit = ax88772MulticastHashBit(frame);
    return multicastFilter_[bit >> 3] & (1u << (bit & 7));
  }
  return std::equal(frame, frame + 6, nodeId_.begin());
}

bool Ax88772::receiveFromWire(const uint8_t* frame, size_t len, Nanos now) {
  ++stats_.rx_wire_frames;
  if (len < 14 || len > kMaxFrameLength) {
    ++stats_.rx_filtered;
    return false;
  }
  if (!linkUp(now)) {
    ++stats_.rx_dropped_no_link;
    return false;
  }
  if (!(rxControl_ & reg::kRxStart) || !(mediumMode_ & reg::kMediumReceiveEnable)) {
    ++stats_.rx_dropped_stopped;
    return false;
  }
  if (!addressFilterAccepts(frame)) {
    ++stats_.rx_filtered;
    return false;
  }
  if (rxQueueFull()) {
    ++stats_.rx_dropped_overflow;
    return false;
  }
  Bytes copy(frame, frame + len);
  if (copy.size() < kMinEthernetFrame) copy.resize(kMinEthernetFrame, 0);
  rxQueue_.push_back(std::move(copy));
  return true;
}

std::string Ax88772::describeState(Nanos now) {
  LinkMode link = phy_.link(now);
  if (phyHeldInReset()) link = LinkMode{};
  char buf[512];
  snprintf(buf, sizeof buf,
           "state_configuration %u\nstate_link %d\nstate_speed %d\nstate_full_duplex %d\n"
           "state_rx_control 0x%04x\nstate_medium_mode 0x%04x\nstate_node_id %02x:%02x:%02x:%02x:%02x:%02x\n"
           "state_software_mii %d\nstate_software_reset 0x%02x\nstate_phy_select 0x%02x\n"
           "state_rx_queue %zu\nstate_tx_framing_error %d\n",
           configuration_, link.up, link.up ? (link.speed100 ? 100 : 10) : 0, link.fullDuplex, rxControl_,
           mediumMode_, nodeId_[0], nodeId_[1], nodeId_[2], nodeId_[3], nodeId_[4], nodeId_[5], softwareMii_,
           softwareReset_, phySelect_, rxQueue_.size(), tx_.inError());
  return buf;
}

}  // namespace ax88772

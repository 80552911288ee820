#include "descriptors.h"

namespace ax88772 {
namespace {

constexpr uint16_t kUsb20 = 0x0200;
constexpr uint8_t kClassVendor = 0xff;
constexpr uint8_t kMaxPacket0 = 64;
constexpr uint16_t kLangEnglishUs = 0x0409;

enum StringIndex : uint8_t { kStrManufacturer = 1, kStrProduct = 2, kStrSerial = 3 };

struct EndpointFields {
  uint8_t address;
  uint8_t attributes;  // 2 bulk, 3 interrupt
  uint16_t maxPacket;
  uint8_t interval;
};

void appendEndpoint(Bytes& out, const EndpointFields& ep) {
  out.push_back(7);
  out.push_back(kDescEndpoint);
  out.push_back(ep.address);
  out.push_back(ep.attributes);
  appendLe16(out, ep.maxPacket);
  out.push_back(ep.interval);
}

}  // namespace

Bytes deviceDescriptor(const DeviceIdentity& id) {
  Bytes d{18, kDescDevice};
  appendLe16(d, kUsb20);
  d.push_back(kClassVendor);  // bDeviceClass
  d.push_back(kClassVendor);  // bDeviceSubClass
  d.push_back(0);             // bDeviceProtocol
  d.push_back(kMaxPacket0);
  appendLe16(d, id.idVendor);
  appendLe16(d, id.idProduct);
  appendLe16(d, id.bcdDevice);
  d.push_back(kStrManufacturer);
  d.push_back(kStrProduct);
  d.push_back(kStrSerial);
  d.push_back(1);  // bNumConfigurations
  return d;
}

Bytes deviceQualifierDescriptor() {
  Bytes d{10, kDescDeviceQualifier};
  appendLe16(d, kUsb20);
  d.push_back(kClassVendor);
  d.push_back(kClassVendor);
  d.push_back(0);
  d.push_back(kMaxPacket0);
  d.push_back(1);  // other-speed configurations
  d.push_back(0);  // reserved
  return d;
}

Bytes configurationDescriptor(bool otherSpeed) {
  const uint16_t bulkMax = otherSpeed ? kFullSpeedBulkMaxPacket : kHighSpeedBulkMaxPacket;
  // Full speed counts bInterval in 1 ms frames; 128 ms either way.
  const uint8_t intrInterval = otherSpeed ? 128 : kInterruptIntervalHs;
  Bytes d{9, otherSpeed ? kDescOtherSpeedConfiguration : kDescConfiguration};
  appendLe16(d, 0);  // wTotalLength, patched below
  d.push_back(1);    // bNumInterfaces
  d.push_back(kConfigurationValue);
  d.push_back(0);     // iConfiguration
  d.push_back(0xa0);  // bus powered, remote wakeup
  d.push_back(125);   // 250 mA

  const uint8_t interface[] = {9, kDescInterface, 0, 0, 3, kClassVendor, kClassVendor, 0, 0};
  d.insert(d.end(), std::begin(interface), std::end(interface));
  appendEndpoint(d, {0x80 | kEpInterruptIn, 3, kInterruptMaxPacket, intrInterval});
  appendEndpoint(d, {0x80 | kEpBulkIn, 2, bulkMax, 0});
  appendEndpoint(d, {kEpBulkOut, 2, bulkMax, 0});
  d[2] = uint8_t(d.size());
  d[3] = uint8_t(d.size() >> 8);
  return d;
}

std::optional<Bytes> stringDescriptor(const DeviceIdentity& id, uint8_t index, uint16_t langId) {
  if (index == 0) {
    Bytes d{4, kDescString};
    appendLe16(d, kLangEnglishUs);
    return d;
  }
  if (langId != kLangEnglishUs) return std::nullopt;
  const std::string* text = nullptr;
  switch (index) {
    case kStrManufacturer: text = &id.manufacturer; break;
    case kStrProduct: text = &id.product; break;
    case kStrSerial: text = &id.serial; break;
    default: return std::nullopt;
  }
  Bytes d{uint8_t(2 + 2 * text->size()), kDescString};
  for (char c : *text) appendLe16(d, uint8_t(c));  // ASCII as UTF-16LE
  return d;
}

}  // namespace ax88772

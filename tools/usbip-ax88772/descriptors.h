// USB descriptors of the AX88772 (USB 2.0 high speed, vendor-specific class):
// one configuration, one interface, three endpoints - interrupt IN 1 (link
// status), bulk IN 2 (received frames), bulk OUT 3 (frames to send).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "byte_order.h"

namespace ax88772 {

constexpr uint8_t kDescDevice = 1;
constexpr uint8_t kDescConfiguration = 2;
constexpr uint8_t kDescString = 3;
constexpr uint8_t kDescInterface = 4;
constexpr uint8_t kDescEndpoint = 5;
constexpr uint8_t kDescDeviceQualifier = 6;
constexpr uint8_t kDescOtherSpeedConfiguration = 7;

constexpr uint8_t kEpInterruptIn = 1;
constexpr uint8_t kEpBulkIn = 2;
constexpr uint8_t kEpBulkOut = 3;
constexpr uint8_t kConfigurationValue = 1;
constexpr uint16_t kHighSpeedBulkMaxPacket = 512;
constexpr uint16_t kFullSpeedBulkMaxPacket = 64;
constexpr uint8_t kInterruptMaxPacket = 8;
// High speed: 2^(11-1) microframes of 125 us = 128 ms between status reports.
constexpr uint8_t kInterruptIntervalHs = 11;

struct DeviceIdentity {
  uint16_t idVendor = 0x0b95;
  uint16_t idProduct = 0x7720;
  uint16_t bcdDevice = 0x0001;
  std::string manufacturer = "ASIX Elec. Corp.";
  std::string product = "AX88772";
  std::string serial = "000001";
};

Bytes deviceDescriptor(const DeviceIdentity& id);
Bytes deviceQualifierDescriptor();
// The full configuration (configuration + interface + endpoints) at high
// speed, or as the other-speed (full speed) configuration.
Bytes configurationDescriptor(bool otherSpeed);
// String descriptor `index` (0: language IDs); nullopt if there is none.
std::optional<Bytes> stringDescriptor(const DeviceIdentity& id, uint8_t index, uint16_t langId);

}  // namespace ax88772

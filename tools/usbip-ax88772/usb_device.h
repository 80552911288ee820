// What a USB/IP server needs from a device: control transfers, bulk/interrupt
// OUT data, and IN data that may not be ready yet (the device NAKs; the URB
// stays pending until the device has something).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "byte_order.h"
#include "clock.h"
#include "usbip_wire.h"

namespace ax88772 {

struct SetupPacket {
  uint8_t requestType = 0;
  uint8_t request = 0;
  uint16_t value = 0;
  uint16_t index = 0;
  uint16_t length = 0;

  static SetupPacket parse(const uint8_t* bytes8) {
    return {bytes8[0], bytes8[1], loadLe16(bytes8 + 2), loadLe16(bytes8 + 4), loadLe16(bytes8 + 6)};
  }
  bool deviceToHost() const { return requestType & 0x80; }
};

// The outcome of a control transfer: data for the IN stage, or a STALL
// (with the reason, for the log).
struct ControlResult {
  bool stalled = false;
  Bytes data;
  std::string stallReason;

  static ControlResult ok(Bytes data = {}) { return {false, std::move(data), {}}; }
  static ControlResult stall(std::string reason) { return {true, {}, std::move(reason)}; }
};

enum class EndpointKind { Control, Bulk, Interrupt, None };

class UsbDevice {
 public:
  virtual ~UsbDevice() = default;
  virtual usbip::ExportedDevice exportedDevice() const = 0;
  // The kind of endpoint `ep` in direction `in` (USB/IP's direction field).
  virtual EndpointKind endpoint(uint32_t ep, bool in) const = 0;
  // Whether the host halted the endpoint (SET_FEATURE ENDPOINT_HALT).
  virtual bool halted(uint32_t ep, bool in) const = 0;
  virtual ControlResult control(const SetupPacket& setup, const Bytes& outData, Nanos now) = 0;
  // Data the host sent on an OUT endpoint; false stalls the transfer.
  virtual bool dataOut(uint32_t ep, const uint8_t* data, size_t len, Nanos now) = 0;
  // Data for an IN transfer of up to maxLength bytes, or nullopt (NAK: keep
  // the transfer pending).
  virtual std::optional<Bytes> dataIn(uint32_t ep, size_t maxLength, Nanos now) = 0;
  // The next future instant at which dataIn() may produce something without
  // outside input (never in the past: what is due now is served when the
  // host next polls). Advances the device's timed state to `now`.
  virtual std::optional<Nanos> nextDeadline(Nanos now) = 0;
};

}  // namespace ax88772

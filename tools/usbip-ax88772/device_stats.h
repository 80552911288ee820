// Counters of everything the device model saw, and the control-request log
// entry. Tests read them from the stats file the program writes.
#pragma once

#include <cstdint>
#include <string>

#include "usb_device.h"

namespace ax88772 {

// name, meaning. Driver or protocol errors are the *_stall, *_unknown,
// *_bad_*, *_without_* and framing counters: a correct driver keeps them 0.
#define AX88772_COUNTERS(X)                                                         \
  X(ctrl_requests, "control transfers handled")                                     \
  X(ctrl_stalls, "control transfers answered with STALL")                           \
  X(ctrl_unknown, "requests the AX88772 does not implement (stalled)")              \
  X(ctrl_bad_length, "requests with a wLength the register does not have (stalled)") \
  X(ctrl_bad_direction, "requests with the wrong data direction (stalled)")         \
  X(ctrl_bad_argument, "requests with an out-of-range value or index (stalled)")    \
  X(ctrl_injected_stalls, "requests stalled by fault injection (--stall-request)")   \
  X(mii_reads, "PHY register reads")                                                \
  X(mii_writes, "PHY register writes")                                              \
  X(mii_without_ownership, "MII access without software MII mode (stalled)")        \
  X(mii_no_phy, "MII access to an address with no PHY (reads 0xffff)")              \
  X(mii_phy_in_reset, "MII access while the PHY is held in reset or powered down")  \
  X(eeprom_reads, "EEPROM word reads")                                              \
  X(eeprom_write_rejected, "EEPROM writes without write enable (ignored)")          \
  X(sw_resets, "software reset register writes")                                    \
  X(tx_transfers, "bulk OUT transfers")                                             \
  X(tx_frames, "frames sent to the wire")                                           \
  X(tx_bytes, "bytes of frames sent to the wire")                                   \
  X(tx_pad_headers, "zero-length padding headers skipped")                          \
  X(tx_framing_errors, "corrupt bulk OUT frame headers")                            \
  X(tx_dropped_no_link, "frames the host sent while the link was down")             \
  X(tx_dropped_framing, "bulk OUT bytes discarded after a framing error")           \
  X(tx_wire_busy, "frames the wire (TAP) could not take")                            \
  X(rx_wire_frames, "frames arriving from the wire")                                \
  X(rx_frames, "frames delivered to the host")                                      \
  X(rx_bytes, "bytes of frames delivered to the host")                              \
  X(rx_transfers, "bulk IN transfers completed")                                    \
  X(rx_filtered, "frames the address filter rejected")                              \
  X(rx_dropped_stopped, "frames dropped: receiver not started (SO/RE clear)")       \
  X(rx_dropped_no_link, "frames dropped: link down")                                \
  X(rx_dropped_overflow, "frames dropped: receive buffer full")                     \
  X(intr_reports, "interrupt endpoint status reports")                              \
  X(usbip_submits, "USB/IP CMD_SUBMIT received")                                    \
  X(usbip_unlinks, "USB/IP CMD_UNLINK received")                                    \
  X(usbip_unlinked_pending, "CMD_UNLINK that cancelled a pending transfer")         \
  X(usbip_bad_endpoint, "transfers to an endpoint the configuration lacks (stalled)")

struct DeviceStats {
#define AX88772_FIELD(name, doc) uint64_t name = 0;
  AX88772_COUNTERS(AX88772_FIELD)
#undef AX88772_FIELD

  // "name value" lines, one per counter.
  std::string format() const;
};

struct ControlLogEntry {
  uint64_t sequence = 0;
  Nanos time = 0;
  SetupPacket setup;
  const char* name = "";
  Bytes outData;
  ControlResult result;
};

// One line: sequence, request name and all setup fields, data both ways, and
// the outcome (ok, or STALL with its reason).
std::string formatControlLogEntry(const ControlLogEntry& e);

}  // namespace ax88772

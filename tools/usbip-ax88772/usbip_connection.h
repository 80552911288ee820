// The server side of one imported USB/IP device, without I/O: bytes from the
// client (vhci-hcd) go in, replies come out. CMD_SUBMIT of an IN transfer the
// device cannot answer yet stays pending until service() finds data for it or
// a CMD_UNLINK cancels it.
#pragma once

#include <deque>
#include <map>
#include <string>

#include "device_stats.h"
#include "usb_device.h"

namespace ax88772 {

class UsbipConnection {
 public:
  UsbipConnection(UsbDevice& device, DeviceStats& stats, uint32_t devId);

  // Consumes bytes from the client. False on a protocol violation, after
  // which the connection must be closed (error() says why).
  bool receive(const uint8_t* data, size_t len, Nanos now);
  // Completes pending IN transfers the device now has data for.
  void service(Nanos now);

  const uint8_t* output() const { return out_.data() + outPos_; }
  size_t outputSize() const { return out_.size() - outPos_; }
  void consumeOutput(size_t n);
  size_t pendingTransfers() const;
  const std::string& error() const { return error_; }

 private:
  struct Pending {
    uint32_t seqnum;
    size_t length;
  };

  bool handleSubmit(const usbip::CmdSubmit& cmd, const uint8_t* payload, size_t payloadLen, Nanos now);
  void handleUnlink(const usbip::CmdUnlink& cmd);
  void reply(uint32_t seqnum, int32_t status, const Bytes& inData, size_t outLength);
  bool fail(std::string message);

  UsbDevice& device_;
  DeviceStats& stats_;
  const uint32_t devId_;
  Bytes in_;
  size_t inPos_ = 0;
  Bytes out_;
  size_t outPos_ = 0;
  std::map<uint32_t, std::deque<Pending>> pendingIn_;  // by endpoint number
  std::string error_;
};

}  // namespace ax88772

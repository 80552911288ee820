// The program's boundary with the OS: the loopback TCP connection carrying
// USB/IP, the import handshake over it, the vhci-hcd attach, and the TAP
// device that is the Ethernet wire. Every function reports failure with a
// message naming the call and errno; none exits.
#pragma once

#include <string>

#include "clock.h"
#include "usb_device.h"

namespace ax88772 {

class MonotonicClock : public Clock {
 public:
  Nanos now() const override;
};

struct LoopbackPair {
  int server = -1;  // the device side, kept by this program
  int client = -1;  // the host side, handed to vhci-hcd
};

// A connected TCP pair on 127.0.0.1 (listen on an ephemeral port, connect,
// accept). Both ends have TCP_NODELAY.
bool connectLoopback(LoopbackPair* pair, std::string* error);

// OP_REQ_IMPORT from the client end, OP_REP_IMPORT from the server end, and
// the client's check that the reply describes `device`.
bool importHandshake(const LoopbackPair& pair, const usbip::ExportedDevice& device, std::string* error);

// Hands the client socket to vhci-hcd: writes "port sockfd devid speed" to
// /sys/devices/platform/vhci_hcd.0/attach. The kernel holds its own
// reference to the socket; the caller may close its descriptor afterwards.
bool vhciAttach(unsigned port, int sockfd, uint32_t devId, uint32_t speed, std::string* error);

// Opens TAP device `name` (no packet information header), non-blocking. With
// a namespace path (/proc/PID/ns/net) the device is created in that network
// namespace and the calling thread returns to its own afterwards.
int openTap(const std::string& name, const std::string& netnsPath, std::string* error);

bool setNonBlocking(int fd, std::string* error);
// Writes `text` to `path` atomically (temporary file and rename).
bool writeFileAtomically(const std::string& path, const std::string& text, std::string* error);

}  // namespace ax88772

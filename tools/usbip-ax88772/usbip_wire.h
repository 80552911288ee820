// USB/IP wire format (Documentation/usb/usbip_protocol.rst): the import
// handshake (OP_REQ_IMPORT / OP_REP_IMPORT) and the URB messages
// (CMD_SUBMIT, RET_SUBMIT, CMD_UNLINK, RET_UNLINK). All fields big-endian.
// Pure encode/decode: no I/O here.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "byte_order.h"

namespace ax88772::usbip {

constexpr uint16_t kProtocolVersion = 0x0111;
constexpr uint16_t kOpReqImport = 0x8003;
constexpr uint16_t kOpRepImport = 0x0003;
constexpr size_t kOpHeaderSize = 8;
constexpr size_t kBusIdSize = 32;
constexpr size_t kPathSize = 256;
constexpr size_t kImportRequestSize = kOpHeaderSize + kBusIdSize;
// usb_device block of OP_REP_IMPORT: path, busid, 3 x u32, 3 x u16, 6 x u8.
constexpr size_t kImportReplySize = kOpHeaderSize + kPathSize + kBusIdSize + 12 + 6 + 6;

constexpr uint32_t kCmdSubmit = 1;
constexpr uint32_t kCmdUnlink = 2;
constexpr uint32_t kRetSubmit = 3;
constexpr uint32_t kRetUnlink = 4;
constexpr size_t kHeaderSize = 48;  // 20-byte basic header + 28 bytes of command fields
constexpr size_t kIsoDescriptorSize = 16;

constexpr uint32_t kDirOut = 0;
constexpr uint32_t kDirIn = 1;

// Linux errno values carried in RET_SUBMIT/RET_UNLINK status fields.
constexpr int32_t kStatusStall = -32;       // -EPIPE
constexpr int32_t kStatusUnlinked = -104;   // -ECONNRESET

// USB speeds as numbered by the protocol (enum usb_device_speed).
constexpr uint32_t kSpeedHigh = 3;

// The exported device's description in OP_REP_IMPORT.
struct ExportedDevice {
  std::string path;
  std::string busId;
  uint32_t busNum = 0;
  uint32_t devNum = 0;
  uint32_t speed = 0;
  uint16_t idVendor = 0;
  uint16_t idProduct = 0;
  uint16_t bcdDevice = 0;
  uint8_t deviceClass = 0;
  uint8_t deviceSubClass = 0;
  uint8_t deviceProtocol = 0;
  uint8_t configurationValue = 0;
  uint8_t numConfigurations = 0;
  uint8_t numInterfaces = 0;

  // The devid the client names the device by: bus number and device number.
  uint32_t devId() const { return busNum << 16 | devNum; }
  bool operator==(const ExportedDevice& o) const;
};

Bytes encodeImportRequest(const std::string& busId);
// The requested bus id, or an error in *error.
std::optional<std::string> decodeImportRequest(const Bytes& msg, std::string* error);
// status != 0 sends the header only, as a refusal.
Bytes encodeImportReply(uint32_t status, const ExportedDevice& dev);
// The first kOpHeaderSize bytes give the status: a nonzero status is a refusal
// and the reply has no device block.
std::optional<uint32_t> decodeImportReplyStatus(const Bytes& header, std::string* error);
std::optional<ExportedDevice> decodeImportReply(const Bytes& msg, std::string* error);

struct CmdSubmit {
  uint32_t seqnum = 0;
  uint32_t devId = 0;
  uint32_t direction = 0;
  uint32_t ep = 0;
  uint32_t transferFlags = 0;
  int32_t transferBufferLength = 0;
  int32_t startFrame = 0;
  int32_t numberOfPackets = 0;
  int32_t interval = 0;
  std::array<uint8_t, 8> setup{};
};

struct CmdUnlink {
  uint32_t seqnum = 0;
  uint32_t devId = 0;
  uint32_t direction = 0;
  uint32_t ep = 0;
  uint32_t unlinkSeqnum = 0;
};

struct RetSubmit {
  uint32_t seqnum = 0;
  int32_t status = 0;
  int32_t actualLength = 0;
  int32_t startFrame = 0;
  int32_t numberOfPackets = 0;
  int32_t errorCount = 0;
};

struct RetUnlink {
  uint32_t seqnum = 0;
  int32_t status = 0;
};

// One decoded 48-byte command header: exactly one of submit/unlink is set.
struct Command {
  uint32_t code = 0;
  CmdSubmit submit;
  CmdUnlink unlink;
};

std::optional<Command> decodeCommand(const uint8_t* header48, std::string* error);
Bytes encodeCmdSubmit(const CmdSubmit& cmd);
Bytes encodeCmdUnlink(const CmdUnlink& cmd);
// Appends the header and, for IN transfers, the data.
void appendRetSubmit(Bytes& out, const RetSubmit& ret, const uint8_t* data, size_t len);
void appendRetUnlink(Bytes& out, const RetUnlink& ret);
std::optional<RetSubmit> decodeRetSubmit(const uint8_t* header48, std::string* error);
std::optional<RetUnlink> decodeRetUnlink(const uint8_t* header48, std::string* error);

}  // namespace ax88772::usbip

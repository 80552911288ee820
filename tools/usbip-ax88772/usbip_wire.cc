#include "usbip_wire.h"

#include <cstring>

namespace ax88772::usbip {
namespace {

void appendFixedString(Bytes& out, const std::string& s, size_t size) {
  size_t n = std::min(s.size(), size - 1);  // always NUL-terminated
  out.insert(out.end(), s.begin(), s.begin() + n);
  out.insert(out.end(), size - n, 0);
}

std::string loadFixedString(const uint8_t* p, size_t size) {
  return std::string(reinterpret_cast<const char*>(p), strnlen(reinterpret_cast<const char*>(p), size));
}

void appendOpHeader(Bytes& out, uint16_t code, uint32_t status) {
  appendBe16(out, kProtocolVersion);
  appendBe16(out, code);
  appendBe32(out, status);
}

bool checkOpHeader(const Bytes& msg, uint16_t code, size_t size, std::string* error) {
  if (msg.size() < size) {
    *error = "short message: " + std::to_string(msg.size()) + " bytes, need " + std::to_string(size);
    return false;
  }
  if (loadBe16(&msg[0]) != kProtocolVersion) {
    *error = "protocol version " + std::to_string(loadBe16(&msg[0])) + ", expected 0x0111";
    return false;
  }
  if (loadBe16(&msg[2]) != code) {
    *error = "operation code " + std::to_string(loadBe16(&msg[2])) + ", expected " + std::to_string(code);
    return false;
  }
  return true;
}

void appendBasic(Bytes& out, uint32_t code, uint32_t seqnum, uint32_t devId, uint32_t dir, uint32_t ep) {
  appendBe32(out, code);
  appendBe32(out, seqnum);
  appendBe32(out, devId);
  appendBe32(out, dir);
  appendBe32(out, ep);
}

int32_t s32(const uint8_t* p) { return int32_t(loadBe32(p)); }

}  // namespace

bool ExportedDevice::operator==(const ExportedDevice& o) const {
  return path == o.path && busId == o.busId && busNum == o.busNum && devNum == o.devNum &&
         speed == o.speed && idVendor == o.idVendor && idProduct == o.idProduct &&
         bcdDevice == o.bcdDevice && deviceClass == o.deviceClass &&
         deviceSubClass == o.deviceSubClass && deviceProtocol == o.deviceProtocol &&
         configurationValue == o.configurationValue && numConfigurations == o.numConfigurations &&
         numInterfaces == o.numInterfaces;
}

Bytes encodeImportRequest(const std::string& busId) {
  Bytes out;
  appendOpHeader(out, kOpReqImport, 0);
  appendFixedString(out, busId, kBusIdSize);
  return out;
}

std::optional<std::string> decodeImportRequest(const Bytes& msg, std::string* error) {
  if (!checkOpHeader(msg, kOpReqImport, kImportRequestSize, error)) return std::nullopt;
  return loadFixedString(&msg[kOpHeaderSize], kBusIdSize);
}

Bytes encodeImportReply(uint32_t status, const ExportedDevice& dev) {
  Bytes out;
  appendOpHeader(out, kOpRepImport, status);
  if (status != 0) return out;
  appendFixedString(out, dev.path, kPathSize);
  appendFixedString(out, dev.busId, kBusIdSize);
  appendBe32(out, dev.busNum);
  appendBe32(out, dev.devNum);
  appendBe32(out, dev.speed);
  appendBe16(out, dev.idVendor);
  appendBe16(out, dev.idProduct);
  appendBe16(out, dev.bcdDevice);
  for (uint8_t b : {dev.deviceClass, dev.deviceSubClass, dev.deviceProtocol,
                    dev.configurationValue, dev.numConfigurations, dev.numInterfaces})
    out.push_back(b);
  return out;
}

std::optional<uint32_t> decodeImportReplyStatus(const Bytes& header, std::string* error) {
  if (!checkOpHeader(header, kOpRepImport, kOpHeaderSize, error)) return std::nullopt;
  return loadBe32(&header[4]);
}

std::optional<ExportedDevice> decodeImportReply(const Bytes& msg, std::string* error) {
  auto status = decodeImportReplyStatus(msg, error);
  if (!status) return std::nullopt;
  if (*status != 0) {
    *error = "import refused with status " + std::to_string(*status);
    return std::nullopt;
  }
  if (!checkOpHeader(msg, kOpRepImport, kImportReplySize, error)) return std::nullopt;
  const uint8_t* p = &msg[kOpHeaderSize];
  ExportedDevice dev;
  dev.path = loadFixedString(p, kPathSize);
  p += kPathSize;
  dev.busId = loadFixedString(p, kBusIdSize);
  p += kBusIdSize;
  dev.busNum = loadBe32(p);
  dev.devNum = loadBe32(p + 4);
  dev.speed = loadBe32(p + 8);
  dev.idVendor = loadBe16(p + 12);
  dev.idProduct = loadBe16(p + 14);
  dev.bcdDevice = loadBe16(p + 16);
  dev.deviceClass = p[18];
  dev.deviceSubClass = p[19];
  dev.deviceProtocol = p[20];
  dev.configurationValue = p[21];
  dev.numConfigurations = p[22];
  dev.numInterfaces = p[23];
  return dev;
}

std::optional<Command> decodeCommand(const uint8_t* h, std::string* error) {
  Command cmd;
  cmd.code = loadBe32(h);
  if (cmd.code == kCmdSubmit) {
    CmdSubmit& s = cmd.submit;
    s.seqnum = loadBe32(h + 4);
    s.devId = loadBe32(h + 8);
    s.direction = loadBe32(h + 12);
    s.ep = loadBe32(h + 16);
    s.transferFlags = loadBe32(h + 20);
    s.transferBufferLength = s32(h + 24);
    s.startFrame = s32(h + 28);
    s.numberOfPackets = s32(h + 32);
    s.interval = s32(h + 36);
    std::memcpy(s.setup.data(), h + 40, 8);
    if (s.direction > kDirIn) {
      *error = "CMD_SUBMIT seqnum " + std::to_string(s.seqnum) + ": direction " +
               std::to_string(s.direction) + " is neither 0 (out) nor 1 (in)";
      return std::nullopt;
    }
    if (s.ep > 15) {
      *error = "CMD_SUBMIT seqnum " + std::to_string(s.seqnum) + ": endpoint " + std::to_string(s.ep);
      return std::nullopt;
    }
    if (s.transferBufferLength < 0) {
      *error = "CMD_SUBMIT seqnum " + std::to_string(s.seqnum) + ": negative transfer_buffer_length";
      return std::nullopt;
    }
    return cmd;
  }
  if (cmd.code == kCmdUnlink) {
    CmdUnlink& u = cmd.unlink;
    u.seqnum = loadBe32(h + 4);
    u.devId = loadBe32(h + 8);
    u.direction = loadBe32(h + 12);
    u.ep = loadBe32(h + 16);
    u.unlinkSeqnum = loadBe32(h + 20);
    return cmd;
  }
  *error = "unknown USB/IP command " + std::to_string(cmd.code);
  return std::nullopt;
}

Bytes encodeCmdSubmit(const CmdSubmit& c) {
  Bytes out;
  appendBasic(out, kCmdSubmit, c.seqnum, c.devId, c.direction, c.ep);
  appendBe32(out, c.transferFlags);
  appendBe32(out, uint32_t(c.transferBufferLength));
  appendBe32(out, uint32_t(c.startFrame));
  appendBe32(out, uint32_t(c.numberOfPackets));
  appendBe32(out, uint32_t(c.interval));
  out.insert(out.end(), c.setup.begin(), c.setup.end());
  return out;
}

Bytes encodeCmdUnlink(const CmdUnlink& c) {
  Bytes out;
  appendBasic(out, kCmdUnlink, c.seqnum, c.devId, c.direction, c.ep);
  appendBe32(out, c.unlinkSeqnum);
  out.resize(kHeaderSize, 0);
  return out;
}

// Replies carry devid, direction and ep as zero: the client matches them by
// seqnum alone.
void appendRetSubmit(Bytes& out, const RetSubmit& r, const uint8_t* data, size_t len) {
  appendBasic(out, kRetSubmit, r.seqnum, 0, 0, 0);
  appendBe32(out, uint32_t(r.status));
  appendBe32(out, uint32_t(r.actualLength));
  appendBe32(out, uint32_t(r.startFrame));
  appendBe32(out, uint32_t(r.numberOfPackets));
  appendBe32(out, uint32_t(r.errorCount));
  out.insert(out.end(), 8, 0);
  if (len) out.insert(out.end(), data, data + len);
}

void appendRetUnlink(Bytes& out, const RetUnlink& r) {
  appendBasic(out, kRetUnlink, r.seqnum, 0, 0, 0);
  appendBe32(out, uint32_t(r.status));
  out.insert(out.end(), 24, 0);
}

std::optional<RetSubmit> decodeRetSubmit(const uint8_t* h, std::string* error) {
  if (loadBe32(h) != kRetSubmit) {
    *error = "not a RET_SUBMIT: command " + std::to_string(loadBe32(h));
    return std::nullopt;
  }
  RetSubmit r;
  r.seqnum = loadBe32(h + 4);
  r.status = s32(h + 20);
  r.actualLength = s32(h + 24);
  r.startFrame = s32(h + 28);
  r.numberOfPackets = s32(h + 32);
  r.errorCount = s32(h + 36);
  return r;
}

std::optional<RetUnlink> decodeRetUnlink(const uint8_t* h, std::string* error) {
  if (loadBe32(h) != kRetUnlink) {
    *error = "not a RET_UNLINK: command " + std::to_string(loadBe32(h));
    return std::nullopt;
  }
  return RetUnlink{loadBe32(h + 4), s32(h + 20)};
}

}  // namespace ax88772::usbip

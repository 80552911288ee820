#include "usbip_connection.h"

namespace ax88772 {

using namespace usbip;

namespace {
constexpr int32_t kMaxIsoPackets = 1024;
}  // namespace

UsbipConnection::UsbipConnection(UsbDevice& device, DeviceStats& stats, uint32_t devId)
    : device_(device), stats_(stats), devId_(devId) {}

bool UsbipConnection::fail(std::string message) {
  error_ = std::move(message);
  return false;
}

bool UsbipConnection::receive(const uint8_t* data, size_t len, Nanos now) {
  if (!error_.empty()) return false;
  in_.insert(in_.end(), data, data + len);
  while (in_.size() - inPos_ >= kHeaderSize) {
    const uint8_t* header = in_.data() + inPos_;
    std::string err;
    auto cmd = decodeCommand(header, &err);
    if (!cmd) return fail(err);
    if (cmd->code == kCmdUnlink) {
      inPos_ += kHeaderSize;
      handleUnlink(cmd->unlink);
      continue;
    }
    const CmdSubmit& s = cmd->submit;
    if (s.numberOfPackets > kMaxIsoPackets)
      return fail("CMD_SUBMIT seqnum " + std::to_string(s.seqnum) + ": " + std::to_string(s.numberOfPackets) +
                  " isochronous packets");
    // An OUT transfer's data follows the header, then any isochronous
    // packet descriptors.
    size_t payload = s.direction == kDirOut ? size_t(s.transferBufferLength) : 0;
    if (s.numberOfPackets > 0) payload += size_t(s.numberOfPackets) * kIsoDescriptorSize;
    if (in_.size() - inPos_ < kHeaderSize + payload) break;
    const size_t dataLen = s.direction == kDirOut ? size_t(s.transferBufferLength) : 0;
    if (!handleSubmit(s, header + kHeaderSize, dataLen, now)) return false;
    inPos_ += kHeaderSize + payload;
  }
  if (inPos_ == in_.size()) {
    in_.clear();
    inPos_ = 0;
  } else if (inPos_ > 65536) {
    in_.erase(in_.begin(), in_.begin() + long(inPos_));
    inPos_ = 0;
  }
  service(now);
  return true;
}

void UsbipConnection::reply(uint32_t seqnum, int32_t status, const Bytes& inData, size_t outLength) {
  RetSubmit ret;
  ret.seqnum = seqnum;
  ret.status = status;
  ret.actualLength = int32_t(inData.empty() ? outLength : inData.size());
  appendRetSubmit(out_, ret, inData.data(), inData.size());
}

bool UsbipConnection::handleSubmit(const CmdSubmit& s, const uint8_t* payload, size_t payloadLen, Nanos now) {
  ++stats_.usbip_submits;
  if (s.devId != devId_)
    return fail("CMD_SUBMIT seqnum " + std::to_string(s.seqnum) + " for devid " + std::to_string(s.devId) +
                ", this device is " + std::to_string(devId_));
  const bool in = s.direction == kDirIn;
  const EndpointKind kind = device_.endpoint(s.ep, in);
  if (kind == EndpointKind::None || s.numberOfPackets > 0) {
    ++stats_.usbip_bad_endpoint;
    reply(s.seqnum, kStatusStall, {}, 0);
    return true;
  }
  if (kind == EndpointKind::Control) {
    const SetupPacket setup = SetupPacket::parse(s.setup.data());
    Bytes outData(payload, payload + payloadLen);
    ControlResult r = device_.control(setup, outData, now);
    if (r.stalled) {
      reply(s.seqnum, kStatusStall, {}, 0);
    } else {
      if (r.data.size() > size_t(s.transferBufferLength)) r.data.resize(size_t(s.transferBufferLength));
      reply(s.seqnum, 0, in ? r.data : Bytes{}, in ? 0 : outData.size());
    }
    return true;
  }
  if (device_.halted(s.ep, in)) {
    reply(s.seqnum, kStatusStall, {}, 0);
    return true;
  }
  if (in) {
    pendingIn_[s.ep].push_back({s.seqnum, size_t(s.transferBufferLength)});
    return true;
  }
  const bool accepted = device_.dataOut(s.ep, payload, payloadLen, now);
  reply(s.seqnum, accepted ? 0 : kStatusStall, {}, accepted ? payloadLen : 0);
  return true;
}

void UsbipConnection::handleUnlink(const CmdUnlink& u) {
  ++stats_.usbip_unlinks;
  int32_t status = 0;  // already completed: nothing to cancel
  for (auto& [ep, queue] : pendingIn_) {
    for (auto it = queue.begin(); it != queue.end(); ++it) {
      if (it->seqnum != u.unlinkSeqnum) continue;
      queue.erase(it);
      status = kStatusUnlinked;
      ++stats_.usbip_unlinked_pending;
      break;
    }
    if (status) break;
  }
  appendRetUnlink(out_, RetUnlink{u.seqnum, status});
}

void UsbipConnection::service(Nanos now) {
  for (auto& [ep, queue] : pendingIn_) {
    while (!queue.empty()) {
      if (device_.halted(ep, true)) {
        reply(queue.front().seqnum, kStatusStall, {}, 0);
        queue.pop_front();
        continue;
      }
      std::optional<Bytes> data = device_.dataIn(ep, queue.front().length, now);
      if (!data) break;
      RetSubmit ret;
      ret.seqnum = queue.front().seqnum;
      ret.actualLength = int32_t(data->size());
      appendRetSubmit(out_, ret, data->data(), data->size());
      queue.pop_front();
    }
  }
}

void UsbipConnection::consumeOutput(size_t n) {
  outPos_ += n;
  if (outPos_ == out_.size()) {
    out_.clear();
    outPos_ = 0;
  } else if (outPos_ > 65536) {
    out_.erase(out_.begin(), out_.begin() + long(outPos_));
    outPos_ = 0;
  }
}

size_t UsbipConnection::pendingTransfers() const {
  size_t n = 0;
  for (const auto& [ep, queue] : pendingIn_) n += queue.size();
  return n;
}

}  // namespace ax88772

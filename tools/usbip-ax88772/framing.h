// The AX88772's bulk framing. Every Ethernet frame on either bulk pipe is
// preceded by a 4-byte little-endian header: the 11-bit frame length in the
// low 16 bits and its one's complement in the high 16 bits. Frames are
// padded to an even length when another frame follows in the same transfer.
// A header of length 0 with complement 0xffff is padding the host appends so
// that a transfer is never a multiple of the endpoint's packet size; the
// device skips it.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>

#include "byte_order.h"

namespace ax88772 {

constexpr size_t kFrameHeaderSize = 4;
constexpr uint16_t kMaxFrameLength = 0x7ff;  // 11-bit length field

uint32_t frameHeader(uint16_t length);
// The length a header announces, or -1 when the complement does not match
// or bits above the 11-bit field are set.
int decodeFrameHeader(uint32_t header);

// Host-to-device (bulk OUT) parser. Transfers form one byte stream: a frame
// cut at the end of a transfer continues in the next. A corrupt header is a
// framing error: the device discards the rest of the stream until the host
// clears the error (software reset, RR bit).
class TxParser {
 public:
  using FrameSink = std::function<void(const uint8_t* frame, size_t len)>;

  struct Counters {
    uint64_t frames = 0;
    uint64_t padHeaders = 0;
    uint64_t framingErrors = 0;
    uint64_t bytesDiscarded = 0;
  };

  explicit TxParser(FrameSink sink) : sink_(std::move(sink)) {}
  void transfer(const uint8_t* data, size_t len);
  void clearError();
  bool inError() const { return error_; }
  const std::string& lastError() const { return lastError_; }
  const Counters& counters() const { return counters_; }

 private:
  FrameSink sink_;
  Bytes partial_;        // header and data of a frame cut by a transfer end
  size_t partialNeed_ = 0;  // total bytes of that frame incl. header
  bool error_ = false;
  std::string lastError_;
  Counters counters_;
};

// Device-to-host (bulk IN) packer: takes queued frames, in order, into one
// transfer of at most `maxLength` bytes. Frames are never split across
// transfers. Returns the number of frames taken.
size_t packRxTransfer(std::deque<Bytes>& queue, size_t maxLength, Bytes& out);

}  // namespace ax88772

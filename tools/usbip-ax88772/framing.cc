#include "framing.h"

#include <cstdio>

namespace ax88772 {

uint32_t frameHeader(uint16_t length) {
  return uint32_t(length) | uint32_t(uint16_t(~length)) << 16;
}

int decodeFrameHeader(uint32_t header) {
  const uint16_t length = uint16_t(header);
  const uint16_t complement = uint16_t(header >> 16);
  if (complement != uint16_t(~length) || length > kMaxFrameLength) return -1;
  return length;
}

void TxParser::clearError() {
  error_ = false;
  partial_.clear();
  partialNeed_ = 0;
}

void TxParser::transfer(const uint8_t* data, size_t len) {
  size_t pos = 0;
  if (error_) {
    counters_.bytesDiscarded += len;
    return;
  }
  if (partialNeed_) {
    const size_t take = std::min(len, partialNeed_ - partial_.size());
    partial_.insert(partial_.end(), data, data + take);
    pos = take;
    if (partial_.size() < partialNeed_) return;
    ++counters_.frames;
    sink_(partial_.data() + kFrameHeaderSize, partialNeed_ - kFrameHeaderSize);
    if (pos < len && (partialNeed_ & 1)) ++pos;  // even alignment before another frame
    partial_.clear();
    partialNeed_ = 0;
  }
  while (pos < len) {
    if (len - pos < kFrameHeaderSize) {
      // A header is never split by the host: four bytes or nothing.
      error_ = true;
      lastError_ = "truncated frame header (" + std::to_string(len - pos) + " bytes) at offset " +
                   std::to_string(pos);
      ++counters_.framingErrors;
      counters_.bytesDiscarded += len - pos;
      return;
    }
    const uint32_t header = loadLe32(data + pos);
    const int frameLength = decodeFrameHeader(header);
    if (frameLength < 0) {
      error_ = true;
      char buf[96];
      snprintf(buf, sizeof buf, "bad frame header 0x%08x at offset %zu", header, pos);
      lastError_ = buf;
      ++counters_.framingErrors;
      counters_.bytesDiscarded += len - pos;
      return;
    }
    if (frameLength == 0) {
      ++counters_.padHeaders;
      pos += kFrameHeaderSize;
      continue;
    }
    const size_t need = kFrameHeaderSize + size_t(frameLength);
    if (len - pos < need) {
      partial_.assign(data + pos, data + len);
      partialNeed_ = need;
      return;
    }
    ++counters_.frames;
    sink_(data + pos + kFrameHeaderSize, size_t(frameLength));
    pos += need;
    if (pos < len && (frameLength & 1)) ++pos;
  }
}

size_t packRxTransfer(std::deque<Bytes>& queue, size_t maxLength, Bytes& out) {
  size_t taken = 0;
  while (!queue.empty()) {
    const Bytes& frame = queue.front();
    const size_t start = out.size() + (out.size() & 1);
    if (start + kFrameHeaderSize + frame.size() > maxLength) break;
    out.resize(start, 0);
    appendLe32(out, frameHeader(uint16_t(frame.size())));
    out.insert(out.end(), frame.begin(), frame.end());
    queue.pop_front();
    ++taken;
  }
  return taken;
}

}  // namespace ax88772

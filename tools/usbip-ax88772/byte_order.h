// Big- and little-endian field access on byte buffers. USB/IP headers are
// big-endian (network order); USB descriptors and the AX88772's registers are
// little-endian.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ax88772 {

using Bytes = std::vector<uint8_t>;

inline uint16_t loadBe16(const uint8_t* p) { return uint16_t(p[0] << 8 | p[1]); }
inline uint32_t loadBe32(const uint8_t* p) {
  return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}
inline uint16_t loadLe16(const uint8_t* p) { return uint16_t(p[0] | p[1] << 8); }
inline uint32_t loadLe32(const uint8_t* p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

inline void appendBe16(Bytes& out, uint16_t v) {
  out.push_back(uint8_t(v >> 8));
  out.push_back(uint8_t(v));
}
inline void appendBe32(Bytes& out, uint32_t v) {
  appendBe16(out, uint16_t(v >> 16));
  appendBe16(out, uint16_t(v));
}
inline void appendLe16(Bytes& out, uint16_t v) {
  out.push_back(uint8_t(v));
  out.push_back(uint8_t(v >> 8));
}
inline void appendLe32(Bytes& out, uint32_t v) {
  appendLe16(out, uint16_t(v));
  appendLe16(out, uint16_t(v >> 16));
}

}  // namespace ax88772

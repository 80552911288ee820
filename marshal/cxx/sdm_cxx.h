// The user-side (C++) codec's common part: the per-type hooks the generated
// foo_sdm_cxx.c++ provides, bit-pattern helpers for floats, and the
// Envelope codec over capnp's MessageBuilder/MessageReader.
#pragma once

#include <capnp/any.h>
#include <capnp/message.h>

#include <cstdint>
#include <cstring>

#include "sdm.h"

namespace sdm {

struct CxxType {
  const sdm_type *base;
  void (*encodeBody)(sdm_ctx *ctx, const void *objs, uint32_t count,
                     capnp::AnyPointer::Builder body);
  void (*decodeBody)(sdm_ctx *ctx, capnp::AnyPointer::Reader body, void *objs,
                     uint32_t count);
};

// Floats travel in the C mirrors as bit patterns: kernel C has no FPU.
template <typename F, typename B>
F fromBits(B bits) {
  static_assert(sizeof(F) == sizeof(B), "float and bit pattern differ in size");
  F f;
  std::memcpy(&f, &bits, sizeof(f));
  return f;
}
inline uint32_t toBits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, sizeof(b));
  return b;
}
inline uint64_t toBits(double d) {
  uint64_t b;
  std::memcpy(&b, &d, sizeof(b));
  return b;
}

// Encodes and decodes graph.capnp's Envelope with the same object table,
// allocation order and tracker calls as the C codec (sdm_encode/sdm_decode).
class EnvelopeCodec {
 public:
  // `types`: nullptr-terminated table generated as <prefix>_cxx_types.
  explicit EnvelopeCodec(const CxxType *const *types) : types_(types) {}

  int encode(sdm_ctx *ctx, capnp::MessageBuilder &message, const sdm_root *roots,
             uint32_t nroots, const uint64_t *freed, uint32_t nfreed) const;
  int decode(sdm_ctx *ctx, capnp::MessageReader &message, sdm_root *roots,
             uint32_t maxRoots, uint32_t *nroots) const;

 private:
  const CxxType *find(const sdm_type *type) const;
  const CxxType *const *types_;
};

}  // namespace sdm

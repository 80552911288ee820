// Helpers shared by the marshal tests: contexts with owned memory, trackers
// backed by calloc/free, capnp messages as byte vectors, mirror comparison.
#pragma once

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "fixtures.h"
#include "mtest_sdm_cxx.h"

namespace mtest_support {

using Bytes = std::vector<uint8_t>;

struct Context {
  explicit Context(sdt_tracker *tracker = nullptr, uint32_t maxObjs = 256,
                   size_t arena = 1 << 16)
      : mem((sdm_ctx_mem_bytes(maxObjs, arena) + 7) / 8) {
    EXPECT_EQ(0, sdm_ctx_init(&ctx, mem.data(), mem.size() * 8, maxObjs, tracker, mt_types,
                              MT_NTYPES));
  }
  std::vector<uint64_t> mem;
  sdm_ctx ctx;
};

struct Tracker {
  explicit Tracker(uint32_t max = 256) : mem((sdt_mem_bytes(max) + 7) / 8) {
    sdt_ops ops = {[](void *, size_t n) { return calloc(1, n); },
                   [](void *, void *p) { free(p); }, nullptr, nullptr};
    EXPECT_EQ(0, sdt_init(&t, mem.data(), mem.size() * 8, max, &ops));
  }
  ~Tracker() { sdt_destroy(&t); }
  std::vector<uint64_t> mem;
  sdt_tracker t;
};

inline Bytes flatten(capnp::MessageBuilder &mb) {
  auto words = capnp::messageToFlatArray(mb);
  auto bytes = words.asBytes();
  return Bytes(bytes.begin(), bytes.end());
}

// Word-aligned copy of a message for capnp's readers.
struct Aligned {
  explicit Aligned(const Bytes &b) : words((b.size() + 7) / 8) {
    if (!b.empty()) memcpy(words.data(), b.data(), b.size());
  }
  kj::ArrayPtr<const capnp::word> ptr() const {
    return kj::arrayPtr(reinterpret_cast<const capnp::word *>(words.data()), words.size());
  }
  std::vector<uint64_t> words;
};

Bytes encodeC(const sdm_type *type, const void *obj);
Bytes encodeCxx(const mt_Everything &e, unsigned firstSegmentWords = 1 << 13);
void decodeC(const Bytes &b, Context &c, mt_Everything &out);
void decodeCxx(const Bytes &b, Context &c, mt_Everything &out);

void expectEqual(const mt_Everything &a, const mt_Everything &b);
std::string hexDump(const Bytes &b);
// Where two encodings first differ, for failure messages.
std::string firstDifference(const Bytes &a, const Bytes &b);

}  // namespace mtest_support

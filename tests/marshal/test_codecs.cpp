// Cross-codec tests of the generated C (kernel) and C++ (capnp) codecs:
// committed golden vectors, randomised objects both ways, multi-segment
// messages with far pointers from capnp read by the C runtime.
#include <cstdlib>
#include <deque>
#include <fstream>
#include <iterator>
#include <random>

#include "test_support.h"

using namespace mtest_support;

namespace {

Bytes readGolden(const std::string &name) {
  std::ifstream in(std::string(SDM_GOLDEN_DIR) + "/" + name, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

// With SDM_UPDATE_GOLDEN=1 the C codec's bytes become the new vector; the
// other assertions (C++ bytes, both decoders, capnp's CLI) still judge it.
void maybeUpdate(const std::string &name, const Bytes &b) {
  if (!getenv("SDM_UPDATE_GOLDEN")) return;
  std::ofstream out(std::string(SDM_GOLDEN_DIR) + "/" + name, std::ios::binary);
  out.write(reinterpret_cast<const char *>(b.data()), static_cast<std::streamsize>(b.size()));
}

TEST(Golden, EverythingCEncoderReproducesVector) {
  mt_Everything e;
  mt_fixture_everything(&e);
  Bytes c = encodeC(&mt_Everything_type, &e);
  maybeUpdate("everything.bin", c);
  Bytes golden = readGolden("everything.bin");
  ASSERT_FALSE(golden.empty()) << "golden vector missing";
  EXPECT_EQ(golden, c) << "C codec:\n" << hexDump(c) << "golden:\n" << hexDump(golden);
}

TEST(Golden, EverythingCxxEncoderReproducesVector) {
  mt_Everything e;
  mt_fixture_everything(&e);
  EXPECT_EQ(readGolden("everything.bin"), encodeCxx(e));
}

TEST(Golden, EverythingDecodesWithBothCodecs) {
  Bytes golden = readGolden("everything.bin");
  mt_Everything expected, viaC, viaCxx;
  mt_fixture_everything(&expected);
  Context c1, c2;
  decodeC(golden, c1, viaC);
  decodeCxx(golden, c2, viaCxx);
  expectEqual(expected, viaC);
  expectEqual(expected, viaCxx);
}

TEST(Golden, ZeroScalarsCarryDefaults) {
  mt_Scalars zero;
  memset(&zero, 0, sizeof(zero));
  Bytes c = encodeC(&mt_Scalars_type, &zero);
  maybeUpdate("scalars-zero.bin", c);
  EXPECT_EQ(readGolden("scalars-zero.bin"), c);
  Context ctx;
  Aligned a(c);
  capnp::FlatArrayMessageReader reader(a.ptr());
  auto r = reader.getRoot<mtest::Scalars>();
  EXPECT_EQ(0, r.getWithDefault());
  EXPECT_FALSE(r.getOnByDefault());
  EXPECT_EQ(0, r.getMinusOne());
  // Defaults are XORed on the wire: a zero mirror is not zero bytes.
  capnp::MallocMessageBuilder mb;
  auto b = mb.initRoot<mtest::Scalars>();
  b.setWithDefault(0);
  b.setOnByDefault(false);
  b.setMinusOne(0);
  EXPECT_EQ(c, flatten(mb));
}

struct RandomEverything {
  explicit RandomEverything(std::mt19937_64 &rng) {
    auto u = [&](uint64_t n) { return n ? rng() % n : 0; };
    auto text = [&]() -> char * {
      if (u(5) == 0) return nullptr;
      std::string s;
      for (uint64_t i = 0, n = u(40); i < n; i++) s += static_cast<char>('a' + u(26));
      strings.push_back(s);
      return &strings.back()[0];
    };
    memset(&e, 0, sizeof(e));
    e.scalars.flag = u(2);
    e.scalars.i8 = static_cast<int8_t>(rng());
    e.scalars.u8 = static_cast<uint8_t>(rng());
    e.scalars.i16 = static_cast<int16_t>(rng());
    e.scalars.u16 = static_cast<uint16_t>(rng());
    e.scalars.i32 = static_cast<int32_t>(rng());
    e.scalars.u32 = static_cast<uint32_t>(rng());
    e.scalars.i64 = static_cast<int64_t>(rng());
    e.scalars.u64 = rng();
    e.scalars.f32 = static_cast<uint32_t>(rng()) & 0x7f7fffffu;  // finite
    e.scalars.f64 = rng() & 0x7fefffffffffffffull;
    e.scalars.color = static_cast<uint16_t>(u(3));
    e.scalars.with_default = static_cast<int32_t>(rng());
    e.scalars.on_by_default = u(2);
    e.scalars.minus_one = static_cast<int64_t>(rng());
    e.origin = {static_cast<int32_t>(rng()), static_cast<int32_t>(rng())};
    if (u(4)) {
      points.resize(u(20));
      for (auto &p : points) p = {static_cast<int32_t>(rng()), static_cast<int32_t>(rng())};
      e.points = points.data() ? points.data() : &dummyPoint;
      e.n_points = static_cast<uint32_t>(points.size());
    }
    if (u(4)) {
      words.resize(u(30));
      for (auto &w : words) w = static_cast<uint16_t>(rng());
      e.words = words.empty() ? &dummyWord : words.data();
      e.n_words = static_cast<uint32_t>(words.size());
    }
    nbits = static_cast<uint32_t>(u(70));
    for (uint32_t i = 0; i < nbits; i++) bits[i] = u(2);
    if (u(4)) {
      e.bits = bits;
      e.n_bits = nbits;
    }
    for (auto &b : sbytes) b = static_cast<int8_t>(rng());
    e.signed_bytes = sbytes;
    e.n_signed_bytes = static_cast<uint32_t>(u(sizeof(sbytes)));
    for (auto &l : longs) l = static_cast<int64_t>(rng());
    e.longs = longs;
    e.n_longs = static_cast<uint32_t>(u(5));
    e.title = text();
    blob.resize(u(50));
    for (auto &b : blob) b = static_cast<uint8_t>(rng());
    if (u(4)) {
      e.blob.ptr = blob.empty() ? &dummyByte : blob.data();
      e.blob.len = static_cast<uint32_t>(blob.size());
    }
    shapes.resize(u(6));
    for (auto &s : shapes) {
      memset(&s, 0, sizeof(s));
      s.name = text();
      s.which = static_cast<uint16_t>(u(4));
      if (s.which == mt_Shape_which_circle) s.circle = static_cast<uint32_t>(rng());
      if (s.which == mt_Shape_which_rect) s.rect = {static_cast<int32_t>(rng()), 1};
      if (s.which == mt_Shape_which_label) s.label = text();
    }
    if (!shapes.empty()) {
      e.shapes = shapes.data();
      e.n_shapes = static_cast<uint32_t>(shapes.size());
    }
    e.missing_text = text();
    e.empty_text = text();
  }
  mt_Everything e;
  std::deque<std::string> strings;
  std::vector<mt_Point> points;
  std::vector<uint16_t> words;
  bool bits[70];
  uint32_t nbits;
  int8_t sbytes[16];
  int64_t longs[5];
  std::vector<uint8_t> blob;
  std::vector<mt_Shape> shapes;
  mt_Point dummyPoint{};
  uint16_t dummyWord = 0;
  uint8_t dummyByte = 0;
};

TEST(Random, CToCxxAndBackWithIdenticalBytes) {
  std::mt19937_64 rng(20261123);
  for (int iter = 0; iter < 300; iter++) {
    SCOPED_TRACE(iter);
    RandomEverything r(rng);
    Bytes c = encodeC(&mt_Everything_type, &r.e);
    Bytes cxx = encodeCxx(r.e);
    ASSERT_EQ(c, cxx) << firstDifference(c, cxx) << "C:\n" << hexDump(c) << "C++:\n" << hexDump(cxx);
    mt_Everything viaCxx, viaC;
    Context c1, c2;
    decodeCxx(c, c1, viaCxx);
    expectEqual(r.e, viaCxx);
    decodeC(cxx, c2, viaC);
    expectEqual(r.e, viaC);
  }
}

TEST(Random, CReadsMultiSegmentMessagesWithFarPointers) {
  std::mt19937_64 rng(7);
  for (int iter = 0; iter < 100; iter++) {
    SCOPED_TRACE(iter);
    RandomEverything r(rng);
    // Tiny fixed-size segments force far pointers, including two-word
    // landing pads when a segment is too full for the pad itself.
    Bytes multi = encodeCxx(r.e, 3 + iter % 5);
    uint32_t segments;
    memcpy(&segments, multi.data(), 4);
    EXPECT_GT(segments + 1, 1u);
    mt_Everything viaC;
    Context c;
    decodeC(multi, c, viaC);
    expectEqual(r.e, viaC);
  }
}

TEST(RoundTrip, CodecsAgreeOnEachUnionMember) {
  mt_Everything e;
  mt_fixture_everything(&e);
  for (uint32_t i = 0; i < e.n_shapes; i++) {
    Bytes c = encodeC(&mt_Shape_type, &e.shapes[i]);
    Context ctx;
    Aligned a(c);
    capnp::FlatArrayMessageReader reader(a.ptr());
    mt_Shape back;
    memset(&back, 0, sizeof(back));
    mt_Shape_decode_cxx(&ctx.ctx, reader.getRoot<mtest::Shape>(), back);
    EXPECT_EQ(e.shapes[i].which, back.which);
    EXPECT_EQ(static_cast<unsigned>(reader.getRoot<mtest::Shape>().which()), e.shapes[i].which);
  }
}

TEST(Errors, UnknownUnionMemberIsRefusedByName) {
  mt_Shape s;
  memset(&s, 0, sizeof(s));
  s.which = 9;
  Context c;
  Bytes buf(256);
  EXPECT_EQ(0u, sdm_encode_struct(&c.ctx, &mt_Shape_type, &s, buf.data(), buf.size()));
  EXPECT_EQ(-EINVAL, c.ctx.error);
  EXPECT_STREQ("Shape.which", c.ctx.error_where);
}

TEST(Errors, SmallBufferIsEMSGSIZE) {
  mt_Everything e;
  mt_fixture_everything(&e);
  Context c;
  Bytes buf(128);
  EXPECT_EQ(0u, sdm_encode_struct(&c.ctx, &mt_Everything_type, &e, buf.data(), buf.size()));
  EXPECT_EQ(-EMSGSIZE, c.ctx.error);
}

TEST(Errors, ArenaExhaustionIsENOMEM) {
  mt_Everything e, out;
  mt_fixture_everything(&e);
  Bytes b = encodeC(&mt_Everything_type, &e);
  Context small(nullptr, 4, 32);
  EXPECT_EQ(-ENOMEM, sdm_decode_struct(&small.ctx, &mt_Everything_type, b.data(), b.size(), &out));
}

}  // namespace

#include "test_support.h"

#include <cstdio>
#include <cstring>

namespace mtest_support {

Bytes encodeC(const sdm_type *type, const void *obj) {
  Context c;
  Bytes buf(1 << 16);
  size_t n = sdm_encode_struct(&c.ctx, type, obj, buf.data(), buf.size());
  EXPECT_EQ(0, c.ctx.error) << (c.ctx.error_where ? c.ctx.error_where : "");
  buf.resize(n);
  return buf;
}

Bytes encodeCxx(const mt_Everything &e, unsigned firstSegmentWords) {
  Context c;
  capnp::MallocMessageBuilder mb(firstSegmentWords, capnp::AllocationStrategy::FIXED_SIZE);
  mt_Everything_encode_cxx(&c.ctx, e, mb.initRoot<mtest::Everything>());
  EXPECT_EQ(0, c.ctx.error);
  return flatten(mb);
}

void decodeC(const Bytes &b, Context &c, mt_Everything &out) {
  EXPECT_EQ(0, sdm_decode_struct(&c.ctx, &mt_Everything_type, b.data(), b.size(), &out))
      << (c.ctx.error_where ? c.ctx.error_where : "");
}

void decodeCxx(const Bytes &b, Context &c, mt_Everything &out) {
  Aligned a(b);
  capnp::FlatArrayMessageReader reader(a.ptr());
  memset(&out, 0, sizeof(out));
  mt_Everything_decode_cxx(&c.ctx, reader.getRoot<mtest::Everything>(), out);
  EXPECT_EQ(0, c.ctx.error);
}

namespace {

template <typename T>
void expectArray(const T *a, uint32_t na, const T *b, uint32_t nb, const char *what) {
  ASSERT_EQ(a == nullptr, b == nullptr) << what << ": one side NULL";
  ASSERT_EQ(na, nb) << what;
  for (uint32_t i = 0; i < na; i++) EXPECT_EQ(a[i], b[i]) << what << "[" << i << "]";
}

void expectText(const char *a, const char *b, const char *what) {
  ASSERT_EQ(a == nullptr, b == nullptr) << what << ": one side NULL";
  if (a) EXPECT_STREQ(a, b) << what;
}

void expectBytes(const sdm_bytes &a, const sdm_bytes &b, const char *what) {
  ASSERT_EQ(a.ptr == nullptr, b.ptr == nullptr) << what << ": one side NULL";
  ASSERT_EQ(a.len, b.len) << what;
  if (a.len) EXPECT_EQ(0, memcmp(a.ptr, b.ptr, a.len)) << what;
}

void expectScalars(const mt_Scalars &a, const mt_Scalars &b) {
  EXPECT_EQ(a.flag, b.flag);
  EXPECT_EQ(a.i8, b.i8);
  EXPECT_EQ(a.u8, b.u8);
  EXPECT_EQ(a.i16, b.i16);
  EXPECT_EQ(a.u16, b.u16);
  EXPECT_EQ(a.i32, b.i32);
  EXPECT_EQ(a.u32, b.u32);
  EXPECT_EQ(a.i64, b.i64);
  EXPECT_EQ(a.u64, b.u64);
  EXPECT_EQ(a.f32, b.f32);
  EXPECT_EQ(a.f64, b.f64);
  EXPECT_EQ(a.color, b.color);
  EXPECT_EQ(a.with_default, b.with_default);
  EXPECT_EQ(a.on_by_default, b.on_by_default);
  EXPECT_EQ(a.minus_one, b.minus_one);
}

void expectShape(const mt_Shape &a, const mt_Shape &b) {
  expectText(a.name, b.name, "shape.name");
  ASSERT_EQ(a.which, b.which);
  switch (a.which) {
    case mt_Shape_which_circle: EXPECT_EQ(a.circle, b.circle); break;
    case mt_Shape_which_rect:
      EXPECT_EQ(a.rect.x, b.rect.x);
      EXPECT_EQ(a.rect.y, b.rect.y);
      break;
    case mt_Shape_which_label: expectText(a.label, b.label, "shape.label"); break;
    default: break;
  }
}

}  // namespace

void expectEqual(const mt_Everything &a, const mt_Everything &b) {
  expectScalars(a.scalars, b.scalars);
  EXPECT_EQ(a.origin.x, b.origin.x);
  EXPECT_EQ(a.origin.y, b.origin.y);
  ASSERT_EQ(a.points == nullptr, b.points == nullptr);
  ASSERT_EQ(a.n_points, b.n_points);
  for (uint32_t i = 0; i < a.n_points; i++) {
    EXPECT_EQ(a.points[i].x, b.points[i].x);
    EXPECT_EQ(a.points[i].y, b.points[i].y);
  }
  expectArray(a.words, a.n_words, b.words, b.n_words, "words");
  expectArray(a.bits, a.n_bits, b.bits, b.n_bits, "bits");
  expectArray(a.signed_bytes, a.n_signed_bytes, b.signed_bytes, b.n_signed_bytes, "bytes");
  expectArray(a.longs, a.n_longs, b.longs, b.n_longs, "longs");
  expectText(a.title, b.title, "title");
  expectBytes(a.blob, b.blob, "blob");
  ASSERT_EQ(a.shapes == nullptr, b.shapes == nullptr);
  ASSERT_EQ(a.n_shapes, b.n_shapes);
  for (uint32_t i = 0; i < a.n_shapes; i++) expectShape(a.shapes[i], b.shapes[i]);
  expectText(a.missing_text, b.missing_text, "missing_text");
  expectBytes(a.missing_data, b.missing_data, "missing_data");
  expectArray(a.empty_list, a.n_empty_list, b.empty_list, b.n_empty_list, "empty_list");
  expectText(a.empty_text, b.empty_text, "empty_text");
}

std::string hexDump(const Bytes &b) {
  std::string out;
  char buf[8];
  for (size_t i = 0; i < b.size(); i++) {
    snprintf(buf, sizeof(buf), "%02x%s", b[i], (i % 8 == 7) ? "\n" : " ");
    out += buf;
  }
  return out;
}

std::string firstDifference(const Bytes &a, const Bytes &b) {
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) i++;
  return "first difference at byte " + std::to_string(i) + " (word " + std::to_string(i / 8) +
         ") of " + std::to_string(a.size()) + " and " + std::to_string(b.size()) + " bytes\n";
}

}  // namespace mtest_support

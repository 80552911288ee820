// The C wire-format runtime on hand-made messages: framing, far pointers
// with both landing-pad forms, and every kind of malformed input the reader
// must refuse with its own error instead of reading out of bounds.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "cpn.h"

namespace {

using Words = std::vector<uint64_t>;

uint64_t structPtr(int32_t offset, uint16_t dw, uint16_t pc) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(offset) << 2)) |
         (static_cast<uint64_t>(dw) << 32) | (static_cast<uint64_t>(pc) << 48);
}
uint64_t listPtr(int32_t offset, uint8_t es, uint32_t count) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(offset) << 2)) | 1 |
         (static_cast<uint64_t>(es) << 32) | (static_cast<uint64_t>(count) << 35);
}
uint64_t farPtr(uint32_t seg, uint32_t word, bool twoWords) {
  return 2 | (twoWords ? 4 : 0) | (static_cast<uint64_t>(word) << 3) |
         (static_cast<uint64_t>(seg) << 32);
}

// Frames segments with the standard segment table.
std::vector<uint8_t> frame(const std::vector<Words> &segs) {
  std::vector<uint32_t> table = {static_cast<uint32_t>(segs.size() - 1)};
  for (auto &s : segs) table.push_back(static_cast<uint32_t>(s.size()));
  if (table.size() % 2) table.push_back(0);
  std::vector<uint8_t> out(table.size() * 4);
  memcpy(out.data(), table.data(), out.size());
  for (auto &s : segs) {
    size_t at = out.size();
    out.resize(at + s.size() * 8);
    if (!s.empty()) memcpy(out.data() + at, s.data(), s.size() * 8);
  }
  return out;
}

int readRoot(const std::vector<uint8_t> &msg, cpn_msg_r &m, cpn_struct_r &root,
             uint64_t limit = 0) {
  if (cpn_msg_init(&m, msg.data(), msg.size(), limit)) return m.error;
  return cpn_msg_root(&m, &root);
}

TEST(CpnBuild, RoundTripOfEveryPrimitiveAndBlob) {
  std::vector<uint8_t> buf(512);
  cpn_msg_b b;
  cpn_struct_b root, child;
  cpn_list_b l;
  ASSERT_EQ(0, cpn_b_init(&b, buf.data(), buf.size()));
  ASSERT_EQ(0, cpn_b_root(&b, 2, 4, &root));
  cpn_b_set_u64(&root, 0, 0x0123456789abcdefull);
  cpn_b_set_u16(&root, 8, 0xbeef);
  cpn_b_set_bit(&root, 80, true);
  cpn_b_set_u8(&root, 15, 0x7f);
  ASSERT_EQ(0, cpn_b_init_struct(&root, 0, 1, 0, &child));
  cpn_b_set_u32(&child, 4, 99);
  ASSERT_EQ(0, cpn_b_set_text(&root, 1, "hello", 5));
  ASSERT_EQ(0, cpn_b_init_list(&root, 2, CPN_ELEM_BIT, 9, &l));
  cpn_lb_set(&l, 8, 1);
  ASSERT_EQ(0, cpn_b_set_data(&root, 3, "\x01\x02\x03", 3));
  size_t n = cpn_b_finish(&b);
  ASSERT_GT(n, 0u);
  buf.resize(n);

  cpn_msg_r m;
  cpn_struct_r r, rc;
  cpn_list_r rl;
  ASSERT_EQ(0, readRoot(buf, m, r));
  EXPECT_EQ(0x0123456789abcdefull, cpn_r_u64(&r, 0));
  EXPECT_EQ(0xbeef, cpn_r_u16(&r, 8));
  EXPECT_TRUE(cpn_r_bit(&r, 80));
  EXPECT_FALSE(cpn_r_bit(&r, 81));
  EXPECT_EQ(0x7f, cpn_r_u8(&r, 15));
  EXPECT_EQ(0u, cpn_r_u32(&r, 16)) << "beyond the data section reads as default";
  ASSERT_EQ(0, cpn_r_struct(&r, 0, &rc));
  EXPECT_EQ(99u, cpn_r_u32(&rc, 4));
  const char *text;
  uint32_t len;
  ASSERT_EQ(0, cpn_r_text(&r, 1, &text, &len));
  EXPECT_EQ(5u, len);
  EXPECT_STREQ("hello", text);
  ASSERT_EQ(0, cpn_r_list(&r, 2, CPN_ELEM_BIT, &rl));
  EXPECT_EQ(9u, rl.count);
  EXPECT_EQ(1u, cpn_lr_get(&rl, 8));
  EXPECT_EQ(0u, cpn_lr_get(&rl, 7));
  const uint8_t *data;
  ASSERT_EQ(0, cpn_r_data(&r, 3, &data, &len));
  EXPECT_EQ(3u, len);
  EXPECT_EQ(3, data[2]);
  EXPECT_FALSE(cpn_r_has(&r, 4)) << "pointer index beyond the struct";
}

TEST(CpnBuild, FullBufferIsNoSpaceAndFinishRefuses) {
  std::vector<uint8_t> buf(40);
  cpn_msg_b b;
  cpn_struct_b root;
  ASSERT_EQ(0, cpn_b_init(&b, buf.data(), buf.size()));
  ASSERT_EQ(0, cpn_b_root(&b, 1, 1, &root));
  EXPECT_EQ(CPN_E_NOSPACE, cpn_b_set_text(&root, 0, "this does not fit", 17));
  EXPECT_EQ(0u, cpn_b_finish(&b));
}

TEST(CpnRead, SingleAndDoubleFarPointers) {
  // seg0: root = far to seg1 word 0 (one-word pad); seg1: pad -> struct in seg2
  // through a two-word pad in seg1 words 1..2.
  Words s0 = {farPtr(1, 0, false)};
  Words s1 = {structPtr(2, 1, 1), 0, 0, 0x1111, farPtr(1, 1, true)};
  // s1: word0 pad -> struct at word 3 (offset 2), struct data 0x1111, its ptr
  // (word 4) is a double far pointing at pad s1[1..2].
  s1[1] = farPtr(2, 0, false);
  s1[2] = structPtr(0, 1, 0);
  Words s2 = {0x2222};
  auto msg = frame({s0, s1, s2});
  cpn_msg_r m;
  cpn_struct_r root, child;
  ASSERT_EQ(0, readRoot(msg, m, root)) << cpn_strerror(m.error);
  EXPECT_EQ(0x1111u, cpn_r_u64(&root, 0));
  ASSERT_EQ(0, cpn_r_struct(&root, 0, &child)) << cpn_strerror(m.error);
  EXPECT_EQ(0x2222u, cpn_r_u64(&child, 0));
}

struct BadCase {
  const char *name;
  std::vector<Words> segs;
  int expected;
};

TEST(CpnRead, MalformedMessagesAreRefusedPrecisely) {
  std::vector<BadCase> cases = {
      {"root points past the segment", {{structPtr(5, 1, 0)}}, CPN_E_BOUNDS},
      {"negative offset before the segment", {{structPtr(-3, 1, 0)}}, CPN_E_BOUNDS},
      {"struct larger than the segment", {{structPtr(0, 4, 0), 0}}, CPN_E_BOUNDS},
      {"root is a list", {{listPtr(0, CPN_ELEM_BYTE, 0)}}, CPN_E_KIND},
      {"capability pointer", {{3}}, CPN_E_CAPABILITY},
      {"far pointer to a missing segment", {{farPtr(4, 0, false)}}, CPN_E_FAR},
      {"far pointer to a far landing pad", {{farPtr(0, 0, false)}}, CPN_E_FAR},
      {"double far whose pad is not a far pointer",
       {{farPtr(0, 1, true), structPtr(0, 0, 0), structPtr(0, 0, 0)}}, CPN_E_FAR},
  };
  for (auto &c : cases) {
    SCOPED_TRACE(c.name);
    auto msg = frame(c.segs);
    cpn_msg_r m;
    cpn_struct_r root;
    EXPECT_EQ(c.expected, readRoot(msg, m, root)) << cpn_strerror(m.error);
    EXPECT_EQ(0u, m.error_seg);
  }
}

TEST(CpnRead, FramingErrors) {
  cpn_msg_r m;
  uint8_t tiny[4] = {};
  EXPECT_EQ(CPN_E_FRAMING, cpn_msg_init(&m, tiny, sizeof(tiny), 0));
  auto msg = frame({{0, 0}});
  EXPECT_EQ(CPN_E_FRAMING, cpn_msg_init(&m, msg.data(), msg.size() - 8, 0)) << "truncated";
  msg.resize(msg.size() + 8);
  EXPECT_EQ(CPN_E_FRAMING, cpn_msg_init(&m, msg.data(), msg.size(), 0)) << "trailing bytes";
  uint32_t many[2] = {1000, 0};
  EXPECT_EQ(CPN_E_FRAMING, cpn_msg_init(&m, many, sizeof(many), 0)) << "too many segments";
}

TEST(CpnRead, SelfReferenceHitsTheNestingLimit) {
  // A struct whose only pointer points at the struct itself.
  Words s = {structPtr(0, 0, 1), structPtr(-1, 0, 1)};
  auto msg = frame({s});
  cpn_msg_r m;
  cpn_struct_r cur;
  ASSERT_EQ(0, readRoot(msg, m, cur));
  int depth = 0;
  while (!m.error && depth < 1000) {
    cpn_struct_r next;
    cpn_r_struct(&cur, 0, &next);
    cur = next;
    depth++;
  }
  EXPECT_EQ(CPN_E_DEPTH, m.error);
  EXPECT_EQ(CPN_DEFAULT_DEPTH + 1, depth);
}

TEST(CpnRead, AmplificationHitsTheTraversalLimit) {
  // 64 pointers to one 16-word list: 1024 words read from a 82-word message.
  Words s = {structPtr(0, 0, 64)};
  for (int i = 0; i < 64; i++) s.push_back(listPtr(63 - i, CPN_ELEM_EIGHT, 16));
  s.resize(s.size() + 16);
  auto msg = frame({s});
  cpn_msg_r m;
  cpn_struct_r root;
  ASSERT_EQ(0, readRoot(msg, m, root, 500));
  for (uint16_t i = 0; i < 64 && !m.error; i++) {
    cpn_list_r l;
    cpn_r_list(&root, i, CPN_ELEM_EIGHT, &l);
  }
  EXPECT_EQ(CPN_E_TRAVERSAL, m.error);
}

TEST(CpnRead, ListShapeErrors) {
  Words s = {structPtr(0, 0, 3), listPtr(2, CPN_ELEM_FOUR, 2), listPtr(2, CPN_ELEM_BYTE, 3),
             listPtr(2, CPN_ELEM_COMPOSITE, 1), 0, 0x00414243, structPtr(5, 1, 0)};
  auto msg = frame({s});
  cpn_msg_r m;
  cpn_struct_r root;
  cpn_list_r l;
  ASSERT_EQ(0, readRoot(msg, m, root));
  EXPECT_EQ(CPN_E_ELEMENT, cpn_r_list(&root, 0, CPN_ELEM_EIGHT, &l)) << "wrong element size";
  ASSERT_EQ(0, cpn_msg_init(&m, msg.data(), msg.size(), 0));
  ASSERT_EQ(0, cpn_msg_root(&m, &root));
  const char *t;
  uint32_t n;
  EXPECT_EQ(CPN_E_TEXT, cpn_r_text(&root, 1, &t, &n)) << "no NUL terminator";
  ASSERT_EQ(0, cpn_msg_init(&m, msg.data(), msg.size(), 0));
  ASSERT_EQ(0, cpn_msg_root(&m, &root));
  EXPECT_EQ(CPN_E_BOUNDS, cpn_r_list(&root, 2, CPN_ELEM_COMPOSITE, &l))
      << "composite tag claims more elements than its words";
}

}  // namespace

#include "framing.h"

#include <gtest/gtest.h>

namespace ax88772 {
namespace {

Bytes frame(size_t len, uint8_t fill) { return Bytes(len, fill); }

void appendFramed(Bytes& out, const Bytes& f) {
  appendLe32(out, frameHeader(uint16_t(f.size())));
  out.insert(out.end(), f.begin(), f.end());
}

class TxParserTest : public ::testing::Test {
 protected:
  std::vector<Bytes> sent;
  TxParser parser{[this](const uint8_t* f, size_t len) { sent.emplace_back(f, f + len); }};
};

TEST(FrameHeader, LengthAndComplement) {
  EXPECT_EQ(frameHeader(0x05ea), 0xfa1505eau);
  EXPECT_EQ(decodeFrameHeader(0xfa1505ea), 0x5ea);
  EXPECT_EQ(decodeFrameHeader(0xfa1505eb), -1);            // complement mismatch
  EXPECT_EQ(decodeFrameHeader(0xf7ff0800), -1);            // beyond 11 bits
  EXPECT_EQ(decodeFrameHeader(0xffff0000), 0);             // padding
}

TEST_F(TxParserTest, OneFramePerTransfer) {
  Bytes t;
  appendFramed(t, frame(60, 0x11));
  parser.transfer(t.data(), t.size());
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0], frame(60, 0x11));
}

TEST_F(TxParserTest, SeveralFramesPerTransferAlignedToEvenOffsets) {
  Bytes t;
  appendFramed(t, frame(61, 0x11));
  t.push_back(0xee);  // pad byte after the odd-length frame
  appendFramed(t, frame(64, 0x22));
  appendFramed(t, frame(98, 0x33));
  parser.transfer(t.data(), t.size());
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0], frame(61, 0x11));
  EXPECT_EQ(sent[1], frame(64, 0x22));
  EXPECT_EQ(sent[2], frame(98, 0x33));
  EXPECT_FALSE(parser.inError());
}

TEST_F(TxParserTest, OddFrameAtTheEndOfATransferNeedsNoPad) {
  Bytes t;
  appendFramed(t, frame(61, 0x11));
  parser.transfer(t.data(), t.size());
  Bytes u;
  appendFramed(u, frame(60, 0x22));
  parser.transfer(u.data(), u.size());
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_FALSE(parser.inError());
}

TEST_F(TxParserTest, PaddingHeaderIsSkippedAndCounted) {
  Bytes t;
  appendFramed(t, frame(508, 0x44));  // 512 bytes: the host appends a pad header
  appendLe32(t, 0xffff0000);
  parser.transfer(t.data(), t.size());
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(parser.counters().padHeaders, 1u);
  EXPECT_FALSE(parser.inError());
}

TEST_F(TxParserTest, FrameCutByTheTransferEndContinuesInTheNext) {
  Bytes t;
  appendFramed(t, frame(1514, 0x55));
  parser.transfer(t.data(), 512);
  EXPECT_TRUE(sent.empty());
  parser.transfer(t.data() + 512, t.size() - 512);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0], frame(1514, 0x55));
}

TEST_F(TxParserTest, CorruptHeaderStopsTransmissionUntilCleared) {
  Bytes bad = {0x3c, 0x00, 0x00, 0x00};  // complement missing
  bad.resize(64, 0);
  parser.transfer(bad.data(), bad.size());
  EXPECT_TRUE(parser.inError());
  EXPECT_EQ(parser.counters().framingErrors, 1u);
  EXPECT_NE(parser.lastError().find("0x0000003c"), std::string::npos);
  Bytes good;
  appendFramed(good, frame(60, 0x66));
  parser.transfer(good.data(), good.size());
  EXPECT_TRUE(sent.empty());
  EXPECT_EQ(parser.counters().bytesDiscarded, bad.size() + good.size());
  parser.clearError();
  parser.transfer(good.data(), good.size());
  EXPECT_EQ(sent.size(), 1u);
}

TEST_F(TxParserTest, HeaderCutShortIsAFramingError) {
  Bytes t;
  appendFramed(t, frame(60, 0x11));
  t.push_back(0x3c);
  t.push_back(0x00);
  parser.transfer(t.data(), t.size());
  EXPECT_EQ(sent.size(), 1u);
  EXPECT_TRUE(parser.inError());
}

TEST(RxPacker, PacksFramesWithHeadersAndEvenAlignment) {
  std::deque<Bytes> q{frame(61, 0x11), frame(60, 0x22)};
  Bytes out;
  EXPECT_EQ(packRxTransfer(q, 2048, out), 2u);
  EXPECT_TRUE(q.empty());
  ASSERT_EQ(out.size(), 4 + 61 + 1 + 4 + 60);
  EXPECT_EQ(loadLe32(&out[0]), frameHeader(61));
  EXPECT_EQ(out[4], 0x11);
  EXPECT_EQ(loadLe32(&out[66]), frameHeader(60));
  EXPECT_EQ(out[70], 0x22);
}

TEST(RxPacker, NeverExceedsTheTransferLengthNorSplitsAFrame) {
  std::deque<Bytes> q{frame(1514, 1), frame(1514, 2)};
  Bytes out;
  EXPECT_EQ(packRxTransfer(q, 2048, out), 1u);
  EXPECT_EQ(out.size(), 1518u);
  EXPECT_EQ(q.size(), 1u);
  Bytes small;
  EXPECT_EQ(packRxTransfer(q, 1000, small), 0u);
  EXPECT_TRUE(small.empty());
}

}  // namespace
}  // namespace ax88772

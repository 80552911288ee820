// Unit tests of the channel client's framing and nested calls, against a
// scripted peer on a SOCK_SEQPACKET socket pair (one write = one read, as on
// the udrv device). The real device is exercised by tests/kstub in QEMU.
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "udrv/client.h"

namespace {

struct Message {
  udrv_msg_hdr hdr;
  std::string payload;
};

std::vector<unsigned char> Frame(uint16_t kind, uint32_t func, uint64_t seq,
                                 int32_t status, const std::string& payload) {
  udrv_msg_hdr hdr{};
  hdr.kind = kind;
  hdr.func = func;
  hdr.seq = seq;
  hdr.len = static_cast<uint32_t>(payload.size());
  hdr.status = status;
  std::vector<unsigned char> out(UDRV_MSG_SIZE(payload.size()), 0);
  std::memcpy(out.data(), &hdr, sizeof(hdr));
  std::memcpy(out.data() + sizeof(hdr), payload.data(), payload.size());
  return out;
}

class ClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    int sv[2];
    ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0, sv));
    peer_ = sv[1];
    ASSERT_EQ(0, udrv_client_adopt(sv[0], &client_));
  }
  void TearDown() override {
    udrv_client_close(client_);
    close(peer_);
  }

  // What the kernel would queue: several messages may share one read().
  void Queue(const std::vector<std::vector<unsigned char>>& msgs) {
    std::vector<unsigned char> buf;
    for (const auto& m : msgs) buf.insert(buf.end(), m.begin(), m.end());
    ASSERT_EQ(static_cast<ssize_t>(buf.size()), write(peer_, buf.data(), buf.size()));
  }

  // What the client wrote, one message per packet.
  std::vector<Message> Written() {
    std::vector<Message> out;
    unsigned char buf[UDRV_MSG_SIZE(UDRV_MSG_MAX_PAYLOAD)];
    ssize_t n;
    while ((n = read(peer_, buf, sizeof(buf))) > 0) {
      Message m;
      std::memcpy(&m.hdr, buf, sizeof(m.hdr));
      m.payload.assign(reinterpret_cast<char*>(buf) + sizeof(m.hdr), m.hdr.len);
      EXPECT_EQ(static_cast<size_t>(n), sizeof(m.hdr) + m.hdr.len);
      out.push_back(m);
    }
    return out;
  }

  int peer_ = -1;
  udrv_client* client_ = nullptr;
};

TEST_F(ClientTest, ReceivesBatchedMessagesInOrder) {
  Queue({Frame(UDRV_MSG_UPCALL, 7, 1, 0, "abc"), Frame(UDRV_MSG_NOTIFY, 8, 2, 0, ""),
         Frame(UDRV_MSG_UPCALL, 9, 3, 0, std::string(100, 'x'))});
  udrv_client_msg msg;
  ASSERT_EQ(0, udrv_client_recv(client_, &msg));
  EXPECT_EQ(7u, msg.hdr.func);
  EXPECT_EQ("abc", std::string(static_cast<const char*>(msg.payload), msg.hdr.len));
  ASSERT_EQ(0, udrv_client_recv(client_, &msg));
  EXPECT_EQ(UDRV_MSG_NOTIFY, msg.hdr.kind);
  EXPECT_EQ(0u, msg.hdr.len);
  ASSERT_EQ(0, udrv_client_recv(client_, &msg));
  EXPECT_EQ(3u, msg.hdr.seq);
  EXPECT_EQ(100u, msg.hdr.len);
  EXPECT_EQ(-EAGAIN, udrv_client_recv(client_, &msg));
  EXPECT_EQ(0, udrv_client_wait(client_, 0));
}

TEST_F(ClientTest, TruncatedMessageIsAProtocolError) {
  auto frame = Frame(UDRV_MSG_UPCALL, 1, 1, 0, std::string(64, 'y'));
  frame.resize(sizeof(udrv_msg_hdr) + 10);
  Queue({frame});
  udrv_client_msg msg;
  EXPECT_EQ(-EPROTO, udrv_client_recv(client_, &msg));
  EXPECT_EQ(-EAGAIN, udrv_client_recv(client_, &msg));
}

TEST_F(ClientTest, ClosedPeerIsNoDevice) {
  close(peer_);
  peer_ = -1;
  udrv_client_msg msg;
  EXPECT_EQ(-ENODEV, udrv_client_recv(client_, &msg));
}

TEST_F(ClientTest, DowncallAndReplyAreFramedWithSequenceIds) {
  uint64_t seq1 = 0, seq2 = 0;
  ASSERT_EQ(0, udrv_client_downcall(client_, 4, "req", 3, &seq1));
  ASSERT_EQ(0, udrv_client_downcall(client_, 5, nullptr, 0, &seq2));
  ASSERT_EQ(0, udrv_client_reply(client_, 77, 6, -EIO, "r", 1));
  auto w = Written();
  ASSERT_EQ(3u, w.size());
  EXPECT_NE(seq1, seq2);
  EXPECT_EQ(UDRV_MSG_DOWNCALL, w[0].hdr.kind);
  EXPECT_EQ(seq1, w[0].hdr.seq);
  EXPECT_EQ("req", w[0].payload);
  EXPECT_EQ(seq2, w[1].hdr.seq);
  EXPECT_EQ(UDRV_MSG_REPLY, w[2].hdr.kind);
  EXPECT_EQ(77u, w[2].hdr.seq);
  EXPECT_EQ(-EIO, w[2].hdr.status);
  EXPECT_EQ(-EINVAL, udrv_client_reply(client_, 1, 1, 0, nullptr, 5));
}

// An upcall arrives while a call waits; its handler makes a nested call, and
// the outer call's reply arrives before the inner one: each reply must reach
// its own call.
struct Nested {
  int upcalls = 0;
  int inner_status = 1;
  std::string inner;
};

int HandleNested(void* ctx, udrv_client* c, const udrv_client_msg* msg) {
  auto* n = static_cast<Nested*>(ctx);
  if (msg->hdr.kind != UDRV_MSG_UPCALL) return -EPROTO;
  n->upcalls++;
  char buf[16] = {};
  uint32_t len = 0;
  n->inner_status = udrv_client_call(c, 2, nullptr, 0, buf, sizeof(buf), &len,
                                     HandleNested, ctx, 1000);
  n->inner.assign(buf, len);
  return udrv_client_reply(c, msg->hdr.seq, msg->hdr.func, 0, nullptr, 0);
}

TEST_F(ClientTest, NestedCallsGetTheirOwnReplies) {
  // The client numbers its downcalls 1, 2, ...: outer = 1, inner = 2.
  Queue({Frame(UDRV_MSG_UPCALL, 30, 500, 0, ""),
         Frame(UDRV_MSG_REPLY, 1, 1, 0, "outer"),
         Frame(UDRV_MSG_REPLY, 2, 2, 0, "inner")});
  Nested n;
  char buf[16] = {};
  uint32_t len = 0;
  ASSERT_EQ(0, udrv_client_call(client_, 1, "x", 1, buf, sizeof(buf), &len,
                                HandleNested, &n, 1000));
  EXPECT_EQ("outer", std::string(buf, len));
  EXPECT_EQ(1, n.upcalls);
  EXPECT_EQ(0, n.inner_status);
  EXPECT_EQ("inner", n.inner);
  auto w = Written();
  ASSERT_EQ(3u, w.size());
  EXPECT_EQ(UDRV_MSG_DOWNCALL, w[0].hdr.kind);
  EXPECT_EQ(UDRV_MSG_DOWNCALL, w[1].hdr.kind);
  EXPECT_EQ(UDRV_MSG_REPLY, w[2].hdr.kind);
  EXPECT_EQ(500u, w[2].hdr.seq);
}

TEST_F(ClientTest, CallReturnsTheKernelStatusAndRefusesOversizedReplies) {
  Queue({Frame(UDRV_MSG_REPLY, 1, 1, -ESTALE, "")});
  EXPECT_EQ(-ESTALE, udrv_client_call(client_, 1, nullptr, 0, nullptr, 0, nullptr,
                                      nullptr, nullptr, 1000));
  Queue({Frame(UDRV_MSG_REPLY, 1, 2, 0, "too long")});
  char buf[4];
  EXPECT_EQ(-EMSGSIZE, udrv_client_call(client_, 1, nullptr, 0, buf, sizeof(buf),
                                        nullptr, nullptr, nullptr, 1000));
}

TEST_F(ClientTest, UnhandledUpcallIsAnsweredNotSupported) {
  Queue({Frame(UDRV_MSG_UPCALL, 3, 9, 0, ""), Frame(UDRV_MSG_REPLY, 1, 1, 0, "")});
  EXPECT_EQ(0, udrv_client_call(client_, 1, nullptr, 0, nullptr, 0, nullptr,
                                nullptr, nullptr, 1000));
  auto w = Written();
  ASSERT_EQ(2u, w.size());
  EXPECT_EQ(9u, w[1].hdr.seq);
  EXPECT_EQ(-EOPNOTSUPP, w[1].hdr.status);
}

TEST_F(ClientTest, CallTimesOutWithoutAReply) {
  EXPECT_EQ(-ETIMEDOUT, udrv_client_call(client_, 1, nullptr, 0, nullptr, 0,
                                         nullptr, nullptr, nullptr, 20));
}

TEST_F(ClientTest, TranslatesOnlyMappedRegions) {
  uint32_t index;
  uint64_t off;
  int x;
  EXPECT_EQ(-ENOENT, udrv_client_locate(client_, &x, &index, &off));
  EXPECT_EQ(nullptr, udrv_client_addr(client_, 0, 0));
  EXPECT_EQ(nullptr, udrv_client_addr(client_, UDRV_MAX_REGIONS, 0));
}

}  // namespace

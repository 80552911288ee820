// Overlapping crossings (sdt.h, "Keeping both copies of an object's data
// right"): each half changes its copy between crossings and messages cross
// in flight; a receiver applies only what the sender changed. A Point's x
// plays a queue's XOFF bit (the user half clears it), y a ring index (the
// kernel's data path advances it).
#include "test_support.h"

using namespace mtest_support;

namespace {

struct Side {
  explicit Side(int direction) : direction(direction) {}
  Tracker tracker;
  int direction;  // of the messages this side sends
};

struct Message {
  Bytes bytes;
};

// One object of @type as the root of a message from @from.
Message encodeRoot(Side &from, void *obj, const sdm_type *type) {
  Context c(&from.tracker.t);
  c.ctx.direction = from.direction;
  sdm_root root = {obj, type, 0};
  Message m{Bytes(1 << 14)};
  size_t n = sdm_encode(&c.ctx, m.bytes.data(), m.bytes.size(), &root, 1, nullptr, 0);
  EXPECT_NE(0u, n) << c.ctx.error_where;
  m.bytes.resize(n);
  return m;
}

// The root of @m as @to receives it (@to sends the other way).
void *decodeRoot(Side &to, const Message &m) {
  Context c(&to.tracker.t);
  c.ctx.direction = to.direction == SDM_TO_USER ? SDM_TO_KERNEL : SDM_TO_USER;
  sdm_root root{};
  uint32_t n = 0;
  EXPECT_EQ(0, sdm_decode(&c.ctx, m.bytes.data(), m.bytes.size(), &root, 1, &n))
      << c.ctx.error_where;
  return root.ptr;
}

class Sync : public ::testing::Test {
 protected:
  Side kernel{SDM_TO_USER}, user{SDM_TO_KERNEL};
  mt_Point kp{};       // the kernel's object
  mt_Point *up = nullptr;  // the user half's copy

  Message encode(Side &from, void *obj) { return encodeRoot(from, obj, &mt_Point_type); }
  mt_Point *decode(Side &to, const Message &m) {
    return static_cast<mt_Point *>(decodeRoot(to, m));
  }
  // The object crosses to the user half and back: both sides know it.
  void pair() {
    up = decode(user, encode(kernel, &kp));
    ASSERT_NE(nullptr, up);
    ASSERT_EQ(&kp, decode(kernel, encode(user, up)));
  }
};

// The e1000 race: ndo_open's reply (XOFF cleared) is on its way while the
// kernel sends a watchdog upcall with its older copy (XOFF set) and the
// data path moves on. Nobody may lose: the queue stays started, the ring
// index stays the kernel's.
TEST_F(Sync, CrossingMessagesKeepEachSidesChanges) {
  kp.x = 1;
  pair();
  up->x = 0;                              // netif_start_queue in the user half
  Message openReply = encode(user, up);   // in flight
  kp.y = 5;                               // xmit advances the ring
  Message watchdog = encode(kernel, &kp);  // carries x = 1, the kernel's view
  kp.y = 6;

  decode(kernel, openReply);
  EXPECT_EQ(0, kp.x) << "the user half's change arrives";
  EXPECT_EQ(6, kp.y) << "the reply does not roll the ring back";

  decode(user, watchdog);
  EXPECT_EQ(0, up->x) << "the upcall's older x is not the kernel's change";
  EXPECT_EQ(5, up->y) << "the kernel's change arrives";

  decode(kernel, encode(user, up));  // the watchdog's reply
  EXPECT_EQ(0, kp.x) << "the queue stays started";
  EXPECT_EQ(6, kp.y);
}

// The user half's message left before the kernel's change reached it and
// only echoed the old value; the kernel then set the field back. Judged
// against the echo, the kernel's change looked like no change and the user
// half kept the middle value, which its next message then pushed onto the
// kernel as a change of its own (e1000: a freed skb back in a tx slot, freed
// again by the next ring cleanup).
TEST_F(Sync, AnEchoDoesNotHideThePeersLaterChange) {
  pair();                              // both hold y = 0
  Message echo = encode(user, up);     // an upcall's reply: y untouched
  kp.y = 5;                            // xmit fills the slot
  Message filled = encode(kernel, &kp);
  decode(kernel, echo);
  ASSERT_EQ(5, kp.y) << "the echo is not a change";
  decode(user, filled);
  ASSERT_EQ(5, up->y);
  kp.y = 0;                            // the completion frees it
  decode(user, encode(kernel, &kp));   // acknowledges the echo
  EXPECT_EQ(0, up->y) << "the kernel's change arrives";
  decode(kernel, encode(user, up));
  EXPECT_EQ(0, kp.y) << "and nothing stale comes back";
}

// The peer really writes back a value this side sent earlier: it had seen
// the newer one (ack), so the old value is its change, not an echo.
TEST_F(Sync, AValueTheSenderHadSentBeforeIsAppliedWhenThePeerSawTheNewerOne) {
  kp.x = 1;
  pair();
  kp.x = 2;
  decode(user, encode(kernel, &kp));
  ASSERT_EQ(2, up->x);
  up->x = 1;  // the user half sets it back, knowing 2
  decode(kernel, encode(user, up));
  EXPECT_EQ(1, kp.x);
}

// Two kernel threads send; the user half decodes the newer message first:
// the older one's copy of the object must not land on top.
TEST_F(Sync, AnOlderMessageDecodedLaterDoesNotOverwriteANewerOne) {
  pair();
  kp.y = 1;
  Message older = encode(kernel, &kp);
  kp.y = 2;
  Message newer = encode(kernel, &kp);
  uint64_t ackBefore = sdt_ack(&user.tracker.t);
  decode(user, newer);
  EXPECT_EQ(2, up->y);
  EXPECT_EQ(ackBefore, sdt_ack(&user.tracker.t))
      << "the older message is not acknowledged before it is applied";
  decode(user, older);
  EXPECT_EQ(2, up->y) << "the older message's object is stale";
  EXPECT_EQ(ackBefore + 2, sdt_ack(&user.tracker.t));
}

// A field neither side changed since the last crossing keeps flowing the
// usual way: a plain change on one side reaches the other, both ways.
TEST_F(Sync, PlainChangesCrossBothWays) {
  pair();
  for (int i = 1; i <= 6; ++i) {
    kp.y = i;
    decode(user, encode(kernel, &kp));
    EXPECT_EQ(i, up->y);
    up->x = 10 * i;
    decode(kernel, encode(user, up));
    EXPECT_EQ(10 * i, kp.x);
    EXPECT_EQ(i, kp.y);
  }
}

// More messages in flight than versions are kept: the one the peer had
// applied is gone, so nothing tells its changes from echoes and every field
// is applied (what every crossing did before sync).
TEST_F(Sync, WithoutTheVersionThePeerSawEveryFieldIsApplied) {
  pair();
  kp.y = 100;
  decode(user, encode(kernel, &kp));
  up->x = 7;
  Message reply = encode(user, up);  // acknowledges y = 100
  for (int i = 1; i <= SDT_SYNC_SENT; ++i) {
    kp.y = 100 + i;
    encode(kernel, &kp);  // in flight: they push y = 100's version out
  }
  decode(kernel, reply);
  EXPECT_EQ(7, kp.x);
  EXPECT_EQ(100, kp.y) << "applied: the version it could be compared with is gone";
}

// An object reference is judged by the object it names, not by the
// message's index: the asix bind set priv->phydev in the user half, and an
// MDIO upcall carrying the kernel's older copy of priv (phydev NULL) put
// NULL back (phy_suspend(NULL) oopsed).
class SyncRefs : public ::testing::Test {
 protected:
  static constexpr size_t kBar = 0x8000;
  Side kernel{SDM_TO_USER}, user{SDM_TO_KERNEL};
  std::vector<uint8_t> kbar = std::vector<uint8_t>(kBar), ubar = std::vector<uint8_t>(kBar);
  mt_graph_fixture g;

  SyncRefs() {
    EXPECT_EQ(0, sdt_add_region(&kernel.tracker.t, 0, reinterpret_cast<uintptr_t>(kbar.data()),
                                kBar));
    EXPECT_EQ(0, sdt_add_region(&user.tracker.t, 0, reinterpret_cast<uintptr_t>(ubar.data()),
                                kBar));
    mt_fixture_graph(&g, kbar.data());
    // Strings and arrays land in each message's arena: none here.
    g.adapter.firmware = nullptr;
    g.dev.name = nullptr;
  }
  Message encode(Side &from, mt_Adapter *a) { return encodeRoot(from, a, &mt_Adapter_type); }
  mt_Adapter *decode(Side &to, const Message &m) {
    return static_cast<mt_Adapter *>(decodeRoot(to, m));
  }
};

TEST_F(SyncRefs, AReferenceOneSideSetIsNotRolledBackByThePeersOlderCopy) {
  g.adapter.tx_ring = nullptr;
  mt_Adapter *ua = decode(user, encode(kernel, &g.adapter));
  ASSERT_NE(nullptr, ua);
  ASSERT_EQ(&g.adapter, decode(kernel, encode(user, ua)));
  ua->tx_ring = ua->rings;                     // the user half sets it
  Message older = encode(kernel, &g.adapter);  // the kernel's copy: NULL
  decode(user, older);
  EXPECT_EQ(ua->rings, ua->tx_ring) << "the kernel did not change it";
  decode(kernel, encode(user, ua));
  EXPECT_EQ(g.rings, g.adapter.tx_ring) << "the user half's change arrives";
  // A change of the kernel's own still crosses, to NULL or to an object.
  g.adapter.tx_ring = nullptr;
  decode(user, encode(kernel, &g.adapter));
  EXPECT_EQ(nullptr, ua->tx_ring);
  g.adapter.tx_ring = g.rings;
  decode(user, encode(kernel, &g.adapter));
  EXPECT_EQ(ua->rings, ua->tx_ring);
}

TEST(SyncTracker, AckIsTheHighestNumberBelowWhichAllWereApplied) {
  Tracker t;
  sdt_applied(&t.t, 2);
  EXPECT_EQ(0u, sdt_ack(&t.t));
  sdt_applied(&t.t, 1);
  EXPECT_EQ(2u, sdt_ack(&t.t));
  sdt_applied(&t.t, 2);
  EXPECT_EQ(2u, sdt_ack(&t.t)) << "applying twice changes nothing";
  sdt_applied(&t.t, 4);
  EXPECT_EQ(2u, sdt_ack(&t.t)) << "3 is missing";
  // A message that never comes holds the ack back for one window only.
  sdt_applied(&t.t, 3 + 64 + 1);
  EXPECT_EQ(4u, sdt_ack(&t.t));
  for (uint64_t s = 5; s <= 68; ++s) sdt_applied(&t.t, s);
  EXPECT_EQ(68u, sdt_ack(&t.t));
}

TEST(SyncTracker, VersionsGoOnceThePeerHoldsNewerData) {
  Tracker t;
  void *obj = nullptr;
  ASSERT_EQ(0, sdt_receive(&t.t, 0x1000, 0, 77, 8, 1, &obj));
  sdt_entry *e = sdt_find_local(&t.t, reinterpret_cast<uintptr_t>(obj));
  ASSERT_NE(nullptr, e);
  sdt_sync *s = sdt_sync_of(&t.t, e, 77, 0, 8);
  ASSERT_NE(nullptr, s);
  bool stale = true;
  EXPECT_EQ(nullptr, sdt_sync_base(s, 1, 0, &stale)) << "nothing known yet";
  EXPECT_FALSE(stale);

  const uint8_t peer[8] = {1};
  sdt_sync_received(s, 1, 0, peer);
  for (uint64_t seq : {1, 2}) {
    uint8_t *version = sdt_sync_sending(s, seq);
    memset(version, static_cast<int>(seq + 1), 8);
    sdt_sync_sent(s, version);
  }
  EXPECT_EQ(s->data, sdt_sync_base(s, 2, 0, &stale)) << "the peer saw none of ours";
  EXPECT_EQ(2, sdt_sync_base(s, 3, 1, &stale)[0]) << "it saw our first";
  EXPECT_EQ(3, sdt_sync_base(s, 3, 2, &stale)[0]) << "it saw both";
  sdt_sync_base(s, 1, 2, &stale);
  EXPECT_TRUE(stale) << "peer message 1 was applied already";

  sdt_sync_received(s, 3, 1, peer);
  EXPECT_EQ(0u, s->v.sent_seq[0]) << "version 1 is older than what the peer holds";
  EXPECT_EQ(2u, s->v.sent_seq[1]);
  EXPECT_EQ(s, sdt_sync_of(&t.t, e, 77, 0, 8));
  sdt_sync *resized = sdt_sync_of(&t.t, e, 77, 0, 16);
  ASSERT_NE(nullptr, resized);
  EXPECT_EQ(0u, resized->v.peer_seq) << "another shape starts over";
  EXPECT_EQ(resized, e->sync);
  EXPECT_EQ(nullptr, resized->next) << "the old record went";
}

}  // namespace

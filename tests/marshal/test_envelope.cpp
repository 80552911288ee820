// Object graphs across the boundary: the kernel side encodes with one codec,
// the user side decodes with the other (both pairings), each with its own
// object tracker. Cycles, aliases, arrays, strings, opaque and region
// pointers, updates in place, lifetime and stale references.
#include <deque>
#include <memory>

#include "graph.capnp.h"
#include "test_support.h"

using namespace mtest_support;

namespace {

constexpr size_t kBar = 0x4000;

enum class Codec { C, Cxx };

// One half of the boundary: its tracker, its mapping of the shared region,
// and the direction of the messages it sends.
struct Side {
  Side(uint8_t *bar, bool isKernel)
      : sends(isKernel ? SDM_TO_USER : SDM_TO_KERNEL),
        receives(isKernel ? SDM_TO_KERNEL : SDM_TO_USER) {
    EXPECT_EQ(0, sdt_add_region(&tracker.t, 0, reinterpret_cast<uintptr_t>(bar), kBar));
  }
  Tracker tracker;
  int sends;
  int receives;
};

Bytes send(Codec codec, Side &side, const sdm_root *roots, uint32_t nroots,
           int expectError = 0) {
  Context c(&side.tracker.t);
  c.ctx.direction = side.sends;
  uint64_t freed[16];
  uint32_t nfreed = sdt_take_freed(&side.tracker.t, freed, 16);
  Bytes out;
  if (codec == Codec::C) {
    Bytes buf(1 << 16);
    size_t n = sdm_encode(&c.ctx, buf.data(), buf.size(), roots, nroots, freed, nfreed);
    buf.resize(n);
    out = buf;
  } else {
    capnp::MallocMessageBuilder mb(1 << 13);
    sdm::EnvelopeCodec codecCxx(mt_cxx_types);
    codecCxx.encode(&c.ctx, mb, roots, nroots, freed, nfreed);
    if (!c.ctx.error) out = flatten(mb);
  }
  EXPECT_EQ(expectError, c.ctx.error) << (c.ctx.error_where ? c.ctx.error_where : "");
  return out;
}

// Inline Text, Data and lists of received objects live in the context's
// arena, so the context lives as long as the test looks at them.
struct Received {
  std::unique_ptr<Context> context;
  int error = 0;
  std::string where;
  std::vector<sdm_root> roots;
};

Received receive(Codec codec, Side &side, const Bytes &b) {
  Received r;
  r.context = std::make_unique<Context>(&side.tracker.t);
  Context &c = *r.context;
  c.ctx.direction = side.receives;
  r.roots.resize(8);
  uint32_t n = 0;
  if (codec == Codec::C) {
    r.error = sdm_decode(&c.ctx, b.data(), b.size(), r.roots.data(), 8, &n);
  } else {
    Aligned a(b);
    capnp::FlatArrayMessageReader reader(a.ptr());
    sdm::EnvelopeCodec codecCxx(mt_cxx_types);
    r.error = codecCxx.decode(&c.ctx, reader, r.roots.data(), 8, &n);
  }
  r.roots.resize(n);
  r.where = c.ctx.error_where ? c.ctx.error_where : "";
  return r;
}

class Envelope : public ::testing::TestWithParam<std::pair<Codec, Codec>> {
 protected:
  void SetUp() override {
    mt_fixture_graph(&g, kbar);
    root = {&g.dev, &mt_Device_type, 1};
  }
  Codec kernelCodec() const { return GetParam().first; }
  Codec userCodec() const { return GetParam().second; }

  mt_Device *sendDeviceToUser() {
    Bytes b = send(kernelCodec(), kernel, &root, 1);
    Received &r = received.emplace_back(receive(userCodec(), user, b));
    EXPECT_EQ(0, r.error) << r.where;
    if (r.roots.size() != 1) return nullptr;
    EXPECT_EQ(&mt_Device_type, r.roots[0].type);
    return static_cast<mt_Device *>(r.roots[0].ptr);
  }

  uint8_t kbar[kBar] = {};
  uint8_t ubar[kBar] = {};
  Side kernel{kbar, true};
  Side user{ubar, false};
  mt_graph_fixture g;
  sdm_root root;
  std::deque<Received> received;
};

TEST_P(Envelope, GraphArrivesWithCyclesAliasesAndTranslatedPointers) {
  mt_Device *dev = sendDeviceToUser();
  ASSERT_NE(nullptr, dev);
  EXPECT_NE(&g.dev, dev);
  EXPECT_EQ(1500u, dev->mtu);
  EXPECT_STREQ("eth7", dev->name);
  mt_Adapter *ad = dev->priv;
  ASSERT_NE(nullptr, ad);
  EXPECT_EQ(dev, ad->netdev) << "netdev <-> adapter cycle";
  ASSERT_EQ(3u, ad->num_rings);
  EXPECT_EQ(ad->rings, ad->tx_ring) << "tx_ring aliases rings[0]";
  for (uint32_t i = 0; i < 3; i++) {
    EXPECT_EQ(ad, ad->rings[i].owner);
    EXPECT_EQ(256u << i, ad->rings[i].count);
    EXPECT_EQ(ubar + 0x1000 * (i + 1), ad->rings[i].desc) << "region rebased";
  }
  EXPECT_EQ(ubar + 0x100, ad->hw_addr);
  EXPECT_EQ(reinterpret_cast<void *>(0xfeedface12345678ull), ad->cookie) << "opaque untouched";
  EXPECT_EQ(22, ad->stats.y);
  ASSERT_NE(nullptr, ad->firmware);
  EXPECT_STREQ(g.firmware.version, ad->firmware->version);
  ASSERT_EQ(4u, ad->firmware->n_blocks);
  EXPECT_EQ(0xb10c0004u, ad->firmware->blocks[3]);
  // Device, adapter, ring array, string, firmware: five tracked objects.
  EXPECT_EQ(5u, user.tracker.t.live);
}

TEST_P(Envelope, BothCodecsProduceTheSameEnvelopeBytes) {
  Bytes c = send(Codec::C, kernel, &root, 1);
  kernel.tracker.t.send_seq--;  // the same message number again
  Bytes cxx = send(Codec::Cxx, kernel, &root, 1);
  EXPECT_EQ(c, cxx) << firstDifference(c, cxx) << "C:\n" << hexDump(c) << "C++:\n" << hexDump(cxx);
}

TEST_P(Envelope, ReplyUpdatesTheKernelsOwnObjectsInPlace) {
  mt_Device *dev = sendDeviceToUser();
  ASSERT_NE(nullptr, dev);
  dev->mtu = 9000;
  dev->priv->rings[1].next_to_use = 77;
  dev->priv->hw_addr = ubar + 0x200;
  sdm_root back = {dev, &mt_Device_type, 1};
  Bytes b = send(userCodec(), user, &back, 1);
  Received r = receive(kernelCodec(), kernel, b);
  ASSERT_EQ(0, r.error) << r.where;
  ASSERT_EQ(1u, r.roots.size());
  EXPECT_EQ(&g.dev, r.roots[0].ptr) << "looked up, not created";
  EXPECT_EQ(9000u, g.dev.mtu);
  EXPECT_EQ(77u, g.rings[1].next_to_use);
  EXPECT_EQ(kbar + 0x200, g.adapter.hw_addr);
  EXPECT_EQ(g.name, g.dev.name) << "string object kept its identity";
  EXPECT_EQ(&g.rings[0], g.adapter.tx_ring);
  EXPECT_EQ(5u, kernel.tracker.t.live) << "no new kernel objects";
}

TEST_P(Envelope, EmptyArrayTravelsAsNullWithoutReadingAnElement) {
  g.adapter.num_rings = 0;  // rings still points somewhere: nothing may be read there
  g.adapter.tx_ring = nullptr;
  mt_Device *dev = sendDeviceToUser();
  ASSERT_NE(nullptr, dev);
  EXPECT_EQ(0u, dev->priv->num_rings);
  EXPECT_EQ(nullptr, dev->priv->rings);
  EXPECT_EQ(4u, user.tracker.t.live) << "device, adapter, name, firmware: no ring array";
}

// A receiver that allocates its copy with the message gets every field:
// the copy starts as the sender's (the user half's copy of a net_device the
// kernel allocated would otherwise send its zeroed max_mtu back). Once both
// hold the object, a one-way field crosses only its way.
TEST_P(Envelope, OneWayFieldsCrossOnlyTheirWay) {
  g.adapter.link_speed = 1000;
  g.adapter.tx_packets = 12345;
  mt_Device *dev = sendDeviceToUser();
  ASSERT_NE(nullptr, dev);
  EXPECT_EQ(1000u, dev->priv->link_speed);
  EXPECT_EQ(12345u, dev->priv->tx_packets) << "a new copy starts as the sender's";
  g.adapter.tx_packets = 54321;
  Received again = receive(userCodec(), user, send(kernelCodec(), kernel, &root, 1));
  ASSERT_EQ(0, again.error) << again.where;
  EXPECT_EQ(12345u, dev->priv->tx_packets) << "$toKernel field must not reach the user";
  dev->priv->tx_packets = 77;
  dev->priv->link_speed = 10;
  sdm_root back = {dev, &mt_Device_type, 1};
  Received k = receive(kernelCodec(), kernel, send(userCodec(), user, &back, 1));
  ASSERT_EQ(0, k.error) << k.where;
  EXPECT_EQ(77u, g.adapter.tx_packets);
  EXPECT_EQ(1000u, g.adapter.link_speed) << "$toUser field must not be overwritten on return";
}

TEST_P(Envelope, ObjectFreedByUserIsDroppedOnBothSides) {
  mt_Device *dev = sendDeviceToUser();
  ASSERT_NE(nullptr, dev);
  mt_Firmware *ufw = dev->priv->firmware;
  dev->priv->firmware = nullptr;
  ASSERT_EQ(0, sdt_free_local(&user.tracker.t, reinterpret_cast<uintptr_t>(ufw)));
  // Until the notice is delivered, a kernel message naming it is refused.
  Bytes stale = send(kernelCodec(), kernel, &root, 1);
  Received r = receive(userCodec(), user, stale);
  EXPECT_EQ(-ESTALE, r.error);
  EXPECT_EQ("Firmware", r.where);
  // The user's next message carries the notice; the kernel forgets its pairing.
  sdm_root back = {dev, &mt_Device_type, 1};
  Received k = receive(kernelCodec(), kernel, send(userCodec(), user, &back, 1));
  ASSERT_EQ(0, k.error) << k.where;
  EXPECT_EQ(nullptr, g.adapter.firmware) << "the user's NULL arrived";
  EXPECT_EQ(nullptr, sdt_find_local(&kernel.tracker.t, reinterpret_cast<uintptr_t>(&g.firmware)));
  // Sent again later, the firmware is a new object for the user.
  g.adapter.firmware = &g.firmware;
  mt_Device *again = sendDeviceToUser();
  ASSERT_NE(nullptr, again);
  EXPECT_EQ(dev, again);
  ASSERT_NE(nullptr, again->priv->firmware);
  EXPECT_EQ(4u, again->priv->firmware->n_blocks);
}

TEST_P(Envelope, PointerOutsideEveryRegionIsRefused) {
  uint8_t elsewhere[8];
  g.adapter.hw_addr = elsewhere;
  Bytes b = send(kernelCodec(), kernel, &root, 1, -EFAULT);
  EXPECT_TRUE(b.empty());
}

INSTANTIATE_TEST_SUITE_P(Pairings, Envelope,
                         ::testing::Values(std::make_pair(Codec::C, Codec::Cxx),
                                           std::make_pair(Codec::Cxx, Codec::C),
                                           std::make_pair(Codec::C, Codec::C)),
                         [](const auto &info) {
                           auto name = [](Codec c) { return c == Codec::C ? "C" : "Cxx"; };
                           return std::string("kernel") + name(info.param.first) + "_user" +
                                  name(info.param.second);
                         });

TEST(EnvelopeErrors, LengthFieldLargerThanTheArrayIsRefused) {
  uint8_t kbar[kBar], ubar[kBar];
  Side kernel(kbar, true), user(ubar, false);
  mt_graph_fixture g;
  mt_fixture_graph(&g, kbar);
  sdm_root root = {&g.dev, &mt_Device_type, 1};
  Bytes b = send(Codec::C, kernel, &root, 1);
  // Patch the adapter's numRings on the wire: 3 -> 4, beyond the ring array.
  Aligned a(b);
  capnp::FlatArrayMessageReader reader(a.ptr());
  capnp::MallocMessageBuilder copy;
  copy.setRoot(reader.getRoot<sdmarshal::Envelope>());
  for (auto ob : copy.getRoot<sdmarshal::Envelope>().getObjects())
    if (ob.getTypeId() == mt_Adapter_TYPE_ID)
      ob.getBody().getAs<capnp::List<mtest::Adapter>>()[0].setNumRings(4);
  Received r = receive(Codec::C, user, flatten(copy));
  EXPECT_EQ(-EPROTO, r.error);
  EXPECT_EQ("Adapter.rings", r.where);
}

TEST(EnvelopeErrors, UnknownTypeAndBadIndexAreRefused) {
  uint8_t ubar[kBar];
  Side user(ubar, false);
  capnp::MallocMessageBuilder mb;
  auto env = mb.initRoot<sdmarshal::Envelope>();
  auto ob = env.initObjects(1)[0];
  ob.setSenderAddr(0x1000);
  ob.setTypeId(0x1234);
  ob.setCount(1);
  Received r = receive(Codec::C, user, flatten(mb));
  EXPECT_EQ(-EPROTO, r.error);
  EXPECT_EQ("object.typeId (unknown type)", r.where);
  ob.setTypeId(mt_Point_TYPE_ID);
  ob.getBody().initAs<capnp::List<mtest::Point>>(1);
  env.initRoots(1).set(0, 2);
  Received r2 = receive(Codec::Cxx, user, flatten(mb));
  EXPECT_EQ(-EPROTO, r2.error);
  EXPECT_EQ("envelope.roots", r2.where);
}

TEST(EnvelopeErrors, ObjectCountIsCheckedAgainstItsBodyBeforeAllocating) {
  uint8_t ubar[kBar];
  for (Codec codec : {Codec::C, Codec::Cxx}) {
    Side user(ubar, false);
    capnp::MallocMessageBuilder mb;
    auto ob = mb.initRoot<sdmarshal::Envelope>().initObjects(1)[0];
    ob.setSenderAddr(0x1000);
    ob.setTypeId(mt_Point_TYPE_ID);
    ob.setCount(0x7fffffff);  // a hostile count with a one-element body
    ob.getBody().initAs<capnp::List<mtest::Point>>(1);
    Received r = receive(codec, user, flatten(mb));
    EXPECT_EQ(-EPROTO, r.error);
    EXPECT_EQ("object.count (body differs)", r.where);
    EXPECT_EQ(0u, user.tracker.t.live);
  }
}

TEST(EnvelopeErrors, ObjectsLargerThanTheLimitAreRefused) {
  uint8_t ubar[kBar];
  const uint32_t n = SDM_DEFAULT_MAX_OBJECT_BYTES / sizeof(mt_Point) + 1;
  for (Codec codec : {Codec::C, Codec::Cxx}) {
    Side user(ubar, false);
    capnp::MallocMessageBuilder mb;
    auto ob = mb.initRoot<sdmarshal::Envelope>().initObjects(1)[0];
    ob.setSenderAddr(0x1000);
    ob.setTypeId(mt_Point_TYPE_ID);
    ob.setCount(n);
    ob.getBody().initAs<capnp::List<mtest::Point>>(n);
    Received r = receive(codec, user, flatten(mb));
    EXPECT_EQ(-EMSGSIZE, r.error);
    EXPECT_EQ("Point", r.where);
  }
}

}  // namespace

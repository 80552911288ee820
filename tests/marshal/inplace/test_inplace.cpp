// The in-place C codec (description format version 2): generated C that
// reads and writes the driver's own structs (ip_types.h) instead of mirrors.
// Its messages round-trip between two halves with their own trackers, and
// they are the same Cap'n Proto as the mirror-struct C++ codec generated from
// the same description (`sdm-schema --mirror`): each codec decodes the
// other's bytes.
#include <capnp/message.h>
#include <capnp/serialize.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>

#include "ip_mirror_sdm_cxx.h"
#include "ip_sdm.h"
#include "ipp_sdm.h"
#include "ipl_sdm.h"

namespace {

int pollA(struct ip_adapter *) { return 1; }
int pollB(struct ip_adapter *) { return 2; }
int notInTheTable(struct ip_adapter *) { return 3; }
const struct ip_ops kOps = {pollA};

// The function and globals tables both halves generate (same entries, same
// order); a pointer crosses as its index.
const void *const kFunctions[] = {reinterpret_cast<const void *>(&pollA),
                                  reinterpret_cast<const void *>(&pollB)};
const void *const kGlobals[] = {&kOps};

struct Half {
  Half(uint8_t *region, size_t regionBytes, const sdm_type *const *types, uint32_t ntypes)
      : trackerMem((sdt_mem_bytes(64) + 7) / 8),
        ctxMem((sdm_ctx_mem_bytes(64, 1 << 16) + 7) / 8),
        types(types),
        ntypes(ntypes),
        symbols{kFunctions, 2, kGlobals, 1} {
    sdt_ops ops = {[](void *, size_t n) { return calloc(1, n); }, [](void *, void *p) { free(p); },
                   nullptr, nullptr};
    EXPECT_EQ(0, sdt_init(&tracker, trackerMem.data(), trackerMem.size() * 8, 64, &ops));
    EXPECT_EQ(0, sdt_add_region(&tracker, 0, reinterpret_cast<uintptr_t>(region), regionBytes));
  }
  ~Half() { sdt_destroy(&tracker); }
  sdm_ctx *ctx(int direction) {
    EXPECT_EQ(0, sdm_ctx_init(&context, ctxMem.data(), ctxMem.size() * 8, 64, &tracker, types,
                              ntypes));
    context.direction = direction;
    context.symbols = &symbols;
    return &context;
  }
  std::vector<uint64_t> trackerMem, ctxMem;
  const sdm_type *const *types;
  uint32_t ntypes;
  sdm_symbols symbols;
  sdt_tracker tracker;
  sdm_ctx context;
};

using Bytes = std::vector<uint8_t>;

Bytes encodeInPlace(sdm_ctx *ctx, void *root, const sdm_type *type) {
  sdm_root r = {root, type, 1};
  Bytes buf(1 << 14);
  size_t len = sdm_encode(ctx, buf.data(), buf.size(), &r, 1, nullptr, 0);
  EXPECT_GT(len, 0u) << "error " << ctx->error << " at " << (ctx->error_where ? ctx->error_where : "?");
  buf.resize(len);
  return buf;
}

void *decodeInPlace(sdm_ctx *ctx, const Bytes &bytes) {
  sdm_root got[1];
  uint32_t n = 0;
  int err = sdm_decode(ctx, bytes.data(), bytes.size(), got, 1, &n);
  EXPECT_EQ(0, err) << (ctx->error_where ? ctx->error_where : "?");
  return err || n != 1 ? nullptr : got[0].ptr;
}

// The kernel half's objects: every kind of member the description names.
struct KernelGraph {
  explicit KernelGraph(uint8_t *region) {
    *ip_netdev_priv(&netdev) = {0x1234, -7};
    netdev.mtu = 1500;
    const uint8_t mac[6] = {0x52, 0x54, 0, 0x12, 0x34, 0x56};
    memcpy(netdev.dev_addr, mac, sizeof(mac));
    netdev.priv = &adapter;
    netdev.name = name;
    netdev.hw_addr = hwAddr;
    netdev.hw_addr_len = 3;
    adapter.netdev = &netdev;
    adapter.rings = rings;
    adapter.num_rings = 2;
    adapter.poll = pollB;
    adapter.ops = &kOps;
    adapter.stats = {7, -3};
    adapter.history[0] = {100, 1};
    adapter.history[1] = {200, -2};
    adapter.link_up = 1;
    adapter.flow_control = 3;
    adapter.active = true;
    adapter.state = IP_RESETTING;
    adapter.temperature = -40;
    adapter.private_lock = 77;
    adapter.cookie = reinterpret_cast<void *>(0xdead0000ul);
    adapter.msg_enable = 0x55;
    adapter.reset_count = 9;
    for (unsigned i = 0; i < 2; i++) {
      rings[i].count = 256 << i;
      rings[i].next_to_use = static_cast<uint16_t>(i + 5);
      rings[i].desc = region + 0x100 * (i + 1);
      rings[i].adapter = &adapter;
    }
  }
  char name[8] = "ip0";
  uint8_t hwAddr[3] = {0xaa, 0xbb, 0xcc};
  // A netdev and its private area in one allocation (alloc_size bytes).
  alignas(16) unsigned char netdevMem[sizeof(struct ip_netdev) + 64] = {};
  struct ip_netdev &netdev = *new (netdevMem) ip_netdev{};
  struct ip_adapter adapter = {};
  struct ip_ring rings[2] = {};
};

class InPlace : public ::testing::Test {
 protected:
  uint8_t kregion[0x1000] = {}, uregion[0x1000] = {};
  Half kernel{kregion, sizeof(kregion), ip_sdm_types, ip_sdm_ntypes};
  Half user{uregion, sizeof(uregion), ip_sdm_types, ip_sdm_ntypes};
  Half userMirror{uregion, sizeof(uregion), ip_types, IP_NTYPES};
  KernelGraph k{kregion};

  // The kernel graph, encoded in place, decoded by the mirror C++ codec.
  ip_IpAdapter *userMirrorOfTheKernelGraph() {
    Bytes bytes = encodeInPlace(kernel.ctx(SDM_TO_USER), &k.adapter, &ip_sdm_type_ip_adapter);
    std::vector<capnp::word> words((bytes.size() + 7) / 8);
    memcpy(words.data(), bytes.data(), bytes.size());
    capnp::FlatArrayMessageReader reader(kj::arrayPtr(words.data(), words.size()));
    sdm_root got[1];
    uint32_t n = 0;
    int err = sdm::EnvelopeCodec(ip_cxx_types).decode(userMirror.ctx(SDM_TO_USER), reader, got, 1, &n);
    EXPECT_EQ(0, err);
    return err || n != 1 ? nullptr : static_cast<ip_IpAdapter *>(got[0].ptr);
  }
};

TEST_F(InPlace, UpcallCarriesTheDriversOwnStructs) {
  auto *u = static_cast<struct ip_adapter *>(
      decodeInPlace(user.ctx(SDM_TO_USER),
                    encodeInPlace(kernel.ctx(SDM_TO_USER), &k.adapter, &ip_sdm_type_ip_adapter)));
  ASSERT_NE(nullptr, u);
  EXPECT_NE(&k.adapter, u) << "the user half gets its own copy";
  ASSERT_NE(nullptr, u->netdev);
  EXPECT_EQ(u, u->netdev->priv) << "cycle adapter -> netdev -> adapter";
  EXPECT_EQ(1500u, u->netdev->mtu);
  EXPECT_EQ(0, memcmp(k.netdev.dev_addr, u->netdev->dev_addr, 6));
  EXPECT_STREQ("ip0", u->netdev->name);
  ASSERT_EQ(3u, u->netdev->hw_addr_len);
  ASSERT_NE(nullptr, u->netdev->hw_addr);
  EXPECT_NE(k.hwAddr, u->netdev->hw_addr) << "a byte array is copied, not its address";
  EXPECT_EQ(0xcc, u->netdev->hw_addr[2]);
  ASSERT_EQ(2u, u->num_rings);
  EXPECT_EQ(u, u->rings[1].adapter);
  EXPECT_EQ(512u, u->rings[1].count);
  EXPECT_EQ(6u, u->rings[1].next_to_use);
  EXPECT_EQ(uregion + 0x200, u->rings[1].desc) << "regions are rebased";
  EXPECT_EQ(&pollB, u->poll);
  EXPECT_EQ(&kOps, u->ops);
  EXPECT_EQ(7u, u->stats.rx_packets);
  EXPECT_EQ(-3, u->stats.errors);
  EXPECT_EQ(200u, u->history[1].rx_packets);
  EXPECT_EQ(-2, u->history[1].errors);
  EXPECT_EQ(1u, u->link_up);
  EXPECT_EQ(3u, u->flow_control);
  EXPECT_TRUE(u->active);
  EXPECT_EQ(IP_RESETTING, u->state);
  EXPECT_EQ(-40, u->temperature);
  EXPECT_EQ(0, u->private_lock) << "a local member never travels";
  EXPECT_EQ(reinterpret_cast<void *>(0xdead0000ul), u->cookie);
  EXPECT_EQ(0x55u, u->msg_enable);
  EXPECT_EQ(9u, u->reset_count) << "a new copy starts as the sender's, to-kernel members too";
  // Once the user half holds it, a to-kernel member no longer comes.
  k.adapter.reset_count = 5;
  decodeInPlace(user.ctx(SDM_TO_USER),
                encodeInPlace(kernel.ctx(SDM_TO_USER), &k.adapter, &ip_sdm_type_ip_adapter));
  EXPECT_EQ(9u, u->reset_count) << "a to-kernel member does not go to the user";
}

TEST_F(InPlace, ReplyUpdatesTheKernelsObjectsOnlyWhereTheUserOwns) {
  auto *u = static_cast<struct ip_adapter *>(
      decodeInPlace(user.ctx(SDM_TO_USER),
                    encodeInPlace(kernel.ctx(SDM_TO_USER), &k.adapter, &ip_sdm_type_ip_adapter)));
  ASSERT_NE(nullptr, u);
  u->reset_count = 10;
  u->msg_enable = 0x99;
  u->temperature = 12;
  u->flow_control = 1;
  u->link_up = 0;
  u->netdev->mtu = 9000;
  u->rings[0].next_to_use = 77;
  u->poll = pollA;
  void *back = decodeInPlace(kernel.ctx(SDM_TO_KERNEL),
                             encodeInPlace(user.ctx(SDM_TO_KERNEL), u, &ip_sdm_type_ip_adapter));
  EXPECT_EQ(&k.adapter, back) << "the reply lands in the kernel's own object";
  EXPECT_EQ(10u, k.adapter.reset_count);
  EXPECT_EQ(0x55u, k.adapter.msg_enable) << "to-user member stays the kernel's";
  EXPECT_EQ(12, k.adapter.temperature);
  EXPECT_EQ(1u, k.adapter.flow_control);
  EXPECT_EQ(0u, k.adapter.link_up);
  EXPECT_EQ(9000u, k.netdev.mtu);
  EXPECT_EQ(77u, k.rings[0].next_to_use);
  EXPECT_EQ(&pollA, k.adapter.poll);
  EXPECT_EQ(77, k.adapter.private_lock) << "a local member is never overwritten";
  EXPECT_EQ(k.name, k.netdev.name) << "the same string object";
  EXPECT_EQ(k.hwAddr, k.netdev.hw_addr) << "the same byte array object";
}

TEST_F(InPlace, MirrorCodecReadsTheInPlaceBytesAndBack) {
  sdm::EnvelopeCodec codec(ip_cxx_types);
  ip_IpAdapter *m = userMirrorOfTheKernelGraph();
  ASSERT_NE(nullptr, m);
  EXPECT_EQ(m, m->netdev->priv);
  EXPECT_EQ(1500u, m->netdev->mtu);
  ASSERT_EQ(6u, m->netdev->n_dev_addr);
  EXPECT_EQ(0x56, m->netdev->dev_addr[5]);
  ASSERT_EQ(3u, m->netdev->hw_addr_len);
  EXPECT_EQ(0xbb, m->netdev->hw_addr[1]);
  ASSERT_EQ(2u, m->n_history);
  EXPECT_EQ(100u, m->history[0].rx_packets);
  EXPECT_EQ(reinterpret_cast<const void *>(&pollB), m->poll);
  EXPECT_EQ(&kOps, m->ops);
  EXPECT_TRUE(m->link_up);
  EXPECT_EQ(3u, m->flow_control);
  EXPECT_EQ(static_cast<uint32_t>(IP_RESETTING), m->state);
  EXPECT_EQ(-40, m->temperature);
  EXPECT_EQ(uregion + 0x100, m->rings[0].desc);

  m->reset_count = 4;
  m->history[1].errors = 5;
  m->netdev->dev_addr[0] = 0x02;
  capnp::MallocMessageBuilder mb;
  sdm_root back = {m, &ip_IpAdapter_type, 1};
  ASSERT_EQ(0, codec.encode(userMirror.ctx(SDM_TO_KERNEL), mb, &back, 1, nullptr, 0));
  auto flat = capnp::messageToFlatArray(mb);
  Bytes reply(flat.asBytes().begin(), flat.asBytes().end());
  EXPECT_EQ(&k.adapter, decodeInPlace(kernel.ctx(SDM_TO_KERNEL), reply));
  EXPECT_EQ(4u, k.adapter.reset_count);
  EXPECT_EQ(5, k.adapter.history[1].errors);
  EXPECT_EQ(0x02, k.netdev.dev_addr[0]);
}

TEST_F(InPlace, AnInlineArrayOfAnotherLengthIsRefused) {
  sdm::EnvelopeCodec codec(ip_cxx_types);
  ip_IpAdapter *m = userMirrorOfTheKernelGraph();
  ASSERT_NE(nullptr, m);
  m->netdev->n_dev_addr = 5;  // a sender whose dev_addr is not 6 bytes
  capnp::MallocMessageBuilder mb;
  sdm_root back = {m, &ip_IpAdapter_type, 1};
  ASSERT_EQ(0, codec.encode(userMirror.ctx(SDM_TO_KERNEL), mb, &back, 1, nullptr, 0));
  auto flat = capnp::messageToFlatArray(mb);
  sdm_ctx *ctx = kernel.ctx(SDM_TO_KERNEL);
  sdm_root out[1];
  uint32_t n = 0;
  EXPECT_NE(0, sdm_decode(ctx, flat.asBytes().begin(), flat.asBytes().size(), out, 1, &n));
  EXPECT_EQ(-EPROTO, ctx->error);
  EXPECT_STREQ("IpNetdev.devAddr", ctx->error_where);
}

TEST_F(InPlace, AFunctionOutsideTheTableIsRefusedBySender) {
  k.adapter.poll = notInTheTable;
  sdm_root r = {&k.adapter, &ip_sdm_type_ip_adapter, 1};
  Bytes buf(1 << 14);
  sdm_ctx *ctx = kernel.ctx(SDM_TO_USER);
  EXPECT_EQ(0u, sdm_encode(ctx, buf.data(), buf.size(), &r, 1, nullptr, 0));
  EXPECT_EQ(-EFAULT, ctx->error);
  EXPECT_STREQ("IpAdapter.poll", ctx->error_where);
}

TEST_F(InPlace, AKernelPointerNoTableHoldsStaysTheKernels) {
  k.adapter.poll = notInTheTable;  // a kernel default the user half cannot name
  sdm_ctx *kctx = kernel.ctx(SDM_TO_USER);
  kctx->side = SDM_SIDE_KERNEL;
  auto *u = static_cast<struct ip_adapter *>(
      decodeInPlace(user.ctx(SDM_TO_USER), encodeInPlace(kctx, &k.adapter, &ip_sdm_type_ip_adapter)));
  ASSERT_NE(nullptr, u);
  EXPECT_EQ(SDM_FOREIGN_POINTER, reinterpret_cast<void *>(u->poll)) << "faults if the user half calls it";
  u->temperature = 1;
  sdm_ctx *back = kernel.ctx(SDM_TO_KERNEL);
  back->side = SDM_SIDE_KERNEL;
  EXPECT_EQ(&k.adapter,
            decodeInPlace(back, encodeInPlace(user.ctx(SDM_TO_KERNEL), u, &ip_sdm_type_ip_adapter)));
  EXPECT_EQ(&notInTheTable, k.adapter.poll) << "the kernel keeps its own pointer";
  EXPECT_EQ(1, k.adapter.temperature);
}

// ipp.marshal.json: a netdev whose private area (ip_netdev_priv, as
// netdev_priv) is a computed field: no member points to it, yet it travels
// inside the netdev's allocation and comes back into the kernel's own.
TEST_F(InPlace, APrivateAreaTravelsInsideItsOwnersAllocation) {
  Half kpriv{kregion, sizeof(kregion), ipp_sdm_types, ipp_sdm_ntypes};
  Half upriv{uregion, sizeof(uregion), ipp_sdm_types, ipp_sdm_ntypes};
  auto *u = static_cast<struct ip_netdev *>(decodeInPlace(
      upriv.ctx(SDM_TO_USER),
      encodeInPlace(kpriv.ctx(SDM_TO_USER), &k.netdev, &ipp_sdm_type_ip_netdev)));
  ASSERT_NE(nullptr, u);
  EXPECT_EQ(1500u, u->mtu);
  EXPECT_EQ(0x1234u, ip_netdev_priv(u)->rx_packets) << "the private area travels";
  EXPECT_EQ(-7, ip_netdev_priv(u)->errors);
  ip_netdev_priv(u)->errors = 99;
  u->mtu = 576;
  EXPECT_EQ(&k.netdev, decodeInPlace(kpriv.ctx(SDM_TO_KERNEL),
                                     encodeInPlace(upriv.ctx(SDM_TO_KERNEL), u,
                                                   &ipp_sdm_type_ip_netdev)));
  EXPECT_EQ(99, ip_netdev_priv(&k.netdev)->errors) << "into the kernel's own private area";
  EXPECT_EQ(576u, k.netdev.mtu);
}

void watchdogTask(struct work_struct *) {}
void resetTask(struct work_struct *) {}

// The user half's probe initialises a work item inside a shared object; the
// kernel's copy must run the kernel's entry for the same handler, set up
// once, and never be re-initialised while it may be queued.
TEST_F(InPlace, AWorkItemIsInitialisedOnceWithTheReceiversHandler) {
  static const void *const uFns[] = {reinterpret_cast<const void *>(&pollA),
                                     reinterpret_cast<const void *>(&resetTask),
                                     reinterpret_cast<const void *>(&watchdogTask)};
  static const void *const kFns[] = {reinterpret_cast<const void *>(&pollA),
                                     reinterpret_cast<const void *>(&pollB),  // the stubs
                                     reinterpret_cast<const void *>(&notInTheTable)};
  Half kpriv{kregion, sizeof(kregion), ipp_sdm_types, ipp_sdm_ntypes};
  Half upriv{uregion, sizeof(uregion), ipp_sdm_types, ipp_sdm_ntypes};
  kpriv.symbols = {kFns, 3, kGlobals, 1};
  upriv.symbols = {uFns, 3, kGlobals, 1};
  auto *u = static_cast<struct ip_netdev *>(decodeInPlace(
      upriv.ctx(SDM_TO_USER),
      encodeInPlace(kpriv.ctx(SDM_TO_USER), &k.netdev, &ipp_sdm_type_ip_netdev)));
  ASSERT_NE(nullptr, u);
  EXPECT_EQ(nullptr, u->priv_watchdog.work.func) << "nothing to initialise from";
  INIT_DELAYED_WORK(&u->priv_watchdog, watchdogTask);
  INIT_WORK(&u->priv_reset, resetTask);
  for (int round = 0; round < 2; round++) {
    sdm_ctx *ctx = kpriv.ctx(SDM_TO_KERNEL);
    ctx->side = SDM_SIDE_KERNEL;
    EXPECT_EQ(&k.netdev, decodeInPlace(ctx, encodeInPlace(upriv.ctx(SDM_TO_KERNEL), u,
                                                          &ipp_sdm_type_ip_netdev)));
    EXPECT_EQ(reinterpret_cast<work_func_t>(&notInTheTable), k.netdev.priv_watchdog.work.func);
    EXPECT_EQ(reinterpret_cast<work_func_t>(&pollB), k.netdev.priv_reset.func);
    EXPECT_EQ(1, k.netdev.priv_watchdog.work.inits) << "initialised once, round " << round;
    EXPECT_EQ(1, k.netdev.priv_reset.inits);
  }
  sdm_ctx *back = kpriv.ctx(SDM_TO_USER);
  back->side = SDM_SIDE_KERNEL;
  decodeInPlace(upriv.ctx(SDM_TO_USER), encodeInPlace(back, &k.netdev, &ipp_sdm_type_ip_netdev));
  EXPECT_EQ(&watchdogTask, u->priv_watchdog.work.func);
  EXPECT_EQ(1, u->priv_watchdog.work.inits) << "the user half's copy is left alone";
}

// The kernel's data path advances a ring while a control-path upcall runs
// in the user half: the reply must not roll back what the user half left as
// it was sent, yet must apply what it changed.
TEST_F(InPlace, AReplyAppliesOnlyWhatTheUserHalfChanged) {
  sdm_ctx *out = kernel.ctx(SDM_TO_USER);
  out->side = SDM_SIDE_KERNEL;
  auto *u = static_cast<struct ip_adapter *>(
      decodeInPlace(user.ctx(SDM_TO_USER), encodeInPlace(out, &k.adapter, &ip_sdm_type_ip_adapter)));
  ASSERT_NE(nullptr, u);
  k.rings[0].next_to_use = 40;  // the data path, meanwhile
  k.adapter.temperature = 33;
  u->rings[0].count = 1024;     // the user half's own change
  for (int round = 0; round < 2; round++) {
    sdm_ctx *in = kernel.ctx(SDM_TO_KERNEL);
    in->side = SDM_SIDE_KERNEL;
    EXPECT_EQ(&k.adapter,
              decodeInPlace(in, encodeInPlace(user.ctx(SDM_TO_KERNEL), u, &ip_sdm_type_ip_adapter)));
    EXPECT_EQ(40u, k.rings[0].next_to_use) << "not rolled back, round " << round;
    EXPECT_EQ(33, k.adapter.temperature) << "round " << round;
    // The user half's change applies once; resent unchanged, it does not
    // undo what the kernel did after it.
    EXPECT_EQ(round == 0 ? 1024u : 512u, k.rings[0].count) << "round " << round;
    k.rings[0].count = 512;
  }
}

// e1000_configure_rx runs in the kernel half and sets adapter->clean_rx for
// jumbo frames while the user half holds the old handler: a reply that
// carries the user half's unchanged copy must not put the old one back; a
// handler the user half set must arrive.
TEST_F(InPlace, AFunctionPointerTheKernelSetMeanwhileIsNotRolledBack) {
  auto *u = static_cast<struct ip_adapter *>(decodeInPlace(
      user.ctx(SDM_TO_USER), encodeInPlace(kernel.ctx(SDM_TO_USER), &k.adapter, &ip_sdm_type_ip_adapter)));
  ASSERT_NE(nullptr, u);
  ASSERT_EQ(&pollB, u->poll);
  k.adapter.poll = pollA;  // the kernel half's own change
  auto reply = [&] {
    return decodeInPlace(kernel.ctx(SDM_TO_KERNEL),
                         encodeInPlace(user.ctx(SDM_TO_KERNEL), u, &ip_sdm_type_ip_adapter));
  };
  ASSERT_EQ(&k.adapter, reply());
  EXPECT_EQ(&pollA, k.adapter.poll) << "the user half's unchanged copy is not applied";
  decodeInPlace(user.ctx(SDM_TO_USER), encodeInPlace(kernel.ctx(SDM_TO_USER), &k.adapter, &ip_sdm_type_ip_adapter));
  EXPECT_EQ(&pollA, u->poll) << "the kernel's change arrives";
  u->poll = pollB;  // now the user half changes it
  ASSERT_EQ(&k.adapter, reply());
  EXPECT_EQ(&pollB, k.adapter.poll);
}

// e1000's statistics live in a struct nested by value in the adapter: the
// user half's watchdog adds clear-on-read counters to them while an upcall
// from another kernel thread carries the kernel's older copy, and the
// kernel's data path counts into the net_device's while a reply is on its
// way. Members of nested structs and of inline arrays of structs are judged
// like the object's own: neither side's change is rolled back.
TEST_F(InPlace, NestedStructsKeepEachSidesChanges) {
  sdm_ctx *out = kernel.ctx(SDM_TO_USER);
  auto *u = static_cast<struct ip_adapter *>(
      decodeInPlace(user.ctx(SDM_TO_USER), encodeInPlace(out, &k.adapter, &ip_sdm_type_ip_adapter)));
  ASSERT_NE(nullptr, u);
  Bytes olderUpcall = encodeInPlace(kernel.ctx(SDM_TO_USER), &k.adapter, &ip_sdm_type_ip_adapter);
  u->stats.rx_packets += 50;    // the watchdog accumulates
  u->history[1].errors = 4;
  k.adapter.stats.errors = -9;  // the kernel's own change, meanwhile
  k.adapter.history[0].rx_packets = 101;

  ASSERT_EQ(u, decodeInPlace(user.ctx(SDM_TO_USER), olderUpcall));
  EXPECT_EQ(7u + 50, u->stats.rx_packets) << "the older upcall does not undo the watchdog";
  EXPECT_EQ(4, u->history[1].errors);

  ASSERT_EQ(&k.adapter, decodeInPlace(kernel.ctx(SDM_TO_KERNEL),
                                      encodeInPlace(user.ctx(SDM_TO_KERNEL), u, &ip_sdm_type_ip_adapter)));
  EXPECT_EQ(7u + 50, k.adapter.stats.rx_packets) << "the user half's change arrives";
  EXPECT_EQ(4, k.adapter.history[1].errors);
  EXPECT_EQ(-9, k.adapter.stats.errors) << "the reply does not roll back the kernel's change";
  EXPECT_EQ(101u, k.adapter.history[0].rx_packets);
}

// A one-way field is its sender's to set: it is applied whenever it comes.
// This side's own versions never carry it, so comparing with them kept a
// kernel's change of a to-user field back to zero from the user half; and
// the receiver's own changes to it are not news to the sender (ethtool's
// ringparam, zeroed on the kernel's stack at the address of the last one,
// must get all of the user half's answer even where it is the same as then).
TEST_F(InPlace, AOneWayFieldIsAppliedWheneverItComes) {
  auto *u = static_cast<struct ip_adapter *>(decodeInPlace(
      user.ctx(SDM_TO_USER), encodeInPlace(kernel.ctx(SDM_TO_USER), &k.adapter, &ip_sdm_type_ip_adapter)));
  ASSERT_NE(nullptr, u);
  ASSERT_EQ(0x55u, u->msg_enable);
  auto reply = [&] {
    return decodeInPlace(kernel.ctx(SDM_TO_KERNEL),
                         encodeInPlace(user.ctx(SDM_TO_KERNEL), u, &ip_sdm_type_ip_adapter));
  };
  u->reset_count = 3;
  ASSERT_EQ(&k.adapter, reply());
  ASSERT_EQ(3u, k.adapter.reset_count);
  k.adapter.msg_enable = 0;
  decodeInPlace(user.ctx(SDM_TO_USER), encodeInPlace(kernel.ctx(SDM_TO_USER), &k.adapter, &ip_sdm_type_ip_adapter));
  EXPECT_EQ(0u, u->msg_enable) << "the kernel's change to zero arrives";
  k.adapter.reset_count = 0;  // a fresh object at the same address
  decodeInPlace(user.ctx(SDM_TO_USER), encodeInPlace(kernel.ctx(SDM_TO_USER), &k.adapter, &ip_sdm_type_ip_adapter));
  ASSERT_EQ(&k.adapter, reply());
  EXPECT_EQ(3u, k.adapter.reset_count) << "the user half's unchanged answer is still its answer";
  u->reset_count = 0;
  ASSERT_EQ(&k.adapter, reply());
  EXPECT_EQ(0u, k.adapter.reset_count) << "the user half's change to zero arrives";
}

// ethtool -G: the user half frees a ring's DMA buffer and allocates the new
// one, which udrv gives the freed buffer's region index: the ring's desc
// crosses as the same (region, offset) but means another buffer. The
// kernel must follow it (it kept writing descriptors into the freed
// buffer: a tx hang and a corrupted page).
TEST_F(InPlace, ARegionPointerIsAppliedEvenWhenItsWireValueIsTheSame) {
  auto *u = static_cast<struct ip_adapter *>(decodeInPlace(
      user.ctx(SDM_TO_USER), encodeInPlace(kernel.ctx(SDM_TO_USER), &k.adapter, &ip_sdm_type_ip_adapter)));
  ASSERT_NE(nullptr, u);
  ASSERT_EQ(uregion + 0x100, u->rings[0].desc);
  uint8_t newKernelBuffer[0x1000] = {};
  sdt_remove_region(&kernel.tracker, 0);
  ASSERT_EQ(0, sdt_add_region(&kernel.tracker, 0, reinterpret_cast<uintptr_t>(newKernelBuffer),
                              sizeof(newKernelBuffer)));
  ASSERT_EQ(&k.adapter, decodeInPlace(kernel.ctx(SDM_TO_KERNEL),
                                      encodeInPlace(user.ctx(SDM_TO_KERNEL), u, &ip_sdm_type_ip_adapter)));
  EXPECT_EQ(newKernelBuffer + 0x100, k.rings[0].desc) << "the ring follows its new buffer";
}

// A kernel address list (ipl.marshal.json's chain): entries linked through
// `node`, as net_device's uc and mc lists.
class InPlaceChain : public ::testing::Test {
 protected:
  InPlaceChain() {
    INIT_LIST_HEAD(&list.list);
    for (unsigned i = 0; i < 4; i++)
      entries[i].addr[5] = static_cast<uint8_t>(0x10 + i);
  }
  void link(std::initializer_list<unsigned> order) {
    INIT_LIST_HEAD(&list.list);
    for (unsigned i : order)
      list_add_tail(&entries[i].node, &list.list);
    list.count = static_cast<uint32_t>(order.size());
  }
  // The last address bytes along a list, in its order.
  static std::vector<int> walk(struct ip_addr_list *l, std::vector<ip_addr_entry *> *seen = nullptr) {
    std::vector<int> out;
    struct list_head *pos;
    list_for_each(pos, &l->list) {
      ip_addr_entry *e = list_entry(pos, struct ip_addr_entry, node);
      out.push_back(e->addr[5]);
      if (seen)
        seen->push_back(e);
      if (out.size() > 8)
        break;  // a broken list must not hang the test
    }
    return out;
  }
  struct ip_addr_list *toUser() {
    return static_cast<struct ip_addr_list *>(decodeInPlace(
        user.ctx(SDM_TO_USER),
        encodeInPlace(kernel.ctx(SDM_TO_USER), &list, &ipl_sdm_type_ip_addr_list)));
  }
  uint8_t kregion[0x100] = {}, uregion[0x100] = {};
  Half kernel{kregion, sizeof(kregion), ipl_sdm_types, ipl_sdm_ntypes};
  Half user{uregion, sizeof(uregion), ipl_sdm_types, ipl_sdm_ntypes};
  struct ip_addr_list list = {};
  struct ip_addr_entry entries[4] = {};
};

TEST_F(InPlaceChain, TheEntriesCrossInOrderAndTheReceiverLinksItsCopies) {
  link({2, 0, 1});
  struct ip_addr_list *u = toUser();
  ASSERT_NE(nullptr, u);
  std::vector<ip_addr_entry *> copies;
  EXPECT_EQ((std::vector<int>{0x12, 0x10, 0x11}), walk(u, &copies));
  EXPECT_EQ(3u, u->count);
  for (ip_addr_entry *e : copies)
    EXPECT_TRUE(e < entries || e >= entries + 4) << "the user half walks its own copies";
  // The kernel's list changes: one entry leaves, one joins at the front.
  link({3, 2, 1});
  std::vector<ip_addr_entry *> again;
  ASSERT_EQ(u, toUser());
  EXPECT_EQ((std::vector<int>{0x13, 0x12, 0x11}), walk(u, &again));
  EXPECT_EQ(copies[0], again[1]) << "an entry that stayed keeps its copy";
  EXPECT_EQ(copies[2], again[2]);
  link({});
  ASSERT_EQ(u, toUser());
  EXPECT_TRUE(walk(u).empty());
}

TEST_F(InPlaceChain, TheListIsNeverSentBack) {
  link({0, 1});
  struct ip_addr_list *u = toUser();
  ASSERT_NE(nullptr, u);
  INIT_LIST_HEAD(&u->list);  // whatever the user half does to its copy
  u->count = 0;
  sdm_ctx *back = user.ctx(SDM_TO_KERNEL);
  Bytes bytes = encodeInPlace(back, u, &ipl_sdm_type_ip_addr_list);
  EXPECT_EQ(1u, back->nobjs) << "no entry travels toward the kernel";
  ASSERT_EQ(&list, decodeInPlace(kernel.ctx(SDM_TO_KERNEL), bytes));
  EXPECT_EQ((std::vector<int>{0x10, 0x11}), walk(&list));
  EXPECT_EQ(2u, list.count);
}

// A flags word (netdev_queue.state: the driver's XOFF bit, BQL's): each
// side's bits survive the other's messages; a whole-word sync would put
// back the sender's copy of the other side's bit.
TEST_F(InPlaceChain, AFlagsWordKeepsEachSidesBits) {
  link({0});
  struct ip_addr_list *u = toUser();
  ASSERT_NE(nullptr, u);
  list.state |= 1u;  // the kernel sets its bit meanwhile...
  u->state |= 2u;    // ...and the user half its own
  ASSERT_EQ(&list, decodeInPlace(kernel.ctx(SDM_TO_KERNEL),
                                 encodeInPlace(user.ctx(SDM_TO_KERNEL), u,
                                               &ipl_sdm_type_ip_addr_list)));
  EXPECT_EQ(3u, list.state) << "the kernel keeps its bit and takes the user half's";
  ASSERT_EQ(u, toUser());
  EXPECT_EQ(3u, u->state);
  u->state &= ~2u;   // the user half clears its bit...
  list.state |= 4u;  // ...while the kernel sets another
  ASSERT_EQ(&list, decodeInPlace(kernel.ctx(SDM_TO_KERNEL),
                                 encodeInPlace(user.ctx(SDM_TO_KERNEL), u,
                                               &ipl_sdm_type_ip_addr_list)));
  EXPECT_EQ(5u, list.state);
}

TEST(InPlaceDescriptor, NamesAllocationSizeAndTypes) {
  EXPECT_EQ(sizeof(struct ip_netdev), ip_sdm_type_ip_netdev.size);
  EXPECT_EQ(sizeof(struct ip_netdev) + 64, ip_sdm_type_ip_netdev.alloc_size);
  EXPECT_EQ(0u, ip_sdm_type_ip_adapter.alloc_size);
  EXPECT_EQ(4u, ip_sdm_ntypes);
  EXPECT_EQ(ip_IpAdapter_TYPE_ID, ip_sdm_ip_adapter_TYPE_ID) << "same wire type as the mirror";
}

}  // namespace

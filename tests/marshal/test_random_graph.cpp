// Randomised object graphs across the boundary, both codec pairings: random
// sharing (aliases), cycles, NULLs, string objects shared between owners.
// The user side's copy must be isomorphic to the kernel's graph (same
// shape, same values, distinct objects stay distinct), and changes made on
// the user side must land in the kernel's own objects.
#include <deque>
#include <map>
#include <memory>
#include <random>

#include "graph.capnp.h"
#include "test_support.h"

using namespace mtest_support;

namespace {

constexpr size_t kBar = 0x1000;

struct Graph {
  std::deque<mt_Device> devs;
  std::deque<mt_Adapter> adapters;
  std::deque<std::vector<mt_Ring>> rings;
  std::deque<mt_Firmware> firmwares;
  std::deque<std::string> names;
  std::vector<sdm_root> roots;
};

void build(Graph &g, std::mt19937_64 &rng, uint8_t *bar) {
  auto u = [&](uint64_t n) { return static_cast<uint32_t>(rng() % n); };
  size_t nd = 1 + u(5), na = 1 + u(4), nn = 1 + u(3);
  for (size_t i = 0; i < nn; i++) g.names.push_back("if" + std::to_string(rng() % 1000));
  g.firmwares.emplace_back();
  g.firmwares.back() = {};
  g.devs.resize(nd);
  g.adapters.resize(na);
  for (auto &a : g.adapters) {
    a = {};
    g.rings.emplace_back(1 + u(4));
    a.rings = g.rings.back().data();
    a.num_rings = static_cast<uint32_t>(g.rings.back().size());
    a.tx_ring = u(2) ? a.rings : nullptr;
    a.msg_enable = static_cast<uint32_t>(rng());
    a.hw_addr = u(3) ? bar + u(kBar) : nullptr;
    a.cookie = reinterpret_cast<void *>(static_cast<uintptr_t>(rng()));
    a.firmware = u(2) ? &g.firmwares.front() : nullptr;
    a.stats = {static_cast<int32_t>(rng()), static_cast<int32_t>(rng())};
  }
  for (auto &d : g.devs) {
    d = {};
    d.mtu = static_cast<uint32_t>(rng());
    d.name = u(4) ? &g.names[u(g.names.size())][0] : nullptr;
    d.priv = u(4) ? &g.adapters[u(na)] : nullptr;
  }
  for (auto &a : g.adapters) {
    a.netdev = u(3) ? &g.devs[u(nd)] : nullptr;
    for (uint32_t i = 0; i < a.num_rings; i++) {
      a.rings[i] = {};
      a.rings[i].count = static_cast<uint32_t>(rng());
      a.rings[i].owner = u(3) ? &g.adapters[u(na)] : nullptr;
      a.rings[i].desc = u(2) ? bar + u(kBar) : nullptr;
    }
  }
  for (size_t i = 0, n = 1 + u(3); i < n; i++)
    g.roots.push_back({&g.devs[u(nd)], &mt_Device_type, 1});
}

// Checks that the user-side graph mirrors the kernel-side one.
class Isomorphism {
 public:
  Isomorphism(uint8_t *kbar, uint8_t *ubar) : kbar_(kbar), ubar_(ubar) {}

  template <typename T>
  bool pair(const T *k, const T *u) {
    if (!k || !u) {
      EXPECT_EQ(k == nullptr, u == nullptr);
      return false;
    }
    auto [it, fresh] = forward_.emplace(k, u);
    EXPECT_EQ(u, it->second) << "one kernel object became two user objects";
    auto [rit, rfresh] = backward_.emplace(u, k);
    EXPECT_EQ(k, rit->second) << "two kernel objects became one user object";
    EXPECT_NE(static_cast<const void *>(k), static_cast<const void *>(u));
    return fresh;
  }

  void device(const mt_Device *k, const mt_Device *u) {
    if (!pair(k, u)) return;
    EXPECT_EQ(k->mtu, u->mtu);
    if (pair(k->name, u->name)) EXPECT_STREQ(k->name, u->name);
    adapter(k->priv, u->priv);
  }

  void adapter(const mt_Adapter *k, const mt_Adapter *u) {
    if (!pair(k, u)) return;
    EXPECT_EQ(k->msg_enable, u->msg_enable);
    EXPECT_EQ(k->cookie, u->cookie);
    EXPECT_EQ(k->stats.x, u->stats.x);
    region(k->hw_addr, u->hw_addr);
    ASSERT_EQ(k->num_rings, u->num_rings);
    if (pair(k->rings, u->rings)) {
      for (uint32_t i = 0; i < k->num_rings; i++) {
        EXPECT_EQ(k->rings[i].count, u->rings[i].count);
        region(k->rings[i].desc, u->rings[i].desc);
        adapter(k->rings[i].owner, u->rings[i].owner);
      }
    }
    EXPECT_EQ(k->tx_ring == nullptr, u->tx_ring == nullptr);
    if (k->tx_ring) EXPECT_EQ(u->rings, u->tx_ring);
    pair(k->firmware, u->firmware);
    device(k->netdev, u->netdev);
  }

 private:
  void region(void *k, void *u) {
    if (!k) {
      EXPECT_EQ(nullptr, u);
      return;
    }
    EXPECT_EQ(static_cast<uint8_t *>(k) - kbar_, static_cast<uint8_t *>(u) - ubar_);
  }
  uint8_t *kbar_, *ubar_;
  std::map<const void *, const void *> forward_, backward_;
};

enum class Codec { C, Cxx };

Bytes encode(Codec codec, sdt_tracker *t, int direction, const std::vector<sdm_root> &roots) {
  Context c(t);
  c.ctx.direction = direction;
  if (codec == Codec::C) {
    Bytes buf(1 << 16);
    buf.resize(sdm_encode(&c.ctx, buf.data(), buf.size(), roots.data(),
                          static_cast<uint32_t>(roots.size()), nullptr, 0));
    EXPECT_EQ(0, c.ctx.error) << (c.ctx.error_where ? c.ctx.error_where : "");
    return buf;
  }
  capnp::MallocMessageBuilder mb;
  sdm::EnvelopeCodec cx(mt_cxx_types);
  EXPECT_EQ(0, cx.encode(&c.ctx, mb, roots.data(), static_cast<uint32_t>(roots.size()), nullptr, 0));
  return flatten(mb);
}

std::vector<sdm_root> decode(Codec codec, Context &c, const Bytes &b) {
  std::vector<sdm_root> roots(8);
  uint32_t n = 0;
  int err;
  if (codec == Codec::C) {
    err = sdm_decode(&c.ctx, b.data(), b.size(), roots.data(), 8, &n);
  } else {
    Aligned a(b);
    capnp::FlatArrayMessageReader reader(a.ptr());
    sdm::EnvelopeCodec cx(mt_cxx_types);
    err = cx.decode(&c.ctx, reader, roots.data(), 8, &n);
  }
  EXPECT_EQ(0, err) << (c.ctx.error_where ? c.ctx.error_where : "");
  roots.resize(n);
  return roots;
}

class RandomGraph : public ::testing::TestWithParam<std::pair<Codec, Codec>> {};

TEST_P(RandomGraph, UserCopyIsIsomorphicAndChangesComeBack) {
  auto [kc, uc] = GetParam();
  std::mt19937_64 rng(99);
  for (int iter = 0; iter < 60; iter++) {
    SCOPED_TRACE(iter);
    static uint8_t kbar[kBar], ubar[kBar];
    Tracker kt, ut;
    sdt_add_region(&kt.t, 0, reinterpret_cast<uintptr_t>(kbar), kBar);
    sdt_add_region(&ut.t, 0, reinterpret_cast<uintptr_t>(ubar), kBar);
    Graph g;
    build(g, rng, kbar);
    Bytes down = encode(kc, &kt.t, SDM_TO_USER, g.roots);
    Context userCtx(&ut.t);
    userCtx.ctx.direction = SDM_TO_USER;
    auto got = decode(uc, userCtx, down);
    ASSERT_EQ(g.roots.size(), got.size());
    Isomorphism iso(kbar, ubar);
    for (size_t i = 0; i < got.size(); i++)
      iso.device(static_cast<mt_Device *>(g.roots[i].ptr), static_cast<mt_Device *>(got[i].ptr));

    // The user half bumps every reachable device's mtu and sends it back.
    std::vector<sdm_root> back;
    for (auto &r : got) {
      static_cast<mt_Device *>(r.ptr)->mtu = 7000;
      back.push_back(r);
    }
    Bytes up = encode(uc, &ut.t, SDM_TO_KERNEL, back);
    Context kernelCtx(&kt.t);
    kernelCtx.ctx.direction = SDM_TO_KERNEL;
    auto home = decode(kc, kernelCtx, up);
    ASSERT_EQ(g.roots.size(), home.size());
    for (size_t i = 0; i < home.size(); i++) {
      EXPECT_EQ(g.roots[i].ptr, home[i].ptr) << "the kernel's own object, not a copy";
      EXPECT_EQ(7000u, static_cast<mt_Device *>(g.roots[i].ptr)->mtu);
    }
    EXPECT_EQ(kt.t.live, ut.t.live) << "every object paired on both sides";
  }
}

INSTANTIATE_TEST_SUITE_P(Pairings, RandomGraph,
                         ::testing::Values(std::make_pair(Codec::C, Codec::Cxx),
                                           std::make_pair(Codec::Cxx, Codec::C)),
                         [](const auto &info) {
                           return std::string(info.param.first == Codec::C ? "kernelC_userCxx"
                                                                           : "kernelCxx_userC");
                         });

}  // namespace

// Objects inside another allocation (&pdev->dev, netdev_priv(netdev)):
// the container carries its allocation size, the interior object travels as
// (container, offset) and lands inside the receiver's copy of the container,
// in the same message or in a later one that names only the interior object.
#include "test_support.h"

using namespace mtest_support;

namespace {

// Two types over the Point codec: a 64-byte allocation and an object that
// may live inside one.
sdm_type boxType() {
  sdm_type t = mt_Point_type;
  t.type_id = 0xb0b0b0b0b0b0b0b0ull;
  t.name = "Box";
  t.alloc_size = 64;
  return t;
}
sdm_type innerType() {
  sdm_type t = mt_Point_type;
  t.type_id = 0x1212121212121212ull;
  t.name = "Inner";
  t.flags = SDM_TYPE_INTERIOR;
  return t;
}
sdm_type otherType() {
  sdm_type t = mt_Point_type;
  t.type_id = 0x0707070707070707ull;
  t.name = "Other";
  return t;
}
const sdm_type kBox = boxType(), kInner = innerType(), kOther = otherType();
const sdm_type *const kTypes[] = {&kBox, &kInner, &kOther};

struct Ctx {
  explicit Ctx(sdt_tracker *t, int direction) : mem(sdm_ctx_mem_bytes(64, 1 << 12) / 8 + 1) {
    EXPECT_EQ(0, sdm_ctx_init(&ctx, mem.data(), mem.size() * 8, 64, t, kTypes, 3));
    ctx.direction = direction;
  }
  std::vector<uint64_t> mem;
  sdm_ctx ctx;
};

struct Interior : ::testing::Test {
  alignas(8) uint8_t alloc[64] = {};
  mt_Point *box = reinterpret_cast<mt_Point *>(alloc);
  mt_Point *inner = reinterpret_cast<mt_Point *>(alloc + 32);
  Tracker kernel, user;
  Bytes buf = Bytes(4096);

  // The user half's message back to the kernel, encoded now, decoded by
  // receive() later (it may cross a kernel message in flight).
  Bytes reply(std::vector<sdm_root> roots) {
    Ctx u(&user.t, SDM_TO_KERNEL);
    Bytes b(4096);
    size_t n = sdm_encode(&u.ctx, b.data(), b.size(), roots.data(), roots.size(), nullptr, 0);
    EXPECT_NE(0u, n) << u.ctx.error_where;
    b.resize(n);
    return b;
  }
  std::vector<sdm_root> receive(const Bytes &b) {
    Ctx k(&kernel.t, SDM_TO_KERNEL);
    std::vector<sdm_root> out(4);
    uint32_t nroots = 0;
    EXPECT_EQ(0, sdm_decode(&k.ctx, b.data(), b.size(), out.data(), 4, &nroots))
        << k.ctx.error_where;
    out.resize(nroots);
    return out;
  }

  std::vector<sdm_root> send(std::vector<sdm_root> roots, int *err = nullptr) {
    Ctx k(&kernel.t, SDM_TO_USER);
    size_t n = sdm_encode(&k.ctx, buf.data(), buf.size(), roots.data(), roots.size(), nullptr, 0);
    if (err) *err = k.ctx.error;
    if (!n) return {};
    Ctx u(&user.t, SDM_TO_USER);
    std::vector<sdm_root> out(4);
    uint32_t nroots = 0;
    EXPECT_EQ(0, sdm_decode(&u.ctx, buf.data(), n, out.data(), 4, &nroots)) << u.ctx.error_where;
    out.resize(nroots);
    return out;
  }
};

TEST_F(Interior, InteriorObjectLandsInsideTheReceivedContainer) {
  box->x = 1;
  inner->x = 7;
  inner->y = 9;
  auto got = send({{box, &kBox, 0}, {inner, &kInner, 0}});
  ASSERT_EQ(2u, got.size());
  auto *ubase = static_cast<uint8_t *>(got[0].ptr);
  EXPECT_EQ(ubase + 32, got[1].ptr) << "same offset in the receiver's allocation";
  EXPECT_EQ(1, static_cast<mt_Point *>(got[0].ptr)->x);
  EXPECT_EQ(7, static_cast<mt_Point *>(got[1].ptr)->x);
  EXPECT_EQ(9, static_cast<mt_Point *>(got[1].ptr)->y);
  sdt_entry *e = sdt_find_local(&user.t, reinterpret_cast<uintptr_t>(ubase));
  ASSERT_NE(nullptr, e);
  EXPECT_EQ(64u, e->extent) << "the allocation size travelled";
  EXPECT_EQ(1u, user.t.live) << "the interior object is not tracked by itself";

  // Later, only the interior pointer crosses: the tracker finds its container.
  inner->y = 10;
  auto again = send({{inner, &kInner, 0}});
  ASSERT_EQ(1u, again.size());
  EXPECT_EQ(ubase + 32, again[0].ptr);
  EXPECT_EQ(10, static_cast<mt_Point *>(again[0].ptr)->y);
}

// usbnet_probe (kernel) allocates the net_device, then calls the
// minidriver's bind with its private area: the interior object is the
// first root and its container comes later in the same message; it still
// lands inside the receiver's copy of the container.
TEST_F(Interior, AnInteriorObjectMetBeforeItsContainerLandsInsideIt) {
  box->x = 3;
  inner->x = 8;
  auto got = send({{inner, &kInner, 0}, {box, &kBox, 0}});
  ASSERT_EQ(2u, got.size());
  auto *ubase = static_cast<uint8_t *>(got[1].ptr);
  EXPECT_EQ(ubase + 32, got[0].ptr) << "the interior object is a place in its container";
  EXPECT_EQ(8, static_cast<mt_Point *>(got[0].ptr)->x);
  EXPECT_EQ(3, static_cast<mt_Point *>(got[1].ptr)->x);
  EXPECT_EQ(1u, user.t.live) << "the interior object is not tracked by itself";
}

TEST_F(Interior, ContainerFoundThroughTheTrackerJoinsTheMessage) {
  send({{box, &kBox, 0}});
  box->x = 5;
  auto got = send({{inner, &kInner, 0}});
  ASSERT_EQ(1u, got.size());
  sdt_entry *c = sdt_find_containing(&user.t, reinterpret_cast<uintptr_t>(got[0].ptr), 8);
  ASSERT_NE(nullptr, c);
  EXPECT_EQ(c->local + 32, reinterpret_cast<uintptr_t>(got[0].ptr));
  auto *ubox = reinterpret_cast<mt_Point *>(static_cast<uintptr_t>(c->local));
  ASSERT_NE(nullptr, ubox);
  EXPECT_EQ(5, ubox->x) << "the container's body came along";
}

// A ring's buffer_info: an array of kInner the tracker knows, and later
// pointers to its elements alone (e1000_unmap_and_free_tx_resource(adapter,
// &ring->buffer_info[i])): the first element is the array, the others are
// places in it; neither becomes a tracker entry of its own.
TEST_F(Interior, ElementsOfATrackedArrayArePlacesInIt) {
  mt_Point *ring = reinterpret_cast<mt_Point *>(alloc);
  ring[3].x = 33;
  auto first = send({{ring, &kInner, 4}});
  ASSERT_EQ(1u, first.size());
  auto *uring = static_cast<mt_Point *>(first[0].ptr);
  EXPECT_EQ(1u, user.t.live);

  ring[0].y = 4;
  ring[3].y = 5;
  auto head = send({{ring, &kInner, 0}});
  ASSERT_EQ(1u, head.size()) << "element 0 alone is not a shape mismatch";
  EXPECT_EQ(uring, head[0].ptr);
  EXPECT_EQ(4, uring[0].y);
  for (int round = 0; round < 3; ++round) {
    auto third = send({{&ring[3], &kInner, 0}});
    ASSERT_EQ(1u, third.size());
    EXPECT_EQ(&uring[3], third[0].ptr) << "the same place in the receiver's array";
  }
  EXPECT_EQ(5, uring[3].y);
  EXPECT_EQ(1u, user.t.live) << "no entry per element";
  EXPECT_EQ(1u, kernel.t.live);
}

// An object sent one way only never learns the receiver's address; when the
// sender frees it and reuses the address for an object of another type, the
// receiver must drop its copy first instead of refusing the new object.
TEST_F(Interior, AFreeOfAnUnpairedObjectReachesTheReceiver) {
  ASSERT_EQ(1u, send({{box, &kBox, 0}}).size());
  EXPECT_EQ(1u, user.t.live);
  ASSERT_EQ(0, sdt_free_local(&kernel.t, reinterpret_cast<uintptr_t>(box)));
  int err = 0;
  auto reused = send({{alloc, &kInner, 8}}, &err);
  ASSERT_EQ(0, err);
  ASSERT_EQ(1u, reused.size()) << "the same address, another type: not a shape mismatch";
  EXPECT_EQ(1u, user.t.live) << "the box's copy was dropped before the new object landed";
  EXPECT_EQ(0u, kernel.t.dead) << "the tombstone went out with the message";
}

// A struct on the caller's stack: one call sends a Box at an address, the
// user half answers with its copy (paired), the next call sends another
// type at the same address, never freed. It crosses as a new object, and
// the message after it drops the user half's copy of the old one.
TEST_F(Interior, AnotherTypeAtAPairedAddressCrossesAsNew) {
  auto first = send({{box, &kBox, 0}});
  ASSERT_EQ(1u, first.size());
  auto paired = receive(reply({first[0]}));
  ASSERT_EQ(1u, paired.size());
  ASSERT_EQ(static_cast<void *>(box), paired[0].ptr) << "paired";
  int err = 0;
  auto second = send({{alloc, &kOther, 1}}, &err);
  ASSERT_EQ(0, err);
  ASSERT_EQ(1u, second.size());
  EXPECT_NE(first[0].ptr, second[0].ptr) << "a new copy, not the Box's";
  EXPECT_EQ(2u, user.t.live) << "the Box's copy waits for the notice";
  uint64_t freed[1];
  uint32_t nfreed = sdt_take_freed(&kernel.t, freed, 1);
  ASSERT_EQ(1u, nfreed);
  Ctx k(&kernel.t, SDM_TO_USER);
  sdm_root again = {alloc, &kOther, 1};
  size_t n = sdm_encode(&k.ctx, buf.data(), buf.size(), &again, 1, freed, nfreed);
  ASSERT_NE(0u, n);
  Ctx u(&user.t, SDM_TO_USER);
  sdm_root got{};
  uint32_t nroots = 0;
  ASSERT_EQ(0, sdm_decode(&u.ctx, buf.data(), n, &got, 1, &nroots)) << u.ctx.error_where;
  EXPECT_EQ(second[0].ptr, got.ptr);
  EXPECT_EQ(1u, user.t.live) << "the Box's copy went";
}

// The adapter inside the net_device: an interior object keeps both halves'
// changes when messages cross, as a tracked one does (test_sync.cpp).
TEST_F(Interior, CrossingMessagesKeepBothHalvesChangesInsideAnAllocation) {
  inner->x = 1;
  auto got = send({{box, &kBox, 0}, {inner, &kInner, 0}});
  ASSERT_EQ(2u, got.size());
  auto *uinner = static_cast<mt_Point *>(got[1].ptr);
  receive(reply({got[0], got[1]}));  // paired
  uinner->x = 0;                      // the user half's change
  Bytes inFlight = reply({{uinner, &kInner, 0}});
  inner->y = 5;                       // the kernel's change
  auto watchdog = send({{inner, &kInner, 0}});  // carries x = 1
  inner->y = 6;
  EXPECT_EQ(0, uinner->x) << "the kernel's older x is not applied";
  EXPECT_EQ(5, uinner->y);
  receive(inFlight);
  EXPECT_EQ(0, inner->x);
  EXPECT_EQ(6, inner->y) << "not rolled back";
  receive(reply({{uinner, &kInner, 0}}));
  EXPECT_EQ(0, inner->x);
  EXPECT_EQ(6, inner->y);
}

// e1000_unmap_and_free_tx_resource(adapter, &ring->buffer_info[i]): an
// element crossing alone brings its array, and the array's record judges
// its bytes. Judged alone (a record of its own, knowing nothing), the user
// half's stale copy of the element would overwrite what the kernel's data
// path had just written there (the skb of a packet in flight).
TEST_F(Interior, AnElementCrossingAloneDoesNotRollBackItsArray) {
  mt_Point *ring = reinterpret_cast<mt_Point *>(alloc);
  auto got = send({{ring, &kInner, 4}});
  ASSERT_EQ(1u, got.size());
  auto *uring = static_cast<mt_Point *>(got[0].ptr);
  receive(reply({{uring, &kInner, 4}}));  // paired
  ring[2].y = 9;                          // the kernel's xmit, meanwhile
  uring[2].x = 4;                         // the user half's own change
  auto back = receive(reply({{&uring[2], &kInner, 0}}));
  ASSERT_EQ(1u, back.size());
  EXPECT_EQ(&ring[2], back[0].ptr);
  EXPECT_EQ(9, ring[2].y) << "the element's stale y is not applied";
  EXPECT_EQ(4, ring[2].x) << "the element's change arrives";
}

TEST_F(Interior, StrictInteriorPointerOutsideAnyAllocationIsRefused) {
  Ctx k(&kernel.t, SDM_TO_USER);
  EXPECT_EQ(0u, sdm_interior_out(&k.ctx, inner, &kInner, "Dev.parent"));
  EXPECT_EQ(-EFAULT, k.ctx.error);
  EXPECT_STREQ("Dev.parent", k.ctx.error_where);
}

TEST_F(Interior, OffsetBeyondTheContainerIsRefused) {
  send({{box, &kBox, 0}, {inner, &kInner, 0}});
  // Forge the offset of the interior object (second Object, data word 4).
  Ctx k(&kernel.t, SDM_TO_USER);
  sdm_root roots[2] = {{box, &kBox, 0}, {inner, &kInner, 0}};
  size_t n = sdm_encode(&k.ctx, buf.data(), buf.size(), roots, 2, nullptr, 0);
  ASSERT_NE(0u, n);
  // Object 2's words 3-4: count 1, container 1, offset 32, allocSize 0.
  const uint32_t pattern[4] = {1, 1, 32, 0};
  bool patched = false;
  for (size_t i = 0; i + 16 <= n && !patched; i += 8) {
    if (memcmp(&buf[i], pattern, 16) == 0) {
      uint32_t forged = 60;
      memcpy(&buf[i + 8], &forged, 4);
      patched = true;
    }
  }
  ASSERT_TRUE(patched);
  Ctx u(&user.t, SDM_TO_USER);
  sdm_root out[2];
  uint32_t nroots;
  EXPECT_EQ(-EPROTO, sdm_decode(&u.ctx, buf.data(), n, out, 2, &nroots));
  EXPECT_STREQ("object.offset", u.ctx.error_where);
}

}  // namespace

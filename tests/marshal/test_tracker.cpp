// The object tracker on its own: pairing, lookup-or-create, shape checks,
// lifetime with tombstones, capacity, regions.
#include <gtest/gtest.h>

#include <cstdlib>
#include <vector>

#include "sdt.h"

namespace {

struct Counting {
  int allocs = 0;
  int frees = 0;
};

class TrackerTest : public ::testing::Test {
 protected:
  void init(uint32_t max) {
    mem.assign((sdt_mem_bytes(max) + 7) / 8, 0);
    sdt_ops ops = {
        [](void *arg, size_t n) {
          static_cast<Counting *>(arg)->allocs++;
          return calloc(1, n);
        },
        [](void *arg, void *p) {
          static_cast<Counting *>(arg)->frees++;
          free(p);
        },
        &count, nullptr};
    ASSERT_EQ(0, sdt_init(&t, mem.data(), mem.size() * 8, max, &ops));
  }
  void SetUp() override { init(64); }
  void TearDown() override { sdt_destroy(&t); }

  std::vector<uint64_t> mem;
  sdt_tracker t;
  Counting count;
};

TEST_F(TrackerTest, ReceiveCreatesOnceThenFindsTheSameObject) {
  void *a = nullptr, *b = nullptr;
  ASSERT_EQ(0, sdt_receive(&t, 0xffff888000001000ull, 0, 77, 24, 2, &a));
  ASSERT_NE(nullptr, a);
  ASSERT_EQ(0, sdt_receive(&t, 0xffff888000001000ull, 0, 77, 24, 2, &b));
  EXPECT_EQ(a, b);
  EXPECT_EQ(1, count.allocs);
  auto *e = sdt_find_local(&t, reinterpret_cast<uintptr_t>(a));
  ASSERT_NE(nullptr, e);
  EXPECT_EQ(0xffff888000001000ull, e->remote);
  EXPECT_EQ(2u, e->count);
}

TEST_F(TrackerTest, ShapeMismatchIsEPROTO) {
  void *a = nullptr;
  ASSERT_EQ(0, sdt_receive(&t, 0x5000, 0, 77, 24, 2, &a));
  EXPECT_EQ(-EPROTO, sdt_receive(&t, 0x5000, 0, 77, 24, 3, &a)) << "longer array";
  EXPECT_EQ(0, sdt_receive(&t, 0x5000, 0, 77, 24, 1, &a)) << "a prefix is fine";
  EXPECT_EQ(-EPROTO, sdt_receive(&t, 0x5000, reinterpret_cast<uintptr_t>(a), 78, 24, 2, &a))
      << "other type where the peer names our copy";
}

// The peer names as new an address our copy of another type pairs with (a
// struct on its stack, reused by the next call): a new copy; the old one
// stays until the peer's notice, by our address, drops it.
TEST_F(TrackerTest, AnotherTypeAtAKnownAddressIsANewObject) {
  void *old = nullptr, *fresh = nullptr;
  ASSERT_EQ(0, sdt_receive(&t, 0x5000, 0, 77, 24, 1, &old));
  ASSERT_EQ(0, sdt_receive(&t, 0x5000, 0, 78, 16, 1, &fresh));
  EXPECT_NE(old, fresh);
  sdt_entry *e = sdt_find_remote(&t, 0x5000);
  ASSERT_NE(nullptr, e);
  EXPECT_EQ(78u, e->type_id);
  EXPECT_EQ(2u, t.live);
  EXPECT_EQ(0, sdt_peer_freed(&t, reinterpret_cast<uintptr_t>(old)));
  EXPECT_EQ(1u, t.live);
  EXPECT_EQ(e, sdt_find_remote(&t, 0x5000)) << "the new pairing stays";
}

TEST_F(TrackerTest, LocalHintMustBeLiveAndConsistent) {
  int obj = 0;
  uint64_t local = reinterpret_cast<uintptr_t>(&obj);
  void *p = nullptr;
  EXPECT_EQ(-ESTALE, sdt_receive(&t, 0x9000, local, 5, 4, 1, &p)) << "never known";
  ASSERT_EQ(0, sdt_bind(&t, local, 0, 5, 4, 1));
  ASSERT_EQ(0, sdt_receive(&t, 0x9000, local, 5, 4, 1, &p));
  EXPECT_EQ(&obj, p);
  EXPECT_EQ(0x9000u, sdt_find_local(&t, local)->remote) << "peer address learned";
  EXPECT_EQ(-EPROTO, sdt_receive(&t, 0xa000, local, 5, 4, 1, &p)) << "paired elsewhere";
  EXPECT_EQ(0, count.allocs);
}

TEST_F(TrackerTest, FreeLeavesATombstoneUntilTheNoticeIsTaken) {
  void *a = nullptr;
  ASSERT_EQ(0, sdt_receive(&t, 0x7000, 0, 1, 8, 1, &a));
  ASSERT_EQ(0, sdt_free_local(&t, reinterpret_cast<uintptr_t>(a)));
  EXPECT_EQ(1, count.frees) << "the tracker created it, so it releases it";
  EXPECT_EQ(nullptr, sdt_find_local(&t, reinterpret_cast<uintptr_t>(a)));
  void *b = nullptr;
  EXPECT_EQ(-ESTALE, sdt_receive(&t, 0x7000, 0, 1, 8, 1, &b)) << "peer still names it";
  uint64_t freed[4];
  ASSERT_EQ(1u, sdt_take_freed(&t, freed, 4));
  EXPECT_EQ(0x7000u, freed[0]);
  EXPECT_EQ(0u, sdt_take_freed(&t, freed, 4));
  EXPECT_EQ(0, sdt_receive(&t, 0x7000, 0, 1, 8, 1, &b)) << "after the notice: a new object";
  EXPECT_EQ(-ENOENT, sdt_free_local(&t, 0x1234));
}

TEST_F(TrackerTest, PeerFreedDropsAndReleasesOwnedCopies) {
  void *a = nullptr;
  ASSERT_EQ(0, sdt_receive(&t, 0x8000, 0, 1, 8, 1, &a));
  ASSERT_EQ(0, sdt_peer_freed(&t, reinterpret_cast<uintptr_t>(a)));
  EXPECT_EQ(1, count.frees);
  EXPECT_EQ(nullptr, sdt_find_remote(&t, 0x8000));
  EXPECT_EQ(-ESTALE, sdt_peer_freed(&t, reinterpret_cast<uintptr_t>(a)));
}

TEST_F(TrackerTest, CapacityIsEnforcedAndFreedEntriesAreReused) {
  init(4);
  std::vector<void *> objs(4);
  for (uint64_t i = 0; i < 4; i++) ASSERT_EQ(0, sdt_receive(&t, 0x100 * (i + 1), 0, 1, 8, 1, &objs[i]));
  void *p = nullptr;
  EXPECT_EQ(-ENOSPC, sdt_receive(&t, 0x900, 0, 1, 8, 1, &p));
  EXPECT_EQ(5, count.allocs);
  EXPECT_EQ(1, count.frees) << "the refused object was released";
  ASSERT_EQ(0, sdt_peer_freed(&t, reinterpret_cast<uintptr_t>(objs[2])));
  EXPECT_EQ(0, sdt_receive(&t, 0x900, 0, 1, 8, 1, &p));
  EXPECT_EQ(4u, t.live);
}

TEST_F(TrackerTest, ManyObjectsStayFindableThroughChurn) {
  init(1000);
  std::vector<void *> objs(1000);
  for (uint64_t round = 0; round < 3; round++) {
    for (uint64_t i = 0; i < 1000; i++)
      ASSERT_EQ(0, sdt_receive(&t, (round << 32) | (i * 64 + 64), 0, 1, 8, 1, &objs[i]));
    for (uint64_t i = 0; i < 1000; i++) {
      auto *e = sdt_find_remote(&t, (round << 32) | (i * 64 + 64));
      ASSERT_NE(nullptr, e);
      ASSERT_EQ(reinterpret_cast<uintptr_t>(objs[i]), e->local);
    }
    for (uint64_t i = 0; i < 1000; i++)
      ASSERT_EQ(0, sdt_peer_freed(&t, reinterpret_cast<uintptr_t>(objs[i])));
  }
  EXPECT_EQ(0u, t.live);
}

TEST_F(TrackerTest, RegionsTranslateInsideAndRefuseOutside) {
  uint8_t kbar[256], ubar[256];
  sdt_tracker peer;
  std::vector<uint64_t> pmem((sdt_mem_bytes(4) + 7) / 8);
  ASSERT_EQ(0, sdt_init(&peer, pmem.data(), pmem.size() * 8, 4, nullptr));
  ASSERT_EQ(0, sdt_add_region(&t, 3, reinterpret_cast<uintptr_t>(kbar), sizeof(kbar)));
  ASSERT_EQ(0, sdt_add_region(&peer, 3, reinterpret_cast<uintptr_t>(ubar), sizeof(ubar)));
  uint64_t wire;
  void *back;
  ASSERT_EQ(0, sdt_region_out(&t, kbar + 200, &wire));
  ASSERT_EQ(0, sdt_region_in(&peer, wire, &back));
  EXPECT_EQ(ubar + 200, back);
  EXPECT_EQ(-EFAULT, sdt_region_out(&t, kbar + 256, &wire)) << "one past the end";
  EXPECT_EQ(-EFAULT, sdt_region_in(&peer, wire + 100, &back)) << "offset beyond the size";
  EXPECT_EQ(-EFAULT, sdt_region_in(&peer, (5ull << 56) | 1, &back)) << "unknown region";
  EXPECT_EQ(-EINVAL, sdt_add_region(&t, 99, 0, 1));
  sdt_destroy(&peer);
}

// A ring freed and reallocated (ip link down/up): the index may come back
// elsewhere, or not at all; a refresh asks map_region again.
TEST_F(TrackerTest, RefreshFollowsRegionsThatMovedOrWent) {
  static uint8_t first[64], second[128];
  static bool present = true;
  t.ops.map_region = [](void *, uint32_t index, uint64_t *base, uint64_t *size) {
    if (index != 2 || !present) return -ENOENT;
    *base = reinterpret_cast<uintptr_t>(second);
    *size = sizeof(second);
    return 0;
  };
  ASSERT_EQ(0, sdt_add_region(&t, 2, reinterpret_cast<uintptr_t>(first), sizeof(first)));
  ASSERT_EQ(0, sdt_add_region(&t, 5, reinterpret_cast<uintptr_t>(first), sizeof(first)));
  sdt_refresh_regions(&t);
  uint64_t wire;
  void *p;
  ASSERT_EQ(0, sdt_region_out(&t, second + 100, &wire)) << "index 2 moved to the new buffer";
  EXPECT_EQ(-EFAULT, sdt_region_out(&t, first + 10, &wire)) << "index 5 went";
  present = false;
  sdt_refresh_regions(&t);
  EXPECT_EQ(-EFAULT, sdt_region_out(&t, second + 100, &wire));
  sdt_remove_region(&t, 2);
  EXPECT_EQ(-EFAULT, sdt_region_in(&t, (3ull << 56) | 1, &p));
}

}  // namespace

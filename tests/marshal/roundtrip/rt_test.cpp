// Round trip of every type of a real driver's marshal description (e1000,
// asix: one program each) through both codecs (issue 7), on random object
// graphs:
//
//   the driver's own structs (kernel headers' layout, kenv's recipe)
//     --in-place C codec, leg 1-->  mirror structs (C++ codec over capnp)
//     --C++ codec, leg 2-->         fresh driver structs (in-place C codec)
//
// Every object is new to its receiver in both legs, and a receiver that
// allocates its copy with a message gets every field (sdm_ctx.fresh): after
// leg 2 the fresh structs, filled with 0xff, hold every field of the
// original, whatever the legs' directions (rt_host.h: Dumper); the
// direction filter of objects a receiver already holds is
// Envelope.OneWayFieldsCrossOnlyTheirWay's. Legs: both ways / to the user
// half and back / to the kernel and back.
//
// RT_SEED (default fixed), RT_ITERATIONS (graphs per type) and RT_TYPE (one
// type) reproduce a failure; the failure names them.
#include <capnp/message.h>
#include <capnp/serialize.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <set>

#include "rt_host.h"
#include "sdm_cxx.h"

extern const sdm::CxxType *const *rt_mirror_cxx_types;

namespace {

using Bytes = std::vector<uint8_t>;
using rt::Region;
constexpr uint32_t kMaxObjects = 512;

uint32_t countTypes(const sdm_type *const *types) {
  uint32_t n = 0;
  while (types[n]) n++;
  return n;
}

// One half's view: a tracker over its own allocations and region mapping.
struct Side {
  Side(const rt_world &world, Region &region, const rt::Symbols &symbols, uint8_t fill = 0)
      : world(world),
        log(fill),
        trackerMem(sdt_mem_bytes(2 * kMaxObjects) / 8 + 1),
        ctxMem(sdm_ctx_mem_bytes(kMaxObjects, 1 << 20) / 8 + 1),
        symbols(symbols.table()) {
    sdt_ops ops = {[](void *log, size_t n) { return static_cast<rt::AllocLog *>(log)->alloc(n); },
                   [](void *log, void *p) { static_cast<rt::AllocLog *>(log)->release(p); },
                   &this->log, nullptr};
    EXPECT_EQ(0, sdt_init(&tracker, trackerMem.data(), trackerMem.size() * 8, 2 * kMaxObjects, &ops));
    EXPECT_EQ(0, sdt_add_region(&tracker, 0, reinterpret_cast<uintptr_t>(region.base()),
                                region.bytes.size()));
  }
  ~Side() { sdt_destroy(&tracker); }
  sdm_ctx *ctx(int direction) {
    EXPECT_EQ(0, sdm_ctx_init(&context, ctxMem.data(), ctxMem.size() * 8, kMaxObjects, &tracker,
                              world.codec_types, countTypes(world.codec_types)));
    context.direction = direction;
    context.symbols = &symbols;
    return &context;
  }
  // This side's objects as if it had made them: the peer never saw them.
  void adoptAll(Side &from) {
    for (uint32_t i = 0; i < from.tracker.next_unused; i++) {
      const sdt_entry &e = from.tracker.entries[i];
      if (e.state != SDT_LIVE) continue;
      EXPECT_EQ(0, sdt_bind(&tracker, e.local, 0, e.type_id, e.elem_size, e.count));
      EXPECT_EQ(0, sdt_set_extent(&tracker, e.local, e.extent));
    }
  }
  const rt_world &world;
  rt::AllocLog log;
  std::vector<uint64_t> trackerMem, ctxMem;
  sdm_symbols symbols;
  sdt_tracker tracker;
  sdm_ctx context;
};

// The message's object table says what went where: a wrong placement shows.
std::string failure(sdm_ctx *ctx, const char *what) {
  std::string out = std::string(what) + " failed: error " + std::to_string(ctx->error) + " at " +
                    (ctx->error_where ? ctx->error_where : "?") + "; objects:\n";
  for (uint32_t i = 0; i < ctx->nobjs; i++) {
    const sdm_obj &o = ctx->objs[i];
    out += "  #" + std::to_string(i + 1) + " " + o.type->name + " x" + std::to_string(o.count) +
           (o.container ? " in #" + std::to_string(o.container) + " +" + rt::hex(o.offset) : "") + "\n";
  }
  return out;
}

Bytes encodeC(sdm_ctx *ctx, const std::vector<sdm_root> &roots) {
  Bytes buf(1 << 20);
  size_t len = sdm_encode(ctx, buf.data(), buf.size(), roots.data(),
                          static_cast<uint32_t>(roots.size()), nullptr, 0);
  buf.resize(len);
  return buf;
}

std::vector<sdm_root> decodeC(sdm_ctx *ctx, const Bytes &bytes) {
  std::vector<sdm_root> roots(kMaxObjects);
  uint32_t n = 0;
  if (sdm_decode(ctx, bytes.data(), bytes.size(), roots.data(), kMaxObjects, &n)) n = 0;
  roots.resize(n);
  return roots;
}

Bytes encodeCxx(sdm_ctx *ctx, const std::vector<sdm_root> &roots) {
  capnp::MallocMessageBuilder message;
  if (sdm::EnvelopeCodec(rt_mirror_cxx_types)
          .encode(ctx, message, roots.data(), static_cast<uint32_t>(roots.size()), nullptr, 0))
    return {};
  auto flat = capnp::messageToFlatArray(message);
  return Bytes(flat.asBytes().begin(), flat.asBytes().end());
}

std::vector<sdm_root> decodeCxx(sdm_ctx *ctx, const Bytes &bytes) {
  std::vector<capnp::word> words((bytes.size() + 7) / 8);
  memcpy(words.data(), bytes.data(), bytes.size());
  capnp::FlatArrayMessageReader reader(kj::arrayPtr(words.data(), words.size()));
  std::vector<sdm_root> roots(kMaxObjects);
  uint32_t n = 0;
  if (sdm::EnvelopeCodec(rt_mirror_cxx_types).decode(ctx, reader, roots.data(), kMaxObjects, &n))
    n = 0;
  roots.resize(n);
  return roots;
}

// A value the dumper could not place ("!outside", "!unknown") or a field
// that should be empty ("!did not cross").
bool flagged(const std::string &line) {
  size_t eq = line.find('=');
  return eq != std::string::npos && line.compare(eq, 2, "=!") == 0;
}

// The first difference of two dumps, with the lines around it.
std::string compare(const std::vector<std::string> &want, const std::vector<std::string> &got) {
  size_t i = 0;
  while (i < want.size() && i < got.size() && want[i] == got[i] && !flagged(want[i]) &&
         !flagged(got[i]))
    i++;
  if (i == want.size() && i == got.size()) return "";
  std::string out = "first difference at line " + std::to_string(i) + " of " +
                    std::to_string(want.size()) + "\n";
  for (size_t j = i > 3 ? i - 3 : 0; j < i + 3; j++) {
    out += "  sent:     " + (j < want.size() ? want[j] : "(end)") + "\n";
    out += "  received: " + (j < got.size() ? got[j] : "(end)") + "\n";
  }
  return out;
}

const char *legName(int d) { return d == SDM_TO_USER ? "to-user" : d == SDM_TO_KERNEL ? "to-kernel" : "both"; }

struct Stats {
  size_t graphs = 0, objects = 0, messages = 0, bytes = 0;
  std::set<std::string> fields;  // type.field paths that crossed with a value
  void note(const std::vector<std::string> &lines) {
    for (auto &l : lines) {
      auto open = l.find('<'), close = l.find('>'), eq = l.find('=');
      if (open == std::string::npos || close > eq || l.compare(eq, 4, "=0x0") == 0 ||
          l.compare(eq, 5, "=null") == 0 || l.compare(eq, 2, "=-") == 0)
        continue;
      std::string key = l.substr(open + 1, close - open - 1) + l.substr(close + 1, eq - close - 1);
      for (size_t b; (b = key.find('[')) != std::string::npos;) key.erase(b, key.find(']', b) - b + 1);
      fields.insert(key);
    }
  }
};

// One graph of the driver's structs through both legs.
std::string roundTrip(uint64_t seed, int type, rt::Legs legs, Stats &stats) {
  rt::Symbols symbols;
  Region kregion, uregion, fregion;
  rt::AllocLog originals;
  rt::Filler filler(seed, rt_real, originals, symbols, kregion);
  std::vector<sdm_root> roots = filler.build(type);
  Side kernel(rt_real, kregion, symbols), user(rt_mirror, uregion, symbols),
      userAgain(rt_mirror, uregion, symbols), fresh(rt_real, fregion, symbols, 0xff);

  sdm_ctx *kctx = kernel.ctx(legs.first);
  Bytes first = encodeC(kctx, roots);
  if (first.empty()) return failure(kctx, "in-place C encode (leg 1)");
  sdm_ctx *uctx = user.ctx(legs.first);
  std::vector<sdm_root> mirrors = decodeCxx(uctx, first);
  if (mirrors.size() != roots.size()) return failure(uctx, "C++ mirror decode (leg 1)");
  // New copies in both legs: every field crosses (sdm_ctx.fresh).
  const rt::Legs everyField = {SDM_BOTH, SDM_BOTH};
  auto sent = rt::Dumper(rt_real, originals, symbols, kregion, everyField, false)
                  .dump(roots.data(), roots.size());
  auto got = rt::Dumper(rt_mirror, user.log, symbols, uregion, everyField, true)
                 .dump(mirrors.data(), mirrors.size());
  std::string diff = compare(sent, got);
  if (!diff.empty()) return "leg 1 (C -> C++): " + diff;

  userAgain.adoptAll(user);
  sdm_ctx *actx = userAgain.ctx(legs.second);
  Bytes second = encodeCxx(actx, mirrors);
  if (second.empty()) return failure(actx, "C++ mirror encode (leg 2)");
  sdm_ctx *fctx = fresh.ctx(legs.second);
  std::vector<sdm_root> back = decodeC(fctx, second);
  if (back.size() != roots.size()) return failure(fctx, "in-place C decode (leg 2)");
  sent = rt::Dumper(rt_real, originals, symbols, kregion, everyField, false)
             .dump(roots.data(), roots.size());
  got = rt::Dumper(rt_real, fresh.log, symbols, fregion, everyField, true, rt::Untouched::Ones)
            .dump(back.data(), back.size());
  diff = compare(sent, got);
  if (!diff.empty()) return "leg 2 (C++ -> C, fresh objects): " + diff;

  stats.graphs++;
  stats.objects += filler.objectCount();
  stats.messages += 2;
  stats.bytes += first.size() + second.size();
  stats.note(sent);
  return "";
}

uint64_t envNumber(const char *name, uint64_t fallback) {
  const char *v = getenv(name);
  return v && *v ? strtoull(v, nullptr, 0) : fallback;
}

uint64_t mix(uint64_t seed, uint64_t type, uint64_t iteration) {
  uint64_t x = seed ^ (type * 0x9e3779b97f4a7c15ull) ^ (iteration * 0xc2b2ae3d27d4eb4full);
  x ^= x >> 31;
  x *= 0xbf58476d1ce4e5b9ull;
  return x ^ (x >> 29);
}

TEST(RoundTrip, EveryTypeThroughBothCodecs) {
  uint64_t seed = envNumber("RT_SEED", 0x5eed1e1000ull);
  uint64_t iterations = envNumber("RT_ITERATIONS", 30);
  const char *only = getenv("RT_TYPE");
  const rt::Legs kLegs[] = {{SDM_BOTH, SDM_BOTH}, {SDM_TO_USER, SDM_TO_KERNEL}, {SDM_TO_KERNEL, SDM_TO_USER}};
  ASSERT_EQ(rt_real.ntypes, rt_mirror.ntypes);
  Stats stats;
  int failures = 0;
  for (uint32_t type = 0; type < rt_real.ntypes && failures < 3; type++) {
    if (only && strcmp(only, rt_real.types[type].name)) continue;
    for (uint64_t it = 0; it < iterations && failures < 3; it++) {
      for (const rt::Legs &legs : kLegs) {
        std::string error = roundTrip(mix(seed, type, it), static_cast<int>(type), legs, stats);
        if (error.empty()) continue;
        ADD_FAILURE() << "root " << rt_real.types[type].name << ", legs " << legName(legs.first)
                      << "/" << legName(legs.second) << ": " << error
                      << "reproduce: RT_SEED=" << rt::hex(seed) << " RT_TYPE="
                      << rt_real.types[type].name << " RT_ITERATIONS=" << it + 1;
        failures++;
        break;
      }
    }
  }
  EXPECT_GT(stats.graphs, 0u);
  printf("%s, seed %s: %zu graphs (%zu objects), %zu messages (%zu bytes), %zu type.field paths "
         "crossed with a value, %u types\n",
         rt_real.driver, rt::hex(seed).c_str(), stats.graphs, stats.objects, stats.messages, stats.bytes,
         stats.fields.size(), rt_real.ntypes);
}

}  // namespace

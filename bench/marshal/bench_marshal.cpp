// Encode+decode cost of the marshal codecs against a memcpy of the same
// data, measured in the same run. Prints ns and TSC ticks per operation,
// bytes on the wire and the ratio to memcpy. Not a test: nothing asserts
// on time.
//
// usage: bench_marshal [--ms <per case, default 300>]
#include <capnp/message.h>
#include <capnp/serialize.h>
#include <x86intrin.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "fixtures.h"
#include "graph.capnp.h"
#include "mtest_sdm_cxx.h"
#include "sdm_call.h"

namespace {

template <typename T>
void keep(T const &value) {
  asm volatile("" : : "r,m"(value) : "memory");
}

struct Result {
  double ns;
  double ticks;
};

Result measure(int ms, const std::function<void()> &op) {
  using clock = std::chrono::steady_clock;
  for (int i = 0; i < 100; i++) op();  // warm caches and allocators
  uint64_t iters = 0;
  auto start = clock::now();
  uint64_t t0 = __rdtsc();
  auto deadline = start + std::chrono::milliseconds(ms);
  while (clock::now() < deadline) {
    for (int i = 0; i < 64; i++) op();
    iters += 64;
  }
  uint64_t t1 = __rdtsc();
  double ns = std::chrono::duration<double, std::nano>(clock::now() - start).count();
  return {ns / iters, static_cast<double>(t1 - t0) / iters};
}

struct Context {
  explicit Context(sdt_tracker *t = nullptr)
      : mem((sdm_ctx_mem_bytes(64, 1 << 16) + 7) / 8) {
    sdm_ctx_init(&ctx, mem.data(), mem.size() * 8, 64, t, mt_types, MT_NTYPES);
  }
  std::vector<uint64_t> mem;
  sdm_ctx ctx;
};

struct Tracker {
  explicit Tracker(uint8_t *bar, size_t barSize) : mem((sdt_mem_bytes(64) + 7) / 8) {
    sdt_ops ops = {[](void *, size_t n) { return calloc(1, n); }, [](void *, void *p) { free(p); },
                   nullptr, nullptr};
    sdt_init(&t, mem.data(), mem.size() * 8, 64, &ops);
    sdt_add_region(&t, 0, reinterpret_cast<uintptr_t>(bar), barSize);
  }
  ~Tracker() { sdt_destroy(&t); }
  std::vector<uint64_t> mem;
  sdt_tracker t;
};

struct Row {
  std::string name;
  size_t memcpyBytes;
  Result base;
  size_t wireC;
  Result c;
  size_t wireCxx;
  Result cxx;
};

void print(const Row &r) {
  std::printf("%-28s %7zu %8.1f %7.0f | %6zu %8.1f %7.0f %7.1fx | %6zu %8.1f %7.0f %7.1fx\n",
              r.name.c_str(), r.memcpyBytes, r.base.ns, r.base.ticks, r.wireC, r.c.ns, r.c.ticks,
              r.c.ns / r.base.ns, r.wireCxx, r.cxx.ns, r.cxx.ticks, r.cxx.ns / r.base.ns);
}

// One struct type through both codecs as a root message.
template <typename CxxT, typename Mirror>
Row structCase(const std::string &name, int ms, const sdm_type *type, const Mirror &obj,
               size_t payloadBytes, void (*encodeCxx)(sdm_ctx *, const Mirror &, typename CxxT::Builder),
               void (*decodeCxx)(sdm_ctx *, typename CxxT::Reader, Mirror &)) {
  Row row{name, payloadBytes, {}, 0, {}, 0, {}};
  std::vector<uint8_t> src(payloadBytes), dst(payloadBytes);
  row.base = measure(ms, [&] {
    memcpy(dst.data(), src.data(), payloadBytes);
    keep(dst[0]);
  });
  Context c;
  std::vector<uint8_t> buf(1 << 16);
  Mirror out;
  row.c = measure(ms, [&] {
    sdm_ctx_reset(&c.ctx);
    size_t n = sdm_encode_struct(&c.ctx, type, &obj, buf.data(), buf.size());
    sdm_decode_struct(&c.ctx, type, buf.data(), n, &out);
    row.wireC = n;
    keep(out);
  });
  std::vector<capnp::word> scratch(1 << 13);
  row.cxx = measure(ms, [&] {
    sdm_ctx_reset(&c.ctx);
    capnp::MallocMessageBuilder mb(kj::arrayPtr(scratch.data(), scratch.size()));
    encodeCxx(&c.ctx, obj, mb.initRoot<CxxT>());
    auto segs = mb.getSegmentsForOutput();
    capnp::SegmentArrayMessageReader reader(segs);
    decodeCxx(&c.ctx, reader.getRoot<CxxT>(), out);
    row.wireCxx = capnp::computeSerializedSizeInWords(mb) * 8;
    keep(out);
  });
  return row;
}

size_t everythingPayload(const mt_Everything &e) {
  size_t n = sizeof(e) + e.n_points * sizeof(mt_Point) + e.n_words * 2 + e.n_bits +
             e.n_signed_bytes + e.n_longs * 8 + strlen(e.title) + 1 + e.blob.len +
             e.n_shapes * sizeof(mt_Shape) + 1;
  for (uint32_t i = 0; i < e.n_shapes; i++) {
    if (e.shapes[i].name) n += strlen(e.shapes[i].name) + 1;
    if (e.shapes[i].which == mt_Shape_which_label) n += strlen(e.shapes[i].label) + 1;
  }
  return n;
}

// The kernel <-> user crossing of the netdev/adapter/rings graph, steady
// state (both trackers already paired): encode on one side, decode on the
// other, for each codec.
Row graphCase(int ms) {
  static uint8_t kbar[0x4000], ubar[0x4000];
  mt_graph_fixture g;
  mt_fixture_graph(&g, kbar);
  Row row{"graph (netdev+adapter+3 rings)", 0, {}, 0, {}, 0, {}};
  row.memcpyBytes = sizeof(g.dev) + sizeof(g.adapter) + sizeof(g.rings) + sizeof(g.firmware) +
                    sizeof(g.name) + sizeof(g.blocks);
  std::vector<uint8_t> src(row.memcpyBytes), dst(row.memcpyBytes);
  row.base = measure(ms, [&] {
    memcpy(dst.data(), src.data(), row.memcpyBytes);
    keep(dst[0]);
  });
  Tracker k(kbar, sizeof(kbar)), u(ubar, sizeof(ubar));
  Context kc(&k.t), uc(&u.t);
  sdm_root root = {&g.dev, &mt_Device_type, 1}, got[2];
  uint32_t n = 0;
  std::vector<uint8_t> buf(1 << 16);
  row.c = measure(ms, [&] {
    sdm_ctx_reset(&kc.ctx);
    sdm_ctx_reset(&uc.ctx);
    size_t len = sdm_encode(&kc.ctx, buf.data(), buf.size(), &root, 1, nullptr, 0);
    sdm_decode(&uc.ctx, buf.data(), len, got, 2, &n);
    row.wireC = len;
    keep(got[0]);
  });
  sdm::EnvelopeCodec codec(mt_cxx_types);
  std::vector<capnp::word> scratch(1 << 13);
  row.cxx = measure(ms, [&] {
    sdm_ctx_reset(&kc.ctx);
    sdm_ctx_reset(&uc.ctx);
    capnp::MallocMessageBuilder mb(kj::arrayPtr(scratch.data(), scratch.size()));
    codec.encode(&kc.ctx, mb, &root, 1, nullptr, 0);
    auto segs = mb.getSegmentsForOutput();
    capnp::SegmentArrayMessageReader reader(segs);
    codec.decode(&uc.ctx, reader, got, 2, &n);
    row.wireCxx = capnp::computeSerializedSizeInWords(mb) * 8;
    keep(got[0]);
  });
  if (kc.ctx.error || uc.ctx.error) std::fprintf(stderr, "bench_marshal: graph case failed\n");
  return row;
}

// A whole crossing through sdm_call (request encode, decode, reply encode,
// decode: both directions), steady state, against the same graph through a
// bare envelope one way and a memcpy of the graph's structs.
void callCases(int ms) {
  static uint8_t kbar[0x4000], ubar[0x4000];
  mt_graph_fixture g;
  mt_fixture_graph(&g, kbar);
  size_t bytes = sizeof(g.dev) + sizeof(g.adapter) + sizeof(g.rings) + sizeof(g.firmware);
  std::vector<uint8_t> src(bytes), dst(bytes);
  Result base = measure(ms, [&] {
    memcpy(dst.data(), src.data(), bytes);
    keep(dst[0]);
  });
  Tracker k(kbar, sizeof(kbar)), u(ubar, sizeof(ubar));
  Context kc(&k.t), uc(&u.t);
  kc.ctx.side = SDM_SIDE_KERNEL;
  uc.ctx.side = SDM_SIDE_USER;
  static const sdm_arg noArgs[1] = {};
  static const sdm_arg objArgs[] = {{SDM_ARG_OBJECT, 0, 0, &mt_Device_type},
                                    {SDM_ARG_SCALAR, 4, 1, nullptr}};
  const sdm_fn empty = {"empty", 1, 0, {SDM_ARG_SCALAR, 4, 1, nullptr}, noArgs};
  const sdm_fn open = {"open", 2, 2, {SDM_ARG_SCALAR, 4, 1, nullptr}, objArgs};
  std::vector<uint8_t> buf(1 << 16);
  for (const sdm_fn *fn : {&empty, &open}) {
    uint64_t argv[2] = {reinterpret_cast<uintptr_t>(&g.dev), 7}, uargv[2], ret = 0;
    size_t wire = 0;
    Result r = measure(ms, [&] {
      size_t n = sdm_call_request_encode(&kc.ctx, fn, argv, buf.data(), buf.size());
      sdm_call_request_decode(&uc.ctx, fn, buf.data(), n, uargv);
      wire = n;
      n = sdm_call_reply_encode(&uc.ctx, fn, uargv, 0, buf.data(), buf.size());
      sdm_call_reply_decode(&kc.ctx, fn, buf.data(), n, argv, &ret);
      wire += n;
      keep(ret);
    });
    if (kc.ctx.error || uc.ctx.error) std::fprintf(stderr, "bench_marshal: call case failed\n");
    std::printf("%-28s %7zu %8.1f %7.0f | %6zu %8.1f %7.0f %7.1fx | (request + reply, C)\n",
                fn == &empty ? "call: no arguments" : "call: graph root + scalar", bytes, base.ns,
                base.ticks, wire, r.ns, r.ticks, r.ns / base.ns);
  }
}

}  // namespace

int main(int argc, char **argv) {
  int ms = 300;
  for (int i = 1; i + 1 < argc; i++)
    if (!strcmp(argv[i], "--ms")) ms = atoi(argv[++i]);

  std::printf("%-28s %7s %8s %7s | %6s %8s %7s %8s | %6s %8s %7s %8s\n", "case", "bytes",
              "memcpy", "ticks", "wire", "C ns", "ticks", "vs mcpy", "wire", "C++ ns", "ticks",
              "vs mcpy");
  mt_Point p = {3, -4};
  print(structCase<mtest::Point>("Point (8 B, ~empty call)", ms, &mt_Point_type, p, sizeof(p),
                                 mt_Point_encode_cxx, mt_Point_decode_cxx));
  mt_Shape s;
  memset(&s, 0, sizeof(s));
  std::string name(255, 'x');
  s.name = &name[0];
  s.which = mt_Shape_which_circle;
  s.circle = 9;
  print(structCase<mtest::Shape>("Shape (255-char string)", ms, &mt_Shape_type, s,
                                 sizeof(s) + name.size() + 1, mt_Shape_encode_cxx,
                                 mt_Shape_decode_cxx));
  mt_Scalars sc;
  memset(&sc, 0x5a, sizeof(sc));
  sc.flag = true;
  sc.on_by_default = false;
  print(structCase<mtest::Scalars>("Scalars (15 fields)", ms, &mt_Scalars_type, sc, sizeof(sc),
                                   mt_Scalars_encode_cxx, mt_Scalars_decode_cxx));
  mt_Everything e;
  mt_fixture_everything(&e);
  print(structCase<mtest::Everything>("Everything (lists, text)", ms, &mt_Everything_type, e,
                                      everythingPayload(e), mt_Everything_encode_cxx,
                                      mt_Everything_decode_cxx));
  print(graphCase(ms));
  callCases(ms);
  std::printf("ticks: TSC ticks per encode+decode (memcpy: per copy); ratios are of ns.\n");
  return 0;
}

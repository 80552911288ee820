#include "rt_host.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace rt {

std::string hex(uint64_t v) {
  char buf[24];
  snprintf(buf, sizeof(buf), "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

void *AllocLog::alloc(size_t bytes) {
  size_t rounded = (std::max<size_t>(bytes, 1) + 63) & ~size_t{63};
  void *p = aligned_alloc(64, rounded);  // net_device wants NETDEV_ALIGN
  if (!p) return nullptr;
  memset(p, fill_, rounded);
  blocks_[reinterpret_cast<uintptr_t>(p)] = bytes;
  return p;
}

void AllocLog::release(void *p) {
  blocks_.erase(reinterpret_cast<uintptr_t>(p));
  free(p);
}

void AllocLog::releaseAll() {
  for (auto &b : blocks_) free(reinterpret_cast<void *>(b.first));
  blocks_.clear();
}

bool AllocLog::find(const void *p, uintptr_t *base, size_t *offset) const {
  auto a = reinterpret_cast<uintptr_t>(p);
  auto it = blocks_.upper_bound(a);
  if (it == blocks_.begin()) return false;
  --it;
  if (a - it->first >= std::max<size_t>(it->second, 1)) return false;
  *base = it->first;
  *offset = a - it->first;
  return true;
}

Symbols::Symbols() {
  for (unsigned i = 0; i < kCount; i++) {
    functions[i] = &functionMarks[i];
    globals[i] = &globalMarks[i];
  }
}

int Symbols::indexOf(const void *p, int kind) const {
  if (!p) return 0;
  const void *const *table = kind == RT_FUNCTION ? functions : globals;
  for (unsigned i = 0; i < kCount; i++)
    if (table[i] == p) return static_cast<int>(i) + 1;
  return -1;
}

// ---- Filler ----------------------------------------------------------------

namespace {
constexpr size_t kMaxAllocations = 24;  // structs per graph: enough for every cycle kind
constexpr uint32_t kMaxLength = 4;      // elements of a counted array
}  // namespace

const rt_fill_ops Filler::kOps = {
    [](rt_fill *g) { return self(g).scalar(); },
    [](rt_fill *g) { return self(g).below(kMaxLength + 1); },
    [](rt_fill *g, int type, uint32_t count) { return self(g).ref(type, count); },
    [](rt_fill *g, int type, void *obj) { self(g).adopt(type, obj); },
    [](rt_fill *g, int type, void *obj) {
      Filler &f = self(g);
      f.embedded_.push_back({obj, type, 1, f.current_});
    },
    [](rt_fill *g) { return self(g).string(); },
    [](rt_fill *g, uint32_t len) { return self(g).bytes(len); },
    [](rt_fill *g) -> void * {
      Filler &f = self(g);
      if (f.below(5) == 0) return nullptr;
      return f.region_.base() + f.below(static_cast<uint32_t>(f.region_.bytes.size()));
    },
    [](rt_fill *g, int kind) -> const void * {
      Filler &f = self(g);
      if (kind != RT_WORK && f.below(5) == 0) return nullptr;
      const void *const *table = kind == RT_GLOBAL ? f.symbols_.globals : f.symbols_.functions;
      return table[f.below(Symbols::kCount)];
    },
};

Filler::Filler(uint64_t seed, const rt_world &world, AllocLog &log, const Symbols &symbols,
               Region &region)
    : rt_fill{&kOps}, rng_(seed), world_(world), log_(log), symbols_(symbols), region_(region) {}

// Zero, all ones, one bit, small, a sign bit in every byte, or anything:
// truncation, sign extension and width mistakes show with these.
uint64_t Filler::scalar() {
  switch (below(6)) {
    case 0: return 0;
    case 1: return ~0ull;
    case 2: return 1ull << below(64);
    case 3: return below(256);
    case 4: return 0x8080808080808080ull;
    default: return rng_();
  }
}

void *Filler::newObject(int type, uint32_t count) {
  const rt_type &t = world_.types[type];
  size_t bytes = std::max<size_t>(size_t{t.size} * count, t.alloc_size);
  void *p = log_.alloc(bytes);
  int index = static_cast<int>(objects_.size());
  objects_.push_back({p, type, count, index});
  toFill_.push_back(objects_.size() - 1);
  return p;
}

void Filler::needContainer(int alloc) {
  if (std::find(containers_.begin(), containers_.end(), alloc) == containers_.end())
    containers_.push_back(alloc);
}

// NULL, a new object, or an alias of one the graph has (the root and the
// objects on the way to here included: cycles), embedded ones of interior
// types too.
void *Filler::ref(int type, uint32_t count) {
  if (count == 0 || below(5) == 0) return nullptr;
  bool room = objects_.size() < kMaxAllocations;
  if (room && below(2) == 0) return newObject(type, count);
  std::vector<const Object *> candidates;
  for (auto &o : objects_)
    if (o.type == type && o.count == count) candidates.push_back(&o);
  if (count == 1 && world_.types[type].interior)
    for (auto &o : embedded_)
      if (o.type == type) candidates.push_back(&o);
  if (candidates.empty()) return room ? newObject(type, count) : nullptr;
  const Object &o = *candidates[below(static_cast<uint32_t>(candidates.size()))];
  if (objects_[o.alloc].ptr != o.ptr) needContainer(o.alloc);
  return o.ptr;
}

void Filler::adopt(int type, void *obj) {
  objects_.push_back({obj, type, 1, current_});
  toFill_.push_back(objects_.size() - 1);
}

char *Filler::string() {
  uint32_t r = below(10);
  if (r < 2) return nullptr;
  std::vector<char *> strings;
  for (auto &b : blobs_)
    if (b.second == 0) strings.push_back(b.first);
  if (r < 5 && !strings.empty()) return strings[below(static_cast<uint32_t>(strings.size()))];
  uint32_t len = below(17);
  auto *s = static_cast<char *>(log_.alloc(len + 1));
  for (uint32_t i = 0; i < len; i++) s[i] = static_cast<char>(' ' + below(95));
  blobs_.push_back({s, 0});
  return s;
}

uint8_t *Filler::bytes(uint32_t len) {
  uint32_t r = below(10);
  if (len == 0 || r < 2) return nullptr;
  for (auto &b : blobs_)
    if (b.second == len && r < 5) return reinterpret_cast<uint8_t *>(b.first);
  auto *p = static_cast<uint8_t *>(log_.alloc(len));
  for (uint32_t i = 0; i < len; i++) p[i] = static_cast<uint8_t>(rng_());
  blobs_.push_back({reinterpret_cast<char *>(p), len});
  return p;
}

std::vector<sdm_root> Filler::build(int root) {
  newObject(root, 1);
  while (!toFill_.empty()) {
    size_t i = toFill_.front();
    toFill_.pop_front();
    Object o = objects_[i];
    const rt_type &t = world_.types[o.type];
    current_ = o.alloc;
    for (uint32_t e = 0; e < o.count; e++) t.fill(this, static_cast<uint8_t *>(o.ptr) + size_t{t.size} * e);
  }
  std::vector<sdm_root> roots = {{objects_[0].ptr, world_.types[root].sdm, 1}};
  for (int c : containers_)
    if (c != 0)
      roots.push_back({objects_[c].ptr, world_.types[objects_[c].type].sdm, objects_[c].count});
  return roots;
}

// ---- Dumper ----------------------------------------------------------------

bool Legs::crosses(unsigned dirBits, int leg) {
  return leg == SDM_BOTH || (dirBits & (leg == SDM_TO_USER ? RT_TO_USER : RT_TO_KERNEL));
}

const rt_dump_ops Dumper::kOps = {
    [](rt_dump *d, const char *name, int idx, unsigned dir, uint64_t v) {
      self(d).value(name, idx, dir, v, [v] { return hex(v); });
    },
    [](rt_dump *d, const char *name, unsigned dir, uint32_t n) {
      Dumper &s = self(d);
      std::string p = s.path(name, -1);
      if (s.field(p, dir, true) == Mode::Keep) s.record(p + "#", std::to_string(n));
    },
    [](rt_dump *d, const char *name, int idx, unsigned dir) {
      Dumper &s = self(d);
      std::string p = s.path(name, idx);
      Mode mode = s.field(p, dir, idx < 0);
      s.stack_.push_back({p, s.stack_.back().dir & dir, mode});
    },
    [](rt_dump *d) { self(d).stack_.pop_back(); },
    [](rt_dump *d, const char *name, unsigned dir, const void *p, int type, uint32_t count) {
      self(d).ref(name, dir, p, type, count);
    },
    [](rt_dump *d, const char *name, unsigned dir, const char *s) {
      Dumper &self_ = self(d);
      self_.value(name, -1, dir, reinterpret_cast<uintptr_t>(s),
                  [&] { return s ? self_.place(s) + " \"" + s + "\"" : std::string("null"); });
    },
    [](rt_dump *d, const char *name, unsigned dir, const uint8_t *p, uint32_t len) {
      Dumper &s = self(d);
      s.value(name, -1, dir, reinterpret_cast<uintptr_t>(p), [&] {
        std::string text = p ? s.place(p) : "null";
        for (uint32_t i = 0; p && i < len; i++) text += " " + hex(p[i]);
        return text;
      });
    },
    [](rt_dump *d, const char *name, unsigned dir, const void *p) {
      Dumper &s = self(d);
      auto a = reinterpret_cast<uintptr_t>(p), base = reinterpret_cast<uintptr_t>(s.region_.base());
      s.value(name, -1, dir, a, [&] {
        return !p ? "null" : a - base < s.region_.bytes.size() ? "R+" + hex(a - base) : "!outside " + hex(a);
      });
    },
    [](rt_dump *d, const char *name, unsigned dir, const void *p, int kind) {
      Dumper &s = self(d);
      int i = s.symbols_.indexOf(p, kind);
      s.value(name, -1, dir, reinterpret_cast<uintptr_t>(p), [&] {
        return !p      ? "null"
               : i > 0 ? (kind == RT_FUNCTION ? "fn" : "gl") + std::to_string(i)
                       : "!unknown " + hex(reinterpret_cast<uintptr_t>(p));
      });
    },
};

Dumper::Dumper(const rt_world &world, const AllocLog &log, const Symbols &symbols,
               Region &region, Legs legs, bool received, Untouched untouched)
    : rt_dump{&kOps},
      world_(world),
      log_(log),
      symbols_(symbols),
      region_(region),
      legs_(legs),
      received_(received),
      untouched_(untouched) {}

std::string Dumper::path(const char *name, int idx) const {
  std::string p = stack_.back().path + "." + name;
  if (idx >= 0) p += "[" + std::to_string(idx) + "]";
  return p;
}

void Dumper::record(const std::string &name, const std::string &value) {
  lines_.push_back(name + "=" + value);
}

// All ones of any width (a bool or a bit-field reads as 1, a signed
// member as -1) is what 0xff-filled memory reads as.
bool Dumper::isUntouched(uint64_t raw) const {
  return untouched_ == Untouched::Zero ? raw == 0 : raw != 0 && (raw & (raw + 1)) == 0;
}

// A nested field crosses where its own direction and every enclosing
// member's do; the first one that does not is shown as "-".
Dumper::Mode Dumper::field(const std::string &name, unsigned dir, bool leaf) {
  const Frame &top = stack_.back();
  unsigned eff = top.dir & dir;
  if (top.mode == Mode::Skip) return Mode::Skip;
  if (top.mode == Mode::Keep) {
    if (legs_.crossesAll(eff)) return Mode::Keep;
    if (leaf) record(name, "-");
  }
  if (!received_) return Mode::Skip;
  return legs_.crossesLast(eff) ? Mode::MustBeEmpty : Mode::MustBeUntouched;
}

// The text is made only for a field that is shown: naming an allocation
// the other side cannot reach would shift every later name.
void Dumper::value(const char *name, int idx, unsigned dir, uint64_t raw,
                   const std::function<std::string()> &text) {
  std::string p = path(name, idx);
  Mode mode = field(p, dir, idx < 0);
  if (mode == Mode::Keep) record(p, text());
  if (mode == Mode::MustBeEmpty && raw != 0)
    record(p, "!the peer had nothing to send, yet it holds " + hex(raw));
  if (mode == Mode::MustBeUntouched && !isUntouched(raw))
    record(p, "!did not cross, yet was written: " + hex(raw));
}

// An allocation is named by when the walk first meets it, so both worlds
// name the same graph the same way.
std::string Dumper::place(const void *p) {
  uintptr_t base;
  size_t offset;
  if (!log_.find(p, &base, &offset)) return "?" + hex(reinterpret_cast<uintptr_t>(p));
  int name = names_.emplace(base, static_cast<int>(names_.size())).first->second;
  return "A" + std::to_string(name) + "+" + hex(offset);
}

void Dumper::ref(const char *name, unsigned dir, const void *p, int type, uint32_t count) {
  value(name, -1, dir, reinterpret_cast<uintptr_t>(p),
        [&] { return p ? place(p) + " x" + std::to_string(count) : "null"; });
  if (p && field(path(name, -1), dir, false) == Mode::Keep) enqueue(p, type, count);
}

void Dumper::enqueue(const void *p, int type, uint32_t count) {
  if (seen_.insert({p, type}).second) queue_.push_back({{p, type}, count});
}

int Dumper::typeIndex(const sdm_type *t) const {
  for (uint32_t i = 0; i < world_.ntypes; i++)
    if (world_.types[i].sdm == t) return static_cast<int>(i);
  return -1;
}

std::vector<std::string> Dumper::dump(const sdm_root *roots, uint32_t nroots) {
  stack_ = {{"", RT_BOTH, Mode::Keep}};
  for (uint32_t i = 0; i < nroots; i++) {
    int type = typeIndex(roots[i].type);
    std::string text = !roots[i].ptr ? "null" : place(roots[i].ptr) + " x" + std::to_string(roots[i].count);
    record("root" + std::to_string(i), type < 0 ? "!unknown type" : text);
    if (type >= 0 && roots[i].ptr) enqueue(roots[i].ptr, type, roots[i].count);
  }
  while (!queue_.empty()) {
    auto [key, count] = queue_.front();
    queue_.pop_front();
    const rt_type &t = world_.types[key.second];
    std::string base = place(key.first);
    for (uint32_t e = 0; e < count; e++) {
      stack_ = {{base + "[" + std::to_string(e) + "]<" + t.name + ">", RT_BOTH, Mode::Keep}};
      t.dump(this, static_cast<const uint8_t *>(key.first) + size_t{t.size} * e);
    }
  }
  return lines_;
}

}  // namespace rt

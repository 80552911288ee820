// The round-trip test's host side: random object graphs of the driver's
// structs (Filler), and a canonical dump of a graph in either world
// (Dumper) so that the driver's structs and the mirrors compare as text.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "rt.h"
#include "sdm.h"

namespace rt {

// Every allocation one side's graph lives in, so that a pointer reads as
// (allocation, offset) whatever the layout around it: the driver's structs
// and the mirrors differ in size, never in where an interior object sits.
class AllocLog {
 public:
  // Fresh memory holds this byte: 0, or 0xff to see what a decoder writes.
  explicit AllocLog(uint8_t fill = 0) : fill_(fill) {}
  void *alloc(size_t bytes);
  void release(void *p);
  void releaseAll();
  bool find(const void *p, uintptr_t *base, size_t *offset) const;
  ~AllocLog() { releaseAll(); }

 private:
  uint8_t fill_;
  std::map<uintptr_t, size_t> blocks_;
};

// The function and globals tables both halves share (docs/CROSSING.md 3).
struct Symbols {
  static constexpr unsigned kCount = 4;
  char functionMarks[kCount] = {};
  char globalMarks[kCount] = {};
  const void *functions[kCount];
  const void *globals[kCount];
  Symbols();
  sdm_symbols table() const { return {functions, kCount, globals, kCount}; }
  // The table index + 1 of p, 0 for NULL, -1 if neither table has it.
  int indexOf(const void *p, int kind) const;
};

struct Region {
  std::vector<uint8_t> bytes = std::vector<uint8_t>(0x1000);
  uint8_t *base() { return bytes.data(); }
};

// A random graph of the driver's structs rooted at one new object of `root`.
class Filler : public rt_fill {
 public:
  struct Object {
    void *ptr;
    int type;
    uint32_t count;
    int alloc;  // index in objects_ of the allocation it lives in
  };

  Filler(uint64_t seed, const rt_world &world, AllocLog &log, const Symbols &symbols,
         Region &region);
  // The roots to send: the root, then the allocations that hold an object
  // some pointer names by its interior address (the codec needs the
  // container in the message to send the place, not a copy).
  std::vector<sdm_root> build(int root);
  size_t objectCount() const { return objects_.size(); }

 private:
  static const rt_fill_ops kOps;
  static Filler &self(rt_fill *g) { return *static_cast<Filler *>(g); }
  uint64_t scalar();
  uint32_t below(uint32_t n) { return static_cast<uint32_t>(rng_() % n); }
  void *newObject(int type, uint32_t count);
  void *ref(int type, uint32_t count);
  void adopt(int type, void *obj);
  char *string();
  uint8_t *bytes(uint32_t len);
  void needContainer(int alloc);

  std::mt19937_64 rng_;
  const rt_world &world_;
  AllocLog &log_;
  const Symbols &symbols_;
  Region &region_;
  std::vector<Object> objects_;
  std::vector<Object> embedded_;
  std::vector<std::pair<char *, uint32_t>> blobs_;  // strings (len 0) and byte arrays
  std::deque<size_t> toFill_;
  std::vector<int> containers_;
  int current_ = -1;  // the allocation being filled
};

// What a field that did not cross holds in a received graph: the fresh
// memory's zeros, or all ones of its width (0xff-filled memory) where a
// decoder that writes a field outside its direction would leave a zero.
enum class Untouched { Zero, Ones };

// Which fields a comparison covers: those that crossed every leg. A field
// the last leg carried but an earlier one did not holds the peer's nothing.
struct Legs {
  int first = SDM_BOTH;
  int second = SDM_BOTH;
  static bool crosses(unsigned dirBits, int leg);
  bool crossesAll(unsigned dirBits) const {
    return crosses(dirBits, first) && crosses(dirBits, second);
  }
  bool crossesLast(unsigned dirBits) const { return crosses(dirBits, second); }
};

// The canonical text of a graph, one line per field. A received graph's
// fields that did not cross must hold nothing (fresh objects): they read "-"
// like the original's, anything else is reported.
class Dumper : public rt_dump {
 public:
  // `received`: the graph a decoder made, whose other fields must be untouched.
  Dumper(const rt_world &world, const AllocLog &log, const Symbols &symbols, Region &region,
         Legs legs, bool received, Untouched untouched = Untouched::Zero);
  std::vector<std::string> dump(const sdm_root *roots, uint32_t nroots);

 private:
  enum class Mode { Keep, Skip, MustBeEmpty, MustBeUntouched };
  struct Frame {
    std::string path;
    unsigned dir;
    Mode mode;
  };
  static const rt_dump_ops kOps;
  static Dumper &self(rt_dump *d) { return *static_cast<Dumper *>(d); }
  // The field's mode; records "-" for a field that did not cross.
  Mode field(const std::string &name, unsigned dir, bool leaf);
  std::string path(const char *name, int idx) const;
  void record(const std::string &name, const std::string &value);
  bool isUntouched(uint64_t raw) const;
  std::string place(const void *p);
  // @raw: the value or pointer as an integer (what "untouched" is checked on).
  void value(const char *name, int idx, unsigned dir, uint64_t raw,
             const std::function<std::string()> &text);
  void ref(const char *name, unsigned dir, const void *p, int type, uint32_t count);
  void enqueue(const void *p, int type, uint32_t count);
  int typeIndex(const sdm_type *t) const;

  const rt_world &world_;
  const AllocLog &log_;
  const Symbols &symbols_;
  Region &region_;
  Legs legs_;
  bool received_;
  Untouched untouched_;
  std::vector<Frame> stack_;
  std::vector<std::string> lines_;
  std::map<uintptr_t, int> names_;
  std::set<std::pair<const void *, int>> seen_;
  std::deque<std::pair<std::pair<const void *, int>, uint32_t>> queue_;
};

std::string hex(uint64_t v);

}  // namespace rt

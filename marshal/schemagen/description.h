// marshal's input: a small description of what crosses the boundary of one
// driver (see docs/ARCHITECTURE.md, "marshal description"). The analyzer's
// model maps onto it; sdm-schema turns it into <driver>.capnp.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace sdmarshal::schema {

enum class FieldKind {
  Scalar, Struct, Ref, String, Opaque, Region, Text, Data, List,
  // Version 2 (in place):
  Fnptr,   // function pointer: function-table index
  Global,  // pointer to a driver global: globals-table index
  Array,   // inline C array: a List of the C array's length
  Local,   // owned by each half: not in the schema
  Bytes,   // pointer to a byte array whose length a sibling field gives
  Work,         // a work_struct each half owns; its handler crosses
  DelayedWork,  // the same for a delayed_work
  Chain,   // an embedded list_head: its entries (objects of target), in order
};
enum class Direction { Both, ToUser, ToKernel };

struct Field {
  std::string name;        // C member name, snake_case
  FieldKind kind = FieldKind::Scalar;
  std::string scalar;      // bool, i8..u64 (Scalar; List of scalars)
  std::string target;      // C struct tag (Struct, Ref, List of structs)
  std::string length;      // Ref: sibling field with the element count
  Direction direction = Direction::Both;
  std::string where;       // JSON path, for diagnostics
  std::string cfield;      // v2: the C member (default: name)
  bool bitfield = false;   // v2: a C bit-field
  std::string cexpr;       // v2: a computed ref (C expression of the object `o`)
  std::string link;        // v2 chain: the entries' list_head member
  bool flags = false;      // v2: an unsigned word of flag bits, synced bit by bit
};

struct Type {
  std::string name;        // C struct tag
  std::vector<Field> fields;
  std::string where;
  std::string ctype;       // v2: the C type read in place
  std::string allocSize;   // v2: C expression, bytes of one allocation
  bool interior = false;   // v2: may live inside another allocation
};

struct Function {
  std::string name;
  bool upcall = true;      // kernel half calls into the user half
  std::vector<Field> args;
  std::string ret;         // scalar, or empty for void
  std::string where;
};

struct Description {
  int version = 1;
  std::vector<std::string> includes;  // v2: headers of the in-place codec
  // v2: C declarations of the driver's .c-file types the codec names, and
  // the headers they need: written to <driver>_local.h (one of includes).
  std::vector<std::string> localDefinitions, localIncludes;
  std::string driver;
  std::vector<Type> types;
  std::vector<Function> functions;
};

class Diagnostics {
 public:
  Diagnostics(std::ostream &out, std::string file) : out_(out), file_(std::move(file)) {}
  void error(const std::string &where, const std::string &message) {
    out_ << file_ << ": " << where << ": error: " << message << "\n";
    ++errors_;
  }
  int errorCount() const { return errors_; }

 private:
  std::ostream &out_;
  std::string file_;
  int errors_ = 0;
};

// Parses and checks a description; every problem goes to `diag`.
Description readDescription(const std::string &json, Diagnostics &diag);

}  // namespace sdmarshal::schema

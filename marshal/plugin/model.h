// The plan the generators render: one StructPlan per schema struct, each
// field classified into a FieldKind with everything the templates need.
// Built from the CodeGeneratorRequest by model.cpp, which also checks the
// marshal annotations; generators never look at the schema again.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "diagnostics.h"

namespace capnp {
class SchemaLoader;
}

namespace sdmarshal::gen {

enum class FieldKind {
  Void,
  Bool,
  Int,        // any signed/unsigned 8..64-bit integer
  Float,      // carried as its bit pattern (no FPU in the kernel)
  Enum,
  Text,
  Data,
  Struct,     // nested by value in the C mirror
  PrimList,   // List(integer or Bool): pointer + n_ count
  StructList, // List(Struct): pointer + n_ count
  Ref,        // $ref: object-table index, typed pointer in C
  String,     // $string: object-table index, char * in C
  Opaque,     // $opaque: pointer passed through
  Region,     // $region: pointer rebased into a shared region
  Function,   // $fnptr: function-table index + 1
  Global,     // $global: globals-table index + 1
  Bytes,      // $bytes: byte-array object, length in a sibling field
  Work,       // $work: a work_struct's handler (in place)
  DelayedWork,  // $delayedWork: a delayed_work's handler (in place)
  Chain,      // $chain: a list_head's entries, as object-table indices (in place)
};

struct FieldPlan {
  std::string capnpName;   // fooBar
  std::string cName;       // foo_bar
  std::string cxxName;     // FooBar (capnp's C++ accessor stem)
  FieldKind kind = FieldKind::Void;
  unsigned bits = 0;       // data field width (1 for Bool)
  bool isSigned = false;
  uint32_t offset = 0;     // in units of `bits` for data, index for pointers
  uint64_t defaultBits = 0;
  unsigned elemBits = 0;   // PrimList
  bool elemSigned = false;
  bool elemBool = false;
  std::string target;      // C name of the nested/element/referent struct
  std::string cxxType;     // enum's C++ type
  std::string lengthField; // Ref: C name of the sibling length field
  int direction = 0;       // 0 both, 1 $toUser only, 2 $toKernel only
  bool inUnion = false;
  uint16_t discriminant = 0;
  // In place ($ctype structs): the C member, and how it is checked.
  std::string member;      // $cfield, or cName
  bool bitfield = false;   // $bitfield: no sizeof check
  bool flags = false;      // $flags: sync merges it bit by bit
  bool inlineArray = false;  // $inline list: a C array member
  std::string targetType;  // the referent's/element's sdm_type variable
  std::string cexpr;       // $cexpr: a computed $ref (C expression of `o`)
  std::string link;        // Chain: the entries' list_head member
  std::string targetCType; // Chain: the entries' C type
};

struct StructPlan {
  uint64_t id = 0;
  std::string capnpName;   // Name as written in the schema
  std::string cName;       // prefix_Name
  std::string cxxName;     // ::ns::Name
  uint16_t dataWords = 0;
  uint16_t pointerCount = 0;
  bool hasUnion = false;
  uint32_t discriminantOffset = 0;  // in 16-bit units
  std::vector<FieldPlan> fields;
  // The C type the codec converts: the mirror `struct prefix_Name`, or the
  // driver's own type ($ctype) read in place.
  std::string cType;
  std::string typeVar;     // its sdm_type: prefix_Name_type / prefix_sdm_type_tag
  bool inPlace = false;
  std::string allocSize;   // $allocSize C expression, or empty
  bool interior = false;   // $interior
};

struct FilePlan {
  std::string schemaFile;  // as given to capnp compile
  std::string baseName;    // foo for foo.capnp
  std::string prefix;      // C identifier prefix
  std::vector<StructPlan> structs;  // nested-by-value types first
  bool inPlace = false;    // every struct has $ctype: C codec only
  std::vector<std::string> includes;  // $cinclude
};

// Classifies every struct of the requested file. Errors (unsupported types,
// misused annotations, by-value recursion) go to `diag`.
FilePlan buildPlan(const capnp::SchemaLoader &loader, uint64_t fileId,
                   const std::string &fileName, Diagnostics &diag);

std::string toSnakeCase(const std::string &camel);
std::string toUpperCamel(const std::string &camel);

}  // namespace sdmarshal::gen

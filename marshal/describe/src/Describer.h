// Internal: one description being built (types, fields, notes) and the
// rules that map a model field onto a description field.
#pragma once

#include "describe/Describe.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace splitdriver::describe {

// Direction bits of a field over all crossings.
constexpr int kToUser = 1, kToKernel = 2;

struct DescField {
  std::string name, cfield, kind;  // kind: bool, i8..u64, struct, ref, array, ...
  std::string target, elem, length;
  bool bitfield = false;
  std::string cexpr;  // computed ref: C expression of the object `o`
  std::string link;   // chain: the entries' list_head member
  bool flags = false; // an unsigned word of flag bits: synced bit by bit
  int dir = 0;
  std::vector<unsigned> order;  // member positions from the described type down
};

struct DescType {
  std::string name, ctype, record, header, allocSize;
  bool interior = false, driverHeader = false;
  std::map<std::string, DescField> fields;  // by cfield
};

struct Description {
  std::string driver;
  std::map<std::string, DescType> types;  // by name
  std::set<std::string> notes;
  // Types of the driver's .c files the codec names: their definitions (one
  // declaration each, dependencies first) and the headers those need.
  std::vector<std::string> localDefinitions;
  std::set<std::string> localIncludes;
};

// Lower-case snake_case schema name from a C name ("__state" -> "state",
// "rxbuf.data" -> "rxbuf_data").
std::string schemaName(const std::string &cName);

// Serialises the description (types by name, fields in C declaration
// order) and fills the includes.
MarshalDescription render(const Description &description);

}  // namespace splitdriver::describe

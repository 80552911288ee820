// Assembles a function body from per-field fragments: plain fields in
// schema order, the union's members as one switch on `which`.
#pragma once

#include <functional>
#include <string>

#include "model.h"

namespace sdmarshal::gen {

struct SwitchFrame {
  const char *switchTmpl;   // with ${prologue}, ${cases}, ${default}
  const char *caseTmpl;     // with ${disc}, ${body}
  std::string prologue;
  std::string defaultBody;
  std::string caseIndent;   // extra indentation of a member's fragment
};

enum class BodyOrder {
  SchemaOrder,        // encoding: the allocation order both codecs share
  ReferencesLast,     // decoding: length fields are known before references
};

using FragmentFn = std::function<std::string(const FieldPlan &)>;

// Wraps a field's fragment in the check of the message direction when the
// field crosses one way only ($toUser/$toKernel).
std::string directional(const FieldPlan &f, const std::string &fragment,
                        const std::string &indentUnit);

std::string assembleBody(const StructPlan &s, const FragmentFn &fragment,
                         const SwitchFrame &frame, BodyOrder order);

}  // namespace sdmarshal::gen

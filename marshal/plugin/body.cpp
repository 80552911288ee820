#include "body.h"

#include "render.h"

namespace sdmarshal::gen {
namespace {

bool isReference(const FieldPlan &f) {
  return f.kind == FieldKind::Ref || f.kind == FieldKind::String;
}

std::string unionSwitch(const StructPlan &s, const FragmentFn &fragment,
                        const SwitchFrame &frame) {
  std::string cases;
  bool any = false;
  for (auto &f : s.fields) {
    if (!f.inUnion) continue;
    std::string body = fragment(f);
    any = any || !body.empty();
    cases += render(frame.caseTmpl, {{"disc", std::to_string(f.discriminant)},
                                     {"body", indent(body, frame.caseIndent)}});
  }
  if (!any && frame.prologue.empty() && frame.defaultBody.empty()) return "";
  return render(frame.switchTmpl, {{"prologue", frame.prologue},
                                   {"cases", cases},
                                   {"default", frame.defaultBody}});
}

}  // namespace

std::string directional(const FieldPlan &f, const std::string &fragment,
                        const std::string &indentUnit) {
  if (f.direction == 0 || fragment.empty()) return fragment;
  std::string other = f.direction == 1 ? "SDM_TO_KERNEL" : "SDM_TO_USER";
  // A receiver that allocates its copy with this message (ctx->fresh)
  // gets every field: its copy starts as the sender's, not zeroed.
  return indentUnit + "if (ctx->direction != " + other + " || ctx->fresh) {\n" +
         indent(fragment, indentUnit) + indentUnit + "}\n";
}

std::string assembleBody(const StructPlan &s, const FragmentFn &fragment,
                         const SwitchFrame &frame, BodyOrder order) {
  std::string out;
  bool unionDone = false;
  for (auto &f : s.fields) {
    if (f.inUnion) {
      if (!unionDone && order == BodyOrder::SchemaOrder) out += unionSwitch(s, fragment, frame);
      unionDone = true;
      continue;
    }
    if (order == BodyOrder::ReferencesLast && isReference(f)) continue;
    out += fragment(f);
  }
  if (order == BodyOrder::ReferencesLast) {
    if (s.hasUnion) out += unionSwitch(s, fragment, frame);
    for (auto &f : s.fields)
      if (!f.inUnion && isReference(f)) out += fragment(f);
  }
  return out;
}

}  // namespace sdmarshal::gen

// The C header (mirrors, accessors, declarations) and the C codec source.
#include <cctype>

#include "body.h"
#include "generators.h"
#include "templates.h"

namespace sdmarshal::gen {
namespace {

std::string upper(std::string s) {
  for (char &c : s) c = static_cast<char>(toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string guardOf(const std::string &file) {
  std::string g = "SDM_GENERATED_";
  for (char c : file) g += isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(toupper(c)) : '_';
  return g;
}

std::string mirrorOf(const StructPlan &s) {
  std::string members = s.hasUnion ? "\tuint16_t which;\n" : "";
  for (auto &f : s.fields) members += render(cTemplates(f.kind).mirror, fieldVars(s, f));
  if (members.empty()) members = "\tuint8_t unused;\t/* empty structs are not C */\n";
  Vars v = structVars({}, s);
  v["members"] = members;
  return render(ctmpl::kMirror, v);
}

std::string accessorsOf(const StructPlan &s) {
  std::string out;
  if (s.hasUnion) {
    std::string e = "enum {\n";
    for (auto &f : s.fields)
      if (f.inUnion)
        e += "\t" + s.cName + "_which_" + f.cName + " = " + std::to_string(f.discriminant) + ",\n";
    e += "};\n";
    Vars v = structVars({}, s);
    v["which_enum"] = e;
    out += render(ctmpl::kUnionAccessors, v);
  }
  for (auto &f : s.fields) out += render(cTemplates(f).accessors, fieldVars(s, f));
  return out;
}

// Structs held by value: sync keeps their data with their holder's.
bool nestedByValue(const FieldPlan &f) {
  return f.cexpr.empty() &&
         (f.kind == FieldKind::Struct || (f.kind == FieldKind::StructList && f.inlineArray));
}

// The ${S}_SYNC_AT_ offsets and ${S}_SYNC_BYTES, as C constant expressions
// (an inline array's length is the C member's).
std::string syncLayoutOf(const StructPlan &s) {
  std::string out, at = s.cName + "_DATA_WORDS * 8";
  for (auto &f : s.fields) {
    if (!nestedByValue(f)) continue;
    Vars v = fieldVars(s, f);
    v["at"] = at;
    out += render(ctmpl::kSyncAt, v);
    std::string size = f.target + "_SYNC_BYTES";
    if (f.kind == FieldKind::StructList) size = v["calen"] + " * " + size;
    at = s.cName + "_SYNC_AT_" + f.cName + " + " + size;
  }
  Vars v = structVars({}, s);
  v["at"] = at;
  return out + render(ctmpl::kSyncBytes, v);
}

std::string syncCopyOf(const StructPlan &s) {
  std::string nested, refs;
  for (auto &f : s.fields)
    if (syncedRef(f))
      refs += render(ctmpl::kSyncRef, fieldVars(s, f));
  for (auto &f : s.fields) {
    if (!nestedByValue(f)) continue;
    Vars v = fieldVars(s, f);
    std::string body = render(
        f.kind == FieldKind::Struct ? ctmpl::kSyncNested : ctmpl::kSyncInlineList, v);
    if (f.inUnion) {
      v["body"] = body;
      body = render(ctmpl::kSyncUnionMember, v);
    }
    nested += body;
  }
  Vars v = structVars({}, s);
  v["nested"] = nested;
  v["refs"] = refs;
  return render(ctmpl::kSyncCopy, v);
}

SwitchFrame frame(const std::string &prologue, const std::string &dflt) {
  return {ctmpl::kSwitch, ctmpl::kCase, prologue, dflt, "\t"};
}

std::string functionsOf(const StructPlan &s) {
  auto fragment = [&](const char *CFieldTemplates::*which) {
    return [&s, which](const FieldPlan &f) {
      return directional(f, render(cTemplates(f).*which, fieldVars(s, f)), "\t");
    };
  };
  std::string which = "\"" + s.capnpName + ".which\"";
  Vars v = structVars({}, s);
  v["encode"] = assembleBody(
      s, fragment(&CFieldTemplates::encode),
      frame(s.cName + "_set_which(b, o->which);\n\t",
            "\t\tsdm_fail(ctx, -EINVAL, " + which + ");\n"),
      BodyOrder::SchemaOrder);
  v["decode"] = assembleBody(
      s, fragment(&CFieldTemplates::decode),
      frame("o->which = " + s.cName + "_which(r);\n\t",
            "\t\tsdm_fail(ctx, -EPROTO, " + which + ");\n"),
      BodyOrder::ReferencesLast);
  // The closure follows every reference whatever its direction: a pointer
  // only the kernel sets (net_device._tx) still leads to an object the user
  // half writes (the queue's state); the receiver keeps its own pointer and
  // finds the object through the tracker.
  auto visit = [&s](const FieldPlan &f) { return render(cTemplates(f).visit, fieldVars(s, f)); };
  v["visit"] = assembleBody(s, visit, frame("", ""), BodyOrder::SchemaOrder);
  v["synccopy"] = syncCopyOf(s);
  return render(ctmpl::kFunctions, v);
}

// In place: each scalar member's width and signedness as the description
// states them, so a wrong description does not build.
std::string checksOf(const StructPlan &s) {
  std::string out;
  for (auto &f : s.fields) {
    if (f.bitfield || (f.kind != FieldKind::Int && f.kind != FieldKind::Bool)) continue;
    Vars v = fieldVars(s, f);
    v["bytes"] = std::to_string(f.kind == FieldKind::Bool ? 1 : f.bits / 8);
    out += render(ctmpl::kSizeCheck, v);
    if (f.kind == FieldKind::Bool) continue;
    v["unsigned"] = f.isSigned ? "0" : "1";
    v["signedness"] = f.isSigned ? "signed" : "unsigned";
    out += render(ctmpl::kSignCheck, v);
  }
  return out;
}

std::string typesVar(const FilePlan &plan) {
  return plan.inPlace ? plan.prefix + "_sdm_types" : plan.prefix + "_types";
}

}  // namespace

std::string generateCHeader(const FilePlan &plan) {
  std::string constants, forwards, mirrors, accessors, decls;
  for (auto &s : plan.structs) {
    constants += render(ctmpl::kStructConstants, structVars(plan, s)) + syncLayoutOf(s);
    if (!plan.inPlace) {
      forwards += "struct " + s.cName + ";\n";
      mirrors += mirrorOf(s);
    }
    accessors += accessorsOf(s);
    decls += render(ctmpl::kDeclarations, structVars(plan, s));
  }
  std::string includes;
  for (auto &h : plan.includes) includes += "#include \"" + h + "\"\n";
  std::string ntypes = std::to_string(plan.structs.size());
  std::string ntypesDecl = plan.inPlace
      ? "extern const uint32_t " + plan.prefix + "_sdm_ntypes;\n"
      : "#define " + upper(plan.prefix) + "_NTYPES " + ntypes + "\n";
  return render(ctmpl::kHeader, {{"schema", plan.schemaFile},
                                 {"includes", includes},
                                 {"typesvar", typesVar(plan)},
                                 {"ntypesdecl", ntypesDecl},
                                 {"guard", guardOf(outputNames(plan).cHeader)},
                                 {"constants", constants + "\n"},
                                 {"forwards", forwards},
                                 {"mirrors", mirrors},
                                 {"accessors", accessors},
                                 {"declarations", decls},
                                 {"prefix", plan.prefix},
                                 {"PREFIX", upper(plan.prefix)},
                                 {"ntypes", std::to_string(plan.structs.size())}});
}

std::string generateCSource(const FilePlan &plan) {
  std::string functions, typelist, checks;
  for (auto &s : plan.structs) {
    functions += functionsOf(s);
    typelist += "\t&" + s.typeVar + ",\n";
    if (plan.inPlace) checks += checksOf(s);
  }
  std::string ntypesDef = plan.inPlace ? "const uint32_t " + plan.prefix + "_sdm_ntypes = " +
                                             std::to_string(plan.structs.size()) + ";\n"
                                       : "";
  return render(ctmpl::kSource, {{"schema", plan.schemaFile},
                                 {"checks", checks.empty() ? "" : checks + "\n"},
                                 {"typesvar", typesVar(plan)},
                                 {"ntypesdef", ntypesDef},
                                 {"header", outputNames(plan).cHeader},
                                 {"functions", functions},
                                 {"prefix", plan.prefix},
                                 {"typelist", typelist}});
}

}  // namespace sdmarshal::gen

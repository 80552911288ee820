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
  for (auto &f : s.fields) out += render(cTemplates(f.kind).accessors, fieldVars(s, f));
  return out;
}

SwitchFrame frame(const std::string &prologue, const std::string &dflt) {
  return {ctmpl::kSwitch, ctmpl::kCase, prologue, dflt, "\t"};
}

std::string functionsOf(const StructPlan &s) {
  auto fragment = [&](const char *CFieldTemplates::*which) {
    return [&s, which](const FieldPlan &f) {
      return directional(f, render(cTemplates(f.kind).*which, fieldVars(s, f)), "\t");
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
  v["visit"] = assembleBody(s, fragment(&CFieldTemplates::visit), frame("", ""),
                            BodyOrder::SchemaOrder);
  return render(ctmpl::kFunctions, v);
}

}  // namespace

std::string generateCHeader(const FilePlan &plan) {
  std::string constants, forwards, mirrors, accessors, decls;
  for (auto &s : plan.structs) {
    constants += render(ctmpl::kStructConstants, structVars(plan, s));
    forwards += "struct " + s.cName + ";\n";
    mirrors += mirrorOf(s);
    accessors += accessorsOf(s);
    decls += render(ctmpl::kDeclarations, structVars(plan, s));
  }
  return render(ctmpl::kHeader, {{"schema", plan.schemaFile},
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
  std::string functions, typelist;
  for (auto &s : plan.structs) {
    functions += functionsOf(s);
    typelist += "\t&" + s.cName + "_type,\n";
  }
  return render(ctmpl::kSource, {{"schema", plan.schemaFile},
                                 {"header", outputNames(plan).cHeader},
                                 {"functions", functions},
                                 {"prefix", plan.prefix},
                                 {"typelist", typelist}});
}

}  // namespace sdmarshal::gen

// The C++ codec: the same mirrors converted through capnp's generated classes.
#include "body.h"
#include "generators.h"
#include "templates.h"

namespace sdmarshal::gen {
namespace {

SwitchFrame frame(const std::string &prologue, const std::string &dflt) {
  return {cxxtmpl::kSwitch, cxxtmpl::kCase, prologue, dflt, "  "};
}

std::string functionsOf(const StructPlan &s) {
  auto fragment = [&](const char *CxxFieldTemplates::*which) {
    return [&s, which](const FieldPlan &f) {
      return directional(f, render(cxxTemplates(f.kind).*which, fieldVars(s, f)), "  ");
    };
  };
  std::string which = "\"" + s.capnpName + ".which\"";
  Vars v = structVars({}, s);
  v["encode"] = assembleBody(s, fragment(&CxxFieldTemplates::encode),
                             frame("", "    sdm_fail(ctx, -EINVAL, " + which + ");\n"),
                             BodyOrder::SchemaOrder);
  v["decode"] = assembleBody(
      s, fragment(&CxxFieldTemplates::decode),
      frame("o.which = static_cast<uint16_t>(r.which());\n  ",
            "    sdm_fail(ctx, -EPROTO, " + which + ");\n"),
      BodyOrder::ReferencesLast);
  return render(cxxtmpl::kFunctions, v);
}

}  // namespace

std::string generateCxxHeader(const FilePlan &plan) {
  std::string decls;
  for (auto &s : plan.structs) decls += render(cxxtmpl::kDeclarations, structVars(plan, s));
  auto names = outputNames(plan);
  return render(cxxtmpl::kHeader, {{"schema", plan.schemaFile},
                                   {"capnp_header", names.capnpHeader},
                                   {"c_header", names.cHeader},
                                   {"declarations", decls},
                                   {"prefix", plan.prefix}});
}

std::string generateCxxSource(const FilePlan &plan) {
  std::string functions, typelist;
  for (auto &s : plan.structs) {
    functions += functionsOf(s);
    typelist += "  &" + s.cName + "_cxx_type,\n";
  }
  return render(cxxtmpl::kSource, {{"schema", plan.schemaFile},
                                   {"header", outputNames(plan).cxxHeader},
                                   {"functions", functions},
                                   {"prefix", plan.prefix},
                                   {"typelist", typelist}});
}

}  // namespace sdmarshal::gen

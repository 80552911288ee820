// Template variables: everything a fragment needs about a field, computed
// once from the plan so the templates hold no logic.
#include <cstdio>

#include "generators.h"

namespace sdmarshal::gen {
namespace {

std::string hex(uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

std::string intType(unsigned bits, bool isSigned) {
  return std::string(isSigned ? "int" : "uint") + std::to_string(bits) + "_t";
}

const char *elemSizeName(unsigned bits) {
  switch (bits) {
    case 1: return "CPN_ELEM_BIT";
    case 8: return "CPN_ELEM_BYTE";
    case 16: return "CPN_ELEM_TWO";
    case 32: return "CPN_ELEM_FOUR";
    default: return "CPN_ELEM_EIGHT";
  }
}

// The C member of a length field (named by its snake_case schema name).
std::string lengthMember(const StructPlan &s, const std::string &cName) {
  for (auto &g : s.fields)
    if (g.cName == cName) return g.member;
  return cName;
}

}  // namespace

OutputNames outputNames(const FilePlan &plan) {
  return {plan.baseName + "_sdm.h", plan.baseName + "_sdm.c", plan.baseName + "_sdm_cxx.h",
          plan.baseName + "_sdm_cxx.c++", plan.baseName + ".capnp.h"};
}

Vars structVars(const FilePlan &plan, const StructPlan &s) {
  (void)plan;
  std::string flags = s.interior ? "SDM_TYPE_INTERIOR" : "0";
  std::string extra = "\t.flags = " + flags + ",\n";
  if (!s.allocSize.empty()) extra += "\t.alloc_size = " + s.allocSize + ",\n";
  return {{"S", s.cName},
          {"T", s.cType},
          {"Stype", s.typeVar},
          {"extra", extra},
          {"Sname", s.capnpName},
          {"cxx", s.cxxName},
          {"id", hex(s.id)},
          {"dw", std::to_string(s.dataWords)},
          {"pc", std::to_string(s.pointerCount)},
          {"discoff", std::to_string(s.discriminantOffset * 2)}};
}

bool syncedRef(const FieldPlan &f) {
  return f.kind == FieldKind::Ref && f.direction == 0 && !f.inUnion && f.cexpr.empty() &&
         (f.bits == 0 || f.bits == 32);
}

Vars fieldVars(const StructPlan &s, const FieldPlan &f) {
  Vars v = {{"S", s.cName},
            {"Sname", s.capnpName},
            {"f", f.cName},
            {"m", f.member},
            {"cexpr", f.cexpr},
            {"wfunc", f.kind == FieldKind::DelayedWork ? ".work.func" : ".func"},
            {"winit", f.kind == FieldKind::DelayedWork ? "INIT_DELAYED_WORK" : "INIT_WORK"},
            {"T", s.cType},
            {"subtype", f.targetType},
            {"alen", "(sizeof(o->" + f.member + ") / sizeof(o->" + f.member + "[0]))"},
            {"calen", "(sizeof(((" + s.cType + " *)0)->" + f.member + ") / sizeof(((" + s.cType +
                          " *)0)->" + f.member + "[0]))"},
            {"F", f.cxxName},
            {"where", s.capnpName + "." + f.capnpName},
            {"ptr", std::to_string(f.offset)},
            {"sub", f.target},
            {"disc", std::to_string(f.discriminant)}};
  unsigned bits = f.bits ? f.bits : 64;
  v["bits"] = std::to_string(bits);
  v["off"] = std::to_string(f.kind == FieldKind::Bool ? f.offset : f.offset * bits / 8);
  v["bitoff"] = std::to_string(f.kind == FieldKind::Bool ? f.offset : f.offset * bits);
  // Sync judges two-way fields only: a one-way field is its sender's to set,
  // and this side's versions of it are empty (it never sends it).
  v["ifchanged"] = f.direction ? "" : "\tif (!sdm_unchanged(ctx, r, " + v["bitoff"] + ", " +
                                          v["bits"] + "))\n\t";
  v["dflt"] = f.kind == FieldKind::Bool ? std::to_string(f.defaultBits)
                                        : hex(f.defaultBits) + (bits == 64 ? "ull" : "u");
  switch (f.kind) {
    case FieldKind::Int: v["ctype"] = intType(bits, f.isSigned); break;
    case FieldKind::Float: v["ctype"] = intType(bits, false); break;
    case FieldKind::Enum: v["ctype"] = "uint16_t"; break;
    default: v["ctype"] = intType(bits, false); break;
  }
  v["rtype"] = v["ctype"];
  v["fl"] = bits == 32 ? "float" : "double";
  v["cxxenum"] = f.cxxType;
  if (f.kind == FieldKind::Chain) {
    v["es"] = "CPN_ELEM_FOUR";
    v["etype"] = f.targetCType;
    v["link"] = f.link;
  }
  if (f.kind == FieldKind::PrimList) {
    v["es"] = elemSizeName(f.elemBits);
    if (f.elemBool) {
      v["ectype"] = "bool";
      v["elemout"] = "o->" + f.member + "[i] ? 1 : 0";
      v["elemin"] = "cpn_lr_get(&l, i) != 0";
    } else {
      std::string u = intType(f.elemBits, false);
      v["ectype"] = intType(f.elemBits, f.elemSigned);
      v["elemout"] = "(" + u + ")o->" + f.member + "[i]";
      v["elemin"] = "(" + v["ectype"] + ")(" + u + ")cpn_lr_get(&l, i)";
    }
  }
  v["ccount"] = f.lengthField.empty() ? "1" : "o->" + lengthMember(s, f.lengthField);
  v["cxxcount"] = f.lengthField.empty() ? "1" : "o." + f.lengthField;
  // An array of length 0 is sent as NULL: its first element may not exist.
  std::string call = "sdm_ref_out(ctx, o" + std::string("->") + f.member + ", &" + f.targetType +
                     ", " + v["ccount"] + ", \"" + v["where"] + "\")";
  std::string callCxx = "sdm_ref_out(ctx, o." + f.cName + ", &" + f.targetType + ", " +
                        v["cxxcount"] + ", \"" + v["where"] + "\")";
  v["crefout"] = f.lengthField.empty() ? call : "(" + v["ccount"] + " ? " + call + " : 0)";
  v["bytesout"] = "(" + v["ccount"] + " ? sdm_ref_out(ctx, o->" + f.member +
                  ", &sdm_bytes_type, " + v["ccount"] + ", \"" + v["where"] + "\") : 0)";
  v["cxxbytesout"] = "(" + v["cxxcount"] + " ? sdm_ref_out(ctx, o." + f.cName +
                     ", &sdm_bytes_type, " + v["cxxcount"] + ", \"" + v["where"] + "\") : 0)";
  v["cxxrefout"] = f.lengthField.empty() ? callCxx : "(" + v["cxxcount"] + " ? " + callCxx + " : 0)";
  return v;
}

}  // namespace sdmarshal::gen

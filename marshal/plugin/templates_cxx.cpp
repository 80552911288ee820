// C++ templates: the user-side codec over the capnp library's generated
// classes, converting the same C mirror structs as the kernel codec.
#include "templates.h"

namespace sdmarshal::gen {
namespace {

constexpr const char *kScalarDecode = "  o.${f} = r.get${F}();\n";

const CxxFieldTemplates kVoid = {"  b.set${F}();\n", ""};
const CxxFieldTemplates kInt = {"  b.set${F}(o.${f});\n", kScalarDecode};
const CxxFieldTemplates kFloat = {"  b.set${F}(sdm::fromBits<${fl}>(o.${f}));\n",
                                  "  o.${f} = sdm::toBits(r.get${F}());\n"};
const CxxFieldTemplates kEnum = {"  b.set${F}(static_cast<${cxxenum}>(o.${f}));\n",
                                 "  o.${f} = static_cast<uint16_t>(r.get${F}());\n"};

const CxxFieldTemplates kText = {
    "  if (o.${f}) b.set${F}(o.${f});\n"
    "  else b.adopt${F}({});  // NULL: still selects the union member\n",
    R"(  if (r.has${F}()) {
    auto t = r.get${F}();
    o.${f} = sdm_copy_text(ctx, t.cStr(), static_cast<uint32_t>(t.size()), "${where}");
  } else {
    o.${f} = nullptr;
  }
)"};

const CxxFieldTemplates kData = {
    "  if (o.${f}.ptr) b.set${F}(capnp::Data::Reader(o.${f}.ptr, o.${f}.len));\n"
    "  else b.adopt${F}({});  // NULL: still selects the union member\n",
    R"(  if (r.has${F}()) {
    auto d = r.get${F}();
    o.${f}.ptr = sdm_copy_bytes(ctx, d.begin(), static_cast<uint32_t>(d.size()), "${where}");
    o.${f}.len = o.${f}.ptr ? static_cast<uint32_t>(d.size()) : 0;
  } else {
    o.${f}.ptr = nullptr;
    o.${f}.len = 0;
  }
)"};

const CxxFieldTemplates kStruct = {"  ${sub}_encode_cxx(ctx, o.${f}, b.init${F}());\n",
                                   "  ${sub}_decode_cxx(ctx, r.get${F}(), o.${f});\n"};

const CxxFieldTemplates kPrimList = {
    R"(  if (o.${f}) {
    auto l = b.init${F}(o.n_${f});
    for (uint32_t i = 0; i < o.n_${f}; i++) l.set(i, o.${f}[i]);
  } else {
    b.adopt${F}({});  // NULL: still selects the union member
  }
)",
    R"(  o.${f} = nullptr;
  o.n_${f} = 0;
  if (r.has${F}()) {
    auto l = r.get${F}();
    o.${f} = static_cast<${ectype} *>(sdm_alloc(ctx, l.size() * sizeof(${ectype}), "${where}"));
    if (o.${f}) {
      o.n_${f} = l.size();
      for (uint32_t i = 0; i < l.size(); i++) o.${f}[i] = l[i];
    }
  }
)"};

const CxxFieldTemplates kStructList = {
    R"(  if (o.${f}) {
    auto l = b.init${F}(o.n_${f});
    for (uint32_t i = 0; i < o.n_${f} && !ctx->error; i++) ${sub}_encode_cxx(ctx, o.${f}[i], l[i]);
  } else {
    b.adopt${F}({});  // NULL: still selects the union member
  }
)",
    R"(  o.${f} = nullptr;
  o.n_${f} = 0;
  if (r.has${F}()) {
    auto l = r.get${F}();
    o.${f} = static_cast<${sub} *>(sdm_alloc(ctx, l.size() * sizeof(${sub}), "${where}"));
    if (o.${f}) {
      o.n_${f} = l.size();
      for (uint32_t i = 0; i < l.size() && !ctx->error; i++) ${sub}_decode_cxx(ctx, l[i], o.${f}[i]);
    }
  }
)"};

const CxxFieldTemplates kRef = {
    "  b.set${F}(${cxxrefout});\n",
    "  o.${f} = static_cast<${sub} *>(sdm_ref_in(ctx, r.get${F}(), &${sub}_type, ${cxxcount}, "
    "\"${where}\"));\n"};

const CxxFieldTemplates kString = {
    "  b.set${F}(sdm_ref_out(ctx, o.${f}, &sdm_string_type, 0, \"${where}\"));\n",
    "  o.${f} = static_cast<char *>(sdm_ref_in(ctx, r.get${F}(), &sdm_string_type, 0, "
    "\"${where}\"));\n"};

const CxxFieldTemplates kOpaque = {
    "  b.set${F}(reinterpret_cast<uintptr_t>(o.${f}));\n",
    "  o.${f} = reinterpret_cast<void *>(static_cast<uintptr_t>(r.get${F}()));\n"};

const CxxFieldTemplates kRegion = {
    "  b.set${F}(sdm_region_out(ctx, o.${f}, \"${where}\"));\n",
    "  o.${f} = sdm_region_in(ctx, r.get${F}(), \"${where}\");\n"};

const CxxFieldTemplates kBytes = {
    "  b.set${F}(${cxxbytesout});\n",
    "  o.${f} = static_cast<uint8_t *>(sdm_ref_in(ctx, r.get${F}(), &sdm_bytes_type, ${cxxcount}, "
    "\"${where}\"));\n"};

const CxxFieldTemplates kFunction = {
    "  b.set${F}(sdm_function_field_out(ctx, o.${f}, \"${where}\"));\n",
    "  o.${f} = sdm_function_field_in(ctx, r.get${F}(), o.${f}, \"${where}\");\n"};

const CxxFieldTemplates kGlobal = {
    "  b.set${F}(sdm_global_field_out(ctx, o.${f}, \"${where}\"));\n",
    "  o.${f} = sdm_global_field_in(ctx, r.get${F}(), o.${f}, \"${where}\");\n"};

}  // namespace

const CxxFieldTemplates &cxxTemplates(FieldKind kind) {
  switch (kind) {
    case FieldKind::Void: return kVoid;
    case FieldKind::Bool:
    case FieldKind::Int: return kInt;
    case FieldKind::Float: return kFloat;
    case FieldKind::Enum: return kEnum;
    case FieldKind::Text: return kText;
    case FieldKind::Data: return kData;
    case FieldKind::Struct: return kStruct;
    case FieldKind::PrimList: return kPrimList;
    case FieldKind::StructList: return kStructList;
    case FieldKind::Ref: return kRef;
    case FieldKind::String: return kString;
    case FieldKind::Opaque: return kOpaque;
    case FieldKind::Region: return kRegion;
    case FieldKind::Function: return kFunction;
    case FieldKind::Global: return kGlobal;
    case FieldKind::Bytes: return kBytes;
    case FieldKind::Work:
    case FieldKind::DelayedWork: return kFunction;
    case FieldKind::Chain: break;  // in place only: no C++ codec
  }
  return kVoid;
}

namespace cxxtmpl {

const char *const kHeader = R"(// Generated by capnpc-sdmarshal from ${schema}: do not edit.
#pragma once

#include "${capnp_header}"
#include "${c_header}"
#include "sdm_cxx.h"

${declarations}extern const sdm::CxxType *const ${prefix}_cxx_types[];
)";

const char *const kDeclarations = R"(void ${S}_encode_cxx(sdm_ctx *ctx, const ${S} &o, ${cxx}::Builder b);
void ${S}_decode_cxx(sdm_ctx *ctx, ${cxx}::Reader r, ${S} &o);
extern const sdm::CxxType ${S}_cxx_type;

)";

const char *const kSource = R"(// Generated by capnpc-sdmarshal from ${schema}: do not edit.
#include "${header}"

${functions}const sdm::CxxType *const ${prefix}_cxx_types[] = {
${typelist}  nullptr,
};
)";

const char *const kFunctions = R"(void ${S}_encode_cxx(sdm_ctx *ctx, const ${S} &o, ${cxx}::Builder b) {
  (void)ctx;
  (void)o;
  (void)b;
${encode}}

void ${S}_decode_cxx(sdm_ctx *ctx, ${cxx}::Reader r, ${S} &o) {
  (void)ctx;
  (void)r;
${decode}}

static void ${S}_encode_body(sdm_ctx *ctx, const void *objs, uint32_t n,
    capnp::AnyPointer::Builder body) {
  auto l = body.initAs<capnp::List<${cxx}>>(n);
  auto *o = static_cast<const ${S} *>(objs);
  for (uint32_t i = 0; i < n && !ctx->error; i++) ${S}_encode_cxx(ctx, o[i], l[i]);
}

static void ${S}_decode_body(sdm_ctx *ctx, capnp::AnyPointer::Reader body, void *objs,
    uint32_t n) {
  auto l = body.getAs<capnp::List<${cxx}>>();
  if (l.size() != n) {
    sdm_fail(ctx, -EPROTO, "${Sname}");
    return;
  }
  auto *o = static_cast<${S} *>(objs);
  for (uint32_t i = 0; i < n && !ctx->error; i++) ${S}_decode_cxx(ctx, l[i], o[i]);
}

const sdm::CxxType ${S}_cxx_type = {&${S}_type, ${S}_encode_body, ${S}_decode_body};

)";

const char *const kSwitch = R"(  ${prologue}switch (o.which) {
${cases}  default:
${default}    break;
  }
)";

const char *const kCase = R"(  case ${disc}: {
${body}    break;
  }
)";

}  // namespace cxxtmpl
}  // namespace sdmarshal::gen

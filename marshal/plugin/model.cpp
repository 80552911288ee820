// Schema -> plan: classifies fields, checks marshal annotations, orders
// structs so a nested-by-value type is defined before its container.
#include "model.h"

#include <capnp/schema-loader.h>
#include <capnp/schema.h>

#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <set>

namespace sdmarshal::gen {
namespace {

// Annotation ids of marshal/schema/marshal.capnp and capnp's c++.capnp.
constexpr uint64_t kRef = 0xec995587374e8c5dull;
constexpr uint64_t kLength = 0xc4a65e381f930d28ull;
constexpr uint64_t kString = 0xee4071cf8305ae8bull;
constexpr uint64_t kOpaque = 0xfcef463c9d2503f5ull;
constexpr uint64_t kRegion = 0xe5ace87a6cd1d506ull;
constexpr uint64_t kToUser = 0x88db59eeb72c8f9eull;
constexpr uint64_t kToKernel = 0x88db59eeb72c8f9full;
constexpr uint64_t kCPrefix = 0xdac8148f53ba9676ull;
constexpr uint64_t kCxxNamespace = 0xb9c6f99ebf805f2cull;
constexpr uint64_t kCType = 0xb3f1d0c25a7e6401ull;
constexpr uint64_t kAllocSize = 0xb3f1d0c25a7e6402ull;
constexpr uint64_t kInterior = 0xb3f1d0c25a7e6403ull;
constexpr uint64_t kCField = 0xb3f1d0c25a7e6404ull;
constexpr uint64_t kBitfield = 0xb3f1d0c25a7e6405ull;
constexpr uint64_t kFnptr = 0xb3f1d0c25a7e6406ull;
constexpr uint64_t kGlobal = 0xb3f1d0c25a7e6407ull;
constexpr uint64_t kInline = 0xb3f1d0c25a7e6408ull;
constexpr uint64_t kCInclude = 0xb3f1d0c25a7e6409ull;
constexpr uint64_t kInPlace = 0xb3f1d0c25a7e640eull;
constexpr uint64_t kBytes = 0xb3f1d0c25a7e640aull;
constexpr uint64_t kCExpr = 0xb3f1d0c25a7e640bull;
constexpr uint64_t kWork = 0xb3f1d0c25a7e640cull;
constexpr uint64_t kDelayedWork = 0xb3f1d0c25a7e640dull;
constexpr uint64_t kChain = 0xb3f1d0c25a7e640full;
constexpr uint64_t kFlags = 0xb3f1d0c25a7e6410ull;

struct FieldAnnotations {
  std::optional<std::string> ref;
  std::optional<std::string> length;
  bool string = false;
  bool opaque = false;
  bool region = false;
  bool toUser = false;
  bool toKernel = false;
  bool fnptr = false;
  bool global = false;
  bool work = false;
  bool delayedWork = false;
  std::optional<std::string> bytes;
  std::optional<std::string> chain;
  std::optional<std::string> cfield;
  std::optional<std::string> cexpr;
  bool bitfield = false;
  bool inlineArray = false;
  bool flags = false;
  int count() const {
    return (ref ? 1 : 0) + string + opaque + region + fnptr + global + (bytes ? 1 : 0) + work +
           delayedWork;
  }
};

struct StructAnnotations {
  std::optional<std::string> ctype;
  std::optional<std::string> allocSize;
  bool interior = false;
};

StructAnnotations readStructAnnotations(capnp::schema::Node::Reader node) {
  StructAnnotations a;
  for (auto ann : node.getAnnotations()) {
    switch (ann.getId()) {
      case kCType: a.ctype = std::string(ann.getValue().getText().cStr()); break;
      case kAllocSize: a.allocSize = std::string(ann.getValue().getText().cStr()); break;
      case kInterior: a.interior = true; break;
      default: break;
    }
  }
  return a;
}

// "struct net_device" -> "net_device": the tag names the generated symbols.
std::string tagOf(std::string ctype) {
  for (const char *keyword : {"struct ", "union "})
    if (ctype.rfind(keyword, 0) == 0) ctype = ctype.substr(std::strlen(keyword));
  for (char &c : ctype)
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  return ctype;
}

FieldAnnotations readAnnotations(capnp::schema::Field::Reader field) {
  FieldAnnotations a;
  for (auto ann : field.getAnnotations()) {
    switch (ann.getId()) {
      case kRef: a.ref = std::string(ann.getValue().getText().cStr()); break;
      case kLength: a.length = std::string(ann.getValue().getText().cStr()); break;
      case kString: a.string = true; break;
      case kOpaque: a.opaque = true; break;
      case kRegion: a.region = true; break;
      case kToUser: a.toUser = true; break;
      case kToKernel: a.toKernel = true; break;
      case kFnptr: a.fnptr = true; break;
      case kGlobal: a.global = true; break;
      case kWork: a.work = true; break;
      case kDelayedWork: a.delayedWork = true; break;
      case kBytes: a.bytes = std::string(ann.getValue().getText().cStr()); break;
      case kChain: a.chain = std::string(ann.getValue().getText().cStr()); break;
      case kCField: a.cfield = std::string(ann.getValue().getText().cStr()); break;
      case kCExpr: a.cexpr = std::string(ann.getValue().getText().cStr()); break;
      case kBitfield: a.bitfield = true; break;
      case kInline: a.inlineArray = true; break;
      case kFlags: a.flags = true; break;
      default: break;
    }
  }
  return a;
}

std::string localName(capnp::Schema s) {
  auto proto = s.getProto();
  return proto.getDisplayName().slice(proto.getDisplayNamePrefixLength()).cStr();
}

uint64_t valueBits(capnp::schema::Value::Reader v) {
  using W = capnp::schema::Value::Which;
  switch (v.which()) {
    case W::BOOL: return v.getBool() ? 1 : 0;
    case W::INT8: return static_cast<uint8_t>(v.getInt8());
    case W::INT16: return static_cast<uint16_t>(v.getInt16());
    case W::INT32: return static_cast<uint32_t>(v.getInt32());
    case W::INT64: return static_cast<uint64_t>(v.getInt64());
    case W::UINT8: return v.getUint8();
    case W::UINT16: return v.getUint16();
    case W::UINT32: return v.getUint32();
    case W::UINT64: return v.getUint64();
    case W::ENUM: return v.getEnum();
    case W::FLOAT32: {
      float f = v.getFloat32();
      uint32_t b;
      std::memcpy(&b, &f, 4);
      return b;
    }
    case W::FLOAT64: {
      double d = v.getFloat64();
      uint64_t b;
      std::memcpy(&b, &d, 8);
      return b;
    }
    default: return 0;
  }
}

// Width and signedness of integer types; 0 for anything else.
unsigned intBits(capnp::schema::Type::Which w, bool &isSigned) {
  using W = capnp::schema::Type::Which;
  isSigned = w == W::INT8 || w == W::INT16 || w == W::INT32 || w == W::INT64;
  switch (w) {
    case W::INT8: case W::UINT8: return 8;
    case W::INT16: case W::UINT16: return 16;
    case W::INT32: case W::UINT32: return 32;
    case W::INT64: case W::UINT64: return 64;
    default: return 0;
  }
}

class PlanBuilder {
 public:
  PlanBuilder(const capnp::SchemaLoader &loader, uint64_t fileId,
              const std::string &fileName, Diagnostics &diag)
      : loader_(loader), fileId_(fileId), file_(fileName), diag_(diag) {}

  FilePlan build() {
    FilePlan plan;
    plan.schemaFile = file_;
    auto slash = file_.find_last_of('/');
    plan.baseName = file_.substr(slash == std::string::npos ? 0 : slash + 1);
    if (plan.baseName.size() > 6 &&
        plan.baseName.compare(plan.baseName.size() - 6, 6, ".capnp") == 0)
      plan.baseName.resize(plan.baseName.size() - 6);
    auto fileNode = loader_.get(fileId_);
    prefix_ = plan.baseName;
    for (auto ann : fileNode.getProto().getAnnotations()) {
      if (ann.getId() == kCPrefix) prefix_ = ann.getValue().getText().cStr();
      if (ann.getId() == kCxxNamespace)
        namespace_ = std::string("::") + ann.getValue().getText().cStr() + "::";
      if (ann.getId() == kInPlace) inPlaceFile_ = true;
      if (ann.getId() == kCInclude)
        for (auto header : ann.getValue().getList().getAs<capnp::List<capnp::Text>>())
          plan.includes.push_back(header.cStr());
    }
    for (char &c : prefix_)
      if (!isalnum(static_cast<unsigned char>(c))) c = '_';
    plan.prefix = prefix_;
    if (namespace_.empty()) namespace_ = "::";
    collect(fileNode, "");
    for (auto &entry : order_) plan.structs.push_back(planStruct(entry.second, entry.first));
    checkInPlace(plan);
    orderByContainment(plan);
    return plan;
  }

 private:
  void collect(capnp::Schema scope, const std::string &path) {
    for (auto nested : scope.getProto().getNestedNodes()) {
      auto node = loader_.get(nested.getId());
      std::string name = path.empty() ? nested.getName().cStr()
                                      : path + "." + nested.getName().cStr();
      if (node.getProto().isStruct()) {
        if (node.getProto().getStruct().getIsGroup()) continue;
        order_.emplace_back(name, node.asStruct());
        auto ctype = readStructAnnotations(node.getProto()).ctype;
        cNames_[node.getProto().getId()] =
            ctype ? prefix_ + "_sdm_" + tagOf(*ctype) : cName(name);
        typeVars_[node.getProto().getId()] =
            ctype ? prefix_ + "_sdm_type_" + tagOf(*ctype) : cName(name) + "_type";
        byCapnpName_[name] = node.getProto().getId();
      } else if (node.getProto().isEnum()) {
        cxxNames_[node.getProto().getId()] = cxxName(name);
      }
      if (node.getProto().isStruct()) collect(node, name);
    }
  }

  std::string cName(const std::string &dotted) const {
    std::string s = prefix_ + "_" + dotted;
    for (char &c : s)
      if (c == '.') c = '_';
    return s;
  }
  std::string cxxName(const std::string &dotted) const {
    std::string s = namespace_ + dotted;
    size_t at;
    while ((at = s.find('.')) != std::string::npos) s.replace(at, 1, "::");
    return s;
  }

  void fail(const std::string &where, const std::string &msg) {
    diag_.error(file_, where, msg);
  }

  StructPlan planStruct(capnp::StructSchema schema, const std::string &name) {
    StructPlan sp;
    auto proto = schema.getProto();
    auto st = proto.getStruct();
    sp.id = proto.getId();
    sp.capnpName = name;
    sp.cName = cNames_.at(sp.id);
    sp.cxxName = cxxName(name);
    sp.dataWords = st.getDataWordCount();
    sp.pointerCount = st.getPointerCount();
    sp.hasUnion = st.getDiscriminantCount() > 0;
    sp.discriminantOffset = st.getDiscriminantOffset();
    auto sa = readStructAnnotations(proto);
    sp.inPlace = sa.ctype.has_value();
    sp.cType = sp.inPlace ? *sa.ctype : "struct " + sp.cName;
    sp.typeVar = typeVars_.at(sp.id);
    sp.allocSize = sa.allocSize.value_or("");
    sp.interior = sa.interior;
    for (auto field : schema.getFields()) {
      std::string where = name + "." + field.getProto().getName().cStr();
      FieldPlan fp;
      if (planField(field, where, fp)) sp.fields.push_back(fp);
    }
    checkLengthFields(sp);
    return sp;
  }

  bool planField(capnp::StructSchema::Field field, const std::string &where,
                 FieldPlan &fp) {
    auto proto = field.getProto();
    fp.capnpName = proto.getName().cStr();
    fp.cName = toSnakeCase(fp.capnpName);
    fp.cxxName = toUpperCamel(fp.capnpName);
    fp.inUnion = proto.getDiscriminantValue() != capnp::schema::Field::NO_DISCRIMINANT;
    fp.discriminant = proto.getDiscriminantValue();
    if (fp.cName == "which") {
      fail(where, "a field may not be called 'which': the C mirror uses it for the union tag");
      return false;
    }
    if (!proto.isSlot()) {
      fail(where, "groups are not supported: use a nested struct");
      return false;
    }
    auto slot = proto.getSlot();
    fp.offset = slot.getOffset();
    auto ann = readAnnotations(proto);
    if (ann.count() > 1) {
      fail(where, "at most one of $ref, $string, $opaque, $region, $fnptr, $global, $bytes, "
                  "$work, $delayedWork may be given");
      return false;
    }
    if (ann.toUser && ann.toKernel) {
      fail(where, "$toUser and $toKernel together: leave both out for a field crossing both ways");
      return false;
    }
    if ((ann.toUser || ann.toKernel) && fp.inUnion) {
      fail(where, "$toUser/$toKernel on a union member is not supported");
      return false;
    }
    fp.direction = ann.toUser ? 1 : ann.toKernel ? 2 : 0;
    fp.member = ann.cfield.value_or(fp.cName);
    fp.bitfield = ann.bitfield;
    fp.inlineArray = ann.inlineArray;
    fp.cexpr = ann.cexpr.value_or("");
    if (ann.cexpr && (!ann.ref || ann.length || ann.cfield)) {
      fail(where, "$cexpr needs $ref without $length or $cfield (a computed single object)");
      return false;
    }
    if (ann.length && !ann.ref) {
      fail(where, "$length needs $ref on the same field");
      return false;
    }
    auto type = field.getType();
    using W = capnp::schema::Type::Which;
    if (ann.chain) return planChain(fp, ann, type, where);
    bool isSigned = false;
    unsigned bits = intBits(type.which(), isSigned);
    if (ann.flags && (ann.count() || bits == 0)) {
      fail(where, "$flags needs an unsigned integer of 8 to 64 bits, not a bit-field");
      return false;
    }
    if (ann.count()) return planAnnotated(fp, ann, bits, isSigned, where);
    if (slot.getHadExplicitDefault() && !type.isBool() && bits == 0 &&
        !type.isFloat32() && !type.isFloat64() && !type.isEnum()) {
      fail(where, "default values of pointer fields are not supported");
      return false;
    }
    fp.defaultBits = valueBits(slot.getDefaultValue());
    switch (type.which()) {
      case W::VOID: fp.kind = FieldKind::Void; return true;
      case W::BOOL: fp.kind = FieldKind::Bool; fp.bits = 1; return true;
      case W::FLOAT32: fp.kind = FieldKind::Float; fp.bits = 32; return true;
      case W::FLOAT64: fp.kind = FieldKind::Float; fp.bits = 64; return true;
      case W::ENUM:
        fp.kind = FieldKind::Enum;
        fp.bits = 16;
        return resolveEnum(type.asEnum(), fp, where);
      case W::TEXT: fp.kind = FieldKind::Text; return true;
      case W::DATA: fp.kind = FieldKind::Data; return true;
      case W::STRUCT:
        fp.kind = FieldKind::Struct;
        return resolveStruct(type.asStruct(), fp, where);
      case W::LIST: return planList(type.asList(), fp, where);
      case W::INTERFACE:
      case W::ANY_POINTER:
        fail(where, "interfaces and AnyPointer cannot be mirrored in C");
        return false;
      default:
        fp.kind = FieldKind::Int;
        fp.bits = bits;
        fp.isSigned = isSigned;
        fp.flags = ann.flags;
        if (ann.flags && (isSigned || bits < 8 || ann.bitfield)) {
          fail(where, "$flags needs an unsigned integer of 8 to 64 bits, not a bit-field");
          return false;
        }
        return true;
    }
  }

  // $chain: List(UInt32) of the $ref struct's objects, one way to the user half.
  bool planChain(FieldPlan &fp, const FieldAnnotations &ann, capnp::Type type,
                 const std::string &where) {
    bool isSigned = false;
    if (!type.isList() ||
        intBits(type.asList().getElementType().which(), isSigned) != 32 || isSigned) {
      fail(where, "$chain field must be List(UInt32) (object-table indices)");
      return false;
    }
    if (!ann.ref || ann.length || ann.count() != 1 || !ann.toUser) {
      fail(where, "$chain needs $ref (the entries' struct) and $toUser, and nothing else");
      return false;
    }
    auto it = byCapnpName_.find(*ann.ref);
    if (it == byCapnpName_.end()) {
      fail(where, "$ref names '" + *ann.ref + "', which is not a struct of this file");
      return false;
    }
    auto ctype = readStructAnnotations(loader_.get(it->second).getProto()).ctype;
    if (!ctype) {
      fail(where, "$chain's entries need $ctype (the list links the driver's own structs)");
      return false;
    }
    fp.kind = FieldKind::Chain;
    fp.target = cNames_.at(it->second);
    fp.targetType = typeVars_.at(it->second);
    fp.targetCType = *ctype;
    fp.link = *ann.chain;
    return true;
  }

  bool planAnnotated(FieldPlan &fp, const FieldAnnotations &ann, unsigned bits,
                     bool isSigned, const std::string &where) {
    if (ann.bytes) {
      if (isSigned || bits != 32) {
        fail(where, "$bytes field must be UInt32 (an object-table index)");
        return false;
      }
      fp.bits = 32;
      fp.kind = FieldKind::Bytes;
      fp.lengthField = *ann.bytes;
      return true;
    }
    if (ann.fnptr || ann.global || ann.work || ann.delayedWork) {
      const char *name = ann.fnptr ? "$fnptr" : ann.global ? "$global"
                         : ann.work ? "$work" : "$delayedWork";
      if (isSigned || bits != 32) {
        fail(where, std::string(name) + " field must be UInt32 (a table index)");
        return false;
      }
      fp.bits = 32;
      fp.kind = ann.fnptr ? FieldKind::Function
                : ann.global ? FieldKind::Global
                : ann.work ? FieldKind::Work : FieldKind::DelayedWork;
      return true;
    }
    if (ann.ref || ann.string) {
      if (isSigned || (bits != 32 && bits != 64)) {
        fail(where, std::string(ann.ref ? "$ref" : "$string") +
                        " field must be UInt32 or UInt64 (an object-table index)");
        return false;
      }
      fp.bits = bits;
      fp.kind = ann.ref ? FieldKind::Ref : FieldKind::String;
      if (ann.ref) {
        auto it = byCapnpName_.find(*ann.ref);
        if (it == byCapnpName_.end()) {
          fail(where, "$ref names '" + *ann.ref + "', which is not a struct of this file");
          return false;
        }
        fp.target = cNames_.at(it->second);
        fp.targetType = typeVars_.at(it->second);
        if (ann.length) fp.lengthField = *ann.length;
      }
      return true;
    }
    if (bits != 64 || isSigned) {
      fail(where, std::string(ann.opaque ? "$opaque" : "$region") +
                      " field must be UInt64 (a pointer)");
      return false;
    }
    fp.bits = 64;
    fp.kind = ann.opaque ? FieldKind::Opaque : FieldKind::Region;
    return true;
  }

  bool planList(capnp::ListSchema list, FieldPlan &fp, const std::string &where) {
    auto elem = list.getElementType();
    using W = capnp::schema::Type::Which;
    bool isSigned = false;
    unsigned bits = intBits(elem.which(), isSigned);
    if (elem.which() == W::STRUCT) {
      fp.kind = FieldKind::StructList;
      return resolveStruct(elem.asStruct(), fp, where);
    }
    if (elem.which() == W::BOOL) {
      fp.kind = FieldKind::PrimList;
      fp.elemBits = 1;
      fp.elemBool = true;
      return true;
    }
    if (bits) {
      fp.kind = FieldKind::PrimList;
      fp.elemBits = bits;
      fp.elemSigned = isSigned;
      return true;
    }
    fail(where, "only lists of integers, Bool and structs are supported "
                "(put Text, Data, Float, Enum or nested lists in a struct)");
    return false;
  }

  bool resolveStruct(capnp::StructSchema s, FieldPlan &fp, const std::string &where) {
    auto it = cNames_.find(s.getProto().getId());
    if (it == cNames_.end()) {
      fail(where, "struct '" + localName(s) + "' is not defined in this file");
      return false;
    }
    fp.target = it->second;
    fp.targetType = typeVars_.at(s.getProto().getId());
    return true;
  }

  bool resolveEnum(capnp::EnumSchema e, FieldPlan &fp, const std::string &where) {
    auto it = cxxNames_.find(e.getProto().getId());
    if (it == cxxNames_.end()) {
      fail(where, "enum '" + localName(e) + "' is not defined in this file");
      return false;
    }
    fp.cxxType = it->second;
    return true;
  }

  void checkLengthFields(StructPlan &sp) {
    for (auto &f : sp.fields) {
      if ((f.kind != FieldKind::Ref && f.kind != FieldKind::Bytes) || f.lengthField.empty())
        continue;
      const FieldPlan *len = nullptr;
      for (auto &g : sp.fields)
        if (g.capnpName == f.lengthField) len = &g;
      std::string where = sp.capnpName + "." + f.capnpName;
      if (!len) {
        fail(where, "$length names '" + f.lengthField + "', which is not a field of " +
                        sp.capnpName);
      } else if (len->kind != FieldKind::Int || len->isSigned || len->bits > 32 ||
                 len->inUnion) {
        fail(where, "$length field '" + f.lengthField +
                        "' must be an unsigned integer of at most 32 bits outside the union");
      } else {
        f.lengthField = len->cName;
      }
    }
  }

  // In place is all or nothing per file: the C++ codec needs mirrors of
  // every struct, and kernel headers cannot be compiled as C++. In-place
  // fields that only mirrors can hold are refused.
  void checkInPlace(FilePlan &plan) {
    size_t inPlace = 0;
    for (auto &s : plan.structs) inPlace += s.inPlace;
    plan.inPlace = inPlace > 0 || inPlaceFile_;
    if (plan.inPlace && inPlace != plan.structs.size())
      fail("file", "either every struct has $ctype or none does (" + std::to_string(inPlace) +
                      " of " + std::to_string(plan.structs.size()) + " have it)");
    for (auto &s : plan.structs)
      for (auto &f : s.fields) {
        std::string where = s.capnpName + "." + f.capnpName;
        bool list = f.kind == FieldKind::PrimList || f.kind == FieldKind::StructList;
        if (f.inlineArray && !list) fail(where, "$inline applies to List fields only");
        if (!plan.inPlace) {
          bool work = f.kind == FieldKind::Work || f.kind == FieldKind::DelayedWork;
          if (f.member != f.cName || f.bitfield || f.inlineArray || !f.cexpr.empty() || work ||
              f.kind == FieldKind::Chain)
            fail(where, "$cfield, $cexpr, $bitfield, $inline, $work, $delayedWork and $chain "
                        "need $ctype on the struct");
          continue;
        }
        if (list && !f.inlineArray)
          fail(where, "a list in an in-place struct must be $inline (a C array member)");
        if (f.kind == FieldKind::Text || f.kind == FieldKind::Data || f.kind == FieldKind::Enum ||
            f.kind == FieldKind::Float)
          fail(where, "Text, Data, Enum and Float fields have no in-place C form: use "
                      "$string, an $inline List(UInt8) or an integer");
        if (f.bitfield && f.kind != FieldKind::Int && f.kind != FieldKind::Bool)
          fail(where, "$bitfield applies to integer and Bool fields only");
        if (f.inUnion) fail(where, "unions have no in-place C form yet: describe the members");
      }
    if (!plan.inPlace && !plan.includes.empty())
      fail("file", "$cinclude needs $ctype structs");
  }

  // Structs containing others by value (Struct, StructList) come after
  // them; a cycle of such containment has no C layout and is refused.
  void orderByContainment(FilePlan &plan) {
    std::map<std::string, const StructPlan *> byC;
    for (auto &s : plan.structs) byC[s.cName] = &s;
    std::vector<StructPlan> sorted;
    std::map<std::string, int> state;  // 1 visiting, 2 done
    std::function<void(const StructPlan &)> visit = [&](const StructPlan &s) {
      state[s.cName] = 1;
      for (auto &f : s.fields) {
        if (f.kind != FieldKind::Struct && f.kind != FieldKind::StructList) continue;
        int st = state[f.target];
        if (st == 1) {
          fail(s.capnpName + "." + f.capnpName,
               "recursive containment (a struct holding itself through nested structs or "
               "lists): express the back edge as a $ref");
          continue;
        }
        if (st == 0) visit(*byC.at(f.target));
      }
      state[s.cName] = 2;
      sorted.push_back(s);
    };
    for (auto &s : plan.structs)
      if (state[s.cName] == 0) visit(s);
    plan.structs = std::move(sorted);
  }

  const capnp::SchemaLoader &loader_;
  uint64_t fileId_;
  std::string file_;
  Diagnostics &diag_;
  std::string prefix_;
  std::string namespace_;
  bool inPlaceFile_ = false;  // $inPlace: a driver codec, even with no struct
  std::vector<std::pair<std::string, capnp::StructSchema>> order_;
  std::map<uint64_t, std::string> cNames_;
  std::map<uint64_t, std::string> typeVars_;
  std::map<uint64_t, std::string> cxxNames_;
  std::map<std::string, uint64_t> byCapnpName_;
};

}  // namespace

std::string toSnakeCase(const std::string &camel) {
  std::string out;
  for (char c : camel) {
    if (isupper(static_cast<unsigned char>(c))) {
      if (!out.empty()) out += '_';
      out += static_cast<char>(tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out;
}

std::string toUpperCamel(const std::string &camel) {
  std::string out = camel;
  if (!out.empty()) out[0] = static_cast<char>(toupper(static_cast<unsigned char>(out[0])));
  return out;
}

FilePlan buildPlan(const capnp::SchemaLoader &loader, uint64_t fileId,
                   const std::string &fileName, Diagnostics &diag) {
  return PlanBuilder(loader, fileId, fileName, diag).build();
}

}  // namespace sdmarshal::gen

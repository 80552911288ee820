// JSON -> Description, with a check of every name and reference.
#include "description.h"

#include <llvm/Support/JSON.h>

#include <map>
#include <regex>
#include <set>

namespace sdmarshal::schema {
namespace {

const std::set<std::string> kScalars = {"bool", "i8",  "u8",  "i16", "u16",
                                        "i32",  "u32", "i64", "u64"};
const std::map<std::string, FieldKind> kKinds = {
    {"struct", FieldKind::Struct}, {"ref", FieldKind::Ref},       {"string", FieldKind::String},
    {"opaque", FieldKind::Opaque}, {"region", FieldKind::Region}, {"text", FieldKind::Text},
    {"data", FieldKind::Data},     {"list", FieldKind::List},     {"fnptr", FieldKind::Fnptr},
    {"global", FieldKind::Global}, {"array", FieldKind::Array},   {"local", FieldKind::Local},
    {"bytes", FieldKind::Bytes},   {"work", FieldKind::Work},     {"delayed_work", FieldKind::DelayedWork},
    {"chain", FieldKind::Chain}};
const std::set<FieldKind> kVersion2Kinds = {FieldKind::Fnptr, FieldKind::Global, FieldKind::Array,
                                            FieldKind::Local, FieldKind::Bytes, FieldKind::Work,
                                            FieldKind::DelayedWork, FieldKind::Chain};

bool validMember(const std::string &s) {
  static const std::regex re("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
  return std::regex_match(s, re);
}

bool validCType(const std::string &s) {
  // A tagged type, or a typedef of an anonymous struct (atomic_t).
  static const std::regex re("((struct|union) )?[A-Za-z_][A-Za-z0-9_]*");
  return std::regex_match(s, re);
}

bool validCName(const std::string &s) {
  static const std::regex re("[a-z][a-z0-9]*(_[a-z0-9]+)*");
  return std::regex_match(s, re);
}

class Reader {
 public:
  explicit Reader(Diagnostics &diag) : diag_(diag) {}

  Description read(const llvm::json::Value &root) {
    Description d;
    auto *obj = root.getAsObject();
    if (!obj) {
      diag_.error("$", "the description must be a JSON object");
      return d;
    }
    if (obj->getString("format") != std::optional<llvm::StringRef>("split-driver-marshal"))
      diag_.error("format", "expected \"split-driver-marshal\"");
    auto version = obj->getInteger("version");
    if (version != std::optional<int64_t>(1) && version != std::optional<int64_t>(2))
      diag_.error("version", "expected 1 or 2 (the versions this sdm-schema reads)");
    d.version = version == std::optional<int64_t>(2) ? 2 : 1;
    version_ = d.version;
    if (auto *includes = obj->getArray("includes")) {
      for (size_t i = 0; i < includes->size(); i++) {
        auto header = (*includes)[i].getAsString();
        if (!header || header->empty() || header->contains('"'))
          diag_.error("includes[" + std::to_string(i) + "]", "a header name string is required");
        else
          d.includes.push_back(header->str());
      }
      if (d.version < 2) diag_.error("includes", "\"includes\" needs version 2");
    }
    readStrings(*obj, "local_definitions", d.localDefinitions);
    readStrings(*obj, "local_includes", d.localIncludes);
    d.driver = str(*obj, "driver", "driver");
    if (!d.driver.empty() && !validCName(d.driver))
      diag_.error("driver", "'" + d.driver + "' is not a lower-case C identifier");
    if (auto *types = obj->getArray("types"))
      for (size_t i = 0; i < types->size(); i++) d.types.push_back(readType((*types)[i], i));
    if (auto *fns = obj->getArray("functions"))
      for (size_t i = 0; i < fns->size(); i++) d.functions.push_back(readFunction((*fns)[i], i));
    check(d);
    return d;
  }

 private:
  void readStrings(const llvm::json::Object &o, const char *key, std::vector<std::string> &out) {
    const auto *array = o.getArray(key);
    if (!array)
      return;
    if (version_ < 2)
      diag_.error(key, std::string("\"") + key + "\" needs version 2");
    for (size_t i = 0; i < array->size(); i++) {
      auto text = (*array)[i].getAsString();
      if (!text || text->empty())
        diag_.error(std::string(key) + "[" + std::to_string(i) + "]", "a non-empty string is required");
      else
        out.push_back(text->str());
    }
  }

  std::string str(const llvm::json::Object &o, const char *key, const std::string &where,
                  bool required = true) {
    if (auto v = o.getString(key)) return v->str();
    if (required) diag_.error(where, std::string("missing string \"") + key + "\"");
    return "";
  }

  Type readType(const llvm::json::Value &v, size_t i) {
    Type t;
    t.where = "types[" + std::to_string(i) + "]";
    auto *o = v.getAsObject();
    if (!o) {
      diag_.error(t.where, "a type must be an object");
      return t;
    }
    t.name = str(*o, "name", t.where);
    t.where += " (" + t.name + ")";
    t.ctype = str(*o, "ctype", t.where, false);
    t.allocSize = str(*o, "alloc_size", t.where, false);
    t.interior = o->getBoolean("interior").value_or(false);
    if (!t.ctype.empty() && !validCType(t.ctype))
      diag_.error(t.where, "ctype '" + t.ctype + "' is not 'struct <tag>', 'union <tag>' or a typedef name");
    if (t.allocSize.find('"') != std::string::npos)
      diag_.error(t.where, "alloc_size may not contain '\"'");
    if (version_ < 2 && (!t.ctype.empty() || !t.allocSize.empty() || t.interior))
      diag_.error(t.where, "ctype, alloc_size and interior need version 2");
    if (t.ctype.empty() && (!t.allocSize.empty() || t.interior))
      diag_.error(t.where, "alloc_size and interior need a ctype");
    if (auto *fields = o->getArray("fields"))
      for (size_t j = 0; j < fields->size(); j++)
        t.fields.push_back(readField((*fields)[j], t.where + ".fields[" + std::to_string(j) + "]"));
    else
      diag_.error(t.where, "missing array \"fields\"");
    return t;
  }

  Function readFunction(const llvm::json::Value &v, size_t i) {
    Function f;
    f.where = "functions[" + std::to_string(i) + "]";
    auto *o = v.getAsObject();
    if (!o) {
      diag_.error(f.where, "a function must be an object");
      return f;
    }
    f.name = str(*o, "name", f.where);
    f.where += " (" + f.name + ")";
    std::string crossing = str(*o, "crossing", f.where);
    if (crossing != "upcall" && crossing != "downcall")
      diag_.error(f.where, "crossing must be \"upcall\" or \"downcall\", not '" + crossing + "'");
    f.upcall = crossing == "upcall";
    f.ret = str(*o, "return", f.where, false);
    if (!f.ret.empty() && f.ret != "void" && !kScalars.count(f.ret))
      diag_.error(f.where, "return type '" + f.ret + "' is not a scalar (bool, i8..u64) or void");
    if (f.ret == "void") f.ret.clear();
    if (auto *args = o->getArray("args"))
      for (size_t j = 0; j < args->size(); j++)
        f.args.push_back(readField((*args)[j], f.where + ".args[" + std::to_string(j) + "]"));
    return f;
  }

  Field readField(const llvm::json::Value &v, const std::string &where) {
    Field f;
    f.where = where;
    auto *o = v.getAsObject();
    if (!o) {
      diag_.error(where, "a field must be an object");
      return f;
    }
    f.name = str(*o, "name", where);
    f.where += " (" + f.name + ")";
    if (!f.name.empty() && !validCName(f.name))
      diag_.error(f.where, "'" + f.name + "' is not a lower-case snake_case C name");
    std::string type = str(*o, "type", f.where);
    if (kScalars.count(type)) {
      f.scalar = type;
    } else if (auto it = kKinds.find(type); it != kKinds.end()) {
      f.kind = it->second;
    } else if (!type.empty()) {
      diag_.error(f.where, "unknown field type '" + type + "'");
    }
    f.target = str(*o, "target", f.where,
                   f.kind == FieldKind::Struct || f.kind == FieldKind::Ref ||
                       f.kind == FieldKind::Chain);
    f.link = str(*o, "link", f.where, f.kind == FieldKind::Chain);
    if (!f.link.empty() && (f.kind != FieldKind::Chain || !validMember(f.link)))
      diag_.error(f.where, "\"link\" is the member linking a \"chain\"'s entries, a C member name");
    f.length = str(*o, "length", f.where, false);
    if (f.kind == FieldKind::List) {
      std::string elem = str(*o, "elem", f.where);
      if (kScalars.count(elem)) f.scalar = elem;
      else f.target = elem;
    }
    if (f.kind == FieldKind::Array) {
      std::string elem = str(*o, "elem", f.where);
      if (kScalars.count(elem)) f.scalar = elem;
      else f.target = elem;
    }
    if (!f.length.empty() && f.kind != FieldKind::Ref && f.kind != FieldKind::Bytes)
      diag_.error(f.where, "\"length\" applies to \"ref\" and \"bytes\" fields only");
    if (f.kind == FieldKind::Bytes && f.length.empty())
      diag_.error(f.where, "a \"bytes\" field needs \"length\" (the sibling field with its size)");
    f.cfield = str(*o, "cfield", f.where, false);
    f.bitfield = o->getBoolean("bitfield").value_or(false);
    f.flags = o->getBoolean("flags").value_or(false);
    if (f.flags && (f.kind != FieldKind::Scalar || f.scalar.empty() || f.scalar[0] != 'u' ||
                    f.bitfield))
      diag_.error(f.where, "\"flags\" applies to unsigned scalar fields (u8..u64), not bit-fields");
    f.cexpr = str(*o, "cexpr", f.where, false);
    if (!f.cexpr.empty() && (f.kind != FieldKind::Ref || !f.length.empty() || !f.cfield.empty()))
      diag_.error(f.where, "\"cexpr\" applies to \"ref\" fields without \"length\" or \"cfield\"");
    if (f.cexpr.find('"') != std::string::npos)
      diag_.error(f.where, "cexpr may not contain '\"'");
    if (!f.cfield.empty() && !validMember(f.cfield))
      diag_.error(f.where, "cfield '" + f.cfield + "' is not a C member name");
    if (version_ < 2 && (kVersion2Kinds.count(f.kind) || !f.cfield.empty() || f.bitfield ||
                         !f.cexpr.empty() || f.flags))
      diag_.error(f.where, "fnptr, global, array, local, bytes, cfield and bitfield need version 2");
    if (f.bitfield && f.kind != FieldKind::Scalar)
      diag_.error(f.where, "\"bitfield\" applies to scalar fields only");
    std::string dir = str(*o, "dir", f.where, false);
    if (dir == "to-user") f.direction = Direction::ToUser;
    else if (dir == "to-kernel") f.direction = Direction::ToKernel;
    else if (!dir.empty() && dir != "both")
      diag_.error(f.where, "dir must be \"both\", \"to-user\" or \"to-kernel\", not '" + dir + "'");
    if (f.kind == FieldKind::Chain && f.direction != Direction::ToUser)
      diag_.error(f.where, "a \"chain\" is the kernel's list: its dir must be \"to-user\"");
    return f;
  }

  void checkFields(const std::vector<Field> &fields, const std::map<std::string, const Type *> &types) {
    std::map<std::string, const Field *> byName;
    for (auto &f : fields)
      if (!byName.emplace(f.name, &f).second) diag_.error(f.where, "duplicate field name");
    for (auto &f : fields) {
      bool needsType = f.kind == FieldKind::Struct || f.kind == FieldKind::Ref ||
                       f.kind == FieldKind::Chain ||
                       ((f.kind == FieldKind::List || f.kind == FieldKind::Array) &&
                        f.scalar.empty());
      if (needsType && !f.target.empty() && !types.count(f.target))
        diag_.error(f.where, "'" + f.target + "' is not a type of this description");
      if (!f.length.empty()) {
        auto it = byName.find(f.length);
        if (it == byName.end())
          diag_.error(f.where, "length field '" + f.length + "' does not exist");
        else if (it->second->kind != FieldKind::Scalar || it->second->scalar[0] != 'u' ||
                 it->second->scalar == "u64")
          diag_.error(f.where, "length field '" + f.length + "' must be u8, u16 or u32");
      }
    }
  }

  void check(const Description &d) {
    std::map<std::string, const Type *> types;
    for (auto &t : d.types) {
      if (!t.name.empty() && !validCName(t.name))
        diag_.error(t.where, "'" + t.name + "' is not a lower-case snake_case C name");
      if (!types.emplace(t.name, &t).second) diag_.error(t.where, "duplicate type");
    }
    size_t inPlace = 0;
    for (auto &t : d.types) inPlace += !t.ctype.empty();
    if (inPlace && inPlace != d.types.size())
      diag_.error("types", "either every type has a ctype or none does (" +
                               std::to_string(inPlace) + " of " +
                               std::to_string(d.types.size()) + " have one)");
    if (inPlace && !d.functions.empty())
      diag_.error("functions", "in-place descriptions have no functions: the splitter's "
                               "call descriptors (sdm_call) carry the arguments");
    std::set<std::string> fnNames;
    for (auto &t : d.types) checkFields(t.fields, types);
    for (auto &f : d.functions) {
      if (!fnNames.insert(f.name).second) diag_.error(f.where, "duplicate function");
      if (types.count(f.name)) diag_.error(f.where, "a function and a type share this name");
      checkFields(f.args, types);
    }
  }

  Diagnostics &diag_;
  int version_ = 1;
};

}  // namespace

Description readDescription(const std::string &json, Diagnostics &diag) {
  auto parsed = llvm::json::parse(json);
  if (!parsed) {
    diag.error("json", llvm::toString(parsed.takeError()));
    return {};
  }
  return Reader(diag).read(*parsed);
}

}  // namespace sdmarshal::schema

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
    {"data", FieldKind::Data},     {"list", FieldKind::List}};

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
    if (obj->getInteger("version") != std::optional<int64_t>(1))
      diag_.error("version", "expected 1 (the only version this sdm-schema reads)");
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
                   f.kind == FieldKind::Struct || f.kind == FieldKind::Ref);
    f.length = str(*o, "length", f.where, false);
    if (f.kind == FieldKind::List) {
      std::string elem = str(*o, "elem", f.where);
      if (kScalars.count(elem)) f.scalar = elem;
      else f.target = elem;
    }
    if (!f.length.empty() && f.kind != FieldKind::Ref)
      diag_.error(f.where, "\"length\" applies to \"ref\" fields only");
    std::string dir = str(*o, "dir", f.where, false);
    if (dir == "to-user") f.direction = Direction::ToUser;
    else if (dir == "to-kernel") f.direction = Direction::ToKernel;
    else if (!dir.empty() && dir != "both")
      diag_.error(f.where, "dir must be \"both\", \"to-user\" or \"to-kernel\", not '" + dir + "'");
    return f;
  }

  void checkFields(const std::vector<Field> &fields, const std::map<std::string, const Type *> &types) {
    std::map<std::string, const Field *> byName;
    for (auto &f : fields)
      if (!byName.emplace(f.name, &f).second) diag_.error(f.where, "duplicate field name");
    for (auto &f : fields) {
      bool needsType = f.kind == FieldKind::Struct || f.kind == FieldKind::Ref ||
                       (f.kind == FieldKind::List && f.scalar.empty());
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
    std::set<std::string> fnNames;
    for (auto &t : d.types) checkFields(t.fields, types);
    for (auto &f : d.functions) {
      if (!fnNames.insert(f.name).second) diag_.error(f.where, "duplicate function");
      if (types.count(f.name)) diag_.error(f.where, "a function and a type share this name");
      checkFields(f.args, types);
    }
  }

  Diagnostics &diag_;
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

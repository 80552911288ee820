// Description -> JSON text: deterministic (llvm::json prints object keys
// sorted; types by name, fields in C declaration order).
#include "Describer.h"

#include <llvm/Support/FormatVariadic.h>
#include <llvm/Support/JSON.h>
#include <llvm/Support/raw_ostream.h>

#include <algorithm>
#include <cctype>

namespace splitdriver::describe {
namespace {

using llvm::json::Array;
using llvm::json::Object;

const char *dirName(int dir) {
  switch (dir) {
  case kToUser: return "to-user";
  case kToKernel: return "to-kernel";
  default: return "both";
  }
}

Object field(const DescField &f) {
  Object out{{"name", f.name}, {"cfield", f.cfield}, {"type", f.kind}, {"dir", dirName(f.dir)}};
  if (!f.target.empty())
    out["target"] = f.target;
  if (!f.elem.empty())
    out["elem"] = f.elem;
  if (!f.length.empty())
    out["length"] = f.length;
  if (!f.link.empty())
    out["link"] = f.link;
  if (f.bitfield)
    out["bitfield"] = true;
  if (f.flags)
    out["flags"] = true;
  if (!f.cexpr.empty()) {
    out.erase("cfield");
    out["cexpr"] = f.cexpr;
  }
  return out;
}

Object type(const DescType &t) {
  std::vector<const DescField *> fields;
  for (const auto &[cfield, f] : t.fields)
    fields.push_back(&f);
  std::stable_sort(fields.begin(), fields.end(),
                   [](const DescField *a, const DescField *b) { return a->order < b->order; });
  Array out;
  for (const DescField *f : fields)
    out.push_back(field(*f));
  Object result{{"name", t.name}, {"ctype", t.ctype}, {"interior", t.interior},
                {"fields", std::move(out)}};
  if (!t.allocSize.empty())
    result["alloc_size"] = t.allocSize;
  return result;
}

}  // namespace

std::string schemaName(const std::string &cName) {
  std::string out;
  for (char c : cName) {
    char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool word = std::isalnum(static_cast<unsigned char>(lower));
    if (word)
      out += lower;
    else if (!out.empty() && out.back() != '_')
      out += '_';
  }
  while (!out.empty() && out.back() == '_')
    out.pop_back();
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0])))
    out = "f_" + out;
  return out;
}

MarshalDescription render(const Description &description) {
  MarshalDescription out;
  out.driver = description.driver;
  std::set<std::string> kernelHeaders, driverHeaders;
  Array types;
  for (const auto &[name, t] : description.types) {
    types.push_back(type(t));
    if (!t.header.empty())
      (t.driverHeader ? driverHeaders : kernelHeaders).insert(t.header);
    out.fields += static_cast<unsigned>(t.fields.size());
  }
  out.types = static_cast<unsigned>(description.types.size());
  out.includes.assign(kernelHeaders.begin(), kernelHeaders.end());
  out.includes.insert(out.includes.end(), driverHeaders.begin(), driverHeaders.end());
  // Last: the .c files' own types, after every header they may use.
  if (!description.localDefinitions.empty())
    out.includes.push_back(description.driver + "_local.h");
  Array includes, notes, localDefinitions, localIncludes;
  for (const std::string &declaration : description.localDefinitions)
    localDefinitions.push_back(declaration);
  for (const std::string &header : description.localIncludes)
    localIncludes.push_back(header);
  for (const std::string &header : out.includes)
    includes.push_back(header);
  for (const std::string &note : description.notes)
    notes.push_back(note);
  Object document{{"format", "split-driver-marshal"},
                  {"version", kDescriptionVersion},
                  {"driver", description.driver},
                  {"includes", std::move(includes)},
                  {"types", std::move(types)},
                  {"local_definitions", std::move(localDefinitions)},
                  {"local_includes", std::move(localIncludes)},
                  {"notes", std::move(notes)}};
  llvm::raw_string_ostream stream(out.json);
  stream << llvm::formatv("{0:2}", llvm::json::Value(std::move(document))) << "\n";
  stream.flush();
  return out;
}

}  // namespace splitdriver::describe

#include "splitter/Crossings.h"

#include <llvm/Support/JSON.h>
#include <llvm/Support/MemoryBuffer.h>

#include <cctype>
#include <fstream>

namespace splitdriver::splitter {
namespace {

using llvm::json::Array;
using llvm::json::Object;

constexpr int kDescriptionVersion = 2;

// "struct net_device" -> "net_device"; a bare name is its own tag.
std::string tagOf(llvm::StringRef ctype) {
  ctype = ctype.trim();
  for (llvm::StringRef keyword : {"struct ", "union "})
    if (ctype.starts_with(keyword))
      return ctype.drop_front(keyword.size()).trim().str();
  return ctype.str();
}

// Types whose objects lead to code: fnptr/global fields, or refs to such types.
std::set<std::string> typesReachingCode(const std::map<std::string, std::set<std::string>> &refs,
                                        std::set<std::string> reaching) {
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto &[tag, targets] : refs)
      if (!reaching.count(tag))
        for (const std::string &target : targets)
          if (reaching.count(target)) {
            reaching.insert(tag);
            changed = true;
            break;
          }
  }
  return reaching;
}

}  // namespace

const char *argKindName(ArgKind kind) {
  switch (kind) {
  case ArgKind::Scalar: return "scalar";
  case ArgKind::Object: return "object";
  case ArgKind::String: return "string";
  case ArgKind::Region: return "region";
  case ArgKind::Function: return "function";
  case ArgKind::Global: return "global";
  case ArgKind::Opaque: return "opaque";
  case ArgKind::OutScalar: return "out-scalar";
  case ArgKind::BufferIn: return "buffer (in)";
  case ArgKind::BufferOut: return "buffer (out)";
  case ArgKind::BufferInOut: return "buffer (in-out)";
  case ArgKind::Unmarshalable: break;
  }
  return "unmarshalable";
}

bool isBuffer(ArgKind kind) {
  return kind == ArgKind::BufferIn || kind == ArgKind::BufferOut || kind == ArgKind::BufferInOut;
}

bool expandLength(const std::string &length, size_t arguments,
                  const std::function<std::string(size_t)> &argument, std::string &out,
                  std::string &error) {
  out.clear();
  for (size_t i = 0; i < length.size(); ++i) {
    if (length[i] != '$') {
      out += length[i];
      continue;
    }
    size_t end = i + 1;
    while (end < length.size() && std::isdigit(static_cast<unsigned char>(length[end])))
      ++end;
    if (end == i + 1 || std::stoul(length.substr(i + 1, end - i - 1)) >= arguments) {
      error = length.substr(i, std::max<size_t>(end - i, 1));
      return false;
    }
    out += "(" + argument(std::stoul(length.substr(i + 1, end - i - 1))) + ")";
    i = end - 1;
  }
  return true;
}

std::optional<CodecDescription> readCodecDescription(const std::string &text,
                                                     const std::string &file,
                                                     analyzer::DiagnosticSink &sink) {
  auto parsed = llvm::json::parse(text);
  if (!parsed) {
    sink.error("not JSON: " + llvm::toString(parsed.takeError()), file);
    return std::nullopt;
  }
  const Object *document = parsed->getAsObject();
  if (!document || document->getString("format") != "split-driver-marshal") {
    sink.error("not a marshal description (format \"split-driver-marshal\")", file);
    return std::nullopt;
  }
  if (document->getInteger("version") != kDescriptionVersion) {
    sink.error("marshal description version " +
                   std::to_string(document->getInteger("version").value_or(0)) +
                   ", the splitter reads version " + std::to_string(kDescriptionVersion) +
                   " (ctype/cfield: the codec reads the driver's structs in place)",
               file);
    return std::nullopt;
  }
  CodecDescription out;
  out.driver = document->getString("driver").value_or("").str();
  const Array *types = document->getArray("types");
  if (!types) {
    sink.error("types: missing or not an array", file);
    return std::nullopt;
  }
  std::map<std::string, std::set<std::string>> refs;
  std::set<std::string> direct;
  std::map<std::string, std::string> tagByName;
  for (size_t i = 0; i < types->size(); ++i) {
    const Object *type = (*types)[i].getAsObject();
    auto name = type ? type->getString("name") : std::nullopt;
    if (!name) {
      sink.error("types[" + std::to_string(i) + "]: an object with a \"name\" is required", file);
      return std::nullopt;
    }
    std::string tag = tagOf(type->getString("ctype").value_or(*name));
    tagByName[name->str()] = tag;
    out.tags.insert(tag);
  }
  for (const llvm::json::Value &value : *types) {
    const Object &type = *value.getAsObject();
    std::string tag = tagByName[type.getString("name")->str()];
    if (const Array *fields = type.getArray("fields"))
      for (const llvm::json::Value &fieldValue : *fields) {
        const Object *field = fieldValue.getAsObject();
        if (!field)
          continue;
        llvm::StringRef kind = field->getString("type").value_or("");
        if (kind == "fnptr" || kind == "global")
          direct.insert(tag);
        else if (kind == "ref" || kind == "struct")
          if (auto target = field->getString("target"))
            refs[tag].insert(tagByName.count(target->str()) ? tagByName[target->str()]
                                                            : target->str());
      }
  }
  out.reachesCode = typesReachingCode(refs, direct);
  return out;
}

std::optional<CodecDescription> loadCodecDescription(const std::string &directory,
                                                     const std::string &driver,
                                                     analyzer::DiagnosticSink &sink) {
  std::string file = directory + "/" + driver + ".marshal.json";
  auto buffer = llvm::MemoryBuffer::getFile(file);
  if (!buffer) {
    sink.error("cannot read the marshal description: " + buffer.getError().message() +
                   " (write it with `split-driver marshal ... -o " + directory + "`)",
               file);
    return std::nullopt;
  }
  auto out = readCodecDescription((*buffer)->getBuffer().str(), file, sink);
  if (out)
    out->directory = directory;
  return out;
}

CrossingArg classifyArgument(const Parameter &p, const CodecDescription &codec) {
  CrossingArg out;
  out.size = p.size;
  out.isSigned = p.isSigned;
  switch (p.valueClass) {
  case ValueClass::Void:
    out.size = 0;
    return out;
  case ValueClass::Signed:
  case ValueClass::Unsigned:
    return out;
  case ValueClass::Aggregate:
    out.kind = ArgKind::Unmarshalable;
    out.note = "a structure passed by value";
    return out;
  case ValueClass::Pointer:
    break;
  }
  out.size = 8;
  out.isSigned = false;
  if (p.iomem) {
    out.kind = ArgKind::Region;
    return out;
  }
  switch (p.pointee) {
  case Pointee::Record:
    if (codec.tags.count(p.pointeeTag)) {
      out.kind = ArgKind::Object;
      out.tag = p.pointeeTag;
    } else {
      out.kind = ArgKind::Opaque;
      out.note = "struct " + p.pointeeTag + " is not described";
    }
    return out;
  case Pointee::Char:
    out.kind = ArgKind::String;
    return out;
  case Pointee::Function:
    out.kind = ArgKind::Function;
    return out;
  case Pointee::Scalar:
    out.kind = ArgKind::OutScalar;
    out.size = p.pointeeSize;
    return out;
  case Pointee::Void:
    out.kind = ArgKind::Opaque;
    out.note = "void *";
    return out;
  case Pointee::None:
  case Pointee::Other:
    break;
  }
  out.kind = ArgKind::Opaque;
  out.note = "pointer to " + p.type;
  return out;
}

std::optional<std::vector<std::string>> loadKenvDowncalls(const std::string &path,
                                                          analyzer::DiagnosticSink &sink) {
  std::ifstream in(path);
  if (!in) {
    sink.error("cannot read kenv's downcall table", path);
    return std::nullopt;
  }
  std::vector<std::string> names;
  std::map<std::string, unsigned> seen;
  std::string raw;
  for (unsigned line = 1; std::getline(in, raw); ++line) {
    llvm::StringRef text = llvm::StringRef(raw).split('#').first.trim();
    if (text.empty() || text.starts_with("header "))
      continue;
    bool identifier = !std::isdigit(static_cast<unsigned char>(text.front()));
    for (char c : text)
      identifier &= std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    if (!identifier) {
      sink.error("not a function name: '" + text.str() + "'", path, line);
      return std::nullopt;
    }
    if (!seen.emplace(text.str(), line).second) {
      sink.error(text.str() + " already listed at line " + std::to_string(seen[text.str()]),
                 path, line);
      return std::nullopt;
    }
    names.push_back(text.str());
  }
  return names;
}

}  // namespace splitdriver::splitter

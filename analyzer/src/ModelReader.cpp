// The analyzer's JSON model back into a Model (ModelReader.h): the inverse
// of JsonGenerator for everything the splitter and the describer read.
#include "analyzer/ModelReader.h"

#include <llvm/Support/JSON.h>
#include <llvm/Support/MemoryBuffer.h>

#include <cstdlib>

namespace splitdriver::analyzer {
namespace {

using llvm::json::Array;
using llvm::json::Object;

std::string str(const Object &object, llvm::StringRef key) {
  return object.getString(key).value_or("").str();
}

unsigned number(const Object &object, llvm::StringRef key) {
  return static_cast<unsigned>(object.getInteger(key).value_or(0));
}

bool flag(const Object &object, llvm::StringRef key) {
  return object.getBoolean(key).value_or(false);
}

template <typename Container>
void strings(const Object &object, llvm::StringRef key, Container &out) {
  if (const Array *array = object.getArray(key))
    for (const llvm::json::Value &value : *array)
      if (auto text = value.getAsString())
        out.insert(out.end(), text->str());
}

const Array *array(const Object &document, llvm::StringRef key) {
  return document.getArray(key);
}

ValueLayout layout(const Object &object) {
  return {number(object, "size"), flag(object, "signed"), flag(object, "bool")};
}

ModelField field(const Object &object) {
  ModelField f;
  f.type = str(object, "type");
  f.pointerClass = str(object, "class");
  f.pointee = str(object, "pointee");
  f.pointeeConst = flag(object, "pointee_const");
  f.layout = layout(object);
  f.bitfieldWidth = number(object, "bitfield_width");
  f.index = number(object, "index");
  f.count = static_cast<unsigned long long>(object.getInteger("count").value_or(0));
  if (const Object *elem = object.getObject("elem")) {
    f.elemClass = str(*elem, "class");
    f.elem = layout(*elem);
  }
  return f;
}

RecordFact record(const Object &object) {
  RecordFact r;
  r.isUnion = str(object, "kind") == "union";
  r.ctype = str(object, "ctype");
  r.size = number(object, "size");
  r.file = str(object, "file");
  r.header = str(object, "header");
  r.inSourceFile = flag(object, "source_file");
  r.inDriver = flag(object, "driver");
  r.parent = str(object, "parent");
  r.member = str(object, "member");
  strings(object, "members", r.members);
  strings(object, "local_definition", r.localDefinition);
  strings(object, "local_includes", r.localIncludes);
  return r;
}

AnnotationPos position(const Object &object) {
  const Object *pos = object.getObject("pos");
  if (!pos)
    return {};
  return {str(*pos, "file"), number(*pos, "line"), number(*pos, "column")};
}

void readAnnotations(const Object &object, Annotations &out) {
  strings(object, "files", out.files);
  if (const Array *fields = object.getArray("fields"))
    for (const llvm::json::Value &value : *fields)
      if (const Object *f = value.getAsObject())
        out.fields.push_back({str(*f, "kind"), str(*f, "struct"), str(*f, "field"),
                              str(*f, "expression"), position(*f)});
  if (const Array *defers = object.getArray("defers"))
    for (const llvm::json::Value &value : *defers)
      if (const Object *d = value.getAsObject())
        out.defers.push_back({str(*d, "function"), str(*d, "owner"), position(*d)});
  if (const Array *types = object.getArray("types"))
    for (const llvm::json::Value &value : *types)
      if (const Object *t = value.getAsObject())
        out.types.push_back({str(*t, "kind"), str(*t, "struct"), str(*t, "expression"),
                             position(*t), str(*t, "target")});
}

void readFunctions(const Object &document, Model &model) {
  if (const Array *functions = array(document, "functions"))
    for (const llvm::json::Value &value : *functions) {
      const Object *object = value.getAsObject();
      if (!object)
        continue;
      ModelFunction f;
      f.name = str(*object, "name");
      f.file = str(*object, "file");
      f.beginLine = number(*object, "begin_line");
      f.endLine = number(*object, "end_line");
      f.isStatic = object->getBoolean("static").value_or(false);
      f.side = str(*object, "side") == "kernel" ? Side::Kernel : Side::User;
      std::string constraint = str(*object, "constraint");
      f.constraint = constraint == "forced"   ? Constraint::Forced
                     : constraint == "anchor" ? Constraint::Anchor
                     : constraint == "pinned" ? Constraint::Pinned
                                              : Constraint::Free;
      f.dataPath = object->getBoolean("data_path").value_or(false);
      strings(*object, "roles", f.roles);
      strings(*object, "reason", f.reason);
      model.functions[f.name] = std::move(f);
    }
}

void readCrossings(const Object &document, Model &model) {
  if (const Array *crossings = array(document, "crossings"))
    for (const llvm::json::Value &value : *crossings)
      if (const Object *object = value.getAsObject()) {
        ModelCrossing c;
        c.caller = str(*object, "caller");
        c.callee = str(*object, "callee");
        c.direction = str(*object, "direction");
        c.via = str(*object, "via");
        c.kernelApi = flag(*object, "kernel_api");
        c.deferred = flag(*object, "deferred");
        c.holds = str(*object, "holds");
        c.guardTake = str(*object, "guard_take");
        c.guardRelease = str(*object, "guard_release");
        strings(*object, "in", c.state.in);
        strings(*object, "out", c.state.out);
        model.crossings.push_back(std::move(c));
      }
}

void readBuffers(const Object &document, Model &model) {
  if (const Object *buffers = document.getObject("buffers"))
    for (const auto &[function, value] : *buffers)
      if (const Array *list = value.getAsArray())
        for (const llvm::json::Value &entry : *list)
          if (const Object *b = entry.getAsObject())
            model.buffers[function.str()].push_back(
                {static_cast<int>(b->getInteger("arg").value_or(0)), str(*b, "direction"),
                 str(*b, "length"), str(*b, "rule")});
}

void readKernelApi(const Object &document, Model &model) {
  if (const Object *apis = document.getObject("kernel_api"))
    for (const auto &[function, value] : *apis)
      if (const Object *object = value.getAsObject()) {
        ModelKernelApi &api = model.kernelApi[function.str()];
        api.noUpcall = object->getBoolean("noupcall").value_or(false);
        api.mayUpcall = object->getBoolean("mayupcall").value_or(false);
        strings(*object, "reads", api.reads);
        strings(*object, "writes", api.writes);
        std::set<std::string> rules;
        strings(*object, "rules", rules);
        api.rules.assign(rules.begin(), rules.end());
      }
}

RuleOrigin ruleOrigin(const Object &object) {
  std::string where = str(object, "rule");
  size_t colon = where.rfind(':');
  if (colon == std::string::npos)
    return {where, 0};
  return {where.substr(0, colon),
          static_cast<unsigned>(std::strtoul(where.c_str() + colon + 1, nullptr, 10))};
}

bool readBusKnowledge(const Object &document, Model &model, const std::string &file,
                      DiagnosticSink &sink) {
  const Object *knowledge = document.getObject("bus_knowledge");
  if (!knowledge)
    return true;
  auto each = [&](llvm::StringRef key, auto read) {
    if (const Array *list = knowledge->getArray(key))
      for (const llvm::json::Value &value : *list)
        if (const Object *object = value.getAsObject())
          read(*object);
  };
  each("buses", [&](const Object &o) {
    model.buses.push_back({str(o, "name"), str(o, "driver_struct"), str(o, "register"),
                           str(o, "unregister"), str(o, "remove_slot"), str(o, "remove_param"),
                           str(o, "remove_device"), ruleOrigin(o)});
  });
  each("resources", [&](const Object &o) {
    model.resources.push_back({str(o, "kind"), str(o, "owner"), str(o, "owner_via"),
                               str(o, "release"), str(o, "quiesce"), str(o, "quiesce_label"),
                               flag(o, "quiesce_releases"), flag(o, "keyed"), ruleOrigin(o)});
  });
  each("own", [&](const Object &o) {
    model.owns.push_back({str(o, "struct"), str(o, "value"), ruleOrigin(o)});
  });
  each("ledger", [&](const Object &o) {
    model.ledger.push_back({str(o, "function"), flag(o, "acquire"), str(o, "kind"),
                            str(o, "object"), str(o, "argument"), str(o, "condition"),
                            ruleOrigin(o)});
  });
  bool ok = true;
  each("mmio", [&](const Object &o) {
    std::optional<MmioKind> kind = parseMmioKind(str(o, "kind"));
    if (!kind) {
      sink.error("bus_knowledge.mmio " + str(o, "function") + ": unknown kind '" +
                     str(o, "kind") + "' (expected resource, phys or unmap)",
                 file);
      ok = false;
      return;
    }
    model.mmio.push_back(
        {str(o, "function"), *kind, str(o, "device"), str(o, "resources"), str(o, "index"),
         str(o, "phys"),
         ruleOrigin(o)});
  });
  return ok;
}

void readQuestionsAndLocks(const Object &document, Model &model) {
  if (const Array *questions = array(document, "questions"))
    for (const llvm::json::Value &value : *questions)
      if (const Object *object = value.getAsObject())
        model.questions.push_back(
            {str(*object, "subject"), str(*object, "question"), str(*object, "answer")});
  if (const Array *locks = array(document, "locks"))
    for (const llvm::json::Value &value : *locks)
      if (const Object *object = value.getAsObject()) {
        ModelLock lock;
        lock.name = str(*object, "name");
        lock.kind = str(*object, "kind");
        lock.status = str(*object, "status");
        lock.resolution = str(*object, "resolution");
        lock.why = str(*object, "why");
        model.locks[lock.name] = std::move(lock);
      }
}

void readLayouts(const Object &document, Model &model) {
  if (const Object *fields = document.getObject("fields"))
    for (const auto &[key, value] : *fields)
      if (const Object *object = value.getAsObject())
        model.fields[key.str()] = field(*object);
  if (const Object *records = document.getObject("records"))
    for (const auto &[key, value] : *records)
      if (const Object *object = value.getAsObject())
        model.records[key.str()] = record(*object);
  if (const Object *annotations = document.getObject("annotations"))
    readAnnotations(*annotations, model.annotations);
}

}  // namespace

std::optional<Model> readModelJson(const std::string &text, const std::string &file,
                                   DiagnosticSink &sink) {
  llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(text);
  if (!parsed) {
    sink.error("not JSON: " + llvm::toString(parsed.takeError()), file);
    return std::nullopt;
  }
  const Object *document = parsed->getAsObject();
  if (!document || str(*document, "format") != "split-driver-analysis") {
    sink.error("not a split-driver analysis model (format \"split-driver-analysis\")", file);
    return std::nullopt;
  }
  auto version = document->getInteger("version");
  if (!version || *version != kModelVersion) {
    sink.error("analysis model version " + (version ? std::to_string(*version) : "missing") +
                   ", this split-driver reads version " + std::to_string(kModelVersion),
               file);
    return std::nullopt;
  }
  Model model;
  model.driver = str(*document, "driver");
  strings(*document, "sources", model.sources);
  readFunctions(*document, model);
  readCrossings(*document, model);
  readBuffers(*document, model);
  readKernelApi(*document, model);
  readQuestionsAndLocks(*document, model);
  readLayouts(*document, model);
  if (!readBusKnowledge(*document, model, file, sink))
    return std::nullopt;
  return model;
}

std::optional<Model> loadModelJson(const std::string &path, DiagnosticSink &sink) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer) {
    sink.error("cannot read the analysis model: " + buffer.getError().message(), path);
    return std::nullopt;
  }
  return readModelJson((*buffer)->getBuffer().str(), path, sink);
}

}  // namespace splitdriver::analyzer

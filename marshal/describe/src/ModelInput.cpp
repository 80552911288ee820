// The analysis model's JSON back into analyzer::Model: the parts the
// describer reads, and the sidecar check against the structs it knows.
#include "describe/Describe.h"

#include "analyzer/Sidecar.h"

#include <llvm/Support/JSON.h>
#include <llvm/Support/MemoryBuffer.h>

namespace splitdriver::describe {
namespace {

using analyzer::Model;
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
      out.insert(out.end(), value.getAsString().value_or("").str());
}

analyzer::ValueLayout layout(const Object &object) {
  return {number(object, "size"), flag(object, "signed"), flag(object, "bool")};
}

analyzer::ModelField field(const Object &object) {
  analyzer::ModelField f;
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

analyzer::RecordFact record(const Object &object) {
  analyzer::RecordFact r;
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
  return r;
}

analyzer::AnnotationPos position(const Object &object) {
  const Object *pos = object.getObject("pos");
  if (!pos)
    return {};
  return {str(*pos, "file"), number(*pos, "line"), number(*pos, "column")};
}

void readAnnotations(const Object &object, analyzer::Annotations &out) {
  strings(object, "files", out.files);
  if (const Array *fields = object.getArray("fields"))
    for (const llvm::json::Value &value : *fields)
      if (const Object *f = value.getAsObject())
        out.fields.push_back({str(*f, "kind"), str(*f, "struct"), str(*f, "field"),
                              str(*f, "expression"), position(*f)});
  if (const Array *types = object.getArray("types"))
    for (const llvm::json::Value &value : *types)
      if (const Object *t = value.getAsObject())
        out.types.push_back({str(*t, "kind"), str(*t, "struct"), str(*t, "expression"),
                             position(*t), str(*t, "target")});
}

void readCrossings(const Array &crossings, Model &model) {
  for (const llvm::json::Value &value : crossings)
    if (const Object *object = value.getAsObject()) {
      analyzer::ModelCrossing c;
      c.caller = str(*object, "caller");
      c.callee = str(*object, "callee");
      c.direction = str(*object, "direction");
      c.via = str(*object, "via");
      strings(*object, "in", c.state.in);
      strings(*object, "out", c.state.out);
      model.crossings.push_back(std::move(c));
    }
}

void readDocument(const Object &document, Model &model) {
  model.driver = str(document, "driver");
  if (const Array *functions = document.getArray("functions"))
    for (const llvm::json::Value &value : *functions)
      if (const Object *object = value.getAsObject())
        model.functions[str(*object, "name")].name = str(*object, "name");
  if (const Array *crossings = document.getArray("crossings"))
    readCrossings(*crossings, model);
  if (const Object *fields = document.getObject("fields"))
    for (const auto &[key, value] : *fields)
      if (const Object *object = value.getAsObject())
        model.fields[key.str()] = field(*object);
  if (const Object *records = document.getObject("records"))
    for (const auto &[key, value] : *records)
      if (const Object *object = value.getAsObject())
        model.records[key.str()] = record(*object);
  if (const Array *questions = document.getArray("questions"))
    for (const llvm::json::Value &value : *questions)
      if (const Object *object = value.getAsObject())
        model.questions.push_back(
            {str(*object, "subject"), str(*object, "question"), str(*object, "answer")});
  if (const Object *annotations = document.getObject("annotations"))
    readAnnotations(*annotations, model.annotations);
}

}  // namespace

std::optional<Model> readAnalysisModel(const std::string &text, const std::string &file,
                                       analyzer::DiagnosticSink &sink) {
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
  if (document->getInteger("version") != analyzer::kModelVersion) {
    sink.error("analysis model version " +
                   std::to_string(document->getInteger("version").value_or(0)) +
                   ", the describer reads version " + std::to_string(analyzer::kModelVersion),
               file);
    return std::nullopt;
  }
  if (!document->getObject("records")) {
    sink.error("the analysis model has no \"records\" (written by an older analyzer: "
               "run `split-driver analyze --format=json` again)",
               file);
    return std::nullopt;
  }
  Model model;
  readDocument(*document, model);
  return model;
}

std::optional<Model> loadAnalysisModel(const std::string &path, analyzer::DiagnosticSink &sink) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer) {
    sink.error("cannot read the analysis model: " + buffer.getError().message(), path);
    return std::nullopt;
  }
  return readAnalysisModel((*buffer)->getBuffer().str(), path, sink);
}

// The model knows the records its fields name, with their members: the
// sidecar is checked against those (the analyzer's own check sees every
// record of the translation units; a struct the driver never touches
// cannot matter to the description).
bool applySidecars(const std::vector<std::string> &files, Model &model,
                   analyzer::DiagnosticSink &sink) {
  if (files.empty())
    return true;
  analyzer::Annotations annotations;
  for (const std::string &file : files)
    if (!analyzer::loadSidecar(file, annotations, sink))
      return false;
  analyzer::Facts known;
  for (const auto &[name, record] : model.records)
    known.records[name].insert(record.members.begin(), record.members.end());
  for (const auto &[name, function] : model.functions)
    known.functions.push_back({name, "", 0, 0, false, false});
  if (!analyzer::checkSidecar(annotations, known, sink))
    return false;
  model.annotations = std::move(annotations);
  return true;
}

}  // namespace splitdriver::describe

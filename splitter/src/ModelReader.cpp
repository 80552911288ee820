#include "splitter/ModelReader.h"

#include <llvm/Support/JSON.h>
#include <llvm/Support/MemoryBuffer.h>

namespace splitdriver::splitter {
namespace {

using analyzer::Model;
using llvm::json::Array;
using llvm::json::Object;

std::string str(const Object &object, llvm::StringRef key) {
  if (auto value = object.getString(key))
    return value->str();
  return "";
}

unsigned number(const Object &object, llvm::StringRef key) {
  if (auto value = object.getInteger(key))
    return static_cast<unsigned>(*value);
  return 0;
}

template <typename Container> void strings(const Object &object, llvm::StringRef key,
                                           Container &out) {
  if (const Array *array = object.getArray(key))
    for (const llvm::json::Value &value : *array)
      if (auto text = value.getAsString())
        out.insert(out.end(), text->str());
}

const Array *array(const Object &document, llvm::StringRef key) {
  return document.getArray(key);
}

void readFunctions(const Object &document, Model &model) {
  if (const Array *functions = array(document, "functions"))
    for (const llvm::json::Value &value : *functions) {
      const Object *object = value.getAsObject();
      if (!object)
        continue;
      analyzer::ModelFunction f;
      f.name = str(*object, "name");
      f.file = str(*object, "file");
      f.beginLine = number(*object, "begin_line");
      f.endLine = number(*object, "end_line");
      f.isStatic = object->getBoolean("static").value_or(false);
      f.side = str(*object, "side") == "kernel" ? analyzer::Side::Kernel : analyzer::Side::User;
      std::string constraint = str(*object, "constraint");
      f.constraint = constraint == "forced"   ? analyzer::Constraint::Forced
                     : constraint == "anchor" ? analyzer::Constraint::Anchor
                     : constraint == "pinned" ? analyzer::Constraint::Pinned
                                              : analyzer::Constraint::Free;
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

void readQuestionsAndLocks(const Object &document, Model &model) {
  if (const Array *questions = array(document, "questions"))
    for (const llvm::json::Value &value : *questions)
      if (const Object *object = value.getAsObject())
        model.questions.push_back(
            {str(*object, "subject"), str(*object, "question"), str(*object, "answer")});
  if (const Array *locks = array(document, "locks"))
    for (const llvm::json::Value &value : *locks)
      if (const Object *object = value.getAsObject()) {
        analyzer::ModelLock lock;
        lock.name = str(*object, "name");
        lock.kind = str(*object, "kind");
        lock.status = str(*object, "status");
        lock.resolution = str(*object, "resolution");
        lock.why = str(*object, "why");
        model.locks[lock.name] = std::move(lock);
      }
}

}  // namespace

std::optional<Model> readModelJson(const std::string &text, const std::string &file,
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
  auto version = document->getInteger("version");
  if (!version || *version != analyzer::kModelVersion) {
    sink.error("analysis model version " + (version ? std::to_string(*version) : "missing") +
                   ", this splitter reads version " + std::to_string(analyzer::kModelVersion),
               file);
    return std::nullopt;
  }
  Model model;
  model.driver = str(*document, "driver");
  strings(*document, "sources", model.sources);
  readFunctions(*document, model);
  readCrossings(*document, model);
  readQuestionsAndLocks(*document, model);
  if (model.functions.empty()) {
    sink.error("the analysis model lists no functions", file);
    return std::nullopt;
  }
  return model;
}

std::optional<Model> loadModelJson(const std::string &path, analyzer::DiagnosticSink &sink) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer) {
    sink.error("cannot read the analysis model: " + buffer.getError().message(), path);
    return std::nullopt;
  }
  return readModelJson((*buffer)->getBuffer().str(), path, sink);
}

}  // namespace splitdriver::splitter

// The analysis model for the describer (analyzer/ModelReader.h, which must
// carry records), and the sidecar check against the structs it knows.
#include "describe/Describe.h"

#include "analyzer/ModelReader.h"
#include "analyzer/Sidecar.h"

namespace splitdriver::describe {

using analyzer::Model;

namespace {

// The describer needs the layouts ("records") a current analyzer writes: a
// model from an older analyzer is refused with what to do.
std::optional<Model> withRecords(std::optional<Model> model, const std::string &file,
                                 analyzer::DiagnosticSink &sink) {
  if (model && model->records.empty()) {
    sink.error("the analysis model has no \"records\" (written by an older analyzer: "
               "run `split-driver analyze --format=json` again)",
               file);
    return std::nullopt;
  }
  return model;
}

}  // namespace

std::optional<Model> readAnalysisModel(const std::string &text, const std::string &file,
                                       analyzer::DiagnosticSink &sink) {
  return withRecords(analyzer::readModelJson(text, file, sink), file, sink);
}

std::optional<Model> loadAnalysisModel(const std::string &path, analyzer::DiagnosticSink &sink) {
  return withRecords(analyzer::loadModelJson(path, sink), path, sink);
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

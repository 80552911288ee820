#include "splitter/ModelReader.h"

#include "analyzer/ModelReader.h"

namespace splitdriver::splitter {

std::optional<analyzer::Model> readModelJson(const std::string &text, const std::string &file,
                                             analyzer::DiagnosticSink &sink) {
  std::optional<analyzer::Model> model = analyzer::readModelJson(text, file, sink);
  if (model && model->functions.empty()) {
    sink.error("the analysis model lists no functions", file);
    return std::nullopt;
  }
  return model;
}

std::optional<analyzer::Model> loadModelJson(const std::string &path,
                                             analyzer::DiagnosticSink &sink) {
  std::optional<analyzer::Model> model = analyzer::loadModelJson(path, sink);
  if (model && model->functions.empty()) {
    sink.error("the analysis model lists no functions", path);
    return std::nullopt;
  }
  return model;
}

}  // namespace splitdriver::splitter

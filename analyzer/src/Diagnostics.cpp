#include "analyzer/Diagnostics.h"

namespace splitdriver::analyzer {

std::string Diagnostic::format() const {
  std::string out;
  if (!file.empty()) {
    out += file;
    if (line) {
      out += ":" + std::to_string(line);
      if (column)
        out += ":" + std::to_string(column);
    }
    out += ": ";
  }
  switch (severity) {
  case Severity::Note: out += "note: "; break;
  case Severity::Warning: out += "warning: "; break;
  case Severity::Error: out += "error: "; break;
  }
  return out + message;
}

void DiagnosticSink::error(std::string message, std::string file, unsigned line,
                           unsigned column) {
  report({Severity::Error, std::move(file), line, column, std::move(message)});
}

void DiagnosticSink::warning(std::string message, std::string file, unsigned line,
                             unsigned column) {
  report({Severity::Warning, std::move(file), line, column, std::move(message)});
}

void DiagnosticSink::count(const Diagnostic &diagnostic) {
  if (diagnostic.severity == Severity::Error)
    ++errors_;
}

void StreamSink::report(const Diagnostic &diagnostic) {
  count(diagnostic);
  out_ << diagnostic.format() << '\n';
}

void CollectingSink::report(const Diagnostic &diagnostic) {
  count(diagnostic);
  diagnostics_.push_back(diagnostic);
}

std::string CollectingSink::joined() const {
  std::string out;
  for (const Diagnostic &d : diagnostics_)
    out += d.format() + "\n";
  return out;
}

}  // namespace splitdriver::analyzer

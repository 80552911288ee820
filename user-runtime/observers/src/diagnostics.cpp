#include "observers/diagnostics.h"

namespace observers {

std::string Diagnostic::format() const {
  std::string out = where.file;
  if (where.line > 0) {
    out += ":" + std::to_string(where.line);
    if (where.column > 0) out += ":" + std::to_string(where.column);
  }
  out += severity == Severity::Error ? ": error: " : ": warning: ";
  return out + message;
}

void DiagnosticSink::error(const SourceLocation& where, std::string message) {
  diagnostics_.push_back({Severity::Error, where, std::move(message)});
  ++errors_;
}

void DiagnosticSink::warning(const SourceLocation& where, std::string message) {
  diagnostics_.push_back({Severity::Warning, where, std::move(message)});
}

std::string DiagnosticSink::formatAll() const {
  std::string out;
  for (const auto& d : diagnostics_) out += d.format() + "\n";
  return out;
}

}  // namespace observers

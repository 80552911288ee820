// Diagnostics of the protocol-spec tools: an ErrorReporter-style sink, so
// the parser and checker never print, and tests assert on what was reported.
#pragma once

#include <string>
#include <vector>

namespace observers {

struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

enum class Severity { Warning, Error };

struct Diagnostic {
  Severity severity;
  SourceLocation where;
  std::string message;

  // "file:line:col: error: message", the format editors jump to.
  std::string format() const;
};

class DiagnosticSink {
 public:
  void error(const SourceLocation& where, std::string message);
  void warning(const SourceLocation& where, std::string message);

  bool hasErrors() const { return errors_ > 0; }
  int errorCount() const { return errors_; }
  const std::vector<Diagnostic>& all() const { return diagnostics_; }
  std::string formatAll() const;

 private:
  std::vector<Diagnostic> diagnostics_;
  int errors_ = 0;
};

}  // namespace observers

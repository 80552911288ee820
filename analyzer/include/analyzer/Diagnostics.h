// ErrorReporter-style sink: every stage reports errors and warnings here,
// with a position when the input has one; nothing is printed to stdout.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace splitdriver::analyzer {

enum class Severity { Note, Warning, Error };

struct Diagnostic {
  Severity severity = Severity::Error;
  std::string file;  // empty when the message has no position
  unsigned line = 0;
  unsigned column = 0;
  std::string message;

  // "file:line:col: error: message" (the position parts that are known).
  std::string format() const;
};

class DiagnosticSink {
public:
  virtual ~DiagnosticSink() = default;
  virtual void report(const Diagnostic &diagnostic) = 0;

  void error(std::string message, std::string file = {}, unsigned line = 0, unsigned column = 0);
  void warning(std::string message, std::string file = {}, unsigned line = 0, unsigned column = 0);
  unsigned errorCount() const { return errors_; }

protected:
  void count(const Diagnostic &diagnostic);

private:
  unsigned errors_ = 0;
};

// Writes each diagnostic as one line to a stream (stderr for the CLI).
class StreamSink : public DiagnosticSink {
public:
  explicit StreamSink(std::ostream &out) : out_(out) {}
  void report(const Diagnostic &diagnostic) override;

private:
  std::ostream &out_;
};

// Keeps diagnostics for tests and for callers that decide later.
class CollectingSink : public DiagnosticSink {
public:
  void report(const Diagnostic &diagnostic) override;
  const std::vector<Diagnostic> &diagnostics() const { return diagnostics_; }
  std::string joined() const;

private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace splitdriver::analyzer

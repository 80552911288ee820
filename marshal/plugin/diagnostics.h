// Error sink of the code generator: every problem is reported with the
// schema file and the struct.field it concerns, and generation continues so
// one run shows all of them.
#pragma once

#include <iostream>
#include <string>

namespace sdmarshal::gen {

class Diagnostics {
 public:
  explicit Diagnostics(std::ostream &out) : out_(out) {}

  void error(const std::string &file, const std::string &where,
             const std::string &message) {
    out_ << file << ": " << where << ": error: " << message << "\n";
    ++errors_;
  }
  int errorCount() const { return errors_; }

 private:
  std::ostream &out_;
  int errors_ = 0;
};

}  // namespace sdmarshal::gen

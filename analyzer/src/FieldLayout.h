// Type facts and layouts of the fields driver code touches (internal
// header; clang types stay inside the analyzer's collector files).
#pragma once

#include "analyzer/Facts.h"

#include <functional>
#include <string>

namespace clang {
class ASTContext;
class FieldDecl;
class RecordDecl;
class SourceLocation;
}  // namespace clang

namespace splitdriver::analyzer {

// The record's tag, its typedef's name, or for a nested anonymous record
// `<parent>.<member of its type>` (`<parent>.(anonymous)` without one).
std::string recordName(const clang::RecordDecl *record);

// Lock types: their insides belong to the lock, the field is class `lock`.
bool isLockRecord(const std::string &name);

// Fills facts.fieldTypes[<owner>.<field>] and facts.recordLayouts for the
// records it names, once per key. Sizes and signedness come from the
// ASTContext (never from type strings); `inDriver` tells a driver file
// (its headers are included by file name) from a kernel one.
class FieldLayouts {
public:
  FieldLayouts(clang::ASTContext &context, std::function<bool(clang::SourceLocation)> inDriver,
               Facts &facts)
      : context_(context), inDriver_(std::move(inDriver)), facts_(facts) {}

  void note(const clang::FieldDecl *field);

private:
  FieldTypeFact classify(const clang::FieldDecl *field);
  void noteRecord(const clang::RecordDecl *record);
  std::string headerSpelling(const std::string &file, bool inDriver) const;

  clang::ASTContext &context_;
  std::function<bool(clang::SourceLocation)> inDriver_;
  Facts &facts_;
};

}  // namespace splitdriver::analyzer

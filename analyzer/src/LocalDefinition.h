// The C text that defines a record of a driver's .c file for another
// translation unit (the in-place codec, which cannot include a .c file):
// the headers its fields' types need, forward declarations of the tags it
// points to, and the .c file's own types it uses by value, then itself.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class Decl;
class RecordDecl;
}  // namespace clang

namespace splitdriver::analyzer {

struct LocalDefinition {
  std::vector<std::string> includes;  // as a codec includes them ("linux/netdevice.h")
  // Forward declarations, then definitions, one declaration each, in order:
  // the texts of several records merge by dropping repeats.
  std::vector<std::string> declarations;
};

// `headerOf` spells the header that declares a declaration as an #include
// names it.
LocalDefinition localDefinition(const clang::ASTContext &context, const clang::RecordDecl *record,
                                const std::function<std::string(const clang::Decl *)> &headerOf);

}  // namespace splitdriver::analyzer

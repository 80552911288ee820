// The AST visitor: turns one translation unit into Facts (internal header).
#pragma once

#include "analyzer/Facts.h"
#include "analyzer/Rules.h"

#include <memory>
#include <set>
#include <string>

namespace clang {
class ASTConsumer;
}

namespace splitdriver::analyzer {

// Functions defined in a file whose directory is in `driverDirs` (real
// paths) are driver functions; everything else is the kernel's.
std::unique_ptr<clang::ASTConsumer> newFactCollector(const Rules &rules,
                                                     const std::set<std::string> &driverDirs,
                                                     Facts &facts);

}  // namespace splitdriver::analyzer

#include "analyzer/Generators.h"

#include "analyzer/LineFormat.h"

#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Program.h>
#include <llvm/Support/raw_ostream.h>

#include <optional>

namespace splitdriver::analyzer {

bool renderSvg(const std::string &dot, std::string &svg, std::string &error) {
  llvm::ErrorOr<std::string> program = llvm::sys::findProgramByName("dot");
  if (!program) {
    error = "Graphviz 'dot' is not installed (scripts/install-deps.sh installs graphviz)";
    return false;
  }
  llvm::SmallString<128> input, output;
  int fd = -1;
  if (llvm::sys::fs::createTemporaryFile("split-driver", "dot", fd, input) ||
      llvm::sys::fs::createTemporaryFile("split-driver", "svg", output)) {
    error = "cannot create a temporary file for dot";
    return false;
  }
  {
    llvm::raw_fd_ostream out(fd, /*shouldClose=*/true);
    out << dot;
  }
  std::string message;
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, llvm::StringRef(output),
                                                std::nullopt};
  int status = llvm::sys::ExecuteAndWait(*program, {*program, "-Tsvg", input}, std::nullopt,
                                         redirects, 0, 0, &message);
  bool ok = status == 0 && readFile(output.str().str(), svg);
  if (!ok)
    error = "dot -Tsvg failed (status " + std::to_string(status) + ")" +
            (message.empty() ? "" : ": " + message);
  llvm::sys::fs::remove(input);
  llvm::sys::fs::remove(output);
  return ok;
}

}  // namespace splitdriver::analyzer

#include "splitter/OutputDirectory.h"

#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/raw_ostream.h>

namespace splitdriver::splitter {
namespace {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

bool writeAll(const std::string &root, const OutputFiles &files, analyzer::DiagnosticSink &sink) {
  for (const auto &[relative, contents] : files) {
    llvm::SmallString<256> file(root);
    path::append(file, relative);
    if (std::error_code ec = fs::create_directories(path::parent_path(file))) {
      sink.error("cannot create directory: " + ec.message(), path::parent_path(file).str());
      return false;
    }
    std::error_code ec;
    llvm::raw_fd_ostream out(file, ec);
    if (!ec) {
      out << contents;
      out.close();
      ec = out.error();
    }
    if (ec) {
      sink.error("cannot write: " + ec.message(), file.str().str());
      return false;
    }
  }
  return true;
}

// A unique sibling name: <dir>.<tag>-NNNNNN.
std::string sibling(const std::string &directory, const char *tag) {
  llvm::SmallString<256> model(directory);
  model += std::string(".") + tag + "-%%%%%%";
  llvm::SmallString<256> result;
  fs::createUniquePath(model, result, false);
  return result.str().str();
}

}  // namespace

bool replaceDirectory(const std::string &directory, const OutputFiles &files,
                      analyzer::DiagnosticSink &sink) {
  llvm::SmallString<256> marker(directory);
  path::append(marker, "split.json");
  bool exists = fs::exists(directory);
  if (exists && !fs::exists(marker)) {
    sink.error("refusing to replace a directory that is not a split-driver output (it has no "
               "split.json); choose another output directory or remove it",
               directory);
    return false;
  }
  if (std::error_code ec = fs::create_directories(path::parent_path(directory.empty() ? "." : directory))) {
    sink.error("cannot create the output's parent directory: " + ec.message(), directory);
    return false;
  }
  std::string fresh = sibling(directory, "new");
  if (!writeAll(fresh, files, sink)) {
    fs::remove_directories(fresh);
    return false;
  }
  std::string old = sibling(directory, "old");
  if (exists) {
    if (std::error_code ec = fs::rename(directory, old)) {
      sink.error("cannot move the previous output aside: " + ec.message(), directory);
      fs::remove_directories(fresh);
      return false;
    }
  }
  if (std::error_code ec = fs::rename(fresh, directory)) {
    sink.error("cannot move the new output into place: " + ec.message(), directory);
    if (exists)
      fs::rename(old, directory);
    fs::remove_directories(fresh);
    return false;
  }
  if (exists)
    fs::remove_directories(old);
  return true;
}

}  // namespace splitdriver::splitter

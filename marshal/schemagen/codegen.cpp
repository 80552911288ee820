#include "codegen.h"

#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/Program.h>

#include <fstream>
#include <optional>

#include "capnp_writer.h"

namespace sdmarshal::schema {
namespace {

bool writeText(const std::string &path, const std::string &text, std::ostream &errors) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) {
    errors << path << ": error: cannot write\n";
    return false;
  }
  return true;
}

// Runs a program; its stderr goes into `errors` when it fails.
bool run(const std::string &program, const std::vector<std::string> &args,
         const std::string &what, std::ostream &errors) {
  auto found = llvm::sys::findProgramByName(program);
  if (!found) {
    errors << program << ": error: not found (" << what << ")\n";
    return false;
  }
  llvm::SmallString<128> log;
  llvm::sys::fs::createTemporaryFile("sdm-codegen", "log", log);
  std::vector<llvm::StringRef> argv = {*found};
  for (const std::string &a : args) argv.push_back(a);
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, std::nullopt, llvm::StringRef(log)};
  std::string message;
  int rc = llvm::sys::ExecuteAndWait(*found, argv, std::nullopt, redirects, 0, 0, &message);
  auto text = llvm::MemoryBuffer::getFile(log);
  llvm::sys::fs::remove(log);
  if (rc == 0) return true;
  if (text) errors << (*text)->getBuffer().str();
  errors << program << ": error: " << what << " failed"
         << (message.empty() ? "" : ": " + message) << "\n";
  return false;
}

void removeOutputs(const std::string &dir, const std::string &driver) {
  for (const char *suffix : {".capnp", "_sdm.h", "_sdm.c"})
    llvm::sys::fs::remove(dir + "/" + driver + suffix);
}

}  // namespace

bool generateCodec(const std::string &descriptionJson, const std::string &descriptionName,
                   const std::string &dir, const CodegenTools &tools, std::ostream &errors) {
  Diagnostics diag(errors, descriptionName);
  Description d = readDescription(descriptionJson, diag);
  if (diag.errorCount()) return false;
  if (d.version != 2 || (!d.types.empty() && d.types.front().ctype.empty())) {
    errors << descriptionName << ": error: the codec of a driver is generated in place: "
           << "format version 2 with a ctype on every type\n";
    return false;
  }
  std::string schema = dir + "/" + d.driver + ".capnp";
  bool ok = writeText(schema, writeCapnp(d, descriptionName), errors) &&
            run(tools.capnp,
                {"compile", "--src-prefix", dir, "-I", tools.importDir,
                 "-o" + tools.plugin + ":" + dir, schema},
                "capnp compile with capnpc-sdmarshal on " + schema, errors);
  if (!ok) removeOutputs(dir, d.driver);
  return ok;
}

}  // namespace sdmarshal::schema

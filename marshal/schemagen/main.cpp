// sdm-schema: marshal description (JSON) -> <driver>.capnp, the schema
// capnpc-sdmarshal and capnp's C++ generator then compile into the two
// codecs. Errors name the file and the JSON path of the mistake.
#include <llvm/Support/CommandLine.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/raw_ostream.h>

#include <fstream>
#include <iostream>

#include "capnp_writer.h"

namespace {

llvm::cl::opt<std::string> input(llvm::cl::Positional, llvm::cl::desc("<description.json>"),
                                 llvm::cl::Required);
llvm::cl::opt<std::string> output("o", llvm::cl::desc("output schema (default: stdout)"),
                                  llvm::cl::value_desc("file.capnp"));
llvm::cl::opt<bool> mirror(
    "mirror",
    llvm::cl::desc("leave out the in-place annotations (ctype, cfield, ...): same ids and "
                   "ordinals, for a mirror-struct codec and the C++ codec"));

}  // namespace

int main(int argc, char **argv) {
  llvm::cl::ParseCommandLineOptions(argc, argv, "split-driver marshal schema generator\n");
  auto buffer = llvm::MemoryBuffer::getFile(input);
  if (!buffer) {
    std::cerr << input << ": error: " << buffer.getError().message() << "\n";
    return 1;
  }
  std::string name = input;
  if (auto slash = name.find_last_of('/'); slash != std::string::npos) name = name.substr(slash + 1);
  sdmarshal::schema::Diagnostics diag(std::cerr, name);
  auto description = sdmarshal::schema::readDescription((*buffer)->getBuffer().str(), diag);
  if (diag.errorCount()) return 1;
  std::string text = sdmarshal::schema::writeCapnp(
      description, name,
      mirror ? sdmarshal::schema::SchemaMode::Mirror : sdmarshal::schema::SchemaMode::AsDescribed);
  if (output.empty()) {
    std::cout << text;
    return 0;
  }
  std::ofstream out(output, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) {
    std::cerr << output << ": error: cannot write\n";
    return 1;
  }
  return 0;
}

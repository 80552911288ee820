// capnpc-sdmarshal: a Cap'n Proto compiler plugin. `capnp compile
// -o<path>/capnpc-sdmarshal:<outdir> foo.capnp` feeds it a
// CodeGeneratorRequest on stdin; it writes foo_sdm.h and foo_sdm.c (the C
// codec for the kernel side) and foo_sdm_cxx.h and foo_sdm_cxx.c++ (the C++
// codec for the user side, over capnp's own generated foo.capnp.h). A
// schema whose structs carry $ctype gets the in-place C codec only.
#include <capnp/schema-loader.h>
#include <capnp/schema.capnp.h>
#include <capnp/serialize.h>
#include <kj/exception.h>

#include <fstream>
#include <iostream>
#include <unistd.h>

#include "generators.h"

namespace {

using namespace sdmarshal::gen;

bool writeFile(const std::string &name, const std::string &text) {
  std::ofstream out(name, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) {
    std::cerr << name << ": error: cannot write generated file\n";
    return false;
  }
  return true;
}

int run() {
  capnp::ReaderOptions options;
  options.traversalLimitInWords = 1ull << 30;
  capnp::StreamFdMessageReader message(STDIN_FILENO, options);
  auto request = message.getRoot<capnp::schema::CodeGeneratorRequest>();
  capnp::SchemaLoader loader;
  for (auto node : request.getNodes()) loader.load(node);

  Diagnostics diag(std::cerr);
  bool ok = true;
  for (auto file : request.getRequestedFiles()) {
    FilePlan plan = buildPlan(loader, file.getId(), file.getFilename().cStr(), diag);
    if (diag.errorCount()) continue;
    auto names = outputNames(plan);
    ok = writeFile(names.cHeader, generateCHeader(plan)) && ok;
    ok = writeFile(names.cSource, generateCSource(plan)) && ok;
    if (plan.inPlace) continue;  // kernel headers are not C++: no C++ codec
    ok = writeFile(names.cxxHeader, generateCxxHeader(plan)) && ok;
    ok = writeFile(names.cxxSource, generateCxxSource(plan)) && ok;
  }
  return diag.errorCount() || !ok ? 1 : 0;
}

}  // namespace

int main() {
  try {
    return run();
  } catch (const kj::Exception &e) {
    std::cerr << "capnpc-sdmarshal: error: " << e.getDescription().cStr() << "\n";
  } catch (const std::exception &e) {
    std::cerr << "capnpc-sdmarshal: internal error: " << e.what() << "\n";
  }
  return 1;
}

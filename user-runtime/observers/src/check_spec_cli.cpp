// check-spec: validates protocol specs and their bindings, and draws each
// protocol as DOT or SVG (Graphviz) for a driver engineer. Run as
// `split-driver check-spec` or `split-driver-check-spec`.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <sys/wait.h>
#include <vector>

#include "observers/check_spec_cli.h"
#include "observers/checker.h"
#include "observers/dot.h"
#include "observers/monitor.h"
#include "observers/parser.h"

namespace {

const char kUsage[] =
    " [--bindings FILE.bind]... [--dot DIR] [--svg DIR] [--Werror] SPEC.spec...\n"
    "Checks protocol specs (syntax, names, directions, types, ambiguity; warns about\n"
    "unreachable states and messages never accepted) and binding tables.\n"
    "Exit status: 0 clean, 1 errors (or warnings with --Werror), 2 usage.\n";

struct Options {
  std::vector<std::string> specs, bindings;
  std::string dotDir, svgDir;
  bool werror = false;
  bool help = false;
};

bool parseArgs(int argc, const char* const* argv, Options& opts) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](std::string& into) {
      if (i + 1 >= argc) return false;
      into = argv[++i];
      return true;
    };
    std::string binding;
    if (a == "--bindings" && value(binding)) opts.bindings.push_back(binding);
    else if (a == "--dot" && value(opts.dotDir)) continue;
    else if (a == "--svg" && value(opts.svgDir)) continue;
    else if (a == "--Werror") opts.werror = true;
    else if (a == "--help" || a == "-h") opts.help = true;
    else if (!a.empty() && a[0] != '-') opts.specs.push_back(a);
    else return false;
  }
  return opts.help || !opts.specs.empty();
}

bool writeFile(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  return static_cast<bool>(out);
}

// Runs Graphviz: dot -Tsvg -o svg dotfile.
bool renderSvg(const std::string& dotPath, const std::string& svgPath) {
  std::string cmd = "dot -Tsvg -o '" + svgPath + "' '" + dotPath + "'";
  int status = std::system(cmd.c_str());
  return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

bool draw(const observers::SpecSet& specs, const Options& opts) {
  bool ok = true;
  for (const auto& proto : specs.protocols) {
    std::string dot = observers::protocolToDot(proto);
    std::string dotDir = opts.dotDir.empty() ? opts.svgDir : opts.dotDir;
    std::string dotPath = dotDir + "/" + proto.name + ".dot";
    if (!writeFile(dotPath, dot)) {
      std::cerr << dotPath << ": error: cannot write\n";
      ok = false;
      continue;
    }
    if (!opts.svgDir.empty()) {
      std::string svgPath = opts.svgDir + "/" + proto.name + ".svg";
      if (!renderSvg(dotPath, svgPath)) {
        std::cerr << svgPath << ": error: Graphviz 'dot' failed (is graphviz installed?)\n";
        ok = false;
      }
    }
  }
  return ok;
}

}  // namespace

namespace observers {

int checkSpecMain(const char* program, int argc, const char* const* argv) {
  Options opts;
  if (!parseArgs(argc, argv, opts)) {
    std::cerr << "usage: " << program << kUsage;
    return 2;
  }
  if (opts.help) {
    std::cout << "usage: " << program << kUsage;
    return 0;
  }
  observers::DiagnosticSink sink;
  observers::SpecSet specs;
  bool parsed = true;
  for (const auto& path : opts.specs) parsed = observers::parseSpecFile(path, specs, sink) && parsed;
  if (parsed) observers::checkSpecs(specs, sink);
  // Each binding file describes one kind of driver: checked on its own.
  size_t bound = 0;
  for (const auto& path : opts.bindings) {
    observers::BindingTable bindings;
    if (bindings.parseFile(path, sink) && parsed) bindings.check(specs, sink);
    bound += bindings.size();
  }
  std::cerr << sink.formatAll();

  bool warnings = sink.all().size() > static_cast<size_t>(sink.errorCount());
  if (sink.hasErrors() || (opts.werror && warnings)) return 1;
  for (const auto& proto : specs.protocols)
    std::cout << proto.name << ": " << proto.states.size() << " states, " << proto.messages.size()
              << " messages: " << proto.property << "\n";
  std::cout << bound << " bindings in " << opts.bindings.size() << " files\n";
  if ((!opts.dotDir.empty() || !opts.svgDir.empty()) && !draw(specs, opts)) return 1;
  return 0;
}

}  // namespace observers

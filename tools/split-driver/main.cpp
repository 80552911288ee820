// split-driver <command> [options]: dispatches to a subcommand.
#include "Commands.h"

#include <cstring>
#include <iostream>
#include <string>

using namespace splitdriver::tools;

namespace {

const Command kCommands[] = {
    {"analyze", "classify a driver's functions kernel|user and report the boundary", runAnalyze},
    {"split", "write the kernel half and the user half of a driver", runSplit},
    {"marshal", "describe what the crossings carry (<driver>.marshal.json)", runMarshal},
    {"check-spec", "check protocol specs and bindings; draw them (DOT/SVG)", runCheckSpec},
};

void usage(std::ostream &out) {
  out << "usage: split-driver <command> [options]\n\ncommands:\n";
  for (const Command &command : kCommands)
    out << "  " << command.name << std::string(14 - std::strlen(command.name), ' ')
        << command.summary << "\n";
  out << "\nsplit-driver <command> --help describes a command's options.\n";
}

}  // namespace

int main(int argc, const char **argv) {
  if (argc < 2) {
    usage(std::cerr);
    return kExitUsage;
  }
  std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    usage(std::cout);
    return kExitOk;
  }
  for (const Command &command : kCommands) {
    if (name != command.name)
      continue;
    return command.run(argc, argv);
  }
  std::cerr << "split-driver: unknown command '" << name << "'\n";
  usage(std::cerr);
  return kExitUsage;
}

// Subcommands of split-driver. To add one: write <Name>Command.cpp with a
// `int run<Name>(int argc, const char **argv)`, declare it here and list it
// in kCommands (main.cpp). run() gets the whole command line (argv[1] is
// the command's name) and parses it with llvm::cl: its options belong to
// its own static llvm::cl::SubCommand (cl::sub), so two commands may use
// the same option names, and --help lists only that command's options.
#pragma once

namespace splitdriver::tools {

struct Command {
  const char *name;
  const char *summary;
  int (*run)(int argc, const char **argv);
};

// Exit codes shared by the subcommands.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;  // the input is wrong (parse error, bad pin, ...)
constexpr int kExitUsage = 2;    // the command line is wrong

int runAnalyze(int argc, const char **argv);
int runSplit(int argc, const char **argv);
int runCheckSpec(int argc, const char **argv);
int runMarshal(int argc, const char **argv);

}  // namespace splitdriver::tools

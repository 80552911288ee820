// bench-analyzer [repetitions]: wall time to analyse e1000 and asix.
//
// For each driver: the best of N runs of the whole analysis (parse, facts,
// call graph, contexts, locks, cut, shared state) and, as the baseline, the
// best of N syntax-only parses of the same translation units with the same
// flags. The ratio is the analysis' overhead over parsing alone.
#include "analyzer/Analyzer.h"
#include "analyzer/Frontend.h"

#include <clang/Tooling/CompilationDatabase.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>

using namespace splitdriver::analyzer;

namespace {

struct Driver {
  const char *name;
  const char *database;
  std::vector<std::string> files;
  const char *annotations;
};

double bestSeconds(int repetitions, const std::function<bool()> &run) {
  double best = 1e9;
  for (int i = 0; i < repetitions; ++i) {
    auto start = std::chrono::steady_clock::now();
    if (!run()) {
      std::fprintf(stderr, "bench-analyzer: a run failed\n");
      std::exit(1);
    }
    std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    best = std::min(best, elapsed.count());
  }
  return best;
}

}  // namespace

int main(int argc, char **argv) {
  int repetitions = argc > 1 ? std::atoi(argv[1]) : 3;
  if (repetitions < 1) {
    std::fprintf(stderr, "usage: bench-analyzer [repetitions >= 1]\n");
    return 2;
  }
  const Driver drivers[] = {
      {"e1000", E1000_DATABASE_DIR, {}, E1000_ANNOTATIONS},
      {"asix", AX88772_DATABASE_DIR, {"asix_devices.c", "asix_common.c", "ax88172a.c"},
       AX88772_ANNOTATIONS},
  };
  std::printf("%-8s %5s %10s %12s %8s  (best of %d)\n", "driver", "TUs", "parse [s]",
              "analyze [s]", "ratio", repetitions);
  for (const Driver &driver : drivers) {
    StreamSink sink(std::cerr);
    auto database = loadCompileDatabase(driver.database, sink);
    if (!database)
      return 1;
    std::vector<std::string> files = resolveSourceFiles(*database, driver.files, sink);
    double parse = bestSeconds(repetitions, [&] { return parseOnly(*database, files, sink); });
    AnalyzeOptions options;
    options.annotationFiles = {driver.annotations};
    double analyze = bestSeconds(repetitions, [&] {
      return splitdriver::analyzer::analyze(*database, driver.files, options, sink).has_value();
    });
    std::printf("%-8s %5zu %10.2f %12.2f %7.2fx\n", driver.name, files.size(), parse, analyze,
                analyze / parse);
  }
  return 0;
}

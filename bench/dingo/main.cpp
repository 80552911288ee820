// dingo-bench: the figures behind docs/ARCHITECTURE.md ("Dingo runtime").
#include "bench.h"

int main() {
  std::printf("dingo-bench: ratios are against baselines measured in this run\n");
  dingo::bench::switchBenchmarks();
  dingo::bench::messageBenchmarks();
  return 0;
}

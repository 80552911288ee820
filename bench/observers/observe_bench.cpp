// Cost of observing one crossing with every protocol that applies, against
// the same crossings dispatched without observation, in one run.
//
// The workload is an e1000-like control-path sequence bound through the
// project's pci-net bindings: open, carrier and queue changes, ethtool
// queries, stop. Figures are per crossing; ratios are what to compare
// across machines.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "observers/checker.h"
#include "observers/monitor.h"
#include "observers/parser.h"

using namespace observers;

namespace {

Crossing crossing(Crossing::Kind kind, const char* callee, bool isReply = false) {
  Crossing c;
  c.kind = kind;
  c.callee = callee;
  c.isReply = isReply;
  return c;
}

std::vector<Crossing> controlPathCycle() {
  const auto up = Crossing::Kind::Upcall, down = Crossing::Kind::Downcall;
  return {crossing(up, "net_device_ops.ndo_open"),      crossing(down, "netif_carrier_off"),
          crossing(down, "netif_start_queue"),          crossing(up, "net_device_ops.ndo_open", true),
          crossing(down, "netif_carrier_on"),           crossing(down, "netif_wake_queue"),
          crossing(up, "ethtool_ops.get_link"),         crossing(up, "ethtool_ops.get_link", true),
          crossing(up, "net_device_ops.ndo_get_stats"), crossing(down, "kmalloc_unbound_example"),
          crossing(up, "net_device_ops.ndo_stop"),      crossing(down, "netif_stop_queue"),
          crossing(down, "netif_carrier_off"),          crossing(up, "net_device_ops.ndo_stop", true)};
}

template <typename F>
double nsPerCrossing(F&& run, size_t crossings) {
  auto start = std::chrono::steady_clock::now();
  run();
  auto ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
  return ns / static_cast<double>(crossings);
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = argc > 1 ? argv[1] : "annotations/protocols";
  SpecSet specs;
  DiagnosticSink sink;
  for (const char* name : {"lifecycle", "pci", "netdevice", "ethtool", "pm", "usb", "mdio"})
    parseSpecFile(dir + "/" + name + ".spec", specs, sink);
  checkSpecs(specs, sink);
  BindingTable bindings;
  bindings.parseFile(dir + "/pci-net.bind", sink);
  if (sink.hasErrors()) {
    std::fprintf(stderr, "%s", sink.formatAll().c_str());
    return 1;
  }

  const std::vector<Crossing> cycle = controlPathCycle();
  const size_t rounds = 20000, crossings = rounds * cycle.size();
  size_t violations = 0;

  // Baseline: the binding lookup every crossing pays to be classified.
  volatile size_t sink_count = 0;
  double baseline = nsPerCrossing(
      [&] {
        for (size_t r = 0; r < rounds; ++r)
          for (const auto& c : cycle) sink_count = sink_count + (bindings.find(c.kind, c.callee) != nullptr);
      },
      crossings);

  Monitor monitor(specs, bindings, Policy::Log, [&](const Violation&) { ++violations; });
  monitor.observer().forceState("Lifecycle", "Bound");
  monitor.observer().forceState("NetDevice", "Closed");
  double observed = nsPerCrossing(
      [&] {
        for (size_t r = 0; r < rounds; ++r)
          for (const auto& c : cycle) monitor.onCrossing(c);
      },
      crossings);

  std::printf("observers: %zu crossings, %zu protocols, %zu bindings, %zu violations\n", crossings,
              specs.protocols.size(), bindings.size(), violations);
  std::printf("  binding lookup only   %8.1f ns/crossing (baseline)\n", baseline);
  std::printf("  observed (all specs)  %8.1f ns/crossing  %.1fx baseline\n", observed, observed / baseline);
  return violations == 0 ? 0 : 1;
}

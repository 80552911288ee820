// Stage 4: the cost-minimising cut among the free functions.
//
// Minimum s-t cut: s is the kernel, t user space. Forced and kernel-pinned
// functions hang off s, anchors and user-pinned functions off t, with
// infinite capacity. A free function pays kLineCost per line to sit in the
// kernel (edge to t); each call edge pays its expected crossings if its ends
// are split (both directions): more on the data path, more in a loop. The source side of the minimum cut is the
// kernel.
#include "Stages.h"

#include <algorithm>
#include <deque>
#include <limits>

namespace splitdriver::analyzer {
namespace {

constexpr double kLineCost = 0.25;        // 4 kernel lines cost as much as one crossing
constexpr double kDataPathWeight = 100;   // a call on the data path runs per packet
constexpr double kLoopWeight = 16;        // a call in a loop runs per element (a ring's descriptors)
constexpr double kInfinity = std::numeric_limits<double>::infinity();

class MaxFlow {
public:
  explicit MaxFlow(size_t nodes) : adjacency_(nodes) {}

  void addEdge(size_t from, size_t to, double capacity) {
    adjacency_[from].push_back(arcs_.size());
    arcs_.push_back({to, capacity});
    adjacency_[to].push_back(arcs_.size());
    arcs_.push_back({from, 0});
  }

  // Edmonds-Karp; returns the nodes on the source side of a minimum cut.
  std::vector<bool> minCut(size_t source, size_t sink) {
    while (true) {
      std::vector<long> via(adjacency_.size(), -1);
      std::deque<size_t> queue = {source};
      std::vector<bool> seen(adjacency_.size(), false);
      seen[source] = true;
      while (!queue.empty() && !seen[sink]) {
        size_t node = queue.front();
        queue.pop_front();
        for (size_t arc : adjacency_[node])
          if (arcs_[arc].capacity > 1e-12 && !seen[arcs_[arc].to]) {
            seen[arcs_[arc].to] = true;
            via[arcs_[arc].to] = static_cast<long>(arc);
            queue.push_back(arcs_[arc].to);
          }
      }
      if (!seen[sink])
        return seen;
      double bottleneck = kInfinity;
      for (size_t node = sink; node != source; node = arcs_[via[node] ^ 1].to)
        bottleneck = std::min(bottleneck, arcs_[via[node]].capacity);
      if (bottleneck == kInfinity)
        return seen;  // forced to both sides: classify() reports that case
      for (size_t node = sink; node != source; node = arcs_[via[node] ^ 1].to) {
        arcs_[via[node]].capacity -= bottleneck;
        arcs_[via[node] ^ 1].capacity += bottleneck;
      }
    }
  }

private:
  struct Arc {
    size_t to;
    double capacity;
  };
  std::vector<std::vector<size_t>> adjacency_;
  std::vector<Arc> arcs_;
};

}  // namespace

void chooseCut(Model &model) {
  std::map<std::string, size_t> index;
  for (const auto &[name, function] : model.functions)
    index.emplace(name, index.size());
  const size_t source = index.size(), sink = index.size() + 1;
  MaxFlow flow(index.size() + 2);
  for (const auto &[name, function] : model.functions) {
    size_t node = index.at(name);
    bool kernel = function.side == Side::Kernel;
    if (function.constraint == Constraint::Free)
      flow.addEdge(node, sink, kLineCost * function.lines());
    else
      flow.addEdge(kernel ? source : node, kernel ? node : sink, kInfinity);
  }
  for (ModelEdge &edge : model.edges) {
    edge.weight = (model.functions.at(edge.caller).dataPath ? kDataPathWeight : 1) *
                  (edge.inLoop ? kLoopWeight : 1);
    if (edge.caller == edge.callee)
      continue;
    flow.addEdge(index.at(edge.caller), index.at(edge.callee), edge.weight);
    flow.addEdge(index.at(edge.callee), index.at(edge.caller), edge.weight);
  }
  std::vector<bool> kernelSide = flow.minCut(source, sink);
  for (auto &[name, function] : model.functions) {
    if (function.constraint != Constraint::Free)
      continue;
    function.side = kernelSide[index.at(name)] ? Side::Kernel : Side::User;
    std::string verdict =
        function.side == Side::Kernel
            ? "kernel: the cut moves it next to its kernel callers/callees: the crossings saved "
              "outweigh its " + std::to_string(function.lines()) + " lines"
            : "user: free, and the cut keeps it in user space";
    function.reason.insert(function.reason.begin(), verdict);
  }
  model.summary.lineCostPerLine = kLineCost;
}

}  // namespace splitdriver::analyzer

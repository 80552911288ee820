#include "analyzer/Generators.h"

#include <cstdio>
#include <sstream>

namespace splitdriver::analyzer {
namespace {

std::string joined(const std::set<std::string> &items, const char *separator = ", ") {
  std::string out;
  for (const std::string &item : items)
    out += (out.empty() ? "" : separator) + item;
  return out.empty() ? "-" : out;
}

std::string percent(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f%%", value);
  return buffer;
}

std::string contexts(const ModelFunction &function) {
  std::string out;
  for (Context context : function.contexts)
    out += (out.empty() ? "" : ",") + std::string(contextName(context));
  if (function.dataPath)
    out += ",datapath";
  return "[" + out + "]";
}

void writeFunctions(const Model &model, std::ostream &out) {
  out << "\nfunctions:\n";
  for (const auto &[name, f] : model.functions) {
    out << "function " << name << ": " << sideName(f.side) << " " << contexts(f) << " "
        << constraintName(f.constraint) << " " << f.lines() << " lines\n";
    for (const std::string &reason : f.reason)
      out << "  because " << reason << "\n";
  }
}

void writeRootsAndLocks(const Model &model, std::ostream &out) {
  out << "\nentry points:\n";
  for (const ModelRoot &root : model.roots)
    out << "root " << root.function << " <- " << root.how << " ("
        << contextName(root.spec.context) << (root.spec.dataPath ? ", data path" : "")
        << (root.assumed ? ", assumed: no rule" : "") << ")\n";
  out << "\nlocks:\n";
  for (const auto &[name, lock] : model.locks) {
    out << "lock " << name << " (" << lock.kind << "): " << lock.status;
    if (!lock.resolution.empty())
      out << " -> " << lock.resolution << ": " << lock.why;
    out << "\n  kernel side: " << joined(lock.kernelTakers) << "\n  user side: "
        << joined(lock.userTakers) << "\n";
  }
}

// The kernel API models of the kernel functions the driver calls (directly
// or through a header inline), as the rules give them.
void writeKernelApiModels(const Model &model, std::ostream &out) {
  if (!model.kernelApi.empty())
    out << "\nkernel API models:\n";
  for (const auto &[name, api] : model.kernelApi) {
    out << "model " << name << ":";
    if (api.noUpcall)
      out << " noupcall;";
    if (api.mayUpcall)
      out << " mayupcall;";
    if (!api.reads.empty())
      out << " reads " << joined(api.reads, " ") << ";";
    if (!api.writes.empty())
      out << " writes " << joined(api.writes, " ") << ";";
    std::string rules;
    for (const std::string &rule : api.rules)
      rules += (rules.empty() ? "" : ", ") + rule.substr(rule.rfind('/') + 1);
    out << " (" << rules << ")\n";
  }
}

void writeBoundary(const Model &model, std::ostream &out) {
  out << "\nboundary:\n";
  for (const ModelCrossing &c : model.crossings) {
    out << "crossing " << c.direction << " " << c.caller << " -> " << c.callee << " via "
        << c.via << (c.deferred ? ", deferred: the caller goes on; [out] reaches the kernel "
                                  "when the function returns"
                                : "")
        << (c.guardTake.empty() ? "" : "; its arguments are read under " + c.guardTake)
        << "\n";
    out << "  [in] " << joined(c.state.in, " ") << "\n  [out] " << joined(c.state.out, " ")
        << "\n";
  }
  if (!model.questions.empty())
    out << "\nquestions:\n";
  for (const ModelQuestion &q : model.questions)
    out << "question " << q.question << "\n  answer with: " << q.answer << "\n";
  if (!model.warnings.empty())
    out << "\nwarnings:\n";
  for (const std::string &text : model.warnings)
    out << "warning " << text << "\n";
  if (!model.unresolved.empty())
    out << "\nunresolved indirect calls:\n";
  for (const std::string &text : model.unresolved)
    out << "unresolved " << text << "\n";
  out << "\nexternal kernel functions:\n";
  for (const auto &[name, external] : model.externals)
    out << "external " << name << " <- " << joined(external.callers) << "\n";
  writeKernelApiModels(model, out);
}

// The edges the cut weighs per element: why a loop moved next to its callee.
void writeLoopEdges(const Model &model, std::ostream &out) {
  bool first = true;
  for (const ModelEdge &e : model.edges) {
    if (!e.inLoop || e.caller == e.callee)
      continue;
    if (first)
      out << "\ncalls in loops:\n";
    first = false;
    out << "cut weight " << e.weight << " " << e.caller << " -> " << e.callee << " (in a loop)\n";
  }
}

}  // namespace

std::string writeTextReport(const Model &model) {
  std::ostringstream out;
  const ModelSummary &s = model.summary;
  out << "driver " << model.driver << ": " << s.functions << " functions, " << s.kernelFunctions
      << " kernel (" << s.kernelLines << " lines), " << s.userFunctions << " user ("
      << s.userLines << " lines)\n";
  out << "kernel share: " << percent(s.kernelLinePercent) << " of function lines\n";
  out << "cut: " << s.crossingEdges << " crossing call edges, cost " << s.cutCost << "\n";
  writeFunctions(model, out);
  writeLoopEdges(model, out);
  writeRootsAndLocks(model, out);
  writeBoundary(model, out);
  return out.str();
}

std::string writeDot(const Model &model) {
  std::ostringstream out;
  out << "digraph \"" << model.driver << "\" {\n"
      << "  rankdir=LR;\n  node [shape=box, style=filled, fontname=monospace];\n";
  for (const auto &[name, f] : model.functions)
    out << "  \"" << name << "\" [fillcolor=\"" << (f.side == Side::Kernel ? "#f4a6a6" : "#a6c8f4")
        << "\", tooltip=\"" << sideName(f.side) << " " << contexts(f) << "\"];\n";
  for (const ModelEdge &e : model.edges) {
    out << "  \"" << e.caller << "\" -> \"" << e.callee << "\"";
    std::string attributes;
    bool deferred = e.crossing && model.annotations.findDefer(e.callee) &&
                    model.functions.at(e.callee).side == Side::User;
    if (deferred)
      attributes += "color=darkorange, penwidth=2, label=\"deferred\"";
    else if (e.crossing)
      attributes += "color=red, penwidth=2";
    if (e.kind != EdgeKind::Direct)
      attributes += std::string(attributes.empty() ? "" : ", ") + "style=dashed";
    if (!attributes.empty())
      out << " [" << attributes << "]";
    out << ";\n";
  }
  out << "}\n";
  return out.str();
}

}  // namespace splitdriver::analyzer

#include "observers/dot.h"

#include <functional>

namespace observers {
namespace {

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// Already escaped for a DOT string: one line per action.
std::string transitionLabel(const Transition& t) {
  std::string label = t.message.spelling();
  if (t.guard) label += " [" + exprToString(*t.guard) + "]";
  label = escape(label);
  for (const auto& a : t.actions) label += "\\n" + escape(a.var + " = " + exprToString(*a.value));
  return label;
}

}  // namespace

std::string exprToString(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::IntLiteral: return std::to_string(e.value);
    case Expr::Kind::BoolLiteral: return e.value ? "true" : "false";
    case Expr::Kind::Var: return e.name;
    case Expr::Kind::Arg: return "arg." + e.name;
    case Expr::Kind::Ret: return "ret";
    case Expr::Kind::InState: return e.name + " in " + e.stateName;
    case Expr::Kind::Unary: return e.op + exprToString(*e.lhs);
    case Expr::Kind::Binary: return "(" + exprToString(*e.lhs) + " " + e.op + " " + exprToString(*e.rhs) + ")";
  }
  return "";
}

std::string protocolToDot(const Protocol& proto) {
  std::string out = "digraph \"" + escape(proto.name) + "\" {\n  compound=true;\n  rankdir=LR;\n"
                    "  label=\"" + escape(proto.name + ": " + proto.property) + "\";\n  labelloc=t;\n"
                    "  node [shape=box, style=rounded];\n  __start [shape=point];\n";
  // Edges attach to leaf nodes; a super state is drawn as a cluster and
  // represented by its initial leaf (lhead/ltail point at the cluster).
  std::function<void(const std::string&, const std::string&)> emitScope = [&](const std::string& scope,
                                                                                 const std::string& indent) {
    for (const auto& s : proto.states) {
      if (s.parent != scope) continue;
      std::string extra = s.timeoutNs ? "\\ntimeout " + std::to_string(*s.timeoutNs / 1000000) + " ms" : "";
      // Messages accepted without a change of state are listed in the label
      // rather than drawn as loops (a super's would land on one child).
      for (const auto& t : s.transitions)
        if (!t.target) extra += "\\n" + transitionLabel(t);
      if (s.isSuper) {
        out += indent + "subgraph \"cluster_" + escape(s.name) + "\" {\n" + indent + "  label=\"" +
               escape(s.name) + extra + "\";\n";
        emitScope(s.name, indent + "  ");
        out += indent + "}\n";
      } else {
        out += indent + "\"" + escape(s.name) + "\" [label=\"" + escape(s.name) + extra + "\"" +
               (s.isFinal ? ", peripheries=2" : "") + "];\n";
      }
    }
  };
  emitScope("", "  ");
  out += "  __start -> \"" + escape(proto.initialLeaf()) + "\";\n";
  for (const auto& s : proto.states) {
    for (const auto& t : s.transitions) {
      if (!t.target) continue;
      std::string from = proto.initialLeaf(s.name);
      std::string to = proto.initialLeaf(*t.target);
      std::string attrs = "label=\"" + transitionLabel(t) + "\"";
      if (s.isSuper) attrs += ", ltail=\"cluster_" + escape(s.name) + "\"";
      if (proto.findState(*t.target) && proto.findState(*t.target)->isSuper)
        attrs += ", lhead=\"cluster_" + escape(*t.target) + "\"";
      out += "  \"" + escape(from) + "\" -> \"" + escape(to) + "\" [" + attrs + "];\n";
    }
  }
  return out + "}\n";
}

}  // namespace observers

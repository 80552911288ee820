#include "observers/checker.h"

#include <functional>
#include <set>

namespace observers {
namespace {

enum class Type { Int, Bool, Invalid };

class ProtocolChecker {
 public:
  ProtocolChecker(const SpecSet& specs, const Protocol& proto, DiagnosticSink& sink)
      : specs_(specs), proto_(proto), sink_(sink) {}

  void run() {
    checkDeclarations();
    checkInitialStates();
    for (const auto& state : proto_.states)
      for (const auto& t : state.transitions) checkTransition(state, t);
    for (const auto& ref : proto_.spawnOn) checkMessageRef(ref, proto_.where);
    checkKeyed();
    checkAmbiguity();
    warnUnreachable();
    warnNeverAccepted();
  }

 private:
  std::string where() const { return "protocol " + proto_.name; }

  template <typename Items, typename Name>
  void checkUnique(const Items& items, Name name, const char* what) {
    std::set<std::string> seen;
    for (const auto& item : items)
      if (!seen.insert(name(item)).second)
        sink_.error(item.where, std::string("duplicate ") + what + " '" + name(item) + "' in " + where());
  }

  void checkDeclarations() {
    checkUnique(proto_.states, [](const State& s) { return s.name; }, "state");
    checkUnique(proto_.messages, [](const MessageDecl& m) { return m.name; }, "message");
    checkUnique(proto_.vars, [](const VarDecl& v) { return v.name; }, "variable");
    for (const auto& dep : proto_.depends)
      if (!specs_.find(dep)) sink_.error(proto_.where, where() + " depends on unknown protocol '" + dep + "'");
    for (const auto& s : proto_.states)
      if (s.isFinal && !proto_.key)
        sink_.error(s.where, "final state '" + s.name + "' in " + where() +
                                 ": only a keyed protocol (per <arg>) has instances that end");
  }

  void checkInitialStates() {
    std::vector<std::string> scopes{""};
    for (const auto& s : proto_.states)
      if (s.isSuper) scopes.push_back(s.name);
    for (const auto& scope : scopes) {
      int initials = 0;
      for (const auto& s : proto_.states) initials += s.parent == scope && s.isInitial;
      const SourceLocation& at = scope.empty() ? proto_.where : proto_.findState(scope)->where;
      std::string owner = scope.empty() ? where() : "super state '" + scope + "'";
      if (initials == 0) sink_.error(at, owner + " has no initial state");
      if (initials > 1) sink_.error(at, owner + " has more than one initial state");
    }
  }

  // A transition's message must be declared, with the direction of its call
  // (or the opposite one for its return).
  const MessageDecl* checkMessageRef(const MessageRef& ref, const SourceLocation& at) {
    const MessageDecl* decl = proto_.findMessage(ref.name);
    if (!decl) {
      sink_.error(at, "message '" + ref.name + "' is not declared in " + where());
      return nullptr;
    }
    Direction expected = ref.isReturn ? opposite(decl->direction) : decl->direction;
    if (ref.direction != expected) {
      MessageRef call{decl->direction, decl->name, false};
      MessageRef ret{opposite(decl->direction), decl->name, true};
      sink_.error(at, "'" + ref.spelling() + "' has the wrong direction: its call is '" + call.spelling() +
                          "' and its return '" + ret.spelling() + "'");
      return nullptr;
    }
    return decl;
  }

  void checkTransition(const State& state, const Transition& t) {
    const MessageDecl* decl = checkMessageRef(t.message, t.where);
    if (t.target && !proto_.findState(*t.target))
      sink_.error(t.where, "transition to unknown state '" + *t.target + "' in " + where());
    if (!decl) return;
    if (t.guard && typeOf(*t.guard, t, *decl) == Type::Int)
      sink_.error(t.guard->where, "guard of '" + t.message.spelling() + "' in state '" + state.name +
                                      "' is an int, not a condition");
    for (const auto& a : t.actions) {
      const VarDecl* var = findVar(a.var);
      if (!var) {
        sink_.error(a.where, "assignment to unknown variable '" + a.var + "'");
        continue;
      }
      Type type = typeOf(*a.value, t, *decl);
      if (type != Type::Invalid && (type == Type::Bool) != var->isBool)
        sink_.error(a.where, "variable '" + a.var + "' is " + (var->isBool ? "bool" : "int") +
                                 ", the value assigned is not");
    }
  }

  const VarDecl* findVar(const std::string& name) const {
    for (const auto& v : proto_.vars)
      if (v.name == name) return &v;
    return nullptr;
  }

  Type typeOf(const Expr& e, const Transition& t, const MessageDecl& decl) {
    switch (e.kind) {
      case Expr::Kind::IntLiteral: return Type::Int;
      case Expr::Kind::BoolLiteral: return Type::Bool;
      case Expr::Kind::Var: {
        const VarDecl* var = findVar(e.name);
        if (!var) {
          sink_.error(e.where, "unknown variable '" + e.name + "'");
          return Type::Invalid;
        }
        return var->isBool ? Type::Bool : Type::Int;
      }
      case Expr::Kind::Arg:
        for (const auto& a : decl.args)
          if (a == e.name) return Type::Int;
        sink_.error(e.where, "message '" + decl.name + "' has no argument '" + e.name + "'");
        return Type::Invalid;
      case Expr::Kind::Ret:
        if (!t.message.isReturn) {
          sink_.error(e.where, "'ret' is only known at a return ('" + t.message.spelling() + ".ret')");
          return Type::Invalid;
        }
        return Type::Int;
      case Expr::Kind::InState: return checkInState(e);
      case Expr::Kind::Unary: {
        Type inner = typeOf(*e.lhs, t, decl);
        return e.op == "!" ? Type::Bool : inner;
      }
      case Expr::Kind::Binary: {
        Type l = typeOf(*e.lhs, t, decl), r = typeOf(*e.rhs, t, decl);
        if (l == Type::Invalid || r == Type::Invalid) return Type::Invalid;
        if (e.op == "+" || e.op == "-") return Type::Int;
        return Type::Bool;
      }
    }
    return Type::Invalid;
  }

  Type checkInState(const Expr& e) {
    const Protocol* other = specs_.find(e.name);
    if (!other) {
      sink_.error(e.where, "unknown protocol '" + e.name + "' in 'in' test");
      return Type::Invalid;
    }
    bool declared = e.name == proto_.name;
    for (const auto& d : proto_.depends) declared = declared || d == e.name;
    if (!declared) sink_.error(e.where, where() + " tests the state of " + e.name + " without 'depends " + e.name + ";'");
    if (!other->findState(e.stateName))
      sink_.error(e.where, "protocol " + e.name + " has no state '" + e.stateName + "'");
    return Type::Bool;
  }

  void checkKeyed() {
    if (!proto_.key) {
      if (!proto_.spawnOn.empty()) sink_.error(proto_.where, where() + " spawns instances but has no key (per <arg>)");
      return;
    }
    if (proto_.spawnOn.empty()) sink_.error(proto_.where, where() + " is keyed but has no 'spawn on' message");
    for (const auto& m : proto_.messages) {
      bool hasKey = false;
      for (const auto& a : m.args) hasKey = hasKey || a == *proto_.key;
      if (!hasKey)
        sink_.error(m.where, "message '" + m.name + "' of keyed " + where() + " lacks the key argument '" +
                                 *proto_.key + "'");
    }
  }

  // Two unguarded transitions on one message in one state: which fires?
  void checkAmbiguity() {
    for (const auto& state : proto_.states) {
      std::set<MessageRef> unguarded;
      for (const auto& t : state.transitions)
        if (!t.guard && !unguarded.insert(t.message).second)
          sink_.error(t.where, "ambiguous: state '" + state.name + "' has two unguarded transitions on '" +
                                   t.message.spelling() + "'");
    }
  }

  void warnUnreachable() {
    std::set<std::string> reached;
    std::function<void(const std::string&)> enter = [&](const std::string& leaf) {
      for (const State* s : proto_.ancestry(leaf)) {
        if (!reached.insert(s->name).second) continue;
        for (const auto& t : s->transitions)
          if (t.target && proto_.findState(*t.target)) enter(proto_.initialLeaf(*t.target));
      }
      // Entering a super means entering its initial leaf; the leaf's own
      // transitions are visited through its ancestry above.
    };
    enter(proto_.initialLeaf());
    for (const auto& s : proto_.states) {
      // A super state is reached when any of its descendants is.
      if (!reached.count(s.name))
        sink_.warning(s.where, "state '" + s.name + "' of " + where() + " is unreachable");
    }
  }

  void warnNeverAccepted() {
    std::set<std::string> used;
    for (const auto& s : proto_.states)
      for (const auto& t : s.transitions) used.insert(t.message.name);
    for (const auto& r : proto_.spawnOn) used.insert(r.name);
    for (const auto& m : proto_.messages)
      if (!used.count(m.name))
        sink_.warning(m.where, "message '" + m.name + "' of " + where() + " is never accepted in any state");
  }

  const SpecSet& specs_;
  const Protocol& proto_;
  DiagnosticSink& sink_;
};

}  // namespace

bool checkSpecs(const SpecSet& specs, DiagnosticSink& sink) {
  std::set<std::string> names;
  int before = sink.errorCount();
  for (const auto& p : specs.protocols)
    if (!names.insert(p.name).second) sink.error(p.where, "duplicate protocol '" + p.name + "'");
  for (const auto& p : specs.protocols) ProtocolChecker(specs, p, sink).run();
  return sink.errorCount() == before;
}

}  // namespace observers

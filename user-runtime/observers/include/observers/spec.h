// The model of a protocol specification: what the parser builds, the checker
// judges, the observer runs and the DOT generator draws.
//
// A protocol is a hierarchical state machine over messages that cross the
// driver/OS boundary. '?m' is a message into the driver (the OS calls it:
// an upcall), '!m' a message out of it (the driver calls the OS: a
// downcall). Every call message m also has its return, written 'm.ret' with
// the opposite direction: '!ndo_open.ret' is the driver's reply to
// '?ndo_open'.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "observers/diagnostics.h"

namespace observers {

enum class Direction { ToDriver, FromDriver };

char directionSigil(Direction d);
Direction opposite(Direction d);

// A message as written in a transition: direction, name, return or call.
struct MessageRef {
  Direction direction = Direction::ToDriver;
  std::string name;
  bool isReturn = false;

  // "?ndo_open", "!ndo_open.ret"
  std::string spelling() const;
  bool operator<(const MessageRef& o) const;
  bool operator==(const MessageRef& o) const;
};

struct MessageDecl {
  SourceLocation where;
  Direction direction = Direction::ToDriver;  // of the call
  std::string name;
  std::vector<std::string> args;
};

struct Expr {
  enum class Kind { IntLiteral, BoolLiteral, Var, Arg, Ret, InState, Unary, Binary };
  Kind kind;
  SourceLocation where;
  int64_t value = 0;           // literals
  std::string name;            // Var, Arg, InState protocol
  std::string stateName;       // InState
  std::string op;              // Unary, Binary
  std::unique_ptr<Expr> lhs, rhs;
};

struct Assignment {
  SourceLocation where;
  std::string var;
  std::unique_ptr<Expr> value;
};

struct Transition {
  SourceLocation where;
  MessageRef message;
  std::unique_ptr<Expr> guard;          // null: always
  std::vector<Assignment> actions;
  std::optional<std::string> target;    // none: stay
};

struct State {
  SourceLocation where;
  std::string name;
  bool isSuper = false;
  bool isInitial = false;
  bool isFinal = false;                 // a keyed instance ends here
  std::optional<uint64_t> timeoutNs;
  std::string parent;                   // enclosing super state, "" at top
  std::vector<Transition> transitions;
};

struct VarDecl {
  SourceLocation where;
  std::string name;
  bool isBool = false;
  int64_t initial = 0;
};

struct Protocol {
  SourceLocation where;
  std::string name;
  std::string property;                 // the one-sentence property
  std::optional<std::string> key;       // "per <arg>": one instance per value
  std::vector<MessageRef> spawnOn;      // messages that create a keyed instance
  std::vector<std::string> depends;
  std::vector<VarDecl> vars;
  std::vector<MessageDecl> messages;
  std::vector<State> states;            // declaration order, supers included

  const State* findState(const std::string& name) const;
  const MessageDecl* findMessage(const std::string& name) const;
  // The initial leaf state entered when entering `name` (or the protocol).
  std::string initialLeaf(const std::string& name = "") const;
  // `state` followed by its enclosing supers, innermost first.
  std::vector<const State*> ancestry(const std::string& state) const;
};

struct SpecSet {
  std::vector<Protocol> protocols;
  const Protocol* find(const std::string& name) const;
};

}  // namespace observers

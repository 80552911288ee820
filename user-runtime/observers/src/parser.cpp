// Recursive-descent parser of the protocol-spec language; the grammar is in
// annotations/protocols/README.md.
#include "observers/parser.h"

#include <fstream>
#include <sstream>

#include "lexer.h"

namespace observers {
namespace {

struct SyntaxError {
  SourceLocation where;
  std::string message;
};

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  void parseFile(SpecSet& out) {
    while (!atEnd()) out.protocols.push_back(parseProtocol());
  }

 private:
  const Token& peek(size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  bool atEnd() const { return peek().kind == Token::Kind::End; }
  const Token& next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }

  bool isPunct(const char* p, size_t ahead = 0) const {
    return peek(ahead).kind == Token::Kind::Punct && peek(ahead).text == p;
  }
  bool isKeyword(const char* k, size_t ahead = 0) const {
    return peek(ahead).kind == Token::Kind::Ident && peek(ahead).text == k;
  }
  bool accept(const char* p) {
    if (!isPunct(p)) return false;
    next();
    return true;
  }

  [[noreturn]] void fail(const std::string& message) const {
    const Token& t = peek();
    std::string found = t.kind == Token::Kind::End ? "end of file" : "'" + t.text + "'";
    throw SyntaxError{t.where, message + ", found " + found};
  }

  void expect(const char* p, const char* context) {
    if (!accept(p)) fail(std::string("expected '") + p + "' " + context);
  }

  std::string expectIdent(const char* what) {
    if (peek().kind != Token::Kind::Ident) fail(std::string("expected ") + what);
    return next().text;
  }

  void expectKeyword(const char* k) {
    if (!isKeyword(k)) fail(std::string("expected '") + k + "'");
    next();
  }

  Protocol parseProtocol() {
    if (!isKeyword("protocol")) fail("expected 'protocol'");
    Protocol proto;
    proto.where = next().where;
    proto.name = expectIdent("protocol name");
    if (isKeyword("per")) {
      next();
      proto.key = expectIdent("key argument after 'per'");
    }
    expect("{", "to open the protocol body");
    while (!accept("}")) {
      if (atEnd()) fail("expected '}' to close protocol " + proto.name);
      parseProtocolItem(proto);
    }
    if (proto.property.empty())
      throw SyntaxError{proto.where, "protocol " + proto.name +
                                         " has no property sentence (property \"...\";)"};
    return proto;
  }

  void parseProtocolItem(Protocol& proto) {
    if (isKeyword("property")) {
      next();
      if (peek().kind != Token::Kind::String) fail("expected the property as a string");
      proto.property = next().text;
      expect(";", "after the property");
    } else if (isKeyword("depends")) {
      next();
      do proto.depends.push_back(expectIdent("protocol name"));
      while (accept(","));
      expect(";", "after depends");
    } else if (isKeyword("var")) {
      proto.vars.push_back(parseVar());
    } else if (isKeyword("messages")) {
      next();
      expect("{", "to open the message list");
      while (!accept("}")) proto.messages.push_back(parseMessageDecl());
    } else if (isKeyword("spawn")) {
      next();
      expectKeyword("on");
      do proto.spawnOn.push_back(parseMessageRef());
      while (accept(","));
      expect(";", "after spawn on");
    } else if (startsState()) {
      parseState(proto, "");
    } else {
      fail("expected property, depends, var, messages, spawn or a state");
    }
  }

  VarDecl parseVar() {
    VarDecl var;
    var.where = next().where;
    var.name = expectIdent("variable name");
    expect(":", "after the variable name");
    std::string type = expectIdent("type int or bool");
    if (type != "int" && type != "bool") fail("unknown type '" + type + "' (int or bool)");
    var.isBool = type == "bool";
    if (accept("=")) {
      if (var.isBool && (isKeyword("true") || isKeyword("false"))) {
        var.initial = next().text == "true";
      } else {
        bool negative = accept("-");
        if (peek().kind != Token::Kind::Number) fail("expected an initial value");
        var.initial = std::stoll(next().text) * (negative ? -1 : 1);
      }
    }
    expect(";", "after the variable");
    return var;
  }

  Direction parseDirection() {
    if (accept("?")) return Direction::ToDriver;
    if (accept("!")) return Direction::FromDriver;
    fail("expected '?' (into the driver) or '!' (out of the driver)");
  }

  MessageDecl parseMessageDecl() {
    MessageDecl decl;
    decl.where = peek().where;
    decl.direction = parseDirection();
    decl.name = expectIdent("message name");
    if (accept("(")) {
      do decl.args.push_back(expectIdent("argument name"));
      while (accept(","));
      expect(")", "after the arguments");
    }
    expect(";", "after the message");
    return decl;
  }

  MessageRef parseMessageRef() {
    MessageRef ref;
    ref.direction = parseDirection();
    ref.name = expectIdent("message name");
    if (accept(".")) {
      expectKeyword("ret");
      ref.isReturn = true;
    }
    return ref;
  }

  bool startsState() const {
    for (size_t i = 0;; ++i) {
      if (isKeyword("initial", i) || isKeyword("final", i)) continue;
      return isKeyword("state", i) || isKeyword("super", i);
    }
  }

  void parseState(Protocol& proto, const std::string& parent) {
    State state;
    state.where = peek().where;
    state.parent = parent;
    for (;;) {
      if (isKeyword("initial")) state.isInitial = true;
      else if (isKeyword("final")) state.isFinal = true;
      else break;
      next();
    }
    state.isSuper = isKeyword("super");
    next();
    state.name = expectIdent("state name");
    if (isKeyword("timeout")) {
      next();
      state.timeoutNs = parseDuration();
    }
    if (accept(";")) {
      proto.states.push_back(std::move(state));
      return;
    }
    expect("{", "to open the state body");
    size_t index = proto.states.size();
    proto.states.push_back(std::move(state));
    std::vector<Transition> transitions;
    while (!accept("}")) {
      if (startsState()) {
        if (!proto.states[index].isSuper)
          fail("states nest only inside a 'super' state");
        parseState(proto, proto.states[index].name);
      } else {
        transitions.push_back(parseTransition());
      }
    }
    proto.states[index].transitions = std::move(transitions);
  }

  uint64_t parseDuration() {
    if (peek().kind != Token::Kind::Number) fail("expected a duration such as 500ms");
    uint64_t amount = std::stoull(next().text);
    std::string unit = expectIdent("a time unit (us, ms or s)");
    if (unit == "us") return amount * 1000ull;
    if (unit == "ms") return amount * 1000000ull;
    if (unit == "s") return amount * 1000000000ull;
    pos_--;
    fail("unknown time unit (us, ms or s)");
  }

  Transition parseTransition() {
    Transition t;
    t.where = peek().where;
    if (!isPunct("?") && !isPunct("!")) fail("expected a transition ('?msg' or '!msg') or a state");
    t.message = parseMessageRef();
    if (accept("[")) {
      t.guard = parseExpr();
      expect("]", "to close the guard");
    }
    bool hasActions = accept("{");
    if (hasActions) {
      while (!accept("}")) {
        Assignment a;
        a.where = peek().where;
        a.var = expectIdent("a variable to assign");
        expect("=", "in the assignment");
        a.value = parseExpr();
        expect(";", "after the assignment");
        t.actions.push_back(std::move(a));
      }
    }
    // An action block may end the transition ("?m { x = 1; }"); otherwise
    // a ';' does.
    if (accept("->")) {
      t.target = expectIdent("target state");
      expect(";", "after the transition");
    } else if (!hasActions) {
      expect(";", "after the transition");
    } else {
      accept(";");
    }
    return t;
  }

  // expr := or ; precedence climbing over the binary operator table.
  std::unique_ptr<Expr> parseExpr(int level = 0) {
    static const std::vector<std::vector<std::string>> levels = {
        {"||"}, {"&&"}, {"==", "!="}, {"<", "<=", ">", ">="}, {"+", "-"}};
    if (level == static_cast<int>(levels.size())) return parseUnary();
    auto lhs = parseExpr(level + 1);
    for (;;) {
      const Token& t = peek();
      bool matches = false;
      for (const auto& op : levels[level]) matches = matches || isPunct(op.c_str());
      if (!matches) return lhs;
      next();
      auto node = std::make_unique<Expr>();
      node->kind = Expr::Kind::Binary;
      node->where = lhs->where;  // diagnostics point at the expression's start
      node->op = t.text;
      node->lhs = std::move(lhs);
      node->rhs = parseExpr(level + 1);
      lhs = std::move(node);
    }
  }

  std::unique_ptr<Expr> parseUnary() {
    if (isPunct("!") || isPunct("-")) {
      auto node = std::make_unique<Expr>();
      node->kind = Expr::Kind::Unary;
      node->where = peek().where;
      node->op = next().text;
      node->lhs = parseUnary();
      return node;
    }
    return parsePrimary();
  }

  std::unique_ptr<Expr> parsePrimary() {
    auto node = std::make_unique<Expr>();
    node->where = peek().where;
    if (accept("(")) {
      node = parseExpr();
      expect(")", "to close the parenthesis");
      return node;
    }
    if (peek().kind == Token::Kind::Number) {
      node->kind = Expr::Kind::IntLiteral;
      node->value = std::stoll(next().text);
      return node;
    }
    if (isKeyword("true") || isKeyword("false")) {
      node->kind = Expr::Kind::BoolLiteral;
      node->value = next().text == "true";
      return node;
    }
    if (isKeyword("ret")) {
      next();
      node->kind = Expr::Kind::Ret;
      return node;
    }
    if (isKeyword("arg")) {
      next();
      expect(".", "after 'arg'");
      node->kind = Expr::Kind::Arg;
      node->name = expectIdent("argument name");
      return node;
    }
    std::string name = expectIdent("an expression");
    if (isKeyword("in")) {
      next();
      node->kind = Expr::Kind::InState;
      node->name = name;
      node->stateName = expectIdent("state name after 'in'");
      return node;
    }
    node->kind = Expr::Kind::Var;
    node->name = name;
    return node;
  }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
};

}  // namespace

bool parseSpec(const std::string& file, const std::string& text, SpecSet& out, DiagnosticSink& sink) {
  DiagnosticSink lexical;
  std::vector<Token> tokens = tokenize(file, text, lexical);
  if (lexical.hasErrors()) {
    for (const auto& d : lexical.all()) sink.error(d.where, d.message);
    return false;
  }
  SpecSet parsed;
  try {
    Parser(std::move(tokens)).parseFile(parsed);
  } catch (const SyntaxError& err) {
    sink.error(err.where, err.message);
    return false;
  }
  for (auto& p : parsed.protocols) out.protocols.push_back(std::move(p));
  return true;
}

bool parseSpecFile(const std::string& path, SpecSet& out, DiagnosticSink& sink) {
  std::ifstream in(path);
  if (!in) {
    sink.error({path, 0, 0}, "cannot read the spec file");
    return false;
  }
  std::stringstream text;
  text << in.rdbuf();
  return parseSpec(path, text.str(), out, sink);
}

}  // namespace observers

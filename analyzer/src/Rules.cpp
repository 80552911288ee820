#include "analyzer/Rules.h"

#include "analyzer/LineFormat.h"

#include <algorithm>

namespace splitdriver::analyzer {

const char *contextName(Context context) {
  switch (context) {
  case Context::Process: return "process";
  case Context::Atomic: return "atomic";
  case Context::Softirq: return "softirq";
  case Context::Hardirq: return "hardirq";
  }
  return "?";
}

std::optional<Context> parseContext(const std::string &text) {
  for (int i = 0; i < kContextCount; ++i)
    if (text == contextName(static_cast<Context>(i)))
      return static_cast<Context>(i);
  return std::nullopt;
}

const FieldCallbackRule *Rules::findCallback(const std::string &structName,
                                             const std::string &field) const {
  const FieldCallbackRule *wildcard = nullptr;
  for (const FieldCallbackRule &rule : callbacks) {
    if (rule.structName != structName)
      continue;
    if (rule.field == field)
      return &rule;
    if (rule.field == "*" && !wildcard)
      wildcard = &rule;
  }
  return wildcard;
}

const RegisterRule *Rules::findRegistration(const std::string &function, int argIndex) const {
  for (const RegisterRule &rule : registrations)
    if (rule.function == function && rule.argIndex == argIndex)
      return &rule;
  return nullptr;
}

const LockRule *Rules::findLock(const std::string &function) const {
  for (const LockRule &rule : locks)
    if (rule.function == function)
      return &rule;
  return nullptr;
}

const GuardRule *Rules::findGuard(const std::string &lock) const {
  for (const GuardRule &rule : guards)
    if (rule.lock == lock)
      return &rule;
  return nullptr;
}

const PassthroughRule *Rules::findPassthrough(const std::string &function) const {
  for (const PassthroughRule &rule : passthroughs)
    if (rule.function == function)
      return &rule;
  return nullptr;
}

bool Rules::isIgnored(const std::string &function) const {
  for (const std::string &pattern : ignores) {
    if (!pattern.empty() && pattern.back() == '*') {
      if (function.compare(0, pattern.size() - 1, pattern, 0, pattern.size() - 1) == 0)
        return true;
    } else if (function == pattern) {
      return true;
    }
  }
  return false;
}

bool Rules::isAtomicLockKind(const std::string &kind) {
  return kind == "spinlock" || kind == "rwlock" || kind == "rcu" || kind == "bh";
}

namespace {

class RulesParser {
public:
  RulesParser(const std::string &file, Rules &rules, DiagnosticSink &sink)
      : file_(file), rules_(rules), sink_(sink) {}

  void parseLine(const TokenizedLine &line) {
    line_ = &line;
    const std::string &keyword = line.tokens[0].text;
    if (keyword == "callback")
      parseCallback();
    else if (keyword == "register")
      parseRegister();
    else if (keyword == "lock")
      parseLock();
    else if (keyword == "passthrough")
      parsePassthrough();
    else if (keyword == "ignore")
      parseIgnore();
    else if (keyword == "sleeps")
      parseSleeps();
    else if (keyword == "buffer")
      parseBuffer();
    else if (keyword == "model")
      parseModel();
    else if (keyword == "guard")
      parseGuard();
    else
      fail(0, "unknown rule '" + keyword + "' (expected callback, register, lock, passthrough, "
                                           "buffer, model, guard, sleeps or ignore)");
  }

  bool ok() const { return ok_; }

private:
  void fail(size_t tokenIndex, const std::string &message) {
    unsigned column = tokenIndex < line_->tokens.size() ? line_->tokens[tokenIndex].column : 0;
    sink_.error(message, file_, line_->number, column);
    ok_ = false;
  }

  bool needTokens(size_t count, const char *usage) {
    if (line_->tokens.size() >= count)
      return true;
    fail(0, std::string("too few words; usage: ") + usage);
    return false;
  }

  bool parseIndex(size_t tokenIndex, int &value) {
    const std::string &text = line_->tokens[tokenIndex].text;
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
      fail(tokenIndex, "expected an argument index (0-based), got '" + text + "'");
      return false;
    }
    value = std::stoi(text);
    return true;
  }

  // <context> [datapath] [holds=<lock>] ["label"] from token `first` on.
  bool parseSpec(size_t first, CallbackSpec &spec) {
    std::optional<Context> context = parseContext(line_->tokens[first].text);
    if (!context) {
      fail(first, "unknown context '" + line_->tokens[first].text +
                      "' (expected hardirq, softirq, atomic or process)");
      return false;
    }
    spec.context = *context;
    spec.origin = {file_, line_->number};
    for (size_t i = first + 1; i < line_->tokens.size(); ++i) {
      const Token &token = line_->tokens[i];
      if (token.quoted)
        spec.label = token.text;
      else if (token.text == "datapath")
        spec.dataPath = true;
      else if (token.text.rfind("holds=", 0) == 0 && token.text.size() > 6)
        spec.holds = token.text.substr(6);
      else {
        fail(i, "unexpected '" + token.text + "' (expected datapath, holds=<lock> or \"label\")");
        return false;
      }
    }
    return true;
  }

  void parseCallback() {
    const char *usage = "callback <struct>.<field|*> <context> [datapath] [holds=<lock>] [\"label\"]";
    if (!needTokens(3, usage))
      return;
    FieldCallbackRule rule;
    if (!splitDotted(line_->tokens[1].text, rule.structName, rule.field))
      return fail(1, "expected <struct>.<field>, got '" + line_->tokens[1].text + "'");
    if (parseSpec(2, rule.spec))
      rules_.callbacks.push_back(rule);
  }

  void parseRegister() {
    const char *usage = "register <function> <arg-index> <context> [datapath] [holds=<lock>] [\"label\"]";
    if (!needTokens(4, usage))
      return;
    RegisterRule rule;
    rule.function = line_->tokens[1].text;
    if (parseIndex(2, rule.argIndex) && parseSpec(3, rule.spec))
      rules_.registrations.push_back(rule);
  }

  void parseLock() {
    const char *usage = "lock <function> <arg-index|-> acquire|release <kind> [global=<name>]";
    if (!needTokens(5, usage))
      return;
    LockRule rule;
    rule.function = line_->tokens[1].text;
    rule.origin = {file_, line_->number};
    if (line_->tokens[2].text != "-" && !parseIndex(2, rule.argIndex))
      return;
    const std::string &direction = line_->tokens[3].text;
    if (direction != "acquire" && direction != "release")
      return fail(3, "expected acquire or release, got '" + direction + "'");
    rule.acquire = direction == "acquire";
    rule.kind = line_->tokens[4].text;
    for (size_t i = 5; i < line_->tokens.size(); ++i) {
      const std::string &text = line_->tokens[i].text;
      if (text.rfind("global=", 0) == 0 && text.size() > 7)
        rule.global = text.substr(7);
      else
        return fail(i, "unexpected '" + text + "' (expected global=<name>)");
    }
    if (rule.argIndex < 0 && rule.global.empty())
      return fail(2, "a lock rule without an argument index needs global=<name>");
    rules_.locks.push_back(rule);
  }

  void parsePassthrough() {
    if (!needTokens(3, "passthrough <function> <arg-index>"))
      return;
    PassthroughRule rule;
    rule.function = line_->tokens[1].text;
    if (parseIndex(2, rule.argIndex))
      rules_.passthroughs.push_back(rule);
  }

  void parseBuffer() {
    const char *usage = "buffer <struct>.<field>|<function> <arg-index> in|out|inout \"<length>\"";
    if (line_->tokens.size() != 5)
      return fail(0, std::string("usage: ") + usage);
    BufferRule rule;
    const std::string &target = line_->tokens[1].text;
    if (target.find('.') != std::string::npos) {
      if (!splitDotted(target, rule.structName, rule.field) || rule.field == "*")
        return fail(1, "expected <struct>.<field> or a function, got '" + target + "'");
    } else {
      rule.function = target;
    }
    if (!parseIndex(2, rule.argIndex))
      return;
    rule.direction = line_->tokens[3].text;
    if (rule.direction != "in" && rule.direction != "out" && rule.direction != "inout")
      return fail(3, "expected in, out or inout, got '" + rule.direction + "'");
    if (!line_->tokens[4].quoted || line_->tokens[4].text.empty())
      return fail(4, "the length is a quoted C expression over $0, $1, ...");
    rule.length = line_->tokens[4].text;
    rule.origin = {file_, line_->number};
    rules_.buffers.push_back(rule);
  }

  void parseGuard() {
    const auto &tokens = line_->tokens;
    if (tokens.size() != 4)
      return fail(0, "usage: guard <lock> \"<take>\" \"<release>\"");
    for (size_t i : {2, 3})
      if (!tokens[i].quoted || tokens[i].text.empty())
        return fail(i, "the take and release are quoted C over $0, $1, ...");
    if (rules_.findGuard(tokens[1].text))
      return fail(1, "guard " + tokens[1].text + " is already given");
    rules_.guards.push_back({tokens[1].text, tokens[2].text, tokens[3].text,
                             {file_, line_->number}});
  }

  void parseModel() {
    const char *usage = "model <function> noupcall|mayupcall  |  model <function> "
                        "<arg-index> <struct> reads|writes <field>...";
    const auto &tokens = line_->tokens;
    ModelRule rule;
    rule.origin = {file_, line_->number};
    if (tokens.size() == 3 && (tokens[2].text == "noupcall" || tokens[2].text == "mayupcall")) {
      rule.function = tokens[1].text;
      rule.noUpcall = tokens[2].text == "noupcall";
      rule.mayUpcall = !rule.noUpcall;
      rules_.models.push_back(rule);
      return;
    }
    if (tokens.size() < 6)
      return fail(0, std::string("usage: ") + usage);
    rule.function = tokens[1].text;
    if (!parseIndex(2, rule.argIndex))
      return;
    rule.structName = tokens[3].text;
    if (tokens[4].text != "reads" && tokens[4].text != "writes")
      return fail(4, "expected reads or writes, got '" + tokens[4].text + "'");
    rule.writes = tokens[4].text == "writes";
    for (size_t i = 5; i < tokens.size(); ++i)
      rule.fields.push_back(tokens[i].text);
    rules_.models.push_back(rule);
  }

  void parseIgnore() {
    if (line_->tokens.size() != 2)
      return fail(0, "usage: ignore <function|prefix*>");
    rules_.ignores.push_back(line_->tokens[1].text);
  }

  void parseSleeps() {
    if (line_->tokens.size() != 2)
      return fail(0, "usage: sleeps <function>");
    rules_.sleepers.push_back(line_->tokens[1].text);
  }

  std::string file_;
  Rules &rules_;
  DiagnosticSink &sink_;
  const TokenizedLine *line_ = nullptr;
  bool ok_ = true;
};

}  // namespace

bool parseRules(const std::string &text, const std::string &file, Rules &rules,
                DiagnosticSink &sink) {
  RulesParser parser(file, rules, sink);
  bool ok = parseLines(text, file, sink, parser);
  rules.files.push_back(file);
  return ok;
}

bool loadRulesDirectory(const std::string &directory, Rules &rules, DiagnosticSink &sink) {
  std::vector<std::string> paths = filesEndingIn(directory, ".rules");
  if (paths.empty()) {
    sink.error("no *.rules files in the kernel API rules directory '" + directory +
               "' (or it cannot be read)");
    return false;
  }
  bool ok = true;
  for (const std::string &path : paths) {
    std::string text;
    if (!readFile(path, text)) {
      sink.error("cannot read rules file", path);
      ok = false;
      continue;
    }
    ok = parseRules(text, path, rules, sink) && ok;
  }
  return ok;
}

}  // namespace splitdriver::analyzer

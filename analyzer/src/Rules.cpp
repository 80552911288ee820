#include "analyzer/Rules.h"

#include "analyzer/LineFormat.h"

#include <algorithm>
#include <cctype>

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

const ResourceRule *Rules::findResource(const std::string &kind) const {
  for (const ResourceRule &rule : resources)
    if (rule.kind == kind)
      return &rule;
  return nullptr;
}

const MmioRule *Rules::findMmio(const std::string &function) const {
  for (const MmioRule &rule : mmio)
    if (rule.function == function)
      return &rule;
  return nullptr;
}

const char *mmioKindName(MmioKind kind) {
  switch (kind) {
  case MmioKind::Resource: return "resource";
  case MmioKind::Phys: return "phys";
  case MmioKind::Unmap: return "unmap";
  }
  return "?";
}

std::optional<MmioKind> parseMmioKind(const std::string &text) {
  for (MmioKind kind : {MmioKind::Resource, MmioKind::Phys, MmioKind::Unmap})
    if (text == mmioKindName(kind))
      return kind;
  return std::nullopt;
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
    else if (keyword == "bus")
      parseBus();
    else if (keyword == "resource")
      parseResource();
    else if (keyword == "acquire" || keyword == "release")
      parseLedger();
    else if (keyword == "mmio")
      parseMmio();
    else if (keyword == "own")
      parseOwn();
    else
      fail(0, "unknown rule '" + keyword + "' (expected callback, register, lock, passthrough, "
                                           "buffer, model, guard, bus, resource, acquire, "
                                           "release, mmio, own, sleeps or ignore)");
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

  bool needQuoted(size_t tokenIndex, const char *what) {
    if (line_->tokens[tokenIndex].quoted && !line_->tokens[tokenIndex].text.empty())
      return true;
    fail(tokenIndex, std::string("expected ") + what + " as a quoted C expression");
    return false;
  }

  bool needKind(size_t tokenIndex) {
    const std::string &text = line_->tokens[tokenIndex].text;
    bool identifier = !text.empty() && !std::isdigit(static_cast<unsigned char>(text[0]));
    for (char c : text)
      identifier &= std::isupper(static_cast<unsigned char>(c)) ||
                    std::isdigit(static_cast<unsigned char>(c)) || c == '_';
    if (!identifier || line_->tokens[tokenIndex].quoted)
      fail(tokenIndex, "expected a resource kind in upper case (PCI_ENABLED), got '" + text + "'");
    return identifier;
  }

  void parseBus() {
    const char *usage = "bus <name> <driver-struct> <register> <unregister> <remove-slot> "
                        "\"<remove's parameter type>\" \"<its struct device *>\"";
    const auto &tokens = line_->tokens;
    if (tokens.size() != 8)
      return fail(0, std::string("usage: ") + usage);
    for (size_t i = 1; i <= 5; ++i)
      if (tokens[i].quoted)
        return fail(i, "expected a name, not a quoted string; usage: " + std::string(usage));
    if (!needQuoted(6, "the remove slot's parameter type") ||
        !needQuoted(7, "the removed device (C over $0)"))
      return;
    for (const BusRule &bus : rules_.buses)
      if (bus.name == tokens[1].text || bus.driverStruct == tokens[2].text)
        return fail(1, "bus " + tokens[1].text + " (struct " + tokens[2].text +
                           ") is already given at " + bus.origin.file + ":" +
                           std::to_string(bus.origin.line));
    rules_.buses.push_back({tokens[1].text, tokens[2].text, tokens[3].text, tokens[4].text,
                            tokens[5].text, tokens[6].text, tokens[7].text,
                            {file_, line_->number}});
  }

  void parseResource() {
    const char *usage = "resource <KIND> owner \"<device>\"|via <KIND> release \"<C>\" "
                        "[quiesce \"<C>\"|release \"<label>\"] [keyed]";
    const auto &tokens = line_->tokens;
    if (tokens.size() < 6)
      return fail(0, std::string("usage: ") + usage);
    if (!needKind(1))
      return;
    ResourceRule rule;
    rule.kind = tokens[1].text;
    rule.origin = {file_, line_->number};
    if (rules_.findResource(rule.kind))
      return fail(1, "resource " + rule.kind + " is already given");
    if (tokens[2].text == "owner" && !tokens[2].quoted) {
      if (!needQuoted(3, "the owner device (C over $obj)"))
        return;
      rule.owner = tokens[3].text;
    } else if (tokens[2].text == "via" && !tokens[2].quoted) {
      if (!needKind(3))
        return;
      rule.ownerVia = tokens[3].text;
    } else {
      return fail(2, "expected owner \"<C>\" or via <KIND>; usage: " + std::string(usage));
    }
    if (tokens[4].text != "release" || tokens[4].quoted)
      return fail(4, "expected release \"<C>\"; usage: " + std::string(usage));
    if (!needQuoted(5, "the release (C over $obj, $arg)"))
      return;
    rule.release = tokens[5].text;
    for (size_t i = 6; i < tokens.size(); ++i) {
      if (tokens[i].text == "keyed" && !tokens[i].quoted) {
        rule.keyed = true;
      } else if (tokens[i].text == "quiesce" && !tokens[i].quoted && i + 2 < tokens.size()) {
        rule.quiesceReleases = tokens[i + 1].text == "release" && !tokens[i + 1].quoted;
        if ((!rule.quiesceReleases && !needQuoted(i + 1, "the quiesce (C over $obj, $arg)")) ||
            !needQuoted(i + 2, "the quiesce's log label"))
          return;
        rule.quiesce = rule.quiesceReleases ? rule.release : tokens[i + 1].text;
        rule.quiesceLabel = tokens[i + 2].text;
        i += 2;
      } else {
        return fail(i, "unexpected '" + tokens[i].text + "'; usage: " + usage);
      }
    }
    rules_.resources.push_back(rule);
  }

  void parseLedger() {
    const auto &tokens = line_->tokens;
    const char *usage = "acquire|release <function> <KIND> \"<obj>\" \"<arg>\" [if \"<C>\"]";
    if (tokens.size() != 5 && tokens.size() != 7)
      return fail(0, std::string("usage: ") + usage);
    LedgerRule rule;
    rule.acquire = tokens[0].text == "acquire";
    rule.function = tokens[1].text;
    rule.origin = {file_, line_->number};
    if (!needKind(2) || !needQuoted(3, "the object (C over $0, $1, ..., $ret)") ||
        !needQuoted(4, "the argument (C over $0, $1, ..., $ret)"))
      return;
    rule.kind = tokens[2].text;
    rule.object = tokens[3].text;
    rule.argument = tokens[4].text;
    if (tokens.size() == 7) {
      if (tokens[5].text != "if" || tokens[5].quoted)
        return fail(5, std::string("expected if \"<C>\"; usage: ") + usage);
      if (!needQuoted(6, "the condition (C over $0, $1, ..., $ret)"))
        return;
      rule.condition = tokens[6].text;
    }
    for (const LedgerRule &other : rules_.ledger)
      if (other.function == rule.function)
        return fail(1, rule.function + " already has a ledger rule at " + other.origin.file +
                           ":" + std::to_string(other.origin.line));
    rules_.ledger.push_back(rule);
  }

  void parseMmio() {
    const auto &tokens = line_->tokens;
    const char *usage = "mmio <function> resource \"<device>\" \"<resources>\" \"<index>\" | "
                        "mmio <function> phys \"<address>\" | mmio <function> unmap";
    if (tokens.size() < 3)
      return fail(0, std::string("usage: ") + usage);
    MmioRule rule;
    rule.function = tokens[1].text;
    rule.origin = {file_, line_->number};
    std::optional<MmioKind> kind = parseMmioKind(tokens[2].text);
    if (!kind || tokens[2].quoted)
      return fail(2, "expected resource, phys or unmap, got '" + tokens[2].text + "'");
    rule.kind = *kind;
    size_t expected = *kind == MmioKind::Resource ? 6 : *kind == MmioKind::Phys ? 4 : 3;
    if (tokens.size() != expected)
      return fail(0, std::string("usage: ") + usage);
    if (*kind == MmioKind::Resource) {
      if (!needQuoted(3, "the device (C over $0, $1, ...)") ||
          !needQuoted(4, "the device's struct resource array (C over $0, $1, ...)") ||
          !needQuoted(5, "the resource's index in it (C over $0, $1, ...)"))
        return;
      rule.device = tokens[3].text;
      rule.resources = tokens[4].text;
      rule.index = tokens[5].text;
    } else if (*kind == MmioKind::Phys) {
      if (!needQuoted(3, "the physical address (C over $0, $1, ...)"))
        return;
      rule.phys = tokens[3].text;
    }
    if (rules_.findMmio(rule.function))
      return fail(1, "mmio " + rule.function + " is already given");
    rules_.mmio.push_back(rule);
  }

  void parseOwn() {
    const auto &tokens = line_->tokens;
    if (tokens.size() != 3 || tokens[1].quoted)
      return fail(0, "usage: own <struct> \"<C in the kernel half>\"");
    if (!needQuoted(2, "the kernel half's own value"))
      return;
    for (const OwnRule &own : rules_.owns)
      if (own.structName == tokens[1].text)
        return fail(1, "own " + own.structName + " is already given");
    rules_.owns.push_back({tokens[1].text, tokens[2].text, {file_, line_->number}});
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
  return checkRuleReferences(rules, sink) && ok;
}

bool checkRuleReferences(const Rules &rules, DiagnosticSink &sink) {
  bool ok = true;
  auto known = [&](const std::string &kind, const RuleOrigin &origin) {
    if (rules.findResource(kind))
      return;
    sink.error("resource kind " + kind + " is not declared by a `resource` rule", origin.file,
               origin.line);
    ok = false;
  };
  for (const LedgerRule &rule : rules.ledger)
    known(rule.kind, rule.origin);
  for (const ResourceRule &rule : rules.resources)
    if (!rule.ownerVia.empty())
      known(rule.ownerVia, rule.origin);
  return ok;
}

}  // namespace splitdriver::analyzer

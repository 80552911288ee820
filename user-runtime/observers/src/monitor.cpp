#include "observers/monitor.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace observers {
namespace {

std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line.substr(0, line.find('#')));
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// "pipe=arg0" -> {"pipe", 0}
bool parseArgMapping(const std::string& word, std::pair<std::string, size_t>& out) {
  size_t eq = word.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  std::string position = word.substr(eq + 1);
  if (position.size() < 4 || position.compare(0, 3, "arg") != 0) return false;
  std::string digits = position.substr(3);
  if (digits.find_first_not_of("0123456789") != std::string::npos) return false;
  out = {word.substr(0, eq), std::stoul(digits)};
  return true;
}

}  // namespace

bool BindingTable::parse(const std::string& file, const std::string& text, DiagnosticSink& sink) {
  int before = sink.errorCount();
  std::istringstream in(text);
  int lineNo = 0;
  for (std::string line; std::getline(in, line);) {
    ++lineNo;
    std::vector<std::string> w = words(line);
    if (w.empty()) continue;
    SourceLocation at{file, lineNo, 1};
    if (w.size() < 3 || (w[0] != "upcall" && w[0] != "downcall")) {
      sink.error(at, "expected '<upcall|downcall> <C name> <message> [name=argN...]'");
      continue;
    }
    Binding b{at, w[0] == "upcall" ? Crossing::Kind::Upcall : Crossing::Kind::Downcall, w[1], w[2], {}};
    bool ok = true;
    for (size_t i = 3; i < w.size(); ++i) {
      std::pair<std::string, size_t> mapping;
      if (!parseArgMapping(w[i], mapping)) {
        sink.error(at, "bad argument mapping '" + w[i] + "' (expected name=argN)");
        ok = false;
      }
      b.args.push_back(mapping);
    }
    if (!ok) continue;
    auto key = std::make_pair(b.kind, b.callee);
    if (index_.count(key)) {
      const SourceLocation& first = bindings_[index_.at(key)].where;
      sink.error(at, w[0] + " " + b.callee + " is already bound at " + first.file + ":" +
                         std::to_string(first.line));
      continue;
    }
    index_.emplace(key, bindings_.size());
    bindings_.push_back(std::move(b));
  }
  return sink.errorCount() == before;
}

bool BindingTable::parseFile(const std::string& path, DiagnosticSink& sink) {
  std::ifstream in(path);
  if (!in) {
    sink.error({path, 0, 0}, "cannot read the binding file");
    return false;
  }
  std::stringstream text;
  text << in.rdbuf();
  return parse(path, text.str(), sink);
}

bool BindingTable::check(const SpecSet& specs, DiagnosticSink& sink) const {
  int before = sink.errorCount();
  for (const auto& b : bindings_) {
    Direction want = b.kind == Crossing::Kind::Upcall ? Direction::ToDriver : Direction::FromDriver;
    bool found = false;
    for (const auto& proto : specs.protocols) {
      const MessageDecl* decl = proto.findMessage(b.message);
      if (!decl || decl->direction != want) continue;
      found = true;
      for (const auto& [name, pos] : b.args)
        if (std::find(decl->args.begin(), decl->args.end(), name) == decl->args.end())
          sink.error(b.where, "message '" + b.message + "' of protocol " + proto.name + " has no argument '" +
                                  name + "'");
    }
    if (!found)
      sink.error(b.where, "no protocol declares '" + std::string(1, directionSigil(want)) + b.message + "'");
  }
  return sink.errorCount() == before;
}

const Binding* BindingTable::find(Crossing::Kind kind, const std::string& callee) const {
  auto it = index_.find({kind, callee});
  return it == index_.end() ? nullptr : &bindings_[it->second];
}

Monitor::Monitor(const SpecSet& specs, const BindingTable& bindings, Policy policy, Reporter reporter,
                 size_t historyDepth)
    : bindings_(bindings), policy_(policy), reporter_(std::move(reporter)), observer_(specs, historyDepth) {}

Action Monitor::onCrossing(const Crossing& c) {
  const Binding* b = bindings_.find(c.kind, c.callee);
  if (!b) {
    ++unbound_;
    return Action::Proceed;
  }
  ++observed_;
  Event event;
  Direction call = c.kind == Crossing::Kind::Upcall ? Direction::ToDriver : Direction::FromDriver;
  event.message = {c.isReply ? opposite(call) : call, b->message, c.isReply};
  for (const auto& [name, pos] : b->args)
    if (pos < c.args.size()) event.args[name] = c.args[pos];
  event.ret = c.ret;
  event.timeNs = c.timeNs;
  bool accepted = observer_.observe(event);
  flushViolations();
  if (accepted || policy_ == Policy::Log) return Action::Proceed;
  if (policy_ == Policy::Stop) return Action::Stop;
  // Only a call out of the driver can be failed; anything else stops.
  return c.kind == Crossing::Kind::Downcall && !c.isReply ? Action::FailCrossing : Action::Stop;
}

void Monitor::advanceTo(uint64_t nowNs) {
  observer_.advanceTo(nowNs);
  flushViolations();
}

void Monitor::flushViolations() {
  const auto& all = observer_.violations();
  for (; reported_ < all.size(); ++reported_) reporter_(all[reported_]);
}

}  // namespace observers

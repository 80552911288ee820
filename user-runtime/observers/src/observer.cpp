#include "observers/observer.h"

#include <algorithm>

namespace observers {
namespace {

constexpr size_t kTraceCapacity = 4096;

}  // namespace

std::string Event::describe() const {
  std::string out = message.spelling();
  if (!args.empty()) {
    out += "(";
    for (auto it = args.begin(); it != args.end(); ++it)
      out += (it == args.begin() ? "" : ", ") + it->first + "=" + std::to_string(it->second);
    out += ")";
  }
  if (message.isReturn) out += " = " + std::to_string(ret);
  return out;
}

std::string ProtocolSnapshot::describe() const {
  return protocol + (key ? "[" + std::to_string(*key) + "]" : "") + ": " + (state.empty() ? "-" : state);
}

std::string Violation::format() const {
  std::string out = "protocol violation: " + protocol + (key ? "[" + std::to_string(*key) + "]" : "") +
                    " in state " + state + ": " + offending + ": " + reason + "\n  protocol states:";
  for (const auto& s : states) out += "\n    " + s.describe();
  out += "\n  recent events (oldest first):";
  for (const auto& e : recentEvents) out += "\n    " + e;
  return out + "\n";
}

std::string Step::describe() const {
  std::string out = protocol->name + (key ? "[" + *protocol->key + "=" + std::to_string(*key) + "]" : "") + ": ";
  switch (kind) {
    case Kind::Spawned: return out + "spawned";
    case Kind::Ended: return out + "ended";
    case Kind::Stayed: return out + from->name;
    case Kind::Moved: return out + from->name + " -> " + to->name;
  }
  return out;
}

std::vector<std::string> TraceEntry::describeSteps() const {
  std::vector<std::string> out;
  for (const auto& s : steps) out.push_back(s.describe());
  return out;
}

Observer::Observer(const SpecSet& specs, size_t historyDepth)
    : specs_(specs), historyDepth_(std::max<size_t>(historyDepth, 1)) {
  for (const auto& proto : specs_.protocols) {
    size_t index = compiled_.size();
    Compiled c;
    c.proto = &proto;
    for (const auto& st : proto.states) {
      c.chains[st.name] = proto.ancestry(st.name);
      c.hasTimeouts = c.hasTimeouts || st.timeoutNs.has_value();
    }
    // A protocol observes each call it declares in its direction, and the
    // return of a call only where some transition mentions that return (a
    // protocol that never speaks of a call's result ignores it).
    std::set<MessageRef> observed;
    for (const auto& m : proto.messages) observed.insert({m.direction, m.name, false});
    for (const auto& st : proto.states)
      for (const auto& t : st.transitions)
        if (t.message.isReturn) observed.insert(t.message);
    for (const auto& ref : observed) observers_[ref].push_back(index);
    indexByName_[proto.name] = index;
    compiled_.push_back(std::move(c));
    instances_.emplace_back();
    if (!proto.key) instances_.back().emplace(std::nullopt, makeInstance(compiled_.back(), proto.initialLeaf(), 0));
  }
}

Observer::Instance Observer::makeInstance(const Compiled& c, const std::string& leaf, uint64_t now) const {
  Instance inst;
  for (const auto& v : c.proto->vars) inst.vars[v.name] = v.initial;
  inst.chain = &c.chains.at(leaf);
  inst.enteredAt.assign(inst.chain->size(), now);
  inst.timedOut.assign(inst.chain->size(), false);
  return inst;
}

bool Observer::observe(const Event& event) {
  advanceTo(event.timeNs);
  if (trace_.size() == kTraceCapacity) trace_.pop_front();
  trace_.push_back(TraceEntry{event, true, {}});
  TraceEntry& entry = trace_.back();
  auto who = observers_.find(event.message);
  if (who == observers_.end()) return true;
  for (size_t index : who->second)
    if (!deliver(index, event, entry)) entry.accepted = false;
  return entry.accepted;
}

bool Observer::deliver(size_t index, const Event& event, TraceEntry& entry) {
  const Compiled& c = compiled_[index];
  const Protocol& proto = *c.proto;
  Instances& instances = instances_[index];
  std::optional<int64_t> key;
  if (proto.key) {
    auto arg = event.args.find(*proto.key);
    if (arg == event.args.end()) {
      report(proto, std::nullopt, "-", event.describe(), "the event carries no key argument '" + *proto.key + "'");
      return false;
    }
    key = arg->second;
    if (!instances.count(key)) {
      if (std::find(proto.spawnOn.begin(), proto.spawnOn.end(), event.message) == proto.spawnOn.end()) {
        report(proto, key, "-", event.describe(),
               "no " + proto.name + " instance for " + *proto.key + "=" + std::to_string(*key) +
                   " and this message does not spawn one");
        return false;
      }
      instances.emplace(key, makeInstance(c, proto.initialLeaf(), event.timeNs));
      entry.steps.push_back({&proto, key, Step::Kind::Spawned, nullptr, nullptr});
    }
  }
  Instance& inst = instances.at(key);
  const Transition* t = select(inst, event, key);
  if (!t) {
    report(proto, key, inst.leaf()->name, event.describe(), "not accepted in state " + inst.leaf()->name);
    return false;
  }
  if (!t->actions.empty()) {
    // Every action reads the variables as they were before the transition.
    std::map<std::string, int64_t> updated = inst.vars;
    for (const auto& a : t->actions) updated[a.var] = eval(*a.value, inst, &event, key);
    inst.vars = std::move(updated);
  }
  const State* from = inst.leaf();
  if (t->target) enter(c, inst, *t->target, event.timeNs);
  entry.steps.push_back({&proto, key, t->target ? Step::Kind::Moved : Step::Kind::Stayed, from, inst.leaf()});
  if (inst.leaf()->isFinal) {
    instances.erase(key);
    entry.steps.push_back({&proto, key, Step::Kind::Ended, nullptr, nullptr});
  }
  return true;
}

const Transition* Observer::select(const Instance& inst, const Event& event, std::optional<int64_t> key) const {
  // Innermost state first: a sub-state's transition overrides its super's.
  for (const State* s : *inst.chain)
    for (const auto& t : s->transitions)
      if (t.message == event.message && (!t.guard || eval(*t.guard, inst, &event, key) != 0)) return &t;
  return nullptr;
}

void Observer::enter(const Compiled& c, Instance& inst, const std::string& target, uint64_t now) const {
  const std::vector<const State*>* chain = &c.chains.at(c.proto->initialLeaf(target));
  // The target and everything inside it are (re)entered; supers above it
  // that stay active keep their entry time and timeout state.
  std::vector<uint64_t> enteredAt(chain->size(), now);
  std::vector<bool> timedOut(chain->size(), false);
  bool inside = true;
  for (size_t i = 0; i < chain->size(); ++i) {
    const State* s = (*chain)[i];
    if (!inside) {
      for (size_t j = 0; j < inst.chain->size(); ++j)
        if ((*inst.chain)[j] == s) {
          enteredAt[i] = inst.enteredAt[j];
          timedOut[i] = inst.timedOut[j];
        }
    }
    if (s->name == target) inside = false;
  }
  inst.chain = chain;
  inst.enteredAt = std::move(enteredAt);
  inst.timedOut = std::move(timedOut);
}
int64_t Observer::eval(const Expr& e, const Instance& inst, const Event* event, std::optional<int64_t> key) const {
  switch (e.kind) {
    case Expr::Kind::IntLiteral:
    case Expr::Kind::BoolLiteral: return e.value;
    case Expr::Kind::Var: return inst.vars.at(e.name);
    case Expr::Kind::Arg: {
      auto it = event->args.find(e.name);
      return it == event->args.end() ? 0 : it->second;
    }
    case Expr::Kind::Ret: return event->ret;
    case Expr::Kind::InState: return inState(e.name, e.stateName, key);
    case Expr::Kind::Unary: {
      int64_t v = eval(*e.lhs, inst, event, key);
      return e.op == "!" ? !v : -v;
    }
    case Expr::Kind::Binary: {
      int64_t l = eval(*e.lhs, inst, event, key);
      if (e.op == "&&") return l && eval(*e.rhs, inst, event, key);
      if (e.op == "||") return l || eval(*e.rhs, inst, event, key);
      int64_t r = eval(*e.rhs, inst, event, key);
      if (e.op == "==") return l == r;
      if (e.op == "!=") return l != r;
      if (e.op == "<") return l < r;
      if (e.op == "<=") return l <= r;
      if (e.op == ">") return l > r;
      if (e.op == ">=") return l >= r;
      if (e.op == "+") return l + r;
      if (e.op == "-") return l - r;
    }
  }
  return 0;
}

bool Observer::inState(const std::string& protocol, const std::string& state, std::optional<int64_t> key) const {
  size_t index = indexByName_.at(protocol);
  const Instances& instances = instances_[index];
  // A keyed protocol is looked up with the asking instance's key.
  auto it = instances.find(compiled_[index].proto->key ? key : std::nullopt);
  if (it == instances.end()) return false;
  for (const State* s : *it->second.chain)
    if (s->name == state) return true;
  return false;
}

void Observer::advanceTo(uint64_t nowNs) {
  for (size_t index = 0; index < compiled_.size(); ++index) {
    if (!compiled_[index].hasTimeouts) continue;
    for (auto& [key, inst] : instances_[index]) {
      for (size_t i = 0; i < inst.chain->size(); ++i) {
        const State* s = (*inst.chain)[i];
        if (!s->timeoutNs || inst.timedOut[i] || nowNs - inst.enteredAt[i] < *s->timeoutNs) continue;
        inst.timedOut[i] = true;
        report(*compiled_[index].proto, key, inst.leaf()->name, "timeout",
               "stayed in " + s->name + " for " + std::to_string((nowNs - inst.enteredAt[i]) / 1000000) +
                   " ms; the limit is " + std::to_string(*s->timeoutNs / 1000000) + " ms");
      }
    }
  }
}

void Observer::forceState(const std::string& protocol, const std::string& state, std::optional<int64_t> key,
                          uint64_t nowNs) {
  size_t index = indexByName_.at(protocol);
  const Compiled& c = compiled_[index];
  instances_[index][key] = makeInstance(c, c.proto->initialLeaf(state), nowNs);
}

std::string Observer::stateOf(const std::string& protocol, std::optional<int64_t> key) const {
  auto p = indexByName_.find(protocol);
  if (p == indexByName_.end()) return "";
  const Instances& instances = instances_[p->second];
  auto it = instances.find(key);
  return it == instances.end() ? "" : it->second.leaf()->name;
}

std::vector<ProtocolSnapshot> Observer::snapshot() const {
  std::vector<ProtocolSnapshot> out;
  for (size_t index = 0; index < compiled_.size(); ++index)
    for (const auto& [key, inst] : instances_[index])
      out.push_back({compiled_[index].proto->name, key, inst.leaf()->name});
  return out;
}

void Observer::report(const Protocol& proto, std::optional<int64_t> key, const std::string& state,
                      const std::string& offending, const std::string& reason) {
  std::vector<std::string> recent;
  size_t first = trace_.size() > historyDepth_ ? trace_.size() - historyDepth_ : 0;
  for (size_t i = first; i < trace_.size(); ++i) recent.push_back(trace_[i].event.describe());
  violations_.push_back({proto.name, key, state, offending, reason, snapshot(), std::move(recent)});
}

}  // namespace observers

#include "observers/spec.h"

#include <tuple>

namespace observers {

char directionSigil(Direction d) { return d == Direction::ToDriver ? '?' : '!'; }

Direction opposite(Direction d) { return d == Direction::ToDriver ? Direction::FromDriver : Direction::ToDriver; }

std::string MessageRef::spelling() const {
  return std::string(1, directionSigil(direction)) + name + (isReturn ? ".ret" : "");
}

bool MessageRef::operator<(const MessageRef& o) const {
  return std::tie(direction, name, isReturn) < std::tie(o.direction, o.name, o.isReturn);
}

bool MessageRef::operator==(const MessageRef& o) const {
  return direction == o.direction && name == o.name && isReturn == o.isReturn;
}

const State* Protocol::findState(const std::string& stateName) const {
  for (const auto& s : states)
    if (s.name == stateName) return &s;
  return nullptr;
}

const MessageDecl* Protocol::findMessage(const std::string& messageName) const {
  for (const auto& m : messages)
    if (m.name == messageName) return &m;
  return nullptr;
}

std::string Protocol::initialLeaf(const std::string& from) const {
  std::string current = from;
  // Descend through initial children until a leaf; the checker guarantees
  // every super state has exactly one initial child.
  for (;;) {
    const State* next = nullptr;
    for (const auto& s : states)
      if (s.parent == current && s.isInitial) next = &s;
    if (!next) return current;
    if (!next->isSuper) return next->name;
    current = next->name;
  }
}

std::vector<const State*> Protocol::ancestry(const std::string& stateName) const {
  std::vector<const State*> chain;
  for (const State* s = findState(stateName); s; s = s->parent.empty() ? nullptr : findState(s->parent))
    chain.push_back(s);
  return chain;
}

const Protocol* SpecSet::find(const std::string& protocolName) const {
  for (const auto& p : protocols)
    if (p.name == protocolName) return &p;
  return nullptr;
}

}  // namespace observers

#include "render.h"

#include <stdexcept>

namespace sdmarshal::gen {

std::string render(std::string_view tmpl, const Vars &vars) {
  std::string out;
  size_t pos = 0;
  while (pos < tmpl.size()) {
    size_t open = tmpl.find("${", pos);
    if (open == std::string_view::npos) {
      out.append(tmpl.substr(pos));
      break;
    }
    size_t close = tmpl.find('}', open);
    if (close == std::string_view::npos)
      throw std::logic_error("unterminated ${ in template");
    out.append(tmpl.substr(pos, open - pos));
    std::string name(tmpl.substr(open + 2, close - open - 2));
    auto it = vars.find(name);
    if (it == vars.end()) throw std::logic_error("template variable '" + name + "' not set");
    out.append(it->second);
    pos = close + 1;
  }
  return out;
}

std::string indent(const std::string &text, const std::string &prefix) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string::npos ? text.size() : nl + 1;
    if (end - pos > 1 || (nl == std::string::npos && end > pos)) out += prefix;
    out.append(text, pos, end - pos);
    pos = end;
  }
  return out;
}

}  // namespace sdmarshal::gen

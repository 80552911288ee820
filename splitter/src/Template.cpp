#include "Template.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace splitdriver::splitter {

std::string renderTemplate(std::string_view text, const TemplateValues &values) {
  std::string out;
  size_t at = 0;
  while (true) {
    size_t open = text.find("{{", at);
    if (open == std::string_view::npos) {
      out.append(text.substr(at));
      return out;
    }
    size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos)
      throw std::logic_error("unterminated template placeholder");
    out.append(text.substr(at, open - at));
    std::string key(text.substr(open + 2, close - open - 2));
    auto value = values.find(key);
    if (value == values.end())
      throw std::logic_error("template placeholder {{" + key + "}} has no value");
    out.append(value->second);
    at = close + 2;
  }
}

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

std::string join(const std::vector<std::string> &items, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i)
      out.append(separator);
    out.append(items[i]);
  }
  return out;
}

}  // namespace splitdriver::splitter

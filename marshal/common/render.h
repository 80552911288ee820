// A minimal template renderer: ${name} is replaced by the variable's value;
// an unknown name is a bug in the generator and throws. Templates stay
// readable as the C or C++ they produce.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace sdmarshal::gen {

using Vars = std::map<std::string, std::string>;

std::string render(std::string_view tmpl, const Vars &vars);
// Prefixes every non-empty line with `prefix`.
std::string indent(const std::string &text, const std::string &prefix);

}  // namespace sdmarshal::gen

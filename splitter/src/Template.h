// A minimal text template: `{{name}}` is replaced by values[name]. Every
// generated file is a template filled from plain values (lists are rendered
// item by item from their own fragment templates and joined), so the shape
// of the output is readable in one place (Templates.h).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace splitdriver::splitter {

using TemplateValues = std::map<std::string, std::string>;

// A placeholder with no value is a bug in the generator: it throws
// std::logic_error naming the placeholder, never emits a half-filled file.
std::string renderTemplate(std::string_view text, const TemplateValues &values);

std::string join(const std::vector<std::string> &items, std::string_view separator);

// "drv" -> "DRV": the driver's name in macros and enum constants.
std::string upper(std::string text);

}  // namespace splitdriver::splitter

#include "analyzer/LineFormat.h"

#include <dirent.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace splitdriver::analyzer {

static TokenizedLine tokenizeLine(const std::string &line, unsigned number) {
  TokenizedLine out;
  out.number = number;
  size_t i = 0;
  while (i < line.size()) {
    char c = line[i];
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
      continue;
    }
    if (c == '#')
      break;
    Token token;
    token.column = static_cast<unsigned>(i + 1);
    if (c == '"') {
      size_t close = line.find('"', i + 1);
      if (close == std::string::npos) {
        out.error = "unterminated quoted string";
        out.errorColumn = token.column;
        return out;
      }
      token.text = line.substr(i + 1, close - i - 1);
      token.quoted = true;
      i = close + 1;
    } else {
      size_t end = line.find_first_of(" \t\r#", i);
      if (end == std::string::npos)
        end = line.size();
      token.text = line.substr(i, end - i);
      i = end;
    }
    out.tokens.push_back(std::move(token));
  }
  return out;
}

std::vector<TokenizedLine> tokenizeLines(const std::string &text) {
  std::vector<TokenizedLine> lines;
  std::istringstream in(text);
  std::string line;
  unsigned number = 0;
  while (std::getline(in, line)) {
    TokenizedLine tokenized = tokenizeLine(line, ++number);
    if (!tokenized.tokens.empty() || !tokenized.error.empty())
      lines.push_back(std::move(tokenized));
  }
  return lines;
}

bool splitDotted(const std::string &text, std::string &left, std::string &right) {
  size_t dot = text.rfind('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == text.size() || text[dot - 1] == '.')
    return false;
  left = text.substr(0, dot);
  right = text.substr(dot + 1);
  return true;
}

bool readFile(const std::string &path, std::string &contents) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  contents = buffer.str();
  return true;
}

std::vector<std::string> filesEndingIn(const std::string &directory, const std::string &suffix) {
  std::vector<std::string> paths;
  if (DIR *dir = opendir(directory.c_str())) {
    while (dirent *entry = readdir(dir)) {
      std::string name = entry->d_name;
      if (name.size() > suffix.size() &&
          name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
        paths.push_back(directory + "/" + name);
    }
    closedir(dir);
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

}  // namespace splitdriver::analyzer

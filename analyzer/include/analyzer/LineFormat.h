// Tokenizer shared by the line-oriented data formats (kernel API rules,
// sidecar annotations): whitespace-separated words, "quoted strings",
// `#` comments to the end of the line; every token keeps its column.
#pragma once

#include "analyzer/Diagnostics.h"

#include <string>
#include <vector>

namespace splitdriver::analyzer {

struct Token {
  std::string text;
  unsigned column = 0;  // 1-based
  bool quoted = false;
};

struct TokenizedLine {
  unsigned number = 0;  // 1-based
  std::vector<Token> tokens;
  std::string error;    // non-empty: unterminated quote
  unsigned errorColumn = 0;
};

// Splits `text` into its non-empty lines (comment-only lines dropped).
std::vector<TokenizedLine> tokenizeLines(const std::string &text);

// Splits "a.b" (or "a.x.b": a nested anonymous record a.x) at the last dot.
bool splitDotted(const std::string &text, std::string &left, std::string &right);

bool readFile(const std::string &path, std::string &contents);

// The paths of `directory`'s files whose names end in `suffix` (".rules"),
// sorted; none if the directory cannot be read.
std::vector<std::string> filesEndingIn(const std::string &directory, const std::string &suffix);

// Tokenizes `text` and hands each line to `parser.parseLine`; a line that
// does not tokenize is reported at its column and skipped. Returns false if
// any line failed, in the tokenizer or in the parser (`parser.ok()`).
template <typename LineParser>
bool parseLines(const std::string &text, const std::string &file, DiagnosticSink &sink,
                LineParser &parser) {
  bool ok = true;
  for (const TokenizedLine &line : tokenizeLines(text)) {
    if (!line.error.empty()) {
      sink.error(line.error, file, line.number, line.errorColumn);
      ok = false;
      continue;
    }
    parser.parseLine(line);
  }
  return ok && parser.ok();
}

}  // namespace splitdriver::analyzer

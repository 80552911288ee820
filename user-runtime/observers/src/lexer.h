// Tokens of the protocol-spec language.
#pragma once

#include <string>
#include <vector>

#include "observers/diagnostics.h"

namespace observers {

struct Token {
  enum class Kind { Ident, Number, String, Punct, End };
  Kind kind;
  std::string text;       // identifier, digits, string contents, or punctuation
  SourceLocation where;
};

// Splits `text` into tokens. '#' and '//' start comments to the end of the
// line. Lexical errors go to `sink`; the token list always ends with End.
std::vector<Token> tokenize(const std::string& file, const std::string& text, DiagnosticSink& sink);

}  // namespace observers

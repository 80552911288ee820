#include "lexer.h"

#include <cctype>

namespace observers {
namespace {

// Longest first, so "->" wins over "-".
const char* const kPunctuation[] = {"->", "==", "!=", "<=", ">=", "&&", "||", "{", "}", "(", ")",
                                    "[",  "]",  ";",  ",",  ":",  "=",  "<",  ">", "!", "?",
                                    ".",  "+",  "-"};

class Lexer {
 public:
  Lexer(const std::string& file, const std::string& text, DiagnosticSink& sink)
      : file_(file), text_(text), sink_(sink) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    for (skipBlanks(); pos_ < text_.size(); skipBlanks()) {
      SourceLocation where{file_, line_, column_};
      char c = text_[pos_];
      if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
        tokens.push_back({Token::Kind::Ident, take(isIdentChar), where});
      } else if (std::isdigit(static_cast<unsigned char>(c))) {
        tokens.push_back({Token::Kind::Number, take(isDigit), where});
      } else if (c == '"') {
        tokens.push_back({Token::Kind::String, takeString(where), where});
      } else if (const char* p = matchPunct()) {
        advance(std::char_traits<char>::length(p));
        tokens.push_back({Token::Kind::Punct, p, where});
      } else {
        sink_.error(where, std::string("unexpected character '") + c + "'");
        advance(1);
      }
    }
    tokens.push_back({Token::Kind::End, "", {file_, line_, column_}});
    return tokens;
  }

 private:
  static bool isIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
  static bool isDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

  void advance(size_t n) {
    for (; n > 0 && pos_ < text_.size(); --n, ++pos_) {
      if (text_[pos_] == '\n') {
        ++line_;
        column_ = 1;
      } else {
        ++column_;
      }
    }
  }

  void skipBlanks() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      bool comment = c == '#' || (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/');
      if (comment) {
        while (pos_ < text_.size() && text_[pos_] != '\n') advance(1);
      } else if (std::isspace(static_cast<unsigned char>(c))) {
        advance(1);
      } else {
        return;
      }
    }
  }

  template <typename Pred>
  std::string take(Pred pred) {
    size_t start = pos_;
    while (pos_ < text_.size() && pred(text_[pos_])) advance(1);
    return text_.substr(start, pos_ - start);
  }

  std::string takeString(const SourceLocation& where) {
    advance(1);
    std::string out;
    while (pos_ < text_.size() && text_[pos_] != '"' && text_[pos_] != '\n') {
      out += text_[pos_];
      advance(1);
    }
    if (pos_ >= text_.size() || text_[pos_] != '"') {
      sink_.error(where, "unterminated string");
      return out;
    }
    advance(1);
    return out;
  }

  const char* matchPunct() const {
    for (const char* p : kPunctuation)
      if (text_.compare(pos_, std::char_traits<char>::length(p), p) == 0) return p;
    return nullptr;
  }

  const std::string& file_;
  const std::string& text_;
  DiagnosticSink& sink_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

}  // namespace

std::vector<Token> tokenize(const std::string& file, const std::string& text, DiagnosticSink& sink) {
  return Lexer(file, text, sink).run();
}

}  // namespace observers

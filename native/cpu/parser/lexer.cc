// Lexer: see lexer.h.
#include "parser/lexer.h"

#include <cctype>

#include "engine/status.h"

namespace tsmlx::cpu::parser {
namespace {

bool is_word_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '$' || c == '-';
}

}  // namespace

void Lexer::skip_space() {
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++pos_;
    } else if (c == '/' && peek_raw(1) == '/') {
      while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
    } else {
      break;
    }
  }
}

bool Lexer::at_end() {
  skip_space();
  return pos_ >= text_.size();
}

char Lexer::peek() {
  skip_space();
  return peek_raw();
}

bool Lexer::accept(std::string_view tok) {
  skip_space();
  if (text_.substr(pos_, tok.size()) != tok) return false;
  pos_ += tok.size();
  return true;
}

void Lexer::expect(std::string_view tok, std::string_view context) {
  if (accept(tok)) return;
  std::string got = at_end() ? std::string("end of input") : "'" + std::string(text_.substr(pos_, 12)) + "'";
  fail("expected '" + std::string(tok) + "' " + std::string(context) + ", got " + got);
}

bool Lexer::accept_word(std::string_view w) {
  skip_space();
  if (text_.substr(pos_, w.size()) != w) return false;
  if (is_word_char(peek_raw(w.size()))) return false;
  pos_ += w.size();
  return true;
}

std::string Lexer::word() {
  skip_space();
  if (!is_word_start(peek_raw())) return {};
  size_t start = pos_;
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    // `-` only inside a word, never as the start of `->`.
    if (c == '-' && peek_raw(1) == '>') break;
    if (!is_word_char(c)) break;
    ++pos_;
  }
  return std::string(text_.substr(start, pos_ - start));
}

std::string Lexer::sigil_name(char sigil) {
  skip_space();
  if (peek_raw() != sigil) fail(std::string("expected '") + sigil + "'");
  ++pos_;
  if (peek_raw() == '"') return string_lit();
  size_t start = pos_;
  while (pos_ < text_.size() && is_word_char(text_[pos_])) {
    if (text_[pos_] == '-' && peek_raw(1) == '>') break;
    ++pos_;
  }
  if (pos_ == start) fail(std::string("expected a name after '") + sigil + "'");
  return std::string(text_.substr(start, pos_ - start));
}

std::string Lexer::string_lit() {
  skip_space();
  if (peek_raw() != '"') fail("expected a string");
  ++pos_;
  std::string out;
  while (true) {
    if (pos_ >= text_.size()) fail("unterminated string");
    char c = text_[pos_++];
    if (c == '"') break;
    if (c == '\\' && pos_ < text_.size()) {
      char e = text_[pos_++];
      if (e == 'n') out += '\n';
      else if (e == 't') out += '\t';
      else if (std::isxdigit(static_cast<unsigned char>(e)) && pos_ < text_.size() &&
               std::isxdigit(static_cast<unsigned char>(text_[pos_]))) {
        out += static_cast<char>(std::stoi(std::string{e, text_[pos_]}, nullptr, 16));
        ++pos_;
      } else {
        out += e;
      }
    } else {
      out += c;
    }
  }
  return out;
}

std::string Lexer::number() {
  skip_space();
  size_t start = pos_;
  if (peek_raw() == '-' || peek_raw() == '+') ++pos_;
  if (text_.substr(pos_, 3) == "inf" || text_.substr(pos_, 3) == "nan") {
    if (!is_word_char(peek_raw(3))) {
      pos_ += 3;
      return std::string(text_.substr(start, pos_ - start));
    }
  }
  if (peek_raw() == '0' && (peek_raw(1) == 'x' || peek_raw(1) == 'X') &&
      std::isxdigit(static_cast<unsigned char>(peek_raw(2)))) {
    pos_ += 2;
    while (std::isxdigit(static_cast<unsigned char>(peek_raw()))) ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }
  if (!std::isdigit(static_cast<unsigned char>(peek_raw()))) {
    pos_ = start;
    return {};
  }
  while (std::isdigit(static_cast<unsigned char>(peek_raw()))) ++pos_;
  if (peek_raw() == '.') {
    ++pos_;
    while (std::isdigit(static_cast<unsigned char>(peek_raw()))) ++pos_;
  }
  if (peek_raw() == 'e' || peek_raw() == 'E') {
    size_t save = pos_;
    ++pos_;
    if (peek_raw() == '-' || peek_raw() == '+') ++pos_;
    if (!std::isdigit(static_cast<unsigned char>(peek_raw()))) {
      pos_ = save;
    } else {
      while (std::isdigit(static_cast<unsigned char>(peek_raw()))) ++pos_;
    }
  }
  return std::string(text_.substr(start, pos_ - start));
}

std::string_view Lexer::balanced() {
  skip_space();
  size_t start = pos_;
  int depth = 0;
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (c == '"') {
      string_lit();
      continue;
    }
    if (c == '(' || c == '[' || c == '{' || c == '<') {
      ++depth;
    } else if (c == ')' || c == ']' || c == '}' || (c == '>' && !(pos_ > 0 && text_[pos_ - 1] == '-'))) {
      --depth;
      if (depth == 0) {
        ++pos_;
        return text_.substr(start, pos_ - start);
      }
      if (depth < 0) break;
    }
    ++pos_;
  }
  pos_ = start;
  fail("unbalanced brackets");
}

std::string_view Lexer::raw_until(char stop) {
  skip_space();
  size_t start = pos_;
  while (pos_ < text_.size() && text_[pos_] != stop) {
    char c = text_[pos_];
    if (c == '(' || c == '[' || c == '{' || c == '<' || c == '"') {
      balanced();
    } else {
      ++pos_;
    }
  }
  return text_.substr(start, pos_ - start);
}

int Lexer::line() {
  skip_space();
  size_t target = pos_ < text_.size() ? pos_ : text_.size();
  if (target < line_pos_) {
    line_pos_ = 0;
    line_ = 1;
  }
  for (; line_pos_ < target; ++line_pos_)
    if (text_[line_pos_] == '\n') ++line_;
  return line_;
}

void Lexer::fail(const std::string& msg, int code) { fail_at(line(), msg, code); }

void Lexer::fail_at(int line, const std::string& msg, int code) {
  throw EngineError{code, "line " + std::to_string(line) + ": " + msg};
}

}  // namespace tsmlx::cpu::parser

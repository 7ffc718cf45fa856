// A cursor over MLIR text: whitespace and `//` comments, words, sigil names (%x, @f,
// ^bb0, #loc), string and number literals, balanced groups, and line numbers for errors.
// MLIR's lexing depends on context (`2x3xf32` inside tensor<>), so the parser drives it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tsmlx::cpu::parser {

// Example: Lexer lx("%0 = ..."); lx.accept("%");
class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  // Skips whitespace and `//` comments.
  void skip_space();
  bool at_end();
  // The next non-space character, or '\0' at the end.
  char peek();
  // The character `k` places after the cursor, without skipping space.
  char peek_raw(size_t k = 0) const { return pos_ + k < text_.size() ? text_[pos_ + k] : '\0'; }
  // Consumes `tok` (punctuation) if it comes next.
  bool accept(std::string_view tok);
  // Consumes `tok` or fails with "expected 'tok' <context>".
  void expect(std::string_view tok, std::string_view context);
  // Consumes the bare word `w` if it comes next and is not the prefix of a longer word.
  bool accept_word(std::string_view w);
  // A bare word: [A-Za-z_][A-Za-z0-9_.$-]* (empty if none).
  std::string word();
  // After a sigil (% @ ^ #): the name [A-Za-z0-9_.$-]* (without the sigil).
  std::string sigil_name(char sigil);
  // A "double-quoted" string with escapes resolved.
  std::string string_lit();
  // A number token: [-+] digits [. digits] [e [-+] digits], 0x hex, inf, nan (empty if none).
  std::string number();
  // The raw text of a balanced group that starts at the cursor with ( [ { or <; strings
  // and `->` are respected. Returns the text including the brackets.
  std::string_view balanced();
  // Raw text up to (not including) the next `stop` character at this nesting level.
  std::string_view raw_until(char stop);

  // 1-based line of the cursor (after skipping space).
  int line();
  size_t pos() const { return pos_; }
  // Moves the cursor back to `pos` (from pos()), to try another reading of the same text.
  void restore(size_t pos) { pos_ = pos; }
  // Throws EngineError{code, "line L: msg"} at the current line.
  [[noreturn]] void fail(const std::string& msg, int code = 3);
  [[noreturn]] void fail_at(int line, const std::string& msg, int code = 3);

 private:
  std::string_view text_;
  size_t pos_ = 0;
  size_t line_pos_ = 0;  // line_ is the line of text_[line_pos_]
  int line_ = 1;
};

}  // namespace tsmlx::cpu::parser

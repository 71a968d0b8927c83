#include "sql/statement_summary.hpp"

#include <cctype>

#include "sql/placeholders.hpp"

namespace gofr::sql::detail {

namespace {

bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The number literal starting at `i` (digits, a fraction, an exponent, or 0x hex), as a length.
std::size_t number_length(std::string_view s, std::size_t i) {
  std::size_t j = i;
  if (s.substr(i, 2) == "0x" || s.substr(i, 2) == "0X") {
    j += 2;
    while (j < s.size() && std::isxdigit(static_cast<unsigned char>(s[j]))) ++j;
    return j - i;
  }
  while (j < s.size() && (is_digit(s[j]) || s[j] == '.')) ++j;
  if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
    std::size_t k = j + 1;
    if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
    if (k < s.size() && is_digit(s[k])) {
      j = k;
      while (j < s.size() && is_digit(s[j])) ++j;
    }
  }
  return j - i;
}

}  // namespace

std::string statement_type(std::string_view s) {
  std::size_t i = 0;
  for (;;) {  // past blanks and comments
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i < s.size() && (s.substr(i, 2) == "--" || s.substr(i, 2) == "/*")) {
      i += quoted_length(s, i, Dialect::postgres);
      continue;
    }
    break;
  }
  std::string word;
  while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) {
    word.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(s[i++]))));
  }
  return word;
}

std::string without_literals(std::string_view s, Dialect dialect) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (const auto n = quoted_length(s, i, dialect)) {
      // Quoted identifiers and comments stay; strings, E'…' strings and dollar-quoted bodies are values.
      const char c = s[i];
      if (c == '"' || c == '-' || c == '/') {
        out.append(s.substr(i, n));
      } else {
        out.push_back('?');
      }
      i += n;
      continue;
    }
    const bool starts_number = (is_digit(s[i]) || (s[i] == '.' && i + 1 < s.size() && is_digit(s[i + 1]))) &&
                               (i == 0 || !(is_word(s[i - 1]) || s[i - 1] == '?'));
    if (starts_number) {
      out.push_back('?');
      i += number_length(s, i);
      continue;
    }
    out.push_back(s[i++]);
  }
  return out;
}

}  // namespace gofr::sql::detail

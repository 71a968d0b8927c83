#include "sql/placeholders.hpp"

#include <cctype>
#include <fmt/format.h>

#include "gofr/sql/types.hpp"

namespace gofr::sql::detail {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The length of the quoted or commented stretch starting at `i`, or 0 when none starts there.
std::size_t skip_quoted(std::string_view s, std::size_t i) {
  const char c = s[i];
  if (c == '\'' || c == '"') {  // '' and "" escape the quote inside
    std::size_t j = i + 1;
    while (j < s.size()) {
      if (s[j] == c) {
        if (j + 1 < s.size() && s[j + 1] == c) {
          j += 2;
          continue;
        }
        return j + 1 - i;
      }
      ++j;
    }
    return s.size() - i;  // unterminated: the driver reports it
  }
  if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
    const auto end = s.find('\n', i);
    return (end == std::string_view::npos ? s.size() : end) - i;
  }
  if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
    const auto end = s.find("*/", i + 2);
    return (end == std::string_view::npos ? s.size() : end + 2) - i;
  }
  if (c == '$' && i + 1 < s.size() && !is_digit(s[i + 1])) {  // PostgreSQL's $tag$ … $tag$
    std::size_t j = i + 1;
    while (j < s.size() && is_ident(s[j])) ++j;
    if (j < s.size() && s[j] == '$') {
      const auto tag = s.substr(i, j + 1 - i);
      const auto end = s.find(tag, j + 1);
      return (end == std::string_view::npos ? s.size() : end + tag.size()) - i;
    }
  }
  return 0;
}

struct Scan {
  bool question = false;
  bool numbered = false;
};

Scan scan(std::string_view s) {
  Scan found;
  for (std::size_t i = 0; i < s.size();) {
    if (const auto n = skip_quoted(s, i)) {
      i += n;
      continue;
    }
    if (s[i] == '?') found.question = true;
    if (s[i] == '$' && i + 1 < s.size() && is_digit(s[i + 1])) found.numbered = true;
    ++i;
  }
  return found;
}

}  // namespace

std::string rewrite_placeholders(std::string_view s, Dialect dialect) {
  const auto found = scan(s);
  if (dialect == Dialect::postgres && (found.numbered || !found.question)) return std::string(s);
  if (dialect == Dialect::sqlite && !found.numbered) return std::string(s);
  if (found.question && found.numbered && dialect == Dialect::sqlite) {
    throw Error("a statement uses both ? and $n parameters; use one form", "placeholders");
  }
  std::string out;
  out.reserve(s.size() + 8);
  int next = 0;
  for (std::size_t i = 0; i < s.size();) {
    if (const auto n = skip_quoted(s, i)) {
      out.append(s.substr(i, n));
      i += n;
      continue;
    }
    if (dialect == Dialect::postgres && s[i] == '?') {
      fmt::format_to(std::back_inserter(out), "${}", ++next);
      ++i;
      continue;
    }
    if (dialect == Dialect::sqlite && s[i] == '$' && i + 1 < s.size() && is_digit(s[i + 1])) {
      std::size_t j = i + 1;
      long number = 0;
      while (j < s.size() && is_digit(s[j])) number = std::min(number * 10 + (s[j++] - '0'), 100000L);
      if (number < 1 || number > 32766) throw Error(fmt::format("parameter ${} is out of range", number), "placeholders");
      fmt::format_to(std::back_inserter(out), "?{}", number);
      i = j;
      continue;
    }
    out.push_back(s[i++]);
  }
  return out;
}

}  // namespace gofr::sql::detail

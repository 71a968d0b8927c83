#include "sql/placeholders.hpp"

#include <cctype>
#include <fmt/format.h>

#include "gofr/sql/types.hpp"

namespace gofr::sql::detail {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Whether the character before `i` continues an identifier: then a `$` at `i` is part of it (PostgreSQL and
// SQLite allow `$` inside names such as a$b), neither a parameter nor a dollar quote.
bool inside_identifier(std::string_view s, std::size_t i) { return i > 0 && (is_ident(s[i - 1]) || s[i - 1] == '$'); }

// The end of the quoted text opened at `i` by `quote`: '' (or "") inside repeats the quote; in PostgreSQL's E'…'
// strings a backslash escapes the next character too.
std::size_t end_of_quoted(std::string_view s, std::size_t i, char quote, bool backslash_escapes) {
  std::size_t j = i + 1;
  while (j < s.size()) {
    if (backslash_escapes && s[j] == '\\') {
      j += 2;
      continue;
    }
    if (s[j] == quote) {
      if (j + 1 < s.size() && s[j + 1] == quote) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    ++j;
  }
  return s.size();  // unterminated: the driver reports it
}

// The end of the block comment opened at `i`. PostgreSQL nests them (/* a /* b */ c */ is one comment); SQLite
// does not.
std::size_t end_of_block_comment(std::string_view s, std::size_t i, bool nested) {
  int depth = 1;
  std::size_t j = i + 2;
  while (j + 1 < s.size()) {
    if (s[j] == '*' && s[j + 1] == '/') {
      j += 2;
      if (--depth == 0) return j;
    } else if (nested && s[j] == '/' && s[j + 1] == '*') {
      j += 2;
      ++depth;
    } else {
      ++j;
    }
  }
  return s.size();
}

}  // namespace

std::size_t quoted_length(std::string_view s, std::size_t i, Dialect dialect) {
  const bool postgres = dialect == Dialect::postgres;
  const char c = s[i];
  if (c == '\'' || c == '"') return end_of_quoted(s, i, c, false) - i;
  if (postgres && (c == 'E' || c == 'e') && i + 1 < s.size() && s[i + 1] == '\'' && !inside_identifier(s, i)) {
    return end_of_quoted(s, i + 1, '\'', true) - i;
  }
  if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
    const auto end = s.find('\n', i);
    return (end == std::string_view::npos ? s.size() : end) - i;
  }
  if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') return end_of_block_comment(s, i, postgres) - i;
  if (c == '$' && i + 1 < s.size() && !is_digit(s[i + 1]) && !inside_identifier(s, i)) {  // $tag$ … $tag$
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

namespace {

// A numbered parameter ($1, $2 …) starts at `i`.
bool numbered_at(std::string_view s, std::size_t i) {
  return s[i] == '$' && i + 1 < s.size() && is_digit(s[i + 1]) && !inside_identifier(s, i);
}

struct Scan {
  bool question = false;
  bool numbered = false;
};

Scan scan(std::string_view s, Dialect dialect) {
  Scan found;
  for (std::size_t i = 0; i < s.size();) {
    if (const auto n = quoted_length(s, i, dialect)) {
      i += n;
      continue;
    }
    if (s[i] == '?') found.question = true;
    if (numbered_at(s, i)) found.numbered = true;
    ++i;
  }
  return found;
}

}  // namespace

std::string rewrite_placeholders(std::string_view s, Dialect dialect) {
  const auto found = scan(s, dialect);
  if (dialect == Dialect::postgres && (found.numbered || !found.question)) return std::string(s);
  if (dialect == Dialect::sqlite && !found.numbered) return std::string(s);
  if (found.question && found.numbered && dialect == Dialect::sqlite) {
    throw Error("a statement uses both ? and $n parameters; use one form", "placeholders");
  }
  std::string out;
  out.reserve(s.size() + 8);
  int next = 0;
  for (std::size_t i = 0; i < s.size();) {
    if (const auto n = quoted_length(s, i, dialect)) {
      out.append(s.substr(i, n));
      i += n;
      continue;
    }
    if (dialect == Dialect::postgres && s[i] == '?') {
      fmt::format_to(std::back_inserter(out), "${}", ++next);
      ++i;
      continue;
    }
    if (dialect == Dialect::sqlite && numbered_at(s, i)) {
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

#include "metrics/names.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "logging/utf8.hpp"

namespace gofr::metrics {
namespace {

constexpr bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

}  // namespace

std::string_view normalized_name(std::string_view name, std::string& buffer) {
  std::size_t i = 0;
  while (i < name.size() && !rewritten_to_underscore(name[i])) ++i;
  if (i == name.size()) return name;
  buffer.assign(name);
  for (; i < buffer.size(); ++i) {
    if (rewritten_to_underscore(buffer[i])) buffer[i] = '_';
  }
  return buffer;
}

std::string metric_name(std::string_view name) {
  std::string buffer;
  const auto normalized = normalized_name(name, buffer);
  const auto valid_first = [](char c) { return is_alpha(c) || c == '_' || c == ':'; };
  bool valid = !normalized.empty() && valid_first(normalized[0]) && !normalized.starts_with("__");
  for (std::size_t i = 1; valid && i < normalized.size(); ++i)
    valid = valid_first(normalized[i]) || is_digit(normalized[i]);
  if (!valid) {
    throw std::invalid_argument(fmt::format(
        "invalid metric name '{}': use letters, digits, '_' and ':' (not first a digit, not starting with \"__\")",
        name));
  }
  return std::string(normalized);
}

bool valid_label_name(std::string_view name) noexcept {
  if (name.empty() || !(is_alpha(name[0]) || name[0] == '_')) return false;
  for (const char c : name) {
    if (!is_alpha(c) && !is_digit(c) && c != '_') return false;
  }
  return !name.starts_with("__") && !name.starts_with("otel_scope_") && name != "otel_metric_overflow";
}

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto n = logging::utf8_sequence_length(text, i);
    if (n == 0) {
      out.append("\xEF\xBF\xBD");
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string escape_help(std::string_view help) {
  std::string out;
  out.reserve(help.size());
  for (const char c : help) {
    if (c == '\\') {
      out.append("\\\\");
    } else if (c == '\n') {
      out.append("\\n");
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace gofr::metrics

#include "core/dotenv.hpp"

#include <cctype>

namespace gofr::dotenv {

namespace {

bool is_key_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-'; }

class Parser {
 public:
  Parser(std::string_view text, const Values& lookup) : text_(text), lookup_(lookup) {}

  Values run() {
    while (!at_end()) {
      skip_blank();
      if (at_end()) break;
      if (peek() == '#') {
        skip_line();
        continue;
      }
      parse_assignment();
    }
    return std::move(result_);
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }

  void skip_blank() {
    while (!at_end() && std::isspace(static_cast<unsigned char>(peek()))) {
      if (peek() == '\n') ++line_;
      ++pos_;
    }
  }
  void skip_spaces() {
    while (!at_end() && (peek() == ' ' || peek() == '\t')) ++pos_;
  }
  void skip_line() {
    while (!at_end() && peek() != '\n') ++pos_;
  }

  void parse_assignment() {
    std::string key = read_key();
    if (key == "export" && !at_end() && (peek() == ' ' || peek() == '\t')) {
      skip_spaces();
      key = read_key();
    }
    if (key.empty()) throw parse_error(line_, "expected a variable name");
    skip_spaces();
    if (at_end() || (peek() != '=' && peek() != ':')) throw parse_error(line_, "expected '=' after " + key);
    ++pos_;
    skip_spaces();
    std::string value = read_value();
    result_[key] = value;
  }

  std::string read_key() {
    const auto start = pos_;
    while (!at_end() && is_key_char(peek())) ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }

  std::string read_value() {
    if (at_end() || peek() == '\n') return {};
    if (peek() == '\'') return read_single_quoted();
    if (peek() == '"') return read_double_quoted();
    return read_unquoted();
  }

  std::string read_single_quoted() {
    const int start_line = line_;
    ++pos_;
    const auto end = text_.find('\'', pos_);
    if (end == std::string_view::npos) throw parse_error(start_line, "unterminated single-quoted value");
    std::string value(text_.substr(pos_, end - pos_));
    for (char c : value) line_ += c == '\n';
    pos_ = end + 1;
    expect_end_of_line();
    return value;
  }

  std::string read_double_quoted() {
    const int start_line = line_;
    ++pos_;
    std::string raw;
    for (;;) {
      if (at_end()) throw parse_error(start_line, "unterminated double-quoted value");
      char c = text_[pos_++];
      if (c == '"') break;
      if (c == '\n') ++line_;
      if (c == '\\' && !at_end()) {
        char e = text_[pos_++];
        switch (e) {
          case 'n':
            raw.push_back('\n');
            break;
          case 'r':
            raw.push_back('\r');
            break;
          case 't':
            raw.push_back('\t');
            break;
          case '$':
            raw.append("\\$");
            break;  // kept escaped until expansion
          default:
            raw.push_back(e);
        }
        continue;
      }
      raw.push_back(c);
    }
    expect_end_of_line();
    return expand(raw);
  }

  std::string read_unquoted() {
    const auto start = pos_;
    while (!at_end() && peek() != '\n') ++pos_;
    std::string_view value = text_.substr(start, pos_ - start);
    // " #" starts an inline comment in an unquoted value.
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (value[i] == '#' && i > 0 && (value[i - 1] == ' ' || value[i - 1] == '\t')) {
        value = value.substr(0, i);
        break;
      }
    }
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.remove_suffix(1);
    return expand(value);
  }

  void expect_end_of_line() {
    skip_spaces();
    if (at_end() || peek() == '\n' || peek() == '\r') return;
    if (peek() == '#') {
      skip_line();
      return;
    }
    throw parse_error(line_, "unexpected characters after closing quote");
  }

  // Each line may double a value by referring to it twice (A=$A$A), so a few hundred bytes of file could expand to
  // gigabytes: an expanded value is bounded (found by the dotenv fuzz target).
  static constexpr std::size_t max_expanded = 1 << 20;

  std::string expand(std::string_view raw) const {
    std::string out;
    const auto append = [&](std::string_view more) {
      if (out.size() + more.size() > max_expanded) {
        throw parse_error(line_, "value longer than 1 MiB after expanding variables");
      }
      out.append(more);
    };
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '\\' && i + 1 < raw.size() && raw[i + 1] == '$') {
        out.push_back('$');
        ++i;
        continue;
      }
      if (raw[i] != '$' || i + 1 == raw.size()) {
        out.push_back(raw[i]);
        continue;
      }
      std::size_t name_start = i + 1, name_end;
      if (raw[name_start] == '{') {
        name_end = raw.find('}', name_start);
        if (name_end == std::string_view::npos) {
          out.append(raw.substr(i));
          break;
        }
        append(value_of(raw.substr(name_start + 1, name_end - name_start - 1)));
        i = name_end;
      } else {
        name_end = name_start;
        while (name_end < raw.size() &&
               (std::isalnum(static_cast<unsigned char>(raw[name_end])) || raw[name_end] == '_')) {
          ++name_end;
        }
        if (name_end == name_start) {
          out.push_back('$');
          continue;
        }
        append(value_of(raw.substr(name_start, name_end - name_start)));
        i = name_end - 1;
      }
    }
    return out;
  }

  std::string value_of(std::string_view name) const {
    if (auto it = result_.find(name); it != result_.end()) return it->second;
    if (auto it = lookup_.find(name); it != lookup_.end()) return it->second;
    return {};
  }

  std::string_view text_;
  const Values& lookup_;
  Values result_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

}  // namespace

Values parse(std::string_view text, const Values& lookup) { return Parser(text, lookup).run(); }

}  // namespace gofr::dotenv

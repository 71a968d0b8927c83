#pragma once
// A dotenv parser compatible with what GoFr's godotenv accepts: KEY=value lines, `export KEY=value`, `#`
// comments, single quotes (literal), double quotes (with \n, \", \\ escapes and ${VAR} expansion), unquoted
// values with trailing `# comment` stripped, and ${VAR}/$VAR expansion from keys defined earlier.
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

namespace gofr::dotenv {

struct parse_error : std::runtime_error {
  parse_error(int line, const std::string& what)
      : std::runtime_error("line " + std::to_string(line) + ": " + what), line(line) {}
  int line;
};

using Values = std::map<std::string, std::string, std::less<>>;

// Parses `text`; `lookup` holds values visible to ${VAR} expansion (earlier files), new keys are added to it too.
Values parse(std::string_view text, const Values& lookup = {});

}  // namespace gofr::dotenv

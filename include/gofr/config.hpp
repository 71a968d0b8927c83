#pragma once
// Configuration in GoFr's layout: `configs/.env`, overlaid by `configs/.<APP_ENV>.env` (or `configs/.local.env`
// when APP_ENV is unset), with the process environment winning over both.
//
// Values are read once at start-up; a Config is immutable afterwards and safe to share between threads. Typed
// getters throw `config_error` naming the variable and the accepted values, so a bad setting fails start-up
// instead of being silently replaced by a default.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gofr {

class config_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Config {
 public:
  Config() = default;
  // Values given directly (tests, embedding); no files and no process environment are read.
  explicit Config(std::map<std::string, std::string, std::less<>> values) : values_(std::move(values)) {}
  Config(std::initializer_list<std::pair<const std::string, std::string>> values) : values_(values) {}

  // Reads `<folder>/.env`, the overlay, then the process environment. A missing file is not an error; a file that
  // cannot be parsed throws config_error naming the file and line. `notes` receives what was loaded, for the log.
  static Config load(const std::filesystem::path& folder = "configs", std::vector<std::string>* notes = nullptr);

  // The value, or nullopt when unset or empty (GoFr treats empty as unset).
  std::optional<std::string_view> get(std::string_view key) const;
  std::string get_or(std::string_view key, std::string_view fallback) const;

  // Integer in [min, max].
  std::int64_t get_int(std::string_view key, std::int64_t fallback, std::int64_t min = INT64_MIN,
                       std::int64_t max = INT64_MAX) const;
  // A finite number in [min, max].
  double get_double(std::string_view key, double fallback, double min = -1e308, double max = 1e308) const;
  // true/false, 1/0, yes/no, on/off (case-insensitive).
  bool get_bool(std::string_view key, bool fallback) const;
  // A Go duration ("300ms", "1m30s", "2h") or a bare number of `bare_unit`s.
  std::chrono::nanoseconds get_duration(std::string_view key, std::chrono::nanoseconds fallback,
                                        std::chrono::nanoseconds bare_unit = std::chrono::seconds(1)) const;
  // Comma-separated list, items trimmed, empty items dropped.
  std::vector<std::string> get_list(std::string_view key) const;

  // Every key and value, for diagnostics.
  const std::map<std::string, std::string, std::less<>>& values() const noexcept { return values_; }

 private:
  std::map<std::string, std::string, std::less<>> values_;
};

// Parses a Go duration string ("1h2m3.5s", "250ms", "0"); nullopt when malformed.
std::optional<std::chrono::nanoseconds> parse_go_duration(std::string_view text);

}  // namespace gofr

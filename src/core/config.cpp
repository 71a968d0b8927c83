#include "gofr/config.hpp"

#include "core/ascii.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "core/dotenv.hpp"

extern char** environ;

namespace gofr {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

dotenv::Values process_environment() {
  dotenv::Values env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    const auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    env.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  return env;
}

// Overlays the file's values onto `values`; returns false when the file does not exist.
bool overlay_file(const std::filesystem::path& file, dotenv::Values& values, const dotenv::Values& env) {
  std::ifstream in(file);
  if (!in) return false;
  std::stringstream text;
  text << in.rdbuf();
  dotenv::Values lookup = values;
  for (const auto& [k, v] : env) lookup.insert_or_assign(k, v);
  try {
    for (auto& [k, v] : dotenv::parse(text.str(), lookup)) values.insert_or_assign(k, std::move(v));
  } catch (const dotenv::parse_error& e) {
    throw config_error(fmt::format("cannot parse config file {}: {}", file.string(), e.what()));
  }
  return true;
}

}  // namespace

Config Config::load(const std::filesystem::path& folder, std::vector<std::string>* notes) {
  const auto env = process_environment();
  dotenv::Values values;
  auto note = [&](std::string text) {
    if (notes) notes->push_back(std::move(text));
  };

  const auto base = folder / ".env";
  if (overlay_file(base, values, env)) {
    note("Loaded config from file: " + base.string());
  } else {
    note("Failed to load config from file: " + base.string() + ", using environment variables only");
  }
  // Like GoFr, APP_ENV is read from the process environment only: the overlay must be chosen before any file.
  const auto app_env = env.find("APP_ENV");
  const auto overlay = folder / (app_env != env.end() && !app_env->second.empty() ? "." + app_env->second + ".env"
                                                                                  : std::string(".local.env"));
  if (overlay_file(overlay, values, env)) note("Loaded config from file: " + overlay.string());

  for (const auto& [k, v] : env) values.insert_or_assign(k, v);
  return Config(std::move(values));
}

std::optional<std::string_view> Config::get(std::string_view key) const {
  auto it = values_.find(key);
  if (it == values_.end() || it->second.empty()) return std::nullopt;
  return std::string_view(it->second);
}

std::string Config::get_or(std::string_view key, std::string_view fallback) const {
  return std::string(get(key).value_or(fallback));
}

std::int64_t Config::get_int(std::string_view key, std::int64_t fallback, std::int64_t min, std::int64_t max) const {
  auto raw = get(key);
  if (!raw) return fallback;
  const auto text = trim(*raw);
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < min || value > max) {
    throw config_error(
        fmt::format("invalid value {:?} for {}: expected an integer from {} to {}", *raw, key, min, max));
  }
  return value;
}

double Config::get_double(std::string_view key, double fallback, double min, double max) const {
  auto raw = get(key);
  if (!raw) return fallback;
  const auto text = trim(*raw);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value) || value < min || value > max) {
    throw config_error(fmt::format("invalid value {:?} for {}: expected a number from {} to {}", *raw, key, min, max));
  }
  return value;
}

bool Config::get_bool(std::string_view key, bool fallback) const {
  auto raw = get(key);
  if (!raw) return fallback;
  const auto v = gofr::detail::ascii_lower(trim(*raw));
  if (v == "true" || v == "1" || v == "yes" || v == "on") return true;
  if (v == "false" || v == "0" || v == "no" || v == "off") return false;
  throw config_error(fmt::format("invalid value {:?} for {}: expected true or false", *raw, key));
}

std::chrono::nanoseconds Config::get_duration(std::string_view key, std::chrono::nanoseconds fallback,
                                              std::chrono::nanoseconds bare_unit) const {
  auto raw = get(key);
  if (!raw) return fallback;
  const auto text = trim(*raw);
  double bare = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), bare);
  // A finite, non-negative number of units that fits in int64 nanoseconds (about 292 years); "inf" and 1e20 are
  // mistakes, and converting them would be undefined behaviour.
  if (ec == std::errc{} && end == text.data() + text.size() && std::isfinite(bare) && bare >= 0 &&
      bare * static_cast<double>(bare_unit.count()) < 9.2e18) {
    return std::chrono::nanoseconds(static_cast<std::int64_t>(bare * static_cast<double>(bare_unit.count())));
  }
  if (auto d = parse_go_duration(text); d && d->count() >= 0) return *d;
  throw config_error(fmt::format(
      "invalid value {:?} for {}: expected a duration such as 30s, 1m30s or 250ms, or a number of seconds", *raw, key));
}

std::vector<std::string> Config::get_list(std::string_view key) const {
  std::vector<std::string> items;
  auto raw = get(key);
  if (!raw) return items;
  std::string_view rest = *raw;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    auto item = trim(rest.substr(0, comma));
    if (!item.empty()) items.emplace_back(item);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return items;
}

std::optional<std::chrono::nanoseconds> parse_go_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  bool negative = false;
  if (text.front() == '-' || text.front() == '+') {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text == "0") return std::chrono::nanoseconds(0);
  if (text.empty()) return std::nullopt;
  struct Unit {
    std::string_view name;
    double ns;
  };
  static constexpr Unit units[] = {{"ns", 1},   {"us", 1e3}, {"µs", 1e3}, {"μs", 1e3},
                                   {"ms", 1e6}, {"s", 1e9},  {"m", 60e9}, {"h", 3600e9}};
  double total = 0;
  while (!text.empty()) {
    double number = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number, std::chars_format::fixed);
    if (ec != std::errc{} || end == text.data() || number < 0) return std::nullopt;
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    const Unit* match = nullptr;
    for (const auto& u : units) {
      // Longest match first matters only for "ms" vs "m": "ms" is listed before "m".
      if (text.starts_with(u.name) && (!match || u.name.size() > match->name.size())) match = &u;
    }
    if (!match) return std::nullopt;
    total += number * match->ns;
    text.remove_prefix(match->name.size());
  }
  if (!std::isfinite(total) || total > 9.2e18) return std::nullopt;
  return std::chrono::nanoseconds(static_cast<std::int64_t>(negative ? -total : total));
}

}  // namespace gofr

#include "tracing/export/string_tags.hpp"

#include <algorithm>
#include <charconv>
#include <type_traits>
#include <variant>

#include "tracing/export/json_text.hpp"

namespace gofr::tracing {

namespace {

// One value as encoding/json writes it; false for a non-finite float.
bool append_json(std::string& out, bool v) {
  out.append(v ? "true" : "false");
  return true;
}
bool append_json(std::string& out, std::int64_t v) {
  json::append_integer(out, v);
  return true;
}
bool append_json(std::string& out, double v) { return append_go_float(out, v, GoFloat::json); }
bool append_json(std::string& out, const std::string& v) {
  json::append_string(out, v);
  return true;
}

template <typename Vector>
bool append_json_array(std::string& out, const Vector& values) {
  out.push_back('[');
  bool first = true;
  for (const auto& v : values) {
    if (!first) out.push_back(',');
    first = false;
    if (!append_json(out, v)) return false;
  }
  out.push_back(']');
  return true;
}

bool append_json_value(std::string& out, const AttributeValue& value) {
  return std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::int64_t> || std::is_same_v<T, double> ||
                      std::is_same_v<T, std::string>) {
          return append_json(out, v);
        } else {
          return append_json_array(out, v);
        }
      },
      value);
}

// Indices of `items` in bytewise key order, keeping only the last of each run of equal keys.
template <typename Item, typename Key>
std::vector<std::size_t> map_order(const std::vector<Item>& items, Key key) {
  std::vector<std::size_t> order(items.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return key(items[a]) < key(items[b]); });
  std::vector<std::size_t> kept;
  kept.reserve(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (i + 1 < order.size() && key(items[order[i]]) == key(items[order[i + 1]])) continue;
    kept.push_back(order[i]);
  }
  return kept;
}

}  // namespace

std::string tag_value(const AttributeValue& value, GoFloat scalar_float) {
  return std::visit(
      [&](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        std::string out;
        if constexpr (std::is_same_v<T, bool>) {
          out = v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          json::append_integer(out, v);
        } else if constexpr (std::is_same_v<T, double>) {
          append_go_float(out, v, scalar_float);
        } else if constexpr (std::is_same_v<T, std::string>) {
          out = v;
        } else {
          if (!append_json_array(out, v)) out.clear();
        }
        return out;
      },
      value);
}

void append_string_map(std::string& out, std::vector<Tag> tags) {
  out.push_back('{');
  bool first = true;
  for (const auto i : map_order(tags, [](const Tag& t) -> const std::string& { return t.key; })) {
    if (!first) out.push_back(',');
    first = false;
    json::append_string(out, tags[i].key);
    out.push_back(':');
    json::append_string(out, tags[i].value);
  }
  out.push_back('}');
}

bool append_attribute_object(std::string& out, const std::vector<Attribute>& attributes) {
  const auto rollback = out.size();
  out.push_back('{');
  bool first = true;
  for (const auto i : map_order(attributes, [](const Attribute& a) -> const std::string& { return a.key; })) {
    if (!first) out.push_back(',');
    first = false;
    json::append_string(out, attributes[i].key);
    out.push_back(':');
    if (!append_json_value(out, attributes[i].value)) {
      out.resize(rollback);
      return false;
    }
  }
  out.push_back('}');
  return true;
}

}  // namespace gofr::tracing

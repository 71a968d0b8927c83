#include "http/router.hpp"

#include <algorithm>
#include <stdexcept>

#include <boost/container/small_vector.hpp>
#include <boost/regex.hpp>

#include "http/path.hpp"

namespace gofr::http::detail {

struct RouteNode {
  struct Variable {
    std::string name;
    std::optional<boost::regex> constraint;  // matched against the whole decoded segment
    std::unique_ptr<RouteNode> node;
  };
  std::vector<std::pair<std::string, std::unique_ptr<RouteNode>>> statics;  // decoded literal → child
  std::vector<Variable> variables;
  std::vector<std::pair<std::string, std::size_t>> methods;  // method → target index
};

namespace {

// Splits on '/' outside braces, so a constraint may contain any character but an unbalanced brace.
std::vector<std::string_view> split_pattern(std::string_view pattern) {
  std::vector<std::string_view> out;
  int depth = 0;
  std::size_t start = 1;
  for (std::size_t i = 1; i <= pattern.size(); ++i) {
    if (i == pattern.size() || (pattern[i] == '/' && depth == 0)) {
      if (i > start) out.push_back(pattern.substr(start, i - start));
      start = i + 1;
    } else if (pattern[i] == '{') {
      ++depth;
    } else if (pattern[i] == '}') {
      if (--depth < 0) throw std::invalid_argument("unbalanced '}' in route pattern " + std::string(pattern));
    }
  }
  if (depth != 0) throw std::invalid_argument("unbalanced '{' in route pattern " + std::string(pattern));
  return out;
}

using Segments = boost::container::small_vector<std::string_view, 12>;

Segments split_path(std::string_view path) {
  Segments out;
  std::size_t start = 1;
  for (std::size_t i = 1; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '/') {
      if (i > start) out.push_back(path.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

// Boost.Regex rather than std::regex: libstdc++'s matcher recurses per character, so a long path segment sent
// by a client could overflow the stack; Boost's is iterative and bounds its own work (it throws instead).
bool constraint_matches(const boost::regex& constraint, std::string_view segment) {
  try {
    return boost::regex_match(segment.begin(), segment.end(), constraint);
  } catch (const std::runtime_error&) {
    return false;  // too complex to decide: treat as no match
  }
}

struct Matcher {
  std::string_view method;
  const Segments& segments;
  std::vector<PathParam>& params;
  std::vector<std::string_view>* allowed;
  bool path_known = false;             // some route matched the whole path (for 405 rather than 404)
  std::vector<std::string> decoded{};  // percent-decoded segments, only when the path has escapes

  // The segment percent-decoded, or nullopt when decoding yields a '/' or a dot segment: gorilla/mux matches the
  // decoded, cleaned path, where "%2e%2e%2f" is a path step, never a parameter value ("../etc/passwd").
  std::optional<std::string_view> segment(std::size_t i) {
    if (segments[i].find('%') == std::string_view::npos) return segments[i];
    if (decoded.empty()) decoded.resize(segments.size());
    if (decoded[i].empty() && !percent_decode(segments[i], decoded[i], false)) decoded[i].assign(segments[i]);
    const std::string_view d = decoded[i];
    if (d.find('/') != std::string_view::npos || d == "." || d == "..") return std::nullopt;
    return d;
  }

  // Depth-first: statics before variables; returns the target index for `method`.
  std::optional<std::size_t> walk(const RouteNode& node, std::size_t depth) {
    if (depth == segments.size()) {
      if (node.methods.empty()) return std::nullopt;
      path_known = true;
      if (auto t = find_method(node, method)) return t;
      if (method == "HEAD") {
        if (auto t = find_method(node, "GET")) return t;
      }
      // Not for this method: note what this route would allow, and keep looking (another route may match).
      if (allowed) {
        for (const auto& [name, _] : node.methods) add_allowed(name);
        if (find_method(node, "GET")) add_allowed("HEAD");
      }
      return std::nullopt;
    }
    const auto decoded_segment = segment(depth);
    if (!decoded_segment) return std::nullopt;
    const auto seg = *decoded_segment;
    for (const auto& [literal, child] : node.statics) {
      if (literal == seg) {
        if (auto t = walk(*child, depth + 1)) return t;
      }
    }
    for (const auto& var : node.variables) {
      if (var.constraint && !constraint_matches(*var.constraint, seg)) continue;
      params.push_back({var.name, std::string(seg)});
      if (auto t = walk(*var.node, depth + 1)) return t;
      params.pop_back();
    }
    return std::nullopt;
  }

  void add_allowed(std::string_view name) {
    if (std::ranges::find(*allowed, name) == allowed->end()) allowed->push_back(name);
  }

  static std::optional<std::size_t> find_method(const RouteNode& node, std::string_view m) {
    for (const auto& [name, target] : node.methods)
      if (name == m) return target;
    return std::nullopt;
  }
};

void collect_methods(const RouteNode& node, std::vector<std::string>& out) {
  for (const auto& [m, _] : node.methods)
    if (std::ranges::find(out, m) == out.end()) out.push_back(m);
  for (const auto& [_, child] : node.statics) collect_methods(*child, out);
  for (const auto& v : node.variables) collect_methods(*v.node, out);
}

}  // namespace

RouterBase::RouterBase() : root_(std::make_unique<RouteNode>()) {}
RouterBase::~RouterBase() = default;
RouterBase::RouterBase(RouterBase&&) noexcept = default;
RouterBase& RouterBase::operator=(RouterBase&&) noexcept = default;

void RouterBase::add(std::string_view method, std::string_view pattern, std::size_t target) {
  if (pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("route pattern must start with '/': " + std::string(pattern));
  }
  RouteNode* node = root_.get();
  for (auto seg : split_pattern(pattern)) {
    if (seg == "." || seg == "..")
      throw std::invalid_argument("route pattern has a dot segment: " + std::string(pattern));
    if (seg.front() == '{') {
      if (seg.back() != '}') {
        throw std::invalid_argument("a variable must be a whole path segment in " + std::string(pattern));
      }
      const auto inner = seg.substr(1, seg.size() - 2);
      const auto colon = inner.find(':');
      std::string name(inner.substr(0, colon));
      std::string constraint = colon == std::string_view::npos ? "" : std::string(inner.substr(colon + 1));
      if (name.empty()) throw std::invalid_argument("unnamed variable in route pattern " + std::string(pattern));
      auto it = std::ranges::find_if(node->variables, [&](const auto& v) {
        return v.name == name && (v.constraint.has_value() == !constraint.empty());
      });
      if (it == node->variables.end()) {
        RouteNode::Variable v{name, std::nullopt, std::make_unique<RouteNode>()};
        if (!constraint.empty()) {
          try {
            v.constraint.emplace(constraint, boost::regex::ECMAScript);
          } catch (const boost::regex_error& e) {
            throw std::invalid_argument("bad constraint '" + constraint + "' in route pattern " + std::string(pattern) +
                                        ": " + e.what());
          }
        }
        node->variables.push_back(std::move(v));
        it = node->variables.end() - 1;
      }
      node = it->node.get();
    } else {
      if (seg.find_first_of("{}") != std::string_view::npos) {
        throw std::invalid_argument("a variable must be a whole path segment in " + std::string(pattern));
      }
      std::string literal;
      if (!percent_decode(seg, literal, false)) literal.assign(seg);
      auto it = std::ranges::find_if(node->statics, [&](const auto& s) { return s.first == literal; });
      if (it == node->statics.end()) {
        node->statics.emplace_back(literal, std::make_unique<RouteNode>());
        it = node->statics.end() - 1;
      }
      node = it->second.get();
    }
  }
  if (std::ranges::any_of(node->methods, [&](const auto& m) { return m.first == method; })) {
    throw std::invalid_argument("route already registered: " + std::string(method) + " " + std::string(pattern));
  }
  node->methods.emplace_back(std::string(method), target);
}

RouterBase::Outcome RouterBase::match(std::string_view method, std::string_view path, std::size_t& target,
                                      std::vector<PathParam>& params, std::vector<std::string_view>* allowed) const {
  const auto segments = split_path(path);
  Matcher m{method, segments, params, allowed};
  if (auto t = m.walk(*root_, 0)) {
    target = *t;
    return Outcome::found;
  }
  params.clear();
  if (!m.path_known) return Outcome::not_found;
  if (allowed) m.add_allowed("OPTIONS");
  return Outcome::method_not_allowed;
}

std::vector<std::string> RouterBase::methods() const {
  std::vector<std::string> out;
  collect_methods(*root_, out);
  return out;
}

}  // namespace gofr::http::detail

#pragma once
// Route table: gorilla/mux-style patterns ("/users/{id}", "/files/{name:[a-z]+\\.txt}") matched segment by
// segment. Static segments win over variables; variables are tried in registration order. A path that matches
// some route but not for this method gives method_not_allowed with the methods that would match (for Allow).
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gofr::http {

struct PathParam {
  std::string_view name;  // points into the route's pattern, which outlives every match
  std::string value;      // percent-decoded
};

template <class Target>
class Router;

namespace detail {

struct RouteNode;

class RouterBase {
 public:
  RouterBase();
  ~RouterBase();
  RouterBase(RouterBase&&) noexcept;
  RouterBase& operator=(RouterBase&&) noexcept;

  enum class Outcome { found, method_not_allowed, not_found };

  // Adds a route; throws std::invalid_argument for a malformed pattern or a duplicate (method, pattern).
  void add(std::string_view method, std::string_view pattern, std::size_t target);
  // `path` must be clean (see clean_path) and percent-encoded. On `found`, `target` and `params` are set; on
  // `method_not_allowed`, `allowed` lists the methods registered for the path.
  Outcome match(std::string_view method, std::string_view path, std::size_t& target, std::vector<PathParam>& params,
                std::vector<std::string_view>* allowed) const;

  // Every registered method, for CORS's default Access-Control-Allow-Methods.
  std::vector<std::string> methods() const;

 private:
  std::unique_ptr<RouteNode> root_;
};

}  // namespace detail

// Routes carrying a `Target` each (the framework's route: handler, template, middleware chain).
template <class Target>
class Router {
 public:
  using Outcome = detail::RouterBase::Outcome;

  const Target& add(std::string_view method, std::string_view pattern, Target target) {
    targets_.push_back(std::make_unique<Target>(std::move(target)));
    try {
      base_.add(method, pattern, targets_.size() - 1);
    } catch (...) {
      targets_.pop_back();
      throw;
    }
    return *targets_.back();
  }

  struct Match {
    const Target* target = nullptr;
    std::vector<PathParam> params;
    std::vector<std::string_view> allowed;
  };

  Outcome match(std::string_view method, std::string_view path, Match& m) const {
    std::size_t index = 0;
    m.params.clear();
    m.allowed.clear();
    const auto outcome = base_.match(method, path, index, m.params, &m.allowed);
    m.target = outcome == Outcome::found ? targets_[index].get() : nullptr;
    return outcome;
  }

  std::vector<std::string> methods() const { return base_.methods(); }

 private:
  detail::RouterBase base_;
  std::vector<std::unique_ptr<Target>> targets_;
};

}  // namespace gofr::http

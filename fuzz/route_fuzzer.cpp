// Route matching over arbitrary paths, and route registration of arbitrary patterns.
#include "http/path.hpp"
#include "http/router.hpp"

namespace {
gofr::http::Router<int>& routes() {
  static auto* r = [] {
    auto* router = new gofr::http::Router<int>();
    router->add("GET", "/users/{id}", 1);
    router->add("GET", "/users/me", 2);
    router->add("POST", "/users/{id:[0-9]+}/orders/{order}", 3);
    router->add("GET", "/files/{name:[a-z]+\\.txt}", 4);
    router->add("GET", "/", 5);
    return router;
  }();
  return *r;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  gofr::http::Router<int>::Match match;
  const auto path = gofr::http::clean_path(input);
  for (const char* method : {"GET", "POST", "HEAD", "DELETE"}) routes().match(method, path, match);
  gofr::http::Router<int> scratch;
  // Constraints are the developer's regular expressions, not client input: only their syntax is fuzzed here.
  if (input.find(':') != std::string_view::npos) return 0;
  try {
    scratch.add("GET", input, 1);
    scratch.match("GET", path, match);
  } catch (const std::invalid_argument&) {
  }
  return 0;
}

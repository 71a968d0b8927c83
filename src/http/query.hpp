#pragma once
// application/x-www-form-urlencoded parsing, shared by query strings and form bodies.
#include <functional>
#include <string>
#include <string_view>

namespace gofr::http {

// Calls `visit(name, value)` for each pair, both percent-decoded ('+' is a space). Pairs whose escapes are
// malformed are kept undecoded rather than dropped, as browsers and Go do. Returns false to stop early.
void for_each_query_pair(std::string_view query,
                         const std::function<bool(std::string_view name, std::string_view value)>& visit);

}  // namespace gofr::http

#include "http/query.hpp"

#include "http/path.hpp"

namespace gofr::http {

void for_each_query_pair(std::string_view query, const std::function<bool(std::string_view, std::string_view)>& visit) {
  std::string name, value;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    const auto raw_name = pair.substr(0, eq);
    const auto raw_value = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    if (!percent_decode(raw_name, name, true)) name.assign(raw_name);
    if (!percent_decode(raw_value, value, true)) value.assign(raw_value);
    if (!visit(name, value)) return;
  }
}

}  // namespace gofr::http

#pragma once
// The plain types of outbound calls: header and query lists, in order, with repeats allowed.
#include <string>
#include <utility>
#include <vector>

namespace gofr::service {

using Headers = std::vector<std::pair<std::string, std::string>>;
// Query parameters; a repeated key is sent repeatedly (GoFr: a []string value).
using Query = std::vector<std::pair<std::string, std::string>>;

}  // namespace gofr::service

#pragma once
// CORS as GoFr does it: the headers go on every response; OPTIONS is answered 200 with an empty body.
//   ACCESS_CONTROL_ALLOW_ORIGIN       default "*"; a comma list echoes a listed request Origin (+ Vary: Origin)
//   ACCESS_CONTROL_ALLOW_METHODS      default: the registered methods plus OPTIONS
//   ACCESS_CONTROL_ALLOW_HEADERS      appended to GoFr's base list
//   ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE
#include <string>
#include <vector>

#include "gofr/config.hpp"
#include "gofr/http/request.hpp"
#include "gofr/http/response_writer.hpp"

namespace gofr::http {

class Cors {
 public:
  Cors(const Config& config, const std::vector<std::string>& registered_methods);
  // Appends the CORS header lines to `head`, except those the handler or a middleware already set.
  void apply(const Request& request, const Response& response, std::string& head) const;

 private:
  std::vector<std::pair<std::string, std::string>> fixed_;  // every header that does not depend on the request
  std::string fixed_block_;                                 // the same, serialised once
  std::string origin_;                                      // "*" or one fixed origin
  std::vector<std::string> allowed_origins_;                // when a list is configured
};

}  // namespace gofr::http

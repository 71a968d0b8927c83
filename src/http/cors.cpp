#include "http/cors.hpp"

#include <algorithm>

#include <boost/beast/core/string.hpp>
#include <fmt/format.h>

namespace gofr::http {

namespace {
constexpr std::string_view base_allowed_headers =
    "Authorization, Content-Type, x-requested-with, origin, true-client-ip, X-Correlation-ID";
}

Cors::Cors(const Config& config, const std::vector<std::string>& registered_methods) {
  auto origins = config.get_list("ACCESS_CONTROL_ALLOW_ORIGIN");
  if (origins.size() > 1) {
    allowed_origins_ = std::move(origins);
  } else {
    origin_ = origins.empty() ? "*" : origins.front();
  }

  std::string methods;
  if (auto m = config.get("ACCESS_CONTROL_ALLOW_METHODS")) {
    methods.assign(*m);
  } else {
    auto list = registered_methods;
    if (std::ranges::find(list, "OPTIONS") == list.end()) list.emplace_back("OPTIONS");
    methods = fmt::format("{}", fmt::join(list, ", "));
  }
  fixed_.emplace_back("Access-Control-Allow-Methods", methods);

  std::string headers(base_allowed_headers);
  if (auto extra = config.get("ACCESS_CONTROL_ALLOW_HEADERS")) headers.append(", ").append(*extra);
  fixed_.emplace_back("Access-Control-Allow-Headers", headers);

  for (std::string_view name :
       {"ACCESS_CONTROL_ALLOW_CREDENTIALS", "ACCESS_CONTROL_EXPOSE_HEADERS", "ACCESS_CONTROL_MAX_AGE"}) {
    if (auto v = config.get(name)) {
      static constexpr std::pair<std::string_view, std::string_view> header_of[] = {
          {"ACCESS_CONTROL_ALLOW_CREDENTIALS", "Access-Control-Allow-Credentials"},
          {"ACCESS_CONTROL_EXPOSE_HEADERS", "Access-Control-Expose-Headers"},
          {"ACCESS_CONTROL_MAX_AGE", "Access-Control-Max-Age"}};
      for (auto [env, header] : header_of)
        if (env == name) fixed_.emplace_back(std::string(header), std::string(*v));
    }
  }
  for (const auto& [name, value] : fixed_) fixed_block_.append(name).append(": ").append(value).append("\r\n");
}

void Cors::apply(const Request& request, const Response& response, std::string& head) const {
  auto add = [&](std::string_view name, std::string_view value) {
    if (!response.has_header(name)) head.append(name).append(": ").append(value).append("\r\n");
  };
  if (allowed_origins_.empty()) {
    add("Access-Control-Allow-Origin", origin_);
  } else {
    const auto origin = request.header("Origin");
    if (!origin.empty() && std::ranges::find(allowed_origins_, origin) != allowed_origins_.end()) {
      add("Access-Control-Allow-Origin", origin);
    }
    // Several Vary fields combine into one list (RFC 9110 §5.3), so Origin is added unless already listed.
    const auto vary = response.header("Vary");
    if (vary.find("Origin") == std::string_view::npos && vary != "*") head.append("Vary: Origin\r\n");
  }
  const bool handler_set_cors = std::ranges::any_of(response.headers, [](const auto& h) {
    return h.first.size() > 15 && boost::beast::iequals(std::string_view(h.first).substr(0, 15), "Access-Control-");
  });
  if (!handler_set_cors) {
    head.append(fixed_block_);
    return;
  }
  for (const auto& [name, value] : fixed_) add(name, value);
}

}  // namespace gofr::http

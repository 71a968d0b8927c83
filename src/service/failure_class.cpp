#include "service/failure_class.hpp"

#include <array>

#include <boost/beast/core/string.hpp>

namespace gofr::service::detail {

namespace {

const std::string* find(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (boost::beast::iequals(key, name)) return &value;
  }
  return nullptr;
}

// The bodies of Envoy's local replies when it could not get a response from the upstream (its response code
// details: UF, UH, URX, UT, UO …); stock Envoy sends them as text/plain.
constexpr std::array<std::string_view, 5> envoy_local_bodies{
    "upstream connect error or disconnect/reset before headers", "no healthy upstream", "upstream request timeout",
    "upstream overflow", "upstream max stream duration reached"};

bool envoy_local_reply(int status, const Headers& headers, std::string_view body) {
  if (find(headers, "x-envoy-overloaded")) return true;
  // Envoy stamps x-envoy-upstream-service-time on every response that came from the upstream; a 5xx without it
  // was made by the proxy itself.
  if (find(headers, "x-envoy-upstream-service-time")) return false;
  for (const auto text : envoy_local_bodies) {
    if (body.starts_with(text)) return true;
  }
  const auto* server = find(headers, "server");
  return status >= 500 && server && (*server == "envoy" || *server == "istio-envoy");
}

}  // namespace

std::string_view to_string(FailureClass c) noexcept {
  switch (c) {
    case FailureClass::none: return "none";
    case FailureClass::transport: return "transport";
    case FailureClass::proxy_local: return "proxy_local";
    case FailureClass::app_5xx: return "app_5xx";
    case FailureClass::throttled: return "throttled";
    case FailureClass::deadline: return "deadline";
  }
  return "none";
}

FailureClass classify_response(int status, const Headers& headers, std::string_view body) {
  if (const auto* expired = find(headers, "x-deadline-expired"); expired && *expired == "1") {
    return FailureClass::deadline;
  }
  if (status == 429) return FailureClass::throttled;
  if (status < 500) return FailureClass::none;
  if (find(headers, "l5d-proxy-error") || envoy_local_reply(status, headers, body)) return FailureClass::proxy_local;
  return FailureClass::app_5xx;
}

}  // namespace gofr::service::detail

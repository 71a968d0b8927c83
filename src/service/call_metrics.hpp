#pragma once
// app_http_service_response and app_http_service_calls_total for one service. Each label set's series is looked up
// in the registry once per thread and then kept: through the metrics API, the two records of every call cost about
// 8 000 instructions, nearly all of it canonicalising and finding the same labels again.
#include <cstdint>
#include <string>
#include <string_view>

namespace gofr {
class Metrics;
}

namespace gofr::service::detail {

class CallMetrics {
 public:
  CallMetrics(Metrics& metrics, std::string service);

  // One finished call: its duration by path, method and status, and its outcome ("ok", the status, or the failure).
  void record(std::string_view path, std::string_view method, int status, double seconds, std::string_view outcome) const;

 private:
  Metrics& metrics_;
  std::string service_;
  std::uint64_t id_;  // never reused: a thread's cache cannot take another service's entries for this one's
};

}  // namespace gofr::service::detail

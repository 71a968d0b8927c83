#pragma once
// The server side of retry ownership (resilience.md §11 F6): how many times this service received the same
// attempt of a caller, echoed to it in X-Upstream-Attempts. A gofr-cpp client gives each attempt its own span, so
// the same traceparent parent id arriving twice means something between caller and service — a sidecar, a
// gateway — sent it again: a second retry layer the caller should know about. Envoy's x-envoy-attempt-count and
// gRPC's grpc-previous-rpc-attempts say the same directly, when a proxy sets them.
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string_view>
#include <unordered_map>

namespace gofr::http {

class AttemptEcho {
 public:
  explicit AttemptEcho(std::size_t capacity = 4096) : capacity_(capacity) {}

  // The value of X-Upstream-Attempts for a request with these headers, or nullopt when it says nothing about
  // attempts (no X-Request-Attempt, x-envoy-attempt-count or grpc-previous-rpc-attempts). Thread-safe.
  std::optional<int> observe(std::string_view traceparent, std::string_view request_attempt,
                             std::string_view envoy_attempt_count, std::string_view grpc_previous_attempts);

 private:
  int arrivals(std::uint64_t parent_id);

  const std::size_t capacity_;
  std::mutex mutex_;
  std::unordered_map<std::uint64_t, int> seen_;
  std::deque<std::uint64_t> order_;  // oldest first, for eviction
};

}  // namespace gofr::http

#include "http/attempt_echo.hpp"

#include <algorithm>
#include <charconv>

namespace gofr::http {

namespace {

std::optional<int> small_number(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < 0 || value > 1000) {
    return std::nullopt;
  }
  return value;
}

// The parent id of a version-00-shaped traceparent: the 16 hex digits after the trace id.
std::optional<std::uint64_t> parent_id(std::string_view traceparent) {
  if (traceparent.size() < 55 || traceparent[2] != '-' || traceparent[35] != '-') return std::nullopt;
  std::uint64_t id = 0;
  const auto hex = traceparent.substr(36, 16);
  const auto [end, error] = std::from_chars(hex.data(), hex.data() + hex.size(), id, 16);
  if (error != std::errc() || end != hex.data() + hex.size()) return std::nullopt;
  return id;
}

}  // namespace

int AttemptEcho::arrivals(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  auto [it, inserted] = seen_.try_emplace(id, 0);
  if (inserted) {
    order_.push_back(id);
    if (order_.size() > capacity_) {
      seen_.erase(order_.front());
      order_.pop_front();
    }
  }
  return ++it->second;
}

std::optional<int> AttemptEcho::observe(std::string_view traceparent, std::string_view request_attempt,
                                        std::string_view envoy_attempt_count, std::string_view grpc_previous_attempts) {
  int highest = 0;
  if (const auto n = small_number(envoy_attempt_count)) highest = std::max(highest, *n);
  if (const auto n = small_number(grpc_previous_attempts)) highest = std::max(highest, *n + 1);
  if (small_number(request_attempt)) {
    if (const auto id = parent_id(traceparent)) highest = std::max(highest, arrivals(*id));
  }
  if (highest == 0) return std::nullopt;
  return highest;
}

}  // namespace gofr::http

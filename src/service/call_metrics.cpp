#include "service/call_metrics.hpp"

#include <atomic>
#include <charconv>
#include <functional>
#include <initializer_list>
#include <unordered_map>

#include "metrics/series_lookup.hpp"

namespace gofr::service::detail {

namespace {

struct TransparentHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// Per thread, so the steady state takes no lock. Bounded: a service whose paths carry ids mints a label set per id,
// and the cache starts over rather than grow with them (the registry bounds the series themselves).
constexpr std::size_t cache_limit = 4096;
thread_local std::unordered_map<std::string, void*, TransparentHash, std::equal_to<>> cache;

// The series for (service, kind, values...), from the cache or else from `lookup`, which is then remembered.
template <class Series, class Lookup>
Series* cached(std::uint64_t service, char kind, std::initializer_list<std::string_view> values, Lookup lookup) {
  thread_local std::string key;
  key.assign(reinterpret_cast<const char*>(&service), sizeof service);
  key.push_back(kind);
  for (const auto v : values) key.append(v).push_back('\0');
  if (const auto it = cache.find(std::string_view(key)); it != cache.end()) return static_cast<Series*>(it->second);
  Series* found = lookup();
  if (found == nullptr) return nullptr;  // reported by the lookup; asked again next time, as the metrics API would
  if (cache.size() >= cache_limit) cache.clear();
  cache.emplace(key, found);
  return found;
}

std::uint64_t next_id() noexcept {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace

CallMetrics::CallMetrics(Metrics& metrics, std::string service)
    : metrics_(metrics), service_(std::move(service)), id_(next_id()) {}

void CallMetrics::record(std::string_view path, std::string_view method, int status, double seconds,
                         std::string_view outcome) const {
  char digits[12];
  const std::string_view status_text(digits, static_cast<std::size_t>(std::to_chars(digits, digits + sizeof digits,
                                                                                    status).ptr - digits));
  auto* duration = cached<prometheus::Histogram>(id_, 'h', {path, method, status_text}, [&] {
    return metrics::SeriesLookup::histogram(
        metrics_, "app_http_service_response",
        {{"path", path}, {"method", method}, {"status", status_text}, {"service", service_}});
  });
  if (duration != nullptr) duration->Observe(seconds);
  auto* calls = cached<prometheus::Counter>(id_, 'c', {outcome}, [&] {
    return metrics::SeriesLookup::counter(metrics_, "app_http_service_calls_total",
                                          {{"service", service_}, {"outcome", outcome}});
  });
  if (calls != nullptr) calls->Increment();
}

}  // namespace gofr::service::detail

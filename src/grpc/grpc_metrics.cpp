#include "grpc/grpc_metrics.hpp"

#include <limits>
#include <stdexcept>

#include "grpc/call_log.hpp"
#include "grpc/status_codes.hpp"
#include "metrics/names.hpp"

namespace gofr::grpc::detail {

namespace {

constexpr std::size_t codes = 17;                                  // OK … UNAUTHENTICATED
constexpr std::size_t bucket_count = GrpcMetrics::buckets.size() + 1;  // the last one is +Inf

struct Histogram {
  std::array<std::atomic<std::uint64_t>, bucket_count> counts{};  // per bucket, not cumulative
  std::atomic<double> sum{0};
};

std::size_t bucket_index(double ms) noexcept {
  std::size_t i = 0;
  while (i < GrpcMetrics::buckets.size() && GrpcMetrics::buckets[i] < ms) ++i;
  return i;
}

}  // namespace

struct GrpcMetrics::Method {
  std::string name;
  Side side = Side::server;
  StreamType type = StreamType::unary;
  std::array<Histogram, codes> by_code;
};

GrpcMetrics::GrpcMetrics(prometheus::Labels scope_labels) : scope_labels_(std::move(scope_labels)) {}
GrpcMetrics::~GrpcMetrics() = default;

GrpcMetrics::Method& GrpcMetrics::method(std::string_view name, Side side, StreamType type) {
  std::string key(name);
  key.push_back(side == Side::server ? 's' : 'c');
  std::lock_guard lock(mutex_);
  if (const auto it = index_.find(key); it != index_.end()) return *it->second;
  auto& added = *methods_.emplace_back(std::make_unique<Method>());
  added.name = name;
  added.side = side;
  added.type = type;
  index_.emplace(std::move(key), &added);
  return added;
}

void GrpcMetrics::observe(Method& method, ::grpc::StatusCode code, std::chrono::steady_clock::duration elapsed) noexcept {
  const auto index = static_cast<std::size_t>(code) < codes ? static_cast<std::size_t>(code) : 2;  // UNKNOWN
  auto& histogram = method.by_code[index];
  const double ms = std::chrono::duration<double, std::milli>(elapsed).count();
  histogram.counts[bucket_index(ms)].fetch_add(1, std::memory_order_relaxed);
  histogram.sum.fetch_add(ms, std::memory_order_relaxed);
}

std::vector<prometheus::MetricFamily> GrpcMetrics::Collect() const {
  std::lock_guard lock(mutex_);
  prometheus::MetricFamily server{metrics::metric_name(server_name), "Response time of gRPC server calls in milliseconds.",
                                  prometheus::MetricType::Histogram, {}};
  prometheus::MetricFamily stream{metrics::metric_name(stream_name), "Response time of gRPC server streams in milliseconds.",
                                  prometheus::MetricType::Histogram, {}};
  prometheus::MetricFamily client{metrics::metric_name(client_name), "Response time of gRPC client calls in milliseconds.",
                                  prometheus::MetricType::Histogram, {}};
  for (const auto& row : methods_) {
    const auto& method = *row;
    auto& family = method.side == Side::client ? client : method.type == StreamType::unary ? server : stream;
    for (std::size_t code = 0; code < codes; ++code) {
      const auto& histogram = method.by_code[code];
      std::array<std::uint64_t, bucket_count> counts{};
      std::uint64_t total = 0;
      for (std::size_t i = 0; i < bucket_count; ++i) total += counts[i] = histogram.counts[i].load(std::memory_order_relaxed);
      if (total == 0) continue;
      auto& metric = family.metric.emplace_back();
      for (const auto& [key, value] : scope_labels_) metric.label.push_back({key, value});
      metric.label.push_back({"code", std::string(code_name(static_cast<::grpc::StatusCode>(code)))});
      metric.label.push_back({"method", method.name});
      if (&family == &stream) metric.label.push_back({"stream_type", std::string(stream_type_name(method.type))});
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < bucket_count; ++i) {
        cumulative += counts[i];
        metric.histogram.bucket.push_back(
            {cumulative, i < buckets.size() ? buckets[i] : std::numeric_limits<double>::infinity()});
      }
      metric.histogram.sample_count = cumulative;
      metric.histogram.sample_sum = histogram.sum.load(std::memory_order_relaxed);
    }
  }
  return {std::move(server), std::move(stream), std::move(client)};
}

void register_grpc_gauges(Metrics& metrics) {
  for (const auto& [name, help] : {std::pair{"grpc_server_status", "Whether the gRPC server is serving (1) or not (0)."},
                                   std::pair{"grpc_services_registered_total", "gRPC services registered."}}) {
    try {
      metrics.new_gauge(name, help);
    } catch (const std::invalid_argument&) {  // registered already (a second App in one process)
    }
  }
}

}  // namespace gofr::grpc::detail

#pragma once
// GoFr's gRPC metrics, in milliseconds with GoFr's buckets:
//   app_gRPC-Server_stats{method, code}               unary calls served (scraped as app_gRPC_Server_stats)
//   app_gRPC-Stream_stats{method, stream_type, code}  streaming calls served
//   app_gRPC-Client_stats{method, code}               calls made with the gRPC client
//   grpc_server_status                               1 while the gRPC server serves, 0 once it stops
//   grpc_services_registered_total                    services registered (the app's, health and reflection)
// `code` (the gRPC status name) is not in GoFr: without it a dashboard cannot tell failed calls from good ones.
//
// The histograms are a collector of their own rather than the user API (gofr::Metrics), whose label lookup and
// per-series mutex cost more than the rest of a call's observation: a call resolves its method's row once, then
// records with two relaxed atomic adds. The methods are a bounded set (each is checked against the descriptors, or
// is one of grpc++'s own services), so the series are too.
#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <grpcpp/support/status.h>
#include <prometheus/collectable.h>
#include <prometheus/labels.h>
#include <prometheus/metric_family.h>

#include "gofr/grpc/interceptor.hpp"
#include "gofr/metrics.hpp"

namespace gofr::grpc::detail {

class GrpcMetrics final : public prometheus::Collectable {
 public:
  static constexpr std::string_view server_name = "app_gRPC-Server_stats";
  static constexpr std::string_view stream_name = "app_gRPC-Stream_stats";
  static constexpr std::string_view client_name = "app_gRPC-Client_stats";
  static constexpr std::array<double, 18> buckets{.005, .01, .05, .075, .1, .125, .15, .2, .3,
                                                  .5,   .75, 1,   2,    3,  4,    5,   7.5, 10};
  enum class Side { server, client };

  // One method's histograms, by status code.
  struct Method;

  explicit GrpcMetrics(prometheus::Labels scope_labels);
  ~GrpcMetrics() override;

  // The row of `method` ("/pkg.Service/Method"); found once per call, under a lock only the first time per method.
  Method& method(std::string_view name, Side side, StreamType type);
  static void observe(Method& method, ::grpc::StatusCode code, std::chrono::steady_clock::duration elapsed) noexcept;

  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  const prometheus::Labels scope_labels_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Method>> methods_;  // stable addresses
  std::unordered_map<std::string, Method*> index_;
};

// The gauges, through the user API (they change once per process).
void register_grpc_gauges(Metrics& metrics);

}  // namespace gofr::grpc::detail

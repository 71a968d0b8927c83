#include "grpc/grpc_metrics.hpp"

#include <stdexcept>

#include "grpc/call_log.hpp"
#include "grpc/status_codes.hpp"

namespace gofr::grpc::detail {

namespace {

constexpr std::string_view unary_histogram = "app_gRPC-Server_stats";
constexpr std::string_view stream_histogram = "app_gRPC-Stream_stats";
constexpr std::string_view client_histogram = "app_gRPC-Client_stats";

std::vector<double> grpc_buckets() {
  return {.005, .01, .05, .075, .1, .125, .15, .2, .3, .5, .75, 1, 2, 3, 4, 5, 7.5, 10};
}

template <class Register>
void register_once(Register&& add) {
  try {
    add();
  } catch (const std::invalid_argument&) {  // registered already (a second App in one process)
  }
}

}  // namespace

void register_grpc_metrics(Metrics& metrics) {
  register_once([&] {
    metrics.new_histogram(unary_histogram, "Response time of gRPC server calls in milliseconds.", grpc_buckets());
  });
  register_once([&] {
    metrics.new_histogram(stream_histogram, "Response time of gRPC server streams in milliseconds.", grpc_buckets());
  });
  register_once([&] {
    metrics.new_histogram(client_histogram, "Response time of gRPC client calls in milliseconds.", grpc_buckets());
  });
  register_once([&] { metrics.new_gauge("grpc_server_status", "Whether the gRPC server is serving (1) or not (0)."); });
  register_once([&] { metrics.new_gauge("grpc_services_registered_total", "gRPC services registered."); });
}

void record_call(Metrics& metrics, std::string_view method, StreamType type, ::grpc::StatusCode code,
                 std::chrono::steady_clock::duration elapsed) {
  const double ms = std::chrono::duration<double, std::milli>(elapsed).count();
  if (type == StreamType::unary) {
    metrics.record_histogram(unary_histogram, ms, {{"method", method}, {"code", code_name(code)}});
  } else {
    metrics.record_histogram(stream_histogram, ms,
                             {{"method", method}, {"stream_type", stream_type_name(type)}, {"code", code_name(code)}});
  }
}

void record_client_call(Metrics& metrics, std::string_view method, ::grpc::StatusCode code,
                        std::chrono::steady_clock::duration elapsed) {
  const double ms = std::chrono::duration<double, std::milli>(elapsed).count();
  metrics.record_histogram(client_histogram, ms, {{"method", method}, {"code", code_name(code)}});
}

}  // namespace gofr::grpc::detail

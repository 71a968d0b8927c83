#pragma once
// GoFr's gRPC server metrics, in milliseconds with GoFr's buckets:
//   app_gRPC-Server_stats{method, code}               unary calls (scraped as app_gRPC_Server_stats)
//   app_gRPC-Stream_stats{method, stream_type, code}  streaming calls
//   app_gRPC-Client_stats{method, code}               calls made with the gRPC client
//   grpc_server_status                               1 while the gRPC server serves, 0 once it stops
//   grpc_services_registered_total                    services registered (the app's, health and reflection)
// `code` (the gRPC status name) is not in GoFr: without it a dashboard cannot tell failed calls from good ones.
#include <chrono>
#include <string_view>

#include <grpcpp/support/status.h>

#include "gofr/grpc/interceptor.hpp"
#include "gofr/metrics.hpp"

namespace gofr::grpc::detail {

void register_grpc_metrics(Metrics& metrics);
void record_call(Metrics& metrics, std::string_view method, StreamType type, ::grpc::StatusCode code,
                 std::chrono::steady_clock::duration elapsed);

void record_client_call(Metrics& metrics, std::string_view method, ::grpc::StatusCode code,
                        std::chrono::steady_clock::duration elapsed);

}  // namespace gofr::grpc::detail

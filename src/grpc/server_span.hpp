#pragma once
// The end of a gRPC call's server span, per OpenTelemetry's RPC semantic conventions: rpc.system "grpc",
// rpc.service, rpc.method, rpc.grpc.status_code, the peer's address and port, and an error status for the codes
// that are the server's fault.
#include <string_view>

#include <grpcpp/support/status.h>

#include "gofr/tracing/span.hpp"
#include "http/request_data.hpp"

namespace gofr::grpc::detail {

void end_server_span(tracing::Span& span, std::string_view method, ::grpc::StatusCode code,
                     const http::detail::RequestData& data);

}  // namespace gofr::grpc::detail

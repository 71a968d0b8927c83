#pragma once
// GoFr's log line for a gRPC call, one per call when it ends:
//   {"id":trace id,"startTime","responseTime"(µs),"method","statusCode"(the code's number)[,"streamType"]}
// at INFO, or ERROR when the code is the server's fault (as a 5xx is for HTTP).
#include <chrono>
#include <string_view>

#include <grpcpp/support/status.h>

#include "gofr/grpc/interceptor.hpp"
#include "gofr/logging.hpp"

namespace gofr::grpc::detail {

struct CallLogRecord {
  std::chrono::system_clock::time_point start{};
  std::chrono::steady_clock::duration elapsed{};
  std::string_view method_json;  // the method's name, JSON-escaped already (once per method, not per call)
  std::string_view trace_id, span_id;
  ::grpc::StatusCode code = ::grpc::StatusCode::OK;
  StreamType type = StreamType::unary;
};

void log_call(Logger& logger, const CallLogRecord& record);

// GoFr's stream_type label and streamType field: "unary", "client-stream", "server-stream", "bidi-stream".
std::string_view stream_type_name(StreamType type) noexcept;

}  // namespace gofr::grpc::detail

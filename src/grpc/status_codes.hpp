#pragma once
// gRPC status codes: their names, which ones are the server's fault, and the code for an HTTP status.
#include <string_view>

#include <grpcpp/support/status.h>

namespace gofr::grpc::detail {

// "OK", "NOT_FOUND", … as in the gRPC spec (statuscodes.md).
std::string_view code_name(::grpc::StatusCode code) noexcept;

// The codes OpenTelemetry counts as a server span's error (UNKNOWN, DEADLINE_EXCEEDED, UNIMPLEMENTED, INTERNAL,
// UNAVAILABLE, DATA_LOSS): the others are the caller's doing. They are also logged at ERROR, as a 5xx is.
bool server_fault(::grpc::StatusCode code) noexcept;

// The code for a gofr::http::Error's status, by the mapping of Google's API design guide (400 INVALID_ARGUMENT,
// 401 UNAUTHENTICATED, 403 PERMISSION_DENIED, 404 NOT_FOUND, 409 ALREADY_EXISTS, 429 RESOURCE_EXHAUSTED, 499
// CANCELLED, 501 UNIMPLEMENTED, 503 UNAVAILABLE, 504 DEADLINE_EXCEEDED; other 4xx FAILED_PRECONDITION, other 5xx
// INTERNAL).
::grpc::StatusCode status_code_for_http(int status) noexcept;

}  // namespace gofr::grpc::detail

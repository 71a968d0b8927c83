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

// The other way, for a failed downstream call that escapes an HTTP handler: OK 200, CANCELLED 499,
// INVALID_ARGUMENT/FAILED_PRECONDITION/OUT_OF_RANGE 400, UNAUTHENTICATED 401, PERMISSION_DENIED 403, NOT_FOUND 404,
// ALREADY_EXISTS/ABORTED 409, RESOURCE_EXHAUSTED 429, UNIMPLEMENTED 501, UNAVAILABLE 503, DEADLINE_EXCEEDED 504,
// the rest 500.
int http_status_for_code(::grpc::StatusCode code) noexcept;

}  // namespace gofr::grpc::detail

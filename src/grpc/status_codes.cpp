#include "grpc/status_codes.hpp"

namespace gofr::grpc::detail {

std::string_view code_name(::grpc::StatusCode code) noexcept {
  using enum ::grpc::StatusCode;
  switch (code) {
    case OK: return "OK";
    case CANCELLED: return "CANCELLED";
    case UNKNOWN: return "UNKNOWN";
    case INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case DEADLINE_EXCEEDED: return "DEADLINE_EXCEEDED";
    case NOT_FOUND: return "NOT_FOUND";
    case ALREADY_EXISTS: return "ALREADY_EXISTS";
    case PERMISSION_DENIED: return "PERMISSION_DENIED";
    case RESOURCE_EXHAUSTED: return "RESOURCE_EXHAUSTED";
    case FAILED_PRECONDITION: return "FAILED_PRECONDITION";
    case ABORTED: return "ABORTED";
    case OUT_OF_RANGE: return "OUT_OF_RANGE";
    case UNIMPLEMENTED: return "UNIMPLEMENTED";
    case INTERNAL: return "INTERNAL";
    case UNAVAILABLE: return "UNAVAILABLE";
    case DATA_LOSS: return "DATA_LOSS";
    case UNAUTHENTICATED: return "UNAUTHENTICATED";
    default: return "UNKNOWN";
  }
}

bool server_fault(::grpc::StatusCode code) noexcept {
  using enum ::grpc::StatusCode;
  return code == UNKNOWN || code == DEADLINE_EXCEEDED || code == UNIMPLEMENTED || code == INTERNAL ||
         code == UNAVAILABLE || code == DATA_LOSS;
}

::grpc::StatusCode status_code_for_http(int status) noexcept {
  using enum ::grpc::StatusCode;
  switch (status) {
    case 400: return INVALID_ARGUMENT;
    case 401: return UNAUTHENTICATED;
    case 403: return PERMISSION_DENIED;
    case 404: return NOT_FOUND;
    case 408: return DEADLINE_EXCEEDED;
    case 409: return ALREADY_EXISTS;
    case 429: return RESOURCE_EXHAUSTED;
    case 499: return CANCELLED;
    case 501: return UNIMPLEMENTED;
    case 503: return UNAVAILABLE;
    case 504: return DEADLINE_EXCEEDED;
    default: break;
  }
  if (status >= 400 && status < 500) return FAILED_PRECONDITION;
  if (status >= 200 && status < 300) return OK;
  return INTERNAL;
}

int http_status_for_code(::grpc::StatusCode code) noexcept {
  using enum ::grpc::StatusCode;
  switch (code) {
    case OK: return 200;
    case CANCELLED: return 499;
    case INVALID_ARGUMENT:
    case FAILED_PRECONDITION:
    case OUT_OF_RANGE: return 400;
    case UNAUTHENTICATED: return 401;
    case PERMISSION_DENIED: return 403;
    case NOT_FOUND: return 404;
    case ALREADY_EXISTS:
    case ABORTED: return 409;
    case RESOURCE_EXHAUSTED: return 429;
    case UNIMPLEMENTED: return 501;
    case UNAVAILABLE: return 503;
    case DEADLINE_EXCEEDED: return 504;
    default: return 500;
  }
}

}  // namespace gofr::grpc::detail

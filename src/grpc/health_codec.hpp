#pragma once
// The two messages of grpc.health.v1 on the wire (protobuf):
//   HealthCheckRequest  { string service = 1; }
//   HealthCheckResponse { ServingStatus status = 1; }   UNKNOWN 0, SERVING 1, NOT_SERVING 2, SERVICE_UNKNOWN 3
// Written by hand rather than generated: a generated health.proto would register grpc.health.v1's names in
// protobuf's global descriptor pool, and an app that generates the same file (to call other services' health)
// would then abort at start-up on the duplicate.
#include <optional>
#include <string>
#include <string_view>

namespace gofr::grpc::detail {

enum class ServingStatus : unsigned char { unknown = 0, serving = 1, not_serving = 2, service_unknown = 3 };

// The service name of a HealthCheckRequest; nullopt when the bytes are not a valid message. Unknown fields are
// skipped, as protobuf requires; a repeated field 1 keeps its last value.
std::optional<std::string> decode_health_request(std::string_view bytes);

std::string encode_health_response(ServingStatus status);

}  // namespace gofr::grpc::detail

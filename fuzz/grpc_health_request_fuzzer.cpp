// The hand-written grpc.health.v1 request decoder on arbitrary bytes: no crash, no read out of bounds, and a
// decoded service name is a substring of the input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "grpc/health_codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (const auto service = gofr::grpc::detail::decode_health_request(bytes)) {
    if (bytes.find(*service) == std::string_view::npos) __builtin_trap();
  }
  return 0;
}
